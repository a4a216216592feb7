//! Filling an office's own .docx (`template = "红头.docx"`): the example
//! template the project makes, and the two public files WPS wrote, in
//! `../shared/reference/public-templates/` (read where they are, never
//! copied into the repository; skipped with a notice when absent, except
//! under `CI=true`).

use crate::common::*;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

/// A zip entry: its name, its stored (compressed) bytes and its content.
struct Entry {
    name: String,
    stored: Vec<u8>,
    content: Vec<u8>,
}

fn entries(bytes: &[u8]) -> Vec<Entry> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut stored = Vec::new();
        let name = {
            let mut raw = zip.by_index_raw(i).expect("entry");
            raw.read_to_end(&mut stored).expect("stored bytes");
            raw.name().expect("name").into_owned()
        };
        let mut content = Vec::new();
        zip.by_index(i)
            .expect("entry")
            .read_to_end(&mut content)
            .expect("content");
        out.push(Entry {
            name,
            stored,
            content,
        });
    }
    out
}

fn text_of(entries: &[Entry], name: &str) -> String {
    let e = entries
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no part {name}"));
    String::from_utf8(e.content.clone()).expect("UTF-8")
}

/// The example template's job, in the fixture folder.
fn example_job() -> PathBuf {
    fixture("template-example").join("notice.toml")
}

/// A job in `dir` filling a copy of the example template with three rows,
/// a short body, every 版头 element and a 版记.
fn small_job(dir: &Path) {
    std::fs::copy(
        fixture("template-example").join("红头.docx"),
        dir.join("红头.docx"),
    )
    .expect("copy template");
    write_table(
        &dir.join("台账.xlsx"),
        &[
            ("推进园区建设", "已完成标准厂房12万平方米", "园区科"),
            ("加快项目审批", "审批时限压缩至5个工作日", "审批科"),
            ("做好统计监测", "按月报送", "综合科"),
        ],
    );
    std::fs::write(
        dir.join("body.md.j2"),
        "一、总体要求\n\n请各科室对照任务抓好落实。\n",
    )
    .expect("body");
    let job = r#"template = "红头.docx"
issuer = "某某市发展和改革委员会"
mark = "某某市发展和改革委员会文件"
number = "某发改发〔2026〕8号"
title = "关于报送重点工作完成情况的通知"
recipients = ["机关各科室"]
date = 2026-09-01
period = "2026-Q3"
body = "body.md.j2"
signer = "张某某"
secrecy = "秘密★1年"
urgency = "特急"
copy_number = 7

[contact]
name = "李某"
phone = "12345678"

[attachment]
title = "重点工作{{ period_label }}完成情况表"
data = "台账.xlsx"

[distribution]
cc = ["市人民政府办公室"]
printer = "某某市发展和改革委员会办公室"
printed = 2026-09-01
"#;
    std::fs::write(dir.join("notice.toml"), job).expect("job");
}

/// The rows of the `n`th table (0-based) of a part.
fn rows_of_table(xml: &str, n: usize) -> usize {
    let doc = roxmltree::Document::parse(xml).expect("well-formed");
    let table = doc
        .descendants()
        .filter(|t| t.has_tag_name((W, "tbl")))
        .nth(n)
        .expect("the table");
    table
        .children()
        .filter(|r| r.has_tag_name((W, "tr")))
        .count()
}

#[test]
fn the_example_templates_are_the_ones_the_project_makes() {
    for (name, made) in [
        ("红头.docx", gongwen::template::example::red_header()),
        (
            "发文红头.docx",
            gongwen::template::example::plain_red_header(),
        ),
    ] {
        let committed = std::fs::read(fixture("template-example").join(name)).expect("read");
        assert!(
            committed == made,
            "fixtures/template-example/{name} is stale: run `cargo run --example make_fixtures`"
        );
    }
}

