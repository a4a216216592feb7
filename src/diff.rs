//! Comparing two versions of the spreadsheet, task by task: which rows were
//! added, removed, changed or moved, which fields changed, and which
//! sections' extracts therefore differ.
//!
//! Only tasks are compared (group headings and totals are not). Tasks are
//! matched by their task text, normalised (width, spaces and punctuation
//! do not count); when a text occurs several times, the n-th occurrence in
//! one version is matched with the n-th in the other. A task whose text
//! was edited is then matched, between the same matched neighbours, with
//! the most similar one left (or the one with its 序号). A 序号 that
//! changed only because rows were added or removed is reported once, as a
//! renumbering, not as a change of every row. Fields are matched by column
//! name, so a column moved in the sheet still compares with itself.

use crate::diag::Diagnostics;
use crate::error::Result;
use crate::job::Columns;
use crate::model::{Progress, Row};
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
    Progress::from_table(&table, diags)
}

/// Reads one version with every option; returns the model and the table
/// (whose `sheet` and `choice` say which sheet was compared).
pub fn read_version_with(
    path: &Path,
    options: &sheet::ReadOptions<'_>,
    diags: &mut Diagnostics,
) -> Result<(Progress, sheet::Table)> {
    let table = sheet::read_table_with(path, options, diags)?;
    Ok((Progress::from_table(&table, diags)?, table))
}

/// The differences between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// How rows are named in the report: `序号` when both versions have
    /// one, else `task`. (Rows are matched by task text first.)
    pub key: String,
    /// The sheet compared in the old version (`""` for CSV; set by the caller).
    pub old_sheet: String,
    /// The sheet compared in the new version.
    pub new_sheet: String,
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
    /// 序号 changed in matched rows (rows were added or removed above
    /// them): reported once, not as changes.
    pub renumbered: Option<Renumbered>,
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
    /// The row's 序号, or `""` when the sheet has none.
    pub key: String,
    /// 1-based sheet row.
    pub row: u32,
    /// The task text.
    pub task: String,
    /// The row's sections ([`Progress::unassigned`] when it names none).
    pub sections: Vec<String>,
}

/// A row whose fields changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changed {
    /// The row's 序号, or `""`.
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

/// 序号 renumbered from one row on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Renumbered {
    /// The first renumbered task's old 序号.
    pub from_old: String,
    /// Its new 序号.
    pub from_new: String,
    /// How many tasks kept their text but not their 序号.
    pub rows: usize,
}

/// A row that moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Moved {
    /// The row's 序号, or `""`.
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
            && self.renumbered.is_none()
    }
}

fn serial_column(model: &Progress) -> Option<usize> {
    model.serial
}

