//! `gongwen init`: the files of a new job, ready to render.
//!
//! [`plan`] makes the texts of `notice.toml` (every key, each with a Chinese
//! comment, the optional ones commented out with their default),
//! `body.md.j2` (the variables and the heading levels) and, unless the job
//! takes the clerk's own spreadsheet, a sample `progress.xlsx`. With a
//! spreadsheet, the real header detection of [`crate::sheet::read_table`]
//! fills `[attachment]`. [`crate::package::write_new`] writes a file only
//! where there is none.
//!
//! The required values are placeholders that hold `某某` ([`PLACEHOLDER`]):
//! they pass validation, so the new job renders as it is, and
//! [`warn_placeholders`] flags each one until it is edited.

use crate::diag::Diagnostics;
use crate::error::{Error, Location, Result};
use crate::job::{Columns, Job, JOB_FILE};
use crate::messages::InitMsg;
use crate::sheet::columns::Role;
use crate::sheet::{self, Table};
use chrono::{Datelike, NaiveDate};
use std::path::{Path, PathBuf};

/// The text every placeholder holds (“so-and-so”): no real name has it.
pub const PLACEHOLDER: &str = "某某";

/// The body template's name.
pub const BODY_FILE: &str = "body.md.j2";
/// The sample spreadsheet's name.
pub const SAMPLE_DATA_FILE: &str = "progress.xlsx";

const NOTICE_TEMPLATE: &str = include_str!("../templates/init/notice.toml");
const BODY_TEMPLATE: &str = include_str!("../templates/init/body.md.j2");

/// The header of the sample spreadsheet, one name per role.
pub const SAMPLE_HEADER: [&str; 4] = ["工作任务", "责任单位", "完成情况", "委内责任科室(单位)"];

/// The example rows of the sample spreadsheet.
const SAMPLE_ROWS: [[&str; 4]; 3] = [
    [
        "加快重点项目建设，确保年度投资目标完成。",
        "某某局；各县市区",
        "已开工项目12个，完成年度投资计划的65%。",
        "投资科",
    ],
    [
        "推进创新创业园区标准厂房建设。",
        "某某局；某某园区",
        "在建标准厂房20万平方米，建成8万平方米，进展较慢。",
        "园区科",
    ],
    [
        "优化营商环境，压缩企业投资项目审批时间。",
        "某某局；市政府相关部门",
        "审批时限由30个工作日压缩至15个工作日。",
        "综合科\n改革科",
    ],
];

/// One file of a new job.
#[derive(Debug, Clone)]
pub struct NewFile {
    /// Where it goes.
    pub path: PathBuf,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The files of a new job, and the table found in the clerk's spreadsheet.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The files, job file first.
    pub files: Vec<NewFile>,
    /// The table read from `--from`, if given and its header was found.
    pub table: Option<Table>,
    /// When `--from`'s header lacks a required column: what was seen.
    pub survey: Option<Survey>,
}

/// A spreadsheet whose header lacks a required column: the sheet with the
/// most header names, those names, and the column found for each role.
#[derive(Debug, Clone)]
pub struct Survey {
    /// The sheet.
    pub sheet: String,
    /// The header names seen (joined names for a header of several rows).
    pub names: Vec<String>,
    /// Each role with the header found for it, if any.
    pub roles: Vec<(Role, Option<String>)>,
}

/// Makes the files of a new job in `dir`, dated `today`; `from` is the
/// clerk's spreadsheet, read with the usual header detection.
pub fn plan(
    dir: &Path,
    from: Option<&Path>,
    today: NaiveDate,
    diags: &mut Diagnostics,
) -> Result<Plan> {
    plan_with(dir, from, None, today, diags)
}

