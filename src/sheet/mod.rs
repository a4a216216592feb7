//! Reading the spreadsheet: recognise the file, check it, open the
//! workbook, find the sheet and its header row, and return every data row
//! as text with its position.
//!
//! - [`guard`] recognises the format by content and refuses what is beyond
//!   [`limits`] before calamine sees the file;
//! - [`workbook`] opens it (calamine for workbooks, [`csv`] for text) and
//!   gives each sheet as a [`workbook::Grid`]: cells, merged regions and
//!   which numbers are formatted as percentages;
//! - this module finds the table; [`columns`] matches header names and
//!   [`cell`] turns a cell into text.
//!
//! This stage knows cells and rows, not tasks: turning rows into the
//! progress model is [`crate::model`]'s job.

pub mod cell;
pub mod columns;
pub mod csv;
pub mod guard;
pub mod limits;
mod ods;
pub mod workbook;
mod xls;

pub use csv::Encoding;

use crate::diag::Diagnostics;
use crate::error::{Error, Location, Result};
use crate::job::Columns;
use crate::messages::{CliMsg, SheetMsg};
use calamine::{Data, Dimensions, Range};
use columns::Role;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use workbook::{Grid, Workbook};
/// How many rows from the top of a sheet may hold title rows before the header.
pub const HEADER_SEARCH_ROWS: usize = 20;

/// The table read from one sheet.
#[derive(Debug, Clone)]
pub struct Table {
    /// The spreadsheet file.
    pub file: PathBuf,
    /// The sheet the table is on.
    pub sheet: String,
    /// The header row, 0-based.
    pub header_row: u32,
    /// The header cells, in sheet order, with their 0-based column.
    pub columns: Vec<Column>,
    /// The column index (into `columns`) of each role found.
    pub roles: RoleColumns,
    /// The data rows below the header, blank rows left out.
    pub rows: Vec<RawRow>,
}

/// A header cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The header text as written (trimmed).
    pub name: String,
    /// The 0-based sheet column.
    pub col: u32,
}

/// Index into [`Table::columns`] of each role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleColumns {
    /// 工作任务.
    pub task: usize,
    /// 责任单位.
    pub units: Option<usize>,
    /// 完成情况.
    pub status: usize,
    /// 委内责任科室(单位).
    pub sections: Option<usize>,
}

impl RoleColumns {
    /// Each role of [`columns::Role::ALL`], in that order, with its column
    /// when the sheet has one.
    pub fn by_role(&self) -> [(columns::Role, Option<usize>); 4] {
        use columns::Role;
        [
            (Role::Task, Some(self.task)),
            (Role::Units, self.units),
            (Role::Status, Some(self.status)),
            (Role::Sections, self.sections),
        ]
    }
}

/// One data row: its 0-based sheet row and one text per [`Table::columns`] entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    /// 0-based sheet row.
    pub row: u32,
    /// Cell texts, parallel to the table's columns.
    pub cells: Vec<String>,
}

impl Table {
    /// The location of a cell of this table.
    pub fn cell_location(&self, row: u32, column: usize) -> Location {
        let col = self.columns.get(column).map_or(0, |c| c.col);
        Location::cell(&self.file, &self.sheet, row, col)
    }

    /// The location of a whole row.
    pub fn row_location(&self, row: u32) -> Location {
        Location::row(&self.file, &self.sheet, row)
    }
}

/// What a sheet says that calamine does not report for every format: its
/// merged regions (.ods) and percentage-formatted cells (.ods, .xls).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SheetExtras {
    /// Merged regions, 0-based and inclusive.
    pub merges: Vec<Dimensions>,
    /// Cells formatted as a percentage, with the decimals shown if known.
    pub percent: HashMap<(u32, u32), Option<u8>>,
}

