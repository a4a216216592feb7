//! The job file (`notice.toml`): what the notice says and where its data is.
//!
//! [`JobFile`] is the file exactly as written (serde, unknown keys rejected);
//! [`Job::from_file`] validates it, resolves its paths relative to the file,
//! parses its dates and loads the body template, so that later stages can
//! rely on a [`Job`] without checking it again.

use crate::diag::Diagnostics;
use crate::error::{Error, Location, Result};
use crate::messages::JobMsg;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The built-in body template, used when the job names none.
pub const DEFAULT_BODY_TEMPLATE: &str = include_str!("../templates/body.md.j2");

/// `notice.toml` as written. The keys are the user-facing contract.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobFile {
    /// 发文机关: the issuing office, also the default 署名.
    pub issuer: String,
    /// 发文机关标志: the red mark; defaults to the issuer.
    pub mark: Option<String>,
    /// 发文字号, e.g. `株发改发〔2016〕193号`.
    pub number: String,
    /// 标题: one string, or its lines as an array.
    pub title: OneOrMany,
    /// 主送机关.
    pub recipients: OneOrMany,
    /// 成文日期, a TOML date.
    pub date: toml::value::Datetime,
    /// The reporting period: `2016-Q3`, `2016-H1`, `2016-Q1-Q3`, `2016-Y`,
    /// `2016-09`, `2016-01-09`, or its Chinese label (`2016年前三季度`).
    pub period: String,
    /// Report deadlines, TOML dates.
    #[serde(default)]
    pub deadlines: Vec<toml::value::Datetime>,
    /// 附注 under the date, a template string.
    pub note: Option<String>,
    /// 署名; defaults to the issuer.
    pub signature: Option<String>,
    /// The body template, relative to the job file.
    pub body: Option<PathBuf>,
    /// 联系人.
    #[serde(default)]
    pub contact: Contact,
    /// The attachment table, when there is one.
    pub attachment: Option<AttachmentSection>,
    /// The attachments, in order, when there are several (`[[attachments]]`).
    #[serde(default)]
    pub attachments: Vec<AttachmentSection>,
    /// The optional 版记.
    pub distribution: Option<DistributionSection>,
    /// Font names.
    #[serde(default)]
    pub fonts: Fonts,
    /// The office's own .docx to fill instead of the built-in layout,
    /// relative to the job file.
    pub template: Option<PathBuf>,
    /// 签发人.
    pub signer: Option<String>,
    /// 密级和保密期限: 秘密, 机密 or 绝密, optionally ★ and the period.
    pub secrecy: Option<String>,
    /// 紧急程度: 特急 or 加急 (特提, 平急 for telegrams).
    pub urgency: Option<String>,
    /// 份号: up to six digits, as a number or a text.
    pub copy_number: Option<CopyNumber>,
}

/// 份号 as written: a number or a text of digits.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum CopyNumber {
    /// `copy_number = 12`.
    Number(i64),
    /// `copy_number = "000012"`.
    Text(String),
}

/// A string or an array of strings.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// One string.
    One(String),
    /// Several.
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// 联系人, usable in the body and the 附注.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Telephone.
    #[serde(default)]
    pub phone: String,
    /// The section that collects the reports.
    #[serde(default)]
    pub office: String,
}

/// `[attachment]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentSection {
    /// The attachment title, a template string.
    pub title: String,
    /// The spreadsheet, relative to the job file; an attachment after the
    /// first may leave it out to read another sheet of the first's.
    pub data: Option<PathBuf>,
    /// The sheet; default: the first whose header matches.
    pub sheet: Option<String>,
    /// Hidden rows and columns: `"omit"` (the default) or `"keep"`.
    #[serde(default)]
    pub hidden: Hidden,
    /// Whether a section's extract numbers its tasks 1…n; default true.
    pub renumber: Option<bool>,
    /// `"portrait"`, `"landscape"` or `"auto"` (the default).
    #[serde(default)]
    pub orientation: Orientation,
    /// Header names per role.
    #[serde(default)]
    pub columns: Columns,
}

/// What to do with the rows and columns a sheet hides.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Hidden {
    /// Leave them out of the document, with a warning naming each.
    #[default]
    Omit,
    /// Print them like the others.
    Keep,
}

/// How the attachment's pages are turned.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Orientation {
    /// Upright, like the notice.
    Portrait,
    /// Turned a quarter (横排表格), the type area turned with it.
    Landscape,
    /// Landscape when it saves a page, or when the columns' short values
    /// cannot all stay on one line upright; else portrait.
    #[default]
    Auto,
}

/// `[attachment.columns]`: the header name of each role. Unset roles are
/// found by their usual names (see [`crate::sheet::columns`]).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// 工作任务.
    pub task: Option<String>,
    /// 责任单位.
    pub units: Option<String>,
    /// 完成情况.
    pub status: Option<String>,
    /// 委内责任科室(单位).
    pub sections: Option<String>,
}

/// `[distribution]`: the 版记.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistributionSection {
    /// 抄送 offices.
    #[serde(default)]
    pub cc: Vec<String>,
    /// 印发机关.
    pub printer: Option<String>,
    /// 印发日期.
    pub printed: Option<toml::value::Datetime>,
}

/// `[fonts]`: the font names written into the document. The defaults are the
/// names Chinese offices have installed.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct Fonts {
    /// 小标宋: the mark and titles.
    pub xiaobiaosong: String,
    /// 仿宋: body text and table cells.
    pub fangsong: String,
    /// 黑体: first-level headings, the 附件 label, the table header.
    pub heiti: String,
    /// 楷体: second-level headings.
    pub kaiti: String,
    /// 宋体: page numbers.
    pub songti: String,
}

impl Default for Fonts {
    fn default() -> Self {
        Fonts {
            xiaobiaosong: "方正小标宋简体".into(),
            fangsong: "仿宋_GB2312".into(),
            heiti: "黑体".into(),
            kaiti: "楷体_GB2312".into(),
            songti: "宋体".into(),
        }
    }
}

pub use crate::period::{Period, PeriodSpan};

