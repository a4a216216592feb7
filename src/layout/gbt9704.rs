//! Page geometry and type sizes required by GB/T 9704—2012 《党政机关公文格式》.
//!
//! Every number a laid-out notice depends on lives here, in mm or pt as the
//! standard states it, each with the clause it comes from. Where the standard
//! leaves a value open, the comment says which common practice we follow and
//! why. Conversion to Word units happens in [`super::units`]; this module knows
//! nothing about docx.

use super::units::{Mm, Pt};

// ---- 字号 (type sizes), clause 3.2 / practice -------------------------------

/// 初号.
pub const SIZE_CHUHAO: Pt = Pt(42.0);
/// 二号: the title (clause 7.3.1).
pub const SIZE_ERHAO: Pt = Pt(22.0);
/// 三号: the default size of all body text (clause 5.2.1: 如无特殊说明，公文格式各要素一般用3号仿宋体字).
pub const SIZE_SANHAO: Pt = Pt(16.0);
/// 四号: page numbers (clause 7.5) and the 版记 (clause 7.4).
pub const SIZE_SIHAO: Pt = Pt(14.0);
/// 小四: table cells. The standard gives no table size; practice is 4号 or
/// smaller, and 小四 keeps a long status column readable on fewer pages.
pub const SIZE_XIAOSI: Pt = Pt(12.0);

// ---- Page, clause 5.2 ------------------------------------------------------

/// A4 paper, clause 5.2.1: 210 mm × 297 mm.
pub const PAGE_WIDTH: Mm = Mm(210.0);
/// A4 paper height.
pub const PAGE_HEIGHT: Mm = Mm(297.0);
/// 天头 (top margin), clause 5.2.2: 37 mm ± 1 mm.
pub const TOP_MARGIN: Mm = Mm(37.0);
/// 订口 (binding / left margin), clause 5.2.2: 28 mm ± 1 mm.
pub const BINDING_MARGIN: Mm = Mm(28.0);
/// 版心 (type area) width, clause 5.2.2: 156 mm × 225 mm.
pub const TYPE_AREA_WIDTH: Mm = Mm(156.0);
/// 版心 height.
pub const TYPE_AREA_HEIGHT: Mm = Mm(225.0);

/// Lines per page, clause 5.2.4: 一般每面排22行.
pub const LINES_PER_PAGE: i32 = 22;
/// Characters per line, clause 5.2.4: 每行排28个字.
pub const CHARS_PER_LINE: i32 = 28;

/// Exact line pitch in twips. 225 mm / 22 lines = 28.97 pt; 579 twips
/// (28.95 pt) × 22 = 12738 fits the 12756-twip type area, 580 does not and
/// LibreOffice then sets 21 lines. Exact spacing is honoured by Word and
/// LibreOffice alike, unlike a character grid.
pub const LINE_PITCH_TWIPS: i32 = 579;

/// Character spacing of 3号 body text, in twentieths of a point. 28 × 16 pt =
/// 448 pt is wider than the 442.2 pt line; squeezing each character by
/// 0.25 pt lets 28 fit. We squeeze the runs rather than use a
/// `linesAndChars` grid because LibreOffice mishandles the character grid,
/// while both renderers honour run spacing.
pub const BODY_CHAR_SPACING: i32 = -5;

/// One 字 of 3号 text, clause 5.2.4 (indents are counted in characters).
pub const ONE_CHAR: Pt = SIZE_SANHAO;

/// First-line indent of body paragraphs: 2 字, clause 7.3.3 (每个自然段左空二字).
pub const PARAGRAPH_INDENT_CHARS: i32 = 2;

// ---- 版头 (header block), clause 7.2 ---------------------------------------

