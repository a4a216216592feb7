//! The completion-status table of the attachment.
//!
//! GB/T 9704 gives tables no fonts; practice, which we follow: full type-area
//! width, header row in 黑体 and centred, repeated on every page, body cells
//! in 仿宋 小四 with their own exact spacing, no first-line indent,
//! `snapToGrid` off; a row splits across pages only when it is taller than a
//! page. What every cell shares is said once, in the cell paragraph styles
//! and the table style of [`styles`].

use super::flow::{self, Flow, FlowRow};
use super::gbt9704 as std9704;
use super::widths::{self, Measured};
use super::{base_paragraph, exact, Builder, Face};
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
/// A rule's height, twips (½ pt).
pub const RULE_TWIPS: i32 = 10;
/// A column whose every cell is at most this many 字 is centred (序号, sections).
pub const SHORT_COLUMN_EMS: f64 = 6.0;
/// A row of at most this many lines stays on one page; a taller row may
/// split, so that no page is left mostly empty before it.
pub const KEEP_WHOLE_LINES: u32 = 3;

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
    // Widow and orphan control on: a row that splits across pages keeps at
    // least two lines of a cell on either side.
    let paragraph = |align| ParagraphProps {
        widow_control: Some(true),
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

/// Column widths (twips, summing to `total`) for a table of `header` and
/// `rows`, all rows taken as tasks (see [`widths::column_widths`]).
pub fn column_widths(header: &[String], rows: &[Vec<String>], total: i32) -> Vec<i32> {
    let measured = Measured::new(rows, header.len());
    let all: Vec<usize> = (0..rows.len()).collect();
    widths_for(header, &measured, &all, total)
}

fn widths_for(header: &[String], measured: &Measured, rows: &[usize], total: i32) -> Vec<i32> {
    widths::column_widths(
        header,
        measured,
        rows,
        total,
        CELL_SIZE.to_twips() as f64,
        CELL_PADDING_TWIPS as f64,
    )
}

/// 字 of text a column of `width` twips holds on a line.
fn room(width: i32) -> f64 {
    widths::room(
        width as f64,
        CELL_SIZE.to_twips() as f64,
        CELL_PADDING_TWIPS as f64,
    )
}

/// A cell holding `text` in a paragraph of `style`.
fn cell(text: &str, style: StyleId) -> Cell {
    Cell::new(Paragraph {
        style: Some(style),
        props: ParagraphProps::default(),
        runs: vec![Run::text(text, RunProps::default())],
    })
}

/// The lines the table's body takes in columns of `widths` (each row's
/// tallest cell), estimated as the layout estimates them.
pub fn table_lines(page: &AttachmentPage, widths: &[i32]) -> u32 {
    let measured = Measured::new(&page.rows, widths.len());
    body_lines(page, &measured, widths).iter().sum()
}

/// The lines of each body row in columns of `widths`: a group heading
/// across the table, a merged cell over the columns it spans.
fn body_lines(page: &AttachmentPage, measured: &Measured, widths: &[i32]) -> Vec<u32> {
    let rooms: Vec<f64> = widths.iter().map(|w| room(*w)).collect();
    let across = room(widths.iter().sum());
    let kinds: Vec<BodyRow> = kinds(page).collect();
    (0..page.rows.len())
        .map(|r| {
            if kinds[r] == BodyRow::Group {
                let (ems, _) = widths::measure_line(&group_heading(&page.rows[r]));
                return widths::lines_of(ems, across);
            }
            let spans: Vec<&Merge> = page
                .merges
                .iter()
                .filter(|m| m.row == r && m.cols > 1)
                .collect();
            if spans.is_empty() {
                return measured.row_lines(r, &rooms);
            }
            let mut rooms = rooms.clone();
            for m in spans {
                let end = (m.col + m.cols).min(widths.len());
                rooms[m.col] = room(widths[m.col..end].iter().sum());
            }
            measured.row_lines(r, &rooms)
        })
        .collect()
}

/// Estimated height (twips) of a row set in cells of `widths`: the tallest
/// cell's wrapped lines. Half-width characters count ½ 字, as elsewhere.
pub fn row_height_twips(cells: &[String], widths: &[i32]) -> i32 {
    let measured = Measured::new(std::slice::from_ref(&cells.to_vec()), cells.len());
    let rooms: Vec<f64> = widths.iter().map(|w| room(*w)).collect();
    measured.row_lines(0, &rooms) as i32 * CELL_LINE_TWIPS
}

/// The attachment table: the header rows, then the body rows.
///
/// The header rows are drawn as the sheet has them, group cells merged
/// over their columns, and repeat on every page. In the body, a task over
/// several sheet rows keeps its cells merged down over them, a group
/// heading is one cell across the table in 黑体 ([`group_heading`]), and a
/// total spans the columns its text was merged over. Column widths and centring are decided on the
/// tasks' cells only: a group heading spans the row whatever its length.
///
/// A row of at most [`KEEP_WHOLE_LINES`] lines stays on one page
/// (`cantSplit`); a taller one may split, the header rows repeating above
/// its rest, and the cells' widow and orphan control keeps two of its
/// lines together on either page.
pub fn progress_table(page: &AttachmentPage, area: Area) -> LaidTable {
    let measured = measure(page);
    build_table(page, plan_table(page, &measured, area))
}

/// Every body cell of `page` measured, once for all the plans of its table.
pub fn measure(page: &AttachmentPage) -> Measured {
    Measured::new(&page.rows, page.header.len())
}

/// What [`progress_table`] decides before it makes the table: the column
/// widths, each cell's style, each row's lines and how the table runs over
/// its pages. Cheap beside making the table, so that a table can be
/// planned for several type areas and made once.
#[derive(Debug, Clone, PartialEq)]
pub struct TablePlan {
    widths: Vec<i32>,
    styles: Vec<StyleId>,
    lines: Vec<u32>,
    /// How it runs over its pages.
    pub flow: TableFlowRows,
    /// Whether every short value stays on one line.
    pub short_values_fit: bool,
}

/// Plans the table of `page` (its cells `measured`) for `area`.
pub fn plan_table(page: &AttachmentPage, measured: &Measured, area: Area) -> TablePlan {
    let total = area.width;
    let columns = page.header.len();
    let tasks: Vec<usize> = kinds(page)
        .enumerate()
        .filter(|(_, kind)| matches!(kind, BodyRow::Task | BodyRow::SubRow))
        .map(|(r, _)| r)
        .collect();
    let widths = widths_for(&page.header, measured, &tasks, total);
    let short_values_fit = widths::short_values_fit(
        &page.header,
        measured,
        &tasks,
        total,
        CELL_SIZE.to_twips() as f64,
        CELL_PADDING_TWIPS as f64,
    );
    let rooms: Vec<f64> = widths.iter().map(|w| room(*w)).collect();
    let header_rows: &[Vec<String>] = if page.header_rows.is_empty() {
        std::slice::from_ref(&page.header)
    } else {
        &page.header_rows
    };
    let styles: Vec<StyleId> = (0..columns)
        .map(|c| {
            if measured.longest_line(c, &tasks) <= SHORT_COLUMN_EMS {
                CELL_CENTRED
            } else {
                CELL
            }
        })
        .collect();
    let lines = body_lines(page, measured, &widths);
    let flow = TableFlowRows {
        page: area.height,
        header: header_rows
            .iter()
            .map(|r| Measured::new(std::slice::from_ref(r), columns).row_lines(0, &rooms) as i32)
            .map(|lines| lines * CELL_LINE_TWIPS + RULE_TWIPS)
            .sum(),
        rows: lines
            .iter()
            .map(|&lines| FlowRow {
                lines,
                whole: lines <= KEEP_WHOLE_LINES,
            })
            .collect(),
    };
    TablePlan {
        widths,
        styles,
        lines,
        flow,
        short_values_fit,
    }
}

/// Makes the table of `page` as `plan` says.
pub fn build_table(page: &AttachmentPage, plan: TablePlan) -> LaidTable {
    let TablePlan {
        widths,
        styles,
        lines,
        flow,
        short_values_fit,
    } = plan;
    let columns = page.header.len();
    let header_rows: &[Vec<String>] = if page.header_rows.is_empty() {
        std::slice::from_ref(&page.header)
    } else {
        &page.header_rows
    };
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
    .enumerate()
    .map(|(r, cells)| {
        let cells = match kinds.get(r) {
            Some(BodyRow::Group) => {
                // One cell across the table: 一、基础教育.
                let mut heading = cell(&group_heading(&page.rows[r]), GROUP);
                heading.span = columns.max(1) as u32;
                vec![heading]
            }
            _ => cells,
        };
        Row {
            cant_split: lines[r] <= KEEP_WHOLE_LINES,
            cells,
        }
    })
    .collect();
    let rule = Some(Rule {
        eighths: RULE_EIGHTHS,
        colour: Colour::BLACK,
        space_pt: 0,
    });
    let table = Table {
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
    };
    LaidTable {
        table,
        flow,
        short_values_fit,
    }
}

/// The type area a table is laid out in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    /// Its width, twips.
    pub width: i32,
    /// Its height, twips.
    pub height: i32,
}

