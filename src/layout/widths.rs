//! Column widths of the attachment table, chosen by what the cells hold.
//!
//! Every cell is measured once ([`Measured`]): the width in 字 of each of
//! its lines and of its longest piece that should not break (a number with
//! its unit, a date, a percentage, a telephone number). [`column_widths`]
//! then gives each column what it needs and shares the rest of the type
//! area so that the table has as few wrapped lines as it can:
//!
//! 1. every column holds its header name on at most two lines;
//! 2. a column of short values (序号, dates, percentages, section names,
//!    是/否: every line at most [`SHORT_LINE_EMS`] 字, or one unbreakable
//!    piece of at most [`SHORT_TOKEN_EMS`]) holds its longest line on one
//!    line, so that no such value ever breaks;
//! 3. the rest of the width goes, one 字 of room at a time, to the column
//!    where it removes the most lines from the table (its rows' tallest
//!    cells) for the width it costs, the text's own wrapped lines breaking
//!    ties; what no 字 can improve is shared by the amount of text.
//!
//! Widths are estimated the way the rows' heights are ([`Measured::lines`]):
//! ideographs count one 字, half-width characters half.

/// The space renderers add where Latin text or digits meet Chinese, in 字
/// (LibreOffice: 2.4 pt at 12 pt).
pub const SCRIPT_GAP_EMS: f64 = 0.2;

/// Whether `c` is a CJK ideograph.
fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// The width of a character in a table cell, in 字. Ideographs and
/// full-width forms are one 字. Half-width characters are half a 字 in
/// 仿宋_GB2312, but wider in the faces that stand in for it where it is
/// missing (digits 0.64 and `%` 0.95 in DejaVu Sans, which LibreOffice
/// takes on Linux); a cell sized for the stand-in also holds the real face.
pub fn cell_char_width(c: char) -> f64 {
    match c {
        '%' | '@' | 'm' | 'w' | 'M' | 'W' => 1.0,
        ' '..='~' => 0.65,
        _ => super::char_em_width(c),
    }
}

/// A line of at most this many 字 is a short value (序号, a section's name,
/// 是/否), kept on one line.
pub const SHORT_LINE_EMS: f64 = 8.0;
/// A line that is one piece that should not break (a date, a percentage,
/// a number with its unit) is a short value up to this many 字.
pub const SHORT_TOKEN_EMS: f64 = 10.0;

/// Whether a line `ems` 字 wide whose longest unbreakable piece is `token`
/// 字 is a short value.
pub fn is_short(ems: f64, token: f64) -> bool {
    ems <= SHORT_LINE_EMS || (token >= ems - 1e-9 && ems <= SHORT_TOKEN_EMS)
}
/// The narrowest a column holding longer text is made, in 字.
pub const MIN_TEXT_EMS: f64 = 3.0;
/// The narrowest any column is made, in 字 (序号 in a 2-字 header).
pub const MIN_EMS: f64 = 2.0;
/// At most this many rows are looked at to share the width (every n-th row
/// of a longer table): enough to see what the columns hold.
pub const SAMPLE_ROWS: usize = 2000;

/// Characters that end a number as its unit: a number is not broken from
/// them (年 in 2026年, 个 in 7248个). An array of characters, not a string
/// to search: it is asked of every character after a digit of every cell.
const UNITS: [char; 35] = [
    '年', '月', '日', '号', '时', '分', '秒', '个', '项', '万', '亿', '元', '角', '米', '里', '顷',
    '亩', '吨', '户', '人', '家', '次', '所', '座', '件', '台', '套', '辆', '份', '倍', '条', '处',
    '篇', '场', '间',
];

/// Room a line needs beyond its characters, twips: a line exactly as wide
/// as its characters is broken one character early by LibreOffice (and by
/// Word), so a column made for k 字 is this much wider.
pub const SLACK_TWIPS: f64 = 24.0;

