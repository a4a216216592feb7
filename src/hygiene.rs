//! Chinese punctuation hygiene: half-width punctuation in Chinese text → full-width.
//!
//! Text scraped from web pages or typed by office clerks often carries ASCII
//! ("half-width") punctuation where Chinese typography (GB/T 15834-2011) calls
//! for the full-width forms. A notice set in 仿宋 with `,` and `(` in it looks
//! careless, so [`tidy`] repairs the marks — but only where they stand in
//! Chinese text, because the same characters are also part of numbers
//! (`1,300`, `12:30`), Latin prose (`Hello, world`), URLs, markup and formulas,
//! where they must survive unchanged.
//!
//! # Rules
//!
//! "Chinese" below means a CJK ideograph or a CJK/full-width punctuation mark
//! (`、。〔〕《》，（` …). Curly quotes `“”‘’`, `…` and `—` do **not** count,
//! because English text uses them too.
//!
//! 1. **Single marks** `,` `:` `;` `?` `!` become `，` `：` `；` `？` `！` when the
//!    character right before or right after them is Chinese (no looking past
//!    spaces). So `28686393,电话` and `电话:28686393` change, `1,300`,
//!    `12:30` and `Hello, world` do not. One extension: a mark at the end of
//!    the text or of a line, right after a Latin/number token (`PPP`,
//!    `17.3%`) that itself follows Chinese, also changes — `什么是PPP?` is a
//!    Chinese sentence ending in `？`.
//! 2. **Parentheses** are matched as pairs and a pair is converted together,
//!    when any of these holds:
//!    - one half is already full-width (`（详见附件)`);
//!    - the content contains Chinese (`(株办〔2016〕12号)`, `(单位)`);
//!    - the `(` follows Chinese (`项目(PPP)正在` → `项目（PPP）正在`: the
//!      brackets sit in a Chinese sentence, whatever they enclose);
//!    - the `)` is followed by Chinese and the `(` is not glued to a Latin
//!      letter or digit (`(1)加快` → `（1）加快`, but `函数f(x)的值` keeps
//!      `f(x)`, which reads as a formula).
//!
//!    Exception: a telephone area code, digits only in the parentheses and a
//!    digit right after them (`(0731)28686393`), is left alone. An unmatched
//!    parenthesis is treated like a single mark (rule 1, adjacency only).
//! 3. **Quotes**: straight `"` are paired in order (an existing `“`/`”` takes
//!    part in the pairing, so `“146"` is closed as `“146”`). A pair becomes
//!    `“…”` when its content contains Chinese or the character before the
//!    opening or after the closing quote is Chinese. Straight `'` likewise
//!    become `‘…’`, more strictly: the content must contain Chinese or both
//!    sides must be Chinese, and an apostrophe between two Latin letters or
//!    digits (`don't`) never takes part. A quote left without a partner is
//!    left alone.
//! 4. **Book-title marks**: inside a closed `《…》`, a nested title must use
//!    `〈…〉`, so a matched `<…>` and a nested `《…》` become `〈…〉`
//!    (`《2016年<政府工作报告>重点工作责任分解表》`). Angle brackets outside
//!    `《》` are never touched: they may be literal text such as `<w:p>`.
//! 5. **Protected spans** are never changed by rules 1–3: URLs (from
//!    `http://`, `https://`, `ftp://` or `www.` up to the first character that
//!    cannot be in a URL, minus trailing sentence punctuation), markup tags
//!    (`<w:p>`, `</a>`) and HTML entities (`&nbsp;`). E-mail addresses and
//!    phone numbers (`0731-28686393`) need no special span: they contain no
//!    convertible mark, and a mark right next to them follows rule 1
//!    (`zzfgw@163.com,电话` → `zzfgw@163.com，电话`).
//!
//! Everything else is untouched: `.` (decimals, abbreviations, URLs), `-`,
//! `%`, `&`, digits, existing full-width punctuation, whitespace, newlines.
//!
//! # Idempotence
//!
//! Converting one mark can put another one into Chinese context (`a,(中文)`:
//! once the brackets are `（）`, the comma touches Chinese). Rather than
//! ordering the rules cleverly, [`tidy`] applies all rules in passes until a
//! pass changes nothing, so its result is a fixed point of the rules and
//! `tidy(tidy(x)) == tidy(x)` by construction. The loop ends because every
//! change turns a half-width character into a full-width one and nothing ever
//! turns back; real text settles in one or two passes.

use std::borrow::Cow;

