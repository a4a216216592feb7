//! Writing the package: docx-rs's parts, patched where docx-rs falls short,
//! zipped deterministically, and written atomically.
//!
//! [`to_bytes`] is pure: the same document gives the same bytes, whatever
//! the clock or the thread. [`write_atomic`] and [`write_new`] are the only
//! functions that touch an output path.

use crate::error::{Error, Result};
use crate::layout::Document;
use crate::messages::RenderMsg;
use quick_xml::events::{BytesEnd, BytesStart, Event};
use std::io::{Cursor, Read, Write};
use std::path::Path;

/// The zip deflate level (see [`recompress`]).
///
/// Measured on generated 台账 (`benches/`; instructions by callgrind for
/// 1,000 rows, sizes for 20,000): level 6 gives 310 M instructions and a
/// 3.08 MB file; level 3, 270 M (−13 %) and 3.55 MB (+15 %); level 2, 246 M
/// and 4.16 MB (+35 %); level 1, 241 M and 5.16 MB (+68 %). Level 3 takes
/// most of the time to be had for little size. A notice of a few dozen rows
/// is some 30 KB at any level.
pub const DEFLATE_LEVEL: i64 = 3;

/// Parts smaller than this are stored, not deflated. Setting up a deflate
/// stream (zeroing its window and tables) costs more than compressing a
/// small part, and a notice's package holds some twenty parts of which only
/// `word/document.xml` is large. Measured on the seed notice (callgrind):
/// deflating every part, 25.0 M instructions and 19.6 KB; storing parts under
/// 1 KB, 21.5 M and 22.7 KB; under 4 KB, 18.6 M and 34.9 KB. A few kilobytes
/// do not matter to a notice; the time to the first document does.
pub const STORE_BELOW: usize = 4096;

/// The main part of the package, where the attachment table's rows go.
const DOCUMENT_PART: &str = "word/document.xml";

/// What the package says about itself in `docProps/core.xml`.
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    /// The document title.
    pub title: String,
    /// The author: the issuing office.
    pub creator: String,
    /// Creation date as `YYYY-MM-DD`; the notice's date, never the clock.
    pub date: String,
}

/// Builds the .docx bytes of a laid-out document.
///
/// docx-rs builds and packs everything but the attachment table's body
/// rows; those, already XML, go into `word/document.xml` right before the
/// end of its first table (the attachment table) as the package is
/// compressed, so that the large part of a large document is never copied.
pub fn to_bytes(doc: Document, meta: &Metadata) -> Result<Vec<u8>> {
    let Document { docx, table_rows } = doc;
    let mut xml = docx.build();
    xml.document = add_table_header_rows(&xml.document).map_err(xml_error)?;
    xml.doc_props.core = core_properties(meta).into_bytes();
    let document = std::mem::take(&mut xml.document);
    let end = if table_rows.is_empty() {
        document.len()
    } else {
        find(&document, b"</w:tbl>").ok_or_else(|| xml_error(RenderMsg::TableMissing))?
    };
    let mut stored = Cursor::new(Vec::new());
    xml.pack(&mut stored).map_err(|e| {
        xml_error(RenderMsg::CannotPack {
            detail: e.to_string(),
        })
    })?;
    let parts = [&document[..end], table_rows.as_bytes(), &document[end..]];
    recompress(stored.get_ref(), &parts).map_err(|e| {
        xml_error(RenderMsg::CannotCompress {
            detail: e.to_string(),
        })
    })
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn xml_error(message: impl std::fmt::Display) -> Error {
    Error::Write {
        path: RenderMsg::Document.to_string().into(),
        source: std::io::Error::other(message.to_string()),
    }
}

/// Marks the first row of every table as a header row (`<w:tblHeader/>`), so
/// Word and LibreOffice repeat it at the top of each page.
///
/// docx-rs 0.4.22 has no API for `w:tblHeader`, so we patch the built XML.
/// The element goes last in the row's `w:trPr`, after `w:cantSplit`, as the
/// schema orders it; a first row without `w:trPr` gets one.
///
/// [`to_bytes`] runs it before the attachment table's body rows are put in,
/// so it reads the notice and the header rows only, whatever the number of
/// rows; it stays the one place where `w:tblHeader` is written.
pub fn add_table_header_rows(document: &[u8]) -> std::result::Result<Vec<u8>, String> {
    let mut reader = quick_xml::Reader::from_reader(document);
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(document.len() + 256));
    // One entry per open table: rows started so far, and whether the
    // current first row still needs its marker.
    let mut tables: Vec<(usize, bool)> = Vec::new();
    let fail = |e: &dyn std::fmt::Display| {
        RenderMsg::CannotPatch {
            detail: e.to_string(),
        }
        .to_string()
    };
    loop {
        let event = reader.read_event().map_err(|e| fail(&e))?;
        match &event {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == "w:tbl" => tables.push((0, false)),
            Event::End(e) if e.name().as_ref() == "w:tbl" => {
                tables.pop();
            }
            Event::Start(e) if e.name().as_ref() == "w:tr" => {
                if let Some(t) = tables.last_mut() {
                    t.0 += 1;
                    t.1 = t.0 == 1;
                }
            }
            Event::End(e) if e.name().as_ref() == "w:trPr" => {
                if let Some(t) = tables.last_mut().filter(|t| t.1) {
                    t.1 = false;
                    writer
                        .write_event(Event::Empty(BytesStart::new("w:tblHeader")))
                        .map_err(|e| fail(&e))?;
                }
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "w:tc" => {
                if let Some(t) = tables.last_mut().filter(|t| t.1) {
                    t.1 = false;
                    for ev in [
                        Event::Start(BytesStart::new("w:trPr")),
                        Event::Empty(BytesStart::new("w:tblHeader")),
                        Event::End(BytesEnd::new("w:trPr")),
                    ] {
                        writer.write_event(ev).map_err(|e| fail(&e))?;
                    }
                }
            }
            _ => {}
        }
        writer.write_event(event).map_err(|e| fail(&e))?;
    }
    Ok(writer.into_inner())
}

/// `docProps/core.xml` with the notice's title, issuer and date. docx-rs
/// writes "unknown" and 1970 dates and has no API to set them.
fn core_properties(meta: &Metadata) -> String {
    let esc = |s: &str| quick_xml::escape::escape(s).into_owned();
    let stamp = format!("{}T00:00:00Z", meta.date);
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator>",
            "<cp:lastModifiedBy>{creator}</cp:lastModifiedBy><cp:revision>1</cp:revision>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>"#,
            "</cp:coreProperties>"
        ),
        title = esc(&meta.title),
        creator = esc(&meta.creator),
        stamp = stamp,
    )
}

