//! Comparing two versions of the spreadsheet, task by task: which rows were
//! added, removed, changed or moved, which fields changed, and which
//! sections' extracts therefore differ.
//!
//! Rows are matched by their key: the `序号` column when both versions have
//! one (and the row's 序号 is filled in), else the task text. When a key
//! occurs several times, the n-th occurrence in one version is matched with
//! the n-th in the other. Fields are matched by column name, so a column
//! moved in the sheet still compares with itself.

use crate::diag::Diagnostics;
use crate::error::Result;
use crate::job::Columns;
use crate::model::{Progress, Row, UNASSIGNED};
use crate::sheet::{self, columns::normalize_header};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// The header of the column that numbers the rows.
pub const SERIAL_COLUMN: &str = "序号";

/// Reads one version of the spreadsheet into the progress model.
pub fn read_version(
    path: &Path,
    sheet: Option<&str>,
    columns: &Columns,
    encoding: Option<sheet::Encoding>,
    diags: &mut Diagnostics,
) -> Result<Progress> {
    let table = sheet::read_table(path, sheet, columns, encoding, diags)?;
    Ok(Progress::from_table(&table, diags))
}

/// The differences between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// How rows were matched: `序号` or `task`.
    pub key: String,
    /// Column changes.
    pub columns: ColumnChanges,
    /// Rows only in the new version, in its order.
    pub added: Vec<RowRef>,
    /// Rows only in the old version, in its order.
    pub removed: Vec<RowRef>,
    /// Rows in both whose fields differ, in the new version's order.
    pub changed: Vec<Changed>,
    /// Rows in both, equal, but in another place relative to the others.
    pub moved: Vec<Moved>,
    /// Every section whose extract differs, in order of first mention.
    pub sections: Vec<String>,
}

/// Columns added, removed or put in another order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ColumnChanges {
    /// Header names only in the new version.
    pub added: Vec<String>,
    /// Header names only in the old version.
    pub removed: Vec<String>,
    /// The shared columns stand in another order.
    pub reordered: bool,
}

impl ColumnChanges {
    /// Whether the columns are the same, in the same order.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && !self.reordered
    }
}

/// A row of one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowRef {
    /// The row's key (its 序号, or its task).
    pub key: String,
    /// 1-based sheet row.
    pub row: u32,
    /// The task text.
    pub task: String,
    /// The row's sections ([`UNASSIGNED`] when it names none).
    pub sections: Vec<String>,
}

/// A row whose fields changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changed {
    /// The row's key.
    pub key: String,
    /// 1-based sheet row in the old version.
    pub old_row: u32,
    /// 1-based sheet row in the new version.
    pub new_row: u32,
    /// The task text (new version).
    pub task: String,
    /// The fields that differ, in the new version's column order.
    pub fields: Vec<FieldChange>,
    /// The sections whose extracts this touches: the row's sections in
    /// either version.
    pub sections: Vec<String>,
}

/// One changed cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The column's header (new version).
    pub column: String,
    /// The old text.
    pub old: String,
    /// The new text.
    pub new: String,
}

/// A row that moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Moved {
    /// The row's key.
    pub key: String,
    /// 1-based sheet row in the old version.
    pub old_row: u32,
    /// 1-based sheet row in the new version.
    pub new_row: u32,
    /// The task text.
    pub task: String,
    /// The row's sections.
    pub sections: Vec<String>,
}

impl Diff {
    /// Whether the versions are equal: same columns, same rows in the same
    /// order with the same text.
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.moved.is_empty()
    }
}

/// A row's key: its 序号 or its task, and which occurrence of that text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Serial(String, usize),
    Task(String, usize),
}

impl Key {
    fn text(&self) -> &str {
        match self {
            Key::Serial(s, _) | Key::Task(s, _) => s,
        }
    }
}

fn serial_column(model: &Progress) -> Option<usize> {
    model
        .columns
        .iter()
        .position(|c| normalize_header(c) == SERIAL_COLUMN)
}

fn keys(model: &Progress, serial: Option<usize>) -> Vec<Key> {
    let mut seen: HashMap<(bool, String), usize> = HashMap::new();
    model
        .rows
        .iter()
        .map(|row| {
            let serial_text = serial.map(|i| row.cells[i].as_str()).unwrap_or("");
            let (is_serial, text) = if serial_text.is_empty() {
                (false, model.task(row).to_string())
            } else {
                (true, serial_text.to_string())
            };
            let n = seen.entry((is_serial, text.clone())).or_insert(0);
            *n += 1;
            if is_serial {
                Key::Serial(text, *n)
            } else {
                Key::Task(text, *n)
            }
        })
        .collect()
}

fn sections_of(row: &Row) -> Vec<String> {
    if row.sections.is_empty() {
        vec![UNASSIGNED.to_string()]
    } else {
        row.sections.clone()
    }
}

fn merge(into: &mut Vec<String>, from: &[String]) {
    for s in from {
        if !into.contains(s) {
            into.push(s.clone());
        }
    }
}

