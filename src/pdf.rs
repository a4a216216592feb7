//! PDF and page previews through LibreOffice and poppler, for `--pdf` and
//! `--preview`.
//!
//! The .docx is what gongwen makes; a PDF is LibreOffice's rendering of it,
//! so these are conveniences for looking and printing, and they need the
//! programs installed (`soffice` from Debian's `libreoffice-writer-nogui`,
//! `pdftoppm` from `poppler-utils`). All files are converted in one
//! LibreOffice run, in a private profile (so a LibreOffice the user has open
//! does not get in the way), into a temporary folder, and then moved into
//! place: a failed or timed-out conversion leaves no partial PDF behind.
//!
//! LibreOffice is started in a process group of its own, and that whole
//! group is stopped when it is done, fails, outlives its timeout, or the
//! user presses Ctrl-C ([`stop_children`]): `soffice` starts `soffice.bin`,
//! which would otherwise be left running. The profile is named by a
//! `file://` URL with every byte that is not plain ASCII percent-encoded,
//! so a temporary folder with spaces, `#` or `%` in its name works; and
//! LibreOffice's own temporary files go into a folder named in plain
//! ASCII (under `/tmp` when `TMPDIR` is not), since it cannot use one
//! named otherwise under a non-UTF-8 locale.

use crate::error::{Error, Location, Result};
use crate::messages::RenderMsg;
use crate::package::{check_output, write_atomic, Inputs};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long one LibreOffice run may take: a start-up allowance and a little
/// per document.
pub fn timeout_for(documents: usize) -> Duration {
    Duration::from_secs(60 + 10 * documents as u64)
}

/// Finds a program on `PATH`.
fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// The `file://` URL of an absolute path, every byte outside
/// `A–Z a–z 0–9 - . _ ~ /` percent-encoded (`/tmp/a b#%` →
/// `file:///tmp/a%20b%23%25`).
pub fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().replace('\\', "/").into_bytes();
    if !bytes.starts_with(b"/") {
        url.push('/');
    }
    for b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            url.push(char::from(b));
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// Whether a path is absolute and spelt in plain ASCII (letters, digits,
/// `/ . _ -`): LibreOffice reads its `TMPDIR` in the locale's encoding,
/// and under `LANG=C` a folder named in Chinese makes it wait for ever.
fn plain(path: &Path) -> bool {
    path.is_absolute()
        && path.to_str().is_some_and(|s| {
            s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'_' | b'-'))
        })
}

/// A private folder for one conversion, made absolute (LibreOffice needs
/// an absolute profile URL): in the system's temporary folder, or, when
/// that is not named in plain ASCII, in `/tmp`.
fn work_dir() -> Result<(tempfile::TempDir, PathBuf)> {
    let base = std::env::temp_dir();
    let fail = |source| Error::Write {
        path: base.clone(),
        source,
    };
    let make = |dir: &Path| {
        tempfile::Builder::new()
            .prefix("gongwen-pdf-")
            .tempdir_in(dir)
    };
    let fallback = Path::new("/tmp");
    let absolute_base = std::fs::canonicalize(&base).unwrap_or_else(|_| base.clone());
    let work = if !plain(&absolute_base) && cfg!(unix) && fallback.is_dir() {
        make(fallback).or_else(|_| make(&base))
    } else {
        make(&base)
    }
    .map_err(fail)?;
    let absolute = std::fs::canonicalize(work.path()).map_err(fail)?;
    let own_tmp = absolute.join("tmp");
    std::fs::create_dir(&own_tmp).map_err(fail)?;
    Ok((work, absolute))
}

