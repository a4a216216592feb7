//! The progress model: the attachment table as plain data (rows of text,
//! each row's kind and sections), with the statistics a body template may
//! quote.
//!
//! No I/O happens here; [`Progress::from_table`] takes what the sheet
//! stage read and decides what each row is:
//!
//! - a **task**: a row with a task text; a task whose task cell (and
//!   序号) is merged down over several rows that carry their own status or
//!   section is one task with those rows as its [`SubRow`]s: their
//!   statuses kept, their sections united;
//! - a **group heading**: 序号 is a Chinese numeral (一, 二 …), or the row
//!   holds one text that is numbered (一、…, （一）…), merged across, or
//!   outside the task column; and no status, units or sections;
//! - a **total or footer**: 合计, 小计, 总计, 共N项, 填表人, 审核人, 制表,
//!   填报日期, 备注：… .
//!
//! Group headings and totals are kept for the attachment, never counted in
//! [`Stats`], never sent to the unassigned extract; an extract holds the
//! group headings of its tasks and no totals.

use crate::diag::Diagnostics;
use crate::messages::SheetMsg;
use crate::sheet::columns::normalize_header;
use crate::sheet::limits::{MAX_SECTIONS, MAX_SECTIONS_PER_CELL, MAX_SECTION_NAME_CHARS};
use crate::sheet::{RawRow, Table};
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};
use std::collections::HashMap;

/// Words in a status that mark a task as lagging behind.
pub const LAGGING_MARKERS: &[&str] = &["进展较慢", "滞后", "未完成"];

/// Name under which rows with no section are grouped.
pub const UNASSIGNED: &str = "未分配";

/// The name of that group when the sheet has a section really called
/// 未分配: the two are kept apart.
pub const UNASSIGNED_APART: &str = "未分配（未填写责任科室）";

/// Headers of the column that numbers the rows.
pub const SERIAL_NAMES: &[&str] = &["序号", "编号"];

/// The attachment table.
#[derive(Debug, Clone)]
pub struct Progress {
    /// Header names in sheet order: each column's lowest header cell.
    pub columns: Vec<String>,
    /// Per column, the header cells above its name, top first (`完成情况`
    /// over `进展`); all empty for a one-row header.
    pub groups: Vec<Vec<String>>,
    /// Per column, whether the sheet hides it.
    pub hidden: Vec<bool>,
    /// Which column plays which role.
    pub roles: crate::sheet::RoleColumns,
    /// The 序号 column, if any.
    pub serial: Option<usize>,
    /// Every row in sheet order: tasks, group headings, totals.
    pub rows: Vec<Row>,
    /// The name of the group of tasks that name no section: [`UNASSIGNED`],
    /// or [`UNASSIGNED_APART`] when a section is really called 未分配.
    pub unassigned: String,
}

/// What a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowKind {
    /// A task: counted, split by section.
    Task,
    /// A group heading (一、…): shown, not counted.
    Group,
    /// A total or footer (合计, 填表人 …): shown in the notice only.
    Total,
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// What the row is.
    pub kind: RowKind,
    /// 1-based sheet row (the first, for a task over several rows), for
    /// messages.
    pub sheet_row: u32,
    /// Cell texts parallel to [`Progress::columns`]. For a task over
    /// several sheet rows, each column's texts from those rows, joined by
    /// line breaks (a merged cell once).
    pub cells: Vec<String>,
    /// The sections named in the sections cell(s), in order, without repeats.
    pub sections: Vec<String>,
    /// A task merged over several sheet rows: each of them, the first
    /// included; empty for a task on one row and for other kinds.
    pub sub_rows: Vec<SubRow>,
    /// For a task: the 1-based sheet rows of its group headings, outermost
    /// first. For a group heading: its level (1 for 一、, 2 for （一） …) is
    /// in [`Row::level`].
    pub groups: Vec<u32>,
    /// A group heading's level (1, 2 …); 0 for other kinds.
    pub level: u8,
}

/// One sheet row of a task merged over several rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubRow {
    /// 1-based sheet row.
    pub sheet_row: u32,
    /// The texts of this row, parallel to the columns; `""` where a cell
    /// merged down from an earlier sub-row covers it.
    pub cells: Vec<String>,
    /// Per column, whether a cell merged down from an earlier sub-row
    /// covers this one.
    pub covered: Vec<bool>,
}

