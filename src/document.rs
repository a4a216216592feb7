//! The laid-out document: what [`crate::layout`] decides and
//! [`crate::docx`] writes, as plain data.
//!
//! Nothing here knows GB/T 9704 or WordprocessingML. Lengths are in twips
//! (twentieths of a point) unless a field says otherwise, type sizes in
//! half-points, border widths in eighths of a point: the units a page
//! description needs, whatever writes it. A value left `None` is inherited
//! (from the paragraph's style, then from [`Defaults`]).

/// Twentieths of a point (1 mm ≈ 56.69 twips).
pub type Twips = i32;

/// A whole document: its properties, faces, styles and sections.
#[derive(Debug, Clone, PartialEq)]
pub struct LaidOut {
    /// Title, author and date, for the file's properties.
    pub properties: Properties,
    /// The faces the document uses; a [`FontId`] indexes this list.
    pub fonts: Vec<Font>,
    /// What every paragraph and run starts from.
    pub defaults: Defaults,
    /// Named paragraph styles, referenced by [`StyleId`].
    pub styles: Vec<ParagraphStyle>,
    /// Named table styles, referenced by [`TableStyleId`].
    pub table_styles: Vec<TableStyle>,
    /// The sections, in order; never empty for a written document.
    pub sections: Vec<Section>,
}

/// What a document says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Properties {
    /// The title.
    pub title: String,
    /// The author.
    pub creator: String,
    /// Creation date as `YYYY-MM-DD`, from the inputs, never the clock.
    pub date: String,
}

/// A face by name, with the kind of typeface it is, so that a reader
/// without it can fall back to a face of the same kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Font {
    /// The name as installed, e.g. `仿宋_GB2312`.
    pub name: String,
    /// The kind of typeface.
    pub kind: FontKind,
}

/// Kinds of Chinese typeface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FontKind {
    /// 宋体 and its display cuts (小标宋).
    Song,
    /// 仿宋.
    FangSong,
    /// 楷体.
    Kai,
    /// 黑体.
    Hei,
}

/// An index into [`LaidOut::fonts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FontId(pub usize);

/// An index into [`LaidOut::styles`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StyleId(pub usize);

/// An index into [`LaidOut::table_styles`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TableStyleId(pub usize);

/// The document's defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Defaults {
    /// The run every run starts from (its face and size must be set).
    pub run: RunProps,
    /// The paragraph every paragraph starts from.
    pub paragraph: ParagraphProps,
    /// The language of the text, e.g. `zh-CN`, which readers use for line
    /// breaking and punctuation.
    pub language: String,
}

/// A named paragraph style.
#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphStyle {
    /// A short identifier, letters and digits.
    pub id: String,
    /// The name a word processor shows.
    pub name: String,
    /// The style it starts from, if not the defaults.
    pub based_on: Option<StyleId>,
    /// Paragraph properties.
    pub paragraph: ParagraphProps,
    /// Run properties of its text.
    pub run: RunProps,
}

/// A named table style: what every cell of a table that names it shares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableStyle {
    /// A short identifier, letters and digits.
    pub id: String,
    /// The name a word processor shows.
    pub name: String,
    /// Left and right padding of every cell.
    pub cell_padding: Option<(Twips, Twips)>,
    /// Vertical alignment of every cell.
    pub cell_align: Option<VAlign>,
}

/// One section: a page set-up, its footers and its content.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Paper, orientation, margins and line grid.
    pub page: PageSetup,
    /// What the foot of each page shows.
    pub footers: Footers,
    /// The content.
    pub blocks: Vec<Block>,
}

/// A section's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSetup {
    /// Paper width as the page is printed (the longer side when landscape).
    pub width: Twips,
    /// Paper height as the page is printed.
    pub height: Twips,
    /// Whether the page is turned.
    pub landscape: bool,
    /// Top margin.
    pub top: Twips,
    /// Right margin.
    pub right: Twips,
    /// Bottom margin.
    pub bottom: Twips,
    /// Left margin.
    pub left: Twips,
    /// From the paper's top edge to the header.
    pub header: Twips,
    /// From the paper's bottom edge to the bottom of the footer.
    pub footer: Twips,
    /// The pitch of a line grid, if the section has one.
    pub line_pitch: Option<Twips>,
}

