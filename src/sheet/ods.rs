//! What an .ods says that calamine does not report, read from
//! `content.xml` in the same pass that bounds it.
//!
//! calamine 0.38 has no merge API for .ods and gives a percentage cell as
//! its stored fraction (0.52). A merged cell is written
//! `<table:table-cell table:number-rows-spanned="3">`, followed by
//! `<table:covered-table-cell>`s; a percentage is
//! `office:value-type="percentage"` with the text LibreOffice shows
//! (`52%`) inside. Positions count repeated rows and cells
//! (`table:number-rows-repeated`, `table:number-columns-repeated`) as
//! calamine does, which is also what bounds the work: the cells calamine
//! would lay out are counted here first.

use super::guard::{attr, attr_u64, Bounds, PartProblem, RowCount, TextBudget};
use super::limits::{MAX_CELLS, MAX_COLUMNS, MAX_MERGED_REGIONS, MAX_ODS_SPACES, MAX_ROWS};
use super::SheetExtras;
use crate::messages::SheetMsg;
use calamine::Dimensions;
use quick_xml::events::Event;
use std::collections::HashMap;
use std::io::BufRead;

/// A percentage cell waiting for its shown text.
struct PendingPercent {
    row: u32,
    col: u32,
    text: String,
}

/// Scans `content.xml`; returns each table's merged regions and percentage
/// cells, or the first limit it breaks.
pub fn scan<R: BufRead>(
    reader: &mut R,
) -> std::result::Result<HashMap<String, SheetExtras>, PartProblem> {
    let mut sheet = String::new();
    scan_tables(reader, &mut sheet).map_err(|mut p| {
        if !sheet.is_empty() {
            p.sheet = Some(sheet);
        }
        p
    })
}

/// The text of the cell being read, counted as it comes: its position,
/// how many cells it stands for (its repeats), and its characters and bytes.
struct CellText {
    at: (u32, u32),
    times: u64,
    chars: u64,
    bytes: u64,
    paragraphs: u32,
}

impl CellText {
    /// Adds text; a cell longer than a cell may be is refused at once.
    fn add(&mut self, chars: u64, bytes: u64) -> std::result::Result<(), PartProblem> {
        self.chars = self.chars.saturating_add(chars);
        self.bytes = self.bytes.saturating_add(bytes);
        if self.chars > super::limits::MAX_CELL_CHARS as u64 {
            return Err(PartProblem::at(
                self.at,
                SheetMsg::CellTooLong {
                    max: super::limits::MAX_CELL_CHARS,
                },
            ));
        }
        Ok(())
    }
}

