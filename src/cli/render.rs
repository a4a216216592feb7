//! `gongwen render`: the notice with its attachment, as one .docx.

use gongwen::compose::ComposeOptions;
use gongwen::diag::Diagnostics;
use gongwen::package::{write_atomic, WriteOutcome};
use gongwen::sheet::Encoding;
use gongwen::LoadOptions;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Write the notice (.docx) with its completion-status attachment.
///
/// Example:
///   gongwen render fixtures/zhuzhou-2016-h1/notice.toml
///   gongwen render notice.toml --data 台账-更正.xlsx --out out/193号.docx
///   gongwen render notice.toml --preview      (also out/notice.pdf and page images)
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
    /// Where to write the .docx [default: out/<job file stem>.docx].
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Keep the punctuation as typed (no half-width → full-width fixing).
    #[arg(long)]
    pub keep_punctuation: bool,
    /// After the first run, run again whenever the job, the body template
    /// or the spreadsheet is saved, until Ctrl-C.
    #[arg(long)]
    pub watch: bool,
    #[command(flatten)]
    pub extras: super::Extras,
}

/// Runs `render`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let mut diags = Diagnostics::default();
    let options = LoadOptions {
        data: args.data.as_deref(),
        encoding: args.encoding,
    };
    let loaded = gongwen::load_with(&args.job, options, &mut diags);
    super::print_diagnostics(&diags);
    let loaded = loaded?;
    let options = ComposeOptions {
        tidy_punctuation: !args.keep_punctuation,
    };
    let (_, bytes) = gongwen::render_notice(&loaded, options)?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| default_output(&args.job));
    let outcome = write_atomic(&out, &bytes)?;
    let stats = loaded.model.stats();
    let what = match outcome {
        WriteOutcome::Created => "written",
        WriteOutcome::Updated => "updated",
        WriteOutcome::Unchanged => "unchanged",
    };
    println!(
        "{}: {what} ({} attachment rows, {} sections, {} warnings)",
        out.display(),
        stats.rows,
        stats.sections,
        diags.warnings()
    );
    args.extras.run(std::slice::from_ref(&out))?;
    Ok(ExitCode::SUCCESS)
}

/// `out/<job file stem>.docx` under the current folder.
pub fn default_output(job: &Path) -> PathBuf {
    let stem = job
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "notice".into());
    Path::new("out").join(format!("{stem}.docx"))
}
