//! Filling an office's own .docx (`template = "红头.docx"` in the job)
//! instead of laying the notice out.
//!
//! The template's tags are minijinja, with the body template's variables
//! and the 版头 and 版记 values (see [`crate::compose::fill_context`]). They
//! are looked for in every part the main document's relationships reach:
//! the body, the headers and footers, the footnotes and endnotes, and the
//! text boxes and tables inside them. See `docs/templates.md`.
//!
//! What is kept: every part without a tag is copied as the zip stores it
//! (its compressed bytes, in its place in the zip); a part with tags is
//! copied byte for byte except inside the paragraphs and rows that hold
//! them ([`plan`]). The output depends on the inputs alone.
//!
//! Problems are reported all at once, each with its place
//! (`红头.docx!word/header1.xml: paragraph 3 …`).

pub mod example;
pub mod plan;
pub mod scan;
pub mod tags;
mod unpack;

use crate::compose::{Block as BodyBlock, ComposeOptions, Notice};
use crate::diag::Diagnostics;
use crate::document::{
    Defaults, Font, LaidOut, Paragraph, ParagraphProps, Properties, Run, RunProps, Table,
};
use crate::docx;
use crate::error::{Error, Location, Result};
use crate::layout::{self, Face};
use crate::messages::TemplateMsg;
use minijinja::Value;
use plan::{Blocks, Planned, Problem};
use scan::{Scan, SectInfo};
use std::collections::{HashMap, HashSet};
use std::io::{self, Cursor, Write};
use std::path::{Path, PathBuf};

pub(crate) use docx::fragment::run_content;
pub use plan::TagRef;

/// The largest template file read, in MB.
pub const MAX_FILE_MB: u64 = 64;
/// The largest part looked into for tags, in MB (uncompressed).
pub const MAX_PART_MB: u64 = 32;
/// The most zip entries a template may have.
pub const MAX_ENTRIES: usize = 10_000;

/// Relationship types whose parts hold text a notice shows.
const TEXT_PARTS: &[&str] = &["/header", "/footer", "/footnotes", "/endnotes", "/comments"];

/// The attachment table is laid out on a second thread, while the parts
/// render, from this many rows. Below it the thread's start costs more than
/// it saves (23 rows: 0.3 ms slower in the whole run).
const PARALLEL_BLOCK_ROWS: usize = 1000;

/// The prefix of the styles the attachment table adds to a template.
pub const STYLE_PREFIX: &str = "Gongwen";

/// A template, read: the package's bytes and the parts that may hold tags.
#[derive(Debug)]
pub struct Template {
    /// The file, as the job names it.
    pub path: PathBuf,
    bytes: Vec<u8>,
    parts: Vec<Part>,
    styles: Option<String>,
    /// The styles part as stored, read with the template when it has one
    /// and a part places the attachment table (which adds its styles to
    /// it).
    styles_read: Option<std::result::Result<Vec<u8>, String>>,
    section: Option<SectInfo>,
    /// The parts with tags, planned and compiled when the template is read
    /// (the notice is not needed for either).
    planned: Vec<PlannedPart>,
    /// The environment holding each planned part's template, by its name.
    env: minijinja::Environment<'static>,
}

#[derive(Debug)]
struct Part {
    name: String,
    xml: String,
    scan: Option<Scan>,
}

/// A problem of a template, with its place.
#[derive(Debug, Clone)]
pub struct TemplateProblem {
    /// `红头.docx!word/header1.xml`.
    pub location: Location,
    /// `paragraph 3 `{{ numbr }}`: unknown variable numbr`.
    pub message: String,
}

/// What keeps a template from being filled: every problem found.
#[derive(Debug)]
pub struct Failed {
    /// The template.
    pub path: PathBuf,
    /// The problems, in the order of the parts and paragraphs.
    pub problems: Vec<TemplateProblem>,
}

impl Failed {
    fn one(path: &Path, error: Error) -> Failed {
        let (location, message) = match error {
            Error::At { location, message } => (location, message),
            other => (Location::file(path), other.to_string()),
        };
        Failed {
            path: path.to_path_buf(),
            problems: vec![TemplateProblem { location, message }],
        }
    }

    /// Records every problem in `diags` and returns the error that ends
    /// the run, which counts them.
    pub fn report(self, diags: &mut Diagnostics) -> Error {
        let count = self.problems.len();
        for p in self.problems {
            diags.error(p.location, p.message);
        }
        let message = match count {
            1 => TemplateMsg::OneProblem,
            count => TemplateMsg::Problems { count },
        };
        Error::at(Location::file(&self.path), message)
    }

    /// The first problem as the error, saying how many more there are.
    pub fn into_error(self) -> Error {
        let more = self.problems.len().saturating_sub(1);
        match self.problems.into_iter().next() {
            Some(p) if more == 0 => Error::at(p.location, p.message),
            Some(p) => Error::at(
                p.location,
                format!("{}{}", p.message, TemplateMsg::AndMore { count: more }),
            ),
            None => Error::at(
                Location::file(&self.path),
                TemplateMsg::Problems { count: 0 },
            ),
        }
    }
}

/// One tag of a template, for `check`.
#[derive(Debug, Clone)]
pub struct Listed {
    /// The part it is in.
    pub part: String,
    /// The tag.
    pub tag: TagRef,
    /// Whether it names a variable the notice does not have.
    pub unknown: bool,
}

fn problem_at(path: &Path, part: &str, message: impl std::fmt::Display) -> TemplateProblem {
    TemplateProblem {
        location: Location::sheet(path, part),
        message: message.to_string(),
    }
}

