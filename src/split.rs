//! Per-section extracts: one .docx per section (科室) with that section's
//! rows, the file names made safe, an `index.csv`, and regeneration that
//! rewrites only what changed.
//!
//! The stages are separate so each can be tested alone:
//!
//! 1. [`plan`] decides which extracts there are and their file names
//!    ([`assign_file_names`], [`safe_stem`]);
//! 2. [`build_extract`] builds one ([`build_all`] builds them all in
//!    memory, for measurements);
//! 3. [`split_into`] builds them in parallel and writes each as it is
//!    built beside its place, then moves them all into place with the
//!    index, all or nothing, in a folder it owns through its index and
//!    holds with a lock ([`FolderLock`]); it finds (and with `prune`,
//!    removes) extracts of sections that are gone.
//!
//! A document's bytes depend on its inputs alone: nothing in
//! [`crate::layout`] or [`crate::docx`] keeps state between documents, so
//! the thread that builds one and what that thread built before do not
//! matter.

use crate::compose::{self, ComposeOptions};
use crate::diag::Diagnostics;
use crate::document::Properties;
use crate::error::{Error, Location, Result};
use crate::messages::{CliMsg, SplitMsg};

use crate::model::{Progress, SectionIndex};
use crate::package::{self, Inputs, WriteOutcome};
use crate::{docx, layout, Loaded};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// The index of an output folder.
pub const INDEX_FILE: &str = "index.csv";
/// The extension of an extract.
pub const EXTENSION: &str = ".docx";
/// Longest file name stem, in characters.
pub const MAX_STEM_CHARS: usize = 100;
/// Longest file name stem, in UTF-8 bytes: Linux and macOS allow 255 bytes
/// for a whole name, and 100 Chinese characters take 300.
pub const MAX_STEM_BYTES: usize = 200;
/// The stem used when nothing of a section name survives cleaning.
pub const FALLBACK_STEM: &str = "未命名";

/// What `split` builds.
#[derive(Debug, Clone, Default)]
pub struct SplitOptions {
    /// Each extract is the whole notice addressed to its section, not only
    /// the attachment.
    pub with_notice: bool,
    /// Only these sections; empty means all.
    pub sections: Vec<String>,
    /// Options of the compose stage.
    pub compose: ComposeOptions,
}

/// One extract to build: the section, its file name in the output folder,
/// and how many rows it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// The section, or the model's [`crate::model::Progress::unassigned`].
    pub section: String,
    /// The file name (no folder), ending in `.docx`.
    pub file: String,
    /// Rows in the extract.
    pub rows: usize,
}

/// A built extract.
#[derive(Debug, Clone)]
pub struct Extract {
    /// What was built.
    pub planned: Planned,
    /// The .docx bytes.
    pub bytes: Vec<u8>,
    /// SHA-256 of `bytes`, lowercase hex.
    pub sha256: String,
}

/// The plan of a run: every extract the data calls for, and those selected.
#[derive(Debug, Clone)]
pub struct Plan {
    /// One entry per section in order of first appearance, then 未分配 when
    /// some rows name no section. File names are assigned over all of them,
    /// so that a run of some sections names files as a full run does.
    pub all: Vec<Planned>,
    /// The extracts to build now: `all`, or the sections asked for.
    pub selected: Vec<Planned>,
}

/// Decides the extracts. Rows with no section are reported to `diags`
/// (they go to the 未分配 extract); a section in `selection` that the data
/// does not have is an error naming the sections it has.
pub fn plan(loaded: &Loaded, selection: &[String], diags: &mut Diagnostics) -> Result<Plan> {
    let model = &loaded.model;
    let table = &loaded.table;
    let mut sections = model.sections();
    let unassigned: Vec<_> = model.tasks().filter(|r| r.sections.is_empty()).collect();
    if !unassigned.is_empty() {
        match model.roles.sections {
            None => diags.warn(
                Location::sheet(&table.file, &table.sheet),
                SplitMsg::NoSectionsColumn {
                    rows: unassigned.len(),
                    unassigned: model.unassigned.clone(),
                },
            ),
            Some(col) => {
                for row in &unassigned {
                    diags.warn(
                        table.cell_location(row.sheet_row.saturating_sub(1), col),
                        SplitMsg::NoSection {
                            unassigned: model.unassigned.clone(),
                        },
                    );
                }
            }
        }
        if !sections.contains(&model.unassigned) {
            sections.push(model.unassigned.clone());
        }
    }
    // A further attachment's rows reach the extracts of the first's
    // sections only; any others are named.
    let known: HashSet<&str> = sections.iter().map(String::as_str).collect();
    for (more, attachment) in loaded.more.iter().zip(&loaded.job.more_attachments) {
        let mut missing = more.model.section_counts();
        let unassigned = more.model.unassigned_tasks();
        if unassigned > 0 {
            missing.push((more.model.unassigned.clone(), unassigned));
        }
        for (section, rows) in missing {
            if !known.contains(section.as_str()) {
                diags.warn(
                    Location::sheet(&more.table.file, &more.table.sheet),
                    SplitMsg::SectionNotInFirst {
                        key: attachment.key.clone(),
                        section,
                        rows,
                    },
                );
            }
        }
    }
    let files = assign_file_names(&sections);
    // Tasks per section, counted once.
    let mut counts: HashMap<String, usize> = model.section_counts().into_iter().collect();
    let unassigned_rows = model.unassigned_tasks();
    let all: Vec<Planned> = sections
        .iter()
        .zip(files)
        .map(|(section, file)| Planned {
            rows: counts.remove(section).unwrap_or_default()
                + if *section == model.unassigned {
                    unassigned_rows
                } else {
                    0
                },
            section: section.clone(),
            file,
        })
        .collect();
    let selected = if selection.is_empty() {
        all.clone()
    } else {
        let mut picked: Vec<Planned> = Vec::new();
        for wanted in selection {
            let wanted = wanted.trim();
            let Some(p) = all.iter().find(|p| p.section == wanted) else {
                let known: Vec<&str> = all.iter().map(|p| p.section.as_str()).collect();
                return Err(Error::at(
                    Location::sheet(&table.file, &table.sheet),
                    SplitMsg::NoSuchSection {
                        name: crate::messages::quote(wanted),
                        sections: crate::messages::list(&known, &CliMsg::ListSeparator.to_string()),
                    },
                ));
            };
            if !picked.contains(p) {
                picked.push(p.clone());
            }
        }
        // Sheet order, whatever the order of the options.
        all.iter().filter(|p| picked.contains(p)).cloned().collect()
    };
    Ok(Plan { all, selected })
}

