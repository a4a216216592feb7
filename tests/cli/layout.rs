//! The layout measured on paper: the bundled notices rendered by LibreOffice,
//! then measured from `pdftotext -bbox` word boxes and from the rasterised
//! pages (`pdftoppm`), against the numbers of GB/T 9704-2012.
//!
//! Tolerances are the issue's: ±1 mm, and whole lines where the standard
//! counts lines. Every test skips with a notice when `soffice` is missing
//! (and fails under `CI=true`).

use crate::common::*;
use std::path::{Path, PathBuf};

/// The line pitch: 579 twips.
const PITCH: f64 = 579.0 * 25.4 / 1440.0;
/// The type area.
const TOP: f64 = 37.0;
const LEFT: f64 = 28.0;
const RIGHT: f64 = 28.0 + 156.0;
const BOTTOM: f64 = 37.0 + 225.0;
/// One 3号 character as set (16 pt less the 0.25 pt squeeze).
const CHAR: f64 = 315.0 * 25.4 / 1440.0;
/// 3号 and 2号 and 4号 in mm.
const SANHAO: f64 = 16.0 * 25.4 / 72.0;
const ERHAO: f64 = 22.0 * 25.4 / 72.0;
const SIHAO: f64 = 14.0 * 25.4 / 72.0;
/// Where a CJK glyph's ink starts below its line's top, for a line of `em` mm.
fn ink_offset(em: f64) -> f64 {
    PITCH - 1.17 * em
}

fn near(actual: f64, expected: f64, tolerance: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: {actual:.2} mm, expected {expected:.2} ± {tolerance} mm"
    );
}

/// Renders the job in `dir` and converts it; returns the PDF.
fn render_pdf(dir: &Path, job: &str) -> PathBuf {
    gongwen_ok(dir, &["render", job, "--out", "notice.docx"]);
    to_pdf(&dir.join("notice.docx"))
}

/// A copy of the seed whose body fills more than two pages with plain
/// ideographs, so that every full line can be counted.
pub(crate) fn long_body() -> tempfile::TempDir {
    let dir = copy_fixture("zhuzhou-2016-h1");
    let sentence = "各责任科室要对照目标任务查找差距问题分析原因对策倒排计划进度加快推进落实";
    let paragraph = format!("{}。", sentence.repeat(8));
    let body = vec![paragraph; 5].join("\n\n");
    std::fs::write(dir.path().join("body.md.j2"), body).expect("write body");
    dir
}

/// Words of a page grouped into lines (by their vertical position), top to bottom.
fn lines(words: &[Word]) -> Vec<Vec<Word>> {
    let mut sorted: Vec<Word> = words.to_vec();
    sorted.sort_by(|a, b| {
        a.y_min
            .total_cmp(&b.y_min)
            .then(a.x_min.total_cmp(&b.x_min))
    });
    let mut out: Vec<Vec<Word>> = Vec::new();
    for w in sorted {
        match out.last_mut() {
            Some(line) if (line[0].y_min - w.y_min).abs() < 1.0 => line.push(w),
            _ => out.push(vec![w]),
        }
    }
    out
}

fn line_text(line: &[Word]) -> String {
    line.iter().map(|w| w.text.as_str()).collect()
}

