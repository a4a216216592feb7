//! `gongwen render` on the bundled fixtures: the package's XML, determinism,
//! errors, and the round trip through LibreOffice.

use crate::common::*;
use std::path::{Path, PathBuf};

const SEED: &str = "zhuzhou-2016-h1";
const SECOND: &str = "xiangtan-2017-q3";

/// Renders a fixture's job into a fresh folder; returns the folder and the .docx.
fn render_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let job = fixture(name).join("notice.toml");
    gongwen_ok(dir.path(), &["render", job.to_str().expect("utf8")]);
    let out = dir.path().join(format!("out/{name}.docx"));
    (dir, out)
}

fn document(docx: &Path) -> String {
    docx_part(docx, "word/document.xml")
}

fn paragraph_with<'a, 'i>(
    doc: &'a roxmltree::Document<'i>,
    start: &str,
) -> roxmltree::Node<'a, 'i> {
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .find(|p| para_text(*p).starts_with(start))
        .unwrap_or_else(|| panic!("no paragraph starting with {start}"))
}

#[test]
fn render_writes_the_default_output_under_the_current_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let job = fixture(SEED).join("notice.toml");
    let stdout = gongwen_ok(dir.path(), &["render", job.to_str().expect("utf8")]);
    // Named after the job's folder: two jobs never share an output.
    let out = dir.path().join(format!("{SEED_OUT}.docx"));
    assert!(out.exists(), "no {SEED_OUT}.docx; stdout: {stdout}");
    assert!(stdout.contains("23 attachment rows"), "{stdout}");
    assert!(stdout.contains(&format!("{SEED_OUT}.docx")), "{stdout}");
}

#[test]
fn the_page_is_a4_with_the_standard_margins_and_line_grid() {
    let (_dir, docx) = render_fixture(SEED);
    let xml = document(&docx);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed document.xml");
    let sect = doc
        .descendants()
        .rfind(|n| n.has_tag_name((W, "sectPr")))
        .expect("sectPr");
    let size = child(sect, "pgSz").expect("pgSz");
    assert_eq!(
        (wattr(size, "w"), wattr(size, "h")),
        (Some("11906"), Some("16838"))
    );
    let mar = child(sect, "pgMar").expect("pgMar");
    let num = |a: &str| {
        wattr(mar, a)
            .and_then(|v| v.parse::<i32>().ok())
            .expect("margin")
    };
    // 37 mm top, 28 mm left; the type area is exactly 156 × 225 mm.
    assert_eq!(num("top"), 2098);
    assert_eq!(num("left"), 1587);
    assert_eq!(11906 - num("left") - num("right"), 8844);
    assert_eq!(16838 - num("top") - num("bottom"), 12756);
    let grid = child(sect, "docGrid").expect("docGrid");
    assert_eq!(wattr(grid, "linePitch"), Some("579"));
}

#[test]
fn body_text_is_sanhao_fangsong_at_exact_579_with_a_two_character_indent() {
    let (_dir, docx) = render_fixture(SEED);
    let xml = document(&docx);
    let doc = roxmltree::Document::parse(&xml).expect("xml");
    for start in ["根据年初", "当前，已进入"] {
        let p = paragraph_with(&doc, start);
        let spacing = child(p, "spacing").expect("spacing");
        assert_eq!(wattr(spacing, "line"), Some("579"));
        assert_eq!(wattr(spacing, "lineRule"), Some("exact"));
        let ind = child(p, "ind").expect("ind");
        assert_eq!(wattr(ind, "firstLine"), Some("640"));
        let run = child(p, "r").expect("run");
        assert_eq!(
            wattr(child(run, "rFonts").expect("rFonts"), "eastAsia"),
            Some("仿宋_GB2312")
        );
        assert_eq!(wattr(child(run, "sz").expect("sz"), "val"), Some("32"));
        let widow = child(p, "widowControl").expect("widowControl");
        assert!(
            matches!(wattr(widow, "val"), Some("0") | Some("false")),
            "widow control on"
        );
    }
}

