//! Laying out a composed [`Notice`] per GB/T 9704—2012 as a docx-rs document.
//!
//! Every number comes from [`gbt9704`]; this module decides which element
//! gets which font, size, indent and spacing, and in which order. Packing the
//! document into a file is [`crate::package`]'s job.

pub mod gbt9704;
pub mod rows;
pub mod table;
pub mod title;
pub mod units;

use crate::compose::{AttachmentPage, Block, Imprint, Notice};
use crate::job::Fonts;
use docx_rs::{
    AlignmentType, BreakType, DocGrid, DocGridType, Docx, FieldCharType, Footer, InstrPAGE,
    InstrText, LineSpacing, LineSpacingType, PageMargin, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, SpecialIndentType, Tab, TabValueType,
};
use docx_rs::{
    BorderType, CellMargins, Table, TableBorder, TableBorderPosition, TableCell, TableLayoutType,
    TableRow, WidthType,
};
use gbt9704 as std9704;
use units::{Mm, Pt};

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

/// Builds paragraphs and runs for one document.
///
/// docx-rs numbers paragraphs (`w14:paraId`) from a thread-local counter,
/// so a document's bytes would depend on what else its thread built before.
/// Every paragraph gets its id from this builder's own counter instead.
pub struct Builder<'a> {
    fonts: &'a Fonts,
    next_id: u32,
}

impl<'a> Builder<'a> {
    /// A builder whose paragraph ids start at 1.
    pub fn new(fonts: &'a Fonts) -> Self {
        Builder { fonts, next_id: 0 }
    }

    /// A new paragraph with the next id, exact 579-twip lines, no spacing
    /// before or after, and widow control off (with it on, renderers move
    /// single lines and pages hold 21 or 20 lines instead of 22).
    ///
    /// `snapToGrid` is off: LibreOffice moves a paragraph that follows an
    /// odd-height element (the mark, the red rule, a table) onto the next
    /// line of the document grid, Word does not. With it off, both place
    /// lines by their exact spacing alone, and the same document looks the
    /// same in both. The grid stays in the section so that Word's page set-up
    /// shows 22 lines a page.
    pub fn paragraph(&mut self) -> Paragraph {
        let id = self.take_id();
        paragraph_with_id(format!("{id:08X}"))
    }

    /// Takes the next paragraph id, for a paragraph written without
    /// docx-rs (see [`rows`]); it is written as eight hex digits.
    pub fn take_id(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id
    }

    /// The `w:rFonts` of a face: ascii, hAnsi and eastAsia all named, or
    /// Word takes the theme's Chinese font for the East Asian text.
    pub fn fonts(&self, face: Face) -> RunFonts {
        let name = match face {
            Face::XiaoBiaoSong => &self.fonts.xiaobiaosong,
            Face::FangSong => &self.fonts.fangsong,
            Face::HeiTi => &self.fonts.heiti,
            Face::KaiTi => &self.fonts.kaiti,
            Face::SongTi => &self.fonts.songti,
        };
        RunFonts::new()
            .ascii(name.as_str())
            .hi_ansi(name.as_str())
            .east_asia(name.as_str())
            .cs(name.as_str())
    }

    /// A run of text in a face and size. Line breaks in the text become
    /// `w:br`, tabs `w:tab` (docx-rs would drop them silently).
    pub fn run(&self, text: &str, face: Face, size: Pt) -> Run {
        let mut run = Run::new()
            .fonts(self.fonts(face))
            .size(size.to_half_points())
            .color("000000");
        for piece in run_pieces(text) {
            run = match piece {
                RunPiece::Text(text) => run.add_text(text),
                RunPiece::Break => run.add_break(BreakType::TextWrapping),
                RunPiece::Tab => run.add_tab(),
            };
        }
        run
    }

    /// A run of 3号 text squeezed so that 28 characters fill a line.
    pub fn body_run(&self, text: &str, face: Face) -> Run {
        self.run(text, face, std9704::SIZE_SANHAO)
            .character_spacing(std9704::BODY_CHAR_SPACING)
    }

