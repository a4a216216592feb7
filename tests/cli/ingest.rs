//! Reading real-world spreadsheets (issue 3): title rows, a 序号 column,
//! merged cells, blank and footer rows, percentages, dates, full-width
//! header names, a notes sheet first, .xls, .ods, GBK and BOM CSV; and bad
//! input, each refused in one line with exit code 1, no panic, and a
//! pre-existing output file left byte-identical.
//!
//! The .xlsx workbooks are generated here. `tests/fixtures/ingest/` holds
//! the same clerk's workbook converted once to .xls and .ods with
//! LibreOffice (see the README there).

use crate::common::*;
use gongwen::diag::Diagnostics;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::io::Write;
use std::path::{Path, PathBuf};

pub(crate) const JOB: &str = r#"
issuer = "株洲市发展和改革委员会"
number = "株发改发〔2016〕193号"
title = "关于加快年度重点工作任务推进落实的通知"
recipients = ["机关各科室", "委属各单位"]
date = 2016-08-30
period = "2016-H1"
deadlines = [2016-09-25, 2016-12-20]

[contact]
name = "丁志永"
phone = "28686393"
office = "综合科"

[attachment]
title = "重点工作任务{{ period_label }}完成情况表"
data = "DATA"

[distribution]
printer = "株洲市发展和改革委员会办公室"
printed = 2016-08-30
"#;

/// A folder with `notice.toml` pointing at `data` (a file name in it).
pub(crate) fn job_dir(data: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("notice.toml"), JOB.replace("DATA", data)).expect("job");
    dir
}

/// The header of the clerk's table, as typed (full-width brackets, a space).
const HEADER: [&str; 7] = [
    "序号",
    "工作任务",
    "责任单位",
    "上半年完成情况 ",
    "完成率",
    "委内责任科室（单位）",
    "完成时间",
];

/// The rows a correct reading gives: 1-based sheet row and cells.
fn expected_rows() -> Vec<(u32, Vec<&'static str>)> {
    vec![
        (
            5,
            vec![
                "1",
                "大力推进创新创业园区“146”工程",
                "市发改委",
                "已完成",
                "52%",
                "园区科",
                "2016年7月5日",
            ],
        ),
        (
            6,
            vec![
                "2",
                "推进<w:p>标签 & “双创”",
                "市发改委",
                "进展较慢",
                "17.5%",
                "园区科",
                "",
            ],
        ),
        (
            7,
            vec![
                "3",
                "建成标准厂房",
                "市发改委",
                "1300",
                "100%",
                "社会科\n工业科",
                "",
            ],
        ),
        (9, vec!["4", "完善交通", "市交通局", "", "", "规划科", ""]),
    ]
}

