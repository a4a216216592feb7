//! `word/document.xml` and the footer parts: sections, paragraphs, runs
//! and tables, every child in the order the schema gives.

use super::xml::{Num, Xml, NS_A, NS_MC, NS_R, NS_W, NS_WP, NS_WPS};
use crate::document::{
    Align, Block, Cell, Float, Footers, LaidOut, PageSetup, Paragraph, ParagraphProps, Place, Row,
    Rule, Run, RunContent, RunProps, Section, TabKind, Table, TableBorders, TextDirection, VAlign,
    VMerge,
};
use std::cell::Cell as Counter;
use std::io::{self, Write};

/// The footer parts a document needs and which of them each section shows.
#[derive(Debug, Default)]
pub struct FooterPlan<'a> {
    /// The distinct footers, in the order of the parts `footer1.xml` ….
    pub parts: Vec<&'a [Block]>,
    /// Per section: the part of its default (odd) and even pages.
    pub sections: Vec<Option<(usize, usize)>>,
    /// Whether odd and even pages have footers of their own.
    pub odd_and_even: bool,
}

impl<'a> FooterPlan<'a> {
    /// Each distinct footer once. A section without footers shows an empty
    /// footer when others have one: a section that names none would show
    /// the previous section's.
    pub fn of(doc: &'a LaidOut) -> FooterPlan<'a> {
        let mut plan = FooterPlan {
            odd_and_even: doc
                .sections
                .iter()
                .any(|s| matches!(s.footers, Footers::OddEven { .. })),
            ..FooterPlan::default()
        };
        let any = doc.sections.iter().any(|s| s.footers != Footers::None);
        for section in &doc.sections {
            let refs = match &section.footers {
                Footers::None if !any => None,
                Footers::None => {
                    let blank = plan.part(&[]);
                    Some((blank, blank))
                }
                Footers::Same(f) => {
                    let part = plan.part(f);
                    Some((part, part))
                }
                Footers::OddEven { odd, even } => Some((plan.part(odd), plan.part(even))),
            };
            plan.sections.push(refs);
        }
        plan
    }

    fn part(&mut self, blocks: &'a [Block]) -> usize {
        match self.parts.iter().position(|p| *p == blocks) {
            Some(i) => i,
            None => {
                self.parts.push(blocks);
                self.parts.len() - 1
            }
        }
    }
}

/// What writing a part needs to know of the document.
pub struct Context<'a> {
    /// The document.
    pub doc: &'a LaidOut,
    /// Relationship ids of the footer parts, by part.
    pub footer_ids: &'a [String],
    /// The footers of each section.
    pub footers: &'a FooterPlan<'a>,
    /// The last drawing id given (`wp:docPr` ids are unique in a part).
    pub drawings: Counter<u32>,
}

/// The namespaces of a story's root (`w:document`, `w:ftr`): the main
/// and relationship ones, and those of a floating text box.
const STORY_NAMESPACES: [(&str, &str); 6] = [
    ("xmlns:w", NS_W),
    ("xmlns:r", NS_R),
    ("xmlns:mc", NS_MC),
    ("xmlns:wp", NS_WP),
    ("xmlns:a", NS_A),
    ("xmlns:wps", NS_WPS),
];

/// Writes `word/document.xml`.
pub fn document<W: Write>(out: W, cx: &Context<'_>) -> io::Result<W> {
    // Buffered: a table is millions of small writes.
    let mut x = Xml::new(io::BufWriter::with_capacity(DOCUMENT_BUFFER, out))?;
    x.open("w:document", &STORY_NAMESPACES)?;
    x.open("w:body", &[])?;
    let last = cx.doc.sections.len().saturating_sub(1);
    for (i, section) in cx.doc.sections.iter().enumerate() {
        let refs = cx.footers.sections.get(i).copied().flatten();
        let blocks = &section.blocks;
        if i == last {
            for block in blocks {
                write_block(&mut x, cx, block, &section.page)?;
            }
            section_props(&mut x, cx, section, refs)?;
            continue;
        }
        // A section ends with the paragraph that carries its properties.
        let ends_in_paragraph = matches!(blocks.last(), Some(Block::Paragraph(_)));
        let (body, end) = if ends_in_paragraph {
            blocks.split_at(blocks.len() - 1)
        } else {
            (&blocks[..], &[][..])
        };
        for block in body {
            write_block(&mut x, cx, block, &section.page)?;
        }
        let empty = Paragraph::default();
        let carrier = match end {
            [Block::Paragraph(p)] => p,
            _ => &empty,
        };
        paragraph(&mut x, cx, carrier, Some((section, refs)))?;
    }
    x.close("w:body")?;
    x.close("w:document")?;
    x.into_inner().into_inner().map_err(|e| e.into_error())
}

