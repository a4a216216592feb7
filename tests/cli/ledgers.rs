//! Ledgers as offices keep them (issue 12): the generated fixtures in
//! `tests/fixtures/ledgers/` (see `examples/make_fixtures.rs`) read with
//! every column and cell, tasks counted right, each extract holding its
//! tasks and their group headings, the period's sheet chosen, and `init`,
//! `check`, `render`, `split` and `diff` run on them as a new user would.

use crate::common::*;
use gongwen::compose::{BodyRow, Merge};
use gongwen::diag::Diagnostics;
use gongwen::model::RowKind;
use std::path::Path;

const JOB: &str = r#"issuer = "湘潭市教育局"
number = "某教发〔2026〕12号"
title = "关于报送重点工作推进情况的通知"
recipients = ["局机关各股室"]
date = 2026-10-09
period = "PERIOD"

[attachment]
title = "{{ year }}年重点工作{{ period_label }}推进情况表"
data = "DATA"
EXTRA

[distribution]
printer = "湘潭市教育局办公室"
printed = 2026-10-09
"#;

/// A folder with the fixture `name` and a job reading it for `period`,
/// with `extra` lines at the end of `[attachment]`.
pub(crate) fn job_with(name: &str, period: &str, extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        root().join("tests/fixtures/ledgers").join(name),
        dir.path().join(name),
    )
    .expect("copy fixture");
    let job = JOB
        .replace("PERIOD", period)
        .replace("DATA", name)
        .replace("EXTRA", extra);
    std::fs::write(dir.path().join("notice.toml"), job).expect("job");
    dir
}

fn load(dir: &Path) -> (gongwen::Loaded, Vec<String>) {
    let mut diags = Diagnostics::default();
    let loaded = gongwen::load(&dir.join("notice.toml"), None, &mut diags).expect("loads");
    let warnings = diags.items().iter().map(|d| d.to_string()).collect();
    (loaded, warnings)
}

