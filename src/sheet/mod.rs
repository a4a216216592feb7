//! Reading the spreadsheet: recognise the file, check it, open the
//! workbook, find the sheet and its header row, and return every data row
//! as text with its position.
//!
//! - [`guard`] recognises the format by content and refuses what is beyond
//!   [`limits`] before calamine sees the file, and keeps an .xlsx's cells
//!   as it checks them ([`xlsx`]);
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
pub mod header;
pub mod limits;
mod ods;
pub mod workbook;
mod xls;
pub mod xlsx;

pub use csv::Encoding;

use crate::diag::Diagnostics;
use crate::error::{column_name, Error, Location, Result};
use crate::job::{Columns, Hidden};
use crate::messages::{CliMsg, SheetMsg};
use crate::period::Period;
use calamine::{Data, Dimensions};
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
    /// The first header row, 0-based (the same as `header_row` for a
    /// one-row header).
    pub header_top: u32,
    /// The lowest header row, 0-based: the data starts below it.
    pub header_row: u32,
    /// The header cells, in sheet order, with their 0-based column.
    pub columns: Vec<Column>,
    /// The column index (into `columns`) of each role found.
    pub roles: RoleColumns,
    /// The data rows below the header, blank rows left out.
    pub rows: Vec<RawRow>,
    /// The texts of the rows above the header (the title rows).
    pub title: Vec<String>,
    /// Why this sheet was read, and which others matched.
    pub choice: SheetChoice,
}

/// A header column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The column's name: its lowest header cell as written (trimmed,
    /// invisible characters removed), or a generated name (`E列`).
    pub name: String,
    /// The 0-based sheet column.
    pub col: u32,
    /// The header cells above the name, top first (`完成情况` over `进展`);
    /// empty for a one-row header.
    pub groups: Vec<String>,
    /// The sheet hides this column.
    pub hidden: bool,
    /// The name was made up: the column has data but no header text.
    pub generated: bool,
}

impl Column {
    /// The groups and the name joined with `/`: `完成情况/进展`.
    pub fn joined(&self) -> String {
        let mut parts = self.groups.clone();
        parts.push(self.name.clone());
        parts.join("/")
    }
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
    /// Per column, the 0-based sheet row whose value the cell shows: `row`
    /// itself, or the first row of a vertical merge that covers it.
    pub sources: Vec<u32>,
    /// Per column, how many of the table's columns a merge that starts in
    /// this cell covers: 1 for an ordinary cell, 0 for a cell covered by a
    /// merge from the left.
    pub across: Vec<usize>,
}

/// Why a sheet was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChoiceReason {
    /// The job names it (`attachment.sheet`).
    Named,
    /// It is the only sheet that could be read (a one-sheet workbook, CSV).
    Only,
    /// Its name or title names the job's period.
    Period(String),
    /// It is the workbook's active sheet.
    Active,
    /// It is the first with a matching header.
    First,
}

/// Which sheet was read and which others have a matching header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetChoice {
    /// Why this one.
    pub reason: ChoiceReason,
    /// The other sheets with a matching header, in workbook order.
    pub others: Vec<String>,
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

/// What a sheet says that calamine does not report for every format.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SheetExtras {
    /// Merged regions, 0-based and inclusive (.ods; calamine reads the
    /// others).
    pub merges: Vec<Dimensions>,
    /// Cells formatted as a percentage, with the decimals shown if known.
    pub percent: HashMap<(u32, u32), Option<u8>>,
    /// Hidden rows, 0-based.
    pub hidden_rows: HashSet<u32>,
    /// Hidden columns, 0-based, as inclusive runs.
    pub hidden_cols: Vec<(u32, u32)>,
    /// Formula cells with no saved value (calamine reads them as empty).
    pub uncached: HashSet<(u32, u32)>,
    /// Error values calamine cannot read (`#SPILL!`), which are read as
    /// their text: position → text.
    pub errors: HashMap<(u32, u32), String>,
    /// Whether `merges` and `percent` were read with the cells (an .xlsx
    /// worksheet), so that calamine need not read them again.
    pub formats_read: bool,
}

impl SheetExtras {
    /// Whether a 0-based column is hidden.
    pub fn column_hidden(&self, col: u32) -> bool {
        self.hidden_cols.iter().any(|&(a, b)| a <= col && col <= b)
    }
}