/// The buffer between the document's XML and its destination.
const DOCUMENT_BUFFER: usize = 1 << 16;

/// Writes a footer part holding `blocks`, set on pages of `page`.
pub fn footer<W: Write>(
    out: W,
    cx: &Context<'_>,
    blocks: &[Block],
    page: &PageSetup,
) -> io::Result<W> {
    let mut x = Xml::new(out)?;
    x.open("w:ftr", &STORY_NAMESPACES)?;
    for block in blocks {
        write_block(&mut x, cx, block, page)?;
    }
    if !matches!(blocks.last(), Some(Block::Paragraph(_))) {
        // A footer ends with a paragraph.
        x.empty("w:p", &[])?;
    }
    x.close("w:ftr")?;
    Ok(x.into_inner())
}

fn write_block<W: Write>(
    x: &mut Xml<W>,
    cx: &Context<'_>,
    block: &Block,
    page: &PageSetup,
) -> io::Result<()> {
    match block {
        Block::Paragraph(p) => paragraph(x, cx, p, None),
        Block::Table(t) => table(x, cx, t),
        Block::Float(float) => floating(x, cx, float, page),
    }
}

/// `wp:positionH` or `wp:positionV`: an offset from the page, or aligned
/// to the start or end of the type area (the margin).
fn position<W: Write>(
    x: &mut Xml<W>,
    name: &str,
    place: Place,
    (start, end): (&str, &str),
) -> io::Result<()> {
    match place {
        Place::FromPage(twips) => {
            x.open(name, &[("relativeFrom", "page")])?;
            let emu = Num::new(i64::from(twips) * EMU_PER_TWIP);
            x.element_text("wp:posOffset", emu.as_str())?;
        }
        Place::TypeAreaStart => {
            x.open(name, &[("relativeFrom", "margin")])?;
            x.element_text("wp:align", start)?;
        }
        Place::TypeAreaEnd => {
            x.open(name, &[("relativeFrom", "margin")])?;
            x.element_text("wp:align", end)?;
        }
    }
    x.close(name)
}

/// EMUs (the unit of DrawingML) in a twip.
const EMU_PER_TWIP: i64 = 635;

