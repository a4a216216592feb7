//! Composing the notice: the job, the body template and the progress model
//! become a [`Notice`], every element's text fixed and nothing yet laid out.
//!
//! Templates are minijinja with strict undefined (an unknown variable is an
//! error naming the template line). The body's paragraphs are separated by
//! blank lines; a paragraph that opens with 一、 / （一） / 1. / （1） is a
//! heading of that level (GB/T 9704 7.3.3).

use crate::error::{Error, Location, Result};
use crate::job::{cn_date, month_day, Fonts, Job};
use crate::messages::ComposeMsg;
use crate::model::Progress;
use chrono::NaiveDate;
use minijinja::{Environment, UndefinedBehavior, Value};
use serde::Serialize;

/// A notice with all its text decided.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// 发文机关标志.
    pub mark: String,
    /// 发文字号.
    pub number: String,
    /// 标题 lines (one entry: the layout breaks it).
    pub title: Vec<String>,
    /// 主送机关 line, ending in ：.
    pub recipients: String,
    /// 正文.
    pub body: Vec<Block>,
    /// 附件: the completion-status table, or several tables, in order
    /// (never none).
    pub attachments: Vec<AttachmentPage>,
    /// 署名.
    pub signature: String,
    /// 成文日期, as written: 2016年8月30日.
    pub date: String,
    /// 附注, without its parentheses.
    pub note: Option<String>,
    /// 版记.
    pub imprint: Option<Imprint>,
    /// Font names.
    pub fonts: Fonts,
    /// 签发人, for the 版头 of an upward document.
    pub signer: Option<String>,
    /// 密级和保密期限 (`机密★1年`).
    pub secrecy: Option<String>,
    /// 紧急程度 (`特急`).
    pub urgency: Option<String>,
    /// 份号, six digits.
    pub copy_number: Option<String>,
}

/// A body paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Plain text with a first-line indent.
    Paragraph(String),
    /// A heading: `level` 1 (一、) to 4 (（1）). `lead` is the part in the
    /// heading font; `rest` follows it in body type in the same paragraph
    /// (a run-in heading), or is empty for a standalone heading.
    Heading {
        /// 1 to 4.
        level: u8,
        /// The heading sentence.
        lead: String,
        /// Body text that follows in the same paragraph.
        rest: String,
    },
}

/// The attachment: its label, title and table.
///
/// `header` and `rows` are the table as one header row over plain rows;
/// the other fields say how to draw it as the sheet has it: a header of
/// several rows with group cells merged over their columns, and body rows
/// that are group headings, totals, or further rows of a task whose cells
/// are merged down. Hidden columns are already left out (unless the job
/// keeps them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentPage {
    /// The title, exactly as in the 附件说明.
    pub title: String,
    /// Header cells: each column's name (its lowest header cell).
    pub header: Vec<String>,
    /// The header as drawn, top row first, each row parallel to `header`;
    /// one row (equal to `header`) for a one-row header. A cell covered by
    /// a merge in `header_merges` holds `""`. Every header row repeats on
    /// every page.
    pub header_rows: Vec<Vec<String>>,
    /// Merged cells of `header_rows`: a group cell over its columns
    /// (`cols` > 1), a column name that reaches up through the rows above
    /// (`rows` > 1).
    pub header_merges: Vec<Merge>,
    /// Body rows, each parallel to `header`.
    pub rows: Vec<Vec<String>>,
    /// What each body row is, parallel to `rows`.
    pub kinds: Vec<BodyRow>,
    /// Merged cells of `rows`: a task's cells over its sub-rows
    /// (`rows` > 1), and in a group heading or total a text over the empty
    /// cells to its right (`cols` > 1). Covered cells hold `""`.
    pub merges: Vec<Merge>,
    /// How its pages are turned, as the job asks.
    pub orientation: crate::job::Orientation,
}

/// What a body row of the attachment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyRow {
    /// A task, or the first row of a task over several rows.
    Task,
    /// A further row of the task above (its merged cells are in `merges`).
    SubRow,
    /// A group heading (一、…).
    Group,
    /// A total or footer (合计, 填表人 …).
    Total,
}

/// A merged block of cells: the top-left cell at (`row`, `col`), 0-based
/// in its grid (`header_rows` or `rows`), covering `rows` × `cols` cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    /// Top row.
    pub row: usize,
    /// Left column.
    pub col: usize,
    /// Rows covered, at least 1.
    pub rows: usize,
    /// Columns covered, at least 1.
    pub cols: usize,
}

