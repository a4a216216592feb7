//! The command line: one module per subcommand. Only this layer prints.

pub mod check;
pub mod diff;
pub mod init;
pub mod render;
pub mod split;
pub mod watch;

use clap::{Parser, Subcommand};
use gongwen::diag::Diagnostics;

/// Turns a progress spreadsheet (台账) into a GB/T 9704 official notice (公文).
#[derive(Debug, Parser)]
#[command(name = "gongwen", version, about, long_about = None)]
pub struct Cli {
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
    /// Converts the documents as asked and prints what was written.
    pub fn run(&self, documents: &[std::path::PathBuf]) -> anyhow::Result<()> {
        if !(self.pdf || self.preview) || documents.is_empty() {
            return Ok(());
        }
        let pdfs =
            gongwen::pdf::docx_to_pdf(documents, gongwen::pdf::timeout_for(documents.len()))?;
        for pdf in &pdfs {
            println!("{}: written", pdf.display());
            if self.preview {
                let pages = gongwen::pdf::pdf_to_png(pdf, 96, gongwen::pdf::timeout_for(1))?;
                if let (Some(first), Some(last)) = (pages.first(), pages.last()) {
                    println!(
                        "{} … {}: {} page images",
                        first.display(),
                        last.display(),
                        pages.len()
                    );
                }
            }
        }
        Ok(())
    }
}

/// Prints the diagnostics of a run to standard error, one per line.
pub fn print_diagnostics(diags: &Diagnostics) {
    for d in diags.items() {
        eprintln!("{d}");
    }
}
