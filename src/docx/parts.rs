//! The package's smaller parts: styles, settings, font table, content
//! types, relationships and document properties.

use super::body::{cell_margins, paragraph_props, run_props, v_align};
use super::xml::{Xml, NS_W};
use crate::document::{FontKind, LaidOut, ParagraphProps, ParagraphStyle, TableStyle};
use std::io::{self, Write};

/// The namespace of package relationships.
const NS_PACKAGE_RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
/// Relationship types by the part they point to.
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

/// The language of Latin text (Word's default alongside a Chinese one).
pub const LATIN_LANGUAGE: &str = "en-US";

/// `word/styles.xml`: the defaults, Word's three built-in defaults, and the
/// document's own paragraph and table styles.
pub fn styles<W: Write>(out: W, doc: &LaidOut) -> io::Result<W> {
    let mut x = Xml::new(out)?;
    x.open("w:styles", &[("xmlns:w", NS_W)])?;
    x.open("w:docDefaults", &[])?;
    x.open("w:rPrDefault", &[])?;
    run_props(
        &mut x,
        doc,
        &doc.defaults.run,
        Some((LATIN_LANGUAGE, &doc.defaults.language)),
    )?;
    x.close("w:rPrDefault")?;
    x.open("w:pPrDefault", &[])?;
    x.open("w:pPr", &[])?;
    paragraph_props(&mut x, &doc.defaults.paragraph)?;
    x.close("w:pPr")?;
    x.close("w:pPrDefault")?;
    x.close("w:docDefaults")?;

    let builtin = |x: &mut Xml<W>, kind: &str, id: &str, name: &str| -> io::Result<()> {
        x.open(
            "w:style",
            &[("w:type", kind), ("w:default", "1"), ("w:styleId", id)],
        )?;
        x.val("w:name", name)?;
        if kind != "paragraph" {
            x.val("w:uiPriority", if kind == "table" { "99" } else { "1" })?;
            x.empty("w:semiHidden", &[])?;
            x.empty("w:unhideWhenUsed", &[])?;
        } else {
            x.empty("w:qFormat", &[])?;
        }
        Ok(())
    };
    builtin(&mut x, "paragraph", "Normal", "Normal")?;
    x.close("w:style")?;
    builtin(
        &mut x,
        "character",
        "DefaultParagraphFont",
        "Default Paragraph Font",
    )?;
    x.close("w:style")?;
    builtin(&mut x, "table", "TableNormal", "Normal Table")?;
    x.open("w:tblPr", &[])?;
    x.empty("w:tblInd", &[("w:w", "0"), ("w:type", "dxa")])?;
    cell_margins(&mut x, (108, 108))?;
    x.close("w:tblPr")?;
    x.close("w:style")?;

    for style in &doc.styles {
        let based_on = style
            .based_on
            .and_then(|b| doc.styles.get(b.0))
            .map_or("Normal", |b| b.id.as_str());
        paragraph_style(&mut x, doc, style, Some(based_on), true, &style.paragraph)?;
    }
    for style in &doc.table_styles {
        table_style(&mut x, style, Some("TableNormal"))?;
    }
    x.close("w:styles")?;
    Ok(x.into_inner())
}

/// A custom paragraph `w:style` of `style`, based on the style with id
/// `based_on` (if any), in the quick style gallery when `quick`, with the
/// paragraph properties `paragraph`.
pub(crate) fn paragraph_style<W: Write>(
    x: &mut Xml<W>,
    doc: &LaidOut,
    style: &ParagraphStyle,
    based_on: Option<&str>,
    quick: bool,
    paragraph: &ParagraphProps,
) -> io::Result<()> {
    custom_style_head(x, "paragraph", &style.id, &style.name, based_on)?;
    if quick {
        x.empty("w:qFormat", &[])?;
    }
    if *paragraph != ParagraphProps::default() {
        x.open("w:pPr", &[])?;
        paragraph_props(x, paragraph)?;
        x.close("w:pPr")?;
    }
    run_props(x, doc, &style.run, None)?;
    x.close("w:style")
}

/// The opening of a custom `w:style` of `kind` (`paragraph`, `table`):
/// its id, name and the style it is based on (if any).
fn custom_style_head<W: Write>(
    x: &mut Xml<W>,
    kind: &str,
    id: &str,
    name: &str,
    based_on: Option<&str>,
) -> io::Result<()> {
    x.open(
        "w:style",
        &[("w:type", kind), ("w:customStyle", "1"), ("w:styleId", id)],
    )?;
    x.val("w:name", name)?;
    if let Some(base) = based_on {
        x.val("w:basedOn", base)?;
    }
    Ok(())
}

