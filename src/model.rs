//! The progress model: the attachment table as plain data (rows of text,
//! each row's sections), with the statistics a body template may quote.
//!
//! No I/O happens here; [`Progress::from_table`] takes what the sheet
//! stage read and decides which rows are tasks.

use crate::diag::Diagnostics;
use crate::messages::SheetMsg;
use crate::sheet::Table;
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

/// Words in a status that mark a task as lagging behind.
pub const LAGGING_MARKERS: &[&str] = &["进展较慢", "滞后", "未完成"];

/// Name under which rows with no section are grouped.
pub const UNASSIGNED: &str = "未分配";

/// The attachment table.
#[derive(Debug, Clone)]
pub struct Progress {
    /// Header names in sheet order.
    pub columns: Vec<String>,
    /// Which column plays which role.
    pub roles: crate::sheet::RoleColumns,
    /// The task rows in sheet order.
    pub rows: Vec<Row>,
}

/// One task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based sheet row, for messages.
    pub sheet_row: u32,
    /// Cell texts parallel to [`Progress::columns`].
    pub cells: Vec<String>,
    /// The sections named in the sections cell, in order, without repeats.
    pub sections: Vec<String>,
}

impl Progress {
    /// Builds the model from the table: blank rows are already gone; a row
    /// without a task but with other text (a 填表人 footer, a note) is
    /// skipped with a warning; a task whose status is empty is kept, with a
    /// warning.
    pub fn from_table(table: &Table, diags: &mut Diagnostics) -> Progress {
        let roles = table.roles;
        let mut rows = Vec::with_capacity(table.rows.len());
        for raw in &table.rows {
            let task = &raw.cells[roles.task];
            if task.is_empty() {
                let text: String = raw
                    .cells
                    .iter()
                    .filter(|c| !c.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" ");
                diags.warn(
                    table.row_location(raw.row),
                    SheetMsg::RowSkipped {
                        text: shorten(&text, 30),
                    },
                );
                continue;
            }
            if raw.cells[roles.status].is_empty() {
                diags.warn(
                    table.cell_location(raw.row, roles.status),
                    SheetMsg::EmptyStatus {
                        column: table.columns[roles.status].name.clone(),
                    },
                );
            }
            let sections = roles
                .sections
                .map(|i| split_sections(&raw.cells[i]))
                .unwrap_or_default();
            rows.push(Row {
                sheet_row: raw.row + 1,
                cells: raw.cells.clone(),
                sections,
            });
        }
        Progress {
            columns: table.columns.iter().map(|c| c.name.clone()).collect(),
            roles,
            rows,
        }
    }

    /// The task text of a row.
    pub fn task<'a>(&self, row: &'a Row) -> &'a str {
        &row.cells[self.roles.task]
    }

    /// The status text of a row.
    pub fn status<'a>(&self, row: &'a Row) -> &'a str {
        &row.cells[self.roles.status]
    }

    /// The responsible units of a row, or "" when the sheet has no such column.
    pub fn units<'a>(&self, row: &'a Row) -> &'a str {
        self.roles.units.map_or("", |i| &row.cells[i])
    }

    /// Section names in order of first appearance. Rows without a section
    /// are not counted here; see [`Progress::unassigned`].
    pub fn sections(&self) -> Vec<String> {
        self.section_counts().into_iter().map(|(s, _)| s).collect()
    }

    /// Each section with the number of rows that name it, in order of first
    /// appearance; one pass, however many sections there are.
    fn section_counts(&self) -> Vec<(String, usize)> {
        let mut index: std::collections::HashMap<&str, usize> = Default::default();
        let mut counts: Vec<(String, usize)> = Vec::new();
        for row in &self.rows {
            for (i, s) in row.sections.iter().enumerate() {
                if row.sections[..i].contains(s) {
                    continue; // counted once per row
                }
                let at = *index.entry(s).or_insert_with(|| {
                    counts.push((s.clone(), 0));
                    counts.len() - 1
                });
                counts[at].1 += 1;
            }
        }
        counts
    }

    /// Rows that name no section.
    pub fn unassigned(&self) -> usize {
        self.rows.iter().filter(|r| r.sections.is_empty()).count()
    }

    /// Whether a row belongs to `section`. Rows that name no section belong
    /// to [`UNASSIGNED`] (as do rows that name a section called 未分配).
    pub fn row_in_section(row: &Row, section: &str) -> bool {
        row.sections.iter().any(|s| s == section)
            || (section == UNASSIGNED && row.sections.is_empty())
    }

    /// The same table with only the rows of `section`, in sheet order (see
    /// [`Progress::row_in_section`]). Columns and roles are unchanged.
    pub fn filter_section(&self, section: &str) -> Progress {
        Progress {
            columns: self.columns.clone(),
            roles: self.roles,
            rows: self
                .rows
                .iter()
                .filter(|r| Progress::row_in_section(r, section))
                .cloned()
                .collect(),
        }
    }

    /// The statistics a body template may quote.
    pub fn stats(&self) -> Stats {
        let per_section = self.section_counts();
        Stats {
            rows: self.rows.len(),
            sections: per_section.len(),
            per_section,
            with_percent: self
                .rows
                .iter()
                .filter(|r| reports_percentage(self.status(r)))
                .count(),
            lagging: self
                .rows
                .iter()
                .filter(|r| is_lagging(self.status(r)))
                .count(),
        }
    }

    /// A view of a row for templates: task, units, status, sections, cells.
    pub fn row_view<'a>(&'a self, row: &'a Row) -> RowView<'a> {
        RowView { model: self, row }
    }
}