/// The 版记.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imprint {
    /// 抄送 names.
    pub cc: Vec<String>,
    /// 印发机关.
    pub printer: Option<String>,
    /// 印发日期 as written: 2016年8月30日.
    pub printed: Option<String>,
}

/// Options of the compose stage.
#[derive(Debug, Clone, Copy)]
pub struct ComposeOptions {
    /// Make half-width punctuation in Chinese text full-width.
    pub tidy_punctuation: bool,
}

impl Default for ComposeOptions {
    fn default() -> Self {
        ComposeOptions {
            tidy_punctuation: true,
        }
    }
}

/// The most work one rendering of a template may do, in minijinja's fuel:
/// about one unit per step and per 64 bytes of text it makes, so some five
/// million steps and a few hundred megabytes at most, however it loops or
/// joins strings. A body that goes through every row of a large sheet
/// needs far less; a template that loops without end stops within seconds
/// with an error that names it.
pub const TEMPLATE_FUEL: u64 = 5_000_000;

/// The most text the body template may write (16 MiB).
pub const MAX_BODY_BYTES: usize = 16 << 20;

/// The most text the `note` and the attachment `title` may render to
/// (64 KiB each: they are one line).
pub const MAX_LINE_TEMPLATE_BYTES: usize = 64 << 10;

/// The template environment with the project's filters, and the fuel that
/// bounds every rendering ([`TEMPLATE_FUEL`]).
pub fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_debug(true);
    env.set_fuel(Some(TEMPLATE_FUEL));
    env.add_filter(
        "cn_date",
        |v: String| -> std::result::Result<String, minijinja::Error> { parse_iso(&v).map(cn_date) },
    );
    env.add_filter(
        "md",
        |v: String| -> std::result::Result<String, minijinja::Error> {
            parse_iso(&v).map(month_day)
        },
    );
    env
}

fn parse_iso(v: &str) -> std::result::Result<NaiveDate, minijinja::Error> {
    NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").map_err(|_| {
        minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            ComposeMsg::NotADate {
                value: v.to_string(),
            }
            .to_string(),
        )
    })
}

/// The variables a template sees.
#[derive(Serialize)]
struct Context<'a> {
    issuer: &'a str,
    mark: &'a str,
    number: &'a str,
    title: String,
    recipients: &'a [String],
    date: String,
    period: &'a str,
    period_label: String,
    year: i32,
    deadlines: Vec<String>,
    signature: &'a str,
    contact: &'a crate::job::Contact,
    rows: Vec<crate::model::RowView<'a>>,
    sections: Vec<String>,
    stats: crate::model::Stats,
    attachment_title: String,
    /// Every attachment's title as the notice shows it, in order.
    attachment_titles: Vec<String>,
}

/// Builds the notice from the job and the model; `more` holds the rows of
/// the job's further attachments (`more_attachments`), in order.
pub fn compose(
    job: &Job,
    model: &Progress,
    more: &[&Progress],
    options: ComposeOptions,
) -> Result<Notice> {
    compose_with(job, model, more, &job.recipients, None, options)
}

/// Builds the notice for one section's extract: `model` holds that
/// section's rows (see [`Progress::filter_section`]), the 主送机关 is the
/// section, and the attachment title ends with the section in full-width
/// parentheses (`…完成情况表（财贸科）`), in the 附件说明 as on the attachment
/// page. The rows with no section ([`Progress::unassigned`]) have no
/// office to address, so their notice keeps the job's recipients. `more`
/// holds the section's rows of the further attachments; one with none is
/// left out.
pub fn compose_for_section(
    job: &Job,
    model: &Progress,
    more: &[&Progress],
    section: &str,
    options: ComposeOptions,
) -> Result<Notice> {
    let recipients = if section == model.unassigned {
        job.recipients.clone()
    } else {
        vec![section.to_string()]
    };
    compose_with(job, model, more, &recipients, Some(section), options)
}

/// Builds the attachment pages alone (a section's extract without the
/// notice): each attachment's title, with `section` appended in
/// full-width parentheses when given, over its rows (`model` for the
/// first, `more` for the further ones; with a section, a further one
/// without rows is left out).
pub fn compose_attachments(
    job: &Job,
    model: &Progress,
    more: &[&Progress],
    section: Option<&str>,
    options: ComposeOptions,
) -> Result<Vec<AttachmentPage>> {
    let env = environment();
    let sources: Vec<&str> = attachments_of(job, model, more, section)
        .map(|(a, _)| a.title.as_str())
        .collect();
    let with_rows = uses_rows(&env, &sources);
    let ctx = context(job, model, &job.recipients, with_rows);
    let titles = attachment_titles(&env, job, model, more, &ctx, section)?;
    Ok(pages(job, model, more, &titles, section, options))
}