/// Builds one section's extract: the attachment pages alone, or with
/// `with_notice` the whole notice addressed to the section. A further
/// attachment takes part with the section's rows, and not at all when it
/// has none.
pub fn build_extract(loaded: &Loaded, section: &str, options: &SplitOptions) -> Result<Vec<u8>> {
    let more: Vec<Progress> = loaded
        .more
        .iter()
        .map(|m| m.model.filter_section(section))
        .collect();
    build_for(
        loaded,
        loaded.model.filter_section(section),
        &more,
        section,
        options,
    )
}

fn build_for(
    loaded: &Loaded,
    model: Progress,
    more: &[Progress],
    section: &str,
    options: &SplitOptions,
) -> Result<Vec<u8>> {
    let job = &loaded.job;
    let more: Vec<&Progress> = more.iter().collect();
    if options.with_notice {
        let notice = compose::compose_for_section(job, &model, &more, section, options.compose)?;
        if let Some(path) = &job.template {
            let recipients = if section == model.unassigned {
                job.recipients.clone()
            } else {
                vec![section.to_string()]
            };
            let template =
                crate::opened(loaded, path).map_err(crate::template::Failed::into_error)?;
            return crate::template::fill_notice(
                &template,
                job,
                &model,
                &notice,
                &recipients,
                options.compose,
            )
            .map_err(crate::template::Failed::into_error);
        }
        let properties = crate::notice_properties(&notice, job);
        docx::to_bytes(&layout::layout_notice(&notice, properties))
    } else {
        let pages =
            compose::compose_attachments(job, &model, &more, Some(section), options.compose)?;
        let properties = Properties {
            title: pages[0].title.clone(),
            creator: job.signature.clone(),
            date: job.date.to_string(),
        };
        docx::to_bytes(&layout::layout_attachments(&pages, &job.fonts, properties))
    }
}

/// The section indexes of a run's attachments, made once for all its
/// extracts.
pub struct Indexes {
    first: SectionIndex,
    more: Vec<SectionIndex>,
}

impl Indexes {
    /// The indexes of every attachment of `loaded`.
    pub fn of(loaded: &Loaded) -> Self {
        Indexes {
            first: loaded.model.section_index(),
            more: loaded
                .more
                .iter()
                .map(|m| m.model.section_index())
                .collect(),
        }
    }
}

/// [`build_extract`] with the attachments' [`Indexes`].
pub fn build_extract_indexed(
    loaded: &Loaded,
    index: &Indexes,
    section: &str,
    options: &SplitOptions,
) -> Result<Vec<u8>> {
    let more: Vec<Progress> = loaded
        .more
        .iter()
        .zip(&index.more)
        .map(|(m, index)| m.model.filter_indexed(index, section))
        .collect();
    build_for(
        loaded,
        loaded.model.filter_indexed(&index.first, section),
        &more,
        section,
        options,
    )
}

/// Builds the planned extracts in parallel (on rayon's pool), calling
/// `done` as each one is finished. The result is in the order of `planned`.
pub fn build_all(
    loaded: &Loaded,
    planned: &[Planned],
    options: &SplitOptions,
    done: &(dyn Fn(&Planned) + Sync),
) -> Result<Vec<Extract>> {
    planned
        .par_iter()
        .map(|p| {
            let bytes = build_extract(loaded, &p.section, options)?;
            let sha256 = sha256_hex(&bytes);
            done(p);
            Ok(Extract {
                planned: p.clone(),
                bytes,
                sha256,
            })
        })
        .collect()
}

/// SHA-256 of `bytes` as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

// ---- file names ------------------------------------------------------------

/// A section name made into a file name stem that is safe on Windows, macOS
/// and Linux:
///
/// - path separators, `<>:"|?*`, control characters and line separators
///   become `_`; invisible format characters (zero-width, bidi controls) are
///   dropped;
/// - runs of dots become one dot (no `..`), and dots and spaces are trimmed
///   from both ends (no hidden files, nothing Windows would strip);
/// - at most [`MAX_STEM_CHARS`] characters and [`MAX_STEM_BYTES`] bytes;
/// - a Windows device name (`CON`, `nul`, `COM1`, `LPT9.x` …) gets a `_`
///   in front;
/// - nothing left gives [`FALLBACK_STEM`].
///
/// Chinese stays as it is.
pub fn safe_stem(name: &str) -> String {
    let mut cleaned = String::with_capacity(name.len());
    let mut last_dot = false;
    for c in name.chars() {
        if is_invisible(c) {
            continue;
        }
        let c = if c.is_control()
            || matches!(
                c,
                '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' | '\u{2028}' | '\u{2029}'
            ) {
            '_'
        } else {
            c
        };
        if c == '.' && last_dot {
            continue;
        }
        last_dot = c == '.';
        cleaned.push(c);
    }
    let stem = truncate_stem(trim_ends(&cleaned), MAX_STEM_CHARS, MAX_STEM_BYTES);
    if stem.is_empty() {
        return FALLBACK_STEM.to_string();
    }
    if is_reserved_on_windows(&stem) {
        return truncate_stem(&format!("_{stem}"), MAX_STEM_CHARS, MAX_STEM_BYTES);
    }
    stem
}

/// Zero-width and bidirectional formatting characters: invisible in a name,
/// and able to make one name look like another.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
    )
}

fn trim_ends(s: &str) -> &str {
    s.trim_matches(|c: char| c == '.' || c.is_whitespace())
}

/// At most `chars` characters and `bytes` bytes, cut between characters,
/// with no dot or space left at the end.
fn truncate_stem(s: &str, chars: usize, bytes: usize) -> String {
    let mut out = String::new();
    for c in s.chars().take(chars) {
        if out.len() + c.len_utf8() > bytes {
            break;
        }
        out.push(c);
    }
    trim_ends(&out).to_string()
}

/// Whether Windows reserves the name: a device name (`CON`, `PRN`, `AUX`,
/// `NUL`, `COM0`–`COM9`, `LPT0`–`LPT9`, with superscript digits too,
/// `CONIN$`, `CONOUT$`), in any case, alone or before an extension.
pub fn is_reserved_on_windows(stem: &str) -> bool {
    let base = stem.split('.').next().unwrap_or("").trim_end();
    let upper = base.to_ascii_uppercase();
    if matches!(
        upper.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) {
        return true;
    }
    let mut chars = upper.chars();
    let prefix: String = chars.by_ref().take(3).collect();
    let rest: Vec<char> = chars.collect();
    (prefix == "COM" || prefix == "LPT")
        && rest.len() == 1
        && (rest[0].is_ascii_digit() || matches!(rest[0], '¹' | '²' | '³'))
}

