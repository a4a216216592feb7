//! The `gongwen` binary: parse the arguments, run one subcommand, print any
//! error once, and return the exit code (0 ok, 1 a user or data error).

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let result = match &cli.command {
        cli::Command::Render(args) => cli::render::run(args),
        cli::Command::Check(args) => cli::check::run(args),
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
            ExitCode::from(1)
        }
    }
}
