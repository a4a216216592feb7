//! Writing the package: docx-rs's parts, patched where docx-rs falls short,
//! zipped deterministically, and written atomically.
//!
//! [`to_bytes`] is pure: the same document gives the same bytes, whatever
//! the clock or the thread. [`write_atomic`] is the only function that
//! touches an output path.

use crate::error::{Error, Result};
use crate::messages::RenderMsg;
use docx_rs::Docx;
use quick_xml::events::{BytesEnd, BytesStart, Event};
use std::io::{Cursor, Read, Write};
use std::path::Path;

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
pub fn to_bytes(docx: Docx, meta: &Metadata) -> Result<Vec<u8>> {
    let mut xml = docx.build();
    xml.document = add_table_header_rows(&xml.document).map_err(xml_error)?;
    xml.doc_props.core = core_properties(meta).into_bytes();
    let mut stored = Cursor::new(Vec::new());
    xml.pack(&mut stored).map_err(|e| {
        xml_error(
            RenderMsg::CannotPack {
                detail: e.to_string(),
            }
            .to_string(),
        )
    })?;
    recompress(stored.get_ref()).map_err(|e| {
        xml_error(
            RenderMsg::CannotCompress {
                detail: e.to_string(),
            }
            .to_string(),
        )
    })
}

fn xml_error(message: String) -> Error {
    Error::Write {
        path: RenderMsg::Document.to_string().into(),
        source: std::io::Error::other(message),
    }
}

/// Marks the first row of every table as a header row (`<w:tblHeader/>`), so
/// Word and LibreOffice repeat it at the top of each page.
///
/// docx-rs 0.4.22 has no API for `w:tblHeader`, so we patch the built XML.
/// The element goes last in the row's `w:trPr`, after `w:cantSplit`, as the
/// schema orders it; a first row without `w:trPr` gets one.
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
/// from run to run.
fn recompress(stored: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(stored))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(stored.len() / 3)));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(6))
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
        buf.clear();
        entry.read_to_end(&mut buf)?;
        out.start_file(name, options)?;
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
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(werr)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".gongwen-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(werr)?;
    tmp.write_all(bytes).map_err(werr)?;
    tmp.as_file().sync_all().map_err(werr)?;
    // A temporary file is private (0600); the output gets the permissions
    // of the file it replaces, or those of an ordinary new file.
    match std::fs::metadata(path) {
        Ok(old) => tmp
            .as_file()
            .set_permissions(old.permissions())
            .map_err(werr)?,
        #[cfg(unix)]
        Err(_) => {
            use std::os::unix::fs::PermissionsExt;
            let ordinary = std::fs::Permissions::from_mode(0o644);
            tmp.as_file().set_permissions(ordinary).map_err(werr)?;
        }
        #[cfg(not(unix))]
        Err(_) => {}
    }
    tmp.persist(path).map_err(|e| werr(e.error))?;
    Ok(if existed {
        WriteOutcome::Updated
    } else {
        WriteOutcome::Created
    })
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