/// A text box placed as `float` says, holding its blocks, in a paragraph of
/// its own 1 pt tall. Boxes that wrap keep the page's text clear of them
/// above and below; the others sit in front of it.
fn floating<W: Write>(
    x: &mut Xml<W>,
    cx: &Context<'_>,
    float: &Float,
    page: &PageSetup,
) -> io::Result<()> {
    let id = cx.drawings.get() + 1;
    cx.drawings.set(id);
    let width = i64::from(float.width) * EMU_PER_TWIP;
    let height = i64::from(float.height) * EMU_PER_TWIP;
    let (cx_, cy_) = (Num::new(width), Num::new(height));
    let id = Num::new(id.into());
    x.open("w:p", &[])?;
    x.open("w:pPr", &[])?;
    paragraph_props(
        x,
        &ParagraphProps {
            spacing: Some(crate::document::Spacing {
                before: 0,
                after: 0,
                line: 20,
            }),
            ..ParagraphProps::default()
        },
    )?;
    x.close("w:pPr")?;
    x.open("w:r", &[])?;
    x.open("mc:AlternateContent", &[])?;
    x.open("mc:Choice", &[("Requires", "wps")])?;
    x.open("w:drawing", &[])?;
    x.open(
        "wp:anchor",
        &[
            ("distT", "0"),
            ("distB", "0"),
            ("distL", "0"),
            ("distR", "0"),
            ("simplePos", "0"),
            ("relativeHeight", "1"),
            ("behindDoc", "0"),
            ("locked", "0"),
            ("layoutInCell", "1"),
            ("allowOverlap", "0"),
        ],
    )?;
    x.empty("wp:simplePos", &[("x", "0"), ("y", "0")])?;
    position(x, "wp:positionH", float.x, ("left", "right"))?;
    position(x, "wp:positionV", float.y, ("top", "bottom"))?;
    x.empty("wp:extent", &[("cx", cx_.as_str()), ("cy", cy_.as_str())])?;
    x.empty(
        "wp:effectExtent",
        &[("l", "0"), ("t", "0"), ("r", "0"), ("b", "0")],
    )?;
    if float.wrap {
        x.empty("wp:wrapTopAndBottom", &[])?;
    } else {
        x.empty("wp:wrapNone", &[])?;
    }
    x.empty("wp:docPr", &[("id", id.as_str()), ("name", "Foot")])?;
    x.empty("wp:cNvGraphicFramePr", &[])?;
    x.open("a:graphic", &[])?;
    x.open(
        "a:graphicData",
        &[(
            "uri",
            "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
        )],
    )?;
    x.open("wps:wsp", &[])?;
    x.empty("wps:cNvSpPr", &[("txBox", "1")])?;
    x.open("wps:spPr", &[])?;
    x.open("a:xfrm", &[])?;
    x.empty("a:off", &[("x", "0"), ("y", "0")])?;
    x.empty("a:ext", &[("cx", cx_.as_str()), ("cy", cy_.as_str())])?;
    x.close("a:xfrm")?;
    x.open("a:prstGeom", &[("prst", "rect")])?;
    x.empty("a:avLst", &[])?;
    x.close("a:prstGeom")?;
    x.empty("a:noFill", &[])?;
    x.open("a:ln", &[])?;
    x.empty("a:noFill", &[])?;
    x.close("a:ln")?;
    x.close("wps:spPr")?;
    x.open("wps:txbx", &[])?;
    x.open("w:txbxContent", &[])?;
    for block in &float.blocks {
        write_block(x, cx, block, page)?;
    }
    if !matches!(float.blocks.last(), Some(Block::Paragraph(_))) {
        // A text box's content ends with a paragraph.
        paragraph(
            x,
            cx,
            &Paragraph {
                props: ParagraphProps {
                    spacing: Some(crate::document::Spacing {
                        before: 0,
                        after: 0,
                        line: 2,
                    }),
                    ..ParagraphProps::default()
                },
                ..Paragraph::default()
            },
            None,
        )?;
    }
    x.close("w:txbxContent")?;
    x.close("wps:txbx")?;
    x.empty(
        "wps:bodyPr",
        &[
            ("rot", "0"),
            (
                "vert",
                match float.direction {
                    TextDirection::Horizontal => "horz",
                    TextDirection::Clockwise => "vert",
                },
            ),
            ("wrap", "square"),
            ("lIns", "0"),
            ("tIns", "0"),
            ("rIns", "0"),
            ("bIns", "0"),
            ("anchor", "b"),
            ("anchorCtr", "0"),
        ],
    )?;
    x.close("wps:wsp")?;
    x.close("a:graphicData")?;
    x.close("a:graphic")?;
    x.close("wp:anchor")?;
    x.close("w:drawing")?;
    x.close("mc:Choice")?;
    x.close("mc:AlternateContent")?;
    x.close("w:r")?;
    x.close("w:p")
}

