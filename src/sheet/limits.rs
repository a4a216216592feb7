//! The most a spreadsheet may ask of the reader.
//!
//! A 台账 is a few hundred rows; these bounds are generous for any real
//! sheet and stop a hostile or damaged file before it can exhaust memory.
//! They exist because calamine 0.38 allocates from what a file *declares*:
//! a 7 KB sheet with one cell at A1 and one at XFD1048576 makes it allocate
//! the whole 17-billion-cell rectangle, and a huge `uniqueCount` in the
//! shared strings is reserved unchecked; both kill the process outright.
//! [`super::guard`] checks every bound here before calamine sees the file.

/// The largest spreadsheet file read at all (100 MiB).
pub const MAX_FILE_BYTES: u64 = 100 << 20;

/// The most entries (parts) a zip package may hold. A real workbook has
/// tens; an .xlsx with images perhaps a few hundred.
pub const MAX_ZIP_ENTRIES: usize = 10_000;

/// The most one zip entry may unpack to (256 MiB of XML is several million
/// cells).
pub const MAX_ENTRY_BYTES: u64 = 256 << 20;

/// The most all zip entries together may unpack to (1 GiB).
pub const MAX_UNPACKED_BYTES: u64 = 1 << 30;

/// Unpacked ÷ packed size above which a large entry is taken for a zip
/// bomb. Spreadsheet XML packs about 10–50×; deflate cannot exceed ~1032×.
pub const MAX_COMPRESSION_RATIO: u64 = 500;

/// Entries smaller than this unpacked are not held to the ratio (tiny,
/// highly repetitive parts compress very well and are harmless).
pub const RATIO_CHECK_FROM_BYTES: u64 = 8 << 20;

/// Rows in a sheet: Excel's own limit.
pub const MAX_ROWS: u32 = 1_048_576;

/// Columns in a sheet: Excel's own limit (XFD).
pub const MAX_COLUMNS: u32 = 16_384;

/// The most cells the rectangle spanned by a sheet's filled cells may
/// cover. calamine holds that rectangle in memory at about 32 bytes a cell,
/// so 5 million cells is some 160 MB (100,000 rows × 50 columns fit).
pub const MAX_CELLS: u64 = 5_000_000;

/// The most shared strings a workbook may declare (`uniqueCount`); no sheet
/// within [`MAX_CELLS`] can use more.
pub const MAX_SHARED_STRINGS: u64 = MAX_CELLS;

/// The most merged regions one sheet may have.
pub const MAX_MERGED_REGIONS: usize = 1_000_000;

/// The most spaces one ODS `<text:s text:c="…">` may stand for.
pub const MAX_ODS_SPACES: u64 = 10_000;

/// The most text the table read from a sheet may hold (64 MiB), after
/// merged regions are expanded: a notice's attachment is far smaller.
pub const MAX_TABLE_TEXT_BYTES: usize = 64 << 20;

/// The most rows a sheet may fill (200,000: a 台账 has hundreds; a notice's
/// attachment of more could not be printed). Counted as the file is read:
/// the row one past is named.
pub const MAX_ROWS_FILLED: u32 = 200_000;

/// The most characters one cell may hold: Excel's own limit. A longer cell
/// (a CSV field, a shared string) is refused, naming the cell.
pub const MAX_CELL_CHARS: usize = 32_767;

/// The most characters of a section's name (a 科室's name is a few).
pub const MAX_SECTION_NAME_CHARS: usize = 100;

/// The most sections one cell may name.
pub const MAX_SECTIONS_PER_CELL: usize = 50;

/// The most sections a table may have, each an extract of `split`.
pub const MAX_SECTIONS: usize = 2_000;

/// The most custom number formats read from a workbook's styles (Excel
/// allows some 250; more are not looked at for percentages).
pub const MAX_NUMBER_FORMATS: usize = 65_536;
/// The most cell formats read from a workbook's styles (Excel allows
/// 64,000; a cell whose format is beyond them shows no percentage).
pub const MAX_CELL_FORMATS: usize = 65_536;
