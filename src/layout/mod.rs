//! Laying out a composed [`Notice`] per GB/T 9704—2012 as a
//! [`LaidOut`] document: plain data for [`crate::docx`] to write.
//!
//! Every number comes from [`gbt9704`]; this module decides which element
//! gets which face, size, indent and spacing, and in which order. Nothing
//! downstream knows the standard.

pub mod flow;
pub mod gbt9704;
pub mod table;
pub mod title;
pub mod units;
pub mod widths;

use crate::compose::{AttachmentPage, Block as BodyBlock, Imprint, Notice};
use crate::document::{
    Align, Block, Cell, Colour, Defaults, Float, Font, FontId, FontKind, Footers, Indent, LaidOut,
    PageSetup, Paragraph, ParagraphProps, Place, Properties, Row, Rule, Run, RunContent, RunProps,
    Section, Spacing, TabKind, TabStop, Table, TableBorders, TextDirection,
};
use crate::job::{Fonts, Orientation};
use flow::Flow;
use gbt9704 as std9704;
use units::{Mm, Pt};

/// The language of a 公文's text, by which readers break its lines and
/// set its punctuation.
pub const LANGUAGE: &str = "zh-CN";

/// The faces the standard names; [`Fonts`] maps them to installed font names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    /// 小标宋.
    XiaoBiaoSong,
    /// 仿宋.
    FangSong,
    /// 黑体.
    HeiTi,
    /// 楷体.
    KaiTi,
    /// 宋体.
    SongTi,
}

impl Face {
    /// Every face, in the order of the document's font table.
    pub const ALL: [Face; 5] = [
        Face::FangSong,
        Face::XiaoBiaoSong,
        Face::HeiTi,
        Face::KaiTi,
        Face::SongTi,
    ];

    /// The kind of typeface it is.
    pub fn kind(self) -> FontKind {
        match self {
            Face::XiaoBiaoSong | Face::SongTi => FontKind::Song,
            Face::FangSong => FontKind::FangSong,
            Face::HeiTi => FontKind::Hei,
            Face::KaiTi => FontKind::Kai,
        }
    }

    /// The installed font name the job gives it.
    pub fn name(self, fonts: &Fonts) -> &str {
        match self {
            Face::XiaoBiaoSong => &fonts.xiaobiaosong,
            Face::FangSong => &fonts.fangsong,
            Face::HeiTi => &fonts.heiti,
            Face::KaiTi => &fonts.kaiti,
            Face::SongTi => &fonts.songti,
        }
    }
}

/// Builds the paragraphs and runs of one document, and the document's
/// font list, in which each installed name appears once.
pub struct Builder {
    fonts: Vec<Font>,
    ids: [FontId; 5],
}

impl Builder {
    /// A builder for the faces named in `fonts`.
    pub fn new(fonts: &Fonts) -> Self {
        let mut list: Vec<Font> = Vec::new();
        let ids = Face::ALL.map(|face| {
            let name = face.name(fonts);
            let at = match list.iter().position(|f| f.name == name) {
                Some(at) => at,
                None => {
                    list.push(Font {
                        name: name.to_string(),
                        kind: face.kind(),
                    });
                    list.len() - 1
                }
            };
            FontId(at)
        });
        Builder { fonts: list, ids }
    }

    /// The font of a face.
    pub fn font(&self, face: Face) -> FontId {
        let at = Face::ALL.iter().position(|f| *f == face).unwrap_or(0);
        self.ids[at]
    }

    /// Run properties of a face and size, all three font slots named (or
    /// Word takes the theme's Chinese font for the East Asian text).
    pub fn props(&self, face: Face, size: Pt) -> RunProps {
        RunProps {
            font: Some(self.font(face)),
            size: Some(size.to_half_points() as u32),
            ..RunProps::default()
        }
    }

    /// A run of text in a face and size; line breaks and tabs in the text
    /// stay line breaks and tabs.
    pub fn run(&self, text: &str, face: Face, size: Pt) -> Run {
        Run::text(text, self.props(face, size))
    }

    /// A run of 3号 text squeezed so that 28 characters fill a line; a
    /// hyphen between digits (a telephone number, 0731-28686393) does not
    /// break.
    pub fn body_run(&self, text: &str, face: Face) -> Run {
        let mut run = self.run(&unbroken_numbers(text), face, std9704::SIZE_SANHAO);
        run.props.spacing = Some(std9704::BODY_CHAR_SPACING);
        run
    }