/// 发文机关标志 top edge below the type-area top, clause 7.2.4: 上边缘至版心上边缘为35mm.
pub const MARK_TOP_OFFSET: Mm = Mm(35.0);
/// Preferred size of the 发文机关标志; the standard fixes none ("以醒目、美观、庄重为原则"),
/// practice is 初号 (or 小初), scaled narrower when the name is long.
pub const MARK_SIZE: Pt = SIZE_CHUHAO;
/// Narrowest character scaling (`w:w`, percent) used to fit a long mark on
/// one line before its size is reduced instead. Practice: 70–80 %.
pub const MARK_MIN_SCALE: i32 = 70;
/// Red of the mark and the separator line, clause 7.2.4 / 7.2.6 (推荐使用红色).
pub const RED: &str = "FF0000";
/// The lines of 份号, 密级和保密期限 and 紧急程度 at the top of the type area
/// (clause 7.2.1–7.2.3: 顶格编排在版心左上角第一行、第二行…): exact lines
/// of 1.6 × 3号 rather than the 579-twip pitch, so that three of them fit
/// above the mark, whose top stays 35 mm below the type area's.
pub const ELEMENT_LINE_TWIPS: i32 = 512;
/// What precedes the signer's name, clause 7.2.5 (“签发人”三字加全角冒号).
pub const SIGNER_LABEL: &str = "签发人：";

/// Blank lines between the mark and the 发文字号, clause 7.2.5 (编排在发文机关标志下空二行位置).
pub const BLANK_LINES_BELOW_MARK: i32 = 2;
/// Red separator line below the 发文字号, clause 7.2.6: 在发文字号之下4mm处.
pub const RULE_BELOW_NUMBER: Mm = Mm(4.0);
/// Separator line thickness; the standard fixes none, practice 1–1.5 pt.
pub const RULE_THICKNESS: Pt = Pt(1.5);

// ---- 主体 (body), clause 7.3 ------------------------------------------------

/// Blank lines between the red line and the title, clause 7.3.1 (红色分隔线下空二行).
pub const BLANK_LINES_BELOW_RULE: i32 = 2;
/// Blank lines between the title and the 主送机关, clause 7.3.2 (标题下空一行).
pub const BLANK_LINES_BELOW_TITLE: i32 = 1;
/// Blank lines between the body and the 附件说明, clause 7.3.4 (正文下空一行).
pub const BLANK_LINES_BEFORE_ATTACHMENT_NOTE: i32 = 1;
/// The 附件说明's lead, clause 7.3.4 (左空二字编排"附件"二字，后标全角冒号和附件
/// 名称); several attachments are numbered after it with Arabic numerals
/// (附件：1.XXXXX), a name that wraps aligned with its first character.
pub const ATTACHMENT_NOTE_LABEL: &str = "附件：";
/// An attachment page's label, clause 8 (附件: "附件"二字及附件顺序号用3号黑体字
/// 顶格编排在版心左上角第一行): 附件 alone, or 附件1, 附件2 … for several.
pub const ATTACHMENT_LABEL: &str = "附件";
/// Blank lines before the 署名, clause 7.3.5.2 (不加盖印章: 正文（或附件说明）下空一行).
pub const BLANK_LINES_BEFORE_SIGNATURE: i32 = 1;
/// 署名 right indent without a seal, clause 7.3.5.2: 右空二字.
pub const SIGNATURE_RIGHT_CHARS: i32 = 2;
/// The date starts this many 字 right of the 署名's first character, clause 7.3.5.2 (首字比署名首字右移二字).
pub const DATE_SHIFT_CHARS: i32 = 2;

// ---- 页码 (page numbers), clause 7.5 -----------------------------------------

/// The page number line sits 7 mm below the type area (一字线上距版心下边缘7mm).
pub const PAGE_NUMBER_BELOW_TYPE_AREA: Mm = Mm(7.0);
/// Odd pages right, even pages left, each 1 字 in (单页码居右空一字，双页码居左空一字);
/// 1 字 of the 4号 page number.
pub const PAGE_NUMBER_INDENT: Pt = SIZE_SIHAO;

