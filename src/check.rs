//! `gongwen check`: read everything `render` reads, write nothing, and
//! collect every problem.
//!
//! Every problem of the job file is reported (each with its key and line,
//! see [`crate::job::Job::check_file`]), and the spreadsheet is still read
//! and checked with what the job gives without error — its
//! `attachment.data` (or `--data`), sheet, column names and period —, or
//! with the usual column names when the job gives none of them. The
//! templates are rendered (nothing is written) when both the job and the
//! sheet are whole. The command line only prints the [`Report`].

use crate::compose::{compose, ComposeOptions};
use crate::diag::Diagnostics;
use crate::job::{self, Job};
use crate::sheet::{self, Encoding, SheetChoice};
use std::path::{Path, PathBuf};

/// What `check` is asked to look at.
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckOptions<'a> {
    /// The job file or its folder, as given (`None`: `./notice.toml`).
    pub job: Option<&'a Path>,
    /// A spreadsheet to read instead of the job's `attachment.data`.
    pub data: Option<&'a Path>,
    /// The encoding of a CSV file.
    pub encoding: Option<Encoding>,
}

/// The sheet that was read and why.
#[derive(Debug, Clone)]
pub struct SheetRead {
    /// The spreadsheet.
    pub file: PathBuf,
    /// The sheet (`""` for CSV).
    pub sheet: String,
    /// Why this sheet, and which others matched.
    pub choice: SheetChoice,
}

impl SheetRead {
    /// What `table` was read from: nothing for a CSV file (no sheet).
    fn of(table: &sheet::Table) -> Option<SheetRead> {
        (!table.sheet.is_empty()).then(|| SheetRead {
            file: table.file.clone(),
            sheet: table.sheet.clone(),
            choice: table.choice.clone(),
        })
    }
}

/// Everything `check` found.
#[derive(Debug, Default)]
pub struct Report {
    /// Every warning and error, in the order found.
    pub diagnostics: Diagnostics,
    /// The sheet read, if one was.
    pub sheet: Option<SheetRead>,
    /// Tasks in the table (0 when it was not read).
    pub rows: usize,
    /// Distinct sections.
    pub sections: usize,
    /// What the summary line names: the spreadsheet, or else the job file.
    pub subject: PathBuf,
    /// With a `template` in the job: a line of totals, then one per tag,
    /// each unknown one marked.
    pub template_lines: Vec<String>,
    /// The attachments after the first, read when the job is whole: each
    /// one's key, the sheet read (when one was) and its tasks.
    pub more: Vec<MoreRead>,
}

/// An attachment after the first, as `check` read it.
#[derive(Debug, Clone)]
pub struct MoreRead {
    /// Its key in the job file (`attachments[2]`).
    pub key: String,
    /// The sheet read.
    pub sheet: Option<SheetRead>,
    /// Its tasks (0 when it was not read).
    pub rows: usize,
}

