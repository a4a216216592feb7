//! Several attachments (`[[attachments]]`): the 附件说明 numbers them
//! (GB/T 9704 7.3.4), each starts a page labelled 附件1, 附件2 … (clause 8)
//! over its own table; a section's extract carries each attachment that has
//! rows for it; `check` reads every sheet.

use crate::common::*;
use std::path::Path;

const TWO: &str = "two-attachments";

/// The text of every body paragraph of a .docx, in order.
fn paragraphs(docx: &Path) -> Vec<String> {
    let xml = docx_part(docx, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).expect("document.xml parses");
    let body = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "body")))
        .expect("a body");
    body.children()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(para_text)
        .collect()
}

/// The number of body rows (not header rows) of each table of a .docx.
fn table_sizes(docx: &Path) -> Vec<usize> {
    let xml = docx_part(docx, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).expect("document.xml parses");
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "tbl")))
        .filter(|t| t.children().any(|r| r.has_tag_name((W, "tr"))))
        .map(|t| {
            t.children()
                .filter(|r| r.has_tag_name((W, "tr")) && child(*r, "tblHeader").is_none())
                .count()
        })
        .collect()
}

#[test]
fn two_attachments_are_numbered_in_the_note_and_each_has_its_page() {
    let dir = copy_fixture(TWO);
    let out = gongwen_ok(dir.path(), &["render", "--out", "notice.docx"]);
    assert!(out.contains("10 attachment rows"), "{out}");
    let docx = dir.path().join("notice.docx");
    let texts = paragraphs(&docx);
    let has = |t: &str| texts.iter().any(|p| p == t);
    assert!(
        has("附件：1.2017年重点工作前三季度完成情况表"),
        "{texts:#?}"
    );
    assert!(
        has("2.2017年交通重点建设项目前三季度推进情况表"),
        "{texts:#?}"
    );
    assert!(has("附件1") && has("附件2"), "{texts:#?}");
    assert!(!has("附件"), "a lone 附件 label: {texts:#?}");
    let first = texts.iter().position(|p| p == "附件1").expect("附件1");
    let second = texts.iter().position(|p| p == "附件2").expect("附件2");
    assert!(first < second);
    // Each its own table: 10 key tasks, 6 projects (and the 版记's table).
    let sizes = table_sizes(&docx);
    assert_eq!(&sizes[..2], &[10, 6], "{sizes:?}");
}

