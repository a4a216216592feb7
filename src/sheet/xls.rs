//! Checking an .xls (BIFF8, Excel 97–2003) before calamine reads it, and
//! finding its percentage cells.
//!
//! calamine parses every sheet of an .xls when it opens the file, and
//! allocates the rectangle spanned by the filled cells and the size a
//! sheet's `DIMENSIONS` record declares. So the `Workbook` stream is walked
//! here first: records are a 2-byte type, a 2-byte length and the data
//! ([MS-XLS] 2.1.4). The globals give the sheets (`BOUNDSHEET8`), the cell
//! formats (`XF`) and number formats (`FORMAT`); each sheet's cell records
//! give their row, column and format, which is how a number formatted
//! `0%` is found (calamine reports it as the bare fraction).

use super::guard::{Bounds, PartProblem, RowCount, TextBudget};
use super::limits::{MAX_CELLS, MAX_ENTRY_BYTES, MAX_MERGED_REGIONS, MAX_SHARED_STRINGS};
use super::SheetExtras;
use crate::error::{Error, Location, Result};
use crate::messages::SheetMsg;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// Inspects an OLE file that should hold an Excel workbook.
pub fn inspect(
    path: &Path,
    bytes: &[u8],
) -> Result<(HashMap<String, SheetExtras>, Option<String>)> {
    let at = || Location::file(path);
    let mut cfb = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).map_err(|e| {
        Error::at(
            at(),
            SheetMsg::Damaged {
                detail: e.to_string(),
            },
        )
    })?;
    let stream = ["/Workbook", "/Book", "/WORKBOOK", "/BOOK"]
        .into_iter()
        .find(|name| cfb.is_stream(name));
    let Some(stream) = stream else {
        return Err(Error::at(at(), SheetMsg::OleWithoutWorkbook));
    };
    let mut data = Vec::new();
    cfb.open_stream(stream)
        .and_then(|s| s.take(MAX_ENTRY_BYTES).read_to_end(&mut data))
        .map_err(|e| {
            Error::at(
                at(),
                SheetMsg::Damaged {
                    detail: e.to_string(),
                },
            )
        })?;
    scan(&data).map_err(|(sheet, p)| {
        let location = match (sheet, p.cell) {
            (Some(s), Some((r, c))) => Location::cell(path, &s, r, c),
            (Some(s), None) => Location::sheet(path, &s),
            (None, _) => Location::file(path),
        };
        Error::at(location, p.message)
    })
}

/// A BIFF record: its type and data.
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
}

/// The records from `pos` on; stops at the end of the stream or at a
/// record that runs past it.
fn records(stream: &[u8], pos: usize) -> impl Iterator<Item = Record<'_>> {
    let mut pos = pos;
    std::iter::from_fn(move || {
        let head = stream.get(pos..pos.checked_add(4)?)?;
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let data = stream.get(pos + 4..pos + 4 + len)?;
        pos += 4 + len;
        Some(Record { typ, data })
    })
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// A BIFF8 string of `cch` characters at `data[at..]`, preceded by its
/// option byte (bit 0: two bytes a character).
fn biff_string(data: &[u8], cch: usize, at: usize) -> String {
    let Some(&flags) = data.get(at) else {
        return String::new();
    };
    let body = data.get(at + 1..).unwrap_or_default();
    if flags & 1 == 1 {
        let units: Vec<u16> = body
            .chunks_exact(2)
            .take(cch)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        body.iter().take(cch).map(|&b| char::from(b)).collect()
    }
}

type SheetProblem = (Option<String>, PartProblem);