impl Template {
    /// Reads a template: the package, its main part and every part the
    /// main part's relationships name that holds text.
    pub fn open(path: &Path) -> Result<Template> {
        let at = |m: TemplateMsg| Error::at(Location::file(path), m);
        let size = std::fs::metadata(path)
            .map_err(|source| Error::Read {
                path: path.to_path_buf(),
                source,
            })?
            .len();
        if size > MAX_FILE_MB << 20 {
            return Err(at(TemplateMsg::TooLarge {
                limit_mb: MAX_FILE_MB,
            }));
        }
        let bytes = std::fs::read(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Template::from_bytes(path, bytes)
    }

    /// [`Template::open`] on bytes already read.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Template> {
        let at = |m: TemplateMsg| Error::at(Location::file(path), m);
        let mut unpacker = unpack::Unpacker::open(&bytes).map_err(|e| {
            at(TemplateMsg::NotAPackage {
                detail: e.to_string(),
            })
        })?;
        let zip = unpacker.archive();
        if zip.len() > MAX_ENTRIES {
            return Err(at(TemplateMsg::TooLarge {
                limit_mb: MAX_FILE_MB,
            }));
        }
        let names: Vec<String> = (0..zip.len())
            .filter_map(|i| {
                zip.name_for_index(i)
                    .and_then(|n| n.ok())
                    .map(|n| n.into_owned())
            })
            .collect();
        let mut read = |name: &str| -> Result<Option<String>> {
            if !names.iter().any(|n| n == name) {
                return Ok(None);
            }
            let raw = unpacker.read(name).map_err(|e| {
                Error::at(
                    Location::sheet(path, name),
                    match e {
                        unpack::Unread::TooLarge => TemplateMsg::TooLarge {
                            limit_mb: MAX_PART_MB,
                        },
                        unpack::Unread::Damaged(detail) => TemplateMsg::NotAPackage { detail },
                    },
                )
            })?;
            let raw = raw
                .strip_prefix(b"\xEF\xBB\xBF")
                .map(<[u8]>::to_vec)
                .unwrap_or(raw);
            String::from_utf8(raw).map(Some).map_err(|e| {
                Error::at(
                    Location::sheet(path, name),
                    TemplateMsg::PartNotXml {
                        detail: e.to_string(),
                    },
                )
            })
        };
        let main = read("_rels/.rels")?
            .and_then(|rels| {
                relationships(&rels, "")
                    .into_iter()
                    .find(|(kind, _)| kind.ends_with("/officeDocument"))
                    .map(|(_, target)| target)
            })
            .unwrap_or_else(|| docx::DOCUMENT_PART.to_string());
        let Some(main_xml) = read(&main)? else {
            return Err(at(TemplateMsg::NoDocument));
        };
        let dir = main.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        let file = main.rsplit_once('/').map_or(main.as_str(), |(_, f)| f);
        let rels_name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let rels = read(&rels_name)?
            .map(|r| relationships(&r, &dir))
            .unwrap_or_default();
        let styles = rels
            .iter()
            .find(|(kind, _)| kind.ends_with("/styles"))
            .map(|(_, t)| t.clone())
            .filter(|t| names.contains(t));
        let mut texts: Vec<String> = rels
            .iter()
            .filter(|(kind, _)| TEXT_PARTS.iter().any(|t| kind.ends_with(t)))
            .map(|(_, t)| t.clone())
            .filter(|t| names.contains(t))
            .collect();
        // In the order of the package, each once.
        texts.sort_by_key(|t| names.iter().position(|n| n == t));
        texts.dedup();
        let mut parts = Vec::new();
        let scan_part = |name: &str, xml: &str| -> Result<Scan> {
            scan::scan(xml).map_err(|detail| {
                Error::at(
                    Location::sheet(path, name),
                    TemplateMsg::PartNotXml { detail },
                )
            })
        };
        let main_scan = scan_part(&main, &main_xml)?;
        let section = main_scan.sections.last().copied();
        parts.push(Part {
            name: main.clone(),
            xml: main_xml,
            scan: Some(main_scan),
        });
        for name in texts {
            if name == main {
                continue;
            }
            if let Some(xml) = read(&name)? {
                let scan = if might_hold_tags(&xml) {
                    Some(scan_part(&name, &xml)?)
                } else {
                    None
                };
                parts.push(Part { name, xml, scan });
            }
        }
        let mut env = environment();
        let planned = parts
            .iter()
            .enumerate()
            .filter_map(|(index, part)| {
                let scan = part.scan.as_ref()?;
                plan_part(&mut env, index, part, scan, section, None)
            })
            .collect::<Vec<PlannedPart>>();
        let styles_read = styles
            .as_deref()
            .filter(|_| planned.iter().any(|p| p.planned.uses_table))
            .map(|name| read_styles(&mut unpacker, name));
        Ok(Template {
            path: path.to_path_buf(),
            bytes,
            parts,
            styles,
            styles_read,
            section,
            planned,
            env,
        })
    }

    /// Whether a tag of the template may read `rows`, which the context
    /// then holds (every cell of the sheet, built in full): a part whose
    /// tags could not be read as one template counts as reading it.
    pub fn reads_rows(&self) -> bool {
        self.planned.iter().any(|p| match &p.reads {
            Some(names) => names.iter().any(|n| n == "rows" || n.starts_with("rows.")),
            None => true,
        })
    }

    /// The parts looked into for tags, in order.
    pub fn part_names(&self) -> Vec<&str> {
        self.parts.iter().map(|p| p.name.as_str()).collect()
    }

