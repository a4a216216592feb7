//! Outputs that cannot destroy anything: never an input of the run, never
//! a folder, FIFO, device or link; a split folder gongwen owns through its
//! index, written all or nothing under a lock; temporary files that never
//! stay; LibreOffice that never stays running.

use crate::common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const SEED: &str = "zhuzhou-2016-h1";

/// Every file under `dir` with its bytes (folders walked, links not
/// followed but listed by their target), but split's lock file, which
/// says who last held the folder.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("ls").flatten() {
            let path = entry.path();
            if entry.file_name() == gongwen::split::LOCK_FILE {
                continue;
            }
            let rel = path.strip_prefix(base).expect("inside").to_path_buf();
            let meta = std::fs::symlink_metadata(&path).expect("stat");
            if meta.is_dir() {
                walk(base, &path, out);
            } else if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).expect("link");
                out.insert(rel, target.to_string_lossy().as_bytes().to_vec());
            } else if meta.is_file() {
                out.insert(rel, std::fs::read(&path).expect("read"));
            } else {
                out.insert(rel, b"(special)".to_vec());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn render_never_writes_over_its_own_inputs() {
    let dir = copy_fixture(SEED);
    #[cfg(unix)]
    std::fs::hard_link(
        dir.path().join("progress.xlsx"),
        dir.path().join("linked.xlsx"),
    )
    .expect("hard link");
    let before = snapshot(dir.path());
    let mut outs = vec![
        "progress.xlsx",
        "notice.toml",
        "body.md.j2",
        "./progress.xlsx",
    ];
    if cfg!(unix) {
        // The same file under another name.
        outs.push("linked.xlsx");
    }
    for out in outs {
        let run = gongwen_limited(
            dir.path(),
            &["render", "notice.toml", "--out", out],
            Limits::default(),
        );
        run.assert_one_error("would replace it", 20);
        assert!(run.stdout.is_empty(), "{run}");
        assert!(snapshot(dir.path()) == before, "--out {out} changed a file");
    }
    // The same through the spreadsheet given with --data, and the PDF of
    // an output named after an input.
    let run = gongwen_limited(
        dir.path(),
        &[
            "render",
            "notice.toml",
            "--data",
            "linked.xlsx",
            "--out",
            "progress.xlsx",
        ],
        Limits::default(),
    );
    run.assert_one_error("is the input", 20);
    assert!(snapshot(dir.path()) == before);
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_link_a_device_a_folder_or_a_fifo_is_refused() {
    let dir = copy_fixture(SEED);
    let theirs = dir.path().join("theirs.docx");
    std::fs::write(&theirs, b"a clerk's own document").expect("write");
    std::os::unix::fs::symlink(&theirs, dir.path().join("link.docx")).expect("symlink");
    std::fs::create_dir(dir.path().join("folder.docx")).expect("mkdir");
    make_fifo(&dir.path().join("pipe.docx"));
    let before = snapshot(dir.path());
    for (out, said) in [
        ("link.docx", "symbolic link"),
        ("/dev/null", "device"),
        ("folder.docx", "folder"),
        ("pipe.docx", "FIFO"),
    ] {
        let run = gongwen_limited(
            dir.path(),
            &["render", "notice.toml", "--out", out],
            Limits::default(),
        );
        run.assert_one_error(said, 20);
        assert!(snapshot(dir.path()) == before, "--out {out} changed a file");
    }
    let null = std::fs::metadata("/dev/null").expect("stat");
    assert!(std::os::unix::fs::FileTypeExt::is_char_device(
        &null.file_type()
    ));
}

#[test]
fn split_never_replaces_a_file_it_did_not_write() {
    let dir = copy_fixture(SEED);
    let folder = out_folder(dir.path());
    std::fs::create_dir_all(&folder).expect("mkdir");
    let mine = folder.join("投资科.docx");
    std::fs::write(&mine, b"the clerk's own report").expect("write");
    let run = gongwen_limited(dir.path(), &["split", "notice.toml"], Limits::default());
    run.assert_one_error("投资科.docx: gongwen did not write this file", 60);
    assert!(run.error_lines()[0].contains("--force"), "{run}");
    // Nothing at all was written: not even the other extracts.
    let files: Vec<String> = std::fs::read_dir(&folder)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert_eq!(files, ["投资科.docx"]);
    assert_eq!(
        std::fs::read(&mine).expect("read"),
        b"the clerk's own report"
    );
    assert!(temporary_files(&folder).is_empty());
    // --force takes it over, and the index then lists it as gongwen's.
    let out = gongwen_ok(dir.path(), &["split", "notice.toml", "--force"]);
    assert!(out.contains("updated 1, unchanged 0, new 12"), "{out}");
    let index = std::fs::read_to_string(folder.join("index.csv")).expect("index");
    assert!(index.contains("投资科.docx"), "{index}");
}

#[test]
fn an_extract_changed_since_split_wrote_it_is_not_replaced() {
    let dir = copy_fixture(SEED);
    let (base, edited) = (dir.path().join("base.xlsx"), dir.path().join("edited.xlsx"));
    seed_with_one_edit(&base, &edited);
    gongwen_ok(dir.path(), &["split", "notice.toml", "--data", "base.xlsx"]);
    let folder = out_folder(dir.path());
    // 园区科's clerk writes into their extract; then the data changes.
    let extract = folder.join("园区科.docx");
    std::fs::write(&extract, b"notes of the clerk").expect("write");
    let index = std::fs::read(folder.join("index.csv")).expect("index");
    let run = gongwen_limited(
        dir.path(),
        &["split", "notice.toml", "--data", "edited.xlsx"],
        Limits::default(),
    );
    run.assert_one_error("was changed since gongwen wrote it", 60);
    assert_eq!(
        std::fs::read(&extract).expect("read"),
        b"notes of the clerk"
    );
    assert_eq!(
        std::fs::read(folder.join("index.csv")).expect("index"),
        index
    );
    let out = gongwen_ok(
        dir.path(),
        &["split", "notice.toml", "--data", "edited.xlsx", "--force"],
    );
    assert!(out.contains("updated 1, unchanged 12"), "{out}");
}

#[test]
fn a_csv_spreadsheet_named_index_csv_is_never_replaced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("out/ext");
    std::fs::create_dir_all(&folder).expect("mkdir");
    let csv = "工作任务,完成情况,委内责任科室(单位)\n任务一,完成,财贸科\n任务二,完成,投资科\n";
    std::fs::write(folder.join("index.csv"), csv).expect("csv");
    std::fs::write(
        dir.path().join("notice.toml"),
        simple_job("out/ext/index.csv"),
    )
    .expect("job");
    // The spreadsheet itself, where split keeps its index.
    let run = gongwen_limited(
        dir.path(),
        &["split", "notice.toml", "--out-dir", "out/ext"],
        Limits::default(),
    );
    run.assert_one_error("index.csv", 60);
    assert!(run.stderr.contains("is the input"), "{run}");
    assert_eq!(
        std::fs::read_to_string(folder.join("index.csv")).expect("read"),
        csv
    );
    assert_eq!(
        std::fs::read_dir(&folder).expect("ls").count(),
        2,
        "index and lock only"
    );
    // A clerk's own index.csv, read by nothing: no index of gongwen's.
    let data = dir.path().join("data.csv");
    std::fs::write(&data, csv).expect("csv");
    std::fs::write(dir.path().join("notice.toml"), simple_job("data.csv")).expect("job");
    let run = gongwen_limited(
        dir.path(),
        &["split", "notice.toml", "--out-dir", "out/ext"],
        Limits::default(),
    );
    run.assert_one_error("this is no index gongwen wrote", 60);
    assert_eq!(
        std::fs::read_to_string(folder.join("index.csv")).expect("read"),
        csv
    );
}

#[test]
fn two_jobs_in_one_folder_never_share_an_output() {
    let dir = copy_fixture(SEED);
    let job = std::fs::read_to_string(dir.path().join("notice.toml")).expect("job");
    std::fs::write(dir.path().join("a.toml"), &job).expect("a");
    std::fs::write(dir.path().join("b.toml"), &job).expect("b");
    let a = gongwen_ok(dir.path(), &["render", "a.toml"]);
    let b = gongwen_ok(dir.path(), &["render", "b.toml"]);
    assert!(a.starts_with("out/a.docx: written"), "{a}");
    assert!(b.starts_with("out/b.docx: written"), "{b}");
    gongwen_ok(dir.path(), &["split", "a.toml"]);
    gongwen_ok(dir.path(), &["split", "b.toml"]);
    let first = snapshot(&dir.path().join("out/a"));
    assert_eq!(
        first
            .keys()
            .filter(|k| k.extension().is_some_and(|e| e == "docx"))
            .count(),
        13
    );
    // b into a's folder: refused, a's extracts untouched.
    let run = gongwen_limited(
        dir.path(),
        &["split", "b.toml", "--out-dir", "out/a", "--prune"],
        Limits::default(),
    );
    run.assert_one_error("holds the extracts of another job", 60);
    assert!(run.stderr.contains("a.toml"), "{run}");
    assert!(snapshot(&dir.path().join("out/a")) == first);
    // Taken over with --force: still, --prune removes nothing b did not write.
    let mut sheets = read_grid(&dir.path().join("progress.xlsx"));
    let grid = &mut sheets[0].1;
    let (_, cols) = find_columns(grid, &["委内责任科室(单位)"]);
    for row in grid.iter_mut() {
        row[cols[0]] = row[cols[0]].replace("法规科", "规划科");
    }
    write_grid(&dir.path().join("moved.xlsx"), &sheets);
    let out = gongwen_ok(
        dir.path(),
        &[
            "split",
            "b.toml",
            "--out-dir",
            "out/a",
            "--data",
            "moved.xlsx",
            "--prune",
            "--force",
        ],
    );
    assert!(out.contains("removed 0"), "{out}");
    assert!(dir.path().join("out/a/法规科.docx").exists());
}

#[cfg(unix)]
#[test]
fn a_split_that_fails_part_way_leaves_the_folder_and_its_index_as_they_were() {
    let dir = copy_fixture(SEED);
    gongwen_ok(dir.path(), &["split", "notice.toml"]);
    let folder = out_folder(dir.path());
    let before = snapshot(&folder);
    // Every task now names 财贸科 too: its extract grows past what the disk
    // takes (RLIMIT_FSIZE: writes past 40 KB fail, as on a full disk), and
    // the other twelve change.
    let mut sheets = read_grid(&dir.path().join("progress.xlsx"));
    let grid = &mut sheets[0].1;
    let (header, cols) = find_columns(grid, &["委内责任科室(单位)", "上半年完成情况"]);
    for row in grid.iter_mut().skip(header + 1) {
        if !row[cols[0]].is_empty() {
            row[cols[0]].push_str("、财贸科");
            row[cols[1]].push_str("已更新。");
        }
    }
    write_grid(&dir.path().join("big.xlsx"), &sheets);
    // The disk takes files up to halfway between the largest other extract
    // and 财贸科's.
    gongwen_ok(
        dir.path(),
        &[
            "split",
            "notice.toml",
            "--data",
            "big.xlsx",
            "--out-dir",
            "probe",
        ],
    );
    let size = |name: &str| {
        std::fs::metadata(dir.path().join("probe").join(name))
            .expect("probe")
            .len()
    };
    let largest_other = std::fs::read_dir(dir.path().join("probe"))
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".docx") && n != "财贸科.docx")
        .map(|n| size(&n))
        .max()
        .expect("extracts");
    let big = size("财贸科.docx");
    assert!(big > largest_other + 1000, "{big} vs {largest_other}");
    let run = gongwen_limited(
        dir.path(),
        &["split", "notice.toml", "--data", "big.xlsx"],
        Limits {
            file_size: Some((big + largest_other) / 2),
            write_errors: true,
            ..Limits::default()
        },
    );
    run.assert_one_error("财贸科.docx", 60);
    assert!(run.stderr.contains("cannot write"), "{run}");
    assert!(
        !run.stderr.contains(".gongwen-"),
        "names a temporary file: {run}"
    );
    let after = snapshot(&folder);
    let changed: Vec<&PathBuf> = after
        .keys()
        .filter(|k| after.get(*k) != before.get(*k))
        .collect();
    assert!(changed.is_empty(), "changed: {changed:?}");
    assert_eq!(after.len(), before.len(), "{:?}", after.keys());
    // Without the limit it goes through.
    let out = gongwen_ok(dir.path(), &["split", "notice.toml", "--data", "big.xlsx"]);
    assert!(out.contains("updated 13"), "{out}");
}

