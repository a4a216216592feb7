//! `--watch` on `render` and `split`: run once, then again whenever the job,
//! its body template or its spreadsheet is saved, until Ctrl-C.

use gongwen::messages::WatchMsg;
use gongwen::watch::{job_inputs, Watch};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

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

/// Set by Ctrl-C: the watch ends.
static STOP: AtomicBool = AtomicBool::new(false);
/// Whether a watch is running.
static WATCHING: AtomicBool = AtomicBool::new(false);
/// Whether the watch is waiting for a change (not in the middle of a run).
static WAITING: AtomicBool = AtomicBool::new(false);
/// How long a run under `--watch` may go on after Ctrl-C before it is cut
/// short.
const GRACE: std::time::Duration = std::time::Duration::from_secs(1);

/// What Ctrl-C does, for every command. Helper programs (LibreOffice) are
/// stopped at once with everything they started. A watch that is waiting,
/// or whose run ends within [`GRACE`], ends as usual (exit code 0); any
/// other run is cut short with exit code 130, the temporary files it was
/// writing removed (its outputs stay as they were).
pub fn on_ctrl_c() {
    gongwen::pdf::stop_children();
    if WATCHING.load(Ordering::SeqCst) {
        STOP.store(true, Ordering::SeqCst);
        let started = std::time::Instant::now();
        while started.elapsed() < GRACE {
            if WAITING.load(Ordering::SeqCst) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
    // Files being moved into place are moved first (milliseconds).
    gongwen::package::wait_for_critical(std::time::Duration::from_secs(5));
    gongwen::package::remove_temporaries();
    std::process::exit(130);
}

/// Runs `run` now and after every change of the job's inputs; exits 0 on
/// Ctrl-C while waiting (see [`on_ctrl_c`]). A failed run is reported and
/// the watch goes on: outputs are written atomically, so the earlier ones
/// stay as they were.
fn watch(
    job: &Path,
    data: Option<&Path>,
    run: impl Fn() -> anyhow::Result<ExitCode>,
) -> anyhow::Result<ExitCode> {
    let stop = &STOP;
    WATCHING.store(true, Ordering::SeqCst);
    report(run());
    WAITING.store(true, Ordering::SeqCst);
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
    while let Some(changed) = watch.next_change(stop, &mut waiting) {
        WAITING.store(false, Ordering::SeqCst);
        println!(
            "{}",
            WatchMsg::Changed {
                files: names(&changed)
            }
        );
        report(run());
        WAITING.store(true, Ordering::SeqCst);
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