// ---- 版记 (imprint), clause 7.4 ----------------------------------------------

/// First and last 版记 lines: 0.35 mm (粗线); border `w:sz` 8 = 1 pt.
pub const IMPRINT_OUTER_RULE: Pt = Pt(1.0);
/// Middle 版记 lines: 0.25 mm (细线); border `w:sz` 6 = 0.75 pt.
pub const IMPRINT_INNER_RULE: Pt = Pt(0.75);

/// Where the 版记 goes, clause 7.4 (版记应当编排在公文最后一页) and 7.5
/// (公文的版记页前有空白页的，空白页和版记页均不编排页码); the last page of a
/// printed 公文 is even, as both sides of a sheet are printed.
///
/// The layout estimates how many pages the body takes (its lines at 28 to a
/// line and 22 to a page) and how far the attachment table runs on its last
/// page (its rows' lines, see `flow.rs`). When that last page is even and
/// leaves room for the 版记 and this much more, the 版记 shares it, at the
/// foot of its type area. Otherwise the 版记 goes at the foot of the next
/// even page: the next page, numbered, after an odd last page; after an
/// even one, a blank page and then the 版记's, in a section without page
/// numbers. The margin covers what the estimate of the table misses:
/// measured in LibreOffice, the bundled example's last page is estimated
/// at 10,860 twips used and takes 10,506; the second example's at 4,710
/// and takes 5,083, a line of 小四 more. 720 twips are two lines.
pub const IMPRINT_SHARE_SPARE: i32 = 720;

// ---- How renderers set a line (measured, not from the standard) -------------------
//
// The standard places the *visible* edges of elements (上边缘, 一字线). A
// renderer places line boxes; these ratios turn one into the other. They were
// measured in LibreOffice 7.4 with Noto CJK (the stand-in for 仿宋 and 小标宋)
// by rasterising the PDF: `tests/cli/layout.rs` checks the results.

/// An exact line height, in ems, safely taller than a CJK font's natural
/// height (Noto CJK: 1.45 em), so that the text sits at the bottom of the
/// line in Word and LibreOffice alike. Shorter lines are centred by
/// LibreOffice and cut at the top by Word, which would move the glyphs
/// differently in each.
pub const TALL_LINE_EMS: f64 = 1.6;
/// The ink top of a CJK ideograph, in ems above the bottom of its line.
pub const INK_TOP_ABOVE_LINE_EMS: f64 = 1.17;
/// The ink bottom of a CJK ideograph, in ems above the bottom of its line.
pub const INK_BOTTOM_ABOVE_LINE_EMS: f64 = 0.25;
/// The em dash (一字线) of a page number, in ems above the bottom of its line.
pub const DASH_ABOVE_LINE_EMS: f64 = 0.64;

// ---- Derived values ------------------------------------------------------------

/// Page width and height in twips.
pub fn page_size_twips() -> (i32, i32) {
    (PAGE_WIDTH.to_twips(), PAGE_HEIGHT.to_twips())
}

/// The type-area width in twips (8844).
pub fn type_area_width_twips() -> i32 {
    TYPE_AREA_WIDTH.to_twips()
}

/// Margins (top, right, bottom, left) in twips. The right and bottom margins
/// are what the page leaves once the type area is placed, so the type area is
/// exactly 156 × 225 mm whatever the rounding of each margin.
pub fn margins_twips() -> (i32, i32, i32, i32) {
    let (w, h) = page_size_twips();
    let top = TOP_MARGIN.to_twips();
    let left = BINDING_MARGIN.to_twips();
    let right = w - left - TYPE_AREA_WIDTH.to_twips();
    let bottom = h - top - TYPE_AREA_HEIGHT.to_twips();
    (top, right, bottom, left)
}

