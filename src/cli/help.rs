//! `gongwen help [TOPIC|COMMAND]` and `gongwen completions SHELL`.

use clap::CommandFactory;
use std::io::Write;
use std::process::ExitCode;

/// The job-file reference, the same text as the README's "Job file" section.
pub const JOB_FILE_REFERENCE: &str = include_str!("../../docs/job-file.md");

/// Print the help of a subcommand, or of a topic.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Topics:
  job    every key of the job file (notice.toml), with examples

Examples:
  gongwen help job
  gongwen help render")]
pub struct Args {
    /// A topic (`job`) or a subcommand (`render`, `split`, `diff`, `check`,
    /// `completions`); without it, the overview.
    #[arg(value_name = "TOPIC|COMMAND")]
    pub topic: Option<String>,
}

/// Runs `help`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let mut command = super::Cli::command();
    // Building propagates the global options (`--lang`) into the
    // subcommands and names them `gongwen render` …, as `--help` shows them.
    command.build();
    match args.topic.as_deref() {
        None => command.print_long_help()?,
        Some("job") => std::io::stdout().write_all(JOB_FILE_REFERENCE.as_bytes())?,
        Some(name) => match command.find_subcommand_mut(name) {
            Some(sub) => sub.print_long_help()?,
            None => {
                let names: Vec<String> = command
                    .get_subcommands()
                    .map(|c| c.get_name().to_string())
                    .collect();
                command
                    .error(
                        clap::error::ErrorKind::InvalidSubcommand,
                        format!(
                            "no help topic or subcommand `{name}`; try `job` or one of: {}",
                            names.join(", ")
                        ),
                    )
                    .exit();
            }
        },
    }
    Ok(ExitCode::SUCCESS)
}

/// Print a shell completion script.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  gongwen completions bash > ~/.local/share/bash-completion/completions/gongwen
  gongwen completions zsh > ~/.zfunc/_gongwen
  gongwen completions powershell >> $PROFILE")]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Runs `completions`: the script on standard output.
pub fn completions(args: &CompletionsArgs) -> anyhow::Result<ExitCode> {
    let mut command = super::Cli::command();
    clap_complete::generate(args.shell, &mut command, "gongwen", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}
