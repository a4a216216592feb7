//! Writing output files: atomically, never over an input of the run, never
//! over anything but a regular file, and never leaving a temporary file
//! behind for good.
//!
//! [`write_atomic`], [`write_new`] and [`Staged`] are the only ways an
//! output is written. The bytes of a .docx come from
//! [`crate::docx::to_bytes`].
//!
//! - A file is written beside its final place under a recognisable name
//!   (`.gongwen-<pid>-<n>.<name>.tmp`), flushed to disk, then renamed over
//!   the output: a failed or killed run never leaves a half-written output.
//!   A temporary file that a killed run left behind is removed by the next
//!   run that writes into that folder ([`sweep_stale`]): its process is
//!   gone, or it is a day old.
//! - An output that exists must be a regular file: a folder, FIFO, device
//!   or socket is refused, and so is a symbolic link (gongwen does not
//!   write through links; name the file itself).
//! - [`Inputs`] holds the files a run reads; an output that is one of them
//!   (the same device and inode, or the same canonical path) is refused
//!   before anything is written.
//!
//! Errors name the output, never the temporary file that stands for it.

use crate::error::{Error, Result};
use crate::files::{FileId, Kind};
use crate::messages::CommonMsg;
use std::collections::HashSet;
use std::fs::{File, Permissions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// What [`write_atomic`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    /// There was no file.
    Created,
    /// The file had other bytes and was replaced.
    Updated,
    /// The file already had these bytes and was not touched.
    Unchanged,
}

/// The prefix of every temporary file gongwen writes.
pub const TEMP_PREFIX: &str = ".gongwen-";
/// The suffix of every temporary file gongwen writes.
pub const TEMP_SUFFIX: &str = ".tmp";
/// A temporary file older than this is stale even if a process with its
/// number is running (the number was reused).
pub const STALE_AFTER: Duration = Duration::from_secs(24 * 60 * 60);
/// The most bytes of the output's name kept in its temporary file's name.
const TEMP_NAME_BYTES: usize = 100;

/// The files a run reads. No output may be one of them.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    files: Vec<(PathBuf, FileId)>,
}

impl Inputs {
    /// No inputs.
    pub fn new() -> Inputs {
        Inputs::default()
    }

    /// The inputs of a job: the job file, its body template and the
    /// spreadsheet of every attachment.
    pub fn of_job(job: &crate::job::Job) -> Inputs {
        let mut inputs = Inputs::new();
        inputs.add(&job.path);
        if let Some(body) = &job.body.path {
            inputs.add(body);
        }
        inputs.add(&job.attachment.data);
        for more in &job.more_attachments {
            inputs.add(&more.data);
        }
        if let Some(template) = &job.template {
            inputs.add(template);
        }
        inputs
    }

    /// Adds a file read by the run (one that does not exist is no input).
    pub fn add(&mut self, path: &Path) {
        if let Some(id) = FileId::of(path) {
            if !self.files.iter().any(|(_, known)| known.same(&id)) {
                self.files.push((path.to_path_buf(), id));
            }
        }
    }

    /// The input `output` names, if it names one.
    pub fn find(&self, output: &Path) -> Option<&Path> {
        let id = FileId::of(output)?;
        self.files
            .iter()
            .find(|(_, known)| known.same(&id))
            .map(|(path, _)| path.as_path())
    }

    /// Refuses an output that is an input of the run.
    pub fn check(&self, output: &Path) -> Result<()> {
        match self.find(output) {
            None => Ok(()),
            Some(input) => Err(Error::at(
                crate::error::Location::file(output),
                CommonMsg::OutputIsInput {
                    input: input.display().to_string(),
                },
            )),
        }
    }
}