/// How to read the table.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions<'a> {
    /// The sheet to read; without it, the sheet is chosen.
    pub sheet: Option<&'a str>,
    /// Header names per role.
    pub columns: &'a Columns,
    /// Force the encoding of a CSV file.
    pub encoding: Option<Encoding>,
    /// The job's period: a sheet that names it is preferred.
    pub period: Option<Period>,
    /// Hidden rows and columns.
    pub hidden: Hidden,
}

impl<'a> ReadOptions<'a> {
    /// Options with the job's sheet, columns and hidden policy and no
    /// period or encoding.
    pub fn new(sheet: Option<&'a str>, columns: &'a Columns) -> Self {
        ReadOptions {
            sheet,
            columns,
            encoding: None,
            period: None,
            hidden: Hidden::Omit,
        }
    }

    /// The options a job asks for, for its (first) attachment.
    pub fn for_job(job: &'a crate::job::Job) -> Self {
        Self::for_attachment(job, &job.attachment)
    }

    /// The options a job asks for, for one of its attachments.
    pub fn for_attachment(job: &crate::job::Job, attachment: &'a crate::job::Attachment) -> Self {
        ReadOptions {
            sheet: attachment.sheet.as_deref(),
            columns: &attachment.columns,
            encoding: None,
            period: Some(job.period),
            hidden: attachment.hidden,
        }
    }
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
    let options = ReadOptions {
        encoding,
        ..ReadOptions::new(sheet, columns)
    };
    read_table_with(path, &options, diags)
}

/// [`read_table`] with every option.
pub fn read_table_with(
    path: &Path,
    options: &ReadOptions<'_>,
    diags: &mut Diagnostics,
) -> Result<Table> {
    let bytes = read_file(path)?;
    read_with_options(path, &bytes, options, diags)
}

/// The bytes of a spreadsheet: a regular file of at most
/// [`limits::MAX_FILE_BYTES`] (a FIFO or a device is refused unread).
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    crate::files::read_limited(path, limits::MAX_FILE_BYTES, |size| {
        SheetMsg::FileTooLarge {
            mib: size >> 20,
            max: limits::MAX_FILE_BYTES >> 20,
        }
    })
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
    let options = ReadOptions {
        encoding,
        ..ReadOptions::new(sheet, columns)
    };
    read_with_options(path, bytes, &options, diags)
}

/// A sheet whose header matched. Only the first one keeps its cells while
/// the others are looked at; the others' go back to the workbook (which
/// holds the cells the guard read, or reads them again) for when one of
/// them is chosen.
struct Matched {
    name: String,
    grid: Option<Grid>,
    found: header::Found,
    title: Vec<String>,
}