#[test]
fn the_header_block_sits_where_the_standard_puts_it() {
    if !renderer_available() {
        return;
    }
    let dir = copy_fixture("zhuzhou-2016-h1");
    let pdf = render_pdf(dir.path(), "notice.toml");
    let page = rasterize(&pdf, 1, 254);
    let red = page.red_bands();
    assert_eq!(
        red.len(),
        2,
        "the mark and the rule are the only red: {red:?}"
    );
    let (mark, rule) = (red[0], red[1]);
    // 发文机关标志: top 35 mm below the type-area top, on one line, inside it.
    near(mark.top, TOP + 35.0, 1.0, "mark top");
    assert!(mark.bottom - mark.top < 20.0, "the mark wraps: {mark:?}");
    assert!(
        mark.left >= LEFT - 0.5 && mark.right <= RIGHT + 0.5,
        "mark outside the type area: {mark:?}"
    );
    // The red line: as wide as the type area.
    near(rule.left, LEFT, 1.0, "rule start");
    near(rule.right, RIGHT, 1.0, "rule end");
    assert!(rule.bottom - rule.top < 1.0, "rule thickness {rule:?}");
    let dark = page.dark_bands((LEFT - 1.0, RIGHT + 1.0));
    let number = dark
        .iter()
        .rfind(|b| b.top > mark.bottom && b.bottom < rule.top)
        .expect("the 发文字号 between the mark and the rule");
    // 发文字号 two lines below the mark; the rule 4 mm under it.
    let gap = (number.top - mark.bottom) / PITCH;
    assert!((2.0..3.0).contains(&gap), "mark → number: {gap:.2} lines");
    near(rule.top - number.bottom, 4.0, 1.0, "number → rule");
    // Title two lines under the rule; recipients one line under the title.
    let after: Vec<Band> = dark
        .iter()
        .copied()
        .filter(|b| b.top > rule.bottom)
        .collect();
    let title = after[0];
    let gap = (title.top - rule.bottom) / PITCH;
    assert!((2.0..2.5).contains(&gap), "rule → title: {gap:.2} lines");
    let recipients_at = after
        .windows(2)
        .position(|w| w[1].top - w[0].bottom > 0.9 * PITCH)
        .expect("a gap after the title")
        + 1;
    let (title_end, recipients) = (after[recipients_at - 1], after[recipients_at]);
    let gap = (recipients.top - title_end.bottom) / PITCH;
    assert!(
        (1.0..2.0).contains(&gap),
        "title → recipients: {gap:.2} lines"
    );
    let words = pdf_words(&pdf);
    let recipients_word = words[0]
        .iter()
        .find(|w| w.text.starts_with("机关各科室"))
        .expect("recipients");
    near(
        mm(recipients_word.x_min),
        LEFT,
        0.5,
        "recipients flush left",
    );
}

#[test]
fn a_body_page_holds_22_lines_of_28_characters() {
    if !renderer_available() {
        return;
    }
    let dir = long_body();
    let pdf = render_pdf(dir.path(), "notice.toml");
    let page = rasterize(&pdf, 2, 254);
    let bands: Vec<Band> = page
        .dark_bands((LEFT - 1.0, RIGHT + 1.0))
        .into_iter()
        .filter(|b| b.bottom < BOTTOM + 2.0)
        .collect();
    assert_eq!(bands.len(), 22, "lines on a full page: {bands:?}");
    near(
        bands[0].top - ink_offset(SANHAO),
        TOP,
        1.0,
        "first line's top",
    );
    assert!(
        bands[21].bottom <= BOTTOM,
        "the 22nd line ends below the type area"
    );
    for pair in bands.windows(2) {
        near(pair[1].top - pair[0].top, PITCH, 0.2, "line pitch");
    }
    let words = pdf_words(&pdf);
    let page_lines: Vec<Vec<Word>> = lines(&words[1])
        .into_iter()
        .filter(|l| mm(l[0].y_max) < BOTTOM)
        .collect();
    assert_eq!(page_lines.len(), 22);
    let mut full = 0;
    for line in &page_lines {
        let text = line_text(line);
        let x_min = mm(line[0].x_min);
        let x_max = mm(line.last().expect("word").x_max);
        // A line that neither opens (indented) nor closes (。) a paragraph is full.
        if (x_min - LEFT).abs() < 0.5 && !text.ends_with('。') {
            assert_eq!(text.chars().count(), 28, "a full line: {text}");
            near(x_max, RIGHT, 1.0, "a full line's end");
            full += 1;
        } else if !text.ends_with('。') {
            near(x_min, LEFT + 2.0 * SANHAO, 1.0, "first-line indent (2 字)");
        }
    }
    assert!(full >= 15, "only {full} full lines on the page");
}