    /// A new paragraph: exact 579-twip lines, no spacing before or after,
    /// and widow control off (with it on, renderers move single lines and
    /// pages hold 21 or 20 lines instead of 22).
    ///
    /// `snapToGrid` is off: LibreOffice moves a paragraph that follows an
    /// odd-height element (the mark, the red rule, a table) onto the next
    /// line of the document grid, Word does not. With it off, both place
    /// lines by their exact spacing alone, and the same document looks the
    /// same in both. The grid stays in the section so that Word's page set-up
    /// shows 22 lines a page.
    pub fn paragraph(&self) -> Paragraph {
        Paragraph {
            style: None,
            props: base_paragraph(),
            runs: Vec::new(),
        }
    }

    /// An empty 3号 line.
    pub fn blank_line(&self) -> Paragraph {
        self.paragraph()
    }

    /// A "— N —" page number paragraph for odd (right) or even (left) pages.
    fn page_number(&self, odd: bool) -> Paragraph {
        let props = self.props(Face::SongTi, std9704::SIZE_SIHAO);
        let indent = std9704::PAGE_NUMBER_INDENT.to_twips();
        let (line, _) = std9704::page_number_line_twips();
        let mut p = self.paragraph();
        p.props.spacing = Some(exact(line));
        p.runs = vec![
            Run::text("— ", props),
            Run {
                props,
                content: RunContent::PageNumber,
            },
            Run::text(" —", props),
        ];
        if odd {
            p.props.align = Some(Align::Right);
            p.props.indent = Some(Indent {
                right: indent,
                ..Indent::default()
            });
        } else {
            p.props.align = Some(Align::Left);
            p.props.indent = Some(Indent {
                left: indent,
                ..Indent::default()
            });
        }
        p
    }

    /// The document: its defaults, the styles its table uses, and `sections`.
    fn document(self, properties: Properties, sections: Vec<Section>) -> LaidOut {
        let defaults = Defaults {
            run: RunProps {
                colour: Some(Colour::BLACK),
                ..self.props(Face::FangSong, std9704::SIZE_SANHAO)
            },
            paragraph: base_paragraph(),
            language: LANGUAGE.to_string(),
        };
        let (styles, table_styles) = table::styles(&self);
        LaidOut {
            properties,
            fonts: self.fonts,
            defaults,
            styles,
            table_styles,
            sections,
        }
    }
}

/// `text` with each hyphen between two digits made a non-breaking hyphen
/// (U+2011), so that a telephone or document number is not broken there.
pub fn unbroken_numbers(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('-') {
        return std::borrow::Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, c) in chars.iter().enumerate() {
        let between_digits = *c == '-'
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        out.push(if between_digits { '\u{2011}' } else { *c });
    }
    std::borrow::Cow::Owned(out)
}

/// The properties every paragraph starts from (see [`Builder::paragraph`]).
fn base_paragraph() -> ParagraphProps {
    ParagraphProps {
        widow_control: Some(false),
        snap_to_grid: Some(false),
        spacing: Some(exact(std9704::LINE_PITCH_TWIPS)),
        ..ParagraphProps::default()
    }
}

/// Exact line spacing of `twips`, nothing before or after.
pub fn exact(twips: i32) -> Spacing {
    Spacing {
        before: 0,
        after: 0,
        line: twips,
    }
}

/// A paragraph block.
fn para(p: Paragraph) -> Block {
    Block::Paragraph(p)
}

/// A4 portrait, GB/T 9704 margins, a 579-twip line grid, and page numbers in
/// odd and even footers: every page the tool writes.
pub fn section(b: &Builder, blocks: Vec<Block>) -> Section {
    let (width, height) = std9704::page_size_twips();
    let (top, right, bottom, left) = std9704::margins_twips();
    let (_, footer) = std9704::page_number_line_twips();
    Section {
        page: PageSetup {
            width,
            height,
            landscape: false,
            top,
            right,
            bottom,
            left,
            header: Mm(15.0).to_twips(),
            footer,
            line_pitch: Some(std9704::LINE_PITCH_TWIPS),
        },
        footers: Footers::OddEven {
            odd: vec![para(b.page_number(true))],
            even: vec![para(b.page_number(false))],
        },
        blocks,
    }
}