/// Re-zips docx-rs's stored (uncompressed) package with deflate and a fixed
/// 1980-01-01 timestamp on every entry: about 3× smaller, byte-identical
/// from run to run. `word/document.xml` is written as `document`, its
/// parts in order, whatever the stored package holds for it.
fn recompress(stored: &[u8], document: &[&[u8]]) -> zip::result::ZipResult<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(stored))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(stored.len() / 3)));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(DEFLATE_LEVEL))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut buf = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name()?.into_owned();
        if entry.is_dir() {
            out.add_directory(name, options)?;
            continue;
        }
        if name == DOCUMENT_PART {
            drop(entry);
            out.start_file(name, options)?;
            for part in document {
                out.write_all(part)?;
            }
            continue;
        }
        buf.clear();
        entry.read_to_end(&mut buf)?;
        let part_options = if buf.len() < STORE_BELOW {
            options
                .compression_method(zip::CompressionMethod::Stored)
                .compression_level(None)
        } else {
            options
        };
        out.start_file(name, part_options)?;
        out.write_all(&buf)?;
    }
    Ok(out.finish()?.into_inner())
}

/// What [`write_atomic`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    /// There was no file.
    Created,
    /// The file had other bytes and was replaced.
    Updated,
    /// The file already had these bytes and was not touched.
    Unchanged,
}

/// Writes `bytes` to `path` through a temporary file in the same folder and
/// a rename, so a failed run never leaves a half-written or clobbered file.
/// A file that already holds the same bytes is left alone.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<WriteOutcome> {
    let werr = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let existed = match std::fs::read(path) {
        Ok(old) if old == bytes => return Ok(WriteOutcome::Unchanged),
        Ok(_) => true,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(werr(e)),
    };
    let dir = parent_dir(path);
    std::fs::create_dir_all(dir).map_err(werr)?;
    // The output keeps the permissions of the file it replaces.
    let kept = std::fs::metadata(path).ok().map(|old| old.permissions());
    let tmp = stage(dir, bytes, kept).map_err(werr)?;
    tmp.persist(path).map_err(|e| werr(e.error))?;
    Ok(if existed {
        WriteOutcome::Updated
    } else {
        WriteOutcome::Created
    })
}

/// What [`write_new`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewFileOutcome {
    /// The file was written.
    Written,
    /// A file was there; it was left alone.
    Skipped,
}

/// Writes `bytes` to `path` unless something is there already, through a
/// temporary file that is moved in place without replacing anything.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<NewFileOutcome> {
    if std::fs::symlink_metadata(path).is_ok() {
        return Ok(NewFileOutcome::Skipped);
    }
    let werr = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let tmp = stage(parent_dir(path), bytes, None).map_err(werr)?;
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok(NewFileOutcome::Written),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
            Ok(NewFileOutcome::Skipped)
        }
        Err(e) => Err(werr(e.error)),
    }
}

