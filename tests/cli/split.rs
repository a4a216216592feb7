//! `gongwen split`: one extract per section, read back; regeneration after
//! an edit; determinism across threads; hostile section names; the notice
//! variant; stale extracts.

use crate::common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn seed_job() -> String {
    fixture("zhuzhou-2016-h1")
        .join("notice.toml")
        .to_str()
        .expect("utf8")
        .to_string()
}

/// The .docx files of a folder by name, with their bytes.
fn docx_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("read out dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            (name, std::fs::read(&p).expect("read extract"))
        })
        .collect()
}

/// The records of index.csv after its header (simple fields only), each
/// section, rows, file and SHA-256; every line names the same job.
pub fn index_records(dir: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(dir.join("index.csv")).expect("index.csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "index.csv has no BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).expect("utf8");
    let mut lines = text.split("\r\n").filter(|l| !l.is_empty());
    assert_eq!(lines.next(), Some("section,rows,file,sha256,job,job_id"));
    let records: Vec<Vec<String>> = lines
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    for r in &records {
        assert_eq!(r.len(), 6, "{r:?}");
        assert_eq!(r[5], records[0][5], "one job: {records:?}");
        assert_eq!(r[5], sha256_hex(r[4].as_bytes()), "{r:?}");
    }
    records.into_iter().map(|r| r[..4].to_vec()).collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    gongwen::split::sha256_hex(bytes)
}

#[test]
fn the_seed_splits_into_thirteen_extracts_with_their_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let stdout = gongwen_ok(dir.path(), &["split", &seed_job()]);
    assert!(
        stdout.contains("updated 0, unchanged 0, new 13, removed 0"),
        "{stdout}"
    );
    let out = dir.path().join(SEED_OUT);
    let expected = [
        ("投资科", 6),
        ("财贸科", 5),
        ("社会科", 4),
        ("工业科", 3),
        ("重点办", 3),
        ("代建办", 2),
        ("园区科", 2),
        ("改革科", 2),
        ("规划科", 2),
        ("农经科", 2),
        ("综合科", 1),
        ("法规科", 1),
        ("能源基础科", 1),
    ];
    let files = docx_files(&out);
    assert_eq!(files.len(), expected.len(), "{:?}", files.keys());
    for (section, rows) in expected {
        let path = out.join(format!("{section}.docx"));
        assert_eq!(table_rows(&path), rows, "{section}");
        let paragraphs = body_paragraphs(&path);
        assert_eq!(paragraphs[0], "附件", "{section}");
        let title = format!("上半年完成情况表（{section}）");
        assert!(
            paragraphs.iter().any(|p| p.ends_with(&title)),
            "{section}: {paragraphs:?}"
        );
    }
    // The shared row (社会科 / 工业科 / 财贸科) is in each of the three.
    for section in ["社会科", "工业科", "财贸科"] {
        let xml = docx_part(&out.join(format!("{section}.docx")), "word/document.xml");
        assert!(xml.contains("炎帝创客中心"), "{section}");
    }
    let index = index_records(&out);
    assert_eq!(index.len(), 13);
    for record in &index {
        let [section, rows, file, sha] = &record[..] else {
            panic!("{record:?}")
        };
        let (_, want) = expected
            .iter()
            .find(|(s, _)| s == section)
            .expect("known section");
        assert_eq!(rows, &want.to_string());
        assert_eq!(file, &format!("{section}.docx"));
        assert_eq!(sha, &sha256_hex(&files[file]));
    }
}

#[test]
fn an_edited_cell_rewrites_only_its_sections_extract() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (base, edited) = (dir.path().join("base.xlsx"), dir.path().join("edited.xlsx"));
    seed_with_one_edit(&base, &edited);
    let job = seed_job();
    let args = |data: &Path| -> Vec<String> {
        vec![
            "split".into(),
            job.clone(),
            "--data".into(),
            data.to_str().expect("utf8").into(),
        ]
    };
    let run = |data: &Path| {
        let args = args(data);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        gongwen_ok(dir.path(), &args)
    };
    run(&base);
    let out = dir.path().join(SEED_OUT);
    let before = docx_files(&out);
    let stamps = file_stamps(&out);

    // The same data again: nothing is written.
    let stdout = run(&base);
    assert!(
        stdout.contains("updated 0, unchanged 13, new 0, removed 0"),
        "{stdout}"
    );
    assert_eq!(file_stamps(&out), stamps);

    let stdout = run(&edited);
    assert!(
        stdout.contains("updated 1, unchanged 12, new 0, removed 0"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("updated: {SEED_OUT}/园区科.docx")),
        "{stdout}"
    );
    let after = docx_files(&out);
    let stamps_after = file_stamps(&out);
    for (name, bytes) in &before {
        if name == "园区科.docx" {
            assert_ne!(&after[name], bytes, "{name} should have changed");
            assert_ne!(stamps_after[name], stamps[name], "{name} not rewritten");
        } else {
            assert!(&after[name] == bytes, "{name} changed");
            assert_eq!(stamps_after[name], stamps[name], "{name} was rewritten");
        }
    }
    let index = index_records(&out);
    let yuanqu = index.iter().find(|r| r[0] == "园区科").expect("园区科");
    assert_eq!(yuanqu[3], sha256_hex(&after["园区科.docx"]));
}