fn out(o: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The cell texts of every table row of a .docx.
fn docx_table(docx: &Path) -> Vec<Vec<String>> {
    table_body(docx)
}

const TASK1: &str = "推进义务教育优质均衡发展，新建改扩建中小学校5所。";
const TASK2: &str = "实施中小学教师队伍建设工程，招聘新教师300名。";
const TASK3: &str = "落实学生资助政策，做到应助尽助。";
const TASK4: &str = "开展校园安全专项整治，消除安全隐患。";

#[test]
fn the_quarterly_workbook_gives_the_periods_sheet_and_names_the_others() {
    let dir = job_with("jiaoyu.xlsx", "2026-Q3", "");
    let o = gongwen(dir.path(), &["check"]);
    let (stdout, stderr) = out(&o);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert_eq!(
        stdout,
        "jiaoyu.xlsx: read sheet `第三季度` (its name or title names the period 第三季度)\n  \
         other sheets with a matching header: 第一季度, 第二季度\n\
         jiaoyu.xlsx: 4 rows, 4 sections, 1 warnings, 0 errors\n"
    );
    // The Chinese label names the same sheet; another period, the active one.
    let dir = job_with("jiaoyu.xlsx", "2026年第一季度", "");
    let (loaded, _) = load(dir.path());
    assert_eq!(loaded.table.sheet, "第一季度");
    let dir = job_with("jiaoyu.xlsx", "2026-H2", "");
    let (loaded, _) = load(dir.path());
    assert_eq!(loaded.table.sheet, "第二季度", "the active sheet");
    // render says so on its line.
    let dir = job_with("jiaoyu.xlsx", "2026-Q3", "");
    let line = gongwen_ok(dir.path(), &["render"]);
    assert_eq!(
        line.trim(),
        format!("{}: written (4 attachment rows, 4 sections, 1 warnings; sheet `第三季度`, also matching: 第一季度, 第二季度)", out_docx_shown(dir.path()))
    );
    // The job's sheet wins, and check warns that it names another period.
    let dir = job_with("jiaoyu.xlsx", "2026-Q3", "sheet = \"第一季度\"");
    let o = gongwen(dir.path(), &["check"]);
    let (_, stderr) = out(&o);
    assert!(
        stderr.contains("warning: jiaoyu.xlsx!第一季度: the sheet's name or title says 第一季度, but the job's period is 第三季度"),
        "{stderr}"
    );
}

#[test]
fn a_two_row_header_keeps_every_column_and_its_groups() {
    let dir = job_with("jiaoyu.xlsx", "2026-Q3", "");
    let (loaded, warnings) = load(dir.path());
    let table = &loaded.table;
    let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "序号",
            "工作任务",
            "进展",
            "存在问题",
            "责任股室",
            "分管领导"
        ]
    );
    let joined: Vec<String> = table.columns.iter().map(|c| c.joined()).collect();
    assert_eq!(joined[2], "完成情况/进展");
    assert_eq!(joined[3], "完成情况/存在问题");
    assert_eq!((table.header_top, table.header_row), (2, 3));
    assert_eq!(table.roles.status, 2);
    assert_eq!(table.roles.sections, Some(4));
    assert!(table.columns[5].hidden);
    assert!(
        warnings.iter().any(|w| w.ends_with(
            "jiaoyu.xlsx!第三季度!F4: column F `分管领导` is hidden: left out (hidden = \"keep\" in [attachment] prints it)"
        )),
        "{warnings:?}"
    );
    // Either name of a column configures it.
    for status in ["完成情况/存在问题", "存在问题"] {
        let dir = job_with(
            "jiaoyu.xlsx",
            "2026-Q3",
            &format!("[attachment.columns]\nstatus = \"{status}\""),
        );
        let (loaded, _) = load(dir.path());
        assert_eq!(loaded.table.roles.status, 3, "{status}");
    }
    // The attachment: the hidden column left out, both header rows, the
    // group cell merged over its two columns.
    let (notice, _) = gongwen::render_notice(&loaded, Default::default()).expect("renders");
    let page = &notice.attachments[0];
    assert_eq!(
        page.header,
        ["序号", "工作任务", "进展", "存在问题", "责任股室"]
    );
    assert_eq!(
        page.header_rows,
        [
            vec!["序号", "工作任务", "完成情况", "", "责任股室"],
            vec!["", "", "进展", "存在问题", ""],
        ]
    );
    let merge = |row, col, rows, cols| Merge {
        row,
        col,
        rows,
        cols,
    };
    for m in [
        merge(0, 0, 2, 1),
        merge(0, 1, 2, 1),
        merge(0, 2, 1, 2),
        merge(0, 4, 2, 1),
    ] {
        assert!(
            page.header_merges.contains(&m),
            "{m:?}: {:?}",
            page.header_merges
        );
    }
    assert_eq!(page.header_merges.len(), 4);
    // Kept when the job says so.
    let dir = job_with("jiaoyu.xlsx", "2026-Q3", "hidden = \"keep\"");
    let (loaded, warnings) = load(dir.path());
    assert!(
        !warnings.iter().any(|w| w.contains("hidden")),
        "{warnings:?}"
    );
    let (notice, _) = gongwen::render_notice(&loaded, Default::default()).expect("renders");
    assert_eq!(
        notice.attachments[0].header.last().map(String::as_str),
        Some("分管领导")
    );
}

/// A cell as drawn: its text, its span and its vertical merge.
type DrawnCell = (String, usize, &'static str);

/// Each row of the attachment table in `docx`: per cell, its text, its
/// span and its vertical merge (`restart`, `continue` or none), and
/// whether the row repeats as a header.
fn drawn_rows(docx: &Path) -> Vec<(bool, Vec<DrawnCell>)> {
    let xml = docx_part(docx, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).expect("xml");
    let table = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "tbl")))
        .expect("a table");
    table
        .children()
        .filter(|n| n.has_tag_name((W, "tr")))
        .map(|tr| {
            let cells = tr
                .children()
                .filter(|n| n.has_tag_name((W, "tc")))
                .map(|tc| {
                    let span = child(tc, "gridSpan")
                        .and_then(|n| wattr(n, "val"))
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1);
                    let merge = match child(tc, "vMerge").map(|n| wattr(n, "val")) {
                        Some(Some("restart")) => "restart",
                        Some(_) => "continue",
                        None => "",
                    };
                    (para_text(tc), span, merge)
                })
                .collect();
            (child(tr, "tblHeader").is_some(), cells)
        })
        .collect()
}