/// Converts each .docx to a PDF beside it (`a.docx` → `a.pdf`), in one
/// LibreOffice run. Returns the PDFs in the order given. A PDF that would
/// replace an input of the run, or something other than a regular file,
/// is refused before LibreOffice starts.
pub fn docx_to_pdf(
    documents: &[PathBuf],
    timeout: Duration,
    inputs: &Inputs,
) -> Result<Vec<PathBuf>> {
    if documents.is_empty() {
        return Ok(Vec::new());
    }
    for doc in documents {
        check_output(&doc.with_extension("pdf"), inputs)?;
    }
    let soffice = find_program("soffice")
        .ok_or_else(|| Error::at(Location::file("soffice"), RenderMsg::NoSoffice))?;
    let (_work, work) = work_dir()?;
    let profile = work.join("profile");
    let out_dir = work.join("pdf");
    let mut command = Command::new(soffice);
    command
        .arg(format!("-env:UserInstallation={}", file_url(&profile)))
        .args([
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&out_dir)
        .args(documents)
        // Its own temporary files go into the private folder too.
        .env("TMPDIR", work.join("tmp"))
        .stdin(Stdio::null())
        .stdout(Stdio::null());
    run_with_timeout(command, timeout, "soffice", &work.join("stderr.txt"))?;
    let mut pdfs = Vec::with_capacity(documents.len());
    for doc in documents {
        let name = doc.with_extension("pdf");
        let file_name = name.file_name().map(PathBuf::from).unwrap_or_default();
        let made = out_dir.join(&file_name);
        let bytes = std::fs::read(&made)
            .map_err(|_| Error::at(Location::file(doc), RenderMsg::NotConverted))?;
        write_atomic(&name, &bytes)?;
        pdfs.push(name);
    }
    Ok(pdfs)
}

/// Writes PNG images of a PDF's pages beside it (`a.pdf` → `a-1.png`, …)
/// at `dpi`; returns them in page order. Images of pages an earlier,
/// longer version had are removed (only regular files, never an input).
pub fn pdf_to_png(
    pdf: &Path,
    dpi: u32,
    timeout: Duration,
    inputs: &Inputs,
) -> Result<Vec<PathBuf>> {
    let pdftoppm = find_program("pdftoppm")
        .ok_or_else(|| Error::at(Location::file("pdftoppm"), RenderMsg::NoPdftoppm))?;
    let (_work, work) = work_dir()?;
    let mut command = Command::new(pdftoppm);
    command
        .args(["-png", "-r", &dpi.to_string()])
        .arg(pdf)
        .arg(work.join("page"))
        .stdin(Stdio::null())
        .stdout(Stdio::null());
    run_with_timeout(command, timeout, "pdftoppm", &work.join("stderr.txt"))?;
    // pdftoppm pads page numbers to the width of the last one (page-01.png).
    let mut pages: Vec<(u32, PathBuf)> = std::fs::read_dir(&work)
        .map_err(|source| Error::Read {
            path: pdf.to_path_buf(),
            source,
        })?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let n = name
                .strip_prefix("page-")?
                .strip_suffix(".png")?
                .parse()
                .ok()?;
            Some((n, e.path()))
        })
        .collect();
    pages.sort();
    let stem = pdf
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let targets: Vec<PathBuf> = pages
        .iter()
        .map(|(n, _)| pdf.with_file_name(format!("{stem}-{n}.png")))
        .collect();
    for target in &targets {
        check_output(target, inputs)?;
    }
    let mut out = Vec::with_capacity(pages.len());
    for ((_, made), target) in pages.into_iter().zip(targets) {
        let bytes = std::fs::read(&made).map_err(|source| Error::Read {
            path: target.clone(),
            source,
        })?;
        write_atomic(&target, &bytes)?;
        out.push(target);
    }
    // Images of pages an earlier, longer version had.
    let mut n = out.len() + 1;
    loop {
        let old = pdf.with_file_name(format!("{stem}-{n}.png"));
        let is_file = std::fs::symlink_metadata(&old).is_ok_and(|m| m.is_file());
        if !is_file || inputs.find(&old).is_some() || std::fs::remove_file(&old).is_err() {
            break;
        }
        n += 1;
    }
    Ok(out)
}

/// The process groups of the helper programs running now, stopped by
/// [`stop_children`].
static CHILDREN: Mutex<Vec<u32>> = Mutex::new(Vec::new());

/// Stops every helper program still running (LibreOffice and what it
/// started), for Ctrl-C.
pub fn stop_children() {
    let groups: Vec<u32> = CHILDREN.lock().map(|g| g.clone()).unwrap_or_default();
    for group in groups {
        kill_group(group);
    }
}

/// Kills a process group (Unix; elsewhere nothing).
fn kill_group(group: u32) {
    #[cfg(unix)]
    if let Ok(pgid) = libc::pid_t::try_from(group) {
        // SAFETY: a negative pid names the process group; SIGKILL cannot be
        // caught, so nothing of the group survives.
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
    }
    #[cfg(not(unix))]
    let _ = group;
}