/// Compares two versions of the table.
pub fn diff(old: &Progress, new: &Progress) -> Diff {
    let serial = serial_column(old).zip(serial_column(new));
    let old_keys = keys(old, serial.map(|s| s.0));
    let new_keys = keys(new, serial.map(|s| s.1));

    // Columns matched by normalised name, each old column used once.
    let old_names: Vec<String> = old.columns.iter().map(|c| normalize_header(c)).collect();
    let mut used = vec![false; old.columns.len()];
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut columns = ColumnChanges::default();
    for (j, name) in new.columns.iter().enumerate() {
        let norm = normalize_header(name);
        match (0..old_names.len()).find(|&i| !used[i] && old_names[i] == norm) {
            Some(i) => {
                used[i] = true;
                pairs.push((i, j));
            }
            None => columns.added.push(name.clone()),
        }
    }
    for (i, name) in old.columns.iter().enumerate() {
        if !used[i] {
            columns.removed.push(name.clone());
        }
    }
    columns.reordered = pairs.windows(2).any(|w| w[0].0 > w[1].0);

    let old_index: HashMap<&Key, usize> =
        old_keys.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let mut matched_old = vec![false; old.rows.len()];
    let mut matches: Vec<(usize, usize)> = Vec::new();
    let mut added = Vec::new();
    let mut changed = Vec::new();
    for (j, (row, key)) in new.rows.iter().zip(&new_keys).enumerate() {
        let Some(&i) = old_index.get(key) else {
            added.push(RowRef {
                key: key.text().to_string(),
                row: row.sheet_row,
                task: new.task(row).to_string(),
                sections: sections_of(row),
            });
            continue;
        };
        matched_old[i] = true;
        matches.push((i, j));
        let old_row = &old.rows[i];
        let fields: Vec<FieldChange> = pairs
            .iter()
            .filter(|(oi, nj)| old_row.cells[*oi] != row.cells[*nj])
            .map(|(oi, nj)| FieldChange {
                column: new.columns[*nj].clone(),
                old: old_row.cells[*oi].clone(),
                new: row.cells[*nj].clone(),
            })
            .collect();
        if !fields.is_empty() {
            let mut sections = sections_of(old_row);
            merge(&mut sections, &sections_of(row));
            changed.push(Changed {
                key: key.text().to_string(),
                old_row: old_row.sheet_row,
                new_row: row.sheet_row,
                task: new.task(row).to_string(),
                fields,
                sections,
            });
        }
    }
    let removed: Vec<RowRef> = old
        .rows
        .iter()
        .zip(&old_keys)
        .zip(&matched_old)
        .filter(|(_, m)| !**m)
        .map(|((row, key), _)| RowRef {
            key: key.text().to_string(),
            row: row.sheet_row,
            task: old.task(row).to_string(),
            sections: sections_of(row),
        })
        .collect();

    // Rows outside the longest run that kept its relative order moved.
    let order: Vec<usize> = matches.iter().map(|m| m.0).collect();
    let keep = longest_increasing(&order);
    let moved: Vec<Moved> = matches
        .iter()
        .enumerate()
        .filter(|(n, _)| !keep[*n])
        .map(|(_, &(i, j))| {
            let row = &new.rows[j];
            let mut sections = sections_of(&old.rows[i]);
            merge(&mut sections, &sections_of(row));
            Moved {
                key: new_keys[j].text().to_string(),
                old_row: old.rows[i].sheet_row,
                new_row: row.sheet_row,
                task: new.task(row).to_string(),
                sections,
            }
        })
        .collect();

    let mut sections = Vec::new();
    if !columns.is_empty() {
        // Every extract shows the columns.
        for row in old.rows.iter().chain(&new.rows) {
            merge(&mut sections, &sections_of(row));
        }
    }
    for c in &changed {
        merge(&mut sections, &c.sections);
    }
    for r in added.iter().chain(&removed) {
        merge(&mut sections, &r.sections);
    }
    for m in &moved {
        merge(&mut sections, &m.sections);
    }

    Diff {
        key: if serial.is_some() {
            SERIAL_COLUMN.to_string()
        } else {
            "task".to_string()
        },
        columns,
        added,
        removed,
        changed,
        moved,
        sections,
    }
}

