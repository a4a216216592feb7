//! Recognising a spreadsheet by its content, and checking it before
//! calamine reads it.
//!
//! calamine trusts what a file declares, and a few declarations make it
//! allocate without bound (see [`super::limits`]). So the package is
//! inspected here first, with every allocation bounded by the input:
//!
//! - a zip package (.xlsx, .xlsm, .xlsb, .ods): the entry count, each
//!   entry's declared and *actual* unpacked size (every entry is unpacked
//!   once through a counter, so a lying header cannot pass) and its packing
//!   ratio; then in every worksheet the cells that hold a value, whose
//!   bounding rectangle is what calamine allocates; the `<dimension>` and
//!   merged regions; and the shared strings' `uniqueCount`;
//! - an .ods: the same, counting repeated rows and cells as calamine
//!   expands them (see [`super::ods`], which also reads the merged regions and
//!   percentages that calamine does not report);
//! - an .xls: its records (see [`super::xls`]).
//!
//! An .xlsx's shared strings and worksheets are held whole while they are
//! scanned (each at most [`MAX_ENTRY_BYTES`], checked first); every other
//! entry goes through a small buffer. The scan of an .xlsx keeps what
//! calamine would read again: the shared strings' text (read on a second
//! thread while the worksheets are scanned) and each worksheet's cells, as
//! [`super::xlsx`] reads them.

use super::limits::*;
use super::xlsx::{is_plain_count, tag_name, CellStyle, CellType, NumberKind, SheetCells, Value};
use super::SheetExtras;
use crate::error::{cell_name, Error, Location, Result};
use crate::messages::SheetMsg;
use quick_xml::events::{BytesStart, Event};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;

/// The kinds of file read, recognised by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML workbook (.xlsx, .xlsm): a zip with `xl/workbook.xml`.
    Xlsx,
    /// Binary Office workbook (.xlsb): a zip with `xl/workbook.bin`.
    Xlsb,
    /// Excel 97–2003 (.xls): an OLE compound file.
    Xls,
    /// OpenDocument spreadsheet (.ods): a zip whose `mimetype` says so.
    Ods,
    /// Comma-separated text (.csv).
    Csv,
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// What the inspection learnt: the format, and for .ods and .xls the merged
/// regions and percentage cells of each sheet (calamine reports neither).
#[derive(Debug, Default)]
pub struct Inspection {
    /// Per sheet name.
    pub extras: HashMap<String, SheetExtras>,
    /// The sheet the workbook opens on, when it says.
    pub active: Option<String>,
    /// The package rewritten with the error values calamine cannot read
    /// (`#SPILL!`, `#CALC!` …) turned to text, when there are any.
    pub patched: Option<Vec<u8>>,
    /// An .xlsx's cells, read with the checks (see [`super::xlsx`]).
    pub cells: Option<ReadCells>,
}

/// The cells of an .xlsx's worksheets as the guard read them.
#[derive(Debug, Default)]
pub struct ReadCells {
    /// Per sheet name, each worksheet read (one declined is absent: calamine
    /// reads it).
    pub sheets: HashMap<String, calamine::Range<calamine::Data>>,
    /// The shared strings part, when there is one: calamine need not read it.
    pub shared_strings: Option<String>,
}

/// Recognises the format of `bytes` and checks them against the limits.
///
/// `text_allowed` says whether a file that is neither zip nor OLE may be read
/// as CSV (its name ends in `.csv`, or an encoding was given).
pub fn inspect(path: &Path, bytes: &[u8], text_allowed: bool) -> Result<(Format, Inspection)> {
    inspect_then(path, bytes, text_allowed, |_| ())
        .map(|(format, inspection, _)| (format, inspection))
}

/// [`inspect`], running `early` on a second thread as soon as every part
/// of an .xlsx but its worksheets has been checked, while the worksheets
/// are: calamine's opening of the workbook reads the workbook, its
/// relationships, styles and shared strings, not the worksheets, so it
/// may run then, on checked parts only. `early`'s result comes back for
/// an .xlsx that passes (`None` for other formats, when the inspection
/// fails, or when the guard reads the cells itself: then calamine need
/// not read the shared strings at all, see [`Inspection::cells`]).
pub fn inspect_then<T: Send>(
    path: &Path,
    bytes: &[u8],
    text_allowed: bool,
    early: impl FnOnce(Format) -> T + Send,
) -> Result<(Format, Inspection, Option<T>)> {
    let at = || Location::file(path);
    if bytes.is_empty() {
        return Err(Error::at(at(), SheetMsg::FileEmpty));
    }
    if bytes.starts_with(&OLE_MAGIC) {
        let (extras, active) = super::xls::inspect(path, bytes)?;
        return Ok((
            Format::Xls,
            Inspection {
                extras,
                active,
                ..Inspection::default()
            },
            None,
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return inspect_zip(path, bytes, early);
    }
    if text_allowed {
        return Ok((Format::Csv, Inspection::default(), None));
    }
    Err(Error::at(at(), SheetMsg::NotASpreadsheet))
}

fn damaged(path: &Path, what: impl std::fmt::Display) -> Error {
    Error::at(
        Location::file(path),
        SheetMsg::Damaged {
            detail: what.to_string(),
        },
    )
}

fn inspect_zip<T: Send>(
    path: &Path,
    bytes: &[u8],
    early: impl FnOnce(Format) -> T + Send,
) -> Result<(Format, Inspection, Option<T>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        damaged(
            path,
            SheetMsg::NotAZip {
                detail: e.to_string(),
            },
        )
    })?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(Error::at(
            Location::file(path),
            SheetMsg::TooManyParts {
                count: zip.len(),
                max: MAX_ZIP_ENTRIES,
            },
        ));
    }
    let names: Vec<String> = zip
        .file_names()
        .map(|n| n.map(|n| n.into_owned()).unwrap_or_default())
        .collect();
    let has = |wanted: &str| names.iter().any(|n| n.eq_ignore_ascii_case(wanted));
    let format = if has("xl/workbook.xml") {
        Format::Xlsx
    } else if has("xl/workbook.bin") {
        Format::Xlsb
    } else if read_small(&mut zip, "mimetype").is_some_and(|m| m.starts_with(ODS_MIMETYPE)) {
        Format::Ods
    } else {
        return Err(Error::at(
            Location::file(path),
            SheetMsg::ZipWithoutWorkbook,
        ));
    };
    check_declared_sizes(path, &mut zip)?;
    let (sheet_names, active, is_1904) = match format {
        Format::Xlsx => xlsx_sheet_parts(&mut zip),
        _ => (HashMap::new(), None, false),
    };
    let xlsb_sheets = match format {
        Format::Xlsb => xlsb_linked_parts(&mut zip),
        _ => HashSet::new(),
    };
    let mut inspection = Inspection {
        active,
        ..Inspection::default()
    };
    let mut to_patch: Vec<String> = Vec::new();
    // The shared strings first: a worksheet's cells are counted by the
    // length of the strings they show.
    let mut shared = SharedLengths::default();
    let mut budget = TextBudget::default();
    let shared_index = match format {
        Format::Xlsx => names.iter().position(|n| is_shared_strings(n)),
        Format::Xlsb => names
            .iter()
            .position(|n| n.eq_ignore_ascii_case("xl/sharedStrings.bin")),
        _ => None,
    };
    // The styles next: which cell formats show a percentage, so that the
    // worksheet scan records the percentage cells as it goes (and calamine
    // need not read each worksheet again for its styles).
    let styles_index = match format {
        Format::Xlsx => names
            .iter()
            .position(|n| n.eq_ignore_ascii_case("xl/styles.xml")),
        _ => None,
    };
    let mut percent_formats = PercentFormats::default();
    let mut kinds = NumberKinds {
        complete: true,
        ..NumberKinds::default()
    };
    if let Some(index) = styles_index {
        (percent_formats, kinds) = read_entry(path, &mut zip, index, |reader, _, _| {
            Ok(scan_styles(reader))
        })?;
    }
    // The shared strings, for the cells read here (with no shared strings
    // part, none).
    let mut strings: Option<StringItems> = Some(StringItems::default());
    if let Some(index) = shared_index {
        shared = read_entry(path, &mut zip, index, |mut reader, name, declared| {
            match format {
                Format::Xlsb => {
                    scan_xlsb_shared_strings(&mut reader).map(|lengths| (lengths, None))
                }
                _ => scan_shared_strings_bytes(reader, declared),
            }
            .map(|(lengths, text)| {
                strings = text;
                lengths
            })
            .map_err(|p| p.into_error(path, name, None))
        })?;
    }
    // The cells are read here when calamine would find the same parts
    // (the workbook in `xl/`, the styles and strings by their usual
    // names) and every string and format could be read as it reads them.
    let usual = |index: Option<usize>, name: &str| index.is_none_or(|i| names[i] == name);
    let read_cells = format == Format::Xlsx
        && strings.is_some()
        && kinds.complete
        && usual(shared_index, SHARED_STRINGS)
        && usual(styles_index, "xl/styles.xml")
        && office_document(&mut zip).as_deref() == Some("xl/workbook.xml");
    let context = read_cells.then_some(CellContext {
        kinds: &kinds.kinds,
        is_1904,
    });
    let mut sheet_cells: Vec<(String, SheetCells)> = Vec::new();
    // Every part but the worksheets first, then `early` on a second thread
    // while the worksheets are scanned here.
    let is_worksheet = |name: &str| {
        let lower = name.to_ascii_lowercase();
        sheet_names.contains_key(&lower) || lower.starts_with("xl/worksheets/")
    };
    let declared_sizes: Vec<u64> = (0..zip.len())
        .map(|i| zip.by_index_raw(i).map_or(0, |e| e.size()))
        .collect();
    // The styles were read above; scanned again only if a worksheet.
    let (worksheets, others): (Vec<usize>, Vec<usize>) = (0..zip.len())
        .filter(|&i| Some(i) != shared_index)
        .filter(|&i| Some(i) != styles_index || is_worksheet(&names[i]))
        .partition(|&i| is_worksheet(&names[i]));
    let mut scan = |index: usize| -> Result<()> {
        let found = read_entry(path, &mut zip, index, |mut reader, name, declared| {
            let lower = name.to_ascii_lowercase();
            let found = if format == Format::Xlsx {
                // Every part, whatever its name: calamine reads a worksheet
                // wherever the workbook's relationships point.
                let sheet = sheet_names.get(&lower).cloned();
                let scanned = scan_xlsx_part(
                    &mut reader,
                    declared,
                    &shared,
                    &percent_formats,
                    &mut budget,
                    context.filter(|_| sheet.is_some()),
                )
                .map_err(|p| p.into_error(path, name, sheet.as_deref()))?;
                if let Some(e) = scanned.read_error {
                    return Err(part_read_error(path, name, &e));
                }
                let facts = scanned.facts;
                if !facts.errors.is_empty() {
                    to_patch.push(name.to_string());
                }
                if let Some(sheet) = sheet {
                    if let Some(cells) = scanned.cells {
                        sheet_cells.push((sheet.clone(), cells));
                    }
                    inspection.extras.insert(sheet, facts);
                }
                None
            } else if format == Format::Xlsb
                && (xlsb_sheets.contains(&lower) || lower.starts_with("xl/worksheets/"))
            {
                scan_xlsb_sheet(&mut reader, &shared, &mut budget)
                    .map_err(|p| p.into_error(path, name, None))?;
                None
            } else if format == Format::Ods && lower == "content.xml" {
                Some(super::ods::scan(&mut reader).map_err(|p| p.into_error(path, name, None))?)
            } else if format == Format::Ods && lower == "settings.xml" {
                inspection.active = super::ods::active_table(&mut reader);
                None
            } else {
                None
            };
            Ok(found)
        })?;
        if let Some(extras) = found {
            inspection.extras = extras;
        }
        Ok(())
    };
    for &index in &others {
        scan(index)?;
    }
    // A second thread only for worksheets large enough to repay it.
    let sheet_bytes: u64 = worksheets.iter().map(|&i| declared_sizes[i]).sum();
    // The shared strings' text, read on a second thread (when there is
    // enough of it) while the worksheets are scanned.
    let mut texts: Option<Vec<String>> = None;
    let opened = if read_cells {
        let items = strings.take().unwrap_or_default();
        if items.xml.len() < PARALLEL_OPEN_BYTES as usize {
            for &index in &worksheets {
                scan(index)?;
            }
            texts = items.texts();
        } else {
            // The strings, which the table keeps, are made on this thread
            // (its memory is the one the later stages reuse); the
            // worksheets' scan, whose values are copied into the table, on
            // the other.
            texts = std::thread::scope(|scope| -> Result<Option<Vec<String>>> {
                let scanning = scope.spawn(|| -> Result<()> {
                    for &index in &worksheets {
                        scan(index)?;
                    }
                    Ok(())
                });
                let texts = items.texts();
                match scanning.join() {
                    Ok(scanned) => scanned.map(|()| texts),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            })?;
        }
        None
    } else if format != Format::Xlsx {
        for &index in &worksheets {
            scan(index)?;
        }
        None
    } else if sheet_bytes < PARALLEL_OPEN_BYTES {
        for &index in &worksheets {
            scan(index)?;
        }
        Some(early(format))
    } else {
        std::thread::scope(|scope| -> Result<Option<T>> {
            let opening = scope.spawn(move || early(format));
            for &index in &worksheets {
                scan(index)?;
            }
            Ok(opening.join().ok())
        })?
    };
    if !to_patch.is_empty() {
        inspection.patched =
            Some(patch_error_values(&mut zip, &to_patch).map_err(|e| damaged(path, e))?);
    } else if let Some(mut strings) = texts {
        let mut uses = vec![0u32; strings.len()];
        for (_, cells) in &sheet_cells {
            cells.count_uses(&mut uses);
        }
        let sheets = sheet_cells
            .into_iter()
            .filter_map(|(sheet, cells)| Some((sheet, cells.into_range(&mut strings, &mut uses)?)))
            .collect();
        inspection.cells = Some(ReadCells {
            sheets,
            shared_strings: shared_index.map(|i| names[i].clone()),
        });
    }
    Ok((format, inspection, opened))
}

