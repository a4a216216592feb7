//! The completion-status table of the attachment.
//!
//! GB/T 9704 gives tables no fonts; practice, which we follow: full type-area
//! width, header row in 黑体 and centred, repeated on every page, body cells
//! in 仿宋 小四 with their own exact spacing, no first-line indent,
//! `snapToGrid` off; a row splits across pages only when it is taller than a
//! page. What every cell shares is said once, in the cell paragraph styles
//! and the table style of [`styles`].

use super::gbt9704 as std9704;
use super::{base_paragraph, exact, text_ems, Builder, Face};
use crate::compose::{AttachmentPage, BodyRow, Merge};
use crate::document::{
    Align, Cell, Colour, Paragraph, ParagraphProps, ParagraphStyle, Row, Rule, Run, RunProps,
    StyleId, Table, TableBorders, TableStyle, TableStyleId, VAlign, VMerge,
};

/// Size of the table's text.
pub const CELL_SIZE: units::Pt = std9704::SIZE_XIAOSI;
/// Exact line spacing inside cells: 1.5 × 小四.
pub const CELL_LINE_TWIPS: i32 = 360;
/// Cell padding left and right, in twips (Word's default is 108).
pub const CELL_PADDING_TWIPS: i32 = 85;
/// Table rules: ½ pt.
pub const RULE_EIGHTHS: u32 = 4;
/// A column whose every cell is at most this many 字 is centred (序号, sections).
pub const SHORT_COLUMN_EMS: f64 = 6.0;

/// The style of a body cell's paragraph, flush left.
pub const CELL: StyleId = StyleId(0);
/// The style of a body cell's paragraph in a centred column.
pub const CELL_CENTRED: StyleId = StyleId(1);
/// The style of a header cell's paragraph.
pub const HEAD: StyleId = StyleId(2);
/// The style of a group heading's paragraph (一、…): 黑体, flush left.
pub const GROUP: StyleId = StyleId(3);
/// The style of the table: cells centred vertically.
pub const TABLE: TableStyleId = TableStyleId(0);

use super::units;

/// The paragraph styles ([`CELL`], [`CELL_CENTRED`], [`HEAD`], [`GROUP`]) and the
/// table style ([`TABLE`]) of the attachment table, in that order.
pub fn styles(b: &Builder) -> (Vec<ParagraphStyle>, Vec<TableStyle>) {
    let paragraph = |align| ParagraphProps {
        snap_to_grid: Some(false),
        spacing: Some(exact(CELL_LINE_TWIPS)),
        align: Some(align),
        ..base_paragraph()
    };
    let cell = ParagraphStyle {
        id: "Cell".into(),
        name: "表格文字".into(),
        based_on: None,
        paragraph: paragraph(Align::Left),
        run: b.props(Face::FangSong, CELL_SIZE),
    };
    let centred = ParagraphStyle {
        id: "CellCentred".into(),
        name: "表格文字居中".into(),
        based_on: Some(CELL),
        paragraph: ParagraphProps {
            align: Some(Align::Centre),
            ..ParagraphProps::default()
        },
        run: RunProps::default(),
    };
    let head = ParagraphStyle {
        id: "CellHead".into(),
        name: "表格表头".into(),
        based_on: Some(CELL),
        paragraph: ParagraphProps {
            align: Some(Align::Centre),
            ..ParagraphProps::default()
        },
        run: RunProps {
            font: Some(b.font(Face::HeiTi)),
            ..RunProps::default()
        },
    };
    let group = ParagraphStyle {
        id: "CellGroup".into(),
        name: "表格分组".into(),
        based_on: Some(CELL),
        paragraph: ParagraphProps::default(),
        run: RunProps {
            font: Some(b.font(Face::HeiTi)),
            ..RunProps::default()
        },
    };
    let table = TableStyle {
        id: "ProgressTable".into(),
        name: "完成情况表".into(),
        cell_padding: Some((CELL_PADDING_TWIPS, CELL_PADDING_TWIPS)),
        cell_align: Some(VAlign::Centre),
    };
    (vec![cell, centred, head, group], vec![table])
}

