//! The cells of an .xlsx, read on [`super::guard`]'s one pass over its
//! parts, with the values calamine 0.38 gives them.
//!
//! The guard unpacks and scans every part to check it; calamine would then
//! unpack and parse the shared strings and each worksheet again. So the
//! guard keeps what it scans: the shared strings' text (from the bytes it
//! already holds), and each worksheet's cells as it meets them. calamine
//! still reads the workbook's structure (its sheets, their kind and
//! visibility), from a copy of the package without the shared strings
//! ([`without_shared_strings`]), which costs it next to nothing.
//!
//! Where a part holds anything whose value calamine reads in a way this
//! module does not follow exactly (a `_x000D_` escape, an unknown entity,
//! markup inside a value, a cell without a reference, an unknown type), it
//! **declines**: that sheet, or the whole workbook for the shared strings, is
//! read by calamine as before. Declining is never an error; the tests read
//! every fixture both ways and compare every cell.

use calamine::{CellErrorType, Data, ExcelDateTime, ExcelDateTimeType, Range};
use std::collections::HashMap;
use std::io::{Cursor, Write};

/// What a cell format makes of a number: a number, a date or time, or a
/// duration (`[h]:mm`), as calamine tells them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    /// Shown as a number.
    Number,
    /// A date or a time of day.
    DateTime,
    /// An elapsed time.
    Duration,
}

/// The kind of number format `id` (the raw `numFmtId`), given the
/// workbook's own formats by id.
pub fn number_kind(id: &str, custom: &HashMap<String, String>) -> NumberKind {
    match custom.get(id) {
        Some(code) => code_kind(code),
        None => builtin_kind(id),
    }
}

/// The built-in formats (ECMA-376 18.8.30, and the East Asian ones) that
/// show dates and times; 46 is `[h]:mm:ss`.
fn builtin_kind(id: &str) -> NumberKind {
    // As written: `014` is no built-in id.
    match id.parse::<u32>().ok().filter(|n| n.to_string() == id) {
        Some(46) => NumberKind::Duration,
        Some(14..=22 | 27..=36 | 45 | 47 | 50..=58) => NumberKind::DateTime,
        _ => NumberKind::Number,
    }
}

/// The kind of a format code, from its first section: a date letter
/// (`y m d h s`) outside quotes, brackets and escapes makes a date, and so
/// does `A` followed by `M`, `P` or `/` (`AM/PM`, `A/P`); a bracket holding
/// only `h`, `m` or `s` (`[h]`, `[mm]`) makes a duration.
fn code_kind(code: &str) -> NumberKind {
    let mut literal_next = false;
    let mut quoted = false;
    let mut depth = 0u8;
    let mut previous = ' ';
    // Inside a bracket opened just before: whether it has held only one
    // repeated h, m or s so far.
    let mut elapsed = false;
    let mut after_a = false;
    for c in code.chars() {
        if literal_next {
            literal_next = false;
        } else if matches!(c, '\\' | '_' | '*') {
            literal_next = true;
        } else if quoted {
            quoted = c != '"';
        } else if c == '"' {
            quoted = true;
        } else if c == ';' {
            return NumberKind::Number;
        } else if c == '[' {
            depth = depth.saturating_add(1);
        } else if c == ']' {
            if depth == 1 && elapsed {
                return NumberKind::Duration;
            }
            depth = depth.saturating_sub(1);
        } else if depth == 0 && !after_a && matches!(c, 'a' | 'A') {
            after_a = true;
        } else if depth == 0
            && (after_a && "pPmM/".contains(c) || !after_a && "dmhysDMHYS".contains(c))
        {
            return NumberKind::DateTime;
        } else if !(elapsed && c.eq_ignore_ascii_case(&previous)) {
            elapsed = previous == '[' && "hmsHMS".contains(c);
        }
        previous = c;
    }
    NumberKind::Number
}

/// A cell's value as read from its worksheet: final, or an index into the
/// shared strings, which are resolved once both parts are read.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// The value.
    Data(Data),
    /// Shared string `n`.
    Shared(u32),
}

/// A cell's type (its `t`), as calamine tells them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellType {
    /// `n`, or none: a number.
    Number,
    /// `s`: an index into the shared strings.
    Shared,
    /// `b`.
    Bool,
    /// `e`: an error value.
    Error,
    /// `str`: a formula's text.
    Text,
    /// `d`: an ISO 8601 date.
    Date,
    /// `inlineStr`: the text is in `<is>`.
    Inline,
    /// Any other, which calamine refuses.
    Unknown,
}

impl CellType {
    /// The type a `t` attribute gives.
    pub fn of(t: Option<&str>) -> CellType {
        match t {
            None | Some("n") => CellType::Number,
            Some("s") => CellType::Shared,
            Some("b") => CellType::Bool,
            Some("e") => CellType::Error,
            Some("str") => CellType::Text,
            Some("d") => CellType::Date,
            Some("inlineStr" | "is") => CellType::Inline,
            Some(_) => CellType::Unknown,
        }
    }
}