/// A task text for matching: full-width letters and digits folded, white
/// space and punctuation removed.
pub fn normalize_task(text: &str) -> String {
    normalize_header(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// How alike two normalised texts are, 0 to 1: the Dice coefficient of
/// their character pairs (of their characters, for texts of one or two).
fn similarity(a: &str, b: &str) -> f64 {
    let grams = |s: &str| -> Vec<String> {
        let chars: Vec<char> = s.chars().collect();
        if chars.len() < 3 {
            chars.iter().map(|c| c.to_string()).collect()
        } else {
            chars.windows(2).map(|w| w.iter().collect()).collect()
        }
    };
    let (ga, mut gb) = (grams(a), grams(b));
    if ga.is_empty() || gb.is_empty() {
        return 0.0;
    }
    let total = ga.len() + gb.len();
    let mut common = 0usize;
    for g in &ga {
        if let Some(p) = gb.iter().position(|x| x == g) {
            gb.swap_remove(p);
            common += 1;
        }
    }
    2.0 * common as f64 / total as f64
}

fn sections_of(model: &Progress, row: &Row) -> Vec<String> {
    if row.sections.is_empty() {
        vec![model.unassigned.clone()]
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
    let old_rows: Vec<&Row> = old.tasks().collect();
    let new_rows: Vec<&Row> = new.tasks().collect();
    let serial_of = |row: &Row, col: Option<usize>| -> String {
        col.map(|i| row.cells[i].clone()).unwrap_or_default()
    };
    let old_serials: Vec<String> = old_rows
        .iter()
        .map(|r| serial_of(r, serial.map(|s| s.0)))
        .collect();
    let new_serials: Vec<String> = new_rows
        .iter()
        .map(|r| serial_of(r, serial.map(|s| s.1)))
        .collect();

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

    // 1. The same task text (normalised), n-th occurrence with n-th.
    let keyed = |model: &Progress, rows: &[&Row]| -> Vec<(String, usize)> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        rows.iter()
            .map(|r| {
                let text = normalize_task(model.task(r));
                let n = seen.entry(text.clone()).or_insert(0);
                *n += 1;
                (text, *n)
            })
            .collect()
    };
    let old_keys = keyed(old, &old_rows);
    let new_keys = keyed(new, &new_rows);
    let old_index: HashMap<&(String, usize), usize> =
        old_keys.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let mut old_match: Vec<Option<usize>> = vec![None; old_rows.len()];
    let mut new_match: Vec<Option<usize>> = vec![None; new_rows.len()];
    for (j, key) in new_keys.iter().enumerate() {
        if let Some(&i) = old_index.get(key) {
            old_match[i] = Some(j);
            new_match[j] = Some(i);
        }
    }
    // 2. An edited task: between the same matched neighbours, the most
    // similar text left (a 序号 in common counts for it).
    let anchors: Vec<(usize, usize)> = {
        let matched: Vec<(usize, usize)> = new_match
            .iter()
            .enumerate()
            .filter_map(|(j, m)| m.map(|i| (i, j)))
            .collect();
        let keep = longest_increasing(&matched.iter().map(|m| m.0).collect::<Vec<_>>());
        matched
            .into_iter()
            .zip(keep)
            .filter(|(_, k)| *k)
            .map(|(m, _)| m)
            .collect()
    };
    let gap_old = |i: usize| anchors.iter().filter(|a| a.0 < i).count();
    let gap_new = |j: usize| anchors.iter().filter(|a| a.1 < j).count();
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (i, _) in old_match.iter().enumerate().filter(|(_, m)| m.is_none()) {
        for (j, _) in new_match.iter().enumerate().filter(|(_, m)| m.is_none()) {
            if gap_old(i) != gap_new(j) {
                continue;
            }
            let mut score = similarity(&old_keys[i].0, &new_keys[j].0);
            if !old_serials[i].is_empty() && old_serials[i] == new_serials[j] {
                score += 0.2;
            }
            if score >= 0.5 {
                candidates.push((score, i, j));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, i, j) in candidates {
        if old_match[i].is_none() && new_match[j].is_none() {
            old_match[i] = Some(j);
            new_match[j] = Some(i);
        }
    }

    let serial_pair = serial;
    let mut matches: Vec<(usize, usize)> = Vec::new();
    let mut added = Vec::new();
    let mut changed = Vec::new();
    let mut renumbered: Option<Renumbered> = None;
    for (j, row) in new_rows.iter().enumerate() {
        let Some(i) = new_match[j] else {
            added.push(RowRef {
                key: new_serials[j].clone(),
                row: row.sheet_row,
                task: new.task(row).to_string(),
                sections: sections_of(new, row),
            });
            continue;
        };
        matches.push((i, j));
        let old_row = old_rows[i];
        if old_serials[i] != new_serials[j] {
            match renumbered.as_mut() {
                Some(r) => r.rows += 1,
                None => {
                    renumbered = Some(Renumbered {
                        from_old: old_serials[i].clone(),
                        from_new: new_serials[j].clone(),
                        rows: 1,
                    })
                }
            }
        }
        let fields: Vec<FieldChange> = pairs
            .iter()
            .filter(|(oi, nj)| serial_pair != Some((*oi, *nj)))
            .filter(|(oi, nj)| old_row.cells[*oi] != row.cells[*nj])
            .map(|(oi, nj)| FieldChange {
                column: new.columns[*nj].clone(),
                old: old_row.cells[*oi].clone(),
                new: row.cells[*nj].clone(),
            })
            .collect();
        if !fields.is_empty() {
            let mut sections = sections_of(old, old_row);
            merge(&mut sections, &sections_of(new, row));
            changed.push(Changed {
                key: new_serials[j].clone(),
                old_row: old_row.sheet_row,
                new_row: row.sheet_row,
                task: new.task(row).to_string(),
                fields,
                sections,
            });
        }
    }
    let removed: Vec<RowRef> = old_rows
        .iter()
        .enumerate()
        .filter(|(i, _)| old_match[*i].is_none())
        .map(|(i, row)| RowRef {
            key: old_serials[i].clone(),
            row: row.sheet_row,
            task: old.task(row).to_string(),
            sections: sections_of(old, row),
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
            let row = new_rows[j];
            let mut sections = sections_of(old, old_rows[i]);
            merge(&mut sections, &sections_of(new, row));
            Moved {
                key: new_serials[j].clone(),
                old_row: old_rows[i].sheet_row,
                new_row: row.sheet_row,
                task: new.task(row).to_string(),
                sections,
            }
        })
        .collect();

    let mut sections = Vec::new();
    if !columns.is_empty() {
        // Every extract shows the columns.
        for row in &old_rows {
            merge(&mut sections, &sections_of(old, row));
        }
        for row in &new_rows {
            merge(&mut sections, &sections_of(new, row));
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
    // A renumbered task shows its new 序号 in its section's extract.
    for &(i, j) in &matches {
        if old_serials[i] != new_serials[j] {
            merge(&mut sections, &sections_of(new, new_rows[j]));
        }
    }

    Diff {
        key: if serial.is_some() {
            SERIAL_COLUMN.to_string()
        } else {
            "task".to_string()
        },
        old_sheet: String::new(),
        new_sheet: String::new(),
        columns,
        added,
        removed,
        changed,
        moved,
        renumbered,
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
            groups: vec![Vec::new(); columns.len()],
            hidden: vec![false; columns.len()],
            serial: columns.iter().position(|c| *c == "序号"),
            unassigned: crate::model::UNASSIGNED.to_string(),
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
                    kind: crate::model::RowKind::Task,
                    sub_rows: Vec::new(),
                    groups: Vec::new(),
                    level: 0,
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
        assert_eq!(d.removed[0].sections, [crate::model::UNASSIGNED]);
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
    fn a_deleted_task_and_renumbering_are_reported_once() {
        let cols = &["序号", "任务", "完成情况"];
        let a = model(
            cols,
            &[
                &["1", "修建道路", "50%"],
                &["2", "建设学校", "开工"],
                &["3", "改造危桥", "完成"],
                &["4", "新建公园", "设计"],
                &["5", "整治河道", "招标"],
            ],
            None,
        );
        // 建设学校 deleted, 序号 renumbered, 改造危桥 reworded, 整治河道's
        // status edited, 植树造林 added.
        let b = model(
            cols,
            &[
                &["1", "修建道路", "50%"],
                &["2", "改造城区危桥", "完成"],
                &["3", "新建公园", "设计"],
                &["4", "整治河道", "施工"],
                &["5", "植树造林", "启动"],
            ],
            None,
        );
        let d = diff(&a, &b);
        assert_eq!(d.changed.len(), 2, "{d:#?}");
        assert_eq!(d.changed[0].fields[0].new, "改造城区危桥");
        assert_eq!(
            d.changed[1].fields,
            [FieldChange {
                column: "完成情况".into(),
                old: "招标".into(),
                new: "施工".into()
            }]
        );
        assert_eq!(d.added.len(), 1);
        assert_eq!(d.added[0].task, "植树造林");
        assert_eq!(d.removed.len(), 1);
        assert_eq!(d.removed[0].task, "建设学校");
        assert!(d.moved.is_empty(), "{d:#?}");
        assert_eq!(
            d.renumbered,
            Some(Renumbered {
                from_old: "3".into(),
                from_new: "2".into(),
                rows: 3
            })
        );
    }

    #[test]
    fn task_texts_match_across_width_spaces_and_punctuation() {
        assert_eq!(
            normalize_task("推进“双创”， 建设 ABC１２"),
            normalize_task("推进双创,建设ABC12。")
        );
        let a = model(COLS, &[&["推进“双创”建设", "50%", "a"]], Some(2));
        let b = model(COLS, &[&["推进\"双创\"建设。", "50%", "a"]], Some(2));
        let d = diff(&a, &b);
        assert_eq!(d.changed.len(), 1);
        assert!(d.added.is_empty() && d.removed.is_empty());
    }

    #[test]
    fn longest_increasing_keeps_the_most_rows_in_place() {
        assert_eq!(longest_increasing(&[0, 1, 2]), [true, true, true]);
        assert_eq!(longest_increasing(&[1, 2, 0]), [true, true, false]);
        assert_eq!(longest_increasing(&[2, 0, 1]), [false, true, true]);
        assert_eq!(longest_increasing(&[]), Vec::<bool>::new());
    }
}
