//! `--watch` on `render` and `split`: run once, then again whenever the job,
//! its body template or its spreadsheet is saved, until Ctrl-C.

use gongwen::messages::WatchMsg;
use gongwen::watch::{job_inputs, Watch};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// `render --watch`.
pub fn render(args: &super::render::Args) -> anyhow::Result<ExitCode> {
    watch(&args.input.job_file()?, args.input.data.as_deref(), || {
        super::render::run(args)
    })
}

/// `split --watch`.
pub fn split(args: &super::split::Args) -> anyhow::Result<ExitCode> {
    watch(&args.input.job_file()?, args.input.data.as_deref(), || {
        super::split::run(args)
    })
}

/// Runs `run` now and after every change of the job's inputs; exits 0 on
/// Ctrl-C. A failed run is reported and the watch goes on: outputs are
/// written atomically, so the earlier ones stay as they were.
fn watch(
    job: &Path,
    data: Option<&Path>,
    run: impl Fn() -> anyhow::Result<ExitCode>,
) -> anyhow::Result<ExitCode> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst)).map_err(|e| {
        anyhow::anyhow!(WatchMsg::NoCtrlC {
            cause: e.to_string()
        })
    })?;
    report(run());
    let files = job_inputs(job, data);
    let mut watch = Watch::new(&files)?;
    println!(
        "{}",
        WatchMsg::Watching {
            files: names(&files)
        }
    );
    let mut waiting = |file: &Path| {
        println!(
            "{}",
            WatchMsg::StillSaving {
                file: file.display().to_string()
            }
        );
    };
    while let Some(changed) = watch.next_change(&stop, &mut waiting) {
        println!(
            "{}",
            WatchMsg::Changed {
                files: names(&changed)
            }
        );
        report(run());
        let files = job_inputs(job, data);
        if files != watch.files() {
            watch.set_files(&files)?;
            println!(
                "{}",
                WatchMsg::Watching {
                    files: names(&files)
                }
            );
        }
    }
    println!("{}", WatchMsg::Stopped);
    Ok(ExitCode::SUCCESS)
}

/// Prints a failed run's error the way `main` does, and that the watch goes on.
fn report(result: anyhow::Result<ExitCode>) {
    if let Err(e) = result {
        eprintln!("{}", super::error_line(&e));
        println!("{}", WatchMsg::Failed);
    }
}

/// File names for a line: `notice.toml, progress.xlsx`.
fn names(files: &[PathBuf]) -> String {
    files
        .iter()
        .map(|f| f.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
