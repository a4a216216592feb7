//! The reporting period: what `period` in the job says, its Chinese label,
//! and finding a period named in a text (a sheet name, a title row, a
//! status header).
//!
//! A period is a year and a run of months. Its forms:
//!
//! | written | label | months |
//! |---|---|---|
//! | `2026-Q1` … `2026-Q4` | 第一季度 … 第四季度 | 1–3 … 10–12 |
//! | `2026-H1`, `2026-H2` | 上半年, 下半年 | 1–6, 7–12 |
//! | `2026-Q1-Q3` | 前三季度 | 1–9 |
//! | `2026-Y` | 全年 | 1–12 |
//! | `2026-09` | 9月 | 9 |
//! | `2026-01-09` | 1—9月 | 1–9 |
//!
//! and the Chinese label itself with its year: `2026年第三季度`,
//! `2026年前三季度`, `2026年下半年`, `2026年1—9月`, `2026年9月`.
//!
//! Two periods that cover the same months (前三季度 and 1—9月) are the same
//! period for choosing a sheet ([`Period::same_months`]).

/// The reporting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The year.
    pub year: i32,
    /// Which part of it.
    pub span: PeriodSpan,
}

/// The part of the year a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodSpan {
    /// One quarter, 1 to 4: `Q3` 第三季度.
    Quarter(u8),
    /// `H1` 上半年.
    FirstHalf,
    /// `H2` 下半年.
    SecondHalf,
    /// `Q1-Q3` 前三季度.
    FirstThreeQuarters,
    /// `Y` 全年.
    Year,
    /// One month, 1 to 12: `09` 9月.
    Month(u8),
    /// January to a month, 1 to 12: `01-09` 1—9月.
    MonthsTo(u8),
}

const QUARTER_NAMES: [&str; 4] = ["第一季度", "第二季度", "第三季度", "第四季度"];
const CN_DIGITS: [char; 4] = ['一', '二', '三', '四'];

impl PeriodSpan {
    /// The first and last month covered, 1-based.
    pub fn months(self) -> (u8, u8) {
        match self {
            PeriodSpan::Quarter(q) => (q * 3 - 2, q * 3),
            PeriodSpan::FirstHalf => (1, 6),
            PeriodSpan::SecondHalf => (7, 12),
            PeriodSpan::FirstThreeQuarters => (1, 9),
            PeriodSpan::Year => (1, 12),
            PeriodSpan::Month(m) => (m, m),
            PeriodSpan::MonthsTo(m) => (1, m),
        }
    }

    /// The Chinese name: 第三季度, 上半年, 前三季度, 全年, 9月, 1—9月.
    pub fn label(self) -> String {
        match self {
            PeriodSpan::Quarter(q) => QUARTER_NAMES[usize::from(q.clamp(1, 4) - 1)].to_string(),
            PeriodSpan::FirstHalf => "上半年".to_string(),
            PeriodSpan::SecondHalf => "下半年".to_string(),
            PeriodSpan::FirstThreeQuarters => "前三季度".to_string(),
            PeriodSpan::Year => "全年".to_string(),
            PeriodSpan::Month(m) => format!("{m}月"),
            PeriodSpan::MonthsTo(1) => "1月".to_string(),
            PeriodSpan::MonthsTo(m) => format!("1—{m}月"),
        }
    }

    /// The code written after the year: `Q3`, `H2`, `Q1-Q3`, `Y`, `09`, `01-09`.
    pub fn code(self) -> String {
        match self {
            PeriodSpan::Quarter(q) => format!("Q{q}"),
            PeriodSpan::FirstHalf => "H1".to_string(),
            PeriodSpan::SecondHalf => "H2".to_string(),
            PeriodSpan::FirstThreeQuarters => "Q1-Q3".to_string(),
            PeriodSpan::Year => "Y".to_string(),
            PeriodSpan::Month(m) => format!("{m:02}"),
            PeriodSpan::MonthsTo(m) => format!("01-{m:02}"),
        }
    }

    /// The span that covers months `first..=last`, by its usual name when
    /// it has one (7–9 is 第三季度, 1–9 前三季度).
    pub fn from_months(first: u8, last: u8) -> Option<PeriodSpan> {
        if !(1..=12).contains(&first) || !(first..=12).contains(&last) {
            return None;
        }
        Some(match (first, last) {
            (1, 6) => PeriodSpan::FirstHalf,
            (7, 12) => PeriodSpan::SecondHalf,
            (1, 9) => PeriodSpan::FirstThreeQuarters,
            (1, 12) => PeriodSpan::Year,
            (f, l) if f % 3 == 1 && l == f + 2 => PeriodSpan::Quarter(l / 3),
            (f, l) if f == l => PeriodSpan::Month(f),
            (1, l) => PeriodSpan::MonthsTo(l),
            _ => return None,
        })
    }
}