/// Returns the text with its punctuation made full-width where it stands in Chinese text.
/// Borrowed when nothing changes (most cells), owned otherwise.
///
/// See the module documentation for the exact rules.
pub fn tidy(text: &str) -> Cow<'_, str> {
    // Every rule needs a Chinese character and a half-width (or nested
    // title) mark; most cells lack one or the other and are returned as is.
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let rules = Rules::present(text);
    if rules == Rules::NONE {
        return Cow::Borrowed(text);
    }

    let mut chars: Vec<char> = text.chars().collect();
    let mut changed = false;
    // Repeat until stable (see "Idempotence" in the module docs). Each
    // changing pass converts at least one half-width mark for good, so this
    // runs at most (number of marks + 1) times.
    while pass(&mut chars, rules) {
        changed = true;
    }
    if changed {
        let mut out = String::with_capacity(chars.iter().map(|c| c.len_utf8()).sum());
        out.extend(chars);
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// Which rules can change a text: those whose half-width marks it holds.
/// No rule makes a half-width mark (or a `《`), so what a text lacks at
/// the start it lacks in every pass, and a rule without its marks would
/// change nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rules {
    titles: bool,
    parens: bool,
    double_quotes: bool,
    single_quotes: bool,
    marks: bool,
}

impl Rules {
    /// Every rule, as if the text held every mark.
    #[cfg(test)]
    const ALL: Rules = Rules {
        titles: true,
        parens: true,
        double_quotes: true,
        single_quotes: true,
        marks: true,
    };

    /// No rule: a text without any of their marks.
    const NONE: Rules = Rules {
        titles: false,
        parens: false,
        double_quotes: false,
        single_quotes: false,
        marks: false,
    };

    fn present(text: &str) -> Rules {
        let mut rules = Rules::NONE;
        for c in text.chars() {
            match c {
                '《' => rules.titles = true,
                '(' | ')' => rules.parens = true,
                '"' => rules.double_quotes = true,
                '\'' => rules.single_quotes = true,
                ',' | ':' | ';' | '?' | '!' => rules.marks = true,
                _ => {}
            }
        }
        rules
    }
}

/// One sweep of the `rules` over `chars`; returns whether anything changed.
///
/// Every conversion replaces one `char` by one `char`, so indices stay valid
/// across the steps.
fn pass(chars: &mut [char], rules: Rules) -> bool {
    // Title marks first: `<…>` inside `《》` is a title, not markup, and must
    // not be protected as such below.
    let mut changed = rules.titles && fix_title_marks(chars);
    if !(rules.parens || rules.double_quotes || rules.single_quotes || rules.marks) {
        return changed;
    }
    let protected = protected_spans(chars);
    if rules.parens {
        changed |= fix_parens(chars, &protected);
    }
    if rules.double_quotes {
        changed |= fix_quotes(chars, &protected, Quote::Double);
    }
    if rules.single_quotes {
        changed |= fix_quotes(chars, &protected, Quote::Single);
    }
    if rules.marks {
        changed |= fix_marks(chars, &protected);
    }
    changed
}

// ---------------------------------------------------------------------------
// Character classes
// ---------------------------------------------------------------------------

/// A CJK ideograph (汉字), including the extension and compatibility blocks.
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'       // Extension A
        | '\u{4E00}'..='\u{9FFF}'     // Unified Ideographs
        | '\u{F900}'..='\u{FAFF}'     // Compatibility Ideographs
        | '\u{20000}'..='\u{3134F}'   // Extensions B–G (planes 2 and 3)
    )
}

/// CJK or full-width punctuation: `、。〈〉《》〔〕【】`, `，：；（）？！％`, `￥` …
fn is_cjk_punct(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}'       // CJK Symbols and Punctuation (incl. 〇 and the ideographic space)
        | '\u{FE10}'..='\u{FE1F}'     // Vertical Forms
        | '\u{FE30}'..='\u{FE4F}'     // CJK Compatibility Forms
        | '\u{FF01}'..='\u{FF60}'     // Full-width ASCII variants
        | '\u{FFE0}'..='\u{FFE6}'     // Full-width signs
    )
}

/// Whether `c` makes its surroundings "Chinese text".
fn is_chinese(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// Whether an optional neighbour (`None` = edge of the text) is Chinese.
fn chinese(c: Option<char>) -> bool {
    c.is_some_and(is_chinese)
}

/// The character before index `i`, if any.
fn before(chars: &[char], i: usize) -> Option<char> {
    i.checked_sub(1).and_then(|k| chars.get(k)).copied()
}

/// The character after index `i`, if any.
fn after(chars: &[char], i: usize) -> Option<char> {
    chars.get(i + 1).copied()
}

/// The full-width form of a half-width mark this module converts.
fn full_width(c: char) -> char {
    match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        other => other,
    }
}