#[test]
fn the_attachment_draws_the_header_groups_and_the_merged_tasks() {
    let dir = job_with("jiaoyu.xlsx", "2026-Q3", "");
    gongwen_ok(
        dir.path(),
        &["render", "notice.toml", "--out", "notice.docx"],
    );
    let docx = dir.path().join("notice.docx");
    let rows = drawn_rows(&docx);
    let c = |t: &str, span: usize, merge: &'static str| (t.to_string(), span, merge);
    // Both header rows repeat: 完成情况 over 进展 and 存在问题, the other
    // names merged down through both rows.
    assert_eq!(
        rows[0],
        (
            true,
            vec![
                c("序号", 1, "restart"),
                c("工作任务", 1, "restart"),
                c("完成情况", 2, ""),
                c("责任股室", 1, "restart"),
            ]
        )
    );
    assert_eq!(
        rows[1],
        (
            true,
            vec![
                c("", 1, "continue"),
                c("", 1, "continue"),
                c("进展", 1, ""),
                c("存在问题", 1, ""),
                c("", 1, "continue"),
            ]
        )
    );
    assert!(rows[2..].iter().all(|(header, _)| !header));
    // A group heading: one cell across the table, numeral and name.
    assert_eq!(rows[2].1, vec![c("一、基础教育", 5, "")]);
    // The task over two sub-rows: 序号 and the task merged down, each
    // sub-row with its own status and section.
    let task = rows
        .iter()
        .position(|(_, cells)| cells.get(1).is_some_and(|c| c.0 == TASK2))
        .expect("the task over sub-rows");
    assert_eq!(rows[task].1[0], c("2", 1, "restart"));
    assert_eq!(rows[task].1[1].2, "restart");
    let below = &rows[task + 1].1;
    assert_eq!((below[0].2, below[1].2), ("continue", "continue"));
    assert_eq!(below[3].0, "部分学科结构性缺编。");
    // Group headings are set in 黑体 (their style), tasks in 仿宋.
    let xml = docx_part(&docx, "word/document.xml");
    assert!(xml.contains(r#"<w:pStyle w:val="CellGroup"/></w:pPr><w:r><w:t>一、基础教育</w:t>"#));
    let styles = docx_part(&docx, "word/styles.xml");
    assert!(styles.contains(r#"w:styleId="CellGroup"><w:name w:val="表格分组"/><w:basedOn w:val="Cell"/><w:qFormat/><w:rPr><w:rFonts w:ascii="黑体""#), "{styles}");
    if renderer_available() {
        let text: String = pdf_pages(&to_pdf(&docx))
            .concat()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        for shown in [
            "完成情况",
            "进展",
            "存在问题",
            "基础教育",
            "职成教股",
            "合计",
        ] {
            assert!(text.contains(shown), "{shown} is not on the page: {text}");
        }
    }
}

#[test]
fn tasks_groups_sub_rows_and_totals_are_told_apart() {
    let dir = job_with("jiaoyu.xlsx", "2026-Q3", "");
    let (loaded, _) = load(dir.path());
    let model = &loaded.model;
    let kinds: Vec<(RowKind, u32)> = model.rows.iter().map(|r| (r.kind, r.sheet_row)).collect();
    assert_eq!(
        kinds,
        [
            (RowKind::Group, 5),
            (RowKind::Task, 6),
            (RowKind::Task, 7),
            (RowKind::Group, 9),
            (RowKind::Task, 10),
            (RowKind::Task, 11),
            (RowKind::Total, 12),
            (RowKind::Total, 13),
        ]
    );
    let tasks: Vec<&str> = model.tasks().map(|r| model.task(r)).collect();
    assert_eq!(tasks, [TASK1, TASK2, TASK3, TASK4]);
    // The task merged over two rows: one task, both statuses, sections united.
    let two = &model.rows[2];
    assert_eq!(two.sub_rows.len(), 2);
    assert_eq!(
        model.status(two),
        "已招聘300名，全部到岗。\n新教师完成岗前培训。"
    );
    assert_eq!(two.sections, ["基础教育股", "职成教股"]);
    assert_eq!(two.cells[0], "2");
    assert_eq!(model.rows[1].sections, ["基础教育股", "督导室"]);
    assert_eq!(model.rows[4].groups, [9]);
    let stats = model.stats();
    assert_eq!(stats.rows, 4);
    assert_eq!(stats.groups, 2);
    assert_eq!(
        stats.per_group,
        [
            ("一、基础教育".to_string(), 2),
            ("二、教育保障".to_string(), 2)
        ]
    );
    assert_eq!(model.unassigned_tasks(), 0);
    // The attachment shows every row, the sub-row's merged cells as merges.
    let (notice, _) = gongwen::render_notice(&loaded, Default::default()).expect("renders");
    let page = &notice.attachments[0];
    assert_eq!(
        page.kinds,
        [
            BodyRow::Group,
            BodyRow::Task,
            BodyRow::Task,
            BodyRow::SubRow,
            BodyRow::Group,
            BodyRow::Task,
            BodyRow::Task,
            BodyRow::Total,
            BodyRow::Total,
        ]
    );
    assert_eq!(page.rows[2][1], TASK2);
    assert_eq!(
        page.rows[3],
        [
            "",
            "",
            "新教师完成岗前培训。",
            "部分学科结构性缺编。",
            "职成教股"
        ]
    );
    assert!(page.merges.contains(&Merge {
        row: 2,
        col: 0,
        rows: 2,
        cols: 1
    }));
    assert!(page.merges.contains(&Merge {
        row: 2,
        col: 1,
        rows: 2,
        cols: 1
    }));
    assert!(
        page.merges.contains(&Merge {
            row: 8,
            col: 0,
            rows: 1,
            cols: 5
        }),
        "{:?}",
        page.merges
    );
    assert_eq!(page.rows[7][..2], ["合计".to_string(), "共4项".to_string()]);
    // The body's counts are true.
    let dir2 = job_with("jiaoyu.xlsx", "2026-Q3", "");
    gongwen_ok(dir2.path(), &["render"]);
    let body = body_paragraphs(&out_docx(dir2.path())).join("\n");
    assert!(body.contains("共涉及重点工作任务4项"), "{body}");
    assert!(body.contains("2026年第三季度"), "{body}");
}

#[test]
fn each_extract_holds_its_tasks_and_their_group_headings() {
    let dir = job_with("jiaoyu.xlsx", "2026-Q3", "");
    let o = gongwen(dir.path(), &["split"]);
    let (stdout, stderr) = out(&o);
    assert!(o.status.success(), "{stderr}");
    assert!(stdout.contains("new 4, removed 0"), "{stdout}");
    let folder = out_folder(dir.path());
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".docx"))
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "基础教育股.docx",
            "督导室.docx",
            "职成教股.docx",
            "计财股.docx"
        ]
    );
    let column = |file: &str, i: usize| -> Vec<String> {
        docx_table(&folder.join(file))
            .into_iter()
            .map(|r| r.get(i).cloned().unwrap_or_default())
            .collect()
    };
    // A group heading is one cell across the table; the tasks of each
    // extract are numbered 1…n.
    assert_eq!(column("基础教育股.docx", 1), ["", TASK1, TASK2, ""]);
    assert_eq!(column("基础教育股.docx", 0), ["一、基础教育", "1", "2", ""]);
    assert_eq!(column("督导室.docx", 1), ["", TASK1, "", TASK4]);
    assert_eq!(
        column("督导室.docx", 0),
        ["一、基础教育", "1", "二、教育保障", "2"]
    );
    assert_eq!(column("职成教股.docx", 0), ["一、基础教育", "1", ""]);
    assert_eq!(column("职成教股.docx", 1), ["", TASK2, ""]);
    assert_eq!(column("计财股.docx", 0), ["二、教育保障", "1"]);
    assert_eq!(column("计财股.docx", 1), ["", TASK3]);
    // Without renumbering, the sheet's 序号 stay.
    let kept = job_with("jiaoyu.xlsx", "2026-Q3", "renumber = false");
    gongwen_ok(kept.path(), &["split", "--out-dir", "extracts"]);
    let kept_table = docx_table(&kept.path().join("extracts/督导室.docx"));
    let serials: Vec<&str> = kept_table.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(serials, ["一、基础教育", "1", "二、教育保障", "4"]);
    // No total in an extract, no 分管领导 column.
    let all = docx_table(&folder.join("督导室.docx"));
    assert!(!all
        .concat()
        .iter()
        .any(|c| c.contains("合计") || c.contains("填表人")));
    assert_eq!(all[0].len(), 5);
    let index = std::fs::read_to_string(folder.join("index.csv")).expect("index");
    assert!(index.contains("基础教育股,2,"), "{index}");
    assert!(index.contains("督导室,2,"), "{index}");
}

