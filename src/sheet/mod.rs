//! Reading the spreadsheet: open the workbook, find the sheet and its header
//! row, and return every data row as text with its position.
//!
//! This stage knows cells and rows, not tasks: turning rows into the
//! progress model is [`crate::model`]'s job.

pub mod cell;
pub mod columns;

use crate::diag::Diagnostics;
use crate::error::{Error, Location, Result};
use crate::job::Columns;
use calamine::{Data, Range, Reader};
use columns::Role;
use std::path::{Path, PathBuf};

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

/// Opens `path` and reads its progress table.
///
/// `sheet` names the sheet to use; without it, the first sheet whose header
/// row names the required roles is taken.
pub fn read_table(
    path: &Path,
    sheet: Option<&str>,
    columns: &Columns,
    diags: &mut Diagnostics,
) -> Result<Table> {
    let mut workbook = calamine::open_workbook_auto(path).map_err(|e| {
        Error::at(
            Location::file(path),
            format!("cannot open the spreadsheet: {e}"),
        )
    })?;
    let names = workbook.sheet_names();
    if names.is_empty() {
        return Err(Error::at(
            Location::file(path),
            "the workbook has no sheets",
        ));
    }
    let candidates: Vec<String> = match sheet {
        Some(name) => {
            if !names.iter().any(|n| n == name) {
                return Err(Error::at(
                    Location::file(path),
                    format!(
                        "no sheet named `{name}`; the sheets are: {}",
                        names.join(", ")
                    ),
                ));
            }
            vec![name.to_string()]
        }
        None => names.clone(),
    };
    let mut seen_headers: Vec<(String, Vec<String>)> = Vec::new();
    for name in &candidates {
        let range = workbook.worksheet_range(name).map_err(|e| {
            Error::at(
                Location::sheet(path, name),
                format!("cannot read the sheet: {e}"),
            )
        })?;
        match find_header(&range, columns) {
            Ok((header_row, cols, roles)) => {
                return Ok(read_rows(
                    path, name, &range, header_row, cols, roles, diags,
                ));
            }
            Err(best) => seen_headers.push((name.clone(), best)),
        }
    }
    let wanted: Vec<String> = Role::ALL
        .iter()
        .filter(|r| r.is_required())
        .map(|r| match r.configured(columns) {
            Some(n) => format!("`{n}`"),
            None => format!("`{}`", r.aliases()[0]),
        })
        .collect();
    let found = seen_headers
        .iter()
        .map(|(sheet, names)| {
            if names.is_empty() {
                format!("{sheet}: (empty)")
            } else {
                format!("{sheet}: {}", names.join(" | "))
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    let location = match sheet {
        Some(name) => Location::sheet(path, name),
        None => Location::file(path),
    };
    Err(Error::at(
        location,
        format!(
            "no header row with {} in the first {HEADER_SEARCH_ROWS} rows (set [attachment.columns] in the job); found: {found}",
            wanted.join(" and ")
        ),
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

fn read_rows(
    path: &Path,
    sheet: &str,
    range: &Range<Data>,
    header_row: u32,
    columns: Vec<Column>,
    roles: RoleColumns,
    diags: &mut Diagnostics,
) -> Table {
    let mut rows = Vec::new();
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let (last_row, _) = range.end().unwrap_or((0, 0));
    for row in header_row + 1..=last_row.max(header_row) {
        if row < first_row || row == header_row {
            continue;
        }
        let cells: Vec<String> = columns
            .iter()
            .map(|c| {
                let data = range.get_value((row, c.col)).unwrap_or(&Data::Empty);
                let (text, removed) = cell::cell_text(data);
                if removed {
                    diags.warn(
                        Location::cell(path, sheet, row, c.col),
                        "removed control characters that a document cannot hold",
                    );
                }
                text
            })
            .collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        rows.push(RawRow { row, cells });
    }
    Table {
        file: path.to_path_buf(),
        sheet: sheet.to_string(),
        header_row,
        columns,
        roles,
        rows,
    }
}
