//! One spreadsheet cell → the text the document shows.
//!
//! Numbers keep their meaning (1300 stays `1300`, not `1300.0`; 0.52 in a
//! cell formatted `0%` becomes `52%`), dates become `2016年7月5日`, strings are trimmed of ASCII, full-width and
//! non-breaking white space at the ends, and characters XML 1.0 cannot hold
//! are removed (the caller warns, naming the cell).

use calamine::Data;
use std::borrow::Cow;

/// The text of a cell, and whether characters XML cannot hold were removed.
pub fn cell_text(data: &Data) -> (String, bool) {
    cell_text_formatted(data, None)
}

/// The text of a cell whose number format may be a percentage: `percent` is
/// `Some(decimals)` for such a cell (`Some(None)`: decimals unknown, shown
/// as needed). Only numbers are affected.
pub fn cell_text_formatted(data: &Data, percent: Option<Option<u8>>) -> (String, bool) {
    if let Data::String(s) = data {
        return cleaned(s.clone());
    }
    let text = match (data, percent) {
        (Data::Empty, _) => return (String::new(), false),
        (Data::Float(f), Some(decimals)) => percent_text(*f, decimals),
        (Data::Int(i), Some(decimals)) => percent_text(*i as f64, decimals),
        (Data::String(s), _) => s.clone(),
        (Data::Float(f), _) => format_number(*f),
        (Data::Int(i), _) => i.to_string(),
        (Data::Bool(true), _) => "TRUE".to_string(),
        (Data::Bool(false), _) => "FALSE".to_string(),
        (Data::DateTime(dt), _) => match dt.as_datetime() {
            Some(d) if dt.is_datetime() => crate::job::cn_date(d.date()),
            _ => format_number(dt.as_f64()),
        },
        (Data::DateTimeIso(s), _) => iso_date(s).unwrap_or_else(|| s.clone()),
        (Data::DurationIso(s), _) => s.clone(),
        (Data::Error(e), _) => format!("{e}"),
    };
    cleaned(text)
}

/// [`cell_text_formatted`] of a cell's value taken from its sheet: a text
/// is not copied.
pub fn cell_text_taken(data: Data, percent: Option<Option<u8>>) -> (String, bool) {
    match data {
        Data::String(s) => cleaned(s),
        other => cell_text_formatted(&other, percent),
    }
}

/// `text` without what a document cannot hold (removed here, so that the
/// clerk is told which cell lost it; the writer would drop it silently),
/// trimmed; whether anything was removed.
fn cleaned(text: String) -> (String, bool) {
    let (clean, removed) = match crate::docx::xml_chars(&text) {
        Cow::Borrowed(_) => (text, false),
        Cow::Owned(s) => (s, true),
    };
    let trimmed = trim_text(&clean);
    if trimmed.len() == clean.len() {
        (clean, removed)
    } else {
        (trimmed.to_string(), removed)
    }
}

/// A number as a person would type it: integral values without a decimal
/// point, others with the shortest decimal that reads back the same.
pub fn format_number(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        // Shortest round-trip form, then drop binary noise such as
        // 0.30000000000000004 by rounding to 15 significant digits.
        let rounded = format!("{:.*e}", 14, f);
        match rounded.parse::<f64>() {
            Ok(r) => format!("{r}"),
            Err(_) => format!("{f}"),
        }
    }
}

/// A fraction as the percentage a cell formatted `0%` / `0.0%` shows:
/// 0.52 → `52%`, 0.1725 with one decimal → `17.3%` (half away from zero, as
/// Excel rounds). Without known decimals, as many as the value needs.
pub fn percent_text(fraction: f64, decimals: Option<u8>) -> String {
    // Clear binary noise first (0.525 * 100 = 52.50000000000001).
    let hundredfold = format_number(fraction * 100.0)
        .parse::<f64>()
        .unwrap_or(fraction * 100.0);
    match decimals {
        Some(d) if hundredfold.is_finite() => {
            let d = d.min(15);
            let scale = 10f64.powi(i32::from(d));
            let rounded = (hundredfold * scale).round() / scale;
            let text = format!("{rounded:.*}", usize::from(d));
            // `-0%` reads oddly: a value that rounds to zero is zero.
            let text = if rounded == 0.0 {
                text.trim_start_matches('-').to_string()
            } else {
                text
            };
            format!("{text}%")
        }
        _ => format!("{}%", format_number(hundredfold)),
    }
}