/// The unpacked size of an .xlsx's worksheets from which calamine opens
/// the workbook on a second thread while they are checked, and of its
/// shared strings from which their text is read on one (below, the thread
/// costs more than it saves).
const PARALLEL_OPEN_BYTES: u64 = 1 << 20;

/// Reads entry `index` through a counter of its declared size: `scan`
/// reads what it needs (given the reader, the entry's name and declared
/// size), then the rest is read, so that every byte of every entry has
/// been through the counter and the CRC check at its end.
fn read_entry<T>(
    path: &Path,
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    index: usize,
    scan: impl FnOnce(&mut dyn BufRead, &str, u64) -> Result<T>,
) -> Result<T> {
    let mut entry = zip
        .by_index(index)
        .map_err(|e| damaged(path, format_args!("part {index}: {e}")))?;
    let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
    let declared = entry.size();
    let mut reader = BufReader::new(Capped {
        inner: &mut entry,
        left: declared,
    });
    let found = scan(&mut reader, &name, declared)?;
    std::io::copy(&mut reader, &mut std::io::sink())
        .map_err(|e| part_read_error(path, &name, &e))?;
    Ok(found)
}

/// The error values calamine 0.38 reads; any other (`#SPILL!`, `#CALC!`,
/// `#BLOCKED!` …) makes it refuse the whole sheet.
const KNOWN_ERRORS: &[&str] = &[
    "#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!",
];

/// The package with, in each of `parts`, every error cell whose value
/// calamine cannot read written as a text cell (`t="str"`) instead. Every
/// other entry is copied as it is.
fn patch_error_values(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    parts: &[String],
) -> std::result::Result<Vec<u8>, String> {
    use quick_xml::events::BytesStart;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..zip.len() {
        let name = zip
            .by_index_raw(index)
            .map_err(|e| e.to_string())?
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_default();
        if !parts.contains(&name) {
            let entry = zip.by_index_raw(index).map_err(|e| e.to_string())?;
            out.raw_copy_file(entry).map_err(|e| e.to_string())?;
            continue;
        }
        let mut xml_bytes = Vec::new();
        zip.by_index(index)
            .map_err(|e| e.to_string())?
            .take(MAX_ENTRY_BYTES)
            .read_to_end(&mut xml_bytes)
            .map_err(|e| e.to_string())?;
        let mut reader = quick_xml::Reader::from_reader(xml_bytes.as_slice());
        let mut writer = quick_xml::Writer::new(Vec::with_capacity(xml_bytes.len()));
        let mut buf = Vec::new();
        // An error cell is held back until its value is known.
        let mut held: Option<Vec<Event<'static>>> = None;
        let mut value = String::new();
        loop {
            let event = reader
                .read_event_into(&mut buf)
                .map_err(|e| e.to_string())?
                .into_owned();
            if matches!(event, Event::Eof) {
                break;
            }
            if let Event::Start(e) = &event {
                if e.local_name().as_ref() == "c"
                    && attr(e, "t").as_deref() == Some("e")
                    && held.is_none()
                {
                    held = Some(vec![event.clone()]);
                    value.clear();
                    buf.clear();
                    continue;
                }
            }
            if let Some(events) = held.as_mut() {
                if let Event::Text(t) = &event {
                    value.push_str(t);
                }
                let end = matches!(&event, Event::End(e) if e.local_name().as_ref() == "c");
                events.push(event);
                if end {
                    let unknown = !KNOWN_ERRORS.contains(&value.trim());
                    for (i, ev) in held.take().unwrap_or_default().into_iter().enumerate() {
                        let ev = match (i, ev) {
                            (0, Event::Start(start)) if unknown => {
                                let name = start.name().as_ref().to_string();
                                let mut new = BytesStart::new(name);
                                for a in start.attributes().flatten() {
                                    if a.key.as_ref() == "t" {
                                        new.push_attribute(("t", "str"));
                                    } else {
                                        new.push_attribute(a);
                                    }
                                }
                                Event::Start(new.into_owned())
                            }
                            (_, ev) => ev,
                        };
                        writer.write_event(ev).map_err(|e| e.to_string())?;
                    }
                }
                buf.clear();
                continue;
            }
            writer.write_event(event).map_err(|e| e.to_string())?;
            buf.clear();
        }
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file(name, options).map_err(|e| e.to_string())?;
        std::io::Write::write_all(&mut out, &writer.into_inner()).map_err(|e| e.to_string())?;
    }
    out.finish()
        .map(|c| c.into_inner())
        .map_err(|e| e.to_string())
}