/// A validated job: paths resolved, dates parsed, template loaded.
#[derive(Debug, Clone)]
pub struct Job {
    /// The job file.
    pub path: PathBuf,
    /// 发文机关.
    pub issuer: String,
    /// 发文机关标志.
    pub mark: String,
    /// 发文字号, normalised.
    pub number: String,
    /// 标题, as lines when the job gave them, else one string.
    pub title: Vec<String>,
    /// 主送机关.
    pub recipients: Vec<String>,
    /// 成文日期.
    pub date: NaiveDate,
    /// The period as written (`2016-H1`).
    pub period_code: String,
    /// The period.
    pub period: Period,
    /// Report deadlines.
    pub deadlines: Vec<NaiveDate>,
    /// 附注 template string.
    pub note: Option<String>,
    /// 署名.
    pub signature: String,
    /// The body template: its display name and source.
    pub body: Template,
    /// 联系人.
    pub contact: Contact,
    /// The attachment, or the first of several: the table the notice
    /// reports on, that `split` divides and `diff` compares.
    pub attachment: Attachment,
    /// The attachments after the first (`[[attachments]]`), each its own
    /// page; empty for a job with one.
    pub more_attachments: Vec<Attachment>,
    /// The 版记.
    pub distribution: Option<Distribution>,
    /// Font names.
    pub fonts: Fonts,
    /// The office's own .docx to fill, resolved against the job file's
    /// folder; `None`: the built-in layout.
    pub template: Option<PathBuf>,
    /// 签发人.
    pub signer: Option<String>,
    /// 密级和保密期限, e.g. `机密★1年`.
    pub secrecy: Option<String>,
    /// 紧急程度, e.g. `特急`.
    pub urgency: Option<String>,
    /// 份号, six digits (`000012`).
    pub copy_number: Option<String>,
}

/// The 密级 a 公文 may carry (GB/T 9704 7.2.2).
pub const SECRECY_LEVELS: [&str; 3] = ["绝密", "机密", "秘密"];
/// The 紧急程度 a 公文 may carry (GB/T 9704 7.2.3; 特提 and 平急 for telegrams).
pub const URGENCY_LEVELS: [&str; 4] = ["特提", "特急", "加急", "平急"];

/// A template's name (for messages) and source.
#[derive(Debug, Clone)]
pub struct Template {
    /// The file it came from, or `(built-in)`.
    pub name: String,
    /// The file, if not built in.
    pub path: Option<PathBuf>,
    /// The template text.
    pub source: String,
}

/// The validated `[attachment]`, or one of `[[attachments]]`.
#[derive(Debug, Clone)]
pub struct Attachment {
    /// Its key in the job file, for messages: `attachment` or
    /// `attachments[2]`.
    pub key: String,
    /// Title template string.
    pub title: String,
    /// The spreadsheet, resolved against the job file's folder.
    pub data: PathBuf,
    /// The sheet, if named.
    pub sheet: Option<String>,
    /// Hidden rows and columns: left out or kept.
    pub hidden: Hidden,
    /// Whether a section's extract numbers its tasks 1…n in the 序号 column.
    pub renumber: bool,
    /// How the attachment's pages are turned.
    pub orientation: Orientation,
    /// Header names per role.
    pub columns: Columns,
}

/// The validated `[distribution]`.
#[derive(Debug, Clone)]
pub struct Distribution {
    /// 抄送.
    pub cc: Vec<String>,
    /// 印发机关.
    pub printer: Option<String>,
    /// 印发日期.
    pub printed: Option<NaiveDate>,
}

/// The job file's usual name, looked for when a folder or nothing is named.
pub const JOB_FILE: &str = "notice.toml";

/// The job file to read: `given` when it is a file, `notice.toml` inside it
/// when it is a folder, `./notice.toml` when nothing is given. An error
/// names the file looked for when it is not there, or says what it is
/// when it is no regular file (a FIFO is never opened).
pub fn find(given: Option<&Path>) -> Result<PathBuf> {
    let path = match given {
        None => PathBuf::from(JOB_FILE),
        Some(dir) if dir.is_dir() => dir.join(JOB_FILE),
        Some(file) => file.to_path_buf(),
    };
    match std::fs::metadata(&path) {
        Ok(meta) if meta.is_file() => Ok(path),
        Ok(meta) => Err(Error::at(
            Location::file(&path),
            crate::messages::CommonMsg::NotARegularFile {
                kind: crate::files::Kind::of(&meta).describe(),
            },
        )),
        Err(_) => Err(Error::at(Location::file(&path), JobMsg::NotFound)),
    }
}

/// What a job file gives when it is checked: every problem found, the job
/// when there were none, and what `check` can still use to read the
/// spreadsheet when there were some.
#[derive(Debug)]
pub struct JobCheck {
    /// The job, when the file has no error.
    pub job: Option<Job>,
    /// Every error, in the order of the file (keys missing from it last):
    /// each names its key and, where it is written, its line.
    pub errors: Vec<Error>,
    /// The values that were read without error.
    pub partial: Partial,
}

/// The parts of a job that reading the spreadsheet needs, each present
/// when the job file gives it without error.
#[derive(Debug, Clone, Default)]
pub struct Partial {
    /// `attachment.data`, resolved against the job file's folder.
    pub data: Option<PathBuf>,
    /// `attachment.sheet`.
    pub sheet: Option<String>,
    /// `[attachment.columns]`.
    pub columns: Columns,
    /// `period`.
    pub period: Option<Period>,
    /// `attachment.hidden`.
    pub hidden: Hidden,
}

impl JobCheck {
    /// The job, or its errors: all but the last go to `diags` (in file
    /// order, so a caller that prints `diags` and then the error prints
    /// every problem in order), the last is returned.
    pub fn into_result(mut self, diags: &mut Diagnostics) -> Result<Job> {
        match (self.job, self.errors.pop()) {
            (Some(job), None) => Ok(job),
            (_, Some(last)) => {
                for e in &self.errors {
                    diags.push_error(e);
                }
                Err(last)
            }
            (None, None) => Err(Error::at(Location::file(""), JobMsg::Empty)),
        }
    }
}

/// How many times a broken job file is repaired to find its next problem.
const MAX_REPAIRS: usize = 64;

impl Job {
    /// Reads and validates a job file. Warnings (a normalised document
    /// number) go to `diags`. When the file has several errors, all but the
    /// last go to `diags` as errors and the last is returned (see
    /// [`JobCheck::into_result`]).
    pub fn from_file(path: &Path, diags: &mut Diagnostics) -> Result<Job> {
        Job::check_file(path, diags).into_result(diags)
    }

    /// Validates the text of a job file that lives at `path` (see
    /// [`Job::from_file`]).
    pub fn from_str(text: &str, path: &Path, diags: &mut Diagnostics) -> Result<Job> {
        Job::check_str(text, path, diags).into_result(diags)
    }

    /// Reads a job file and reports every problem in it.
    pub fn check_file(path: &Path, diags: &mut Diagnostics) -> JobCheck {
        match read_text(path, diags) {
            Ok(text) => Job::check_str(&text, path, diags),
            Err(e) => JobCheck {
                job: None,
                errors: vec![e],
                partial: Partial::default(),
            },
        }
    }