/// File names (`stem.docx`) for the sections, parallel to `sections`.
///
/// Each name is the section's [`safe_stem`]. When several sections clean to
/// the same stem (compared without case, as Windows and macOS do), a section
/// whose name is that stem exactly keeps it, else the one first in code
/// point order; the others get `-2`, `-3`, … in code point order. The names
/// thus depend on the set of sections, not on their order in the sheet.
pub fn assign_file_names(sections: &[String]) -> Vec<String> {
    let stems: Vec<String> = sections.iter().map(|s| safe_stem(s)).collect();
    let key = |s: &str| s.to_lowercase();
    let mut order: Vec<usize> = (0..sections.len()).collect();
    order.sort_by(|&a, &b| {
        let exact = |i: usize| sections[i] != stems[i];
        (exact(a), &sections[a]).cmp(&(exact(b), &sections[b]))
    });
    let mut used: HashSet<String> = stems.iter().map(|s| key(s)).collect();
    let mut owner: HashMap<String, usize> = HashMap::new();
    for &i in &order {
        owner.entry(key(&stems[i])).or_insert(i);
    }
    let mut names = vec![String::new(); sections.len()];
    for &i in &order {
        let stem = &stems[i];
        if owner.get(&key(stem)) == Some(&i) {
            names[i] = format!("{stem}{EXTENSION}");
            continue;
        }
        let mut n = 2usize;
        loop {
            let suffix = format!("-{n}");
            let room_chars = MAX_STEM_CHARS - suffix.len();
            let room_bytes = MAX_STEM_BYTES - suffix.len();
            let candidate = format!("{}{suffix}", truncate_stem(stem, room_chars, room_bytes));
            if used.insert(key(&candidate)) {
                names[i] = format!("{candidate}{EXTENSION}");
                break;
            }
            n += 1;
        }
    }
    names
}

/// Whether `file` is a bare file name of an extract: one path component,
/// no separator of any system, ending in `.docx`, not hidden.
pub fn is_extract_file_name(file: &str) -> bool {
    let mut components = Path::new(file).components();
    matches!(
        (components.next(), components.next()),
        (Some(Component::Normal(_)), None)
    ) && !file.contains(['/', '\\', ':'])
        && !file.starts_with('.')
        && file.len() > EXTENSION.len()
        && file.ends_with(EXTENSION)
}

/// The path of `file` in `dir`, refusing anything that would not be a file
/// directly inside `dir`.
pub fn output_path(dir: &Path, file: &str) -> Result<PathBuf> {
    path_inside(dir, file, is_extract_file_name(file))
}

/// `dir`/`file` when `named_well` and the path is a file directly inside
/// `dir`; else the error that it leaves the folder.
fn path_inside(dir: &Path, file: &str, named_well: bool) -> Result<PathBuf> {
    let path = dir.join(file);
    let inside = named_well
        && path.parent() == Some(dir)
        && path.file_name().and_then(|n| n.to_str()) == Some(file);
    if inside {
        Ok(path)
    } else {
        Err(Error::Write {
            path,
            source: std::io::Error::other(SplitMsg::LeavesFolder.to_string()),
        })
    }
}

// ---- index.csv -------------------------------------------------------------

/// A line of `index.csv`: one file gongwen wrote in the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// The section.
    pub section: String,
    /// Rows in its extract.
    pub rows: usize,
    /// The file's name in the folder: the extract, or its PDF or page
    /// images (`--pdf`, `--preview`).
    pub file: String,
    /// SHA-256 of the file as written, lowercase hex.
    pub sha256: String,
}

/// The job a split folder belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    /// The job file, its full path as it was when the folder was written.
    pub job: String,
    /// SHA-256 of that path, lowercase hex: what tells one job from another.
    pub id: String,
}

impl Owner {
    /// The owner a run of the job file `job` writes as.
    pub fn of(job: &Path) -> Owner {
        let full = std::fs::canonicalize(job).unwrap_or_else(|_| job.to_path_buf());
        let job = full.display().to_string();
        Owner {
            id: sha256_hex(job.as_bytes()),
            job,
        }
    }
}

/// What `index.csv` says: whose the folder is and which files it wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Index {
    /// The job that wrote the files; `None` for an index of an earlier
    /// version, which named no job.
    pub owner: Option<Owner>,
    /// Every file written.
    pub entries: Vec<IndexEntry>,
}

const INDEX_HEADER: [&str; 6] = ["section", "rows", "file", "sha256", "job", "job_id"];
/// The header of an index of an earlier version (no job named).
const LEGACY_HEADER: [&str; 4] = ["section", "rows", "file", "sha256"];