#[test]
fn signature_date_and_note_follow_the_rules_for_a_notice_without_seal() {
    if !renderer_available() {
        return;
    }
    let dir = copy_fixture("xiangtan-2017-q3");
    let pdf = render_pdf(dir.path(), "notice.toml");
    let words = pdf_words(&pdf);
    let (page, sig) = words
        .iter()
        .enumerate()
        .find_map(|(i, p)| {
            p.iter()
                .find(|w| w.text == "湘潭市交通运输局")
                .map(|w| (i, w.clone()))
        })
        .expect("the signature");
    let page_lines = lines(&words[page]);
    let at = page_lines
        .iter()
        .position(|l| l.iter().any(|w| w.text == sig.text))
        .expect("line");
    let date = &page_lines[at + 1];
    let note = &page_lines[at + 2];
    assert_eq!(line_text(date), "2017年10月9日");
    near(
        mm(date[0].y_min - sig.y_min),
        PITCH,
        0.3,
        "date on the next line",
    );
    // 署名 right-aligned 2 字 in (the date, 6½ 字, is not longer than the
    // 署名, 8 字); the date's first character 2 字 right of the 署名's.
    near(RIGHT - mm(sig.x_max), 2.0 * CHAR, 1.0, "署名 right indent");
    near(mm(date[0].x_min - sig.x_min), 2.0 * CHAR, 1.0, "date shift");
    // 附注 on the next line, indented 2 字, in full-width parentheses.
    assert_eq!(line_text(note), "（联系人：李敏，电话：58581234）");
    near(
        mm(note[0].y_min - date[0].y_min),
        PITCH,
        0.3,
        "note on the next line",
    );
    near(mm(note[0].x_min), LEFT + 2.0 * SANHAO, 1.0, "note indent");
}

#[test]
fn a_date_longer_than_a_short_issuer_ends_two_characters_from_the_right() {
    if !renderer_available() {
        return;
    }
    let dir = copy_fixture("xiangtan-2017-q3");
    let job = dir.path().join("notice.toml");
    let text = std::fs::read_to_string(&job).expect("job");
    let text = text
        .replace("issuer = \"湘潭市交通运输局\"", "issuer = \"湘阴县教育局\"")
        .replace("date = 2017-10-09", "date = 2017-12-30");
    std::fs::write(&job, text).expect("write");
    let pdf = render_pdf(dir.path(), "notice.toml");
    let words = pdf_words(&pdf);
    let (page, sig) = words
        .iter()
        .enumerate()
        .find_map(|(i, p)| {
            p.iter()
                .find(|w| w.text == "湘阴县教育局")
                .map(|w| (i, w.clone()))
        })
        .expect("the signature");
    let page_lines = lines(&words[page]);
    let at = page_lines
        .iter()
        .position(|l| l.iter().any(|w| w.text == sig.text))
        .expect("line");
    let date = &page_lines[at + 1];
    assert_eq!(line_text(date), "2017年12月30日");
    let date_end = date.iter().map(|w| mm(w.x_max)).fold(0.0, f64::max);
    // The date (7 字 in 仿宋_GB2312, whose digits are half a 字) is longer
    // than the 署名 (6 字): it ends 2 字 from the right edge, inside the
    // type area, and the 署名 starts 2 字 before the date would start in
    // 仿宋_GB2312. (The stand-in font's digits are wider, so here the date
    // starts further left.)
    near(RIGHT - date_end, 2.0 * CHAR, 1.0, "date right indent");
    near(
        mm(sig.x_min),
        RIGHT - (2.0 + 7.0 + 2.0) * CHAR,
        1.0,
        "署名 2 字 before the date",
    );
    assert!(mm(sig.x_max) < RIGHT - 2.0 * CHAR, "署名 too far right");
}