/// Footers of a section's pages.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Footers {
    /// No footer.
    #[default]
    None,
    /// The same footer on every page.
    Same(Vec<Block>),
    /// One footer for odd pages, one for even pages.
    OddEven {
        /// Odd pages (1, 3, …).
        odd: Vec<Block>,
        /// Even pages.
        even: Vec<Block>,
    },
}

/// A block of content.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph.
    Paragraph(Paragraph),
    /// A table.
    Table(Table),
    /// A box of blocks placed on the page this block falls on.
    Float(Float),
}

/// A box of blocks placed on the page, out of the flow of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Float {
    /// Where its left edge goes.
    pub x: Place,
    /// Where its top edge goes.
    pub y: Place,
    /// Its width.
    pub width: Twips,
    /// Its height.
    pub height: Twips,
    /// The direction its text runs in.
    pub direction: TextDirection,
    /// Whether the text of the page keeps clear of it, above and below.
    pub wrap: bool,
    /// The blocks it holds (paragraphs and tables).
    pub blocks: Vec<Block>,
}

/// Where a box goes, along one direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// This far from the page's (left or top) edge.
    FromPage(Twips),
    /// Against the start (left or top) of the type area.
    TypeAreaStart,
    /// Against the end (right or bottom) of the type area.
    TypeAreaEnd,
}

/// The direction text runs in a box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextDirection {
    /// Left to right, lines top to bottom.
    Horizontal,
    /// Turned a quarter clockwise: top to bottom, glyphs' tops to the right.
    Clockwise,
}

impl Float {
    /// Blocks `height` tall at the foot of the type area, as wide as it,
    /// the text above kept clear of them.
    pub fn at_foot(width: Twips, height: Twips, blocks: Vec<Block>) -> Float {
        Float {
            x: Place::TypeAreaStart,
            y: Place::TypeAreaEnd,
            width,
            height,
            direction: TextDirection::Horizontal,
            wrap: true,
            blocks,
        }
    }
}

/// A paragraph: a style, properties of its own, and runs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paragraph {
    /// Its style, if not the defaults.
    pub style: Option<StyleId>,
    /// Properties set on the paragraph itself.
    pub props: ParagraphProps,
    /// Its content.
    pub runs: Vec<Run>,
}

/// Paragraph properties; `None` and `false` leave a value inherited.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParagraphProps {
    /// Kept on the page of the next paragraph.
    pub keep_next: bool,
    /// Its lines kept on one page.
    pub keep_lines: bool,
    /// Starts a new page.
    pub page_break_before: bool,
    /// Widow and orphan control on or off.
    pub widow_control: Option<bool>,
    /// A rule under the paragraph.
    pub bottom_rule: Option<Rule>,
    /// Tab stops.
    pub tabs: Vec<TabStop>,
    /// Whether space is added between Chinese and Latin text or digits.
    pub auto_space: Option<bool>,
    /// Whether lines snap to the section's line grid.
    pub snap_to_grid: Option<bool>,
    /// Line height and space around.
    pub spacing: Option<Spacing>,
    /// Indents.
    pub indent: Option<Indent>,
    /// Horizontal alignment.
    pub align: Option<Align>,
}

/// A rule (border line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Thickness in eighths of a point.
    pub eighths: u32,
    /// Colour.
    pub colour: Colour,
    /// Space between the text and the rule, in points.
    pub space_pt: u32,
}

/// A tab stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TabStop {
    /// How text aligns on it.
    pub kind: TabKind,
    /// From the left margin.
    pub position: Twips,
}

/// How text aligns on a tab stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TabKind {
    /// Text starts at the stop.
    Left,
    /// Text ends at the stop.
    Right,
}

