//! `gongwen split`: one .docx per section, written only where it changed.

use gongwen::compose::ComposeOptions;
use gongwen::diag::Diagnostics;
use gongwen::messages::{CliMsg, SplitMsg};
use gongwen::package::Inputs;
use gongwen::split::{self, Owner, Planned, SplitOptions, Target};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Write one extract (.docx) per section, each with that section's rows.
///
/// Files are rewritten only when their content changed; `index.csv` in the
/// output folder lists section, rows, file and SHA-256.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  gongwen split fixtures/zhuzhou-2016-h1
      writes out/zhuzhou-2016-h1/<section>.docx for each of the 13 sections, and index.csv
  gongwen split notice.toml --data 台账-更正.xlsx --section 财贸科 --with-notice
      only 财贸科's extract, as the whole notice addressed to it
  gongwen split notice.toml --prune
      also removes extracts of sections no longer in the data

`gongwen help job` explains every key of the job file.")]
pub struct Args {
    #[command(flatten)]
    pub input: super::Input,
    /// The output folder [default: out/<job>/, named after the job file, or
    /// after its folder when it is notice.toml].
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Each extract is the whole notice addressed to its section, with the
    /// section's rows as the attachment.
    #[arg(long)]
    pub with_notice: bool,
    /// Only this section (repeat for several).
    #[arg(long = "section", value_name = "NAME")]
    pub sections: Vec<String>,
    /// Remove extracts of sections that are no longer in the data (only
    /// those this job wrote and that nobody changed since).
    #[arg(long)]
    pub prune: bool,
    /// Replace files in the output folder that gongwen did not write (or
    /// that were changed since), and take over a folder another job wrote.
    #[arg(long)]
    pub force: bool,
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

    let dir = args
        .out_dir
        .clone()
        .unwrap_or_else(|| gongwen::package::default_out_dir(&job));
    let inputs = Inputs::of_job(&loaded.job);
    let target = Target {
        dir: &dir,
        owner: Owner::of(&job),
        force: args.force,
        prune: args.prune,
    };
    // The folder is this run's until it ends: another split waits.
    inputs.check(&dir.join(split::LOCK_FILE))?;
    let lock = split::FolderLock::acquire(&dir, &target.owner, &|holder: &str| {
        eprintln!(
            "{}{}{}{}",
            gongwen::messages::CommonMsg::WarningLabel,
            dir.display(),
            gongwen::messages::CommonMsg::Separator,
            SplitMsg::Waiting {
                holder: holder.to_string()
            }
        )
    })?;
    let bar = progress_bar(plan.selected.len());
    let mut write_diags = Diagnostics::default();
    let report = split::split_into(
        &loaded,
        &plan,
        &options,
        &target,
        &lock,
        &inputs,
        &mut write_diags,
        &|p: &Planned| {
            bar.set_message(p.section.clone());
            bar.inc(1);
        },
    );
    bar.finish_and_clear();
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
    if args.extras.pdf || args.extras.preview {
        // PDFs and page images replace only what this job wrote, and are
        // recorded in the index as its own.
        split::check_companions(&dir, &target.owner, &lock, &written, args.force)?;
        let made = args.extras.run(&written, &inputs);
        let recorded = match &made {
            Ok(files) => files.clone(),
            Err(_) => Vec::new(),
        };
        split::record_companions(&dir, &target.owner, &lock, &recorded)?;
        made?;
    }
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