/// Splits the type-area width among the columns by their content.
///
/// Each column gets at least what its header needs on two lines (and its
/// longest cell, for columns of short entries such as section names); the
/// rest of the width goes to the columns in proportion to their average text.
pub fn column_widths(header: &[String], rows: &[Vec<String>], total: i32) -> Vec<i32> {
    let n = header.len();
    if n == 0 {
        return Vec::new();
    }
    let em = CELL_SIZE.to_twips() as f64;
    let pad = 2.0 * CELL_PADDING_TWIPS as f64;
    let mut mins = Vec::with_capacity(n);
    let mut weights = Vec::with_capacity(n);
    for (i, name) in header.iter().enumerate() {
        let cells = rows.iter().filter_map(|r| r.get(i));
        let (mut longest_line, mut sum, mut count) = (0.0f64, 0.0f64, 0usize);
        for cell in cells {
            for line in cell.lines() {
                longest_line = longest_line.max(text_ems(line));
            }
            sum += text_ems(cell);
            count += 1;
        }
        let mean = if count == 0 { 0.0 } else { sum / count as f64 };
        let header_ems = (text_ems(name) / 2.0).ceil().max(2.0);
        let min_ems = if longest_line <= SHORT_COLUMN_EMS {
            header_ems.max(longest_line)
        } else {
            header_ems.max(3.0)
        };
        mins.push(min_ems * em + pad);
        weights.push(mean.max(1.0).sqrt());
    }
    let total = total as f64;
    let min_sum: f64 = mins.iter().sum();
    let widths: Vec<f64> = if min_sum >= total {
        mins.iter().map(|m| m / min_sum * total).collect()
    } else {
        let free = total - min_sum;
        let wsum: f64 = weights.iter().sum();
        mins.iter()
            .zip(&weights)
            .map(|(m, w)| m + free * w / wsum)
            .collect()
    };
    // Round, and give the rounding error to the widest column so the sum is exact.
    let mut out: Vec<i32> = widths.iter().map(|w| w.floor() as i32).collect();
    let diff = total as i32 - out.iter().sum::<i32>();
    if let Some((widest, _)) = out.iter().enumerate().max_by_key(|(_, w)| **w) {
        out[widest] += diff;
    }
    out
}

/// Whether every cell of a column is short enough to centre.
fn is_short_column(rows: &[Vec<String>], i: usize) -> bool {
    rows.iter()
        .filter_map(|r| r.get(i))
        .all(|c| c.lines().all(|l| text_ems(l) <= SHORT_COLUMN_EMS))
}

/// A cell holding `text` in a paragraph of `style`.
fn cell(text: &str, style: StyleId) -> Cell {
    Cell::new(Paragraph {
        style: Some(style),
        props: ParagraphProps::default(),
        runs: vec![Run::text(text, RunProps::default())],
    })
}

/// Estimated height (twips) of a row set in cells of `widths`: the tallest
/// cell's wrapped lines. Half-width characters count ½ 字, as elsewhere.
pub fn row_height_twips(cells: &[String], widths: &[i32]) -> i32 {
    let em = CELL_SIZE.to_twips() as f64;
    cells
        .iter()
        .zip(widths)
        .map(|(text, w)| {
            let room = ((w - 2 * CELL_PADDING_TWIPS) as f64 / em).floor().max(1.0);
            let lines: f64 = text
                .split('\n')
                .map(|line| (text_ems(line) / room).ceil().max(1.0))
                .sum();
            lines as i32 * CELL_LINE_TWIPS
        })
        .max()
        .unwrap_or(CELL_LINE_TWIPS)
}

/// Whether a body row must stay on one page (`cantSplit`): every row but
/// one taller than `room`, the most it could ever have below the header.
pub fn keeps_together(row: &[String], widths: &[i32], room: i32) -> bool {
    row_height_twips(row, widths) <= room
}

/// The attachment table: the header rows, then the body rows.
///
/// The header rows are drawn as the sheet has them, group cells merged
/// over their columns, and repeat on every page. In the body, a task over
/// several sheet rows keeps its cells merged down over them, and a group
/// heading or a total spans the columns its text was merged over; group
/// headings are set in 黑体. Column widths and centring are decided on the
/// tasks' cells only: a group heading spans the row whatever its length.
///
/// Rows do not split across pages (`cantSplit`), except a row taller than
/// the room it could ever have: a page below the repeated header rows, or,
/// for the first row, what the attachment's first page leaves below its
/// label and title (`first_page_twips`). Such a row would otherwise be
/// pushed from page to page, taking the title with it (see
/// [`keeps_together`]).
pub fn progress_table(page: &AttachmentPage, first_page_twips: i32) -> Table {
    let total = std9704::type_area_width_twips();
    let tasks: Vec<Vec<String>> = page
        .rows
        .iter()
        .zip(kinds(page))
        .filter(|(_, kind)| matches!(kind, BodyRow::Task | BodyRow::SubRow))
        .map(|(row, _)| row.clone())
        .collect();
    let widths = column_widths(&page.header, &tasks, total);
    let header_rows: &[Vec<String>] = if page.header_rows.is_empty() {
        std::slice::from_ref(&page.header)
    } else {
        &page.header_rows
    };
    let header_height: i32 = header_rows
        .iter()
        .map(|r| row_height_twips(r, &widths))
        .sum();
    let height = std9704::TYPE_AREA_HEIGHT.to_twips();
    let columns = page.header.len();
    let styles: Vec<StyleId> = (0..columns)
        .map(|i| {
            if is_short_column(&tasks, i) {
                CELL_CENTRED
            } else {
                CELL
            }
        })
        .collect();
    let head = merged_rows(header_rows, &page.header_merges, columns, |_, _| HEAD)
        .into_iter()
        .map(|cells| Row {
            cant_split: true,
            cells,
        })
        .collect();
    let kinds: Vec<BodyRow> = kinds(page).collect();
    let body = merged_rows(&page.rows, &page.merges, columns, |r, c| {
        match kinds.get(r) {
            Some(BodyRow::Group) => GROUP,
            _ => styles.get(c).copied().unwrap_or(CELL),
        }
    })
    .into_iter()
    .zip(&page.rows)
    .enumerate()
    .map(|(n, (cells, row))| {
        let room = if n == 0 { first_page_twips } else { height } - header_height;
        Row {
            cant_split: keeps_together(row, &widths, room),
            cells,
        }
    })
    .collect();
    let rule = Some(Rule {
        eighths: RULE_EIGHTHS,
        colour: Colour::BLACK,
        space_pt: 0,
    });
    Table {
        style: Some(TABLE),
        grid: widths,
        indent: 0,
        borders: TableBorders {
            top: rule,
            left: rule,
            bottom: rule,
            right: rule,
            inside_h: rule,
            inside_v: rule,
        },
        cell_padding: Some((CELL_PADDING_TWIPS, CELL_PADDING_TWIPS)),
        header_rows: head,
        rows: body,
    }
}

