//! Finding the minijinja tags in a paragraph's text.
//!
//! A tag is `{{ … }}`, `{% … %}` or `{# … #}` within one paragraph,
//! whatever runs its characters fall into. Inside a tag the quotes Word and
//! WPS put in as one types (“ ” ‘ ’) and full-width spaces count as their
//! ASCII forms. `{%p … %}` and `{%tr … %}` (docxtpl's forms) are block tags
//! that stand for their whole paragraph or table row.

/// What a tag is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagKind {
    /// `{{ expression }}`: a value.
    Expr,
    /// `{% statement %}`.
    Block,
    /// `{# comment #}`.
    Comment,
}

/// The whole paragraph or row a block tag stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefix {
    /// A plain tag.
    None,
    /// `{%p … %}`: its paragraph.
    Paragraph,
    /// `{%tr … %}`: its table row.
    Row,
}

/// How a block statement nests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Nesting {
    /// Opens a block ended by `end…` (`for`, `if` …): the keyword.
    Open(String),
    /// Inside an open block (`elif`, `else`).
    Middle(String),
    /// Ends a block (`endfor`): the keyword it ends.
    Close(String),
    /// Stands alone (`set x = 1`, `break`).
    Alone,
}

/// A tag of a paragraph.
#[derive(Debug, Clone)]
pub struct Tag {
    /// Byte offsets in the paragraph's text, from `{` to after `}`.
    pub start: usize,
    /// End of the tag.
    pub end: usize,
    /// Its kind.
    pub kind: TagKind,
    /// `{%p`, `{%tr` or neither.
    pub prefix: Prefix,
    /// The tag for minijinja: quotes made ASCII, the prefix removed.
    pub source: String,
    /// The tag as it reads in the document, for messages.
    pub shown: String,
    /// For a block tag, how it nests.
    pub nesting: Nesting,
    /// The statement or expression alone, trimmed.
    pub inner: String,
}

/// What is wrong with a paragraph's tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LexError {
    /// A tag opened and not closed in the paragraph: its text from the
    /// opening.
    Unclosed(String),
    /// Full-width braces where a tag was meant: the text around them.
    FullWidth(String),
}

const OPEN_BLOCKS: &[&str] = &[
    "for",
    "if",
    "with",
    "filter",
    "macro",
    "call",
    "autoescape",
    "block",
];

/// The tags of a paragraph's text, or what keeps them from being read.
pub fn find_tags(text: &str) -> (Vec<Tag>, Vec<LexError>) {
    let mut tags = Vec::new();
    let mut errors = Vec::new();
    // Each of the input method's delimiters holds a full-width brace or
    // percent sign: a text with none (most) is not searched for them.
    if has_full_width_mark(text) {
        for bad in ["｛｛", "｛%", "｛％", "{｛", "{％", "％｝", "｝｝"] {
            if let Some(at) = text.find(bad) {
                errors.push(LexError::FullWidth(excerpt(text, at)));
                break;
            }
        }
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] != b'{' || !matches!(bytes[i + 1], b'{' | b'%' | b'#') {
            i += 1;
            continue;
        }
        let (kind, close) = match bytes[i + 1] {
            b'{' => (TagKind::Expr, "}}"),
            b'%' => (TagKind::Block, "%}"),
            _ => (TagKind::Comment, "#}"),
        };
        let Some(rel) = text[i + 2..].find(close) else {
            errors.push(LexError::Unclosed(text[i..].chars().take(40).collect()));
            break;
        };
        let end = i + 2 + rel + 2;
        let shown = text[i..end].to_string();
        tags.push(tag(i, end, kind, &shown));
        i = end;
    }
    (tags, errors)
}

/// Whether `text` holds `｛`, `｝` or `％` (U+FF5B, U+FF5D, U+FF05: `EF BD
/// 9B`, `EF BD 9D`, `EF BC 85` in UTF-8).
fn has_full_width_mark(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(0xEF, bytes).any(|i| {
        matches!(
            bytes.get(i + 1..i + 3),
            Some([0xBD, 0x9B] | [0xBD, 0x9D] | [0xBC, 0x85])
        )
    })
}

/// A few characters around `at`, for a message.
fn excerpt(text: &str, at: usize) -> String {
    let from = text[..at].char_indices().rev().nth(4).map_or(0, |(i, _)| i);
    text[from..].chars().take(20).collect()
}

/// Quotes and spaces as minijinja reads them.
fn ascii(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '“' | '”' | '„' | '″' => '"',
            '‘' | '’' | '′' => '\'',
            '\u{3000}' | '\u{A0}' => ' ',
            other => other,
        })
        .collect()
}

