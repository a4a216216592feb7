//! The attachment table's body rows, written as WordprocessingML directly.
//!
//! A province's 台账 has tens of thousands of rows. Built as docx-rs
//! `TableRow`s, each cell is a tree of a dozen heap objects that docx-rs
//! then serialises property by property; that cost most of a large render's
//! time and memory. Here each row goes straight into one string.
//!
//! What a row says is still decided by docx-rs: [`RowWriter::new`] builds
//! one cell per column with docx-rs — the same paragraph, run and cell
//! properties the header row gets ([`super::table`]) — around a placeholder
//! id and text, and keeps the XML on either side of them as the column's
//! template. Writing a row then only fills in paragraph ids and the
//! escaped cell text, so a row written here has the bytes docx-rs would
//! have written for it (a test checks this).

use super::table::{cell, styled_cell_paragraph};
use super::{paragraph_with_id, run_pieces, Builder, Face, RunPiece};
use docx_rs::{AlignmentType, BuildXML, TableRow};

/// Stands for the paragraph id in a template (a private-use character).
const ID_MARK: &str = "\u{E000}";
/// Stands for the cell text in a template.
const TEXT_MARK: &str = "\u{E001}";
/// A text piece as docx-rs writes it, around the placeholder.
const TEXT_ELEMENT: &str = "<w:t xml:space=\"preserve\">\u{E001}</w:t>";
/// A line break inside a cell, as docx-rs writes `BreakType::TextWrapping`.
const LINE_BREAK: &str = "<w:br w:type=\"textWrapping\" />";
/// A tab inside a cell, as docx-rs writes it.
const TAB: &str = "<w:tab />";

/// One column's cell, cut around its id and its text.
struct CellTemplate {
    /// Up to the paragraph id.
    before_id: String,
    /// Between the id and the text.
    before_text: String,
    /// After the text, to the end of the cell.
    after_text: String,
}

/// Writes body rows of one table: cells of fixed widths and alignments in
/// one face, each holding one paragraph.
pub struct RowWriter {
    cells: Vec<CellTemplate>,
    /// `<w:tr>` with the properties of a row that may not split.
    open_cant_split: String,
    /// `<w:tr>` with the properties of a row that may split.
    open_may_split: String,
}

impl RowWriter {
    /// Templates for cells of `widths` in `face`, aligned per `aligns`.
    pub fn new(b: &Builder<'_>, face: Face, widths: &[i32], aligns: &[AlignmentType]) -> RowWriter {
        let cells = widths
            .iter()
            .zip(aligns)
            .map(|(w, align)| {
                let p = styled_cell_paragraph(
                    b,
                    paragraph_with_id(ID_MARK.into()),
                    TEXT_MARK,
                    face,
                    *align,
                );
                let xml = xml_of(&cell(p, *w));
                let (before_id, rest) = xml.split_once(ID_MARK).unwrap_or((&xml, ""));
                let (before_text, after_text) = rest.split_once(TEXT_ELEMENT).unwrap_or((rest, ""));
                CellTemplate {
                    before_id: before_id.to_string(),
                    before_text: before_text.to_string(),
                    after_text: after_text.to_string(),
                }
            })
            .collect();
        let open = |row: TableRow| {
            let xml = xml_of(&row);
            xml.strip_suffix("</w:tr>").unwrap_or(&xml).to_string()
        };
        RowWriter {
            cells,
            open_cant_split: open(TableRow::new(vec![]).cant_split()),
            open_may_split: open(TableRow::new(vec![])),
        }
    }

    /// Appends one row to `out`: `texts` in the columns in order (missing
    /// ones empty), paragraph ids from `b`. `cant_split` keeps the row on
    /// one page.
    pub fn write_row(
        &self,
        out: &mut String,
        b: &mut Builder<'_>,
        texts: &[String],
        cant_split: bool,
    ) {
        out.push_str(if cant_split {
            &self.open_cant_split
        } else {
            &self.open_may_split
        });
        for (i, template) in self.cells.iter().enumerate() {
            let text = texts.get(i).map(String::as_str).unwrap_or("");
            out.push_str(&template.before_id);
            push_hex8(out, b.take_id());
            out.push_str(&template.before_text);
            write_run_content(out, text);
            out.push_str(&template.after_text);
        }
        out.push_str("</w:tr>");
    }
}

/// Appends `id` as eight upper-case hex digits, as `format!("{id:08X}")`.
fn push_hex8(out: &mut String, id: u32) {
    for shift in (0..8).rev() {
        let digit = (id >> (shift * 4)) & 0xF;
        out.push(char::from(b"0123456789ABCDEF"[digit as usize]));
    }
}

/// The XML docx-rs writes for `element`.
fn xml_of(element: &impl BuildXML) -> String {
    String::from_utf8_lossy(&element.build()).into_owned()
}