impl Row {
    /// Whether this row is a task.
    pub fn is_task(&self) -> bool {
        self.kind == RowKind::Task
    }
}

/// The words a total or footer row starts with.
const TOTAL_WORDS: &[&str] = &["合计", "小计", "总计", "累计"];
const FOOTER_WORDS: &[&str] = &[
    "填表人",
    "填报人",
    "审核人",
    "审核：",
    "审核:",
    "制表",
    "填报日期",
    "填表日期",
    "报送日期",
    "填报时间",
    "负责人：",
    "负责人:",
    "联系人：",
    "联系人:",
    "联系电话",
    "备注：",
    "备注:",
    "注：",
    "注:",
    "说明：",
    "说明:",
];

/// Whether a row's first text makes it a total or footer: 合计, 小计, 总计,
/// 共12项, 填表人：…, 备注：… .
pub fn is_total_text(text: &str) -> bool {
    static FOOTERS: std::sync::LazyLock<Vec<String>> =
        std::sync::LazyLock::new(|| FOOTER_WORDS.iter().map(|w| normalize_header(w)).collect());
    // The characters a word looked for starts with.
    static FIRSTS: std::sync::LazyLock<Vec<char>> = std::sync::LazyLock::new(|| {
        FOOTERS
            .iter()
            .map(String::as_str)
            .chain(TOTAL_WORDS.iter().copied())
            .chain(["共"])
            .filter_map(|w| w.chars().next())
            .collect()
    });
    // This runs on every row: most tasks start with a character no word
    // looked for starts with, and are settled by their first character
    // that folding keeps.
    let starts_a_word = text
        .chars()
        .find_map(crate::sheet::columns::normalize_char)
        .is_some_and(|first| FIRSTS.contains(&first));
    if !starts_a_word {
        return false;
    }
    // Every word looked for is short: normalise the start of the text
    // only, not the whole of a long task.
    let start = text
        .char_indices()
        .nth(64)
        .map_or(text, |(at, _)| &text[..at]);
    let t: String = normalize_header(start);
    if FOOTERS.iter().any(|w| t.starts_with(w.as_str())) {
        return true;
    }
    for w in TOTAL_WORDS {
        if let Some(rest) = t.strip_prefix(w) {
            let next = rest.chars().next();
            if next.is_none_or(|c| matches!(c, ':' | '：' | '(' | '（' | '[') || c.is_ascii_digit())
            {
                return true;
            }
        }
    }
    // 共12项, 共十二项.
    if let Some(rest) = t.strip_prefix('共') {
        let n = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || CN_NUMERALS.contains(*c))
            .count();
        return n > 0
            && rest
                .chars()
                .nth(n)
                .is_some_and(|c| matches!(c, '项' | '条' | '个'));
    }
    false
}

const CN_NUMERALS: &str = "一二三四五六七八九十百零〇";

/// Whether a 序号 is a Chinese numeral (一, 十二, 三、): a group heading's.
pub fn is_chinese_numeral(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['、', '.', '．']);
    !t.is_empty() && t.chars().all(|c| CN_NUMERALS.contains(c))
}

/// The heading level a text's numbering gives: 一、 1, （一） 2, 1. 3,
/// （1） 4; `None` when it is not numbered.
fn numbering_level(text: &str) -> Option<u8> {
    crate::compose::heading_level(text.trim())
}

/// `1.0` → `1`: a 序号 read from a formula as text.
fn integral(text: &str) -> Option<String> {
    let (int, frac) = text.split_once('.')?;
    (!int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && !frac.is_empty()
        && frac.bytes().all(|b| b == b'0'))
    .then(|| int.to_string())
}

impl Progress {
    /// Builds the model from the table (blank rows are already gone):
    /// each row becomes a task, a group heading or a total; a row with no
    /// task that is neither (a stray note) is skipped with a warning; a
    /// task whose status is empty is kept, with a warning.
    ///
    /// A sections cell is bounded ([`crate::sheet::limits`]): a section
    /// name longer than [`MAX_SECTION_NAME_CHARS`], a cell naming more than
    /// [`MAX_SECTIONS_PER_CELL`] sections, or a table of more than
    /// [`MAX_SECTIONS`] sections is an error naming the cell.
    pub fn from_table(table: &Table, diags: &mut Diagnostics) -> crate::error::Result<Progress> {
        Self::from_rows(table, table.rows.iter().cloned(), diags)
    }

