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
/// output. Exit code 0 when there are at most warnings, 1 on any error.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  gongwen check fixtures/zhuzhou-2016-h1
      prints `fixtures/zhuzhou-2016-h1/progress.xlsx: 23 rows, 13 sections, 0 warnings, 0 errors`
  gongwen check
      checks ./notice.toml and its spreadsheet
  gongwen check notice.toml --data 台账.csv --encoding gbk
      checks another spreadsheet, a CSV file saved in GBK

Exit code 0 when there are at most warnings, 1 on any error.
`gongwen help job` explains every key of the job file.")]
pub struct Args {
    #[command(flatten)]
    pub input: super::Input,
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
    if let (Some(job), Some(model)) = (&job, &model) {
        if let Err(e) = compose(job, model, ComposeOptions::default()) {
            diags.push_error(&e);
        }
    }
    super::print_diagnostics(&diags);
    for line in &sheet_lines {
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