    /// An empty 3号 line.
    pub fn blank_line(&mut self) -> Paragraph {
        let run = self.body_run("", Face::FangSong);
        self.paragraph().add_run(run)
    }

    /// A "— N —" page number paragraph for odd (right) or even (left) pages.
    fn page_number(&mut self, odd: bool) -> Paragraph {
        let face = Face::SongTi;
        let size = std9704::SIZE_SIHAO;
        let indent = std9704::PAGE_NUMBER_INDENT.to_twips();
        let (line, _) = std9704::page_number_line_twips();
        let p = self
            .paragraph()
            .line_spacing(exact(line))
            .add_run(self.run("— ", face, size))
            .add_run(
                self.run("", face, size)
                    .add_field_char(FieldCharType::Begin, false),
            )
            .add_run(
                self.run("", face, size)
                    .add_instr_text(InstrText::PAGE(InstrPAGE::new())),
            )
            .add_run(
                self.run("", face, size)
                    .add_field_char(FieldCharType::Separate, false),
            )
            .add_run(self.run("1", face, size))
            .add_run(
                self.run("", face, size)
                    .add_field_char(FieldCharType::End, false),
            )
            .add_run(self.run(" —", face, size));
        if odd {
            p.align(AlignmentType::Right)
                .indent(None, None, Some(indent), None)
        } else {
            p.align(AlignmentType::Left)
                .indent(Some(indent), None, None, None)
        }
    }
}

/// A piece of a run's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunPiece<'a> {
    /// Text, never empty.
    Text(&'a str),
    /// A line break (`w:br`).
    Break,
    /// A tab (`w:tab`).
    Tab,
}

/// The pieces of a run holding `text`: each line break becomes a
/// [`RunPiece::Break`] (a carriage return before it is dropped), each tab a
/// [`RunPiece::Tab`], and the text between them pieces of text. The one rule
/// for [`Builder::run`] and for the table rows written directly
/// ([`rows`]).
pub fn run_pieces(text: &str) -> impl Iterator<Item = RunPiece<'_>> {
    text.split('\n').enumerate().flat_map(|(i, line)| {
        let line_break = (i > 0).then_some(RunPiece::Break);
        let pieces = line
            .trim_end_matches('\r')
            .split('\t')
            .enumerate()
            .flat_map(|(j, piece)| {
                let tab = (j > 0).then_some(RunPiece::Tab);
                let text = (!piece.is_empty()).then_some(RunPiece::Text(piece));
                tab.into_iter().chain(text)
            });
        line_break.into_iter().chain(pieces)
    })
}

/// A paragraph as [`Builder::paragraph`] makes it, with the id given.
fn paragraph_with_id(id: String) -> Paragraph {
    Paragraph::new()
        .id(id)
        .widow_control(false)
        .snap_to_grid(false)
        .line_spacing(exact(std9704::LINE_PITCH_TWIPS))
}

/// Exact line spacing of `twips`, nothing before or after.
pub fn exact(twips: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(twips)
        .before(0)
        .after(0)
}

/// A4 page, GB/T 9704 margins, a 579-twip line grid, and page numbers in
/// odd and even footers. Every document the tool writes starts here.
pub fn page_setup(b: &mut Builder<'_>) -> Docx {
    let (w, h) = std9704::page_size_twips();
    let (top, right, bottom, left) = std9704::margins_twips();
    let (_, footer) = std9704::page_number_line_twips();
    let mut docx = Docx::new()
        .page_size(w as u32, h as u32)
        .page_margin(
            PageMargin::new()
                .top(top)
                .right(right)
                .bottom(bottom)
                .left(left)
                .header(Mm(15.0).to_twips())
                .footer(footer)
                .gutter(0),
        )
        .default_fonts(b.fonts(Face::FangSong))
        .default_size(std9704::SIZE_SANHAO.to_half_points())
        .default_line_spacing(exact(std9704::LINE_PITCH_TWIPS))
        .footer(Footer::new().add_paragraph(b.page_number(true)))
        .even_footer(Footer::new().add_paragraph(b.page_number(false)));
    docx.document = docx.document.doc_grid(
        DocGrid::new()
            .grid_type(DocGridType::Lines)
            .line_pitch(std9704::LINE_PITCH_TWIPS as usize),
    );
    docx
}

