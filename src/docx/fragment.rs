//! Pieces of WordprocessingML for filling an office's own template
//! ([`crate::template`]): a value's text inside a run, the composed body's
//! paragraphs in the properties of the paragraph that held `{{ body }}`,
//! the attachment table, and the styles that table names.
//!
//! Everything here is written by the same code that writes a whole
//! document ([`super::body`]), so text is escaped, cleaned of what XML
//! cannot hold and split into breaks and tabs in one place. A fragment
//! carries no XML declaration and no namespace declarations: it goes inside
//! a part whose root declares the `w:` prefix.

use super::body::{self, Context, FooterPlan};
use super::xml::Xml;
use crate::document::{LaidOut, Paragraph, RunContent, Table};
use std::io;

/// Runs `write` on a writer of its own and returns what it wrote, without
/// the XML declaration every [`Xml`] starts with.
fn fragment(write: impl FnOnce(&mut Xml<Vec<u8>>) -> io::Result<()>) -> io::Result<Vec<u8>> {
    let mut x = Xml::new(Vec::with_capacity(128))?;
    write(&mut x)?;
    let mut out = x.into_inner();
    // The declaration ends at the first `?>`.
    let start = out.windows(2).position(|w| w == b"?>").map_or(0, |i| i + 2);
    out.drain(..start);
    Ok(out)
}

/// The content of a run showing `text`: `w:t` elements (with
/// `xml:space="preserve"` where spaces would be lost), `w:br` for each line
/// break and `w:tab` for each tab; the text escaped and without the
/// characters XML cannot hold. Empty text gives nothing.
pub fn run_content(text: &str) -> io::Result<Vec<u8>> {
    fragment(|x| body::run_text(x, text))
}

/// A `w:rFonts` naming `font` in all four slots.
pub fn run_fonts(font: &str) -> io::Result<Vec<u8>> {
    fragment(|x| {
        x.empty(
            "w:rFonts",
            &[
                ("w:ascii", font),
                ("w:hAnsi", font),
                ("w:eastAsia", font),
                ("w:cs", font),
            ],
        )
    })
}

/// `rpr` (a whole `<w:rPr>…</w:rPr>`, or empty) with its `w:rFonts`
/// replaced by one naming `font`, in the place the schema gives it (after
/// `w:rStyle`).
pub fn with_font(rpr: &[u8], font: &str) -> io::Result<Vec<u8>> {
    let fonts = run_fonts(font)?;
    if rpr.is_empty() || rpr.ends_with(b"/>") && !rpr.windows(8).any(|w| w == b"</w:rPr>") {
        let mut out = b"<w:rPr>".to_vec();
        out.extend_from_slice(&fonts);
        out.extend_from_slice(b"</w:rPr>");
        return Ok(out);
    }
    let without = remove_element(rpr, b"<w:rFonts");
    let open_end = without.iter().position(|&b| b == b'>').map_or(0, |i| i + 1);
    let at = match find(&without, b"<w:rStyle") {
        Some(style) => {
            let end = without[style..]
                .iter()
                .position(|&b| b == b'>')
                .map_or(without.len(), |i| style + i + 1);
            // `<w:rStyle …/>` or `<w:rStyle …></w:rStyle>`.
            if without[..end].ends_with(b"/>") {
                end
            } else {
                find(&without[end..], b"</w:rStyle>").map_or(end, |i| end + i + 11)
            }
        }
        None => open_end,
    };
    let mut out = without[..at].to_vec();
    out.extend_from_slice(&fonts);
    out.extend_from_slice(&without[at..]);
    Ok(out)
}

/// The first place `needle` occurs in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `xml` without the first element starting with `open` (`<w:rFonts`),
/// empty or with content.
fn remove_element(xml: &[u8], open: &[u8]) -> Vec<u8> {
    let Some(start) = (0..xml.len()).find(|&i| {
        xml[i..].starts_with(open)
            && matches!(
                xml.get(i + open.len()),
                Some(b' ' | b'/' | b'>' | b'\t' | b'\n' | b'\r')
            )
    }) else {
        return xml.to_vec();
    };
    let Some(gt) = xml[start..].iter().position(|&b| b == b'>') else {
        return xml.to_vec();
    };
    let mut end = start + gt + 1;
    if !xml[..end].ends_with(b"/>") {
        let mut close = b"</".to_vec();
        close.extend_from_slice(&open[1..]);
        close.push(b'>');
        if let Some(i) = find(&xml[end..], &close) {
            end += i + close.len();
        }
    }
    let mut out = xml[..start].to_vec();
    out.extend_from_slice(&xml[end..]);
    out
}