/// `w:sectPr`: footers, paper, margins and line grid.
fn section_props<W: Write>(
    x: &mut Xml<W>,
    cx: &Context<'_>,
    section: &Section,
    refs: Option<(usize, usize)>,
) -> io::Result<()> {
    let page = &section.page;
    x.open("w:sectPr", &[])?;
    if let Some((default, even)) = refs {
        let id = |part: usize| cx.footer_ids.get(part).map(String::as_str).unwrap_or("");
        x.empty(
            "w:footerReference",
            &[("w:type", "default"), ("r:id", id(default))],
        )?;
        if cx.footers.odd_and_even {
            x.empty(
                "w:footerReference",
                &[("w:type", "even"), ("r:id", id(even))],
            )?;
        }
    }
    let (w, h) = (Num::new(page.width.into()), Num::new(page.height.into()));
    if page.landscape {
        x.empty(
            "w:pgSz",
            &[
                ("w:w", w.as_str()),
                ("w:h", h.as_str()),
                ("w:orient", "landscape"),
            ],
        )?;
    } else {
        x.empty("w:pgSz", &[("w:w", w.as_str()), ("w:h", h.as_str())])?;
    }
    let m = [
        page.top,
        page.right,
        page.bottom,
        page.left,
        page.header,
        page.footer,
        0,
    ]
    .map(|v| Num::new(v.into()));
    x.empty(
        "w:pgMar",
        &[
            ("w:top", m[0].as_str()),
            ("w:right", m[1].as_str()),
            ("w:bottom", m[2].as_str()),
            ("w:left", m[3].as_str()),
            ("w:header", m[4].as_str()),
            ("w:footer", m[5].as_str()),
            ("w:gutter", m[6].as_str()),
        ],
    )?;
    if let Some(pitch) = page.line_pitch {
        let pitch = Num::new(pitch.into());
        x.empty(
            "w:docGrid",
            &[("w:type", "lines"), ("w:linePitch", pitch.as_str())],
        )?;
    }
    x.close("w:sectPr")
}

/// A paragraph; `section` is given for the paragraph that ends a section
/// other than the last, whose properties it carries.
pub(crate) fn paragraph<W: Write>(
    x: &mut Xml<W>,
    cx: &Context<'_>,
    p: &Paragraph,
    section: Option<(&Section, Option<(usize, usize)>)>,
) -> io::Result<()> {
    x.open("w:p", &[])?;
    if p.style.is_some() || p.props != ParagraphProps::default() || section.is_some() {
        x.open("w:pPr", &[])?;
        if let Some(style) = p.style.and_then(|s| cx.doc.styles.get(s.0)) {
            x.val("w:pStyle", &style.id)?;
        }
        paragraph_props(x, &p.props)?;
        if let Some((section, refs)) = section {
            section_props(x, cx, section, refs)?;
        }
        x.close("w:pPr")?;
    }
    for r in &p.runs {
        run(x, cx, r)?;
    }
    x.close("w:p")
}