/// Refuses an output path that exists and is not a regular file, or is a
/// symbolic link. Returns the metadata of the file that is there.
pub fn check_output_kind(path: &Path) -> Result<Option<std::fs::Metadata>> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(Error::Write {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    let at = || crate::error::Location::file(path);
    match Kind::of(&meta) {
        Kind::File => Ok(Some(meta)),
        Kind::Symlink => {
            let target = std::fs::read_link(path)
                .map(|t| t.display().to_string())
                .unwrap_or_default();
            Err(Error::at(at(), CommonMsg::OutputIsSymlink { target }))
        }
        kind => Err(Error::at(
            at(),
            CommonMsg::OutputNotAFile {
                kind: kind.describe(),
            },
        )),
    }
}

/// The name a job's outputs take: the job file's stem (`2026-Q3.toml` →
/// `2026-Q3`), or, for a file named `notice.toml`, the name of its folder
/// (`2026-Q3/notice.toml` → `2026-Q3`), so that two jobs never share an
/// output. Made safe as a file name; `notice` when nothing is left.
pub fn output_stem(job: &Path) -> String {
    let is_default_name = job
        .file_name()
        .is_some_and(|n| n == std::ffi::OsStr::new(crate::job::JOB_FILE));
    let name = if is_default_name {
        let dir = parent_dir(job);
        let named = dir
            .file_name()
            .filter(|_| !matches!(dir.to_str(), Some("." | "..")))
            .map(|n| n.to_os_string());
        named.or_else(|| {
            std::fs::canonicalize(dir)
                .ok()
                .and_then(|d| d.file_name().map(|n| n.to_os_string()))
        })
    } else {
        job.file_stem().map(|s| s.to_os_string())
    };
    let stem = name
        .map(|n| crate::split::safe_stem(&n.to_string_lossy()))
        .unwrap_or_default();
    if stem.is_empty() || stem == crate::split::FALLBACK_STEM {
        "notice".to_string()
    } else {
        stem
    }
}

/// `out/<job name>.docx` under the current folder (see [`output_stem`]).
pub fn default_output(job: &Path) -> PathBuf {
    Path::new("out").join(format!("{}.docx", output_stem(job)))
}

/// `out/<job name>/` under the current folder (see [`output_stem`]).
pub fn default_out_dir(job: &Path) -> PathBuf {
    Path::new("out").join(output_stem(job))
}

/// [`check_output_kind`] and [`Inputs::check`]: what every output of a
/// run goes through before anything is written.
pub fn check_output(path: &Path, inputs: &Inputs) -> Result<()> {
    check_output_kind(path)?;
    inputs.check(path)
}

/// Writes `bytes` to `path` through a temporary file in the same folder and
/// a rename, so a failed run never leaves a half-written or clobbered file.
/// A file that already holds the same bytes is left alone. An output that
/// is not a regular file, or is a symbolic link, is refused.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<WriteOutcome> {
    let werr = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let existing = check_output_kind(path)?;
    if let Some(meta) = &existing {
        if meta.len() == bytes.len() as u64 && same_bytes(path, bytes).map_err(werr)? {
            return Ok(WriteOutcome::Unchanged);
        }
    }
    std::fs::create_dir_all(parent_dir(path)).map_err(werr)?;
    let existed = existing.is_some();
    // The output keeps the permissions of the file it replaces.
    let kept = existing.map(|old| old.permissions());
    let mut staged = Staged::create(path)?;
    staged.write_all(bytes)?;
    staged.finish(kept)?;
    staged.commit()?;
    Ok(if existed {
        WriteOutcome::Updated
    } else {
        WriteOutcome::Created
    })
}

/// Whether the regular file at `path` holds exactly `bytes`, read in
/// pieces (an output is never read whole into memory to compare it).
pub fn same_bytes(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    let mut file = open_for_compare(path)?;
    let mut buf = vec![0u8; 64 << 10];
    let mut at = 0usize;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(at == bytes.len());
        }
        if at + n > bytes.len() || buf[..n] != bytes[at..at + n] {
            return Ok(false);
        }
        at += n;
    }
}

fn open_for_compare(path: &Path) -> std::io::Result<File> {
    crate::files::open_regular(path).map_err(|e| match e {
        Error::Read { source, .. } => source,
        other => std::io::Error::other(other.to_string()),
    })
}

