//! One spreadsheet cell → the text the document shows.
//!
//! Numbers keep their meaning (1300 stays `1300`, not `1300.0`), dates
//! become `2016年7月5日`, strings are trimmed of ASCII, full-width and
//! non-breaking white space at the ends, and characters XML 1.0 cannot hold
//! are removed (the caller warns, naming the cell).

use calamine::Data;
use std::borrow::Cow;

/// The text of a cell, and whether characters XML cannot hold were removed.
pub fn cell_text(data: &Data) -> (String, bool) {
    let text = match data {
        Data::Empty => return (String::new(), false),
        Data::String(s) => s.clone(),
        Data::Float(f) => format_number(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(true) => "TRUE".to_string(),
        Data::Bool(false) => "FALSE".to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) if dt.is_datetime() => crate::job::cn_date(d.date()),
            _ => format_number(dt.as_f64()),
        },
        Data::DateTimeIso(s) => iso_date(s).unwrap_or_else(|| s.clone()),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("{e}"),
    };
    let (clean, removed) = match strip_xml_illegal(&text) {
        Cow::Borrowed(_) => (text, false),
        Cow::Owned(s) => (s, true),
    };
    (trim_text(&clean).to_string(), removed)
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

/// `2016-07-05` or `2016-07-05T00:00:00` (how ODS stores dates) → `2016年7月5日`.
fn iso_date(s: &str) -> Option<String> {
    let date_part = s.split('T').next()?;
    let d = chrono::NaiveDate::parse_from_str(date_part, "%Y-%m-%d").ok()?;
    Some(crate::job::cn_date(d))
}

/// Is this white space a clerk would not mean to keep at a cell's end?
fn is_trim_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{00A0}' | '\u{3000}' | '\u{FEFF}' | '\u{200B}')
}

/// Trims ASCII, full-width (U+3000), non-breaking and zero-width space at both ends.
pub fn trim_text(s: &str) -> &str {
    s.trim_matches(is_trim_space)
}

/// Whether XML 1.0 can hold this character (the `Char` production).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Removes characters XML 1.0 cannot hold (U+0000–U+0008, U+000B, U+000C,
/// U+000E–U+001F, U+FFFE, U+FFFF). docx-rs would write them raw and the
/// document would not open.
pub fn strip_xml_illegal(s: &str) -> Cow<'_, str> {
    if s.chars().all(is_xml_char) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|&c| is_xml_char(c)).collect())
    }
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