#[test]
fn every_run_names_its_east_asian_font() {
    let (_dir, docx) = render_fixture(SEED);
    for part in ["word/document.xml", "word/footer1.xml", "word/footer2.xml"] {
        let xml = docx_part(&docx, part);
        let doc = roxmltree::Document::parse(&xml).expect("xml");
        for fonts in doc.descendants().filter(|n| n.has_tag_name((W, "rFonts"))) {
            for attr in ["ascii", "hAnsi", "eastAsia"] {
                assert!(
                    wattr(fonts, attr).is_some_and(|v| !v.is_empty()),
                    "{part}: rFonts without {attr}"
                );
            }
        }
    }
}

#[test]
fn only_the_mark_and_the_separator_line_are_red() {
    let (_dir, docx) = render_fixture(SEED);
    let xml = document(&docx);
    let doc = roxmltree::Document::parse(&xml).expect("xml");
    let mark = paragraph_with(&doc, "株洲市发展和改革委员会文件");
    let run = child(mark, "r").expect("mark run");
    assert_eq!(
        wattr(child(run, "color").expect("color"), "val"),
        Some("FF0000")
    );
    assert_eq!(
        wattr(child(run, "rFonts").expect("fonts"), "eastAsia"),
        Some("方正小标宋简体")
    );
    let number = paragraph_with(&doc, "株发改发〔2016〕193号");
    let rule = child(child(number, "pBdr").expect("pBdr"), "bottom").expect("bottom border");
    assert_eq!(wattr(rule, "color"), Some("FF0000"));
    let coloured = |c: &str| !c.eq_ignore_ascii_case("000000") && c != "auto";
    let red: Vec<_> = doc
        .descendants()
        .filter(|n| {
            let run_colour = n.has_tag_name((W, "color")) && wattr(*n, "val").is_some_and(coloured);
            let border_colour = wattr(*n, "color").is_some_and(coloured);
            run_colour || border_colour
        })
        .collect();
    assert_eq!(
        red.len(),
        2,
        "exactly the mark run and the rule are coloured"
    );
}

#[test]
fn the_attachment_table_repeats_its_header_row_and_tall_rows_may_split() {
    let (_dir, docx) = render_fixture(SEED);
    let xml = document(&docx);
    let doc = roxmltree::Document::parse(&xml).expect("xml");
    let table = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "tbl")))
        .expect("table");
    let width = child(table, "tblW").expect("tblW");
    assert_eq!(wattr(width, "w"), Some("8844"));
    let rows: Vec<_> = table
        .children()
        .filter(|n| n.has_tag_name((W, "tr")))
        .collect();
    assert_eq!(rows.len(), 24, "header + 23 rows");
    let mut whole = 0;
    for (i, row) in rows.iter().enumerate() {
        let pr = child(*row, "trPr");
        let has = |name: &str| pr.is_some_and(|pr| child(pr, name).is_some());
        assert_eq!(has("tblHeader"), i == 0, "tblHeader on row {i}");
        whole += usize::from(has("cantSplit"));
    }
    // The header row stays whole; the seed's rows, all taller than three
    // lines, may split across pages.
    assert!(child(rows[0], "cantSplit").is_some());
    assert!((1..rows.len()).contains(&whole), "{whole} rows kept whole");
    let header: Vec<String> = rows[0]
        .children()
        .filter(|n| n.has_tag_name((W, "tc")))
        .map(para_text)
        .collect();
    assert_eq!(
        header,
        [
            "工作任务",
            "责任单位",
            "上半年完成情况",
            "委内责任科室（单位）"
        ]
    );
    // Cells take their face and size from their paragraph style.
    let styles = docx_part(&docx, "word/styles.xml");
    let styles = roxmltree::Document::parse(&styles).expect("styles.xml");
    let head = cell_style(&styles, rows[0]);
    assert_eq!(head.font.as_deref(), Some("黑体"));
    for row in &rows[1..] {
        let body = cell_style(&styles, *row);
        assert_eq!(body.font.as_deref(), Some("仿宋_GB2312"));
        assert!(
            body.size.is_some_and(|v| v <= 28),
            "cells in 4号 or smaller"
        );
        assert!(
            child(*row, "rFonts").is_none() && child(*row, "sz").is_none(),
            "a body cell repeats its style's run properties"
        );
    }
}