#[test]
fn check_reads_every_attachment_s_sheet() {
    let dir = copy_fixture(TWO);
    let out = gongwen(dir.path(), &["check"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("read sheet `台账`"), "{stdout}");
    assert!(stdout.contains("read sheet `重点项目`"), "{stdout}");
    assert!(stdout.contains("attachments[2]: 6 rows"), "{stdout}");

    // A broken second attachment is found, named by its key and line.
    let job = dir.path().join("notice.toml");
    let text = std::fs::read_to_string(&job).expect("read");
    let broken = text.replace(
        "sheet = \"重点项目\"",
        "sheet = \"重点项目\"\ntitel = \"x\"",
    );
    std::fs::write(&job, broken).expect("write");
    let out = gongwen(dir.path(), &["check"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("notice.toml:34: `attachments[2].titel`: no such key"),
        "{stderr}"
    );

    // The second names a sheet the workbook does not have: the render
    // stops, naming it.
    std::fs::write(
        &job,
        text.replace("sheet = \"重点项目\"", "sheet = \"重点工程\""),
    )
    .expect("write");
    let out = gongwen(dir.path(), &["render", "--out", "notice.docx"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("重点工程"), "{stderr}");
    assert!(!dir.path().join("notice.docx").exists());
}

#[test]
fn a_section_s_extract_carries_the_attachments_it_has_rows_in() {
    let dir = copy_fixture(TWO);
    gongwen_ok(dir.path(), &["split", "--out-dir", "extracts"]);
    // 建设科 has tasks and projects: both attachments, numbered.
    let jianshe = dir.path().join("extracts/建设科.docx");
    let texts = paragraphs(&jianshe);
    assert!(texts.iter().any(|p| p == "附件1"), "{texts:#?}");
    assert!(texts.iter().any(|p| p == "附件2"), "{texts:#?}");
    assert!(
        texts
            .iter()
            .any(|p| p == "2017年交通重点建设项目前三季度推进情况表（建设科）"),
        "{texts:#?}"
    );
    assert_eq!(table_sizes(&jianshe)[1], 2);
    // 财务科 has no project: the first attachment alone, labelled 附件.
    let caiwu = dir.path().join("extracts/财务科.docx");
    let texts = paragraphs(&caiwu);
    assert!(texts.iter().any(|p| p == "附件"), "{texts:#?}");
    assert!(!texts.iter().any(|p| p.starts_with("附件1")), "{texts:#?}");
    assert_eq!(table_sizes(&caiwu).len(), 1);

    // With the notice: its 附件说明 lists what the extract carries.
    gongwen_ok(
        dir.path(),
        &["split", "--with-notice", "--out-dir", "notices"],
    );
    let texts = paragraphs(&dir.path().join("notices/财务科.docx"));
    assert!(
        texts
            .iter()
            .any(|p| p == "附件：2017年重点工作前三季度完成情况表（财务科）"),
        "{texts:#?}"
    );
}

#[test]
fn one_form_of_attachments_only_and_one_with_a_template() {
    let dir = copy_fixture(TWO);
    let job = dir.path().join("notice.toml");
    let text = std::fs::read_to_string(&job).expect("read");
    let both = format!(
        "{}\n[attachment]\ntitle = \"表\"\ndata = \"progress.xlsx\"\n",
        text
    );
    std::fs::write(&job, both).expect("write");
    let out = gongwen(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("give either [attachment] or [[attachments]], not both"),
        "{stderr}"
    );

    let red = fixture("template-example").join("红头.docx");
    let templated = format!("template = \"{}\"\n{text}", red.display());
    std::fs::write(&job, templated).expect("write");
    let out = gongwen(dir.path(), &["render", "--out", "notice.docx"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "`template`: a filled template (`template`) takes one attachment and this job has 2"
        ),
        "{stderr}"
    );

    // The first of several names its spreadsheet.
    let no_data = text.replacen("data = \"progress.xlsx\"\n", "", 1);
    std::fs::write(&job, no_data).expect("write");
    let out = gongwen(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`attachments[1].data`: this key is required and missing"),
        "{stderr}"
    );
}

/// Measured on paper: the numbers of the 附件说明 stand in one column, a
/// name that wraps continues under its first character, and each
/// attachment's label is on the first line of a page of its own.
#[test]
fn the_note_s_numbers_align_and_each_attachment_starts_a_page() {
    if !renderer_available() {
        return;
    }
    let dir = copy_fixture(TWO);
    let job = dir.path().join("notice.toml");
    let text = std::fs::read_to_string(&job).expect("read");
    // A second title long enough to wrap in the 附件说明.
    let long = text.replace(
        "title = \"2017年交通重点建设项目{{ period_label }}推进情况表\"",
        "title = \"2017年全市交通重点建设项目和农村公路建设{{ period_label }}推进情况及下一步工作安排表\"",
    );
    std::fs::write(&job, long).expect("write");
    gongwen_ok(dir.path(), &["render", "--out", "notice.docx"]);
    let pdf = to_pdf(&dir.path().join("notice.docx"));
    let pages = pdf_words(&pdf);
    let (page, note) = pages
        .iter()
        .enumerate()
        .find_map(|(i, words)| {
            words
                .iter()
                .position(|w| w.text.starts_with("附件：1."))
                .map(|at| (i, at))
        })
        .expect("the 附件说明");
    let words = &pages[page];
    let one = &words[note];
    let two = words
        .iter()
        .find(|w| w.text.starts_with("2.") && w.y_min > one.y_min)
        .expect("the second entry");
    // 附件： is three characters of 3号 (16 pt, as set 15.75 pt).
    let number_x = mm(one.x_min) + 3.0 * 16.0 * 25.4 / 72.0;
    assert!(
        (mm(two.x_min) - number_x).abs() <= 1.0,
        "2. at {:.1} mm, 1. at {number_x:.1} mm",
        mm(two.x_min)
    );
    // The wrapped line of the second name: under the name, one em (1.)
    // right of the numbers.
    let pitch = 579.0 / 20.0;
    let wrapped = words
        .iter()
        .find(|w| (w.y_min - two.y_min - pitch).abs() < 3.0)
        .expect("the second name wraps");
    let name_x = number_x + 16.0 * 25.4 / 72.0;
    assert!(
        (mm(wrapped.x_min) - name_x).abs() <= 1.0,
        "the wrapped name at {:.1} mm, the name at {name_x:.1} mm",
        mm(wrapped.x_min)
    );
    // 附件1 and 附件2: each the first word of its own page, at the type
    // area's top left.
    let starts: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, w)| {
            w.first().is_some_and(|w| {
                w.text == "附件" || w.text.starts_with("附件1") || w.text.starts_with("附件2")
            })
        })
        .map(|(i, _)| i)
        .collect();
    assert_eq!(starts.len(), 2, "pages starting with a label: {starts:?}");
    for &p in &starts {
        let label = &pages[p][0];
        assert!(
            (mm(label.x_min) - 28.0).abs() <= 1.0,
            "label at {:.1} mm",
            mm(label.x_min)
        );
        assert!(
            mm(label.y_min) < 37.0 + 10.0,
            "label at {:.1} mm",
            mm(label.y_min)
        );
    }
}

#[test]
fn the_body_sees_every_attachment_s_title() {
    let dir = copy_fixture(TWO);
    std::fs::write(
        dir.path().join("body.md.j2"),
        "附件共{{ attachment_titles | length }}个：{{ attachment_titles | join(\"；\") }}。首个为{{ attachment_title }}，共{{ stats.rows }}项。",
    )
    .expect("write body");
    gongwen_ok(dir.path(), &["render", "--out", "notice.docx"]);
    let texts = paragraphs(&dir.path().join("notice.docx"));
    let want = "附件共2个：2017年重点工作前三季度完成情况表；2017年交通重点建设项目前三季度推进情况表。首个为2017年重点工作前三季度完成情况表，共10项。";
    assert!(texts.iter().any(|p| p == want), "{texts:#?}");
}

/// A further attachment's section that the first does not name has no
/// extract: `split` says which rows are in none.
#[test]
fn rows_of_a_section_only_a_further_attachment_names_are_reported() {
    let dir = copy_fixture(TWO);
    std::fs::write(
        dir.path().join("projects.csv"),
        "序号,项目名称,建设单位,进展情况,责任科室\n1,港区道路,港务公司,完成80%,建设科\n2,机关食堂改造,机关服务中心,完成设计,后勤科\n3,档案数字化,机关服务中心,完成招标,后勤科\n",
    )
    .expect("write csv");
    let job = dir.path().join("notice.toml");
    let text = std::fs::read_to_string(&job).expect("read");
    std::fs::write(
        &job,
        text.replace("sheet = \"重点项目\"", "data = \"projects.csv\""),
    )
    .expect("write");
    let out = gongwen(dir.path(), &["split", "--out-dir", "extracts"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: projects.csv: 2 rows of attachments[2] are for 后勤科, which the first attachment does not name"),
        "{stderr}"
    );
    assert!(!stderr.contains("建设科, which"), "{stderr}");
    assert!(!dir.path().join("extracts/后勤科.docx").exists());
}
