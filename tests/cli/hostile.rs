//! Hostile and unlucky inputs, built here small and fast: each run exits 1
//! with one line within seconds, under 1 GB of address space, and leaves
//! the input as it was.

use crate::common::*;
use std::path::Path;

const SEED: &str = "zhuzhou-2016-h1";

/// Under 1 GB of address space (as `prlimit --as=1073741824`).
fn bounded() -> Limits {
    Limits {
        address_space: Some(ONE_GB),
        ..Limits::default()
    }
}

/// A folder with `notice.toml` reading `data`, written by `write`.
fn job_reading(data: &str, write: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("notice.toml"), simple_job(data)).expect("job");
    write(&dir.path().join(data));
    dir
}

/// Checks and renders `data` under the bounds; both must stop with one
/// line holding `expected`, and leave the spreadsheet as it was.
fn refused(dir: &Path, data: &str, expected: &str) {
    let before = std::fs::read(dir.join(data)).expect("input");
    for command in ["check", "render"] {
        let run = gongwen_limited(dir, &[command, "notice.toml"], bounded());
        let errors: Vec<&str> = run
            .error_lines()
            .into_iter()
            .filter(|l| l.starts_with("error: "))
            .collect();
        assert_eq!(run.status.code(), Some(1), "{command}: {run}");
        assert_eq!(errors.len(), 1, "{command}: {run}");
        assert!(
            errors[0].contains(expected),
            "{command}: {expected:?}: {run}"
        );
        assert!(
            run.elapsed < std::time::Duration::from_secs(30),
            "{command}: {run}"
        );
    }
    assert_eq!(std::fs::read(dir.join(data)).expect("input"), before);
    assert!(!dir.join("out").exists());
}

const HEADER_ROW: &str = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>工作任务</t></is></c><c r="B1" t="inlineStr"><is><t>完成情况</t></is></c><c r="C1" t="inlineStr"><is><t>责任科室</t></is></c></row>"#;

#[test]
fn one_long_shared_string_shown_by_thousands_of_cells_is_refused_as_it_is_counted() {
    // A 30,000-character string, shown by 15,000 cells: 1.35 GB once every
    // cell holds its copy (more than the 1 GB the run may use), in a file
    // of some ten kilobytes.
    let dir = job_reading("big.xlsx", |path| {
        let mut rows = String::from(HEADER_ROW);
        for r in 2..=7501 {
            rows.push_str(&format!(
                r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c><c r="B{r}" t="s"><v>0</v></c></row>"#
            ));
        }
        let long = "进展顺利".repeat(7_500);
        write_raw_xlsx(
            path,
            &[("台账", &rows)],
            Some(&format!("<si><t>{long}</t></si>")),
        );
    });
    assert!(
        std::fs::metadata(dir.path().join("big.xlsx"))
            .expect("stat")
            .len()
            < 100_000
    );
    // 64 MiB is passed at the 746th cell that shows it: B374.
    refused(
        dir.path(),
        "big.xlsx",
        "big.xlsx!台账!B374: the table holds more than 64 MiB",
    );
}

#[test]
fn a_shared_string_longer_than_a_cell_is_refused_at_the_first_cell_showing_it() {
    // One string of a million characters (3 MB) used by 5,000 cells.
    let dir = job_reading("huge.xlsx", |path| {
        let mut rows = String::from(HEADER_ROW);
        for r in 2..=5001 {
            rows.push_str(&format!(
                r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#
            ));
        }
        let huge = "一".repeat(1_000_000);
        write_raw_xlsx(
            path,
            &[("台账", &rows)],
            Some(&format!("<si><t>{huge}</t></si>")),
        );
    });
    refused(
        dir.path(),
        "huge.xlsx",
        "huge.xlsx!台账!A2: the cell holds more than 32767 characters",
    );
}

#[test]
fn ods_spaces_are_text_and_are_counted() {
    // 300,000 `<text:s/>` in one cell: 300,000 spaces.
    let dir = job_reading("spaces.ods", |path| {
        let spaces = "<text:s/>".repeat(300_000);
        write_raw_ods(
            path,
            &format!(
                r#"<table:table table:name="台账"><table:table-row><table:table-cell office:value-type="string"><text:p>工作任务</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>完成情况</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>任务</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>开始{spaces}结束</text:p></table:table-cell></table:table-row></table:table>"#
            ),
        );
    });
    assert!(
        std::fs::metadata(dir.path().join("spaces.ods"))
            .expect("stat")
            .len()
            < 100_000
    );
    refused(
        dir.path(),
        "spaces.ods",
        "spaces.ods!台账!B2: the cell holds more than 32767 characters",
    );
}