/// The face and size a row's first cell paragraph gets from its style
/// (following `w:basedOn`).
struct CellStyle {
    font: Option<String>,
    size: Option<u32>,
}

fn cell_style(styles: &roxmltree::Document<'_>, row: roxmltree::Node<'_, '_>) -> CellStyle {
    let id = child(row, "pStyle")
        .and_then(|n| wattr(n, "val"))
        .expect("the cell paragraph has a style")
        .to_string();
    let mut found = CellStyle {
        font: None,
        size: None,
    };
    let mut next = Some(id);
    while let Some(id) = next.take() {
        let style = styles
            .descendants()
            .find(|n| n.has_tag_name((W, "style")) && wattr(*n, "styleId") == Some(id.as_str()))
            .unwrap_or_else(|| panic!("no style {id}"));
        if found.font.is_none() {
            found.font = child(style, "rFonts")
                .and_then(|n| wattr(n, "eastAsia"))
                .map(str::to_string);
        }
        if found.size.is_none() {
            found.size = child(style, "sz")
                .and_then(|n| wattr(n, "val"))
                .and_then(|v| v.parse().ok());
        }
        next = child(style, "basedOn")
            .and_then(|n| wattr(n, "val"))
            .map(str::to_string);
    }
    found
}

#[test]
fn odd_and_even_pages_carry_page_number_fields() {
    let (_dir, docx) = render_fixture(SEED);
    let settings = docx_part(&docx, "word/settings.xml");
    assert!(
        settings.contains("evenAndOddHeaders"),
        "settings lack evenAndOddHeaders"
    );
    let xml = document(&docx);
    let doc = roxmltree::Document::parse(&xml).expect("xml");
    let refs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "footerReference")))
        .filter_map(|n| wattr(n, "type"))
        .collect();
    assert!(
        refs.contains(&"default") && refs.contains(&"even"),
        "{refs:?}"
    );
    let mut aligns = Vec::new();
    for part in ["word/footer1.xml", "word/footer2.xml"] {
        let xml = docx_part(&docx, part);
        assert!(xml.contains("PAGE"), "{part} has no PAGE field");
        assert!(
            xml.contains("— ") && xml.contains(" —"),
            "{part} lacks the dashes"
        );
        let doc = roxmltree::Document::parse(&xml).expect("xml");
        let jc = child(doc.root(), "jc")
            .and_then(|n| wattr(n, "val"))
            .map(str::to_string);
        let font = child(doc.root(), "rFonts")
            .and_then(|n| wattr(n, "eastAsia"))
            .map(str::to_string);
        assert_eq!(font.as_deref(), Some("宋体"));
        aligns.push(jc);
    }
    aligns.sort();
    assert_eq!(
        aligns,
        [Some("left".to_string()), Some("right".to_string())]
    );
}

