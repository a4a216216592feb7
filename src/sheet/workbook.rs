//! Opening a checked file and reading its sheets as [`Grid`]s.
//!
//! Workbooks are read by calamine from the bytes already checked by
//! [`super::guard`], with the reader chosen by content, never by extension.
//! An .xlsx's cells are the guard's, read as it checked them (see
//! [`super::xlsx`]); calamine then opens the package without its shared
//! strings, for the sheets' names, kinds and visibility, and reads only a
//! sheet the guard left to it, from the whole package.
//! Where merged regions and percentage formats come from:
//!
//! | format | merged regions | percentage formats |
//! |---|---|---|
//! | .xlsx/.xlsm | the guard's scan (calamine `merge_cells_by_sheet_name` for a sheet it did not scan) | the guard's scan (calamine `worksheet_style`) |
//! | .xls | calamine `merge_cells_by_sheet_name` | [`super::xls`] reads the records |
//! | .ods | [`super::ods`] reads `content.xml` | [`super::ods`] |
//! | .xlsb | not read (no API): each merged region's value stays in its first row | not read |
//! | .csv | none | typed as text (`52%`) |

use super::guard::{self, Format};
use super::{csv, Encoding, SheetExtras};
use crate::error::{Error, Location, Result};
use crate::messages::SheetMsg;
use calamine::{
    Data, Dimensions, Ods, Range, Reader, SheetType, SheetVisible, Sheets, StyleRange, Xls, Xlsb,
    Xlsx,
};
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// An open spreadsheet.
pub struct Workbook<'a> {
    path: PathBuf,
    source: Source<'a>,
    extras: HashMap<String, SheetExtras>,
    active: Option<String>,
    /// The cells of the sheets read by the guard (an .xlsx), until taken.
    cells: HashMap<String, Range<Data>>,
    /// Sheets read and given back, for when one is chosen after all.
    kept: HashMap<String, Grid>,
    /// When calamine opened the package without its shared strings: the
    /// whole package, which it opens to read a sheet the guard did not.
    whole: Option<(Format, &'a [u8])>,
}

enum Source<'a> {
    Sheets(Box<Sheets<Cursor<Cow<'a, [u8]>>>>),
    Csv(Option<Range<Data>>),
}

/// One sheet: its cells, merged regions and percentage formats.
pub struct Grid {
    /// The cells, as calamine gives them.
    pub range: Range<Data>,
    /// Merged regions, 0-based and inclusive.
    pub merges: Vec<Dimensions>,
    /// Hidden rows and columns, formulas without a value, error values.
    pub extras: SheetExtras,
    percent: Percent,
}

enum Percent {
    None,
    Styles(Box<StyleRange>),
    Cells(HashMap<(u32, u32), Option<u8>>),
}

impl Grid {
    /// `range` with the merged regions and percentage cells the guard's
    /// scan read into `extras`.
    fn scanned(range: Range<Data>, mut extras: SheetExtras) -> Grid {
        Grid {
            range,
            merges: std::mem::take(&mut extras.merges),
            percent: Percent::Cells(std::mem::take(&mut extras.percent)),
            extras,
        }
    }

    /// `Some(decimals)` when the cell at an absolute position is formatted as
    /// a percentage (`Some(None)`: decimals unknown).
    pub fn percent_at(&self, pos: (u32, u32)) -> Option<Option<u8>> {
        match &self.percent {
            Percent::None => None,
            Percent::Cells(cells) => cells.get(&pos).copied(),
            Percent::Styles(styles) => {
                let format = styles.get(pos)?.number_format.as_ref()?;
                super::cell::percent_decimals(&format.format_code).map(Some)
            }
        }
    }
}