    /// Checks every planned part's tags against `context`. A part whose
    /// blocks its source could not mark is planned again with `blocks`,
    /// into `env`.
    fn prepare<'a>(
        &'a self,
        env: &mut minijinja::Environment<'static>,
        blocks: &dyn Blocks,
        context: &Value,
    ) -> Prepared<'a> {
        let globals: HashSet<String> = env.globals().map(|(k, _)| k.to_string()).collect();
        let mut prepared = Prepared::default();
        for stored in &self.planned {
            let part = &self.parts[stored.index];
            let planned_part = match (stored.planned.needs_blocks, &part.scan) {
                (true, Some(scan)) => {
                    match plan_part(env, stored.index, part, scan, self.section, Some(blocks)) {
                        Some(again) => std::borrow::Cow::Owned(again),
                        None => continue,
                    }
                }
                _ => std::borrow::Cow::Borrowed(stored),
            };
            let planned = &planned_part.planned;
            let mut problems = planned_part.problems.clone();
            // The part's tags compiled as one template, reading only what
            // the notice has: the usual case, checked at once. Otherwise
            // each tag alone says where.
            let whole_ok = problems.is_empty()
                && planned_part
                    .reads
                    .as_ref()
                    .is_some_and(|reads| reads.iter().all(|name| known(context, &globals, name)));
            let mut unknown: HashSet<usize> = HashSet::new();
            if !whole_ok {
                let found = each_tag(env, &planned.tags, context, &globals, &mut unknown);
                if found.is_empty() && problems.is_empty() {
                    // Unknown to the part as a whole, yet to no tag alone:
                    // a name the part binds in one place and reads in another.
                    problems.push(Problem {
                        paragraph: None,
                        tag: None,
                        message: TemplateMsg::UnknownVariable {
                            name: String::from("?"),
                        },
                    });
                }
                problems.extend(found);
            }
            problems.sort_by_key(|p| p.paragraph.unwrap_or(0));
            // A tag that cannot be read is found both in the part as a
            // whole and alone: said once.
            let mut said: Vec<String> = problems.iter().map(describe).collect();
            said.dedup();
            for message in said {
                prepared
                    .problems
                    .push(problem_at(&self.path, &part.name, message));
            }
            prepared.parts.push(PreparedPart {
                part: planned_part,
                unknown,
            });
        }
        prepared
    }

    /// Every tag of the template, and whether each names an unknown
    /// variable; and every problem that keeps it from being filled.
    pub fn list(&self, notice: &Notice, context: &Value) -> (Vec<Listed>, Vec<TemplateProblem>) {
        let blocks = NoticeBlocks::new(notice);
        let mut env = self.env.clone();
        let prepared = self.prepare(&mut env, &blocks, context);
        let mut listed = Vec::new();
        for part in &prepared.parts {
            let name = &self.parts[part.part.index].name;
            for (id, tag) in part.part.planned.tags.iter().enumerate() {
                if tag.kind == tags::TagKind::Comment {
                    continue;
                }
                listed.push(Listed {
                    part: name.clone(),
                    tag: tag.clone(),
                    unknown: part.unknown.contains(&id),
                });
            }
        }
        (listed, prepared.problems)
    }

    /// Fills the template for `notice`, whose variables are `context`,
    /// with the default options (punctuation in values made full-width).
    pub fn fill(&self, notice: &Notice, context: &Value) -> std::result::Result<Vec<u8>, Failed> {
        self.fill_with(notice, context, ComposeOptions::default())
    }

    /// [`Template::fill`]: with `tidy_punctuation`, each value's
    /// half-width punctuation in Chinese text is made full-width, as the
    /// built-in layout does with the notice's text.
    pub fn fill_with(
        &self,
        notice: &Notice,
        context: &Value,
        options: ComposeOptions,
    ) -> std::result::Result<Vec<u8>, Failed> {
        let rows = notice.attachments.first().map_or(0, |a| a.rows.len());
        self.fill_threaded(notice, context, options, rows >= PARALLEL_BLOCK_ROWS)
    }

    /// [`Template::fill_with`], the attachment table made on a second
    /// thread when `threaded`. The bytes are the same either way.
    fn fill_threaded(
        &self,
        notice: &Notice,
        context: &Value,
        options: ComposeOptions,
        threaded: bool,
    ) -> std::result::Result<Vec<u8>, Failed> {
        let blocks = NoticeBlocks::new(notice);
        let mut env = self.env.clone();
        set_formatter(&mut env, options.tidy_punctuation);
        let prepared = self.prepare(&mut env, &blocks, context);
        let failed = |problems| Failed {
            path: self.path.clone(),
            problems,
        };
        if !prepared.problems.is_empty() {
            return Err(failed(prepared.problems));
        }
        let uses_table = prepared.parts.iter().any(|p| p.part.planned.uses_table);
        // The blocks (the attachment table laid out and written, the styles
        // it needs) are made while the parts render, on a second thread
        // for a large table: neither needs the other until the blocks are
        // spliced in.
        let make_blocks = || {
            let written: Vec<io::Result<Vec<Vec<u8>>>> = prepared
                .parts
                .iter()
                .map(|p| {
                    p.part
                        .planned
                        .blocks
                        .iter()
                        .map(|spec| spec.write(&blocks))
                        .collect()
                })
                .collect();
            let styles = uses_table.then(|| self.with_styles(&blocks.doc));
            (written, styles)
        };
        let render = |env: &minijinja::Environment<'static>| -> Vec<_> {
            prepared
                .parts
                .iter()
                .map(|p| {
                    let name = &self.parts[p.part.index].name;
                    env.get_template(name).and_then(|t| t.render(context))
                })
                .collect()
        };
        let (rendered, (written, styles)) = if uses_table && threaded {
            std::thread::scope(|scope| {
                let helper = std::thread::Builder::new()
                    .name("blocks".into())
                    .spawn_scoped(scope, make_blocks);
                let rendered = render(&env);
                let made = match helper {
                    Ok(handle) => handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                    // Without a thread to spare, on this one.
                    Err(_) => make_blocks(),
                };
                (rendered, made)
            })
        } else {
            (render(&env), make_blocks())
        };
        let mut replaced: HashMap<String, Vec<u8>> = HashMap::new();
        let mut problems = Vec::new();
        for ((part, rendered), written) in prepared.parts.iter().zip(rendered).zip(written) {
            let name = &self.parts[part.part.index].name;
            let cannot_write = |e: io::Error| {
                TemplateMsg::CannotWrite {
                    detail: e.to_string(),
                }
                .to_string()
            };
            let result = written.map_err(cannot_write).and_then(|written| {
                rendered
                    .map_err(|e| {
                        let p = at_error(&part.part.planned, &e, |d| TemplateMsg::Render {
                            detail: d,
                        });
                        describe(&p)
                    })
                    .map(|xml| (xml, written))
            });
            match result {
                Ok((xml, written)) => match finish(xml, &written) {
                    Ok(xml) => {
                        replaced.insert(name.clone(), unique_paragraph_ids(xml));
                    }
                    Err(detail) => problems.push(problem_at(
                        &self.path,
                        name,
                        TemplateMsg::PartNotXml { detail },
                    )),
                },
                Err(message) => problems.push(problem_at(&self.path, name, message)),
            }
        }
        match styles {
            Some(Ok((name, xml))) => {
                replaced.insert(name, xml);
            }
            Some(Err(message)) => problems.push(TemplateProblem {
                location: Location::file(&self.path),
                message,
            }),
            None => {}
        }
        if !problems.is_empty() {
            return Err(failed(problems));
        }
        self.package(&replaced).map_err(|e| {
            Failed::one(
                &self.path,
                Error::at(
                    Location::file(&self.path),
                    TemplateMsg::CannotWrite {
                        detail: e.to_string(),
                    },
                ),
            )
        })
    }

    /// The styles part with the attachment table's styles added before its
    /// end (those it has already are not added again).
    fn with_styles(&self, doc: &LaidOut) -> std::result::Result<(String, Vec<u8>), String> {
        let Some(name) = &self.styles else {
            return Err(TemplateMsg::NoStyles.to_string());
        };
        let mut xml = match &self.styles_read {
            Some(read) => read.clone()?,
            None => read_styles(
                &mut unpack::Unpacker::open(&self.bytes).map_err(|e| e.to_string())?,
                name,
            )?,
        };
        let mut doc = doc.clone();
        let has = |id: &str| {
            let needle = format!("w:styleId=\"{id}\"");
            memchr::memmem::find(&xml, needle.as_bytes()).is_some()
        };
        doc.styles.retain(|s| !has(&s.id));
        doc.table_styles.retain(|s| !has(&s.id));
        let styles = docx::fragment::styles(&doc).map_err(|e| e.to_string())?;
        let Some(end) = xml
            .windows(b"</w:styles>".len())
            .rposition(|w| w == b"</w:styles>")
        else {
            return Err(TemplateMsg::NoStyles.to_string());
        };
        xml.splice(end..end, styles);
        Ok((name.clone(), xml))
    }

    /// The output package: the template's entries in order, each replaced
    /// part written anew, every other entry copied as stored.
    fn package(&self, replaced: &HashMap<String, Vec<u8>>) -> io::Result<Vec<u8>> {
        let mut zip =
            zip::ZipArchive::new(Cursor::new(&self.bytes[..])).map_err(io::Error::other)?;
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(self.bytes.len() * 2)));
        for i in 0..zip.len() {
            let entry = zip.by_index_raw(i).map_err(io::Error::other)?;
            let name = entry.name().map_err(io::Error::other)?.into_owned();
            match replaced.get(&name) {
                Some(bytes) => {
                    drop(entry);
                    out.start_file(name, options(bytes.len() >= docx::STORE_BELOW))
                        .map_err(io::Error::other)?;
                    out.write_all(bytes)?;
                }
                None => out.raw_copy_file(entry).map_err(io::Error::other)?,
            }
        }
        Ok(out.finish().map_err(io::Error::other)?.into_inner())
    }
}