    /// Checks the text of a job file that lives at `path`: every unknown
    /// key, missing key, value of the wrong type and invalid value, each
    /// with its key and line.
    pub fn check_str(text: &str, path: &Path, diags: &mut Diagnostics) -> JobCheck {
        let failed = |errors| JobCheck {
            job: None,
            errors,
            partial: Partial::default(),
        };
        let original = match toml_edit::ImDocument::parse(text) {
            Ok(doc) => doc,
            Err(e) => {
                let location = match e.span() {
                    Some(span) => Location::line(path, line_at(text, span.start)),
                    None => Location::file(path),
                };
                let detail = crate::error::one_line(e.message());
                return failed(vec![Error::at(location, JobMsg::Syntax { detail })]);
            }
        };
        let lines = key_lines(text, original.as_table());
        // A file that deserialises as it is needs no repair (nor the
        // editable document a repair works on).
        let (raw, mut errors, repaired) = match toml::from_str::<JobFile>(text) {
            Ok(raw) => (raw, Vec::new(), Vec::new()),
            Err(_) => {
                let mut repair = Repair {
                    path,
                    lines: &lines,
                    doc: text.parse().unwrap_or_default(),
                    errors: Vec::new(),
                    reported: Vec::new(),
                    repaired: Vec::new(),
                };
                let Some(raw) = repair.run() else {
                    return failed(repair.errors);
                };
                (raw, repair.errors, repair.repaired)
            }
        };
        let checked = Checked {
            path,
            lines: &lines,
            repaired: &repaired,
        };
        let (job, partial) = checked.validate(raw, &mut errors, diags);
        // In the order of the file; keys missing from it last.
        errors.sort_by_key(|e| match e {
            Error::At { location, .. } => match location.place {
                Some(crate::error::Place::KeyAt(_, line) | crate::error::Place::Line(line)) => line,
                _ => usize::MAX,
            },
            _ => usize::MAX,
        });
        JobCheck {
            job: if errors.is_empty() { job } else { None },
            errors,
            partial,
        }
    }
}

/// The key of the `i`-th (0-based) table of an array of tables, as one
/// segment of a dotted key: `attachments[2]` for the second.
fn element(key: &str, i: usize) -> String {
    format!("{key}[{}]", i + 1)
}

/// A dotted key: `attachment.columns.task`.
fn dotted(path: &[String]) -> String {
    path.join(".")
}

/// The 1-based line of a byte offset.
fn line_at(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The line of every key of the file (tables by their header), dotted.
fn key_lines(text: &str, root: &toml_edit::Table) -> std::collections::HashMap<String, usize> {
    fn walk(
        text: &str,
        table: &dyn toml_edit::TableLike,
        prefix: &mut Vec<String>,
        out: &mut std::collections::HashMap<String, usize>,
    ) {
        for (key, item) in table.iter() {
            if let Some(array) = item.as_array_of_tables() {
                for (i, inner) in array.iter().enumerate() {
                    prefix.push(element(key, i));
                    if let Some(span) = inner.span() {
                        out.insert(dotted(prefix), line_at(text, span.start));
                    }
                    walk(text, inner, prefix, out);
                    prefix.pop();
                }
                continue;
            }
            prefix.push(key.to_string());
            let span = table
                .key(key)
                .and_then(|k| k.span())
                .or_else(|| item.span());
            if let Some(span) = span {
                out.insert(dotted(prefix), line_at(text, span.start));
            }
            if let Some(inner) = item.as_table_like() {
                walk(text, inner, prefix, out);
            }
            prefix.pop();
        }
    }
    let mut out = std::collections::HashMap::new();
    walk(text, root, &mut Vec::new(), &mut out);
    out
}

/// The key a byte span of `text` points at: the deepest key whose name or
/// value holds the span, and whether that is a table. The root (an empty
/// path) when none does.
fn locate(text: &str, span: &std::ops::Range<usize>) -> (Vec<String>, bool) {
    fn holds(outer: Option<std::ops::Range<usize>>, inner: &std::ops::Range<usize>) -> bool {
        outer.is_some_and(|o| o.start <= inner.start && inner.end <= o.end)
    }
    fn walk(
        table: &dyn toml_edit::TableLike,
        span: &std::ops::Range<usize>,
        prefix: &mut Vec<String>,
        best: &mut (Vec<String>, bool),
    ) {
        for (key, item) in table.iter() {
            if let Some(array) = item.as_array_of_tables() {
                for (i, inner) in array.iter().enumerate() {
                    prefix.push(element(key, i));
                    if holds(inner.span(), span) && prefix.len() > best.0.len() {
                        *best = (prefix.clone(), true);
                    }
                    walk(inner, span, prefix, best);
                    prefix.pop();
                }
                continue;
            }
            prefix.push(key.to_string());
            let key_span = table.key(key).and_then(|k| k.span());
            if (holds(key_span, span) || holds(item.span(), span)) && prefix.len() > best.0.len() {
                *best = (prefix.clone(), item.as_table_like().is_some());
            }
            if let Some(inner) = item.as_table_like() {
                walk(inner, span, prefix, best);
            }
            prefix.pop();
        }
    }
    let mut best = (Vec::new(), true);
    if let Ok(doc) = toml_edit::ImDocument::parse(text) {
        walk(doc.as_table(), span, &mut Vec::new(), &mut best);
    }
    best
}

/// The name in backquotes after `prefix` in a serde message:
/// `missing field \`number\`` → `number`.
fn quoted_after<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = message.strip_prefix(prefix)?.strip_prefix('`')?;
    rest.split('`').next()
}

/// Finds the problems of a job file one after the other: each one found
/// by deserialising is recorded and repaired — an unknown key or a value of
/// the wrong type removed, a missing key given a stand-in — until the file
/// deserialises.
struct Repair<'a> {
    path: &'a Path,
    lines: &'a std::collections::HashMap<String, usize>,
    doc: toml_edit::DocumentMut,
    errors: Vec<Error>,
    /// The keys reported, so that a problem inside one is not reported again.
    reported: Vec<Vec<String>>,
    /// The keys removed or given a stand-in value.
    repaired: Vec<Vec<String>>,
}