/// A cell's format (its `s`): none, an index into the cell formats, or
/// one not written as a plain number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellStyle {
    /// No `s`.
    Default,
    /// `s="3"`.
    Id(usize),
    /// Anything else.
    Unreadable,
}

impl CellStyle {
    /// The format an `s` attribute gives.
    pub fn of(s: Option<&str>) -> CellStyle {
        match s {
            None => CellStyle::Default,
            Some(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
                s.parse().map_or(CellStyle::Unreadable, CellStyle::Id)
            }
            Some(_) => CellStyle::Unreadable,
        }
    }
}

/// The value of a `<v>` whose raw content is `raw`, in a cell of type
/// `kind` and format `style`: calamine's reading of it, `None` (an empty
/// cell) for no value, or `Err(())` where this module declines.
#[allow(clippy::result_unit_err)]
pub fn cell_value(
    kind: CellType,
    style: CellStyle,
    raw: &[u8],
    formats: &[NumberKind],
    is_1904: bool,
) -> Result<Option<Value>, ()> {
    let plain = || {
        if memchr::memchr2(b'&', b'<', raw).is_some() {
            Err(())
        } else {
            std::str::from_utf8(raw).map_err(|_| ())
        }
    };
    match kind {
        // calamine reads the text in `<is>`, and a `<v>` as no value.
        CellType::Inline => Ok(None),
        CellType::Shared => {
            let text = plain()?;
            if text.is_empty() {
                return Ok(None);
            }
            if !text.bytes().all(|b| b.is_ascii_digit()) {
                return Err(());
            }
            text.parse::<u32>()
                .map(|n| Some(Value::Shared(n)))
                .map_err(|_| ())
        }
        CellType::Bool => match plain()? {
            "" => Ok(None),
            "1" | "true" => Ok(Some(Value::Data(Data::Bool(true)))),
            "0" | "false" => Ok(Some(Value::Data(Data::Bool(false)))),
            _ => Err(()),
        },
        CellType::Error => {
            let error = match plain()? {
                "" => return Ok(None),
                "#DIV/0!" => CellErrorType::Div0,
                "#N/A" => CellErrorType::NA,
                "#NAME?" => CellErrorType::Name,
                "#NULL!" => CellErrorType::Null,
                "#NUM!" => CellErrorType::Num,
                "#REF!" => CellErrorType::Ref,
                "#VALUE!" => CellErrorType::Value,
                _ => return Err(()),
            };
            Ok(Some(Value::Data(Data::Error(error))))
        }
        CellType::Text => {
            let text = decode_text(raw).ok_or(())?;
            Ok(Some(Value::Data(Data::String(text))))
        }
        CellType::Date => {
            let text = decode_text(raw).ok_or(())?;
            Ok(Some(Value::Data(Data::DateTimeIso(text))))
        }
        CellType::Number => {
            let text = plain()?;
            if text.is_empty() {
                return Ok(None);
            }
            if !is_plain_number(text) {
                return Err(());
            }
            let n: f64 = text.parse().map_err(|_| ())?;
            let format = match style {
                CellStyle::Default => Some(NumberKind::Number),
                CellStyle::Id(id) => formats.get(id).copied(),
                CellStyle::Unreadable => return Err(()),
            };
            let date = |kind| Data::DateTime(ExcelDateTime::new(n, kind, is_1904));
            Ok(Some(Value::Data(match format {
                Some(NumberKind::DateTime) => date(ExcelDateTimeType::DateTime),
                Some(NumberKind::Duration) => date(ExcelDateTimeType::TimeDelta),
                _ => Data::Float(n),
            })))
        }
        CellType::Unknown => Err(()),
    }
}

/// `-12`, `3.5`, `1E-3`, `.5`: a number as spreadsheets write it, which
/// every float parser reads alike (no sign `+`, no `inf`, no spaces).
fn is_plain_number(text: &str) -> bool {
    let b = text.strip_prefix('-').unwrap_or(text).as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let whole = digits(0);
    let mut at = whole;
    let mut fraction = 0;
    if b.get(at) == Some(&b'.') {
        fraction = digits(at + 1);
        at += 1 + fraction;
    }
    if whole + fraction == 0 {
        return false;
    }
    if matches!(b.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(b.get(at), Some(b'-' | b'+')) {
            at += 1;
        }
        let exponent = digits(at);
        if exponent == 0 {
            return false;
        }
        at += exponent;
    }
    at == b.len()
}

/// The text of an element's content holding no markup: references
/// resolved, line ends as XML reads them (`\r\n` and `\r` to `\n`).
/// `None` for markup, an unknown reference, a `_xHHHH_` escape (which
/// calamine turns into its character) or bytes that are not UTF-8.
pub fn decode_text(raw: &[u8]) -> Option<String> {
    decode_with(raw, |text| text)
}

