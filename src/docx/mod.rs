//! The WordprocessingML writer: a [`LaidOut`] document becomes a .docx
//! package, every part written here on `quick_xml::Writer`.
//!
//! The writer owns the file format and nothing else: which parts a package
//! has and how they point to each other, the schema's order of elements,
//! escaping text and dropping characters XML cannot hold, and the zip. What
//! the document looks like was decided by [`crate::layout`].
//!
//! [`to_bytes`] is pure: the same document gives the same bytes, whatever
//! the clock or the thread. Every zip entry is stamped 1980-01-01, and the
//! main part streams into its zip entry as it is written, so a table of
//! many thousand rows is never held as XML in memory. Paragraphs carry no
//! `w14:paraId`: Word needs none to open or edit a document and numbers
//! paragraphs itself when it saves.

mod body;
pub mod fragment;
mod parts;
mod xml;

pub use parts::{font_info, FontInfo};
pub use xml::{is_xml_char, xml_chars};

use crate::document::{Block, LaidOut};
use crate::error::{Error, Result};
use crate::messages::RenderMsg;
use std::io::{self, Cursor, Write};

/// The zip deflate level.
///
/// Measured on generated 台账 (`benches/`): deflating the 19.3 MB
/// `word/document.xml` of 20,000 rows alone (best of five) takes 31 ms at
/// level 1 (3.43 MB), 43 ms at level 2 (2.66 MB), 61 ms at level 3
/// (2.35 MB), 87 ms at level 4 and 120 ms at level 6 (1.93 MB). The
/// document's XML is made on a second thread while this one deflates, in
/// about 35 ms: below level 2 the package waits for the XML, not for
/// deflate, so level 1 buys little time for 29 % more bytes, and level 3
/// costs 18 ms for 12 % fewer. The seed notice: 16.0 M instructions at
/// level 2, 16.6 M at level 3 (callgrind), 27 KB either way.
///
/// A large document's `word/document.xml` (from 1,000 table rows, where its
/// XML is made on a second thread) deflates at [`LARGE_DEFLATE_LEVEL`]
/// instead.
pub const DEFLATE_LEVEL: i64 = 2;

/// The deflate level of a large document's `word/document.xml`.
///
/// Once the reading, the model and the XML had been made faster, the
/// package waited for deflate again: measured side by side on 20,000
/// generated rows (hyperfine, 15 runs each, one run), a render takes
/// 214 ms at level 1 against 229 ms at level 2, for a file of 3.43 MB
/// against 2.66 MB (29 % more at every size: 198 KB against 160 KB at
/// 1,000 rows, 17.1 MB against 13.2 MB at 100,000). A large attachment is
/// where the clerk waits, and a few megabytes more do not stop it being
/// mailed; a small notice keeps [`DEFLATE_LEVEL`], its time being the
/// process's start, not deflate.
pub const LARGE_DEFLATE_LEVEL: i64 = 1;

/// Parts smaller than this are stored, not deflated. Setting up a deflate
/// stream (zeroing its window and tables) costs more than compressing a
/// small part, and a notice's package holds a dozen parts of which only
/// `word/document.xml` is large. Measured on the seed notice (callgrind):
/// deflating every part, 25.0 M instructions and 19.6 KB; storing parts under
/// 1 KB, 21.5 M and 22.7 KB; under 4 KB, 18.6 M and 34.9 KB. A few kilobytes
/// do not matter to a notice; the time to the first document does.
pub const STORE_BELOW: usize = 4096;

/// The main part.
pub const DOCUMENT_PART: &str = "word/document.xml";

/// Content types of the parts.
const MAIN: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
const STYLES: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml";
const SETTINGS: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml";
const FONT_TABLE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml";
const THEME: &str = "application/vnd.openxmlformats-officedocument.theme+xml";
const FOOTER: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml";
const CORE: &str = "application/vnd.openxmlformats-package.core-properties+xml";
const APP: &str = "application/vnd.openxmlformats-officedocument.extended-properties+xml";

/// A minimal DrawingML theme: Word reports a package without one.
const THEME_XML: &str = include_str!("theme.xml");

/// Builds the .docx bytes of a laid-out document.
pub fn to_bytes(doc: &LaidOut) -> Result<Vec<u8>> {
    package(doc, None).map_err(|e| Error::Write {
        path: RenderMsg::Document.to_string().into(),
        source: io::Error::other(
            RenderMsg::CannotPack {
                detail: e.to_string(),
            }
            .to_string(),
        ),
    })
}