/// Checks a job and its spreadsheet.
pub fn check(options: CheckOptions<'_>) -> Report {
    let mut diags = Diagnostics::default();
    let job_path = job::find(options.job);
    let checked = match &job_path {
        Ok(path) => {
            let checked = Job::check_file(path, &mut diags);
            for e in &checked.errors {
                diags.push_error(e);
            }
            Some(checked)
        }
        Err(e) => {
            diags.push_error(e);
            None
        }
    };
    let partial = checked
        .as_ref()
        .map(|c| c.partial.clone())
        .unwrap_or_default();
    let job = checked.and_then(|c| c.job);
    if let (Some(job), Ok(path)) = (&job, &job_path) {
        crate::warn_title_lines(job, path, &mut diags);
    }
    let data = options
        .data
        .map(Path::to_path_buf)
        .or_else(|| partial.data.clone());
    let read = sheet::ReadOptions {
        sheet: partial.sheet.as_deref(),
        columns: &partial.columns,
        encoding: options.encoding,
        period: partial.period,
        hidden: partial.hidden,
    };
    let mut report = Report {
        subject: match (&data, &job_path) {
            (Some(data), _) => data.clone(),
            (None, Ok(job)) => job.clone(),
            (None, Err(_)) => options
                .job
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from(job::JOB_FILE)),
        },
        ..Report::default()
    };
    let table = data.as_deref().and_then(|data| {
        sheet::read_table_with(data, &read, &mut diags)
            .map_err(|e| diags.push_error(&e))
            .ok()
    });
    let model = table.as_ref().and_then(|table| {
        report.sheet = SheetRead::of(table);
        crate::model::Progress::from_table(table, &mut diags)
            .map_err(|e| diags.push_error(&e))
            .ok()
    });
    if let Some(model) = &model {
        let stats = model.stats();
        report.rows = stats.rows;
        report.sections = stats.sections;
        if let Some(job) = &job {
            let more: Vec<Option<crate::model::Progress>> = job
                .more_attachments
                .iter()
                .map(|attachment| {
                    let mut seen = MoreRead {
                        key: attachment.key.clone(),
                        sheet: None,
                        rows: 0,
                    };
                    let model =
                        crate::read_attachment(job, attachment, options.encoding, &mut diags)
                            .map_err(|e| diags.push_error(&e))
                            .ok()
                            .and_then(|table| {
                                seen.sheet = SheetRead::of(&table);
                                crate::model::Progress::from_table(&table, &mut diags)
                                    .map_err(|e| diags.push_error(&e))
                                    .ok()
                            });
                    seen.rows = model.as_ref().map_or(0, |m| m.stats().rows);
                    report.more.push(seen);
                    model
                })
                .collect();
            // The notice is composed only when every attachment was read.
            let more: Option<Vec<crate::model::Progress>> = more.into_iter().collect();
            let more: Vec<&crate::model::Progress> = more.iter().flatten().collect();
            let whole = more.len() == job.more_attachments.len();
            match whole.then(|| compose(job, model, &more, ComposeOptions::default())) {
                None => {}
                Some(Err(e)) => diags.push_error(&e),
                Some(Ok(notice)) => {
                    if let Some(path) = &job.template {
                        report.template_lines =
                            template_tags(path, job, model, &notice, &mut diags);
                    }
                }
            }
        }
    }
    report.diagnostics = diags;
    report
}

/// The lines that list a template's tags, each unknown one marked; its
/// problems go to `diags`.
fn template_tags(
    path: &Path,
    job: &Job,
    model: &crate::model::Progress,
    notice: &crate::compose::Notice,
    diags: &mut Diagnostics,
) -> Vec<String> {
    use crate::messages::TemplateMsg;
    let template = match crate::template::Template::open(path) {
        Ok(t) => t,
        Err(e) => {
            diags.push_error(&e);
            return Vec::new();
        }
    };
    let context = crate::compose::fill_context(
        job,
        model,
        &job.recipients,
        &notice.attachments[0].title,
        template.reads_rows(),
    );
    let (listed, problems) = template.list(notice, &context);
    for p in problems {
        diags.error(p.location, p.message);
    }
    let mut parts: Vec<&str> = listed.iter().map(|t| t.part.as_str()).collect();
    parts.dedup();
    let mut lines = vec![TemplateMsg::Summary {
        file: path.display().to_string(),
        tags: listed.len(),
        parts: parts.len(),
        unknown: listed.iter().filter(|t| t.unknown).count(),
    }
    .to_string()];
    for t in &listed {
        let (part, paragraph, tag) = (t.part.clone(), t.tag.paragraph, t.tag.shown.clone());
        lines.push(if t.unknown {
            TemplateMsg::UnknownTagLine {
                part,
                paragraph,
                tag,
            }
            .to_string()
        } else {
            TemplateMsg::TagLine {
                part,
                paragraph,
                tag,
            }
            .to_string()
        });
    }
    lines
}