/// `index.csv`: UTF-8 with a byte order mark (so Excel reads it as UTF-8),
/// CRLF line ends, fields quoted where they hold `,` `"` or a line break;
/// each line names the file, its section and SHA-256, and the job that
/// wrote it. A field that starts with `=`, `+`, `-`, `@` or `'` gets a `'`
/// in front, so a spreadsheet does not take it for a formula;
/// [`parse_index`] drops it.
pub fn index_csv(owner: &Owner, entries: &[IndexEntry]) -> Vec<u8> {
    let mut out = String::from("\u{FEFF}");
    let line = |fields: &[&str], out: &mut String| {
        let cells: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    line(&INDEX_HEADER, &mut out);
    for e in entries {
        line(
            &[
                &e.section,
                &e.rows.to_string(),
                &e.file,
                &e.sha256,
                &owner.job,
                &owner.id,
            ],
            &mut out,
        );
    }
    out.into_bytes()
}

fn csv_field(field: &str) -> String {
    let guarded = if field.starts_with(['=', '+', '-', '@', '\'', '\t', '\r']) {
        format!("'{field}")
    } else {
        field.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// Reads `index.csv` as [`index_csv`] writes it (or as an earlier version
/// did, without the job). `None` when the file is no index gongwen wrote
/// (its first line is not the header). Records that do not have the
/// fields, a row count and a safe file name are returned as problems
/// (1-based record number and reason) and otherwise ignored; so are lines
/// of another job than the first line's.
pub fn parse_index(bytes: &[u8]) -> Option<(Index, Vec<(usize, String)>)> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let records = parse_csv(text);
    let header = records.first()?;
    let fields = if header.iter().map(String::as_str).eq(INDEX_HEADER) {
        INDEX_HEADER.len()
    } else if header.iter().map(String::as_str).eq(LEGACY_HEADER) {
        LEGACY_HEADER.len()
    } else {
        return None;
    };
    let mut index = Index::default();
    let mut problems = Vec::new();
    for (i, record) in records.into_iter().enumerate().skip(1) {
        let n = i + 1;
        if record.iter().all(|f| f.is_empty()) {
            continue;
        }
        if record.len() != fields {
            problems.push((n, SplitMsg::IndexFields.to_string()));
            continue;
        }
        let unguard = |f: &str| -> String { f.strip_prefix('\'').unwrap_or(f).to_string() };
        let record: Vec<String> = record.iter().map(|f| unguard(f)).collect();
        let Ok(rows) = record[1].parse() else {
            problems.push((
                n,
                SplitMsg::IndexRows {
                    rows: crate::messages::quote(&record[1]),
                }
                .to_string(),
            ));
            continue;
        };
        let file = record[2].clone();
        if !is_owned_file_name(&file) {
            problems.push((
                n,
                SplitMsg::IndexFile {
                    file: crate::messages::quote(&file),
                }
                .to_string(),
            ));
            continue;
        }
        if fields == INDEX_HEADER.len() {
            let owner = Owner {
                job: record[4].clone(),
                id: record[5].to_ascii_lowercase(),
            };
            match &index.owner {
                None => index.owner = Some(owner),
                Some(first) if first.id == owner.id => {}
                Some(_) => {
                    problems.push((n, SplitMsg::IndexOtherJob.to_string()));
                    continue;
                }
            }
        }
        index.entries.push(IndexEntry {
            section: record[0].clone(),
            rows,
            file,
            sha256: record[3].to_ascii_lowercase(),
        });
    }
    Some((index, problems))
}

/// RFC 4180 records: quoted fields may hold commas, quotes (doubled) and
/// line breaks; CRLF or LF ends a record.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => record.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

// ---- the folder ------------------------------------------------------------

/// The lock file of a split folder: held while a run writes there.
pub const LOCK_FILE: &str = ".gongwen.lock";

/// How long a run waits for another run on the same folder.
pub const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// A split folder, held for one run: no other run of gongwen writes into
/// it while this is alive (an advisory lock on [`LOCK_FILE`]).
#[derive(Debug)]
pub struct FolderLock {
    _file: std::fs::File,
    dir: PathBuf,
}

impl FolderLock {
    /// Creates the folder `dir` if need be and takes it for `owner`. When
    /// another run holds it, `waiting` is told who (once), and the run
    /// waits up to [`LOCK_WAIT`]; then it is an error naming the holder.
    pub fn acquire(dir: &Path, owner: &Owner, waiting: &dyn Fn(&str)) -> Result<FolderLock> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = dir.join(LOCK_FILE);
        package::check_output_kind(&path)?;
        let werr = |source| Error::Write {
            path: path.clone(),
            source,
        };
        let mut options = std::fs::OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
        }
        let mut file = options.open(&path).map_err(werr)?;
        let started = std::time::Instant::now();
        let mut told = false;
        while !try_lock(&file).map_err(werr)? {
            let holder = lock_holder(&path);
            if !told {
                waiting(&holder);
                told = true;
            }
            if started.elapsed() > LOCK_WAIT {
                return Err(Error::at(
                    Location::file(dir),
                    SplitMsg::FolderBusy { holder },
                ));
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        use std::io::{Seek, Write};
        let note = format!("pid {}\njob {}\n", std::process::id(), owner.job);
        file.set_len(0)
            .and_then(|()| file.seek(std::io::SeekFrom::Start(0)))
            .and_then(|_| file.write_all(note.as_bytes()))
            .map_err(werr)?;
        Ok(FolderLock {
            _file: file,
            dir: dir.to_path_buf(),
        })
    }

    /// Refuses to write into a folder this lock is not of (a bug).
    fn check(&self, dir: &Path) -> Result<()> {
        if self.dir == dir {
            Ok(())
        } else {
            Err(Error::Write {
                path: dir.to_path_buf(),
                source: std::io::Error::other(SplitMsg::LeavesFolder.to_string()),
            })
        }
    }
}

/// Who holds a lock, as its file says: `pid 123, job /a/notice.toml`.
fn lock_holder(path: &Path) -> String {
    let text = crate::files::read_input(path, 4096)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let text: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    crate::messages::quote(&text.join(", "))
}

#[cfg(unix)]
fn try_lock(file: &std::fs::File) -> std::io::Result<bool> {
    use std::os::unix::io::AsRawFd;
    // SAFETY: flock on a descriptor this process owns.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    if e.raw_os_error() == Some(libc::EWOULDBLOCK) {
        Ok(false)
    } else {
        Err(e)
    }
}

#[cfg(not(unix))]
fn try_lock(_file: &std::fs::File) -> std::io::Result<bool> {
    Ok(true)
}

/// SHA-256 of a regular file, read in pieces.
fn file_sha256(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut file = crate::files::open_regular(path).map_err(|e| match e {
        Error::Read { source, .. } => source,
        other => std::io::Error::other(other.to_string()),
    })?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 << 10];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

// ---- writing ---------------------------------------------------------------

/// Where and how a split writes.
#[derive(Debug, Clone)]
pub struct Target<'a> {
    /// The output folder.
    pub dir: &'a Path,
    /// The job writing.
    pub owner: Owner,
    /// Take over files gongwen did not write (or that changed since), and a
    /// folder another job wrote.
    pub force: bool,
    /// Remove extracts of sections no longer in the data (only those this
    /// job wrote and that are unchanged since).
    pub prune: bool,
}

/// What [`split_into`] did.
#[derive(Debug, Clone, Default)]
pub struct WriteReport {
    /// Files that did not exist.
    pub created: Vec<Planned>,
    /// Files that had other bytes and were replaced.
    pub updated: Vec<Planned>,
    /// Files that already had these bytes, left untouched.
    pub unchanged: Vec<Planned>,
    /// Extracts of sections that are no longer in the data, left in place.
    pub stale: Vec<IndexEntry>,
    /// Extracts of sections no longer in the data, removed (`prune`).
    pub removed: Vec<IndexEntry>,
    /// Stale extracts not removed because they changed since they were
    /// written (their SHA-256 no longer matches the index).
    pub kept: Vec<IndexEntry>,
    /// What happened to `index.csv`.
    pub index: Option<WriteOutcome>,
}

/// Why a file in the folder is not gongwen's to replace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Foreign {
    /// The index does not list it: someone else put it there.
    NotWritten,
    /// The index lists it, but its bytes changed since.
    Changed,
}

/// The folder as a run finds it, read under its lock.
struct Folder {
    index_path: PathBuf,
    /// The files this job wrote (lower-cased file name → its entries: one,
    /// or two while a run moved new files into place — the old bytes and
    /// the new, both this job's).
    ours: HashMap<String, Vec<IndexEntry>>,
    /// The entries of this job, in the order of the index.
    previous: Vec<IndexEntry>,
    /// `index.csv` is there but is no index of this job's (`--force`).
    foreign_index: bool,
}