impl Repair<'_> {
    fn run(&mut self) -> Option<JobFile> {
        for _ in 0..MAX_REPAIRS {
            let text = self.doc.to_string();
            let e = match toml::from_str::<JobFile>(&text) {
                Ok(raw) => return Some(raw),
                Err(e) => e,
            };
            let message = e.message().to_string();
            let span = e.span().unwrap_or(0..text.len());
            let (at, is_table) = locate(&text, &span);
            if let Some(missing) = quoted_after(&message, "missing field ") {
                let mut key = if is_table { at } else { Vec::new() };
                key.push(missing.to_string());
                self.report(&key, JobMsg::MissingKey);
                if !self.stand_in(&key) {
                    return None;
                }
            } else if let Some(unknown) = quoted_after(&message, "unknown field ") {
                let expected = expected_names(&message);
                let message = match closest(unknown, &expected) {
                    Some(near) => JobMsg::UnknownKeyNear {
                        near: near.to_string(),
                    },
                    None => JobMsg::UnknownKey,
                };
                self.report(&at, message);
                if !self.remove(&at) {
                    return None;
                }
            } else {
                if at.is_empty() {
                    // Nothing to take away: the problem is the file itself.
                    let line = line_at(&text, span.start);
                    self.errors.push(Error::at(
                        Location::line(self.path, line),
                        JobMsg::Syntax {
                            detail: crate::error::one_line(&message),
                        },
                    ));
                    return None;
                }
                self.report(
                    &at,
                    JobMsg::BadValue {
                        detail: crate::error::one_line(&message),
                    },
                );
                if !self.remove(&at) {
                    return None;
                }
            }
        }
        None
    }

    /// Records a problem at `key`, unless one inside a reported key.
    fn report(&mut self, key: &[String], message: JobMsg) {
        if self.reported.iter().any(|r| key.starts_with(r)) {
            return;
        }
        self.reported.push(key.to_vec());
        let name = dotted(key);
        let location = match self.line_of(key) {
            Some(line) => Location::key_at(self.path, &name, line),
            None => Location::key(self.path, &name),
        };
        self.errors.push(Error::at(location, message));
    }

    /// The line of a key, or for one that is missing, of its table.
    fn line_of(&self, key: &[String]) -> Option<usize> {
        (1..=key.len())
            .rev()
            .find_map(|n| self.lines.get(&dotted(&key[..n])).copied())
    }

    fn table_at(&mut self, path: &[String]) -> Option<&mut dyn toml_edit::TableLike> {
        let mut table: &mut dyn toml_edit::TableLike = self.doc.as_table_mut();
        for key in path {
            // `attachments[2]`: the second table of an array of tables.
            let element = key
                .strip_suffix(']')
                .and_then(|k| k.split_once('['))
                .and_then(|(name, i)| Some((name, i.parse::<usize>().ok()?.checked_sub(1)?)));
            table = match element {
                Some((name, i)) => table.get_mut(name)?.as_array_of_tables_mut()?.get_mut(i)?,
                None => table.get_mut(key)?.as_table_like_mut()?,
            };
        }
        Some(table)
    }

    fn remove(&mut self, key: &[String]) -> bool {
        self.repaired.push(key.to_vec());
        let Some((last, parent)) = key.split_last() else {
            return false;
        };
        self.table_at(parent)
            .is_some_and(|t| t.remove(last).is_some())
    }

    /// Gives a missing key the first stand-in value that deserialises, so
    /// the next problem can be found.
    fn stand_in(&mut self, key: &[String]) -> bool {
        self.repaired.push(key.to_vec());
        let Some((last, parent)) = key.split_last() else {
            return false;
        };
        let candidates: Vec<toml_edit::Value> = vec![
            toml_edit::Value::from("某某"),
            "2000-01-01"
                .parse::<toml_edit::Datetime>()
                .map(toml_edit::Value::from)
                .unwrap_or_else(|_| toml_edit::Value::from(0)),
            toml_edit::Value::Array(std::iter::once("某某").collect()),
            toml_edit::Value::InlineTable(toml_edit::InlineTable::new()),
        ];
        for value in candidates {
            let Some(table) = self.table_at(parent) else {
                return false;
            };
            table.insert(last, toml_edit::Item::Value(value));
            let text = self.doc.to_string();
            let wrong = match toml::from_str::<JobFile>(&text) {
                Ok(_) => false,
                Err(e) => {
                    let (at, _) = locate(&text, &e.span().unwrap_or(0..0));
                    match quoted_after(e.message(), "missing field ") {
                        // Still missing: the value did not go in.
                        Some(missing) => missing == last && at == parent,
                        // The value is of the wrong type.
                        None => at.starts_with(key),
                    }
                }
            };
            if !wrong {
                return true;
            }
        }
        false
    }
}

/// The names a serde message lists as expected: "expected one of `a`, `b`".
fn expected_names(message: &str) -> Vec<String> {
    let Some((_, list)) = message.split_once("expected") else {
        return Vec::new();
    };
    list.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The expected name nearest to a misspelt one, when it is near enough
/// (at most a third of its letters differ).
fn closest<'a>(given: &str, expected: &'a [String]) -> Option<&'a str> {
    let distance = |a: &str, b: &str| -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.iter().enumerate() {
            let mut prev = row[0];
            row[0] = i + 1;
            for (j, cb) in b.iter().enumerate() {
                let cur = row[j + 1];
                row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
                prev = cur;
            }
        }
        row[b.len()]
    };
    if given.chars().count() > 64 {
        return None;
    }
    expected
        .iter()
        .map(|e| (distance(given, e), e))
        .filter(|(d, e)| *d > 0 && *d * 3 <= e.chars().count().max(3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, e)| e.as_str())
}

/// The second step of checking: the values of a file that deserialised,
/// each checked, every problem recorded with its key and line.
struct Checked<'a> {
    path: &'a Path,
    lines: &'a std::collections::HashMap<String, usize>,
    /// Keys that had a problem already: not checked again.
    repaired: &'a [Vec<String>],
}

