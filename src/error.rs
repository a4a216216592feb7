//! The library's error type and the place an error points at.
//!
//! Every error names where the user can fix it: a file, and inside it a
//! sheet and cell (`progress.xlsx!附件!C14`), a row, or a key of the job file.

use crate::messages::CommonMsg;
use std::fmt;
use std::path::{Path, PathBuf};

/// Where in the user's input a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, as the user named it (relative paths stay relative).
    pub file: PathBuf,
    /// The sheet of a workbook, if any.
    pub sheet: Option<String>,
    /// A cell (`C14`), a row (`14`, shown as `row 14`) or a job-file key.
    pub place: Option<Place>,
}

/// A position inside a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A cell in A1 notation.
    Cell(String),
    /// A whole 1-based spreadsheet row.
    Row(u32),
    /// A key of the job file, dotted (`attachment.data`).
    Key(String),
    /// A key of the job file and the 1-based line it is written on.
    KeyAt(String, usize),
    /// A 1-based line of a text file (a template).
    Line(usize),
}

impl Location {
    /// The whole file.
    pub fn file(file: impl AsRef<Path>) -> Self {
        Location {
            file: file.as_ref().to_path_buf(),
            sheet: None,
            place: None,
        }
    }

    /// A sheet of a workbook (a CSV file's one sheet has no name: "").
    pub fn sheet(file: impl AsRef<Path>, sheet: &str) -> Self {
        Location {
            sheet: (!sheet.is_empty()).then(|| sheet.to_string()),
            ..Location::file(file)
        }
    }

    /// A cell of a sheet, from 0-based row and column indexes.
    pub fn cell(file: impl AsRef<Path>, sheet: &str, row: u32, col: u32) -> Self {
        Location {
            place: Some(Place::Cell(cell_name(row, col))),
            ..Location::sheet(file, sheet)
        }
    }

    /// A whole row of a sheet, from its 0-based index.
    pub fn row(file: impl AsRef<Path>, sheet: &str, row: u32) -> Self {
        Location {
            place: Some(Place::Row(row + 1)),
            ..Location::sheet(file, sheet)
        }
    }

    /// A key of the job file.
    pub fn key(file: impl AsRef<Path>, key: &str) -> Self {
        Location {
            place: Some(Place::Key(key.to_string())),
            ..Location::file(file)
        }
    }

    /// A key of the job file on a known line (`notice.toml:3: \`number\``).
    pub fn key_at(file: impl AsRef<Path>, key: &str, line: usize) -> Self {
        Location {
            place: Some(Place::KeyAt(key.to_string(), line)),
            ..Location::file(file)
        }
    }

    /// A line of a text file.
    pub fn line(file: impl AsRef<Path>, line: usize) -> Self {
        Location {
            place: Some(Place::Line(line)),
            ..Location::file(file)
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(sheet) = &self.sheet {
            write!(f, "!{sheet}")?;
        }
        match &self.place {
            None => Ok(()),
            Some(Place::Cell(cell)) => write!(f, "!{cell}"),
            Some(Place::Row(row)) => write!(f, "!{row}:{row}"),
            Some(Place::Key(key)) => write!(f, "{}`{key}`", CommonMsg::Separator),
            Some(Place::KeyAt(key, line)) => write!(f, ":{line}{}`{key}`", CommonMsg::Separator),
            Some(Place::Line(line)) => write!(f, ":{line}"),
        }
    }
}

/// The A1-notation name of a cell from 0-based indexes: (0, 0) → `A1`,
/// (13, 2) → `C14`, column 26 → `AA`.
pub fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", column_name(col), u64::from(row) + 1)
}

/// The letters of a 0-based column index: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_name(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// An error that stops the run.
#[derive(Debug)]
pub enum Error {
    /// Something wrong in the user's input, at a known place.
    At {
        /// Where.
        location: Location,
        /// What, in a sentence the user can act on, in the language chosen
        /// at start-up.
        message: String,
    },
    /// A file could not be read.
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// An output file could not be written.
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::At { location, message } => {
                write!(f, "{location}{}{message}", CommonMsg::Separator)
            }
            Error::Read { path, source } => write!(
                f,
                "{}",
                CommonMsg::CannotRead {
                    path: path.display().to_string(),
                    cause: source.to_string(),
                }
            ),
            Error::Write { path, source } => write!(
                f,
                "{}",
                CommonMsg::CannotWrite {
                    path: path.display().to_string(),
                    cause: source.to_string(),
                }
            ),
        }
    }
}

/// The cause is part of the message already, so it is not repeated as a
/// source.
impl std::error::Error for Error {}

impl Error {
    /// An input error at `location`: the message (a catalogue entry, see
    /// [`crate::messages`]) is written in the language in use, as one line:
    /// text quoted from a cell or a library may hold line breaks.
    pub fn at(location: Location, message: impl fmt::Display) -> Self {
        Error::At {
            location,
            message: one_line(&message.to_string()),
        }
    }
}

/// The most characters of a message: one quoting a library's words or a
/// cell at length is cut there.
pub const MAX_MESSAGE_CHARS: usize = 1_000;

/// Joins the lines of a message into one, so that every problem prints as
/// one line (`file!sheet!cell: message`), of at most
/// [`MAX_MESSAGE_CHARS`] characters.
pub fn one_line(text: &str) -> String {
    let joined = if text.contains(['\n', '\r']) {
        text.split(['\n', '\r'])
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        text.to_string()
    };
    match joined.char_indices().nth(MAX_MESSAGE_CHARS) {
        None => joined,
        Some((cut, _)) => {
            let rest = joined[cut..].chars().count();
            format!("{}{}", &joined[..cut], CommonMsg::Cut { n: rest })
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names_follow_spreadsheet_notation() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(13, 2), "C14");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
        assert_eq!(column_name(16383), "XFD");
    }

    #[test]
    fn messages_are_one_line() {
        let e = Error::at(Location::file("a.xlsx"), "found: 委内责任\n科室 |\r\n 完成");
        assert_eq!(e.to_string(), "a.xlsx: found: 委内责任 科室 | 完成");
    }

    #[test]
    fn locations_print_file_sheet_and_cell() {
        let cell = Location::cell("progress.xlsx", "附件", 13, 2);
        assert_eq!(cell.to_string(), "progress.xlsx!附件!C14");
        let row = Location::row("progress.xlsx", "附件", 26);
        assert_eq!(row.to_string(), "progress.xlsx!附件!27:27");
        let key = Location::key("notice.toml", "number");
        assert_eq!(key.to_string(), "notice.toml: `number`");
        let key = Location::key_at("notice.toml", "number", 3);
        assert_eq!(key.to_string(), "notice.toml:3: `number`");
    }
}