#[test]
fn a_gbk_csv_with_every_separator_splits_into_true_sections() {
    let dir = job_with("jiedao.csv", "2026-H2", "");
    let (loaded, warnings) = load(dir.path());
    let model = &loaded.model;
    let names: Vec<String> = loaded.table.columns.iter().map(|c| c.joined()).collect();
    assert_eq!(
        names,
        [
            "序号",
            "工作任务",
            "完成情况/进展",
            "完成情况/存在问题",
            "责任科室"
        ]
    );
    assert_eq!(model.stats().rows, 8);
    assert_eq!(
        model.sections(),
        [
            "城建办",
            "应急办",
            "综治办",
            "信访办",
            "党建办",
            "组织办",
            "投资科(一)",
            "未分配"
        ]
    );
    assert_eq!(model.unassigned, "未分配（未填写责任科室）");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("jiedao.csv!E10: a section is named 未分配")),
        "{warnings:?}"
    );
    let totals = model
        .rows
        .iter()
        .filter(|r| r.kind == RowKind::Total)
        .count();
    assert_eq!(totals, 2);
    let o = gongwen(dir.path(), &["split"]);
    assert!(o.status.success(), "{}", out(&o).1);
    let folder = out_folder(dir.path());
    let rows = |file: &str| table_rows(&folder.join(file));
    assert_eq!(rows("投资科(一).docx"), 2);
    assert_eq!(rows("综治办.docx"), 2);
    assert_eq!(rows("未分配.docx"), 1);
    assert_eq!(rows("未分配（未填写责任科室）.docx"), 1);
    let unassigned = docx_table(&folder.join("未分配（未填写责任科室）.docx"));
    assert!(
        unassigned[0][1].contains("我为群众办实事"),
        "{unassigned:?}"
    );
}