#[cfg(unix)]
#[test]
fn a_render_killed_mid_write_leaves_no_temporary_file_after_the_next_run() {
    let dir = copy_fixture(SEED);
    // The kernel kills the run (SIGXFSZ) as its write passes 16 KB: in the
    // middle of writing the temporary file.
    let run = gongwen_limited(
        dir.path(),
        &["render", "notice.toml"],
        Limits {
            file_size: Some(16 << 10),
            ..Limits::default()
        },
    );
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(run.status.signal(), Some(libc::SIGXFSZ), "{run}");
    let out = dir.path().join("out");
    let left = temporary_files(&out);
    assert_eq!(left.len(), 1, "the killed run left its temporary file");
    assert!(!out_docx(dir.path()).exists());
    let name = left[0]
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    assert!(
        name.contains(&format!("{}.docx", job_stem(dir.path()))),
        "{name}"
    );
    // The next run finds it stale (its process is gone) and removes it.
    gongwen_ok(dir.path(), &["render", "notice.toml"]);
    assert!(
        temporary_files(&out).is_empty(),
        "{:?}",
        temporary_files(&out)
    );
    assert!(out_docx(dir.path()).is_file());
}

#[cfg(unix)]
#[test]
fn two_splits_at_once_into_one_folder_give_a_consistent_index() {
    let dir = copy_fixture(SEED);
    let (base, edited) = (dir.path().join("base.xlsx"), dir.path().join("edited.xlsx"));
    seed_with_one_edit(&base, &edited);
    let start = |data: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"))
            .args([
                "split",
                "notice.toml",
                "--data",
                data,
                "--out-dir",
                "out/both",
                "--with-notice",
            ])
            .current_dir(dir.path())
            .env("LANG", "C")
            .output()
    };
    let folder = dir.path().join("out/both");
    for round in 0..3 {
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(|| start("base.xlsx"));
            if round == 0 {
                // The second starts once the first holds the folder.
                while !folder.join(gongwen::split::LOCK_FILE).exists() {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
            }
            let b = s.spawn(|| start("edited.xlsx"));
            (
                a.join().expect("thread").expect("run"),
                b.join().expect("thread").expect("run"),
            )
        });
        if round == 0 {
            // It waited, and said for whom.
            let said = String::from_utf8_lossy(&b.stderr);
            assert!(
                said.contains("is writing this folder: waiting for it"),
                "{said}"
            );
        }
        for o in [&a, &b] {
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        }
        // Every file the index lists is there with its bytes, and every
        // extract there is listed.
        let index = std::fs::read_to_string(folder.join("index.csv")).expect("index");
        let mut listed = Vec::new();
        for line in index.trim_start_matches('\u{FEFF}').lines().skip(1) {
            let fields: Vec<&str> = line.split(',').collect();
            let bytes = std::fs::read(folder.join(fields[2])).expect("listed file");
            assert_eq!(gongwen::split::sha256_hex(&bytes), fields[3], "{line}");
            listed.push(fields[2].to_string());
        }
        let on_disk: Vec<String> = std::fs::read_dir(&folder)
            .expect("ls")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".docx"))
            .collect();
        assert_eq!(listed.len(), 13, "{index}");
        for f in &on_disk {
            assert!(listed.contains(f), "{f} not listed");
        }
        assert!(temporary_files(&folder).is_empty());
    }
}