#[test]
fn page_numbers_alternate_sides_and_sit_7_mm_under_the_type_area() {
    if !renderer_available() {
        return;
    }
    let dir = copy_fixture("zhuzhou-2016-h1");
    let pdf = render_pdf(dir.path(), "notice.toml");
    let words = pdf_words(&pdf);
    assert!(words.len() >= 4);
    for (i, page) in words.iter().enumerate() {
        let n = i + 1;
        let footer: Vec<&Word> = page.iter().filter(|w| mm(w.y_min) > BOTTOM).collect();
        let text: String = footer.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(text, format!("—{n}—"), "page {n}'s number");
        let left = mm(footer[0].x_min);
        let right = mm(footer[footer.len() - 1].x_max);
        if n % 2 == 1 {
            near(
                RIGHT - right,
                SIHAO,
                1.0,
                "odd page number 1 字 from the right",
            );
        } else {
            near(
                left - LEFT,
                SIHAO,
                1.0,
                "even page number 1 字 from the left",
            );
        }
    }
    for n in [1, 2] {
        let page = rasterize(&pdf, n, 254);
        // The dashes are the only ink below the type area wider than a digit.
        let dash = page
            .first_wide_dark_row(BOTTOM, 10.0)
            .expect("the page number's dashes");
        near(dash, BOTTOM + 7.0, 1.0, "一字线 below the type area");
    }
}

#[test]
fn the_attachment_starts_a_page_with_its_label_and_title_on_lines_1_and_3() {
    if !renderer_available() {
        return;
    }
    let dir = copy_fixture("zhuzhou-2016-h1");
    let pdf = render_pdf(dir.path(), "notice.toml");
    let words = pdf_words(&pdf);
    let first = words
        .iter()
        .position(|p| lines(p).first().is_some_and(|l| line_text(l) == "附件"))
        .expect("a page starting with 附件");
    let label = &lines(&words[first])[0][0];
    near(mm(label.x_min), LEFT, 0.5, "附件 flush left");
    let page = rasterize(&pdf, first + 1, 254);
    let bands = page.dark_bands((LEFT - 1.0, RIGHT + 1.0));
    near(
        bands[0].top - ink_offset(SANHAO),
        TOP,
        1.0,
        "附件 on line 1",
    );
    near(
        bands[1].top - ink_offset(ERHAO),
        TOP + 2.0 * PITCH,
        1.0,
        "title on line 3",
    );
    for (i, p) in words.iter().enumerate().skip(first + 1) {
        let header = p
            .iter()
            .find(|w| w.text == "工作任务")
            .unwrap_or_else(|| panic!("page {}: no header row", i + 1));
        assert!(
            mm(header.y_min) < TOP + 10.0,
            "page {}: header row not at the top",
            i + 1
        );
    }
}

#[test]
fn nothing_but_the_mark_and_the_rule_is_coloured() {
    if !renderer_available() {
        return;
    }
    let dir = copy_fixture("xiangtan-2017-q3");
    let pdf = render_pdf(dir.path(), "notice.toml");
    let first = rasterize(&pdf, 1, 100);
    let red = first.red_bands();
    assert_eq!(red.len(), 2, "{red:?}");
    for (x, y) in first.coloured_pixels() {
        assert!(
            red.iter().any(|b| y >= b.top - 0.5 && y <= b.bottom + 0.5),
            "coloured pixel at ({x:.1}, {y:.1}) mm on page 1"
        );
    }
    for n in 2..=pdf_page_count(&pdf) {
        let page = rasterize(&pdf, n, 50);
        assert!(page.coloured_pixels().is_empty(), "colour on page {n}");
    }
}

/// The rules of the 版记 on `page` (1-based): wide thin dark rows in the
/// type area.
fn imprint_rules(pdf: &Path, page: usize) -> Vec<Band> {
    rasterize(pdf, page, 254)
        .dark_bands((LEFT - 1.0, RIGHT + 1.0))
        .into_iter()
        .filter(|b| b.right - b.left > 150.0 && b.bottom - b.top < 1.0 && b.bottom < BOTTOM + 2.0)
        .collect()
}

/// Whether a page shows a page number ("— N —" under the type area).
fn numbered(words: &[Word]) -> bool {
    words.iter().any(|w| mm(w.y_min) > BOTTOM && w.text == "—")
}