/// Lays out the whole notice: 版头, 主体, the attachment, and the 版记.
pub fn layout_notice(notice: &Notice, properties: Properties) -> LaidOut {
    let b = Builder::new(&notice.fonts);
    let mut body: Vec<Paragraph> = header_block(&b, notice);
    body.extend(main_body(&b, notice));
    let body_pages = flow::paragraphs_flow(
        &body.iter().collect::<Vec<_>>(),
        std9704::type_area_width_twips(),
        std9704::TYPE_AREA_HEIGHT.to_twips(),
    )
    .pages;
    let mut blocks: Vec<Block> = body.into_iter().map(para).collect();
    let mut sections = Vec::new();
    let placed = place_attachments(&b, &notice.attachments, &mut blocks, &mut sections);
    let Some(foot) = notice.imprint.as_ref().and_then(|i| imprint(&b, i)) else {
        if !blocks.is_empty() {
            sections.push(section(&b, blocks));
        }
        return b.document(properties, sections);
    };
    // The 版记 on the last page, which is even (clause 7.4, 7.5).
    let last_page = body_pages + placed.pages;
    let free = std9704::TYPE_AREA_HEIGHT.to_twips() - placed.last_used;
    let shares = !placed.last_landscape
        && last_page % 2 == 0
        && free >= foot.height + std9704::IMPRINT_SHARE_SPARE;
    // A paragraph that starts a page, to hold the 版记's box.
    let anchor = || {
        let mut anchor = b.paragraph();
        anchor.props.page_break_before = true;
        anchor.props.spacing = Some(exact(20));
        para(anchor)
    };
    if shares {
        blocks.push(Block::Float(foot));
        sections.push(section(&b, blocks));
    } else if last_page % 2 == 1 {
        // On the next page, numbered like the others.
        if placed.last_landscape {
            sections.push(section(&b, vec![anchor(), Block::Float(foot)]));
        } else {
            blocks.push(anchor());
            blocks.push(Block::Float(foot));
            sections.push(section(&b, blocks));
        }
    } else {
        // After an even page: a blank page, then the 版记's, in a section
        // without page numbers. (LibreOffice 7.4 does not insert the blank
        // page of a section that starts on an even page, so the layout does.)
        if !blocks.is_empty() {
            sections.push(section(&b, blocks));
        }
        let mut own = section(&b, vec![para(b.blank_line()), anchor(), Block::Float(foot)]);
        own.footers = Footers::None;
        sections.push(own);
    }
    b.document(properties, sections)
}

/// Lays out attachments on their own (a section's extract).
pub fn layout_attachments(
    attachments: &[AttachmentPage],
    fonts: &Fonts,
    properties: Properties,
) -> LaidOut {
    let b = Builder::new(fonts);
    let mut blocks = Vec::new();
    let mut sections = Vec::new();
    place_attachments(&b, attachments, &mut blocks, &mut sections);
    if !blocks.is_empty() {
        sections.push(section(&b, blocks));
    }
    b.document(properties, sections)
}

/// Where the attachments end, for the 版记.
struct Placed {
    /// Their pages, together.
    pages: usize,
    /// The height used on the last page.
    last_used: i32,
    /// Whether the last page is turned.
    last_landscape: bool,
}

/// Lays each attachment out on pages of its own after `blocks`: an upright
/// one continues `blocks`, a turned one closes them into an upright
/// section and takes a section of its own. `blocks` is left holding what
/// the last upright section still takes.
fn place_attachments(
    b: &Builder,
    attachments: &[AttachmentPage],
    blocks: &mut Vec<Block>,
    sections: &mut Vec<Section>,
) -> Placed {
    let mut placed = Placed {
        pages: 0,
        last_used: 0,
        last_landscape: false,
    };
    for (i, page) in attachments.iter().enumerate() {
        let label = match attachments.len() {
            1 => std9704::ATTACHMENT_LABEL.to_string(),
            _ => format!("{}{}", std9704::ATTACHMENT_LABEL, i + 1),
        };
        let laid = attachment(b, page, &label);
        placed.pages += laid.flow.pages;
        placed.last_used = laid.flow.last_used;
        placed.last_landscape = laid.landscape;
        if laid.landscape {
            if !blocks.is_empty() {
                sections.push(section(b, std::mem::take(blocks)));
            }
            sections.push(landscape_section(b, laid.blocks));
        } else {
            blocks.extend(laid.blocks);
        }
    }
    placed
}

