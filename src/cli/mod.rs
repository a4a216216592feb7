//! The command line: one module per subcommand. Only this layer prints.

pub mod check;
pub mod diff;
pub mod render;
pub mod split;

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
}

/// Prints the diagnostics of a run to standard error, one per line.
pub fn print_diagnostics(diags: &Diagnostics) {
    for d in diags.items() {
        eprintln!("{d}");
    }
}