#[test]
fn the_imprint_sits_on_the_bottom_edge_of_the_last_page() {
    if !renderer_available() {
        return;
    }
    // The attachment ends on page 5, odd: the 版记 goes on page 6, numbered.
    let dir = copy_fixture("xiangtan-2017-q3");
    let pdf = render_pdf(dir.path(), "notice.toml");
    let last = pdf_page_count(&pdf);
    assert_eq!(last % 2, 0, "the last page is even");
    let rules = imprint_rules(&pdf, last);
    assert_eq!(
        rules.len(),
        3,
        "three rules around 抄送 and 印发: {rules:?}"
    );
    near(rules[2].bottom, BOTTOM, 1.0, "the last rule");
    for r in &rules {
        near(r.left, LEFT, 1.0, "rule start");
        near(r.right, RIGHT, 1.0, "rule end");
    }
    let words = pdf_words(&pdf);
    assert!(
        numbered(&words[last - 1]),
        "the 版记 page after an odd page is numbered"
    );
    let page_lines = lines(&words[last - 1]);
    let cc = page_lines
        .iter()
        .find(|l| line_text(l).starts_with("抄送："))
        .expect("抄送 line");
    near(mm(cc[0].x_min), LEFT + SIHAO, 1.0, "抄送 1 字 in");
    let printed = page_lines
        .iter()
        .find(|l| line_text(l).ends_with("印发"))
        .expect("印发 line");
    assert!(line_text(printed).starts_with("湘潭市交通运输局办公室"));
    near(mm(printed[0].x_min), LEFT + SIHAO, 1.0, "印发机关 1 字 in");
    near(
        RIGHT - mm(printed.last().expect("word").x_max),
        SIHAO,
        1.0,
        "印发日期 1 字 from the right",
    );
}

#[test]
fn the_imprint_shares_an_even_last_page_that_has_room() {
    if !renderer_available() {
        return;
    }
    // The seed's attachment ends on page 10 with some 45 mm free.
    let dir = copy_fixture("zhuzhou-2016-h1");
    let pdf = render_pdf(dir.path(), "notice.toml");
    let last = pdf_page_count(&pdf);
    assert_eq!(last, 10);
    let words = pdf_words(&pdf);
    let text: String = words[last - 1].iter().map(|w| w.text.as_str()).collect();
    assert!(text.contains("代建办") && text.contains("印发"), "{text}");
    assert!(numbered(&words[last - 1]));
    let rules = imprint_rules(&pdf, last);
    let last_rule = rules.last().expect("rules");
    near(last_rule.bottom, BOTTOM, 1.0, "the last rule");
}

#[test]
fn after_a_full_even_page_a_blank_page_and_the_imprint_carry_no_number() {
    if !renderer_available() {
        return;
    }
    // Forty offices to copy to: the 版记 no longer fits on page 10.
    let dir = copy_fixture("zhuzhou-2016-h1");
    let job = dir.path().join("notice.toml");
    let many: Vec<String> = (1..=40)
        .map(|i| format!("\"市直第{i}单位办公室\""))
        .collect();
    let text = std::fs::read_to_string(&job).expect("job").replace(
        "cc = [\"市人民政府办公室\"]",
        &format!("cc = [{}]", many.join(", ")),
    );
    std::fs::write(&job, text).expect("write");
    let pdf = render_pdf(dir.path(), "notice.toml");
    let last = pdf_page_count(&pdf);
    assert_eq!(last, 12, "a blank page 11, the 版记 on page 12");
    let words = pdf_words(&pdf);
    assert!(
        words[last - 2].is_empty(),
        "page 11 is blank: {:?}",
        words[last - 2]
    );
    assert!(!numbered(&words[last - 1]), "the 版记 page has no number");
    assert!(
        numbered(&words[last - 3]),
        "the attachment's last page has one"
    );
    let rules = imprint_rules(&pdf, last);
    near(
        rules.last().expect("rules").bottom,
        BOTTOM,
        1.0,
        "the last rule",
    );
}