/// Sets `chars[i]` to `c`, reporting whether that was a change.
fn set(chars: &mut [char], i: usize, c: char) -> bool {
    match chars.get_mut(i) {
        Some(slot) if *slot != c => {
            *slot = c;
            true
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------
// Rule 1: single marks , : ; ? !
// ---------------------------------------------------------------------------

fn fix_marks(chars: &mut [char], protected: &[bool]) -> bool {
    let mut changed = false;
    // Sweep forwards, then backwards: each conversion is seen by the next
    // mark checked, so a run like `a,,,中` settles in one pass, not one pass
    // per mark.
    let n = chars.len();
    for i in (0..n).chain((0..n).rev()) {
        let c = chars[i];
        if protected[i] || !matches!(c, ',' | ':' | ';' | '?' | '!') {
            continue;
        }
        if mark_in_chinese_context(chars, i) {
            changed |= set(chars, i, full_width(c));
        }
    }
    changed
}

/// Whether the half-width mark at `i` stands in Chinese text (rule 1).
fn mark_in_chinese_context(chars: &[char], i: usize) -> bool {
    let next = after(chars, i);
    if chinese(before(chars, i)) || chinese(next) {
        return true;
    }
    // `什么是PPP?` / `同比增长17.3%;` at the end of the text or a line.
    matches!(next, None | Some('\n' | '\r')) && latin_token_follows_chinese(chars, i)
}

/// Whether the characters right before `i` are a Latin word or number
/// (`PPP`, `17.3%`) glued to a preceding Chinese character.
fn latin_token_follows_chinese(chars: &[char], i: usize) -> bool {
    let is_token_char = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '%';
    let mut start = i;
    while start > 0 && is_token_char(chars[start - 1]) {
        start -= 1;
    }
    start < i && chinese(before(chars, start))
}

// ---------------------------------------------------------------------------
// Rule 2: parentheses
// ---------------------------------------------------------------------------

fn fix_parens(chars: &mut [char], protected: &[bool]) -> bool {
    // Match half- and full-width brackets alike, so that a mixed pair such as
    // `（详见附件)` is recognised.
    let mut open: Vec<usize> = Vec::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut lone: Vec<usize> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if protected[i] {
            continue;
        }
        match c {
            '(' | '（' => open.push(i),
            ')' | '）' => match open.pop() {
                Some(o) => pairs.push((o, i)),
                None => lone.push(i),
            },
            _ => {}
        }
    }
    lone.extend(open);

    let mut changed = false;
    // Pairs are listed inner first, so an outer pair sees its converted
    // inner pairs; the backward sweep lets a chain like `(a)(b)中` settle in
    // one pass.
    for &(o, c) in pairs.iter().chain(pairs.iter().rev()) {
        let half_width = chars[o] == '(' || chars[c] == ')';
        if half_width && paren_pair_is_chinese(chars, o, c) {
            changed |= set(chars, o, '（');
            changed |= set(chars, c, '）');
        }
    }
    for i in lone {
        let c = chars[i];
        let adjacent = chinese(before(chars, i)) || chinese(after(chars, i));
        if matches!(c, '(' | ')') && adjacent {
            changed |= set(chars, i, full_width(c));
        }
    }
    changed
}

/// Whether the bracket pair at `open`/`close` sits in (or holds) Chinese text.
fn paren_pair_is_chinese(chars: &[char], open: usize, close: usize) -> bool {
    // One half already full-width: the writer meant Chinese brackets.
    if chars[open] == '（' || chars[close] == '）' {
        return true;
    }
    let inner = &chars[open + 1..close];
    let prev = before(chars, open);
    let next = after(chars, close);
    // Telephone area code: `(0731)28686393` is part of a number.
    let area_code = !inner.is_empty()
        && inner.iter().all(char::is_ascii_digit)
        && next.is_some_and(|d| d.is_ascii_digit());
    if area_code {
        return false;
    }
    if inner.iter().copied().any(is_chinese) || chinese(prev) {
        return true;
    }
    // Chinese only after the pair: convert unless the `(` is glued to a
    // Latin letter or digit, which reads as a formula or identifier (`f(x)`).
    chinese(next) && !prev.is_some_and(|p| p.is_ascii_alphanumeric())
}

// ---------------------------------------------------------------------------
// Rule 3: quotes
// ---------------------------------------------------------------------------

/// Which kind of quotation mark a call of [`fix_quotes`] handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quote {
    /// `"` → `“` `”`.
    Double,
    /// `'` → `‘` `’`.
    Single,
}

impl Quote {
    /// The half-width mark, the full-width opening and closing marks.
    fn marks(self) -> (char, char, char) {
        match self {
            Quote::Double => ('"', '“', '”'),
            Quote::Single => ('\'', '‘', '’'),
        }
    }
}

fn fix_quotes(chars: &mut [char], protected: &[bool], kind: Quote) -> bool {
    let (straight, opening, closing) = kind.marks();

    // Pair quotes in reading order. A straight quote opens when nothing is
    // open and closes otherwise; curly quotes keep their own role. A pair's
    // roles survive its conversion, so later passes pair the same way.
    let mut pending: Option<usize> = None;
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if protected[i] {
            continue;
        }
        if c == straight {
            if kind == Quote::Single && is_apostrophe(chars, i) {
                continue;
            }
            match pending.take() {
                Some(o) => pairs.push((o, i)),
                None => pending = Some(i),
            }
        } else if c == opening {
            pending = Some(i);
        } else if c == closing {
            if let Some(o) = pending.take() {
                pairs.push((o, i));
            }
        }
    }

    let mut changed = false;
    for (o, c) in pairs {
        let half_width = chars[o] == straight || chars[c] == straight;
        if half_width && quote_pair_is_chinese(chars, o, c, kind) {
            changed |= set(chars, o, opening);
            changed |= set(chars, c, closing);
        }
    }
    changed
}