/// How many 字 of `em` twips a cell of `width` twips with `padding` on
/// either side holds on a line.
pub fn room(width: f64, em: f64, padding: f64) -> f64 {
    ((width - 2.0 * padding - SLACK_TWIPS) / em + 1e-6)
        .floor()
        .max(1.0)
}

/// The width of a cell that holds `ems` 字 on a line.
pub fn width_for(ems: f64, em: f64, padding: f64) -> f64 {
    ems * em + 2.0 * padding + SLACK_TWIPS
}

/// The rows from which a table is measured on two threads (fewer are
/// measured faster than a thread starts).
pub const PARALLEL_ROWS: usize = 4000;

/// The lines a line of `ems` 字 takes in `room` 字 (`room` ≥ 1): at least
/// one. This is asked for every cell at every width tried, so the quotient
/// is rounded up by its integer part, which the baseline x86-64 target
/// computes in place, where `f64::ceil` is a call into libm; for the
/// quotients a cell can give (non-negative, below 2³²) both are the same.
pub fn lines_of(ems: f64, room: f64) -> u32 {
    let q = ems / room;
    let whole = q as u32;
    let up = if f64::from(whole) < q {
        whole + 1
    } else {
        whole
    };
    up.max(1)
}

/// The measured cells of a table.
#[derive(Debug, Clone, Default)]
pub struct Measured {
    columns: usize,
    /// Per cell (row-major): the range of its lines in `lines`.
    cells: Vec<(u32, u32)>,
    /// The width in 字 of every line of every cell.
    lines: Vec<f32>,
    /// Per cell: its longest piece that should not break, in 字.
    tokens: Vec<f32>,
    /// Per cell: whether every line of it is a short value ([`is_short`]).
    short: Vec<bool>,
}

impl Measured {
    /// Measures `rows` of `columns` cells (missing cells are empty). From
    /// [`PARALLEL_ROWS`] rows, the second half is measured on a second
    /// thread; the result is the same either way.
    pub fn new(rows: &[Vec<String>], columns: usize) -> Measured {
        if rows.len() < PARALLEL_ROWS {
            return Measured::of(rows, columns);
        }
        let (first, second) = rows.split_at(rows.len() / 2);
        let (mut m, rest) = std::thread::scope(|scope| {
            let other = scope.spawn(|| Measured::of(second, columns));
            let m = Measured::of(first, columns);
            (m, other.join())
        });
        // A half whose thread panicked is measured again here.
        let rest = rest.unwrap_or_else(|_| Measured::of(second, columns));
        m.append(rest);
        m
    }

    /// Appends the measurements of the rows after these.
    fn append(&mut self, rest: Measured) {
        let offset = self.lines.len() as u32;
        self.cells
            .extend(rest.cells.iter().map(|&(a, b)| (a + offset, b + offset)));
        self.lines.extend(rest.lines);
        self.tokens.extend(rest.tokens);
        self.short.extend(rest.short);
    }

    fn of(rows: &[Vec<String>], columns: usize) -> Measured {
        let mut m = Measured {
            columns,
            cells: Vec::with_capacity(rows.len() * columns),
            lines: Vec::with_capacity(rows.len() * columns * 2),
            tokens: Vec::with_capacity(rows.len() * columns),
            short: Vec::with_capacity(rows.len() * columns),
        };
        for row in rows {
            for c in 0..columns {
                let text = row.get(c).map(String::as_str).unwrap_or("");
                let start = m.lines.len() as u32;
                let mut token = 0.0f64;
                let mut short = true;
                for line in text.split('\n') {
                    let (ems, longest) = measure_line(line.trim_end_matches('\r'));
                    m.lines.push(ems as f32);
                    token = token.max(longest);
                    short &= is_short(ems, longest);
                }
                m.cells.push((start, m.lines.len() as u32));
                m.tokens.push(token as f32);
                m.short.push(short);
            }
        }
        m
    }

    /// How many rows were measured.
    pub fn rows(&self) -> usize {
        self.cells.len().checked_div(self.columns).unwrap_or(0)
    }