    /// [`Progress::from_table`], moving the cells out of `table` instead of
    /// copying them: its `rows` are left empty (the rest of it is kept, for
    /// messages and the sheet's name).
    pub fn from_table_taking(
        table: &mut Table,
        diags: &mut Diagnostics,
    ) -> crate::error::Result<Progress> {
        let rows = std::mem::take(&mut table.rows);
        Self::from_rows(table, rows.into_iter(), diags)
    }

    fn from_rows(
        table: &Table,
        raws: impl Iterator<Item = crate::sheet::RawRow>,
        diags: &mut Diagnostics,
    ) -> crate::error::Result<Progress> {
        let roles = table.roles;
        let serial = table
            .columns
            .iter()
            .position(|c| SERIAL_NAMES.contains(&normalize_header(&c.name).as_str()));
        let role_cols: Vec<usize> = [Some(roles.status), roles.units, roles.sections]
            .into_iter()
            .flatten()
            .collect();
        let mut rows: Vec<Row> = Vec::with_capacity(raws.size_hint().0);
        // The 0-based sheet row where the last task starts, and that task's
        // index in `rows`.
        let mut last_task: Option<(u32, usize)> = None;
        let mut stack: Vec<(u8, u32)> = Vec::new();
        for mut raw in raws {
            let mut cells = std::mem::take(&mut raw.cells);
            let raw = &raw;
            if let Some(i) = serial {
                if let Some(int) = integral(&cells[i]) {
                    cells[i] = int;
                }
            }
            // A row whose task cell is merged down from the last task's row.
            if let Some((start, at)) = last_task {
                if raw.sources[roles.task] == start && raw.row > start {
                    add_sub_row(&mut rows[at], start, raw, cells);
                    continue;
                }
            }
            let texts: Vec<usize> = (0..cells.len()).filter(|&i| !cells[i].is_empty()).collect();
            let first_text = texts.first().map(|&i| cells[i].as_str()).unwrap_or("");
            let roles_empty = role_cols.iter().all(|&i| cells[i].is_empty());
            let serial_numeral = serial.is_some_and(|i| is_chinese_numeral(&cells[i]));
            let one_text = texts.len() == 1 && {
                let i = texts[0];
                numbering_level(&cells[i]).is_some() || raw.across[i] > 1 || i != roles.task
            };
            let kind = if is_total_text(first_text) {
                RowKind::Total
            } else if roles_empty && (serial_numeral || one_text) {
                RowKind::Group
            } else if cells[roles.task].is_empty() {
                diags.warn(
                    table.row_location(raw.row),
                    SheetMsg::RowSkipped {
                        text: crate::sheet::shorten(
                            &texts
                                .iter()
                                .map(|&i| cells[i].as_str())
                                .collect::<Vec<_>>()
                                .join(" "),
                            30,
                        ),
                    },
                );
                continue;
            } else {
                RowKind::Task
            };
            let mut row = Row {
                kind,
                sheet_row: raw.row + 1,
                cells,
                sections: Vec::new(),
                sub_rows: Vec::new(),
                groups: Vec::new(),
                level: 0,
            };
            match kind {
                RowKind::Group => {
                    let title = group_title(&row, serial);
                    let level = if serial_numeral {
                        1
                    } else {
                        numbering_level(&title).unwrap_or(1)
                    };
                    row.level = level;
                    while stack.last().is_some_and(|&(l, _)| l >= level) {
                        stack.pop();
                    }
                    stack.push((level, row.sheet_row));
                    last_task = None;
                }
                RowKind::Task => {
                    row.groups = stack.iter().map(|&(_, r)| r).collect();
                    last_task = Some((raw.row, rows.len()));
                }
                RowKind::Total => last_task = None,
            }
            rows.push(row);
        }
        for row in rows.iter_mut().filter(|r| !r.sub_rows.is_empty()) {
            join_sub_rows(row);
        }
        // Sections, and the warnings that need a task's every row.
        let mut names: HashMap<String, String> = HashMap::new();
        // Each spelling met, with the name it is shown as: a spelling met
        // before passed every check, so it is not folded and checked again.
        let mut spellings: HashMap<String, String> = HashMap::new();
        let mut real_unassigned: Option<(u32, usize)> = None;
        for row in rows.iter_mut().filter(|r| r.is_task()) {
            if let Some(col) = roles.sections {
                let cells: Vec<(u32, &str)> = if row.sub_rows.is_empty() {
                    vec![(row.sheet_row, row.cells[col].as_str())]
                } else {
                    row.sub_rows
                        .iter()
                        .map(|s| (s.sheet_row, s.cells[col].as_str()))
                        .collect()
                };
                let mut sections: Vec<String> = Vec::new();
                let mut seen: std::collections::HashSet<String> = Default::default();
                let mut add = |sections: &mut Vec<String>, shown: &String| {
                    // A task names a few sections: they are looked through
                    // until there are many.
                    if sections.len() < FEW_SECTIONS {
                        if !sections.contains(shown) {
                            sections.push(shown.clone());
                        }
                        return;
                    }
                    if seen.is_empty() {
                        seen.extend(sections.iter().cloned());
                    }
                    if seen.insert(shown.clone()) {
                        sections.push(shown.clone());
                    }
                };
                for (sheet_row, cell) in cells {
                    let at = || table.cell_location(sheet_row - 1, col);
                    for (n, name) in section_names(cell).enumerate() {
                        if n >= MAX_SECTIONS_PER_CELL {
                            return Err(crate::error::Error::at(
                                at(),
                                SheetMsg::TooManySectionsInCell {
                                    max: MAX_SECTIONS_PER_CELL,
                                },
                            ));
                        }
                        if let Some(shown) = spellings.get(name.as_ref()) {
                            add(&mut sections, shown);
                            continue;
                        }
                        let chars = name.chars().count();
                        if chars > MAX_SECTION_NAME_CHARS {
                            return Err(crate::error::Error::at(
                                at(),
                                SheetMsg::SectionNameTooLong {
                                    chars,
                                    max: MAX_SECTION_NAME_CHARS,
                                },
                            ));
                        }
                        let key = normalize_header(&name);
                        if key == UNASSIGNED && real_unassigned.is_none() {
                            real_unassigned = Some((sheet_row, col));
                        }
                        if !names.contains_key(&key) && names.len() >= MAX_SECTIONS {
                            return Err(crate::error::Error::at(
                                at(),
                                SheetMsg::TooManySections { max: MAX_SECTIONS },
                            ));
                        }
                        let shown = names.entry(key).or_insert_with(|| name.to_string());
                        add(&mut sections, shown);
                        spellings.insert(name.into_owned(), shown.clone());
                    }
                }
                row.sections = sections;
            }
            if row.cells[roles.status].is_empty() {
                diags.warn(
                    table.cell_location(row.sheet_row - 1, roles.status),
                    SheetMsg::EmptyStatus {
                        column: crate::sheet::cell::escape_invisible(
                            &table.columns[roles.status].name,
                        ),
                    },
                );
            }
        }
        let unassigned = match real_unassigned {
            Some((row, col)) => {
                diags.warn(
                    table.cell_location(row - 1, col),
                    SheetMsg::SectionNamedUnassigned {
                        name: UNASSIGNED.to_string(),
                        apart: UNASSIGNED_APART.to_string(),
                    },
                );
                UNASSIGNED_APART.to_string()
            }
            None => UNASSIGNED.to_string(),
        };
        Ok(Progress {
            columns: table.columns.iter().map(|c| c.name.clone()).collect(),
            groups: table.columns.iter().map(|c| c.groups.clone()).collect(),
            hidden: table.columns.iter().map(|c| c.hidden).collect(),
            roles,
            serial,
            rows,
            unassigned,
        })
    }