/// The clerk's workbook: a notes sheet first, then 附件 with two title rows,
/// the header, merged units (C5:C7) and sections (F5:F6), a percentage
/// column, a date, a blank row, a task without status, and a footer.
pub(crate) fn clerk_workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let notes = book.add_worksheet().set_name("填表说明").expect("name");
    notes
        .write_string(0, 0, "请按季度填写，完成率填百分比。")
        .expect("write");
    let sheet = book.add_worksheet().set_name("附件").expect("name");
    let plain = Format::new();
    let pct = Format::new().set_num_format("0%");
    let pct1 = Format::new().set_num_format("0.0%");
    let date = Format::new().set_num_format("yyyy/m/d");
    sheet
        .merge_range(0, 0, 0, 6, "2016年重点工作任务上半年完成情况表", &plain)
        .expect("title");
    sheet
        .write_string(1, 0, "填报单位：株洲市发展和改革委员会")
        .expect("subtitle");
    for (col, name) in HEADER.iter().enumerate() {
        sheet.write_string(3, col as u16, *name).expect("header");
    }
    sheet
        .write_number(4, 0, 1.0)
        .and_then(|s| s.write_string(4, 1, "大力推进创新创业园区“146”工程"))
        .and_then(|s| s.write_string(4, 3, "已完成"))
        .and_then(|s| s.write_number_with_format(4, 4, 0.52, &pct))
        .and_then(|s| {
            s.write_datetime_with_format(
                4,
                6,
                ExcelDateTime::from_ymd(2016, 7, 5).expect("date"),
                &date,
            )
        })
        .expect("row 5");
    sheet
        .merge_range(4, 2, 6, 2, "市发改委", &plain)
        .and_then(|s| s.merge_range(4, 5, 5, 5, " 园区科\u{a0}", &plain))
        .expect("merges");
    sheet
        .write_number(5, 0, 2.0)
        .and_then(|s| s.write_string(5, 1, "推进<w:p>标签 & “双创”"))
        .and_then(|s| s.write_string(5, 3, "进展较慢"))
        .and_then(|s| s.write_number_with_format(5, 4, 0.175, &pct1))
        .expect("row 6");
    sheet
        .write_number(6, 0, 3.0)
        .and_then(|s| s.write_string(6, 1, "建成标准厂房"))
        .and_then(|s| s.write_number(6, 3, 1300.0))
        .and_then(|s| s.write_number_with_format(6, 4, 1.0, &pct))
        .and_then(|s| s.write_string(6, 5, "社会科\n工业科"))
        .expect("row 7");
    // Row 8 is blank.
    sheet
        .write_number(8, 0, 4.0)
        .and_then(|s| s.write_string(8, 1, "完善交通"))
        .and_then(|s| s.write_string(8, 2, "市交通局"))
        .and_then(|s| s.write_string(8, 5, "规划科"))
        .expect("row 9");
    sheet
        .merge_range(10, 0, 10, 6, "填表人：张三　审核人：李四", &plain)
        .expect("footer");
    book.save_to_buffer().expect("xlsx")
}

/// The rows `gongwen::load` reads from `dir/notice.toml`, with its diagnostics.
fn load_rows(dir: &Path) -> (Vec<(u32, Vec<String>)>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let loaded =
        gongwen::load(&dir.join("notice.toml"), None, &mut diags).expect("the sheet reads");
    let rows = loaded
        .model
        .tasks()
        .map(|r| (r.sheet_row, r.cells.clone()))
        .collect();
    // The 填表人 footer (not in the CSV) is kept, as a total row.
    let others: Vec<gongwen::model::RowKind> = loaded
        .model
        .rows
        .iter()
        .filter(|r| !r.is_task())
        .map(|r| r.kind)
        .collect();
    assert!(
        others.iter().all(|k| *k == gongwen::model::RowKind::Total),
        "{others:?}"
    );
    (rows, diags)
}

fn assert_rows(dir: &Path) -> Diagnostics {
    let (rows, diags) = load_rows(dir);
    let expected: Vec<(u32, Vec<String>)> = expected_rows()
        .into_iter()
        .map(|(r, cells)| (r, cells.into_iter().map(String::from).collect()))
        .collect();
    assert_eq!(rows, expected);
    diags
}

fn warnings(diags: &Diagnostics) -> Vec<String> {
    diags.items().iter().map(|d| d.to_string()).collect()
}

#[test]
fn a_clerks_xlsx_reads_exactly() {
    let dir = job_dir("progress.xlsx");
    std::fs::write(dir.path().join("progress.xlsx"), clerk_workbook()).expect("write");
    let diags = assert_rows(dir.path());
    let data = dir.path().join("progress.xlsx");
    assert_eq!(
        warnings(&diags),
        [format!(
            "warning: {}!附件!D9: the status (`上半年完成情况`) is empty",
            data.display()
        )]
    );
}

