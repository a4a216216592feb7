//! How the attachment table runs over its pages, estimated from the lines
//! of its rows: how many pages it takes and how much of the last it fills.
//!
//! The 版记 shares the attachment's last page when there is room for it
//! there (GB/T 9704 7.4), which only the flow of the table can tell. The
//! estimate follows what the renderers do with the table the layout
//! writes: the header rows repeat at the top of every page; a row that must
//! stay whole moves to the next page when it does not fit; a taller row
//! splits at a line, keeping at least [`MIN_SPLIT_LINES`] lines on either
//! page (the cells' widow and orphan control), or moves whole when it
//! cannot.

use crate::document::{Paragraph, RunContent, Spacing};

/// The fewest lines of a split row on either page.
pub const MIN_SPLIT_LINES: u32 = 2;

/// A row as the flow sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlowRow {
    /// Its lines (its tallest cell's).
    pub lines: u32,
    /// Whether it stays on one page.
    pub whole: bool,
}

/// Where a table ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flow {
    /// The pages it runs over (1 for a table on one page).
    pub pages: usize,
    /// How much of its last page is used, from the type area's top, twips.
    pub last_used: i32,
}

/// The flow of a table starting `start` twips down a page whose type area
/// is `page` twips tall, with header rows of `header` twips repeated on
/// every page, body rows of `line` twips a line and `rule` twips of rule
/// each.
pub fn table_flow(
    start: i32,
    page: i32,
    header: i32,
    rows: &[FlowRow],
    line: i32,
    rule: i32,
) -> Flow {
    let mut pages = 1;
    let mut used = start + header;
    let new_page = |pages: &mut usize, used: &mut i32| {
        *pages += 1;
        *used = header;
    };
    for row in rows {
        let mut lines = row.lines.max(1);
        loop {
            let height = lines as i32 * line + rule;
            if used + height <= page {
                used += height;
                break;
            }
            let room = ((page - used - rule) / line).max(0) as u32;
            // As many lines as fit, leaving at least two for the next page.
            let here = room.min(lines.saturating_sub(MIN_SPLIT_LINES));
            let splits = !row.whole && here >= MIN_SPLIT_LINES;
            if splits {
                lines -= here;
            }
            if used == header && !splits {
                // Taller than a page and unable to split here: it runs
                // over the page whatever happens.
                used = page;
                break;
            }
            new_page(&mut pages, &mut used);
        }
    }
    Flow {
        pages,
        last_used: used,
    }
}

/// How many pages paragraphs of text take, set on pages of `width` ×
/// `height` twips, and how much of the last one they use: each line as
/// tall as its paragraph's exact spacing, as many characters on a line as
/// fit (ideographs one em of their run's size, half-width characters half,
/// plus the run's character spacing), a paragraph that breaks a page
/// starting one. Paragraphs kept whole ([`Paragraph::props`] `keep_lines`)
/// move to the next page when they do not fit.
pub fn paragraphs_flow(paragraphs: &[&Paragraph], width: i32, height: i32) -> Flow {
    let mut pages = 1;
    let mut used = 0;
    for (i, p) in paragraphs.iter().enumerate() {
        if p.props.page_break_before && i > 0 {
            pages += 1;
            used = 0;
        }
        let spacing = p.props.spacing.unwrap_or(Spacing {
            before: 0,
            after: 0,
            line: 0,
        });
        let indent = p.props.indent.unwrap_or_default();
        let room = (width - indent.left - indent.right).max(1) as f64;
        let lines = paragraph_lines(p, room, indent.first_line as f64);
        let line = spacing.line.max(1);
        let whole = spacing.before + lines as i32 * line + spacing.after;
        if used + whole <= height {
            used += whole;
            continue;
        }
        if p.props.keep_lines || used == 0 {
            if used > 0 {
                pages += 1;
            }
            let mut rest = whole;
            while rest > height {
                pages += 1;
                rest -= height;
            }
            used = rest;
            continue;
        }
        // Lines that fit here, the rest on the pages after.
        let fit = ((height - used - spacing.before) / line).max(0);
        let mut rest = lines as i32 - fit;
        while rest > 0 {
            pages += 1;
            let here = (height / line).min(rest);
            used = here * line;
            rest -= here;
        }
        used += spacing.after;
    }
    Flow {
        pages,
        last_used: used,
    }
}