#[test]
fn the_seed_attachment_fills_its_pages() {
    if !renderer_available() {
        return;
    }
    let dir = copy_fixture("zhuzhou-2016-h1");
    let pdf = render_pdf(dir.path(), "notice.toml");
    let words = pdf_words(&pdf);
    let first = words
        .iter()
        .position(|p| lines(p).first().is_some_and(|l| line_text(l) == "附件"))
        .expect("the attachment's first page");
    let pages = &words[first..];
    // Columns sized by their text and tall rows split: 12 pages before.
    assert!(
        pages.len() <= 9,
        "the attachment takes {} pages",
        pages.len()
    );
    for (i, page) in pages[..pages.len() - 1].iter().enumerate() {
        // The lowest text in the type area (the page number is below it).
        let lowest = page
            .iter()
            .map(|w| mm(w.y_max))
            .filter(|y| *y <= BOTTOM + 1.0)
            .fold(0.0, f64::max);
        let empty = (BOTTOM - lowest) / (BOTTOM - TOP);
        assert!(
            empty <= 0.20,
            "attachment page {} is {:.0} % empty",
            i + 1,
            empty * 100.0
        );
    }
}

/// A folder with a nine-column ledger of twelve tasks (dates, percentages,
/// section names) and a job reading it, turned as `orientation` says.
pub(crate) fn wide_ledger(orientation: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut csv = String::from(
        "序号,重点工作,牵头单位,配合单位,工作目标,完成情况,完成率,完成时限,责任科室\n",
    );
    for i in 1..=12 {
        let task = if i % 2 == 1 {
            "加快推进城乡一体化建设，统筹协调文化旅游产业发展，完善招商引资工作"
        } else {
            "加快推进城乡一体化建设，统筹协调文化旅游产业发展"
        };
        csv.push_str(&format!(
            "{i},{task},市发改委,市住房城乡建设局、市财政局,全年完成投资{}亿元,已完成年度计划的{}%，项目建设进展顺利，部分项目已经竣工投产,{}%,2026年12月31日,国民经济综合科\n",
            10 * i,
            50 + i,
            50 + 4 * i
        ));
    }
    std::fs::write(dir.path().join("progress.csv"), csv).expect("csv");
    let job = format!(
        r#"issuer = "湘阴县发展和改革局"
number = "湘发改发〔2026〕12号"
title = "关于报送重点工作推进情况的通知"
recipients = ["局机关各股室"]
date = 2026-10-09
period = "2026-Q3"

[attachment]
title = "2026年重点工作{{{{ period_label }}}}推进情况表"
data = "progress.csv"
orientation = "{orientation}"

[distribution]
printer = "湘阴县发展和改革局办公室"
printed = 2026-10-09
"#
    );
    std::fs::write(dir.path().join("notice.toml"), job).expect("job");
    dir
}

