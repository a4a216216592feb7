//! The XML layer of the writer: elements written straight to the output,
//! and the one place where text is escaped and cleaned of what XML cannot
//! hold.
//!
//! Tags go out as bytes, not as `quick_xml` events: an event allocates and
//! copies its name and attributes before it is written, which made a third
//! of a large table's writing (callgrind, 20,000 rows). What is written is
//! what `quick_xml::Writer` writes: `<a k="v">`, `<a k="v"/>`, `</a>`,
//! attribute values escaped as `quick_xml::escape::escape` does.

use quick_xml::escape::partial_escape;
use std::borrow::Cow;
use std::io::{self, Write};

/// The main WordprocessingML namespace.
pub const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// Markup compatibility, for `mc:AlternateContent`.
pub const NS_MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
/// WordprocessingML drawings, for `wp:anchor`.
pub const NS_WP: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
/// DrawingML.
pub const NS_A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
/// WordprocessingML shapes (Word 2010), for text boxes.
pub const NS_WPS: &str = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape";
/// The relationships namespace, for `r:id`.
pub const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The XML declaration every part begins with.
const DECLARATION: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

/// Writes XML to `W`: start and end tags, empty elements, escaped text.
pub struct Xml<W: Write> {
    out: W,
}

impl<W: Write> Xml<W> {
    /// A writer that has written the XML declaration.
    pub fn new(mut inner: W) -> io::Result<Xml<W>> {
        inner.write_all(DECLARATION)?;
        Ok(Xml { out: inner })
    }

    /// `<name` and its attributes.
    fn tag(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        self.out.write_all(b"<")?;
        self.out.write_all(name.as_bytes())?;
        for (key, value) in attrs {
            self.out.write_all(b" ")?;
            self.out.write_all(key.as_bytes())?;
            self.out.write_all(b"=\"")?;
            write_attribute_value(&mut self.out, value)?;
            self.out.write_all(b"\"")?;
        }
        Ok(())
    }

    /// `<name a="v" …>`.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        self.tag(name, attrs)?;
        self.out.write_all(b">")
    }

    /// `</name>`.
    pub fn close(&mut self, name: &str) -> io::Result<()> {
        self.out.write_all(b"</")?;
        self.out.write_all(name.as_bytes())?;
        self.out.write_all(b">")
    }

    /// `<name a="v" …/>`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        self.tag(name, attrs)?;
        self.out.write_all(b"/>")
    }

    /// `<name w:val="value"/>`, the shape of most property elements.
    pub fn val(&mut self, name: &str, value: &str) -> io::Result<()> {
        self.empty(name, &[("w:val", value)])
    }

    /// `<name>text</name>`, the text escaped and cleaned.
    pub fn element_text(&mut self, name: &str, text: &str) -> io::Result<()> {
        self.open(name, &[])?;
        self.text(text)?;
        self.close(name)
    }

    /// Text content, escaped (`<`, `>`, `&`; quotes need none in text),
    /// without the characters XML 1.0 cannot hold.
    pub fn text(&mut self, text: &str) -> io::Result<()> {
        if is_plain(text.as_bytes()) {
            return self.out.write_all(text.as_bytes());
        }
        let clean = xml_chars(text);
        // Most text has nothing to escape: find that out with memchr.
        let bytes = clean.as_bytes();
        let special = memchr::memchr3(b'<', b'>', b'&', bytes).is_some()
            || memchr::memchr(b'\r', bytes).is_some();
        if special {
            self.out
                .write_all(partial_escape(clean.as_ref()).as_bytes())
        } else {
            self.out.write_all(bytes)
        }
    }

    /// The writer underneath.
    pub fn into_inner(self) -> W {
        self.out
    }
}

/// Whether `bytes` can be written as text as they are: no byte that
/// needs escaping (`<`, `>`, `&`), no control character (nor tab, line
/// feed, carriage return: the slow way decides about those), and no 0xEF,
/// which begins U+FFFE and U+FFFF. Most text is plain; the test is one
/// pass, 32 bytes at a time without a branch per byte, so that it is
/// vectorised.
fn is_plain(bytes: &[u8]) -> bool {
    let odd = |b: u8| b < 0x20 || b == b'<' || b == b'>' || b == b'&' || b == 0xEF;
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        if block.iter().fold(false, |found, &b| found | odd(b)) {
            return false;
        }
    }
    !blocks.remainder().iter().any(|&b| odd(b))
}

/// An attribute value with `<`, `>`, `&`, `'` and `"` escaped.
fn write_attribute_value<W: Write>(out: &mut W, value: &str) -> io::Result<()> {
    let bytes = value.as_bytes();
    let mut from = 0;
    for (at, b) in bytes.iter().enumerate() {
        let entity: &[u8] = match b {
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'&' => b"&amp;",
            b'\'' => b"&apos;",
            b'"' => b"&quot;",
            _ => continue,
        };
        out.write_all(&bytes[from..at])?;
        out.write_all(entity)?;
        from = at + 1;
    }
    out.write_all(&bytes[from..])
}

