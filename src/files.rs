//! Opening the user's files for reading: only regular files, never more
//! than a limit, and never waiting on one.
//!
//! Every input — the job file, the body template, the spreadsheet, a
//! split folder's index — is read through [`read_limited`]. A FIFO, a
//! device (`/dev/zero`), a socket or a folder given where a file is wanted
//! is refused with one line naming it and saying what it is: opening a
//! FIFO for reading would wait for a writer for ever, and a device can be
//! read without end. On Unix the file is opened without blocking and its
//! kind is checked on the open file itself, so a file swapped between a
//! look and the open cannot slip through.
//!
//! [`FileId`] tells whether two paths name the same file (device and
//! inode, or the same canonical path), which is how an output that would
//! replace an input is refused (see [`crate::package::Inputs`]).

use crate::error::{Error, Location, Result};
use crate::messages::CommonMsg;
use std::fs::{File, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest job file or body template read (1 MiB; a real one is a few
/// kilobytes).
pub const MAX_TEXT_FILE_BYTES: u64 = 1 << 20;

/// The largest `index.csv` of a split folder read (16 MiB: some 100,000
/// lines).
pub const MAX_INDEX_BYTES: u64 = 16 << 20;

/// What a path names, for messages: a regular file, a folder, a FIFO …
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A regular file.
    File,
    /// A folder.
    Folder,
    /// A symbolic link (only seen when links are not followed).
    Symlink,
    /// A named pipe.
    Fifo,
    /// A character or block device (`/dev/zero`, a disk).
    Device,
    /// A Unix socket.
    Socket,
    /// Anything else.
    Other,
}

impl Kind {
    /// The kind of a file from its metadata.
    pub fn of(meta: &Metadata) -> Kind {
        let t = meta.file_type();
        if t.is_file() {
            return Kind::File;
        }
        if t.is_dir() {
            return Kind::Folder;
        }
        if t.is_symlink() {
            return Kind::Symlink;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_fifo() {
                return Kind::Fifo;
            }
            if t.is_char_device() || t.is_block_device() {
                return Kind::Device;
            }
            if t.is_socket() {
                return Kind::Socket;
            }
        }
        Kind::Other
    }

    /// The kind in words, in the language in use (`a FIFO`, `一个命名管道`).
    pub fn describe(self) -> String {
        match self {
            Kind::File => CommonMsg::KindFile,
            Kind::Folder => CommonMsg::KindFolder,
            Kind::Symlink => CommonMsg::KindSymlink,
            Kind::Fifo => CommonMsg::KindFifo,
            Kind::Device => CommonMsg::KindDevice,
            Kind::Socket => CommonMsg::KindSocket,
            Kind::Other => CommonMsg::KindOther,
        }
        .to_string()
    }
}

/// Opens `path` for reading when it is a regular file (a symbolic link to
/// one is followed), without ever waiting: anything else is an error
/// naming it and what it is.
pub fn open_regular(path: &Path) -> Result<File> {
    let read_error = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    // A look first: a folder or a device is named as such without opening it.
    let meta = std::fs::metadata(path).map_err(read_error)?;
    refuse_unless_file(path, &meta)?;
    let file = open_nonblocking(path).map_err(read_error)?;
    // And on the open file, in case the path changed in between.
    let meta = file.metadata().map_err(read_error)?;
    refuse_unless_file(path, &meta)?;
    Ok(file)
}

fn refuse_unless_file(path: &Path, meta: &Metadata) -> Result<()> {
    match Kind::of(meta) {
        Kind::File => Ok(()),
        kind => Err(Error::at(
            Location::file(path),
            CommonMsg::NotARegularFile {
                kind: kind.describe(),
            },
        )),
    }
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: opening a FIFO does not wait for a writer (and reading a
    // regular file is not affected); O_NOCTTY: a terminal never becomes ours.
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// Reads a regular file of at most `max` bytes. A larger file is refused
/// without being read further: `too_large(its size in bytes)` says how.
pub fn read_limited<M: std::fmt::Display>(
    path: &Path,
    max: u64,
    too_large: impl Fn(u64) -> M,
) -> Result<Vec<u8>> {
    let file = open_regular(path)?;
    let declared = file.metadata().map(|m| m.len()).unwrap_or(0);
    let refuse = |size: u64| Error::at(Location::file(path), too_large(size));
    if declared > max {
        return Err(refuse(declared));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
    // The file may grow while it is read: never more than `max` + 1 bytes.
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > max {
        return Err(refuse(bytes.len() as u64));
    }
    Ok(bytes)
}

/// [`read_limited`] with the usual message: the file is larger than `max`.
pub fn read_input(path: &Path, max: u64) -> Result<Vec<u8>> {
    read_limited(path, max, |size| CommonMsg::InputTooLarge {
        size: human_size(size),
        max: human_size(max),
    })
}

/// A size as people read it: `812 bytes`, `64 KiB`, `1.5 MiB`.
pub fn human_size(bytes: u64) -> String {
    const KIB: u64 = 1 << 10;
    const MIB: u64 = 1 << 20;
    const GIB: u64 = 1 << 30;
    let scaled = |unit: u64, name: &str| {
        let whole = bytes / unit;
        let tenth = (bytes % unit) * 10 / unit;
        if tenth == 0 || whole >= 100 {
            format!("{whole} {name}")
        } else {
            format!("{whole}.{tenth} {name}")
        }
    };
    match bytes {
        b if b >= GIB => scaled(GIB, "GiB"),
        b if b >= MIB => scaled(MIB, "MiB"),
        b if b >= KIB => scaled(KIB, "KiB"),
        b => format!("{b} bytes"),
    }
}

/// What identifies a file: its device and inode (Unix), and its canonical
/// path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileId {
    #[cfg(unix)]
    dev_ino: (u64, u64),
    canonical: Option<PathBuf>,
}

impl FileId {
    /// The identity of the file `path` names now (links followed), or
    /// `None` when there is none.
    pub fn of(path: &Path) -> Option<FileId> {
        let meta = std::fs::metadata(path).ok()?;
        Some(FileId {
            #[cfg(unix)]
            dev_ino: {
                use std::os::unix::fs::MetadataExt;
                (meta.dev(), meta.ino())
            },
            canonical: std::fs::canonicalize(path).ok(),
        })
    }

    /// Whether both name the same file: the same device and inode (a hard
    /// link, another spelling of the path), or the same canonical path.
    pub fn same(&self, other: &FileId) -> bool {
        #[cfg(unix)]
        if self.dev_ino == other.dev_ino {
            return true;
        }
        self.canonical.is_some() && self.canonical == other.canonical
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_read_and_a_larger_one_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.toml");
        std::fs::write(&path, b"12345").expect("write");
        assert_eq!(read_input(&path, 5).expect("read"), b"12345");
        let err = read_input(&path, 4).expect_err("too large");
        assert!(err.to_string().starts_with(&path.display().to_string()));
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(812), "812 bytes");
        assert_eq!(human_size(64 << 10), "64 KiB");
        assert_eq!(human_size(3 << 19), "1.5 MiB");
        assert_eq!(human_size(100 << 20), "100 MiB");
    }

    #[test]
    fn a_folder_is_named_as_such() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = read_input(dir.path(), 10).expect_err("folder");
        assert!(err.to_string().contains("folder"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_and_a_device_are_refused_without_waiting() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("pipe");
        let c = std::ffi::CString::new(fifo.to_str().expect("utf8")).expect("cstring");
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let started = std::time::Instant::now();
        let err = read_input(&fifo, 10).expect_err("fifo");
        assert!(err.to_string().contains("FIFO"), "{err}");
        let err = read_input(Path::new("/dev/zero"), 10).expect_err("device");
        assert!(err.to_string().contains("device"), "{err}");
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn two_spellings_of_a_path_are_the_same_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a.xlsx");
        std::fs::write(&a, b"x").expect("write");
        let other = dir.path().join(".").join("a.xlsx");
        let ida = FileId::of(&a).expect("id");
        assert!(ida.same(&FileId::of(&other).expect("id")));
        #[cfg(unix)]
        {
            let link = dir.path().join("hard.xlsx");
            std::fs::hard_link(&a, &link).expect("link");
            assert!(ida.same(&FileId::of(&link).expect("id")));
        }
        let b = dir.path().join("b.xlsx");
        std::fs::write(&b, b"x").expect("write");
        assert!(!ida.same(&FileId::of(&b).expect("id")));
        assert!(FileId::of(&dir.path().join("none")).is_none());
    }
}