    /// The task rows, in sheet order.
    pub fn tasks(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.is_task())
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

    /// What a row says in one line: a task's task, a group heading's or a
    /// total's texts (`一、教育发展`, `合计 12项`).
    pub fn title(&self, row: &Row) -> String {
        match row.kind {
            RowKind::Task => self.task(row).to_string(),
            _ => group_title(row, self.serial),
        }
    }

    /// Section names in order of first appearance. Tasks without a section
    /// are not counted here; see [`Progress::unassigned_tasks`].
    pub fn sections(&self) -> Vec<String> {
        self.section_counts().into_iter().map(|(s, _)| s).collect()
    }

    /// Each section with the number of tasks that name it, in order of first
    /// appearance; one pass, however many sections there are.
    pub fn section_counts(&self) -> Vec<(String, usize)> {
        let mut index: HashMap<&str, usize> = Default::default();
        let mut counts: Vec<(String, usize)> = Vec::new();
        for row in self.tasks() {
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

    /// Tasks that name no section.
    pub fn unassigned_tasks(&self) -> usize {
        self.tasks().filter(|r| r.sections.is_empty()).count()
    }

    /// Whether a row belongs to `section`: a task that names it, or, for
    /// [`Progress::unassigned`], a task that names none. Group headings and
    /// totals belong to no section.
    pub fn row_in_section(&self, row: &Row, section: &str) -> bool {
        row.is_task()
            && (row.sections.iter().any(|s| s == section)
                || (section == self.unassigned && row.sections.is_empty()))
    }

    /// The same table with only the tasks of `section` (see
    /// [`Progress::row_in_section`]) and the group headings they stand
    /// under, in sheet order. Totals are left out. Columns and roles are
    /// unchanged.
    pub fn filter_section(&self, section: &str) -> Progress {
        let tasks: Vec<&Row> = self
            .rows
            .iter()
            .filter(|r| self.row_in_section(r, section))
            .collect();
        let heads: std::collections::HashSet<u32> = tasks
            .iter()
            .flat_map(|r| r.groups.iter().copied())
            .collect();
        Progress {
            columns: self.columns.clone(),
            groups: self.groups.clone(),
            hidden: self.hidden.clone(),
            roles: self.roles,
            serial: self.serial,
            rows: self
                .rows
                .iter()
                .filter(|r| {
                    self.row_in_section(r, section)
                        || (r.kind == RowKind::Group && heads.contains(&r.sheet_row))
                })
                .cloned()
                .collect(),
            unassigned: self.unassigned.clone(),
        }
    }

    /// Where each section's tasks are, found in one pass over the rows, for
    /// [`Progress::filter_indexed`]: the extracts of every section then
    /// cost as much together as the table once.
    pub fn section_index(&self) -> SectionIndex {
        let mut index = SectionIndex::default();
        for (i, row) in self.rows.iter().enumerate() {
            match row.kind {
                RowKind::Group => {
                    index.heads.insert(row.sheet_row, i);
                }
                RowKind::Task if row.sections.is_empty() => {
                    index
                        .tasks
                        .entry(self.unassigned.clone())
                        .or_default()
                        .push(i);
                }
                RowKind::Task => {
                    let mut seen: std::collections::HashSet<&str> = Default::default();
                    for s in &row.sections {
                        if seen.insert(s) {
                            index.tasks.entry(s.clone()).or_default().push(i);
                        }
                    }
                }
                RowKind::Total => {}
            }
        }
        index
    }

    /// [`Progress::filter_section`] through a [`SectionIndex`] of this model.
    pub fn filter_indexed(&self, index: &SectionIndex, section: &str) -> Progress {
        let tasks = index
            .tasks
            .get(section)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut keep: Vec<usize> = tasks.to_vec();
        let mut heads: std::collections::HashSet<usize> = Default::default();
        for &t in tasks {
            for g in &self.rows[t].groups {
                if let Some(&h) = index.heads.get(g) {
                    if heads.insert(h) {
                        keep.push(h);
                    }
                }
            }
        }
        keep.sort_unstable();
        Progress {
            columns: self.columns.clone(),
            groups: self.groups.clone(),
            hidden: self.hidden.clone(),
            roles: self.roles,
            serial: self.serial,
            rows: keep.into_iter().map(|i| self.rows[i].clone()).collect(),
            unassigned: self.unassigned.clone(),
        }
    }

    /// The statistics a body template may quote.
    pub fn stats(&self) -> Stats {
        let per_section = self.section_counts();
        // Tasks under each heading, in one pass over the tasks.
        let mut under: HashMap<u32, usize> = HashMap::new();
        for task in self.tasks() {
            for &g in &task.groups {
                *under.entry(g).or_default() += 1;
            }
        }
        let per_group: Vec<(String, usize)> = self
            .rows
            .iter()
            .filter(|r| r.kind == RowKind::Group)
            .map(|g| (self.title(g), under.get(&g.sheet_row).copied().unwrap_or(0)))
            .collect();
        Stats {
            rows: self.tasks().count(),
            sections: per_section.len(),
            per_section,
            groups: per_group.len(),
            per_group,
            with_percent: self
                .tasks()
                .filter(|r| reports_percentage(self.status(r)))
                .count(),
            lagging: self.tasks().filter(|r| is_lagging(self.status(r))).count(),
        }
    }

    /// A view of a row for templates: kind, task, units, status, sections,
    /// cells.
    pub fn row_view<'a>(&'a self, row: &'a Row) -> RowView<'a> {
        RowView { model: self, row }
    }
}

/// Adds `raw` to the task `task` (which starts on 0-based row `start`) as a
/// sub-row (the task's joined cells are made by [`join_sub_rows`]).
fn add_sub_row(task: &mut Row, start: u32, raw: &RawRow, cells: Vec<String>) {
    let own = raw
        .sources
        .iter()
        .zip(&cells)
        .any(|(&source, text)| source == raw.row && !text.is_empty());
    if !own {
        // Every cell merged from above: one tall row, nothing of its own.
        return;
    }
    if task.sub_rows.is_empty() {
        task.sub_rows.push(SubRow {
            sheet_row: task.sheet_row,
            cells: task.cells.clone(),
            covered: vec![false; task.cells.len()],
        });
    }
    let first_row = task.sheet_row - 1;
    let covered: Vec<bool> = raw
        .sources
        .iter()
        .map(|&source| source < raw.row && source >= first_row.min(start))
        .collect();
    let shown: Vec<String> = cells
        .into_iter()
        .zip(&covered)
        .map(|(c, &cov)| if cov { String::new() } else { c })
        .collect();
    task.sub_rows.push(SubRow {
        sheet_row: raw.row + 1,
        cells: shown,
        covered,
    });
}

/// A task over several rows: each column's texts from its sub-rows, joined
/// by line breaks (a merged cell, or a text repeated, once). Done once all
/// its rows are known, in one pass over them.
fn join_sub_rows(task: &mut Row) {
    task.cells = (0..task.cells.len())
        .map(|i| {
            let mut parts: Vec<&str> = Vec::new();
            let mut seen: std::collections::HashSet<&str> = Default::default();
            for sub in &task.sub_rows {
                let t = sub.cells[i].as_str();
                if !sub.covered[i] && !t.is_empty() && seen.insert(t) {
                    parts.push(t);
                }
            }
            parts.join("\n")
        })
        .collect();
}

/// A group heading's or total's texts in one line: `一、教育发展` when 序号
/// holds the numeral, else the texts joined by a space.
fn group_title(row: &Row, serial: Option<usize>) -> String {
    let texts: Vec<(usize, &str)> = row
        .cells
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_empty())
        .map(|(i, c)| (i, c.as_str()))
        .collect();
    match (serial, texts.as_slice()) {
        (Some(s), [(i, numeral), rest @ ..])
            if *i == s && is_chinese_numeral(numeral) && !rest.is_empty() =>
        {
            let rest: Vec<&str> = rest.iter().map(|(_, t)| *t).collect();
            format!("{}、{}", numeral.trim_end_matches('、'), rest.join(" "))
        }
        _ => texts.iter().map(|(_, t)| *t).collect::<Vec<_>>().join(" "),
    }
}

/// Where each section's tasks are in [`Progress::rows`] (see
/// [`Progress::section_index`]).
#[derive(Debug, Clone, Default)]
pub struct SectionIndex {
    /// Per section (and the unassigned group), its tasks' row indexes.
    tasks: HashMap<String, Vec<usize>>,
    /// Per group heading's 1-based sheet row, its row index.
    heads: HashMap<u32, usize>,
}

/// Counts for the body template (`stats.rows`, `stats.lagging`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    /// Tasks (group headings and totals are not counted).
    pub rows: usize,
    /// Distinct sections.
    pub sections: usize,
    /// Tasks per section, in order of first appearance.
    pub per_section: Vec<(String, usize)>,
    /// Group headings.
    pub groups: usize,
    /// Tasks under each group heading (by its title), in sheet order.
    pub per_group: Vec<(String, usize)>,
    /// Tasks whose status reports a percentage.
    pub with_percent: usize,
    /// Tasks whose status says the task lags (进展较慢, 滞后, 未完成).
    pub lagging: usize,
}