/// Walks the workbook stream: bounds every sheet, collects its percentage
/// cells and hidden rows and columns (`COLINFO`, `ROW`), and finds the
/// active sheet (`WINDOW1`).
#[allow(clippy::type_complexity)]
fn scan(
    stream: &[u8],
) -> std::result::Result<(HashMap<String, SheetExtras>, Option<String>), SheetProblem> {
    let mut active_tab: usize = 0;
    let mut xf_formats: Vec<u16> = Vec::new();
    let mut custom: HashMap<u16, String> = HashMap::new();
    let mut sheets: Vec<(usize, String)> = Vec::new();
    let mut biff8 = true;
    // The shared strings (SST) and the CONTINUE records that carry on.
    let mut sst: Vec<&[u8]> = Vec::new();
    let mut in_sst = false;
    for (i, r) in records(stream, 0).enumerate() {
        match r.typ {
            0x00FC => {
                sst = vec![r.data];
                in_sst = true;
                continue;
            }
            0x003C if in_sst => {
                sst.push(r.data);
                continue;
            }
            _ => in_sst = false,
        }
        match r.typ {
            0x0809 if i == 0 => biff8 = u16_at(r.data, 0) == Some(0x0600),
            0x00E0 => xf_formats.push(u16_at(r.data, 2).unwrap_or(0)),
            0x003D => active_tab = usize::from(u16_at(r.data, 10).unwrap_or(0)),
            0x041E => {
                if let Some(ifmt) = u16_at(r.data, 0) {
                    let code = if biff8 {
                        let cch = usize::from(u16_at(r.data, 2).unwrap_or(0));
                        biff_string(r.data, cch, 4)
                    } else {
                        let cch = usize::from(*r.data.get(2).unwrap_or(&0));
                        r.data
                            .iter()
                            .skip(3)
                            .take(cch)
                            .map(|&b| char::from(b))
                            .collect()
                    };
                    custom.insert(ifmt, code);
                }
            }
            0x0085 => {
                let pos = u32_at(r.data, 0).unwrap_or(0) as usize;
                let cch = usize::from(*r.data.get(6).unwrap_or(&0));
                let name = if biff8 {
                    biff_string(r.data, cch, 7)
                } else {
                    r.data
                        .iter()
                        .skip(7)
                        .take(cch)
                        .map(|&b| char::from(b))
                        .collect()
                };
                sheets.push((pos, name));
            }
            0x000A => break,
            _ => {}
        }
    }
    let percent_of_xf = |ixfe: u16| -> Option<u8> {
        let ifmt = *xf_formats.get(usize::from(ixfe))?;
        match ifmt {
            9 => Some(0),
            10 => Some(2),
            other => super::cell::percent_decimals(custom.get(&other)?),
        }
    };
    let shared = sst_lengths(&sst).map_err(|p| (None, p))?;
    let mut budget = TextBudget::default();
    let mut out = HashMap::new();
    let mut merges = 0usize;
    let active = sheets.get(active_tab).map(|(_, name)| name.clone());
    for (pos, name) in sheets {
        let fail = |p: PartProblem| (Some(name.clone()), p);
        let mut bounds = Bounds::default();
        let mut rows = RowCount::default();
        let mut extras = SheetExtras::default();
        let mut depth = 0usize;
        // The cell of the last FORMULA record, whose text result a STRING
        // record gives.
        let mut formula_at = (0u32, 0u32);
        for r in records(stream, pos) {
            let d = r.data;
            // Text cells: their characters, at most three bytes each.
            let text_at = |row: u16, col: u16, chars: u64| (u32::from(row), u32::from(col), chars);
            let text = match r.typ {
                0x00FD => match (u16_at(d, 0), u16_at(d, 2), u32_at(d, 6)) {
                    (Some(row), Some(col), Some(isst)) => {
                        let chars = shared.get(isst as usize).copied().unwrap_or(0);
                        Some(text_at(row, col, u64::from(chars)))
                    }
                    _ => None,
                },
                0x0204 | 0x00D6 => match (u16_at(d, 0), u16_at(d, 2), u16_at(d, 6)) {
                    (Some(row), Some(col), Some(cch)) => Some(text_at(row, col, u64::from(cch))),
                    _ => None,
                },
                0x0207 => u16_at(d, 0).map(|cch| (formula_at.0, formula_at.1, u64::from(cch))),
                _ => None,
            };
            if let Some((row, col, chars)) = text {
                budget
                    .cell((row, col), chars, chars.saturating_mul(3), 1)
                    .map_err(fail)?;
            }
            if r.typ == 0x0006 {
                if let (Some(row), Some(col)) = (u16_at(d, 0), u16_at(d, 2)) {
                    formula_at = (u32::from(row), u32::from(col));
                }
            }
            let mut cell = |row: u16, col: u16, ixfe: Option<u16>| {
                bounds.add(u32::from(row), u32::from(col))?;
                rows.filled(u32::from(row), u32::from(col), 1)?;
                if let Some(decimals) = ixfe.and_then(percent_of_xf) {
                    extras
                        .percent
                        .insert((u32::from(row), u32::from(col)), Some(decimals));
                }
                Ok::<(), PartProblem>(())
            };
            match r.typ {
                0x0809 => depth += 1,
                0x000A => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                _ if depth > 1 => {} // an embedded chart or the like
                // NUMBER, RK: row, col, ixfe, value.
                0x0203 | 0x027E => {
                    if let (Some(row), Some(col), Some(ixfe)) =
                        (u16_at(d, 0), u16_at(d, 2), u16_at(d, 4))
                    {
                        cell(row, col, Some(ixfe)).map_err(fail)?;
                    }
                }
                // FORMULA: a number result unless bytes 12–13 are 0xFFFF.
                0x0006 => {
                    if let (Some(row), Some(col), Some(ixfe)) =
                        (u16_at(d, 0), u16_at(d, 2), u16_at(d, 4))
                    {
                        let number = u16_at(d, 12) != Some(0xFFFF);
                        cell(row, col, number.then_some(ixfe)).map_err(fail)?;
                    }
                }
                // MULRK: row, first col, (ixfe, rk)*, last col.
                0x00BD => {
                    if let (Some(row), Some(first)) = (u16_at(d, 0), u16_at(d, 2)) {
                        let n = d.len().saturating_sub(6) / 6;
                        for k in 0..n {
                            let ixfe = u16_at(d, 4 + 6 * k);
                            let col = first.saturating_add(k as u16);
                            cell(row, col, ixfe).map_err(fail)?;
                        }
                    }
                }
                // LABELSST, LABEL, RSTRING, BOOLERR: row, col.
                0x00FD | 0x0204 | 0x00D6 | 0x0205 => {
                    if let (Some(row), Some(col)) = (u16_at(d, 0), u16_at(d, 2)) {
                        cell(row, col, None).map_err(fail)?;
                    }
                }
                // COLINFO: first col, last col, width, ixfe, options (bit 0: hidden).
                0x007D => {
                    if let (Some(first), Some(last), Some(options)) =
                        (u16_at(d, 0), u16_at(d, 2), u16_at(d, 8))
                    {
                        if options & 1 == 1 {
                            extras
                                .hidden_cols
                                .push((u32::from(first), u32::from(last.max(first))));
                        }
                    }
                }
                // ROW: row, …, options at 12 (bit 5: fDyZero, hidden).
                0x0208 => {
                    if let (Some(row), Some(options)) = (u16_at(d, 0), u16_at(d, 12)) {
                        if options & 0x20 != 0 {
                            extras.hidden_rows.insert(u32::from(row));
                        }
                    }
                }
                // DIMENSIONS: calamine reserves room for the declared size.
                0x0200 => {
                    let cells = declared_cells(d);
                    if cells > MAX_CELLS {
                        return Err(fail(PartProblem::new(SheetMsg::DeclaredTooManyCells {
                            cells,
                            max: MAX_CELLS,
                        })));
                    }
                }
                0x00E5 => {
                    merges += usize::from(u16_at(d, 0).unwrap_or(0));
                    if merges > MAX_MERGED_REGIONS {
                        return Err(fail(PartProblem::new(SheetMsg::TooManyMerges {
                            max: MAX_MERGED_REGIONS,
                        })));
                    }
                }
                _ => {}
            }
        }
        bounds.check().map_err(fail)?;
        out.insert(name, extras);
    }
    Ok((out, active))
}