#[test]
fn formulas_error_values_and_invisible_characters_are_read_and_named() {
    let dir = job_with("ziran.xlsx", "2026-Q1-Q3", "");
    let (loaded, warnings) = load(dir.path());
    let model = &loaded.model;
    let table = &loaded.table;
    assert_eq!(table.columns[table.roles.status].name, "截至9月底进展情况");
    assert_eq!(table.roles.sections, Some(4));
    assert_eq!(table.columns[4].name, "责任科室");
    let serials: Vec<&str> = model.tasks().map(|r| r.cells[0].as_str()).collect();
    assert_eq!(serials, ["1", "2", "3", "4"]);
    let progress: Vec<&str> = model.tasks().map(|r| r.cells[3].as_str()).collect();
    assert_eq!(progress, ["90%", "#SPILL!", "#CALC!", ""]);
    let wanted = [
        "ziran.xlsx!重点工作!D4: the cell holds the error value #SPILL!: read as its text; correct the formula in the sheet",
        "ziran.xlsx!重点工作!D5: the cell holds the error value #CALC!: read as its text; correct the formula in the sheet",
        "ziran.xlsx!重点工作!D6: formula without a saved value: read as empty; open and save the file in Excel/WPS",
    ];
    for w in wanted {
        assert!(warnings.iter().any(|x| x.ends_with(w)), "{w}\n{warnings:?}");
    }
    assert_eq!(model.stats().rows, 4);
    assert_eq!(model.rows.last().map(|r| r.kind), Some(RowKind::Total));
    // A configured name with the invisible character still matches, and a
    // missing one is shown escaped.
    let dir = job_with(
        "ziran.xlsx",
        "2026-Q1-Q3",
        "[attachment.columns]\nsections = \"责任\u{200B}科室\"\nstatus = \"进展\u{200B}情况\"",
    );
    let o = gongwen(dir.path(), &["check"]);
    let (_, stderr) = out(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr.contains("`进展\\u{200B}情况`"), "{stderr}");
    assert!(stderr.contains("责任\\u{200B}科室"), "{stderr}");
}