/// A list of `(name, count)` as a map for templates.
struct Counts<'a>(&'a [(String, usize)]);

impl Serialize for Counts<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl Serialize for Stats {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Stats", 7)?;
        s.serialize_field("rows", &self.rows)?;
        s.serialize_field("sections", &self.sections)?;
        s.serialize_field("per_section", &Counts(&self.per_section))?;
        s.serialize_field("groups", &self.groups)?;
        s.serialize_field("per_group", &Counts(&self.per_group))?;
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
        let mut s = serializer.serialize_struct("Row", 8)?;
        s.serialize_field("kind", &self.row.kind)?;
        s.serialize_field("title", &m.title(self.row))?;
        s.serialize_field("task", m.task(self.row))?;
        s.serialize_field("units", m.units(self.row))?;
        s.serialize_field("status", m.status(self.row))?;
        s.serialize_field("sections", &self.row.sections)?;
        s.serialize_field("cells", &Cells(&m.columns, &self.row.cells))?;
        s.serialize_field("row", &self.row.sheet_row)?;
        s.end()
    }
}

/// The sections of a task that are looked through for a repeat; beyond,
/// a set is kept.
const FEW_SECTIONS: usize = 8;

/// Splits a sections cell: names separated by newlines, 、, ，, commas,
/// semicolons (; ；), slashes (/ ／), bars (| ｜) or spaces. Repeats are
/// dropped; names that differ only in width or bracket style are one
/// (the first spelling is kept).
pub fn split_sections(cell: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut keys: std::collections::HashSet<String> = Default::default();
    for name in section_names(cell) {
        if keys.insert(normalize_header(&name)) {
            out.push(name.into_owned());
        }
    }
    out
}