/// [`decode_text`], with `finish` applied to the text before it is copied
/// when it has no references or line ends to rewrite (the common case).
fn decode_with(raw: &[u8], finish: impl Fn(&str) -> &str) -> Option<String> {
    // Most texts hold none of these, found in one or two passes.
    let plain = memchr::memchr3(b'<', b'&', b'_', raw).is_none() && !raw.contains(&b'\r');
    if plain {
        return Some(finish(simdutf8::basic::from_utf8(raw).ok()?).to_string());
    }
    if raw.contains(&b'<') || raw.windows(2).any(|w| w == b"_x") {
        return None;
    }
    let text = simdutf8::basic::from_utf8(raw).ok()?;
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        push_line_ends(&mut out, &rest[..amp]);
        let semi = rest[amp..].find(';')? + amp;
        out.push(reference(&rest[amp + 1..semi])?);
        rest = &rest[semi + 1..];
    }
    push_line_ends(&mut out, rest);
    if out.contains("_x") {
        return None;
    }
    let finished = finish(&out);
    if finished.len() == out.len() {
        Some(out)
    } else {
        Some(finished.to_string())
    }
}

fn push_line_ends(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(cr) = rest.find('\r') {
        out.push_str(&rest[..cr]);
        out.push('\n');
        rest = rest[cr + 1..].strip_prefix('\n').unwrap_or(&rest[cr + 1..]);
    }
    out.push_str(rest);
}

/// Whether every `&` in `text` begins a reference XML knows (`&amp;`,
/// `&#x4E00;` …).
pub fn references_ok(text: &[u8]) -> bool {
    memchr::memchr_iter(b'&', text).all(|amp| {
        let rest = &text[amp + 1..];
        memchr::memchr(b';', rest).is_some_and(|semi| {
            std::str::from_utf8(&rest[..semi]).is_ok_and(|name| reference(name).is_some())
        })
    })
}

/// The character an XML reference (between `&` and `;`) stands for.
fn reference(name: &str) -> Option<char> {
    let code = match name {
        "amp" => return Some('&'),
        "lt" => return Some('<'),
        "gt" => return Some('>'),
        "quot" => return Some('"'),
        "apos" => return Some('\''),
        _ => match name.strip_prefix("#x") {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => name.strip_prefix('#')?.parse::<u32>().ok()?,
        },
    };
    // Characters XML 1.0 allows.
    match code {
        0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF => {
            char::from_u32(code)
        }
        _ => None,
    }
}

/// The text of a string item (the content of an `<si>` or an `<is>`), as
/// calamine reads it: the `<t>` runs outside the phonetic runs (`<rPh>`)
/// joined, each trimmed of spaces and line ends unless it says
/// `xml:space="preserve"`. `None` where this module declines.
pub fn string_item(xml: &[u8]) -> Option<String> {
    let mut out: Option<String> = None;
    let mut phonetic = false;
    let mut at = 0;
    while let Some(open) = memchr::memchr(b'<', &xml[at..]).map(|i| at + i) {
        let rest = &xml[open..];
        if rest.starts_with(b"<!--") || rest.starts_with(b"<![CDATA[") || rest.starts_with(b"<?") {
            // Outside a `<t>`, calamine reads none of these; their end is
            // looked for as the guard does.
            let end: &[u8] = match rest[1] {
                b'!' if rest[2] == b'-' => b"-->",
                b'!' => b"]]>",
                _ => b"?>",
            };
            at = open + memchr::memmem::find(rest, end)? + end.len();
            continue;
        }
        let close = tag_end(rest)?;
        at = open + close + 1;
        let inner = &rest[1..close];
        if let Some(end) = inner.strip_prefix(b"/") {
            if tag_name(end).1 == b"rPh" {
                phonetic = false;
            }
            continue;
        }
        let (empty, content) = self_closing(inner);
        let (name_len, local) = tag_name(content);
        let (name, attributes) = content.split_at(name_len);
        match local {
            b"si" | b"is" => return None,
            b"r" if out.is_none() => out = Some(String::new()),
            b"rPh" => phonetic = !empty,
            b"t" if !phonetic => {
                let text = if empty {
                    String::new()
                } else {
                    // The content runs to the `</t>` of the same name,
                    // with no markup between.
                    let from = at;
                    let lt = memchr::memchr(b'<', &xml[from..]).map(|i| from + i)?;
                    let end = &xml[lt..];
                    let tail = end.strip_prefix(b"</")?.strip_prefix(name)?;
                    let gt = tail.iter().position(|&b| b == b'>')?;
                    if !tail[..gt].iter().all(u8::is_ascii_whitespace) {
                        return None;
                    }
                    at = lt + 2 + name.len() + gt + 1;
                    if preserves_space(attributes)? {
                        decode_text(&xml[from..lt])?
                    } else {
                        decode_with(&xml[from..lt], |t| t.trim_matches([' ', '\t', '\r', '\n']))?
                    }
                };
                match &mut out {
                    Some(s) => s.push_str(&text),
                    None => out = Some(text),
                }
            }
            _ => {}
        }
    }
    Some(out.unwrap_or_default())
}