/// A laid-out document: docx-rs's document, and the body rows of the
/// attachment table already written as WordprocessingML (see [`rows`]).
///
/// The rows belong after the header row of the document's first table,
/// which is the attachment table; [`crate::package::to_bytes`] puts them
/// there.
pub struct Document {
    /// Everything but the attachment table's body rows.
    pub docx: Docx,
    /// The `<w:tr>` elements of the attachment table's body.
    pub table_rows: String,
}

/// Lays out the whole notice: 版头, 主体, the attachment, and the 版记.
pub fn layout_notice(notice: &Notice) -> Document {
    let mut b = Builder::new(&notice.fonts);
    let mut docx = page_setup(&mut b);
    for p in header_block(&mut b, notice) {
        docx = docx.add_paragraph(p);
    }
    for p in main_body(&mut b, notice) {
        docx = docx.add_paragraph(p);
    }
    let (mut docx, table_rows) = add_attachment(&mut b, docx, &notice.attachment);
    if let Some(imprint) = &notice.imprint {
        docx = add_imprint(&mut b, docx, imprint);
    }
    Document { docx, table_rows }
}

/// Lays out an attachment on its own (a section's extract).
pub fn layout_attachment(attachment: &AttachmentPage, fonts: &Fonts) -> Document {
    let mut b = Builder::new(fonts);
    let docx = page_setup(&mut b);
    let (docx, table_rows) = add_attachment(&mut b, docx, attachment);
    Document { docx, table_rows }
}