/// The styles part `name` of the package, as stored.
fn read_styles(
    unpacker: &mut unpack::Unpacker<'_>,
    name: &str,
) -> std::result::Result<Vec<u8>, String> {
    unpacker.read(name).map_err(|e| match e {
        unpack::Unread::TooLarge => TemplateMsg::TooLarge {
            limit_mb: MAX_PART_MB,
        }
        .to_string(),
        unpack::Unread::Damaged(detail) => detail,
    })
}

/// Zip options of a part written anew: stamped 1980-01-01 as the writer's,
/// stored when small, otherwise deflated at [`FILLED_DEFLATE_LEVEL`].
fn options(deflate: bool) -> zip::write::SimpleFileOptions {
    let options = zip::write::SimpleFileOptions::default()
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    if deflate {
        options
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(FILLED_DEFLATE_LEVEL))
    } else {
        options
            .compression_method(zip::CompressionMethod::Stored)
            .compression_level(None)
    }
}

/// The deflate level of a filled part: the writer's level for large
/// documents ([`docx::LARGE_DEFLATE_LEVEL`]), not its small notice's.
/// A template's runs carry their properties in full and its loops repeat
/// them, so a filled part is larger than the writer's XML for the same
/// notice (the example template's `word/document.xml` with the seed's 23
/// rows: 65 KB, against 37 KB), and deflating it is the largest step of a
/// fill: level 1 takes 0.9 M of its 18.2 M instructions off (callgrind),
/// for a file of 28.0 KB against 25.0 KB.
const FILLED_DEFLATE_LEVEL: i64 = docx::LARGE_DEFLATE_LEVEL;

