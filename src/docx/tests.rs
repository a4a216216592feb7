//! The writer on the bundled notices: what each part says, and how the
//! package is zipped.

use super::*;
use crate::compose::{AttachmentPage, ComposeOptions};
use crate::document::Properties;
use crate::job::Fonts;
use std::io::Read;
use std::path::Path;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A bundled fixture's notice, composed and written.
fn notice(fixture: &str) -> (crate::compose::Notice, Vec<u8>) {
    let mut diags = crate::diag::Diagnostics::default();
    let job = Path::new("fixtures").join(fixture).join("notice.toml");
    let loaded = crate::load(&job, None, &mut diags).expect("loads the fixture");
    crate::render_notice(&loaded, ComposeOptions::default()).expect("renders")
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("no {name}"))
        .read_to_string(&mut text)
        .expect("utf-8");
    text
}

fn is(n: &roxmltree::Node<'_, '_>, name: &str) -> bool {
    n.has_tag_name((W, name))
}

fn attr<'a>(n: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attribute((W, name))
}

/// Every table of `document.xml`: per row, the text of each cell (`w:br`
/// read as a line break, `w:tab` as a tab), and whether the row has
/// `w:cantSplit` and `w:tblHeader`.
type Rows = Vec<(Vec<String>, bool, bool)>;

fn tables(document: &str) -> Vec<Rows> {
    let doc = roxmltree::Document::parse(document).expect("well-formed");
    doc.descendants()
        .filter(|n| is(n, "tbl"))
        .map(|table| {
            table
                .children()
                .filter(|n| is(n, "tr"))
                .map(|tr| {
                    let cells = tr
                        .children()
                        .filter(|n| is(n, "tc"))
                        .map(|tc| {
                            let mut text = String::new();
                            for n in tc.descendants() {
                                if is(&n, "t") {
                                    text.push_str(n.text().unwrap_or(""));
                                } else if is(&n, "br") {
                                    text.push('\n');
                                } else if is(&n, "tab") {
                                    text.push('\t');
                                }
                            }
                            text
                        })
                        .collect();
                    let has = |name: &str| tr.descendants().any(|n| is(&n, name));
                    (cells, has("cantSplit"), has("tblHeader"))
                })
                .collect()
        })
        .collect()
}

#[test]
fn every_cell_of_the_attachment_table_is_in_the_document() {
    let (notice, bytes) = notice("zhuzhou-2016-h1");
    let tables = tables(&part(&bytes, DOCUMENT_PART));
    let rows = &tables[0];
    let page = &notice.attachments[0];
    assert_eq!(rows.len(), page.rows.len() + 1);
    assert_eq!(rows[0], (page.header.clone(), true, true));
    let widths = crate::layout::table::column_widths(
        &page.header,
        &page.rows,
        crate::layout::gbt9704::type_area_width_twips(),
    );
    let mut split = 0;
    for (n, ((cells, cant_split, header), expected)) in rows[1..].iter().zip(&page.rows).enumerate()
    {
        assert_eq!(cells, expected, "row {n}");
        assert!(!header, "row {n}");
        // A row of up to three lines stays whole; a taller one may split.
        let lines = crate::layout::table::row_height_twips(expected, &widths)
            / crate::layout::table::CELL_LINE_TWIPS;
        assert_eq!(
            *cant_split,
            lines <= crate::layout::table::KEEP_WHOLE_LINES as i32,
            "row {n}: {lines} lines"
        );
        split += usize::from(!cant_split);
    }
    assert!(split > 0, "the seed has rows taller than three lines");
}

#[test]
fn only_the_attachment_header_row_repeats_not_the_imprint() {
    let (notice, bytes) = notice("xiangtan-2017-q3");
    assert!(notice.imprint.is_some(), "the fixture has a 版记");
    let tables = tables(&part(&bytes, DOCUMENT_PART));
    assert_eq!(tables.len(), 2, "the attachment and the 版记");
    let headers: Vec<Vec<bool>> = tables
        .iter()
        .map(|rows| rows.iter().map(|r| r.2).collect())
        .collect();
    let mut attachment = vec![false; notice.attachments[0].rows.len() + 1];
    attachment[0] = true;
    assert_eq!(headers[0], attachment);
    assert_eq!(headers[1], vec![false, false], "the 抄送 row is no header");
    assert!(tables[1][0].0[0].starts_with("抄送："));
}

