//! Watching the inputs of a job for `--watch`: which files, which events
//! count, when a burst of events is over, and when a file is saved.
//!
//! The folders of the watched files are watched, not the files: editors,
//! Excel and WPS save by writing another file and renaming it over the old
//! one, which a watch on the file itself would lose. Events are kept only
//! when they name one of the files; the lock and temporary files that
//! office programs write beside a document ([`is_scratch_file`]) never
//! count. A change is reported once events have been quiet for
//! [`QUIET`] and every changed file has kept its size and time for
//! [`SETTLE`] and, for a workbook, ends as a whole zip package
//! ([`Snapshot`]).

use crate::error::{Error, Location, Result};
use crate::messages::WatchMsg;
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime};

/// How long events must be quiet before a change is reported.
pub const QUIET: Duration = Duration::from_millis(400);
/// The interval over which a changed file must keep its size and time.
pub const SETTLE: Duration = Duration::from_millis(200);
/// How long to wait for a file that is still being saved before running
/// anyway (the run then reports what is wrong with it).
pub const MAX_WAIT: Duration = Duration::from_secs(10);
/// How often the stop flag is looked at.
const TICK: Duration = Duration::from_millis(100);

/// Whether a file name is one of the lock or temporary files that office
/// programs and editors write beside a document: `~$progress.xlsx` (Excel,
/// WPS), `.~lock.progress.xlsx#` (LibreOffice), `*.tmp` and `~*.tmp`
/// (Excel's save), `.#notice.toml` (Emacs), `*~`, `*.swp` (vim).
pub fn is_scratch_file(name: &OsStr) -> bool {
    let name = name.to_string_lossy();
    let lower = name.to_lowercase();
    name.starts_with("~$")
        || (name.starts_with(".~lock.") && name.ends_with('#'))
        || name.starts_with(".#")
        || lower.ends_with(".tmp")
        || name.ends_with('~')
        || lower.ends_with(".swp")
        || lower.ends_with(".swx")
}

/// The files watched and the folders that hold them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Targets {
    /// Each file as given, and as found in its folder's events
    /// (the folder made absolute and canonical, then the file name).
    files: Vec<(PathBuf, PathBuf)>,
}

impl Targets {
    /// The targets for these files (missing folders are kept as given).
    pub fn new(files: &[PathBuf]) -> Targets {
        let mut out: Vec<(PathBuf, PathBuf)> = Vec::new();
        for file in files {
            let Some(name) = file.file_name() else {
                continue;
            };
            let dir = match file.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => PathBuf::from("."),
            };
            let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
            let key = dir.join(name);
            if !out.iter().any(|(_, k)| *k == key) {
                out.push((file.clone(), key));
            }
        }
        Targets { files: out }
    }

    /// The folders to watch, each once.
    pub fn dirs(&self) -> BTreeSet<PathBuf> {
        self.files
            .iter()
            .filter_map(|(_, key)| key.parent().map(Path::to_path_buf))
            .collect()
    }

    /// The watched file an event path names, as the user gave it.
    pub fn matching(&self, path: &Path) -> Option<&Path> {
        if path.file_name().is_none_or(is_scratch_file) {
            return None;
        }
        self.files
            .iter()
            .find(|(_, key)| key == path)
            .map(|(given, _)| given.as_path())
    }

    /// The files as given.
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().map(|(given, _)| given.as_path())
    }
}

/// Whether an event may mean a file's content changed.
pub fn is_change(kind: &EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode};
    match kind {
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// Collects changed files and says when events have been quiet long enough.
#[derive(Debug, Default)]
pub struct Debouncer {
    pending: Vec<PathBuf>,
    last: Option<Instant>,
}

impl Debouncer {
    /// Records a change of `file` at `now`.
    pub fn touch(&mut self, file: &Path, now: Instant) {
        if !self.pending.iter().any(|p| p == file) {
            self.pending.push(file.to_path_buf());
        }
        self.last = Some(now);
    }

    /// Starts the quiet interval again (a file is still being saved).
    pub fn extend(&mut self, now: Instant) {
        if self.last.is_some() {
            self.last = Some(now);
        }
    }

    /// The changed files, once nothing happened for `quiet` before `now`.
    pub fn ready(&self, now: Instant, quiet: Duration) -> Option<&[PathBuf]> {
        let last = self.last?;
        (now.duration_since(last) >= quiet).then_some(self.pending.as_slice())
    }

    /// Forgets the changes reported.
    pub fn clear(&mut self) {
        self.pending.clear();
        self.last = None;
    }
}

/// A file's size and modification time, or `None` when it cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snapshot(Option<(u64, SystemTime)>);

impl Snapshot {
    /// Looks at `path`: its size and time, if it exists, opens for reading
    /// and, for a workbook that is a zip package, ends as one.
    pub fn take(path: &Path) -> Snapshot {
        let seen = std::fs::metadata(path)
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| Some((m.len(), m.modified().ok()?)))
            .filter(|_| zip_is_complete(path).unwrap_or(false));
        Snapshot(seen)
    }

    /// Whether a file that looked like `self`, then like `later`, is saved:
    /// readable both times, with the same size and time.
    pub fn settled(self, later: Snapshot) -> bool {
        self.0.is_some() && self == later
    }
}