/// [`plan`], with the office's own .docx to fill (`init --template`): the
/// job names it, relative to the job's folder, once it has been read as
/// a template.
pub fn plan_with(
    dir: &Path,
    from: Option<&Path>,
    template: Option<&Path>,
    today: NaiveDate,
    diags: &mut Diagnostics,
) -> Result<Plan> {
    let template_line = match template {
        Some(file) => {
            crate::template::Template::open(file)?;
            format!("template = {}", quote(&data_path(dir, file)))
        }
        None => "# template = \"红头.docx\"".to_string(),
    };
    let no_columns = Columns::default();
    let options = sheet::ReadOptions::new(None, &no_columns);
    let mut table = None;
    let mut survey = None;
    if let Some(file) = from {
        match sheet::read_table_with(file, &options, diags) {
            Ok(t) => table = Some(t),
            Err(e) => match sheet::survey(file, &options) {
                Ok(Some((sheet, names))) => survey = Some(survey_roles(sheet, names)),
                _ => return Err(e),
            },
        }
    }
    let mut period = default_period(today);
    let sheet_line = |sheet: &str| {
        if sheet.is_empty() {
            "# sheet = \"\"".to_string()
        } else {
            format!("sheet = {}", quote(sheet))
        }
    };
    let (data, sheet_line, columns) = match (&table, &survey, from) {
        (Some(table), _, Some(file)) => {
            // The period: the status header's, else the sheet name's or the title's.
            let default = period.clone();
            let texts = table
                .columns
                .get(table.roles.status)
                .map(|c| c.joined())
                .into_iter()
                .chain(std::iter::once(table.sheet.clone()))
                .chain(table.title.iter().cloned());
            for text in texts {
                period = period_from_header(&text, default.clone());
                if period != default {
                    break;
                }
            }
            (
                data_path(dir, file),
                sheet_line(&table.sheet),
                columns_lines(table),
            )
        }
        (None, Some(survey), Some(file)) => {
            period = period_from_header(&survey.sheet, period);
            (
                data_path(dir, file),
                sheet_line(&survey.sheet),
                survey_lines(survey),
            )
        }
        _ => (
            SAMPLE_DATA_FILE.to_string(),
            "# sheet = \"台账\"".to_string(),
            Role::ALL
                .iter()
                .zip(SAMPLE_HEADER)
                .map(|(role, name)| format!("# {} = {}", role.key(), quote(name)))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    };
    let deadline = NaiveDate::from_ymd_opt(today.year(), 12, 20).unwrap_or(today);
    let notice = NOTICE_TEMPLATE
        .replace("@@YEAR@@", &today.year().to_string())
        .replace("@@DATE@@", &today.to_string())
        .replace("@@DEADLINE@@", &deadline.to_string())
        .replace("@@PERIOD@@", &period)
        .replace("@@DATA@@", &quote(&data))
        .replace("@@SHEET@@", &sheet_line)
        .replace("@@COLUMNS@@", &columns)
        .replace("@@TEMPLATE@@", &template_line);
    let mut files = vec![
        NewFile {
            path: dir.join(JOB_FILE),
            bytes: notice.into_bytes(),
        },
        NewFile {
            path: dir.join(BODY_FILE),
            bytes: BODY_TEMPLATE.as_bytes().to_vec(),
        },
    ];
    if from.is_none() {
        files.push(NewFile {
            path: dir.join(SAMPLE_DATA_FILE),
            bytes: sample_spreadsheet(&dir.join(SAMPLE_DATA_FILE))?,
        });
    }
    Ok(Plan {
        files,
        table,
        survey,
    })
}

/// The column each role would take among `names` (the first of its usual
/// names or patterns).
fn survey_roles(sheet: String, names: Vec<String>) -> Survey {
    let lowest = |n: &str| n.rsplit('/').next().unwrap_or(n).to_string();
    let mut taken: Vec<usize> = Vec::new();
    let roles = Role::ALL
        .iter()
        .map(|&role| {
            let hit = names.iter().enumerate().find(|(i, n)| {
                !taken.contains(i) && (role.score(n) > 0 || role.score(&lowest(n)) > 0)
            });
            let found = hit.map(|(i, n)| {
                taken.push(i);
                lowest(n)
            });
            (role, found)
        })
        .collect();
    Survey {
        sheet,
        names,
        roles,
    }
}

/// `[attachment.columns]` from a survey: each role found with its header;
/// a missing one as a commented key that lists the headers seen.
fn survey_lines(survey: &Survey) -> String {
    let seen = survey.names.join("、");
    survey
        .roles
        .iter()
        .map(|(role, found)| match found {
            Some(name) => format!("{} = {}", role.key(), quote(name)),
            None if role.is_required() => format!(
                "# {} = \"\"    # 必填：未找到“{}”列，请从表头中选一个填入：{}",
                role.key(),
                role.aliases()[0],
                seen
            ),
            None => format!("# {} = {}", role.key(), quote(role.aliases()[0])),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A TOML basic string.
fn quote(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// `[attachment.columns]` from a table: each role found with its exact
/// header, the others commented out.
fn columns_lines(table: &Table) -> String {
    table
        .roles
        .by_role()
        .into_iter()
        .map(
            |(role, index)| match index.and_then(|i| table.columns.get(i)) {
                Some(column) => format!("{} = {}", role.key(), quote(&column.name)),
                None => format!("# {} = {}", role.key(), quote(role.aliases()[0])),
            },
        )
        .collect::<Vec<_>>()
        .join("\n")
}

/// The spreadsheet as the job names it: relative to `dir` (`台账.xlsx`,
/// `../台账.xlsx`) when both are on the same drive, else absolute.
fn data_path(dir: &Path, file: &Path) -> String {
    // The folder may not be made yet: then it is the canonical current
    // folder joined with it.
    let absolute = |p: &Path| {
        std::fs::canonicalize(p).unwrap_or_else(|_| {
            std::env::current_dir()
                .and_then(std::fs::canonicalize)
                .map(|cwd| cwd.join(p))
                .unwrap_or_else(|_| p.to_path_buf())
        })
    };
    let (dir, file) = (absolute(dir), absolute(file));
    match relative_path(&dir, &file) {
        Some(relative) => relative.to_string_lossy().replace('\\', "/"),
        // Windows canonical paths start with `\\?\`, which a clerk never types.
        None => {
            let full = file.to_string_lossy();
            full.strip_prefix(r"\\?\").unwrap_or(&full).to_string()
        }
    }
}

/// `file` relative to the folder `dir`, both absolute; `None` when they
/// share no root (another drive).
pub fn relative_path(dir: &Path, file: &Path) -> Option<PathBuf> {
    use std::path::Component;
    let d: Vec<Component> = dir.components().collect();
    let f: Vec<Component> = file.components().collect();
    if d.first() != f.first() {
        return None;
    }
    let common = d.iter().zip(&f).take_while(|(a, b)| a == b).count();
    // Sharing only the root (or a drive), a relative path means nothing
    // to a clerk: `../../../home/…`.
    if common < 2 {
        return None;
    }
    let mut out = PathBuf::new();
    for _ in common..d.len() {
        out.push("..");
    }
    for c in &f[common..] {
        out.push(c.as_os_str());
    }
    Some(out)
}

/// The period a report written on `today` most likely covers: the last
/// quarter, half or three quarters that has ended (last year's whole year
/// in the first quarter).
pub fn default_period(today: NaiveDate) -> String {
    let year = today.year();
    match today.month() {
        1..=3 => format!("{}-Y", year - 1),
        4..=6 => format!("{year}-Q1"),
        7..=9 => format!("{year}-H1"),
        _ => format!("{year}-Q1-Q3"),
    }
}

/// The period a text names (a status header `下半年完成情况` → `YEAR-H2`,
/// a sheet name `第三季度` → `YEAR-Q3`), with the year it names
/// (`2016年…`) or the default's; else the default.
pub fn period_from_header(header: &str, default: String) -> String {
    let Some(mention) = crate::period::mentions(header).into_iter().next() else {
        return default;
    };
    let year = mention
        .year
        .map(|y| y.to_string())
        .unwrap_or_else(|| default.chars().take(4).collect());
    format!("{year}-{}", mention.span.code())
}

/// The sample spreadsheet: a title row, the header, example rows.
fn sample_spreadsheet(path: &Path) -> Result<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| Error::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(e),
    };
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("台账").map_err(fail)?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let wrap = rust_xlsxwriter::Format::new().set_text_wrap();
    sheet
        .write_string(0, 0, "重点工作任务完成情况台账")
        .map_err(fail)?;
    for (c, name) in SAMPLE_HEADER.iter().enumerate() {
        sheet
            .write_string_with_format(1, c as u16, *name, &bold)
            .map_err(fail)?;
        sheet
            .set_column_width(c as u16, if c == 2 { 40 } else { 24 })
            .map_err(fail)?;
    }
    for (r, row) in SAMPLE_ROWS.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet
                .write_string_with_format(r as u32 + 2, c as u16, *text, &wrap)
                .map_err(fail)?;
        }
    }
    book.save_to_buffer().map_err(fail)
}

/// Warns, key by key, about every value of `job` that is still an `init`
/// placeholder.
pub fn warn_placeholders(job: &Job, diags: &mut Diagnostics) {
    let mut values: Vec<(&str, &str)> = vec![
        ("issuer", &job.issuer),
        ("mark", &job.mark),
        ("number", &job.number),
        ("signature", &job.signature),
        ("contact.name", &job.contact.name),
        ("contact.phone", &job.contact.phone),
        ("contact.office", &job.contact.office),
        ("attachment.title", &job.attachment.title),
    ];
    values.extend(job.title.iter().map(|t| ("title", t.as_str())));
    values.extend(job.recipients.iter().map(|r| ("recipients", r.as_str())));
    if let Some(note) = &job.note {
        values.push(("note", note));
    }
    if let Some(d) = &job.distribution {
        values.extend(d.cc.iter().map(|c| ("distribution.cc", c.as_str())));
        if let Some(printer) = &d.printer {
            values.push(("distribution.printer", printer));
        }
    }
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for (key, value) in values {
        // `mark` and `signature` default to the issuer: one warning is enough.
        let inherited = matches!(key, "mark" | "signature") && value == job.issuer;
        if value.contains(PLACEHOLDER) && !inherited && !seen.contains(&(key, value)) {
            seen.push((key, value));
            diags.warn(
                Location::key(&job.path, key),
                InitMsg::Placeholder {
                    value: value.to_string(),
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn the_default_period_is_the_last_one_ended() {
        assert_eq!(default_period(day(2026, 2, 1)), "2025-Y");
        assert_eq!(default_period(day(2026, 4, 10)), "2026-Q1");
        assert_eq!(default_period(day(2016, 8, 30)), "2016-H1");
        assert_eq!(default_period(day(2026, 11, 29)), "2026-Q1-Q3");
    }

    #[test]
    fn a_status_header_names_the_period() {
        let d = || "2026-Q3".to_string();
        assert_eq!(period_from_header("上半年完成情况", d()), "2026-H1");
        assert_eq!(period_from_header("2016年上半年完成情况", d()), "2016-H1");
        assert_eq!(period_from_header("前三季度完成情况", d()), "2026-Q1-Q3");
        assert_eq!(period_from_header("一季度进展情况", d()), "2026-Q1");
        assert_eq!(period_from_header("下半年完成情况", d()), "2026-H2");
        assert_eq!(period_from_header("第三季度", d()), "2026-Q3");
        assert_eq!(period_from_header("截至9月底进展情况", d()), "2026-Q1-Q3");
        assert_eq!(period_from_header("全年完成情况", d()), "2026-Y");
        assert_eq!(period_from_header("完成情况", d()), "2026-Q3");
    }

    #[test]
    fn a_spreadsheet_outside_the_folder_is_named_relative_to_it() {
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(
            relative_path(&p("/a/b/job"), &p("/a/b/台账.xlsx")),
            Some(p("../台账.xlsx"))
        );
        assert_eq!(
            relative_path(&p("/a/b"), &p("/a/b/x/台账.xlsx")),
            Some(p("x/台账.xlsx"))
        );
        assert_eq!(
            relative_path(&p("/a/b/c"), &p("/a/d/台账.xlsx")),
            Some(p("../../d/台账.xlsx"))
        );
    }

    #[test]
    fn the_new_job_is_valid_and_every_placeholder_is_flagged() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut diags = Diagnostics::default();
        let plan = plan(dir.path(), None, day(2026, 11, 29), &mut diags).expect("plan");
        assert_eq!(plan.files.len(), 3);
        for f in &plan.files {
            assert_eq!(
                crate::package::write_new(&f.path, &f.bytes).expect("write"),
                crate::package::NewFileOutcome::Written
            );
        }
        let job = Job::from_file(&dir.path().join(JOB_FILE), &mut diags).expect("valid job");
        assert_eq!(job.number, "某某发〔2026〕1号");
        assert_eq!(job.period_code, "2026-Q1-Q3");
        let keys: Vec<String> = diags
            .items()
            .iter()
            .map(|d| d.location.to_string())
            .collect();
        for key in ["issuer", "number", "title", "recipients", "contact.name"] {
            assert!(
                keys.iter().any(|k| k.ends_with(&format!("`{key}`"))),
                "{keys:?}"
            );
        }
        assert!(!keys.iter().any(|k| k.ends_with("`mark`")), "{keys:?}");
    }

    #[test]
    fn an_existing_file_is_never_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("notice.toml");
        std::fs::write(&path, "mine").expect("write");
        assert_eq!(
            crate::package::write_new(&path, b"theirs").expect("write"),
            crate::package::NewFileOutcome::Skipped
        );
        assert_eq!(std::fs::read(&path).expect("read"), b"mine");
        let leftovers = std::fs::read_dir(dir.path()).expect("ls").count();
        assert_eq!(leftovers, 1);
    }
}
