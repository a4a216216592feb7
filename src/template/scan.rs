//! Reading one WordprocessingML part for filling: where its paragraphs,
//! runs, texts, table rows and cells and section properties are, as byte
//! ranges of the part, and the text each paragraph shows.
//!
//! Nothing is re-serialised: the filler copies the part's bytes and
//! replaces only the ranges found here.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// A byte range of the part.
pub type Span = (usize, usize);

/// What the scan of a part found.
#[derive(Debug, Default)]
pub struct Scan {
    /// Paragraphs in the order they start (a text box's paragraphs come
    /// after the paragraph whose run holds it).
    pub paragraphs: Vec<Para>,
    /// Runs, each in the paragraph nearest around it.
    pub runs: Vec<RunInfo>,
    /// Table rows, in the order they start.
    pub rows: Vec<RowInfo>,
    /// Table cells.
    pub cells: Vec<CellInfo>,
    /// Section properties (`w:sectPr`), in order.
    pub sections: Vec<SectInfo>,
}

/// A paragraph.
#[derive(Debug, Default)]
pub struct Para {
    /// `<w:p …>` to `</w:p>`.
    pub span: Span,
    /// Where the element around it starts: paragraphs with the same parent
    /// are siblings (the body, one cell, one text box).
    pub parent: usize,
    /// The cell it sits in directly.
    pub cell: Option<usize>,
    /// `<w:pPr>…</w:pPr>`.
    pub ppr: Option<Span>,
    /// The `w:sectPr` inside its `w:pPr`: it ends a section.
    pub sect: Option<Span>,
    /// Its texts in order.
    pub atoms: Vec<Atom>,
    /// Empty elements among its runs: proofing marks, bookmarks …
    pub marks: Vec<Mark>,
    /// Whether it shows more than text: a tab, a drawing, a field, a
    /// paragraph or table inside, a content control.
    pub other_content: bool,
    /// 1-based, in document order within the part.
    pub number: usize,
}

/// One `w:t` of a paragraph.
#[derive(Debug)]
pub struct Atom {
    /// `<w:t …>` to `</w:t>`.
    pub span: Span,
    /// Its text, unescaped.
    pub text: String,
    /// Its run, an index into [`Scan::runs`].
    pub run: usize,
    /// Where the element holding its run starts (the paragraph, a link, a
    /// content control): a tag must not leave it.
    pub container: usize,
    /// How many field characters (`w:fldChar`) of the paragraph come
    /// before it: a tag must not straddle one.
    pub field: u32,
}

/// A run.
#[derive(Debug)]
pub struct RunInfo {
    /// `<w:r …>` to `</w:r>`.
    pub span: Span,
    /// `<w:rPr>…</w:rPr>`.
    pub rpr: Option<Span>,
    /// Whether it holds nothing but its properties and texts.
    pub only_text: bool,
}

/// What an empty element among the runs is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkKind {
    /// `w:proofErr`: spelling and grammar marks.
    ProofErr,
    /// `w:bookmarkStart w:name="_GoBack"`: Word's last edit position.
    GoBack(String),
    /// `w:bookmarkEnd` with its id.
    BookmarkEnd(String),
    /// `w:bookmarkStart` of a named bookmark.
    Bookmark,
    /// Anything else (a named bookmark, a comment range …): it stays.
    Other,
}

/// An empty element among the runs of a paragraph.
#[derive(Debug)]
pub struct Mark {
    /// What it is.
    pub kind: MarkKind,
    /// Where.
    pub span: Span,
}

/// A table row.
#[derive(Debug)]
pub struct RowInfo {
    /// `<w:tr …>` to `</w:tr>`.
    pub span: Span,
    /// Where its table starts.
    pub table: usize,
    /// Its cells, indexes into [`Scan::cells`].
    pub cells: Vec<usize>,
}

/// A table cell.
#[derive(Debug)]
pub struct CellInfo {
    /// Its row, an index into [`Scan::rows`].
    pub row: usize,
    /// Its paragraphs, indexes into [`Scan::paragraphs`].
    pub paragraphs: Vec<usize>,
    /// Whether a table sits in it.
    pub has_table: bool,
}

/// A section's page, from its `w:sectPr`.
#[derive(Debug, Default, Clone, Copy)]
pub struct SectInfo {
    /// Where the `w:sectPr` starts.
    pub start: usize,
    /// Paper width as printed (`w:pgSz w:w`).
    pub width: i32,
    /// Paper height as printed.
    pub height: i32,
    /// Margins: top, right, bottom, left.
    pub margins: [i32; 4],
}

impl SectInfo {
    /// The width between the margins.
    pub fn text_width(&self) -> i32 {
        self.width - self.margins[1] - self.margins[3]
    }