/// Whether a `<t>`'s attributes say `xml:space="preserve"`; `None` when
/// they cannot be read plainly.
fn preserves_space(attributes: &[u8]) -> Option<bool> {
    let text = std::str::from_utf8(attributes).ok()?;
    // Every attribute is read, as calamine's reader does (it refuses one
    // it cannot read); the first `xml:space` counts.
    let mut preserve = None;
    let mut rest = text.trim();
    while !rest.is_empty() {
        let eq = rest.find('=')?;
        let key = rest[..eq].trim();
        if key.is_empty() || key.contains(|c: char| c.is_whitespace() || c == '"' || c == '\'') {
            return None;
        }
        let value = rest[eq + 1..].trim_start();
        let quote = value.chars().next().filter(|&q| q == '"' || q == '\'')?;
        let end = value[1..].find(quote)? + 1;
        if key == "xml:space" && preserve.is_none() {
            preserve = Some(&value[1..end] == "preserve");
        }
        rest = value[end + 1..].trim_start();
    }
    Some(preserve.unwrap_or(false))
}

/// The elements open in a part being scanned, to tell whether its tags
/// nest: calamine's XML reader refuses an end tag with nothing open, and
/// reads a misnamed one otherwise than the scans do, so a part whose tags
/// do not nest is left to it.
#[derive(Debug, Default)]
pub struct Nesting {
    names: Vec<u8>,
    starts: Vec<usize>,
    broken: bool,
}

impl Nesting {
    /// An element `name` (as written, with its prefix) opens.
    pub fn open(&mut self, name: &[u8]) {
        self.starts.push(self.names.len());
        self.names.extend_from_slice(name);
    }

    /// An end tag `name`: it must close the element open last.
    pub fn close(&mut self, name: &[u8]) {
        match self.starts.pop() {
            Some(start) => {
                self.broken |= self.names[start..] != *name;
                self.names.truncate(start);
            }
            None => self.broken = true,
        }
    }

    /// Whether every end tag so far closed the element open last.
    pub fn broken(&self) -> bool {
        self.broken
    }

    /// Whether the tags nest and every element is closed.
    pub fn sound(&self) -> bool {
        !self.broken && self.starts.is_empty()
    }
}

/// Whether a tag's inside (between `<` and `>`) closes itself (`<t/>`),
/// and that inside without the `/`.
pub fn self_closing(inner: &[u8]) -> (bool, &[u8]) {
    match inner.strip_suffix(b"/") {
        Some(content) => (true, content),
        None => (false, inner),
    }
}

/// Where a tag that starts `rest` ends: its `>`, outside quoted values.
pub fn tag_end(rest: &[u8]) -> Option<usize> {
    let mut quote = None;
    rest.iter().position(|&b| match quote {
        Some(q) => {
            if b == q {
                quote = None;
            }
            false
        }
        None if b == b'"' || b == b'\'' => {
            quote = Some(b);
            false
        }
        None => b == b'>',
    })
}

/// The length of a tag's name (what follows its `<` or `</`), and its
/// local name (after a prefix).
pub fn tag_name(tag: &[u8]) -> (usize, &[u8]) {
    let len = tag
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'/')
        .unwrap_or(tag.len());
    let name = &tag[..len];
    let local = name
        .iter()
        .position(|&b| b == b':')
        .map_or(name, |i| &name[i + 1..]);
    (len, local)
}

/// Whether `text` is a positive decimal number as spreadsheets write one
/// (no sign, no leading zero), of at most `max` digits.
pub fn is_plain_count(text: &[u8], max: usize) -> bool {
    !text.is_empty() && text.len() <= max && text[0] != b'0' && text.iter().all(u8::is_ascii_digit)
}

/// A worksheet's cells, shared strings still to be looked up.
#[derive(Debug, Default)]
pub struct SheetCells {
    /// Each cell that holds a value, in the order read (calamine keeps the
    /// last of two at one position).
    pub cells: Vec<((u32, u32), Value)>,
}

impl SheetCells {
    /// Counts, into `uses`, how many cells show each shared string.
    pub fn count_uses(&self, uses: &mut [u32]) {
        for (_, value) in &self.cells {
            if let Value::Shared(n) = value {
                if let Some(u) = uses.get_mut(*n as usize) {
                    *u += 1;
                }
            }
        }
    }