/// The length in characters of each string of the shared-string table
/// (`SST`, [MS-XLS] 2.4.265), whose strings run on over `CONTINUE`
/// records: a string's characters may break at a record's end, and the
/// next record then starts with a new option byte (1 or 2 bytes a
/// character). Only lengths are kept, at most [`MAX_SHARED_STRINGS`].
fn sst_lengths(chunks: &[&[u8]]) -> std::result::Result<Vec<u32>, PartProblem> {
    struct Reader<'a> {
        chunks: &'a [&'a [u8]],
        i: usize,
        pos: usize,
    }
    impl Reader<'_> {
        fn left(&self) -> usize {
            self.chunks.get(self.i).map_or(0, |c| c.len() - self.pos)
        }
        fn next_chunk(&mut self) -> bool {
            self.i += 1;
            self.pos = 0;
            self.i < self.chunks.len()
        }
        fn byte(&mut self) -> Option<u8> {
            while self.left() == 0 {
                if !self.next_chunk() {
                    return None;
                }
            }
            let b = self.chunks[self.i][self.pos];
            self.pos += 1;
            Some(b)
        }
        fn skip(&mut self, mut n: usize) -> Option<()> {
            while n > 0 {
                if self.left() == 0 && !self.next_chunk() {
                    return None;
                }
                let k = n.min(self.left());
                self.pos += k;
                n -= k;
            }
            Some(())
        }
        fn u16(&mut self) -> Option<u16> {
            Some(u16::from_le_bytes([self.byte()?, self.byte()?]))
        }
        fn u32(&mut self) -> Option<u32> {
            Some(u32::from_le_bytes([
                self.byte()?,
                self.byte()?,
                self.byte()?,
                self.byte()?,
            ]))
        }
    }
    let mut r = Reader {
        chunks,
        i: 0,
        pos: 0,
    };
    let mut out = Vec::new();
    if chunks.is_empty() {
        return Ok(out);
    }
    let (Some(_total), Some(unique)) = (r.u32(), r.u32()) else {
        return Ok(out);
    };
    if u64::from(unique) > MAX_SHARED_STRINGS {
        return Err(PartProblem::new(SheetMsg::TooManySharedStrings {
            key: "cstUnique".to_string(),
            digits: unique.to_string(),
            max: MAX_SHARED_STRINGS,
        }));
    }
    for _ in 0..unique {
        let (Some(cch), Some(flags)) = (r.u16(), r.byte()) else {
            break;
        };
        let runs = if flags & 0x08 != 0 { r.u16() } else { Some(0) };
        let ext = if flags & 0x04 != 0 { r.u32() } else { Some(0) };
        let (Some(runs), Some(ext)) = (runs, ext) else {
            break;
        };
        let mut wide = flags & 0x01 != 0;
        let mut remaining = usize::from(cch);
        while remaining > 0 {
            if r.left() == 0 {
                if !r.next_chunk() {
                    break;
                }
                match r.byte() {
                    Some(f) => wide = f & 0x01 != 0,
                    None => break,
                }
                continue;
            }
            let width = if wide { 2 } else { 1 };
            let n = remaining.min(r.left() / width);
            if n == 0 {
                break; // half a character: a damaged record
            }
            r.pos += n * width;
            remaining -= n;
        }
        out.push(u32::from(cch));
        if r.skip(4 * usize::from(runs) + ext as usize).is_none() {
            break;
        }
    }
    Ok(out)
}