    /// The height between the margins.
    pub fn text_height(&self) -> i32 {
        self.height - self.margins[0] - self.margins[2]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Para(usize),
    Run(usize),
    Text(usize),
    PPr,
    RPr,
    Sect(usize),
    Tbl,
    Tr(usize),
    Tc(usize),
    /// An element between a paragraph and its runs (a link, a content
    /// control, a field).
    Container,
    /// Something inside a run other than its text (a drawing, a tab).
    RunOther,
    /// Field instructions and deleted text: not shown as text.
    Hidden,
    Other,
}

#[derive(Debug)]
struct Frame {
    kind: Kind,
    start: usize,
}

/// Scans a part. The error is quick-xml's, for a part that is not XML.
pub fn scan(xml: &str) -> Result<Scan, String> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut out = Scan::default();
    let mut stack: Vec<Frame> = Vec::new();
    // Per open paragraph: its field character count.
    let mut fields: Vec<u32> = Vec::new();
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| e.to_string())?;
        let after = reader.buffer_position() as usize;
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                let kind = open(&mut out, &stack, &mut fields, &e, before, false);
                stack.push(Frame {
                    kind,
                    start: before,
                });
            }
            Event::Empty(e) => {
                let kind = open(&mut out, &stack, &mut fields, &e, before, true);
                close(&mut out, &stack, &mut fields, kind, before, after);
            }
            Event::End(_) => {
                if let Some(frame) = stack.pop() {
                    close(
                        &mut out,
                        &stack,
                        &mut fields,
                        frame.kind,
                        frame.start,
                        after,
                    );
                }
            }
            Event::Text(t) => {
                if let Some(Frame {
                    kind: Kind::Text(a),
                    ..
                }) = stack.last()
                {
                    let text = t.xml10_content();
                    push_atom_text(&mut out, *a, &text);
                }
            }
            Event::CData(t) => {
                if let Some(Frame {
                    kind: Kind::Text(a),
                    ..
                }) = stack.last()
                {
                    let text = t.xml10_content().into_owned();
                    push_atom_text(&mut out, *a, &text);
                }
            }
            Event::GeneralRef(r) => {
                if let Some(Frame {
                    kind: Kind::Text(a),
                    ..
                }) = stack.last()
                {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        _ => match r.xml10_content().as_ref() {
                            "amp" => Some('&'),
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "quot" => Some('"'),
                            "apos" => Some('\''),
                            _ => None,
                        },
                    };
                    if let Some(c) = c {
                        push_atom_text(&mut out, *a, c.encode_utf8(&mut [0; 4]));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The atom `a` (an index into the last paragraph's atoms, found by search).
fn push_atom_text(out: &mut Scan, a: usize, text: &str) {
    let (p, i) = unpack(a);
    if let Some(atom) = out.paragraphs.get_mut(p).and_then(|p| p.atoms.get_mut(i)) {
        atom.text.push_str(text);
    }
}

/// Atoms are named on the stack by paragraph and position, packed in one
/// number.
fn pack(p: usize, i: usize) -> usize {
    (p << 24) | i
}

fn unpack(a: usize) -> (usize, usize) {
    (a >> 24, a & 0xFF_FFFF)
}

/// The nearest paragraph on the stack.
fn current_para(stack: &[Frame]) -> Option<usize> {
    stack.iter().rev().find_map(|f| match f.kind {
        Kind::Para(p) => Some(p),
        _ => None,
    })
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .map(|v| v.into_owned())
    })
}

fn attr_i32(e: &BytesStart<'_>, name: &str) -> Option<i32> {
    attr(e, name).and_then(|v| v.trim().parse::<f64>().ok().map(|f| f as i32))
}

/// What an element that opens at `start` is, recording it.
fn open(
    out: &mut Scan,
    stack: &[Frame],
    fields: &mut Vec<u32>,
    e: &BytesStart<'_>,
    start: usize,
    empty: bool,
) -> Kind {
    let name = e.name();
    let name = name.as_ref();
    let parent = stack.last().map(|f| f.kind);
    let mark_other = |out: &mut Scan| {
        if let Some(p) = current_para(stack) {
            out.paragraphs[p].other_content = true;
        }
    };
    match name {
        "w:p" => {
            if let Some(p) = current_para(stack) {
                out.paragraphs[p].other_content = true;
            }
            let idx = out.paragraphs.len();
            let cell = match parent {
                Some(Kind::Tc(c)) => Some(c),
                _ => None,
            };
            if let Some(c) = cell {
                out.cells[c].paragraphs.push(idx);
            }
            out.paragraphs.push(Para {
                span: (start, start),
                parent: stack.last().map_or(0, |f| f.start),
                cell,
                number: idx + 1,
                ..Para::default()
            });
            fields.push(0);
            return Kind::Para(idx);
        }
        "w:tbl" => {
            if let Some(Kind::Tc(c)) = parent {
                out.cells[c].has_table = true;
            }
            mark_other(out);
            return Kind::Tbl;
        }
        "w:tr" => {
            let table = stack
                .iter()
                .rev()
                .find(|f| f.kind == Kind::Tbl)
                .map_or(0, |f| f.start);
            out.rows.push(RowInfo {
                span: (start, start),
                table,
                cells: Vec::new(),
            });
            return Kind::Tr(out.rows.len() - 1);
        }
        "w:tc" => {
            let row = stack.iter().rev().find_map(|f| match f.kind {
                Kind::Tr(r) => Some(r),
                _ => None,
            });
            let Some(row) = row else {
                return Kind::Other;
            };
            let idx = out.cells.len();
            out.cells.push(CellInfo {
                row,
                paragraphs: Vec::new(),
                has_table: false,
            });
            out.rows[row].cells.push(idx);
            return Kind::Tc(idx);
        }
        "w:sectPr" => {
            let idx = out.sections.len();
            out.sections.push(SectInfo {
                start,
                ..SectInfo::default()
            });
            if parent == Some(Kind::PPr) {
                if let Some(p) = current_para(stack) {
                    out.paragraphs[p].sect = Some((start, start));
                }
            }
            return Kind::Sect(idx);
        }
        _ => {}
    }
    if let Some(Kind::Sect(s)) = parent {
        let sect = &mut out.sections[s];
        match name {
            "w:pgSz" => {
                sect.width = attr_i32(e, "w:w").unwrap_or(11906);
                sect.height = attr_i32(e, "w:h").unwrap_or(16838);
            }
            "w:pgMar" => {
                sect.margins = [
                    attr_i32(e, "w:top").unwrap_or(1440).abs(),
                    attr_i32(e, "w:right").unwrap_or(1800),
                    attr_i32(e, "w:bottom").unwrap_or(1440).abs(),
                    attr_i32(e, "w:left").unwrap_or(1800),
                ];
            }
            _ => {}
        }
        return Kind::Other;
    }
    match parent {
        Some(Kind::Para(_)) | Some(Kind::Container) => match name {
            "w:pPr" if matches!(parent, Some(Kind::Para(_))) => Kind::PPr,
            "w:r" => {
                let idx = out.runs.len();
                out.runs.push(RunInfo {
                    span: (start, start),
                    rpr: None,
                    only_text: true,
                });
                Kind::Run(idx)
            }
            _ if empty => {
                let kind = match name {
                    "w:proofErr" => MarkKind::ProofErr,
                    "w:bookmarkStart" => match attr(e, "w:name") {
                        Some(n) if n == "_GoBack" => {
                            MarkKind::GoBack(attr(e, "w:id").unwrap_or_default())
                        }
                        _ => MarkKind::Bookmark,
                    },
                    "w:bookmarkEnd" => MarkKind::BookmarkEnd(attr(e, "w:id").unwrap_or_default()),
                    _ => {
                        mark_other(out);
                        MarkKind::Other
                    }
                };
                if let Some(p) = current_para(stack) {
                    out.paragraphs[p].marks.push(Mark {
                        kind,
                        span: (start, start),
                    });
                }
                Kind::Other
            }
            "w:fldSimple" | "w:sdt" => {
                mark_other(out);
                Kind::Container
            }
            _ => Kind::Container,
        },
        Some(Kind::Run(r)) => match name {
            "w:rPr" => Kind::RPr,
            "w:t" => {
                let Some(p) = current_para(stack) else {
                    return Kind::Other;
                };
                let container = stack
                    .iter()
                    .rev()
                    .skip(1)
                    .find(|f| matches!(f.kind, Kind::Para(_) | Kind::Container))
                    .map_or(0, |f| f.start);
                let field = fields.last().copied().unwrap_or(0);
                let para = &mut out.paragraphs[p];
                para.atoms.push(Atom {
                    span: (start, start),
                    text: String::new(),
                    run: r,
                    container,
                    field,
                });
                Kind::Text(pack(p, para.atoms.len() - 1))
            }
            "w:lastRenderedPageBreak" => Kind::Other,
            "w:fldChar" => {
                if let Some(f) = fields.last_mut() {
                    *f += 1;
                }
                out.runs[r].only_text = false;
                mark_other(out);
                Kind::Hidden
            }
            "w:instrText" | "w:delText" => {
                out.runs[r].only_text = false;
                mark_other(out);
                Kind::Hidden
            }
            _ => {
                out.runs[r].only_text = false;
                mark_other(out);
                Kind::RunOther
            }
        },
        _ => Kind::Other,
    }
}

/// An element that opened at `start` closes at `end`.
fn close(
    out: &mut Scan,
    stack: &[Frame],
    fields: &mut Vec<u32>,
    kind: Kind,
    start: usize,
    end: usize,
) {
    match kind {
        Kind::Para(p) => {
            out.paragraphs[p].span = (start, end);
            fields.pop();
        }
        Kind::Run(r) => out.runs[r].span = (start, end),
        Kind::Text(a) => {
            let (p, i) = unpack(a);
            if let Some(atom) = out.paragraphs.get_mut(p).and_then(|p| p.atoms.get_mut(i)) {
                atom.span = (start, end);
            }
        }
        Kind::PPr => {
            if let Some(p) = current_para(stack) {
                out.paragraphs[p].ppr = Some((start, end));
            }
        }
        Kind::RPr => {
            if let Some(Frame {
                kind: Kind::Run(r), ..
            }) = stack.last()
            {
                out.runs[*r].rpr = Some((start, end));
            }
        }
        Kind::Sect(_) if stack.last().map(|f| f.kind) == Some(Kind::PPr) => {
            if let Some(p) = current_para(stack) {
                out.paragraphs[p].sect = Some((start, end));
            }
        }
        Kind::Tr(r) => out.rows[r].span = (start, end),
        Kind::Other => {
            // An empty mark among the runs: its end.
            if let Some(p) = current_para(stack) {
                if let Some(mark) = out.paragraphs[p]
                    .marks
                    .last_mut()
                    .filter(|m| m.span == (start, start))
                {
                    mark.span = (start, end);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    #[test]
    fn a_paragraph_shows_the_text_of_its_runs_in_order() {
        let xml = format!(
            r#"<w:document {W}><w:body><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>{{{{ nu</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:t xml:space="preserve">mber &amp; }}}}</w:t></w:r></w:p><w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="1440" w:right="1000" w:bottom="1440" w:left="1200" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>"#
        );
        let scan = scan(&xml).expect("scans");
        let p = &scan.paragraphs[0];
        let text: String = p.atoms.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(text, "{{ number & }}");
        assert_eq!(&xml[p.span.0..p.span.0 + 5], "<w:p>");
        assert!(xml[..p.span.1].ends_with("</w:p>"));
        let (s, e) = p.ppr.expect("pPr");
        assert_eq!(&xml[s..e], r#"<w:pPr><w:jc w:val="center"/></w:pPr>"#);
        assert_eq!(p.marks[0].kind, MarkKind::ProofErr);
        assert_eq!(
            &xml[p.marks[0].span.0..p.marks[0].span.1],
            r#"<w:proofErr w:type="spellStart"/>"#
        );
        let run = &scan.runs[p.atoms[0].run];
        assert_eq!(
            &xml[run.rpr.expect("rPr").0..run.rpr.expect("rPr").1],
            "<w:rPr><w:b/></w:rPr>"
        );
        assert!(!p.other_content);
        assert_eq!(scan.sections[0].text_width(), 16838 - 2200);
    }

    #[test]
    fn a_text_box_paragraph_is_its_own_and_its_holder_shows_more_than_text() {
        let xml = format!(
            r#"<w:hdr {W}><w:p><w:r><w:t>外</w:t></w:r><w:r><w:pict><w:txbxContent><w:p><w:r><w:t>{{{{ mark }}}}</w:t></w:r></w:p></w:txbxContent></w:pict></w:r></w:p></w:hdr>"#
        );
        let scan = scan(&xml).expect("scans");
        assert_eq!(scan.paragraphs.len(), 2);
        assert_eq!(scan.paragraphs[0].atoms.len(), 1);
        assert!(scan.paragraphs[0].other_content);
        assert_eq!(scan.paragraphs[1].atoms[0].text, "{{ mark }}");
        assert_ne!(scan.paragraphs[0].parent, scan.paragraphs[1].parent);
    }

    #[test]
    fn fields_and_cells_are_found() {
        let xml = format!(
            r#"<w:ftr {W}><w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>b</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl><w:p/></w:ftr>"#
        );
        let scan = scan(&xml).expect("scans");
        let p = &scan.paragraphs[0];
        assert_eq!(p.atoms.len(), 2);
        assert_eq!((p.atoms[0].field, p.atoms[1].field), (0, 2));
        assert_eq!(scan.rows.len(), 1);
        assert_eq!(scan.rows[0].cells.len(), 2);
        assert_eq!(scan.cells[1].paragraphs, vec![1]);
        assert_eq!(p.cell, Some(0));
        assert!(scan.paragraphs[2].cell.is_none());
        let (s, e) = scan.rows[0].span;
        assert!(xml[s..e].starts_with("<w:tr>") && xml[s..e].ends_with("</w:tr>"));
    }
}