#[derive(Default)]
struct Prepared<'a> {
    parts: Vec<PreparedPart<'a>>,
    problems: Vec<TemplateProblem>,
}

struct PreparedPart<'a> {
    part: std::borrow::Cow<'a, PlannedPart>,
    unknown: HashSet<usize>,
}

/// A part with tags, planned, and its template compiled.
#[derive(Debug, Clone)]
struct PlannedPart {
    /// The part, an index into [`Template::parts`].
    index: usize,
    planned: Planned,
    /// What keeps the part from being filled whatever the values: the
    /// plan's problems, or its template's syntax.
    problems: Vec<Problem>,
    /// The variables the part's tags read, when they compile as one
    /// template.
    reads: Option<Vec<String>>,
}

/// `part` planned (with `blocks`, if given) and its template added to `env`
/// under its name; `None` when it holds no tag.
fn plan_part(
    env: &mut minijinja::Environment<'static>,
    index: usize,
    part: &Part,
    scan: &Scan,
    section: Option<SectInfo>,
    blocks: Option<&dyn Blocks>,
) -> Option<PlannedPart> {
    if !might_hold_tags(&part.xml) {
        return None;
    }
    let mut planned = plan::plan(&part.xml, scan, section, blocks);
    if planned.tags.is_empty() && planned.problems.is_empty() {
        return None;
    }
    let mut problems = planned.problems.clone();
    let mut reads = None;
    if problems.is_empty() && !planned.needs_blocks {
        // What the part reads is what its tags read: they alone, in order,
        // are a template with the part's scopes and a fraction of its text
        // to parse.
        let tags_only: String = planned
            .placed
            .iter()
            .map(|(range, _)| &planned.source[range.clone()])
            .collect();
        let source = std::mem::take(&mut planned.source);
        match env.add_template_owned(part.name.clone(), source) {
            Err(e) => problems.push(at_error(&planned, &e, |d| TemplateMsg::Syntax {
                detail: d,
            })),
            Ok(()) => {
                reads = env.template_from_str(&tags_only).ok().map(|t| {
                    let mut names: Vec<String> = t.undeclared_variables(true).into_iter().collect();
                    names.sort();
                    names
                });
            }
        }
    }
    Some(PlannedPart {
        index,
        planned,
        problems,
        reads,
    })
}

/// The template environment: the project's filters, strict variables,
/// and the part's text kept to its last byte.
fn environment() -> minijinja::Environment<'static> {
    let mut env = crate::compose::environment();
    let mut syntax = minijinja::syntax::SyntaxConfig::builder();
    syntax.keep_trailing_newline(true);
    if let Ok(config) = syntax.build() {
        env.set_syntax(config);
    }
    env
}

/// Values written as the text of the run they are in, their punctuation
/// tidied when `tidy`.
fn set_formatter(env: &mut minijinja::Environment<'static>, tidy: bool) {
    env.set_formatter(move |out, _state, value| {
        if value.is_none() {
            return Ok(());
        }
        let shown;
        let text = match value.as_str() {
            Some(text) => text,
            None => {
                shown = value.to_string();
                shown.as_str()
            }
        };
        let text = if tidy {
            crate::hygiene::tidy(text)
        } else {
            std::borrow::Cow::Borrowed(text)
        };
        let failed = |e: &dyn std::fmt::Display| {
            minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string())
        };
        let xml = run_content(&text).map_err(|e| failed(&e))?;
        // The writer writes text as it was given: UTF-8.
        let xml = String::from_utf8(xml).map_err(|e| failed(&e))?;
        out.write_str(&xml).map_err(|e| failed(&e))
    });
}

/// Whether a part's text could hold a tag at all.
fn might_hold_tags(xml: &str) -> bool {
    // A tag split over runs has its braces in different `w:t`s.
    xml.contains('{') || xml.contains('｛')
}

/// The relationships of a part: (type, target resolved against `dir`),
/// external targets left out.
fn relationships(xml: &str, dir: &str) -> Vec<(String, String)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Empty(e)) | Ok(quick_xml::events::Event::Start(e))
                if e.local_name().as_ref() == "Relationship" =>
            {
                let get = |name: &str| {
                    e.try_get_attribute(name).ok().flatten().and_then(|a| {
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .ok()
                            .map(|v| v.into_owned())
                    })
                };
                if get("TargetMode").is_some_and(|m| m == "External") {
                    continue;
                }
                if let (Some(kind), Some(target)) = (get("Type"), get("Target")) {
                    out.push((kind, resolve(dir, &target)));
                }
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// A relationship's target as a zip entry name.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if let Some(absolute) = target.strip_prefix('/') {
        return absolute.to_string();
    } else if dir.is_empty() {
        Vec::new()
    } else {
        dir.split('/').collect()
    };
    for piece in target.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Whether `name` (`contact.name`) is a variable of `context` or a global.
fn known(context: &Value, globals: &HashSet<String>, name: &str) -> bool {
    let mut path = name.split('.');
    let Some(root) = path.next() else {
        return true;
    };
    if globals.contains(root) {
        return true;
    }
    let Ok(mut value) = context.get_attr(root) else {
        return false;
    };
    if value.is_undefined() {
        return false;
    }
    for attr in path {
        if value.kind() != minijinja::value::ValueKind::Map {
            return true;
        }
        match value.get_attr(attr) {
            Ok(next) if !next.is_undefined() => value = next,
            _ => return false,
        }
    }
    true
}

