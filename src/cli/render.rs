//! `gongwen render`: the notice with its attachment, as one .docx.

use gongwen::compose::ComposeOptions;
use gongwen::diag::Diagnostics;
use gongwen::messages::CliMsg;
use gongwen::package::{self, write_atomic, Inputs, WriteOutcome};
use std::path::PathBuf;
use std::process::ExitCode;

/// Write the notice (.docx) with its completion-status attachment.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  gongwen render fixtures/zhuzhou-2016-h1/notice.toml
      writes out/zhuzhou-2016-h1.docx from the bundled example
  gongwen render fixtures/zhuzhou-2016-h1
      the same: a folder means the notice.toml inside it
  gongwen render
      reads ./notice.toml
  gongwen render notice.toml --data 台账-更正.xlsx --out out/193号.docx
      another spreadsheet, another output file
  gongwen render 2026-Q3.toml --preview
      writes out/2026-Q3.docx, and out/2026-Q3.pdf and out/2026-Q3-1.png …
      (needs LibreOffice)

`gongwen help job` explains every key of the job file.")]
pub struct Args {
    #[command(flatten)]
    pub input: super::Input,
    /// Where to write the .docx [default: out/<job>.docx, named after the
    /// job file, or after its folder when it is notice.toml].
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
    crate::reuse_large_blocks();
    let job = args.input.job_file()?;
    let mut diags = Diagnostics::default();
    let loaded = gongwen::load_with(&job, args.input.load_options(), &mut diags);
    super::print_diagnostics(&diags);
    let loaded = loaded?;
    let options = ComposeOptions {
        tidy_punctuation: !args.keep_punctuation,
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| package::default_output(&job));
    // Nothing the run reads is ever written over.
    let inputs = Inputs::of_job(&loaded.job);
    package::check_output(&out, &inputs)?;
    // What the summary says, taken before the inputs are freed.
    let (rows, sections) = (
        loaded.model.tasks().count(),
        loaded.model.section_counts().len(),
    );
    let choice = loaded.table.choice.clone();
    let sheet = loaded.table.sheet.clone();
    let mut fill = Diagnostics::default();
    let rendered = gongwen::render_notice_consuming(loaded, options, &mut fill);
    super::print_diagnostics(&fill);
    let bytes = rendered?;
    let outcome = write_atomic(&out, &bytes)?;
    let note = if choice.others.is_empty() {
        String::new()
    } else {
        CliMsg::RenderSheetNote {
            sheet,
            others: gongwen::messages::list(&choice.others, &CliMsg::ListSeparator.to_string()),
        }
        .to_string()
    };
    let what = match outcome {
        WriteOutcome::Created => CliMsg::Created,
        WriteOutcome::Updated => CliMsg::Updated,
        WriteOutcome::Unchanged => CliMsg::Unchanged,
    };
    println!(
        "{}",
        CliMsg::RenderSummary {
            path: out.display().to_string(),
            what: what.to_string(),
            rows,
            sections,
            warnings: diags.warnings(),
            note,
        }
    );
    args.extras.run(std::slice::from_ref(&out), &inputs)?;
    Ok(ExitCode::SUCCESS)
}
