//! Finding the header of the table: one, two or three rows, with group
//! cells merged over the columns they head.
//!
//! A header row that matches the required roles may be followed by rows
//! that continue it (the sub-names under a group cell: 完成情况 over
//! 进展 | 存在问题) and preceded by rows that head it (a group row whose cells
//! are merged over some of the columns, or merged down into it). Every
//! column is named by its lowest header cell; the cells above it are its
//! groups, so it also answers to the joined name (`完成情况/进展`). A column
//! that holds data but has no header text is kept under a generated name.
//!
//! A group cell is recognised by a merge over two or more (but not all) of
//! the columns, or, where the format has no merges (CSV) or the clerk
//! centred the text across the cells, by a text followed by empty cells
//! whose lower row holds names. A title (one text in the row) or a label
//! with a colon (`填报单位：…`) is never a header row.

use super::cell;
use super::columns::{is_numeric_text, normalize_header, Role};
use super::{Column, RoleColumns};
use crate::job::Columns;
use calamine::{Data, Dimensions, Range};

/// Rows a header may take.
pub const MAX_HEADER_ROWS: u32 = 3;

/// Longest group-cell text: anything longer is a title.
const MAX_GROUP_CHARS: usize = 16;

/// A header found: its first and last row (0-based, absolute), the
/// columns, and which column plays which role.
#[derive(Debug, Clone)]
pub struct Found {
    /// The first header row.
    pub top: u32,
    /// The lowest header row; data starts below it.
    pub bottom: u32,
    /// The columns in sheet order.
    pub columns: Vec<Column>,
    /// The roles.
    pub roles: RoleColumns,
}

/// The cells of the top of a sheet, with merges expanded.
pub struct Top<'a> {
    range: &'a Range<Data>,
    /// Merged regions that touch the rows searched.
    merges: Vec<Dimensions>,
    first_col: u32,
    last_col: u32,
    last_row: u32,
}