/// Whether the quote pair at `open`/`close` encloses or touches Chinese text.
fn quote_pair_is_chinese(chars: &[char], open: usize, close: usize, kind: Quote) -> bool {
    if chars[open + 1..close].iter().copied().any(is_chinese) {
        return true;
    }
    let prev = chinese(before(chars, open));
    let next = chinese(after(chars, close));
    match kind {
        Quote::Double => prev || next,
        // `'` doubles as an apostrophe; ask for more evidence.
        Quote::Single => prev && next,
    }
}

/// An apostrophe inside a Latin word or number: `don't`, `rock'n'roll`.
fn is_apostrophe(chars: &[char], i: usize) -> bool {
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    latin(before(chars, i)) && latin(after(chars, i))
}

// ---------------------------------------------------------------------------
// Rule 4: book-title marks
// ---------------------------------------------------------------------------

/// Turns titles nested in a closed `《…》` into `〈…〉`.
fn fix_title_marks(chars: &mut [char]) -> bool {
    // Stack of open marks. Its bottom is always a `《`, because `<` and `〈`
    // are only tracked inside one.
    let mut open: Vec<usize> = Vec::new();
    // Nested pairs as (open, close, index of the outermost `《`).
    let mut nested: Vec<(usize, usize, usize)> = Vec::new();
    // Outermost `《` that found their `》`.
    let mut outer_closed = vec![false; chars.len()];

    for (i, &c) in chars.iter().enumerate() {
        match c {
            '《' => open.push(i),
            '<' | '〈' if !open.is_empty() => open.push(i),
            '》' => {
                // Close the nearest `《`, dropping unclosed `<`/`〈` above it.
                while let Some(o) = open.pop() {
                    if chars[o] == '《' {
                        match open.first() {
                            Some(&outer) => nested.push((o, i, outer)),
                            None => outer_closed[o] = true,
                        }
                        break;
                    }
                }
            }
            '>' | '〉' => {
                // Only closes a `<`/`〈` on top; a stray `>` (as in `->`)
                // stays what it is.
                if let Some(&o) = open.last() {
                    if chars[o] != '《' {
                        open.pop();
                        if let Some(&outer) = open.first() {
                            nested.push((o, i, outer));
                        }
                    }
                }
            }
            _ => {}
        }
    }

    let mut changed = false;
    for (o, c, outer) in nested {
        // In `《a《b》` the outer title never closes: too unclear to touch.
        if outer_closed[outer] {
            changed |= set(chars, o, '〈');
            changed |= set(chars, c, '〉');
        }
    }
    changed
}

// ---------------------------------------------------------------------------
// Protected spans: URLs, markup tags, HTML entities
// ---------------------------------------------------------------------------

/// Marks the characters rules 1–3 must not touch.
fn protected_spans(chars: &[char]) -> Vec<bool> {
    spans_ending(chars, |chars, i| {
        // Each span starts with a character of its own: `h`, `f` or `w`
        // (any case) a URL, `<` a tag, `&` an entity.
        match chars[i] {
            'h' | 'H' | 'f' | 'F' | 'w' | 'W' => url_end(chars, i),
            '<' => tag_end(chars, i),
            '&' => entity_end(chars, i),
            _ => None,
        }
    })
}

/// Marks the spans that `end_at` finds, each from where it says one starts
/// to the index it returns, looked for from the end of the one before.
fn spans_ending(chars: &[char], end_at: impl Fn(&[char], usize) -> Option<usize>) -> Vec<bool> {
    let mut protected = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        match end_at(chars, i) {
            Some(end) => {
                protected[i..end].fill(true);
                i = end;
            }
            None => i += 1,
        }
    }
    protected
}