/// [`scan`], keeping in `sheet` the name of the table being read.
fn scan_tables<R: BufRead>(
    reader: &mut R,
    sheet: &mut String,
) -> std::result::Result<HashMap<String, SheetExtras>, PartProblem> {
    let mut budget = TextBudget::default();
    let mut rows = RowCount::default();
    let mut text: Option<CellText> = None;
    let mut row_filled = false;
    let mut xml = super::guard::lenient_reader(reader);
    let mut buf = Vec::new();
    let mut out: HashMap<String, SheetExtras> = HashMap::new();
    let mut table: Option<(String, SheetExtras, Bounds)> = None;
    let mut laid_out: u64 = 0; // cells calamine keeps before trimming
    let (mut row, mut rows_repeated, mut col, mut row_width) = (0u32, 1u32, 0u32, 0u32);
    let mut percent: Option<PendingPercent> = None;
    let mut merges = 0usize;
    let mut column = 0u32; // columns declared so far in this table
                           // Broken XML: calamine stops there with an error too.
    while let Ok(event) = xml.read_event_into(&mut buf) {
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let has_content = matches!(event, Event::Start(_));
                match e.name().as_ref() {
                    "table:table" if has_content => {
                        let name = attr(e, "table:name")
                            .map(|n| {
                                quick_xml::escape::unescape(&n)
                                    .map(|s| s.into_owned())
                                    .unwrap_or_else(|_| n.into_owned())
                            })
                            .unwrap_or_default();
                        sheet.clone_from(&name);
                        table = Some((name, SheetExtras::default(), Bounds::default()));
                        row = 0;
                        column = 0;
                        rows = RowCount::default();
                    }
                    "table:table-column" => {
                        let n = repeat(e, "table:number-columns-repeated", MAX_COLUMNS);
                        let hidden = attr(e, "table:visibility")
                            .is_some_and(|v| v == "collapse" || v == "filter");
                        if let (true, Some((_, extras, _))) = (hidden, table.as_mut()) {
                            let last = column.saturating_add(n - 1).min(MAX_COLUMNS - 1);
                            extras.hidden_cols.push((column, last));
                        }
                        column = column.saturating_add(n).min(MAX_COLUMNS);
                    }
                    "table:table-row" => {
                        rows_repeated = repeat(e, "table:number-rows-repeated", MAX_ROWS);
                        col = 0;
                        row_width = 0;
                        row_filled = false;
                        let hidden = attr(e, "table:visibility")
                            .is_some_and(|v| v == "collapse" || v == "filter");
                        if let (true, Some((_, extras, _))) = (hidden, table.as_mut()) {
                            // A long run of hidden empty rows is not worth listing.
                            for r in row..row.saturating_add(rows_repeated.min(10_000)) {
                                extras.hidden_rows.insert(r);
                            }
                        }
                        if !has_content {
                            row = row.saturating_add(rows_repeated).min(MAX_ROWS);
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" => {
                        let cols = repeat(e, "table:number-columns-repeated", MAX_COLUMNS);
                        let value_type = attr(e, "office:value-type");
                        if has_content || value_type.is_some() {
                            row_width = col.saturating_add(cols).min(MAX_COLUMNS);
                            row_filled = true;
                        }
                        if has_content {
                            text = Some(CellText {
                                at: (row, col),
                                times: u64::from(cols) * u64::from(rows_repeated),
                                chars: 0,
                                bytes: 0,
                                paragraphs: 0,
                            });
                        }
                        if let Some((_, extras, _)) = table.as_mut() {
                            let rows_spanned = attr_u64(e, "table:number-rows-spanned");
                            let cols_spanned = attr_u64(e, "table:number-columns-spanned");
                            if rows_spanned.unwrap_or(1) > 1 || cols_spanned.unwrap_or(1) > 1 {
                                merges += 1;
                                if merges > MAX_MERGED_REGIONS {
                                    return Err(PartProblem::new(SheetMsg::TooManyMerges {
                                        max: MAX_MERGED_REGIONS,
                                    }));
                                }
                                let span = |n: Option<u64>, from: u32, max: u32| {
                                    let n = u32::try_from(n.unwrap_or(1).max(1)).unwrap_or(max);
                                    from.saturating_add(n - 1).min(max - 1)
                                };
                                extras.merges.push(Dimensions {
                                    start: (row, col),
                                    end: (
                                        span(rows_spanned, row, MAX_ROWS),
                                        span(cols_spanned, col, MAX_COLUMNS),
                                    ),
                                });
                            }
                            if value_type.as_deref() == Some("percentage") && has_content {
                                percent = Some(PendingPercent {
                                    row,
                                    col,
                                    text: String::new(),
                                });
                            } else if value_type.as_deref() == Some("percentage") {
                                extras.percent.insert((row, col), None);
                            }
                        }
                        col = col.saturating_add(cols).min(MAX_COLUMNS);
                    }
                    "text:s" if attr_u64(e, "text:c").is_some_and(|n| n > MAX_ODS_SPACES) => {
                        return Err(PartProblem {
                            cell: text.as_ref().map(|t| t.at),
                            ..PartProblem::new(SheetMsg::TooManySpaces {
                                max: MAX_ODS_SPACES,
                            })
                        });
                    }
                    // Spaces, tabs and line breaks are text too: calamine
                    // writes each out.
                    "text:s" => {
                        if let Some(t) = text.as_mut() {
                            let n = attr_u64(e, "text:c").unwrap_or(1).max(1);
                            t.add(n, n)?;
                        }
                    }
                    "text:tab" | "text:line-break" => {
                        if let Some(t) = text.as_mut() {
                            t.add(1, 1)?;
                        }
                    }
                    "text:p" if has_content => {
                        if let Some(t) = text.as_mut() {
                            if t.paragraphs > 0 {
                                t.add(1, 1)?;
                            }
                            t.paragraphs += 1;
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let Some(p) = percent.as_mut() {
                    if p.text.len() < 64 {
                        p.text.push_str(t);
                    }
                }
                if let Some(cell) = text.as_mut() {
                    cell.add(t.chars().count() as u64, t.len() as u64)?;
                }
            }
            Event::GeneralRef(_) => {
                if let Some(cell) = text.as_mut() {
                    cell.add(1, 4)?;
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "table:table-cell" | "table:covered-table-cell" => {
                    if let (Some(p), Some((_, extras, _))) = (percent.take(), table.as_mut()) {
                        extras
                            .percent
                            .insert((p.row, p.col), shown_decimals(&p.text));
                    }
                    // Each repeat of the cell is a copy of its text.
                    if let Some(cell) = text.take() {
                        budget.cell(cell.at, cell.chars, cell.bytes, cell.times)?;
                    }
                }
                "table:table-row" => {
                    if row_filled {
                        rows.filled(row, 0, u64::from(rows_repeated))?;
                    }
                    if row_width > 0 {
                        if let Some((_, _, bounds)) = table.as_mut() {
                            let last = row.saturating_add(rows_repeated - 1).min(MAX_ROWS - 1);
                            bounds.add(row, 0)?;
                            bounds.add(last, row_width - 1)?;
                        }
                        laid_out = laid_out.saturating_add(u64::from(row_width));
                        if laid_out > MAX_CELLS {
                            return Err(PartProblem::new(SheetMsg::OdsTooManyCells {
                                max: MAX_CELLS,
                            }));
                        }
                    }
                    row = row.saturating_add(rows_repeated).min(MAX_ROWS);
                }
                "table:table" => {
                    if let Some((name, extras, bounds)) = table.take() {
                        bounds.check()?;
                        out.insert(name, extras);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// The sheet an .ods opens on: `settings.xml`'s `ActiveTable`.
pub fn active_table<R: BufRead>(reader: &mut R) -> Option<String> {
    let mut xml = super::guard::lenient_reader(reader);
    let mut buf = Vec::new();
    let mut in_active = false;
    loop {
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.name().as_ref() == "config:config-item" => {
                in_active = attr(&e, "config:name").is_some_and(|n| n == "ActiveTable");
            }
            Ok(Event::Text(t)) if in_active => {
                let name = quick_xml::escape::unescape(&t)
                    .map(|s| s.into_owned())
                    .unwrap_or_else(|_| t.to_string());
                return Some(name);
            }
            Ok(Event::End(_)) => in_active = false,
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
        buf.clear();
    }
}

/// A repeat count, at least 1 and at most `max`.
fn repeat(e: &quick_xml::events::BytesStart<'_>, key: &str, max: u32) -> u32 {
    attr_u64(e, key).map_or(1, |n| {
        u32::try_from(n.clamp(1, u64::from(max))).unwrap_or(max)
    })
}

/// The decimals shown in `52.5%` (1); `None` when the text shows no percentage.
fn shown_decimals(text: &str) -> Option<u8> {
    let number = text.trim().strip_suffix('%')?.trim_end();
    let decimals = number.split_once(['.', ',']).map_or(0, |(_, d)| d.len());
    u8::try_from(decimals).ok().filter(|d| *d <= 15)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTENT: &str = r#"<office:document-content><office:body><office:spreadsheet>
<table:table table:name="台账">
<table:table-row><table:table-cell office:value-type="string"><text:p>任务</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1023"/></table:table-row>
<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/></table:table-row>
<table:table-row><table:table-cell table:number-rows-spanned="2" office:value-type="string"><text:p>园区科</text:p></table:table-cell><table:table-cell office:value-type="percentage" office:value="0.525"><text:p>52.5%</text:p></table:table-cell></table:table-row>
<table:table-row><table:covered-table-cell/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>
<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;

    #[test]
    fn merges_and_percentages_are_placed_counting_repeats() {
        let extras = scan(&mut CONTENT.as_bytes()).expect("scan");
        let sheet = &extras["台账"];
        assert_eq!(
            sheet.merges,
            vec![Dimensions {
                start: (3, 0),
                end: (4, 0)
            }]
        );
        assert_eq!(sheet.percent.get(&(3, 1)), Some(&Some(1)));
    }

    #[test]
    fn a_huge_run_of_filled_cells_is_refused() {
        let bomb = r#"<table:table table:name="x"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
        let p = scan(&mut bomb.as_bytes()).expect_err("bomb");
        assert!(
            p.message.contains("cells") || p.message.contains("rows"),
            "{}",
            p.message
        );
    }

    #[test]
    fn shown_percentages_give_their_decimals() {
        assert_eq!(shown_decimals("52%"), Some(0));
        assert_eq!(shown_decimals("17.25 %"), Some(2));
        assert_eq!(shown_decimals("0.52"), None);
    }
}