impl Checked<'_> {
    fn at(&self, key: &str) -> Location {
        match self.lines.get(key) {
            Some(&line) => Location::key_at(self.path, key, line),
            None => Location::key(self.path, key),
        }
    }

    /// Whether the key (or a table holding it) had a problem already.
    fn broken(&self, key: &str) -> bool {
        let parts: Vec<&str> = key.split('.').collect();
        self.repaired.iter().any(|r| {
            let r: Vec<&str> = r.iter().map(String::as_str).collect();
            parts.starts_with(&r) || r.starts_with(&parts)
        })
    }

    /// A value checked by `check`; a problem is recorded and gives `None`.
    fn value<T>(
        &self,
        key: &str,
        errors: &mut Vec<Error>,
        check: impl FnOnce() -> std::result::Result<T, JobMsg>,
    ) -> Option<T> {
        if self.broken(key) {
            return None;
        }
        match check() {
            Ok(v) => Some(v),
            Err(m) => {
                errors.push(Error::at(self.at(key), m));
                None
            }
        }
    }

    fn validate(
        &self,
        raw: JobFile,
        errors: &mut Vec<Error>,
        diags: &mut Diagnostics,
    ) -> (Option<Job>, Partial) {
        let path = self.path;
        let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let non_empty = |v: String| -> std::result::Result<String, JobMsg> {
            let v = v.trim().to_string();
            if v.is_empty() {
                Err(JobMsg::Empty)
            } else {
                Ok(v)
            }
        };
        let period = self.value("period", errors, || {
            Period::parse(&raw.period).ok_or_else(|| JobMsg::UnknownPeriod {
                period: crate::messages::quote(&raw.period),
            })
        });
        // One `[attachment]`, or `[[attachments]]`, each under its key.
        let mut sections: Vec<(String, AttachmentSection)> = Vec::new();
        match (raw.attachment, raw.attachments.is_empty()) {
            (Some(one), true) => sections.push(("attachment".to_string(), one)),
            (None, false) => {
                for (i, a) in raw.attachments.into_iter().enumerate() {
                    sections.push((format!("attachments[{}]", i + 1), a));
                }
            }
            (one, _) => {
                let key = if one.is_some() {
                    "attachments"
                } else {
                    "attachment"
                };
                if !self.broken(key) {
                    let message = if one.is_some() {
                        JobMsg::BothAttachmentForms
                    } else {
                        JobMsg::MissingKey
                    };
                    errors.push(Error::at(self.at(key), message));
                }
                sections.extend(one.map(|a| ("attachment".to_string(), a)));
            }
        }
        let first_data = sections.first().and_then(|(_, a)| a.data.clone());
        if let Some((key, first)) = sections.first() {
            let data_key = format!("{key}.data");
            if first.data.is_none() && !self.broken(&data_key) {
                errors.push(Error::at(self.at(&data_key), JobMsg::MissingKey));
            }
        }
        let attachments: Vec<Option<Attachment>> = sections
            .iter()
            .map(|(key, a)| {
                let title = self.value(&format!("{key}.title"), errors, || {
                    non_empty(a.title.clone())
                })?;
                let data = a.data.clone().or_else(|| first_data.clone())?;
                Some(Attachment {
                    key: key.clone(),
                    title,
                    data: dir.join(data),
                    sheet: a
                        .sheet
                        .clone()
                        .filter(|s| !s.trim().is_empty() && !self.broken(&format!("{key}.sheet"))),
                    hidden: a.hidden,
                    renumber: a.renumber.unwrap_or(true),
                    orientation: a.orientation,
                    columns: a.columns.clone(),
                })
            })
            .collect();
        let partial = match sections.first() {
            Some((key, a)) => Partial {
                data: a
                    .data
                    .as_ref()
                    .filter(|_| !self.broken(&format!("{key}.data")))
                    .map(|d| dir.join(d)),
                sheet: a
                    .sheet
                    .clone()
                    .filter(|s| !s.trim().is_empty() && !self.broken(&format!("{key}.sheet"))),
                columns: a.columns.clone(),
                period,
                hidden: a.hidden,
            },
            None => Partial {
                period,
                ..Partial::default()
            },
        };

        let issuer = self.value("issuer", errors, || non_empty(raw.issuer.clone()));
        let mark = match raw.mark {
            Some(m) => self.value("mark", errors, || non_empty(m)),
            None => issuer.clone(),
        };
        let number = self.value("number", errors, || normalize_doc_number(&raw.number));
        if let Some((number, true)) = &number {
            diags.warn(
                self.at("number"),
                JobMsg::NumberNormalized {
                    given: crate::messages::quote(raw.number.trim()),
                    number: number.clone(),
                },
            );
        }
        let title = self.value("title", errors, || {
            let title: Vec<String> = raw
                .title
                .into_vec()
                .into_iter()
                .map(|s| s.trim().to_string())
                .collect();
            if title.iter().all(|l| l.is_empty()) {
                Err(JobMsg::TitleEmpty)
            } else {
                Ok(title)
            }
        });
        let recipients = self.value("recipients", errors, || {
            let recipients: Vec<String> = raw
                .recipients
                .into_vec()
                .into_iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            if recipients.is_empty() {
                Err(JobMsg::NoRecipients)
            } else {
                Ok(recipients)
            }
        });
        let date = self.value("date", errors, || to_date(&raw.date));
        let deadlines: Option<Vec<NaiveDate>> = if self.broken("deadlines") {
            None
        } else {
            let mut all = Some(Vec::new());
            for (i, d) in raw.deadlines.iter().enumerate() {
                match to_date(d) {
                    Ok(d) => {
                        if let Some(all) = all.as_mut() {
                            all.push(d);
                        }
                    }
                    Err(m) => {
                        let line = self.lines.get("deadlines").copied();
                        let key = format!("deadlines[{i}]");
                        errors.push(Error::at(
                            match line {
                                Some(line) => Location::key_at(path, &key, line),
                                None => Location::key(path, &key),
                            },
                            m,
                        ));
                        all = None;
                    }
                }
            }
            all
        };
        let signature = match raw.signature {
            Some(s) => self.value("signature", errors, || non_empty(s)),
            None => issuer.clone(),
        };
        let body = match raw.body {
            None => Some(Template {
                name: JobMsg::BuiltInBody.to_string(),
                path: None,
                source: DEFAULT_BODY_TEMPLATE.to_string(),
            }),
            Some(_) if self.broken("body") => None,
            Some(p) => {
                let full = dir.join(&p);
                match read_text(&full, diags) {
                    Ok(source) => Some(Template {
                        name: full.display().to_string(),
                        path: Some(full),
                        source,
                    }),
                    Err(e) => {
                        errors.push(e);
                        None
                    }
                }
            }
        };
        let printed = match raw.distribution.as_ref().and_then(|d| d.printed.as_ref()) {
            Some(printed) => self.value("distribution.printed", errors, || to_date(printed)),
            None => None,
        };
        let distribution = raw.distribution.map(|d| Distribution {
            cc: d
                .cc
                .into_iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            printer: d
                .printer
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            printed,
        });
        // Optional keys: `Some(None)` when absent, `None` when broken.
        let template = match &raw.template {
            None => Some(None),
            Some(p) => self
                .value("template", errors, || template_path(&dir, p))
                .map(Some),
        };
        let signer = match raw.signer {
            None => Some(None),
            Some(v) => self.value("signer", errors, || non_empty(v)).map(Some),
        };
        let secrecy = match raw.secrecy {
            None => Some(None),
            Some(v) => self
                .value("secrecy", errors, || {
                    non_empty(v).and_then(|v| check_secrecy(&v))
                })
                .map(Some),
        };
        let urgency = match raw.urgency {
            None => Some(None),
            Some(v) => self
                .value("urgency", errors, || {
                    non_empty(v).and_then(|v| check_urgency(&v))
                })
                .map(Some),
        };
        let copy_number = match &raw.copy_number {
            None => Some(None),
            Some(n) => self
                .value("copy_number", errors, || copy_number(n))
                .map(Some),
        };
        // GB/T 9704 7.4.3: a 版记 has its 印发机关 and 印发日期.
        let missing: Vec<&str> = match &distribution {
            None => vec!["printer", "printed"],
            Some(d) => [
                ("printer", d.printer.is_none()),
                (
                    "printed",
                    d.printed.is_none() && !self.broken("distribution.printed"),
                ),
            ]
            .into_iter()
            .filter(|(_, missing)| *missing)
            .map(|(key, _)| key)
            .collect(),
        };
        // Said once the job is otherwise whole.
        if !missing.is_empty() && errors.is_empty() {
            diags.warn(
                self.at("distribution"),
                JobMsg::NoImprint {
                    missing: missing.join(", "),
                },
            );
        }
        let (
            Some(issuer),
            Some(mark),
            Some((number, _)),
            Some(title),
            Some(recipients),
            Some(date),
            Some(period),
            Some(deadlines),
            Some(signature),
            Some(body),
            Some(mut attachments),
            Some(template),
            Some(signer),
            Some(secrecy),
            Some(urgency),
            Some(copy_number),
        ) = (
            issuer,
            mark,
            number,
            title,
            recipients,
            date,
            period,
            deadlines,
            signature,
            body,
            attachments.into_iter().collect::<Option<Vec<Attachment>>>(),
            template,
            signer,
            secrecy,
            urgency,
            copy_number,
        )
        else {
            return (None, partial);
        };
        if template.is_some() && attachments.len() > 1 && errors.is_empty() {
            errors.push(Error::at(
                self.at("template"),
                JobMsg::TemplateOneAttachment {
                    count: attachments.len(),
                },
            ));
        }
        if !errors.is_empty() || attachments.is_empty() {
            return (None, partial);
        }
        let attachment = attachments.remove(0);
        let job = Job {
            path: path.to_path_buf(),
            issuer,
            mark,
            number,
            title,
            recipients,
            date,
            period_code: raw.period.trim().to_string(),
            period,
            deadlines,
            note: raw.note.filter(|n| !n.trim().is_empty()),
            signature,
            body,
            contact: raw.contact,
            attachment,
            more_attachments: attachments,
            distribution,
            fonts: raw.fonts,
            template,
            signer,
            secrecy,
            urgency,
            copy_number,
        };
        crate::init::warn_placeholders(&job, diags);
        (Some(job), partial)
    }
}