fn tag(start: usize, end: usize, kind: TagKind, shown: &str) -> Tag {
    let normal = ascii(shown);
    let body = &normal[2..normal.len() - 2];
    // Whitespace control (`{%-`, `-%}`) stays with the delimiters.
    let (lead, body) = match body.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", body),
    };
    let (body, trail) = match body.strip_suffix('-') {
        Some(rest) => (rest, "-"),
        None => (body, ""),
    };
    let mut prefix = Prefix::None;
    let mut statement = body;
    if kind == TagKind::Block {
        if let Some(rest) = body.strip_prefix("tr ") {
            prefix = Prefix::Row;
            statement = rest;
        } else if let Some(rest) = body.strip_prefix("p ") {
            prefix = Prefix::Paragraph;
            statement = rest;
        }
    }
    let inner = statement.trim().to_string();
    let source = match kind {
        TagKind::Expr => format!("{{{{{lead}{statement}{trail}}}}}"),
        TagKind::Block => format!("{{%{lead} {inner} {trail}%}}"),
        TagKind::Comment => String::new(),
    };
    let nesting = if kind == TagKind::Block {
        nesting(&inner)
    } else {
        Nesting::Alone
    };
    Tag {
        start,
        end,
        kind,
        prefix,
        source,
        shown: shown.to_string(),
        nesting,
        inner,
    }
}

/// How a statement nests, by its first word.
fn nesting(statement: &str) -> Nesting {
    let word: String = statement
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if OPEN_BLOCKS.contains(&word.as_str()) {
        return Nesting::Open(word);
    }
    if word == "set" && !statement.contains('=') {
        return Nesting::Open(word);
    }
    if word == "elif" || word == "else" {
        return Nesting::Middle(word);
    }
    if let Some(opened) = word.strip_prefix("end") {
        if OPEN_BLOCKS.contains(&opened) || opened == "set" {
            return Nesting::Close(opened.to_string());
        }
    }
    Nesting::Alone
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_of_every_kind_are_found_with_their_places() {
        let text = "株{{ number }}号{%p if signer %}{# note #}{%tr for r in rows %}";
        let (tags, errors) = find_tags(text);
        assert!(errors.is_empty());
        assert_eq!(tags.len(), 4);
        assert_eq!(&text[tags[0].start..tags[0].end], "{{ number }}");
        assert_eq!(tags[0].kind, TagKind::Expr);
        assert_eq!(tags[1].prefix, Prefix::Paragraph);
        assert_eq!(tags[1].source, "{% if signer %}");
        assert_eq!(tags[1].nesting, Nesting::Open("if".into()));
        assert_eq!(tags[2].kind, TagKind::Comment);
        assert_eq!(tags[3].prefix, Prefix::Row);
        assert_eq!(tags[3].inner, "for r in rows");
    }

    #[test]
    fn typed_quotes_inside_a_tag_are_ascii_quotes() {
        let (tags, _) = find_tags("{{ date | cn_date }}{% if secrecy == “机密” %}{{ ‘a’ }}");
        assert_eq!(tags[1].source, "{% if secrecy == \"机密\" %}");
        assert_eq!(tags[2].source, "{{ 'a' }}");
        assert_eq!(tags[1].shown, "{% if secrecy == “机密” %}");
    }

    #[test]
    fn full_width_braces_and_open_tags_are_errors() {
        let (_, errors) = find_tags("文号：｛｛ number ｝｝");
        assert!(matches!(&errors[0], LexError::FullWidth(t) if t.contains("｛｛")));
        for typed in ["｛｛", "｛%", "｛％", "{｛", "{％", "％｝", "｝｝"] {
            let (_, errors) = find_tags(&format!("文号，{typed} number }}}}"));
            assert!(
                matches!(errors.first(), Some(LexError::FullWidth(t)) if t.contains(typed)),
                "{typed} was not said to be typed by the input method"
            );
        }
        let (_, errors) = find_tags("文号：{{ number }");
        assert!(matches!(&errors[0], LexError::Unclosed(t) if t == "{{ number }"));
    }

    #[test]
    fn statements_nest_by_their_first_word() {
        assert_eq!(nesting("endfor"), Nesting::Close("for".into()));
        assert_eq!(nesting("else"), Nesting::Middle("else".into()));
        assert_eq!(nesting("set x = 1"), Nesting::Alone);
        assert_eq!(nesting("set x"), Nesting::Open("set".into()));
        assert_eq!(nesting("break"), Nesting::Alone);
        assert_eq!(nesting("endif"), Nesting::Close("if".into()));
    }
}
