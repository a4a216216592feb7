//! Every kind of document gongwen writes, checked against the Office 2019
//! schema by `openxml-audit` (a port of Microsoft's Open XML SDK
//! validator): zero findings. The audit skips with a notice when the tool
//! is missing, except under `CI=true`. It runs as `python3 -m
//! openxml_audit`, which finds the package wherever pip put its scripts.

use crate::common::*;
use gongwen::document::*;
use std::path::Path;
use std::process::Command;

/// The auditor, `openxml-audit`.
pub fn auditor() -> Command {
    let mut command = Command::new("python3");
    command.args(["-m", "openxml_audit"]);
    command
}

/// Whether `openxml-audit` is installed; under `CI=true` it must be.
pub fn auditor_available() -> bool {
    let found = auditor()
        .arg("--help")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "openxml-audit is not installed, and CI=true requires the schema check"
        );
        eprintln!(
            "note: openxml-audit not found; schema check skipped (pip install openxml-audit)"
        );
    }
    found
}

/// Audits every .docx under `dir`; returns the files audited and, for each
/// file with findings, its findings.
fn audit(dir: &Path) -> (usize, Vec<String>) {
    let out = auditor()
        .arg(dir)
        .args(["--recursive", "--format", "office2019", "--max-errors", "0"])
        .args(["--output", "json"])
        .output()
        .expect("run openxml-audit");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "openxml-audit printed no JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let files = report.as_array().expect("a list of files");
    let mut problems = Vec::new();
    for file in files {
        let errors = file["errors"].as_array().map(Vec::len).unwrap_or(0);
        if file["valid"] != serde_json::Value::Bool(true) || errors > 0 {
            problems.push(format!(
                "{}: {}",
                file["file"],
                serde_json::to_string_pretty(&file["errors"]).unwrap_or_default()
            ));
        }
    }
    (files.len(), problems)
}

/// The ingest tests' job reading `data`, with a 附注 and a 版记 that copies
/// to two offices.
fn full_job(dir: &Path, data: &str) {
    let job = format!(
        "note = \"联系人：{{{{ contact.name }}}}\"\n{}",
        crate::ingest::JOB.replace("DATA", data).replace(
            "[distribution]\n",
            "[distribution]\ncc = [\"市人民政府办公室\", \"市发展和改革委员会\"]\n"
        )
    );
    std::fs::write(dir.join("notice.toml"), job).expect("job");
}

/// How many .docx files `dir` holds.
fn docx_count(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .expect("ls")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "docx"))
        })
        .count()
}