impl<'a> Workbook<'a> {
    /// Recognises, checks and opens the file whose bytes are `bytes`.
    pub fn open(path: &Path, bytes: &'a [u8], encoding: Option<Encoding>) -> Result<Self> {
        let csv_name = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("txt"));
        // calamine opens the workbook while the guard checks its worksheets.
        let (format, inspection, early) =
            guard::inspect_then(path, bytes, csv_name || encoding.is_some(), |format| {
                open_sheets(path, format, Cow::Borrowed(bytes))
            })?;
        if format == Format::Csv {
            return Ok(Workbook {
                path: path.to_path_buf(),
                source: Source::Csv(Some(csv::read(path, bytes, encoding)?)),
                extras: HashMap::new(),
                active: None,
                cells: HashMap::new(),
                kept: HashMap::new(),
                whole: None,
            });
        }
        // A workbook whose error values calamine cannot read comes back
        // with those cells turned to text (see `guard`). One whose cells
        // the guard read is opened by calamine for its structure only.
        let mut whole = None;
        let read = inspection.cells.unwrap_or_default();
        let opened = match (inspection.patched, early) {
            // Error values rewritten: the rewritten package is opened.
            (Some(patched), _) => open_sheets(path, format, Cow::Owned(patched)),
            (None, Some(early)) => early,
            (None, None) => match read
                .shared_strings
                .as_deref()
                .and_then(|part| super::xlsx::without_shared_strings(bytes, part))
            {
                Some(light) => {
                    whole = Some((format, bytes));
                    open_sheets(path, format, Cow::Owned(light))
                }
                None => open_sheets(path, format, Cow::Borrowed(bytes)),
            },
        }?;
        let sheets = workbook_or_error(path, opened)?;
        Ok(Workbook {
            path: path.to_path_buf(),
            source: Source::Sheets(Box::new(sheets)),
            extras: inspection.extras,
            active: inspection.active,
            cells: read.sheets,
            kept: HashMap::new(),
            whole,
        })
    }

    /// Keeps a sheet read, for [`Self::grid`] to give again.
    pub fn give_back(&mut self, name: &str, grid: Grid) {
        self.kept.insert(name.to_string(), grid);
    }

    /// The sheet the workbook opens on (its active sheet), when it says.
    pub fn active_sheet(&self) -> Option<String> {
        self.active.clone()
    }

    /// Whether this is a CSV file (one unnamed sheet).
    pub fn is_csv(&self) -> bool {
        matches!(self.source, Source::Csv(_))
    }

    /// Every sheet's name, in workbook order (a CSV file: one, named "").
    pub fn sheet_names(&self) -> Vec<String> {
        match &self.source {
            Source::Sheets(s) => s.sheet_names(),
            Source::Csv(_) => vec![String::new()],
        }
    }

    /// The worksheets to try when the job names none: visible ones first,
    /// then hidden ones; chart, dialog and macro sheets never.
    pub fn worksheets_visible_first(&self) -> Vec<String> {
        let Source::Sheets(s) = &self.source else {
            return self.sheet_names();
        };
        let worksheets = s
            .sheets_metadata()
            .iter()
            .filter(|m| m.typ == SheetType::WorkSheet);
        let (visible, hidden): (Vec<_>, Vec<_>) =
            worksheets.partition(|m| m.visible == SheetVisible::Visible);
        visible
            .into_iter()
            .chain(hidden)
            .map(|m| m.name.clone())
            .collect()
    }

    /// Reads one sheet.
    pub fn grid(&mut self, name: &str) -> Result<Grid> {
        if let Some(grid) = self.kept.remove(name) {
            return Ok(grid);
        }
        // Kept: the sheet chosen may be read again (see `read_with_options`).
        let extras = self.extras.get(name).cloned().unwrap_or_default();
        let sheets = match &mut self.source {
            Source::Csv(range) => {
                return Ok(Grid {
                    range: range.take().unwrap_or_default(),
                    merges: Vec::new(),
                    extras: SheetExtras::default(),
                    percent: Percent::None,
                })
            }
            Source::Sheets(sheets) => sheets,
        };
        let path = self.path.as_path();
        if let Some(range) = self.cells.remove(name) {
            return Ok(Grid::scanned(range, extras));
        }
        if let Some((format, bytes)) = self.whole.take() {
            let opened = open_sheets(path, format, Cow::Borrowed(bytes))?;
            **sheets = workbook_or_error(path, opened)?;
        }
        calamine_call(path, || Self::read_grid(path, sheets, name, extras))?
    }

    fn read_grid(
        path: &Path,
        sheets: &mut Sheets<Cursor<Cow<'a, [u8]>>>,
        name: &str,
        mut extras: SheetExtras,
    ) -> Result<Grid> {
        let fail = |what: fn(String) -> SheetMsg, e: &dyn std::fmt::Display| {
            Error::at(Location::sheet(path, name), what(e.to_string()))
        };
        let cells = |detail| SheetMsg::CannotReadCells { detail };
        let merged = |detail| SheetMsg::CannotReadMerges { detail };
        let formats = |detail| SheetMsg::CannotReadFormats { detail };
        let range = sheets.worksheet_range(name).map_err(|e| fail(cells, &e))?;
        let (merges, percent) = match sheets {
            // The guard read them with the cells: not read again.
            Sheets::Xlsx(_) if extras.formats_read => return Ok(Grid::scanned(range, extras)),
            Sheets::Xlsx(x) => {
                let merges = x
                    .merge_cells_by_sheet_name(name)
                    .map_err(|e| fail(merged, &e))?;
                let styles = x.worksheet_style(name).map_err(|e| fail(formats, &e))?;
                (merges, Percent::Styles(Box::new(styles)))
            }
            Sheets::Xls(x) => {
                let merges = x
                    .merge_cells_by_sheet_name(name)
                    .map_err(|e| fail(merged, &e))?;
                (merges, Percent::Cells(std::mem::take(&mut extras.percent)))
            }
            Sheets::Ods(_) => (
                std::mem::take(&mut extras.merges),
                Percent::Cells(std::mem::take(&mut extras.percent)),
            ),
            Sheets::Xlsb(_) => (Vec::new(), Percent::None),
        };
        Ok(Grid {
            range,
            merges,
            extras,
            percent,
        })
    }
}

