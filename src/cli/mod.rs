//! The command line: one module per subcommand. Only this layer prints.

pub mod check;
pub mod diff;
pub mod help;
pub mod init;
pub mod render;
pub mod split;
pub mod watch;

use clap::{Parser, Subcommand};
use gongwen::diag::Diagnostics;
use gongwen::messages::{CliMsg, Lang};
use gongwen::sheet::Encoding;
use std::path::PathBuf;

/// The exit codes, shown under the top-level help and in the README.
const EXIT_CODES: &str = "\
Exit codes:
  0  done (check: no errors, only warnings at most)
  1  an error in the job, the spreadsheet or a file (check: errors found)
  2  a usage error (unknown option, missing argument)
  130  stopped by Ctrl-C in the middle of a run (its outputs as they were)
diff: 0 the versions are equal, 1 they differ, 2 an error

Messages are in Chinese when LC_ALL, LC_MESSAGES or LANG starts with zh,
else in English; --lang zh|en chooses. Help texts are in English.

`gongwen help job` explains every key of the job file (notice.toml).";

/// Turns a progress spreadsheet (台账) into a GB/T 9704 official notice (公文).
#[derive(Debug, Parser)]
#[command(
    name = "gongwen",
    version,
    about,
    long_about = None,
    disable_help_subcommand = true,
    after_help = EXIT_CODES
)]
pub struct Cli {
    /// The language of messages: zh (中文) or en [default: from LC_ALL,
    /// LC_MESSAGES or LANG: zh when it starts with zh, else en].
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<LangArg>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the notice (.docx) with its completion-status attachment.
    Render(render::Args),
    /// Write one extract (.docx) per section, rewriting only what changed.
    Split(split::Args),
    /// Compare two versions of the spreadsheet task by task (exit 0 equal, 1 different, 2 error).
    Diff(diff::Args),
    /// Check a job and its spreadsheet, report every problem, write nothing.
    Check(check::Args),
    /// Create a ready job in a folder: notice.toml, body.md.j2, a sample spreadsheet.
    Init(init::Args),
    /// Print the help of a subcommand, or of a topic: `gongwen help job`
    /// explains the job file.
    Help(help::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(help::CompletionsArgs),
}

/// The value of `--lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// 中文.
    Zh,
    /// English.
    En,
}

impl Cli {
    /// The language of messages: `--lang`, else the environment.
    pub fn lang(&self) -> Lang {
        match self.lang {
            Some(LangArg::Zh) => Lang::Zh,
            Some(LangArg::En) => Lang::En,
            None => Lang::from_env(|name| std::env::var(name).ok()),
        }
    }
}

/// The job file and the spreadsheet options shared by `render`, `split`
/// and `check`.
#[derive(Debug, Clone, clap::Args)]
pub struct Input {
    /// The job file, or a folder holding notice.toml [default:
    /// ./notice.toml].
    #[arg(value_name = "JOB")]
    pub job: Option<PathBuf>,
    /// Read this spreadsheet instead of the job's `attachment.data`.
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// The encoding of a CSV file: utf-8, gb18030 or gbk [default: UTF-8 if
    /// the text is valid UTF-8, else GB18030].
    #[arg(long, value_name = "ENCODING")]
    pub encoding: Option<Encoding>,
}

impl Input {
    /// The job file to read: the one named, `notice.toml` in the folder
    /// named, or `./notice.toml`; an error naming what was looked for when
    /// it is not there.
    pub fn job_file(&self) -> gongwen::error::Result<PathBuf> {
        gongwen::job::find(self.job.as_deref())
    }

    /// The options that override the job when loading.
    pub fn load_options(&self) -> gongwen::LoadOptions<'_> {
        gongwen::LoadOptions {
            data: self.data.as_deref(),
            encoding: self.encoding,
        }
    }
}

/// `--pdf` and `--preview`, shared by `render` and `split`.
#[derive(Debug, Clone, clap::Args)]
pub struct Extras {
    /// Also write a PDF beside each .docx (needs LibreOffice: soffice).
    #[arg(long)]
    pub pdf: bool,
    /// Also write PNG images of the pages beside each .docx, to look at
    /// before printing (needs LibreOffice and pdftoppm; implies --pdf).
    #[arg(long)]
    pub preview: bool,
}

impl Extras {
    /// Converts the documents as asked and prints what was written; no
    /// PDF or image replaces one of `inputs`.
    pub fn run(
        &self,
        documents: &[std::path::PathBuf],
        inputs: &gongwen::package::Inputs,
    ) -> anyhow::Result<Vec<std::path::PathBuf>> {
        let mut written = Vec::new();
        if !(self.pdf || self.preview) || documents.is_empty() {
            return Ok(written);
        }
        let pdfs = gongwen::pdf::docx_to_pdf(
            documents,
            gongwen::pdf::timeout_for(documents.len()),
            inputs,
        )?;
        for pdf in &pdfs {
            println!(
                "{}",
                CliMsg::Written {
                    path: pdf.display().to_string()
                }
            );
            written.push(pdf.clone());
            if self.preview {
                let pages =
                    gongwen::pdf::pdf_to_png(pdf, 96, gongwen::pdf::timeout_for(1), inputs)?;
                written.extend(pages.iter().cloned());
                if let (Some(first), Some(last)) = (pages.first(), pages.last()) {
                    println!(
                        "{}",
                        CliMsg::PageImages {
                            first: first.display().to_string(),
                            last: last.display().to_string(),
                            count: pages.len(),
                        }
                    );
                }
            }
        }
        Ok(written)
    }
}

/// The lines that say which sheet of `file` was read, why, and which
/// others matched.
pub fn sheet_lines(
    file: &std::path::Path,
    sheet: &str,
    choice: &gongwen::sheet::SheetChoice,
) -> Vec<String> {
    use gongwen::sheet::ChoiceReason;
    let why = match &choice.reason {
        ChoiceReason::Named => CliMsg::WhyNamed,
        ChoiceReason::Only => CliMsg::WhyOnly,
        ChoiceReason::First if choice.others.is_empty() => CliMsg::WhyOnlyMatch,
        ChoiceReason::Period(period) => CliMsg::WhyPeriod {
            period: period.clone(),
        },
        ChoiceReason::Active => CliMsg::WhyActive,
        ChoiceReason::First => CliMsg::WhyFirst,
    };
    let mut lines = vec![CliMsg::SheetRead {
        file: file.display().to_string(),
        sheet: gongwen::messages::quote(sheet),
        why: why.to_string(),
    }
    .to_string()];
    if !choice.others.is_empty() {
        lines.push(
            CliMsg::SheetOthers {
                others: gongwen::messages::list(&choice.others, &CliMsg::ListSeparator.to_string()),
            }
            .to_string(),
        );
    }
    lines
}

/// An error as the one line the user reads: the label, the error, and its
/// causes, each after the separator of the language in use.
pub fn error_line(error: &anyhow::Error) -> String {
    use gongwen::messages::CommonMsg;
    let mut line = format!("{}{error}", CommonMsg::ErrorLabel);
    let mut source = error.source();
    while let Some(cause) = source {
        line.push_str(&format!("{}{cause}", CommonMsg::Separator));
        source = cause.source();
    }
    line
}

/// Prints the diagnostics of a run to standard error, one per line.
pub fn print_diagnostics(diags: &Diagnostics) {
    for d in diags.items() {
        eprintln!("{d}");
    }
}