/// Counts for the body template (`stats.rows`, `stats.lagging`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    /// Task rows.
    pub rows: usize,
    /// Distinct sections.
    pub sections: usize,
    /// Rows per section, in order of first appearance.
    pub per_section: Vec<(String, usize)>,
    /// Rows whose status reports a percentage.
    pub with_percent: usize,
    /// Rows whose status says the task lags (进展较慢, 滞后, 未完成).
    pub lagging: usize,
}

impl Serialize for Stats {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct PerSection<'a>(&'a [(String, usize)]);
        impl Serialize for PerSection<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.len()))?;
                for (k, v) in self.0 {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
        let mut s = serializer.serialize_struct("Stats", 5)?;
        s.serialize_field("rows", &self.rows)?;
        s.serialize_field("sections", &self.sections)?;
        s.serialize_field("per_section", &PerSection(&self.per_section))?;
        s.serialize_field("with_percent", &self.with_percent)?;
        s.serialize_field("lagging", &self.lagging)?;
        s.end()
    }
}

/// A row as a template sees it.
pub struct RowView<'a> {
    model: &'a Progress,
    row: &'a Row,
}

impl Serialize for RowView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Cells<'a>(&'a [String], &'a [String]);
        impl Serialize for Cells<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.len()))?;
                for (k, v) in self.0.iter().zip(self.1) {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
        let m = self.model;
        let mut s = serializer.serialize_struct("Row", 6)?;
        s.serialize_field("task", m.task(self.row))?;
        s.serialize_field("units", m.units(self.row))?;
        s.serialize_field("status", m.status(self.row))?;
        s.serialize_field("sections", &self.row.sections)?;
        s.serialize_field("cells", &Cells(&m.columns, &self.row.cells))?;
        s.serialize_field("row", &self.row.sheet_row)?;
        s.end()
    }
}

/// Splits a sections cell: names separated by newlines, 、, ，, commas,
/// semicolons or spaces. Repeats are dropped.
pub fn split_sections(cell: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in cell.split(|c: char| {
        matches!(
            c,
            '\n' | '\r' | '、' | '，' | ',' | '；' | ';' | '\u{3000}' | '\u{00A0}'
        ) || c.is_whitespace()
    }) {
        let name = part.trim();
        if !name.is_empty() && !out.iter().any(|s| s == name) {
            out.push(name.to_string());
        }
    }
    out
}

/// Whether a status reports a percentage (`52%`, `17.2%，进展较慢`).
pub fn reports_percentage(status: &str) -> bool {
    let mut previous_digit = false;
    status.chars().any(|c| {
        let hit = previous_digit && matches!(c, '%' | '％');
        previous_digit = c.is_ascii_digit();
        hit
    })
}

/// Whether a status says the task lags.
pub fn is_lagging(status: &str) -> bool {
    LAGGING_MARKERS.iter().any(|m| status.contains(m))
}

fn shorten(text: &str, max: usize) -> String {
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
    fn sections_split_on_every_separator_a_clerk_uses() {
        assert_eq!(
            split_sections("社会科\n工业科\n财贸科"),
            ["社会科", "工业科", "财贸科"]
        );
        assert_eq!(split_sections("重点办、投资科"), ["重点办", "投资科"]);
        assert_eq!(
            split_sections("规划科，投资科,法规科"),
            ["规划科", "投资科", "法规科"]
        );
        assert_eq!(
            split_sections("规划科 投资科\u{3000}投资科"),
            ["规划科", "投资科"]
        );
        assert_eq!(split_sections("  "), Vec::<String>::new());
    }

    #[test]
    fn filtering_by_section_keeps_sheet_order_and_shared_rows() {
        let row = |n: u32, sections: &[&str]| Row {
            sheet_row: n,
            cells: vec![format!("任务{n}"), String::new()],
            sections: sections.iter().map(|s| s.to_string()).collect(),
        };
        let model = Progress {
            columns: vec!["工作任务".into(), "完成情况".into()],
            roles: crate::sheet::RoleColumns {
                task: 0,
                units: None,
                status: 1,
                sections: None,
            },
            rows: vec![
                row(3, &["社会科", "工业科"]),
                row(4, &["工业科"]),
                row(5, &[]),
                row(6, &["社会科"]),
            ],
        };
        let rows = |s: &str| -> Vec<u32> {
            model
                .filter_section(s)
                .rows
                .iter()
                .map(|r| r.sheet_row)
                .collect()
        };
        assert_eq!(rows("社会科"), [3, 6]);
        assert_eq!(rows("工业科"), [3, 4]);
        assert_eq!(rows(UNASSIGNED), [5]);
        assert_eq!(rows("无此科"), Vec::<u32>::new());
        assert_eq!(model.filter_section("社会科").columns, model.columns);
    }

    #[test]
    fn percentages_and_lagging_are_recognised() {
        assert!(reports_percentage("52%"));
        assert!(reports_percentage("17.2%,进展较慢"));
        assert!(!reports_percentage("已完成"));
        assert!(is_lagging("17.2%,进展较慢"));
        assert!(is_lagging("项目滞后"));
        assert!(!is_lagging("52%"));
    }
}
