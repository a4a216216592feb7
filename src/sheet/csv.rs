//! Comma-separated text: decoding and splitting into cells.
//!
//! Chinese Excel saves "CSV" in the ANSI code page, GBK (a subset of
//! GB18030); "CSV UTF-8" adds a byte-order mark. Unless an encoding is
//! given, text that is valid UTF-8 is read as UTF-8 and anything else as
//! GB18030. Decoding is strict: a byte sequence that is valid in neither is
//! an error, never a replacement character in the notice. A UTF-16 file
//! (Excel's "Unicode text") is recognised by its byte-order mark.
//! Every cell is text, exactly as typed.

use super::limits::{
    MAX_CELLS, MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, MAX_ROWS_FILLED, MAX_TABLE_TEXT_BYTES,
};
use crate::error::{Error, Location, Result};
use crate::messages::SheetMsg;
use calamine::{Cell, Data, Range};
use std::path::Path;
use std::str::FromStr;

/// The text encoding of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// GB18030, which includes GBK and GB2312.
    Gb18030,
    /// GBK (decoded as GB18030, of which it is a subset).
    Gbk,
}

impl FromStr for Encoding {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Ok(Encoding::Utf8),
            "gb18030" => Ok(Encoding::Gb18030),
            "gbk" | "gb2312" | "cp936" => Ok(Encoding::Gbk),
            _ => Err(format!("unknown encoding `{s}`: use utf-8, gb18030 or gbk")),
        }
    }
}

/// Decodes the bytes of a CSV file to text.
pub fn decode(path: &Path, bytes: &[u8], forced: Option<Encoding>) -> Result<String> {
    let at = || Location::file(path);
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        if encoding != encoding_rs::UTF_8 && forced.is_none() {
            let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
            if had_errors {
                return Err(Error::at(at(), SheetMsg::NotUtf16));
            }
            return Ok(text.into_owned());
        }
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(nul) = body.iter().position(|&b| b == 0) {
        let line = body[..nul].iter().filter(|&&b| b == b'\n').count() + 1;
        return Err(Error::at(at(), SheetMsg::CsvNul { line }));
    }
    let utf8 = || match std::str::from_utf8(body) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let line = body[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            Err(line)
        }
    };
    let gb18030 = || {
        encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(body)
            .map(|s| s.into_owned())
    };
    match forced {
        Some(Encoding::Utf8) => utf8().map_err(|line| Error::at(at(), SheetMsg::NotUtf8 { line })),
        Some(Encoding::Gb18030 | Encoding::Gbk) => {
            gb18030().ok_or_else(|| Error::at(at(), SheetMsg::NotGb18030))
        }
        None => {
            utf8().or_else(|_| gb18030().ok_or_else(|| Error::at(at(), SheetMsg::UnknownEncoding)))
        }
    }
}

/// Reads a CSV file into a range of text cells (row 0 is the first line).
pub fn read(path: &Path, bytes: &[u8], forced: Option<Encoding>) -> Result<Range<Data>> {
    let text = decode(path, bytes, forced)?;
    let first_line = text.lines().next().unwrap_or("");
    // Excel's "Unicode text" and some exports separate with tabs or
    // semicolons: take whichever the first line uses most, comma on a tie.
    let delimiter = [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|&d| {
            (
                first_line.bytes().filter(|&b| b == d).count(),
                u8::from(d == b','),
            )
        })
        .unwrap_or(b',');
    check_quotes(&text, delimiter).map_err(|m| Error::at(Location::file(path), m))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut cells = Vec::new();
    let (mut rows, mut width) = (0u32, 0u32);
    let (mut filled_rows, mut text) = (0u32, 0usize);
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            Error::at(
                Location::file(path),
                SheetMsg::CsvLine {
                    line: row + 1,
                    detail: e.to_string(),
                },
            )
        })?;
        let row = u32::try_from(row).unwrap_or(u32::MAX);
        if row >= MAX_ROWS || record.len() > MAX_COLUMNS as usize {
            return Err(Error::at(
                Location::file(path),
                SheetMsg::CsvBeyondLimit {
                    line: u64::from(row) + 1,
                    rows: MAX_ROWS,
                    cols: MAX_COLUMNS,
                },
            ));
        }
        // Every limit is checked as the cells are made.
        let filled = record.iter().any(|f| !f.is_empty());
        if filled {
            filled_rows += 1;
            if filled_rows > MAX_ROWS_FILLED {
                return Err(Error::at(
                    Location::row(path, "", row),
                    SheetMsg::TooManyRows {
                        max: MAX_ROWS_FILLED,
                    },
                ));
            }
        }
        for (col, field) in record.iter().enumerate() {
            if !field.is_empty() {
                let col = col as u32;
                let at = || Location::cell(path, "", row, col);
                if field.chars().count() > MAX_CELL_CHARS {
                    return Err(Error::at(
                        at(),
                        SheetMsg::CellTooLong {
                            max: MAX_CELL_CHARS,
                        },
                    ));
                }
                text = text.saturating_add(field.len());
                if text > MAX_TABLE_TEXT_BYTES {
                    return Err(Error::at(
                        at(),
                        SheetMsg::TooMuchText {
                            max: MAX_TABLE_TEXT_BYTES >> 20,
                        },
                    ));
                }
                width = width.max(col + 1);
                cells.push(Cell::new((row, col), Data::String(field.to_string())));
            }
        }
        if filled {
            rows = row + 1;
        }
        if u64::from(rows) * u64::from(width) > MAX_CELLS {
            return Err(Error::at(
                Location::file(path),
                SheetMsg::CsvTooManyCells {
                    rows,
                    width,
                    max: MAX_CELLS,
                },
            ));
        }
    }
    if u64::from(rows) * u64::from(width) > MAX_CELLS {
        return Err(Error::at(
            Location::file(path),
            SheetMsg::CsvTooManyCells {
                rows,
                width,
                max: MAX_CELLS,
            },
        ));
    }
    Ok(Range::from_sparse(cells))
}