    fn cell_lines(&self, row: usize, column: usize) -> &[f32] {
        let (a, b) = self.cells[row * self.columns + column];
        &self.lines[a as usize..b as usize]
    }

    /// The lines the cell takes in a column of `room` 字 of text.
    pub fn lines(&self, row: usize, column: usize, room: f64) -> u32 {
        let room = room.max(1.0);
        self.cell_lines(row, column)
            .iter()
            .map(|ems| lines_of(*ems as f64, room))
            .sum()
    }

    /// The lines of the row's tallest cell in columns of `rooms` 字.
    pub fn row_lines(&self, row: usize, rooms: &[f64]) -> u32 {
        (0..self.columns)
            .map(|c| self.lines(row, c, rooms.get(c).copied().unwrap_or(1.0)))
            .max()
            .unwrap_or(1)
            .max(1)
    }

    /// The widest line of a column among `rows`, in 字.
    pub fn longest_line(&self, column: usize, rows: &[usize]) -> f64 {
        rows.iter()
            .flat_map(|r| self.cell_lines(*r, column))
            .fold(0.0f64, |m, v| m.max(*v as f64))
    }

    /// Whether every cell of a column among `rows` holds short values.
    pub fn short_column(&self, column: usize, rows: &[usize]) -> bool {
        rows.iter().all(|r| self.short[r * self.columns + column])
    }

    /// The longest piece that should not break in a column among `rows`.
    pub fn longest_token(&self, column: usize, rows: &[usize]) -> f64 {
        rows.iter()
            .map(|r| self.tokens[r * self.columns + column] as f64)
            .fold(0.0, f64::max)
    }
}

/// The width of a line in 字, and of its longest piece that should not
/// break: a run of Latin letters, digits and `. , % ‰ - : / +`, with the
/// unit characters right after digits (`7248.49个`, `2026年12月31日`).
pub fn measure_line(line: &str) -> (f64, f64) {
    let (mut total, mut token, mut longest) = (0.0f64, 0.0f64, 0.0f64);
    // Whether the piece so far ends in a number (or a number's unit).
    let mut numeric = false;
    // Of the character before: Latin letter or digit, ideograph.
    let mut previous: Option<(bool, bool)> = None;
    for c in line.chars() {
        let (alnum, ideograph) = (c.is_ascii_alphanumeric(), !c.is_ascii() && is_ideograph(c));
        // Renderers add a little space where Latin text or digits meet
        // Chinese (2026年12月31日 has five such places).
        let gap = match previous {
            Some((p_alnum, p_ideograph)) if p_alnum != alnum && (p_ideograph || ideograph) => {
                SCRIPT_GAP_EMS
            }
            _ => 0.0,
        };
        previous = Some((alnum, ideograph));
        let w = cell_char_width(c) + gap;
        total += w;
        let joins = alnum
            || matches!(c, '.' | '%' | '‰' | '-' | ':' | '/' | '+' | '％')
            || (numeric && UNITS.contains(&c));
        if joins {
            token += w;
        } else {
            longest = longest.max(token);
            token = 0.0;
        }
        // One unit character ends a number (个, %, 年 in 2026年12月).
        numeric = c.is_ascii_digit();
    }
    (total, longest.max(token))
}

/// The rows to look at when sharing the width: all, or every n-th.
pub fn sample(rows: &[usize]) -> Vec<usize> {
    if rows.len() <= SAMPLE_ROWS {
        return rows.to_vec();
    }
    let step = rows.len().div_ceil(SAMPLE_ROWS);
    rows.iter().step_by(step).copied().collect()
}