/// The package of `doc`; `threaded` forces the document's XML to be made
/// on a second thread or not (`None`: by its size).
fn package(doc: &LaidOut, threaded: Option<bool>) -> io::Result<Vec<u8>> {
    let footers = body::FooterPlan::of(doc);
    let footer_names: Vec<String> = (1..=footers.parts.len())
        .map(|n| format!("footer{n}.xml"))
        .collect();
    // The document's own parts first, then one relationship per footer.
    let mut rels: Vec<parts::Relationship> = vec![
        ("rId1".into(), "styles", "styles.xml".into()),
        ("rId2".into(), "settings", "settings.xml".into()),
        ("rId3".into(), "fontTable", "fontTable.xml".into()),
        ("rId4".into(), "theme", "theme/theme1.xml".into()),
    ];
    let first_footer = rels.len() + 1;
    let footer_ids: Vec<String> = (0..footer_names.len())
        .map(|i| format!("rId{}", first_footer + i))
        .collect();
    for (id, name) in footer_ids.iter().zip(&footer_names) {
        rels.push((id.clone(), "footer", name.clone()));
    }
    let mut types: Vec<(String, &str)> = vec![
        (DOCUMENT_PART.into(), MAIN),
        ("word/styles.xml".into(), STYLES),
        ("word/settings.xml".into(), SETTINGS),
        ("word/fontTable.xml".into(), FONT_TABLE),
        ("word/theme/theme1.xml".into(), THEME),
    ];
    for name in &footer_names {
        types.push((format!("word/{name}"), FOOTER));
    }
    types.push(("docProps/core.xml".into(), CORE));
    types.push(("docProps/app.xml".into(), APP));
    let package_rels: Vec<parts::Relationship> = vec![
        ("rId1".into(), "officeDocument", DOCUMENT_PART.into()),
        ("rId2".into(), "core-properties", "docProps/core.xml".into()),
        (
            "rId3".into(),
            "extended-properties",
            "docProps/app.xml".into(),
        ),
    ];
    let cx = body::Context {
        doc,
        footer_ids: &footer_ids,
        footers: &footers,
        drawings: std::cell::Cell::new(0),
    };

    let mut zip = Zip::new();
    zip.small(
        "[Content_Types].xml",
        parts::content_types(Vec::new(), &types)?,
    )?;
    zip.small(
        "_rels/.rels",
        parts::relationships(Vec::new(), &package_rels)?,
    )?;
    zip.small(
        "docProps/core.xml",
        parts::core_properties(Vec::new(), doc)?,
    )?;
    zip.small("docProps/app.xml", parts::app_properties(Vec::new())?)?;
    // A large document's XML is made on a second thread while this one
    // deflates it; a small one's, where a thread would cost more than it
    // saves, here. The bytes are the same either way.
    let rows: usize = doc
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .map(|b| match b {
            Block::Table(t) => t.rows.len(),
            _ => 0,
        })
        .sum();
    let large = rows >= THREADED_ROWS;
    let threaded = threaded.unwrap_or(large);
    let level = if large {
        LARGE_DEFLATE_LEVEL
    } else {
        DEFLATE_LEVEL
    };
    let cx = zip.stream_chunked(DOCUMENT_PART, level, threaded, cx, |out, cx| {
        body::document(out, cx).map(drop)
    })?;
    zip.small(
        "word/_rels/document.xml.rels",
        parts::relationships(Vec::new(), &rels)?,
    )?;
    zip.small("word/styles.xml", parts::styles(Vec::new(), doc)?)?;
    zip.small(
        "word/settings.xml",
        parts::settings(Vec::new(), footers.odd_and_even, doc)?,
    )?;
    zip.small("word/fontTable.xml", parts::font_table(Vec::new(), doc)?)?;
    zip.small("word/theme/theme1.xml", THEME_XML.as_bytes().to_vec())?;
    for (i, (name, blocks)) in footer_names.iter().zip(&footers.parts).enumerate() {
        // The page set-up of the first section that shows the footer.
        let page = footers
            .sections
            .iter()
            .position(|refs| refs.is_some_and(|(odd, even)| odd == i || even == i))
            .and_then(|s| doc.sections.get(s))
            .map(|s| s.page)
            .unwrap_or_else(|| doc.sections[0].page);
        let part = body::footer(Vec::new(), &cx, blocks, &page)?;
        zip.small(&format!("word/{name}"), part)?;
    }
    zip.finish()
}

/// The zip being written: deflated entries, or stored ones for small
/// parts, all stamped 1980-01-01 with ordinary file permissions.
struct Zip {
    zip: zip::ZipWriter<Cursor<Vec<u8>>>,
}

