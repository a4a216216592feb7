//! The command line: one module per subcommand. Only this layer prints.

pub mod check;
pub mod render;

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
    /// Check a job and its spreadsheet, report every problem, write nothing.
    Check(check::Args),
}

/// Prints the diagnostics of a run to standard error, one per line.
pub fn print_diagnostics(diags: &Diagnostics) {
    for d in diags.items() {
        eprintln!("{d}");
    }
}
