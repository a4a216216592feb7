//! What a new user meets (issue 7): messages in Chinese or English, the job
//! found from a file, a folder or the current folder, help with examples,
//! the job-file reference from one source, and shell completions.
//!
//! Every failed run of the other tests is also run in Chinese (see
//! `common::gongwen`); here each kind of problem is provoked on purpose and
//! both texts are checked.

use crate::common::*;
use std::path::Path;
use std::process::Output;

const SEED: &str = "zhuzhou-2016-h1";

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs `args` with `--lang zh` and `--lang en` (under a Chinese `LANG`, so
/// `--lang` is seen to win) and returns (Chinese, English) standard error
/// and output, after checking that both fail or succeed alike.
fn both(cwd: &Path, args: &[&str]) -> ((String, String), (String, String)) {
    let mut zh_args = args.to_vec();
    zh_args.extend(["--lang", "zh"]);
    let mut en_args = args.to_vec();
    en_args.extend(["--lang", "en"]);
    let zh = gongwen_raw(cwd, &zh_args, &[("LANG", "en_US.UTF-8")]);
    let en = gongwen_raw(cwd, &en_args, &[("LANG", "zh_CN.UTF-8")]);
    assert_eq!(zh.status.code(), en.status.code(), "{args:?}");
    assert_chinese_twin(args, &en, &zh);
    ((stderr(&zh), stdout(&zh)), (stderr(&en), stdout(&en)))
}

/// A copy of the seed fixture with `from` replaced by `to` in its job.
fn seed_with(from: &str, to: &str) -> tempfile::TempDir {
    let dir = copy_fixture(SEED);
    let job = dir.path().join("notice.toml");
    let text = std::fs::read_to_string(&job).expect("job");
    assert!(text.contains(from), "{from}");
    std::fs::write(&job, text.replace(from, to)).expect("write job");
    dir
}

/// Asserts one error line in each language, each with its label and text.
fn one_error(zh: &str, en: &str, zh_text: &str, en_text: &str) {
    assert_eq!(zh.trim().lines().count(), 1, "{zh}");
    assert_eq!(en.trim().lines().count(), 1, "{en}");
    assert!(zh.starts_with("错误："), "{zh}");
    assert!(en.starts_with("error: "), "{en}");
    assert!(zh.contains(zh_text), "{zh}");
    assert!(en.contains(en_text), "{en}");
}

#[test]
fn an_unknown_key_in_both_languages() {
    let dir = seed_with("period =", "perod = \"x\"\nperiod =");
    let ((zh, _), (en, _)) = both(dir.path(), &["render"]);
    one_error(
        &zh,
        &en,
        "是否应为“period”",
        "no such key: did you mean `period`?",
    );
    assert!(zh.contains("`perod`"), "{zh}");
    assert!(zh.starts_with("错误：notice.toml:"), "{zh}");
}

#[test]
fn a_bad_document_number_in_both_languages() {
    let dir = seed_with("〔2016〕193号", "〔2016〕第193号");
    let ((zh, _), (en, _)) = both(dir.path(), &["check"]);
    one_error(
        &zh,
        &en,
        "错误：notice.toml:4：`number`：发文字号“株发改发〔2016〕第193号”：顺序号前不加“第”字",
        "error: notice.toml:4: `number`: 发文字号 `株发改发〔2016〕第193号`: no 第 before",
    );
}

#[test]
fn a_corrected_document_number_warns_in_both_languages() {
    let dir = seed_with("〔2016〕", "[2016]");
    let ((zh, zh_out), (en, en_out)) = both(dir.path(), &["render"]);
    assert!(
        zh.starts_with("警告：notice.toml:4：`number`：发文字号"),
        "{zh}"
    );
    assert!(zh.contains("已改为“株发改发〔2016〕193号”"), "{zh}");
    assert!(en.starts_with("warning: notice.toml:4: `number`: "), "{en}");
    let shown = out_docx_shown(dir.path());
    assert!(
        zh_out.starts_with(&format!(
            "{shown}：已生成（附件 23 行，13 个责任科室，1 条警告）"
        )),
        "{zh_out}"
    );
    assert!(
        en_out.starts_with(&format!(
            "{shown}: unchanged (23 attachment rows, 13 sections, 1 warnings)"
        )),
        "{en_out}"
    );
}

#[test]
fn an_empty_status_warns_in_both_languages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let job = std::fs::read_to_string(fixture(SEED).join("notice.toml")).expect("job");
    std::fs::write(
        dir.path().join("notice.toml"),
        job.replace("body = \"body.md.j2\"\n", ""),
    )
    .expect("job");
    write_table(
        &dir.path().join("progress.xlsx"),
        &[("修建道路", "", "园区科"), ("建设学校", "已完工", "社会科")],
    );
    let ((zh, zh_out), (en, en_out)) = both(dir.path(), &["check"]);
    assert_eq!(
        zh.trim(),
        "警告：progress.xlsx!台账!B2：完成情况为空（“完成情况”列）"
    );
    assert_eq!(
        en.trim(),
        "warning: progress.xlsx!台账!B2: the status (`完成情况`) is empty"
    );
    assert_eq!(
        zh_out.trim(),
        "progress.xlsx：读取工作表“台账”（唯一的工作表）\nprogress.xlsx：2 行，2 个责任科室，1 条警告，0 个错误"
    );
    assert_eq!(
        en_out.trim(),
        "progress.xlsx: read sheet `台账` (the only sheet)\nprogress.xlsx: 2 rows, 2 sections, 1 warnings, 0 errors"
    );
}