/// Paragraphs of running text set in the properties of the template's
/// paragraph: each `<w:p>` takes `ppr` (a whole `<w:pPr>…</w:pPr>`, or
/// empty) and each run `rpr`, with the run's own face (a heading's 黑体 or
/// 楷体) in place of the template run's. Only the runs' text and faces are
/// taken from `paragraphs`; their other properties are the template's.
pub fn styled_paragraphs(
    doc: &LaidOut,
    paragraphs: &[Paragraph],
    ppr: &[u8],
    rpr: &[u8],
) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    for p in paragraphs {
        out.extend_from_slice(b"<w:p>");
        out.extend_from_slice(ppr);
        for run in &p.runs {
            let RunContent::Text(text) = &run.content else {
                continue;
            };
            if text.is_empty() {
                continue;
            }
            out.extend_from_slice(b"<w:r>");
            match run.props.font.and_then(|f| doc.fonts.get(f.0)) {
                Some(font) => out.extend_from_slice(&with_font(rpr, &font.name)?),
                None => out.extend_from_slice(rpr),
            }
            out.extend_from_slice(&run_content(text)?);
            out.extend_from_slice(b"</w:r>");
        }
        out.extend_from_slice(b"</w:p>");
    }
    Ok(out)
}

/// A table, as the writer writes one into a document: the styles it
/// names must be in the template's styles part ([`styles`]).
pub fn table(doc: &LaidOut, t: &Table) -> io::Result<Vec<u8>> {
    let footers = FooterPlan::default();
    let cx = Context {
        doc,
        footer_ids: &[],
        footers: &footers,
        // A table of text holds no drawing to number.
        drawings: std::cell::Cell::new(0),
    };
    fragment(|x| body::table(x, &cx, t))
}

/// The `w:style` elements of `doc`'s paragraph and table styles, to add to
/// a template's styles part. A style based on none is based on nothing
/// (not on the template's Normal, whose indents and spacing would leak into
/// it): it sets its indents, so that only the template's defaults remain.
pub fn styles(doc: &LaidOut) -> io::Result<Vec<u8>> {
    use crate::document::Indent;
    fragment(|x| {
        for style in &doc.styles {
            let based_on = style.based_on.and_then(|b| doc.styles.get(b.0));
            let mut paragraph = style.paragraph.clone();
            if based_on.is_none() && paragraph.indent.is_none() {
                paragraph.indent = Some(Indent::default());
            }
            let based_on = based_on.map(|b| b.id.as_str());
            super::parts::paragraph_style(x, doc, style, based_on, false, &paragraph)?;
        }
        for style in &doc.table_styles {
            super::parts::table_style(x, style, None)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_escaped_cleaned_and_broken_into_lines() {
        let out = run_content("A&B <c>\u{1}\n第二行\t末").expect("writes");
        let out = String::from_utf8(out).expect("utf-8");
        assert_eq!(
            out,
            "<w:t>A&amp;B &lt;c&gt;</w:t><w:br/><w:t>第二行</w:t><w:tab/><w:t>末</w:t>"
        );
        assert!(run_content("").expect("writes").is_empty());
    }

    #[test]
    fn breaks_tabs_and_non_breaking_hyphens_split_the_text_into_pieces() {
        let text = |s: &str| String::from_utf8(run_content(s).expect("writes")).expect("utf-8");
        assert_eq!(
            text("\n甲\t\t0731\u{2011}2868\u{2011}\n"),
            "<w:br/><w:t>甲</w:t><w:tab/><w:tab/><w:t>0731</w:t><w:noBreakHyphen/>\
             <w:t>2868</w:t><w:noBreakHyphen/><w:br/>"
        );
        // U+2011's last byte inside another character is text.
        assert_eq!(text("鑑\t乙"), "<w:t>鑑</w:t><w:tab/><w:t>乙</w:t>");
        // Carriage returns go before the text is split.
        assert_eq!(
            text("a\r\nb\rc\t"),
            "<w:t>a</w:t><w:br/><w:t>bc</w:t><w:tab/>"
        );
        assert_eq!(text(" 甲  乙"), "<w:t xml:space=\"preserve\"> 甲  乙</w:t>");
        // Two spaces inside, however far in, keep their spaces; one does not
        // need to.
        assert_eq!(
            text("甲 乙 丙  丁"),
            "<w:t xml:space=\"preserve\">甲 乙 丙  丁</w:t>"
        );
        assert_eq!(text("甲 乙 丙 丁"), "<w:t>甲 乙 丙 丁</w:t>");
    }

    #[test]
    fn a_heading_face_replaces_the_template_runs_face_after_its_style() {
        let rpr = r#"<w:rPr><w:rStyle w:val="a1"/><w:rFonts w:ascii="Calibri" w:eastAsia="仿宋"/><w:sz w:val="32"/></w:rPr>"#.as_bytes();
        let out = String::from_utf8(with_font(rpr, "黑体").expect("writes")).expect("utf-8");
        assert_eq!(
            out,
            r#"<w:rPr><w:rStyle w:val="a1"/><w:rFonts w:ascii="黑体" w:hAnsi="黑体" w:eastAsia="黑体" w:cs="黑体"/><w:sz w:val="32"/></w:rPr>"#
        );
        let out = String::from_utf8(with_font(b"", "楷体").expect("writes")).expect("utf-8");
        assert!(
            out.starts_with("<w:rPr><w:rFonts w:ascii=\"楷体\""),
            "{out}"
        );
        let plain = br#"<w:rPr><w:sz w:val="32"/></w:rPr>"#;
        let out = String::from_utf8(with_font(plain, "黑体").expect("writes")).expect("utf-8");
        assert!(out.starts_with("<w:rPr><w:rFonts"), "{out}");
        assert!(out.ends_with(r#"<w:sz w:val="32"/></w:rPr>"#), "{out}");
    }
}