#[test]
fn every_kind_of_document_has_no_schema_findings() {
    if !auditor_available() {
        return;
    }
    let out = tempfile::tempdir().expect("tempdir");
    let out = out.path();
    let mut written = 0;
    // The bundled notices (one with two attachments), their extracts, and
    // their notice extracts.
    for name in ["zhuzhou-2016-h1", "xiangtan-2017-q3", "two-attachments"] {
        let job = fixture(name).join("notice.toml");
        let job = job.to_str().expect("utf8");
        let dir = out.join(name);
        std::fs::create_dir_all(&dir).expect("mkdir");
        gongwen_ok(&dir, &["render", job, "--out", "notice.docx"]);
        gongwen_ok(&dir, &["split", job, "--out-dir", "extracts"]);
        gongwen_ok(
            &dir,
            &["split", job, "--with-notice", "--out-dir", "notices"],
        );
        for sub in [".", "extracts", "notices"] {
            written += docx_count(&dir.join(sub));
        }
    }

    // The layout tests' long body and renamed fonts.
    let long = crate::layout::long_body();
    gongwen_ok(
        long.path(),
        &["render", "notice.toml", "--out", "notice.docx"],
    );
    std::fs::rename(long.path().join("notice.docx"), out.join("long-body.docx")).expect("move");
    written += 1;

    // The ingest tests' spreadsheets: every format, a cell holding XML, a
    // notice with a 版记 and a 附注.
    for data in ["progress.xls", "progress.ods"] {
        let dir = tempfile::tempdir().expect("tempdir");
        full_job(dir.path(), data);
        std::fs::copy(
            root().join("tests/fixtures/ingest").join(data),
            dir.path().join(data),
        )
        .expect("copy");
        let name = format!("{data}.docx");
        gongwen_ok(dir.path(), &["render", "notice.toml", "--out", &name]);
        std::fs::rename(dir.path().join(&name), out.join(&name)).expect("move");
        written += 1;
    }
    let dir = crate::ingest::job_dir("progress.xlsx");
    std::fs::write(
        dir.path().join("progress.xlsx"),
        crate::ingest::clerk_workbook(),
    )
    .expect("write");
    gongwen_ok(
        dir.path(),
        &["render", "notice.toml", "--out", "clerk.docx"],
    );
    std::fs::rename(dir.path().join("clerk.docx"), out.join("clerk.docx")).expect("move");
    written += 1;

    // A wide ledger: its attachment on turned pages, with turned numbers.
    let wide = crate::layout::wide_ledger("auto");
    gongwen_ok(
        wide.path(),
        &["render", "notice.toml", "--out", "wide.docx"],
    );
    std::fs::rename(wide.path().join("wide.docx"), out.join("wide.docx")).expect("move");
    written += 1;

    // The ledgers: two header rows with group cells, group headings, a
    // task over sub-rows, totals; the notice and the extracts.
    for (ledger, period) in [("jiaoyu.xlsx", "2026-Q3"), ("ziran.xlsx", "2026-Q3")] {
        let dir = crate::ledgers::job_with(ledger, period, "");
        let name = format!("{ledger}.docx");
        gongwen_ok(dir.path(), &["render", "notice.toml", "--out", &name]);
        std::fs::rename(dir.path().join(&name), out.join(&name)).expect("move");
        written += 1;
        let extracts = out.join(format!("{ledger}-extracts"));
        let extracts_arg = extracts.to_str().expect("utf8");
        gongwen_ok(dir.path(), &["split", "--out-dir", extracts_arg]);
        written += docx_count(&extracts);
    }

    // What the layout does not use yet: several sections, landscape pages,
    // a section without page numbers.
    std::fs::write(
        out.join("sections.docx"),
        gongwen::docx::to_bytes(&sections_document()).expect("writes"),
    )
    .expect("write");
    written += 1;

    let (audited, problems) = audit(out);
    assert_eq!(audited, written, "openxml-audit did not see every document");
    assert!(
        problems.is_empty(),
        "schema findings:\n{}",
        problems.join("\n")
    );
}