/// Whether XML 1.0 can hold `c` (the `Char` production: tab, line feed
/// and carriage return are the only control characters it allows; U+FFFE
/// and U+FFFF are not characters; a Rust string holds no surrogates).
pub fn is_xml_char(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// `text` without the characters XML cannot hold; borrowed when it has none.
pub fn xml_chars(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    // U+FFFE and U+FFFF are EF BF BE and EF BF BF. Looked for by their
    // first two bytes, which Chinese text rarely holds (its full-width
    // punctuation starts EF BC or EF BD), with a searcher made once.
    static LAST_BLOCK: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\xEF\xBF"));
    let non_characters = || {
        LAST_BLOCK
            .find_iter(bytes)
            .any(|at| matches!(bytes.get(at + 2), Some(0xBE | 0xBF)))
    };
    if has_control(bytes) || non_characters() {
        Cow::Owned(text.chars().filter(|c| is_xml_char(*c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Whether `bytes` hold a control character other than tab, line feed and
/// carriage return. This runs on every piece of text written: blocks of 32
/// bytes are tested for any byte below 0x20 without a branch per byte, so
/// that the compiler vectorises the test, and only a block that has one is
/// looked at closely.
fn has_control(bytes: &[u8]) -> bool {
    let is_control = |b: &u8| *b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r');
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        let low = block
            .iter()
            .fold(0u8, |found, &b| found | u8::from(b < 0x20));
        if low != 0 && block.iter().any(is_control) {
            return true;
        }
    }
    blocks.remainder().iter().any(is_control)
}

/// Formats an integer attribute value without allocating.
pub struct Num {
    buf: [u8; 12],
    len: usize,
}

impl Num {
    /// `n` in decimal.
    pub fn new(n: i64) -> Num {
        let mut buf = [0u8; 12];
        let mut len = 0;
        let mut cursor = io::Cursor::new(&mut buf[..]);
        if write!(cursor, "{n}").is_ok() {
            len = cursor.position() as usize;
        }
        Num { buf, len }
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("0")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

    fn written(f: impl FnOnce(&mut Xml<Vec<u8>>) -> io::Result<()>) -> String {
        let mut xml = Xml::new(Vec::new()).expect("decl");
        f(&mut xml).expect("writes");
        let out = String::from_utf8(xml.into_inner()).expect("utf-8");
        out.split_once("?>")
            .map(|(_, rest)| rest.to_string())
            .unwrap_or(out)
    }

    #[test]
    fn text_is_escaped_and_characters_xml_cannot_hold_are_dropped() {
        let out = written(|x| x.element_text("w:t", "<w:p>&\"'\u{1}\u{B}\u{FFFE}完成\u{1F}"));
        assert_eq!(out, "<w:t>&lt;w:p&gt;&amp;\"'完成</w:t>");
        roxmltree::Document::parse(&format!("<r xmlns:w=\"w\">{out}</r>")).expect("well-formed");
    }

    #[test]
    fn attribute_values_are_escaped() {
        let out = written(|x| x.val("w:name", "a\"<&"));
        assert_eq!(out, r#"<w:name w:val="a&quot;&lt;&amp;"/>"#);
    }

    #[test]
    fn tags_are_written_as_quick_xml_writes_them() {
        let attrs = [("w:val", "a'b\"c<d>e&f"), ("w:x", "完成")];
        let ours = written(|x| {
            x.open("w:p", &attrs)?;
            x.empty("w:b", &[])?;
            x.empty("w:sz", &attrs)?;
            x.text("甲<乙>&丙")?;
            x.close("w:p")
        });
        let mut theirs = quick_xml::Writer::new(Vec::new());
        let start = quick_xml::events::BytesStart::new("w:p").with_attributes(attrs);
        theirs.write_event(Event::Start(start)).expect("writes");
        theirs
            .write_event(Event::Empty(BytesStart::new("w:b")))
            .expect("writes");
        let empty = BytesStart::new("w:sz").with_attributes(attrs);
        theirs.write_event(Event::Empty(empty)).expect("writes");
        theirs
            .write_event(Event::Text(BytesText::new("甲<乙>&丙")))
            .expect("writes");
        theirs
            .write_event(Event::End(BytesEnd::new("w:p")))
            .expect("writes");
        assert_eq!(ours, String::from_utf8(theirs.into_inner()).expect("utf-8"));
        let mut declaration = quick_xml::Writer::new(Vec::new());
        declaration
            .write_event(Event::Decl(BytesDecl::new(
                "1.0",
                Some("UTF-8"),
                Some("yes"),
            )))
            .expect("writes");
        assert_eq!(declaration.into_inner(), DECLARATION);
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [0, 7, -5, 8844, i32::MAX as i64, i32::MIN as i64] {
            assert_eq!(Num::new(n).as_str(), n.to_string());
        }
    }

    #[test]
    fn only_the_allowed_control_characters_are_kept() {
        assert!(is_xml_char('\t') && is_xml_char('\n') && is_xml_char('\r'));
        assert!(!is_xml_char('\u{0}') && !is_xml_char('\u{1B}') && !is_xml_char('\u{FFFF}'));
        assert!(matches!(
            xml_chars("完成\u{FFFD}\u{EFFF}"),
            Cow::Borrowed(_)
        ));
        let long = "完成情况良好，".repeat(20);
        assert!(matches!(xml_chars(&long), Cow::Borrowed(_)));
        for at in [0, 30, 33, 63, 96, long.len()] {
            let mut with = long.clone();
            with.insert(at, '\u{1}');
            assert_eq!(xml_chars(&with), long, "at {at}");
        }
        assert!(matches!(xml_chars("甲\t乙\n丙\r"), Cow::Borrowed(_)));
        assert_eq!(xml_chars("a\u{FFFE}b\u{FFFF}c\u{1}"), "abc");
        // Full-width marks and signs share the non-characters' first bytes.
        let marks = "完成，（￥）\u{FFE5}\u{FFFD}";
        assert!(matches!(xml_chars(marks), Cow::Borrowed(_)));
        assert_eq!(
            xml_chars(&format!("{marks}\u{FFFF}{marks}")),
            marks.repeat(2)
        );
    }
}