#[test]
fn check_reports_warnings_and_a_summary_and_exits_zero() {
    let dir = job_dir("progress.xlsx");
    std::fs::write(dir.path().join("progress.xlsx"), clerk_workbook()).expect("write");
    let out = gongwen(dir.path(), &["check", "notice.toml"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        ["warning: progress.xlsx!附件!D9: the status (`上半年完成情况`) is empty"]
    );
    // The notes sheet has no header; 附件's title names the job's period.
    assert_eq!(
        stdout,
        "progress.xlsx: read sheet `附件` (its name or title names the period 上半年)\nprogress.xlsx: 4 rows, 4 sections, 1 warnings, 0 errors\n"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("ls").count(),
        2,
        "check wrote something"
    );
}

#[test]
fn check_reports_job_and_sheet_errors_together() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("notice.toml"), "issuer = 3\n").expect("job");
    std::fs::write(dir.path().join("bad.xlsx"), "not a workbook").expect("data");
    let out = gongwen(dir.path(), &["check", "notice.toml", "--data", "bad.xlsx"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    // The wrong value, then each required key that is missing, then the sheet.
    assert_eq!(lines.len(), 8, "{stderr}");
    assert!(
        lines[0].starts_with("error: notice.toml:1: `issuer`: not valid"),
        "{stderr}"
    );
    for (line, key) in lines[1..7].iter().zip([
        "number",
        "title",
        "recipients",
        "date",
        "period",
        "attachment",
    ]) {
        assert_eq!(
            *line,
            format!("error: notice.toml: `{key}`: this key is required and missing")
        );
    }
    assert_eq!(
        lines[7],
        "error: bad.xlsx: not a spreadsheet (xlsx, xls, xlsb, ods or csv)"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("8 errors"));
}

#[test]
fn control_characters_are_removed_with_a_warning_naming_the_cell() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write_string(0, 0, "工作任务")
        .and_then(|s| s.write_string(0, 1, "完成情况"))
        .and_then(|s| s.write_string(1, 0, "修路\u{1}\u{b}"))
        .and_then(|s| s.write_string(1, 1, "完成\u{7}"))
        .expect("write");
    let dir = job_dir("progress.xlsx");
    std::fs::write(
        dir.path().join("progress.xlsx"),
        book.save_to_buffer().expect("xlsx"),
    )
    .expect("write");
    let (rows, diags) = load_rows(dir.path());
    assert_eq!(rows, [(2, vec!["修路".to_string(), "完成".to_string()])]);
    let messages = warnings(&diags);
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].ends_with(
            "progress.xlsx!Sheet1!A2: removed control characters that a document cannot hold"
        ),
        "{messages:?}"
    );
    assert!(messages[1].contains("!Sheet1!B2: "), "{messages:?}");
}

#[test]
fn the_clerks_xls_reads_exactly() {
    let dir = job_dir("progress.xls");
    std::fs::copy(
        root().join("tests/fixtures/ingest/progress.xls"),
        dir.path().join("progress.xls"),
    )
    .expect("copy");
    assert_rows(dir.path());
}

#[test]
fn the_clerks_ods_reads_exactly() {
    let dir = job_dir("progress.ods");
    std::fs::copy(
        root().join("tests/fixtures/ingest/progress.ods"),
        dir.path().join("progress.ods"),
    )
    .expect("copy");
    assert_rows(dir.path());
}

/// The clerk's table as CSV text, as Excel saves it (values as shown).
fn clerk_csv() -> String {
    let mut text = String::from("2016年重点工作任务上半年完成情况表,,,,,,\n");
    text.push_str(&HEADER.join(","));
    text.push('\n');
    let mut row = 5;
    for (r, cells) in expected_rows() {
        while row < r {
            text.push_str(",,,,,,\n");
            row += 1;
        }
        let quoted: Vec<String> = cells
            .iter()
            .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
            .collect();
        text.push_str(&quoted.join(","));
        text.push('\n');
        row += 1;
    }
    text
}

fn csv_rows_shifted() -> Vec<(u32, Vec<String>)> {
    // The CSV has one title row fewer than the workbook.
    expected_rows()
        .into_iter()
        .map(|(r, cells)| (r - 2, cells.into_iter().map(String::from).collect()))
        .collect()
}

