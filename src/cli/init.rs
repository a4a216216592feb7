//! `gongwen init`: a ready job in a folder, without replacing any file.

use gongwen::diag::Diagnostics;
use gongwen::init;
use gongwen::messages::InitMsg;
use gongwen::package::{write_new, NewFileOutcome};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Create a new job: notice.toml, body.md.j2 and a sample progress.xlsx.
///
/// Every key of notice.toml is there with a Chinese comment; the required
/// ones hold 某某 placeholders that `check` points out until they are
/// edited. An existing file is never replaced: it is skipped and named.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  gongwen init 2026-Q3
      a new folder 2026-Q3 with notice.toml, body.md.j2 and a sample progress.xlsx
  gongwen init 2026-Q3 --from 台账.xlsx
      the job reads your own spreadsheet: its sheet and column names are filled in
  gongwen init 2026-Q3 --template 红头.docx
      the job fills your office's own .docx (see docs/templates.md for its tags)
  gongwen init
      the same in the current folder; files already there are skipped, never replaced
Then edit notice.toml, run `gongwen check 2026-Q3` and `gongwen render 2026-Q3 --watch`.")]
pub struct Args {
    /// The folder of the new job (made if missing) [default: the current folder].
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Take the sheet and the column names from this spreadsheet, which the
    /// job then reads (it is not copied).
    #[arg(long, value_name = "SPREADSHEET")]
    pub from: Option<PathBuf>,
    /// Fill this .docx (the office's own 红头 file) instead of laying the
    /// notice out: the job names it (it is not copied).
    #[arg(long, value_name = "DOCX")]
    pub template: Option<PathBuf>,
}

/// Runs `init`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    if let Some(from) = &args.from {
        refuse_other_job(&dir, from)?;
    }
    let mut diags = Diagnostics::default();
    let today = chrono::Local::now().date_naive();
    let plan = init::plan_with(
        &dir,
        args.from.as_deref(),
        args.template.as_deref(),
        today,
        &mut diags,
    );
    super::print_diagnostics(&diags);
    let plan = plan?;
    std::fs::create_dir_all(&dir).map_err(|e| {
        anyhow::anyhow!(InitMsg::NoFolder {
            dir: dir.display().to_string(),
            cause: e.to_string(),
        })
    })?;
    if let (Some(survey), Some(from)) = (&plan.survey, &args.from) {
        println!(
            "{}",
            InitMsg::Surveyed {
                file: from.display().to_string(),
                sheet: survey.sheet.clone(),
            }
        );
        let seen = gongwen::messages::list(
            &survey.names,
            &gongwen::messages::CliMsg::ListSeparator.to_string(),
        );
        for (role, found) in &survey.roles {
            let name = role.aliases()[0].to_string();
            let line = match found {
                Some(header) => InitMsg::Column {
                    key: role.key().into(),
                    role: name,
                    header: header.clone(),
                },
                None if role.is_required() => InitMsg::MissingRole {
                    key: role.key().into(),
                    role: name,
                    seen: seen.clone(),
                },
                None => InitMsg::NoColumn {
                    key: role.key().into(),
                    role: name,
                },
            };
            println!("{line}");
        }
    }
    if let (Some(table), Some(from)) = (&plan.table, &args.from) {
        if !table.sheet.is_empty() {
            for line in super::sheet_lines(from, &table.sheet, &table.choice) {
                println!("{line}");
            }
        }
        println!(
            "{}",
            InitMsg::Found {
                file: from.display().to_string(),
                sheet: table.sheet.clone(),
                row: table.header_row + 1,
            }
        );
        for (role, index) in table.roles.by_role() {
            let name = role.aliases()[0].to_string();
            match index.and_then(|i| table.columns.get(i)) {
                Some(column) => println!(
                    "{}",
                    InitMsg::Column {
                        key: role.key().into(),
                        role: name,
                        header: column.name.clone(),
                    }
                ),
                None => println!(
                    "{}",
                    InitMsg::NoColumn {
                        key: role.key().into(),
                        role: name,
                    }
                ),
            }
        }
    }
    for file in &plan.files {
        let shown = shown(&dir, &file.path);
        match write_new(&file.path, &file.bytes)? {
            NewFileOutcome::Written => println!("{}", InitMsg::Written { file: shown }),
            NewFileOutcome::Skipped => println!("{}", InitMsg::Skipped { file: shown }),
        }
    }
    let job = shown(&dir, &dir.join(gongwen::job::JOB_FILE));
    println!("{}", InitMsg::NextEdit { job: job.clone() });
    for command in [
        format!("gongwen check {job}"),
        format!("gongwen render {job} --watch"),
    ] {
        println!("{}", InitMsg::NextCommand { command });
    }
    if args.from.is_none() {
        let data = shown(&dir, &dir.join(init::SAMPLE_DATA_FILE));
        println!("{}", InitMsg::NextData { data });
    }
    Ok(ExitCode::SUCCESS)
}

/// Refuses, before anything is written, to run `init --from` in a folder
/// whose job already reads another spreadsheet: the job would not change,
/// and the clerk would think it had.
fn refuse_other_job(dir: &Path, from: &Path) -> anyhow::Result<()> {
    let job = dir.join(gongwen::job::JOB_FILE);
    if !job.is_file() {
        return Ok(());
    }
    let data = gongwen::files::read_input(&job, gongwen::files::MAX_TEXT_FILE_BYTES)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|t| toml::from_str::<toml::Table>(&t).ok())
        .and_then(|t| {
            t.get("attachment")?
                .get("data")?
                .as_str()
                .map(|s| s.to_string())
        });
    let same = data.as_ref().is_some_and(|d| {
        let existing = std::fs::canonicalize(dir.join(d));
        let wanted = std::fs::canonicalize(from);
        matches!((existing, wanted), (Ok(a), Ok(b)) if a == b)
    });
    if same {
        return Ok(());
    }
    Err(anyhow::anyhow!(InitMsg::JobExists {
        job: shown(dir, &job),
        data: data.unwrap_or_else(|| "?".to_string()),
        from: from.display().to_string(),
    }))
}

/// A path as the user would type it: without a leading `./`.
fn shown(dir: &Path, path: &Path) -> String {
    if dir == Path::new(".") {
        if let Ok(rest) = path.strip_prefix(".") {
            return rest.display().to_string();
        }
    }
    path.display().to_string()
}