/// The children of a `w:pPr` after `w:pStyle`, in schema order.
pub fn paragraph_props<W: Write>(x: &mut Xml<W>, p: &ParagraphProps) -> io::Result<()> {
    if p.keep_next {
        x.empty("w:keepNext", &[])?;
    }
    if p.keep_lines {
        x.empty("w:keepLines", &[])?;
    }
    if p.page_break_before {
        x.empty("w:pageBreakBefore", &[])?;
    }
    if let Some(on) = p.widow_control {
        x.val("w:widowControl", if on { "1" } else { "0" })?;
    }
    if let Some(rule) = &p.bottom_rule {
        x.open("w:pBdr", &[])?;
        border(x, "w:bottom", Some(rule))?;
        x.close("w:pBdr")?;
    }
    if !p.tabs.is_empty() {
        x.open("w:tabs", &[])?;
        for tab in &p.tabs {
            let kind = match tab.kind {
                TabKind::Left => "left",
                TabKind::Right => "right",
            };
            let pos = Num::new(tab.position.into());
            x.empty("w:tab", &[("w:val", kind), ("w:pos", pos.as_str())])?;
        }
        x.close("w:tabs")?;
    }
    if let Some(on) = p.auto_space {
        let val = if on { "1" } else { "0" };
        x.val("w:autoSpaceDE", val)?;
        x.val("w:autoSpaceDN", val)?;
    }
    if let Some(on) = p.snap_to_grid {
        x.val("w:snapToGrid", if on { "1" } else { "0" })?;
    }
    if let Some(s) = &p.spacing {
        let [before, after, line] = [s.before, s.after, s.line].map(|v| Num::new(v.into()));
        x.empty(
            "w:spacing",
            &[
                ("w:before", before.as_str()),
                ("w:after", after.as_str()),
                ("w:line", line.as_str()),
                ("w:lineRule", "exact"),
            ],
        )?;
    }
    if let Some(ind) = &p.indent {
        let [left, right] = [ind.left, ind.right].map(|v| Num::new(v.into()));
        let first = Num::new(i64::from(ind.first_line).abs());
        let first_name = if ind.first_line < 0 {
            "w:hanging"
        } else {
            "w:firstLine"
        };
        let mut attrs = vec![("w:left", left.as_str()), ("w:right", right.as_str())];
        if ind.first_line != 0 {
            attrs.push((first_name, first.as_str()));
        }
        x.empty("w:ind", &attrs)?;
    }
    if let Some(align) = p.align {
        let val = match align {
            Align::Left => "left",
            Align::Centre => "center",
            Align::Right => "right",
            Align::Both => "both",
        };
        x.val("w:jc", val)?;
    }
    Ok(())
}

/// A border element (`w:top`, `w:bottom` …): the rule, or none.
fn border<W: Write>(x: &mut Xml<W>, name: &str, rule: Option<&Rule>) -> io::Result<()> {
    let Some(rule) = rule else {
        return x.val(name, "nil");
    };
    let size = Num::new(rule.eighths.into());
    let space = Num::new(rule.space_pt.into());
    let colour = hex(rule.colour.0);
    x.empty(
        name,
        &[
            ("w:val", "single"),
            ("w:sz", size.as_str()),
            ("w:space", space.as_str()),
            ("w:color", colour.as_str()),
        ],
    )
}

/// `RRGGBB`.
fn hex(rgb: [u8; 3]) -> String {
    format!("{:02X}{:02X}{:02X}", rgb[0], rgb[1], rgb[2])
}

/// A `w:rPr` for `props` (nothing when it sets nothing), with `w:lang`
/// when `lang` is given (Latin, East Asian).
pub fn run_props<W: Write>(
    x: &mut Xml<W>,
    doc: &LaidOut,
    props: &RunProps,
    lang: Option<(&str, &str)>,
) -> io::Result<()> {
    if *props == RunProps::default() && lang.is_none() {
        return Ok(());
    }
    x.open("w:rPr", &[])?;
    if let Some(font) = props.font.and_then(|f| doc.fonts.get(f.0)) {
        let name = font.name.as_str();
        x.empty(
            "w:rFonts",
            &[
                ("w:ascii", name),
                ("w:hAnsi", name),
                ("w:eastAsia", name),
                ("w:cs", name),
            ],
        )?;
    }
    if let Some(colour) = props.colour {
        x.val("w:color", &hex(colour.0))?;
    }
    if let Some(spacing) = props.spacing {
        x.val("w:spacing", Num::new(spacing.into()).as_str())?;
    }
    if let Some(scale) = props.scale {
        x.val("w:w", Num::new(scale.into()).as_str())?;
    }
    if let Some(size) = props.size {
        let size = Num::new(size.into());
        x.val("w:sz", size.as_str())?;
        x.val("w:szCs", size.as_str())?;
    }
    if let Some((latin, east_asian)) = lang {
        x.empty("w:lang", &[("w:val", latin), ("w:eastAsia", east_asian)])?;
    }
    x.close("w:rPr")
}