/// Reads a job file or a template as text. UTF-8 (with or without a
/// byte-order mark) is read as it is; a file Notepad saved as "ANSI" (GBK,
/// GB18030) or "Unicode" (UTF-16 with a byte-order mark) is read too, with a
/// warning to save it as UTF-8; anything else is an error that says how.
pub fn read_text(path: &Path, diags: &mut Diagnostics) -> Result<String> {
    let bytes = crate::files::read_input(path, crate::files::MAX_TEXT_FILE_BYTES)?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if let Ok(text) = std::str::from_utf8(body) {
        return Ok(text.to_string());
    }
    let at = || Location::file(path);
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(&bytes) {
        if encoding != encoding_rs::UTF_8 {
            if let Some(text) =
                encoding.decode_without_bom_handling_and_without_replacement(&bytes[bom..])
            {
                diags.warn(
                    at(),
                    JobMsg::ReadAsEncoding {
                        encoding: "UTF-16".to_string(),
                    },
                );
                return Ok(text.into_owned());
            }
        }
    }
    if !body.contains(&0) {
        if let Some(text) =
            encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(body)
        {
            diags.warn(
                at(),
                JobMsg::ReadAsEncoding {
                    encoding: "GBK/GB18030".to_string(),
                },
            );
            return Ok(text.into_owned());
        }
    }
    let line = match std::str::from_utf8(body) {
        Err(e) => {
            body[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1
        }
        Ok(_) => 1,
    };
    Err(Error::at(at(), JobMsg::NotUtf8 { line }))
}

/// The template named by the job, resolved against its folder: a .docx
/// file that is there.
fn template_path(dir: &Path, given: &Path) -> std::result::Result<PathBuf, JobMsg> {
    let full = dir.join(given);
    let extension = full
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if extension != "docx" {
        return Err(JobMsg::TemplateNotDocx {
            path: full.display().to_string(),
        });
    }
    if !full.is_file() {
        return Err(JobMsg::TemplateNotFound {
            path: full.display().to_string(),
        });
    }
    Ok(full)
}

/// 密级 and 保密期限: one of [`SECRECY_LEVELS`], then nothing or ★ and the
/// period (`机密★1年`).
pub fn check_secrecy(text: &str) -> std::result::Result<String, JobMsg> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let ok = SECRECY_LEVELS
        .iter()
        .any(|level| match compact.strip_prefix(level) {
            Some("") => true,
            Some(rest) => rest
                .strip_prefix('★')
                .is_some_and(|period| !period.is_empty() && !period.contains('★')),
            None => false,
        });
    if ok {
        Ok(compact)
    } else {
        Err(JobMsg::BadSecrecy {
            value: text.to_string(),
        })
    }
}

/// 紧急程度: one of [`URGENCY_LEVELS`].
pub fn check_urgency(text: &str) -> std::result::Result<String, JobMsg> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if URGENCY_LEVELS.contains(&compact.as_str()) {
        Ok(compact)
    } else {
        Err(JobMsg::BadUrgency {
            value: text.to_string(),
        })
    }
}

/// 份号: one to six Arabic digits, written with six (GB/T 9704 7.2.1:
/// `12` → `000012`).
pub fn copy_number(given: &CopyNumber) -> std::result::Result<String, JobMsg> {
    let text = match given {
        CopyNumber::Number(n) => n.to_string(),
        CopyNumber::Text(t) => t.trim().to_string(),
    };
    let digits = !text.is_empty() && text.len() <= 6 && text.bytes().all(|b| b.is_ascii_digit());
    if digits && text.bytes().any(|b| b != b'0') {
        Ok(format!("{text:0>6}"))
    } else {
        Err(JobMsg::BadCopyNumber { value: text })
    }
}

/// A TOML date as a calendar date; a date-time or an impossible day is refused.
fn to_date(value: &toml::value::Datetime) -> std::result::Result<NaiveDate, JobMsg> {
    let Some(d) = value.date else {
        return Err(JobMsg::NotADate {
            value: value.to_string(),
        });
    };
    if value.time.is_some() {
        return Err(JobMsg::HasTime {
            value: value.to_string(),
            date: d.to_string(),
        });
    }
    NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day)).ok_or_else(
        || JobMsg::NotARealDate {
            date: d.to_string(),
        },
    )
}