/// A run's content as [`Builder::run`] makes it, from the same
/// [`run_pieces`], the text pieces escaped.
pub fn write_run_content(out: &mut String, text: &str) {
    let (open, close) = TEXT_ELEMENT
        .split_once(TEXT_MARK)
        .unwrap_or((TEXT_ELEMENT, ""));
    for piece in run_pieces(text) {
        match piece {
            RunPiece::Text(text) => {
                out.push_str(open);
                escape_into(out, text);
                out.push_str(close);
            }
            RunPiece::Break => out.push_str(LINE_BREAK),
            RunPiece::Tab => out.push_str(TAB),
        }
    }
}

/// Appends `text` escaped as docx-rs escapes element text (`& < > " '`,
/// carriage returns dropped). Characters XML 1.0 does not allow are
/// dropped too; the sheet reader has removed them already (see
/// [`crate::hygiene`]), so this only keeps the document well-formed.
pub fn escape_into(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(needs_care) {
        out.push_str(&rest[..at]);
        let c = rest[at..].chars().next().unwrap_or('\0');
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#xA;"),
            '\t' => out.push('\t'),
            _ => {}
        }
        rest = &rest[at + c.len_utf8()..];
    }
    out.push_str(rest);
}

/// Whether a character is escaped or dropped by [`escape_into`].
fn needs_care(c: char) -> bool {
    matches!(c, '&' | '<' | '>' | '"' | '\'' | '\u{FFFE}' | '\u{FFFF}') || (c < ' ')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::job::Fonts;

    fn fonts() -> Fonts {
        Fonts::default()
    }

    #[test]
    fn text_is_escaped_and_illegal_characters_never_reach_the_xml() {
        let mut out = String::new();
        escape_into(&mut out, "<w:p>&\"'\u{1}\u{B}\u{FFFE}完成\r");
        assert_eq!(out, "&lt;w:p&gt;&amp;&quot;&apos;完成");
    }

    #[test]
    fn ids_are_eight_hex_digits() {
        for id in [0, 1, 0x1A, 0xDEAD_BEEF, u32::MAX] {
            let mut out = String::new();
            push_hex8(&mut out, id);
            assert_eq!(out, format!("{id:08X}"));
        }
    }

    #[test]
    fn line_breaks_and_tabs_become_elements() {
        let mut out = String::new();
        write_run_content(&mut out, "甲\r\n乙\t丙\n");
        assert_eq!(
            out,
            concat!(
                "<w:t xml:space=\"preserve\">甲</w:t><w:br w:type=\"textWrapping\" />",
                "<w:t xml:space=\"preserve\">乙</w:t><w:tab />",
                "<w:t xml:space=\"preserve\">丙</w:t><w:br w:type=\"textWrapping\" />"
            )
        );
    }

    #[test]
    fn a_row_has_the_bytes_docx_rs_writes() {
        let fonts = fonts();
        let texts: Vec<String> = [
            "<w:p>注入 & \"引号\" '单'",
            "甲\n乙\t丙\r\n",
            "",
            "园区科\n工业科",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let widths = [2000, 1500, 3000, 2344];
        let aligns = [
            AlignmentType::Left,
            AlignmentType::Center,
            AlignmentType::Left,
            AlignmentType::Center,
        ];
        for cant_split in [true, false] {
            let mut b = Builder::new(&fonts);
            let mut fast = String::new();
            RowWriter::new(&b, Face::FangSong, &widths, &aligns)
                .write_row(&mut fast, &mut b, &texts, cant_split);

            let mut b = Builder::new(&fonts);
            let cells = texts
                .iter()
                .zip(widths.iter().zip(aligns))
                .map(|(t, (w, a))| {
                    let p = b.paragraph();
                    cell(styled_cell_paragraph(&b, p, t, Face::FangSong, a), *w)
                })
                .collect();
            let row = TableRow::new(cells);
            let row = if cant_split { row.cant_split() } else { row };
            assert_eq!(fast, xml_of(&row));
            roxmltree::Document::parse(&format!(
                "<w:tbl xmlns:w=\"w\" xmlns:w14=\"w14\">{fast}</w:tbl>"
            ))
            .expect("well-formed");
        }
    }

    #[test]
    fn a_missing_cell_is_written_empty() {
        let fonts = fonts();
        let mut b = Builder::new(&fonts);
        let writer = RowWriter::new(&b, Face::FangSong, &[4000, 4844], &[AlignmentType::Left; 2]);
        let mut out = String::new();
        writer.write_row(&mut out, &mut b, &["一".to_string()], true);
        assert_eq!(out.matches("<w:tc>").count(), 2);
        assert_eq!(out.matches("<w:t ").count(), 1);
        assert!(out.contains("w14:paraId=\"00000002\""), "{out}");
    }
}