#[test]
fn filling_keeps_every_untouched_part_as_stored_and_leaves_no_tag() {
    let dir = tempfile::tempdir().expect("tempdir");
    let job = example_job();
    let out = gongwen_ok(
        dir.path(),
        &[
            "render",
            job.to_str().expect("utf8"),
            "--out",
            "filled.docx",
        ],
    );
    assert!(
        out.contains("filled.docx: written (23 attachment rows"),
        "{out}"
    );
    let before = entries(&gongwen::template::example::red_header());
    let after = entries(&std::fs::read(dir.path().join("filled.docx")).expect("read"));
    let names = |e: &[Entry]| e.iter().map(|e| e.name.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&before),
        names(&after),
        "the same parts in the same order"
    );
    let changed = ["word/document.xml", "word/header1.xml", "word/styles.xml"];
    for (b, a) in before.iter().zip(&after) {
        if !changed.contains(&b.name.as_str()) {
            assert!(b.stored == a.stored, "{} was not copied as stored", b.name);
        }
        let text = String::from_utf8_lossy(&a.content);
        for tag in ["{{", "{%", "{#", "%}", "}}"] {
            assert!(!text.contains(tag), "{} still holds {tag}", a.name);
        }
    }
    // The styles part gains the table's styles before its end, nothing else.
    let (old, new) = (
        text_of(&before, "word/styles.xml"),
        text_of(&after, "word/styles.xml"),
    );
    let head = old.strip_suffix("</w:styles>").expect("styles end");
    assert!(new.starts_with(head) && new.ends_with("</w:styles>"));
    assert!(new.contains(r#"w:styleId="GongwenCellHead""#));

    let doc = text_of(&after, "word/document.xml");
    assert_eq!(doc.matches("<w:sectPr>").count(), 3, "every section kept");
    assert!(doc.contains(r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>"#));
    assert!(doc.contains(r#"<w:bookmarkStart w:id="0" w:name="发文字号"/>"#));
    assert!(
        !doc.contains("_GoBack"),
        "Word's last-edit bookmark inside the tag goes"
    );
    assert!(
        doc.contains(r#"<w:sdt><w:sdtPr><w:alias w:val="署名"/>"#),
        "the content control stays"
    );
    assert!(
        doc.contains(r#"name="红色分隔线""#) && doc.contains("<v:line "),
        "the red line stays"
    );
    // The task table: two header rows (merged cells), 23 rows, the 合计 row.
    assert_eq!(rows_of_table(&doc, 0), 2 + 23 + 1);
    assert!(
        doc.contains(r#"<w:vMerge w:val="restart"/>"#)
            && doc.contains(r#"<w:gridSpan w:val="2"/>"#)
    );
    // Three rows per section (13), under the heading row.
    assert_eq!(rows_of_table(&doc, 1), 1 + 3 * 13);
    let body = para_texts(&doc);
    for value in [
        "000012",
        "加急",
        "株发改发〔2016〕193号",
        "签发人：张某某",
        "机关各科室、委属各单位：",
        "2016年8月30日",
        "抄送：市人民政府办公室。",
        "共 23 项任务，13 个责任科室",
    ] {
        assert!(
            body.iter().any(|p| p.contains(value)),
            "{value} missing: {body:#?}"
        );
    }
    assert!(
        !body.iter().any(|p| p.contains("秘密")),
        "no 密级, so its paragraphs go"
    );
    // The mark, in both the DrawingML and the VML text box.
    let header = text_of(&after, "word/header1.xml");
    assert_eq!(
        header
            .matches("<w:t>株洲市发展和改革委员会文件</w:t>")
            .count(),
        2
    );
    assert_eq!(header.matches("<w:txbxContent>").count(), 2);
    // The footers' PAGE fields are untouched parts.
    assert!(text_of(&after, "word/footer1.xml").contains("<w:fldChar w:fldCharType=\"begin\"/>"));
}

/// Every paragraph's text.
fn para_texts(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed");
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(para_text)
        .collect()
}

#[test]
fn values_are_escaped_and_stripped_of_what_xml_cannot_hold() {
    let dir = tempfile::tempdir().expect("tempdir");
    small_job(dir.path());
    let job = std::fs::read_to_string(dir.path().join("notice.toml")).expect("job");
    let job = job.replace(r#"signer = "张某某""#, r#"signer = "张&<某>\u0001某""#);
    std::fs::write(dir.path().join("notice.toml"), job).expect("job");
    gongwen_ok(dir.path(), &["render", "--out", "filled.docx"]);
    let doc = docx_part(&dir.path().join("filled.docx"), "word/document.xml");
    assert!(
        doc.contains("签发人：</w:t><w:t>张&amp;&lt;某&gt;某</w:t>"),
        "{doc}"
    );
    assert!(!doc.contains('\u{1}'));
    roxmltree::Document::parse(&doc).expect("well-formed");
}

#[test]
fn a_filled_template_renders_every_value_its_header_rows_and_its_pages() {
    if !renderer_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    small_job(dir.path());
    gongwen_ok(dir.path(), &["render", "--out", "filled.docx"]);
    let pdf = to_pdf(&dir.path().join("filled.docx"));
    let pages = pdf_pages(&pdf);
    let sizes = pdf_page_sizes(&pdf);
    // The notice and its task tables, the landscape attachment, the 版记
    // (each section starts a page).
    assert_eq!(pages.len(), 4, "{pages:#?}");
    let landscape: Vec<bool> = sizes.iter().map(|(w, h)| w > h).collect();
    assert_eq!(landscape, [false, false, true, false]);
    assert!(
        pages[1].contains("序号") && pages[1].contains("牵头任务 1 项"),
        "{pages:#?}"
    );
    assert!(pages[3].starts_with("抄送："), "{pages:#?}");
    let flat = |s: &str| s.split_whitespace().collect::<String>();
    let all = flat(&pages.concat());
    for value in [
        "某某市发展和改革委员会文件",
        "000007",
        "秘密★1年",
        "特急",
        "某发改发〔2026〕8号",
        "签发人：张某某",
        "关于报送重点工作完成情况的通知",
        "机关各科室：",
        "一、总体要求",
        "请各科室对照任务抓好落实。",
        "某某市发展和改革委员会",
        "2026年9月1日",
        "联系人：李某，电话：12345678",
        "共3项任务，3个责任科室",
        "审批科",
        "牵头任务1项",
        "重点工作第三季度完成情况表",
        "审批时限压缩至5个工作日",
        "抄送：市人民政府办公室。",
        "某某市发展和改革委员会办公室",
        "2026年9月1日印发",
    ] {
        assert!(
            all.contains(&flat(value)),
            "{value} not rendered: {pages:#?}"
        );
    }
    assert!(flat(&pages[2]).contains("完成情况") && flat(&pages[2]).contains("委内责任科室"));

    // The bundled 23 rows: the attachment runs over several landscape
    // pages, each with the header row on top.
    let out = tempfile::tempdir().expect("tempdir");
    let job = example_job();
    gongwen_ok(
        out.path(),
        &[
            "render",
            job.to_str().expect("utf8"),
            "--out",
            "filled.docx",
        ],
    );
    let pdf = to_pdf(&out.path().join("filled.docx"));
    let pages = pdf_pages(&pdf);
    let sizes = pdf_page_sizes(&pdf);
    let attachment: Vec<&String> = pages
        .iter()
        .zip(&sizes)
        .filter(|(_, (w, h))| w > h)
        .map(|(p, _)| p)
        .collect();
    assert!(
        attachment.len() >= 2,
        "{} landscape pages",
        attachment.len()
    );
    for page in attachment {
        assert!(
            flat(page).contains("上半年完成情况"),
            "no header row: {page}"
        );
    }
    assert!(flat(&pages.concat()).contains("株发改发〔2016〕193号"));
}

/// The two public WPS files, kept beside the repository (never in it: they
/// are other people's documents). Where they are not, the test is skipped
/// with a notice.
fn public_templates() -> Option<PathBuf> {
    let dir = root().join("../shared/reference/public-templates");
    if dir.join("pandoc-flow-gongwen-template.docx").is_file() {
        return Some(dir);
    }
    eprintln!(
        "note: {} not found; WPS template test skipped",
        dir.display()
    );
    None
}

/// `template` with `from` (the text of one run) replaced by `to` in its
/// main part, every other entry copied as stored.
fn with_tag(template: &Path, from: &str, to: &str) -> Vec<u8> {
    let bytes = std::fs::read(template).expect("read template");
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).expect("zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let name = zip
            .by_index_raw(i)
            .expect("entry")
            .name()
            .expect("name")
            .into_owned();
        if name == "word/document.xml" {
            let mut text = String::new();
            zip.by_index(i)
                .expect("entry")
                .read_to_string(&mut text)
                .expect("text");
            let from = format!(">{from}<");
            assert!(
                text.contains(&from),
                "{} has no run {from}",
                template.display()
            );
            let text = text.replacen(&from, &format!(">{to}<"), 1);
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .expect("entry");
            out.write_all(text.as_bytes()).expect("write");
        } else {
            out.raw_copy_file(zip.by_index_raw(i).expect("entry"))
                .expect("copy");
        }
    }
    out.finish().expect("zip").into_inner()
}

#[test]
fn wps_files_keep_every_other_part_byte_for_byte() {
    let Some(dir) = public_templates() else {
        return;
    };
    for (file, run, tag, value) in [
        (
            "pandoc-flow-gongwen-template.docx",
            "关于规范公文格式标准的通知",
            "{{ title }}",
            "株洲市发展和改革委员会关于加快年度重点工作任务推进落实的通知",
        ),
        (
            "formatter-test-joint-decision.docx",
            "2026年5月15日",
            "{{ date | cn_date }}",
            "2016年8月30日",
        ),
    ] {
        let work = copy_fixture("zhuzhou-2016-h1");
        let tagged = with_tag(&dir.join(file), run, tag);
        std::fs::write(work.path().join("wps.docx"), &tagged).expect("write");
        let job = work.path().join("notice.toml");
        let text = std::fs::read_to_string(&job).expect("job");
        std::fs::write(&job, format!("template = \"wps.docx\"\n{text}")).expect("job");
        gongwen_ok(work.path(), &["render", "--out", "filled.docx"]);
        let filled = std::fs::read(work.path().join("filled.docx")).expect("read");
        let (before, after) = (entries(&tagged), entries(&filled));
        assert_eq!(before.len(), after.len(), "{file}");
        for (b, a) in before.iter().zip(&after) {
            assert_eq!(b.name, a.name, "{file}: the same order");
            if b.name == "word/document.xml" {
                // Only the tag's text changes.
                let (old, new) = (
                    String::from_utf8_lossy(&b.content),
                    String::from_utf8_lossy(&a.content),
                );
                assert_eq!(
                    new,
                    old.replacen(&format!(">{tag}<"), &format!(">{value}<"), 1),
                    "{file}"
                );
            } else {
                assert!(b.stored == a.stored, "{file}: {} changed", b.name);
            }
        }
        let doc = text_of(&after, "word/document.xml");
        if file.starts_with("pandoc") {
            assert!(
                doc.contains("wpsCustomData:docfieldStart"),
                "the WPS 公文域 stay"
            );
            assert!(
                text_of(&after, "word/footer1.xml").contains("<v:shape"),
                "the VML footers stay"
            );
        }
        if auditor_ok() {
            let (old, new) = (
                findings(&work.path().join("wps.docx")),
                findings(&work.path().join("filled.docx")),
            );
            for f in &new {
                assert!(old.contains(f), "{file}: a new finding: {f}");
            }
        }
    }
}

fn auditor_ok() -> bool {
    crate::schema::auditor_available()
}

/// openxml-audit's findings on a file: part, path and description.
fn findings(file: &Path) -> Vec<String> {
    let out = crate::schema::auditor()
        .arg(file)
        .args([
            "--format",
            "office2019",
            "--max-errors",
            "0",
            "--output",
            "json",
        ])
        .output()
        .expect("run openxml-audit");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut found = Vec::new();
    for f in report.as_array().expect("files") {
        for e in f["errors"].as_array().into_iter().flatten() {
            found.push(format!(
                "{} {} {}",
                e["part_uri"], e["path"], e["description"]
            ));
        }
    }
    found
}

#[test]
fn a_filled_example_has_no_schema_finding() {
    if !auditor_ok() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    small_job(dir.path());
    gongwen_ok(dir.path(), &["render", "--out", "filled.docx"]);
    gongwen_ok(
        dir.path(),
        &["split", "--with-notice", "--out-dir", "notices"],
    );
    assert_eq!(
        findings(&dir.path().join("红头.docx")),
        Vec::<String>::new()
    );
    assert_eq!(
        findings(&dir.path().join("filled.docx")),
        Vec::<String>::new()
    );
    assert_eq!(
        findings(&dir.path().join("notices").join("审批科.docx")),
        Vec::<String>::new()
    );
}

#[test]
fn split_with_notice_fills_the_template_for_each_section() {
    let dir = tempfile::tempdir().expect("tempdir");
    small_job(dir.path());
    gongwen_ok(
        dir.path(),
        &["split", "--with-notice", "--out-dir", "notices"],
    );
    let doc = docx_part(
        &dir.path().join("notices").join("园区科.docx"),
        "word/document.xml",
    );
    let texts = para_texts(&doc);
    assert!(texts.iter().any(|t| t == "园区科："), "{texts:#?}");
    assert!(
        texts.iter().any(|t| t.contains("共 1 项任务")),
        "{texts:#?}"
    );
    // Without --with-notice, extracts stay the built-in attachment.
    gongwen_ok(dir.path(), &["split", "--out-dir", "extracts"]);
    let doc = docx_part(
        &dir.path().join("extracts").join("园区科.docx"),
        "word/document.xml",
    );
    assert!(!doc.contains("签发人"));
}

#[test]
fn check_lists_the_tags_and_the_unknown_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    small_job(dir.path());
    let out = gongwen_ok(dir.path(), &["check"]);
    assert!(
        out.contains("红头.docx: 43 tags in 2 parts, 0 with unknown variables"),
        "{out}"
    );
    // The mark's text box, in DrawingML and in VML: paragraphs 2 and 3.
    assert!(out.contains("  word/header1.xml paragraph 2: {{ mark }}\n  word/header1.xml paragraph 3: {{ mark }}\n"), "{out}");
    assert!(
        out.contains("  word/document.xml paragraph 12: {{ number }}"),
        "{out}"
    );

    // Two unknown variables and an unbalanced loop: all reported at once.
    let template = dir.path().join("红头.docx");
    let broken = {
        let mut bytes = Vec::new();
        std::fs::File::open(&template)
            .expect("open")
            .read_to_end(&mut bytes)
            .expect("read");
        let once = with_tag(&template, "{{ title }}", "{{ titel }}");
        std::fs::write(&template, &once).expect("write");
        let twice = with_tag(&template, "{{ signature }}", "{{ signatur }}");
        std::fs::write(&template, &twice).expect("write");
        with_tag(&template, "{%tr endfor %}", "末行")
    };
    std::fs::write(&template, broken).expect("write");
    let out = gongwen(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(stderr.contains("error: 红头.docx!word/document.xml: paragraph 18 `{{ titel }}`: unknown variable titel"), "{stderr}");
    assert!(
        stderr.contains("paragraph 25 `{{ signatur }}`: unknown variable signatur"),
        "{stderr}"
    );
    assert!(stderr.contains("paragraph 40 `{%tr for name, count in stats.per_section | items %}`: no {% endfor %} closes it"), "{stderr}");
    assert!(
        stdout.contains("  word/document.xml paragraph 18: {{ titel }} (unknown variable)"),
        "{stdout}"
    );
    assert!(stdout.contains("2 with unknown variables"), "{stdout}");

    // render says the same, writes nothing, and counts them.
    let out = gongwen(dir.path(), &["render", "--out", "filled.docx"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.lines().filter(|l| l.starts_with("error: ")).count(),
        4,
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "error: 红头.docx: 3 problems in the template (listed above); nothing written"
        ),
        "{stderr}"
    );
    assert!(!dir.path().join("filled.docx").exists());
}

#[test]
fn init_with_a_template_writes_a_job_that_fills_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        fixture("template-example").join("红头.docx"),
        dir.path().join("红头.docx"),
    )
    .expect("copy");
    let out = gongwen_ok(dir.path(), &["init", "2026-Q3", "--template", "红头.docx"]);
    assert!(out.contains("notice.toml"), "{out}");
    let job = std::fs::read_to_string(dir.path().join("2026-Q3/notice.toml")).expect("job");
    assert!(job.contains("\ntemplate = \"../红头.docx\"\n"), "{job}");
    let out = gongwen_ok(dir.path(), &["render", "2026-Q3", "--out", "filled.docx"]);
    assert!(out.contains("filled.docx: written"), "{out}");
    let doc = docx_part(&dir.path().join("filled.docx"), "word/document.xml");
    assert!(
        doc.contains("某某发〔"),
        "the job's placeholder number is filled in"
    );

    let out = gongwen(dir.path(), &["init", "other", "--template", "台账.xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("other/notice.toml").exists());
}

#[test]
fn a_template_that_is_no_word_file_is_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    small_job(dir.path());
    std::fs::write(dir.path().join("红头.docx"), "这不是一个 Word 文件").expect("garbage");
    for args in [
        &["render", "--out", "out.docx"][..],
        &["split", "--with-notice", "--out-dir", "notices"][..],
    ] {
        let out = gongwen(dir.path(), args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("红头.docx"), "{args:?}: {stderr}");
    }
    assert!(!dir.path().join("out.docx").exists());
    assert!(!dir.path().join("notices").join("园区科.docx").exists());
}