fn run<W: Write>(x: &mut Xml<W>, cx: &Context<'_>, r: &Run) -> io::Result<()> {
    match &r.content {
        RunContent::Text(text) if text.is_empty() => Ok(()),
        RunContent::Text(text) => {
            x.open("w:r", &[])?;
            run_props(x, cx.doc, &r.props, None)?;
            run_text(x, text)?;
            x.close("w:r")
        }
        RunContent::PageNumber => {
            // A complex field: begin, the instruction, separate, the number
            // shown until the field is updated, end; each run in the props.
            let field_char = |x: &mut Xml<W>, kind: &str| -> io::Result<()> {
                x.open("w:r", &[])?;
                run_props(x, cx.doc, &r.props, None)?;
                x.empty("w:fldChar", &[("w:fldCharType", kind)])?;
                x.close("w:r")
            };
            field_char(x, "begin")?;
            x.open("w:r", &[])?;
            run_props(x, cx.doc, &r.props, None)?;
            x.open("w:instrText", &[("xml:space", "preserve")])?;
            x.text(" PAGE ")?;
            x.close("w:instrText")?;
            x.close("w:r")?;
            field_char(x, "separate")?;
            x.open("w:r", &[])?;
            run_props(x, cx.doc, &r.props, None)?;
            x.element_text("w:t", "1")?;
            x.close("w:r")?;
            field_char(x, "end")
        }
    }
}

/// A run's text: `\n` becomes `w:br`, `\t` `w:tab`, a non-breaking hyphen
/// (U+2011) `w:noBreakHyphen`, carriage returns go, and each piece of text
/// is a `w:t` (keeping its spaces when it has some at either end or two in
/// a row, which readers would otherwise drop).
pub(crate) fn run_text<W: Write>(x: &mut Xml<W>, text: &str) -> io::Result<()> {
    let bytes = text.as_bytes();
    if memchr::memchr(b'\r', bytes).is_none() {
        // In one pass: the pieces between breaks, tabs and non-breaking
        // hyphens (0x91 ends U+2011, E2 80 91; a character that only holds
        // the byte elsewhere is text).
        let mut from = 0;
        for at in memchr::memchr3_iter(b'\n', b'\t', 0x91, bytes) {
            let (separator, start) = match bytes[at] {
                b'\n' => ("w:br", at),
                b'\t' => ("w:tab", at),
                _ if at >= 2 && bytes[at - 2..at] == [0xE2, 0x80] => ("w:noBreakHyphen", at - 2),
                _ => continue,
            };
            text_piece(x, &text[from..start])?;
            x.empty(separator, &[])?;
            from = at + 1;
        }
        return text_piece(x, &text[from..]);
    }
    let text = text.replace('\r', "");
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            x.empty("w:br", &[])?;
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                x.empty("w:tab", &[])?;
            }
            for (k, part) in piece.split('\u{2011}').enumerate() {
                if k > 0 {
                    x.empty("w:noBreakHyphen", &[])?;
                }
                text_piece(x, part)?;
            }
        }
    }
    Ok(())
}

/// One `w:t`, unless `piece` is empty.
fn text_piece<W: Write>(x: &mut Xml<W>, piece: &str) -> io::Result<()> {
    if piece.is_empty() {
        return Ok(());
    }
    if needs_preserve(piece) {
        x.open("w:t", &[("xml:space", "preserve")])?;
    } else {
        x.open("w:t", &[])?;
    }
    x.text(piece)?;
    x.close("w:t")
}

/// Whether a text's spaces would be lost without `xml:space="preserve"`.
fn needs_preserve(text: &str) -> bool {
    text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace) || {
        let bytes = text.as_bytes();
        memchr::memchr_iter(b' ', bytes).any(|at| bytes.get(at + 1) == Some(&b' '))
    }
}