/// The decimals of a percentage number format (`0%` → 0, `0.00%` → 2,
/// `#,##0.0%;[Red]-0.0%` → 1); `None` for any other format. Only the first
/// section counts, and quoted text, `\x` escapes and `[...]` are skipped.
pub fn percent_decimals(format_code: &str) -> Option<u8> {
    let mut plain = String::new();
    let mut chars = format_code.chars();
    while let Some(c) = chars.next() {
        match c {
            ';' => break,
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => {
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                }
            }
            other => plain.push(other),
        }
    }
    let before = &plain[..plain.find('%')?];
    let decimals = before.split_once('.').map_or(0, |(_, d)| {
        d.chars().filter(|c| matches!(c, '0' | '#' | '?')).count()
    });
    u8::try_from(decimals).ok()
}

/// `2016-07-05` or `2016-07-05T00:00:00` (how ODS stores dates) → `2016年7月5日`.
fn iso_date(s: &str) -> Option<String> {
    let date_part = s.split('T').next()?;
    let d = chrono::NaiveDate::parse_from_str(date_part, "%Y-%m-%d").ok()?;
    Some(crate::job::cn_date(d))
}

/// Characters that take no room: zero-width spaces and joiners, the
/// byte-order mark, the soft hyphen, direction marks.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

/// The text without its invisible characters.
pub fn strip_invisible(text: &str) -> String {
    text.chars().filter(|&c| !is_invisible(c)).collect()
}

/// The text with its invisible characters shown, for messages: `责任\u{200B}科室`.
pub fn escape_invisible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_invisible(c) {
            out.push_str(&format!("\\u{{{:04X}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Is this white space a clerk would not mean to keep at a cell's end?
fn is_trim_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{00A0}' | '\u{3000}' | '\u{FEFF}' | '\u{200B}')
}

/// Trims ASCII, full-width (U+3000), non-breaking and zero-width space at both ends.
pub fn trim_text(s: &str) -> &str {
    s.trim_matches(is_trim_space)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integral_numbers_have_no_decimal_point() {
        assert_eq!(cell_text(&Data::Float(1300.0)).0, "1300");
        assert_eq!(cell_text(&Data::Float(-2.0)).0, "-2");
        assert_eq!(cell_text(&Data::Int(183000)).0, "183000");
        assert_eq!(cell_text(&Data::Float(896.9)).0, "896.9");
        assert_eq!(cell_text(&Data::Float(0.1 + 0.2)).0, "0.3");
        assert_eq!(cell_text(&Data::Float(0.52)).0, "0.52");
    }

    #[test]
    fn strings_are_trimmed_of_every_kind_of_space() {
        let (t, _) = cell_text(&Data::String("\u{3000} 园区科\u{00A0} \n".into()));
        assert_eq!(t, "园区科");
        let (t, _) = cell_text(&Data::String("社会科\n工业科".into()));
        assert_eq!(t, "社会科\n工业科");
    }

    #[test]
    fn control_characters_are_removed_and_reported() {
        let (t, removed) = cell_text(&Data::String("完成\u{1}情况\u{B}".into()));
        assert_eq!(t, "完成情况");
        assert!(removed);
        let (t, removed) = cell_text(&Data::String("<w:p> & \"x\"".into()));
        assert_eq!(t, "<w:p> & \"x\"");
        assert!(!removed);
    }

    #[test]
    fn percentage_formats_show_as_percentages() {
        assert_eq!(percent_decimals("0%"), Some(0));
        assert_eq!(percent_decimals("0.0%"), Some(1));
        assert_eq!(percent_decimals("#,##0.00%;[Red]-0.00%"), Some(2));
        assert_eq!(percent_decimals("0.00"), None);
        assert_eq!(percent_decimals("0\"%\""), None);
        assert_eq!(percent_decimals("General"), None);
        let pct = |f: f64, d| cell_text_formatted(&Data::Float(f), Some(d)).0;
        assert_eq!(pct(0.52, Some(0)), "52%");
        assert_eq!(pct(0.525, Some(0)), "53%");
        assert_eq!(pct(0.1725, Some(1)), "17.3%");
        assert_eq!(pct(1.0, Some(0)), "100%");
        assert_eq!(pct(-0.001, Some(0)), "0%");
        assert_eq!(pct(0.523, None), "52.3%");
        assert_eq!(cell_text_formatted(&Data::Int(1), Some(Some(0))).0, "100%");
        assert_eq!(
            cell_text_formatted(&Data::String("52%".into()), Some(Some(1))).0,
            "52%"
        );
    }

    #[test]
    fn invisible_characters_are_shown_in_messages() {
        assert_eq!(escape_invisible("责任\u{200B}科室"), "责任\\u{200B}科室");
        assert_eq!(strip_invisible("\u{FEFF}序号\u{00AD}"), "序号");
    }

    #[test]
    fn iso_dates_read_as_chinese_dates() {
        assert_eq!(
            cell_text(&Data::DateTimeIso("2016-07-05".into())).0,
            "2016年7月5日"
        );
        assert_eq!(
            cell_text(&Data::DateTimeIso("2016-07-05T00:00:00".into())).0,
            "2016年7月5日"
        );
    }
}