#[test]
fn small_parts_are_stored_and_the_rest_deflated() {
    let (_, bytes) = notice("zhuzhou-2016-h1");
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut stored = 0;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let mut text = Vec::new();
        entry.read_to_end(&mut text).expect("reads back");
        let expected = if text.len() < STORE_BELOW && entry.name().expect("name") != DOCUMENT_PART {
            stored += 1;
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        assert_eq!(entry.compression(), expected, "{:?}", entry.name());
    }
    assert!(stored > 0);
}

#[test]
fn every_entry_is_dated_1980_01_01() {
    let (_, bytes) = notice("xiangtan-2017-q3");
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    assert!(zip.len() >= 12);
    for i in 0..zip.len() {
        let entry = zip.by_index(i).expect("entry");
        let time = entry.last_modified().expect("a time");
        assert_eq!(
            (
                time.year(),
                time.month(),
                time.day(),
                time.hour(),
                time.minute()
            ),
            (1980, 1, 1, 0, 0),
            "{:?}",
            entry.name()
        );
        assert!(!entry.is_dir(), "{:?}", entry.name());
    }
}

#[test]
fn the_package_lists_every_part_it_holds() {
    let (_, bytes) = notice("zhuzhou-2016-h1");
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.clone())).expect("zip");
    let names: Vec<String> = (0..zip.len())
        .map(|i| {
            zip.by_index(i)
                .expect("entry")
                .name()
                .expect("name")
                .into_owned()
        })
        .collect();
    assert_eq!(names[0], "[Content_Types].xml");
    let types = part(&bytes, "[Content_Types].xml");
    let rels = part(&bytes, "word/_rels/document.xml.rels");
    for name in &names {
        if name.ends_with(".rels") || name == "[Content_Types].xml" {
            continue;
        }
        assert!(
            types.contains(&format!("PartName=\"/{name}\"")),
            "{name} has no content type"
        );
        if let Some(target) = name.strip_prefix("word/") {
            if target != "document.xml" {
                assert!(
                    rels.contains(&format!("Target=\"{target}\"")),
                    "nothing points to {name}"
                );
            }
        }
    }
    assert!(names.iter().any(|n| n == "word/theme/theme1.xml"));
}

#[test]
fn text_is_chinese_and_the_font_table_names_each_fallback() {
    let (_, bytes) = notice("zhuzhou-2016-h1");
    let styles = part(&bytes, "word/styles.xml");
    let styles = roxmltree::Document::parse(&styles).expect("styles");
    let defaults = styles
        .descendants()
        .find(|n| is(n, "rPrDefault"))
        .expect("run defaults");
    let lang = defaults
        .descendants()
        .find(|n| is(n, "lang"))
        .expect("w:lang");
    assert_eq!(attr(lang, "eastAsia"), Some("zh-CN"));

    let fonts = part(&bytes, "word/fontTable.xml");
    let fonts = roxmltree::Document::parse(&fonts).expect("fontTable");
    let table: Vec<(String, Option<String>, Option<String>)> = fonts
        .descendants()
        .filter(|n| is(n, "font"))
        .map(|f| {
            let val = |name: &str| {
                f.children()
                    .find(|n| is(n, name))
                    .and_then(|n| attr(n, "val"))
                    .map(str::to_string)
            };
            assert_eq!(val("charset").as_deref(), Some("86"));
            assert!(val("family").is_some() && val("pitch").is_some());
            (
                attr(f, "name").unwrap_or("").to_string(),
                val("altName"),
                val("panose1"),
            )
        })
        .collect();
    let alt = |name: &str| {
        table
            .iter()
            .find(|(n, _, _)| n == name)
            .unwrap_or_else(|| panic!("{name} is not in the font table"))
            .1
            .clone()
    };
    assert_eq!(table.len(), 5, "{table:?}");
    assert_eq!(alt("仿宋_GB2312").as_deref(), Some("仿宋"));
    assert_eq!(alt("楷体_GB2312").as_deref(), Some("楷体"));
    assert_eq!(alt("方正小标宋简体").as_deref(), Some("宋体"));
    assert_eq!(alt("黑体").as_deref(), Some("SimHei"));
    assert_eq!(alt("宋体").as_deref(), Some("SimSun"));
    assert!(table
        .iter()
        .filter(|(n, _, _)| n.ends_with("_GB2312"))
        .all(|(_, _, panose)| panose.is_some()));
}