/// Whether a file opens and, when it is a zip package (.xlsx, .xlsm,
/// .xlsb, .ods: it starts with `PK`), its end-of-central-directory record
/// is there: a workbook still being written in place lacks it.
fn zip_is_complete(path: &Path) -> std::io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file =
        crate::files::open_regular(path).map_err(|e| std::io::Error::other(e.to_string()))?;
    let mut magic = [0u8; 4];
    let zipped = file.read_exact(&mut magic).is_ok() && magic == *b"PK\x03\x04";
    if !zipped {
        return Ok(true);
    }
    // The record is 22 bytes, followed by a comment of at most 64 KiB.
    const TAIL: u64 = 22 + 0xFFFF;
    let len = file.metadata()?.len();
    file.seek(SeekFrom::Start(len.saturating_sub(TAIL)))?;
    let mut tail = Vec::new();
    file.read_to_end(&mut tail)?;
    Ok(tail.windows(4).any(|w| w == b"PK\x05\x06"))
}

/// Watches the folders of a set of files.
pub struct Watch {
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
    targets: Targets,
    watched: BTreeSet<PathBuf>,
    debouncer: Debouncer,
}

impl Watch {
    /// Starts watching the folders of `files`.
    pub fn new(files: &[PathBuf]) -> Result<Watch> {
        let (tx, events) = channel();
        let watcher = notify::recommended_watcher(move |event| {
            // The receiver is gone only when the watch is over.
            let _ = tx.send(event);
        })
        .map_err(|e| cannot_watch(Path::new("."), &e))?;
        let mut watch = Watch {
            watcher,
            events,
            targets: Targets::default(),
            watched: BTreeSet::new(),
            debouncer: Debouncer::default(),
        };
        watch.set_files(files)?;
        Ok(watch)
    }

    /// Watches these files from now on (the job may name others after an
    /// edit).
    pub fn set_files(&mut self, files: &[PathBuf]) -> Result<()> {
        let targets = Targets::new(files);
        let dirs = targets.dirs();
        for gone in self.watched.difference(&dirs) {
            // A folder that was removed is no longer watched anyway.
            let _ = self.watcher.unwatch(gone);
        }
        let mut watched = BTreeSet::new();
        for dir in &dirs {
            if self.watched.contains(dir) {
                watched.insert(dir.clone());
                continue;
            }
            match self.watcher.watch(dir, RecursiveMode::NonRecursive) {
                Ok(()) => {
                    watched.insert(dir.clone());
                }
                // A missing folder (a job that names a spreadsheet not yet
                // there) cannot be watched; the others still are.
                Err(_) if !dir.exists() => {}
                Err(e) => return Err(cannot_watch(dir, &e)),
            }
        }
        self.watched = watched;
        self.targets = targets;
        Ok(())
    }

    /// The files watched, as given.
    pub fn files(&self) -> Vec<PathBuf> {
        self.targets.files().map(Path::to_path_buf).collect()
    }