impl Folder {
    /// Reads the folder's index and decides what is this job's. An index of
    /// another job, or a file named `index.csv` that is no index, is an
    /// error unless `force`.
    fn read(
        dir: &Path,
        owner: &Owner,
        force: bool,
        inputs: &Inputs,
        diags: &mut Diagnostics,
    ) -> Result<Folder> {
        let index_path = dir.join(INDEX_FILE);
        package::check_output(&index_path, inputs)?;
        let mut folder = Folder {
            index_path: index_path.clone(),
            ours: HashMap::new(),
            previous: Vec::new(),
            foreign_index: false,
        };
        if std::fs::symlink_metadata(&index_path).is_err() {
            return Ok(folder);
        }
        let bytes = crate::files::read_input(&index_path, crate::files::MAX_INDEX_BYTES)?;
        let Some((index, problems)) = parse_index(&bytes) else {
            if !force {
                return Err(Error::at(
                    Location::file(&index_path),
                    SplitMsg::IndexNotOurs,
                ));
            }
            folder.foreign_index = true;
            return Ok(folder);
        };
        for (record, problem) in problems {
            diags.warn(
                Location::line(&index_path, record),
                SplitMsg::EntryIgnored { problem },
            );
        }
        match &index.owner {
            Some(other) if other.id != owner.id => {
                if !force {
                    return Err(Error::at(
                        Location::file(dir),
                        SplitMsg::OtherJob {
                            job: crate::messages::quote(&other.job),
                        },
                    ));
                }
                // Taken over: none of its files are this job's.
                folder.foreign_index = true;
            }
            // This job's, or an index of an earlier version: adopted.
            _ => {
                for e in &index.entries {
                    folder
                        .ours
                        .entry(e.file.to_lowercase())
                        .or_default()
                        .push(e.clone());
                }
                folder.previous = index.entries;
            }
        }
        Ok(folder)
    }

    /// Whether the file at `path` (named `file`, holding `on_disk`) may be
    /// replaced: absent, or written by this job and unchanged since.
    fn may_replace(&self, file: &str, on_disk: Option<&str>) -> std::result::Result<(), Foreign> {
        let Some(sha) = on_disk else { return Ok(()) };
        match self.ours.get(&file.to_lowercase()) {
            Some(entries) if entries.iter().any(|e| e.sha256 == sha) => Ok(()),
            Some(_) => Err(Foreign::Changed),
            None => Err(Foreign::NotWritten),
        }
    }

    /// This job's entry for `file` that the file on disk matches, else its
    /// last (a file changed since: still listed, so it is never replaced
    /// unnoticed).
    fn entry(&self, dir: &Path, file: &str) -> Option<&IndexEntry> {
        let entries = self.ours.get(&file.to_lowercase())?;
        entries
            .iter()
            .find(|e| file_matches(dir, e))
            .or_else(|| entries.last())
    }
}

/// One planned extract, built and waiting to be moved into place.
struct Built {
    planned: Planned,
    sha256: String,
    action: Action,
}

enum Action {
    /// The file already holds these bytes.
    Unchanged,
    /// Staged beside its place; `existed` if it replaces a file.
    Staged(package::Staged, bool),
    /// A file gongwen may not replace is there.
    Refused(Foreign),
}