/// A landscape section for a table too wide for upright pages (clause 8,
/// 横排表格): A4 turned, the type area turned with it (225 × 156 mm), and
/// the page numbers where they are on the upright pages once the sheet is
/// turned back: in the left margin, reading up the page, at the right
/// (odd pages) or left (even pages) of what was the upright type area.
///
/// A turned page's top is the upright page's left edge, its left the
/// upright page's bottom: the table's head faces the binding edge on odd
/// pages and the cut edge on even pages, as the standard asks.
pub fn landscape_section(b: &Builder, blocks: Vec<Block>) -> Section {
    let (upright_w, upright_h) = std9704::page_size_twips();
    let (top, right, bottom, left) = std9704::margins_twips();
    let (line, footer) = std9704::page_number_line_twips();
    let number = |odd: bool| {
        Block::Float(Float {
            // The upright number line's bottom is `footer` above the page's
            // bottom edge, which is now the left edge.
            x: Place::FromPage(footer),
            // Along what was the upright type area's width.
            y: Place::FromPage(left),
            width: line,
            height: std9704::type_area_width_twips(),
            direction: TextDirection::Clockwise,
            wrap: false,
            blocks: vec![para(b.page_number(odd))],
        })
    };
    Section {
        page: PageSetup {
            width: upright_h,
            height: upright_w,
            landscape: true,
            top: left,
            right: top,
            bottom: right,
            left: bottom,
            header: Mm(15.0).to_twips(),
            footer: Mm(15.0).to_twips(),
            line_pitch: Some(std9704::LINE_PITCH_TWIPS),
        },
        footers: Footers::OddEven {
            odd: vec![number(true)],
            even: vec![number(false)],
        },
        blocks,
    }
}

/// The 版头: red mark, 发文字号, red separator line (clause 7.2).
fn header_block(b: &Builder, notice: &Notice) -> Vec<Paragraph> {
    let mut out = Vec::new();
    // 份号, 密级和保密期限, 紧急程度: flush left at the top of the type
    // area, one a line in that order (clause 7.2.1–7.2.3).
    let marks = [
        (&notice.copy_number, Face::FangSong),
        (&notice.secrecy, Face::HeiTi),
        (&notice.urgency, Face::HeiTi),
    ];
    let mut above = 0;
    for (text, face) in marks {
        let Some(text) = text else { continue };
        let mut p = b.paragraph();
        p.props.align = Some(Align::Left);
        p.props.spacing = Some(exact(std9704::ELEMENT_LINE_TWIPS));
        p.runs.push(b.body_run(text, face));
        out.push(p);
        above += std9704::ELEMENT_LINE_TWIPS;
    }
    let (size, scale) = fit_mark(&notice.mark);
    let mut mark_run = b.run(&notice.mark, Face::XiaoBiaoSong, size);
    mark_run.props.colour = Some(Colour::RED);
    mark_run.props.scale = Some(scale as u32);
    let (line, before) = std9704::mark_line_twips(size);
    let mut mark = b.paragraph();
    mark.props.align = Some(Align::Centre);
    // The mark's top stays 35 mm below the type area's, under those lines.
    mark.props.spacing = Some(Spacing {
        before: (before - above).max(0),
        ..exact(line)
    });
    mark.runs.push(mark_run);
    out.push(mark);
    for _ in 0..std9704::BLANK_LINES_BELOW_MARK {
        out.push(b.blank_line());
    }
    // The red line is the number paragraph's bottom border: it spans the
    // type area exactly and cannot drift away from the number.
    let mut number = b.paragraph();
    number.props.bottom_rule = Some(Rule {
        eighths: std9704::RULE_THICKNESS.to_eighths() as u32,
        colour: Colour::RED,
        space_pt: std9704::rule_space_pt() as u32,
    });
    match &notice.signer {
        None => {
            number.props.align = Some(Align::Centre);
            number.runs.push(b.body_run(&notice.number, Face::FangSong));
        }
        Some(signer) => {
            // An upward document (clause 7.2.5): the 发文字号 1 字 from the
            // left and 签发人：name 1 字 from the right on the same line, the
            // name in 楷体. Tab stops place both, so that the rule below
            // still spans the type area.
            let one = std9704::ONE_CHAR.to_twips();
            number.props.align = Some(Align::Left);
            number.props.tabs = vec![
                TabStop {
                    kind: TabKind::Left,
                    position: one,
                },
                TabStop {
                    kind: TabKind::Right,
                    position: std9704::type_area_width_twips() - one,
                },
            ];
            number.runs.push(b.body_run(
                &format!("\t{}\t{}", notice.number, std9704::SIGNER_LABEL),
                Face::FangSong,
            ));
            number.runs.push(b.body_run(signer, Face::KaiTi));
        }
    }
    out.push(number);
    out
}

/// Chooses the mark's size and character scaling so it stays on one line:
/// the preferred size, narrowed down to [`std9704::MARK_MIN_SCALE`] percent,
/// then a smaller size.
pub fn fit_mark(mark: &str) -> (Pt, i32) {
    let width_pt = std9704::type_area_width_twips() as f64 / 20.0;
    let ems: f64 = mark.chars().map(char_em_width).sum::<f64>().max(1.0);
    let size = std9704::MARK_SIZE.0;
    let scale = (width_pt / (ems * size) * 100.0).floor() as i32;
    if scale >= 100 {
        (std9704::MARK_SIZE, 100)
    } else if scale >= std9704::MARK_MIN_SCALE {
        (std9704::MARK_SIZE, scale)
    } else {
        let min = std9704::MARK_MIN_SCALE as f64 / 100.0;
        let fitted = (width_pt / (ems * min)).floor().max(8.0);
        (Pt(fitted), std9704::MARK_MIN_SCALE)
    }
}