/// (inode, modification time) of each extract: a rewrite through a
/// temporary file and a rename gives a new inode.
fn file_stamps(dir: &Path) -> BTreeMap<String, (u64, std::time::SystemTime)> {
    docx_files(dir)
        .keys()
        .map(|name| {
            let meta = std::fs::metadata(dir.join(name)).expect("stat");
            #[cfg(unix)]
            let inode = std::os::unix::fs::MetadataExt::ino(&meta);
            #[cfg(not(unix))]
            let inode = 0;
            (name.clone(), (inode, meta.modified().expect("mtime")))
        })
        .collect()
}

#[test]
fn extracts_do_not_depend_on_threads_or_on_the_other_sections() {
    let dir = tempfile::tempdir().expect("tempdir");
    let job = seed_job();
    let split_into = |out: &str, threads: Option<&str>, extra: &[&str]| {
        let mut args = vec!["split", job.as_str(), "--out-dir", out];
        args.extend_from_slice(extra);
        let env: Vec<(&str, &str)> = threads
            .map(|t| vec![("RAYON_NUM_THREADS", t)])
            .unwrap_or_default();
        let output = gongwen_env(dir.path(), &args, &env);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        docx_files(&dir.path().join(out))
    };
    let one = split_into("one", Some("1"), &[]);
    let all = split_into("all", None, &[]);
    let many = split_into("many", Some("8"), &[]);
    assert_eq!(one.len(), 13);
    assert!(one == all, "single-threaded and parallel extracts differ");
    assert!(one == many, "extracts built on 8 threads differ");
    for (name, bytes) in &one {
        let section = name.trim_end_matches(".docx");
        let out = format!("alone/{section}");
        let alone = split_into(&out, None, &["--section", section]);
        assert_eq!(alone.len(), 1, "{section}");
        assert!(&alone[name] == bytes, "{section} alone differs");
    }
}

#[test]
fn hostile_section_names_stay_inside_the_output_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let work = dir.path().join("work");
    std::fs::create_dir_all(&work).expect("mkdir");
    // The longest name a section may have: 100 characters, 300 bytes.
    let long = format!("{}名称", "很长的科室名称".repeat(14));
    let rows = [
        ("任务一", "完成", "..\\..\\x"),
        ("任务二", "完成", "a<b"),
        ("任务三", "完成", "CON"),
        ("任务四", "完成", long.as_str()),
        ("任务五", "完成", ""),
        ("任务六", "完成", "a\\b"),
        ("任务七", "完成", "a:b"),
        ("任务八", "完成", ".."),
        ("任务九", "完成", "nul.txt"),
        ("任务十", "完成", "C:etc"),
    ];
    write_table(&work.join("progress.xlsx"), &rows);
    std::fs::write(
        work.join("notice.toml"),
        r#"issuer = "某某市发展和改革委员会"
number = "某发改发〔2016〕1号"
title = "关于重点工作任务推进落实的通知"
recipients = ["机关各科室"]
date = 2016-08-30
period = "2016-H1"

[attachment]
title = "重点工作任务完成情况表"
data = "progress.xlsx"
"#,
    )
    .expect("write job");
    let out = gongwen(&work, &["split", "notice.toml", "--out-dir", "out/ext"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("new 10, removed 0"), "{stdout}");
    // The row without a section is reported and goes to 未分配.
    assert!(stderr.contains("未分配"), "{stderr}");
    assert!(stderr.contains("!C6"), "{stderr}");

    // Everything written is directly inside the output folder.
    let out_dir = work.join("out/ext");
    let mut written: Vec<PathBuf> = Vec::new();
    walk(dir.path(), &mut written);
    for path in &written {
        let inside = path.parent() == Some(out_dir.as_path());
        let inputs = path.parent() == Some(work.as_path());
        assert!(inside || inputs, "written outside: {}", path.display());
    }
    let files = docx_files(&out_dir);
    assert_eq!(files.len(), 10, "{:?}", files.keys());
    for name in files.keys() {
        let stem = name.trim_end_matches(".docx");
        assert!(stem.chars().count() <= 100, "{name}");
        assert!(name.len() <= 255, "{name}");
        assert!(!stem.contains(".."), "{name}");
        assert!(!stem.contains(['/', '\\', ':']), "{name}");
        assert!(!gongwen::split::is_reserved_on_windows(stem), "{name}");
        assert_eq!(table_rows(&out_dir.join(name)), 1, "{name}");
    }
    assert!(files.contains_key("未分配.docx"));
    // Each section is in its own file: every task appears exactly once.
    let mut tasks: Vec<String> = Vec::new();
    for name in files.keys() {
        let xml = docx_part(&out_dir.join(name), "word/document.xml");
        for (task, _, _) in &rows {
            if xml.contains(task) {
                tasks.push(task.to_string());
            }
        }
    }
    tasks.sort();
    let mut want: Vec<String> = rows.iter().map(|r| r.0.to_string()).collect();
    want.sort();
    assert_eq!(tasks, want);
    // The index names each file once, and a second run changes nothing.
    let index = std::fs::read_to_string(out_dir.join("index.csv")).expect("index");
    for name in files.keys() {
        assert_eq!(index.matches(name.as_str()).count(), 1, "{name}\n{index}");
    }
    let again = gongwen_ok(&work, &["split", "notice.toml", "--out-dir", "out/ext"]);
    assert!(
        again.contains("updated 0, unchanged 10, new 0, removed 0"),
        "{again}"
    );
}