/// Builds the planned extracts of `plan` and writes them into the folder,
/// all or nothing, with `index.csv`.
///
/// Under the folder's [`FolderLock`] (taken by the caller, who holds it
/// while it writes anything else there): the index is read and must be this
/// job's (or `target.force`); every extract is built in parallel and, as
/// soon as it is built, written to a temporary file beside its place
/// (`progress` is told of each), so memory does not grow with the number
/// of sections. A file that the index does not list as this job's, or that
/// changed since this job wrote it, is never replaced: the run stops
/// naming it, unless `force`. Only when every extract and the new index are
/// on disk are they renamed into place; any failure before leaves the
/// folder and its index as they were. With `prune`, extracts of sections
/// that are gone are removed when this job wrote them and they are
/// unchanged.
#[allow(clippy::too_many_arguments)]
pub fn split_into(
    loaded: &Loaded,
    plan: &Plan,
    options: &SplitOptions,
    target: &Target<'_>,
    lock: &FolderLock,
    inputs: &Inputs,
    diags: &mut Diagnostics,
    progress: &(dyn Fn(&Planned) + Sync),
) -> Result<WriteReport> {
    let dir = target.dir;
    lock.check(dir)?;
    package::sweep_stale(dir);
    let folder = Folder::read(dir, &target.owner, target.force, inputs, diags)?;

    // What is on disk where each extract goes.
    let mut on_disk: HashMap<String, Option<(String, std::fs::Permissions)>> = HashMap::new();
    for p in &plan.selected {
        let path = output_path(dir, &p.file)?;
        let meta = package::check_output_kind(&path)?;
        inputs.check(&path)?;
        let state = match meta {
            None => None,
            Some(meta) => Some((
                file_sha256(&path).map_err(|source| Error::Read {
                    path: path.clone(),
                    source,
                })?,
                meta.permissions(),
            )),
        };
        on_disk.insert(p.file.clone(), state);
    }

    let index = Indexes::of(loaded);
    let built: Result<Vec<Built>> = plan
        .selected
        .par_iter()
        .map(|p| {
            let bytes = build_extract_indexed(loaded, &index, &p.section, options)?;
            let sha256 = sha256_hex(&bytes);
            let disk = on_disk.get(&p.file).and_then(|d| d.as_ref());
            let action = match disk {
                Some((sha, _)) if *sha == sha256 => Action::Unchanged,
                _ => match folder.may_replace(&p.file, disk.map(|(sha, _)| sha.as_str())) {
                    Err(why) if !target.force => Action::Refused(why),
                    _ => {
                        let mut staged = package::Staged::create(&dir.join(&p.file))?;
                        staged.write_all(&bytes)?;
                        staged.finish(disk.map(|(_, perms)| perms.clone()))?;
                        Action::Staged(staged, disk.is_some())
                    }
                },
            };
            progress(p);
            Ok(Built {
                planned: p.clone(),
                sha256,
                action,
            })
        })
        .collect();
    let built = built?;

    let refused: Vec<(&Built, Foreign)> = built
        .iter()
        .filter_map(|b| match b.action {
            Action::Refused(why) => Some((b, why)),
            _ => None,
        })
        .collect();
    if let Some((first, why)) = refused.first() {
        // Nothing is moved into place: the staged files go with `built`.
        let others: Vec<&str> = refused[1..]
            .iter()
            .map(|(b, _)| b.planned.file.as_str())
            .collect();
        let more = if others.is_empty() {
            String::new()
        } else {
            SplitMsg::AlsoRefused {
                files: crate::messages::list(&others, &CliMsg::ListSeparator.to_string()),
            }
            .to_string()
        };
        let message = match why {
            Foreign::NotWritten => SplitMsg::NotWritten { more },
            Foreign::Changed => SplitMsg::ChangedSince { more },
        };
        return Err(Error::at(
            Location::file(dir.join(&first.planned.file)),
            message,
        ));
    }

    // The new index: every current file, built now or kept from before, in
    // plan order, then the stale ones that stay.
    let mut report = WriteReport::default();
    let built_by_file: HashMap<&str, &Built> =
        built.iter().map(|b| (b.planned.file.as_str(), b)).collect();
    let planned_files: HashSet<String> = plan.all.iter().map(|p| p.file.to_lowercase()).collect();
    let planned_stems: HashSet<String> = plan
        .all
        .iter()
        .map(|p| {
            p.file
                .strip_suffix(EXTENSION)
                .unwrap_or(&p.file)
                .to_lowercase()
        })
        .collect();
    // The PDFs and page images of the index, by their extract's stem.
    let mut companions: HashMap<String, Vec<&IndexEntry>> = HashMap::new();
    for old in &folder.previous {
        if let Some(stem) = companion_stem(&old.file) {
            companions.entry(stem.to_lowercase()).or_default().push(old);
        }
    }
    let mut entries: Vec<IndexEntry> = Vec::new();
    for p in &plan.all {
        match built_by_file.get(p.file.as_str()) {
            Some(b) => entries.push(IndexEntry {
                section: p.section.clone(),
                rows: p.rows,
                file: p.file.clone(),
                sha256: b.sha256.clone(),
            }),
            None => {
                if let Some(old) = folder.entry(dir, &p.file) {
                    if old.section == p.section && dir.join(&old.file).is_file() {
                        entries.push(old.clone());
                    }
                }
            }
        }
        // Its PDF and page images, while they are as written.
        let stem = p
            .file
            .strip_suffix(EXTENSION)
            .unwrap_or(&p.file)
            .to_lowercase();
        for old in companions.get(&stem).into_iter().flatten() {
            if file_matches(dir, old) {
                entries.push(IndexEntry {
                    section: p.section.clone(),
                    rows: p.rows,
                    ..(*old).clone()
                });
            }
        }
    }
    let mut to_remove: Vec<(PathBuf, IndexEntry)> = Vec::new();
    let mut seen_stale: HashSet<String> = HashSet::new();
    for old in &folder.previous {
        let current = planned_files.contains(&old.file.to_lowercase())
            || companion_stem(&old.file).is_some_and(|s| planned_stems.contains(&s.to_lowercase()));
        if current || !seen_stale.insert(old.file.to_lowercase()) {
            continue;
        }
        let path = owned_path(dir, &old.file)?;
        let on_disk = match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() => file_sha256(&path).ok(),
            _ => None,
        };
        let Some(sha) = on_disk else {
            // Gone already (or not a plain file): forget it.
            continue;
        };
        if !target.prune {
            report.stale.push(old.clone());
            entries.push(old.clone());
        } else if sha == old.sha256 && inputs.find(&path).is_none() {
            to_remove.push((path, old.clone()));
        } else {
            report.kept.push(old.clone());
            entries.push(old.clone());
        }
    }

    let index_bytes = index_csv(&target.owner, &entries);
    let index_outcome = match std::fs::symlink_metadata(&folder.index_path) {
        Ok(_)
            if !folder.foreign_index
                && package::same_bytes(&folder.index_path, &index_bytes).unwrap_or(false) =>
        {
            WriteOutcome::Unchanged
        }
        Ok(_) => WriteOutcome::Updated,
        Err(_) => WriteOutcome::Created,
    };
    let staged_index = if index_outcome == WriteOutcome::Unchanged {
        None
    } else {
        let mut staged = package::Staged::create(&folder.index_path)?;
        staged.write_all(&index_bytes)?;
        staged.finish(None)?;
        Some(staged)
    };

    // Everything is on disk: move it into place. Ctrl-C waits for this
    // (it takes milliseconds); and first the index lists each file to be
    // replaced with both its old and its new bytes, so that however this
    // is cut short (even by kill -9), every file is one the index knows.
    let _critical = package::critical();
    let replacing: Vec<&Built> = built
        .iter()
        .filter(|b| matches!(b.action, Action::Staged(_, true)))
        .collect();
    if !replacing.is_empty() || !to_remove.is_empty() {
        let mut transition = entries.clone();
        for b in &replacing {
            if let Some(old) = folder.entry(dir, &b.planned.file) {
                transition.push(old.clone());
            }
        }
        transition.extend(to_remove.iter().map(|(_, old)| old.clone()));
        package::write_atomic(&folder.index_path, &index_csv(&target.owner, &transition))?;
    }
    let mut moved: Vec<&Planned> = Vec::new();
    let mut failure: Option<Error> = None;
    for b in built {
        match b.action {
            Action::Unchanged => report.unchanged.push(b.planned),
            Action::Refused(_) => {}
            Action::Staged(staged, existed) => {
                if failure.is_some() {
                    continue; // dropped: its temporary file goes
                }
                match staged.commit() {
                    Ok(()) => {
                        if existed {
                            report.updated.push(b.planned);
                        } else {
                            report.created.push(b.planned);
                        }
                    }
                    Err(e) => failure = Some(e),
                }
            }
        }
    }
    moved.extend(report.created.iter().chain(&report.updated));
    if let Some(e) = failure {
        // Some extracts are in place, others not: the index says which.
        let actual = index_after_failure(dir, &folder, &entries, &moved);
        drop(staged_index);
        package::write_atomic(&folder.index_path, &index_csv(&target.owner, &actual))?;
        return Err(e);
    }
    for (path, old) in to_remove {
        match std::fs::remove_file(&path) {
            Ok(()) => report.removed.push(old),
            Err(source) => {
                drop(staged_index);
                let mut actual = entries.clone();
                actual.push(old);
                package::write_atomic(&folder.index_path, &index_csv(&target.owner, &actual))?;
                return Err(Error::Write { path, source });
            }
        }
    }
    if let Some(staged) = staged_index {
        staged.commit()?;
    }
    report.index = Some(index_outcome);
    Ok(report)
}

/// The entries that describe the folder when only `moved` extracts were
/// moved into place: those with their new hashes, the others as before.
fn index_after_failure(
    dir: &Path,
    folder: &Folder,
    entries: &[IndexEntry],
    moved: &[&Planned],
) -> Vec<IndexEntry> {
    entries
        .iter()
        .filter_map(|e| {
            let is_moved = moved.iter().any(|p| p.file == e.file);
            if is_moved {
                return Some(e.clone());
            }
            folder
                .entry(dir, &e.file)
                .filter(|old| file_matches(dir, old))
                .cloned()
        })
        .collect()
}

/// Whether the file of an index entry is there with the bytes it records.
fn file_matches(dir: &Path, entry: &IndexEntry) -> bool {
    owned_path(dir, &entry.file)
        .ok()
        .and_then(|path| file_sha256(&path).ok())
        .is_some_and(|sha| sha == entry.sha256)
}

/// The stem of the extract whose PDF or page image `file` is
/// (`财贸科.pdf`, `财贸科-2.png` → `财贸科`); `None` for any other file.
pub fn companion_stem(file: &str) -> Option<&str> {
    if let Some(stem) = file.strip_suffix(".pdf") {
        return Some(stem);
    }
    let (stem, page) = file.strip_suffix(".png")?.rsplit_once('-')?;
    (!page.is_empty() && page.bytes().all(|b| b.is_ascii_digit())).then_some(stem)
}

