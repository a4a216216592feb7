//! Turning a scanned part into one minijinja template whose output is the
//! filled part.
//!
//! The part's bytes are copied as they are, in `{% raw %}` where they hold
//! what minijinja would read as a tag; only the paragraphs and rows that
//! hold tags change:
//!
//! - in a paragraph, each `w:t` that holds (part of) a tag is written again
//!   as its text outside the tags, with the tag between (a value is written
//!   as `w:t` elements in the run where its tag began); runs wholly inside a
//!   tag, and the proofing marks and `_GoBack` bookmark inside it, go;
//! - a paragraph of block tags alone (or of `{%p … %}` tags) becomes those
//!   tags, so that it leaves no empty paragraph;
//! - a row of block tags alone (or of `{%tr … %}` tags) becomes those tags;
//!   a block whose two ends sit in different cells of one row is moved
//!   around the row, which then repeats or goes as a whole;
//! - `{{ body }}` and `{{ attachment_table }}` alone in a paragraph become
//!   the composed body and the attachment table.
//!
//! Blocks must open and close at one level (in one paragraph, around
//! paragraphs of one container, or around rows of one table): anything
//! else would cut the XML apart, and is reported with both ends.

use super::scan::{MarkKind, Para, Scan, SectInfo, Span};
use super::tags::{find_tags, LexError, Nesting, Prefix, Tag, TagKind};
use crate::messages::TemplateMsg;
use std::collections::HashSet;
use std::io;

/// A tag as the document holds it, for listing and messages.
#[derive(Debug, Clone)]
pub struct TagRef {
    /// The paragraph it is in (1-based within its part).
    pub paragraph: usize,
    /// The tag as typed.
    pub shown: String,
    /// Its statement or expression alone.
    pub inner: String,
    /// Its kind.
    pub kind: TagKind,
}

/// A problem at a place of the part: a paragraph and a tag when known.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The paragraph (1-based), if the problem is in one.
    pub paragraph: Option<usize>,
    /// The tag as typed (or the text around the problem).
    pub tag: Option<String>,
    /// What is wrong.
    pub message: TemplateMsg,
}

/// What a block of the notice becomes in the part, by the writer.
pub trait Blocks {
    /// The composed body, each paragraph in `ppr` (the last in `ppr_last`,
    /// which may end a section) and its runs in `rpr`.
    fn body(&self, ppr: &[u8], ppr_last: &[u8], rpr: &[u8]) -> io::Result<Vec<u8>>;
    /// The attachment table for a section of this page.
    fn table(&self, section: SectInfo) -> io::Result<Vec<u8>>;
}

/// A block the plan places and the filler writes, once the notice is
/// known: planning needs the template alone.
#[derive(Debug, Clone)]
pub enum BlockSpec {
    /// `{{ body }}`: the body in the properties of the tag's paragraph.
    Body {
        /// The paragraph's properties, without its section.
        ppr: Vec<u8>,
        /// Its properties as typed, for the last paragraph.
        ppr_last: Vec<u8>,
        /// The properties of the run where the tag began.
        rpr: Vec<u8>,
    },
    /// `{{ attachment_table }}`: the table for `section`, followed by a
    /// paragraph of `section_end` when the tag's paragraph ended it.
    Table {
        /// The page of the section the table is in.
        section: SectInfo,
        /// The tag's paragraph properties, holding its `w:sectPr`.
        section_end: Option<Vec<u8>>,
    },
}

impl BlockSpec {
    /// The block's XML, by `blocks`.
    pub fn write(&self, blocks: &dyn Blocks) -> io::Result<Vec<u8>> {
        match self {
            BlockSpec::Body { ppr, ppr_last, rpr } => blocks.body(ppr, ppr_last, rpr),
            BlockSpec::Table {
                section,
                section_end,
            } => {
                let mut xml = blocks.table(*section)?;
                if let Some(ppr) = section_end {
                    xml.extend_from_slice(b"<w:p>");
                    xml.extend_from_slice(ppr);
                    xml.extend_from_slice(b"</w:p>");
                }
                Ok(xml)
            }
        }
    }
}