/// A custom table `w:style` of `style`, based on the style with id
/// `based_on` (if any): its cell margins and vertical alignment.
pub(crate) fn table_style<W: Write>(
    x: &mut Xml<W>,
    style: &TableStyle,
    based_on: Option<&str>,
) -> io::Result<()> {
    custom_style_head(x, "table", &style.id, &style.name, based_on)?;
    x.open("w:tblPr", &[])?;
    if let Some(padding) = style.cell_padding {
        cell_margins(x, padding)?;
    }
    x.close("w:tblPr")?;
    if let Some(align) = style.cell_align {
        x.open("w:tcPr", &[])?;
        v_align(x, align)?;
        x.close("w:tcPr")?;
    }
    x.close("w:style")
}

/// `word/settings.xml`, as current Word writes it for a new document.
pub fn settings<W: Write>(out: W, odd_and_even: bool, doc: &LaidOut) -> io::Result<W> {
    let mut x = Xml::new(out)?;
    x.open("w:settings", &[("xmlns:w", NS_W)])?;
    x.empty("w:zoom", &[("w:percent", "100")])?;
    x.val("w:defaultTabStop", "840")?;
    if odd_and_even {
        x.empty("w:evenAndOddHeaders", &[])?;
    }
    // Punctuation keeps its full width, as it does in LibreOffice's layout.
    x.val("w:characterSpacingControl", "doNotCompress")?;
    x.open("w:compat", &[])?;
    let uri = "http://schemas.microsoft.com/office/word";
    for (name, val) in [
        // Word 2013 and later: no emulation of older versions.
        ("compatibilityMode", "15"),
        ("overrideTableStyleFontSizeAndJustification", "1"),
        ("enableOpenTypeFeatures", "1"),
        ("doNotFlipMirrorIndents", "1"),
        ("differentiateMultirowTableHeaders", "1"),
    ] {
        x.empty(
            "w:compatSetting",
            &[("w:name", name), ("w:uri", uri), ("w:val", val)],
        )?;
    }
    x.close("w:compat")?;
    x.empty(
        "w:themeFontLang",
        &[
            ("w:val", LATIN_LANGUAGE),
            ("w:eastAsia", &doc.defaults.language),
        ],
    )?;
    x.empty(
        "w:clrSchemeMapping",
        &[
            ("w:bg1", "light1"),
            ("w:t1", "dark1"),
            ("w:bg2", "light2"),
            ("w:t2", "dark2"),
            ("w:accent1", "accent1"),
            ("w:accent2", "accent2"),
            ("w:accent3", "accent3"),
            ("w:accent4", "accent4"),
            ("w:accent5", "accent5"),
            ("w:accent6", "accent6"),
            ("w:hyperlink", "hyperlink"),
            ("w:followedHyperlink", "followedHyperlink"),
        ],
    )?;
    x.val("w:decimalSymbol", ".")?;
    x.val("w:listSeparator", ",")?;
    x.close("w:settings")?;
    Ok(x.into_inner())
}

/// What Word needs to find a substitute for a face it does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FontInfo {
    /// The face to use instead, installed with Chinese Windows.
    pub alt: &'static str,
    /// PANOSE classification, where known.
    pub panose: Option<&'static str>,
    /// `w:family`.
    pub family: &'static str,
    /// `w:pitch`.
    pub pitch: &'static str,
}

/// Faces Chinese offices use, with the Windows face each falls back to.
const KNOWN_FONTS: &[(&str, FontInfo)] = &[
    ("仿宋_GB2312", fixed("仿宋", "02010609030101010101")),
    ("楷体_GB2312", fixed("楷体", "02010609030101010101")),
    ("仿宋", fixed("FangSong", "02010609060101010101")),
    ("楷体", fixed("KaiTi", "02010609060101010101")),
    ("黑体", fixed("SimHei", "02010609060101010101")),
    ("宋体", variable("SimSun", Some("02010600030101010101"))),
    ("方正小标宋简体", variable("宋体", None)),
    ("方正小标宋_GBK", variable("宋体", None)),
    ("方正仿宋_GBK", fixed_unknown("仿宋")),
    ("方正楷体_GBK", fixed_unknown("楷体")),
    ("方正黑体_GBK", fixed_unknown("黑体")),
];

const fn fixed(alt: &'static str, panose: &'static str) -> FontInfo {
    FontInfo {
        alt,
        panose: Some(panose),
        family: "modern",
        pitch: "fixed",
    }
}

const fn fixed_unknown(alt: &'static str) -> FontInfo {
    FontInfo {
        alt,
        panose: None,
        family: "modern",
        pitch: "fixed",
    }
}

const fn variable(alt: &'static str, panose: Option<&'static str>) -> FontInfo {
    FontInfo {
        alt,
        panose,
        family: "auto",
        pitch: "variable",
    }
}

/// What the font table says of `name`: what is known of it, else the
/// Windows face of its kind.
pub fn font_info(name: &str, kind: FontKind) -> FontInfo {
    if let Some((_, info)) = KNOWN_FONTS.iter().find(|(n, _)| *n == name) {
        return *info;
    }
    match kind {
        FontKind::Song => variable("宋体", None),
        FontKind::FangSong => fixed_unknown("仿宋"),
        FontKind::Kai => fixed_unknown("楷体"),
        FontKind::Hei => fixed_unknown("黑体"),
    }
}