/// Opens `path` and reads its progress table.
///
/// `sheet` names the sheet to use; without it, the first visible worksheet
/// whose header row names the required roles is taken. `encoding` forces
/// the encoding of a CSV file (and lets a file of any name be read as CSV).
pub fn read_table(
    path: &Path,
    sheet: Option<&str>,
    columns: &Columns,
    encoding: Option<Encoding>,
    diags: &mut Diagnostics,
) -> Result<Table> {
    let at = || Location::file(path);
    let size = std::fs::metadata(path)
        .map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?
        .len();
    if size > limits::MAX_FILE_BYTES {
        return Err(Error::at(
            at(),
            SheetMsg::FileTooLarge {
                mib: size >> 20,
                max: limits::MAX_FILE_BYTES >> 20,
            },
        ));
    }
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    read_table_from_bytes(path, &bytes, sheet, columns, encoding, diags)
}

/// [`read_table`] on the bytes of a file already read; `path` names it in
/// messages and decides, by its extension, whether plain text may be CSV.
pub fn read_table_from_bytes(
    path: &Path,
    bytes: &[u8],
    sheet: Option<&str>,
    columns: &Columns,
    encoding: Option<Encoding>,
    diags: &mut Diagnostics,
) -> Result<Table> {
    let mut book = Workbook::open(path, bytes, encoding)?;
    let names = book.sheet_names();
    if names.is_empty() {
        return Err(Error::at(Location::file(path), SheetMsg::NoSheets));
    }
    let candidates: Vec<String> = match sheet {
        Some(_) if book.is_csv() => {
            diags.warn(Location::file(path), SheetMsg::CsvHasNoSheets);
            names
        }
        Some(name) => {
            if !names.iter().any(|n| n == name) {
                return Err(Error::at(
                    Location::file(path),
                    SheetMsg::NoSuchSheet {
                        name: name.to_string(),
                        sheets: names.join(&CliMsg::ListSeparator.to_string()),
                    },
                ));
            }
            vec![name.to_string()]
        }
        None => book.worksheets_visible_first(),
    };
    let mut seen_headers: Vec<(String, Vec<String>)> = Vec::new();
    for name in &candidates {
        let grid = book.grid(name)?;
        match find_header(&grid.range, columns) {
            Ok(header) => return read_rows(path, name, &grid, header, diags),
            Err(best) => seen_headers.push((name.clone(), best)),
        }
    }
    if seen_headers.iter().all(|(_, names)| names.is_empty()) && sheet.is_none() {
        return Err(Error::at(Location::file(path), SheetMsg::WorkbookEmpty));
    }
    let wanted: Vec<String> = Role::ALL
        .iter()
        .filter(|r| r.is_required())
        .map(|r| match r.configured(columns) {
            Some(n) => SheetMsg::Quoted {
                name: n.to_string(),
            }
            .to_string(),
            None => SheetMsg::Quoted {
                name: r.aliases()[0].to_string(),
            }
            .to_string(),
        })
        .collect();
    let found = seen_headers
        .iter()
        .map(|(sheet, names)| {
            if names.is_empty() {
                SheetMsg::FoundEmpty {
                    sheet: sheet.clone(),
                }
                .to_string()
            } else {
                SheetMsg::FoundHeader {
                    sheet: sheet.clone(),
                    names: names.join(" | "),
                }
                .to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(&SheetMsg::SheetsSeparator.to_string());
    let location = match sheet {
        Some(name) => Location::sheet(path, name),
        None => Location::file(path),
    };
    Err(Error::at(
        location,
        SheetMsg::NoHeader {
            wanted: wanted.join(&SheetMsg::And.to_string()),
            rows: HEADER_SEARCH_ROWS,
            found,
        },
    ))
}

type Header = (u32, Vec<Column>, RoleColumns);

/// Finds the header row in the first rows of `range`. On failure, returns the
/// texts of the most promising row so the message can show what was there.
fn find_header(range: &Range<Data>, columns: &Columns) -> std::result::Result<Header, Vec<String>> {
    let Some((start_row, start_col)) = range.start() else {
        return Err(Vec::new());
    };
    let mut best: Vec<String> = Vec::new();
    for (i, row) in range.rows().take(HEADER_SEARCH_ROWS).enumerate() {
        let cols: Vec<Column> = row
            .iter()
            .enumerate()
            .filter_map(|(j, data)| {
                let (text, _) = cell::cell_text(data);
                (!text.is_empty()).then(|| Column {
                    name: text,
                    col: start_col + j as u32,
                })
            })
            .collect();
        if cols.len() > best.len() {
            best = cols.iter().map(|c| c.name.clone()).collect();
        }
        let find = |role: Role| cols.iter().position(|c| role.matches(&c.name, columns));
        if let (Some(task), Some(status)) = (find(Role::Task), find(Role::Status)) {
            let roles = RoleColumns {
                task,
                units: find(Role::Units),
                status,
                sections: find(Role::Sections),
            };
            return Ok((start_row + i as u32, cols, roles));
        }
    }
    Err(best)
}

/// The rows of a vertical merge in one column: `(first row, last row)`,
/// sorted; the value is the first row's.
type Spans = Vec<(u32, u32)>;

/// The merged regions that give their value to the rows below the header:
/// per sheet column, the row spans of regions whose top-left cell is in that
/// column and below the header. The other columns of a region spanning
/// several columns stay empty, as they look: so a 填表人 footer merged
/// across the table stays in its first column and does not become a task.
fn vertical_spans(merges: &[Dimensions], header_row: u32) -> HashMap<u32, Spans> {
    let mut spans: HashMap<u32, Spans> = HashMap::new();
    for m in merges {
        if m.start.0 > header_row && m.end.0 > m.start.0 {
            spans
                .entry(m.start.1)
                .or_default()
                .push((m.start.0, m.end.0));
        }
    }
    for list in spans.values_mut() {
        list.sort_unstable();
    }
    spans
}

/// The row whose value `row` shows in a column with these spans.
fn merged_source(spans: Option<&Spans>, row: u32) -> u32 {
    let Some(spans) = spans else { return row };
    let i = spans.partition_point(|&(first, _)| first <= row);
    match i.checked_sub(1).map(|i| spans[i]) {
        Some((first, last)) if row <= last => first,
        _ => row,
    }
}

fn read_rows(
    path: &Path,
    sheet: &str,
    grid: &Grid,
    (header_row, columns, roles): Header,
    diags: &mut Diagnostics,
) -> Result<Table> {
    let range = &grid.range;
    let spans = vertical_spans(&grid.merges, header_row);
    let mut rows = Vec::new();
    let mut warned: HashSet<(u32, u32)> = HashSet::new();
    let mut text_bytes = 0usize;
    let (last_row, _) = range.end().unwrap_or((0, 0));
    for row in header_row.saturating_add(1)..=last_row {
        let mut cells = Vec::with_capacity(columns.len());
        for c in &columns {
            let source = (merged_source(spans.get(&c.col), row), c.col);
            let data = range.get_value(source).unwrap_or(&Data::Empty);
            let (text, removed) = cell::cell_text_formatted(data, grid.percent_at(source));
            if removed && warned.insert(source) {
                diags.warn(
                    Location::cell(path, sheet, source.0, source.1),
                    SheetMsg::ControlCharacters,
                );
            }
            text_bytes += text.len();
            cells.push(text);
        }
        if text_bytes > limits::MAX_TABLE_TEXT_BYTES {
            return Err(Error::at(
                Location::row(path, sheet, row),
                SheetMsg::TooMuchText {
                    max: limits::MAX_TABLE_TEXT_BYTES >> 20,
                },
            ));
        }
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        rows.push(RawRow { row, cells });
    }
    Ok(Table {
        file: path.to_path_buf(),
        sheet: sheet.to_string(),
        header_row,
        columns,
        roles,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vertical_merge_gives_its_value_to_every_row_it_spans() {
        let merges = [
            Dimensions {
                start: (3, 1),
                end: (5, 2),
            },
            Dimensions {
                start: (0, 0),
                end: (0, 4),
            },
            Dimensions {
                start: (8, 1),
                end: (9, 1),
            },
        ];
        let spans = vertical_spans(&merges, 1);
        assert_eq!(spans.len(), 1, "{spans:?}");
        let col = spans.get(&1);
        assert_eq!(
            (2..=10).map(|r| merged_source(col, r)).collect::<Vec<_>>(),
            [2, 3, 3, 3, 6, 7, 8, 8, 10]
        );
        assert_eq!(merged_source(spans.get(&2), 4), 4);
    }
}