/// Whether `file` is the PDF or a page image of the extract `extract`
/// (`财贸科.pdf`, `财贸科-2.png` of `财贸科.docx`).
pub fn companion_of(file: &str, extract: &str) -> bool {
    extract
        .strip_suffix(EXTENSION)
        .is_some_and(|stem| companion_stem(file) == Some(stem))
}

/// Checks, before `--pdf` or `--preview` writes them, that the PDFs and
/// page images of these extracts are absent or this job's and unchanged
/// (else an error naming the first, unless `force`).
pub fn check_companions(
    dir: &Path,
    owner: &Owner,
    lock: &FolderLock,
    extracts: &[PathBuf],
    force: bool,
) -> Result<()> {
    lock.check(dir)?;
    if force {
        return Ok(());
    }
    let folder = Folder::read(
        dir,
        owner,
        true,
        &Inputs::new(),
        &mut Diagnostics::default(),
    )?;
    for doc in extracts {
        let Some(name) = doc.file_name().map(|n| n.to_string_lossy().into_owned()) else {
            continue;
        };
        let Some(stem) = name.strip_suffix(EXTENSION) else {
            continue;
        };
        let mut files = vec![format!("{stem}.pdf")];
        files.extend(
            (1..)
                .map(|n| format!("{stem}-{n}.png"))
                .take_while(|f| std::fs::symlink_metadata(dir.join(f)).is_ok()),
        );
        for file in files {
            let path = dir.join(&file);
            if std::fs::symlink_metadata(&path).is_err() {
                continue;
            }
            package::check_output_kind(&path)?;
            let sha = file_sha256(&path).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            if let Err(why) = folder.may_replace(&file, Some(&sha)) {
                let message = match why {
                    Foreign::NotWritten => SplitMsg::NotWritten {
                        more: String::new(),
                    },
                    Foreign::Changed => SplitMsg::ChangedSince {
                        more: String::new(),
                    },
                };
                return Err(Error::at(Location::file(&path), message));
            }
        }
    }
    Ok(())
}

/// Adds files written beside the extracts (their PDFs and page images) to
/// the folder's index, each under its extract's section.
pub fn record_companions(
    dir: &Path,
    owner: &Owner,
    lock: &FolderLock,
    files: &[PathBuf],
) -> Result<()> {
    lock.check(dir)?;
    let folder = Folder::read(
        dir,
        owner,
        false,
        &Inputs::new(),
        &mut Diagnostics::default(),
    )?;
    let mut entries = folder.previous.clone();
    for path in files {
        let Some(file) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
            continue;
        };
        let Some(extract) = entries
            .iter()
            .find(|e| companion_of(&file, &e.file))
            .cloned()
        else {
            continue;
        };
        let sha256 = file_sha256(path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        entries.retain(|e| !e.file.eq_ignore_ascii_case(&file));
        entries.push(IndexEntry {
            section: extract.section,
            rows: extract.rows,
            file,
            sha256,
        });
    }
    package::write_atomic(&folder.index_path, &index_csv(owner, &entries))?;
    Ok(())
}

/// Whether `file` may be named in an index: a bare file name that is not
/// hidden, of an extract (`.docx`), its PDF or a page image.
pub fn is_owned_file_name(file: &str) -> bool {
    let mut components = Path::new(file).components();
    matches!(
        (components.next(), components.next()),
        (Some(Component::Normal(_)), None)
    ) && !file.contains(['/', '\\', ':'])
        && !file.starts_with('.')
        && [EXTENSION, ".pdf", ".png"]
            .iter()
            .any(|ext| file.len() > ext.len() && file.ends_with(ext))
}