/// Each tag checked alone: the problems of those that cannot be read or
/// that read an unknown variable (whose indexes go to `unknown`).
fn each_tag(
    env: &minijinja::Environment<'static>,
    tags: &[TagRef],
    context: &Value,
    globals: &HashSet<String>,
    unknown: &mut HashSet<usize>,
) -> Vec<Problem> {
    let bound = bound_names(tags);
    let mut problems = Vec::new();
    for (id, tag) in tags.iter().enumerate() {
        let Some(mini) = alone(tag) else {
            continue;
        };
        let checked = env
            .template_from_str(&mini)
            .map(|t| t.undeclared_variables(true));
        match checked {
            Err(e) => problems.push(Problem {
                paragraph: Some(tag.paragraph),
                tag: Some(tag.shown.clone()),
                message: TemplateMsg::Syntax {
                    detail: e
                        .detail()
                        .map_or_else(|| e.kind().to_string(), str::to_string),
                },
            }),
            Ok(names) => {
                let mut names: Vec<String> = names.into_iter().collect();
                names.sort();
                for name in names {
                    let root = name.split('.').next().unwrap_or("");
                    if bound.contains(root) || known(context, globals, &name) {
                        continue;
                    }
                    unknown.insert(id);
                    problems.push(Problem {
                        paragraph: Some(tag.paragraph),
                        tag: Some(tag.shown.clone()),
                        message: TemplateMsg::UnknownVariable { name },
                    });
                }
            }
        }
    }
    problems
}

/// A tag as a template of its own, to check what it reads: a value, or a
/// block's opening with its end. `None` for tags that read nothing.
fn alone(tag: &TagRef) -> Option<String> {
    let inner = tag.inner.as_str();
    match tag.kind {
        tags::TagKind::Expr => Some(format!("{{{{ {inner} }}}}")),
        tags::TagKind::Comment => None,
        tags::TagKind::Block => {
            let word: String = inner
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            let rest = &inner[word.len()..];
            match word.as_str() {
                "for" | "if" | "with" => Some(format!("{{% {inner} %}}{{% end{word} %}}")),
                "elif" => Some(format!("{{% if {rest} %}}{{% endif %}}")),
                "set" if rest.contains('=') => Some(format!("{{% {inner} %}}")),
                _ => None,
            }
        }
    }
}