#[test]
fn a_missing_column_lists_the_headers_found_in_both_languages() {
    let dir = copy_fixture(SEED);
    write_grid(
        &dir.path().join("other.xlsx"),
        &[(
            "台账".to_string(),
            vec![vec!["项目".to_string(), "金额".to_string()]],
        )],
    );
    let ((zh, _), (en, _)) = both(dir.path(), &["render", "--data", "other.xlsx"]);
    one_error(
        &zh,
        &en,
        "找不到含有“工作任务”和“完成情况”的表头行",
        "no header row with",
    );
    assert!(zh.contains("现有表头：台账：项目 | 金额"), "{zh}");
}

#[test]
fn unreadable_and_unrecognised_files_in_both_languages() {
    let dir = copy_fixture(SEED);
    let ((zh, _), (en, _)) = both(dir.path(), &["render", "--data", "missing.xlsx"]);
    one_error(
        &zh,
        &en,
        "错误：无法读取“missing.xlsx”：",
        "error: cannot read `missing.xlsx`: ",
    );
    std::fs::write(dir.path().join("notes.xlsx"), "hello").expect("write");
    let ((zh, _), (en, _)) = both(dir.path(), &["render", "--data", "notes.xlsx"]);
    one_error(&zh, &en, "不是电子表格文件", "not a spreadsheet");
}

#[test]
fn a_word_document_named_xlsx_is_refused_in_both_languages() {
    let dir = copy_fixture(SEED);
    gongwen_ok(dir.path(), &["render"]);
    std::fs::copy(out_docx(dir.path()), dir.path().join("renamed.xlsx")).expect("copy");
    let ((zh, _), (en, _)) = both(dir.path(), &["check", "--data", "renamed.xlsx"]);
    assert!(zh.contains("不含工作簿的压缩包"), "{zh}");
    assert!(en.contains("a zip package without a workbook"), "{en}");
}

#[test]
fn template_errors_in_both_languages() {
    let dir = copy_fixture(SEED);
    std::fs::write(dir.path().join("body.md.j2"), "正文\n\n{{ nope }}\n").expect("body");
    let ((zh, _), (en, _)) = both(dir.path(), &["render"]);
    one_error(
        &zh,
        &en,
        "body.md.j2:3：模板有误：",
        "body.md.j2:3: template error: ",
    );
    assert!(zh.contains("出错的行：“{{ nope }}”"), "{zh}");
}