/// `word/fontTable.xml`: each face with its substitute, the Chinese
/// character set (GB2312, `86`), family, pitch and PANOSE where known.
pub fn font_table<W: Write>(out: W, doc: &LaidOut) -> io::Result<W> {
    let mut x = Xml::new(out)?;
    x.open("w:fonts", &[("xmlns:w", NS_W)])?;
    for font in &doc.fonts {
        let info = font_info(&font.name, font.kind);
        x.open("w:font", &[("w:name", &font.name)])?;
        if info.alt != font.name {
            x.val("w:altName", info.alt)?;
        }
        if let Some(panose) = info.panose {
            x.val("w:panose1", panose)?;
        }
        x.val("w:charset", "86")?;
        x.val("w:family", info.family)?;
        x.val("w:pitch", info.pitch)?;
        x.close("w:font")?;
    }
    x.close("w:fonts")?;
    Ok(x.into_inner())
}

/// One relationship: id, type (the last part of its URI) and target.
pub type Relationship = (String, &'static str, String);

/// A relationships part.
pub fn relationships<W: Write>(out: W, rels: &[Relationship]) -> io::Result<W> {
    let mut x = Xml::new(out)?;
    x.open("Relationships", &[("xmlns", NS_PACKAGE_RELS)])?;
    for (id, kind, target) in rels {
        let kind = match *kind {
            "core-properties" => {
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
                    .to_string()
            }
            other => format!("{REL}{other}"),
        };
        x.empty(
            "Relationship",
            &[("Id", id), ("Type", &kind), ("Target", target)],
        )?;
    }
    x.close("Relationships")?;
    Ok(x.into_inner())
}

/// `[Content_Types].xml` for the parts named (with their content types).
pub fn content_types<W: Write>(out: W, parts: &[(String, &str)]) -> io::Result<W> {
    let mut x = Xml::new(out)?;
    x.open(
        "Types",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/content-types",
        )],
    )?;
    x.empty(
        "Default",
        &[
            ("Extension", "rels"),
            (
                "ContentType",
                "application/vnd.openxmlformats-package.relationships+xml",
            ),
        ],
    )?;
    x.empty(
        "Default",
        &[("Extension", "xml"), ("ContentType", "application/xml")],
    )?;
    for (name, kind) in parts {
        x.empty(
            "Override",
            &[("PartName", &format!("/{name}")), ("ContentType", kind)],
        )?;
    }
    x.close("Types")?;
    Ok(x.into_inner())
}

/// `docProps/core.xml`: title, author and the document's own date.
pub fn core_properties<W: Write>(out: W, doc: &LaidOut) -> io::Result<W> {
    let p = &doc.properties;
    let mut x = Xml::new(out)?;
    x.open(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:dcmitype", "http://purl.org/dc/dcmitype/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    )?;
    x.element_text("dc:title", &p.title)?;
    x.element_text("dc:creator", &p.creator)?;
    x.element_text("cp:lastModifiedBy", &p.creator)?;
    x.element_text("cp:revision", "1")?;
    let stamp = format!("{}T00:00:00Z", p.date);
    for name in ["dcterms:created", "dcterms:modified"] {
        x.open(name, &[("xsi:type", "dcterms:W3CDTF")])?;
        x.text(&stamp)?;
        x.close(name)?;
    }
    x.close("cp:coreProperties")?;
    Ok(x.into_inner())
}

/// `docProps/app.xml`: the application that wrote the file.
pub fn app_properties<W: Write>(out: W) -> io::Result<W> {
    let mut x = Xml::new(out)?;
    x.open(
        "Properties",
        &[
            (
                "xmlns",
                "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
            ),
            (
                "xmlns:vt",
                "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
            ),
        ],
    )?;
    x.element_text("Application", "gongwen")?;
    x.element_text("DocSecurity", "0")?;
    x.close("Properties")?;
    Ok(x.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gb2312_faces_fall_back_to_the_windows_faces() {
        assert_eq!(font_info("仿宋_GB2312", FontKind::FangSong).alt, "仿宋");
        assert_eq!(font_info("楷体_GB2312", FontKind::Kai).alt, "楷体");
        assert_eq!(font_info("方正小标宋简体", FontKind::Song).alt, "宋体");
        assert_eq!(font_info("黑体", FontKind::Hei).alt, "SimHei");
    }

    #[test]
    fn an_unknown_face_falls_back_by_its_kind() {
        let info = font_info("Noto Serif CJK SC", FontKind::FangSong);
        assert_eq!((info.alt, info.panose), ("仿宋", None));
        assert_eq!(font_info("某某体", FontKind::Hei).alt, "黑体");
    }
}