/// The attachments the document carries with the rows of each: the first
/// always, a further one unless `section` leaves it without rows.
fn attachments_of<'a>(
    job: &'a Job,
    model: &'a Progress,
    more: &'a [&'a Progress],
    section: Option<&'a str>,
) -> impl Iterator<Item = (&'a crate::job::Attachment, &'a Progress)> + 'a {
    std::iter::once((&job.attachment, model)).chain(
        job.more_attachments
            .iter()
            .zip(more.iter().copied())
            .filter(move |(_, m)| section.is_none() || !m.rows.is_empty()),
    )
}

/// The title of every attachment the document carries, in order.
fn attachment_titles(
    env: &Environment<'_>,
    job: &Job,
    model: &Progress,
    more: &[&Progress],
    ctx: &Context,
    section: Option<&str>,
) -> Result<Vec<String>> {
    attachments_of(job, model, more, section)
        .map(|(a, _)| attachment_title(env, job, a, ctx, section))
        .collect()
}

/// The attachment pages, titled `titles`, in order.
fn pages(
    job: &Job,
    model: &Progress,
    more: &[&Progress],
    titles: &[String],
    section: Option<&str>,
    options: ComposeOptions,
) -> Vec<AttachmentPage> {
    attachments_of(job, model, more, section)
        .zip(titles)
        .map(|((a, m), title)| {
            attachment_page(m, title, a, section.is_some() && a.renumber, options)
        })
        .collect()
}

/// Whether any of `sources` refers to `rows`. The variables go to the
/// template engine as values built in full, which for `rows` is every cell
/// of the sheet; a template that never names it does not need it.
/// A template that does not parse counts as using everything: rendering
/// it reports the error.
fn uses_rows(env: &Environment<'_>, sources: &[&str]) -> bool {
    sources.iter().any(|source| {
        env.template_from_str(source)
            .map(|t| t.undeclared_variables(false).contains("rows"))
            .unwrap_or(true)
    })
}

/// The template variables; `rows` is left empty unless `with_rows`.
fn context<'a>(
    job: &'a Job,
    model: &'a Progress,
    recipients: &'a [String],
    with_rows: bool,
) -> Context<'a> {
    let stats = model.stats();
    Context {
        issuer: &job.issuer,
        mark: &job.mark,
        number: &job.number,
        title: job.title.concat(),
        recipients,
        date: job.date.to_string(),
        period: &job.period_code,
        period_label: job.period.label(),
        year: job.period.year,
        deadlines: job.deadlines.iter().map(|d| d.to_string()).collect(),
        signature: &job.signature,
        contact: &job.contact,
        rows: if with_rows {
            model.rows.iter().map(|r| model.row_view(r)).collect()
        } else {
            Vec::new()
        },
        // The same names as `Progress::sections`, without counting again.
        sections: stats.per_section.iter().map(|(s, _)| s.clone()).collect(),
        stats,
        attachment_title: String::new(),
        attachment_titles: Vec::new(),
    }
}

/// The rendered title of `attachment`, with the section appended when given.
fn attachment_title(
    env: &Environment<'_>,
    job: &Job,
    attachment: &crate::job::Attachment,
    ctx: &Context,
    section: Option<&str>,
) -> Result<String> {
    let title =
        render_bounded(env, &attachment.title, ctx, MAX_LINE_TEMPLATE_BYTES).map_err(|e| {
            let key = format!("{}.title", attachment.key);
            Error::at(Location::key(&job.path, &key), e.message())
        })?;
    Ok(match section {
        Some(section) => format!("{title}（{section}）"),
        None => title,
    })
}