/// The names of a sections cell in order, repeats included, each trimmed
/// and without invisible characters; lazily, so a cell naming too many is
/// stopped at the first one too many.
fn section_names(cell: &str) -> impl Iterator<Item = std::borrow::Cow<'_, str>> + '_ {
    cell.split(|c: char| {
        matches!(
            c,
            '\n' | '\r'
                | '、'
                | '，'
                | ','
                | '；'
                | ';'
                | '/'
                | '／'
                | '|'
                | '｜'
                | '\u{3000}'
                | '\u{00A0}'
        ) || c.is_whitespace()
    })
    .map(|part| {
        let part = part.trim();
        if part.chars().any(crate::sheet::cell::is_invisible) {
            std::borrow::Cow::Owned(crate::sheet::cell::strip_invisible(part).trim().to_string())
        } else {
            std::borrow::Cow::Borrowed(part)
        }
    })
    .filter(|name| !name.is_empty())
}

/// Whether a status reports a percentage (`52%`, `17.2%，进展较慢`).
pub fn reports_percentage(status: &str) -> bool {
    // By bytes: an ASCII byte is always its own character, so the byte
    // before a `%` (or before the first byte of `％`) is a digit exactly
    // when the character before it is.
    let bytes = status.as_bytes();
    let after_digit = |at: usize| at > 0 && bytes[at - 1].is_ascii_digit();
    // The searcher made once: the status of every row is asked.
    static FULL_WIDTH: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("％".as_bytes()));
    memchr::memchr_iter(b'%', bytes).any(after_digit)
        || FULL_WIDTH.find_iter(bytes).any(after_digit)
}