    /// The sheet's cells as calamine's `worksheet_range` gives them, the
    /// shared strings looked up in `strings`; `None` when one is missing
    /// (calamine then refuses the sheet, and says why). A string's last use
    /// (by `uses`, which counts down) takes it rather than a copy.
    pub fn into_range(self, strings: &mut [String], uses: &mut [u32]) -> Option<Range<Data>> {
        let mut cells = Vec::with_capacity(self.cells.len());
        for (pos, value) in self.cells {
            let data = match value {
                Value::Data(d) => d,
                Value::Shared(n) => {
                    let n = n as usize;
                    let text = strings.get_mut(n)?;
                    let left = &mut uses[n];
                    *left = left.saturating_sub(1);
                    Data::String(if *left == 0 {
                        std::mem::take(text)
                    } else {
                        text.clone()
                    })
                }
            };
            cells.push(calamine::Cell::new(pos, data));
        }
        Some(Range::from_sparse(cells))
    }
}

/// The package with its shared strings part emptied (`<sst/>`, stored),
/// every other entry copied as it is: calamine opens it for the workbook's
/// structure without parsing strings the guard has read.
pub fn without_shared_strings(bytes: &[u8], shared: &str) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len())));
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).ok()?;
        if entry.name().ok().as_deref() == Some(shared) {
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            out.start_file(shared, options).ok()?;
            out.write_all(
                br#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>"#,
            )
            .ok()?;
        } else {
            out.raw_copy_file(entry).ok()?;
        }
    }
    out.finish().ok().map(Cursor::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    pub(super) mod api {}

    #[test]
    fn format_codes() {
        let kind = code_kind;
        assert_eq!(kind("0.00%"), NumberKind::Number);
        assert_eq!(kind("yyyy\"年\"m\"月\"d\"日\""), NumberKind::DateTime);
        assert_eq!(kind("[h]:mm:ss"), NumberKind::Duration);
        assert_eq!(kind("[mm]:ss"), NumberKind::Duration);
        assert_eq!(kind("[Red]0.00"), NumberKind::Number);
        assert_eq!(kind("[$-804]yyyy/m/d"), NumberKind::DateTime);
        assert_eq!(kind("\"days\" 0"), NumberKind::Number);
        assert_eq!(kind("0;[Red]dd"), NumberKind::Number);
        assert_eq!(kind("\\d0"), NumberKind::Number);
        assert_eq!(kind("h:mm AM/PM"), NumberKind::DateTime);
        assert_eq!(kind("General"), NumberKind::Number);
        assert_eq!(kind("#,##0_);(#,##0)"), NumberKind::Number);
        assert_eq!(builtin_kind("14"), NumberKind::DateTime);
        assert_eq!(builtin_kind("46"), NumberKind::Duration);
        assert_eq!(builtin_kind("9"), NumberKind::Number);
    }

    #[test]
    fn string_items_as_calamine_reads_them() {
        let item = |x: &str| string_item(x.as_bytes());
        assert_eq!(item("<t>a</t>").as_deref(), Some("a"));
        assert_eq!(item("<t> a \n</t>").as_deref(), Some("a"));
        assert_eq!(
            item(r#"<t xml:space="preserve"> a </t>"#).as_deref(),
            Some(" a ")
        );
        assert_eq!(
            item("<r><rPr><b/></rPr><t>工作</t></r><r><t>任务</t></r>").as_deref(),
            Some("工作任务")
        );
        assert_eq!(
            item(
                "<t>株洲</t><rPh sb=\"0\" eb=\"2\"><t>zhuzhou</t></rPh><phoneticPr fontId=\"1\"/>"
            )
            .as_deref(),
            Some("株洲")
        );
        assert_eq!(
            item("<t>a&amp;b&#x4E00;&#20108;</t>").as_deref(),
            Some("a&b一二")
        );
        assert_eq!(item("<t>a\r\nb\rc</t>").as_deref(), Some("a\nb\nc"));
        assert_eq!(item("").as_deref(), Some(""));
        assert_eq!(item("<t/>").as_deref(), Some(""));
        assert_eq!(item("<t>a_x000D_b</t>"), None);
        assert_eq!(item("<t>a<![CDATA[b]]></t>"), None);
        assert_eq!(item("<t>&nbsp;</t>"), None);
    }

    #[test]
    fn values_as_calamine_reads_them() {
        let formats = [NumberKind::Number, NumberKind::DateTime];
        let v = |t: Option<&str>, s: Option<&str>, raw: &str| {
            cell_value(
                CellType::of(t),
                CellStyle::of(s),
                raw.as_bytes(),
                &formats,
                false,
            )
        };
        assert_eq!(
            v(None, None, "12.5"),
            Ok(Some(Value::Data(Data::Float(12.5))))
        );
        assert_eq!(
            v(Some("n"), Some("0"), "-1E-3"),
            Ok(Some(Value::Data(Data::Float(-0.001))))
        );
        assert_eq!(
            v(None, Some("1"), "42000"),
            Ok(Some(Value::Data(Data::DateTime(ExcelDateTime::new(
                42000.0,
                ExcelDateTimeType::DateTime,
                false
            )))))
        );
        assert_eq!(
            v(None, Some("7"), "3"),
            Ok(Some(Value::Data(Data::Float(3.0))))
        );
        assert_eq!(v(Some("s"), None, "17"), Ok(Some(Value::Shared(17))));
        assert_eq!(v(Some("s"), None, ""), Ok(None));
        assert_eq!(
            v(Some("b"), None, "1"),
            Ok(Some(Value::Data(Data::Bool(true))))
        );
        assert_eq!(
            v(Some("e"), None, "#N/A"),
            Ok(Some(Value::Data(Data::Error(CellErrorType::NA))))
        );
        assert_eq!(v(Some("e"), None, "#SPILL!"), Err(()));
        assert_eq!(
            v(Some("str"), None, "a&lt;b"),
            Ok(Some(Value::Data(Data::String("a<b".into()))))
        );
        assert_eq!(v(None, None, " 5"), Err(()));
        assert_eq!(v(None, None, "+5"), Err(()));
        assert_eq!(v(Some("inlineStr"), None, "x"), Ok(None));
        assert_eq!(v(Some("z"), None, "x"), Err(()));
        assert_eq!(v(None, Some("x"), "1"), Err(()));
    }

    #[test]
    fn plain_numbers() {
        for yes in ["0", "-12", "3.5", ".5", "5.", "1E-3", "2e10", "-0.25E+2"] {
            assert!(is_plain_number(yes), "{yes}");
        }
        for no in [
            "", "-", ".", "e5", "1e", "+1", " 1", "1 ", "inf", "NaN", "1.2.3", "0x10",
        ] {
            assert!(!is_plain_number(no), "{no}");
        }
    }

    /// Reads `bytes` both ways: every worksheet the guard read must hold
    /// exactly what calamine's `worksheet_range` gives. The names of the
    /// worksheets the guard read, sorted.
    pub(super) fn both_ways(bytes: &[u8]) -> Vec<String> {
        use calamine::Reader;
        let path = std::path::Path::new("t.xlsx");
        let (_, inspection) = super::super::guard::inspect(path, bytes, false).expect("passes");
        if inspection.patched.is_some() {
            // Error values calamine cannot read: it reads the package
            // with them turned to text.
            assert!(inspection.cells.is_none());
            return vec!["(patched)".to_string()];
        }
        let Some(read) = inspection.cells else {
            return Vec::new();
        };
        let mut book = calamine::Xlsx::new(Cursor::new(bytes.to_vec())).expect("opens");
        let mut names: Vec<String> = read.sheets.keys().cloned().collect();
        names.sort();
        for (name, range) in read.sheets {
            let theirs = book.worksheet_range(&name).expect("calamine reads it");
            assert_eq!(range.start(), theirs.start(), "{name}");
            assert_eq!(range.end(), theirs.end(), "{name}");
            for ((r, c, ours), (_, _, calamines)) in range.cells().zip(theirs.cells()) {
                assert_eq!(ours, calamines, "{name} row {r} column {c}");
            }
            assert_eq!(range.get_size(), theirs.get_size(), "{name}");
        }
        names
    }

    /// Every .xlsx the project holds.
    fn project_workbooks() -> Vec<std::path::PathBuf> {
        fn walk(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, found);
                } else if path.extension().is_some_and(|e| e == "xlsx") {
                    found.push(path);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = Vec::new();
        walk(&root.join("fixtures"), &mut found);
        walk(&root.join("tests/fixtures"), &mut found);
        found.sort();
        found
    }

    #[test]
    fn every_workbook_of_the_project_reads_as_calamine_reads_it() {
        let books = project_workbooks();
        assert!(books.len() >= 5, "{books:?}");
        for path in books {
            let bytes = std::fs::read(&path).expect("read");
            let read = both_ways(&bytes);
            // None declined: the comparison covers them all.
            assert!(!read.is_empty(), "{}: no sheet read", path.display());
        }
    }

    /// A package of `parts` (name, text), stored.
    fn zipped(parts: &[(&str, String)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (name, text) in parts {
            zip.start_file(*name, options).expect("entry");
            zip.write_all(text.as_bytes()).expect("write");
        }
        zip.finish().expect("zip").into_inner()
    }

    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// A workbook of one sheet `附件` with these shared strings, styles and
    /// workbook properties.
    pub(super) fn workbook(
        sheet_data: &str,
        shared: &str,
        styles: &str,
        properties: &str,
    ) -> Vec<u8> {
        let pkg = "http://schemas.openxmlformats.org/package/2006/relationships";
        zipped(&[
            (
                "[Content_Types].xml",
                r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#.to_string(),
            ),
            (
                "_rels/.rels",
                format!(r#"<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
            ),
            (
                "xl/workbook.xml",
                format!(r#"<workbook xmlns="{MAIN}" xmlns:r="{RELS}">{properties}<sheets><sheet name="附件" sheetId="1" r:id="rId1"/><sheet name="备注" sheetId="2" r:id="rId2"/></sheets></workbook>"#),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                format!(r#"<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{RELS}/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId4" Type="{RELS}/styles" Target="styles.xml"/></Relationships>"#),
            ),
            (
                "xl/worksheets/sheet1.xml",
                format!(r#"<worksheet xmlns="{MAIN}"><dimension ref="A1:H9"/><sheetData>{sheet_data}</sheetData></worksheet>"#),
            ),
            (
                "xl/worksheets/sheet2.xml",
                format!(r#"<worksheet xmlns="{MAIN}"><sheetData><row r="2"><c r="B2" t="s"><v>0</v></c></row></sheetData></worksheet>"#),
            ),
            ("xl/sharedStrings.xml", format!(r#"<sst xmlns="{MAIN}">{shared}</sst>"#)),
            ("xl/styles.xml", format!(r#"<styleSheet xmlns="{MAIN}">{styles}</styleSheet>"#)),
        ])
    }

    pub(super) const SHARED: &str = concat!(
        r#"<si><t>工作任务</t></si><si/><si><t xml:space="preserve"> a&amp;b&#x4E00; </t></si>"#,
        r#"<si><r><rPr><b/></rPr><t> 甲 </t></r><r><t xml:space="preserve"> 乙 </t></r></si>"#,
        r#"<si><t>株洲</t><rPh sb="0" eb="2"><t>zhuzhou</t></rPh><phoneticPr fontId="1"/></si>"#,
        "<si><t>第一行\r\n第二行\r第三行</t></si><si><t>&lt;完成&gt;&quot;&apos;</t></si>",
    );

    pub(super) const STYLES: &str = concat!(
        r#"<numFmts count="4"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>"#,
        r#"<numFmt numFmtId="177" formatCode="0.0%"/><numFmt numFmtId="178" formatCode="[h]:mm"/>"#,
        r#"<numFmt numFmtId="179" formatCode="[Red]0.00;[Blue]dd"/></numFmts>"#,
        r#"<cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="176"/><xf numFmtId="177"/>"#,
        r#"<xf numFmtId="178"/><xf numFmtId="14"/><xf numFmtId="179"><alignment wrapText="1"/></xf><xf/></cellXfs>"#,
    );

    /// Every kind of value a ledger's cell holds.
    pub(super) const CELLS: &str = concat!(
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>"#,
        r#"<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>6</v></c></row>"#,
        r#"<row r="2" spans="1:8"><c r="A2"><v>12.5</v></c><c r="B2" s="1"><v>42613</v></c><c r="C2" s="2"><v>0.525</v></c>"#,
        r#"<c r="D2" s="3"><v>1.75</v></c><c r="E2" s="4"><v>42613.5</v></c><c r="F2" s="5"><v>7</v></c><c r="G2" s="6"><v>-1E-3</v></c><c r="H2" s="9"><v>3</v></c></row>"#,
        r#"<row r="3"><c r="A3" t="b"><v>1</v></c><c r="B3" t="e"><v>#N/A</v></c><c r="C3" t="str"><f>A1&amp;"x"</f><v>工作&amp;任务</v></c>"#,
        r#"<c r="D3" t="inlineStr"><is><t>内联</t></is></c><c r="E3" t="d"><v>2016-08-30T00:00:00</v></c><c r="F3"><f>1+1</f></c>"#,
        r#"<c r="G3" t="str"><v></v></c><c r="H3" s="1"/></row>"#,
        r#"<row r="5"><c r="B5" t="inlineStr"><is><r><t>富</t></r><r><t xml:space="preserve"> 文本</t></r></is></c><c r="C5" t="n"><v>0</v></c>"#,
        r#"<c r="D5"><v>5</v><f>2+3</f></c><c r="E5" t="inlineStr"><v>9</v></c><c r="F5" t="s"><v>0</v></c><c r="F5" t="s"><v>3</v></c></row>"#,
        r#"<row r="9"><c r="H9" t="b"><v>false</v></c></row>"#,
    );

    #[test]
    fn every_kind_of_value_reads_as_calamine_reads_it() {
        for properties in ["", r#"<workbookPr date1904="1"/>"#] {
            let bytes = workbook(CELLS, SHARED, STYLES, properties);
            assert_eq!(both_ways(&bytes), ["备注", "附件"], "{properties}");
        }
        // Without styles, every number is a number.
        let bytes = workbook(CELLS, SHARED, "", "");
        assert_eq!(both_ways(&bytes), ["备注", "附件"]);
    }

    #[test]
    fn what_calamine_reads_its_own_way_is_left_to_it() {
        // A sheet: a cell without a reference, an escape in an inline
        // string, a number with a sign, an error value calamine refuses.
        for row in [
            r#"<row r="1"><c t="s"><v>0</v></c></row>"#,
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>a_x000D_b</t></is></c></row>"#,
            r#"<row r="1"><c r="A1"><v>+1</v></c></row>"#,
            r#"<row r="1"><c r="A1" t="s"><v>99</v></c></row>"#,
        ] {
            let bytes = workbook(row, SHARED, STYLES, "");
            assert_eq!(both_ways(&bytes), ["备注"], "{row}");
        }
        // The shared strings: no sheet is read.
        for shared in [
            "<si><t>a_x000D_</t></si>",
            "<si><t><![CDATA[x]]></t></si>",
            "<si><t>&nbsp;</t></si>",
        ] {
            let bytes = workbook(CELLS, shared, STYLES, "");
            assert!(both_ways(&bytes).is_empty(), "{shared}");
        }
    }

    #[test]
    fn the_package_without_its_shared_strings_opens_with_the_same_sheets() {
        use calamine::Reader;
        let bytes = workbook(CELLS, SHARED, STYLES, "");
        let light = without_shared_strings(&bytes, "xl/sharedStrings.xml").expect("copied");
        let whole = calamine::Xlsx::new(Cursor::new(bytes)).expect("opens");
        let light = calamine::Xlsx::new(Cursor::new(light)).expect("opens");
        assert_eq!(whole.sheets_metadata(), light.sheets_metadata());
    }

    #[test]
    fn a_workbook_made_by_a_writer_reads_as_calamine_reads_it() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        let percent = rust_xlsxwriter::Format::new().set_num_format("0.00%");
        for name in ["第一季度", "第二季度"] {
            let sheet = book.add_worksheet().set_name(name).expect("name");
            sheet.write_string(0, 0, "工作任务").expect("write");
            sheet.write_string(0, 1, " 完成情况 ").expect("write");
            sheet.write_number(1, 0, 3.25).expect("write");
            sheet
                .write_number_with_format(1, 1, 0.5, &percent)
                .expect("write");
            let day = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 9, 30).expect("date");
            sheet
                .write_datetime_with_format(2, 0, &day, &date)
                .expect("write");
            sheet.write_boolean(2, 1, true).expect("write");
            sheet.write_formula(3, 0, "=A2*2").expect("write");
            sheet.write_string(4, 2, "甲\n乙 & <丙>").expect("write");
            sheet
                .merge_range(5, 0, 6, 1, "合并", &rust_xlsxwriter::Format::new())
                .expect("merge");
        }
        let bytes = book.save_to_buffer().expect("xlsx");
        assert_eq!(both_ways(&bytes), ["第一季度", "第二季度"]);
    }

    #[test]
    fn a_damaged_workbook_reads_as_calamine_reads_it_or_is_left_to_it() {
        // Pieces of markup put in, taken out or swapped at places chosen
        // by a fixed sequence: each result reads the same both ways, or
        // the guard leaves the sheet (or the strings) to calamine.
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as usize
        };
        let pieces = [
            "<",
            ">",
            "&",
            "&amp;",
            " ",
            "\r",
            "\n",
            "_x000D_",
            "\"",
            "'",
            "/",
            "t",
            "r",
            "v",
            "s",
            "1",
            "E",
            "-",
            ".",
            "<t>",
            "</t>",
            "<r>",
            "</r>",
            "<v>",
            "</v>",
            "<f>x</f>",
            "<rPh>",
            "</rPh>",
            "xml:space=\"preserve\"",
            "é",
            "中",
        ];
        let boundary = |text: &String, mut at: usize| {
            while !text.is_char_boundary(at) {
                at += 1;
            }
            at
        };
        let path = std::path::Path::new("t.xlsx");
        let mut read = 0;
        for _ in 0..1500 {
            let (mut cells, mut shared) = (CELLS.to_string(), SHARED.to_string());
            for _ in 0..1 + next() % 3 {
                let text = if next() % 2 == 0 {
                    &mut cells
                } else {
                    &mut shared
                };
                let at = boundary(text, next() % text.len());
                let end = boundary(text, (at + 1 + next() % 4).min(text.len()));
                let piece = pieces[next() % pieces.len()];
                match next() % 3 {
                    0 => text.insert_str(at, piece),
                    1 => text.replace_range(at..end, ""),
                    _ => text.replace_range(at..end, piece),
                }
            }
            let bytes = workbook(&cells, &shared, STYLES, "");
            if super::super::guard::inspect(path, &bytes, false).is_ok() {
                read += both_ways(&bytes).len();
            }
        }
        // Most damage leaves at least the second sheet read here.
        assert!(read > 400, "{read}");
    }
}
