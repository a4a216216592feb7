//! `gongwen split`: one .docx per section, written only where it changed.

use gongwen::compose::ComposeOptions;
use gongwen::diag::Diagnostics;
use gongwen::messages::CliMsg;
use gongwen::split::{self, Planned, SplitOptions};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Write one extract (.docx) per section, each with that section's rows.
///
/// Files are rewritten only when their content changed; `index.csv` in the
/// output folder lists section, rows, file and SHA-256.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  gongwen split fixtures/zhuzhou-2016-h1
      writes out/notice/<section>.docx for each of the 13 sections, and index.csv
  gongwen split notice.toml --data 台账-更正.xlsx --section 财贸科 --with-notice
      only 财贸科's extract, as the whole notice addressed to it
  gongwen split notice.toml --prune
      also removes extracts of sections no longer in the data

`gongwen help job` explains every key of the job file.")]
pub struct Args {
    #[command(flatten)]
    pub input: super::Input,
    /// The output folder [default: out/<job file stem>/].
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Each extract is the whole notice addressed to its section, with the
    /// section's rows as the attachment.
    #[arg(long)]
    pub with_notice: bool,
    /// Only this section (repeat for several).
    #[arg(long = "section", value_name = "NAME")]
    pub sections: Vec<String>,
    /// Remove extracts of sections that are no longer in the data.
    #[arg(long)]
    pub prune: bool,
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

/// Runs `split`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let job = args.input.job_file()?;
    let mut diags = Diagnostics::default();
    let loaded = match gongwen::load_with(&job, args.input.load_options(), &mut diags) {
        Ok(loaded) => loaded,
        Err(e) => {
            super::print_diagnostics(&diags);
            return Err(e.into());
        }
    };
    let plan = split::plan(&loaded, &args.sections, &mut diags);
    super::print_diagnostics(&diags);
    let plan = plan?;
    let options = SplitOptions {
        with_notice: args.with_notice,
        sections: args.sections.clone(),
        compose: ComposeOptions {
            tidy_punctuation: !args.keep_punctuation,
        },
    };

    let bar = progress_bar(plan.selected.len());
    let built = split::build_all(&loaded, &plan.selected, &options, &|p: &Planned| {
        bar.set_message(p.section.clone());
        bar.inc(1);
    });
    bar.finish_and_clear();
    let extracts = built?;

    let dir = args
        .out_dir
        .clone()
        .unwrap_or_else(|| default_out_dir(&job));
    let mut write_diags = Diagnostics::default();
    let report = split::write_extracts(&dir, &plan.all, &extracts, args.prune, &mut write_diags);
    super::print_diagnostics(&write_diags);
    let report = report?;

    let path = |file: &str| dir.join(file).display().to_string();
    for p in &report.created {
        println!(
            "{}",
            CliMsg::SplitNew {
                path: path(&p.file),
                rows: p.rows
            }
        );
    }
    for p in &report.updated {
        println!(
            "{}",
            CliMsg::SplitUpdated {
                path: path(&p.file),
                rows: p.rows
            }
        );
    }
    for e in &report.stale {
        println!(
            "{}",
            CliMsg::SplitStale {
                path: path(&e.file),
                section: e.section.clone()
            }
        );
    }
    for e in &report.removed {
        println!(
            "{}",
            CliMsg::SplitRemoved {
                path: path(&e.file),
                section: e.section.clone()
            }
        );
    }
    for e in &report.kept {
        println!(
            "{}",
            CliMsg::SplitKept {
                path: path(&e.file),
                section: e.section.clone()
            }
        );
    }
    println!(
        "{}",
        CliMsg::SplitSummary {
            updated: report.updated.len(),
            unchanged: report.unchanged.len(),
            created: report.created.len(),
            removed: report.removed.len(),
        }
    );
    let written: Vec<PathBuf> = report
        .created
        .iter()
        .chain(&report.updated)
        .chain(&report.unchanged)
        .map(|p| dir.join(&p.file))
        .collect();
    args.extras.run(&written)?;
    Ok(ExitCode::SUCCESS)
}

/// A progress bar on standard error when it is a terminal, else a hidden one.
fn progress_bar(len: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
        bar.set_style(style);
    }
    bar
}

/// `out/<job file stem>/` under the current folder.
pub fn default_out_dir(job: &Path) -> PathBuf {
    let stem = job
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "notice".into());
    Path::new("out").join(stem)
}