/// The names a part's tags bind (loop variables, `set` and `with`
/// names, macros), which are no variables of the notice.
fn bound_names(tags: &[TagRef]) -> HashSet<String> {
    // `body` and `attachment_table` are blocks, placed by the filler.
    let mut names: HashSet<String> = ["loop", "caller", "self", "body", "attachment_table"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let idents = |text: &str, names: &mut HashSet<String>| {
        for piece in text.split([',', '(', ')']) {
            let piece = piece.trim();
            if !piece.is_empty() && piece.chars().all(|c| c.is_alphanumeric() || c == '_') {
                names.insert(piece.to_string());
            }
        }
    };
    for tag in tags.iter().filter(|t| t.kind == tags::TagKind::Block) {
        let inner = tag.inner.as_str();
        if let Some(rest) = inner.strip_prefix("for ") {
            if let Some((targets, _)) = rest.split_once(" in ") {
                idents(targets, &mut names);
            }
        } else if let Some(rest) = inner.strip_prefix("set ") {
            idents(rest.split('=').next().unwrap_or(""), &mut names);
        } else if let Some(rest) = inner.strip_prefix("with ") {
            for assignment in rest.split(',') {
                idents(assignment.split('=').next().unwrap_or(""), &mut names);
            }
        } else if let Some(rest) = inner.strip_prefix("macro ") {
            idents(rest.split('(').next().unwrap_or(""), &mut names);
        }
    }
    names
}

/// A minijinja error as a problem at the tag it points into.
fn at_error(
    planned: &Planned,
    e: &minijinja::Error,
    message: impl Fn(String) -> TemplateMsg,
) -> Problem {
    let detail = e
        .detail()
        .map(str::to_string)
        .unwrap_or_else(|| e.kind().to_string());
    let tag = e.range().and_then(|range| {
        planned
            .placed
            .iter()
            .find(|(placed, _)| {
                placed.start <= range.start && range.start < placed.end.max(placed.start + 1)
            })
            .or_else(|| {
                planned
                    .placed
                    .iter()
                    .rev()
                    .find(|(placed, _)| placed.start <= range.start)
            })
            .map(|(_, id)| &planned.tags[*id])
    });
    Problem {
        paragraph: tag.map(|t| t.paragraph),
        tag: tag.map(|t| t.shown.clone()),
        message: message(detail),
    }
}

/// The message of a problem, with its paragraph and tag.
fn describe(p: &Problem) -> String {
    let problem = p.message.to_string();
    match (p.paragraph, &p.tag) {
        (Some(paragraph), Some(tag)) => TemplateMsg::AtTag {
            paragraph,
            tag: tag.clone(),
            problem,
        }
        .to_string(),
        (Some(paragraph), None) => TemplateMsg::AtParagraph { paragraph, problem }.to_string(),
        _ => problem,
    }
}

/// `xml` with every `w14:paraId` after the first of its value left out.
/// A paragraph repeated by a loop repeats its id, and Word wants each id
/// once in a document; the attribute is optional, and Word gives a
/// paragraph without one an id of its own.
fn unique_paragraph_ids(xml: Vec<u8>) -> Vec<u8> {
    const ATTR: &[u8] = b" w14:paraId=\"";
    let finder = memchr::memmem::Finder::new(ATTR);
    if finder.find(&xml).is_none() {
        return xml;
    }
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(xml.len());
    let mut rest = &xml[..];
    while let Some(at) = finder.find(rest) {
        let value_start = at + ATTR.len();
        let Some(len) = memchr::memchr(b'"', &rest[value_start..]) else {
            break;
        };
        let end = value_start + len + 1;
        out.extend_from_slice(&rest[..at]);
        if seen.insert(&rest[value_start..value_start + len]) {
            out.extend_from_slice(&rest[at..end]);
        }
        rest = &rest[end..];
    }
    out.extend_from_slice(rest);
    out
}

/// The filled part, each cell, text box, header and footer ending with a
/// paragraph (a loop or condition may have left one with none, or with a
/// table last), and the body's last block before its section properties a
/// paragraph too; each block marker replaced by its block (`blocks`, from
/// the plan); an error when the part's elements do not nest.
///
/// This reads tags alone, not a whole XML parser's work: the part was
/// well-formed when scanned, and filling changes only elements and escaped
/// text, so what can go wrong is an element cut apart. A block, whole
/// paragraphs or a table the writer wrote, is not read again: it counts as
/// what it ends with.
fn finish(xml: String, blocks: &[Vec<u8>]) -> std::result::Result<Vec<u8>, String> {
    const NEED: &[&[u8]] = &[
        b"w:tc",
        b"w:txbxContent",
        b"w:hdr",
        b"w:ftr",
        b"w:footnote",
        b"w:endnote",
        b"w:comment",
    ];
    struct Open<'a> {
        name: &'a [u8],
        need: bool,
        last_p: bool,
        body: bool,
    }
    /// What goes into the part at a place: an empty paragraph, or block
    /// `index` in place of a marker of `len` bytes.
    enum Insert {
        Paragraph,
        Block { index: usize, len: usize },
    }
    let (open_marker, close_marker) = (plan::BLOCK_OPEN, plan::BLOCK_CLOSE);
    let bytes = xml.as_bytes();
    let mut stack: Vec<Open<'_>> = Vec::new();
    let mut insert: Vec<(usize, Insert)> = Vec::new();
    let name_end = |from: usize| {
        bytes[from..]
            .iter()
            .position(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>'))
            .map_or(bytes.len(), |i| from + i)
    };
    let next = |from: usize| {
        if blocks.is_empty() {
            memchr::memchr(b'<', &bytes[from..])
        } else {
            memchr::memchr2(b'<', open_marker, &bytes[from..])
        }
    };
    let mut i = 0;
    while let Some(off) = next(i) {
        let at = i + off;
        let rest = &bytes[at..];
        if rest[0] == open_marker {
            let len = memchr::memchr(close_marker, rest).ok_or("a block marker is cut")?;
            let index = std::str::from_utf8(&rest[1..len])
                .ok()
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|n| *n < blocks.len())
                .ok_or("a block marker names no block")?;
            let block = &blocks[index];
            if let Some(top) = stack.last_mut() {
                if !block.is_empty() {
                    top.last_p = !block.ends_with(b"</w:tbl>");
                }
            }
            insert.push((
                at,
                Insert::Block {
                    index,
                    len: len + 1,
                },
            ));
            i = at + len + 1;
            continue;
        }
        let skip_to = |end: &[u8]| memchr::memmem::find(rest, end).map(|p| at + p + end.len());
        if rest.starts_with(b"<?") {
            i = skip_to(b"?>").ok_or("unclosed declaration")?;
            continue;
        }
        if rest.starts_with(b"<!--") {
            i = skip_to(b"-->").ok_or("unclosed comment")?;
            continue;
        }
        if rest.starts_with(b"<![CDATA[") {
            i = skip_to(b"]]>").ok_or("unclosed CDATA")?;
            continue;
        }
        if rest.starts_with(b"</") {
            let end = name_end(at + 2);
            let name = &bytes[at + 2..end];
            let close = memchr::memchr(b'>', &bytes[end..]).ok_or("unclosed end tag")?;
            match stack.pop() {
                Some(open) if open.name == name => {
                    if open.need && !open.last_p {
                        insert.push((at, Insert::Paragraph));
                    }
                }
                _ => {
                    return Err(format!(
                        "</{}> closes no open element",
                        String::from_utf8_lossy(name)
                    ))
                }
            }
            i = end + close + 1;
            continue;
        }
        let end = name_end(at + 1);
        let name = &bytes[at + 1..end];
        // The tag's end, outside attribute values.
        let mut k = end;
        loop {
            let Some(off) = memchr::memchr3(b'>', b'"', b'\'', &bytes[k..]) else {
                return Err("unclosed start tag".to_string());
            };
            k += off;
            if bytes[k] == b'>' {
                break;
            }
            // An attribute value: its closing quote.
            let quote = bytes[k];
            let Some(len) = memchr::memchr(quote, &bytes[k + 1..]) else {
                return Err("unclosed start tag".to_string());
            };
            k += len + 2;
        }
        let empty = bytes[k - 1] == b'/';
        if let Some(top) = stack.last_mut() {
            match name {
                b"w:p" => top.last_p = true,
                b"w:tbl" => top.last_p = false,
                b"w:sectPr" if top.body && !top.last_p => {
                    insert.push((at, Insert::Paragraph));
                    top.last_p = true;
                }
                _ => {}
            }
        }
        if !empty {
            let body = name == b"w:body";
            stack.push(Open {
                name,
                need: NEED.contains(&name),
                // An empty body needs no paragraph before its sections.
                last_p: body,
                body,
            });
        }
        i = k + 1;
    }
    if let Some(open) = stack.last() {
        return Err(format!(
            "<{}> is not closed",
            String::from_utf8_lossy(open.name)
        ));
    }
    if insert.is_empty() {
        return Ok(xml.into_bytes());
    }
    // In order of place: markers and tags never share one.
    insert.sort_unstable_by_key(|(at, _)| *at);
    let added: usize = insert
        .iter()
        .map(|(_, what)| match what {
            Insert::Paragraph => 6,
            Insert::Block { index, .. } => blocks[*index].len(),
        })
        .sum();
    let mut out = Vec::with_capacity(bytes.len() + added);
    let mut pos = 0;
    for (at, what) in insert {
        out.extend_from_slice(&bytes[pos..at]);
        match what {
            Insert::Paragraph => {
                out.extend_from_slice(b"<w:p/>");
                pos = at;
            }
            Insert::Block { index, len } => {
                out.extend_from_slice(&blocks[index]);
                pos = at + len;
            }
        }
    }
    out.extend_from_slice(&bytes[pos..]);
    Ok(out)
}

