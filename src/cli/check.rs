//! `gongwen check`: read everything `render` reads, write nothing, and
//! report every problem at once.

use gongwen::compose::{compose, ComposeOptions};
use gongwen::diag::Diagnostics;
use gongwen::job::{Columns, Job};
use gongwen::sheet::{self, Encoding};
use std::path::PathBuf;
use std::process::ExitCode;

/// Check a job and its spreadsheet without writing anything.
///
/// Prints every problem as `warning:` or `error:` with its place
/// (`progress.xlsx!附件!C14`), on standard error, then a summary on standard
/// output. Exit code 0 when there are at most warnings, 1 on any error.
///
/// Example:
///   gongwen check notice.toml
///   gongwen check notice.toml --data 台账.csv --encoding gbk
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The job file (notice.toml).
    pub job: PathBuf,
    /// Read this spreadsheet instead of the job's `attachment.data`.
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// The encoding of a CSV file: utf-8, gb18030 or gbk [default: UTF-8 if
    /// the text is valid UTF-8, else GB18030].
    #[arg(long, value_name = "ENCODING")]
    pub encoding: Option<Encoding>,
}

/// Runs `check`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let mut diags = Diagnostics::default();
    // The job and the sheet are checked independently where they can be:
    // a broken job still lets `--data` be read with the usual column names.
    let job = Job::from_file(&args.job, &mut diags)
        .map_err(|e| diags.push_error(&e))
        .ok();
    let data = args
        .data
        .clone()
        .or_else(|| job.as_ref().map(|j| j.attachment.data.clone()));
    let default_columns = Columns::default();
    let (sheet_name, columns) = match &job {
        Some(j) => (j.attachment.sheet.as_deref(), &j.attachment.columns),
        None => (None, &default_columns),
    };
    let model = data.as_deref().and_then(|data| {
        sheet::read_table(data, sheet_name, columns, args.encoding, &mut diags)
            .map_err(|e| diags.push_error(&e))
            .ok()
            .map(|table| gongwen::model::Progress::from_table(&table, &mut diags))
    });
    if let (Some(job), Some(model)) = (&job, &model) {
        if let Err(e) = compose(job, model, ComposeOptions::default()) {
            diags.push_error(&e);
        }
    }
    super::print_diagnostics(&diags);
    let (rows, sections) = model
        .as_ref()
        .map(|m| {
            let stats = m.stats();
            (stats.rows, stats.sections)
        })
        .unwrap_or((0, 0));
    let what = data.as_ref().map_or(args.job.display(), |d| d.display());
    println!(
        "{what}: {rows} rows, {sections} sections, {} warnings, {} errors",
        diags.warnings(),
        diags.errors()
    );
    Ok(if diags.errors() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