/// The minijinja template of a part.
#[derive(Debug, Default, Clone)]
pub struct Planned {
    /// The template's source.
    pub source: String,
    /// Where each tag went in the source, with its index in `tags`.
    pub placed: Vec<(std::ops::Range<usize>, usize)>,
    /// Every tag of the part, in order.
    pub tags: Vec<TagRef>,
    /// What keeps the part from being filled.
    pub problems: Vec<Problem>,
    /// Whether the attachment table is placed (its styles are needed).
    pub uses_table: bool,
    /// The blocks (body, attachment table) the source holds as markers,
    /// [`BLOCK_OPEN`] index [`BLOCK_CLOSE`]: their XML, written by the
    /// writer, is spliced in after the part is rendered, so that minijinja
    /// neither parses nor copies it.
    pub blocks: Vec<BlockSpec>,
    /// Whether the part holds a block that its source could not mark (the
    /// part holds a marker's character): it is planned again with the
    /// notice's blocks, written into the source.
    pub needs_blocks: bool,
}

/// The marker of a block in a part's source opens with this character and
/// the block's index, and ends with [`BLOCK_CLOSE`]. XML cannot hold
/// either, so neither the template's text nor a value (stripped of what
/// XML cannot hold) can be mistaken for one.
pub const BLOCK_OPEN: u8 = 0x01;
/// The end of a block's marker.
pub const BLOCK_CLOSE: u8 = 0x02;

/// The level a block tag is placed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    /// Inside a paragraph, between its runs in one container.
    Inline(usize, usize),
    /// Between the paragraphs of one container.
    Paragraphs(usize),
    /// Between the rows of one table.
    Rows(usize),
}

#[derive(Debug, Clone)]
enum Piece {
    Literal(Vec<u8>),
    /// A block for the writer: whole paragraphs or a table.
    Block(BlockSpec),
    Tag {
        id: usize,
        source: String,
        level: Option<Level>,
    },
}

#[derive(Debug)]
struct Edit {
    span: Span,
    pieces: Vec<Piece>,
}

/// A tag found in a paragraph, with the atoms it spans.
#[derive(Debug)]
struct Found {
    tag: Tag,
    id: usize,
    first: usize,
    last: usize,
    hoisted: bool,
}

struct Planner<'a> {
    xml: &'a str,
    scan: &'a Scan,
    default_section: Option<SectInfo>,
    blocks: Option<&'a dyn Blocks>,
    found: Vec<Vec<Found>>,
    texts: Vec<String>,
    edits: Vec<Edit>,
    out: Planned,
}

/// Plans a part. `default_section` is the page of a part that has no
/// section of its own (a header), for the attachment table. Without
/// `blocks`, the blocks are left to the filler ([`Planned::blocks`]), or,
/// where the source cannot mark them, the plan says it needs them
/// ([`Planned::needs_blocks`]).
pub fn plan(
    xml: &str,
    scan: &Scan,
    default_section: Option<SectInfo>,
    blocks: Option<&dyn Blocks>,
) -> Planned {
    let mut p = Planner {
        xml,
        scan,
        default_section,
        blocks,
        found: Vec::new(),
        texts: Vec::new(),
        edits: Vec::new(),
        out: Planned::default(),
    };
    p.find();
    if p.out.tags.is_empty() && p.out.problems.is_empty() {
        return p.out;
    }
    let mut consumed = vec![false; scan.paragraphs.len()];
    p.rows(&mut consumed);
    let open: Vec<usize> = (0..scan.paragraphs.len())
        .filter(|&i| !consumed[i] && !p.found[i].is_empty())
        .collect();
    for i in open {
        p.paragraph(i);
    }
    p.assemble();
    p.out
}