/// What [`write_new`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewFileOutcome {
    /// The file was written.
    Written,
    /// A file was there; it was left alone.
    Skipped,
}

/// Writes `bytes` to `path` unless something is there already, through a
/// temporary file that is moved in place without replacing anything.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<NewFileOutcome> {
    if std::fs::symlink_metadata(path).is_ok() {
        return Ok(NewFileOutcome::Skipped);
    }
    let mut staged = Staged::create(path)?;
    staged.write_all(bytes)?;
    staged.finish(None)?;
    staged.commit_new()
}

/// The folder a file is written in (`.` for a bare file name).
pub fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// The temporary files being written now, removed by
/// [`remove_temporaries`] when the run is interrupted.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn live(add: Option<&Path>, remove: Option<&Path>) {
    if let Ok(mut live) = LIVE.lock() {
        if let Some(path) = remove {
            live.retain(|p| p != path);
        }
        if let Some(path) = add {
            live.push(path.to_path_buf());
        }
    }
}

/// How many parts of the run are moving files into place now.
static CRITICAL: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// While the value lives, files are being moved into place: an interrupted
/// run waits for it ([`wait_for_critical`]) before it ends.
pub fn critical() -> Critical {
    CRITICAL.fetch_add(1, Ordering::SeqCst);
    Critical(())
}

/// See [`critical`].
#[derive(Debug)]
pub struct Critical(());