#[test]
fn a_repeated_ods_cell_counts_once_per_repeat() {
    // 30,000 characters, repeated over 1,000 columns of 40 rows: 1.2 GB
    // once each repeat is a copy.
    let dir = job_reading("repeat.ods", |path| {
        let text = "<text:s text:c=\"10000\"/>".repeat(3);
        write_raw_ods(
            path,
            &format!(
                r#"<table:table table:name="台账"><table:table-row><table:table-cell office:value-type="string"><text:p>工作任务</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>完成情况</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="40"><table:table-cell table:number-columns-repeated="1000" office:value-type="string"><text:p>{text}</text:p></table:table-cell></table:table-row></table:table>"#
            ),
        );
    });
    refused(
        dir.path(),
        "repeat.ods",
        "repeat.ods!台账!A2: the table holds more than 64 MiB",
    );
}

#[test]
fn a_million_small_rows_are_refused_at_the_row_limit() {
    let dir = job_reading("rows.csv", |path| {
        let mut csv = String::from("工作任务,完成情况,责任科室\n");
        for n in 0..1_000_000 {
            csv.push_str(&format!("任务{n},完成,科\n"));
        }
        std::fs::write(path, csv).expect("csv");
    });
    // The 200,001st filled row is line 200,001 of the file.
    refused(
        dir.path(),
        "rows.csv",
        "rows.csv!200001:200001: the sheet fills more than 200000 rows",
    );
    let dir = job_reading("rows.xlsx", |path| {
        let mut rows = String::from(HEADER_ROW);
        for r in 2..=210_000 {
            rows.push_str(&format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#));
        }
        write_raw_xlsx(path, &[("台账", &rows)], None);
    });
    refused(
        dir.path(),
        "rows.xlsx",
        "rows.xlsx!台账!A200001: the sheet fills more than 200000 rows",
    );
}

#[test]
fn a_sheet_list_of_two_thousand_sheets_is_one_short_line() {
    let dir = job_reading("sheets.xlsx", |path| {
        let names: Vec<String> = (1..=2000).map(|n| format!("表{n}")).collect();
        let data = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c><c r="B1" t="inlineStr"><is><t>项目名称</t></is></c></row>"#;
        let sheets: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), data)).collect();
        write_raw_xlsx(path, &sheets, None);
    });
    let run = gongwen_limited(dir.path(), &["render", "notice.toml"], bounded());
    run.assert_one_error("and 1990 more", 30);
    assert!(
        run.stderr.len() < 2_000,
        "{} bytes: {run}",
        run.stderr.len()
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_is_never_read_or_waited_on() {
    let dir = copy_fixture(SEED);
    make_fifo(&dir.path().join("pipe.xlsx"));
    make_fifo(&dir.path().join("pipe.md.j2"));
    make_fifo(&dir.path().join("pipe.toml"));
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["render", "notice.toml", "--data", "pipe.xlsx"],
            "pipe.xlsx: this is a FIFO",
        ),
        (
            vec!["check", "notice.toml", "--data", "pipe.xlsx"],
            "pipe.xlsx: this is a FIFO",
        ),
        (
            vec!["render", "notice.toml", "--data", "/dev/zero"],
            "/dev/zero: this is a device",
        ),
        (vec!["render", "pipe.toml"], "pipe.toml: this is a FIFO"),
        (
            vec!["diff", "pipe.xlsx", "progress.xlsx"],
            "pipe.xlsx: this is a FIFO",
        ),
        (
            vec!["diff", "progress.xlsx", "/dev/zero"],
            "/dev/zero: this is a device",
        ),
        (
            vec!["init", "new", "--from", "pipe.xlsx"],
            "pipe.xlsx: this is a FIFO",
        ),
        (
            vec!["render", "notice.toml", "--out", "pipe.xlsx"],
            "pipe.xlsx: this is a FIFO",
        ),
    ];
    for (args, expected) in cases {
        let run = gongwen_limited(dir.path(), &args, bounded());
        let lines: Vec<&str> = run
            .error_lines()
            .into_iter()
            .filter(|l| l.starts_with("error"))
            .collect();
        assert_eq!(lines.len(), 1, "{args:?}: {run}");
        assert!(lines[0].contains(expected), "{args:?}: {run}");
        let want = if args[0] == "diff" { 2 } else { 1 };
        assert_eq!(run.status.code(), Some(want), "{args:?}: {run}");
        assert!(
            run.elapsed < std::time::Duration::from_secs(10),
            "{args:?}: {run}"
        );
    }
    // The body template named by the job.
    let job = dir.path().join("notice.toml");
    let text = std::fs::read_to_string(&job).expect("job");
    std::fs::write(&job, text.replace("body.md.j2", "pipe.md.j2")).expect("job");
    let run = gongwen_limited(dir.path(), &["render", "notice.toml"], bounded());
    run.assert_one_error("pipe.md.j2: this is a FIFO", 10);
}

