//! The `gongwen` binary: parse the arguments, run one subcommand, print any
//! error once, and return the exit code: 0 ok, 1 a user or data error —
//! except `diff`, which exits 0 when equal, 1 when different and 2 on error.

mod cli;

use clap::Parser;
use gongwen::messages::CommonMsg;
use std::process::ExitCode;
use std::sync::Mutex;

/// The message of the last panic, kept by the panic hook so that `main`
/// can print it as one error line.
static PANIC_MESSAGE: Mutex<Option<String>> = Mutex::new(None);

fn main() -> ExitCode {
    keep_heap_pad();
    let cli = cli::Cli::parse();
    gongwen::messages::set_lang(cli.lang());
    // A panic is a bug, but the user still gets one line and exit code 1.
    // The hook only records the message: the library catches the panics of
    // a spreadsheet reader on a damaged file and reports them as an error.
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut slot) = PANIC_MESSAGE.lock() {
            *slot = Some(gongwen::error::one_line(&info.to_string()));
        }
    }));
    // Ctrl-C ends any run promptly, and leaves no LibreOffice running and
    // no temporary file behind.
    if let Err(e) = ctrlc::set_handler(cli::watch::on_ctrl_c) {
        eprintln!(
            "{}{}",
            CommonMsg::WarningLabel,
            gongwen::messages::WatchMsg::NoCtrlC {
                cause: e.to_string()
            }
        );
    }
    // `diff` says "different" with 1, so its errors take 2, like diff(1).
    let error_code = match &cli.command {
        cli::Command::Diff(_) => 2,
        _ => 1,
    };
    let result = std::panic::catch_unwind(|| match &cli.command {
        cli::Command::Render(args) if args.watch => cli::watch::render(args),
        cli::Command::Render(args) => cli::render::run(args),
        cli::Command::Split(args) if args.watch => cli::watch::split(args),
        cli::Command::Split(args) => cli::split::run(args),
        cli::Command::Diff(args) => cli::diff::run(args),
        cli::Command::Check(args) => cli::check::run(args),
        cli::Command::Help(args) => cli::help::run(args),
        cli::Command::Completions(args) => cli::help::completions(args),
        cli::Command::Init(args) => cli::init::run(args),
    });
    match result {
        Ok(Ok(code)) => code,
        Ok(Err(e)) if output_closed(&e) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            eprintln!("{}", cli::error_line(&e));
            ExitCode::from(error_code)
        }
        Err(_) => {
            let detail = PANIC_MESSAGE
                .lock()
                .ok()
                .and_then(|mut m| m.take())
                .unwrap_or_default();
            // `println!` and clap_complete report a closed output as a panic.
            if detail.contains("Broken pipe") {
                return ExitCode::SUCCESS;
            }
            eprintln!("{}{}", CommonMsg::ErrorLabel, CommonMsg::Panic { detail });
            ExitCode::from(error_code)
        }
    }
}

/// The heap grows, and is given back, in steps of [`HEAP_PAD_BYTES`] at
/// least, rather than glibc's 128 KB: a large run frees and makes its
/// tables' text stage after stage, and each page given back and taken
/// again is a fault (20,000 rows: 19,400 faults, 4 % of the run; 14,900
/// with the pad). A small run touches no more pages than before.
fn keep_heap_pad() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    set_malloc(libc::M_TOP_PAD, HEAP_PAD_BYTES);
}

/// See [`keep_heap_pad`].
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const HEAP_PAD_BYTES: libc::c_int = 16 << 20;

/// For `render`: blocks below [`MMAP_THRESHOLD_BYTES`] come from the heap
/// too, rather than each from a mapping of its own once glibc's threshold
/// has grown to 32 MB, so that an inflated worksheet or a document's XML,
/// freed, is reused by the next stage instead of given back and faulted in
/// anew (100,000 rows: 105,000 faults to 69,500, 8 % faster, 284 MB
/// against 281 MB at the peak). Not for `split`, which keeps the table for
/// every extract: there the heap kept only adds to the peak (100,000 rows
/// × 30: 237 MB against 177 MB).
pub(crate) fn reuse_large_blocks() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    set_malloc(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES);
}

/// Sets one of glibc's malloc tunables (a refused value leaves it as it
/// was).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn set_malloc(param: libc::c_int, value: libc::c_int) {
    // SAFETY: mallopt only sets a tunable of the allocator; it takes the
    // allocator's lock itself.
    unsafe {
        libc::mallopt(param, value);
    }
}

/// See [`reuse_large_blocks`].
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD_BYTES: libc::c_int = 256 << 20;

/// Whether a run failed only because the reader of its output went away
/// (`gongwen help job | head -1`): a write to the closed pipe fails. That is
/// no error: gongwen stops quietly, as Unix tools do.
fn output_closed(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