fn part_read_error(path: &Path, name: &str, e: &std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::InvalidData && e.to_string() == LYING_ENTRY {
        Error::at(
            Location::file(path),
            SheetMsg::LyingPart {
                part: name.to_string(),
            },
        )
    } else {
        damaged(
            path,
            SheetMsg::Part {
                part: name.to_string(),
                detail: e.to_string(),
            },
        )
    }
}

/// Refuses a package whose declared sizes are beyond the limits.
fn check_declared_sizes(path: &Path, zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<()> {
    let mut total: u64 = 0;
    for index in 0..zip.len() {
        let entry = zip
            .by_index_raw(index)
            .map_err(|e| damaged(path, format_args!("part {index}: {e}")))?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let size = entry.size();
        let packed = entry.compressed_size().max(1);
        let refuse = |why: SheetMsg| Err(Error::at(Location::file(path), why));
        if size > MAX_ENTRY_BYTES {
            return refuse(SheetMsg::PartTooLarge {
                part: name,
                mib: size >> 20,
                max: MAX_ENTRY_BYTES >> 20,
            });
        }
        if size >= RATIO_CHECK_FROM_BYTES && size / packed > MAX_COMPRESSION_RATIO {
            return refuse(SheetMsg::PartRatio {
                part: name,
                ratio: size / packed,
            });
        }
        total = total.saturating_add(size);
        if total > MAX_UNPACKED_BYTES {
            return refuse(SheetMsg::PackageTooLarge {
                max: MAX_UNPACKED_BYTES >> 20,
            });
        }
    }
    Ok(())
}

/// Reads a small entry (at most 4 KiB) by name, if it is there.
fn read_small(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<Vec<u8>> {
    let entry = zip.by_name(name).ok()?;
    let mut out = Vec::new();
    entry.take(4096).read_to_end(&mut out).ok()?;
    Some(out)
}

const LYING_ENTRY: &str = "entry is longer than declared";

/// A reader that fails once more than `left` bytes come out of it.
struct Capped<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        match self.left.checked_sub(n as u64) {
            Some(left) => {
                self.left = left;
                Ok(n)
            }
            None => Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                LYING_ENTRY,
            )),
        }
    }
}

/// A problem found in one part, located once the part's sheet is known.
#[derive(Debug)]
pub struct PartProblem {
    /// The cell it is at, 0-based, if any.
    pub cell: Option<(u32, u32)>,
    /// What is wrong.
    pub message: String,
    /// The sheet, when the part holds several (an .ods) and it is known.
    pub sheet: Option<String>,
}

impl PartProblem {
    /// A problem at no particular cell.
    pub fn new(message: impl std::fmt::Display) -> Self {
        PartProblem {
            cell: None,
            message: message.to_string(),
            sheet: None,
        }
    }

    /// A problem at a cell (0-based row and column).
    pub fn at(cell: (u32, u32), message: impl std::fmt::Display) -> Self {
        PartProblem {
            cell: Some(cell),
            ..PartProblem::new(message)
        }
    }

    fn into_error(self, path: &Path, part: &str, sheet: Option<&str>) -> Error {
        let own = self.sheet.clone();
        let sheet = sheet.or(own.as_deref());
        let location = match (sheet, self.cell) {
            (Some(s), Some((r, c))) => Location::cell(path, s, r, c),
            (Some(s), None) => Location::sheet(path, s),
            (None, _) => Location::file(path),
        };
        let message = match sheet {
            Some(_) => self.message,
            None => SheetMsg::Part {
                part: part.to_string(),
                detail: self.message,
            }
            .to_string(),
        };
        Error::at(location, message)
    }
}

impl From<std::io::Error> for PartProblem {
    fn from(e: std::io::Error) -> Self {
        PartProblem::new(SheetMsg::CannotUnpack {
            detail: e.to_string(),
        })
    }
}

/// The bounding rectangle of the cells that hold a value.
#[derive(Debug, Default, Clone, Copy)]
pub struct Bounds {
    first: Option<((u32, u32), (u32, u32))>,
    /// The cell that reached furthest down, then right: named in messages.
    far: (u32, u32),
}

impl Bounds {
    /// Takes in a filled cell; refuses one beyond a sheet's last cell.
    pub fn add(&mut self, row: u32, col: u32) -> std::result::Result<(), PartProblem> {
        if row >= MAX_ROWS || col >= MAX_COLUMNS {
            return Err(PartProblem::new(SheetMsg::CellBeyondLimit {
                last: cell_name(MAX_ROWS - 1, MAX_COLUMNS - 1),
                row: u64::from(row) + 1,
                col: u64::from(col) + 1,
            }));
        }
        let ((r0, c0), (r1, c1)) = self.first.unwrap_or(((row, col), (row, col)));
        self.first = Some(((r0.min(row), c0.min(col)), (r1.max(row), c1.max(col))));
        if (row, col) > self.far {
            self.far = (row, col);
        }
        Ok(())
    }

    /// Refuses a rectangle of more than [`MAX_CELLS`] cells.
    pub fn check(&self) -> std::result::Result<(), PartProblem> {
        let Some(((r0, c0), (r1, c1))) = self.first else {
            return Ok(());
        };
        let cells = (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1);
        if cells > MAX_CELLS {
            return Err(PartProblem::at(
                self.far,
                SheetMsg::TooManyCells {
                    first: cell_name(r0, c0),
                    last: cell_name(r1, c1),
                    cells,
                    max: MAX_CELLS,
                    far: cell_name(self.far.0, self.far.1),
                },
            ));
        }
        Ok(())
    }
}

/// The text a workbook holds, counted as its cells are read, so that a
/// file is refused as soon as it passes a limit, before anything of that
/// size is built: a cell of more than [`MAX_CELL_CHARS`] characters, or
/// more than [`MAX_TABLE_TEXT_BYTES`] of text in all its sheets — every
/// cell that shows a shared string counting that string again, and a
/// repeated cell (.ods) counting once per repeat, as the reader makes a
/// copy for each.
#[derive(Debug, Default, Clone, Copy)]
pub struct TextBudget {
    total: u64,
}

impl TextBudget {
    /// Takes in a cell at `at` (0-based) of `chars` characters and `bytes`
    /// bytes of text, shown `times` times.
    pub fn cell(
        &mut self,
        at: (u32, u32),
        chars: u64,
        bytes: u64,
        times: u64,
    ) -> std::result::Result<(), PartProblem> {
        if chars > MAX_CELL_CHARS as u64 {
            return Err(PartProblem::at(
                at,
                SheetMsg::CellTooLong {
                    max: MAX_CELL_CHARS,
                },
            ));
        }
        self.total = self.total.saturating_add(bytes.saturating_mul(times));
        if self.total > MAX_TABLE_TEXT_BYTES as u64 {
            return Err(PartProblem::at(
                at,
                SheetMsg::TooMuchText {
                    max: MAX_TABLE_TEXT_BYTES >> 20,
                },
            ));
        }
        Ok(())
    }
}

/// The rows of one sheet that hold a value, counted as they are read:
/// more than [`MAX_ROWS_FILLED`] is refused at the first row too many.
#[derive(Debug, Default, Clone, Copy)]
pub struct RowCount {
    last: Option<u32>,
    rows: u64,
}

impl RowCount {
    /// Takes in a filled cell in 0-based `row` (rows come in order), the
    /// row standing for `times` rows (a repeated row of an .ods).
    pub fn filled(
        &mut self,
        row: u32,
        col: u32,
        times: u64,
    ) -> std::result::Result<(), PartProblem> {
        if self.last == Some(row) {
            return Ok(());
        }
        self.last = Some(row);
        self.rows = self.rows.saturating_add(times);
        if self.rows > u64::from(MAX_ROWS_FILLED) {
            let over = u64::from(MAX_ROWS_FILLED).saturating_sub(self.rows - times);
            let at = row.saturating_add(u32::try_from(over).unwrap_or(u32::MAX));
            return Err(PartProblem::at(
                (at, col),
                SheetMsg::TooManyRows {
                    max: MAX_ROWS_FILLED,
                },
            ));
        }
        Ok(())
    }
}