/// The attachment page of `model`'s rows. With `renumber` (a section's
/// extract), the tasks are numbered 1…n in the 序号 column.
fn attachment_page(
    model: &Progress,
    title: &str,
    attachment: &crate::job::Attachment,
    renumber: bool,
    options: ComposeOptions,
) -> AttachmentPage {
    let hidden = attachment.hidden;
    use crate::model::RowKind;
    let fix = |s: &str| -> String { finish_text(s, options) };
    // The columns shown: all but the hidden ones, unless the job keeps them.
    let shown: Vec<usize> = (0..model.columns.len())
        .filter(|&i| {
            hidden == crate::job::Hidden::Keep || !model.hidden.get(i).copied().unwrap_or(false)
        })
        .collect();
    let header: Vec<String> = shown.iter().map(|&i| fix(&model.columns[i])).collect();
    let chains: Vec<Vec<String>> = shown
        .iter()
        .map(|&i| {
            let mut chain: Vec<String> = model.groups[i].iter().map(|g| fix(g)).collect();
            chain.push(fix(&model.columns[i]));
            chain
        })
        .collect();
    let (header_rows, header_merges) = header_grid(&chains);

    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut kinds: Vec<BodyRow> = Vec::new();
    let mut merges: Vec<Merge> = Vec::new();
    let pick =
        |cells: &[String]| -> Vec<String> { shown.iter().map(|&i| fix(&cells[i])).collect() };
    // Where the 序号 column is shown, when the tasks are renumbered.
    let serial = model
        .serial
        .filter(|_| renumber)
        .and_then(|i| shown.iter().position(|&s| s == i));
    let mut number = 0;
    let mut numbered = |mut cells: Vec<String>| {
        if let Some(at) = serial {
            number += 1;
            cells[at] = number.to_string();
        }
        cells
    };
    for (row, mut tidied) in model.rows.iter().zip(tidied_rows(&model.rows, &pick)) {
        match row.kind {
            RowKind::Task if row.sub_rows.is_empty() => {
                rows.push(numbered(tidied.pop().unwrap_or_default()));
                kinds.push(BodyRow::Task);
            }
            RowKind::Task => {
                let first = rows.len();
                for (k, cells) in tidied.into_iter().enumerate() {
                    rows.push(if k == 0 { numbered(cells) } else { cells });
                    kinds.push(if k == 0 {
                        BodyRow::Task
                    } else {
                        BodyRow::SubRow
                    });
                }
                for (col, &i) in shown.iter().enumerate() {
                    let mut k = 0;
                    while k < row.sub_rows.len() {
                        let run = 1 + row.sub_rows[k + 1..]
                            .iter()
                            .take_while(|s| s.covered[i])
                            .count();
                        if run > 1 {
                            merges.push(Merge {
                                row: first + k,
                                col,
                                rows: run,
                                cols: 1,
                            });
                        }
                        k += run;
                    }
                }
            }
            RowKind::Group | RowKind::Total => {
                let cells = tidied.pop().unwrap_or_default();
                let at = rows.len();
                let mut col = 0;
                while col < cells.len() {
                    if cells[col].is_empty() {
                        col += 1;
                        continue;
                    }
                    let run = 1 + cells[col + 1..].iter().take_while(|c| c.is_empty()).count();
                    if run > 1 {
                        merges.push(Merge {
                            row: at,
                            col,
                            rows: 1,
                            cols: run,
                        });
                    }
                    col += run;
                }
                rows.push(cells);
                kinds.push(if row.kind == RowKind::Group {
                    BodyRow::Group
                } else {
                    BodyRow::Total
                });
            }
        }
    }
    AttachmentPage {
        title: fix(title),
        header,
        header_rows,
        header_merges,
        rows,
        kinds,
        merges,
        orientation: attachment.orientation,
    }
}

/// The rows of the table from which their cells are tidied in two halves
/// at once (the second on another thread; the text is the same either way).
const PARALLEL_ROWS: usize = 4000;

/// Each row's shown cells as `pick` makes them: one list for a row, one
/// per sub-row for a task that has them.
fn tidied_rows(
    rows: &[crate::model::Row],
    pick: &(dyn Fn(&[String]) -> Vec<String> + Sync),
) -> Vec<Vec<Vec<String>>> {
    let of = |rows: &[crate::model::Row]| -> Vec<Vec<Vec<String>>> {
        rows.iter()
            .map(|row| match row.kind {
                crate::model::RowKind::Task if !row.sub_rows.is_empty() => {
                    row.sub_rows.iter().map(|sub| pick(&sub.cells)).collect()
                }
                _ => vec![pick(&row.cells)],
            })
            .collect()
    };
    if rows.len() < PARALLEL_ROWS {
        return of(rows);
    }
    let (first, second) = rows.split_at(rows.len() / 2);
    let (mut made, rest) = std::thread::scope(|scope| {
        let other = scope.spawn(|| of(second));
        (of(first), other.join())
    });
    // A half whose thread panicked is made again here.
    made.extend(rest.unwrap_or_else(|_| of(second)));
    made
}

