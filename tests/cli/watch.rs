//! `--watch`: a saved spreadsheet makes the outputs again, a lock file
//! does not, and Ctrl-C ends the watch cleanly.

use crate::common::*;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

const SEED: &str = "zhuzhou-2016-h1";
const TIMEOUT: Duration = Duration::from_secs(15);

/// A `gongwen … --watch` process and its standard output, line by line.
struct Watching {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Watching {
    fn start(cwd: &Path, args: &[&str]) -> Watching {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gongwen"))
            .args(args)
            .current_dir(cwd)
            .env("LANG", "C")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start gongwen");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Watching {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for a line containing `text`; returns it.
    fn expect_line(&mut self, text: &str) -> String {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(text) {
                        return line;
                    }
                }
                Err(e) => panic!("no line with `{text}` ({e:?}); output: {:#?}", self.seen),
            }
        }
    }

    /// Asserts that nothing is printed for `quiet`.
    fn expect_silence(&mut self, quiet: Duration) {
        match self.lines.recv_timeout(quiet) {
            Err(RecvTimeoutError::Timeout) => {}
            Ok(line) => panic!("unexpected output: {line}; before: {:#?}", self.seen),
            Err(e) => panic!("gongwen stopped: {e:?}; output: {:#?}", self.seen),
        }
    }

    /// Sends SIGINT, as Ctrl-C does, and waits for a clean exit.
    fn interrupt(&mut self) {
        let pid = libc::pid_t::try_from(self.child.id()).expect("pid");
        // SAFETY: kill(2) with a valid signal only sends it to the child.
        let sent = unsafe { libc::kill(pid, libc::SIGINT) };
        assert_eq!(sent, 0, "SIGINT not sent");
        self.expect_line("stopped watching");
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                assert!(status.success(), "exit status {status}");
                return;
            }
            assert!(Instant::now() < deadline, "gongwen did not exit");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[test]
fn render_watch_follows_the_spreadsheet_and_ignores_lock_files() {
    let job = copy_fixture(SEED);
    let edits = tempfile::tempdir().expect("tempdir");
    let (base, edited) = (
        edits.path().join("base.xlsx"),
        edits.path().join("edited.xlsx"),
    );
    seed_with_one_edit(&base, &edited);
    let docx = out_docx(job.path());
    let shown = out_docx_shown(job.path());

    let mut w = Watching::start(job.path(), &["render", "notice.toml", "--watch"]);
    w.expect_line(&format!("{shown}: written"));
    w.expect_line("watching");
    let first = std::fs::read(&docx).expect("first output");

    // Opening the spreadsheet in Excel, WPS or LibreOffice writes a lock file.
    std::fs::write(job.path().join("~$progress.xlsx"), b"lock").expect("lock");
    std::fs::write(job.path().join(".~lock.progress.xlsx#"), b"lock").expect("lock");
    w.expect_silence(Duration::from_secs(2));
    assert!(std::fs::read(&docx).expect("output") == first);

    // Excel saves to a temporary file, then renames it over the document.
    let temporary = job.path().join("~WRL0001.tmp");
    std::fs::copy(&edited, &temporary).expect("copy");
    std::fs::rename(&temporary, job.path().join("progress.xlsx")).expect("rename");
    w.expect_line("progress.xlsx changed");
    w.expect_line(&format!("{shown}: updated"));
    let text = docx_part(&docx, "word/document.xml");
    assert!(text.contains("已全部完工"), "the edit is not in the output");

    // A program that writes the file in place.
    std::fs::write(
        job.path().join("progress.xlsx"),
        std::fs::read(&base).expect("base"),
    )
    .expect("rewrite");
    w.expect_line("progress.xlsx changed");
    w.expect_line(&format!("{shown}: updated"));
    let text = docx_part(&docx, "word/document.xml");
    assert!(
        !text.contains("已全部完工"),
        "the output still has the edit"
    );

    // A broken job is reported and the watch goes on.
    let toml = job.path().join("notice.toml");
    let good = std::fs::read_to_string(&toml).expect("job");
    std::fs::write(&toml, good.replace("2016-H1", "2016-H7")).expect("break");
    w.expect_line("nothing was written");
    std::fs::write(&toml, &good).expect("mend");
    w.expect_line(&format!("{shown}: unchanged"));

    w.interrupt();
}

#[test]
fn split_watch_writes_the_changed_extract_again() {
    let job = copy_fixture(SEED);
    let edits = tempfile::tempdir().expect("tempdir");
    let (base, edited) = (
        edits.path().join("base.xlsx"),
        edits.path().join("edited.xlsx"),
    );
    seed_with_one_edit(&base, &edited);

    let mut w = Watching::start(job.path(), &["split", "notice.toml", "--watch"]);
    w.expect_line("watching");
    std::fs::write(
        job.path().join("progress.xlsx"),
        std::fs::read(&edited).expect("edited"),
    )
    .expect("rewrite");
    w.expect_line("progress.xlsx changed");
    let line = w.expect_line("updated: ");
    assert!(line.contains("园区科"), "{line}");
    w.interrupt();
}