    /// Waits for the next change and returns the files changed, once they
    /// are saved; `None` when `stop` is set. `waiting` is told of a file
    /// that is still being saved.
    pub fn next_change(
        &mut self,
        stop: &AtomicBool,
        waiting: &mut dyn FnMut(&Path),
    ) -> Option<Vec<PathBuf>> {
        let mut saving_since: Option<Instant> = None;
        loop {
            if stop.load(Ordering::SeqCst) {
                return None;
            }
            match self.events.recv_timeout(TICK) {
                Ok(Ok(event)) => {
                    if is_change(&event.kind) {
                        for path in &event.paths {
                            if let Some(file) = self.targets.matching(path) {
                                let file = file.to_path_buf();
                                self.debouncer.touch(&file, Instant::now());
                            }
                        }
                    }
                    continue;
                }
                // An error of the watcher itself (e.g. too many events): the
                // next event still counts.
                Ok(Err(_)) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
            let Some(changed) = self.debouncer.ready(Instant::now(), QUIET) else {
                continue;
            };
            let changed = changed.to_vec();
            let before: Vec<Snapshot> = changed.iter().map(|f| Snapshot::take(f)).collect();
            std::thread::sleep(SETTLE);
            let unsettled = changed
                .iter()
                .zip(before)
                .find(|(f, b)| !b.settled(Snapshot::take(f)));
            if let Some((file, _)) = unsettled {
                let first = saving_since.is_none();
                let since = *saving_since.get_or_insert_with(Instant::now);
                if since.elapsed() < MAX_WAIT {
                    if first {
                        waiting(file);
                    }
                    self.debouncer.extend(Instant::now());
                    continue;
                }
            }
            self.debouncer.clear();
            return Some(changed);
        }
    }
}

fn cannot_watch(dir: &Path, e: &notify::Error) -> Error {
    Error::at(
        Location::file(dir),
        WatchMsg::CannotWatch {
            dir: dir.display().to_string(),
            cause: e.to_string(),
        },
    )
}

/// The files a job reads, for watching: the job file, its body template,
/// its .docx template and its spreadsheet (`data` replaces the job's). Only the TOML is read,
/// so that a job with another error still names what to watch.
pub fn job_inputs(job: &Path, data: Option<&Path>) -> Vec<PathBuf> {
    let mut files = vec![job.to_path_buf()];
    let dir = job.parent().unwrap_or(Path::new(""));
    let value: Option<toml::Table> =
        crate::files::read_input(job, crate::files::MAX_TEXT_FILE_BYTES)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .and_then(|text| toml::from_str(&text).ok());
    let get = |table: Option<&toml::Table>, key: &str| {
        table
            .and_then(|t| t.get(key))
            .and_then(|v| v.as_str())
            .map(|s| dir.join(s))
    };
    if let Some(body) = get(value.as_ref(), "body") {
        files.push(body);
    }
    // The office's own .docx, when the job fills one.
    if let Some(template) = get(value.as_ref(), "template") {
        files.push(template);
    }
    let attachment = value
        .as_ref()
        .and_then(|t| t.get("attachment"))
        .and_then(|a| a.as_table());
    // `[[attachments]]`: the first's data may be replaced by `--data`, the
    // others' are watched as written.
    let several: Vec<&toml::Table> = value
        .as_ref()
        .and_then(|t| t.get("attachments"))
        .and_then(|a| a.as_array())
        .map(|a| a.iter().filter_map(|t| t.as_table()).collect())
        .unwrap_or_default();
    let first = attachment.or(several.first().copied());
    match data {
        Some(data) => files.push(data.to_path_buf()),
        None => files.extend(get(first, "data")),
    }
    for more in several.iter().skip(1) {
        files.extend(get(Some(more), "data"));
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_and_temporary_files_never_count() {
        for name in [
            "~$progress.xlsx",
            ".~lock.progress.xlsx#",
            "A1B2C3D4.tmp",
            "~WRL0001.tmp",
            ".#notice.toml",
            "notice.toml~",
            ".notice.toml.swp",
            ".gongwen-abc.tmp",
        ] {
            assert!(is_scratch_file(OsStr::new(name)), "{name}");
        }
        for name in ["progress.xlsx", "notice.toml", "body.md.j2", "台账.csv"] {
            assert!(!is_scratch_file(OsStr::new(name)), "{name}");
        }
    }

    #[test]
    fn events_are_matched_by_folder_and_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("progress.xlsx");
        let targets = Targets::new(&[data.clone(), data.clone()]);
        assert_eq!(targets.dirs().len(), 1);
        let canonical = std::fs::canonicalize(dir.path()).expect("canonical");
        assert_eq!(
            targets.matching(&canonical.join("progress.xlsx")),
            Some(data.as_path())
        );
        assert_eq!(targets.matching(&canonical.join("~$progress.xlsx")), None);
        assert_eq!(targets.matching(&canonical.join("other.xlsx")), None);
    }

    #[test]
    fn a_burst_of_events_is_one_change_once_quiet() {
        let start = Instant::now();
        let mut d = Debouncer::default();
        assert!(d.ready(start, QUIET).is_none());
        d.touch(Path::new("a"), start);
        d.touch(Path::new("a"), start + Duration::from_millis(100));
        d.touch(Path::new("b"), start + Duration::from_millis(200));
        assert!(d.ready(start + Duration::from_millis(300), QUIET).is_none());
        let ready = d.ready(start + Duration::from_millis(700), QUIET);
        assert_eq!(ready, Some(&[PathBuf::from("a"), PathBuf::from("b")][..]));
        d.extend(start + Duration::from_millis(700));
        assert!(d.ready(start + Duration::from_millis(800), QUIET).is_none());
        d.clear();
        assert!(d.ready(start + Duration::from_secs(5), QUIET).is_none());
    }

    #[test]
    fn a_file_is_saved_when_it_stays_the_same() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.csv");
        let missing = Snapshot::take(&path);
        assert!(!missing.settled(Snapshot::take(&path)));
        std::fs::write(&path, b"one").expect("write");
        let first = Snapshot::take(&path);
        assert!(first.settled(Snapshot::take(&path)));
        std::fs::write(&path, b"one two").expect("write");
        assert!(!first.settled(Snapshot::take(&path)));
    }