/// Refuses a quoted field that is never closed, or that runs over lines
/// that look like records of their own (as many separators as the first
/// line): one stray quote would otherwise merge the rows after it into one
/// cell. The line named is the one where the quoted field begins.
fn check_quotes(text: &str, delimiter: u8) -> std::result::Result<(), SheetMsg> {
    let delimiter = char::from(delimiter);
    let record_width = text
        .lines()
        .next()
        .map_or(0, |l| l.chars().filter(|&c| c == delimiter).count());
    let mut line = 1usize;
    let mut opened: Option<usize> = None;
    let mut at_field_start = true;
    let mut chars = text.chars().peekable();
    // Separators seen on the current physical line while inside quotes.
    let mut inner = 0usize;
    while let Some(c) = chars.next() {
        match (opened, c) {
            (Some(_), '"') if chars.peek() == Some(&'"') => {
                chars.next();
            }
            (Some(_), '"') => {
                opened = None;
                at_field_start = false;
            }
            (Some(start), '\n') => {
                if record_width >= 1 && inner >= record_width && line > start {
                    return Err(SheetMsg::CsvRunawayQuote {
                        line: start,
                        until: line,
                    });
                }
                line += 1;
                inner = 0;
            }
            (Some(_), c) if c == delimiter => inner += 1,
            (Some(_), _) => {}
            (None, '"') if at_field_start => {
                opened = Some(line);
                inner = 0;
            }
            (None, '\n') => {
                line += 1;
                at_field_start = true;
            }
            (None, c) if c == delimiter => at_field_start = true,
            (None, '\r') => {}
            (None, _) => at_field_start = false,
        }
    }
    match opened {
        Some(start) if record_width >= 1 && inner >= record_width && line > start => {
            Err(SheetMsg::CsvRunawayQuote {
                line: start,
                until: line,
            })
        }
        Some(start) => Err(SheetMsg::CsvUnclosedQuote { line: start }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(range: &Range<Data>) -> Vec<Vec<String>> {
        range
            .rows()
            .map(|r| r.iter().map(|d| d.to_string()).collect())
            .collect()
    }

    #[test]
    fn utf8_with_and_without_bom_and_gbk_read_alike() {
        let p = Path::new("a.csv");
        let text = "工作任务,完成情况\n修路,\"52%,滞后\"\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        for bytes in [text.as_bytes(), &bom, &gbk] {
            let range = read(p, bytes, None).expect("read");
            assert_eq!(
                cells(&range),
                [["工作任务", "完成情况"], ["修路", "52%,滞后"]]
            );
        }
    }

    #[test]
    fn a_forced_encoding_that_does_not_fit_is_an_error() {
        let (gbk, _, _) = encoding_rs::GBK.encode("任务\n完成");
        let e = read(Path::new("a.csv"), &gbk, Some(Encoding::Utf8)).expect_err("not utf-8");
        assert!(e.to_string().contains("line 1 is not valid UTF-8"), "{e}");
        assert_eq!("GBK".parse::<Encoding>(), Ok(Encoding::Gbk));
        assert!("latin1".parse::<Encoding>().is_err());
    }

    #[test]
    fn an_unclosed_quote_names_the_line_where_the_field_began() {
        let p = Path::new("a.csv");
        let mut text = String::from("工作任务,完成情况,科室\n");
        text.push_str("修路,已完成,建设科\n");
        text.push_str("建桥,\"进展较慢,规划科\n");
        for i in 0..5 {
            text.push_str(&format!("任务{i},完成{i},规划科\n"));
        }
        let e = read(p, text.as_bytes(), None).expect_err("unclosed");
        assert!(e.to_string().contains("line 3"), "{e}");
        // Only the last field open: never closed.
        let e = read(p, "任务,完成情况\n修路,\"完成\n".as_bytes(), None).expect_err("open");
        assert_eq!(
            e.to_string(),
            format!("a.csv: {}", SheetMsg::CsvUnclosedQuote { line: 2 })
        );
        // A quoted cell over two lines, quotes doubled inside, is fine.
        let ok = "任务,完成情况\n修路,\"第一段\n第二段 \"\"好\"\"\"\n";
        let range = read(p, ok.as_bytes(), None).expect("read");
        assert_eq!(
            range.get_value((1, 1)).map(|d| d.to_string()).as_deref(),
            Some("第一段\n第二段 \"好\"")
        );
    }

    #[test]
    fn nul_bytes_get_a_csv_message() {
        let e = read(Path::new("a.csv"), b"a,b\nc\0,d\n", None).expect_err("nul");
        assert_eq!(
            e.to_string(),
            format!("a.csv: {}", SheetMsg::CsvNul { line: 2 })
        );
    }

    #[test]
    fn tab_separated_text_is_split_on_tabs() {
        let range = read(
            Path::new("a.csv"),
            "任务\t完成情况\na,b\tc\n".as_bytes(),
            None,
        )
        .expect("read");
        assert_eq!(cells(&range), [["任务", "完成情况"], ["a,b", "c"]]);
    }
}