/// The attachment table, laid out.
#[derive(Debug, Clone, PartialEq)]
pub struct LaidTable {
    /// The table.
    pub table: Table,
    /// How it runs over its pages.
    pub flow: TableFlowRows,
    /// Whether every short value stays on one line.
    pub short_values_fit: bool,
}

/// What the flow of a table over its pages is estimated from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableFlowRows {
    /// The height of the type area, twips.
    pub page: i32,
    /// The height of its header rows, twips.
    pub header: i32,
    /// Its body rows.
    pub rows: Vec<FlowRow>,
}

impl TableFlowRows {
    /// How the table runs, starting `start` twips down its first page.
    pub fn flow(&self, start: i32) -> Flow {
        flow::table_flow(
            start,
            self.page,
            self.header,
            &self.rows,
            CELL_LINE_TWIPS,
            RULE_TWIPS,
        )
    }
}

/// The text of a group heading row: its texts in order, a Chinese numeral
/// in the 序号 column joined to the name with 、 (一 and 基础教育 make
/// 一、基础教育).
pub fn group_heading(cells: &[String]) -> String {
    let texts: Vec<&str> = cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    match texts.as_slice() {
        [numeral, name, rest @ ..]
            if crate::model::is_chinese_numeral(numeral) && !name.starts_with(*numeral) =>
        {
            let numeral = numeral.trim_end_matches(['、', '.', '．']);
            let mut out = format!("{numeral}、{name}");
            for t in rest {
                out.push('\u{3000}');
                out.push_str(t);
            }
            out
        }
        _ => texts.join("\u{3000}"),
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