#[test]
fn an_ods_with_a_hidden_column_and_row_opens_on_its_active_sheet() {
    let dir = job_with("shijian.ods", "2026-Q3", "");
    let (loaded, warnings) = load(dir.path());
    assert_eq!(loaded.table.sheet, "台账");
    assert_eq!(
        loaded.table.choice.reason,
        gongwen::sheet::ChoiceReason::Active
    );
    let joined: Vec<String> = loaded.table.columns.iter().map(|c| c.joined()).collect();
    assert_eq!(
        joined,
        [
            "序号",
            "重点工作",
            "工作进展/已完成",
            "工作进展/下步计划",
            "内部备注",
            "责任科室"
        ]
    );
    assert_eq!(loaded.model.stats().rows, 3);
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].ends_with("shijian.ods!台账!E2: column E `内部备注` is hidden: left out (hidden = \"keep\" in [attachment] prints it)"));
    assert!(warnings[1].contains("shijian.ods!台账!5:5: the row is hidden: left out"));
    let dir = job_with("shijian.ods", "2026-Q3", "hidden = \"keep\"");
    let (loaded, warnings) = load(dir.path());
    // The hidden row is now a task, with its empty status named.
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].ends_with("shijian.ods!台账!C5: the status (`已完成`) is empty"));
    assert_eq!(loaded.model.stats().rows, 4);
    let (notice, _) = gongwen::render_notice(&loaded, Default::default()).expect("renders");
    assert!(notice.attachments[0].header.iter().any(|h| h == "内部备注"));
}

#[test]
fn init_from_each_ledger_writes_a_job_that_checks_renders_and_splits() {
    for (file, sheet, status, period) in [
        ("jiaoyu.xlsx", Some("第二季度"), "完成情况/进展", "-Q2"),
        ("jiedao.csv", None, "完成情况/进展", "-H2"),
        (
            "ziran.xlsx",
            Some("重点工作"),
            "截至9月底进展情况",
            "-Q1-Q3",
        ),
        ("shijian.ods", Some("台账"), "工作进展/已完成", ""),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::copy(
            root().join("tests/fixtures/ledgers").join(file),
            dir.path().join(file),
        )
        .expect("copy");
        let stdout = gongwen_ok(dir.path(), &["init", "job", "--from", file]);
        if let Some(sheet) = sheet {
            assert!(
                stdout.contains(&format!("read sheet `{sheet}`")),
                "{file}: {stdout}"
            );
        }
        let text = std::fs::read_to_string(dir.path().join("job/notice.toml")).expect("job");
        let job: toml::Table = toml::from_str(&text).expect("toml");
        let attachment = job["attachment"].as_table().expect("attachment");
        assert_eq!(
            attachment["data"].as_str(),
            Some(format!("../{file}").as_str()),
            "{file}"
        );
        let columns = attachment["columns"].as_table().expect("columns");
        let lowest = status.rsplit('/').next().unwrap_or(status);
        assert_eq!(columns["status"].as_str(), Some(lowest), "{file}");
        assert!(
            job["period"].as_str().is_some_and(|p| p.ends_with(period)),
            "{file}: {:?}",
            job["period"]
        );
        let o = gongwen(dir.path(), &["check", "job"]);
        assert_eq!(o.status.code(), Some(0), "{file}: {}", out(&o).1);
        gongwen_ok(dir.path(), &["render", "job"]);
        let o = gongwen(dir.path(), &["split", "job"]);
        assert!(o.status.success(), "{file}: {}", out(&o).1);
    }
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        root().join("tests/fixtures/ledgers/jiaoyu.xlsx"),
        dir.path().join("a.xlsx"),
    )
    .expect("copy");
    std::fs::copy(
        root().join("tests/fixtures/ledgers/ziran.xlsx"),
        dir.path().join("b.xlsx"),
    )
    .expect("copy");
    gongwen_ok(dir.path(), &["init", "--from", "a.xlsx"]);
    let before = std::fs::read(dir.path().join("notice.toml")).expect("job");
    // Another spreadsheet into the same folder: refused, nothing changed.
    let o = gongwen(dir.path(), &["init", "--from", "b.xlsx"]);
    let (_, stderr) = out(&o);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr.trim(),
        "error: notice.toml exists and reads a.xlsx: it was not changed. To start from b.xlsx, use another folder or remove notice.toml first"
    );
    assert_eq!(
        std::fs::read(dir.path().join("notice.toml")).expect("job"),
        before
    );
    // The same one again: skipped, as before.
    gongwen_ok(dir.path(), &["init", "--from", "a.xlsx"]);
}