/// Width of a character in ems: 1 for CJK and full-width, ½ for half-width.
pub fn char_em_width(c: char) -> f64 {
    if c.is_ascii() || ('\u{FF61}'..='\u{FFDC}').contains(&c) {
        0.5
    } else {
        1.0
    }
}

/// Width of a text in 3号 字 (half-width characters count ½).
pub fn text_ems(text: &str) -> f64 {
    text.chars().map(char_em_width).sum()
}

/// The 主体: title, 主送机关, 正文, 附件说明, 署名, 成文日期, 附注 (clause 7.3).
fn main_body(b: &Builder, notice: &Notice) -> Vec<Paragraph> {
    let mut out = Vec::new();
    for _ in 0..std9704::BLANK_LINES_BELOW_RULE {
        out.push(b.blank_line());
    }
    let title = title_lines(&notice.title, std9704::type_area_width_twips()).join("\n");
    let mut p = b.paragraph();
    p.props.align = Some(Align::Centre);
    p.props.keep_next = true;
    p.runs
        .push(b.run(&title, Face::XiaoBiaoSong, std9704::SIZE_ERHAO));
    out.push(p);
    for _ in 0..std9704::BLANK_LINES_BELOW_TITLE {
        out.push(b.blank_line());
    }
    let mut recipients = b.paragraph();
    recipients.props.align = Some(Align::Both);
    recipients
        .runs
        .push(b.body_run(&notice.recipients, Face::FangSong));
    out.push(recipients);

    let indent = paragraph_indent();
    let body_len = notice.body.len();
    for (i, block) in notice.body.iter().enumerate() {
        let mut p = b.paragraph();
        p.props.align = Some(Align::Both);
        p.props.indent = Some(Indent {
            first_line: indent,
            ..Indent::default()
        });
        match block {
            BodyBlock::Paragraph(text) => p.runs.push(b.body_run(text, Face::FangSong)),
            BodyBlock::Heading { level, lead, rest } => {
                let face = match level {
                    1 => Face::HeiTi,
                    2 => Face::KaiTi,
                    _ => Face::FangSong,
                };
                p.runs.push(b.body_run(lead, face));
                if rest.is_empty() {
                    // A standalone heading stays with the paragraph it heads.
                    p.props.keep_next = true;
                } else {
                    p.runs.push(b.body_run(rest, Face::FangSong));
                }
            }
        }
        if i + 1 == body_len {
            // The last body lines stay on the page of the signature.
            p.props.keep_next = true;
            p.props.keep_lines = true;
        }
        out.push(p);
    }

    // 附件说明, clause 7.3.4: 附件：name, wrapped lines under the name;
    // several are numbered 1. 2. …, each number under the one above.
    for _ in 0..std9704::BLANK_LINES_BEFORE_ATTACHMENT_NOTE {
        out.push(kept_with_next(b.blank_line()));
    }
    let twips = |text: &str| (text_ems(text) * std9704::ONE_CHAR.to_twips() as f64).round() as i32;
    let label = std9704::ATTACHMENT_NOTE_LABEL;
    let hang = twips(label);
    let count = notice.attachments.len();
    let number = |i: usize| {
        if count > 1 {
            format!("{}.", i + 1)
        } else {
            String::new()
        }
    };
    // The widest number, so that every name starts in one column.
    let number_hang = twips(&number(count.saturating_sub(1)));
    for (i, page) in notice.attachments.iter().enumerate() {
        let mut note = b.paragraph();
        note.props.align = Some(Align::Both);
        let lead = if i == 0 {
            hang + number_hang
        } else {
            number_hang
        };
        note.props.indent = Some(Indent {
            left: indent + hang + number_hang,
            right: 0,
            first_line: -lead,
        });
        note.props.keep_next = true;
        note.props.keep_lines = true;
        let label = if i == 0 { label } else { "" };
        note.runs.push(b.body_run(
            &format!("{label}{}{}", number(i), page.title),
            Face::FangSong,
        ));
        out.push(note);
    }

    out.extend(signature_block(b, notice));
    out
}

/// `p`, kept on the page of the paragraph after it.
fn kept_with_next(mut p: Paragraph) -> Paragraph {
    p.props.keep_next = true;
    p
}

/// The lines of a 2号 title: as the job gave them, or broken into a
/// trapezoid or diamond when it gave one string too long for a line.
fn title_lines(lines: &[String], width: i32) -> Vec<String> {
    match lines {
        [one] => title::break_title(one, title_max_ems(width)),
        many => many.to_vec(),
    }
}