#[test]
fn a_gbk_csv_from_chinese_excel_reads_exactly() {
    let text = clerk_csv();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let dir = job_dir("progress.csv");
    std::fs::write(dir.path().join("progress.csv"), &gbk).expect("write");
    let (rows, _) = load_rows(dir.path());
    assert_eq!(rows, csv_rows_shifted());
    // Forcing the wrong encoding is an error, not garbled text.
    let out = gongwen(dir.path(), &["check", "notice.toml", "--encoding", "utf-8"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("progress.csv: line 1 is not valid UTF-8")
    );
    let out = gongwen(dir.path(), &["check", "notice.toml", "--encoding", "gbk"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_utf8_csv_with_a_byte_order_mark_reads_exactly() {
    let dir = job_dir("progress.csv");
    let mut file = std::fs::File::create(dir.path().join("progress.csv")).expect("create");
    file.write_all(b"\xEF\xBB\xBF").expect("bom");
    file.write_all(clerk_csv().as_bytes()).expect("write");
    drop(file);
    let (rows, diags) = load_rows(dir.path());
    assert_eq!(rows, csv_rows_shifted());
    let messages = warnings(&diags);
    assert!(
        messages
            .iter()
            .any(|m| m.contains("progress.csv!7:7: row skipped")
                || m.contains("progress.csv!D7: the status")),
        "{messages:?}"
    );
}

#[test]
fn an_xml_like_cell_appears_literally_in_a_well_formed_document() {
    let dir = job_dir("progress.xlsx");
    std::fs::write(dir.path().join("progress.xlsx"), clerk_workbook()).expect("write");
    gongwen_ok(
        dir.path(),
        &["render", "notice.toml", "--out", "notice.docx"],
    );
    let docx = dir.path().join("notice.docx");
    for part in ["word/document.xml", "word/styles.xml", "docProps/core.xml"] {
        let xml = docx_part(&docx, part);
        roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{part}: {e}"));
    }
    let xml = docx_part(&docx, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).expect("xml");
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(para_text)
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t == "推进<w:p>标签＆“双创”" || t == "推进<w:p>标签 & “双创”"),
        "{texts:?}"
    );
    for shown in ["52%", "17.5%", "1300", "2016年7月5日"] {
        assert!(
            texts.iter().any(|t| t == shown),
            "{shown} missing: {texts:?}"
        );
    }
    if renderer_available() {
        // Table cells wrap, so compare without line breaks and spaces.
        let pages: String = pdf_pages(&to_pdf(&docx))
            .concat()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        for shown in ["52%", "17.5%", "2016年7月5日", "<w:p>"] {
            assert!(pages.contains(shown), "{shown} not on the page: {pages}");
        }
    }
}

#[test]
fn the_ods_renders_and_opens_in_libreoffice() {
    let dir = job_dir("progress.ods");
    std::fs::copy(
        root().join("tests/fixtures/ingest/progress.ods"),
        dir.path().join("progress.ods"),
    )
    .expect("copy");
    gongwen_ok(
        dir.path(),
        &["render", "notice.toml", "--out", "notice.docx"],
    );
    let docx = dir.path().join("notice.docx");
    roxmltree::Document::parse(&docx_part(&docx, "word/document.xml")).expect("well-formed");
    if renderer_available() {
        let pages = pdf_pages(&to_pdf(&docx)).join("\n");
        assert!(pages.contains("完善交通"), "{pages}");
    }
}

// ---------------------------------------------------------------------------
// Bad input: one line, exit code 1, no panic, the old output untouched.

/// Runs `render` and `check` on `file` (written as `name`) next to an
/// existing output file; asserts both fail with `message` in one error line,
/// and that the output file is byte-identical. Returns the error line.
fn refused(name: &str, file: &[u8], message: &str) -> String {
    let dir = job_dir(name);
    std::fs::write(dir.path().join(name), file).expect("write data");
    let previous = b"the notice sent last quarter".to_vec();
    std::fs::write(dir.path().join("notice.docx"), &previous).expect("old output");
    let out = gongwen(
        dir.path(),
        &["render", "notice.toml", "--out", "notice.docx"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(errors[0].starts_with(&format!("error: {name}")), "{stderr}");
    assert!(errors[0].contains(message), "{stderr}");
    assert_eq!(
        std::fs::read(dir.path().join("notice.docx")).expect("output"),
        previous
    );
    let out = gongwen(dir.path(), &["check", "notice.toml"]);
    let check_err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{check_err}");
    assert_eq!(check_err.trim_end(), errors[0], "check and render differ");
    let names: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(names.len(), 3, "something was written: {names:?}");
    errors[0].to_string()
}

#[test]
fn a_truncated_workbook_is_refused() {
    let full = clerk_workbook();
    let line = refused(
        "progress.xlsx",
        &full[..full.len() / 2],
        "the file is damaged or incomplete",
    );
    assert!(line.starts_with("error: progress.xlsx: "), "{line}");
}

#[test]
fn a_text_file_named_xlsx_is_not_a_spreadsheet() {
    let line = refused(
        "progress.xlsx",
        "工作任务,完成情况\n修路,完成\n".as_bytes(),
        "not a spreadsheet (xlsx, xls, xlsb, ods or csv)",
    );
    assert_eq!(
        line,
        "error: progress.xlsx: not a spreadsheet (xlsx, xls, xlsb, ods or csv)"
    );
}

#[test]
fn a_word_document_named_xlsx_is_not_a_spreadsheet() {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .expect("entry");
    zip.write_all(b"<w:document/>").expect("write");
    let bytes = zip.finish().expect("zip").into_inner();
    refused("progress.xlsx", &bytes, "a zip package without a workbook");
}

#[test]
fn an_empty_file_and_an_empty_workbook_are_refused() {
    refused("progress.xlsx", b"", "the file is empty");
    let mut book = Workbook::new();
    book.add_worksheet();
    let bytes = book.save_to_buffer().expect("xlsx");
    refused(
        "progress.xlsx",
        &bytes,
        "the workbook is empty: no sheet has a filled cell",
    );
}

#[test]
fn a_sheet_without_the_header_lists_what_it_found() {
    let mut book = Workbook::new();
    book.add_worksheet()
        .set_name("台账")
        .expect("name")
        .write_string(0, 0, "项目")
        .and_then(|s| s.write_string(0, 1, "金额"))
        .expect("write");
    let bytes = book.save_to_buffer().expect("xlsx");
    refused(
        "progress.xlsx",
        &bytes,
        "no header row with `工作任务` and `完成情况` in the first 20 rows (set [attachment.columns] in the job); found: 台账: 项目 | 金额",
    );
}

/// A minimal .xlsx package around one worksheet and optional shared strings.
fn package(sheet: &str, shared_strings: Option<&str>) -> Vec<u8> {
    package_at("worksheets/sheet1.xml", sheet, shared_strings)
}

/// [`package`] with the worksheet at `part` (relative to `xl/`).
fn package_at(part: &str, sheet: &str, shared_strings: Option<&str>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    let mut parts = vec![
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string(),
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="附件" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="PART"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#.to_string(),
        ),
    ];
    parts[3].1 = parts[3].1.replace("PART", part);
    let sheet_path = format!("xl/{part}");
    parts.push((&sheet_path, sheet.to_string()));
    if let Some(sst) = shared_strings {
        parts.push(("xl/sharedStrings.xml", sst.to_string()));
    }
    for (name, text) in parts {
        zip.start_file(name, opts).expect("entry");
        zip.write_all(text.as_bytes()).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

const SHEET_HEAD: &str = r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;

#[test]
fn a_tiny_sheet_spanning_a1_to_xfd1048576_is_refused_before_calamine() {
    let sheet = format!(
        r#"{SHEET_HEAD}<dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>工作任务</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>"#
    );
    let bytes = package(&sheet, None);
    assert!(bytes.len() < 7 * 1024, "{} bytes", bytes.len());
    let line = refused(
        "progress.xlsx",
        &bytes,
        "the filled cells span A1:XFD1048576, 17179869184 cells, more than the 5000000 gongwen reads",
    );
    assert!(
        line.starts_with("error: progress.xlsx!附件!XFD1048576: "),
        "{line}"
    );
}

#[test]
fn the_span_is_checked_whatever_the_worksheet_part_is_called() {
    let sheet = format!(
        r#"{SHEET_HEAD}<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>"#
    );
    refused(
        "progress.xlsx",
        &package_at("data/cells.png", &sheet, None),
        "the filled cells span A1:XFD1048576",
    );
}

#[test]
fn a_huge_shared_string_count_is_refused_before_calamine() {
    let sheet = format!(
        r#"{SHEET_HEAD}<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#
    );
    let sst = r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="100000000000"><si><t>工作任务</t></si></sst>"#;
    refused(
        "progress.xlsx",
        &package(&sheet, Some(sst)),
        "part `xl/sharedStrings.xml`: the shared strings declare uniqueCount=\"100000000000\"",
    );
}

#[test]
fn a_zip_bomb_is_refused() {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/workbook.xml", opts).expect("entry");
    zip.write_all(b"<workbook/>").expect("write");
    zip.start_file("xl/worksheets/sheet1.xml", opts)
        .expect("entry");
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..10 {
        zip.write_all(&zeros).expect("write");
    }
    let bytes = zip.finish().expect("zip").into_inner();
    refused("progress.xlsx", &bytes, "(a zip bomb?)");
}

/// Writes the clerk's workbook to `tests/fixtures/ingest/progress.xlsx`, the
/// source of the committed .xls and .ods (see the README there).
#[test]
#[ignore = "writes the fixture source; run by hand"]
fn write_clerk_workbook() {
    std::fs::write(
        root().join("tests/fixtures/ingest/progress.xlsx"),
        clerk_workbook(),
    )
    .expect("write");
}

/// Inputs the fuzzer (`fuzz/`, target `sheet_to_model`) found, kept in
/// `tests/fixtures/fuzz/`: read the way the target reads them (the first
/// byte picks the file name and the encoding), each must give a table or a
/// one-line error, never a panic.
#[test]
fn inputs_the_fuzzer_found_stay_fixed() {
    let dir = root().join("tests/fixtures/fuzz");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        seen += 1;
        let data = std::fs::read(&path).expect("read");
        let Some((&choice, bytes)) = data.split_first() else {
            continue;
        };
        let name = if choice & 1 == 0 {
            "data.xlsx"
        } else {
            "data.csv"
        };
        let encoding = match (choice >> 1) & 3 {
            1 => Some(gongwen::sheet::Encoding::Utf8),
            2 => Some(gongwen::sheet::Encoding::Gb18030),
            _ => None,
        };
        let mut diags = Diagnostics::default();
        let read = gongwen::sheet::read_table_from_bytes(
            Path::new(name),
            bytes,
            None,
            &gongwen::job::Columns::default(),
            encoding,
            &mut diags,
        );
        let model_error = read
            .as_ref()
            .ok()
            .and_then(|table| gongwen::model::Progress::from_table(table, &mut diags).err());
        let messages = diags
            .items()
            .iter()
            .map(|d| d.to_string())
            .chain(read.err().map(|e| e.to_string()))
            .chain(model_error.map(|e| e.to_string()));
        for m in messages {
            assert!(!m.contains('\n'), "{}: {m}", path.display());
        }
    }
    assert!(seen > 0);
}

#[test]
fn a_damaged_xls_that_the_reader_panics_on_is_refused_in_one_line() {
    let found =
        std::fs::read(root().join("tests/fixtures/fuzz/xls-short-bof-record")).expect("fixture");
    refused(
        "progress.xls",
        &found[1..],
        "the file is damaged or incomplete (the spreadsheet reader failed on it)",
    );
}

#[test]
fn a_hidden_sheet_is_tried_after_the_visible_ones() {
    let mut book = Workbook::new();
    let old = book.add_worksheet().set_name("旧表").expect("name");
    old.write_string(0, 0, "工作任务")
        .and_then(|s| s.write_string(0, 1, "完成情况"))
        .and_then(|s| s.write_string(1, 0, "去年的任务"))
        .and_then(|s| s.write_string(1, 1, "已完成"))
        .expect("write");
    old.set_hidden(true);
    book.add_worksheet()
        .set_name("今年")
        .expect("name")
        .set_active(true)
        .write_string(2, 0, "重点工作")
        .and_then(|s| s.write_string(2, 1, "进展情况"))
        .and_then(|s| s.write_string(3, 0, "今年的任务"))
        .and_then(|s| s.write_string(3, 1, "推进中"))
        .expect("write");
    let dir = job_dir("progress.xlsx");
    std::fs::write(
        dir.path().join("progress.xlsx"),
        book.save_to_buffer().expect("xlsx"),
    )
    .expect("write");
    let (rows, _) = load_rows(dir.path());
    assert_eq!(
        rows,
        [(4, vec!["今年的任务".to_string(), "推进中".to_string()])]
    );
}