impl<'a> Top<'a> {
    /// The first `rows` rows of `range` (plus room for a header's lower rows).
    pub fn new(range: &'a Range<Data>, merges: &[Dimensions], rows: u32) -> Option<Top<'a>> {
        let (r0, c0) = range.start()?;
        let (r1, c1) = range.end()?;
        let reach = r0.saturating_add(rows + MAX_HEADER_ROWS);
        Some(Top {
            range,
            merges: merges
                .iter()
                .filter(|m| m.start.0 <= reach)
                .copied()
                .collect(),
            first_col: c0,
            last_col: c1,
            last_row: r1,
        })
    }

    /// The text of a cell as typed (no merge expansion).
    pub fn raw(&self, row: u32, col: u32) -> String {
        self.range
            .get_value((row, col))
            .map(|d| cell::cell_text(d).0)
            .unwrap_or_default()
    }

    fn region(&self, row: u32, col: u32) -> Option<&Dimensions> {
        self.merges
            .iter()
            .find(|m| m.start.0 <= row && row <= m.end.0 && m.start.1 <= col && col <= m.end.1)
    }

    /// The text a cell shows: a merged cell shows its region's value.
    pub fn shown(&self, row: u32, col: u32) -> String {
        match self.region(row, col) {
            Some(m) => self.raw(m.start.0, m.start.1),
            None => self.raw(row, col),
        }
    }

    fn cols(&self) -> std::ops::RangeInclusive<u32> {
        self.first_col..=self.last_col
    }

    /// Whether a cell is covered by a merge that starts above it.
    fn covered_from_above(&self, row: u32, col: u32) -> bool {
        self.region(row, col).is_some_and(|m| m.start.0 < row)
    }

    /// Whether the cell `(row, col)` heads a group: it is merged over two or
    /// more columns (not the whole width), or (no merge) it holds a text and
    /// the next cells to its right are empty while the row below has names
    /// under them. Titles and `label：value` texts never head a group.
    fn group_extent(&self, row: u32, col: u32) -> Option<(u32, u32)> {
        let text = self.shown(row, col);
        if text.is_empty() || text.chars().count() > MAX_GROUP_CHARS || text.contains(['：', ':'])
        {
            return None;
        }
        if let Some(m) = self.region(row, col) {
            let wide = m.end.1 > m.start.1;
            let whole = m.start.1 <= self.first_col && m.end.1 >= self.last_col;
            return (wide && !whole).then_some((m.start.1, m.end.1));
        }
        let below = row + 1;
        let mut end = col;
        while end < self.last_col
            && self.raw(row, end + 1).is_empty()
            && self.region(row, end + 1).is_none()
            && !self.raw(below, end + 1).is_empty()
        {
            end += 1;
        }
        (end > col && !self.raw(below, col).is_empty()).then_some((col, end))
    }

    /// Distinct texts of a row, a merged region counted once.
    fn texts_in_row(&self, row: u32) -> usize {
        self.cols()
            .filter(|&c| match self.region(row, c) {
                Some(m) => m.start == (row, c) && !self.raw(row, c).is_empty(),
                None => !self.raw(row, c).is_empty(),
            })
            .count()
    }

    /// Whether `row + 1` continues the header that ends at `row`: it has
    /// names under a group cell of `row`, and no cell of it stands under a
    /// plain name of `row` (as a data row would).
    fn continues(&self, row: u32) -> bool {
        let below = row + 1;
        if below > self.last_row || self.texts_in_row(row) < 2 {
            return false;
        }
        let groups: Vec<(u32, u32)> = self
            .cols()
            .filter_map(|c| self.group_extent(row, c))
            .collect();
        let under_group = |c: u32| groups.iter().any(|&(a, b)| a <= c && c <= b);
        let mut any = false;
        for c in self.cols() {
            if self.raw(below, c).is_empty() || self.covered_from_above(below, c) {
                continue;
            }
            if under_group(c) {
                any = true;
            } else if !self.shown(row, c).is_empty() {
                return false;
            }
        }
        any
    }

    /// Whether `row - 1` heads the header that starts at `row`: a merge
    /// crosses from it into `row`, or it has a merged group cell over names
    /// of `row`; and it is not a title.
    fn heads(&self, row: u32) -> bool {
        let Some(above) = row.checked_sub(1) else {
            return false;
        };
        if above < self.range.start().map_or(0, |s| s.0) || self.texts_in_row(above) < 2 {
            return false;
        }
        let crossing = self
            .merges
            .iter()
            .any(|m| m.start.0 <= above && m.end.0 >= row && m.start.1 >= self.first_col);
        let group = self
            .cols()
            .any(|c| self.region(above, c).is_some() && self.group_extent(above, c).is_some());
        crossing || group
    }

    /// The columns of the header rows `top..=bottom`: every column with a
    /// header text or with data below; each named by its lowest text, its
    /// groups the texts above.
    fn columns(&self, top: u32, bottom: u32) -> Vec<Column> {
        let mut out = Vec::new();
        for c in self.cols() {
            let mut chain: Vec<String> = Vec::new();
            for r in top..=bottom {
                let mut text = self.shown(r, c);
                if text.is_empty() && r < bottom {
                    // A group cell to the left that reaches over this column
                    // (text centred across unmerged cells).
                    text = (self.first_col..c)
                        .rev()
                        .find(|&left| !self.shown(r, left).is_empty())
                        .filter(|&left| self.group_extent(r, left).is_some_and(|(_, end)| end >= c))
                        .map(|left| self.shown(r, left))
                        .unwrap_or_default();
                }
                let text = cell::strip_invisible(&text);
                if !text.is_empty() && chain.last() != Some(&text) {
                    chain.push(text);
                }
            }
            let has_data = || {
                (bottom + 1..=self.last_row).any(|r| {
                    self.range
                        .get_value((r, c))
                        .is_some_and(|d| !matches!(d, Data::Empty))
                })
            };
            match chain.pop() {
                Some(name) => out.push(Column {
                    name,
                    col: c,
                    groups: chain,
                    hidden: false,
                    generated: false,
                }),
                None if has_data() => out.push(Column {
                    name: String::new(),
                    col: c,
                    groups: Vec::new(),
                    hidden: false,
                    generated: true,
                }),
                None => {}
            }
        }
        out
    }
}

/// Finds the header in the first `search` rows. On failure, returns the
/// most header-like block's names as read (joined), for the message.
pub fn find(
    top: &Top<'_>,
    search: u32,
    configured: &Columns,
) -> std::result::Result<Found, Vec<String>> {
    let Some((first_row, _)) = top.range.start() else {
        return Err(Vec::new());
    };
    let mut best: Vec<String> = Vec::new();
    let last = first_row.saturating_add(search).min(top.last_row + 1);
    for row in first_row..last {
        let mut bottom = row;
        while bottom - row + 1 < MAX_HEADER_ROWS && top.continues(bottom) {
            bottom += 1;
        }
        let mut first = row;
        while bottom - first + 1 < MAX_HEADER_ROWS && first > first_row && top.heads(first) {
            first -= 1;
        }
        let columns = top.columns(first, bottom);
        let named: Vec<&Column> = columns.iter().filter(|c| !c.generated).collect();
        if named.len() > best.len() {
            best = named
                .iter()
                .map(|c| cell::escape_invisible(&raw_joined(top, first, bottom, c.col)))
                .collect();
        }
        if let Some(roles) = match_roles(top, bottom, &columns, configured) {
            return Ok(Found {
                top: first,
                bottom,
                columns,
                roles,
            });
        }
    }
    Err(best)
}

/// A column's header texts as read (invisible characters kept), joined.
fn raw_joined(top: &Top<'_>, first: u32, bottom: u32, col: u32) -> String {
    let mut chain: Vec<String> = Vec::new();
    for r in first..=bottom {
        let t = top.shown(r, col);
        if !t.is_empty() && chain.last() != Some(&t) {
            chain.push(t);
        }
    }
    chain.join("/")
}

/// How well a column names a role: 3 the configured name, 2 a usual name,
/// 1 a name of the usual pattern (`…完成情况`), 0 not at all.
fn score(role: Role, column: &Column, configured: &Columns) -> u8 {
    if column.generated {
        return 0;
    }
    let joined = column.joined();
    if let Some(name) = role.configured(configured) {
        let want = normalize_header(name);
        return if want == normalize_header(&column.name) || want == normalize_header(&joined) {
            3
        } else {
            0
        };
    }
    [column.name.as_str(), joined.as_str()]
        .iter()
        .map(|n| role.score(n))
        .max()
        .unwrap_or(0)
}

/// Whether most of a column's data is numbers or percentages (完成进度 52%).
fn is_numeric_column(top: &Top<'_>, bottom: u32, col: u32) -> bool {
    let (mut numbers, mut all) = (0usize, 0usize);
    for r in bottom + 1..=top.last_row.min(bottom + 200) {
        let t = top.raw(r, col);
        // Error values (#SPILL!, #N/A) say nothing about the column.
        let error = t.starts_with('#') && (t.ends_with('!') || t.ends_with('?') || t == "#N/A");
        if !t.is_empty() && !error {
            all += 1;
            numbers += usize::from(is_numeric_text(&t));
        }
    }
    all > 0 && numbers * 10 >= all * 6
}

fn match_roles(
    top: &Top<'_>,
    bottom: u32,
    columns: &[Column],
    configured: &Columns,
) -> Option<RoleColumns> {
    let find = |role: Role, taken: &[usize]| -> Option<usize> {
        let mut candidates: Vec<(usize, u8)> = columns
            .iter()
            .enumerate()
            .filter(|(i, _)| !taken.contains(i))
            .map(|(i, c)| (i, score(role, c, configured)))
            .filter(|&(_, s)| s > 0)
            .collect();
        if role == Role::Status && candidates.len() > 1 {
            // A text column (推进情况) over a percentage column (完成进度).
            let text: Vec<(usize, u8)> = candidates
                .iter()
                .copied()
                .filter(|&(i, _)| {
                    let name = normalize_header(&columns[i].name);
                    let by_name = ["进度", "完成率", "比例", "百分比"]
                        .iter()
                        .any(|e| name.ends_with(e));
                    !by_name && !is_numeric_column(top, bottom, columns[i].col)
                })
                .collect();
            if !text.is_empty() {
                candidates = text;
            }
        }
        let best = candidates.iter().map(|&(_, s)| s).max();
        let by_name = candidates
            .iter()
            .find(|&&(_, s)| Some(s) == best)
            .map(|&(i, _)| i);
        by_name.or_else(|| {
            // The role names a group: its first column (完成情况 over
            // 主要进展 | 存在问题).
            columns.iter().enumerate().find_map(|(i, c)| {
                let hit = c.groups.iter().any(|g| match role.configured(configured) {
                    Some(name) => normalize_header(name) == normalize_header(g),
                    None => role.score(g) > 0,
                });
                (hit && !taken.contains(&i)).then_some(i)
            })
        })
    };
    let task = find(Role::Task, &[])?;
    let status = find(Role::Status, &[task])?;
    let units = find(Role::Units, &[task, status]);
    let mut taken = vec![task, status];
    taken.extend(units);
    let sections = find(Role::Sections, &taken);
    Some(RoleColumns {
        task,
        units,
        status,
        sections,
    })
}