impl Zip {
    fn new() -> Zip {
        Zip {
            zip: zip::ZipWriter::new(Cursor::new(Vec::new())),
        }
    }

    fn options(deflate: bool) -> zip::write::SimpleFileOptions {
        Zip::options_at(deflate.then_some(DEFLATE_LEVEL))
    }

    /// Options deflating at `level`, or storing.
    fn options_at(level: Option<i64>) -> zip::write::SimpleFileOptions {
        let options = zip::write::SimpleFileOptions::default()
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        if let Some(level) = level {
            options
                .compression_method(zip::CompressionMethod::Deflated)
                .compression_level(Some(level))
        } else {
            options
                .compression_method(zip::CompressionMethod::Stored)
                .compression_level(None)
        }
    }

    /// A part already in memory.
    fn small(&mut self, name: &str, bytes: Vec<u8>) -> io::Result<()> {
        self.zip
            .start_file(name, Zip::options(bytes.len() >= STORE_BELOW))
            .map_err(io::Error::other)?;
        self.zip.write_all(&bytes)
    }

    /// A part made by `write` and deflated at `level` into its entry in
    /// chunks of [`CHUNK_BYTES`]: with `threaded`, made on a second thread while this
    /// one deflates. The chunks, and so the bytes, are the same either
    /// way. `state` goes to the maker and comes back.
    fn stream_chunked<S: Send>(
        &mut self,
        name: &str,
        level: i64,
        threaded: bool,
        state: S,
        write: impl FnOnce(&mut Chunker<'_>, &S) -> io::Result<()> + Send,
    ) -> io::Result<S> {
        self.zip
            .start_file(name, Zip::options_at(Some(level)))
            .map_err(io::Error::other)?;
        if !threaded {
            let zip = &mut self.zip;
            let mut out = Chunker::new(Box::new(|chunk: Vec<u8>| zip.write_all(&chunk)));
            write(&mut out, &state)?;
            out.flush()?;
            return Ok(state);
        }
        let (sender, chunks) = std::sync::mpsc::sync_channel::<Vec<u8>>(CHUNKS_IN_FLIGHT);
        std::thread::scope(|scope| {
            let maker = scope.spawn(move || {
                let mut out = Chunker::new(Box::new(move |chunk| {
                    sender
                        .send(chunk)
                        .map_err(|_| io::Error::other("the package stopped taking the document"))
                }));
                let made = write(&mut out, &state).and_then(|()| out.flush());
                made.map(|()| state)
            });
            // Deflate what arrives; on a write error, stop receiving, which
            // stops the maker at its next chunk.
            let mut written = Ok(());
            for chunk in chunks.iter() {
                if let Err(e) = self.zip.write_all(&chunk) {
                    written = Err(e);
                    break;
                }
            }
            drop(chunks);
            let made = maker
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the document writer failed")));
            written.and(made)
        })
    }

    fn finish(self) -> io::Result<Vec<u8>> {
        Ok(self.zip.finish().map_err(io::Error::other)?.into_inner())
    }
}

/// The size of a chunk handed from the thread that makes a part to the
/// one that deflates it, and how many may wait: enough to keep both busy,
/// little memory.
const CHUNK_BYTES: usize = 256 * 1024;
const CHUNKS_IN_FLIGHT: usize = 4;
/// The table rows from which a document's XML is made on a second thread
/// (some 1 MB of XML; below, the thread costs more than it saves).
const THREADED_ROWS: usize = 1000;

/// A writer that hands its bytes on in chunks of at least [`CHUNK_BYTES`]
/// (the last may be shorter), to a closure.
struct Chunker<'a> {
    take: Box<dyn FnMut(Vec<u8>) -> io::Result<()> + Send + 'a>,
    chunk: Vec<u8>,
}

impl<'a> Chunker<'a> {
    fn new(take: Box<dyn FnMut(Vec<u8>) -> io::Result<()> + Send + 'a>) -> Self {
        Chunker {
            take,
            chunk: Vec::with_capacity(CHUNK_BYTES),
        }
    }

    fn hand_on(&mut self) -> io::Result<()> {
        let full = std::mem::replace(&mut self.chunk, Vec::with_capacity(CHUNK_BYTES));
        (self.take)(full)
    }
}

impl Write for Chunker<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.chunk.extend_from_slice(buf);
        if self.chunk.len() >= CHUNK_BYTES {
            self.hand_on()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.chunk.is_empty() {
            self.hand_on()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