#[test]
fn a_template_that_never_ends_is_stopped_and_named() {
    let forever =
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}";
    let doubling = "{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}{{ s }}{% endif %}{% endmacro %}{{ d('x', 60) }}";
    for (what, template, place) in [
        ("body", forever, "body.md.j2:1: "),
        ("body", doubling, "body.md.j2:1: "),
        ("note", forever, "`note`: "),
        ("title", forever, "`attachment.title`: "),
    ] {
        let dir = copy_fixture(SEED);
        let job = dir.path().join("notice.toml");
        let mut text = std::fs::read_to_string(&job).expect("job");
        match what {
            "body" => std::fs::write(dir.path().join("body.md.j2"), template).expect("body"),
            "note" => {
                text = text.replacen(
                    "body = \"body.md.j2\"",
                    &format!("body = \"body.md.j2\"\nnote = '''{template}'''"),
                    1,
                );
            }
            _ => {
                text = text
                    .lines()
                    .map(|l| {
                        if l.starts_with("title = \"2016年") {
                            format!("title = '''{template}'''")
                        } else {
                            l.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
            }
        }
        std::fs::write(&job, &text).expect("job");
        let run = gongwen_limited(dir.path(), &["render", "notice.toml"], bounded());
        run.assert_one_error(place, 30);
        assert!(
            run.stderr.contains("ran too long") || run.stderr.contains("more than"),
            "{what}: {run}"
        );
        assert!(!out_docx(dir.path()).exists());
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_a_watch_in_the_middle_of_a_run() {
    let dir = copy_fixture(SEED);
    let body = dir.path().join("body.md.j2");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(["render", "notice.toml", "--watch"])
        .current_dir(dir.path())
        .env("LANG", "C")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let wait_for = |text: &str| loop {
        let line = rx
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("a line");
        if line.contains(text) {
            break;
        }
    };
    wait_for("watching");
    // A body that works a long time (until its fuel runs out).
    std::fs::write(
        &body,
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    )
    .expect("body");
    wait_for("changed");
    std::thread::sleep(std::time::Duration::from_millis(100));
    let pid = i32::try_from(child.id()).expect("pid");
    // SAFETY: SIGINT, as Ctrl-C sends, to the child.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let sent = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            sent.elapsed() < std::time::Duration::from_secs(3),
            "the watch did not stop on one Ctrl-C"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    assert!(status.code().is_some(), "{status}");
    assert!(temporary_files(&dir.path().join("out")).is_empty());
}

/// A sheet whose sections cell is `sections`, as CSV.
fn sections_job(sections: &[String]) -> tempfile::TempDir {
    job_reading("sections.csv", |path| {
        let mut csv = String::from("工作任务,完成情况,责任科室\n");
        for (n, cell) in sections.iter().enumerate() {
            csv.push_str(&format!("任务{n},完成,\"{cell}\"\n"));
        }
        std::fs::write(path, csv).expect("csv");
    })
}

#[test]
fn many_sections_in_one_cell_are_refused_naming_the_cell() {
    // An 11 KB cell naming 3,000 sections.
    let cell: Vec<String> = (0..3000).map(|n| format!("科{n}")).collect();
    let dir = sections_job(&[cell.join("、")]);
    refused(
        dir.path(),
        "sections.csv",
        "sections.csv!C2: this cell names more than 50 sections",
    );
    let run = gongwen_limited(dir.path(), &["split", "notice.toml"], bounded());
    run.assert_one_error("sections.csv!C2", 30);
}

#[test]
fn a_section_name_past_its_length_is_refused_naming_the_cell() {
    let dir = sections_job(&["财贸科".to_string(), "科".repeat(101)]);
    refused(
        dir.path(),
        "sections.csv",
        "sections.csv!C3: a section name of 101 characters, more than the 100 allowed",
    );
    // A 3 MB name is more than a cell holds.
    let dir = sections_job(&["科".repeat(1_000_000)]);
    refused(
        dir.path(),
        "sections.csv",
        "sections.csv!C2: the cell holds more than",
    );
}

#[test]
fn more_than_two_thousand_sections_are_refused_at_the_one_too_many() {
    let names: Vec<String> = (0..2001).map(|n| format!("第{n}科")).collect();
    let dir = sections_job(&names);
    refused(
        dir.path(),
        "sections.csv",
        "sections.csv!C2002: the table names more than 2000 sections",
    );
}

#[test]
fn a_very_long_title_is_laid_out_within_seconds() {
    let dir = copy_fixture(SEED);
    let job = dir.path().join("notice.toml");
    let text = std::fs::read_to_string(&job).expect("job");
    let long = "重点工作任务推进落实情况".repeat(2_000);
    let text = text.replacen(
        "title = \"株洲市发展和改革委员会关于加快年度重点工作任务推进落实的通知\"",
        &format!("title = \"关于{long}的通知\""),
        1,
    );
    std::fs::write(&job, text).expect("job");
    let run = gongwen_limited(dir.path(), &["render", "notice.toml"], bounded());
    assert!(run.status.success(), "{run}");
    assert!(run.elapsed < std::time::Duration::from_secs(30), "{run}");
}

#[test]
fn check_reports_three_broken_keys_and_the_spreadsheets_problems_in_one_run() {
    let dir = copy_fixture(SEED);
    let job = dir.path().join("notice.toml");
    let text = std::fs::read_to_string(&job)
        .expect("job")
        .replace("number = \"株发改发〔2016〕193号\"", "number = 193")
        .replace("date = 2016-08-30", "date = \"昨天\"")
        .replace("period = \"2016-H1\"", "perod = \"2016-H1\"");
    std::fs::write(&job, &text).expect("job");
    // The sheet has a task without a status.
    let mut sheets = read_grid(&dir.path().join("progress.xlsx"));
    let grid = &mut sheets[0].1;
    let (header, cols) = find_columns(grid, &["上半年完成情况"]);
    grid[header + 3][cols[0]].clear();
    write_grid(&dir.path().join("progress.xlsx"), &sheets);
    let line = |key: &str| {
        text.lines()
            .position(|l| l.starts_with(key))
            .map(|i| i + 1)
            .expect("key")
    };
    let out = gongwen(dir.path(), &["check", "notice.toml"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for (key, said) in [
        (
            "number",
            "not valid: invalid type: integer `193`, expected a string",
        ),
        ("date", "not valid"),
        ("perod", "no such key: did you mean `period`?"),
    ] {
        let want = format!("error: notice.toml:{}: `{key}`: {said}", line(key));
        assert!(
            stderr.lines().any(|l| l.starts_with(&want)),
            "{want}\n{stderr}"
        );
    }
    assert!(
        stderr.contains("error: notice.toml: `period`: this key is required and missing"),
        "{stderr}"
    );
    // The spreadsheet was read and checked all the same.
    assert!(
        stderr.contains("warning: progress.xlsx!附件!") && stderr.contains("is empty"),
        "{stderr}"
    );
    assert!(
        stdout.contains("progress.xlsx: 23 rows, 13 sections, 1 warnings, 4 errors"),
        "{stdout}"
    );
}

#[test]
fn invisible_characters_in_a_message_are_shown_escaped() {
    let dir = copy_fixture(SEED);
    let out = gongwen(
        dir.path(),
        &["split", "notice.toml", "--section", "财\u{200B}贸科"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("财\\u{200B}贸科"), "{stderr}");
    assert!(!stderr.contains('\u{200B}'), "{stderr}");
}
