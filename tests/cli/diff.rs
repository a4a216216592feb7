//! `gongwen diff`: the report after an edit, the exit codes, JSON output.

use crate::common::*;
use std::path::Path;

fn run(cwd: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = gongwen(cwd, args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_edited_status_names_the_row_the_field_and_the_section() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (base, edited) = (dir.path().join("base.xlsx"), dir.path().join("edited.xlsx"));
    let (task, old, new) = seed_with_one_edit(&base, &edited);

    let (code, stdout, stderr) = run(dir.path(), &["diff", "base.xlsx", "edited.xlsx"]);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    let head: String = task.chars().take(20).collect();
    assert!(stdout.contains(&head), "{stdout}");
    assert!(stdout.contains("上半年完成情况:"), "{stdout}");
    assert!(stdout.contains(&format!("{old} → {new}")), "{stdout}");
    assert!(stdout.contains("[sections: 园区科]"), "{stdout}");
    assert!(
        stdout.contains("1 changed, 0 added, 0 removed, 0 moved; sections to send again: 园区科"),
        "{stdout}"
    );

    let (code, stdout, _) = run(
        dir.path(),
        &["diff", "base.xlsx", "edited.xlsx", "--format", "json"],
    );
    assert_eq!(code, Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["key"], "task");
    assert_eq!(json["sections"], serde_json::json!(["园区科"]));
    let changed = json["changed"].as_array().expect("changed");
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0]["task"], task.as_str());
    assert_eq!(changed[0]["sections"], serde_json::json!(["园区科"]));
    assert_eq!(
        changed[0]["fields"],
        serde_json::json!([{ "column": "上半年完成情况", "old": old, "new": new }])
    );
    assert_eq!(json["added"], serde_json::json!([]));
    assert_eq!(json["removed"], serde_json::json!([]));
}

#[test]
fn equal_versions_exit_0() {
    let dir = tempfile::tempdir().expect("tempdir");
    let seed = fixture("zhuzhou-2016-h1").join("progress.xlsx");
    let seed = seed.to_str().expect("utf8");
    let (code, stdout, stderr) = run(dir.path(), &["diff", seed, seed]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("no differences"), "{stdout}");
    let (code, stdout, _) = run(dir.path(), &["diff", seed, seed, "--format", "json"]);
    assert_eq!(code, Some(0));
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["changed"], serde_json::json!([]));
}

#[test]
fn errors_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let seed = fixture("zhuzhou-2016-h1").join("progress.xlsx");
    let seed = seed.to_str().expect("utf8");
    let (code, _, stderr) = run(dir.path(), &["diff", seed, "missing.xlsx"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("missing.xlsx"), "{stderr}");
    // The xiangtan job names a sheet the seed does not have.
    let job = fixture("xiangtan-2017-q3").join("notice.toml");
    let job = job.to_str().expect("utf8");
    let (code, _, stderr) = run(dir.path(), &["diff", seed, seed, "--job", job]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("台账"), "{stderr}");
    let (code, _, _) = run(dir.path(), &["diff", seed, seed, "--job", "missing.toml"]);
    assert_eq!(code, Some(2));
    let (code, _, _) = run(dir.path(), &["diff", seed, seed, "--format", "xml"]);
    assert_eq!(code, Some(2));
}

#[test]
fn with_a_job_rows_are_matched_by_serial_number() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = fixture("xiangtan-2017-q3");
    let mut sheets = read_grid(&folder.join("progress.xlsx"));
    let base = dir.path().join("base.xlsx");
    write_grid(&base, &sheets);
    let (_, grid) = sheets
        .iter_mut()
        .find(|(name, _)| name == "台账")
        .expect("sheet 台账");
    let (header, cols) = find_columns(grid, &["序号", "重点工作", "责任科室"]);
    // Row 序号 2: the task is reworded and the section changes.
    let r = header + 2;
    assert_eq!(grid[r][cols[0]], "2");
    let old_section = grid[r][cols[2]].clone();
    grid[r][cols[1]].push_str("（调整）");
    grid[r][cols[2]] = "财务科".to_string();
    let edited = dir.path().join("edited.xlsx");
    write_grid(&edited, &sheets);

    let job = folder.join("notice.toml");
    let job = job.to_str().expect("utf8");
    let (code, stdout, stderr) = run(
        dir.path(),
        &[
            "diff",
            "base.xlsx",
            "edited.xlsx",
            "--job",
            job,
            "--format",
            "json",
        ],
    );
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["key"], "序号");
    let changed = json["changed"].as_array().expect("changed");
    assert_eq!(changed.len(), 1, "{stdout}");
    assert_eq!(changed[0]["key"], "2");
    let fields: Vec<&str> = changed[0]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["column"].as_str().expect("column"))
        .collect();
    assert_eq!(fields, ["重点工作", "责任科室"]);
    let mut sections: Vec<String> = gongwen::model::split_sections(&old_section);
    if !sections.iter().any(|s| s == "财务科") {
        sections.push("财务科".into());
    }
    assert_eq!(changed[0]["sections"], serde_json::json!(sections));
    assert_eq!(json["added"], serde_json::json!([]));
}