fn walk(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            walk(&path, into);
        } else {
            into.push(path);
        }
    }
}

#[test]
fn with_notice_each_extract_is_the_notice_addressed_to_its_section() {
    let dir = tempfile::tempdir().expect("tempdir");
    let stdout = gongwen_ok(
        dir.path(),
        &["split", &seed_job(), "--with-notice", "--section", "财贸科"],
    );
    assert!(stdout.contains("new 1, removed 0"), "{stdout}");
    let path = dir.path().join(SEED_OUT).join("财贸科.docx");
    let paragraphs = body_paragraphs(&path);
    assert!(
        paragraphs.iter().any(|p| p == "财贸科："),
        "recipients: {paragraphs:?}"
    );
    assert!(!paragraphs.iter().any(|p| p.contains("机关各科室")));
    assert!(paragraphs
        .iter()
        .any(|p| p.contains("株发改发〔2016〕193号")));
    // The 附件说明 and the attachment title both name the section.
    let titled = paragraphs
        .iter()
        .filter(|p| p.ends_with("上半年完成情况表（财贸科）"))
        .count();
    assert_eq!(titled, 2, "{paragraphs:?}");
    assert_eq!(table_rows(&path), 5);
    assert_eq!(docx_files(&dir.path().join(SEED_OUT)).len(), 1);
}

#[test]
fn a_section_that_is_gone_is_reported_and_pruned() {
    let dir = tempfile::tempdir().expect("tempdir");
    let job = seed_job();
    gongwen_ok(dir.path(), &["split", &job]);
    let out = dir.path().join(SEED_OUT);
    assert!(out.join("法规科.docx").exists());

    // 法规科's only row moves to 规划科; 综合科's only row moves to 改革科.
    let mut sheets = read_grid(&fixture("zhuzhou-2016-h1").join("progress.xlsx"));
    let grid = &mut sheets[0].1;
    let (_, cols) = find_columns(grid, &["委内责任科室(单位)"]);
    for row in grid.iter_mut() {
        let cell = &mut row[cols[0]];
        *cell = cell.replace("法规科", "规划科").replace("综合科", "改革科");
    }
    let data = dir.path().join("moved.xlsx");
    write_grid(&data, &sheets);
    let data = data.to_str().expect("utf8");

    let stdout = gongwen_ok(dir.path(), &["split", &job, "--data", data]);
    assert!(
        stdout.contains(&format!("stale: {SEED_OUT}/法规科.docx")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("stale: {SEED_OUT}/综合科.docx")),
        "{stdout}"
    );
    assert!(stdout.contains("new 0, removed 0"), "{stdout}");
    assert!(out.join("法规科.docx").exists());
    // Still tracked, so the next run reports them again.
    let stdout = gongwen_ok(dir.path(), &["split", &job, "--data", data]);
    assert!(
        stdout.contains(&format!("stale: {SEED_OUT}/法规科.docx")),
        "{stdout}"
    );

    // A stale file someone edited is kept; the other one is removed.
    std::fs::write(out.join("综合科.docx"), b"edited by hand").expect("edit");
    let stdout = gongwen_ok(dir.path(), &["split", &job, "--data", data, "--prune"]);
    assert!(
        stdout.contains(&format!("removed: {SEED_OUT}/法规科.docx")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("kept: {SEED_OUT}/综合科.docx")),
        "{stdout}"
    );
    assert!(
        stdout.contains("updated 0, unchanged 11, new 0, removed 1"),
        "{stdout}"
    );
    assert!(!out.join("法规科.docx").exists());
    assert!(out.join("综合科.docx").exists());
    let index = index_records(&out);
    assert!(!index.iter().any(|r| r[0] == "法规科"), "{index:?}");
    assert!(index.iter().any(|r| r[0] == "综合科"), "{index:?}");
}

#[test]
fn an_unknown_section_is_an_error_naming_the_sections() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = gongwen(dir.path(), &["split", &seed_job(), "--section", "无此科"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("无此科") && stderr.contains("财贸科"),
        "{stderr}"
    );
    assert!(!dir.path().join("out").exists());
}