/// Runs a calamine call. calamine 0.38 indexes some records of a damaged
/// file without checking their length and panics: that is the file's fault,
/// reported as such, not a crash. (The hostile inputs that abort instead
/// of panicking are refused before, by [`super::guard`].)
/// A workbook calamine opened, or its complaint.
type Opened<'a> = std::result::Result<Sheets<Cursor<Cow<'a, [u8]>>>, String>;

/// calamine's reader of `format` on `bytes` (an .xlsx for CSV, which is
/// read before): the workbook, or calamine's complaint.
fn open_sheets<'a>(path: &Path, format: Format, bytes: Cow<'a, [u8]>) -> Result<Opened<'a>> {
    let cursor = Cursor::new(bytes);
    calamine_call(path, || match format {
        Format::Xls => Xls::new(cursor).map(Sheets::Xls).map_err(|e| e.to_string()),
        Format::Ods => Ods::new(cursor).map(Sheets::Ods).map_err(|e| e.to_string()),
        Format::Xlsb => Xlsb::new(cursor)
            .map(Sheets::Xlsb)
            .map_err(|e| e.to_string()),
        Format::Xlsx | Format::Csv => Xlsx::new(cursor)
            .map(Sheets::Xlsx)
            .map_err(|e| e.to_string()),
    })
}

/// The workbook calamine opened, or its complaint as an error.
fn workbook_or_error<'a>(path: &Path, opened: Opened<'a>) -> Result<Sheets<Cursor<Cow<'a, [u8]>>>> {
    opened.map_err(|e| {
        Error::at(
            Location::file(path),
            SheetMsg::CannotReadWorkbook { detail: e },
        )
    })
}

fn calamine_call<T>(path: &Path, call: impl FnOnce() -> T) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(call))
        .map_err(|_| Error::at(Location::file(path), SheetMsg::ReaderFailed))
}