/// Parses `B7` into 0-based (row, column); `None` if it is not a cell name.
/// Rows and columns beyond a sheet's limits still parse (to be refused).
pub fn parse_cell_ref(text: &[u8]) -> Option<(u32, u32)> {
    let letters = text.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (cols, rows) = text.split_at(letters);
    if letters == 0 || letters > 4 || rows.is_empty() || rows.len() > 9 {
        return None;
    }
    let mut col: u32 = 0;
    for b in cols {
        col = col * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1);
    }
    let mut row: u32 = 0;
    for b in rows {
        if !b.is_ascii_digit() {
            return None;
        }
        row = row * 10 + u32::from(b - b'0');
    }
    Some((row.checked_sub(1)?, col - 1))
}

/// The value of an attribute by its qualified name, as written.
pub fn attr<'a>(e: &'a BytesStart<'_>, name: &str) -> Option<std::borrow::Cow<'a, str>> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value)
}

/// A decimal attribute; `None` when absent or not a number.
pub fn attr_u64(e: &BytesStart<'_>, name: &str) -> Option<u64> {
    attr(e, name)?.trim().parse().ok()
}

/// Worksheet parts of an .xlsx (lower-cased zip path) → sheet names, from
/// `xl/workbook.xml` and its relationships. Best effort: a part not found
/// here is still checked, and named by its path.
#[allow(clippy::type_complexity)]
fn xlsx_sheet_parts(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
) -> (HashMap<String, String>, Option<String>, bool) {
    let (ids, targets, active_tab, is_1904) =
        workbook_links(zip, "xl/workbook.xml", "xl/_rels/workbook.xml.rels");
    let active = ids
        .get(active_tab.unwrap_or(0))
        .map(|(_, name)| name.clone());
    let parts = ids
        .into_iter()
        .filter_map(|(id, name)| {
            let target = targets.get(&id)?;
            let part = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("xl/{target}"),
            };
            Some((part.to_ascii_lowercase(), name))
        })
        .collect();
    (parts, active, is_1904)
}