/// What each body row is; a page that says nothing holds tasks only.
fn kinds(page: &AttachmentPage) -> impl Iterator<Item = BodyRow> + '_ {
    (0..page.rows.len()).map(|r| page.kinds.get(r).copied().unwrap_or(BodyRow::Task))
}

/// The cells of a grid of `columns` columns with `merges` applied: the
/// top-left cell of a merge spans its columns and starts a vertical merge
/// when it covers several rows; in the rows below, the merge continues in
/// a cell of the same span; the other cells it covers are left out.
/// `style(row, column)` gives each cell's paragraph style.
fn merged_rows(
    grid: &[Vec<String>],
    merges: &[Merge],
    columns: usize,
    style: impl Fn(usize, usize) -> StyleId,
) -> Vec<Vec<Cell>> {
    let covering = |r: usize, c: usize| {
        merges
            .iter()
            .find(|m| (m.row..m.row + m.rows).contains(&r) && (m.col..m.col + m.cols).contains(&c))
    };
    grid.iter()
        .enumerate()
        .map(|(r, row)| {
            let mut cells = Vec::with_capacity(columns);
            let mut c = 0;
            while c < columns {
                let text = row.get(c).map(String::as_str).unwrap_or("");
                let Some(m) = covering(r, c).filter(|m| m.rows > 1 || m.cols > 1) else {
                    cells.push(cell(text, style(r, c)));
                    c += 1;
                    continue;
                };
                // The merge's columns from here on, within the table.
                let span = (m.col + m.cols).min(columns) - c;
                let mut merged = if r == m.row {
                    cell(text, style(r, c))
                } else {
                    cell("", style(r, c))
                };
                merged.span = span as u32;
                if m.rows > 1 {
                    merged.merge = Some(if r == m.row {
                        VMerge::Restart
                    } else {
                        VMerge::Continue
                    });
                }
                cells.push(merged);
                c += span;
            }
            cells
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn widths_fill_the_type_area_exactly() {
        let header = strings(&[
            "工作任务",
            "责任单位",
            "上半年完成情况",
            "委内责任科室(单位)",
        ]);
        let rows = vec![strings(&[
            "大力推进创新创业园区“146”工程，加快标准厂房建设和基础设施配套。",
            "市发改委；市经信委、市商务粮食局",
            &"全力推进创新创业园区工程，全市在建标准化厂房256.38万平方米。".repeat(4),
            "园区科",
        ])];
        let w = column_widths(&header, &rows, 8844);
        assert_eq!(w.iter().sum::<i32>(), 8844);
        assert!(w[2] > w[0] && w[0] > w[3], "{w:?}");
        // The sections column fits 委内责任科室(单位) on two lines.
        assert!(w[3] as f64 >= 5.5 * 240.0, "{w:?}");
    }

    #[test]
    fn only_a_row_taller_than_its_room_may_split() {
        let header = strings(&["工作任务", "完成情况"]);
        let short = strings(&["任务", "已完成。"]);
        let long = strings(&[
            "任务",
            &"全市完成固定资产投资，重点项目同比增长。".repeat(120),
        ]);
        let widths = column_widths(&header, &[short.clone(), long.clone()], 8844);
        assert!(row_height_twips(&long, &widths) > 12756);
        assert!(row_height_twips(&short, &widths) <= 2 * CELL_LINE_TWIPS);
    }

    #[test]
    fn an_empty_table_still_has_its_columns() {
        let header = strings(&["序号", "任务", "完成情况"]);
        let w = column_widths(&header, &[], 8844);
        assert_eq!(w.len(), 3);
        assert_eq!(w.iter().sum::<i32>(), 8844);
    }
}
