//! The `gongwen` binary: parse the arguments, run one subcommand, print any
//! error once, and return the exit code: 0 ok, 1 a user or data error —
//! except `diff`, which exits 0 when equal, 1 when different and 2 on error.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let (result, error_code) = match &cli.command {
        cli::Command::Render(args) => (cli::render::run(args), 1),
        cli::Command::Split(args) => (cli::split::run(args), 1),
        cli::Command::Diff(args) => (cli::diff::run(args), 2),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let mut message = format!("error: {e}");
            let mut source = e.source();
            while let Some(cause) = source {
                message.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            eprintln!("{message}");
            ExitCode::from(error_code)
        }
    }
}