#[test]
fn a_wide_ledger_is_turned_with_its_page_numbers_where_upright_pages_have_them() {
    if !renderer_available() {
        return;
    }
    let dir = wide_ledger("auto");
    let pdf = render_pdf(dir.path(), "notice.toml");
    let sizes = pdf_page_sizes(&pdf);
    let words = pdf_words(&pdf);
    let turned: Vec<usize> = (0..sizes.len())
        .filter(|&i| sizes[i].0 > sizes[i].1)
        .collect();
    // The attachment's pages, and only they, are turned.
    let first = words
        .iter()
        .position(|p| p.iter().any(|w| w.text == "附件"))
        .expect("the attachment");
    assert_eq!(turned.first(), Some(&first), "{sizes:?}");
    assert!(turned.len() >= 2, "{sizes:?}");
    assert!(turned.windows(2).all(|w| w[1] == w[0] + 1));
    // On a turned page the upright page's left edge is the top: the type
    // area starts 28 mm down (the binding margin) and 35 mm in (the upright
    // bottom margin). 附件 on its first line, the header row below.
    let label = words[first]
        .iter()
        .find(|w| w.text == "附件")
        .expect("附件");
    near(
        mm(label.x_min),
        35.0,
        1.0,
        "附件 at the turned type area's left",
    );
    assert!(
        mm(label.y_min) > 28.0 && mm(label.y_min) < 28.0 + PITCH,
        "附件 on the first line"
    );
    // Every turned page repeats the header row at the top of its type area.
    for &p in &turned[1..] {
        let head = words[p]
            .iter()
            .find(|w| w.text == "序号")
            .expect("header row");
        assert!(
            mm(head.y_min) < 28.0 + 10.0,
            "page {}: header row at {:.1} mm",
            p + 1,
            mm(head.y_min)
        );
    }
    // The page numbers read up the page in the left margin, where the
    // upright page has them: 7 mm under the upright type area, at its
    // right (odd pages) or left (even pages), 1 字 in.
    let (line, footer) = gongwen::layout::gbt9704::page_number_line_twips();
    let (line, footer) = (line as f64 * 25.4 / 1440.0, footer as f64 * 25.4 / 1440.0);
    for &p in &turned {
        let dashes: Vec<&Word> = words[p]
            .iter()
            .filter(|w| w.text == "—" && mm(w.x_max) < 35.0)
            .collect();
        assert_eq!(dashes.len(), 2, "page {}: {:?}", p + 1, words[p]);
        for d in &dashes {
            assert!(
                mm(d.x_min) >= footer - 1.0 && mm(d.x_max) <= footer + line + 1.0,
                "page {}: number at x {:.1}–{:.1} mm",
                p + 1,
                mm(d.x_min),
                mm(d.x_max)
            );
        }
        let start = dashes.iter().map(|d| mm(d.y_min)).fold(f64::MAX, f64::min);
        let end = dashes.iter().map(|d| mm(d.y_max)).fold(0.0, f64::max);
        if (p + 1) % 2 == 1 {
            near(end, 28.0 + 156.0 - SIHAO, 1.0, "odd number's end");
        } else {
            near(start, 28.0 + SIHAO, 1.0, "even number's start");
        }
    }
    // The upright pages before it are as they are with an upright table.
    let upright_dir = wide_ledger("portrait");
    let upright = render_pdf(upright_dir.path(), "notice.toml");
    let upright_words = pdf_words(&upright);
    for p in 0..first {
        let boxes = |page: &[Word]| -> Vec<(String, i64, i64)> {
            page.iter()
                .map(|w| {
                    (
                        w.text.clone(),
                        (w.x_min * 10.0) as i64,
                        (w.y_min * 10.0) as i64,
                    )
                })
                .collect()
        };
        assert_eq!(boxes(&words[p]), boxes(&upright_words[p]), "page {}", p + 1);
    }
}

#[test]
fn the_column_widths_beat_an_equal_split_on_every_fixture() {
    let ledgers = crate::ledgers::job_with("jiaoyu.xlsx", "2026-Q3", "");
    let ziran = crate::ledgers::job_with("ziran.xlsx", "2026-Q3", "");
    let wide = wide_ledger("portrait");
    let jobs = [
        fixture("zhuzhou-2016-h1").join("notice.toml"),
        fixture("xiangtan-2017-q3").join("notice.toml"),
        ledgers.path().join("notice.toml"),
        ziran.path().join("notice.toml"),
        wide.path().join("notice.toml"),
    ];
    for job in &jobs {
        let mut diags = gongwen::diag::Diagnostics::default();
        let loaded = gongwen::load(job, None, &mut diags).expect("loads");
        let notice = gongwen::compose::compose(&loaded.job, &loaded.model, &[], Default::default())
            .expect("composes");
        let page = &notice.attachments[0];
        let area = gongwen::layout::table::Area {
            width: 8844,
            height: 12756,
        };
        let laid = gongwen::layout::table::progress_table(page, area);
        let chosen = gongwen::layout::table::table_lines(page, &laid.table.grid);
        let n = page.header.len() as i32;
        let mut equal = vec![8844 / n; n as usize];
        equal[0] += 8844 - equal.iter().sum::<i32>();
        let even = gongwen::layout::table::table_lines(page, &equal);
        // Fewer lines than equal columns give, unless no width could do
        // better (every cell already on its fewest lines).
        let fewest = gongwen::layout::table::table_lines(page, &vec![1_000_000; n as usize]);
        assert!(
            chosen < even || chosen == fewest,
            "{}: {chosen} lines, {even} with equal columns, {fewest} at best",
            job.display()
        );
    }
}