/// Formats a date as a 公文 writes it: `2016年8月30日` (Arabic numerals, no leading zeros).
pub fn cn_date(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// Month and day alone: `9月25日`.
pub fn month_day(date: NaiveDate) -> String {
    format!("{}月{}日", date.month(), date.day())
}

const OPEN_BRACKETS: &[char] = &['〔', '[', '(', '【', '（', '［', '﹝', '〖'];
const CLOSE_BRACKETS: &[char] = &['〕', ']', ')', '】', '）', '］', '﹞', '〗'];

/// Checks a 发文字号 against 代字〔YYYY〕N号 and normalises the year's brackets.
/// Returns the number and whether it was changed.
pub fn normalize_doc_number(text: &str) -> std::result::Result<(String, bool), JobMsg> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let number = || text.to_string();
    let open = compact
        .char_indices()
        .find(|(_, c)| OPEN_BRACKETS.contains(c))
        .ok_or_else(|| JobMsg::NumberNoYear { number: number() })?;
    let prefix = &compact[..open.0];
    let after_open = &compact[open.0 + open.1.len_utf8()..];
    let close = after_open
        .char_indices()
        .find(|(_, c)| CLOSE_BRACKETS.contains(c))
        .ok_or_else(|| JobMsg::NumberUnclosed { number: number() })?;
    let year = &after_open[..close.0];
    let rest = &after_open[close.0 + close.1.len_utf8()..];
    if prefix.is_empty() {
        return Err(JobMsg::NumberNoPrefix { number: number() });
    }
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return Err(JobMsg::NumberYear { number: number() });
    }
    let Some(serial) = rest.strip_suffix('号') else {
        return Err(JobMsg::NumberNoSuffix { number: number() });
    };
    if serial.starts_with('第') {
        return Err(JobMsg::NumberDi { number: number() });
    }
    if serial.is_empty() || !serial.bytes().all(|b| b.is_ascii_digit()) {
        return Err(JobMsg::NumberSerial { number: number() });
    }
    if serial.starts_with('0') {
        return Err(JobMsg::NumberLeadingZero { number: number() });
    }
    let normalized = format!("{prefix}〔{year}〕{serial}号");
    let changed = normalized != text;
    Ok((normalized, changed))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
issuer = "株洲市发展和改革委员会"
number = "株发改发〔2016〕193号"
title = "关于加快年度重点工作任务推进落实的通知"
recipients = ["机关各科室", "委属各单位"]
date = 2016-08-30
period = "2016-H1"
deadlines = [2016-09-25, 2016-12-20]