/// Exact height and space before (twips) of the mark's line, so that the top
/// of its glyphs sits [`MARK_TOP_OFFSET`] below the type-area top.
pub fn mark_line_twips(size: Pt) -> (i32, i32) {
    let em = size.to_twips() as f64;
    let line = (em * TALL_LINE_EMS).round();
    let ink_top_in_line = line - em * INK_TOP_ABOVE_LINE_EMS;
    let before = MARK_TOP_OFFSET.to_twips() as f64 - ink_top_in_line;
    (line as i32, before.round().max(0.0) as i32)
}

/// Exact height of the page-number line and the footer distance (from the
/// page's bottom edge to the line's bottom), so that the dashes of "— N —"
/// sit [`PAGE_NUMBER_BELOW_TYPE_AREA`] under the type area.
pub fn page_number_line_twips() -> (i32, i32) {
    let em = SIZE_SIHAO.to_twips() as f64;
    let (_, _, bottom, _) = margins_twips();
    let line = (em * TALL_LINE_EMS).round() as i32;
    let dash = em * DASH_ABOVE_LINE_EMS;
    let footer = bottom as f64 - PAGE_NUMBER_BELOW_TYPE_AREA.to_twips() as f64 - dash;
    (line, footer.round() as i32)
}

/// Space (points) between the 发文字号's line and the red rule below it, so
/// that the rule sits [`RULE_BELOW_NUMBER`] under the number's glyphs.
pub fn rule_space_pt() -> usize {
    let below_glyphs = RULE_BELOW_NUMBER.to_twips() as f64 / 20.0;
    let ink_gap = SIZE_SANHAO.0 * INK_BOTTOM_ABOVE_LINE_EMS;
    (below_glyphs - ink_gap).round().max(0.0) as usize
}

/// Width of one 3号 字 as set, in twips: 16 pt less the −0.25 pt squeeze.
pub fn body_char_width_twips() -> i32 {
    ONE_CHAR.to_twips() + BODY_CHAR_SPACING
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_area_is_156_by_225_mm() {
        let (w, h) = page_size_twips();
        let (top, right, bottom, left) = margins_twips();
        assert_eq!(w - left - right, 8844);
        assert_eq!(h - top - bottom, 12756);
        assert_eq!((top, left), (2098, 1587));
    }

    #[test]
    fn twenty_two_lines_fit_the_type_area() {
        let (_, h) = page_size_twips();
        let (top, _, bottom, _) = margins_twips();
        assert!(LINES_PER_PAGE * LINE_PITCH_TWIPS <= h - top - bottom);
        assert!(LINES_PER_PAGE * (LINE_PITCH_TWIPS + 1) > h - top - bottom);
    }

    #[test]
    fn the_mark_glyphs_start_35_mm_below_the_type_area_top() {
        let (line, before) = mark_line_twips(SIZE_CHUHAO);
        let em = SIZE_CHUHAO.to_twips() as f64;
        let top = before as f64 + line as f64 - em * INK_TOP_ABOVE_LINE_EMS;
        assert!((top - MARK_TOP_OFFSET.to_twips() as f64).abs() <= 1.0);
        assert!(line as f64 >= em * 1.3);
    }

    #[test]
    fn the_page_number_sits_7_mm_under_the_type_area() {
        let (line, footer) = page_number_line_twips();
        let (_, _, bottom, _) = margins_twips();
        let em = SIZE_SIHAO.to_twips();
        let dash_from_page_bottom = footer as f64 + em as f64 * DASH_ABOVE_LINE_EMS;
        let gap = bottom as f64 - dash_from_page_bottom;
        assert!((gap - PAGE_NUMBER_BELOW_TYPE_AREA.to_twips() as f64).abs() <= 1.0);
        assert!(line > em);
    }

    #[test]
    fn twenty_eight_squeezed_characters_fit_one_line() {
        assert!(CHARS_PER_LINE * body_char_width_twips() <= type_area_width_twips());
        assert!(CHARS_PER_LINE * ONE_CHAR.to_twips() > type_area_width_twips());
    }
}