/// Marks the members of one longest strictly increasing subsequence.
fn longest_increasing(seq: &[usize]) -> Vec<bool> {
    // tails[k]: index into seq of the smallest tail of a run of length k+1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; seq.len()];
    for (i, &v) in seq.iter().enumerate() {
        let k = tails.partition_point(|&t| seq[t] < v);
        prev[i] = k.checked_sub(1).map(|p| tails[p]);
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut keep = vec![false; seq.len()];
    let mut cur = tails.last().copied();
    while let Some(i) = cur {
        keep[i] = true;
        cur = prev[i];
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::RoleColumns;

    fn model(columns: &[&str], rows: &[&[&str]], sections_col: Option<usize>) -> Progress {
        Progress {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            roles: RoleColumns {
                task: columns
                    .iter()
                    .position(|c| *c == "任务")
                    .expect("task column"),
                units: None,
                status: columns
                    .iter()
                    .position(|c| *c == "完成情况")
                    .expect("status"),
                sections: sections_col,
            },
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, cells)| Row {
                    sheet_row: i as u32 + 2,
                    cells: cells.iter().map(|c| c.to_string()).collect(),
                    sections: sections_col
                        .map(|s| crate::model::split_sections(cells[s]))
                        .unwrap_or_default(),
                })
                .collect(),
        }
    }

    const COLS: &[&str] = &["任务", "完成情况", "科室"];

    #[test]
    fn equal_versions_have_no_differences() {
        let a = model(
            COLS,
            &[&["甲", "50%", "园区科"], &["乙", "完成", ""]],
            Some(2),
        );
        let d = diff(&a, &a.clone());
        assert!(d.is_empty(), "{d:?}");
        assert!(d.sections.is_empty());
        assert_eq!(d.key, "task");
    }

    #[test]
    fn a_changed_status_names_the_field_and_the_sections() {
        let a = model(
            COLS,
            &[&["甲", "50%", "园区科"], &["乙", "完成", "投资科"]],
            Some(2),
        );
        let b = model(
            COLS,
            &[&["甲", "80%", "园区科、规划科"], &["乙", "完成", "投资科"]],
            Some(2),
        );
        let d = diff(&a, &b);
        assert_eq!(d.changed.len(), 1);
        let c = &d.changed[0];
        assert_eq!(c.task, "甲");
        assert_eq!(c.fields.len(), 2);
        assert_eq!(
            c.fields[0],
            FieldChange {
                column: "完成情况".into(),
                old: "50%".into(),
                new: "80%".into()
            }
        );
        assert_eq!(c.sections, ["园区科", "规划科"]);
        assert_eq!(d.sections, ["园区科", "规划科"]);
    }

    #[test]
    fn rows_are_matched_by_serial_number_when_both_have_one() {
        let cols = &["序号", "任务", "完成情况"];
        let a = model(cols, &[&["1", "甲", "x"], &["2", "乙", "y"]], None);
        let b = model(cols, &[&["1", "甲（改）", "x"], &["3", "丙", "z"]], None);
        let d = diff(&a, &b);
        assert_eq!(d.key, "序号");
        assert_eq!(d.changed.len(), 1);
        assert_eq!(d.changed[0].fields[0].new, "甲（改）");
        assert_eq!(d.added.len(), 1);
        assert_eq!(d.added[0].key, "3");
        assert_eq!(d.removed.len(), 1);
        assert_eq!(d.removed[0].task, "乙");
        assert_eq!(d.removed[0].sections, [UNASSIGNED]);
    }

    #[test]
    fn repeated_tasks_match_in_order() {
        let a = model(COLS, &[&["甲", "1", ""], &["甲", "2", ""]], Some(2));
        let b = model(COLS, &[&["甲", "1", ""], &["甲", "3", ""]], Some(2));
        let d = diff(&a, &b);
        assert_eq!(d.changed.len(), 1);
        assert_eq!(d.changed[0].old_row, 3);
        assert!(d.added.is_empty() && d.removed.is_empty());
    }

    #[test]
    fn a_moved_row_is_reported_once() {
        let rows_a: &[&[&str]] = &[&["甲", "1", "a"], &["乙", "2", "b"], &["丙", "3", "c"]];
        let rows_b: &[&[&str]] = &[&["乙", "2", "b"], &["丙", "3", "c"], &["甲", "1", "a"]];
        let d = diff(&model(COLS, rows_a, Some(2)), &model(COLS, rows_b, Some(2)));
        assert_eq!(d.moved.len(), 1, "{d:?}");
        assert_eq!(d.moved[0].task, "甲");
        assert_eq!(d.sections, ["a"]);
        assert!(!d.is_empty());
    }

    #[test]
    fn an_added_column_touches_every_section() {
        let a = model(COLS, &[&["甲", "1", "a"], &["乙", "2", "b"]], Some(2));
        let b = model(
            &["任务", "完成情况", "科室", "备注"],
            &[&["甲", "1", "a", ""], &["乙", "2", "b", ""]],
            Some(2),
        );
        let d = diff(&a, &b);
        assert_eq!(d.columns.added, ["备注"]);
        assert!(d.changed.is_empty());
        assert_eq!(d.sections, ["a", "b"]);
    }

    #[test]
    fn longest_increasing_keeps_the_most_rows_in_place() {
        assert_eq!(longest_increasing(&[0, 1, 2]), [true, true, true]);
        assert_eq!(longest_increasing(&[1, 2, 0]), [true, true, false]);
        assert_eq!(longest_increasing(&[2, 0, 1]), [false, true, true]);
        assert_eq!(longest_increasing(&[]), Vec::<bool>::new());
    }
}