#[test]
fn dates_and_percentages_of_the_wide_ledger_do_not_wrap() {
    if !renderer_available() {
        return;
    }
    let dir = wide_ledger("auto");
    let pdf = render_pdf(dir.path(), "notice.toml");
    let words = pdf_words(&pdf);
    let sizes = pdf_page_sizes(&pdf);
    let mut dates = 0;
    // The table's pages: the turned ones.
    for (page, _) in words.iter().zip(&sizes).filter(|(_, s)| s.0 > s.1) {
        for w in page
            .iter()
            .filter(|w| w.text == "2026" && mm(w.y_min) > 30.0)
        {
            // The rest of 2026年12月31日 on the same line, to its right.
            let rest: String = page
                .iter()
                .filter(|o| {
                    (o.y_min - w.y_min).abs() < 1.0
                        && o.x_min > w.x_min
                        && o.x_max - w.x_min < 125.0
                })
                .map(|o| o.text.as_str())
                .collect();
            if rest.starts_with("年12") {
                assert!(
                    rest.starts_with("年12月31日"),
                    "a date wraps: 2026{rest} {:?}",
                    page.iter()
                        .filter(|o| (o.y_min - w.y_min).abs() < 3.0)
                        .collect::<Vec<_>>()
                );
                dates += 1;
            }
        }
        assert!(!page.iter().any(|w| w.text == "%"), "a percentage wraps");
    }
    assert_eq!(dates, 12, "every date found on one line");
}

#[test]
fn copy_number_secrecy_urgency_and_signer_sit_where_the_standard_puts_them() {
    if !renderer_available() {
        return;
    }
    let dir = copy_fixture("xiangtan-2017-q3");
    let job = dir.path().join("notice.toml");
    let text = std::fs::read_to_string(&job).expect("job");
    let text = format!(
        "copy_number = 12\nsecrecy = \"机密★1年\"\nurgency = \"特急\"\nsigner = \"王志刚\"\n{text}"
    );
    std::fs::write(&job, text).expect("write");
    let pdf = render_pdf(dir.path(), "notice.toml");
    let words = pdf_words(&pdf);
    let page = lines(&words[0]);
    // 份号, 密级和保密期限, 紧急程度: flush left, one a line, in that order,
    // at the top of the type area.
    let line_of = |text: &str| {
        page.iter()
            .position(|l| line_text(l) == text)
            .unwrap_or_else(|| {
                panic!(
                    "no line {text}: {:?}",
                    page.iter().map(|l| line_text(l)).collect::<Vec<_>>()
                )
            })
    };
    let (copy, secrecy, urgency) = (line_of("000012"), line_of("机密★1年"), line_of("特急"));
    assert_eq!((copy, secrecy, urgency), (0, 1, 2));
    for at in [copy, secrecy, urgency] {
        near(mm(page[at][0].x_min), LEFT, 0.5, "flush left");
    }
    assert!(mm(page[copy][0].y_min) >= TOP - 1.0);
    assert!(mm(page[urgency][0].y_max) < TOP + 3.0 * PITCH);
    // The mark's top is still 35 mm down, and the red rule spans the type area.
    let raster = rasterize(&pdf, 1, 254);
    let red = raster.red_bands();
    assert_eq!(red.len(), 2, "{red:?}");
    near(red[0].top, TOP + 35.0, 1.0, "mark top");
    near(red[1].left, LEFT, 1.0, "rule start");
    near(red[1].right, RIGHT, 1.0, "rule end");
    // 发文字号 1 字 from the left; 签发人：王志刚 1 字 from the right, on its line.
    let number = page
        .iter()
        .find(|l| line_text(l).starts_with("潭交发"))
        .expect("the number's line");
    let text = line_text(number);
    assert!(text.ends_with("签发人：王志刚"), "{text}");
    near(mm(number[0].x_min), LEFT + SANHAO, 1.0, "发文字号 1 字 in");
    near(
        RIGHT - mm(number.last().expect("word").x_max),
        SANHAO,
        1.0,
        "签发人 1 字 from the right",
    );
}
