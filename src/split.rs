//! Per-section extracts: one .docx per section (科室) with that section's
//! rows, the file names made safe, an `index.csv`, and regeneration that
//! rewrites only what changed.
//!
//! The stages are separate so each can be tested alone:
//!
//! 1. [`plan`] decides which extracts there are and their file names
//!    ([`assign_file_names`], [`safe_stem`]);
//! 2. [`build_all`] builds them in parallel ([`build_extract`] for one);
//! 3. [`write_extracts`] writes the changed ones and the index, and finds
//!    (and with `prune`, removes) extracts of sections that are gone.
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

use crate::package::{self, WriteOutcome};
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
    let files = assign_file_names(&sections);
    let all: Vec<Planned> = sections
        .iter()
        .zip(files)
        .map(|(section, file)| Planned {
            rows: model
                .rows
                .iter()
                .filter(|r| model.row_in_section(r, section))
                .count(),
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
                        name: wanted.to_string(),
                        sections: known.join(&CliMsg::ListSeparator.to_string()),
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

/// Builds one section's extract: the attachment page alone, or with
/// `with_notice` the whole notice addressed to the section.
pub fn build_extract(loaded: &Loaded, section: &str, options: &SplitOptions) -> Result<Vec<u8>> {
    let job = &loaded.job;
    let model = loaded.model.filter_section(section);
    if options.with_notice {
        let notice = compose::compose_for_section(job, &model, section, options.compose)?;
        if let Some(path) = &job.template {
            let recipients = if section == model.unassigned {
                job.recipients.clone()
            } else {
                vec![section.to_string()]
            };
            return crate::template::fill_notice(
                path,
                job,
                &model,
                &notice,
                &recipients,
                options.compose,
            )
            .map_err(crate::template::Failed::into_error);
        }
        let properties = Properties {
            title: notice.title.concat(),
            creator: notice.signature.clone(),
            date: job.date.to_string(),
        };
        docx::to_bytes(&layout::layout_notice(&notice, properties))
    } else {
        let page = compose::compose_attachment(job, &model, Some(section), options.compose)?;
        let properties = Properties {
            title: page.title.clone(),
            creator: job.signature.clone(),
            date: job.date.to_string(),
        };
        docx::to_bytes(&layout::layout_attachment(&page, &job.fonts, properties))
    }
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
    let path = dir.join(file);
    let inside = is_extract_file_name(file)
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

/// A line of `index.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// The section.
    pub section: String,
    /// Rows in its extract.
    pub rows: usize,
    /// The extract's file name in the folder.
    pub file: String,
    /// SHA-256 of the file as written, lowercase hex.
    pub sha256: String,
}

const INDEX_HEADER: [&str; 4] = ["section", "rows", "file", "sha256"];

/// `index.csv`: UTF-8 with a byte order mark (so Excel reads it as UTF-8),
/// CRLF line ends, fields quoted where they hold `,` `"` or a line break.
/// A field that starts with `=`, `+`, `-`, `@` or `'` gets a `'` in front,
/// so a spreadsheet does not take it for a formula; [`parse_index`] drops it.
pub fn index_csv(entries: &[IndexEntry]) -> Vec<u8> {
    let mut out = String::from("\u{FEFF}");
    let line = |fields: &[&str], out: &mut String| {
        let cells: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    line(&INDEX_HEADER, &mut out);
    for e in entries {
        line(
            &[&e.section, &e.rows.to_string(), &e.file, &e.sha256],
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

/// Reads `index.csv` as [`index_csv`] writes it. Records that do not have
/// the four fields, a row count and a safe file name are returned as errors
/// (1-based record number and reason) and otherwise ignored.
pub fn parse_index(bytes: &[u8]) -> (Vec<IndexEntry>, Vec<(usize, String)>) {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for (i, record) in parse_csv(text).into_iter().enumerate() {
        let n = i + 1;
        if n == 1 && record.iter().map(String::as_str).eq(INDEX_HEADER) {
            continue;
        }
        if record.iter().all(|f| f.is_empty()) {
            continue;
        }
        let unguard = |f: &str| -> String { f.strip_prefix('\'').unwrap_or(f).to_string() };
        let [section, rows, file, sha256] = match <[String; 4]>::try_from(record) {
            Ok(fields) => fields.map(|f| unguard(&f)),
            Err(_) => {
                problems.push((n, SplitMsg::IndexFields.to_string()));
                continue;
            }
        };
        let Ok(rows) = rows.parse() else {
            problems.push((n, SplitMsg::IndexRows { rows }.to_string()));
            continue;
        };
        if !is_extract_file_name(&file) {
            problems.push((n, SplitMsg::IndexFile { file }.to_string()));
            continue;
        }
        entries.push(IndexEntry {
            section,
            rows,
            file,
            sha256: sha256.to_ascii_lowercase(),
        });
    }
    (entries, problems)
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

// ---- writing ---------------------------------------------------------------

/// What [`write_extracts`] did.
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
    /// written (their SHA-256 no longer matches the index), or are missing.
    pub kept: Vec<IndexEntry>,
    /// What happened to `index.csv`.
    pub index: Option<WriteOutcome>,
}

/// Writes the extracts into `dir` (each only if its bytes changed), then
/// `index.csv`.
///
/// `all` is the full plan: the previous `index.csv` is compared with it to
/// find extracts whose section is gone (or whose file name changed). Those
/// are reported as stale and stay listed in the index; with `prune` they
/// are removed — but only when the file still has the bytes the index
/// recorded, so a file someone edited is never deleted. Problems with the
/// previous index go to `diags`.
pub fn write_extracts(
    dir: &Path,
    all: &[Planned],
    extracts: &[Extract],
    prune: bool,
    diags: &mut Diagnostics,
) -> Result<WriteReport> {
    let index_path = dir.join(INDEX_FILE);
    let previous = match std::fs::read(&index_path) {
        Ok(bytes) => {
            let (entries, problems) = parse_index(&bytes);
            for (record, problem) in problems {
                diags.warn(
                    Location::line(&index_path, record),
                    SplitMsg::EntryIgnored { problem },
                );
            }
            entries
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(source) => {
            return Err(Error::Read {
                path: index_path,
                source,
            })
        }
    };

    let mut report = WriteReport::default();
    for extract in extracts {
        let path = output_path(dir, &extract.planned.file)?;
        let outcome = package::write_atomic(&path, &extract.bytes)?;
        let list = match outcome {
            WriteOutcome::Created => &mut report.created,
            WriteOutcome::Updated => &mut report.updated,
            WriteOutcome::Unchanged => &mut report.unchanged,
        };
        list.push(extract.planned.clone());
    }

    // The index lists every current extract, built now or kept from before,
    // in plan order, then the stale ones that are still there.
    let current_files: HashSet<String> = all.iter().map(|p| p.file.to_lowercase()).collect();
    let mut index = Vec::new();
    for p in all {
        if let Some(e) = extracts.iter().find(|e| e.planned == *p) {
            index.push(IndexEntry {
                section: p.section.clone(),
                rows: p.rows,
                file: p.file.clone(),
                sha256: e.sha256.clone(),
            });
        } else if let Some(old) = previous
            .iter()
            .find(|e| e.section == p.section && e.file == p.file)
        {
            if dir.join(&old.file).is_file() {
                index.push(old.clone());
            }
        }
    }
    let mut seen_stale: HashSet<String> = HashSet::new();
    for old in &previous {
        let still_planned = all
            .iter()
            .any(|p| p.section == old.section && p.file == old.file);
        if still_planned
            || current_files.contains(&old.file.to_lowercase())
            || !seen_stale.insert(old.file.to_lowercase())
        {
            continue;
        }
        let path = output_path(dir, &old.file)?;
        let on_disk = match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() => std::fs::read(&path).ok().map(|b| sha256_hex(&b)),
            _ => None,
        };
        let Some(sha) = on_disk else {
            // Gone already (or not a plain file): forget it.
            continue;
        };
        if !prune {
            report.stale.push(old.clone());
            index.push(old.clone());
        } else if sha == old.sha256 {
            std::fs::remove_file(&path).map_err(|source| Error::Write {
                path: path.clone(),
                source,
            })?;
            report.removed.push(old.clone());
        } else {
            report.kept.push(old.clone());
            index.push(old.clone());
        }
    }
    report.index = Some(package::write_atomic(&index_path, &index_csv(&index))?);
    Ok(report)
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
                let page = compose::compose_attachment(
                    &loaded.job,
                    &loaded.model.filter_section("投资科"),
                    Some("投资科"),
                    options.compose,
                )
                .expect("composes");
                let pending =
                    layout::layout_attachment(&page, &loaded.job.fonts, Properties::default());
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
        let csv = index_csv(&entries);
        assert!(csv.starts_with("\u{FEFF}section,rows,file,sha256\r\n".as_bytes()));
        let text = String::from_utf8(csv.clone()).expect("utf8");
        assert!(text.contains("\"a,\"\"b\"\"\nc\""), "{text}");
        assert!(text.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{text}");
        let (back, problems) = parse_index(&csv);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back, entries);
    }

    #[test]
    fn an_index_entry_pointing_outside_the_folder_is_ignored() {
        let csv = "section,rows,file,sha256\r\nx,1,../../etc/passwd.docx,00\r\ny,1,/tmp/y.docx,00\r\nz,1,.hidden.docx,00\r\nw,1,w.txt,00\r\n";
        let (entries, problems) = parse_index(csv.as_bytes());
        assert!(entries.is_empty(), "{entries:?}");
        assert_eq!(problems.len(), 4);
    }
}
