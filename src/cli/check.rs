//! `gongwen check`: read everything `render` reads, write nothing, and
//! report every problem at once.

use gongwen::compose::{compose, ComposeOptions};
use gongwen::diag::Diagnostics;
use gongwen::job::{Columns, Job};
use gongwen::messages::CliMsg;
use gongwen::sheet;
use std::path::Path;
use std::process::ExitCode;

/// Check a job and its spreadsheet without writing anything.
///
/// Prints every problem as `warning:` or `error:` with its place
/// (`progress.xlsx!附件!C14`), on standard error, then a summary on standard
/// output. With a `template` in the job, it also lists the template's
/// tags, marking those whose variable is unknown. Exit code 0 when there
/// are at most warnings, 1 on any error.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  gongwen check fixtures/zhuzhou-2016-h1
      prints `fixtures/zhuzhou-2016-h1/progress.xlsx: 23 rows, 13 sections, 0 warnings, 0 errors`
  gongwen check
      checks ./notice.toml and its spreadsheet
  gongwen check notice.toml --data 台账.csv --encoding gbk
      checks another spreadsheet, a CSV file saved in GBK
  gongwen check 红头通知
      with `template = \"红头.docx\"` in the job: lists the template's tags too

Exit code 0 when there are at most warnings, 1 on any error.
`gongwen help job` explains every key of the job file.")]
pub struct Args {
    #[command(flatten)]
    pub input: super::Input,
}

/// The lines that list a template's tags, each unknown one marked; its
/// problems go to `diags`.
fn template_tags(
    path: &Path,
    job: &Job,
    model: &gongwen::model::Progress,
    notice: &gongwen::compose::Notice,
    diags: &mut Diagnostics,
) -> Vec<String> {
    use gongwen::messages::TemplateMsg;
    let template = match gongwen::template::Template::open(path) {
        Ok(t) => t,
        Err(e) => {
            diags.push_error(&e);
            return Vec::new();
        }
    };
    let context =
        gongwen::compose::fill_context(job, model, &job.recipients, &notice.attachment.title);
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

/// Runs `check`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let mut diags = Diagnostics::default();
    let job_path = args.input.job_file();
    // The job and the sheet are checked independently where they can be:
    // a broken job still lets `--data` be read with the usual column names.
    let job = match &job_path {
        Ok(path) => Job::from_file(path, &mut diags)
            .map_err(|e| diags.push_error(&e))
            .ok(),
        Err(e) => {
            diags.push_error(e);
            None
        }
    };
    let data = args
        .input
        .data
        .clone()
        .or_else(|| job.as_ref().map(|j| j.attachment.data.clone()));
    let default_columns = Columns::default();
    let options = match &job {
        Some(j) => sheet::ReadOptions::for_job(j),
        None => sheet::ReadOptions::new(None, &default_columns),
    };
    let options = sheet::ReadOptions {
        encoding: args.input.encoding,
        ..options
    };
    let mut sheet_lines = Vec::new();
    let model = data.as_deref().and_then(|data| {
        sheet::read_table_with(data, &options, &mut diags)
            .map_err(|e| diags.push_error(&e))
            .ok()
            .map(|table| {
                if !table.sheet.is_empty() {
                    sheet_lines = super::sheet_lines(data, &table);
                }
                gongwen::model::Progress::from_table(&table, &mut diags)
            })
    });
    let mut template_lines = Vec::new();
    if let (Some(job), Some(model)) = (&job, &model) {
        match compose(job, model, ComposeOptions::default()) {
            Err(e) => diags.push_error(&e),
            Ok(notice) => {
                if let Some(path) = &job.template {
                    template_lines = template_tags(path, job, model, &notice, &mut diags);
                }
            }
        }
    }
    super::print_diagnostics(&diags);
    for line in sheet_lines.iter().chain(&template_lines) {
        println!("{line}");
    }
    let (rows, sections) = model
        .as_ref()
        .map(|m| {
            let stats = m.stats();
            (stats.rows, stats.sections)
        })
        .unwrap_or((0, 0));
    let what = match (&data, &job_path) {
        (Some(data), _) | (None, Ok(data)) => data.display().to_string(),
        (None, Err(_)) => args
            .input
            .job
            .as_deref()
            .unwrap_or(Path::new(gongwen::job::JOB_FILE))
            .display()
            .to_string(),
    };
    println!(
        "{}",
        CliMsg::CheckSummary {
            what,
            rows,
            sections,
            warnings: diags.warnings(),
            errors: diags.errors(),
        }
    );
    Ok(if diags.errors() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