/// The lines of a title given as lines (more than one) that are wider than
/// the type area at 2号, so that Word would wrap them: their indexes.
pub fn title_lines_too_wide(lines: &[String]) -> Vec<usize> {
    if lines.len() < 2 {
        return Vec::new();
    }
    let max = std9704::type_area_width_twips() as f64 / std9704::SIZE_ERHAO.to_twips() as f64;
    lines
        .iter()
        .enumerate()
        .filter(|(_, line)| line.chars().map(widths::cell_char_width).sum::<f64>() > max)
        .map(|(i, _)| i)
        .collect()
}

/// How many 2号 ems a title line `width` twips wide may hold, with half an
/// em to spare for renderers that set digits wider than half an em.
fn title_max_ems(width: i32) -> f64 {
    (width as f64 / std9704::SIZE_ERHAO.to_twips() as f64).floor() - 0.5
}

/// First-line indent of body paragraphs: 2 字 of 3号.
fn paragraph_indent() -> i32 {
    std9704::PARAGRAPH_INDENT_CHARS * std9704::ONE_CHAR.to_twips()
}

/// 署名 and 成文日期 without a seal (clause 7.3.5.2), then the 附注.
fn signature_block(b: &Builder, notice: &Notice) -> Vec<Paragraph> {
    let mut out = Vec::new();
    for _ in 0..std9704::BLANK_LINES_BEFORE_SIGNATURE {
        out.push(kept_with_next(b.blank_line()));
    }
    // A line anchored on the right is set flush right, so that its right
    // space is exact whatever the glyphs' widths. The lines take no extra
    // space between digits and Chinese, so that the estimated widths hold.
    let (sig_at, date_at) = signature_positions(&notice.signature, &notice.date);
    let line = |at: Anchor, text: &str, keep_next: bool| {
        let mut p = b.paragraph();
        let (align, left, right) = match at {
            // A negative right indent lets a line run slightly into the
            // margin rather than wrap when a renderer sets it wider.
            Anchor::Left(left) => (Align::Left, left, -std9704::ONE_CHAR.to_twips() * 2),
            Anchor::Right(right) => (Align::Right, 0, right),
        };
        p.props.align = Some(align);
        p.props.indent = Some(Indent {
            left,
            right,
            first_line: 0,
        });
        p.props.auto_space = Some(false);
        p.props.keep_next = keep_next;
        p.runs.push(b.body_run(text, Face::FangSong));
        p
    };
    out.push(line(sig_at, &notice.signature, true));
    out.push(line(date_at, &notice.date, notice.note.is_some()));
    if let Some(note) = &notice.note {
        let mut p = b.paragraph();
        p.props.align = Some(Align::Both);
        p.props.indent = Some(Indent {
            left: paragraph_indent(),
            ..Indent::default()
        });
        p.runs
            .push(b.body_run(&format!("（{note}）"), Face::FangSong));
        out.push(p);
    }
    out
}

/// Where a line of the 落款 is placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// Its first character this many twips from the left edge.
    Left(i32),
    /// Its last character this many twips from the right edge.
    Right(i32),
}

/// Where the 署名 and the date go (clause 7.3.5.2): the 署名 ends 2 字 from
/// the right edge and the date starts 2 字 right of the 署名's first
/// character; when the date is longer than the 署名, the date ends 2 字 from
/// the right instead and the 署名's right space grows to keep the 2 字 shift.
///
/// The line that sets the rule is anchored on its side, the other placed
/// from it: a 署名 is Chinese, so its width is known; a date holds digits,
/// estimated at half a 字 each as in 仿宋_GB2312 (a renderer's substitute may
/// set them wider, moving only the 署名 of a date longer than it).
pub fn signature_positions(signature: &str, date: &str) -> (Anchor, Anchor) {
    let width = std9704::type_area_width_twips();
    let ch = std9704::body_char_width_twips();
    let right = std9704::SIGNATURE_RIGHT_CHARS * ch;
    let shift = std9704::DATE_SHIFT_CHARS * ch;
    let sig_w = (text_ems(signature) * ch as f64).round() as i32;
    let date_w = (text_ems(date) * ch as f64).round() as i32;
    if date_w <= sig_w {
        let sig_left = (width - right - sig_w).max(0);
        (Anchor::Left(sig_left), Anchor::Left(sig_left + shift))
    } else {
        let sig_left = (width - right - date_w - shift).max(0);
        (Anchor::Left(sig_left), Anchor::Right(right))
    }
}