    #[test]
    fn a_workbook_cut_short_is_not_saved_yet() {
        let dir = tempfile::tempdir().expect("tempdir");
        let seed = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/zhuzhou-2016-h1/progress.xlsx");
        let bytes = std::fs::read(seed).expect("seed");
        let path = dir.path().join("progress.xlsx");
        std::fs::write(&path, &bytes[..bytes.len() / 2]).expect("write");
        let half = Snapshot::take(&path);
        assert!(!half.settled(Snapshot::take(&path)));
        std::fs::write(&path, &bytes).expect("write");
        let whole = Snapshot::take(&path);
        assert!(whole.settled(Snapshot::take(&path)));
    }

    #[test]
    fn a_job_names_its_template_and_spreadsheet() {
        let dir = tempfile::tempdir().expect("tempdir");
        let job = dir.path().join("notice.toml");
        std::fs::write(
            &job,
            "body = \"body.md.j2\"\n[attachment]\ndata = \"data/台账.xlsx\"\n",
        )
        .expect("write");
        assert_eq!(
            job_inputs(&job, None),
            [
                job.clone(),
                dir.path().join("body.md.j2"),
                dir.path().join("data/台账.xlsx")
            ]
        );
        let other = Path::new("other.csv");
        assert_eq!(job_inputs(&job, Some(other))[2], other);
        std::fs::write(&job, "not toml [").expect("write");
        assert_eq!(job_inputs(&job, None), std::slice::from_ref(&job));
    }

    #[test]
    fn every_attachment_s_spreadsheet_is_watched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let job = dir.path().join("notice.toml");
        std::fs::write(
            &job,
            "[[attachments]]\ndata = \"a.xlsx\"\n[[attachments]]\ndata = \"b.csv\"\n",
        )
        .expect("write");
        assert_eq!(
            job_inputs(&job, None),
            [
                job.clone(),
                dir.path().join("a.xlsx"),
                dir.path().join("b.csv")
            ]
        );
        let other = Path::new("other.xlsx");
        assert_eq!(
            job_inputs(&job, Some(other)),
            [job.clone(), other.to_path_buf(), dir.path().join("b.csv")]
        );
    }

    #[test]
    fn a_job_that_fills_a_docx_watches_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let job = dir.path().join("notice.toml");
        std::fs::write(
            &job,
            "template = \"红头.docx\"\n[attachment]\ndata = \"台账.xlsx\"\n",
        )
        .expect("write");
        assert_eq!(
            job_inputs(&job, None),
            [
                job.clone(),
                dir.path().join("红头.docx"),
                dir.path().join("台账.xlsx")
            ]
        );
    }

    #[test]
    fn a_change_in_a_watched_folder_is_reported_and_a_lock_file_is_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("progress.xlsx");
        std::fs::write(&data, b"one").expect("write");
        let mut watch = Watch::new(std::slice::from_ref(&data)).expect("watch");
        let stop = AtomicBool::new(false);
        std::fs::write(dir.path().join("~$progress.xlsx"), b"lock").expect("write");
        std::fs::write(&data, b"two").expect("write");
        let changed = watch.next_change(&stop, &mut |_| {}).expect("a change");
        assert_eq!(changed, [data]);
        stop.store(true, Ordering::SeqCst);
        assert!(watch.next_change(&stop, &mut |_| {}).is_none());
    }
}