#[test]
fn init_writes_the_job_even_when_a_required_column_is_not_found() {
    let dir = tempfile::tempdir().expect("tempdir");
    let grid: Grid = vec![
        vec![
            "序号".into(),
            "工作要点".into(),
            "第三季度推进情况".into(),
            "责任科室".into(),
        ],
        vec!["1".into(), "修路".into(), "已完工".into(), "建设科".into()],
    ];
    write_grid(
        &dir.path().join("台账.xlsx"),
        &[("第三季度".to_string(), grid)],
    );
    let stdout = gongwen_ok(dir.path(), &["init", "--from", "台账.xlsx"]);
    assert!(
        stdout.contains("task (工作任务): not found; fill `task` in [attachment.columns] with one of the headers seen: 序号, 工作要点, 第三季度推进情况, 责任科室"),
        "{stdout}"
    );
    assert!(
        stdout.contains("status (完成情况) = 第三季度推进情况"),
        "{stdout}"
    );
    let text = std::fs::read_to_string(dir.path().join("notice.toml")).expect("written");
    assert!(text.contains("# task = \"\"    # 必填：未找到“工作任务”列，请从表头中选一个填入：序号、工作要点、第三季度推进情况、责任科室"), "{text}");
    assert!(text.contains("status = \"第三季度推进情况\""), "{text}");
    assert!(
        text.contains("period = \"") && text.contains("-Q3\""),
        "{text}"
    );
    // Filling the key is all it takes.
    std::fs::write(
        dir.path().join("notice.toml"),
        text.replace("# task = \"\"", "task = \"工作要点\"\n#"),
    )
    .expect("edit");
    let o = gongwen(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o).1);
}

#[test]
fn diff_on_a_corrected_copy_reports_exactly_what_changed() {
    let dir = job_with("jiaoyu.xlsx", "2026-Q3", "");
    std::fs::copy(
        root().join("tests/fixtures/ledgers/jiaoyu-corrected.xlsx"),
        dir.path().join("corrected.xlsx"),
    )
    .expect("copy");
    let o = gongwen(
        dir.path(),
        &["diff", "jiaoyu.xlsx", "corrected.xlsx", "--job", "."],
    );
    let (stdout, stderr) = out(&o);
    assert_eq!(o.status.code(), Some(1), "{stdout}{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        "comparing jiaoyu.xlsx!第三季度 with corrected.xlsx!第三季度"
    );
    assert_eq!(
        lines.iter().filter(|l| l.contains("renumbered")).count(),
        1,
        "{stdout}"
    );
    assert!(
        stdout.contains("序号 renumbered from task 4 on (now 3; 1 tasks, not counted as changed)"),
        "{stdout}"
    );
    assert_eq!(
        lines.last().copied(),
        Some("2 changed, 1 added, 1 removed, 0 moved; sections to send again: 基础教育股, 督导室, 职成教股, 计财股")
    );
    assert!(
        stdout.contains(&format!(
            "removed: 序号 3, row 10: {}",
            &TASK3.chars().take(40).collect::<String>()
        )),
        "{stdout}"
    );
    // Without a job: the active sheet of the old file and the sheet of the
    // same name in the new one, named; --sheet picks another.
    let o = gongwen(dir.path(), &["diff", "jiaoyu.xlsx", "corrected.xlsx"]);
    let (stdout, _) = out(&o);
    assert_eq!(o.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.starts_with("comparing jiaoyu.xlsx!第二季度 with corrected.xlsx!第二季度\n"),
        "{stdout}"
    );
    let o = gongwen(
        dir.path(),
        &[
            "diff",
            "jiaoyu.xlsx",
            "corrected.xlsx",
            "--sheet",
            "第三季度",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&out(&o).0).expect("json");
    assert_eq!(json["old_sheet"], "第三季度");
    assert_eq!(json["changed"].as_array().map(Vec::len), Some(2));
    assert_eq!(json["renumbered"]["from_old"], "4");
}

#[test]
fn job_files_saved_as_gbk_are_read_with_a_warning() {
    let dir = job_with("jiaoyu.xlsx", "2026-Q3", "");
    let job = dir.path().join("notice.toml");
    let text = std::fs::read_to_string(&job).expect("job");
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    std::fs::write(&job, &gbk).expect("gbk");
    let o = gongwen(dir.path(), &["check"]);
    let (_, stderr) = out(&o);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning: notice.toml: this file is not UTF-8; read as GBK/GB18030: save it as UTF-8 (Notepad: Save As → Encoding UTF-8)"),
        "{stderr}"
    );
    std::fs::write(&job, b"issuer = \"\xff\xfe\xfd\"\n").expect("bad");
    let o = gongwen(dir.path(), &["check"]);
    let (_, stderr) = out(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr.contains("notice.toml: line 1 is neither UTF-8 nor GBK/GB18030 text"),
        "{stderr}"
    );
}