/// A child in its own process group, killed (with its group) when dropped.
struct Group {
    child: std::process::Child,
    id: u32,
}

impl Drop for Group {
    fn drop(&mut self) {
        kill_group(self.id);
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Ok(mut groups) = CHILDREN.lock() {
            groups.retain(|&g| g != self.id);
        }
    }
}

/// Runs a command in its own process group, its standard error going to
/// `stderr_file` (a pipe that nobody reads could fill and stop it), and
/// stops the whole group when it is done, fails or outlives `timeout`.
fn run_with_timeout(
    mut command: Command,
    timeout: Duration,
    name: &str,
    stderr_file: &Path,
) -> Result<()> {
    let fail = |message: RenderMsg| Error::at(Location::file(name), message);
    let stderr = std::fs::File::create(stderr_file).map_err(|e| {
        fail(RenderMsg::CannotStart {
            detail: e.to_string(),
        })
    })?;
    command.stderr(stderr);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    let child = command.spawn().map_err(|e| {
        fail(RenderMsg::CannotStart {
            detail: e.to_string(),
        })
    })?;
    let id = child.id();
    if let Ok(mut groups) = CHILDREN.lock() {
        groups.push(id);
    }
    let mut group = Group { child, id };
    let started = Instant::now();
    loop {
        match group.child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                let text = std::fs::read(stderr_file).unwrap_or_default();
                let text = String::from_utf8_lossy(&text);
                let detail = text.lines().last().unwrap_or("").trim().to_string();
                return Err(fail(RenderMsg::Failed {
                    status: status.to_string(),
                    detail: crate::messages::quote(&detail),
                }));
            }
            Ok(None) if started.elapsed() > timeout => {
                return Err(fail(RenderMsg::TimedOut {
                    seconds: timeout.as_secs(),
                }));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => {
                return Err(fail(RenderMsg::CannotWait {
                    detail: e.to_string(),
                }))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(command: Command, timeout: Duration, name: &str) -> Result<()> {
        let dir = tempfile::tempdir().expect("tempdir");
        run_with_timeout(command, timeout, name, &dir.path().join("stderr"))
    }

    #[test]
    fn a_command_that_outlives_its_timeout_is_stopped() {
        let mut command = Command::new("sleep");
        command.arg("10");
        let started = Instant::now();
        let err = run(command, Duration::from_millis(200), "sleep").expect_err("timeout");
        assert!(err.to_string().contains("did not finish"), "{err}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn a_failing_command_is_an_error_naming_it() {
        let command = Command::new("false");
        let err = run(command, Duration::from_secs(5), "false").expect_err("fails");
        assert!(err.to_string().starts_with("false: failed"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn what_a_command_started_is_stopped_with_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let pid_file = dir.path().join("pid");
        // The shell starts a sleeper in the background and ends at once, as
        // soffice does with soffice.bin.
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!("sleep 30 & echo $! > '{}'", pid_file.display()));
        run(command, Duration::from_secs(5), "sh").expect("runs");
        let pid: i32 = std::fs::read_to_string(&pid_file)
            .expect("pid")
            .trim()
            .parse()
            .expect("number");
        std::thread::sleep(Duration::from_millis(100));
        // SAFETY: signal 0 only asks whether the process exists.
        let alive = unsafe { libc::kill(pid, 0) } == 0
            && !std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .unwrap_or_default()
                .contains(") Z ");
        assert!(!alive, "the background sleeper was left running");
    }

    #[test]
    fn the_work_folder_is_named_in_plain_ascii() {
        assert!(plain(Path::new("/tmp/gongwen-pdf-a1B2/profile")));
        assert!(!plain(Path::new("/tmp/a b")));
        assert!(!plain(Path::new("/tmp/临时")));
        assert!(!plain(Path::new("relative")));
    }

    #[test]
    fn profile_urls_are_percent_encoded() {
        assert_eq!(
            file_url(Path::new("/tmp/a b#c%d/配置")),
            "file:///tmp/a%20b%23c%25d/%E9%85%8D%E7%BD%AE"
        );
    }
}