/// Line height and space before and after a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spacing {
    /// Space before.
    pub before: Twips,
    /// Space after.
    pub after: Twips,
    /// Every line exactly this tall.
    pub line: Twips,
}

/// Indents of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Indent {
    /// From the left margin.
    pub left: Twips,
    /// From the right margin (negative: into it).
    pub right: Twips,
    /// The first line's extra indent; negative hangs it out.
    pub first_line: Twips,
}

/// Horizontal alignment of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Flush left.
    Left,
    /// Centred.
    Centre,
    /// Flush right.
    Right,
    /// Justified.
    Both,
}

/// An RGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour(pub [u8; 3]);

impl Colour {
    /// Black.
    pub const BLACK: Colour = Colour([0, 0, 0]);
    /// Pure red.
    pub const RED: Colour = Colour([0xFF, 0, 0]);
}

/// A run: text (or a page number) in one set of properties.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Run {
    /// Properties set on the run itself.
    pub props: RunProps,
    /// What the run shows.
    pub content: RunContent,
}

/// What a run shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunContent {
    /// Text; `\n` is a line break, `\t` a tab.
    Text(String),
    /// The number of the page it is on.
    PageNumber,
}

impl Default for RunContent {
    fn default() -> Self {
        RunContent::Text(String::new())
    }
}

/// Run properties; `None` leaves a value inherited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RunProps {
    /// The face.
    pub font: Option<FontId>,
    /// Colour of the text.
    pub colour: Option<Colour>,
    /// Extra space after each character, in twips (negative squeezes).
    pub spacing: Option<Twips>,
    /// Horizontal scale of the characters, in percent.
    pub scale: Option<u32>,
    /// Size in half-points.
    pub size: Option<u32>,
}

/// A table of fixed column widths.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Its style, if any.
    pub style: Option<TableStyleId>,
    /// Column widths; the table is as wide as their sum.
    pub grid: Vec<Twips>,
    /// Indent from the left margin.
    pub indent: Twips,
    /// Its rules.
    pub borders: TableBorders,
    /// Left and right padding of its cells, if not the style's.
    pub cell_padding: Option<(Twips, Twips)>,
    /// Rows repeated at the top of every page the table runs onto.
    pub header_rows: Vec<Row>,
    /// The other rows.
    pub rows: Vec<Row>,
}

/// The rules of a table; `None` is no rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TableBorders {
    /// Above the first row.
    pub top: Option<Rule>,
    /// Left of the first column.
    pub left: Option<Rule>,
    /// Below the last row.
    pub bottom: Option<Rule>,
    /// Right of the last column.
    pub right: Option<Rule>,
    /// Between rows.
    pub inside_h: Option<Rule>,
    /// Between columns.
    pub inside_v: Option<Rule>,
}

/// A table row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    /// The row stays on one page.
    pub cant_split: bool,
    /// Its cells, left to right.
    pub cells: Vec<Cell>,
}

/// A table cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// How many grid columns it spans (at least 1).
    pub span: u32,
    /// Whether it starts or continues a vertical merge.
    pub merge: Option<VMerge>,
    /// Vertical alignment, if not the table style's.
    pub align: Option<VAlign>,
    /// Its paragraphs (at least one).
    pub paragraphs: Vec<Paragraph>,
}

impl Cell {
    /// A cell of one grid column holding one paragraph.
    pub fn new(paragraph: Paragraph) -> Cell {
        Cell {
            span: 1,
            merge: None,
            align: None,
            paragraphs: vec![paragraph],
        }
    }
}

/// A cell's part in a vertical merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VMerge {
    /// The first cell of the merged column.
    Restart,
    /// A cell merged into the one above.
    Continue,
}

/// Vertical alignment of a cell's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VAlign {
    /// At the top.
    Top,
    /// In the middle.
    Centre,
    /// At the bottom.
    Bottom,
}

impl Run {
    /// A run of `text` in `props`.
    pub fn text(text: impl Into<String>, props: RunProps) -> Run {
        Run {
            props,
            content: RunContent::Text(text.into()),
        }
    }
}