/// Whether a status says the task lags.
pub fn is_lagging(status: &str) -> bool {
    // Searchers made once: the status of every row is asked.
    static MARKERS: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::LazyLock::new(|| {
            LAGGING_MARKERS
                .iter()
                .map(memchr::memmem::Finder::new)
                .collect()
        });
    MARKERS.iter().any(|m| m.find(status.as_bytes()).is_some())
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
        assert_eq!(
            split_sections("基础教育股/督导室"),
            ["基础教育股", "督导室"]
        );
        assert_eq!(
            split_sections("应急办／综治办|信访办；党建办;组织办｜宣传办"),
            ["应急办", "综治办", "信访办", "党建办", "组织办", "宣传办"]
        );
        assert_eq!(split_sections("投资科(一)、投资科（一）"), ["投资科(一)"]);
    }

    #[test]
    fn totals_footers_and_group_numerals_are_recognised() {
        for total in [
            "合计",
            "合  计",
            "小计：",
            "总计(12项)",
            "共12项",
            "共十二项",
            "填表人：张三",
            "审核人：李四",
            "制表：王五",
            "填报日期：2026年10月8日",
            "备注：以上数据截至9月30日",
        ] {
            assert!(is_total_text(total), "{total}");
        }
        for task in [
            "总计划投资12亿元",
            "合计划推进",
            "共同推进创建",
            "备注",
            "完善交通",
        ] {
            assert!(!is_total_text(task), "{task}");
        }
        assert!(is_chinese_numeral("一"));
        assert!(is_chinese_numeral("十二、"));
        assert!(!is_chinese_numeral("1"));
        assert_eq!(integral("1.0").as_deref(), Some("1"));
        assert_eq!(integral("12.00").as_deref(), Some("12"));
        assert_eq!(integral("1.5"), None);
    }

    #[test]
    fn filtering_by_section_keeps_sheet_order_and_shared_rows() {
        let row = |n: u32, sections: &[&str]| Row {
            kind: RowKind::Task,
            sheet_row: n,
            cells: vec![format!("任务{n}"), String::new()],
            sections: sections.iter().map(|s| s.to_string()).collect(),
            sub_rows: Vec::new(),
            groups: vec![2],
            level: 0,
        };
        let heading = Row {
            kind: RowKind::Group,
            sheet_row: 2,
            cells: vec!["一、教育".into(), String::new()],
            sections: Vec::new(),
            sub_rows: Vec::new(),
            groups: Vec::new(),
            level: 1,
        };
        let total = Row {
            kind: RowKind::Total,
            sheet_row: 7,
            cells: vec!["合计".into(), "4项".into()],
            ..heading.clone()
        };
        let model = Progress {
            columns: vec!["工作任务".into(), "完成情况".into()],
            groups: vec![Vec::new(), Vec::new()],
            hidden: vec![false, false],
            roles: crate::sheet::RoleColumns {
                task: 0,
                units: None,
                status: 1,
                sections: None,
            },
            serial: None,
            rows: vec![
                heading,
                row(3, &["社会科", "工业科"]),
                row(4, &["工业科"]),
                row(5, &[]),
                row(6, &["社会科"]),
                total,
            ],
            unassigned: UNASSIGNED.to_string(),
        };
        let rows = |s: &str| -> Vec<u32> {
            model
                .filter_section(s)
                .rows
                .iter()
                .map(|r| r.sheet_row)
                .collect()
        };
        assert_eq!(rows("社会科"), [2, 3, 6]);
        assert_eq!(rows("工业科"), [2, 3, 4]);
        assert_eq!(rows(UNASSIGNED), [2, 5]);
        assert_eq!(rows("无此科"), Vec::<u32>::new());
        assert_eq!(model.filter_section("社会科").columns, model.columns);
        let stats = model.stats();
        assert_eq!((stats.rows, stats.groups), (4, 1));
        assert_eq!(stats.per_group, [("一、教育".to_string(), 4)]);
        assert_eq!(model.filter_section("社会科").stats().rows, 2);
    }

    #[test]
    fn the_section_index_filters_as_the_scan_does() {
        let row = |n: u32, sections: &[&str], groups: &[u32]| Row {
            kind: RowKind::Task,
            sheet_row: n,
            cells: vec![format!("任务{n}"), "完成".into(), sections.join("、")],
            sections: sections.iter().map(|s| s.to_string()).collect(),
            sub_rows: Vec::new(),
            groups: groups.to_vec(),
            level: 0,
        };
        let heading = Row {
            kind: RowKind::Group,
            sheet_row: 2,
            cells: vec!["一、教育".into(), String::new(), String::new()],
            sections: Vec::new(),
            sub_rows: Vec::new(),
            groups: Vec::new(),
            level: 1,
        };
        let model = Progress {
            columns: vec!["任务".into(), "完成情况".into(), "责任科室".into()],
            groups: vec![Vec::new(); 3],
            hidden: vec![false; 3],
            roles: crate::sheet::RoleColumns {
                task: 0,
                units: None,
                status: 1,
                sections: Some(2),
            },
            serial: None,
            rows: vec![
                heading,
                row(3, &["甲科", "乙科"], &[2]),
                row(4, &["乙科"], &[]),
                row(5, &[], &[2]),
            ],
            unassigned: UNASSIGNED.to_string(),
        };
        let index = model.section_index();
        for section in ["甲科", "乙科", UNASSIGNED, "无此科"] {
            assert_eq!(
                model.filter_indexed(&index, section).rows,
                model.filter_section(section).rows,
                "{section}"
            );
        }
    }

    #[test]
    fn percentages_and_lagging_are_recognised() {
        assert!(reports_percentage("52%"));
        assert!(reports_percentage("17.2%,进展较慢"));
        assert!(!reports_percentage("已完成"));
        assert!(reports_percentage("完成85％"));
        assert!(!reports_percentage("%50，约％"));
        assert!(!reports_percentage("完成七成％"));
        assert!(is_lagging("17.2%,进展较慢"));
        assert!(is_lagging("项目滞后"));
        assert!(!is_lagging("52%"));
    }
}
