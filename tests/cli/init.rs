//! `gongwen init`: a new job that renders as written, one made from the
//! clerk's spreadsheet, and files that are never replaced.

use crate::common::*;
use std::path::Path;

fn job_toml(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path).expect("read notice.toml");
    toml::from_str(&text).expect("notice.toml is TOML")
}

fn attachment(job: &toml::Table) -> &toml::Table {
    job.get("attachment")
        .and_then(|a| a.as_table())
        .expect("[attachment]")
}

#[test]
fn a_new_job_renders_with_no_edits_and_check_names_the_placeholders() {
    let dir = tempfile::tempdir().expect("tempdir");
    let stdout = gongwen_ok(dir.path(), &["init", "job"]);
    for file in ["notice.toml", "body.md.j2", "progress.xlsx"] {
        assert!(
            stdout.contains(&format!("written job/{file}")),
            "{file}: {stdout}"
        );
        assert!(dir.path().join("job").join(file).exists(), "{file}");
    }
    assert!(stdout.contains("gongwen check job/notice.toml"), "{stdout}");

    let rendered = gongwen_ok(dir.path(), &["render", "job/notice.toml"]);
    assert!(rendered.contains("3 attachment rows"), "{rendered}");
    // Named after the job's folder.
    let docx = dir.path().join("out/job.docx");
    assert_eq!(table_rows(&docx), 3);
    let body = body_paragraphs(&docx);
    assert!(body.iter().any(|p| p == "一、总体情况"), "{body:?}");

    let check = gongwen(dir.path(), &["check", "job/notice.toml"]);
    assert!(check.status.success(), "{check:?}");
    let stderr = String::from_utf8_lossy(&check.stderr);
    for key in ["issuer", "number", "title", "recipients", "contact.name"] {
        assert!(
            stderr.contains(&format!("`{key}`: still the placeholder")),
            "{key}: {stderr}"
        );
    }
    assert!(!stderr.contains("error"), "{stderr}");
}

#[test]
fn init_from_the_seed_spreadsheet_maps_all_four_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let seed = fixture("zhuzhou-2016-h1").join("progress.xlsx");
    let stdout = gongwen_ok(
        dir.path(),
        &["init", "job", "--from", seed.to_str().expect("utf8")],
    );
    assert!(
        stdout.contains("status (完成情况) = 上半年完成情况"),
        "{stdout}"
    );
    assert!(!dir.path().join("job/progress.xlsx").exists());

    let job = job_toml(&dir.path().join("job/notice.toml"));
    assert!(
        job.get("period")
            .and_then(|p| p.as_str())
            .is_some_and(|p| p.ends_with("-H1")),
        "{job:?}"
    );
    let attachment = attachment(&job);
    let seed = std::fs::canonicalize(&seed).expect("canonical");
    // The spreadsheet where it is: relative to the job when they share a
    // folder below the root, else by its full path.
    let data = attachment
        .get("data")
        .and_then(|d| d.as_str())
        .expect("data");
    let named = dir.path().join("job").join(data);
    assert_eq!(
        std::fs::canonicalize(&named).expect("the data the job names"),
        seed,
        "{data}"
    );
    assert_eq!(
        attachment.get("sheet").and_then(|s| s.as_str()),
        Some("附件")
    );
    let columns = attachment
        .get("columns")
        .and_then(|c| c.as_table())
        .expect("[attachment.columns]");
    for (key, header) in [
        ("task", "工作任务"),
        ("units", "责任单位"),
        ("status", "上半年完成情况"),
        ("sections", "委内责任科室(单位)"),
    ] {
        assert_eq!(columns.get(key).and_then(|v| v.as_str()), Some(header));
    }

    let rendered = gongwen_ok(dir.path(), &["render", "job/notice.toml"]);
    assert!(rendered.contains("23 attachment rows"), "{rendered}");
}

#[test]
fn a_spreadsheet_inside_the_folder_is_named_relative_to_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        fixture("zhuzhou-2016-h1").join("progress.xlsx"),
        dir.path().join("台账.xlsx"),
    )
    .expect("copy");
    let stdout = gongwen_ok(dir.path(), &["init", "--from", "台账.xlsx"]);
    assert!(stdout.contains("written notice.toml"), "{stdout}");
    let job = job_toml(&dir.path().join("notice.toml"));
    assert_eq!(
        attachment(&job).get("data").and_then(|d| d.as_str()),
        Some("台账.xlsx")
    );
    gongwen_ok(dir.path(), &["render", "notice.toml"]);
}

#[test]
fn init_never_replaces_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    gongwen_ok(dir.path(), &["init"]);
    let job = dir.path().join("notice.toml");
    let edited = std::fs::read_to_string(&job)
        .expect("read")
        .replace("某某市某某局", "株洲市发展和改革委员会");
    std::fs::write(&job, &edited).expect("edit");
    let files = ["notice.toml", "body.md.j2", "progress.xlsx"];
    let before: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(dir.path().join(f)).expect("read"))
        .collect();

    let stdout = gongwen_ok(dir.path(), &["init"]);
    assert!(!stdout.contains("written"), "{stdout}");
    for file in files {
        assert!(
            stdout.contains(&format!("skipped {file} (exists)")),
            "{file}: {stdout}"
        );
    }
    let after: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(dir.path().join(f)).expect("read"))
        .collect();
    assert!(before == after, "a file was changed");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
}

#[test]
fn init_errors_name_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = gongwen(dir.path(), &["init", "job", "--from", "missing.xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("missing.xlsx"), "{stderr}");
    assert!(
        !dir.path().join("job").exists(),
        "a failed init made its folder"
    );

    std::fs::write(dir.path().join("taken"), "a file").expect("write");
    let out = gongwen(dir.path(), &["init", "taken"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot create the folder taken"),
        "{stderr}"
    );
}