/// The lines a paragraph takes in `room` twips (its first line `first`
/// twips further in).
fn paragraph_lines(p: &Paragraph, room: f64, first: f64) -> u32 {
    let mut lines = 0u32;
    let mut x = first;
    let mut any = false;
    for run in &p.runs {
        let RunContent::Text(text) = &run.content else {
            x += 2.0 * f64::from(run.props.size.unwrap_or(32)) * 10.0;
            continue;
        };
        let size = f64::from(run.props.size.unwrap_or(32)) * 10.0;
        let spacing = f64::from(run.props.spacing.unwrap_or(0));
        for c in text.chars() {
            if c == '\n' {
                lines += 1;
                x = 0.0;
                any = false;
                continue;
            }
            let w = super::char_em_width(c) * size + spacing;
            if x + w > room + 0.5 {
                lines += 1;
                x = 0.0;
            }
            x += w;
            any = true;
        }
    }
    (lines + u32::from(any || x > 0.0)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: i32 = 12756;
    const LINE: i32 = 360;

    fn rows(v: &[(u32, bool)]) -> Vec<FlowRow> {
        v.iter()
            .map(|(lines, whole)| FlowRow {
                lines: *lines,
                whole: *whole,
            })
            .collect()
    }

    fn text(text: &str, line: i32) -> Paragraph {
        Paragraph {
            props: crate::document::ParagraphProps {
                spacing: Some(Spacing {
                    before: 0,
                    after: 0,
                    line,
                }),
                ..Default::default()
            },
            runs: vec![crate::document::Run::text(
                text,
                crate::document::RunProps {
                    size: Some(32),
                    spacing: Some(-5),
                    ..Default::default()
                },
            )],
            ..Paragraph::default()
        }
    }

    #[test]
    fn twenty_eight_characters_make_a_line_and_22_lines_a_page() {
        let line = "一".repeat(28);
        let p = text(&line.repeat(3), 579);
        assert_eq!(paragraph_lines(&p, 8844.0, 0.0), 3);
        assert_eq!(
            paragraph_lines(&text(&format!("{line}一"), 579), 8844.0, 0.0),
            2
        );
        let page: Vec<Paragraph> = (0..23).map(|_| text("正文", 579)).collect();
        let refs: Vec<&Paragraph> = page.iter().collect();
        let flow = paragraphs_flow(&refs, 8844, 12756);
        assert_eq!((flow.pages, flow.last_used), (2, 579));
    }

    #[test]
    fn rows_that_fit_fill_one_page() {
        let flow = table_flow(1000, PAGE, 720, &rows(&[(3, true); 10]), LINE, 10);
        assert_eq!(flow.pages, 1);
        assert_eq!(flow.last_used, 1000 + 720 + 10 * (3 * LINE + 10));
    }

    #[test]
    fn a_whole_row_moves_and_a_tall_one_splits() {
        // 34 lines fill a page below a one-line header.
        let whole = table_flow(
            0,
            PAGE,
            LINE,
            &rows(&[(30, false), (3, true), (3, true)]),
            LINE,
            0,
        );
        assert_eq!(whole.pages, 2);
        assert_eq!(whole.last_used, LINE + 3 * LINE);
        let split = table_flow(0, PAGE, LINE, &rows(&[(30, false), (10, false)]), LINE, 0);
        // 4 lines of the second row on the first page, 6 on the next.
        assert_eq!((split.pages, split.last_used), (2, LINE + 6 * LINE));
    }

    #[test]
    fn a_split_leaves_at_least_two_lines_for_the_next_page() {
        // Seven lines of room for a row of eight: six here, two there.
        let flow = table_flow(0, PAGE, LINE, &rows(&[(27, false), (8, false)]), LINE, 0);
        assert_eq!((flow.pages, flow.last_used), (2, LINE + 2 * LINE));
    }

    #[test]
    fn a_split_never_leaves_a_single_line() {
        // One line of room: the row moves whole rather than leave one line.
        let flow = table_flow(0, PAGE, LINE, &rows(&[(33, false), (5, false)]), LINE, 0);
        assert_eq!((flow.pages, flow.last_used), (2, LINE + 5 * LINE));
    }
}