/// What each column needs, in 字: its header on two lines, and a short
/// column's longest line (or a longer column's longest unbreakable piece)
/// on one; and which columns are short, their width fixed.
fn needs(header: &[String], measured: &Measured, rows: &[usize]) -> (Vec<f64>, Vec<bool>) {
    let mut fixed = vec![false; header.len()];
    let mins = (0..header.len())
        .map(|c| {
            let header_ems = header[c]
                .split('\n')
                .map(|l| measure_line(l).0)
                .fold(0.0, f64::max);
            let head = (header_ems / 2.0).ceil().max(MIN_EMS);
            let longest = measured.longest_line(c, rows);
            if !rows.is_empty() && measured.short_column(c, rows) {
                fixed[c] = true;
                head.max(longest.ceil())
            } else {
                let token = measured.longest_token(c, rows).ceil();
                head.max(MIN_TEXT_EMS).max(token.min(SHORT_LINE_EMS))
            }
        })
        .collect();
    (mins, fixed)
}

/// Whether the columns' short values all stay on one line in a table
/// `total` twips wide (else [`column_widths`] lets some of them wrap).
pub fn short_values_fit(
    header: &[String],
    measured: &Measured,
    rows: &[usize],
    total: i32,
    em: f64,
    padding: f64,
) -> bool {
    let (mins, _) = needs(header, measured, &sample(rows));
    mins.iter().map(|m| width_for(*m, em, padding)).sum::<f64>() <= total as f64
}

/// Column widths in twips, summing to `total`, for columns named `header`
/// whose cells are `measured` (`rows` are the task rows to go by), at `em`
/// twips a 字 with `padding` twips of cell padding on each side.
pub fn column_widths(
    header: &[String],
    measured: &Measured,
    rows: &[usize],
    total: i32,
    em: f64,
    padding: f64,
) -> Vec<i32> {
    let n = header.len();
    if n == 0 {
        return Vec::new();
    }
    let rows = sample(rows);
    let room_of = |twips: f64| room(twips, em, padding);
    let twips_of = |ems: f64| width_for(ems, em, padding);
    let (mut mins, mut fixed) = needs(header, measured, &rows);
    // Columns of short entries that do not fit together give up their one
    // line, the widest first.
    while twips_sum(&mins, &twips_of) > total as f64 {
        let Some(widest) = (0..n)
            .filter(|c| fixed[*c] && mins[*c] > MIN_TEXT_EMS)
            .max_by(|a, b| mins[*a].total_cmp(&mins[*b]))
        else {
            break;
        };
        fixed[widest] = false;
        mins[widest] = MIN_TEXT_EMS;
    }
    let mut widths: Vec<f64> = mins.iter().map(|m| twips_of(*m)).collect();
    let sum: f64 = widths.iter().sum();
    if sum >= total as f64 {
        let scale = total as f64 / sum;
        return round_to(widths.iter().map(|w| w * scale).collect(), total);
    }
    let growing: Vec<usize> = (0..n).filter(|c| !fixed[*c]).collect();
    if growing.is_empty() || rows.is_empty() {
        // Nothing to gain: share the rest evenly among the longer columns,
        // or among all.
        let share: Vec<usize> = if growing.is_empty() {
            (0..n).collect()
        } else {
            growing
        };
        let extra = (total as f64 - sum) / share.len() as f64;
        for c in share {
            widths[c] += extra;
        }
        return round_to(widths, total);
    }
    let mut free = total as f64 - sum;
    let mut rooms: Vec<f64> = widths.iter().map(|w| room_of(*w)).collect();
    // Lines per sampled row and column now.
    let mut lines: Vec<Vec<u32>> = rows
        .iter()
        .map(|r| (0..n).map(|c| measured.lines(*r, c, rooms[c])).collect())
        .collect();
    loop {
        // The column where one more 字 of room removes the most lines for
        // the twips it costs.
        let mut best: Option<(f64, usize, f64, Vec<u32>)> = None;
        for &c in &growing {
            let need = twips_of(rooms[c] + 1.0) - widths[c];
            if need > free {
                continue;
            }
            let new: Vec<u32> = rows
                .iter()
                .map(|r| measured.lines(*r, c, rooms[c] + 1.0))
                .collect();
            let mut gain: i64 = 0;
            for (i, line) in lines.iter().enumerate() {
                let others = line
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| *k != c)
                    .map(|(_, v)| *v)
                    .max()
                    .unwrap_or(1);
                let before = others.max(line[c]);
                let after = others.max(new[i]);
                // The table's lines first, then the cell's own.
                gain += 1000 * i64::from(before - after) + i64::from(line[c] - new[i]);
            }
            let score = gain as f64 / need.max(1.0);
            if gain > 0 && best.as_ref().is_none_or(|(s, _, _, _)| score > *s) {
                best = Some((score, c, need, new));
            }
        }
        let Some((_, c, need, new)) = best else {
            break;
        };
        widths[c] += need;
        free -= need;
        rooms[c] += 1.0;
        for (i, line) in lines.iter_mut().enumerate() {
            line[c] = new[i];
        }
    }
    // What no whole 字 can improve goes to the longer columns in
    // proportion to their text (it makes the lines less full, not fewer).
    let weights: Vec<f64> = growing
        .iter()
        .map(|c| {
            rows.iter()
                .map(|r| measured.cell_lines(*r, *c).iter().sum::<f32>() as f64)
                .sum::<f64>()
                .max(1.0)
        })
        .collect();
    let total_weight: f64 = weights.iter().sum();
    for (c, w) in growing.iter().zip(&weights) {
        widths[*c] += free * w / total_weight;
    }
    round_to(widths, total)
}

