//! The writer on a document that uses what the notice does not yet:
//! several sections with their own page set-up and footers, a landscape
//! section, a section without page numbers, two header rows, merged cells.

use crate::common::*;
use crate::schema::sections_document;
use std::path::Path;

fn written() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sections.docx");
    let bytes = gongwen::docx::to_bytes(&sections_document()).expect("writes");
    std::fs::write(&path, bytes).expect("write");
    (dir, path)
}

/// A section's page width, height and orientation, and the footer part of
/// each kind of page (`default`, `even`).
type SectionProps = (String, String, Option<String>, Vec<(String, String)>);

/// Each section's properties, in order.
fn sections(docx: &Path) -> Vec<SectionProps> {
    let xml = docx_part(docx, "word/document.xml");
    let rels = docx_part(docx, "word/_rels/document.xml.rels");
    let rels = roxmltree::Document::parse(&rels).expect("rels");
    let target = |id: &str| {
        rels.descendants()
            .find(|n| n.attribute("Id") == Some(id))
            .and_then(|n| n.attribute("Target"))
            .unwrap_or_else(|| panic!("no relationship {id}"))
            .to_string()
    };
    let doc = roxmltree::Document::parse(&xml).expect("document");
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "sectPr")))
        .map(|s| {
            let size = child(s, "pgSz").expect("pgSz");
            let footers = s
                .children()
                .filter(|n| n.has_tag_name((W, "footerReference")))
                .map(|f| {
                    let id = f
                        .attribute((
                            "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                            "id",
                        ))
                        .expect("r:id");
                    (wattr(f, "type").unwrap_or("").to_string(), target(id))
                })
                .collect();
            (
                wattr(size, "w").unwrap_or("").to_string(),
                wattr(size, "h").unwrap_or("").to_string(),
                wattr(size, "orient").map(str::to_string),
                footers,
            )
        })
        .collect()
}

#[test]
fn each_section_has_its_own_pages_and_footers() {
    let (_dir, docx) = written();
    let found = sections(&docx);
    let pair = |odd: &str, even: &str| {
        vec![
            ("default".to_string(), odd.to_string()),
            ("even".to_string(), even.to_string()),
        ]
    };
    assert_eq!(
        found,
        vec![
            (
                "11906".into(),
                "16838".into(),
                None,
                pair("footer1.xml", "footer2.xml")
            ),
            (
                "16838".into(),
                "11906".into(),
                Some("landscape".into()),
                pair("footer3.xml", "footer3.xml")
            ),
            (
                "11906".into(),
                "16838".into(),
                None,
                pair("footer4.xml", "footer4.xml")
            ),
        ]
    );
    // The section without page numbers shows an empty footer rather than
    // the one before it.
    let blank = docx_part(&docx, "word/footer4.xml");
    assert!(
        !blank.contains("PAGE") && !blank.contains("<w:t"),
        "{blank}"
    );
    for part in ["word/footer1.xml", "word/footer3.xml"] {
        assert!(docx_part(&docx, part).contains(" PAGE "), "{part}");
    }
    assert!(docx_part(&docx, "word/settings.xml").contains("<w:evenAndOddHeaders/>"));
}

#[test]
fn a_section_ends_with_the_paragraph_that_carries_its_properties() {
    let (_dir, docx) = written();
    let xml = docx_part(&docx, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).expect("document");
    let body = child(doc.root_element(), "body").expect("body");
    let kinds: Vec<String> = body
        .children()
        .filter(|n| n.is_element())
        .map(|n| {
            let inner = n.tag_name().name() != "sectPr" && child(n, "sectPr").is_some();
            format!(
                "{}{}",
                n.tag_name().name(),
                if inner { "+sect" } else { "" }
            )
        })
        .collect();
    // Section 1 ends with a table, so an empty paragraph carries its
    // properties; section 2's own paragraph does; the last section's come
    // last in the body.
    assert_eq!(kinds, ["p", "tbl", "p+sect", "p+sect", "p", "sectPr"]);
}

#[test]
fn header_rows_repeat_and_merged_cells_are_written() {
    let (_dir, docx) = written();
    let xml = docx_part(&docx, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).expect("document");
    let table = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "tbl")))
        .expect("table");
    let rows: Vec<_> = table
        .children()
        .filter(|n| n.has_tag_name((W, "tr")))
        .collect();
    let flags: Vec<(bool, bool)> = rows
        .iter()
        .map(|r| {
            (
                child(*r, "tblHeader").is_some(),
                child(*r, "cantSplit").is_some(),
            )
        })
        .collect();
    assert_eq!(flags, [(true, true), (true, true), (false, false)]);
    assert_eq!(
        child(rows[0], "gridSpan").and_then(|n| wattr(n, "val")),
        Some("2")
    );
    assert_eq!(
        child(rows[0], "vMerge").and_then(|n| wattr(n, "val")),
        Some("restart")
    );
    let cont = child(rows[1], "vMerge").expect("continued merge");
    assert_eq!(wattr(cont, "val"), None);
    let cells: Vec<_> = rows[2]
        .children()
        .filter(|n| n.has_tag_name((W, "tc")))
        .collect();
    assert_eq!(cells.len(), 3);
    // Line breaks, tabs and runs of spaces survive; an empty cell still
    // holds a paragraph.
    let mut text = String::new();
    for n in cells[1].descendants() {
        match n.tag_name().name() {
            "t" => text.push_str(n.text().unwrap_or("")),
            "br" => text.push('\n'),
            "tab" => text.push('\t'),
            _ => {}
        }
    }
    assert_eq!(text, "甲\n乙\t丙  丁 ");
    assert!(child(cells[2], "p").is_some());
    let grid: Vec<&str> = table
        .descendants()
        .filter(|n| n.has_tag_name((W, "gridCol")))
        .filter_map(|n| wattr(n, "w"))
        .collect();
    assert_eq!(grid, ["1000", "3000", "4844"]);
    assert_eq!(
        child(table, "tblW").and_then(|n| wattr(n, "w")),
        Some("8844")
    );
}

#[test]
fn an_unknown_face_falls_back_to_the_windows_face_of_its_kind() {
    let (_dir, docx) = written();
    let fonts = docx_part(&docx, "word/fontTable.xml");
    assert!(
        fonts.contains(r#"<w:font w:name="Noto Sans CJK SC"><w:altName w:val="黑体"/>"#),
        "{fonts}"
    );
}

#[test]
fn libreoffice_lays_the_sections_out_on_their_own_pages() {
    if !renderer_available() {
        return;
    }
    let (_dir, docx) = written();
    let pdf = to_pdf(&docx);
    let pages: Vec<String> = pdf_pages(&pdf)
        .iter()
        .map(|p| p.chars().filter(|c| !c.is_whitespace()).collect())
        .collect();
    assert_eq!(pages.len(), 3, "{pages:?}");
    assert!(pages[0].contains("第一节") && pages[0].contains("存在问题"));
    assert!(pages[1].contains("第二节"));
    assert!(pages[2].contains("第三节"));
    // Page numbers on the first two pages only.
    assert!(pages[0].contains("—1—"), "{}", pages[0]);
    assert!(pages[1].contains("—2—"), "{}", pages[1]);
    assert!(!pages[2].contains('—'), "{}", pages[2]);
    let sizes = pdf_page_sizes(&pdf);
    assert_eq!(sizes.len(), 3);
    assert!(sizes[0].0 < sizes[0].1 && sizes[1].0 > sizes[1].1 && sizes[2].0 < sizes[2].1);
}