/// The notice's blocks as the writer writes them into a template.
struct NoticeBlocks<'a> {
    notice: &'a Notice,
    doc: LaidOut,
    heiti: crate::document::FontId,
    kaiti: crate::document::FontId,
}

impl<'a> NoticeBlocks<'a> {
    fn new(notice: &'a Notice) -> NoticeBlocks<'a> {
        let b = layout::Builder::new(&notice.fonts);
        let mut fonts: Vec<Font> = Vec::new();
        for face in Face::ALL {
            let id = b.font(face).0;
            if fonts.len() <= id {
                fonts.resize(
                    id + 1,
                    Font {
                        name: String::new(),
                        kind: face.kind(),
                    },
                );
            }
            fonts[id] = Font {
                name: face.name(&notice.fonts).to_string(),
                kind: face.kind(),
            };
        }
        let (mut styles, mut table_styles) = layout::table::styles(&b);
        for s in &mut styles {
            s.id = format!("{STYLE_PREFIX}{}", s.id);
            s.name = format!("gongwen {}", s.name);
        }
        for s in &mut table_styles {
            s.id = format!("{STYLE_PREFIX}{}", s.id);
            s.name = format!("gongwen {}", s.name);
        }
        let doc = LaidOut {
            properties: Properties::default(),
            fonts,
            defaults: Defaults {
                run: RunProps::default(),
                paragraph: ParagraphProps::default(),
                language: layout::LANGUAGE.to_string(),
            },
            styles,
            table_styles,
            sections: Vec::new(),
        };
        NoticeBlocks {
            notice,
            doc,
            heiti: b.font(Face::HeiTi),
            kaiti: b.font(Face::KaiTi),
        }
    }

    /// The body's paragraphs: text, and the heading faces of the built-in
    /// layout (一、 黑体, （一） 楷体; 1. and （1） in the body face).
    fn paragraphs(&self) -> Vec<Paragraph> {
        let face = |font| RunProps {
            font: Some(font),
            ..RunProps::default()
        };
        self.notice
            .body
            .iter()
            .map(|block| {
                let runs = match block {
                    BodyBlock::Paragraph(text) => {
                        vec![Run::text(text.clone(), RunProps::default())]
                    }
                    BodyBlock::Heading { level, lead, rest } => {
                        let lead_props = match level {
                            1 => face(self.heiti),
                            2 => face(self.kaiti),
                            _ => RunProps::default(),
                        };
                        vec![
                            Run::text(lead.clone(), lead_props),
                            Run::text(rest.clone(), RunProps::default()),
                        ]
                    }
                };
                Paragraph {
                    runs,
                    ..Paragraph::default()
                }
            })
            .collect()
    }

    /// The attachment table, laid out for the type area of its section.
    fn attachment_table(&self, section: SectInfo) -> Table {
        let area = layout::table::Area {
            width: section.text_width().max(1440),
            height: section.text_height().max(1440),
        };
        layout::table::progress_table(&self.notice.attachments[0], area).table
    }
}

impl Blocks for NoticeBlocks<'_> {
    fn body(&self, ppr: &[u8], ppr_last: &[u8], rpr: &[u8]) -> io::Result<Vec<u8>> {
        let paragraphs = self.paragraphs();
        let Some((last, rest)) = paragraphs.split_last() else {
            // An empty body leaves its paragraph, empty.
            let mut out = b"<w:p>".to_vec();
            out.extend_from_slice(ppr_last);
            out.extend_from_slice(b"</w:p>");
            return Ok(out);
        };
        let mut out = docx::fragment::styled_paragraphs(&self.doc, rest, ppr, rpr)?;
        out.extend(docx::fragment::styled_paragraphs(
            &self.doc,
            std::slice::from_ref(last),
            ppr_last,
            rpr,
        )?);
        Ok(out)
    }

    fn table(&self, section: SectInfo) -> io::Result<Vec<u8>> {
        docx::fragment::table(&self.doc, &self.attachment_table(section))
    }
}

/// Fills the job's template, read, for `notice` (addressed to
/// `recipients`).
pub fn fill_notice(
    template: &Template,
    job: &crate::job::Job,
    model: &crate::model::Progress,
    notice: &Notice,
    recipients: &[String],
    options: ComposeOptions,
) -> std::result::Result<Vec<u8>, Failed> {
    let context = crate::compose::fill_context(
        job,
        model,
        recipients,
        &notice.attachments[0].title,
        template.reads_rows(),
    );
    template.fill_with(notice, &context, options)
}

/// Reads the template at `path` as [`Template::open`] does, the error as
/// filling gives it.
pub fn open_for_fill(path: &Path) -> std::result::Result<Template, Failed> {
    Template::open(path).map_err(|e| Failed::one(path, e))
}

#[cfg(test)]
mod tests;