/// A document with three sections: portrait with odd and even page
/// numbers and a table ending the section; landscape with one footer;
/// portrait without page numbers. Its table has two header rows, a cell
/// spanning two columns and a vertical merge.
pub fn sections_document() -> LaidOut {
    let font = |name: &str, kind| Font {
        name: name.into(),
        kind,
    };
    let text = |s: &str| Paragraph {
        runs: vec![Run::text(s, RunProps::default())],
        ..Paragraph::default()
    };
    let number = |align| Paragraph {
        props: ParagraphProps {
            align: Some(align),
            ..ParagraphProps::default()
        },
        runs: vec![
            Run::text("— ", RunProps::default()),
            Run {
                props: RunProps::default(),
                content: RunContent::PageNumber,
            },
            Run::text(" —", RunProps::default()),
        ],
        ..Paragraph::default()
    };
    let portrait = PageSetup {
        width: 11906,
        height: 16838,
        landscape: false,
        top: 2098,
        right: 1474,
        bottom: 1984,
        left: 1587,
        header: 850,
        footer: 1400,
        line_pitch: Some(579),
    };
    let landscape = PageSetup {
        width: 16838,
        height: 11906,
        landscape: true,
        ..portrait
    };
    let rule = Some(Rule {
        eighths: 4,
        colour: Colour::BLACK,
        space_pt: 0,
    });
    let merged = |merge| Cell {
        merge: Some(merge),
        ..Cell::new(text(""))
    };
    let table = Table {
        style: Some(TableStyleId(0)),
        grid: vec![1000, 3000, 4844],
        indent: 0,
        borders: TableBorders {
            top: rule,
            left: rule,
            bottom: rule,
            right: rule,
            inside_h: rule,
            inside_v: rule,
        },
        cell_padding: Some((85, 85)),
        header_rows: vec![
            Row {
                cant_split: true,
                cells: vec![
                    Cell {
                        merge: Some(VMerge::Restart),
                        ..Cell::new(text("序号"))
                    },
                    Cell {
                        span: 2,
                        ..Cell::new(text("完成情况"))
                    },
                ],
            },
            Row {
                cant_split: true,
                cells: vec![
                    merged(VMerge::Continue),
                    Cell::new(text("进展")),
                    Cell::new(text("存在问题")),
                ],
            },
        ],
        rows: vec![Row {
            cant_split: false,
            cells: vec![
                Cell {
                    align: Some(VAlign::Top),
                    ..Cell::new(text("1"))
                },
                Cell::new(text("甲\n乙\t丙  丁 ")),
                Cell {
                    paragraphs: Vec::new(),
                    ..Cell::new(text(""))
                },
            ],
        }],
    };
    LaidOut {
        properties: Properties {
            title: "三节".into(),
            creator: "某某市某某局".into(),
            date: "2026-12-01".into(),
        },
        fonts: vec![
            font("仿宋_GB2312", FontKind::FangSong),
            font("Noto Sans CJK SC", FontKind::Hei),
        ],
        defaults: Defaults {
            run: RunProps {
                font: Some(FontId(0)),
                size: Some(32),
                colour: Some(Colour::BLACK),
                ..RunProps::default()
            },
            paragraph: ParagraphProps::default(),
            language: "zh-CN".into(),
        },
        styles: vec![ParagraphStyle {
            id: "Head".into(),
            name: "标题行".into(),
            based_on: None,
            paragraph: ParagraphProps {
                keep_next: true,
                align: Some(Align::Centre),
                ..ParagraphProps::default()
            },
            run: RunProps {
                font: Some(FontId(1)),
                ..RunProps::default()
            },
        }],
        table_styles: vec![TableStyle {
            id: "T".into(),
            name: "表".into(),
            cell_padding: None,
            cell_align: Some(VAlign::Centre),
        }],
        sections: vec![
            Section {
                page: portrait,
                footers: Footers::OddEven {
                    odd: vec![Block::Paragraph(number(Align::Right))],
                    even: vec![Block::Paragraph(number(Align::Left))],
                },
                blocks: vec![Block::Paragraph(text("第一节")), Block::Table(table)],
            },
            Section {
                page: landscape,
                // A page number turned a quarter, in the left margin.
                footers: Footers::Same(vec![Block::Float(Float {
                    x: Place::FromPage(1400),
                    y: Place::FromPage(1587),
                    width: 448,
                    height: 8844,
                    direction: TextDirection::Clockwise,
                    wrap: false,
                    blocks: vec![Block::Paragraph(number(Align::Centre))],
                })]),
                blocks: vec![Block::Paragraph(Paragraph {
                    style: Some(StyleId(0)),
                    props: ParagraphProps {
                        page_break_before: true,
                        widow_control: Some(false),
                        bottom_rule: Some(Rule {
                            eighths: 12,
                            colour: Colour::RED,
                            space_pt: 4,
                        }),
                        tabs: vec![TabStop {
                            kind: TabKind::Right,
                            position: 8564,
                        }],
                        snap_to_grid: Some(false),
                        spacing: Some(Spacing {
                            before: 100,
                            after: 0,
                            line: 579,
                        }),
                        indent: Some(Indent {
                            left: 640,
                            right: -630,
                            first_line: -320,
                        }),
                        ..ParagraphProps::default()
                    },
                    runs: vec![Run::text(
                        "第二节\t横排",
                        RunProps {
                            colour: Some(Colour::RED),
                            spacing: Some(-5),
                            scale: Some(80),
                            ..RunProps::default()
                        },
                    )],
                })],
            },
            Section {
                page: portrait,
                footers: Footers::None,
                blocks: vec![Block::Paragraph(text("第三节"))],
            },
        ],
    }
}