#[test]
fn split_writes_each_extract_to_disk_as_soon_as_it_is_built() {
    let dir = tempfile::tempdir().expect("tempdir");
    let job = fixture(SEED).join("notice.toml");
    let mut diags = gongwen::diag::Diagnostics::default();
    let loaded = gongwen::load(&job, None, &mut diags).expect("loads");
    let plan = gongwen::split::plan(&loaded, &[], &mut diags).expect("plan");
    let out = dir.path().join("ext");
    let owner = gongwen::split::Owner::of(&job);
    let lock = gongwen::split::FolderLock::acquire(&out, &owner, &|_| {}).expect("lock");
    let target = gongwen::split::Target {
        dir: &out,
        owner,
        force: false,
        prune: false,
    };
    let seen = std::sync::Mutex::new(Vec::new());
    let report = gongwen::split::split_into(
        &loaded,
        &plan,
        &gongwen::split::SplitOptions::default(),
        &target,
        &lock,
        &gongwen::package::Inputs::of_job(&loaded.job),
        &mut diags,
        &|p| {
            // When an extract is reported built, it is already on disk
            // (staged beside its place), not held in memory.
            let staged = temporary_files(&out).into_iter().any(|t| {
                t.file_name()
                    .is_some_and(|n| n.to_string_lossy().ends_with(&format!(".{}.tmp", p.file)))
            });
            seen.lock().expect("lock").push((p.file.clone(), staged));
        },
    )
    .expect("splits");
    assert_eq!(report.created.len(), 13);
    let seen = seen.into_inner().expect("lock");
    assert_eq!(seen.len(), 13);
    assert!(seen.iter().all(|(_, staged)| *staged), "{seen:?}");
    assert!(temporary_files(&out).is_empty());
}