impl Drop for Critical {
    fn drop(&mut self) {
        CRITICAL.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Waits, at most `max`, until no files are being moved into place.
pub fn wait_for_critical(max: Duration) {
    let started = std::time::Instant::now();
    while CRITICAL.load(Ordering::SeqCst) > 0 && started.elapsed() < max {
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Removes every temporary file this process is writing: for Ctrl-C, so
/// that an interrupted run leaves nothing behind (a killed one's files
/// are removed by the next run, see [`sweep_stale`]).
pub fn remove_temporaries() {
    let paths: Vec<PathBuf> = LIVE.lock().map(|l| l.clone()).unwrap_or_default();
    for path in paths {
        let _ = std::fs::remove_file(path);
    }
}

/// An output being written: a temporary file beside `target`, renamed over
/// it by [`Staged::commit`]. Dropped before that, it removes its file.
#[derive(Debug)]
pub struct Staged {
    target: PathBuf,
    tmp: PathBuf,
    file: Option<File>,
    done: bool,
}

impl Staged {
    /// A new, empty temporary file in `target`'s folder (which must exist),
    /// private to its owner until [`Staged::finish`]. Stale temporary files
    /// of killed runs in that folder are removed first.
    pub fn create(target: &Path) -> Result<Staged> {
        let dir = parent_dir(target);
        sweep_once(dir);
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut short = String::new();
        for c in name.chars() {
            if short.len() + c.len_utf8() > TEMP_NAME_BYTES {
                break;
            }
            short.push(c);
        }
        loop {
            let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
            let tmp = dir.join(format!(
                "{TEMP_PREFIX}{}-{n}.{short}{TEMP_SUFFIX}",
                std::process::id()
            ));
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            match options.open(&tmp) {
                Ok(file) => {
                    live(Some(&tmp), None);
                    return Ok(Staged {
                        target: target.to_path_buf(),
                        tmp,
                        file: Some(file),
                        done: false,
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(source) => {
                    return Err(Error::Write {
                        path: target.to_path_buf(),
                        source,
                    })
                }
            }
        }
    }

    /// The output this file stands for.
    pub fn target(&self) -> &Path {
        &self.target
    }

    fn werr(&self, source: std::io::Error) -> Error {
        Error::Write {
            path: self.target.clone(),
            source,
        }
    }

    /// Appends bytes.
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<()> {
        let result = match self.file.as_mut() {
            Some(file) => file.write_all(bytes),
            None => Err(std::io::Error::other("closed")),
        };
        result.map_err(|e| self.werr(e))
    }

    /// Flushes the file to disk and gives it `permissions` (else those of
    /// an ordinary new file, 0644 on Unix).
    pub fn finish(&mut self, permissions: Option<Permissions>) -> Result<()> {
        let Some(file) = self.file.take() else {
            return Ok(());
        };
        let result = (|| {
            file.sync_all()?;
            match permissions {
                Some(kept) => file.set_permissions(kept),
                #[cfg(unix)]
                None => {
                    use std::os::unix::fs::PermissionsExt;
                    file.set_permissions(Permissions::from_mode(0o644))
                }
                #[cfg(not(unix))]
                None => Ok(()),
            }
        })();
        result.map_err(|e| self.werr(e))
    }

    /// Moves the file over its target.
    pub fn commit(mut self) -> Result<()> {
        self.finish(None)?;
        match std::fs::rename(&self.tmp, &self.target) {
            Ok(()) => {
                self.done = true;
                live(None, Some(&self.tmp));
                Ok(())
            }
            Err(e) => Err(self.werr(e)),
        }
    }

    /// Moves the file to its target only if nothing is there.
    fn commit_new(mut self) -> Result<NewFileOutcome> {
        match std::fs::hard_link(&self.tmp, &self.target) {
            Ok(()) => {
                let _ = std::fs::remove_file(&self.tmp);
                self.done = true;
                live(None, Some(&self.tmp));
                Ok(NewFileOutcome::Written)
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(NewFileOutcome::Skipped),
            // A file system without hard links: look, then rename.
            Err(_) if std::fs::symlink_metadata(&self.target).is_err() => {
                self.commit().map(|()| NewFileOutcome::Written)
            }
            Err(_) => Ok(NewFileOutcome::Skipped),
        }
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.done {
            self.file.take();
            let _ = std::fs::remove_file(&self.tmp);
            live(None, Some(&self.tmp));
        }
    }
}

/// The process number in a temporary file name gongwen wrote
/// (`.gongwen-<pid>-<n>.<name>.tmp`); `Some(None)` for a temporary file of
/// an earlier version (`.gongwen-XXXXXX.tmp`), `None` for any other name.
pub fn temp_file_owner(name: &str) -> Option<Option<u32>> {
    let rest = name.strip_prefix(TEMP_PREFIX)?;
    rest.strip_suffix(TEMP_SUFFIX)?;
    let pid = rest
        .split_once('-')
        .and_then(|(pid, tail)| tail.contains('.').then_some(pid))
        .and_then(|pid| pid.parse().ok());
    Some(pid)
}

/// Whether a process with this number is running.
fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: signal 0 only checks that the process exists.
        if unsafe { libc::kill(pid, 0) } == 0 {
            return true;
        }
        std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Removes the temporary files in `dir` that a killed run left: those of
/// a process that is no longer running, those of an earlier version older
/// than an hour, and any older than [`STALE_AFTER`]. Returns how many.
pub fn sweep_stale(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(owner) = temp_file_owner(&name.to_string_lossy()) else {
            continue;
        };
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        let age = meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .unwrap_or_default();
        let stale = match owner {
            Some(pid) if pid == std::process::id() => false,
            Some(pid) => !process_alive(pid) || age > STALE_AFTER,
            None => age > Duration::from_secs(60 * 60),
        };
        if stale && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// [`sweep_stale`] once per folder and process.
fn sweep_once(dir: &Path) {
    static SWEPT: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    let key = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let first = match SWEPT.lock() {
        Ok(mut swept) => swept.get_or_insert_with(HashSet::new).insert(key),
        Err(_) => false,
    };
    if first {
        sweep_stale(dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_identical_file_is_not_rewritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out/a.docx");
        assert_eq!(
            write_atomic(&path, b"one").expect("write"),
            WriteOutcome::Created
        );
        assert_eq!(
            write_atomic(&path, b"one").expect("write"),
            WriteOutcome::Unchanged
        );
        assert_eq!(
            write_atomic(&path, b"two").expect("write"),
            WriteOutcome::Updated
        );
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        let leftovers = std::fs::read_dir(path.parent().expect("dir"))
            .expect("ls")
            .count();
        assert_eq!(leftovers, 1);
    }

    #[test]
    fn outputs_are_named_after_the_job() {
        assert_eq!(output_stem(Path::new("jobs/2026-Q3.toml")), "2026-Q3");
        assert_eq!(output_stem(Path::new("2026-Q3/notice.toml")), "2026-Q3");
        assert_eq!(
            default_output(Path::new("a/b/2026-Q3/notice.toml")),
            Path::new("out/2026-Q3.docx")
        );
        assert_eq!(
            default_out_dir(Path::new("fixtures/zhuzhou-2016-h1")),
            Path::new("out/zhuzhou-2016-h1")
        );
        let dir = tempfile::tempdir().expect("tempdir");
        let job = dir.path().join("第三季度").join("notice.toml");
        assert_eq!(output_stem(&job), "第三季度");
        // `./notice.toml`: the current folder's name.
        let here = std::env::current_dir().expect("cwd");
        let name = here
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        assert_eq!(
            output_stem(Path::new("notice.toml")),
            crate::split::safe_stem(&name)
        );
        assert_eq!(
            output_stem(Path::new("./notice.toml")),
            crate::split::safe_stem(&name)
        );
        assert_eq!(output_stem(Path::new("a/.toml")), "toml");
    }

    #[test]
    fn temporary_names_say_whose_they_are() {
        assert_eq!(
            temp_file_owner(".gongwen-1234-0.notice.docx.tmp"),
            Some(Some(1234))
        );
        assert_eq!(temp_file_owner(".gongwen-a1B2c3.tmp"), Some(None));
        assert_eq!(temp_file_owner("notice.docx"), None);
        assert_eq!(temp_file_owner(".gongwen.lock"), None);
    }

    #[test]
    fn a_dead_process_leaves_a_stale_file_that_is_swept() {
        let dir = tempfile::tempdir().expect("tempdir");
        // No process has a number this high (Linux stops at 2^22).
        let dead = dir.path().join(".gongwen-4294967-0.notice.docx.tmp");
        let ours = dir.path().join(format!(
            ".gongwen-{}-99.notice.docx.tmp",
            std::process::id()
        ));
        let foreign = dir.path().join(".notice.docx.tmp");
        for path in [&dead, &ours, &foreign] {
            std::fs::write(path, b"x").expect("write");
        }
        assert_eq!(sweep_stale(dir.path()), 1);
        assert!(!dead.exists() && ours.exists() && foreign.exists());
    }

    #[test]
    fn an_input_is_never_an_output() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("progress.xlsx");
        std::fs::write(&data, b"sheet").expect("write");
        let mut inputs = Inputs::new();
        inputs.add(&data);
        let other_spelling = dir.path().join(".").join("progress.xlsx");
        let err = check_output(&other_spelling, &inputs).expect_err("input");
        assert!(err.to_string().contains("progress.xlsx"), "{err}");
        assert!(check_output(&dir.path().join("out.docx"), &inputs).is_ok());
        assert_eq!(std::fs::read(&data).expect("read"), b"sheet");
    }

    #[cfg(unix)]
    #[test]
    fn links_folders_and_devices_are_not_written_over() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("mine.docx");
        std::fs::write(&target, b"mine").expect("write");
        let link = dir.path().join("link.docx");
        std::os::unix::fs::symlink(&target, &link).expect("symlink");
        let err = write_atomic(&link, b"new").expect_err("symlink");
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(std::fs::read(&target).expect("read"), b"mine");
        assert!(write_atomic(dir.path(), b"new").is_err());
        let err = write_atomic(Path::new("/dev/null"), b"new").expect_err("device");
        assert!(err.to_string().contains("device"), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 2);
    }

    #[test]
    fn a_staged_file_that_is_dropped_leaves_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("a.docx");
        let mut staged = Staged::create(&target).expect("stage");
        staged.write_all(b"half").expect("write");
        drop(staged);
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 0);
    }
}