impl Period {
    /// Parses `2026-Q3` and its kin, or a Chinese label with its year
    /// (`2026年第三季度`, `2026年1—9月`).
    pub fn parse(text: &str) -> Option<Period> {
        let text = text.trim();
        if let Some(p) = Period::parse_code(text) {
            return Some(p);
        }
        let folded = fold(text);
        let (year, rest) = folded.split_once('年')?;
        let year = four_digit_year(year)?;
        let spans = spans_in(rest);
        // The whole label must be one period and nothing else.
        match spans.as_slice() {
            [(span, start, end)] if *start == 0 && *end == rest.chars().count() => {
                Some(Period { year, span: *span })
            }
            _ => None,
        }
    }

    fn parse_code(text: &str) -> Option<Period> {
        let (year, span) = text.split_once('-')?;
        let year = four_digit_year(year)?;
        let upper = span.trim().to_ascii_uppercase();
        let span = match upper.as_str() {
            "Q1" | "Q2" | "Q3" | "Q4" => PeriodSpan::Quarter(upper.as_bytes()[1] - b'0'),
            "H1" => PeriodSpan::FirstHalf,
            "H2" => PeriodSpan::SecondHalf,
            "Q1-Q3" => PeriodSpan::FirstThreeQuarters,
            "Y" => PeriodSpan::Year,
            other => {
                let month = |s: &str| -> Option<u8> {
                    (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
                        .then(|| s.parse().ok())
                        .flatten()
                        .filter(|m| (1..=12).contains(m))
                };
                match other.split_once('-') {
                    None => PeriodSpan::Month(month(other)?),
                    Some(("01", last)) => PeriodSpan::MonthsTo(month(last)?),
                    Some(_) => return None,
                }
            }
        };
        Some(Period { year, span })
    }

    /// The Chinese name of the span: 第三季度, 上半年, 前三季度, 全年, 9月, 1—9月.
    pub fn label(&self) -> String {
        self.span.label()
    }

    /// The period as `period` is written in a job: `2026-Q3`.
    pub fn code(&self) -> String {
        format!("{}-{}", self.year, self.span.code())
    }

    /// Whether two periods cover the same months (前三季度 and 1—9月).
    pub fn same_months(&self, other: &Period) -> bool {
        self.year == other.year && self.span.months() == other.span.months()
    }
}

fn four_digit_year(text: &str) -> Option<i32> {
    let t = text.trim();
    (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

/// Full-width digits and letters to half-width, every dash and range mark
/// to `-`, white space removed.
fn fold(text: &str) -> String {
    let chars = text
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            other => other,
        })
        .map(|c| match c {
            '—' | '–' | '~' | '〜' => '-',
            other => other,
        })
        .filter(|c| !c.is_whitespace())
        .collect::<Vec<char>>();
    // 1至9月, 1到9月: a range only between digits.
    let digit = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(|c| c.is_ascii_digit())
    };
    (0..chars.len())
        .map(|i| {
            let range =
                matches!(chars[i], '至' | '到') && digit(i.checked_sub(1)) && digit(Some(i + 1));
            if range {
                '-'
            } else {
                chars[i]
            }
        })
        .collect()
}

/// A period named somewhere in a text, with the year written before it
/// (`2026年第三季度`), if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// The year named with it.
    pub year: Option<i32>,
    /// The span.
    pub span: PeriodSpan,
}

impl Mention {
    /// Whether this mention names `period` (the same months; a year, when
    /// written, the same year).
    pub fn names(&self, period: &Period) -> bool {
        self.year.is_none_or(|y| y == period.year) && self.span.months() == period.span.months()
    }
}

/// Every period a text names, in order: 第三季度, 三季度, 3季度, Q3, 7—9月,
/// 上半年, 下半年, 前三季度, 1—9月, 截至9月底 (1—9月), 全年, 9月. A date such
/// as 9月30日 is not a period (but 截至9月30日 is 1—9月).
pub fn mentions(text: &str) -> Vec<Mention> {
    let folded = fold(text);
    let chars: Vec<char> = folded.chars().collect();
    spans_in(&folded)
        .into_iter()
        .map(|(span, start, _)| Mention {
            year: year_before(&chars, start),
            span,
        })
        .collect()
}