impl Planner<'_> {
    fn problem(&mut self, para: &Para, tag: Option<&str>, message: TemplateMsg) {
        self.out.problems.push(Problem {
            paragraph: Some(para.number),
            tag: tag.map(str::to_string),
            message,
        });
    }

    /// The tags of every paragraph.
    fn find(&mut self) {
        let scan = self.scan;
        for para in &scan.paragraphs {
            let text: String = para.atoms.iter().map(|a| a.text.as_str()).collect();
            let mut found = Vec::new();
            if text.contains(['{', '｛']) {
                let (tags, errors) = find_tags(&text);
                for e in errors {
                    let (tag, message) = match e {
                        LexError::Unclosed(t) => (t, TemplateMsg::Unclosed),
                        LexError::FullWidth(t) => (t, TemplateMsg::FullWidthBraces),
                    };
                    self.problem(para, Some(&tag), message);
                }
                let mut starts = Vec::with_capacity(para.atoms.len());
                let mut at = 0;
                for a in &para.atoms {
                    starts.push(at);
                    at += a.text.len();
                }
                let atom_of =
                    |offset: usize| starts.iter().rposition(|&s| s <= offset).unwrap_or(0);
                for tag in tags {
                    let id = self.out.tags.len();
                    if tag.kind != TagKind::Comment {
                        self.out.tags.push(TagRef {
                            paragraph: para.number,
                            shown: tag.shown.clone(),
                            inner: tag.inner.clone(),
                            kind: tag.kind,
                        });
                    } else {
                        self.out.tags.push(TagRef {
                            paragraph: para.number,
                            shown: tag.shown.clone(),
                            inner: String::new(),
                            kind: tag.kind,
                        });
                    }
                    let first = atom_of(tag.start);
                    let last = atom_of(tag.end - 1);
                    found.push(Found {
                        tag,
                        id,
                        first,
                        last,
                        hoisted: false,
                    });
                }
            }
            self.found.push(found);
            self.texts.push(text);
        }
    }

    /// Whether the text of paragraph `i` outside its tags is blank.
    fn blank_outside_tags(&self, i: usize) -> bool {
        let text = &self.texts[i];
        let mut at = 0;
        for f in &self.found[i] {
            if !text[at..f.tag.start].trim().is_empty() {
                return false;
            }
            at = f.tag.end;
        }
        text[at..].trim().is_empty()
    }

    /// Block tags (and comments) alone, all of `prefix`.
    fn only_blocks(&self, i: usize, prefix: Prefix) -> bool {
        self.found[i].iter().all(|f| {
            f.tag.kind == TagKind::Comment
                || (f.tag.kind == TagKind::Block && f.tag.prefix == prefix)
        }) && self.blank_outside_tags(i)
    }

    /// Paragraph `i`, which holds only block tags, replaced by them; one
    /// that ends a section cannot go and is a problem.
    fn place_blocks(&mut self, i: usize, level: Level) {
        let para = &self.scan.paragraphs[i];
        if para.sect.is_some() {
            let shown = self.found[i][0].tag.shown.clone();
            self.problem(para, Some(&shown), TemplateMsg::EndsSection);
            return;
        }
        let pieces = self.block_pieces(i, level);
        self.edits.push(Edit {
            span: para.span,
            pieces,
        });
    }

    fn block_pieces(&self, i: usize, level: Level) -> Vec<Piece> {
        let tags: Vec<Piece> = self.found[i]
            .iter()
            .filter(|f| f.tag.kind == TagKind::Block)
            .map(|f| Piece::Tag {
                id: f.id,
                source: f.tag.source.clone(),
                level: Some(level),
            })
            .collect();
        // Its named bookmarks stay, between the blocks (where the schema
        // allows them too): outside the block it opens, or after the one
        // it closes, so that they are neither repeated nor dropped.
        let marks = self.bookmarks(i);
        if marks.is_empty() {
            return tags;
        }
        let closes = self.found[i]
            .iter()
            .any(|f| matches!(f.tag.nesting, Nesting::Close(_)));
        let marks = Piece::Literal(marks);
        if closes {
            tags.into_iter().chain(std::iter::once(marks)).collect()
        } else {
            std::iter::once(marks).chain(tags).collect()
        }
    }

    /// The named bookmarks' starts and ends of paragraph `i` (not Word's
    /// `_GoBack`), as they are written.
    fn bookmarks(&self, i: usize) -> Vec<u8> {
        let para = &self.scan.paragraphs[i];
        let go_back: Vec<&str> = para
            .marks
            .iter()
            .filter_map(|m| match &m.kind {
                MarkKind::GoBack(id) => Some(id.as_str()),
                _ => None,
            })
            .collect();
        let mut out = Vec::new();
        for mark in &para.marks {
            let keep = match &mark.kind {
                MarkKind::Bookmark => true,
                MarkKind::BookmarkEnd(id) => !go_back.contains(&id.as_str()),
                _ => false,
            };
            if keep {
                out.extend_from_slice(&self.xml.as_bytes()[mark.span.0..mark.span.1]);
            }
        }
        out
    }

    /// Rows that hold tags: replaced by their block tags, or repeated by
    /// the blocks that span their cells.
    fn rows(&mut self, consumed: &mut [bool]) {
        let scan = self.scan;
        for row in &scan.rows {
            let paras: Vec<usize> = row
                .cells
                .iter()
                .flat_map(|&c| scan.cells[c].paragraphs.iter().copied())
                .collect();
            if paras.iter().all(|&i| self.found[i].is_empty()) {
                continue;
            }
            let level = Level::Rows(row.table);
            let has_tr = paras
                .iter()
                .any(|&i| self.found[i].iter().any(|f| f.tag.prefix == Prefix::Row));
            let plain = paras.iter().all(|&i| {
                let para = &scan.paragraphs[i];
                self.only_blocks(i, Prefix::None) && !para.other_content
            }) && row.cells.iter().all(|&c| !scan.cells[c].has_table);
            if has_tr || plain {
                if has_tr {
                    if let Some(&bad) = paras.iter().find(|&&i| !self.only_blocks(i, Prefix::Row)) {
                        let para = &scan.paragraphs[bad];
                        let tag = self.found[bad]
                            .iter()
                            .find(|f| f.tag.prefix == Prefix::Row)
                            .or_else(|| self.found[bad].first())
                            .map(|f| f.tag.shown.clone());
                        self.problem(para, tag.as_deref(), TemplateMsg::RowTagNotAlone);
                        for &i in &paras {
                            consumed[i] = true;
                        }
                        continue;
                    }
                }
                let pieces: Vec<Piece> = paras
                    .iter()
                    .flat_map(|&i| self.block_pieces(i, level))
                    .collect();
                self.edits.push(Edit {
                    span: row.span,
                    pieces,
                });
                for &i in &paras {
                    consumed[i] = true;
                }
                continue;
            }
            // Blocks whose two ends are in different cells go around the row.
            let mut stack: Vec<(usize, usize, usize, String)> = Vec::new();
            let mut hoist: Vec<(usize, usize)> = Vec::new();
            for (cell_no, &c) in row.cells.iter().enumerate() {
                for &i in &scan.cells[c].paragraphs {
                    for (k, f) in self.found[i].iter().enumerate() {
                        if f.tag.kind != TagKind::Block || f.tag.prefix != Prefix::None {
                            continue;
                        }
                        match &f.tag.nesting {
                            Nesting::Open(kw) => stack.push((cell_no, i, k, kw.clone())),
                            Nesting::Close(kw) => {
                                if let Some((open_cell, oi, ok, okw)) = stack.pop() {
                                    if okw == *kw && open_cell != cell_no {
                                        hoist.push((oi, ok));
                                        hoist.push((i, k));
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
            if hoist.is_empty() {
                continue;
            }
            let mut opens = Vec::new();
            let mut closes = Vec::new();
            for &(i, k) in &hoist {
                let f = &mut self.found[i][k];
                f.hoisted = true;
                let piece = Piece::Tag {
                    id: f.id,
                    source: f.tag.source.clone(),
                    level: Some(level),
                };
                match f.tag.nesting {
                    Nesting::Close(_) => closes.push((i, k, piece)),
                    _ => opens.push((i, k, piece)),
                }
            }
            // In the order they were typed.
            opens.sort_by_key(|(i, k, _)| (*i, *k));
            closes.sort_by_key(|(i, k, _)| (*i, *k));
            self.edits.push(Edit {
                span: (row.span.0, row.span.0),
                pieces: opens.into_iter().map(|(_, _, p)| p).collect(),
            });
            self.edits.push(Edit {
                span: (row.span.1, row.span.1),
                pieces: closes.into_iter().map(|(_, _, p)| p).collect(),
            });
        }
    }

    /// A paragraph that holds tags.
    fn paragraph(&mut self, i: usize) {
        let scan = self.scan;
        let para = &scan.paragraphs[i];
        let level = Level::Paragraphs(para.parent);
        let found = &self.found[i];
        if let Some(f) = found.iter().find(|f| f.tag.prefix == Prefix::Row) {
            let shown = f.tag.shown.clone();
            self.problem(para, Some(&shown), TemplateMsg::RowTagOutsideTable);
            return;
        }
        if found.iter().any(|f| f.tag.prefix == Prefix::Paragraph) {
            if !self.only_blocks(i, Prefix::Paragraph) {
                let shown = self.found[i]
                    .iter()
                    .find(|f| f.tag.prefix != Prefix::Paragraph)
                    .or_else(|| self.found[i].first())
                    .map(|f| f.tag.shown.clone());
                self.problem(para, shown.as_deref(), TemplateMsg::ParagraphTagNotAlone);
                return;
            }
            self.place_blocks(i, level);
            return;
        }
        let blocks = ["body", "attachment_table"];
        let named = found
            .iter()
            .find(|f| f.tag.kind == TagKind::Expr && blocks.contains(&f.tag.inner.as_str()));
        if let Some(f) = named {
            let alone = found.len() == 1 && self.blank_outside_tags(i);
            let shown = f.tag.shown.clone();
            if !alone {
                self.problem(
                    para,
                    Some(&shown),
                    TemplateMsg::BlockNotAlone {
                        name: f.tag.inner.clone(),
                    },
                );
                return;
            }
            let is_body = f.tag.inner == "body";
            let spec = self.block(para, is_body, f.first);
            self.out.uses_table |= !is_body;
            self.edits.push(Edit {
                span: para.span,
                pieces: vec![Piece::Block(spec)],
            });
            // The tag is placed: nothing of it reaches minijinja.
            return;
        }
        let hoisted = found.iter().any(|f| f.hoisted);
        if !hoisted && !para.other_content && self.only_blocks(i, Prefix::None) {
            self.place_blocks(i, level);
            return;
        }
        self.inline(i);
    }

    /// `{{ body }}` or `{{ attachment_table }}` in place of `para`.
    fn block(&self, para: &Para, is_body: bool, first_atom: usize) -> BlockSpec {
        let bytes = self.xml.as_bytes();
        let slice = |s: Option<Span>| s.map_or(&[][..], |(a, b)| &bytes[a..b]);
        let ppr = slice(para.ppr);
        if is_body {
            let ppr_plain: Vec<u8> = match (para.ppr, para.sect) {
                (Some((a, b)), Some((s, e))) => {
                    let mut v = bytes[a..s].to_vec();
                    v.extend_from_slice(&bytes[e..b]);
                    v
                }
                _ => ppr.to_vec(),
            };
            let rpr = para
                .atoms
                .get(first_atom)
                .and_then(|a| self.scan.runs.get(a.run))
                .and_then(|r| r.rpr);
            return BlockSpec::Body {
                ppr: ppr_plain,
                ppr_last: ppr.to_vec(),
                rpr: slice(rpr).to_vec(),
            };
        }
        let section = self
            .scan
            .sections
            .iter()
            .find(|s| s.start >= para.span.0)
            .copied()
            .or(self.default_section)
            .unwrap_or(SectInfo {
                start: 0,
                width: 11906,
                height: 16838,
                margins: [2098, 1474, 1984, 1588],
            });
        BlockSpec::Table {
            section,
            section_end: para.sect.map(|_| ppr.to_vec()),
        }
    }

    /// A paragraph whose tags stay inside it.
    fn inline(&mut self, i: usize) {
        let scan = self.scan;
        let para = &scan.paragraphs[i];
        let found = &self.found[i];
        // A tag must not leave its field, link or content control.
        for f in found {
            let (a, b) = (&para.atoms[f.first], &para.atoms[f.last]);
            if a.field != b.field || a.container != b.container {
                let shown = f.tag.shown.clone();
                self.problem(para, Some(&shown), TemplateMsg::Straddles);
                return;
            }
        }
        let mut starts = Vec::with_capacity(para.atoms.len());
        let mut at = 0;
        for a in &para.atoms {
            starts.push(at);
            at += a.text.len();
        }
        let text = &self.texts[i];
        let mut edits = Vec::new();
        let mut problems = Vec::new();
        for (k, atom) in para.atoms.iter().enumerate() {
            let (from, to) = (starts[k], starts[k] + atom.text.len());
            let touching: Vec<&Found> = found
                .iter()
                .filter(|f| f.tag.start < to && f.tag.end > from)
                .collect();
            if touching.is_empty() {
                continue;
            }
            let mut pieces = Vec::new();
            let mut cursor = from;
            let mut literal = |pieces: &mut Vec<Piece>, s: &str| match super::run_content(s) {
                Ok(xml) if !xml.is_empty() => pieces.push(Piece::Literal(xml)),
                Ok(_) => {}
                Err(e) => problems.push(e.to_string()),
            };
            for f in touching {
                if f.tag.start > cursor {
                    literal(&mut pieces, &text[cursor..f.tag.start]);
                }
                if f.tag.start >= from && !f.hoisted && f.tag.kind != TagKind::Comment {
                    let level = match f.tag.kind {
                        TagKind::Block => Some(Level::Inline(i, atom.container)),
                        _ => None,
                    };
                    pieces.push(Piece::Tag {
                        id: f.id,
                        source: f.tag.source.clone(),
                        level,
                    });
                }
                cursor = f.tag.end.min(to);
            }
            if cursor < to {
                literal(&mut pieces, &text[cursor..to]);
            }
            edits.push(Edit {
                span: atom.span,
                pieces,
            });
        }
        // Runs wholly inside a tag go.
        let inside =
            |from: usize, to: usize| found.iter().any(|f| f.tag.start <= from && to <= f.tag.end);
        let starts_in = |from: usize, to: usize| {
            found
                .iter()
                .any(|f| from <= f.tag.start && f.tag.start < to)
        };
        let mut runs: Vec<usize> = para.atoms.iter().map(|a| a.run).collect();
        runs.dedup();
        for r in runs {
            let run = &scan.runs[r];
            if !run.only_text {
                continue;
            }
            let mine: Vec<usize> = (0..para.atoms.len())
                .filter(|&k| para.atoms[k].run == r)
                .collect();
            let all_inside = mine.iter().all(|&k| {
                let (from, to) = (starts[k], starts[k] + para.atoms[k].text.len());
                from < to && inside(from, to) && !starts_in(from, to)
            });
            if all_inside {
                edits.push(Edit {
                    span: run.span,
                    pieces: Vec::new(),
                });
            }
        }
        // Proofing marks and Word's `_GoBack` inside a tag go.
        let spans: Vec<Span> = found
            .iter()
            .map(|f| (para.atoms[f.first].span.0, para.atoms[f.last].span.1))
            .collect();
        let within = |s: Span| spans.iter().any(|&(a, b)| a < s.0 && s.1 < b);
        let mut gone: HashSet<&str> = HashSet::new();
        for mark in &para.marks {
            match &mark.kind {
                MarkKind::ProofErr if within(mark.span) => {}
                MarkKind::GoBack(id) if within(mark.span) => {
                    gone.insert(id);
                }
                _ => continue,
            }
            edits.push(Edit {
                span: mark.span,
                pieces: Vec::new(),
            });
        }
        for mark in &para.marks {
            if let MarkKind::BookmarkEnd(id) = &mark.kind {
                if gone.contains(id.as_str()) {
                    edits.push(Edit {
                        span: mark.span,
                        pieces: Vec::new(),
                    });
                }
            }
        }
        self.edits.extend(edits);
        for detail in problems {
            self.problem(para, None, TemplateMsg::CannotWrite { detail });
        }
    }

    /// Writes the source: the part's bytes with the edits applied; checks
    /// that every block opens and closes at one level.
    fn assemble(&mut self) {
        let mut edits = std::mem::take(&mut self.edits);
        edits.sort_by_key(|e| (e.span.0, e.span.0 != e.span.1, std::cmp::Reverse(e.span.1)));
        let xml = self.xml;
        // A template holding a marker's character (not XML, yet possible in
        // a damaged file) gets its blocks inline.
        let markers = memchr::memchr2(BLOCK_OPEN, BLOCK_CLOSE, xml.as_bytes()).is_none();
        let mut source = String::with_capacity(xml.len() + xml.len() / 8);
        let mut pos = 0;
        let mut blocks: Vec<(usize, Nesting, Level)> = Vec::new();
        let mut raw_problem = false;
        for edit in edits {
            if edit.span.0 < pos {
                continue;
            }
            raw_problem |= !literal(&mut source, &xml[pos..edit.span.0]);
            for piece in edit.pieces {
                match piece {
                    Piece::Block(spec) if markers => {
                        use std::fmt::Write as _;
                        let index = self.out.blocks.len();
                        source.push(char::from(BLOCK_OPEN));
                        let _ = write!(source, "{index}");
                        source.push(char::from(BLOCK_CLOSE));
                        self.out.blocks.push(spec);
                    }
                    Piece::Block(spec) => match self.blocks.map(|b| spec.write(b)) {
                        Some(Ok(bytes)) => {
                            let text = String::from_utf8_lossy(&bytes);
                            raw_problem |= !literal(&mut source, &text);
                        }
                        Some(Err(e)) => self.out.problems.push(Problem {
                            paragraph: None,
                            tag: None,
                            message: TemplateMsg::CannotWrite {
                                detail: e.to_string(),
                            },
                        }),
                        None => self.out.needs_blocks = true,
                    },
                    Piece::Literal(bytes) => {
                        let text = String::from_utf8_lossy(&bytes);
                        raw_problem |= !literal(&mut source, &text);
                    }
                    Piece::Tag {
                        id,
                        source: s,
                        level,
                    } => {
                        let start = source.len();
                        source.push_str(&s);
                        self.out.placed.push((start..source.len(), id));
                        if let Some(level) = level {
                            let nesting = self.nesting_of(id);
                            blocks.push((id, nesting, level));
                        }
                    }
                }
            }
            pos = edit.span.1;
        }
        raw_problem |= !literal(&mut source, &xml[pos..]);
        if raw_problem {
            self.out.problems.push(Problem {
                paragraph: None,
                tag: None,
                message: TemplateMsg::RawText,
            });
        }
        self.balance(&blocks);
        self.out.source = source;
    }

    fn nesting_of(&self, id: usize) -> Nesting {
        self.found
            .iter()
            .flatten()
            .find(|f| f.id == id)
            .map_or(Nesting::Alone, |f| f.tag.nesting.clone())
    }

    /// Every block opens and closes once, at one level.
    fn balance(&mut self, blocks: &[(usize, Nesting, Level)]) {
        let mut stack: Vec<(usize, String, Level)> = Vec::new();
        let mut problems = Vec::new();
        for (id, nesting, level) in blocks {
            match nesting {
                Nesting::Open(kw) => stack.push((*id, kw.clone(), *level)),
                Nesting::Middle(_) => match stack.last() {
                    Some((open, _, l)) if l != level => problems.push((
                        *id,
                        TemplateMsg::NotAtOneLevel {
                            other: self.describe(*open),
                        },
                    )),
                    Some(_) => {}
                    None => problems.push((*id, TemplateMsg::NoOpening)),
                },
                Nesting::Close(kw) => match stack.pop() {
                    None => problems.push((*id, TemplateMsg::NoOpening)),
                    Some((open, okw, _)) if okw != *kw => problems.push((
                        *id,
                        TemplateMsg::ClosesOther {
                            other: self.describe(open),
                        },
                    )),
                    Some((open, _, l)) if l != *level => problems.push((
                        *id,
                        TemplateMsg::NotAtOneLevel {
                            other: self.describe(open),
                        },
                    )),
                    Some(_) => {}
                },
                Nesting::Alone => {}
            }
        }
        for (open, kw, _) in stack {
            problems.push((
                open,
                TemplateMsg::NoEnd {
                    end: format!("{{% end{kw} %}}"),
                },
            ));
        }
        for (id, message) in problems {
            let tag = &self.out.tags[id];
            self.out.problems.push(Problem {
                paragraph: Some(tag.paragraph),
                tag: Some(tag.shown.clone()),
                message,
            });
        }
    }

    /// “paragraph 7 `{% endfor %}`”: the other end of a block.
    fn describe(&self, id: usize) -> String {
        let tag = &self.out.tags[id];
        TemplateMsg::TagPlace {
            paragraph: tag.paragraph,
            tag: tag.shown.clone(),
        }
        .to_string()
    }
}

/// Appends `text` as it is, in `{% raw %}` when minijinja would read a tag
/// in it. False when it cannot be protected (it holds `endraw` itself).
fn literal(source: &mut String, text: &str) -> bool {
    let special = text.contains("{{") || text.contains("{%") || text.contains("{#");
    if !special {
        source.push_str(text);
        return true;
    }
    if text.contains("endraw") {
        return false;
    }
    source.push_str("{% raw %}");
    source.push_str(text);
    source.push_str("{% endraw %}");
    true
}
