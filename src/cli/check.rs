//! `gongwen check`: read everything `render` reads, write nothing, and
//! report every problem at once.

use gongwen::check::CheckOptions;
use gongwen::messages::CliMsg;
use std::process::ExitCode;

/// Check a job and its spreadsheet without writing anything.
///
/// Prints every problem as `warning:` or `error:` with its place
/// (`progress.xlsx!附件!C14`), on standard error, then a summary on standard
/// output. With a `template` in the job, it also lists the template's
/// tags, marking those whose variable is unknown. Exit code 0 when there
/// are at most warnings, 1 on any error.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  gongwen check fixtures/zhuzhou-2016-h1
      prints `fixtures/zhuzhou-2016-h1/progress.xlsx: 23 rows, 13 sections, 0 warnings, 0 errors`
  gongwen check
      checks ./notice.toml and its spreadsheet
  gongwen check notice.toml --data 台账.csv --encoding gbk
      checks another spreadsheet, a CSV file saved in GBK
  gongwen check 红头通知
      with `template = \"红头.docx\"` in the job: lists the template's tags too

Exit code 0 when there are at most warnings, 1 on any error.
`gongwen help job` explains every key of the job file.")]
pub struct Args {
    #[command(flatten)]
    pub input: super::Input,
}

/// Runs `check`: the library checks, this prints.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let report = gongwen::check::check(CheckOptions {
        job: args.input.job.as_deref(),
        data: args.input.data.as_deref(),
        encoding: args.input.encoding,
    });
    super::print_diagnostics(&report.diagnostics);
    if let Some(read) = &report.sheet {
        for line in super::sheet_lines(&read.file, &read.sheet, &read.choice) {
            println!("{line}");
        }
    }
    for more in &report.more {
        if let Some(read) = &more.sheet {
            for line in super::sheet_lines(&read.file, &read.sheet, &read.choice) {
                println!("{line}");
            }
        }
        println!(
            "{}",
            CliMsg::CheckMoreAttachment {
                key: more.key.clone(),
                rows: more.rows,
            }
        );
    }
    for line in &report.template_lines {
        println!("{line}");
    }
    println!(
        "{}",
        CliMsg::CheckSummary {
            what: report.subject.display().to_string(),
            rows: report.rows,
            sections: report.sections,
            warnings: report.diagnostics.warnings(),
            errors: report.diagnostics.errors(),
        }
    );
    Ok(if report.diagnostics.errors() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