#[test]
fn fonts_can_be_renamed_in_the_job() {
    let dir = copy_fixture(SEED);
    let job = dir.path().join("notice.toml");
    let mut text = std::fs::read_to_string(&job).expect("read");
    text.push_str("\n[fonts]\nfangsong = \"仿宋\"\nxiaobiaosong = \"Noto Serif CJK SC\"\n");
    std::fs::write(&job, text).expect("write");
    gongwen_ok(dir.path(), &["render", "notice.toml"]);
    let xml = document(&out_docx(dir.path()));
    assert!(xml.contains(r#"w:eastAsia="仿宋""#));
    assert!(xml.contains(r#"w:eastAsia="Noto Serif CJK SC""#));
    assert!(!xml.contains("仿宋_GB2312"));
}

#[test]
fn two_runs_give_byte_identical_files() {
    let (dir, docx) = render_fixture(SEED);
    let first = std::fs::read(&docx).expect("read");
    let job = fixture(SEED).join("notice.toml");
    let out = gongwen_ok(dir.path(), &["render", job.to_str().expect("utf8")]);
    assert!(out.contains("unchanged"), "{out}");
    let other = dir.path().join("again.docx");
    gongwen_ok(
        dir.path(),
        &["render", job.to_str().expect("utf8"), "--out", "again.docx"],
    );
    assert_eq!(first, std::fs::read(other).expect("read"));
}

/// The SHA-256 of the bundled example's notice. It changes only when the
/// output is meant to change: then update it here, in the same commit.
const SEED_SHA256: &str = "8f696970dc1a62881fabc5a63a107c96917a5445ad29a369290b5966b8479a55";

#[test]
fn the_bundled_notice_has_the_committed_bytes() {
    let (_dir, docx) = render_fixture(SEED);
    let bytes = std::fs::read(&docx).expect("read");
    assert_eq!(
        gongwen::split::sha256_hex(&bytes),
        SEED_SHA256,
        "the seed notice's bytes changed: if on purpose, update SEED_SHA256"
    );
}

#[test]
fn a_document_built_on_another_thread_after_others_has_the_same_bytes() {
    let build = |name: &str| {
        let mut diags = gongwen::diag::Diagnostics::default();
        let loaded =
            gongwen::load(&fixture(name).join("notice.toml"), None, &mut diags).expect("load");
        gongwen::render_notice(&loaded, Default::default())
            .expect("render")
            .1
    };
    let alone = std::thread::spawn(move || build(SEED))
        .join()
        .expect("thread");
    let after_others = std::thread::spawn(move || {
        build(SECOND);
        build(SECOND);
        build(SEED)
    })
    .join()
    .expect("thread");
    assert_eq!(alone, after_others);
    assert_eq!(alone, build(SEED));
}

#[test]
fn the_second_fixture_renders_with_its_own_columns_and_recipients() {
    let (_dir, docx) = render_fixture(SECOND);
    let xml = document(&docx);
    let doc = roxmltree::Document::parse(&xml).expect("xml");
    paragraph_with(&doc, "局机关各科室、局属各单位：");
    paragraph_with(&doc, "潭交发〔2017〕58号");
    let table = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "tbl")))
        .expect("table");
    let rows: Vec<_> = table
        .children()
        .filter(|n| n.has_tag_name((W, "tr")))
        .collect();
    let header: Vec<String> = rows[0]
        .children()
        .filter(|n| n.has_tag_name((W, "tc")))
        .map(para_text)
        .collect();
    assert_eq!(
        header,
        [
            "序号",
            "重点工作",
            "牵头单位",
            "进展情况",
            "责任科室",
            "备注"
        ]
    );
    assert_eq!(rows.len(), 11);
    // The 附注 and the 版记.
    paragraph_with(&doc, "（联系人：李敏，电话：58581234）");
    paragraph_with(&doc, "抄送：市人民政府办公室，市发展和改革委员会。");
}

#[test]
fn a_missing_job_file_is_one_line_and_exit_code_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = gongwen(dir.path(), &["render", "nope.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("nope.toml"), "{stderr}");
}

#[test]
fn a_failed_run_leaves_the_previous_output_untouched() {
    let dir = copy_fixture(SEED);
    gongwen_ok(dir.path(), &["render", "notice.toml"]);
    let out = out_docx(dir.path());
    let before = std::fs::read(&out).expect("read");
    let body = dir.path().join("body.md.j2");
    std::fs::write(&body, "第一段。\n\n{{ no_such_variable }}\n").expect("write");
    let run = gongwen(dir.path(), &["render", "notice.toml"]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("body.md.j2:3"),
        "names the template line: {stderr}"
    );
    assert!(stderr.contains("undefined"), "{stderr}");
    assert_eq!(std::fs::read(&out).expect("read"), before);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("out"))
        .expect("ls")
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left behind");
}

#[test]
fn an_unknown_key_is_named() {
    let dir = copy_fixture(SEED);
    let job = dir.path().join("notice.toml");
    let text = std::fs::read_to_string(&job)
        .expect("read")
        .replace("period =", "perod = \"x\"\nperiod =");
    std::fs::write(&job, text).expect("write");
    let out = gongwen(dir.path(), &["render", "notice.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("perod"));
}

/// The seed's task texts as the document shows them.
fn seed_tasks() -> Vec<String> {
    let mut diags = gongwen::diag::Diagnostics::default();
    let loaded = gongwen::load(&fixture(SEED).join("notice.toml"), None, &mut diags).expect("load");
    let (notice, _) = gongwen::render_notice(&loaded, Default::default()).expect("render");
    notice.attachments[0]
        .rows
        .iter()
        .map(|r| r[0].clone())
        .collect()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn libreoffice_renders_the_whole_notice() {
    if !renderer_available() {
        return;
    }
    let (_dir, docx) = render_fixture(SEED);
    let pdf = to_pdf(&docx);
    let pages: Vec<String> = pdf_pages(&pdf).iter().map(|p| squeeze(p)).collect();
    let all = pages.concat();
    for expected in [
        "株洲市发展和改革委员会文件",
        "株发改发〔2016〕193号",
        "株洲市发展和改革委员会关于加快年度重点工作任务推进落实的通知",
        "机关各科室、委属各单位：",
        "根据年初市委、市政府下发的《株洲市2016年重点工作责任分解方案》（株办〔2016〕12号）和《2016年〈政府工作报告〉重点工作责任分解表》",
        "分别在9月25日、12月20日之前向综合科报送工作完成情况（联系人：丁志永，28686393）。",
        "附件：2016年《政府工作报告》涉及我委重点工作任务上半年完成情况表",
        "株洲市发展和改革委员会2016年8月30日",
    ] {
        assert!(all.contains(expected), "the PDF lacks {expected}");
    }
    for task in seed_tasks() {
        let head: String = squeeze(&task).chars().take(6).collect();
        assert!(all.contains(&head), "the PDF lacks the row {head}");
    }
    // The attachment starts on a new page with 附件 on its first line, and
    // every attachment page starts with the table's header row.
    let first = pages
        .iter()
        .position(|p| p.starts_with("附件2016年"))
        .expect("attachment page");
    assert!(pages.len() - first >= 3, "the table spans several pages");
    let words = pdf_words(&pdf);
    for (i, page) in words.iter().enumerate().skip(first) {
        let header = page
            .iter()
            .find(|w| w.text == "工作任务")
            .unwrap_or_else(|| panic!("page {} has no header row", i + 1));
        if i > first {
            // Right at the top of the type area (37 mm), within one row.
            assert!(
                mm(header.y_min) < 37.0 + 12.0,
                "page {}: header at {:.1} mm",
                i + 1,
                mm(header.y_min)
            );
        }
    }
}

#[test]
fn preview_writes_the_pdf_and_an_image_per_page() {
    if !renderer_available() {
        return;
    }
    let dir = copy_fixture(SEED);
    let out = gongwen_ok(dir.path(), &["render", "notice.toml", "--preview"]);
    let pdf = out_docx(dir.path()).with_extension("pdf");
    assert!(pdf.exists(), "{out}");
    let pages = pdf_page_count(&pdf);
    for n in 1..=pages {
        let png = out_docx(dir.path()).with_file_name(format!("{}-{n}.png", job_stem(dir.path())));
        let bytes = std::fs::read(&png).unwrap_or_else(|_| panic!("no {}", png.display()));
        assert!(
            bytes.starts_with(b"\x89PNG"),
            "{} is not a PNG",
            png.display()
        );
    }
    assert!(!out_docx(dir.path())
        .with_file_name(format!("{}-{}.png", job_stem(dir.path()), pages + 1))
        .exists());
}

#[test]
fn pdf_without_libreoffice_names_the_package_to_install() {
    let dir = copy_fixture(SEED);
    let empty = tempfile::tempdir().expect("tempdir");
    let path = empty.path().to_str().expect("utf8");
    let out = gongwen_env(
        dir.path(),
        &["render", "notice.toml", "--pdf"],
        &[("PATH", path)],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("libreoffice-writer-nogui"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[test]
fn split_converts_every_extract_in_one_go() {
    if !renderer_available() {
        return;
    }
    let dir = copy_fixture(SEED);
    gongwen_ok(
        dir.path(),
        &[
            "split",
            "notice.toml",
            "--pdf",
            "--section",
            "园区科",
            "--section",
            "代建办",
        ],
    );
    for name in ["园区科", "代建办"] {
        let pdf = out_folder(dir.path()).join(format!("{name}.pdf"));
        let text: String = pdf_pages(&pdf)
            .concat()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert!(text.contains(&format!("（{name}）")), "{name}: {text}");
    }
}

#[test]
fn punctuation_is_made_full_width_but_numbers_are_untouched() {
    let (_dir, docx) = render_fixture(SEED);
    let xml = document(&docx);
    for kept in [
        "896.9亿元",
        "1.47万个",
        "28686393",
        "2016年8月30日",
        "256.38万平方米",
        "17.3%",
    ] {
        assert!(xml.contains(kept), "{kept} changed");
    }
    assert!(xml.contains("《2016年〈政府工作报告〉重点工作责任分解表》（株政发〔2016〕3号）文件，"));
    assert!(xml.contains("（联系人：丁志永，28686393）。"));
    assert!(!xml.contains("(株办"));
    // --keep-punctuation leaves the text as typed.
    let dir = copy_fixture(SEED);
    gongwen_ok(dir.path(), &["render", "notice.toml", "--keep-punctuation"]);
    let xml = document(&out_docx(dir.path()));
    assert!(xml.contains("(株办〔2016〕12号)和《2016年&lt;政府工作报告&gt;重点工作责任分解表》"));
}

#[test]
fn the_end_of_the_body_is_kept_with_the_signature_and_date() {
    let (_dir, docx) = render_fixture(SEED);
    let xml = document(&docx);
    let doc = roxmltree::Document::parse(&xml).expect("xml");
    let paragraphs: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .collect();
    let date = paragraphs
        .iter()
        .position(|p| para_text(*p) == "2016年8月30日")
        .expect("date");
    let last_body = paragraphs
        .iter()
        .position(|p| para_text(*p).starts_with("当前，已进入"))
        .expect("last paragraph");
    for p in &paragraphs[last_body..date] {
        let keep = child(*p, "keepNext")
            .is_some_and(|k| wattr(k, "val").is_none_or(|v| v != "false" && v != "0"));
        assert!(keep, "not kept with the next: {:?}", para_text(*p));
    }
}

#[test]
fn a_telephone_number_is_not_broken_at_its_hyphen() {
    let dir = copy_fixture(SECOND);
    let job = dir.path().join("notice.toml");
    let text = std::fs::read_to_string(&job)
        .expect("job")
        .replace("phone = \"58581234\"", "phone = \"0731-58581234\"");
    std::fs::write(&job, text).expect("write");
    gongwen_ok(
        dir.path(),
        &["render", "notice.toml", "--out", "notice.docx"],
    );
    let docx = dir.path().join("notice.docx");
    let xml = document(&docx);
    assert!(
        xml.contains(
            "<w:t>（联系人：李敏，电话：0731</w:t><w:noBreakHyphen/><w:t>58581234）</w:t>"
        ),
        "{xml}"
    );
    if renderer_available() {
        let pages = pdf_pages(&to_pdf(&docx)).concat();
        assert!(
            pages.contains("0731\u{2011}58581234") || pages.contains("0731-58581234"),
            "{pages}"
        );
    }
}
