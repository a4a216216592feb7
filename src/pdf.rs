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

use crate::error::{Error, Location, Result};
use crate::messages::RenderMsg;
use crate::package::write_atomic;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
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

/// Converts each .docx to a PDF beside it (`a.docx` → `a.pdf`), in one
/// LibreOffice run. Returns the PDFs in the order given.
pub fn docx_to_pdf(documents: &[PathBuf], timeout: Duration) -> Result<Vec<PathBuf>> {
    if documents.is_empty() {
        return Ok(Vec::new());
    }
    let soffice = find_program("soffice")
        .ok_or_else(|| Error::at(Location::file("soffice"), RenderMsg::NoSoffice))?;
    let work = tempfile::tempdir().map_err(|source| Error::Write {
        path: std::env::temp_dir(),
        source,
    })?;
    let profile = work.path().join("profile");
    let out_dir = work.path().join("pdf");
    let mut command = Command::new(soffice);
    command
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&out_dir)
        .args(documents)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    run_with_timeout(command, timeout, "soffice")?;
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
/// at `dpi`; returns them in page order.
pub fn pdf_to_png(pdf: &Path, dpi: u32, timeout: Duration) -> Result<Vec<PathBuf>> {
    let pdftoppm = find_program("pdftoppm")
        .ok_or_else(|| Error::at(Location::file("pdftoppm"), RenderMsg::NoPdftoppm))?;
    let work = tempfile::tempdir().map_err(|source| Error::Write {
        path: std::env::temp_dir(),
        source,
    })?;
    let mut command = Command::new(pdftoppm);
    command
        .args(["-png", "-r", &dpi.to_string()])
        .arg(pdf)
        .arg(work.path().join("page"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    run_with_timeout(command, timeout, "pdftoppm")?;
    // pdftoppm pads page numbers to the width of the last one (page-01.png).
    let mut pages: Vec<(u32, PathBuf)> = std::fs::read_dir(work.path())
        .map_err(|source| Error::Read {
            path: work.path().to_path_buf(),
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
    let mut out = Vec::with_capacity(pages.len());
    for (n, made) in pages {
        let target = pdf.with_file_name(format!("{stem}-{n}.png"));
        let bytes = std::fs::read(&made).map_err(|source| Error::Read { path: made, source })?;
        write_atomic(&target, &bytes)?;
        out.push(target);
    }
    // Images of pages an earlier, longer version had.
    let mut n = out.len() + 1;
    loop {
        let old = pdf.with_file_name(format!("{stem}-{n}.png"));
        if std::fs::remove_file(&old).is_err() {
            break;
        }
        n += 1;
    }
    Ok(out)
}

/// Runs a command, killing it when it outlives `timeout`.
fn run_with_timeout(mut command: Command, timeout: Duration, name: &str) -> Result<()> {
    let fail = |message: RenderMsg| Error::at(Location::file(name), message);
    let mut child = command.spawn().map_err(|e| {
        fail(RenderMsg::CannotStart {
            detail: e.to_string(),
        })
    })?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                let mut stderr = String::new();
                if let Some(mut pipe) = child.stderr.take() {
                    use std::io::Read;
                    let _ = pipe.read_to_string(&mut stderr);
                }
                let detail = stderr.lines().last().unwrap_or("").trim().to_string();
                return Err(fail(RenderMsg::Failed {
                    status: status.to_string(),
                    detail,
                }));
            }
            Ok(None) if started.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
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

    #[test]
    fn a_command_that_outlives_its_timeout_is_stopped() {
        let mut command = Command::new("sleep");
        command.arg("10");
        let err =
            run_with_timeout(command, Duration::from_millis(200), "sleep").expect_err("timeout");
        assert!(err.to_string().contains("did not finish"), "{err}");
    }

    #[test]
    fn a_failing_command_is_an_error_naming_it() {
        let command = Command::new("false");
        let err = run_with_timeout(command, Duration::from_secs(5), "false").expect_err("fails");
        assert!(err.to_string().starts_with("false: failed"), "{err}");
    }
}