[attachment]
title = "完成情况表"
data = "progress.xlsx"
"#;

    fn parse(text: &str) -> (Result<Job>, Diagnostics) {
        let mut diags = Diagnostics::default();
        let job = Job::from_str(text, Path::new("jobs/notice.toml"), &mut diags);
        (job, diags)
    }

    #[test]
    fn a_minimal_job_takes_its_defaults() {
        let (job, diags) = parse(MINIMAL);
        let job = job.expect("valid job");
        assert_eq!(job.mark, "株洲市发展和改革委员会");
        assert_eq!(job.signature, "株洲市发展和改革委员会");
        assert_eq!(job.period.label(), "上半年");
        assert_eq!(cn_date(job.date), "2016年8月30日");
        assert_eq!(month_day(job.deadlines[1]), "12月20日");
        assert_eq!(job.attachment.data, Path::new("jobs/progress.xlsx"));
        assert_eq!(job.fonts.fangsong, "仿宋_GB2312");
        assert!(job.body.path.is_none());
        // Only the missing 版记 is worth a warning.
        assert_eq!(diags.items().len(), 1);
        assert!(diags.items()[0].to_string().contains("printer, printed"));
    }

    #[test]
    fn a_distribution_without_its_printer_or_date_is_a_warning() {
        let with = |d: &str| parse(&format!("{MINIMAL}\n[distribution]\n{d}\n")).1;
        let full = with("printer = \"株洲市发展和改革委员会办公室\"\nprinted = 2016-08-30");
        assert_eq!(full.warnings(), 0, "{:?}", full.items());
        let no_date = with("printer = \"株洲市发展和改革委员会办公室\"");
        assert_eq!(no_date.warnings(), 1);
        let line = no_date.items()[0].to_string();
        assert!(
            line.contains("`distribution`") && line.contains("printed"),
            "{line}"
        );
        assert!(!line.contains("printer,"), "{line}");
    }

    #[test]
    fn unknown_key_in_job_file_is_rejected_with_its_name() {
        let (job, _) = parse(&MINIMAL.replace("period =", "perid = \"x\"\nperiod ="));
        let message = job.expect_err("unknown key").to_string();
        assert!(message.contains("perid"), "{message}");
        assert!(message.starts_with("jobs/notice.toml:"), "{message}");
    }

    #[test]
    fn unknown_key_in_a_table_is_rejected() {
        let (job, _) = parse(&MINIMAL.replace("data =", "sheets = \"a\"\ndata ="));
        assert!(job.expect_err("unknown key").to_string().contains("sheets"));
    }

    #[test]
    fn impossible_dates_are_refused() {
        let (job, _) = parse(&MINIMAL.replace("2016-08-30", "2016-02-30"));
        let message = job.expect_err("bad date").to_string();
        assert!(message.starts_with("jobs/notice.toml:6:"), "{message}");
        assert!(!message.contains('\n'), "{message}");
        let (job, _) = parse(&MINIMAL.replace("2016-09-25", "2016-09-31"));
        assert!(job.is_err());
    }

    #[test]
    fn a_date_time_is_not_a_date() {
        let (job, _) = parse(&MINIMAL.replace("date = 2016-08-30", "date = 2016-08-30T10:00:00"));
        assert!(job.expect_err("time").to_string().contains("time of day"));
    }

    #[test]
    fn unknown_period_lists_the_forms() {
        let (job, _) = parse(&MINIMAL.replace("2016-H1", "2016-H3"));
        let message = job.expect_err("period").to_string();
        assert!(
            message.contains("`period`") && message.contains("YEAR-Q1-Q3"),
            "{message}"
        );
    }

    #[test]
    fn periods_have_chinese_labels() {
        let label = |s: &str| Period::parse(s).map(|p| p.label());
        assert_eq!(label("2016-Q1").as_deref(), Some("第一季度"));
        assert_eq!(label("2016-h1").as_deref(), Some("上半年"));
        assert_eq!(label("2017-Q3").as_deref(), Some("第三季度"));
        assert_eq!(label("2017-Q1-Q3").as_deref(), Some("前三季度"));
        assert_eq!(label("2018-Y").as_deref(), Some("全年"));
        assert_eq!(label("16-Y"), None);
        assert_eq!(label("2016"), None);
    }

    #[test]
    fn document_numbers_are_checked_and_normalised() {
        assert_eq!(
            normalize_doc_number("株发改发〔2016〕193号"),
            Ok(("株发改发〔2016〕193号".to_string(), false))
        );
        for typed in [
            "株发改发[2016]193号",
            "株发改发(2016)193号",
            "株发改发【2016】193号",
            "株发改发（2016）193号",
            "株发改发 〔2016〕 193号",
        ] {
            assert_eq!(
                normalize_doc_number(typed),
                Ok(("株发改发〔2016〕193号".to_string(), true)),
                "{typed}"
            );
        }
        for bad in [
            "株发改发〔2016〕第193号",
            "株发改发〔2016〕093号",
            "株发改发〔16〕193号",
            "〔2016〕193号",
            "株发改发2016193号",
            "株发改发〔2016〕193",
            "株发改发〔2016〕号",
        ] {
            assert!(normalize_doc_number(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_bracket_typo_in_the_number_is_a_warning() {
        let (job, diags) = parse(&MINIMAL.replace("〔2016〕", "[2016]"));
        assert_eq!(job.expect("valid").number, "株发改发〔2016〕193号");
        assert!(diags.items()[0].to_string().contains("`number`"));
        assert!(diags.items()[1].to_string().contains("`distribution`"));
    }

    #[test]
    fn titles_may_be_given_as_lines() {
        let (job, _) = parse(&MINIMAL.replace(
            "title = \"关于加快年度重点工作任务推进落实的通知\"",
            "title = [\"株洲市发展和改革委员会\", \"关于加快年度重点工作任务推进落实的通知\"]",
        ));
        assert_eq!(job.expect("valid").title.len(), 2);
    }

    #[test]
    fn the_header_keys_are_checked_and_written_as_the_standard_writes_them() {
        let (job, _) = parse(&MINIMAL.replace(
            "period =",
            "signer = \" 张三 \"\nsecrecy = \"机密 ★1年\"\nurgency = \"特急\"\ncopy_number = 12\nperiod =",
        ));
        let job = job.expect("valid");
        assert_eq!(job.signer.as_deref(), Some("张三"));
        assert_eq!(job.secrecy.as_deref(), Some("机密★1年"));
        assert_eq!(job.urgency.as_deref(), Some("特急"));
        assert_eq!(job.copy_number.as_deref(), Some("000012"));
        let (job, _) = parse(&MINIMAL.replace("period =", "copy_number = \"000123\"\nperiod ="));
        assert_eq!(job.expect("valid").copy_number.as_deref(), Some("000123"));
        for (key, bad) in [
            ("secrecy", "\"内部\""),
            ("secrecy", "\"机密★\""),
            ("urgency", "\"很急\""),
            ("copy_number", "1234567"),
            ("copy_number", "\"十二\""),
            ("copy_number", "0"),
            ("signer", "\" \""),
        ] {
            let (job, _) = parse(&MINIMAL.replace("period =", &format!("{key} = {bad}\nperiod =")));
            let message = job.expect_err(bad).to_string();
            assert!(message.contains(&format!("`{key}`")), "{message}");
        }
    }

    #[test]
    fn a_template_must_be_a_docx_that_is_there() {
        let (job, _) = parse(&MINIMAL.replace("period =", "template = \"红头.doc\"\nperiod ="));
        assert!(job.expect_err("doc").to_string().contains(".docx"));
        let (job, _) = parse(&MINIMAL.replace("period =", "template = \"红头.docx\"\nperiod ="));
        let message = job.expect_err("missing").to_string();
        assert!(message.contains("jobs/红头.docx"), "{message}");
    }

    #[test]
    fn every_problem_is_reported_with_its_key_and_line() {
        let text = r#"issuer = "某市发展和改革委员会"
number = 3
title = "关于报送完成情况的通知"
recipients = ["机关各科室"]
date = "yesterday"
period = "2016-H3"
perid = "2016-H1"

[attachment]
data = "progress.xlsx"
sheet = "附件"

[attachment.columns]
task = 3
"#;
        let mut diags = Diagnostics::default();
        let check = Job::check_str(text, Path::new("jobs/notice.toml"), &mut diags);
        assert!(check.job.is_none());
        let messages: Vec<String> = check.errors.iter().map(|e| e.to_string()).collect();
        let has = |prefix: &str| messages.iter().any(|m| m.starts_with(prefix));
        assert!(
            has("jobs/notice.toml:2: `number`: not valid"),
            "{messages:#?}"
        );
        assert!(
            has("jobs/notice.toml:5: `date`: not valid"),
            "{messages:#?}"
        );
        assert!(
            has("jobs/notice.toml:7: `perid`: no such key: did you mean `period`?"),
            "{messages:#?}"
        );
        assert!(
            has("jobs/notice.toml:14: `attachment.columns.task`"),
            "{messages:#?}"
        );
        assert!(
            has("jobs/notice.toml:9: `attachment.title`: this key is required"),
            "{messages:#?}"
        );
        assert!(
            has("jobs/notice.toml:6: `period`: unknown period"),
            "{messages:#?}"
        );
        assert_eq!(messages.len(), 6, "{messages:#?}");
        // What reading the spreadsheet needs is still there.
        assert_eq!(
            check.partial.data.as_deref(),
            Some(Path::new("jobs/progress.xlsx"))
        );
        assert_eq!(check.partial.sheet.as_deref(), Some("附件"));
        assert!(check.partial.period.is_none());
        // The first errors go to the diagnostics, the last is returned.
        let mut diags = Diagnostics::default();
        let last =
            Job::from_str(text, Path::new("jobs/notice.toml"), &mut diags).expect_err("broken");
        assert_eq!(diags.errors(), 5);
        assert_eq!(last.to_string(), messages[5]);
    }

    #[test]
    fn a_missing_table_is_one_problem() {
        let text = MINIMAL.replace(
            "[attachment]\ntitle = \"完成情况表\"\ndata = \"progress.xlsx\"\n",
            "",
        );
        let (job, diags) = parse(&text);
        let message = job.expect_err("no attachment").to_string();
        assert_eq!(diags.errors(), 0, "{:?}", diags.items());
        assert!(message.contains("`attachment`"), "{message}");
    }

    #[test]
    fn a_missing_body_template_names_the_file() {
        let (job, _) = parse(&MINIMAL.replace("period =", "body = \"nope.md.j2\"\nperiod ="));
        assert!(job
            .expect_err("missing")
            .to_string()
            .contains("jobs/nope.md.j2"));
    }
}