/// If a URL starts at `i`, the index just past it.
fn url_end(chars: &[char], i: usize) -> Option<usize> {
    const STARTS: [&str; 4] = ["http://", "https://", "ftp://", "www."];
    // Must start a word: not `xwww.` or `ahttp://`.
    if before(chars, i).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    if !STARTS.iter().any(|s| starts_with_ignore_case(chars, i, s)) {
        return None;
    }
    let is_url_char = |c: char| c.is_ascii_graphic() && !matches!(c, '"' | '<' | '>' | '`');
    let mut end = i;
    while end < chars.len() && is_url_char(chars[end]) {
        end += 1;
    }
    // Trailing punctuation belongs to the sentence, not the URL:
    // `详见http://x.cn/a.html,然后` — but keep a `)` that closes a `(` in the URL.
    while let Some(&last) = chars[i..end].last() {
        let url = &chars[i..end];
        let trim = match last {
            '.' | ',' | ':' | ';' | '!' | '?' | '\'' | '(' => true,
            ')' => count(url, '(') < count(url, ')'),
            _ => false,
        };
        if !trim {
            break;
        }
        end -= 1;
    }
    (end > i).then_some(end)
}

/// If a markup tag (`<w:p>`, `</a>`, `<!-- -->`) starts at `i`, the index
/// just past its `>`.
fn tag_end(chars: &[char], i: usize) -> Option<usize> {
    if chars[i] != '<' {
        return None;
    }
    let first = after(chars, i)?;
    if !(first.is_ascii_alphabetic() || matches!(first, '/' | '!' | '?')) {
        return None;
    }
    // The tag ends at the next `>`; another `<` or a line break first means
    // this `<` was not a tag (`x<y`).
    for (k, &c) in chars.iter().enumerate().skip(i + 1) {
        match c {
            '>' => return Some(k + 1),
            '<' | '\n' => return None,
            _ => {}
        }
    }
    None
}

/// If an HTML entity (`&nbsp;`, `&#160;`, `&#xA0;`) starts at `i`, the index
/// just past its `;`.
fn entity_end(chars: &[char], i: usize) -> Option<usize> {
    if chars[i] != '&' {
        return None;
    }
    let mut k = i + 1;
    if chars.get(k) == Some(&'#') {
        k += 1;
    }
    let name_start = k;
    while k < chars.len() && k - name_start < 32 && chars[k].is_ascii_alphanumeric() {
        k += 1;
    }
    (k > name_start && chars.get(k) == Some(&';')).then_some(k + 1)
}

/// Whether `chars[i..]` starts with the ASCII `pattern`, ignoring case.
fn starts_with_ignore_case(chars: &[char], i: usize, pattern: &str) -> bool {
    pattern
        .chars()
        .enumerate()
        .all(|(k, p)| chars.get(i + k).is_some_and(|c| c.eq_ignore_ascii_case(&p)))
}