/// The folder a file is written in (`.` for a bare file name).
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// `bytes` in a new temporary file in `dir`, on disk, ready to be moved into
/// place. A temporary file is private (0600); it gets `permissions`, or
/// else those of an ordinary new file.
fn stage(
    dir: &Path,
    bytes: &[u8],
    permissions: Option<std::fs::Permissions>,
) -> std::io::Result<tempfile::NamedTempFile> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".gongwen-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    match permissions {
        Some(kept) => tmp.as_file().set_permissions(kept)?,
        #[cfg(unix)]
        None => {
            use std::os::unix::fs::PermissionsExt;
            let ordinary = std::fs::Permissions::from_mode(0o644);
            tmp.as_file().set_permissions(ordinary)?;
        }
        #[cfg(not(unix))]
        None => {}
    }
    Ok(tmp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_row_of_each_table_becomes_a_header_row() {
        let doc = br#"<w:body><w:tbl><w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc/></w:tr><w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc/></w:tr></w:tbl><w:tbl><w:tr><w:tc/></w:tr></w:tbl></w:body>"#;
        let out = String::from_utf8(add_table_header_rows(doc).expect("patch")).expect("utf8");
        assert_eq!(
            out,
            r#"<w:body><w:tbl><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr><w:tc/></w:tr><w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc/></w:tr></w:tbl><w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc/></w:tr></w:tbl></w:body>"#
        );
    }

    /// The text of every cell of the first table in `document.xml`,
    /// row by row (`w:br` read as a line break, `w:tab` as a tab), and
    /// whether each row has `w:cantSplit` and `w:tblHeader`.
    fn first_table(document: &str) -> Vec<(Vec<String>, bool, bool)> {
        let doc = roxmltree::Document::parse(document).expect("well-formed");
        let is = |n: &roxmltree::Node, name: &str| n.tag_name().name() == name;
        let table = doc.descendants().find(|n| is(n, "tbl")).expect("a table");
        table
            .children()
            .filter(|n| is(n, "tr"))
            .map(|tr| {
                let cells = tr
                    .children()
                    .filter(|n| is(n, "tc"))
                    .map(|tc| {
                        let mut text = String::new();
                        for n in tc.descendants() {
                            if is(&n, "t") {
                                text.push_str(n.text().unwrap_or(""));
                            } else if is(&n, "br") {
                                text.push('\n');
                            } else if is(&n, "tab") {
                                text.push('\t');
                            }
                        }
                        text
                    })
                    .collect();
                let has = |name: &str| tr.descendants().any(|n| is(&n, name));
                (cells, has("cantSplit"), has("tblHeader"))
            })
            .collect()
    }

    /// The seed notice, composed and packed.
    fn seed_notice() -> (crate::compose::Notice, Vec<u8>) {
        let mut diags = crate::diag::Diagnostics::default();
        let loaded = crate::load(
            Path::new("fixtures/zhuzhou-2016-h1/notice.toml"),
            None,
            &mut diags,
        )
        .expect("loads the seed");
        crate::render_notice(&loaded, crate::compose::ComposeOptions::default()).expect("renders")
    }

    #[test]
    fn every_cell_of_the_attachment_table_is_in_the_document() {
        let (notice, bytes) = seed_notice();
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
        let mut document = String::new();
        zip.by_name(DOCUMENT_PART)
            .expect("document part")
            .read_to_string(&mut document)
            .expect("utf-8");
        let rows = first_table(&document);
        let page = &notice.attachment;
        assert_eq!(rows.len(), page.rows.len() + 1);
        assert_eq!(rows[0], (page.header.clone(), true, true));
        let widths = crate::layout::table::column_widths(
            &page.header,
            &page.rows,
            crate::layout::gbt9704::type_area_width_twips(),
        );
        for (n, ((cells, cant_split, header), expected)) in
            rows[1..].iter().zip(&page.rows).enumerate()
        {
            assert_eq!(cells, expected, "row {n}");
            assert!(!header, "row {n}");
            // The seed's rows are all shorter than a page.
            assert!(crate::layout::table::row_height_twips(expected, &widths) < 12_000);
            assert!(cant_split, "row {n}");
        }
    }

    #[test]
    fn small_parts_are_stored_and_the_rest_deflated() {
        let (_, bytes) = seed_notice();
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
        let mut stored = 0;
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).expect("entry");
            if entry.is_dir() {
                continue;
            }
            let mut text = Vec::new();
            entry.read_to_end(&mut text).expect("reads back");
            let expected = if text.len() < STORE_BELOW {
                stored += 1;
                zip::CompressionMethod::Stored
            } else {
                zip::CompressionMethod::Deflated
            };
            assert_eq!(entry.compression(), expected, "{:?}", entry.name());
        }
        assert!(stored > 0);
    }

    #[test]
    fn text_is_copied_byte_for_byte() {
        let doc = "<w:p><w:t>&lt;w:p&gt; &amp; 完成</w:t></w:p>".as_bytes();
        assert_eq!(add_table_header_rows(doc).expect("patch"), doc);
    }

    #[test]
    fn an_identical_file_is_not_rewritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out/a.docx");
        assert_eq!(
            write_atomic(&path, b"one").expect("write"),
            WriteOutcome::Created
        );
        assert_eq!(
            write_atomic(&path, b"one").expect("write"),
            WriteOutcome::Unchanged
        );
        assert_eq!(
            write_atomic(&path, b"two").expect("write"),
            WriteOutcome::Updated
        );
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        let leftovers = std::fs::read_dir(path.parent().expect("dir"))
            .expect("ls")
            .count();
        assert_eq!(leftovers, 1);
    }
}
