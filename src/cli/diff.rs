//! `gongwen diff`: what changed between two versions of the spreadsheet,
//! and which sections' extracts to send again.

use gongwen::diag::Diagnostics;
use gongwen::diff::{self, Diff};
use gongwen::job::{Columns, Job};
use std::path::PathBuf;
use std::process::ExitCode;

/// Compare two versions of the spreadsheet task by task.
///
/// Prints the rows added, removed, changed (each field old → new) and
/// moved, and the sections whose extracts differ. Exit status: 0 when the
/// versions are equal, 1 when they differ, 2 on error.
///
/// Example:
///   gongwen diff 台账.xlsx 台账-更正.xlsx
///   gongwen diff old.xlsx new.xlsx --job notice.toml --format json
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The old spreadsheet.
    pub old: PathBuf,
    /// The new spreadsheet.
    pub new: PathBuf,
    /// Take the sheet and column names from this job file; without it the
    /// header row is found by the usual column names.
    #[arg(long, value_name = "JOB.toml")]
    pub job: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// The encoding of a CSV file: utf-8, gb18030 or gbk [default: UTF-8 if
    /// the text is valid UTF-8, else GB18030].
    #[arg(long, value_name = "ENCODING")]
    pub encoding: Option<gongwen::sheet::Encoding>,
}

/// How `diff` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Lines for people.
    Text,
    /// One JSON object for scripts.
    Json,
}

/// Runs `diff`: `Ok(0)` equal, `Ok(1)` different; errors exit 2 (see `main`).
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let mut diags = Diagnostics::default();
    let result = compare(args, &mut diags);
    super::print_diagnostics(&diags);
    let diff = result?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&diff)?),
        Format::Text => print!("{}", text(&diff)),
    }
    Ok(ExitCode::from(if diff.is_empty() { 0 } else { 1 }))
}

fn compare(args: &Args, diags: &mut Diagnostics) -> gongwen::error::Result<Diff> {
    let (sheet, columns) = match &args.job {
        Some(path) => {
            let job = Job::from_file(path, diags)?;
            (job.attachment.sheet, job.attachment.columns)
        }
        None => (None, Columns::default()),
    };
    let old = diff::read_version(&args.old, sheet.as_deref(), &columns, args.encoding, diags)?;
    let new = diff::read_version(&args.new, sheet.as_deref(), &columns, args.encoding, diags)?;
    Ok(diff::diff(&old, &new))
}

/// A cell's text on one line: line breaks shown as `\n`.
fn one_line(text: &str) -> String {
    text.replace('\r', "").replace('\n', "\\n")
}

/// The task, shortened for a heading line.
fn short(text: &str) -> String {
    const MAX: usize = 40;
    let line = one_line(text);
    if line.chars().count() <= MAX {
        line
    } else {
        let mut s: String = line.chars().take(MAX).collect();
        s.push('…');
        s
    }
}

/// The text report.
fn text(d: &Diff) -> String {
    let mut out = String::new();
    let key = |key: &str| -> String {
        if d.key == diff::SERIAL_COLUMN {
            format!("{} {key}, ", diff::SERIAL_COLUMN)
        } else {
            String::new()
        }
    };
    if !d.columns.added.is_empty() {
        out.push_str(&format!("columns added: {}\n", d.columns.added.join(", ")));
    }
    if !d.columns.removed.is_empty() {
        out.push_str(&format!(
            "columns removed: {}\n",
            d.columns.removed.join(", ")
        ));
    }
    if d.columns.reordered {
        out.push_str("columns reordered\n");
    }
    for c in &d.changed {
        out.push_str(&format!(
            "changed: {}row {} (was row {}): {} [sections: {}]\n",
            key(&c.key),
            c.new_row,
            c.old_row,
            short(&c.task),
            c.sections.join(", ")
        ));
        for f in &c.fields {
            out.push_str(&format!(
                "  {}: {} → {}\n",
                f.column,
                one_line(&f.old),
                one_line(&f.new)
            ));
        }
    }
    for r in &d.added {
        out.push_str(&format!(
            "added: {}row {}: {} [sections: {}]\n",
            key(&r.key),
            r.row,
            short(&r.task),
            r.sections.join(", ")
        ));
    }
    for r in &d.removed {
        out.push_str(&format!(
            "removed: {}row {}: {} [sections: {}]\n",
            key(&r.key),
            r.row,
            short(&r.task),
            r.sections.join(", ")
        ));
    }
    for m in &d.moved {
        out.push_str(&format!(
            "moved: {}row {} (was row {}): {} [sections: {}]\n",
            key(&m.key),
            m.new_row,
            m.old_row,
            short(&m.task),
            m.sections.join(", ")
        ));
    }
    if d.is_empty() {
        out.push_str("no differences\n");
    } else {
        out.push_str(&format!(
            "{} changed, {} added, {} removed, {} moved; sections to send again: {}\n",
            d.changed.len(),
            d.added.len(),
            d.removed.len(),
            d.moved.len(),
            d.sections.join(", ")
        ));
    }
    out
}