/// The attachment laid out: its blocks, whether its pages are turned, and
/// how its table runs over them.
struct AttachmentLayout {
    blocks: Vec<Block>,
    landscape: bool,
    flow: Flow,
}

/// The attachment on a new page: 附件 on line 1 in 黑体, the title on line 3,
/// a blank line, then the table (GB/T 9704 clause 8). Turned (横排) when the
/// job asks, or with `auto` when that saves a page or keeps short values on
/// one line where upright pages cannot.
fn attachment(b: &Builder, page: &AttachmentPage, label_text: &str) -> AttachmentLayout {
    let upright = table::Area {
        width: std9704::type_area_width_twips(),
        height: std9704::TYPE_AREA_HEIGHT.to_twips(),
    };
    let turned = table::Area {
        width: upright.height,
        height: upright.width,
    };
    // Every cell measured once; the table planned for each way up it may
    // be turned, and made once.
    let measured = table::measure(page);
    let lay = |area: table::Area| {
        let lines = title_lines(std::slice::from_ref(&page.title), area.width);
        // Above the table on its first page: 附件, a blank line, the title,
        // a blank line.
        let start = (3 + lines.len() as i32) * std9704::LINE_PITCH_TWIPS;
        let plan = table::plan_table(page, &measured, area);
        let flow = plan.flow.flow(start);
        (lines, plan, flow)
    };
    let ((lines, plan, flow), landscape) = match page.orientation {
        Orientation::Portrait => (lay(upright), false),
        Orientation::Landscape => (lay(turned), true),
        Orientation::Auto => {
            let portrait = lay(upright);
            let turned = lay(turned);
            if (!portrait.1.short_values_fit && turned.1.short_values_fit)
                || turned.2.pages < portrait.2.pages
            {
                (turned, true)
            } else {
                (portrait, false)
            }
        }
    };
    let laid = table::build_table(page, plan);
    let mut blocks = Vec::new();
    let mut label = b.paragraph();
    label.props.align = Some(Align::Left);
    label.props.page_break_before = true;
    label.runs.push(b.body_run(label_text, Face::HeiTi));
    blocks.push(para(label));
    blocks.push(para(b.blank_line()));
    // Not kept with the table: the attachment starts a page, so the title
    // is always on the page the table starts on, and LibreOffice does not
    // split a row on the page of a paragraph kept with its table.
    let mut title = b.paragraph();
    title.props.align = Some(Align::Centre);
    title
        .runs
        .push(b.run(&lines.join("\n"), Face::XiaoBiaoSong, std9704::SIZE_ERHAO));
    blocks.push(para(title));
    // A line of space between the title and the table.
    blocks.push(para(b.blank_line()));
    blocks.push(Block::Table(laid.table));
    AttachmentLayout {
        blocks,
        landscape,
        flow,
    }
}