#[test]
fn split_and_diff_in_both_languages() {
    let dir = copy_fixture(SEED);
    let ((zh, _), (en, _)) = both(dir.path(), &["split", "--section", "无此科"]);
    one_error(
        &zh,
        &en,
        "没有名为“无此科”的责任科室；现有责任科室：园区科、",
        "no section named `无此科`; the sections are: 园区科, ",
    );

    let ((_, zh_out), (_, en_out)) = both(dir.path(), &["split", "--section", "财贸科"]);
    assert!(zh_out.contains("新增："), "{zh_out}");
    assert!(
        zh_out
            .trim_end()
            .ends_with("更新 0 个，未变 1 个，新增 0 个，删除 0 个")
            || zh_out
                .trim_end()
                .ends_with("更新 0 个，未变 0 个，新增 1 个，删除 0 个"),
        "{zh_out}"
    );
    assert!(en_out.contains("updated 0, unchanged"), "{en_out}");

    let edited = dir.path().join("edited.xlsx");
    let base = dir.path().join("base.xlsx");
    seed_with_one_edit(&base, &edited);
    let ((_, zh_out), (_, en_out)) = both(dir.path(), &["diff", "base.xlsx", "edited.xlsx"]);
    assert!(zh_out.contains("修改："), "{zh_out}");
    assert!(zh_out.contains("需重新发送的责任科室：园区科"), "{zh_out}");
    assert!(
        en_out.contains("sections to send again: 园区科"),
        "{en_out}"
    );

    let ((zh, _), (en, _)) = both(dir.path(), &["diff", "base.xlsx", "gone.xlsx"]);
    one_error(&zh, &en, "无法读取“gone.xlsx”", "cannot read `gone.xlsx`");
    let out = gongwen_raw(
        dir.path(),
        &["diff", "base.xlsx", "gone.xlsx", "--lang", "zh"],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn missing_libreoffice_in_both_languages() {
    let dir = copy_fixture(SEED);
    let empty = tempfile::tempdir().expect("tempdir");
    let path = empty.path().to_str().expect("utf8");
    let zh = gongwen_raw(
        dir.path(),
        &["render", "--pdf", "--lang", "zh"],
        &[("PATH", path)],
    );
    let en = gongwen_raw(dir.path(), &["render", "--pdf"], &[("PATH", path)]);
    assert_chinese_twin(&["render", "--pdf"], &en, &zh);
    assert!(stderr(&zh).contains("需要 LibreOffice"), "{}", stderr(&zh));
}

#[test]
fn the_environment_chooses_the_language_unless_lang_is_given() {
    let dir = tempfile::tempdir().expect("tempdir");
    let zh = gongwen_raw(dir.path(), &["render"], &[("LANG", "zh_CN.UTF-8")]);
    assert!(
        stderr(&zh).starts_with("错误：notice.toml：找不到配置文件"),
        "{}",
        stderr(&zh)
    );
    let c = gongwen_raw(dir.path(), &["render"], &[]);
    assert!(
        stderr(&c).starts_with("error: notice.toml: no such job file"),
        "{}",
        stderr(&c)
    );
    let all = gongwen_raw(
        dir.path(),
        &["render"],
        &[("LANG", "en_US.UTF-8"), ("LC_ALL", "zh_CN.UTF-8")],
    );
    assert!(stderr(&all).starts_with("错误："), "{}", stderr(&all));
    let forced = gongwen_raw(
        dir.path(),
        &["--lang", "en", "render"],
        &[("LC_ALL", "zh_CN.UTF-8")],
    );
    assert!(
        stderr(&forced).starts_with("error: "),
        "{}",
        stderr(&forced)
    );
}

#[test]
fn the_job_is_a_file_a_folder_or_the_current_folders_notice_toml() {
    let dir = tempfile::tempdir().expect("tempdir");
    let job = dir.path().join("job");
    copy_dir_into(&fixture(SEED), &job);
    std::fs::rename(job.join("notice.toml"), job.join("h1.toml")).expect("rename");
    // A file: that file, whatever its name; paths in it relative to it.
    let out = gongwen_ok(dir.path(), &["render", "job/h1.toml"]);
    assert!(out.starts_with("out/h1.docx: written"), "{out}");
    // A folder without notice.toml: the error names what was looked for
    // and suggests `gongwen init`.
    let ((zh, _), (en, _)) = both(dir.path(), &["check", "job"]);
    assert!(
        zh.starts_with("错误：job/notice.toml：找不到配置文件"),
        "{zh}"
    );
    assert!(zh.contains("gongwen init"), "{zh}");
    assert!(
        en.starts_with("error: job/notice.toml: no such job file"),
        "{en}"
    );
    assert!(en.contains("gongwen init"), "{en}");
    // A folder with notice.toml.
    std::fs::rename(job.join("h1.toml"), job.join("notice.toml")).expect("rename");
    // Its outputs are named after the folder.
    let out = gongwen_ok(dir.path(), &["render", "job"]);
    assert!(out.starts_with("out/job.docx: written"), "{out}");
    let out = gongwen_ok(dir.path(), &["split", "job", "--section", "财贸科"]);
    assert!(out.contains("out/job/财贸科.docx"), "{out}");
    // Nothing: ./notice.toml.
    let out = gongwen_ok(&job, &["check"]);
    assert_eq!(
        out,
        "progress.xlsx: read sheet `附件` (the only sheet)\nprogress.xlsx: 23 rows, 13 sections, 0 warnings, 0 errors\n"
    );
    let out = gongwen_ok(&job, &["render"]);
    assert!(out.starts_with("out/job.docx: written"), "{out}");
    assert!(job.join("out/job.docx").is_file());
    // Nothing, and no notice.toml here.
    let out = gongwen(dir.path(), &["render"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("error: notice.toml: no such job file"));
}

fn copy_dir_into(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
    }
}

#[test]
fn every_subcommand_has_help_with_an_example() {
    let dir = tempfile::tempdir().expect("tempdir");
    for command in [
        "init",
        "render",
        "split",
        "diff",
        "check",
        "help",
        "completions",
    ] {
        let out = gongwen_ok(dir.path(), &[command, "--help"]);
        assert!(out.contains("Examples:"), "{command}: {out}");
        assert!(
            out.contains(&format!("gongwen {command} ")),
            "{command}: {out}"
        );
        let via_help = gongwen_ok(dir.path(), &["help", command]);
        assert_eq!(via_help, out, "{command}");
    }
    let top = gongwen_ok(dir.path(), &["--help"]);
    assert!(top.contains("Exit codes:"), "{top}");
    assert!(top.contains("--lang"), "{top}");
    let out = gongwen(dir.path(), &["help", "nope"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn help_job_prints_the_job_file_reference_which_the_readme_holds_verbatim() {
    let dir = tempfile::tempdir().expect("tempdir");
    let reference = std::fs::read_to_string(root().join("docs/job-file.md")).expect("docs");
    assert_eq!(gongwen_ok(dir.path(), &["help", "job"]), reference);
    for key in [
        "issuer",
        "mark",
        "number",
        "title",
        "recipients",
        "date",
        "period",
        "deadlines",
        "note",
        "signature",
        "body",
        "[contact]",
        "[attachment]",
        "[attachment.columns]",
        "sections",
        "[distribution]",
        "printed",
        "[fonts]",
        "xiaobiaosong",
        "songti",
    ] {
        assert!(
            reference.contains(&format!("`{key}`")) || reference.contains(key),
            "{key}"
        );
    }
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let start = readme.find("<!-- job-file:start").expect("start marker");
    let start = start + readme[start..].find("-->\n").expect("marker end") + 4;
    let end = readme.find("<!-- job-file:end -->").expect("end marker");
    assert_eq!(
        &readme[start..end],
        reference,
        "README's job-file section differs from docs/job-file.md: copy the file into it"
    );
}

#[test]
fn completions_are_printed_for_every_shell() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bash = gongwen_ok(dir.path(), &["completions", "bash"]);
    assert!(bash.contains("render"), "{bash}");
    assert!(bash.contains("--lang"), "{bash}");
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let out = gongwen_ok(dir.path(), &["completions", shell]);
        assert!(out.contains("render"), "{shell}");
    }
}

#[test]
fn a_reader_that_stops_early_is_no_error() {
    // `gongwen check | head -0`: the pipe closes before anything is
    // printed. The run ends quietly instead of reporting a failure, whether
    // the output is printed, written or generated.
    let dir = copy_fixture(SEED);
    for args in [
        &["check", "notice.toml"][..],
        &["help", "job"],
        &["completions", "bash"],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"))
            .args(args)
            .args(["--lang", "en"])
            .current_dir(dir.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("gongwen starts");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("gongwen ends");
        let err = stderr(&out);
        assert!(!err.contains("unexpectedly"), "{args:?}: {err}");
        assert!(out.status.success(), "{args:?}: {:?}: {err}", out.status);
    }
}

/// A title given as lines is set as given; a line wider than the type area
/// would wrap in Word, so `check` and `render` say which, and a title that
/// fits says nothing.
#[test]
fn a_title_line_wider_than_the_type_area_is_named() {
    let dir = copy_fixture(SEED);
    let job = dir.path().join("notice.toml");
    let text = std::fs::read_to_string(&job).expect("read job");
    let one = "title = \"株洲市发展和改革委员会关于加快年度重点工作任务推进落实的通知\"";
    assert!(text.contains(one));
    let set = |title: &str| std::fs::write(&job, text.replace(one, title)).expect("write job");

    set("title = [\"株洲市发展和改革委员会关于加快年度\", \"重点工作任务推进落实的通知\"]");
    for args in [&["check"][..], &["render", "--out", "a.docx"]] {
        let out = gongwen(dir.path(), args);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(!stderr(&out).contains("title line"), "{}", stderr(&out));
    }

    set("title = [\"株洲市发展和改革委员会\", \"关于加快2016年度全市重点工作任务推进落实情况的通知\"]");
    for args in [&["check"][..], &["render", "--out", "b.docx"]] {
        let out = gongwen(dir.path(), args);
        assert!(out.status.success(), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("notice.toml: `title`")
                && err.contains(
                    "title line 2 (\"关于加快2016年度全市重点工作任务推进落实情况的通知\")"
                ),
            "{err}"
        );
        assert!(!err.contains("title line 1"), "{err}");
    }
}