/// The header rows as drawn from each column's chain (groups, then name):
/// chains are laid top-down, a column's name reaching down to the last
/// row; neighbouring columns with the same chain prefix share a group cell.
fn header_grid(chains: &[Vec<String>]) -> (Vec<Vec<String>>, Vec<Merge>) {
    let depth = chains.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let n = chains.len();
    let mut grid = vec![vec![String::new(); n]; depth];
    let mut merges = Vec::new();
    // Vertical: a column's last entry (its name) fills the rows below it.
    for (c, chain) in chains.iter().enumerate() {
        for (r, text) in chain.iter().enumerate() {
            grid[r][c] = text.clone();
        }
        let last = chain.len().saturating_sub(1);
        if depth - last > 1 {
            merges.push(Merge {
                row: last,
                col: c,
                rows: depth - last,
                cols: 1,
            });
        }
    }
    // Horizontal: a group cell over the next columns with the same prefix.
    for r in 0..depth {
        let mut c = 0;
        while c < n {
            let is_group = r + 1 < chains[c].len();
            if !is_group {
                c += 1;
                continue;
            }
            let prefix = &chains[c][..=r];
            let run = 1
                + (c + 1..n)
                    .take_while(|&d| chains[d].len() > r + 1 && chains[d][..=r] == *prefix)
                    .count();
            if run > 1 {
                merges.push(Merge {
                    row: r,
                    col: c,
                    rows: 1,
                    cols: run,
                });
                for cell in grid[r].iter_mut().skip(c + 1).take(run - 1) {
                    cell.clear();
                }
            }
            c += run;
        }
    }
    for m in merges.iter().filter(|m| m.rows > 1) {
        for row in grid.iter_mut().skip(m.row + 1).take(m.rows - 1) {
            row[m.col].clear();
        }
    }
    (grid, merges)
}

fn compose_with(
    job: &Job,
    model: &Progress,
    more: &[&Progress],
    recipients: &[String],
    section: Option<&str>,
    options: ComposeOptions,
) -> Result<Notice> {
    let env = environment();
    let mut sources: Vec<&str> = attachments_of(job, model, more, section)
        .map(|(a, _)| a.title.as_str())
        .collect();
    sources.push(job.body.source.as_str());
    sources.extend(job.note.as_deref());
    let with_rows = uses_rows(&env, &sources);
    let mut ctx = context(job, model, recipients, with_rows);
    let key_template = |key: &str, source: &str, ctx: &Context| {
        render_bounded(&env, source, ctx, MAX_LINE_TEMPLATE_BYTES)
            .map_err(|e| Error::at(Location::key(&job.path, key), e.message()))
    };
    let titles = attachment_titles(&env, job, model, more, &ctx, section)?;
    ctx.attachment_title = titles[0].clone();
    ctx.attachment_titles = titles.clone();
    let note = job
        .note
        .as_deref()
        .map(|n| key_template("note", n, &ctx))
        .transpose()?;
    let body_text = render_bounded(&env, &job.body.source, &ctx, MAX_BODY_BYTES).map_err(|e| {
        let location = match e.line() {
            Some(line) => Location::line(&job.body.name, line),
            None => Location::file(&job.body.name),
        };
        Error::at(location, e.message())
    })?;

    let fix = |s: &str| -> String { finish_text(s, options) };
    let notice = Notice {
        mark: fix(&job.mark),
        number: job.number.clone(),
        title: job.title.iter().map(|l| fix(l)).collect(),
        recipients: format!("{}：", fix(&recipients.join("、"))),
        body: parse_body(&body_text)
            .into_iter()
            .map(|b| b.map_text(&fix))
            .collect(),
        attachments: pages(job, model, more, &titles, section, options),
        signature: fix(&job.signature),
        date: cn_date(job.date),
        note: note
            .map(|n| fix(strip_parens(&n)))
            .filter(|n| !n.is_empty()),
        imprint: job.distribution.as_ref().map(|d| Imprint {
            cc: d.cc.iter().map(|c| fix(c)).collect(),
            printer: d.printer.as_deref().map(&fix),
            printed: d.printed.map(cn_date),
        }),
        fonts: job.fonts.clone(),
        signer: job.signer.as_deref().map(&fix),
        secrecy: job.secrecy.clone(),
        urgency: job.urgency.clone(),
        copy_number: job.copy_number.clone(),
    };
    Ok(notice)
}

/// The variables a filled .docx template sees: the body template's (with
/// `rows` and `attachment_title`), and the 版头 and 版记 values at top
/// level: `signer`, `secrecy`, `urgency`, `copy_number`, `cc`, `printer`,
/// `printed` (each `none` when the job has none; `cc` a list).
#[derive(Serialize)]
struct FillContext<'a> {
    #[serde(flatten)]
    base: Context<'a>,
    signer: Option<&'a str>,
    secrecy: Option<&'a str>,
    urgency: Option<&'a str>,
    copy_number: Option<&'a str>,
    cc: Vec<String>,
    printer: Option<&'a str>,
    printed: Option<String>,
}

