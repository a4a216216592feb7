//! Reading a template's parts out of its package. The zip crate makes a
//! new inflater for each entry, with its window, state and read buffer (a
//! small part costs more in making them than in inflating it): a template
//! is a dozen small parts, so its deflated parts are inflated here with one
//! inflater, straight from the package's bytes into room for the size the
//! zip declares, their CRC checked. Whatever does not fit that exactly (a
//! stored or otherwise compressed entry, a size or a checksum that does not
//! match, an encrypted or damaged entry) is read by the zip crate as
//! before, which then says what is wrong.

use super::MAX_PART_MB;
use flate2::{Decompress, FlushDecompress, Status};
use std::io::{Cursor, Read};

/// The package being read, and the inflater its parts share.
pub(super) struct Unpacker<'a> {
    bytes: &'a [u8],
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    inflater: Option<Decompress>,
}

/// Why a part could not be read.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Unread {
    /// It holds more than [`MAX_PART_MB`], by its declared size or by what
    /// it inflates to.
    TooLarge,
    /// The zip crate's error.
    Damaged(String),
}

impl<'a> Unpacker<'a> {
    /// The package `bytes`, opened: the zip crate's error when it is not
    /// one.
    pub(super) fn open(bytes: &'a [u8]) -> zip::result::ZipResult<Self> {
        Ok(Unpacker {
            bytes,
            zip: zip::ZipArchive::new(Cursor::new(bytes))?,
            inflater: None,
        })
    }