pub(crate) fn table<W: Write>(x: &mut Xml<W>, cx: &Context<'_>, t: &Table) -> io::Result<()> {
    x.open("w:tbl", &[])?;
    x.open("w:tblPr", &[])?;
    if let Some(style) = t.style.and_then(|s| cx.doc.table_styles.get(s.0)) {
        x.val("w:tblStyle", &style.id)?;
    }
    let width = Num::new(t.grid.iter().map(|w| i64::from(*w)).sum());
    x.empty("w:tblW", &[("w:w", width.as_str()), ("w:type", "dxa")])?;
    let indent = Num::new(t.indent.into());
    x.empty("w:tblInd", &[("w:w", indent.as_str()), ("w:type", "dxa")])?;
    table_borders(x, &t.borders)?;
    x.empty("w:tblLayout", &[("w:type", "fixed")])?;
    if let Some(padding) = t.cell_padding {
        cell_margins(x, padding)?;
    }
    x.close("w:tblPr")?;
    x.open("w:tblGrid", &[])?;
    for w in &t.grid {
        x.empty("w:gridCol", &[("w:w", Num::new((*w).into()).as_str())])?;
    }
    x.close("w:tblGrid")?;
    for r in &t.header_rows {
        row(x, cx, r, true)?;
    }
    for r in &t.rows {
        row(x, cx, r, false)?;
    }
    x.close("w:tbl")
}

fn table_borders<W: Write>(x: &mut Xml<W>, b: &TableBorders) -> io::Result<()> {
    x.open("w:tblBorders", &[])?;
    border(x, "w:top", b.top.as_ref())?;
    border(x, "w:left", b.left.as_ref())?;
    border(x, "w:bottom", b.bottom.as_ref())?;
    border(x, "w:right", b.right.as_ref())?;
    border(x, "w:insideH", b.inside_h.as_ref())?;
    border(x, "w:insideV", b.inside_v.as_ref())?;
    x.close("w:tblBorders")
}

/// `w:tblCellMar` with the left and right padding.
pub fn cell_margins<W: Write>(x: &mut Xml<W>, (left, right): (i32, i32)) -> io::Result<()> {
    x.open("w:tblCellMar", &[])?;
    let (left, right) = (Num::new(left.into()), Num::new(right.into()));
    x.empty("w:left", &[("w:w", left.as_str()), ("w:type", "dxa")])?;
    x.empty("w:right", &[("w:w", right.as_str()), ("w:type", "dxa")])?;
    x.close("w:tblCellMar")
}

/// `w:vAlign`.
pub fn v_align<W: Write>(x: &mut Xml<W>, align: VAlign) -> io::Result<()> {
    let val = match align {
        VAlign::Top => "top",
        VAlign::Centre => "center",
        VAlign::Bottom => "bottom",
    };
    x.val("w:vAlign", val)
}

fn row<W: Write>(x: &mut Xml<W>, cx: &Context<'_>, r: &Row, header: bool) -> io::Result<()> {
    x.open("w:tr", &[])?;
    if r.cant_split || header {
        x.open("w:trPr", &[])?;
        if r.cant_split {
            x.empty("w:cantSplit", &[])?;
        }
        if header {
            x.empty("w:tblHeader", &[])?;
        }
        x.close("w:trPr")?;
    }
    for c in &r.cells {
        cell(x, cx, c)?;
    }
    x.close("w:tr")
}

/// A cell. Its width is the grid's: a fixed-layout table takes column
/// widths from `w:tblGrid`, so cells carry no `w:tcW`.
fn cell<W: Write>(x: &mut Xml<W>, cx: &Context<'_>, c: &Cell) -> io::Result<()> {
    x.open("w:tc", &[])?;
    if c.span > 1 || c.merge.is_some() || c.align.is_some() {
        x.open("w:tcPr", &[])?;
        if c.span > 1 {
            x.val("w:gridSpan", Num::new(c.span.into()).as_str())?;
        }
        match c.merge {
            Some(VMerge::Restart) => x.val("w:vMerge", "restart")?,
            Some(VMerge::Continue) => x.empty("w:vMerge", &[])?,
            None => {}
        }
        if let Some(align) = c.align {
            v_align(x, align)?;
        }
        x.close("w:tcPr")?;
    }
    for p in &c.paragraphs {
        paragraph(x, cx, p, None)?;
    }
    if c.paragraphs.is_empty() {
        // A cell holds at least one paragraph.
        x.empty("w:p", &[])?;
    }
    x.close("w:tc")
}