/// The context of a filled .docx template (see [`FillContext`]) for the
/// notice addressed to `recipients`, with `attachment_title` the title
/// the notice shows; `rows` (every cell of the sheet, built in full) is
/// left empty unless `with_rows`, for a template that reads it.
pub fn fill_context(
    job: &Job,
    model: &Progress,
    recipients: &[String],
    attachment_title: &str,
    with_rows: bool,
) -> Value {
    let mut base = context(job, model, recipients, with_rows);
    base.attachment_title = attachment_title.to_string();
    base.attachment_titles = vec![attachment_title.to_string()];
    let distribution = job.distribution.as_ref();
    let ctx = FillContext {
        base,
        signer: job.signer.as_deref(),
        secrecy: job.secrecy.as_deref(),
        urgency: job.urgency.as_deref(),
        copy_number: job.copy_number.as_deref(),
        cc: distribution.map(|d| d.cc.clone()).unwrap_or_default(),
        printer: distribution.and_then(|d| d.printer.as_deref()),
        printed: distribution.and_then(|d| d.printed).map(|d| d.to_string()),
    };
    Value::from(minijinja::value::Serde(&ctx))
}

/// Why a template gave no text.
enum Failed {
    /// minijinja's error (out of fuel included).
    Engine(minijinja::Error),
    /// The text passed its limit (the number of bytes).
    TooLarge(usize),
}

impl Failed {
    fn line(&self) -> Option<usize> {
        match self {
            Failed::Engine(e) => e.line(),
            Failed::TooLarge(_) => None,
        }
    }

    fn message(&self) -> String {
        match self {
            Failed::Engine(e) if e.kind() == minijinja::ErrorKind::OutOfFuel => {
                ComposeMsg::RanTooLong.to_string()
            }
            Failed::Engine(e) => template_message(e),
            Failed::TooLarge(max) => ComposeMsg::TooMuchText {
                max: crate::files::human_size(*max as u64),
            }
            .to_string(),
        }
    }
}

/// Output that refuses to grow past `max` bytes.
struct Capped {
    text: Vec<u8>,
    max: usize,
    over: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.text.len() + buf.len() > self.max {
            self.over = true;
            return Err(std::io::Error::other("too much text"));
        }
        self.text.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Renders a template with its fuel and at most `max` bytes of output.
fn render_bounded(
    env: &Environment<'_>,
    source: &str,
    ctx: &Context,
    max: usize,
) -> std::result::Result<String, Failed> {
    let template = env.template_from_str(source).map_err(Failed::Engine)?;
    let mut out = Capped {
        text: Vec::new(),
        max,
        over: false,
    };
    let rendered = template.render_captured_to(Value::from(minijinja::value::Serde(ctx)), &mut out);
    match rendered {
        Ok(_) => String::from_utf8(out.text).map_err(|_| Failed::TooLarge(max)),
        Err(_) if out.over => Err(Failed::TooLarge(max)),
        Err(e) => Err(Failed::Engine(e)),
    }
}

/// A template error in one line: the kind, the detail, and the line's text
/// where minijinja knows it.
fn template_message(e: &minijinja::Error) -> String {
    let mut message = match e.detail() {
        Some(detail) => ComposeMsg::TemplateDetail {
            kind: e.kind().to_string(),
            detail: detail.to_string(),
        }
        .to_string(),
        None => ComposeMsg::Template {
            kind: e.kind().to_string(),
        }
        .to_string(),
    };
    if let Some(source) = e.template_source() {
        if let Some(line) = e
            .line()
            .and_then(|l| source.lines().nth(l.saturating_sub(1)))
        {
            message.push_str(
                &ComposeMsg::InLine {
                    line: line.trim().to_string(),
                }
                .to_string(),
            );
        }
    }
    message
}

/// One piece of text for the document: punctuation made full-width where
/// asked. (Characters XML cannot hold are the writer's to drop.)
fn finish_text(s: &str, options: ComposeOptions) -> String {
    if options.tidy_punctuation {
        if let std::borrow::Cow::Owned(tidied) = crate::hygiene::tidy(s) {
            return tidied;
        }
    }
    s.to_string()
}

/// `（联系人：…）` → `联系人：…`: the layout adds the parentheses.
fn strip_parens(note: &str) -> &str {
    let t = note.trim();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(inner) = t.strip_prefix(open).and_then(|s| s.strip_suffix(close)) {
            return inner.trim();
        }
    }
    t
}