fn twips_sum(mins: &[f64], twips_of: &impl Fn(f64) -> f64) -> f64 {
    mins.iter().map(|m| twips_of(*m)).sum()
}

/// Whole twips summing to `total`: each width rounded down, the rest to
/// the widest column.
fn round_to(widths: Vec<f64>, total: i32) -> Vec<i32> {
    let mut out: Vec<i32> = widths.iter().map(|w| w.floor() as i32).collect();
    let diff = total - out.iter().sum::<i32>();
    if let Some((widest, _)) = out.iter().enumerate().max_by_key(|(_, w)| **w) {
        out[widest] += diff;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_the_quotient_rounded_up_as_f64_ceil_rounds_it() {
        let ceil = |ems: f64, room: f64| ((ems / room).ceil().max(1.0)) as u32;
        let mut ems_values: Vec<f64> = (0..4000).map(|i| f64::from(i) * 0.25).collect();
        ems_values.extend([1e-9, 0.1, 0.5, 0.999_999, 1.0, 1.000_001, 1e6, 4.0e9]);
        for ems in ems_values {
            for room in [1.0, 1.5, 2.0, 3.0, 7.0, 12.0, 13.5, 27.0, 41.0, 1000.0] {
                assert_eq!(lines_of(ems, room), ceil(ems, room), "{ems} in {room}");
                let f = ems as f32;
                assert_eq!(lines_of(f64::from(f), room), ceil(f64::from(f), room));
            }
        }
    }

    const EM: f64 = 240.0;
    const PAD: f64 = 85.0;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    /// The table's lines: each row's tallest cell, summed.
    fn table_lines(m: &Measured, widths: &[i32]) -> u32 {
        let rooms: Vec<f64> = widths.iter().map(|w| room(*w as f64, EM, PAD)).collect();
        (0..m.rows()).map(|r| m.row_lines(r, &rooms)).sum()
    }

    fn ledger() -> (Vec<String>, Vec<Vec<String>>) {
        let header = strings(&[
            "序号",
            "工作任务",
            "牵头单位",
            "完成情况",
            "完成率",
            "完成时限",
            "责任科室",
        ]);
        let rows = (1..=12)
            .map(|i| {
                vec![
                    i.to_string(),
                    "加快推进城乡一体化建设，统筹协调文化旅游产业发展。".repeat(1 + i % 3),
                    "市发改委、市住房城乡建设局".to_string(),
                    "全市在建标准化厂房256.38万平方米，完成年度计划的85.0%，已报省发改委审批。"
                        .repeat(1 + i % 4),
                    "100%".to_string(),
                    "2026年12月31日".to_string(),
                    "国民经济综合科".to_string(),
                ]
            })
            .collect();
        (header, rows)
    }

    #[test]
    fn a_table_measured_on_two_threads_is_measured_as_on_one() {
        let rows: Vec<Vec<String>> = (0..PARALLEL_ROWS + 3)
            .map(|i| {
                vec![
                    i.to_string(),
                    "完成率85.0%\n第二行".repeat(i % 4),
                    format!("{}年{}月", 2000 + i % 30, i % 12),
                ]
            })
            .collect();
        let whole = Measured::new(&rows, 3);
        let one = Measured::of(&rows, 3);
        assert_eq!(whole.rows(), rows.len());
        assert_eq!(
            (&whole.cells, &whole.lines, &whole.tokens, &whole.short),
            (&one.cells, &one.lines, &one.tokens, &one.short)
        );
    }

    #[test]
    fn short_values_stay_on_one_line_and_headers_on_two() {
        let (header, rows) = ledger();
        let m = Measured::new(&rows, header.len());
        let all: Vec<usize> = (0..rows.len()).collect();
        // Seven columns of dates and percentages: on a turned page.
        let w = column_widths(&header, &m, &all, 12756, EM, PAD);
        assert_eq!(w.iter().sum::<i32>(), 12756);
        assert!(short_values_fit(&header, &m, &all, 12756, EM, PAD));
        assert!(!short_values_fit(&header, &m, &all, 8844, EM, PAD));
        let room = |c: usize| room(w[c] as f64, EM, PAD);
        for c in [0, 4, 5, 6] {
            for r in 0..rows.len() {
                assert_eq!(m.lines(r, c, room(c)), 1, "column {c} wraps: {w:?}");
            }
        }
        for (c, name) in header.iter().enumerate() {
            assert!(measure_line(name).0 <= 2.0 * room(c), "{name}: {w:?}");
        }
        // The long columns share the rest, the longest text the most.
        assert!(w[3] > w[1] && w[1] > w[2], "{w:?}");
    }

    #[test]
    fn the_widths_beat_an_equal_split() {
        let (header, rows) = ledger();
        let m = Measured::new(&rows, header.len());
        let all: Vec<usize> = (0..rows.len()).collect();
        let chosen = column_widths(&header, &m, &all, 8844, EM, PAD);
        let equal = vec![8844 / 7; 7];
        assert!(
            table_lines(&m, &chosen) * 10 < table_lines(&m, &equal) * 8,
            "{} lines against {} for an equal split",
            table_lines(&m, &chosen),
            table_lines(&m, &equal)
        );
    }

    #[test]
    fn numbers_with_units_dates_and_percentages_are_one_piece() {
        let near = |a: f64, b: f64| (a - b).abs() < 1e-9;
        let (total, token) = measure_line("2026年12月31日");
        assert!(near(total, 9.2) && near(token, 9.2), "{total} {token}");
        assert!(near(measure_line("完成7248.49个项目").1, 5.95));
        assert!(near(measure_line("完成率85.0%").1, 3.8));
        assert!(near(measure_line("电话0731-28686393").1, 8.65));
        assert_eq!(measure_line("已完成").1, 0.0);
    }

    #[test]
    fn short_columns_that_cannot_all_fit_give_up_their_one_line() {
        let header: Vec<String> = (0..12).map(|i| format!("列{i}")).collect();
        let rows = vec![vec!["国民经济综合科".to_string(); 12]];
        let m = Measured::new(&rows, 12);
        let w = column_widths(&header, &m, &[0], 8844, EM, PAD);
        assert_eq!(w.iter().sum::<i32>(), 8844);
        assert!(w.iter().all(|w| *w > 0), "{w:?}");
    }

    #[test]
    fn a_large_table_is_sampled() {
        let rows: Vec<usize> = (0..10_000).collect();
        let s = sample(&rows);
        assert!(s.len() <= SAMPLE_ROWS && s.len() > SAMPLE_ROWS / 2);
        assert_eq!(s[0], 0);
    }
}
