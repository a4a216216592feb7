//! Writing output files: atomically, and never over something that is
//! already there unless asked to replace it.
//!
//! [`write_atomic`] and [`write_new`] are the only functions that touch an
//! output path. The bytes of a .docx come from [`crate::docx::to_bytes`].

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

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

/// Writes `bytes` to `path` through a temporary file in the same folder and
/// a rename, so a failed run never leaves a half-written or clobbered file.
/// A file that already holds the same bytes is left alone.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<WriteOutcome> {
    let werr = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let existed = match std::fs::read(path) {
        Ok(old) if old == bytes => return Ok(WriteOutcome::Unchanged),
        Ok(_) => true,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(werr(e)),
    };
    let dir = parent_dir(path);
    std::fs::create_dir_all(dir).map_err(werr)?;
    // The output keeps the permissions of the file it replaces.
    let kept = std::fs::metadata(path).ok().map(|old| old.permissions());
    let tmp = stage(dir, bytes, kept).map_err(werr)?;
    tmp.persist(path).map_err(|e| werr(e.error))?;
    Ok(if existed {
        WriteOutcome::Updated
    } else {
        WriteOutcome::Created
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
    let werr = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let tmp = stage(parent_dir(path), bytes, None).map_err(werr)?;
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok(NewFileOutcome::Written),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
            Ok(NewFileOutcome::Skipped)
        }
        Err(e) => Err(werr(e.error)),
    }
}

/// The folder a file is written in (`.` for a bare file name).
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// `bytes` in a new temporary file in `dir`, on disk, ready to be moved into
/// place. A temporary file is private (0600); it gets `permissions`, or
/// else those of an ordinary new file.
fn stage(
    dir: &Path,
    bytes: &[u8],
    permissions: Option<std::fs::Permissions>,
) -> std::io::Result<tempfile::NamedTempFile> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".gongwen-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    match permissions {
        Some(kept) => tmp.as_file().set_permissions(kept)?,
        #[cfg(unix)]
        None => {
            use std::os::unix::fs::PermissionsExt;
            let ordinary = std::fs::Permissions::from_mode(0o644);
            tmp.as_file().set_permissions(ordinary)?;
        }
        #[cfg(not(unix))]
        None => {}
    }
    Ok(tmp)
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
}