/// `2026年` (or `2026`) right before position `at`.
fn year_before(chars: &[char], at: usize) -> Option<i32> {
    let mut end = at;
    if end > 0 && chars[end - 1] == '年' {
        end -= 1;
    }
    let start = end.checked_sub(4)?;
    let digits: String = chars[start..end].iter().collect();
    let before_is_digit = start > 0 && chars[start - 1].is_ascii_digit();
    (!before_is_digit && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// The periods in a folded text, with their char positions `[start, end)`.
/// Longer names are found first so that 前三季度 is not also 三季度.
fn spans_in(text: &str) -> Vec<(PeriodSpan, usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut found: Vec<(PeriodSpan, usize, usize)> = Vec::new();
    let mut taken = vec![false; chars.len()];
    let take = |found: &mut Vec<_>, taken: &mut Vec<bool>, span, s: usize, e: usize| {
        if taken[s..e].iter().any(|t| *t) {
            return;
        }
        taken[s..e].iter_mut().for_each(|t| *t = true);
        found.push((span, s, e));
    };
    let find_all = |word: &str| -> Vec<usize> {
        let w: Vec<char> = word.chars().collect();
        (0..chars.len())
            .filter(|&i| chars[i..].starts_with(&w))
            .collect()
    };
    let words: &[(&str, PeriodSpan)] = &[
        ("前三季度", PeriodSpan::FirstThreeQuarters),
        ("前3季度", PeriodSpan::FirstThreeQuarters),
        ("上半年", PeriodSpan::FirstHalf),
        ("下半年", PeriodSpan::SecondHalf),
        ("全年", PeriodSpan::Year),
        ("Q1-Q3", PeriodSpan::FirstThreeQuarters),
        ("q1-q3", PeriodSpan::FirstThreeQuarters),
    ];
    for (word, span) in words {
        for s in find_all(word) {
            take(&mut found, &mut taken, *span, s, s + word.chars().count());
        }
    }
    // 截至9月底, 截至9月30日, 截止9月末: January to that month.
    for lead in ["截至", "截止"] {
        for s in find_all(lead) {
            let mut i = s + 2;
            // Skip a year: 截至2026年9月底.
            let year_digits = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            if year_digits == 4 && chars.get(i + 4) == Some(&'年') {
                i += 5;
            }
            let n = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            if (1..=2).contains(&n) && chars.get(i + n) == Some(&'月') {
                let month: u8 = chars[i..i + n]
                    .iter()
                    .collect::<String>()
                    .parse()
                    .unwrap_or(0);
                if let Some(span) = PeriodSpan::from_months(1, month) {
                    let mut e = i + n + 1;
                    if matches!(chars.get(e), Some('底') | Some('末')) {
                        e += 1;
                    }
                    take(&mut found, &mut taken, span, s, e);
                }
            }
        }
    }
    // 1-9月, 7-9月: a run of months.
    for i in 0..chars.len() {
        let a = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=2).contains(&a) || (i > 0 && chars[i - 1].is_ascii_digit()) {
            continue;
        }
        if chars.get(i + a) != Some(&'-') {
            continue;
        }
        let j = i + a + 1;
        let b = chars[j..].iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=2).contains(&b) || chars.get(j + b) != Some(&'月') {
            continue;
        }
        let first: u8 = chars[i..i + a]
            .iter()
            .collect::<String>()
            .parse()
            .unwrap_or(0);
        let last: u8 = chars[j..j + b]
            .iter()
            .collect::<String>()
            .parse()
            .unwrap_or(0);
        if let Some(span) = PeriodSpan::from_months(first, last) {
            take(&mut found, &mut taken, span, i, j + b + 1);
        }
    }
    // 第三季度, 三季度, 3季度, 第3季度, Q3.
    for s in find_all("季度") {
        let Some(&d) = s.checked_sub(1).and_then(|p| chars.get(p)) else {
            continue;
        };
        let q = CN_DIGITS
            .iter()
            .position(|c| *c == d)
            .map(|p| p as u8 + 1)
            .or_else(|| {
                d.to_digit(10)
                    .map(|n| n as u8)
                    .filter(|n| (1..=4).contains(n))
            });
        if let Some(q) = q {
            let start = if s >= 2 && chars[s - 2] == '第' {
                s - 2
            } else {
                s - 1
            };
            take(&mut found, &mut taken, PeriodSpan::Quarter(q), start, s + 2);
        }
    }
    for i in 0..chars.len() {
        if matches!(chars[i], 'Q' | 'q') {
            let digit = chars.get(i + 1).and_then(|c| c.to_digit(10));
            let alone = !(chars.get(i + 2).is_some_and(|c| c.is_ascii_alphanumeric())
                || i > 0 && chars[i - 1].is_ascii_alphabetic());
            if let Some(q) = digit.filter(|q| (1..=4).contains(q)) {
                if alone {
                    take(
                        &mut found,
                        &mut taken,
                        PeriodSpan::Quarter(q as u8),
                        i,
                        i + 2,
                    );
                }
            }
        }
    }
    // 9月, 9月份: one month, unless a day follows (9月30日 is a date).
    for i in 0..chars.len() {
        let n = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=2).contains(&n) || (i > 0 && chars[i - 1].is_ascii_digit()) {
            continue;
        }
        if chars.get(i + n) != Some(&'月') {
            continue;
        }
        let after = chars.get(i + n + 1);
        if after.is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        let month: u8 = chars[i..i + n]
            .iter()
            .collect::<String>()
            .parse()
            .unwrap_or(0);
        if (1..=12).contains(&month) {
            let mut e = i + n + 1;
            if after == Some(&'份') {
                e += 1;
            }
            take(&mut found, &mut taken, PeriodSpan::Month(month), i, e);
        }
    }
    found.sort_by_key(|&(_, s, _)| s);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> Option<String> {
        Period::parse(text).map(|p| p.code())
    }

    fn label(text: &str) -> Option<String> {
        Period::parse(text).map(|p| p.label())
    }

    #[test]
    fn every_written_form_parses_to_its_label() {
        assert_eq!(label("2026-Q1"), Some("第一季度".into()));
        assert_eq!(label("2026-Q2"), Some("第二季度".into()));
        assert_eq!(label("2026-q3"), Some("第三季度".into()));
        assert_eq!(label("2026-Q4"), Some("第四季度".into()));
        assert_eq!(label("2026-H1"), Some("上半年".into()));
        assert_eq!(label("2026-H2"), Some("下半年".into()));
        assert_eq!(label("2026-Q1-Q3"), Some("前三季度".into()));
        assert_eq!(label("2026-Y"), Some("全年".into()));
        assert_eq!(label("2026-09"), Some("9月".into()));
        assert_eq!(label("2026-01-09"), Some("1—9月".into()));
        for bad in [
            "2026-Q5",
            "2026-H3",
            "2026-13",
            "2026-02-09",
            "26-Y",
            "2026",
            "2026-9",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_chinese_label_itself_is_a_period() {
        assert_eq!(code("2026年第三季度"), Some("2026-Q3".into()));
        assert_eq!(code("2026年三季度"), Some("2026-Q3".into()));
        assert_eq!(code("2026年前三季度"), Some("2026-Q1-Q3".into()));
        assert_eq!(code("2026年下半年"), Some("2026-H2".into()));
        assert_eq!(code("2026年1—9月"), Some("2026-Q1-Q3".into()));
        assert_eq!(code("２０２６年１－９月"), Some("2026-Q1-Q3".into()));
        assert_eq!(code("2026年9月"), Some("2026-09".into()));
        assert_eq!(code("2026年1-5月"), Some("2026-01-05".into()));
        assert_eq!(code("2026年全年"), Some("2026-Y".into()));
        assert_eq!(code("2026年第三季度和第四季度"), None);
        assert_eq!(code("第三季度"), None);
    }

    #[test]
    fn periods_are_found_in_sheet_names_titles_and_headers() {
        let spans =
            |t: &str| -> Vec<String> { mentions(t).iter().map(|m| m.span.code()).collect() };
        assert_eq!(spans("第三季度"), ["Q3"]);
        assert_eq!(spans("三季度"), ["Q3"]);
        assert_eq!(spans("3季度"), ["Q3"]);
        assert_eq!(spans("2026Q3"), ["Q3"]);
        assert_eq!(spans("前三季度完成情况"), ["Q1-Q3"]);
        assert_eq!(spans("1—9月"), ["Q1-Q3"]);
        assert_eq!(spans("7-9月推进情况"), ["Q3"]);
        assert_eq!(spans("下半年完成情况"), ["H2"]);
        assert_eq!(spans("截至9月底进展情况"), ["Q1-Q3"]);
        assert_eq!(spans("数据截至2017年9月30日"), ["Q1-Q3"]);
        assert_eq!(spans("填报日期：2026年9月30日"), Vec::<String>::new());
        assert_eq!(spans("9月份"), ["09"]);
        assert_eq!(spans("完成情况"), Vec::<String>::new());
        let m = mentions("2026年第三季度重点工作");
        assert_eq!(m[0].year, Some(2026));
        let q3 = Period::parse("2026-Q3").expect("q3");
        assert!(m[0].names(&q3));
        assert!(!mentions("2025年第三季度")[0].names(&q3));
        let ytd = Period::parse("2026-01-09").expect("1-9");
        assert!(mentions("前三季度")[0].names(&ytd));
        assert!(Period::parse("2026-Q1-Q3")
            .expect("q1-q3")
            .same_months(&ytd));
    }
}