/// The cells calamine 0.38 reserves for a `DIMENSIONS` record, computed as
/// it does: in 32-bit arithmetic that wraps when the last row or column is
/// before the first (so a damaged record asks for billions of cells).
fn declared_cells(d: &[u8]) -> u64 {
    let (rf, rl, cf, cl) = match d.len() {
        10 => (
            u32::from(u16_at(d, 0).unwrap_or(0)),
            u32::from(u16_at(d, 2).unwrap_or(0)),
            u32::from(u16_at(d, 4).unwrap_or(0)),
            u32::from(u16_at(d, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u32_at(d, 0).unwrap_or(0),
            u32_at(d, 4).unwrap_or(0),
            u32::from(u16_at(d, 8).unwrap_or(0)),
            u32::from(u16_at(d, 10).unwrap_or(0)),
        ),
        _ => return 0, // calamine refuses the record
    };
    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
    let (end_r, end_c) = if rl >= 1 && cl >= 1 {
        (rl - 1, cl - 1)
    } else {
        (rf, cf)
    };
    let rows = u64::from(end_r.wrapping_sub(rf).wrapping_add(1));
    let cols = u64::from(end_c.wrapping_sub(cf).wrapping_add(1));
    rows.saturating_mul(cols)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_string_lengths_follow_strings_across_continue_records() {
        // Three strings: "ab" (one byte a character); a rich string of 4
        // UTF-16 characters with one run, broken after its first character
        // (the CONTINUE starts with a new option byte); and "xyz".
        let mut sst = Vec::new();
        sst.extend_from_slice(&3u32.to_le_bytes());
        sst.extend_from_slice(&3u32.to_le_bytes());
        sst.extend_from_slice(&[2, 0, 0, b'a', b'b']);
        sst.extend_from_slice(&[4, 0, 0x09, 1, 0]);
        sst.extend_from_slice(&[0x11, 0x4E]); // one wide character
        let mut cont = vec![0x01]; // the rest: still two bytes a character
        cont.extend_from_slice(&[0x12, 0x4E, 0x13, 0x4E, 0x14, 0x4E]);
        cont.extend_from_slice(&[0, 0, 0, 0]); // the run
        cont.extend_from_slice(&[3, 0, 0, b'x', b'y', b'z']);
        let lengths = sst_lengths(&[&sst, &cont]).expect("lengths");
        assert_eq!(lengths, [2, 4, 3]);
        // A table that declares more strings than gongwen reads.
        let mut huge = Vec::new();
        huge.extend_from_slice(&u32::MAX.to_le_bytes());
        huge.extend_from_slice(&u32::MAX.to_le_bytes());
        assert!(sst_lengths(&[&huge]).is_err());
    }

    #[test]
    fn declared_sizes_are_counted_as_calamine_counts_them() {
        let biff8 = |rf: u32, rl: u32, cf: u16, cl: u16| {
            let mut d = rf.to_le_bytes().to_vec();
            d.extend(rl.to_le_bytes());
            d.extend(cf.to_le_bytes());
            d.extend(cl.to_le_bytes());
            d.extend([0, 0]);
            super::declared_cells(&d)
        };
        assert_eq!(biff8(0, 10, 0, 4), 40);
        assert_eq!(biff8(0, 0, 0, 0), 1);
        // The last row before the first: calamine's subtraction wraps.
        assert!(biff8(5, 2, 0, 4) > super::MAX_CELLS);
    }

    fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut v = typ.to_le_bytes().to_vec();
        v.extend((data.len() as u16).to_le_bytes());
        v.extend(data);
        v
    }

    #[test]
    fn hidden_rows_columns_and_the_active_sheet_are_read() {
        // Globals: BOF, WINDOW1 (itabCur = 1), two BOUNDSHEETs, EOF; then
        // the two sheets, the second with a hidden column D and row 6.
        let bof = rec(0x0809, &[0x00, 0x06, 0x05, 0x00]);
        let mut window1 = vec![0u8; 18];
        window1[10] = 1;
        let window1 = rec(0x003D, &window1);
        let bound = |pos: u32, name: &[u8]| {
            let mut d = pos.to_le_bytes().to_vec();
            d.extend([0, 0, name.len() as u8 - 1]);
            d.extend(name);
            rec(0x0085, &d)
        };
        let eof = rec(0x000A, &[]);
        let globals_len = bof.len() + window1.len() + 2 * bound(0, b"\x00A").len() + eof.len();
        let sheet_a = [rec(0x0809, &[0x00, 0x06, 0x10, 0x00]), eof.clone()].concat();
        let mut colinfo = Vec::new();
        for v in [3u16, 3, 2000, 15, 1, 0] {
            colinfo.extend(v.to_le_bytes());
        }
        let mut row = Vec::new();
        for v in [5u16, 0, 4, 300, 0, 0, 0x20, 15] {
            row.extend(v.to_le_bytes());
        }
        let sheet_b = [
            rec(0x0809, &[0x00, 0x06, 0x10, 0x00]),
            rec(0x007D, &colinfo),
            rec(0x0208, &row),
            eof.clone(),
        ]
        .concat();
        let a_pos = globals_len as u32;
        let b_pos = a_pos + sheet_a.len() as u32;
        let stream = [
            bof,
            window1,
            bound(a_pos, b"\x00A"),
            bound(b_pos, b"\x00B"),
            eof,
            sheet_a,
            sheet_b,
        ]
        .concat();
        let (sheets, active) = scan(&stream).expect("scan");
        assert_eq!(active.as_deref(), Some("B"));
        let b = &sheets["B"];
        assert_eq!(b.hidden_cols, [(3, 3)]);
        assert!(b.hidden_rows.contains(&5));
        assert!(sheets["A"].hidden_cols.is_empty());
    }

    #[test]
    fn cells_showing_one_long_shared_string_are_counted_each() {
        // The SST holds one string of 30,000 characters; 2,000 LABELSST
        // cells show it: 180 MB once each holds its copy.
        let mut globals = rec(0x0809, &[0x00, 0x06, 0x05, 0x00]);
        let mut sst = 1u32.to_le_bytes().to_vec();
        sst.extend(1u32.to_le_bytes());
        sst.extend(30_000u16.to_le_bytes());
        sst.push(0);
        sst.extend(vec![b'a'; 8_000]);
        let mut continues = Vec::new();
        for chunk in [8_000usize, 8_000, 6_000] {
            let mut c = vec![0u8];
            c.extend(vec![b'a'; chunk]);
            continues.push(rec(0x003C, &c));
        }
        let name = b"\x00Sheet1";
        let mut bound = 0u32.to_le_bytes().to_vec();
        bound.extend([0, 0, 6]);
        bound.extend(name);
        let eof = rec(0x000A, &[]);
        let sheet_pos = globals.len()
            + rec(0x00FC, &sst).len()
            + continues.iter().map(Vec::len).sum::<usize>()
            + rec(0x0085, &bound).len()
            + eof.len();
        bound[..4].copy_from_slice(&(sheet_pos as u32).to_le_bytes());
        globals.extend(rec(0x00FC, &sst));
        for c in &continues {
            globals.extend(c);
        }
        globals.extend(rec(0x0085, &bound));
        globals.extend(eof.clone());
        globals.extend(rec(0x0809, &[0x00, 0x06, 0x10, 0x00]));
        for row in 0..1000u16 {
            for col in 0..2u16 {
                let mut d = row.to_le_bytes().to_vec();
                d.extend(col.to_le_bytes());
                d.extend([0, 0]);
                d.extend(0u32.to_le_bytes());
                globals.extend(rec(0x00FD, &d));
            }
        }
        globals.extend(eof);
        let (sheet, p) = scan(&globals).expect_err("too much text");
        assert_eq!(sheet.as_deref(), Some("Sheet1"));
        // 64 MiB is passed at the 746th cell (three bytes a character).
        assert_eq!(p.cell, Some((372, 1)), "{}", p.message);
    }

    #[test]
    fn cells_far_apart_are_refused_with_the_sheet_named() {
        let mut globals = rec(0x0809, &[0x00, 0x06, 0x05, 0x00]);
        let sheet_name = b"\x00Sheet1";
        let mut bound = 0u32.to_le_bytes().to_vec(); // patched below
        bound.extend([0, 0, 6]);
        bound.extend(sheet_name);
        let bound_len = rec(0x0085, &bound).len();
        let eof = rec(0x000A, &[]);
        let sheet_pos = globals.len() + bound_len + eof.len();
        bound[..4].copy_from_slice(&(sheet_pos as u32).to_le_bytes());
        globals.extend(rec(0x0085, &bound));
        globals.extend(eof.clone());
        globals.extend(rec(0x0809, &[0x00, 0x06, 0x10, 0x00]));
        let number = |row: u16, col: u16| {
            let mut d = row.to_le_bytes().to_vec();
            d.extend(col.to_le_bytes());
            d.extend([0, 0]);
            d.extend(1.0f64.to_le_bytes());
            rec(0x0203, &d)
        };
        globals.extend(number(0, 0));
        globals.extend(number(65535, 255));
        globals.extend(eof);
        let (sheet, p) = scan(&globals).expect_err("too big");
        assert_eq!(sheet.as_deref(), Some("Sheet1"));
        assert!(p.message.contains("A1:IV65536"), "{}", p.message);
    }
}