fn count(chars: &[char], c: char) -> usize {
    chars.iter().filter(|&&x| x == c).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules as first written: every rule in every pass, every kind of
    /// protected span tried at every character.
    fn reference(text: &str) -> String {
        let protected = |chars: &[char]| {
            spans_ending(chars, |chars, i| {
                url_end(chars, i)
                    .or_else(|| tag_end(chars, i))
                    .or_else(|| entity_end(chars, i))
            })
        };
        let mut chars: Vec<char> = text.chars().collect();
        loop {
            let mut changed = fix_title_marks(&mut chars);
            let spans = protected(&chars);
            changed |= fix_parens(&mut chars, &spans);
            changed |= fix_quotes(&mut chars, &spans, Quote::Double);
            changed |= fix_quotes(&mut chars, &spans, Quote::Single);
            changed |= fix_marks(&mut chars, &spans);
            if !changed {
                return chars.into_iter().collect();
            }
        }
    }

    #[test]
    fn the_rules_a_text_lacks_are_skipped_without_changing_any_result() {
        // Texts made of the characters the rules look at, in every mix.
        const PIECES: &[&str] = &[
            "中",
            "文",
            "项目",
            ",",
            ":",
            ";",
            "?",
            "!",
            "(",
            ")",
            "（",
            "）",
            "\"",
            "'",
            "“",
            "”",
            "‘",
            "’",
            "《",
            "》",
            "<",
            ">",
            "〈",
            "〉",
            "a",
            "PPP",
            "1",
            "17.3%",
            "0731",
            " ",
            "\n",
            "http://x.cn/a(b).html",
            "WWW.",
            "ftp://",
            "h",
            "w",
            "f",
            "&nbsp;",
            "&#160;",
            "&",
            "<w:p>",
            "</a>",
            "don't",
            "、",
            "。",
            "-",
            ".",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut checked = 0;
        for _ in 0..30_000 {
            let len = next(24);
            let text: String = (0..len).map(|_| PIECES[next(PIECES.len())]).collect();
            assert_eq!(tidy(&text), reference(&text), "tidy({text:?})");
            checked += 1;
        }
        // And a text of one kind of mark alone, for each rule.
        for text in ["中,", "中(a)", "中\"a\"", "中'a'", "《a<b>》", "http://中,"] {
            assert_eq!(tidy(text), reference(text), "tidy({text:?})");
            assert_ne!(Rules::present(text), Rules::ALL);
        }
        assert_eq!(checked, 30_000);
    }

    /// Asserts `tidy(input) == expected`, that the result is borrowed exactly
    /// when nothing changed, and that tidying again changes nothing.
    #[track_caller]
    fn check(input: &str, expected: &str) {
        let once = tidy(input);
        assert_eq!(once, expected, "tidy({input:?})");
        assert_eq!(
            matches!(once, Cow::Borrowed(_)),
            input == expected,
            "borrowed iff unchanged: {input:?}"
        );
        let twice = tidy(&once);
        assert_eq!(twice, once, "not idempotent on {input:?}");
        assert!(matches!(twice, Cow::Borrowed(_)), "second pass must borrow");
    }

    /// Asserts the text comes back unchanged and borrowed.
    #[track_caller]
    fn unchanged(input: &str) {
        check(input, input);
    }

    // --- The seed notice ---------------------------------------------------

    #[test]
    fn seed_opening_paragraph() {
        check(
            "根据年初市委、市政府下发的《株洲市2016年重点工作责任分解方案》(株办〔2016〕12号)和《2016年<政府工作报告>重点工作责任分解表》(株政发〔2016〕3号)文件,最近市人民政府办公室就上半年重点工作完成情况进行了通报(详见附件),由我委牵头的全市重点工作稳步推进、进展良好,基本实现了时间过半、任务过半,但仍存在一些问题和困难:一是固定资产投资增幅大幅低于去年同期和全省平均水平,民间投资和工业投资下降比较严重。",
            "根据年初市委、市政府下发的《株洲市2016年重点工作责任分解方案》（株办〔2016〕12号）和《2016年〈政府工作报告〉重点工作责任分解表》（株政发〔2016〕3号）文件，最近市人民政府办公室就上半年重点工作完成情况进行了通报（详见附件），由我委牵头的全市重点工作稳步推进、进展良好，基本实现了时间过半、任务过半，但仍存在一些问题和困难：一是固定资产投资增幅大幅低于去年同期和全省平均水平，民间投资和工业投资下降比较严重。",
        );
    }

    #[test]
    fn seed_reporting_request() {
        check(
            "请各责任科室(单位)按照季度报送要求,分别在9月25日、12月20日之前向综合科报送工作完成情况(联系人:丁志永,28686393)。",
            "请各责任科室（单位）按照季度报送要求，分别在9月25日、12月20日之前向综合科报送工作完成情况（联系人：丁志永，28686393）。",
        );
    }

    #[test]
    fn seed_figures_keep_their_decimal_points() {
        check(
            "上半年,全市完成固定资产投资896.9亿元,重点项目完成381.6亿元,同比增长17.3%。",
            "上半年，全市完成固定资产投资896.9亿元，重点项目完成381.6亿元，同比增长17.3%。",
        );
        check(
            "全市新增创业主体1.47万个,带动城乡就业4.52万人。",
            "全市新增创业主体1.47万个，带动城乡就业4.52万人。",
        );
    }

    #[test]
    fn seed_parenthesised_road_section() {
        check(
            "铁东路(白石港路-新华路)、磐龙湖等项目采取PPP模式建设",
            "铁东路（白石港路-新华路）、磐龙湖等项目采取PPP模式建设",
        );
    }

    #[test]
    fn seed_pension_figures() {
        check(
            "拨付企业养老金183000万元,失业保险金2770万元",
            "拨付企业养老金183000万元，失业保险金2770万元",
        );
    }

    #[test]
    fn seed_quoted_project_name() {
        check(
            "由我委牵头负责的创新创业园区\"146\"工程",
            "由我委牵头负责的创新创业园区“146”工程",
        );
    }

    #[test]
    fn brief_examples_of_parentheses() {
        check("(株办〔2016〕12号)", "（株办〔2016〕12号）");
        check("(联系人:丁志永,28686393)", "（联系人：丁志永，28686393）");
        check("委内责任科室(单位)", "委内责任科室（单位）");
    }

    // --- Rule 1: single marks ---------------------------------------------

    #[test]
    fn thousands_separator_stays() {
        unchanged("投资1,300万元");
        check("投资1,300万元,其中", "投资1,300万元，其中");
    }

    #[test]
    fn clock_time_stays_but_labels_change() {
        check("会议时间12:30,地点:三楼", "会议时间12:30，地点：三楼");
        unchanged("于下午2:30召开");
        unchanged("比分3:2");
    }

    #[test]
    fn comma_between_digit_and_chinese() {
        check("28686393,电话", "28686393，电话");
        check("电话:28686393", "电话：28686393");
    }

    #[test]
    fn semicolon_question_and_exclamation() {
        check(
            "一是加强调度;二是强化督查;三是严格考核。",
            "一是加强调度；二是强化督查；三是严格考核。",
        );
        check("为什么?因为投资下降!", "为什么？因为投资下降！");
        check("真的吗?!", "真的吗？！");
    }

    #[test]
    fn mark_after_latin_token_at_end_of_chinese_sentence() {
        check("什么是PPP?", "什么是PPP？");
        check(
            "同比增长17.3%;\n环比增长2%;",
            "同比增长17.3%；\n环比增长2%；",
        );
        check("采用PPP,加快建设", "采用PPP，加快建设");
    }

    #[test]
    fn latin_text_stays() {
        unchanged("Hello, world (test)!");
        unchanged("见 Hello, world (test)!");
        unchanged("他说Hello, world");
        unchanged("A: yes; B: no? C!");
    }

    #[test]
    fn no_looking_past_spaces() {
        unchanged("采用PPP , 加快");
        unchanged("中文 , 中文");
    }

    #[test]
    fn runs_of_marks_settle_completely() {
        check("a,,,中", "a，，，中");
        check("abc,(中文)", "abc，（中文）");
    }

    // --- Rule 2: parentheses ----------------------------------------------

    #[test]
    fn latin_parenthetical_in_chinese_sentence() {
        check("项目(PPP)正在推进", "项目（PPP）正在推进");
        check("采用(PPP)", "采用（PPP）");
        check("(PPP)模式", "（PPP）模式");
        check("(1)加快项目建设", "（1）加快项目建设");
    }

    #[test]
    fn formulas_and_latin_parentheticals_stay() {
        unchanged("f(x)");
        unchanged("函数f(x)的值");
        unchanged("PPP (Public-Private Partnership) model");
        unchanged("见 PPP(Public-Private Partnership)模式");
    }

    #[test]
    fn mixed_width_pair_is_completed() {
        check("（详见附件)", "（详见附件）");
        check("(详见附件）", "（详见附件）");
        check("（PPP)", "（PPP）");
    }

    #[test]
    fn nested_parentheses() {
        check("(说明(一)见附件)", "（说明（一）见附件）");
        check("(a(中)b)", "（a（中）b）");
    }

    #[test]
    fn unmatched_parenthesis_follows_adjacency() {
        check("1)加快建设", "1）加快建设");
        check("详见附件(", "详见附件（");
        unchanged("x) y");
    }

    #[test]
    fn phone_numbers_stay() {
        check(
            "电话:0731-28686393,传真:0731-28686394",
            "电话：0731-28686393，传真：0731-28686394",
        );
        check("电话:(0731)28686393", "电话：(0731)28686393");
        unchanged("(0731)28686393");
    }

    #[test]
    fn email_address_is_left_whole() {
        check(
            "邮箱:zzfgw@163.com,电话:0731-28686393",
            "邮箱：zzfgw@163.com，电话：0731-28686393",
        );
    }

    // --- Rule 3: quotes ----------------------------------------------------

    #[test]
    fn double_quotes_around_chinese() {
        check("\"放管服\"改革", "“放管服”改革");
        check("提出\"146\"", "提出“146”");
        check("\"一带一路\"和\"长江经济带\"", "“一带一路”和“长江经济带”");
        check("他说\"Hello, world\"", "他说“Hello, world”");
    }

    #[test]
    fn half_converted_quote_pair_is_completed() {
        check("“146\"工程", "“146”工程");
        check("\"146”工程", "“146”工程");
    }

    #[test]
    fn latin_quotes_stay() {
        unchanged("<w:p> & \"x\"");
        unchanged("中文 <w:p> & \"x\" 中文");
        unchanged("He said \"yes\".");
        unchanged("只有一个\"引号");
    }

    #[test]
    fn single_quotes_only_around_chinese() {
        check("“他说'好的'”", "“他说‘好的’”");
        check("称为'双创'", "称为‘双创’");
        check("中'A'中", "中‘A’中");
        unchanged("中'A' b");
        unchanged("don't 中文");
        unchanged("it's 'x' 中");
    }

    // --- Rule 4: book-title marks -----------------------------------------

    #[test]
    fn nested_titles_use_single_angle_marks() {
        check(
            "《2016年<政府工作报告>重点工作责任分解表》",
            "《2016年〈政府工作报告〉重点工作责任分解表》",
        );
        check(
            "《关于贯彻落实《中华人民共和国预算法》的通知》",
            "《关于贯彻落实〈中华人民共和国预算法〉的通知》",
        );
        check(
            "《关于<A>和<B>的意见》《另一份文件》",
            "《关于〈A〉和〈B〉的意见》《另一份文件》",
        );
        check("《关于〈A>的意见》", "《关于〈A〉的意见》");
    }

    #[test]
    fn angle_brackets_outside_titles_stay() {
        unchanged("<w:p>");
        unchanged("段落<w:p>标记");
        unchanged("<政府工作报告>");
        unchanged("当x<y且y>z时");
        unchanged("《流程a->b》");
        unchanged("《未闭合<标题》");
        unchanged("《关于《预算法》");
    }

    // --- Protected spans ---------------------------------------------------

    #[test]
    fn urls_stay() {
        unchanged("详见 http://www.zzdrc.gov.cn/a.html?id=1,2");
        unchanged("详见http://www.zzdrc.gov.cn/a.html?id=1,2");
        unchanged("网址 www.zzdrc.gov.cn/list?a=1;b=2");
        check(
            "详见http://x.cn/a.html?b=1,然后",
            "详见http://x.cn/a.html?b=1，然后",
        );
        check("见(http://x.cn/a)。", "见（http://x.cn/a）。");
        check(
            "网址:https://zh.wikipedia.org/wiki/PPP_(消歧义)",
            "网址：https://zh.wikipedia.org/wiki/PPP_（消歧义）",
        );
    }

    #[test]
    fn markup_and_entities_stay() {
        unchanged("<a title=\"中文\">链接</a>");
        check("&nbsp;&nbsp;根据,", "&nbsp;&nbsp;根据，");
        unchanged("&#160;根据");
        unchanged("a & b 中文");
    }

    // --- Untouched text ----------------------------------------------------

    #[test]
    fn everything_else_is_untouched() {
        for text in [
            "896.9亿元",
            "1.47万个",
            "28686393",
            "2016年8月30日",
            "17.3%",
            "2016-08-30",
            "<w:p>",
            "a & b",
            "根据《方案》（株办〔2016〕12号），现将有关事项通知如下：",
            "第一行\n第二行\r\n第三行",
            "",
            "PPP",
            "增长3.5个百分点。",
        ] {
            unchanged(text);
        }
    }

    #[test]
    fn newlines_are_kept() {
        check("一是,\n二是:\n", "一是，\n二是：\n");
    }

    // --- Idempotence and robustness -----------------------------------------

    /// A tiny deterministic generator (no external crates): many strings
    /// mixing every kind of character the rules look at.
    #[test]
    fn idempotent_and_width_only_on_generated_text() {
        const ALPHABET: [char; 30] = [
            '中', '文', '号', '，', '（', '）', '《', '》', '〈', '〉', '“', '”', ',', ':', ';',
            '(', ')', '?', '!', '"', '\'', '<', '>', 'a', 'P', '1', '.', ' ', '\n', '/',
        ];
        let mut state: u64 = 0x2016_0830;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize
        };
        for _ in 0..3000 {
            let len = next() % 24;
            let input: String = (0..len)
                .map(|_| ALPHABET[next() % ALPHABET.len()])
                .collect();
            let once = tidy(&input);
            assert_eq!(tidy(&once), once, "not idempotent on {input:?}");
            // Only ever a one-for-one swap of a mark for its full-width form.
            assert_eq!(once.chars().count(), input.chars().count());
            for (a, b) in input.chars().zip(once.chars()) {
                let allowed = a == b
                    || b == full_width(a)
                    || matches!((a, b), ('"', '“' | '”') | ('\'', '‘' | '’'))
                    || matches!((a, b), ('<' | '《', '〈') | ('>' | '》', '〉'));
                assert!(allowed, "{a:?} became {b:?} in {input:?}");
            }
        }
    }

    #[test]
    fn borrowed_when_nothing_changes() {
        assert!(matches!(tidy("现将有关事项通知如下。"), Cow::Borrowed(_)));
        assert!(matches!(tidy("Hello, world"), Cow::Borrowed(_)));
        assert!(matches!(tidy("12:30"), Cow::Borrowed(_)));
        assert!(matches!(tidy("函数f(x)的值"), Cow::Borrowed(_)));
        assert!(matches!(tidy("中,"), Cow::Owned(_)));
    }
}