/// Parts an .xlsb's workbook links to (lower-cased zip paths), as calamine
/// finds its worksheets: `xl/` + each target of
/// `xl/_rels/workbook.bin.rels`. The styles and shared strings, records of
/// another kind, are left out.
fn xlsb_linked_parts(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> HashSet<String> {
    let (_, targets, _, _) = workbook_links(zip, "", "xl/_rels/workbook.bin.rels");
    targets
        .into_values()
        .map(|t| format!("xl/{t}").to_ascii_lowercase())
        .filter(|p| p != "xl/styles.bin" && p != "xl/sharedstrings.bin")
        .collect()
}

/// The `(r:id, name)` of each `<sheet>` in `workbook` (an XML part), the
/// `Id → Target` of each relationship in `rels`, the workbook's
/// `activeTab`, and whether it counts dates from 1904 (`date1904`, as
/// calamine reads it: the last `workbookPr` that says).
#[allow(clippy::type_complexity)]
fn workbook_links(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    workbook: &str,
    rels: &str,
) -> (
    Vec<(String, String)>,
    HashMap<String, String>,
    Option<usize>,
    bool,
) {
    let mut is_1904 = false;
    let mut ids: Vec<(String, String)> = Vec::new();
    let mut targets: HashMap<String, String> = HashMap::new();
    let mut active: Option<usize> = None;
    for (part, wanted) in [(workbook, "sheet"), (rels, "Relationship")] {
        let Ok(entry) = zip.by_name(part) else {
            continue;
        };
        let mut xml = quick_xml::Reader::from_reader(BufReader::new(entry.take(MAX_ENTRY_BYTES)));
        let mut buf = Vec::new();
        loop {
            match xml.read_event_into(&mut buf) {
                Ok(Event::Start(e) | Event::Empty(e))
                    if e.local_name().as_ref() == "workbookPr" =>
                {
                    if let Some(v) = attr(&e, "date1904") {
                        is_1904 = v == "1" || v == "true";
                    }
                }
                Ok(Event::Start(e) | Event::Empty(e))
                    if e.local_name().as_ref() == "workbookView" =>
                {
                    active = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == "activeTab")
                        .and_then(|a| a.value.trim().parse().ok());
                }
                Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == wanted => {
                    let text = |key: &str| {
                        e.attributes()
                            .flatten()
                            .find(|a| a.key.local_name().as_ref() == key)
                            .and_then(|a| {
                                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                    .ok()
                                    .map(|v| v.into_owned())
                            })
                    };
                    if wanted == "sheet" {
                        if let (Some(id), Some(name)) = (text("id"), text("name")) {
                            ids.push((id, name));
                        }
                    } else if let (Some(id), Some(target)) = (text("Id"), text("Target")) {
                        targets.insert(id, target);
                    }
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
            buf.clear();
        }
    }
    (ids, targets, active, is_1904)
}

/// The length of each shared string, in characters and bytes, in order.
#[derive(Debug, Default)]
pub struct SharedLengths(Vec<(u32, u32)>);

impl SharedLengths {
    /// The (characters, bytes) of string `index`; nothing when there is none.
    fn get(&self, index: &str) -> (u64, u64) {
        index
            .trim()
            .parse::<usize>()
            .ok()
            .and_then(|i| self.0.get(i))
            .map_or((0, 0), |&(c, b)| (u64::from(c), u64::from(b)))
    }
}

/// Scans the shared strings of an .xlsx: their declared counts (see
/// [`check_shared_strings`]), and the length of each, for the cells that
/// show them; more than [`MAX_TABLE_TEXT_BYTES`] of them together is
/// refused as it is read.
///
/// The reference for [`scan_shared_strings_bytes`], with an XML reader.
#[cfg(test)]
fn scan_shared_strings<R: BufRead>(
    reader: R,
    declared: u64,
) -> std::result::Result<SharedLengths, PartProblem> {
    let mut xml = lenient_reader(reader);
    let mut buf = Vec::new();
    let mut lengths = Vec::new();
    let (mut in_si, mut in_t) = (false, false);
    let (mut chars, mut bytes, mut total) = (0u64, 0u64, 0u64);
    while let Ok(event) = xml.read_event_into(&mut buf) {
        match &event {
            Event::Start(e) => match e.local_name().as_ref() {
                "sst" => check_shared_strings(e, declared)?,
                "si" => {
                    (in_si, chars, bytes) = (true, 0, 0);
                }
                "t" if in_si => in_t = true,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "sst" => check_shared_strings(e, declared)?,
                "si" => push_shared_string(&mut lengths, &mut total, 0, 0)?,
                _ => {}
            },
            Event::Text(t) if in_t => {
                chars += t.chars().count() as u64;
                bytes += t.len() as u64;
            }
            Event::GeneralRef(_) if in_t => {
                chars += 1;
                bytes += 4;
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_t = false,
                "si" if in_si => {
                    in_si = false;
                    push_shared_string(&mut lengths, &mut total, chars, bytes)?;
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(SharedLengths(lengths))
}

/// [`scan_shared_strings`], on the part read whole and scanned as bytes:
/// tags found with memchr, text counted without decoding it. The same
/// counts and refusals, for a tenth of the instructions: this scan comes
/// before calamine may open the workbook, so it is on every read's path.
/// The part is held only while it is scanned (it is at most
/// [`MAX_ENTRY_BYTES`], checked before), and freed before calamine reads
/// its own copy.
fn scan_shared_strings_bytes<R: BufRead>(
    mut reader: R,
    declared: u64,
) -> std::result::Result<(SharedLengths, Option<StringItems>), PartProblem> {
    let mut xml = Vec::with_capacity(usize::try_from(declared.min(MAX_ENTRY_BYTES)).unwrap_or(0));
    reader.read_to_end(&mut xml)?;
    let mut lengths = Vec::new();
    // Where each string's content is, for its text to be read later.
    let mut items: Vec<(usize, usize)> = Vec::new();
    let mut si_from = 0;
    // calamine reads up to the table's end, and refuses a table without one.
    let mut ended = false;
    // A string inside another, or a table calamine would refuse: its text is
    // left to calamine.
    let mut declined = false;
    let mut nesting = super::xlsx::Nesting::default();
    let (mut in_si, mut in_t) = (false, false);
    let (mut chars, mut bytes, mut total) = (0u64, 0u64, 0u64);
    // Text between tags: characters (the bytes that begin one) and bytes;
    // a reference (`&amp;`) counts one character of four bytes.
    let count = |text: &[u8], chars: &mut u64, bytes: &mut u64| {
        let plain = |t: &[u8], chars: &mut u64, bytes: &mut u64| {
            *chars += char_starts(t);
            *bytes += t.len() as u64;
        };
        let mut from = 0;
        while let Some(amp) = memchr::memchr(b'&', &text[from..]).map(|i| from + i) {
            let Some(semi) = memchr::memchr(b';', &text[amp..]).map(|i| amp + i) else {
                break;
            };
            plain(&text[from..amp], chars, bytes);
            *chars += 1;
            *bytes += 4;
            from = semi + 1;
        }
        plain(&text[from..], chars, bytes);
    };
    let find = |at: usize, what: &[u8]| {
        memchr::memmem::find(&xml[at..], what).map_or(xml.len(), |i| at + i + what.len())
    };
    let mut at = 0;
    while at < xml.len() {
        let Some(open) = memchr::memchr(b'<', &xml[at..]).map(|i| at + i) else {
            break;
        };
        let text = &xml[at..open];
        if in_t {
            count(text, &mut chars, &mut bytes);
        }
        // An `&` that begins no reference: calamine's reader refuses the
        // table, wherever it is; left to it.
        if text.contains(&b'&') && !super::xlsx::references_ok(text) {
            declined = true;
        }
        let rest = &xml[open..];
        if rest.starts_with(b"<!--") {
            at = find(open, b"-->");
            continue;
        }
        if rest.starts_with(b"<![CDATA[") {
            at = find(open, b"]]>");
            continue;
        }
        if rest.starts_with(b"<?") {
            at = find(open, b"?>");
            continue;
        }
        // A tag ends at the first `>` outside a quoted attribute value.
        let Some(close) = super::xlsx::tag_end(rest) else {
            break;
        };
        at = open + close + 1;
        let inner = &rest[1..close];
        if let Some(end) = inner.strip_prefix(b"/") {
            let (len, local) = tag_name(end);
            nesting.close(&end[..len]);
            // `</si/>`: an end tag of another name to an XML reader.
            declined |= !end[len..].iter().all(u8::is_ascii_whitespace);
            match local {
                b"t" => in_t = false,
                b"sst" => ended = true,
                b"si" if in_si => {
                    in_si = false;
                    push_shared_string(&mut lengths, &mut total, chars, bytes)?;
                    items.push((si_from, open));
                }
                _ => {}
            }
            continue;
        }
        if inner.starts_with(b"!") {
            continue;
        }
        let (empty, content) = super::xlsx::self_closing(inner);
        let (name_len, local) = tag_name(content);
        if !empty {
            nesting.open(&content[..name_len]);
        }
        // Attributes that do not read as XML's: left to calamine, whose
        // reader refuses them where it reads them.
        if content[name_len..].iter().any(|b| !b.is_ascii_whitespace()) {
            let readable = std::str::from_utf8(content).is_ok_and(|text| {
                BytesStart::from_content(text, name_len)
                    .attributes()
                    .all(|a| a.is_ok())
            });
            declined |= !readable;
        }
        match (local, empty) {
            (b"sst", _) => {
                let Ok(text) = std::str::from_utf8(content) else {
                    break;
                };
                check_shared_strings(&BytesStart::from_content(text, name_len), declared)?;
            }
            (b"si", false) => {
                // calamine reads a string up to the first end of one, so
                // that one inside another ends both: left to it.
                declined |= in_si;
                (in_si, chars, bytes) = (true, 0, 0);
                si_from = at;
            }
            (b"si", true) => {
                declined |= in_si;
                push_shared_string(&mut lengths, &mut total, 0, 0)?;
                items.push((at, at));
            }
            (b"t", false) if in_si => in_t = true,
            _ => {}
        }
    }
    let items = (ended && !declined && nesting.sound()).then_some(StringItems { xml, items });
    Ok((SharedLengths(lengths), items))
}

/// The shared strings part as read, and where each string's content is in
/// it: their text is read from it once the checks have passed.
#[derive(Debug, Default)]
struct StringItems {
    xml: Vec<u8>,
    items: Vec<(usize, usize)>,
}

impl StringItems {
    /// Each string's text, as calamine reads it; `None` when one is
    /// declined ([`super::xlsx::string_item`]).
    fn texts(self) -> Option<Vec<String>> {
        self.items
            .iter()
            .map(|&(from, to)| super::xlsx::string_item(&self.xml[from..to]))
            .collect()
    }
}

/// Records one shared string of `chars` characters and `bytes` bytes,
/// refusing one more than [`MAX_SHARED_STRINGS`] or a `total` of text
/// beyond [`MAX_TABLE_TEXT_BYTES`].
fn push_shared_string(
    lengths: &mut Vec<(u32, u32)>,
    total: &mut u64,
    chars: u64,
    bytes: u64,
) -> std::result::Result<(), PartProblem> {
    if lengths.len() as u64 >= MAX_SHARED_STRINGS {
        return Err(PartProblem::new(SheetMsg::TooManySharedStrings {
            key: "si".to_string(),
            digits: (lengths.len() + 1).to_string(),
            max: MAX_SHARED_STRINGS,
        }));
    }
    *total += bytes;
    if *total > MAX_TABLE_TEXT_BYTES as u64 {
        return Err(PartProblem::new(SheetMsg::SharedStringsTooLarge {
            max: MAX_TABLE_TEXT_BYTES >> 20,
        }));
    }
    let clip = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    lengths.push((clip(chars), clip(bytes)));
    Ok(())
}

/// How many characters begin in `bytes` of UTF-8 (the bytes that are not
/// continuation bytes), 32 bytes at a time so that it is vectorised.
fn char_starts(bytes: &[u8]) -> u64 {
    let starts = |block: &[u8]| {
        block
            .iter()
            .fold(0u8, |n, &b| n + u8::from(b & 0xC0 != 0x80)) as u64
    };
    let mut blocks = bytes.chunks_exact(32);
    let whole: u64 = (&mut blocks).map(starts).sum();
    whole + starts(blocks.remainder())
}

/// The shared strings of an .xlsx whose workbook is in `xl/`.
const SHARED_STRINGS: &str = "xl/sharedStrings.xml";

/// Whether a part of an .xlsx is its shared strings (calamine reads
/// `xl/sharedStrings.xml`).
fn is_shared_strings(name: &str) -> bool {
    name.eq_ignore_ascii_case(SHARED_STRINGS)
}

/// The package's main part, as calamine finds it: the target of the last
/// `officeDocument` relationship in `_rels/.rels`, without a leading `/`.
fn office_document(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Option<String> {
    let rels = read_small(zip, "_rels/.rels")?;
    let mut xml = quick_xml::Reader::from_reader(rels.as_slice());
    let mut target = None;
    loop {
        match xml.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let office =
                    attr(&e, "Type").is_some_and(|t| t.ends_with("/relationships/officeDocument"));
                if office {
                    if let Some(t) = attr(&e, "Target") {
                        target = Some(t.strip_prefix('/').unwrap_or(&t).to_string());
                    }
                }
            }
            Ok(Event::Eof) => break,
            Err(_) => return None,
            _ => {}
        }
    }
    target
}

/// Scans one XML part of an .xlsx: a worksheet's filled cells, dimension and
/// merged regions, and its text (each cell counted into `budget`, a shared
/// string by its length in `shared`) and rows.
///
/// Given `cells` (for a worksheet, when the workbook's cells are read
/// here), it also reads each cell's value as calamine would
/// ([`super::xlsx`]), and gives them back unless it declined. The part is
/// read whole first (it is at most [`MAX_ENTRY_BYTES`], checked before); a
/// failure to unpack it comes back beside what was found in the bytes
/// before it, to be reported after what the scan found wrong.
fn scan_xlsx_part<R: BufRead>(
    mut reader: R,
    declared: u64,
    shared: &SharedLengths,
    percent_formats: &PercentFormats,
    budget: &mut TextBudget,
    cells: Option<CellContext<'_>>,
) -> std::result::Result<ScannedPart, PartProblem> {
    let mut bytes = Vec::with_capacity(usize::try_from(declared.min(MAX_ENTRY_BYTES)).unwrap_or(0));
    let read_error = reader.read_to_end(&mut bytes).err();
    let mut xml = lenient_reader(bytes.as_slice());
    let mut rows = RowCount::default();
    // The text of the cell being read: characters and bytes.
    let (mut chars, mut bytes_in_cell) = (0u64, 0u64);
    let mut shared_ref = false;
    let mut bounds = Bounds::default();
    let mut in_data = false;
    let (mut row, mut next_col): (Option<u32>, u32) = (None, 0);
    let mut cell: Option<(u32, u32)> = None;
    let mut filled = false;
    let mut merges: usize = 0;
    let mut facts = SheetExtras {
        formats_read: true,
        ..SheetExtras::default()
    };
    // The cell being read: has a formula, is an error, its value's text.
    let (mut formula, mut error, mut in_value) = (false, false, false);
    let mut value = String::new();
    // The cells read as calamine reads them, while none is declined: the
    // cell's type and format, the value it has so far (calamine keeps its
    // last child's), where its `<v>` or `<is>` began, and how deep in it
    // the reader is.
    let mut read = cells.map(|context| (context, SheetCells::default()));
    let (mut cell_type, mut cell_style) = (CellType::Number, CellStyle::Default);
    let mut current: Option<Value> = None;
    let (mut value_from, mut depth) = (0usize, 0u32);
    let mut data_ended = false;
    let mut nesting = super::xlsx::Nesting::default();
    // Where the XML breaks, calamine stops with an error too, before it
    // allocates anything for the cells: what was seen so far is checked.
    while let Ok(event) = xml.read_event() {
        let at = xml.buffer_position() as usize;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                if !empty && !data_ended {
                    nesting.open(e.name().as_ref().as_bytes());
                }
                let local = e.local_name();
                let local = local.as_ref();
                // A child of the cell being read, for its value.
                if let (Some(_), Some((context, _))) = (cell, &read) {
                    let mut child = Ok(current.take());
                    if depth == 0 {
                        child = match local {
                            "v" | "is" if empty => {
                                child_value(local, cell_type, cell_style, b"", context)
                            }
                            "v" | "is" => {
                                value_from = at;
                                child
                            }
                            "f" => Ok(None),
                            _ => Err(()),
                        };
                    }
                    match child {
                        Ok(v) => current = v,
                        Err(()) => read = None,
                    }
                    if !empty {
                        depth += 1;
                    }
                }
                match local {
                    "sst" => check_shared_strings(e, declared)?,
                    "sheetData" => {
                        in_data = !empty;
                        data_ended = empty;
                    }
                    "dimension" => {
                        let dimension = attr(e, "ref");
                        let plain = dimension.as_ref().is_some_and(|r| {
                            r.split(':').count() <= 2
                                && r.split(':').all(|p| is_plain_ref(p.as_bytes()))
                        });
                        if !plain {
                            read = None;
                        }
                        if let Some(r) = dimension {
                            for part in r.split(':') {
                                if let Some((row, col)) = parse_cell_ref(part.as_bytes()) {
                                    Bounds::default().add(row, col).map_err(|mut p| {
                                        p.message = SheetMsg::DimensionBeyondLimit {
                                            size: r.to_string(),
                                        }
                                        .to_string();
                                        p
                                    })?;
                                }
                            }
                        }
                    }
                    "mergeCell" => {
                        merges += 1;
                        if merges > MAX_MERGED_REGIONS {
                            return Err(PartProblem::new(SheetMsg::TooManyMerges {
                                max: MAX_MERGED_REGIONS,
                            }));
                        }
                        // As calamine reads it: `A1:C2`, or one cell.
                        if let Some(region) = attr(e, "ref").and_then(|r| region(&r)) {
                            facts.merges.push(region);
                        }
                    }
                    "row" if in_data => {
                        // calamine refuses the sheet for an attribute it
                        // cannot read, or a row number that is not one.
                        if e.attributes().any(|a| a.is_err())
                            || attr(e, "r").is_some_and(|r| !is_plain_count(r.as_bytes(), 7))
                        {
                            read = None;
                        }
                        let r = attr_u64(e, "r")
                            .and_then(|r| r.checked_sub(1))
                            .map(|r| u32::try_from(r).unwrap_or(u32::MAX))
                            .unwrap_or_else(|| row.map_or(0, |r| r.saturating_add(1)));
                        row = Some(r);
                        next_col = 0;
                        if attr(e, "hidden").is_some_and(|h| h == "1" || h == "true") {
                            facts.hidden_rows.insert(r);
                        }
                    }
                    "col" if !in_data => {
                        let hidden = attr(e, "hidden").is_some_and(|h| h == "1" || h == "true");
                        if let (true, Some(min), Some(max)) =
                            (hidden, attr_u64(e, "min"), attr_u64(e, "max"))
                        {
                            let to = |n: u64| {
                                u32::try_from(n.clamp(1, u64::from(MAX_COLUMNS)))
                                    .unwrap_or(MAX_COLUMNS)
                                    - 1
                            };
                            facts.hidden_cols.push((to(min), to(max.max(min))));
                        }
                    }
                    "c" if in_data => {
                        // Its reference, format and type, in one pass over
                        // its attributes (the first of each, as `attr`).
                        let (mut r, mut style, mut kind) = (None, None, None);
                        for a in e.attributes() {
                            // calamine refuses the sheet for an attribute it
                            // cannot read: left to it.
                            let Ok(a) = a else {
                                read = None;
                                continue;
                            };
                            let slot = match a.key.as_ref() {
                                "r" => &mut r,
                                "s" => &mut style,
                                "t" => &mut kind,
                                _ => continue,
                            };
                            if slot.is_none() {
                                *slot = Some(a.value);
                            }
                        }
                        // calamine places a cell without a reference by
                        // counting: left to it.
                        if !r.as_deref().is_some_and(|r| is_plain_ref(r.as_bytes())) {
                            read = None;
                        }
                        let pos = r
                            .as_ref()
                            .and_then(|r| parse_cell_ref(r.as_bytes()))
                            .unwrap_or((row.unwrap_or(0), next_col));
                        next_col = pos.1.saturating_add(1);
                        if let Some(decimals) = style
                            .as_ref()
                            .and_then(|s| s.trim().parse::<u64>().ok())
                            .and_then(|id| percent_formats.of(id))
                        {
                            facts.percent.insert(pos, decimals);
                        }
                        // A cell written `<c r="B2" s="1"/>` holds no value:
                        // calamine leaves it out, and so does the count.
                        filled = false;
                        formula = false;
                        error = kind.as_deref() == Some("e");
                        shared_ref = kind.as_deref() == Some("s");
                        (chars, bytes_in_cell) = (0, 0);
                        cell = (!empty).then_some(pos);
                        if read.is_some() {
                            cell_type = CellType::of(kind.as_deref());
                            cell_style = CellStyle::of(style.as_deref());
                            current = None;
                            depth = 0;
                        }
                    }
                    "v" | "is" if cell.is_some() => {
                        filled = true;
                        in_value = !empty;
                        value.clear();
                    }
                    "f" if cell.is_some() => formula = true,
                    _ => {}
                }
            }
            Event::Text(t) if in_value => {
                chars += t.chars().count() as u64;
                bytes_in_cell += t.len() as u64;
                if value.len() < 64 {
                    value.push_str(t);
                }
            }
            Event::GeneralRef(_) if in_value => {
                chars += 1;
                bytes_in_cell += 4;
            }
            Event::End(e) => {
                if !data_ended {
                    nesting.close(e.name().as_ref().as_bytes());
                    if nesting.broken() {
                        read = None;
                    }
                }
                let local = e.local_name();
                let local = local.as_ref();
                if let (Some(_), Some((context, _)), true) = (cell, &read, depth > 0) {
                    depth -= 1;
                    if depth == 0 && matches!(local, "v" | "is") {
                        // The content: up to this end tag.
                        let end = bytes[value_from..at]
                            .windows(2)
                            .rposition(|w| w == b"</")
                            .map_or(value_from, |i| value_from + i);
                        let content = &bytes[value_from..end];
                        match child_value(local, cell_type, cell_style, content, context) {
                            Ok(v) => current = v,
                            Err(()) => read = None,
                        }
                    }
                }
                match local {
                    "c" => {
                        if let (Some(pos), Some((_, read))) = (cell, &mut read) {
                            if let Some(v) = current.take() {
                                read.cells.push((pos, v));
                            }
                        }
                        match (cell.take(), filled) {
                            (Some((r, c)), true) => {
                                bounds.add(r, c)?;
                                rows.filled(r, c, 1)?;
                                let (n, size) = if shared_ref {
                                    shared.get(&value)
                                } else {
                                    (chars, bytes_in_cell)
                                };
                                budget.cell((r, c), n, size, 1)?;
                                let v = value.trim();
                                if error
                                    && !KNOWN_ERRORS.contains(&v)
                                    && facts.errors.len() < 10_000
                                {
                                    facts.errors.insert((r, c), v.to_string());
                                }
                            }
                            (Some(pos), false) if formula && facts.uncached.len() < 10_000 => {
                                facts.uncached.insert(pos);
                            }
                            _ => {}
                        }
                        in_value = false;
                    }
                    "v" | "is" => in_value = false,
                    "sheetData" => {
                        in_data = false;
                        data_ended = true;
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    bounds.check()?;
    Ok(ScannedPart {
        facts,
        cells: read.filter(|_| data_ended).map(|(_, cells)| cells),
        read_error,
    })
}
/// What a worksheet's values are read with: each cell format's kind of
/// number, and whether the workbook counts dates from 1904.
#[derive(Debug, Clone, Copy)]
struct CellContext<'a> {
    kinds: &'a [NumberKind],
    is_1904: bool,
}

/// What [`scan_xlsx_part`] found.
struct ScannedPart {
    facts: SheetExtras,
    /// The cells, when read and not declined.
    cells: Option<SheetCells>,
    /// Why the part could not be unpacked to its end, if it could not.
    read_error: Option<std::io::Error>,
}

/// The value of a cell's `<v>` or `<is>` whose content is `content`.
fn child_value(
    child: &str,
    kind: CellType,
    style: CellStyle,
    content: &[u8],
    context: &CellContext<'_>,
) -> std::result::Result<Option<Value>, ()> {
    if child == "is" {
        return super::xlsx::string_item(content)
            .map(|s| Some(Value::Data(calamine::Data::String(s))))
            .ok_or(());
    }
    super::xlsx::cell_value(kind, style, content, context.kinds, context.is_1904)
}

/// `B12`: a cell reference as Excel writes it, which every reader reads
/// alike.
fn is_plain_ref(text: &[u8]) -> bool {
    let letters = text.iter().take_while(|b| b.is_ascii_uppercase()).count();
    (1..=3).contains(&letters) && is_plain_count(&text[letters..], 7)
}

/// Merged region `A1:C2` (or `B4`, one cell), 0-based and inclusive.
fn region(text: &str) -> Option<calamine::Dimensions> {
    let (a, b) = text.split_once(':').unwrap_or((text, text));
    let start = parse_cell_ref(a.trim().as_bytes())?;
    let end = parse_cell_ref(b.trim().as_bytes())?;
    Some(calamine::Dimensions { start, end })
}

/// For each cell format (`cellXfs`) of a workbook, the percentage it shows
/// if it shows one: its decimals, as calamine's styles would give them (a
/// format 0 and formats beyond the list are none, as calamine has it).
#[derive(Debug, Default)]
struct PercentFormats(Vec<Option<u8>>, Vec<bool>);

impl PercentFormats {
    /// The decimals of format `id`, when it is a percentage.
    fn of(&self, id: u64) -> Option<Option<u8>> {
        let id = usize::try_from(id).ok().filter(|&id| id > 0)?;
        self.1.get(id).copied()?.then(|| self.0[id])
    }
}

/// Reads the number formats of `xl/styles.xml`: built-in 9 (`0%`) and 10
/// (`0.00%`) and every custom code that shows a percentage. Best effort:
/// what does not parse shows no percentage. With them, what each format
/// makes of a number (a date, a duration) as calamine reads it, for the
/// cells read here ([`super::xlsx`]).
fn scan_styles<R: BufRead>(reader: R) -> (PercentFormats, NumberKinds) {
    let mut xml = lenient_reader(reader);
    let mut buf = Vec::new();
    let mut codes: HashMap<String, String> = HashMap::new();
    // calamine's key: the id as written.
    let mut raw_codes: HashMap<String, String> = HashMap::new();
    let mut formats = PercentFormats::default();
    let mut kinds = NumberKinds {
        complete: true,
        ..NumberKinds::default()
    };
    let mut in_xfs = false;
    // Cell formats nested in a format (none in practice) are not counted.
    let mut depth = 0u32;
    while let Ok(event) = xml.read_event_into(&mut buf) {
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    "numFmt" => {
                        if let (Some(id), Some(code)) = (attr(e, "numFmtId"), attr(e, "formatCode"))
                        {
                            let code = quick_xml::escape::unescape(&code)
                                .map(|c| c.into_owned())
                                .unwrap_or_else(|_| code.into_owned());
                            if codes.len() < MAX_NUMBER_FORMATS {
                                codes.insert(id.trim().to_string(), code.clone());
                                raw_codes.insert(id.into_owned(), code);
                            } else {
                                kinds.complete = false;
                            }
                        }
                    }
                    "cellXfs" => in_xfs = !empty,
                    "xf" if in_xfs && depth == 0 => {
                        if formats.0.len() >= MAX_CELL_FORMATS {
                            kinds.complete = false;
                            break;
                        }
                        kinds
                            .kinds
                            .push(attr(e, "numFmtId").map_or(NumberKind::Number, |id| {
                                super::xlsx::number_kind(&id, &raw_codes)
                            }));
                        let decimals = attr(e, "numFmtId").and_then(|id| {
                            let id = id.trim().to_string();
                            let code = match codes.get(&id) {
                                Some(code) => code.as_str(),
                                None => match id.as_str() {
                                    "9" => "0%",
                                    "10" => "0.00%",
                                    _ => return None,
                                },
                            };
                            super::cell::percent_decimals(code)
                        });
                        formats.0.push(decimals);
                        formats.1.push(decimals.is_some());
                        if !empty {
                            depth += 1;
                        }
                    }
                    _ if in_xfs && depth > 0 && !empty => depth += 1,
                    _ => {}
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "cellXfs" => in_xfs = false,
                _ if depth > 0 => depth -= 1,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    (formats, kinds)
}

/// What each cell format (`cellXfs`) makes of a number; `complete` unless
/// the styles hold more formats than are read.
#[derive(Debug, Default)]
struct NumberKinds {
    kinds: Vec<NumberKind>,
    complete: bool,
}

/// An XML reader as tolerant as calamine's (end names and comments not
/// checked), so that the scan stops where calamine would, and no earlier.
pub fn lenient_reader<R: BufRead>(reader: R) -> quick_xml::Reader<R> {
    let mut xml = quick_xml::Reader::from_reader(reader);
    let config = xml.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    xml
}

/// Refuses a shared-string table that declares more strings than any sheet
/// can use, or than its own size can hold (`<si/>` takes at least 5 bytes):
/// calamine reserves room for `uniqueCount` strings before reading one.
fn check_shared_strings(e: &BytesStart<'_>, declared: u64) -> std::result::Result<(), PartProblem> {
    let room = declared / 5 + 1;
    for key in ["uniqueCount", "count"] {
        let Some(text) = attr(e, key) else { continue };
        // calamine parses the count as an unsigned integer and ignores what
        // does not parse; huge values are what matter.
        let digits = text.trim();
        let n: Option<u64> = digits.parse().ok();
        let too_many = match n {
            Some(n) => n > MAX_SHARED_STRINGS || (key == "uniqueCount" && n > room),
            None => digits.len() > 15 && digits.bytes().all(|b| b.is_ascii_digit()),
        };
        if too_many {
            return Err(PartProblem::new(SheetMsg::TooManySharedStrings {
                key: key.to_string(),
                digits: digits.to_string(),
                max: MAX_SHARED_STRINGS,
            }));
        }
    }
    Ok(())
}

/// Scans an .xlsb worksheet (BIFF12 records) for its filled cells.
///
/// A record is a type and a size, each a little-endian base-128 number,
/// then the data. `BrtRowHdr` (0) gives the row; cell records 2–11 start
/// with their column (`BrtCellBlank`, 1, holds no value and is skipped).
fn scan_xlsb_sheet<R: BufRead>(
    reader: &mut R,
    shared: &SharedLengths,
    budget: &mut TextBudget,
) -> std::result::Result<(), PartProblem> {
    let mut bounds = Bounds::default();
    let mut rows = RowCount::default();
    let mut row: u32 = 0;
    while let Some((typ, head, take)) = xlsb_record(reader)? {
        let u32_at = |at: usize| {
            (take >= at + 4)
                .then(|| u32::from_le_bytes([head[at], head[at + 1], head[at + 2], head[at + 3]]))
        };
        let Some(value) = u32_at(0) else { continue };
        match typ {
            0x0000 => row = value,
            0x0002..=0x000B | 0x003E => {
                bounds.add(row, value)?;
                rows.filled(row, value, 1)?;
                // The text cells: a shared string (BrtCellIsst), a string
                // (BrtCellSt, BrtFmlaString) or rich text (BrtCellRString),
                // each UTF-16 (at most three bytes a unit in UTF-8).
                let (chars, bytes) = match typ {
                    0x0007 => u32_at(8).map_or((0, 0), |i| shared.get(&i.to_string())),
                    0x0006 | 0x0008 => {
                        u32_at(8).map_or((0, 0), |n| (u64::from(n), 3 * u64::from(n)))
                    }
                    0x003E => {
                        let n = (take >= 13)
                            .then(|| u32::from_le_bytes([head[9], head[10], head[11], head[12]]));
                        n.map_or((0, 0), |n| (u64::from(n), 3 * u64::from(n)))
                    }
                    _ => (0, 0),
                };
                budget.cell((row, value), chars, bytes, 1)?;
            }
            _ => {}
        }
    }
    bounds.check()
}

/// The next BIFF12 record: its type, and the first bytes of its data (at
/// most 16; the rest is skipped). A record is a type and a size, each a
/// little-endian base-128 number, then the data.
fn xlsb_record<R: BufRead>(reader: &mut R) -> std::io::Result<Option<(u32, [u8; 16], usize)>> {
    fn varint<R: Read>(r: &mut R, max_bytes: usize) -> std::io::Result<Option<u32>> {
        let mut value: u32 = 0;
        for i in 0..max_bytes {
            let mut b = [0u8; 1];
            if r.read(&mut b)? == 0 {
                return Ok(None);
            }
            value |= u32::from(b[0] & 0x7F) << (7 * i);
            if b[0] & 0x80 == 0 {
                break;
            }
        }
        Ok(Some(value))
    }
    let Some(typ) = varint(reader, 2)? else {
        return Ok(None);
    };
    let Some(size) = varint(reader, 4)? else {
        return Ok(None);
    };
    let mut head = [0u8; 16];
    let take = (size as usize).min(head.len());
    reader.read_exact(&mut head[..take])?;
    let rest = u64::from(size) - take as u64;
    std::io::copy(&mut reader.take(rest), &mut std::io::sink())?;
    Ok(Some((typ, head, take)))
}

/// The length of each shared string of an .xlsb (`BrtSSTItem` records of
/// `xl/sharedStrings.bin`: a flags byte, then the count of UTF-16 units).
fn scan_xlsb_shared_strings<R: BufRead>(
    reader: &mut R,
) -> std::result::Result<SharedLengths, PartProblem> {
    let mut lengths = Vec::new();
    let mut total = 0u64;
    while let Some((typ, head, take)) = xlsb_record(reader)? {
        if typ != 0x0013 || take < 5 {
            continue;
        }
        let units = u32::from_le_bytes([head[1], head[2], head[3], head[4]]);
        total += 3 * u64::from(units);
        if lengths.len() as u64 >= MAX_SHARED_STRINGS {
            return Err(PartProblem::new(SheetMsg::TooManySharedStrings {
                key: "BrtSSTItem".to_string(),
                digits: (lengths.len() + 1).to_string(),
                max: MAX_SHARED_STRINGS,
            }));
        }
        if total > MAX_TABLE_TEXT_BYTES as u64 {
            return Err(PartProblem::new(SheetMsg::SharedStringsTooLarge {
                max: MAX_TABLE_TEXT_BYTES >> 20,
            }));
        }
        lengths.push((units, units.saturating_mul(3)));
    }
    Ok(SharedLengths(lengths))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The merged regions and percentage cells the scan records are what
    /// calamine's own passes over the worksheet give, on a workbook with
    /// built-in and custom percentage formats, a format 0 and merges.
    #[test]
    fn merges_and_percentages_read_with_the_cells_are_calamine_s() {
        use calamine::Reader;
        use rust_xlsxwriter::{Format, Workbook};
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name("台账").expect("name");
        let formats = [
            // Built-in formats 9 and 10, and custom ones.
            Format::new().set_num_format_index(9),
            Format::new().set_num_format_index(10),
            Format::new().set_num_format("0.0%;[Red]-0.0%"),
            Format::new().set_num_format("\"完成\"0%"),
            Format::new().set_num_format("0.00"),
            Format::new().set_num_format("yyyy-mm-dd"),
        ];
        for (row, format) in (1u32..).zip(&formats) {
            for col in 0..3u16 {
                sheet
                    .write_number_with_format(row, col, 0.5 + f64::from(row), format)
                    .expect("write");
            }
        }
        sheet.write_number(9, 1, 0.25).expect("write");
        let plain = Format::new();
        sheet
            .merge_range(0, 0, 0, 2, "标题", &plain)
            .expect("merge");
        sheet
            .merge_range(10, 1, 12, 1, "任务", &plain)
            .expect("merge");
        let bytes = workbook.save_to_buffer().expect("save");

        let (_, inspection) = inspect(Path::new("t.xlsx"), &bytes, false).expect("inspect");
        let extras = &inspection.extras["台账"];
        assert!(extras.formats_read);
        let mut xlsx = calamine::Xlsx::new(Cursor::new(bytes)).expect("open");
        let mut merges = xlsx.merge_cells_by_sheet_name("台账").expect("merges");
        let mut ours = extras.merges.clone();
        let key = |d: &calamine::Dimensions| (d.start, d.end);
        merges.sort_by_key(key);
        ours.sort_by_key(key);
        assert_eq!(ours, merges);
        assert_eq!(ours.len(), 2);
        let styles = xlsx.worksheet_style("台账").expect("styles");
        for row in 0..14u32 {
            for col in 0..4u32 {
                let theirs = styles
                    .get((row, col))
                    .and_then(|s| s.number_format.as_ref())
                    .and_then(|f| super::super::cell::percent_decimals(&f.format_code));
                let ours = extras.percent.get(&(row, col)).copied().flatten();
                assert_eq!(ours, theirs, "cell {}", cell_name(row, col));
                assert_eq!(extras.percent.contains_key(&(row, col)), theirs.is_some());
            }
        }
        assert_eq!(extras.percent.len(), 4 * 3);
    }

    #[test]
    fn the_shared_strings_scanned_as_bytes_count_as_the_xml_reader_counts() {
        let parts = [
            concat!(
                r#"<?xml version="1.0"?><sst xmlns="x" count="9" uniqueCount="6">"#,
                r#"<si><t>完成</t></si><si/><si><t xml:space="preserve"> a&amp;b&#x4E00; </t></si>"#,
                r#"<si><r><rPr><b/></rPr><t>甲</t></r><r><t>乙<!-- 丙 --></t></r></si>"#,
                r#"<si><t><![CDATA[x]]>y</t><rPh sb="0" eb="1"><t>jia</t></rPh></si>"#,
                r#"<x:si a='>'><x:t>前</x:t></x:si></sst>"#
            ),
            r#"<sst uniqueCount="99999999999999999999"><si><t>a</t></si></sst>"#,
            r#"<sst uniqueCount="10"></sst>"#,
        ];
        for part in parts {
            let declared = part.len() as u64;
            let old = scan_shared_strings(part.as_bytes(), declared);
            let new = scan_shared_strings_bytes(part.as_bytes(), declared);
            match (old, new) {
                (Ok(a), Ok((b, _))) => assert_eq!(a.0, b.0, "{part}"),
                (Err(a), Err(b)) => assert_eq!(a.message, b.message, "{part}"),
                (a, b) => panic!("{part}: {a:?} against {b:?}"),
            }
        }
        let (lengths, _) = scan_shared_strings_bytes(parts[0].as_bytes(), 10_000).expect("scans");
        assert_eq!(lengths.0.len(), 6);
        assert_eq!(lengths.0[0], (2, 6));
        assert_eq!(lengths.0[2], (6, 12));
    }

    #[test]
    fn cell_references_parse_to_zero_based_positions() {
        assert_eq!(parse_cell_ref(b"A1"), Some((0, 0)));
        assert_eq!(parse_cell_ref(b"C14"), Some((13, 2)));
        assert_eq!(parse_cell_ref(b"XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(parse_cell_ref(b"A0"), None);
        assert_eq!(parse_cell_ref(b"12"), None);
        assert_eq!(parse_cell_ref(b"A1B"), None);
        assert_eq!(parse_cell_ref(b"ZZZZZ1"), None);
    }

    #[test]
    fn a_span_beyond_the_cell_limit_is_refused_and_named() {
        let mut b = Bounds::default();
        b.add(0, 0).expect("A1");
        b.add(1_048_575, 16_383).expect("XFD1048576");
        let p = b.check().expect_err("too many cells");
        assert!(p.message.contains("A1:XFD1048576"), "{}", p.message);
        assert_eq!(p.cell, Some((1_048_575, 16_383)));
        assert!(Bounds::default().add(1_048_576, 0).is_err());
    }

    /// A BIFF12 record: type and size as base-128 numbers, then the data.
    fn record(typ: u8, data: &[u8]) -> Vec<u8> {
        let mut out = vec![typ, u8::try_from(data.len()).expect("short")];
        out.extend_from_slice(data);
        out
    }

    #[test]
    fn xlsb_cells_count_the_shared_strings_they_show() {
        // One shared string of 30,000 UTF-16 units.
        let mut item = vec![0u8];
        item.extend_from_slice(&30_000u32.to_le_bytes());
        let shared =
            scan_xlsb_shared_strings(&mut record(0x13, &item).as_slice()).expect("shared strings");
        assert_eq!(shared.get("0"), (30_000, 90_000));
        // Rows of two cells showing it: past 64 MiB at the 746th cell.
        let mut sheet = Vec::new();
        for row in 0..1000u32 {
            sheet.extend(record(0x00, &row.to_le_bytes()));
            for col in 0..2u32 {
                let mut cell = col.to_le_bytes().to_vec();
                cell.extend_from_slice(&[0, 0, 0, 0]);
                cell.extend_from_slice(&0u32.to_le_bytes());
                sheet.extend(record(0x07, &cell));
            }
        }
        let p = scan_xlsb_sheet(&mut sheet.as_slice(), &shared, &mut TextBudget::default())
            .expect_err("too much text");
        assert_eq!(p.cell, Some((372, 1)), "{}", p.message);
    }

    #[test]
    fn rows_are_counted_as_they_come() {
        let mut rows = RowCount::default();
        for r in 0..MAX_ROWS_FILLED {
            rows.filled(r, 0, 1).expect("within");
            rows.filled(r, 1, 1).expect("the same row");
        }
        let p = rows
            .filled(MAX_ROWS_FILLED, 3, 1)
            .expect_err("one too many");
        assert_eq!(p.cell, Some((MAX_ROWS_FILLED, 3)));
        // A repeated row stands for all its repeats.
        let mut rows = RowCount::default();
        rows.filled(0, 0, 1).expect("header");
        let p = rows.filled(1, 0, 1_000_000).expect_err("repeated");
        assert_eq!(p.cell, Some((MAX_ROWS_FILLED, 0)));
    }

    #[test]
    fn text_is_a_spreadsheet_only_when_csv_is_allowed() {
        let p = Path::new("a.xlsx");
        let e = inspect(p, b"hello", false).expect_err("text");
        assert_eq!(
            e.to_string(),
            format!("a.xlsx: {}", SheetMsg::NotASpreadsheet)
        );
        assert_eq!(inspect(p, b"a,b", true).expect("csv").0, Format::Csv);
    }
}