#[test]
fn write_errors_name_the_output_not_its_temporary_file() {
    let dir = copy_fixture(SEED);
    let run = gongwen_limited(
        dir.path(),
        &["render", "notice.toml"],
        Limits {
            file_size: Some(8 << 10),
            write_errors: true,
            ..Limits::default()
        },
    );
    let shown = out_docx_shown(dir.path());
    run.assert_one_error(&format!("cannot write `{shown}`"), 30);
    assert!(!run.stderr.contains(".gongwen-"), "{run}");
    // Nothing half-written: no output, no temporary file.
    assert!(!out_docx(dir.path()).exists());
    assert!(temporary_files(&dir.path().join("out")).is_empty());
}

/// Processes whose command line or environment mention `needle`.
#[cfg(target_os = "linux")]
fn processes_mentioning(needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").expect("proc").flatten() {
        let pid = entry.file_name().to_string_lossy().into_owned();
        if !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        if stat.contains(") Z ") {
            continue; // a zombie holds nothing
        }
        let read = |part: &str| {
            let bytes = std::fs::read(entry.path().join(part)).unwrap_or_default();
            String::from_utf8_lossy(&bytes).replace('\0', " ")
        };
        let cmdline = read("cmdline");
        if cmdline.contains(needle) || read("environ").contains(needle) {
            found.push(format!("{pid}: {cmdline}"));
        }
    }
    found
}