impl Block {
    fn map_text(self, f: &dyn Fn(&str) -> String) -> Block {
        match self {
            Block::Paragraph(t) => Block::Paragraph(f(&t)),
            Block::Heading { level, lead, rest } => Block::Heading {
                level,
                lead: f(&lead),
                rest: f(&rest),
            },
        }
    }
}

/// Splits rendered body text into paragraphs and recognises headings.
pub fn parse_body(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let flush = |current: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if current.is_empty() {
            return;
        }
        let mut joined = String::new();
        for line in current.drain(..) {
            let needs_space = joined
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_alphanumeric())
                && line
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric());
            if needs_space {
                joined.push(' ');
            }
            joined.push_str(line);
        }
        blocks.push(classify(joined));
    };
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            flush(&mut current, &mut blocks);
        } else {
            current.push(line);
        }
    }
    flush(&mut current, &mut blocks);
    blocks
}

const CN_NUMERALS: &str = "一二三四五六七八九十百零";

/// The heading level a paragraph opens with, if any.
pub fn heading_level(text: &str) -> Option<u8> {
    let chars: Vec<char> = text.chars().collect();
    let cn_run = |from: usize| {
        chars[from..]
            .iter()
            .take_while(|c| CN_NUMERALS.contains(**c))
            .count()
    };
    let digit_run = |from: usize| {
        chars[from..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let n = cn_run(0);
    if n > 0 && chars.get(n) == Some(&'、') {
        return Some(1);
    }
    if matches!(chars.first(), Some('（') | Some('(')) {
        let n = cn_run(1);
        if n > 0 && matches!(chars.get(1 + n), Some('）') | Some(')')) {
            return Some(2);
        }
        let n = digit_run(1);
        if n > 0 && matches!(chars.get(1 + n), Some('）') | Some(')')) {
            return Some(4);
        }
    }
    let n = digit_run(0);
    if n > 0
        && matches!(chars.get(n), Some('.') | Some('．'))
        && !chars.get(n + 1).is_some_and(|c| c.is_ascii_digit())
    {
        return Some(3);
    }
    None
}

fn classify(text: String) -> Block {
    let Some(level) = heading_level(&text) else {
        return Block::Paragraph(text);
    };
    // A run-in heading sets only its first sentence in the heading font.
    match text.find('。') {
        Some(i) if i + '。'.len_utf8() < text.len() => {
            let (lead, rest) = text.split_at(i + '。'.len_utf8());
            Block::Heading {
                level,
                lead: lead.to_string(),
                rest: rest.to_string(),
            }
        }
        _ => Block::Heading {
            level,
            lead: text,
            rest: String::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_templates_that_name_rows_get_them() {
        let env = environment();
        assert!(uses_rows(&env, &["{% for r in rows %}{{ r }}{% endfor %}"]));
        assert!(uses_rows(&env, &["{{ year }}", "{{ rows | length }}"]));
        assert!(!uses_rows(
            &env,
            &["{{ stats.rows }}项，{{ sections | length }}"]
        ));
        assert!(uses_rows(&env, &["{% if %}"]));
    }

    #[test]
    fn paragraphs_are_separated_by_blank_lines() {
        let blocks = parse_body("第一段\n续行。\n\n\n第二段。\n");
        assert_eq!(
            blocks,
            [
                Block::Paragraph("第一段续行。".into()),
                Block::Paragraph("第二段。".into())
            ]
        );
    }

    #[test]
    fn heading_levels_follow_the_numbering() {
        assert_eq!(heading_level("一、总体要求"), Some(1));
        assert_eq!(heading_level("十二、其他"), Some(1));
        assert_eq!(heading_level("（一）工作目标"), Some(2));
        assert_eq!(heading_level("(三)工作目标"), Some(2));
        assert_eq!(heading_level("1.加强领导"), Some(3));
        assert_eq!(heading_level("2．加强领导"), Some(3));
        assert_eq!(heading_level("（1）明确责任"), Some(4));
        assert_eq!(heading_level("1.5亿元已拨付"), None);
        assert_eq!(heading_level("一是固定资产投资"), None);
        assert_eq!(heading_level("当前，已进入"), None);
    }

    #[test]
    fn the_rows_tidied_in_two_halves_are_the_rows_tidied_in_one() {
        let loaded = seed();
        // Enough rows for two threads, every kind of the seed among them.
        let rows: Vec<crate::model::Row> = (0..PARALLEL_ROWS + 7)
            .map(|i| loaded.model.rows[i % loaded.model.rows.len()].clone())
            .collect();
        let pick = |cells: &[String]| -> Vec<String> {
            cells
                .iter()
                .map(|c| finish_text(c, ComposeOptions::default()))
                .collect()
        };
        let halves = tidied_rows(&rows, &pick);
        let one: Vec<Vec<Vec<String>>> = rows
            .chunks(1)
            .flat_map(|row| tidied_rows(row, &pick))
            .collect();
        assert_eq!(halves.len(), rows.len());
        assert_eq!(halves, one);
    }

    #[test]
    fn a_run_in_heading_keeps_only_its_first_sentence_in_the_heading_font() {
        let blocks = parse_body("一、总体要求。正文从这里开始。");
        assert_eq!(
            blocks,
            [Block::Heading {
                level: 1,
                lead: "一、总体要求。".into(),
                rest: "正文从这里开始。".into()
            }]
        );
        let blocks = parse_body("（二）有关要求");
        assert!(matches!(&blocks[0], Block::Heading { level: 2, rest, .. } if rest.is_empty()));
    }

    #[test]
    fn filters_format_dates() {
        let env = environment();
        let out = env
            .render_str(
                "{{ d | cn_date }} {{ d | md }}",
                minijinja::context! { d => "2016-09-25" },
            )
            .expect("renders");
        assert_eq!(out, "2016年9月25日 9月25日");
    }

    #[test]
    fn strict_templates_reject_unknown_variables() {
        let env = environment();
        let err = env
            .render_str("a\n{{ nope }}", minijinja::context! {})
            .expect_err("undefined");
        assert_eq!(err.line(), Some(2));
    }

    fn seed() -> crate::Loaded {
        let job = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/zhuzhou-2016-h1/notice.toml");
        crate::load(&job, None, &mut crate::diag::Diagnostics::default()).expect("seed loads")
    }

    /// Composes the seed with one template replaced; the error's text.
    fn runaway(set: impl Fn(&mut Job)) -> String {
        let loaded = seed();
        let mut job = loaded.job.clone();
        set(&mut job);
        let started = std::time::Instant::now();
        let err =
            compose(&job, &loaded.model, &[], ComposeOptions::default()).expect_err("stopped");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "took {:?}",
            started.elapsed()
        );
        err.to_string()
    }

    #[test]
    fn a_template_that_never_ends_is_stopped_and_named() {
        let forever =
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}";
        let body = runaway(|job| job.body.source = forever.to_string());
        assert!(body.contains("ran too long"), "{body}");
        assert!(body.contains("body.md.j2:1: "), "{body}");
        let note = runaway(|job| job.note = Some(forever.to_string()));
        assert!(
            note.contains("`note`") && note.contains("ran too long"),
            "{note}"
        );
        let title = runaway(|job| job.attachment.title = forever.to_string());
        assert!(title.contains("`attachment.title`"), "{title}");
    }

    #[test]
    fn a_string_that_doubles_without_end_is_stopped() {
        let doubling = "{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}{{ s }}{% endif %}{% endmacro %}{{ d('x', 60) }}";
        let body = runaway(|job| job.body.source = doubling.to_string());
        assert!(
            body.contains("ran too long") || body.contains("more than"),
            "{body}"
        );
        let repeated = runaway(|job| job.note = Some("{{ 'x' * 100000000 }}".to_string()));
        assert!(repeated.contains("`note`"), "{repeated}");
    }

    #[test]
    fn a_line_template_may_not_make_a_book() {
        let err = runaway(|job| {
            job.attachment.title = "{% for i in range(20000) %}完成情况{% endfor %}".to_string()
        });
        assert!(err.contains("more than 64 KiB"), "{err}");
    }

    #[test]
    fn a_body_over_every_row_of_a_large_sheet_has_fuel_enough() {
        let mut loaded = seed();
        let template = loaded.model.rows[0].clone();
        loaded.model.rows = (0..20_000u32)
            .map(|n| crate::model::Row {
                sheet_row: n + 3,
                ..template.clone()
            })
            .collect();
        let mut job = loaded.job.clone();
        job.body.source =
            "{% for r in rows %}{% if r.kind == 'task' %}{{ loop.index }}. 第{{ r.row }}行{{ r.sections | length }}\n{% endif %}{% endfor %}"
                .to_string();
        let notice = compose(&job, &loaded.model, &[], ComposeOptions::default()).expect("fits");
        assert_eq!(notice.body.len(), 1);
    }

    #[test]
    fn notes_lose_their_parentheses_once() {
        assert_eq!(strip_parens("（联系人：丁志永）"), "联系人：丁志永");
        assert_eq!(strip_parens("联系人：丁志永"), "联系人：丁志永");
    }
}