/// The 版记 (clause 7.4): 抄送 and 印发 lines between rules as wide as the
/// type area, its last rule on the bottom edge of the type area of the last
/// page. Rules: the first and last 0.35 mm, the one between 0.25 mm; 4号仿宋,
/// 1 字 in on each side.
///
/// The lines are the rows of a one-column table, so that the rules span the
/// type area while the text keeps its 1 字 indents (a paragraph border spans
/// only the paragraph's indents). The table is set at the foot of the type
/// area ([`Float::at_foot`], a text box anchored to the bottom margin), so
/// that its last rule is on the type area's bottom edge however far the
/// text above runs. (LibreOffice 7.4 ignores the bottom anchoring of a
/// floating table, `w:tblpPr`, but honours a text box's.) `None` when the
/// 版记 has nothing to say.
fn imprint(b: &Builder, imprint: &Imprint) -> Option<Float> {
    let size = std9704::SIZE_SIHAO;
    let one = size.to_twips();
    let width = std9704::type_area_width_twips();
    let line = (size.to_twips() as f64 * std9704::TALL_LINE_EMS).round() as i32;
    let outer = std9704::IMPRINT_OUTER_RULE.to_eighths() as u32;
    let inner = std9704::IMPRINT_INNER_RULE.to_eighths() as u32;
    let cc_label = "抄送：";
    let cc_hang = (text_ems(cc_label) * one as f64).round() as i32;
    let mut paragraphs = Vec::new();
    let mut lines = 0;
    if !imprint.cc.is_empty() {
        let text = format!("{cc_label}{}。", imprint.cc.join("，"));
        let avail = (width - 2 * one - cc_hang) as f64;
        lines += ((text_ems(&text) * one as f64 - cc_hang as f64) / avail)
            .ceil()
            .max(1.0) as i32;
        // Wrapped lines align after the colon.
        let mut p = b.paragraph();
        p.props.spacing = Some(exact(line));
        p.props.indent = Some(Indent {
            left: one + cc_hang,
            right: one,
            first_line: -cc_hang,
        });
        p.runs.push(b.run(&text, Face::FangSong, size));
        paragraphs.push(p);
    }
    if imprint.printer.is_some() || imprint.printed.is_some() {
        let printed = imprint
            .printed
            .as_deref()
            .map(|d| format!("{d}印发"))
            .unwrap_or_default();
        let text = format!("{}\t{printed}", imprint.printer.as_deref().unwrap_or(""));
        lines += 1;
        // The printing date ends 1 字 from the right: a right tab stop
        // (tab positions count from the margin, not the indent).
        let mut p = b.paragraph();
        p.props.spacing = Some(exact(line));
        p.props.indent = Some(Indent {
            left: one,
            right: one,
            first_line: 0,
        });
        p.props.tabs = vec![TabStop {
            kind: TabKind::Right,
            position: width - one,
        }];
        p.runs.push(b.run(&text, Face::FangSong, size));
        paragraphs.push(p);
    }
    if paragraphs.is_empty() {
        return None;
    }
    let rows: Vec<Row> = paragraphs
        .into_iter()
        .map(|p| Row {
            cant_split: true,
            cells: vec![Cell::new(p)],
        })
        .collect();
    let rule = |eighths| {
        Some(Rule {
            eighths,
            colour: Colour::BLACK,
            space_pt: 0,
        })
    };
    let rules = rows.len() as i32 + 1;
    let table = Table {
        style: None,
        grid: vec![width],
        indent: 0,
        borders: TableBorders {
            top: rule(outer),
            bottom: rule(outer),
            inside_h: rule(inner),
            ..TableBorders::default()
        },
        cell_padding: Some((0, 0)),
        header_rows: Vec::new(),
        rows,
    };
    // The table's height: its lines and its rules.
    let rule_twips =
        2 * Pt(outer as f64 / 8.0).to_twips() + (rules - 2) * Pt(inner as f64 / 8.0).to_twips();
    Some(Float::at_foot(
        width,
        lines * line + rule_twips,
        vec![Block::Table(table)],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_mark_is_narrowed_not_wrapped() {
        let (size, scale) = fit_mark("株洲市发展和改革委员会文件");
        assert_eq!(size, std9704::MARK_SIZE);
        assert!((70..100).contains(&scale), "{scale}");
        assert!(13.0 * size.0 * scale as f64 / 100.0 <= 442.2);
    }

    #[test]
    fn a_very_long_mark_gets_a_smaller_size() {
        let (size, scale) = fit_mark("中华人民共和国国家发展和改革委员会办公厅文件");
        assert_eq!(scale, std9704::MARK_MIN_SCALE);
        assert!(size.0 < std9704::MARK_SIZE.0);
        assert!(22.0 * size.0 * 0.7 <= 442.2);
    }

    #[test]
    fn a_telephone_number_does_not_break_at_its_hyphen() {
        assert_eq!(
            unbroken_numbers("电话：0731-28686393"),
            "电话：0731\u{2011}28686393"
        );
        assert_eq!(unbroken_numbers("A-B 1 - 2"), "A-B 1 - 2");
        assert!(matches!(
            unbroken_numbers("无"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn a_short_mark_keeps_its_size() {
        assert_eq!(fit_mark("某某市政府文件"), (std9704::MARK_SIZE, 100));
    }

    #[test]
    fn the_date_starts_two_characters_right_of_the_signature() {
        let ch = std9704::body_char_width_twips();
        let (sig, date) = signature_positions("株洲市发展和改革委员会", "2016年8月30日");
        let Anchor::Left(sig) = sig else {
            panic!("{sig:?}")
        };
        assert_eq!(date, Anchor::Left(sig + 2 * ch));
        assert_eq!(sig + 11 * ch, std9704::type_area_width_twips() - 2 * ch);
    }

    #[test]
    fn a_date_longer_than_the_signature_ends_two_characters_from_the_right() {
        let ch = std9704::body_char_width_twips();
        for sig in ["办公室", "湘阴县教育局", "某某市某某局"] {
            let date = "2016年12月30日";
            assert!(text_ems(date) > text_ems(sig));
            let (sig_at, date_at) = signature_positions(sig, date);
            assert_eq!(date_at, Anchor::Right(2 * ch), "{sig}");
            let date_w = (text_ems(date) * ch as f64).round() as i32;
            let date_left = std9704::type_area_width_twips() - 2 * ch - date_w;
            assert_eq!(sig_at, Anchor::Left(date_left - 2 * ch), "{sig}");
        }
    }
}