/// The path of an indexed file in `dir`, refusing anything that would not
/// be a file directly inside it.
fn owned_path(dir: &Path, file: &str) -> Result<PathBuf> {
    path_inside(dir, file, is_owned_file_name(file))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(sections: &[&str]) -> Vec<String> {
        let owned: Vec<String> = sections.iter().map(|s| s.to_string()).collect();
        assign_file_names(&owned)
    }

    fn seed() -> Loaded {
        let job =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/zhuzhou-2016-h1/notice.toml");
        crate::load(&job, None, &mut Diagnostics::default()).expect("seed loads")
    }

    #[test]
    fn an_extract_does_not_depend_on_what_its_thread_built_before() {
        let loaded = seed();
        let options = SplitOptions::default();
        let alone = std::thread::scope(|s| {
            s.spawn(|| build_extract(&loaded, "园区科", &options).expect("builds"))
                .join()
                .expect("thread")
        });
        let after_others = std::thread::scope(|s| {
            s.spawn(|| {
                for section in ["投资科", "财贸科", "社会科"] {
                    build_extract(&loaded, section, &options).expect("builds");
                }
                crate::render_notice(&loaded, options.compose).expect("renders");
                // A document laid out but not yet written, as when a thread
                // interleaves two documents.
                let pages = compose::compose_attachments(
                    &loaded.job,
                    &loaded.model.filter_section("投资科"),
                    &[],
                    Some("投资科"),
                    options.compose,
                )
                .expect("composes");
                let pending =
                    layout::layout_attachments(&pages, &loaded.job.fonts, Properties::default());
                let bytes = build_extract(&loaded, "园区科", &options).expect("builds");
                drop(pending);
                bytes
            })
            .join()
            .expect("thread")
        });
        assert!(
            alone == after_others,
            "the bytes depend on earlier documents"
        );
        let with_notice = SplitOptions {
            with_notice: true,
            ..SplitOptions::default()
        };
        let first = build_extract(&loaded, "园区科", &with_notice).expect("builds");
        let second = build_extract(&loaded, "园区科", &with_notice).expect("builds");
        assert!(first == second);
    }

    #[test]
    fn the_seed_plans_one_extract_per_section() {
        let loaded = seed();
        let mut diags = Diagnostics::default();
        let plan = plan(&loaded, &[], &mut diags).expect("plan");
        assert_eq!(plan.all.len(), 13);
        assert_eq!(plan.selected, plan.all);
        assert_eq!(diags.items().len(), 0);
        let only =
            super::plan(&loaded, &["财贸科".into(), "园区科".into()], &mut diags).expect("plan");
        let picked: Vec<&str> = only.selected.iter().map(|p| p.section.as_str()).collect();
        assert_eq!(picked, ["园区科", "财贸科"]);
        let err = super::plan(&loaded, &["无此科".into()], &mut diags).expect_err("unknown");
        assert!(err.to_string().contains("财贸科"), "{err}");
    }

    #[test]
    fn chinese_section_names_are_kept() {
        assert_eq!(safe_stem("财贸科"), "财贸科");
        assert_eq!(safe_stem("委内责任科室(单位)"), "委内责任科室(单位)");
        assert_eq!(
            safe_stem(crate::model::UNASSIGNED),
            crate::model::UNASSIGNED
        );
    }

    #[test]
    fn separators_and_dots_cannot_leave_the_folder() {
        for hostile in [
            "../../x",
            "a/b",
            "a\\b",
            "..",
            ".",
            "/etc/passwd",
            "C:x",
            "..\\..\\x",
        ] {
            let stem = safe_stem(hostile);
            let file = format!("{stem}{EXTENSION}");
            assert!(is_extract_file_name(&file), "{hostile} → {file}");
            assert!(!stem.contains(".."), "{hostile} → {stem}");
            assert!(!stem.starts_with('.'), "{hostile} → {stem}");
            let dir = Path::new("/out");
            assert_eq!(output_path(dir, &file).expect("inside").parent(), Some(dir));
        }
        assert_eq!(safe_stem("a/b"), "a_b");
        assert_eq!(safe_stem(".."), FALLBACK_STEM);
        assert_eq!(safe_stem(""), FALLBACK_STEM);
        assert_eq!(safe_stem(" . "), FALLBACK_STEM);
    }

    #[test]
    fn windows_forbidden_characters_and_endings_are_replaced() {
        assert_eq!(safe_stem("a<b>c:d\"e|f?g*h"), "a_b_c_d_e_f_g_h");
        assert_eq!(safe_stem("科\u{0007}室\u{007F}"), "科_室_");
        assert_eq!(safe_stem("财贸科. "), "财贸科");
        assert_eq!(safe_stem("财\u{200B}贸\u{202E}科"), "财贸科");
    }

    #[test]
    fn windows_device_names_are_prefixed() {
        for name in [
            "CON", "con", "Nul", "AUX", "PRN", "COM1", "lpt9", "COM¹", "CON.txt", "nul .x",
        ] {
            let stem = safe_stem(name);
            assert!(stem.starts_with('_'), "{name} → {stem}");
            assert!(!is_reserved_on_windows(&stem), "{name} → {stem}");
        }
        for name in ["CONSOLE", "COM10", "财贸科", "LPT", "ACON"] {
            assert_eq!(safe_stem(name), name);
        }
    }

    #[test]
    fn long_names_are_cut_to_100_characters_and_200_bytes() {
        let latin = "a".repeat(300);
        assert_eq!(safe_stem(&latin).chars().count(), MAX_STEM_CHARS);
        let chinese = "科".repeat(300);
        let stem = safe_stem(&chinese);
        assert!(stem.len() <= MAX_STEM_BYTES && stem.chars().all(|c| c == '科'));
        assert_eq!(stem.chars().count(), MAX_STEM_BYTES / 3);
    }

    #[test]
    fn names_that_clean_alike_get_distinct_files() {
        assert_eq!(
            names(&["a/b", "a_b", "a:b"]),
            ["a_b-2.docx", "a_b.docx", "a_b-3.docx"]
        );
        // Case does not make names distinct on Windows and macOS.
        assert_eq!(names(&["ABC", "abc"]), ["ABC.docx", "abc-2.docx"]);
        // A suffixed name never takes a name another section has.
        assert_eq!(
            names(&["x", "x.", "x-2"]),
            ["x.docx", "x-3.docx", "x-2.docx"]
        );
        // Long names keep their suffix within the limit.
        let long = ["科".repeat(150), format!("{}/", "科".repeat(150))];
        let files = assign_file_names(&long);
        assert_ne!(files[0], files[1]);
        assert!(files
            .iter()
            .all(|f| f.len() <= MAX_STEM_BYTES + EXTENSION.len()));
    }

    #[test]
    fn file_names_do_not_depend_on_the_order_of_sections() {
        let a = names(&["a/b", "a_b", "a:b"]);
        let b = names(&["a:b", "a/b", "a_b"]);
        assert_eq!(a[0], b[1]);
        assert_eq!(a[1], b[2]);
        assert_eq!(a[2], b[0]);
    }

    #[test]
    fn the_index_round_trips_with_quotes_and_formulas() {
        let entries = vec![
            IndexEntry {
                section: "财贸科".into(),
                rows: 5,
                file: "财贸科.docx".into(),
                sha256: "ab".repeat(32),
            },
            IndexEntry {
                section: "a,\"b\"\nc".into(),
                rows: 1,
                file: "a,_b_ c.docx".into(),
                sha256: "cd".repeat(32),
            },
            IndexEntry {
                section: "=HYPERLINK(\"x\")".into(),
                rows: 2,
                file: "=HYPERLINK(_x_).docx".into(),
                sha256: "ef".repeat(32),
            },
        ];
        let owner = Owner {
            job: "/jobs/2016-H1/notice.toml".into(),
            id: "12".repeat(32),
        };
        let csv = index_csv(&owner, &entries);
        assert!(csv.starts_with("\u{FEFF}section,rows,file,sha256,job,job_id\r\n".as_bytes()));
        let text = String::from_utf8(csv.clone()).expect("utf8");
        assert!(text.contains("\"a,\"\"b\"\"\nc\""), "{text}");
        assert!(text.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{text}");
        let (back, problems) = parse_index(&csv).expect("an index");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back.entries, entries);
        assert_eq!(back.owner, Some(owner));
        // An index of an earlier version names no job; a CSV spreadsheet
        // named index.csv is no index.
        let legacy = "section,rows,file,sha256\r\n财贸科,5,财贸科.docx,ab\r\n";
        let (old, _) = parse_index(legacy.as_bytes()).expect("an index");
        assert_eq!((old.owner, old.entries.len()), (None, 1));
        assert!(parse_index("序号,工作任务,完成情况\r\n1,a,b\r\n".as_bytes()).is_none());
    }

    #[test]
    fn companions_belong_to_their_extract() {
        assert!(companion_of("财贸科.pdf", "财贸科.docx"));
        assert!(companion_of("财贸科-12.png", "财贸科.docx"));
        assert!(!companion_of("财贸科-x.png", "财贸科.docx"));
        assert!(!companion_of("财贸科一.pdf", "财贸科.docx"));
        assert_eq!(companion_stem("a-b-3.png"), Some("a-b"));
        assert!(is_owned_file_name("财贸科-1.png") && !is_owned_file_name("index.csv"));
    }

    #[test]
    fn an_index_entry_pointing_outside_the_folder_is_ignored() {
        let csv = "section,rows,file,sha256\r\nx,1,../../etc/passwd.docx,00\r\ny,1,/tmp/y.docx,00\r\nz,1,.hidden.docx,00\r\nw,1,w.txt,00\r\n";
        let (index, problems) = parse_index(csv.as_bytes()).expect("an index");
        assert!(index.entries.is_empty(), "{:?}", index.entries);
        assert_eq!(problems.len(), 4);
    }
}