/// [`read_table_with`] on the bytes of a file already read.
pub fn read_with_options(
    path: &Path,
    bytes: &[u8],
    options: &ReadOptions<'_>,
    diags: &mut Diagnostics,
) -> Result<Table> {
    let sheet = options.sheet;
    let mut book = Workbook::open(path, bytes, options.encoding)?;
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
                        name: crate::messages::quote(name),
                        sheets: crate::messages::list(&names, &CliMsg::ListSeparator.to_string()),
                    },
                ));
            }
            vec![name.to_string()]
        }
        None => book.worksheets_visible_first(),
    };
    let mut seen_headers: Vec<(String, Vec<String>)> = Vec::new();
    let mut matched: Vec<Matched> = Vec::new();
    for name in &candidates {
        let grid = book.grid(name)?;
        let Some(top) = header::Top::new(&grid.range, &grid.merges, HEADER_SEARCH_ROWS as u32)
        else {
            seen_headers.push((name.clone(), Vec::new()));
            continue;
        };
        match header::find(&top, HEADER_SEARCH_ROWS as u32, options.columns) {
            Ok(found) => {
                let first = grid.range.start().map_or(0, |s| s.0);
                let title = (first..found.top)
                    .map(|r| {
                        (grid.range.start().map_or(0, |s| s.1)
                            ..=grid.range.end().map_or(0, |e| e.1))
                            .map(|c| top.raw(r, c))
                            .filter(|t| !t.is_empty())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .filter(|t| !t.is_empty())
                    .collect();
                drop(top);
                let grid = if matched.is_empty() {
                    Some(grid)
                } else {
                    book.give_back(name, grid);
                    None
                };
                matched.push(Matched {
                    name: name.clone(),
                    grid,
                    found,
                    title,
                });
            }
            Err(best) => seen_headers.push((name.clone(), best)),
        }
    }
    if matched.is_empty() {
        return Err(no_header(path, sheet, options.columns, &seen_headers));
    }
    // Which sheet: the job's; one naming the period; the active one; the first.
    let names_period = |m: &Matched| {
        options.period.is_some_and(|p| {
            std::iter::once(m.name.as_str())
                .chain(m.title.iter().map(String::as_str))
                .flat_map(crate::period::mentions)
                .any(|mention| mention.names(&p))
        })
    };
    let active = book.active_sheet();
    let (index, reason) = if sheet.is_some() {
        (0, ChoiceReason::Named)
    } else if candidates.len() == 1 {
        (0, ChoiceReason::Only)
    } else if let Some(i) = matched.iter().position(names_period) {
        let label = options.period.map(|p| p.label()).unwrap_or_default();
        (i, ChoiceReason::Period(label))
    } else if let Some(i) = matched
        .iter()
        .position(|m| active.as_deref() == Some(m.name.as_str()))
    {
        (i, ChoiceReason::Active)
    } else {
        (0, ChoiceReason::First)
    };
    let mut others: Vec<String> = Vec::new();
    let mut chosen = None;
    for (i, m) in matched.into_iter().enumerate() {
        if i == index {
            chosen = Some(m);
        } else {
            others.push(m.name);
        }
    }
    let Some(mut chosen) = chosen else {
        return Err(Error::at(Location::file(path), SheetMsg::NoSheets));
    };
    if chosen.grid.is_none() {
        chosen.grid = Some(book.grid(&chosen.name)?);
    }
    // The others in workbook order.
    others.sort_by_key(|n| names_position(&book.sheet_names(), n));
    if let Some(period) = options.period {
        warn_other_period(path, &chosen, &period, diags);
    }
    let choice = SheetChoice { reason, others };
    // The workbook (calamine's copy of every shared string) is not needed
    // to make the rows of the sheet read: freed first.
    drop(book);
    read_rows(path, chosen, choice, options.hidden, diags)
}

fn names_position(names: &[String], name: &str) -> usize {
    names.iter().position(|n| n == name).unwrap_or(usize::MAX)
}

/// When no sheet has a header with the required columns: the sheet whose
/// most header-like row names the most columns, and those names (joined
/// names for a header of several rows). `None` when every sheet is empty.
pub fn survey(path: &Path, options: &ReadOptions<'_>) -> Result<Option<(String, Vec<String>)>> {
    let bytes = read_file(path)?;
    let mut book = Workbook::open(path, &bytes, options.encoding)?;
    let mut best: Option<(String, Vec<String>)> = None;
    for name in book.worksheets_visible_first() {
        let grid = book.grid(&name)?;
        let Some(top) = header::Top::new(&grid.range, &grid.merges, HEADER_SEARCH_ROWS as u32)
        else {
            continue;
        };
        if let Err(names) = header::find(&top, HEADER_SEARCH_ROWS as u32, options.columns) {
            if best.as_ref().is_none_or(|(_, b)| names.len() > b.len()) && !names.is_empty() {
                best = Some((name.clone(), names));
            }
        }
    }
    Ok(best)
}

/// Warns when the sheet's name or title names another period than the job's.
fn warn_other_period(path: &Path, m: &Matched, period: &Period, diags: &mut Diagnostics) {
    let texts: Vec<&str> = std::iter::once(m.name.as_str())
        .chain(m.title.iter().map(String::as_str))
        .collect();
    let mentions: Vec<crate::period::Mention> = texts
        .iter()
        .flat_map(|t| crate::period::mentions(t))
        .filter(|m| !matches!(m.span, crate::period::PeriodSpan::Month(_)))
        .collect();
    if mentions.is_empty() || mentions.iter().any(|x| x.names(period)) {
        return;
    }
    let named = mentions[0].span.label();
    diags.warn(
        Location::sheet(path, &m.name),
        SheetMsg::OtherPeriod {
            named,
            period: period.label(),
        },
    );
}

/// The "no header row" error: the names wanted, and what each sheet has.
fn no_header(
    path: &Path,
    sheet: Option<&str>,
    columns: &Columns,
    seen_headers: &[(String, Vec<String>)],
) -> Error {
    if seen_headers.iter().all(|(_, names)| names.is_empty()) && sheet.is_none() {
        return Error::at(Location::file(path), SheetMsg::WorkbookEmpty);
    }
    let wanted: Vec<String> = Role::ALL
        .iter()
        .filter(|r| r.is_required())
        .map(|r| match r.configured(columns) {
            Some(n) => SheetMsg::Quoted {
                name: cell::escape_invisible(n),
            }
            .to_string(),
            None => SheetMsg::Quoted {
                name: r.aliases()[0].to_string(),
            }
            .to_string(),
        })
        .collect();
    // At most ten sheets, and ten names of each: a workbook of thousands
    // of sheets still gives one short line.
    let mut found = seen_headers
        .iter()
        .take(crate::messages::MAX_LISTED)
        .map(|(sheet, names)| {
            if names.is_empty() {
                SheetMsg::FoundEmpty {
                    sheet: crate::messages::quote(sheet),
                }
                .to_string()
            } else {
                SheetMsg::FoundHeader {
                    sheet: crate::messages::quote(sheet),
                    names: crate::messages::list(names, " | "),
                }
                .to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(&SheetMsg::SheetsSeparator.to_string());
    if seen_headers.len() > crate::messages::MAX_LISTED {
        found.push_str(
            &crate::messages::CommonMsg::AndMore {
                n: seen_headers.len() - crate::messages::MAX_LISTED,
            }
            .to_string(),
        );
    }
    let location = match sheet {
        Some(name) => Location::sheet(path, name),
        None => Location::file(path),
    };
    Error::at(
        location,
        SheetMsg::NoHeader {
            wanted: wanted.join(&SheetMsg::And.to_string()),
            rows: HEADER_SEARCH_ROWS,
            found,
        },
    )
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

/// Per (row, column) where a merge below the header starts: the last
/// column it covers. Regions that span one column are left out.
fn horizontal_spans(merges: &[Dimensions], header_row: u32) -> HashMap<(u32, u32), u32> {
    merges
        .iter()
        .filter(|m| m.start.0 > header_row && m.end.1 > m.start.1)
        .map(|m| (m.start, m.end.1))
        .collect()
}

fn read_rows(
    path: &Path,
    matched: Matched,
    choice: SheetChoice,
    hidden: Hidden,
    diags: &mut Diagnostics,
) -> Result<Table> {
    let Matched {
        name: sheet,
        grid,
        found,
        title,
    } = matched;
    let Some(mut grid) = grid else {
        return Err(Error::at(Location::file(path), SheetMsg::NoSheets));
    };
    let sheet = sheet.as_str();
    let header_row = found.bottom;
    let mut columns = found.columns;
    let (last_row, _) = grid.range.end().unwrap_or((0, 0));
    let origin = grid.range.start().unwrap_or((0, 0));
    // Generated names for columns with data and no header text, hidden
    // columns marked; each with a warning.
    let mut used: HashSet<String> = columns
        .iter()
        .filter(|c| !c.generated)
        .map(|c| c.name.clone())
        .collect();
    for c in columns.iter_mut() {
        let letter = column_name(c.col);
        if c.generated {
            let mut name = format!("{letter}列");
            let mut n = 2;
            while used.contains(&name) {
                name = format!("{letter}列{n}");
                n += 1;
            }
            used.insert(name.clone());
            c.name = name;
            diags.warn(
                Location::cell(path, sheet, header_row, c.col),
                SheetMsg::NamelessColumn {
                    column: letter.clone(),
                    name: c.name.clone(),
                },
            );
        }
        if grid.extras.column_hidden(c.col) {
            c.hidden = true;
            if hidden == Hidden::Omit {
                diags.warn(
                    Location::cell(path, sheet, header_row, c.col),
                    SheetMsg::HiddenColumn {
                        column: letter,
                        name: cell::escape_invisible(&c.joined()),
                    },
                );
            }
        }
    }
    // Warnings about the header cells themselves.
    for r in found.top..=header_row {
        for c in &columns {
            warn_cell(path, sheet, &grid, (r, c.col), &mut HashSet::new(), diags);
        }
    }
    let spans = vertical_spans(&grid.merges, header_row);
    let across = horizontal_spans(&grid.merges, header_row);
    let mut rows = Vec::new();
    let mut warned: HashSet<(u32, u32)> = HashSet::new();
    let mut text_bytes = 0usize;
    for row in header_row.saturating_add(1)..=last_row {
        let mut cells = Vec::with_capacity(columns.len());
        let mut sources = Vec::with_capacity(columns.len());
        for c in &columns {
            let source = (merged_source(spans.get(&c.col), row), c.col);
            let percent = grid.percent_at(source);
            // A text in a column without merges down it is read once: it
            // is taken from the sheet rather than copied.
            let once = !spans.contains_key(&c.col)
                && matches!(grid.range.get_value(source), Some(Data::String(_)));
            let (text, removed) = if once {
                let at = (
                    (source.0 - origin.0) as usize,
                    (source.1 - origin.1) as usize,
                );
                cell::cell_text_taken(std::mem::take(&mut grid.range[at]), percent)
            } else {
                let data = grid.range.get_value(source).unwrap_or(&Data::Empty);
                cell::cell_text_formatted(data, percent)
            };
            if removed && warned.insert(source) {
                diags.warn(
                    Location::cell(path, sheet, source.0, source.1),
                    SheetMsg::ControlCharacters,
                );
            }
            // Counted as each cell is made (a merged value once per row it
            // spans): the table never grows past the limit.
            text_bytes += text.len();
            if text_bytes > limits::MAX_TABLE_TEXT_BYTES {
                return Err(Error::at(
                    Location::cell(path, sheet, row, c.col),
                    SheetMsg::TooMuchText {
                        max: limits::MAX_TABLE_TEXT_BYTES >> 20,
                    },
                ));
            }
            cells.push(text);
            sources.push(source.0);
        }
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        if grid.extras.hidden_rows.contains(&row) && hidden == Hidden::Omit {
            let text: Vec<&str> = cells
                .iter()
                .filter(|c| !c.is_empty())
                .map(String::as_str)
                .collect();
            diags.warn(
                Location::row(path, sheet, row),
                SheetMsg::HiddenRow {
                    text: shorten(&text.join(" "), 30),
                },
            );
            continue;
        }
        for (c, &source) in columns.iter().zip(&sources) {
            warn_cell(path, sheet, &grid, (source, c.col), &mut warned, diags);
        }
        let spans_across = columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let covered = columns[..i].iter().any(|left| {
                    across
                        .get(&(row, left.col))
                        .is_some_and(|&end| end >= c.col)
                });
                if covered {
                    0
                } else {
                    match across.get(&(row, c.col)) {
                        Some(&end) => columns[i..].iter().take_while(|x| x.col <= end).count(),
                        None => 1,
                    }
                }
            })
            .collect();
        rows.push(RawRow {
            row,
            cells,
            sources,
            across: spans_across,
        });
    }
    let choice = SheetChoice { ..choice };
    Ok(Table {
        file: path.to_path_buf(),
        sheet: sheet.to_string(),
        header_top: found.top,
        header_row,
        columns,
        roles: found.roles,
        rows,
        title,
        choice,
    })
}

/// Warns about a cell's value once: an error value (`#N/A`, `#SPILL!`), a
/// formula with no saved value.
fn warn_cell(
    path: &Path,
    sheet: &str,
    grid: &Grid,
    pos: (u32, u32),
    warned: &mut HashSet<(u32, u32)>,
    diags: &mut Diagnostics,
) {
    let at = || Location::cell(path, sheet, pos.0, pos.1);
    if let Some(text) = grid.extras.errors.get(&pos) {
        if warned.insert(pos) {
            diags.warn(
                at(),
                SheetMsg::ErrorValue {
                    value: text.clone(),
                },
            );
        }
    } else if let Some(Data::Error(e)) = grid.range.get_value(pos) {
        if warned.insert(pos) {
            diags.warn(
                at(),
                SheetMsg::ErrorValue {
                    value: e.to_string(),
                },
            );
        }
    } else if grid.extras.uncached.contains(&pos) && warned.insert(pos) {
        diags.warn(at(), SheetMsg::UncachedFormula);
    }
}

/// At most `max` characters, with `…` when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max).collect();
        s.push('…');
        s
    }
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