    /// The package's entries.
    pub(super) fn archive(&self) -> &zip::ZipArchive<Cursor<&'a [u8]>> {
        &self.zip
    }

    /// The bytes of entry `name`.
    pub(super) fn read(&mut self, name: &str) -> Result<Vec<u8>, Unread> {
        let limit = MAX_PART_MB << 20;
        let index = self
            .zip
            .index_for_name(name)
            .ok_or_else(|| Unread::Damaged(zip::result::ZipError::FileNotFound.to_string()))?;
        if let Some(bytes) = self.inflate(index, limit) {
            return Ok(bytes);
        }
        let entry = self
            .zip
            .by_index(index)
            .map_err(|e| Unread::Damaged(e.to_string()))?;
        if entry.size() > limit {
            return Err(Unread::TooLarge);
        }
        let mut raw = Vec::with_capacity(entry.size() as usize + 1);
        entry
            .take(limit + 1)
            .read_to_end(&mut raw)
            .map_err(|e| Unread::Damaged(e.to_string()))?;
        if raw.len() as u64 > limit {
            return Err(Unread::TooLarge);
        }
        Ok(raw)
    }

    /// Entry `index` inflated here, when it is deflated and inflates to
    /// exactly its declared size and checksum; otherwise `None`.
    fn inflate(&mut self, index: usize, limit: u64) -> Option<Vec<u8>> {
        let entry = self.zip.by_index_raw(index).ok()?;
        if entry.compression() != zip::CompressionMethod::Deflated
            || entry.encrypted()
            || entry.size() > limit
            || entry.size() == 0
        {
            return None;
        }
        let (size, crc) = (usize::try_from(entry.size()).ok()?, entry.crc32());
        let start = usize::try_from(entry.data_start()?).ok()?;
        let end = start.checked_add(usize::try_from(entry.compressed_size()).ok()?)?;
        let input = self.bytes.get(start..end)?;
        let inflater = match &mut self.inflater {
            Some(inflater) => {
                inflater.reset(false);
                inflater
            }
            none => none.insert(Decompress::new(false)),
        };
        let mut out = Vec::with_capacity(size);
        // Room for the declared size only: a stream that holds more does
        // not end in it, and goes to the zip crate.
        match inflater.decompress_vec(input, &mut out, FlushDecompress::Finish) {
            Ok(Status::StreamEnd) if out.len() == size && crc32fast::hash(&out) == crc => Some(out),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A package of `entries` (name, bytes, deflated?).
    fn package(entries: &[(&str, &[u8], bool)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes, deflated) in entries {
            let method = if *deflated {
                zip::CompressionMethod::Deflated
            } else {
                zip::CompressionMethod::Stored
            };
            let options = zip::write::SimpleFileOptions::default().compression_method(method);
            zip.start_file(*name, options).expect("starts");
            zip.write_all(bytes).expect("writes");
        }
        zip.finish().expect("finishes").into_inner()
    }

    fn read_all(bytes: &[u8], names: &[&str]) -> Vec<Result<Vec<u8>, Unread>> {
        let mut unpacker = Unpacker::open(bytes).expect("opens");
        names.iter().map(|n| unpacker.read(n)).collect()
    }

    /// Every entry reads as the zip crate reads it, one inflater for all.
    #[test]
    fn parts_read_as_the_zip_crate_reads_them() {
        let long: Vec<u8> = (0..200_000u32)
            .flat_map(|i| format!("<w:t>{}</w:t>", i * 7919 % 1000).into_bytes())
            .collect();
        let entries: Vec<(&str, &[u8], bool)> = vec![
            ("a.xml", b"<a/>", true),
            ("long.xml", &long, true),
            ("stored.xml", b"<stored/>", false),
            ("empty.xml", b"", true),
            ("b.xml", "<b>文字</b>".as_bytes(), true),
        ];
        let bytes = package(&entries);
        let names: Vec<&str> = entries.iter().map(|e| e.0).collect();
        let read = read_all(&bytes, &names);
        for ((name, want, _), got) in entries.iter().zip(read) {
            assert_eq!(got.as_deref(), Ok(*want), "{name}");
        }
    }

    /// The offset of the first byte of `name`'s data in `bytes`.
    fn data_of(bytes: &[u8], name: &str) -> (usize, usize) {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("opens");
        let entry = zip.by_name_raw(name.as_bytes()).expect("entry");
        let start = entry.data_start().expect("start") as usize;
        (start, entry.compressed_size() as usize)
    }

    /// A damaged entry reads as the zip crate reads it, or fails as it
    /// fails; the next part still reads.
    #[test]
    fn damaged_entries_are_left_to_the_zip_crate() {
        let text: Vec<u8> = b"<w:document>".repeat(500);
        let bytes = package(&[("d.xml", &text, true), ("e.xml", b"<e/>", true)]);
        let (start, len) = data_of(&bytes, "d.xml");
        for at in [start, start + 1, start + len / 2, start + len - 2] {
            let mut broken = bytes.clone();
            broken[at] ^= 0x55;
            let mut zip = zip::ZipArchive::new(Cursor::new(&broken[..])).expect("opens");
            let by_zip = {
                let mut entry = zip.by_name("d.xml").expect("entry");
                let mut out = Vec::new();
                entry
                    .read_to_end(&mut out)
                    .map(|_| out)
                    .map_err(|e| e.to_string())
            };
            let got = read_all(&broken, &["d.xml", "e.xml"]);
            assert_eq!(got[0], by_zip.map_err(Unread::Damaged), "byte {at}");
            assert_eq!(
                got[1].as_deref(),
                Ok(&b"<e/>"[..]),
                "the next part still reads"
            );
        }
    }

    /// Bytes that do not match the checksum the package gives are not
    /// taken: the zip crate says so.
    #[test]
    fn a_wrong_checksum_is_an_error() {
        let text: Vec<u8> = b"<w:body>".repeat(300);
        let mut bytes = package(&[("d.xml", &text, true)]);
        let crc = crc32fast::hash(&text).to_le_bytes();
        let wrong = (crc32fast::hash(&text) ^ 1).to_le_bytes();
        let mut patched = 0;
        for at in 0..bytes.len() - 3 {
            if bytes[at..at + 4] == crc {
                bytes[at..at + 4].copy_from_slice(&wrong);
                patched += 1;
            }
        }
        assert_eq!(patched, 2, "the local and the central header");
        let got = read_all(&bytes, &["d.xml"]);
        assert!(
            matches!(&got[0], Err(Unread::Damaged(e)) if e.contains("checksum")),
            "{got:?}"
        );
    }

    /// A declared size smaller than what the entry inflates to: not taken.
    #[test]
    fn a_wrong_size_is_not_taken() {
        let text: Vec<u8> = b"<w:p/>".repeat(400);
        let bytes = package(&[("d.xml", &text, true)]);
        let mut unpacker = Unpacker::open(&bytes).expect("opens");
        assert_eq!(unpacker.inflate(0, 1 << 20), Some(text.clone()));
        let size = (text.len() as u32).to_le_bytes();
        let smaller = (text.len() as u32 - 1).to_le_bytes();
        let mut patched = bytes.clone();
        for at in 0..patched.len() - 3 {
            if patched[at..at + 4] == size {
                patched[at..at + 4].copy_from_slice(&smaller);
            }
        }
        let mut unpacker = Unpacker::open(&patched).expect("opens");
        assert_eq!(unpacker.inflate(0, 1 << 20), None);
    }

    #[test]
    fn a_missing_part_is_an_error() {
        let bytes = package(&[("a.xml", b"<a/>", true)]);
        assert!(matches!(
            &read_all(&bytes, &["b.xml"])[0],
            Err(Unread::Damaged(_))
        ));
    }
}
