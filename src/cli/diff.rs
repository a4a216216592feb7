//! `gongwen diff`: what changed between two versions of the spreadsheet,
//! and which sections' extracts to send again.

use gongwen::diag::Diagnostics;
use gongwen::diff::{self, Diff};
use gongwen::job::{Columns, Job};
use gongwen::messages::CliMsg;
use gongwen::sheet::ReadOptions;
use std::path::PathBuf;
use std::process::ExitCode;

/// Compare two versions of the spreadsheet task by task.
///
/// Prints the rows added, removed, changed (each field old → new) and
/// moved, and the sections whose extracts differ. Exit status: 0 when the
/// versions are equal, 1 when they differ, 2 on error.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  gongwen diff fixtures/zhuzhou-2016-h1/progress.xlsx 台账-更正.xlsx
      lists the rows changed, added, removed and moved, and the sections to send again
  gongwen diff old.xlsx new.xlsx --job fixtures/zhuzhou-2016-h1 --format json
      takes the sheet, the period and the column names from the job; JSON for scripts
  gongwen diff old.xlsx new.xlsx --sheet 第三季度
      compares that sheet of both files

Exit code 0 when the versions are equal, 1 when they differ, 2 on error.")]
pub struct Args {
    /// The old spreadsheet.
    pub old: PathBuf,
    /// The new spreadsheet.
    pub new: PathBuf,
    /// Take the sheet, the period and the column names from this job file
    /// (or the notice.toml in this folder); without it the header row is
    /// found by the usual column names, and the new version's sheet is the
    /// one named like the old version's.
    #[arg(long, value_name = "JOB")]
    pub job: Option<PathBuf>,
    /// Compare this sheet of both files.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
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
        Format::Text => {
            let place = |file: &std::path::Path, sheet: &str| {
                if sheet.is_empty() {
                    file.display().to_string()
                } else {
                    format!("{}!{sheet}", file.display())
                }
            };
            println!(
                "{}",
                CliMsg::DiffSheets {
                    old: place(&args.old, &diff.old_sheet),
                    new: place(&args.new, &diff.new_sheet),
                }
            );
            print!("{}", text(&diff));
        }
    }
    Ok(ExitCode::from(if diff.is_empty() { 0 } else { 1 }))
}

fn compare(args: &Args, diags: &mut Diagnostics) -> gongwen::error::Result<Diff> {
    let job = match &args.job {
        Some(path) => Some(Job::from_file(&gongwen::job::find(Some(path))?, diags)?),
        None => None,
    };
    let default_columns = Columns::default();
    let base = match &job {
        Some(job) => ReadOptions::for_job(job),
        None => ReadOptions::new(None, &default_columns),
    };
    let options = ReadOptions {
        sheet: args.sheet.as_deref().or(base.sheet),
        encoding: args.encoding,
        ..base
    };
    let (old, old_table) = diff::read_version_with(&args.old, &options, diags)?;
    // Without a sheet named, the new version's sheet of the same name.
    let (new, new_table) = match (options.sheet, old_table.sheet.as_str()) {
        (None, name) if !name.is_empty() => {
            let same = ReadOptions {
                sheet: Some(name),
                ..options
            };
            let mut quiet = Diagnostics::default();
            match diff::read_version_with(&args.new, &same, &mut quiet) {
                Ok(read) => {
                    for d in quiet.items() {
                        diags.warn(d.location.clone(), &d.message);
                    }
                    read
                }
                Err(_) => diff::read_version_with(&args.new, &options, diags)?,
            }
        }
        _ => diff::read_version_with(&args.new, &options, diags)?,
    };
    let mut d = diff::diff(&old, &new);
    d.old_sheet = old_table.sheet;
    d.new_sheet = new_table.sheet;
    Ok(d)
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

/// The text report, in the language in use.
fn text(d: &Diff) -> String {
    let mut out = String::new();
    let mut line = |text: CliMsg| {
        out.push_str(&text.to_string());
        out.push('\n');
    };
    let list = |items: &[String]| items.join(&CliMsg::ListSeparator.to_string());
    let key = |key: &str| -> String {
        if d.key == diff::SERIAL_COLUMN && !key.is_empty() {
            CliMsg::DiffKey {
                column: diff::SERIAL_COLUMN.to_string(),
                key: key.to_string(),
            }
            .to_string()
        } else {
            String::new()
        }
    };
    if !d.columns.added.is_empty() {
        line(CliMsg::DiffColumnsAdded {
            names: list(&d.columns.added),
        });
    }
    if !d.columns.removed.is_empty() {
        line(CliMsg::DiffColumnsRemoved {
            names: list(&d.columns.removed),
        });
    }
    if d.columns.reordered {
        line(CliMsg::DiffColumnsReordered);
    }
    for c in &d.changed {
        line(CliMsg::DiffChanged {
            key: key(&c.key),
            row: c.new_row,
            old_row: c.old_row,
            task: short(&c.task),
            sections: list(&c.sections),
        });
        for f in &c.fields {
            line(CliMsg::DiffField {
                column: f.column.clone(),
                old: one_line(&f.old),
                new: one_line(&f.new),
            });
        }
    }
    for r in &d.added {
        line(CliMsg::DiffAdded {
            key: key(&r.key),
            row: r.row,
            task: short(&r.task),
            sections: list(&r.sections),
        });
    }
    for r in &d.removed {
        line(CliMsg::DiffRemoved {
            key: key(&r.key),
            row: r.row,
            task: short(&r.task),
            sections: list(&r.sections),
        });
    }
    for m in &d.moved {
        line(CliMsg::DiffMoved {
            key: key(&m.key),
            row: m.new_row,
            old_row: m.old_row,
            task: short(&m.task),
            sections: list(&m.sections),
        });
    }
    if let Some(r) = &d.renumbered {
        line(CliMsg::DiffRenumbered {
            from_old: r.from_old.clone(),
            from_new: r.from_new.clone(),
            rows: r.rows,
        });
    }
    if d.is_empty() {
        line(CliMsg::DiffEqual);
    } else {
        line(CliMsg::DiffSummary {
            changed: d.changed.len(),
            added: d.added.len(),
            removed: d.removed.len(),
            moved: d.moved.len(),
            sections: list(&d.sections),
        });
    }
    out
}