/// The 版头: red mark, 发文字号, red separator line (clause 7.2).
fn header_block(b: &mut Builder<'_>, notice: &Notice) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let (size, scale) = fit_mark(&notice.mark);
    let mark_run = b
        .run(&notice.mark, Face::XiaoBiaoSong, size)
        .color(std9704::RED)
        .stretch(scale);
    let (line, before) = std9704::mark_line_twips(size);
    let mark = b
        .paragraph()
        .align(AlignmentType::Center)
        .line_spacing(exact(line).before(before as u32))
        .add_run(mark_run);
    out.push(mark);
    for _ in 0..std9704::BLANK_LINES_BELOW_MARK {
        out.push(b.blank_line());
    }
    // The red line is the number paragraph's bottom border: it spans the
    // type area exactly and cannot drift away from the number.
    let rule = ParagraphBorder::new(ParagraphBorderPosition::Bottom)
        .color(std9704::RED)
        .size(std9704::RULE_THICKNESS.to_eighths())
        .space(std9704::rule_space_pt());
    let mut number = b
        .paragraph()
        .align(AlignmentType::Center)
        .add_run(b.body_run(&notice.number, Face::FangSong));
    number.property = number
        .property
        .set_borders(ParagraphBorders::with_empty().set(rule));
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
fn main_body(b: &mut Builder<'_>, notice: &Notice) -> Vec<Paragraph> {
    let mut out = Vec::new();
    for _ in 0..std9704::BLANK_LINES_BELOW_RULE {
        out.push(b.blank_line());
    }
    let title = title_lines(&notice.title).join("\n");
    let run = b.run(&title, Face::XiaoBiaoSong, std9704::SIZE_ERHAO);
    out.push(
        b.paragraph()
            .align(AlignmentType::Center)
            .keep_next(true)
            .add_run(run),
    );
    for _ in 0..std9704::BLANK_LINES_BELOW_TITLE {
        out.push(b.blank_line());
    }
    let recipients = b.body_run(&notice.recipients, Face::FangSong);
    out.push(b.paragraph().align(AlignmentType::Both).add_run(recipients));

    let indent = paragraph_indent();
    let body_len = notice.body.len();
    for (i, block) in notice.body.iter().enumerate() {
        let mut p = b.paragraph().align(AlignmentType::Both).indent(
            None,
            Some(SpecialIndentType::FirstLine(indent)),
            None,
            None,
        );
        match block {
            Block::Paragraph(text) => p = p.add_run(b.body_run(text, Face::FangSong)),
            Block::Heading { level, lead, rest } => {
                let face = match level {
                    1 => Face::HeiTi,
                    2 => Face::KaiTi,
                    _ => Face::FangSong,
                };
                p = p.add_run(b.body_run(lead, face));
                if rest.is_empty() {
                    // A standalone heading stays with the paragraph it heads.
                    p = p.keep_next(true);
                } else {
                    p = p.add_run(b.body_run(rest, Face::FangSong));
                }
            }
        }
        if i + 1 == body_len {
            // The last body lines stay on the page of the signature.
            p = p.keep_next(true).keep_lines(true);
        }
        out.push(p);
    }

    // 附件说明, clause 7.3.4: 附件：name, wrapped lines under the name.
    for _ in 0..std9704::BLANK_LINES_BEFORE_ATTACHMENT_NOTE {
        out.push(b.blank_line().keep_next(true));
    }
    let label = format!("{}：", notice.attachment.label);
    let hang = (text_ems(&label) * std9704::ONE_CHAR.to_twips() as f64).round() as i32;
    let note = b
        .paragraph()
        .align(AlignmentType::Both)
        .indent(
            Some(indent + hang),
            Some(SpecialIndentType::Hanging(hang)),
            None,
            None,
        )
        .keep_next(true)
        .keep_lines(true)
        .add_run(b.body_run(
            &format!("{label}{}", notice.attachment.title),
            Face::FangSong,
        ));
    out.push(note);

    out.extend(signature_block(b, notice));
    out
}

/// The lines of a 2号 title: as the job gave them, or broken into a
/// trapezoid or diamond when it gave one string too long for a line.
fn title_lines(lines: &[String]) -> Vec<String> {
    match lines {
        [one] => title::break_title(one, title_max_ems()),
        many => many.to_vec(),
    }
}

/// How many 2号 ems a title line may hold, with half an em to spare for
/// renderers that set digits wider than half an em.
fn title_max_ems() -> f64 {
    let width = std9704::type_area_width_twips() as f64;
    (width / std9704::SIZE_ERHAO.to_twips() as f64).floor() - 0.5
}

/// First-line indent of body paragraphs: 2 字 of 3号.
fn paragraph_indent() -> i32 {
    std9704::PARAGRAPH_INDENT_CHARS * std9704::ONE_CHAR.to_twips()
}

/// 署名 and 成文日期 without a seal (clause 7.3.5.2), then the 附注.
fn signature_block(b: &mut Builder<'_>, notice: &Notice) -> Vec<Paragraph> {
    let mut out = Vec::new();
    for _ in 0..std9704::BLANK_LINES_BEFORE_SIGNATURE {
        out.push(b.blank_line().keep_next(true));
    }
    let (sig_left, date_left) = signature_positions(&notice.signature, &notice.date);
    // Widths are estimated (half-width digits count ½ 字; renderers may set
    // them wider): a negative right indent lets a line run slightly into the
    // margin rather than wrap a date over two lines.
    let overhang = Some(-std9704::SIGNATURE_RIGHT_CHARS * std9704::body_char_width_twips());
    let sig = b
        .paragraph()
        .align(AlignmentType::Left)
        .indent(Some(sig_left), None, overhang, None)
        .keep_next(true)
        .add_run(b.body_run(&notice.signature, Face::FangSong));
    out.push(sig);
    let date = b
        .paragraph()
        .align(AlignmentType::Left)
        .indent(Some(date_left), None, overhang, None)
        .keep_next(notice.note.is_some())
        .add_run(b.body_run(&notice.date, Face::FangSong));
    out.push(date);
    if let Some(note) = &notice.note {
        let run = b.body_run(&format!("（{note}）"), Face::FangSong);
        out.push(
            b.paragraph()
                .align(AlignmentType::Both)
                .indent(Some(paragraph_indent()), None, None, None)
                .add_run(run),
        );
    }
    out
}

/// Left indents (twips) of the 署名 and the date (clause 7.3.5.2). The 署名
/// ends 2 字 from the right edge and the date starts 2 字 right of the 署名's
/// first character; when the date is longer than the 署名, the date ends 2 字
/// from the right instead and the 署名 moves left to keep the 2 字 shift.
pub fn signature_positions(signature: &str, date: &str) -> (i32, i32) {
    let width = std9704::type_area_width_twips();
    let ch = std9704::body_char_width_twips();
    let right = std9704::SIGNATURE_RIGHT_CHARS * ch;
    let shift = std9704::DATE_SHIFT_CHARS * ch;
    let sig_w = (text_ems(signature) * ch as f64).round() as i32;
    let date_w = (text_ems(date) * ch as f64).round() as i32;
    if date_w <= sig_w {
        let sig_left = width - right - sig_w;
        (sig_left.max(0), (sig_left + shift).max(0))
    } else {
        let date_left = width - right - date_w;
        ((date_left - shift).max(0), date_left.max(0))
    }
}

/// The attachment on a new page: 附件 on line 1 in 黑体, the title on line 3,
/// then the table (GB/T 9704 clause 8). The table's body rows come back
/// apart, as WordprocessingML.
fn add_attachment(
    b: &mut Builder<'_>,
    mut docx: Docx,
    attachment: &AttachmentPage,
) -> (Docx, String) {
    let label = b
        .paragraph()
        .align(AlignmentType::Left)
        .page_break_before(true)
        .add_run(b.body_run(&attachment.label, Face::HeiTi));
    docx = docx.add_paragraph(label).add_paragraph(b.blank_line());
    let lines = title_lines(std::slice::from_ref(&attachment.title));
    let title = b
        .paragraph()
        .align(AlignmentType::Center)
        .keep_next(true)
        .add_run(b.run(&lines.join("\n"), Face::XiaoBiaoSong, std9704::SIZE_ERHAO));
    docx = docx.add_paragraph(title);
    // What the first page leaves below 附件, the blank line and the title.
    let above = (2 + lines.len() as i32) * std9704::LINE_PITCH_TWIPS;
    let first_page = std9704::TYPE_AREA_HEIGHT.to_twips() - above;
    let (table, rows) = table::progress_table(b, &attachment.header, &attachment.rows, first_page);
    (docx.add_table(table), rows)
}

/// The 版记 (clause 7.4): 抄送 and 印发 lines between rules as wide as the
/// type area, its last rule on the bottom edge of the type area of the last
/// page. Rules: the first and last 0.35 mm, the one between 0.25 mm; 4号仿宋,
/// 1 字 in on each side.
///
/// The lines are the rows of a one-column table, so that the rules span the
/// type area while the text keeps its 1 字 indents (a paragraph border spans
/// only the paragraph's indents). The table starts a page of its own after
/// a spacer paragraph as tall as the space it leaves, so its position does
/// not depend on how far the attachment runs: LibreOffice 7.4 ignores the
/// positioning of a paragraph frame (`w:framePr`) and of a floating table
/// (`w:tblpPr`), the two ways Word would anchor it to the page bottom.
fn add_imprint(b: &mut Builder<'_>, docx: Docx, imprint: &Imprint) -> Docx {
    let size = std9704::SIZE_SIHAO;
    let one = size.to_twips();
    let width = std9704::type_area_width_twips();
    let line = (size.to_twips() as f64 * std9704::TALL_LINE_EMS).round() as i32;
    let outer = std9704::IMPRINT_OUTER_RULE.to_eighths();
    let inner = std9704::IMPRINT_INNER_RULE.to_eighths();
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
        let p = b
            .paragraph()
            .line_spacing(exact(line))
            .indent(
                Some(one + cc_hang),
                Some(SpecialIndentType::Hanging(cc_hang)),
                Some(one),
                None,
            )
            .add_run(b.run(&text, Face::FangSong, size));
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
        let p = b
            .paragraph()
            .line_spacing(exact(line))
            .indent(Some(one), None, Some(one), None)
            .add_tab(
                Tab::new()
                    .val(TabValueType::Right)
                    .pos((width - one) as usize),
            )
            .add_run(b.run(&text, Face::FangSong, size));
        paragraphs.push(p);
    }
    if paragraphs.is_empty() {
        return docx;
    }
    let rows: Vec<TableRow> = paragraphs
        .into_iter()
        .map(|p| {
            let mut cell = TableCell::new()
                .add_paragraph(p)
                .width(width as usize, WidthType::Dxa);
            cell.property = cell.property.margins(
                CellMargins::new()
                    .margin_left(0, WidthType::Dxa)
                    .margin_right(0, WidthType::Dxa),
            );
            TableRow::new(vec![cell]).cant_split()
        })
        .collect();
    let rule = |pos, eighths| {
        TableBorder::new(pos)
            .border_type(BorderType::Single)
            .size(eighths)
            .color("000000")
    };
    let rules = rows.len() as i32 + 1;
    let table = Table::without_borders(rows)
        .set_grid(vec![width as usize])
        .width(width as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .indent(0)
        .set_border(rule(TableBorderPosition::Top, outer))
        .set_border(rule(TableBorderPosition::Bottom, outer))
        .set_border(rule(TableBorderPosition::InsideH, inner));
    // The table's height: its lines and its rules. A millimetre to spare
    // (the standard allows ±1 mm), or rounding in the renderer pushes the
    // last row, or the paragraph that must follow a table, onto another page.
    let rule_twips =
        2 * Pt(outer as f64 / 8.0).to_twips() + (rules - 2) * Pt(inner as f64 / 8.0).to_twips();
    let height = lines * line + rule_twips;
    let (top, _, bottom, _) = std9704::margins_twips();
    let (_, page_h) = std9704::page_size_twips();
    let spare = Mm(1.0).to_twips();
    let space = (page_h - top - bottom - height - spare).max(20);
    let spacer = b
        .paragraph()
        .page_break_before(true)
        .line_spacing(exact(space));
    // A body must end with a paragraph; a tenth of a point tall, it fits in the spare.
    let end = b.paragraph().line_spacing(exact(2));
    docx.add_paragraph(spacer)
        .add_table(table)
        .add_paragraph(end)
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
    fn a_short_mark_keeps_its_size() {
        assert_eq!(fit_mark("某某市政府文件"), (std9704::MARK_SIZE, 100));
    }

    #[test]
    fn the_date_starts_two_characters_right_of_the_signature() {
        let ch = std9704::body_char_width_twips();
        let (sig, date) = signature_positions("株洲市发展和改革委员会", "2016年8月30日");
        assert_eq!(date - sig, 2 * ch);
        assert_eq!(sig + 11 * ch, std9704::type_area_width_twips() - 2 * ch);
    }

    #[test]
    fn a_date_longer_than_the_signature_ends_two_characters_from_the_right() {
        let ch = std9704::body_char_width_twips();
        let (sig, date) = signature_positions("办公室", "2016年12月30日");
        assert!(text_ems("2016年12月30日") > text_ems("办公室"));
        let date_w = (text_ems("2016年12月30日") * ch as f64).round() as i32;
        assert_eq!(date + date_w, std9704::type_area_width_twips() - 2 * ch);
        assert_eq!(date - sig, 2 * ch);
    }
}