#[cfg(target_os = "linux")]
#[test]
fn pdf_works_with_any_characters_in_tmpdir_and_leaves_no_libreoffice_running() {
    if !renderer_available() {
        return;
    }
    let dir = copy_fixture(SEED);
    let tmp = dir.path().join("tmp a b#c%d 临时");
    std::fs::create_dir_all(&tmp).expect("mkdir");
    let tmp_str = tmp.to_str().expect("utf8");
    // Every process the run starts inherits this: how they are found.
    let mark = format!("GONGWEN_TEST_MARK={}", dir.path().display());
    let run = gongwen_limited_env(
        dir.path(),
        &["render", "notice.toml", "--pdf"],
        &[("TMPDIR", tmp_str), ("GONGWEN_TEST_MARK", &mark[18..])],
        Limits::default(),
    );
    assert!(run.status.success(), "{run}");
    assert!(run.elapsed < std::time::Duration::from_secs(90), "{run}");
    let pdf = out_docx(dir.path()).with_extension("pdf");
    assert!(pdf_page_count(&pdf) >= 3);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let left = processes_mentioning(&mark);
    assert!(left.is_empty(), "still running: {left:?}");
    assert_eq!(
        std::fs::read_dir(&tmp).expect("ls").count(),
        0,
        "work files left"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_during_a_conversion_stops_libreoffice_and_the_run() {
    if !renderer_available() {
        return;
    }
    let dir = copy_fixture(SEED);
    let mark = format!("GONGWEN_TEST_MARK={}", dir.path().display());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(["render", "notice.toml", "--pdf", "--watch"])
        .current_dir(dir.path())
        .env("LANG", "C")
        .env("GONGWEN_TEST_MARK", &mark[18..])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run");
    // Wait until LibreOffice runs.
    let started = std::time::Instant::now();
    while processes_mentioning(&mark)
        .iter()
        .all(|p| !p.contains("soffice"))
    {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "soffice never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let pid = i32::try_from(child.id()).expect("pid");
    // SAFETY: sends SIGINT, as Ctrl-C does, to the child.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let sent = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            sent.elapsed() < std::time::Duration::from_secs(5),
            "gongwen did not stop on Ctrl-C"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert!(status.code().is_some(), "{status}");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let left = processes_mentioning(&mark);
    assert!(left.is_empty(), "still running: {left:?}");
}

#[test]
fn a_split_cut_short_while_moving_files_leaves_an_index_that_knows_every_file() {
    let dir = copy_fixture(SEED);
    let (base, edited) = (dir.path().join("base.xlsx"), dir.path().join("edited.xlsx"));
    seed_with_one_edit(&base, &edited);
    gongwen_ok(dir.path(), &["split", "notice.toml", "--data", "base.xlsx"]);
    gongwen_ok(
        dir.path(),
        &[
            "split",
            "notice.toml",
            "--data",
            "edited.xlsx",
            "--out-dir",
            "probe",
        ],
    );
    let folder = out_folder(dir.path());
    // As a run is left when killed after moving 园区科's new extract into
    // place: the index lists its old and its new bytes.
    let new = std::fs::read(dir.path().join("probe/园区科.docx")).expect("probe");
    std::fs::write(folder.join("园区科.docx"), &new).expect("moved");
    let index = std::fs::read_to_string(folder.join("index.csv")).expect("index");
    let line = index
        .lines()
        .find(|l| l.starts_with("园区科,"))
        .expect("园区科")
        .to_string();
    let fields: Vec<&str> = line.split(',').collect();
    let new_sha = gongwen::split::sha256_hex(&new);
    let both = format!(
        "{index}{}\r\n",
        [fields[0], fields[1], fields[2], &new_sha, fields[4], fields[5]].join(",")
    );
    std::fs::write(folder.join("index.csv"), both).expect("index");
    // Either data set goes through: each extract is one the index knows.
    let out = gongwen_ok(dir.path(), &["split", "notice.toml", "--data", "base.xlsx"]);
    assert!(out.contains("updated 1, unchanged 12"), "{out}");
    let index = std::fs::read_to_string(folder.join("index.csv")).expect("index");
    assert_eq!(index.matches("园区科.docx").count(), 1, "{index}");
    let out = gongwen_ok(
        dir.path(),
        &["split", "notice.toml", "--data", "edited.xlsx"],
    );
    assert!(out.contains("updated 1, unchanged 12"), "{out}");
}