#[test]
fn a_csv_with_an_unclosed_quote_is_refused_naming_the_line() {
    let dir = job_with("jiedao.csv", "2026-H2", "");
    let text = "工作任务,完成情况,责任科室\n修路,已完成,城建办\n建桥,\"进展较慢,城建办\n种树,已完成,城建办\n";
    std::fs::write(dir.path().join("jiedao.csv"), text).expect("csv");
    let o = gongwen(dir.path(), &["check"]);
    let (_, stderr) = out(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr.contains(
            "error: jiedao.csv: the quoted field that begins on line 3 runs on to line 4"
        ),
        "{stderr}"
    );
}

#[test]
fn the_fixture_that_means_the_first_three_quarters_says_so() {
    let dir = copy_fixture("xiangtan-2017-q3");
    gongwen_ok(dir.path(), &["render"]);
    let body = body_paragraphs(&out_docx(dir.path())).join("\n");
    assert!(body.contains("重点工作前三季度完成情况"), "{body}");
}

#[test]
fn the_xls_ledger_reads_as_its_xlsx_does() {
    let xlsx = job_with("jiaoyu.xlsx", "2026-Q3", "");
    let xls = job_with("jiaoyu.xls", "2026-Q3", "");
    let (a, warnings_a) = load(xlsx.path());
    let (b, warnings_b) = load(xls.path());
    // The period's sheet, the header of two rows, the hidden column.
    assert_eq!(a.table.sheet, b.table.sheet);
    assert_eq!(b.table.sheet, "第三季度");
    let names = |l: &gongwen::Loaded| -> Vec<(String, bool)> {
        l.table
            .columns
            .iter()
            .map(|c| (c.joined(), c.hidden))
            .collect()
    };
    assert_eq!(names(&a), names(&b));
    let rows = |l: &gongwen::Loaded| -> Vec<(RowKind, Vec<String>, Vec<String>, usize)> {
        l.model
            .rows
            .iter()
            .map(|r| {
                (
                    r.kind,
                    r.cells.clone(),
                    r.sections.clone(),
                    r.sub_rows.len(),
                )
            })
            .collect()
    };
    assert_eq!(rows(&a), rows(&b));
    let hidden = |w: &[String]| w.iter().filter(|w| w.contains("is hidden")).count();
    assert_eq!(hidden(&warnings_a), 1);
    assert_eq!(hidden(&warnings_b), 1, "{warnings_b:?}");
    // Without a period of its own in the sheet names, the active sheet.
    let active = job_with("jiaoyu.xls", "2026-Y", "");
    let (c, _) = load(active.path());
    assert_eq!(c.table.sheet, "第二季度");
}