#[test]
fn settings_are_current_words_without_the_east_asian_emulation_flags() {
    let (_, bytes) = notice("zhuzhou-2016-h1");
    let settings = part(&bytes, "word/settings.xml");
    assert!(settings.contains(r#"w:name="compatibilityMode""#));
    assert!(settings.contains(r#"w:val="15""#));
    for flag in [
        "balanceSingleByteDoubleByteWidth",
        "useFELayout",
        "spaceForUL",
        "doNotLeaveBackslashAlone",
        "ulTrailSpace",
        "doNotExpandShiftReturn",
    ] {
        assert!(!settings.contains(flag), "{flag}");
    }
    assert!(settings.contains("<w:evenAndOddHeaders/>"));
}

/// An attachment of `rows` rows whose text, like a province's 台账, is
/// about 590 bytes a row in four columns.
fn attachment(rows: usize) -> AttachmentPage {
    let row = vec![
        "完善创新创业园区建设，加快建设粮食安全责任制，统筹协调文化旅游产业，积极争取城乡一体化，完善招商引资工作。".to_string(),
        "市科技局、市住房城乡建设局、市环保局、市交通运输局、云龙示范区、市发改委、职教科技园".to_string(),
        "生产性服务业建成面积7248.49个，两型社会建设完成征拆面积8135.32项，农村公路建设完成征拆面积4938.69公里，保障性住房完成征拆面积694.99公里，电力能源保障已完成年度计划的6850.10项，已报省发改委审批。".to_string(),
        "办公室\n综合科".to_string(),
    ];
    AttachmentPage {
        title: "完成情况表".into(),
        header: ["工作任务", "责任单位", "完成情况", "责任科室"]
            .map(String::from)
            .to_vec(),
        header_rows: Vec::new(),
        header_merges: Vec::new(),
        rows: vec![row; rows],
        kinds: Vec::new(),
        merges: Vec::new(),
        orientation: crate::job::Orientation::Portrait,
    }
}

fn document_len(page: &AttachmentPage) -> usize {
    let doc = crate::layout::layout_attachments(
        std::slice::from_ref(page),
        &Fonts::default(),
        Properties::default(),
    );
    part(&to_bytes(&doc).expect("writes"), DOCUMENT_PART).len()
}

#[test]
fn a_table_row_costs_at_most_a_third_of_what_it_did() {
    let page = attachment(1);
    let text: usize = page.rows[0].iter().map(String::len).sum();
    assert!((560..620).contains(&text), "{text} bytes of text a row");
    let per_row = (document_len(&attachment(201)) - document_len(&attachment(1))) / 200;
    // Before this writer a row of such text took 3,148 bytes (54 % of it
    // properties repeated in every cell).
    assert!(per_row * 3 <= 3148, "{per_row} bytes a row");
}

#[test]
fn the_same_document_gives_the_same_bytes() {
    let doc = crate::layout::layout_attachments(
        &[attachment(30)],
        &Fonts::default(),
        Properties::default(),
    );
    let first = to_bytes(&doc).expect("writes");
    let again = std::thread::spawn(move || to_bytes(&doc).expect("writes"))
        .join()
        .expect("thread");
    assert!(first == again);
}

#[test]
fn the_document_made_on_a_second_thread_or_not_has_the_same_bytes() {
    for rows in [3, 2500] {
        let doc = crate::layout::layout_attachments(
            &[attachment(rows)],
            &Fonts::default(),
            Properties::default(),
        );
        let threaded = super::package(&doc, Some(true)).expect("threaded");
        let inline = super::package(&doc, Some(false)).expect("inline");
        assert!(threaded == inline, "{rows} rows differ");
        assert!(threaded == super::package(&doc, None).expect("chosen"));
    }
}
