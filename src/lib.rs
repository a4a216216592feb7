//! gongwen turns a progress spreadsheet (台账) into a Chinese official notice
//! (公文) laid out to GB/T 9704—2012, as a .docx that opens in Word, WPS and
//! LibreOffice.
//!
//! # Steps
//!
//! 1. [`job::Job::from_file`] reads and validates the job file (`notice.toml`).
//! 2. [`sheet::read_table`] recognises the spreadsheet by its content
//!    (.xlsx, .xls, .xlsb, .ods or CSV), checks it against
//!    [`sheet::limits`], finds the sheet and its header row and reads every
//!    data row as text (see `docs/spreadsheets.md`).
//! 3. [`model::Progress::from_table`] turns rows into the progress model.
//! 4. [`compose::compose`] renders the body template with the job and the
//!    model into a [`compose::Notice`].
//! 5. [`layout::layout_notice`] lays the notice out per GB/T 9704, with every
//!    number from [`layout::gbt9704`], as a [`document::LaidOut`]: sections,
//!    paragraphs, runs and tables as plain data.
//! 6. [`docx::to_bytes`] writes that document as a WordprocessingML package,
//!    deterministically, and [`package::write_atomic`] writes the file.
//!
//! [`split`] builds one extract per section from the same loaded inputs, and
//! [`diff`] compares two versions of the spreadsheet row by row.
//!
//! Every message a user reads — errors, warnings, summaries — is an entry of
//! the catalogue in [`messages`], written in Chinese or English as chosen
//! once at start-up ([`messages::set_lang`]; English by default).

pub mod check;
pub mod compose;
pub mod diag;
pub mod diff;
pub mod document;
pub mod docx;
pub mod error;
pub mod files;
pub mod hygiene;
pub mod init;
pub mod job;
pub mod layout;
pub mod messages;
pub mod model;
pub mod package;
pub mod pdf;
pub mod period;
pub mod sheet;
pub mod split;
pub mod template;
pub mod watch;

use std::path::Path;

/// The inputs of a run, read and checked: the job, the table, the model.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The validated job.
    pub job: job::Job,
    /// The sheet as read, but for its rows, which moved into `model`.
    pub table: sheet::Table,
    /// The progress model.
    pub model: model::Progress,
    /// The attachments after the first, parallel to the job's
    /// `more_attachments`.
    pub more: Vec<MoreAttachment>,
    /// The job's `template`, read while the spreadsheet was: `None`
    /// without one, or when it could not be read (filling reads it again
    /// and says why).
    pub template: Option<std::sync::Arc<template::Template>>,
}

/// An attachment after the first, read.
#[derive(Debug, Clone)]
pub struct MoreAttachment {
    /// The sheet as read, but for its rows, which moved into `model`.
    pub table: sheet::Table,
    /// Its rows.
    pub model: model::Progress,
}

impl Loaded {
    /// The models of the attachments after the first.
    pub fn more_models(&self) -> Vec<&model::Progress> {
        self.more.iter().map(|m| &m.model).collect()
    }
}

/// What may override the job when loading.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions<'a> {
    /// Read this spreadsheet instead of the job's `attachment.data`.
    pub data: Option<&'a Path>,
    /// Force the encoding of a CSV file.
    pub encoding: Option<sheet::Encoding>,
}

/// Steps 1–3: reads the job and its spreadsheet (`data` overrides the job's).
pub fn load(
    job_path: &Path,
    data: Option<&Path>,
    diags: &mut diag::Diagnostics,
) -> error::Result<Loaded> {
    load_with(
        job_path,
        LoadOptions {
            data,
            ..LoadOptions::default()
        },
        diags,
    )
}

/// [`load`] with every option.
pub fn load_with(
    job_path: &Path,
    options: LoadOptions<'_>,
    diags: &mut diag::Diagnostics,
) -> error::Result<Loaded> {
    let mut job = job::Job::from_file(job_path, diags)?;
    warn_title_lines(&job, job_path, diags);
    if let Some(data) = options.data {
        // Further attachments that read the same spreadsheet read the
        // given one too.
        let first = std::mem::replace(&mut job.attachment.data, data.to_path_buf());
        for more in job.more_attachments.iter_mut().filter(|a| a.data == first) {
            more.data = data.to_path_buf();
        }
    }
    let read = sheet::ReadOptions {
        encoding: options.encoding,
        ..sheet::ReadOptions::for_job(&job)
    };
    // The template, if any, is read on another thread meanwhile: neither
    // needs the other, and the spreadsheet takes longer.
    let (read_sheet, template) = std::thread::scope(|scope| {
        let opening = job.template.as_deref().and_then(|path| {
            std::thread::Builder::new()
                .name("template".into())
                .spawn_scoped(scope, || template::Template::open(path).ok())
                .ok()
        });
        let read_sheet =
            sheet::read_table_with(&job.attachment.data, &read, diags).and_then(|mut table| {
                let model = model::Progress::from_table_taking(&mut table, diags)?;
                Ok((table, model))
            });
        let template = opening
            .and_then(|handle| handle.join().ok().flatten())
            .map(std::sync::Arc::new);
        (read_sheet, template)
    });
    let (table, model) = read_sheet?;
    let more = job
        .more_attachments
        .iter()
        .map(|attachment| {
            let mut table = read_attachment(&job, attachment, options.encoding, diags)?;
            let model = model::Progress::from_table_taking(&mut table, diags)?;
            Ok(MoreAttachment { table, model })
        })
        .collect::<error::Result<Vec<_>>>()?;
    Ok(Loaded {
        job,
        table,
        model,
        more,
        template,
    })
}

/// Reads the sheet of one of the job's further attachments, as the job
/// says (`encoding` forcing a CSV file's).
pub(crate) fn read_attachment(
    job: &job::Job,
    attachment: &job::Attachment,
    encoding: Option<sheet::Encoding>,
    diags: &mut diag::Diagnostics,
) -> error::Result<sheet::Table> {
    let read = sheet::ReadOptions {
        encoding,
        ..sheet::ReadOptions::for_attachment(job, attachment)
    };
    sheet::read_table_with(&attachment.data, &read, diags)
}

/// Warns of each line of a title given as lines that the built-in layout
/// cannot set on one line (an office's template sets the title its own way).
pub(crate) fn warn_title_lines(job: &job::Job, job_path: &Path, diags: &mut diag::Diagnostics) {
    if job.template.is_some() {
        return;
    }
    for i in layout::title_lines_too_wide(&job.title) {
        diags.warn(
            error::Location::key(job_path, "title"),
            messages::JobMsg::TitleLineTooWide {
                line: i + 1,
                text: job.title[i].clone(),
            },
        );
    }
}

/// Steps 4–6 for the whole notice: its text and its .docx bytes. With a
/// `template` in the job, the template filled (see [`template`]); of
/// several problems in it, the error names the first.
pub fn render_notice(
    loaded: &Loaded,
    options: compose::ComposeOptions,
) -> error::Result<(compose::Notice, Vec<u8>)> {
    if let Some(path) = &loaded.job.template {
        let (notice, filled) = compose_and_fill(loaded, path, options)?;
        return Ok((notice, filled.map_err(template::Failed::into_error)?));
    }
    let notice = compose::compose(&loaded.job, &loaded.model, &loaded.more_models(), options)?;
    let properties = notice_properties(&notice, &loaded.job);
    let laid = layout::layout_notice(&notice, properties);
    let bytes = docx::to_bytes(&laid)?;
    let rows: usize = notice.attachments.iter().map(|a| a.rows.len()).sum();
    if rows >= LARGE_ROWS {
        drop_later(laid);
    }
    Ok((notice, bytes))
}

/// The document properties of `notice`: its title, its 署名 as the
/// author, the job's date.
pub fn notice_properties(notice: &compose::Notice, job: &job::Job) -> document::Properties {
    document::Properties {
        title: notice.title.concat(),
        creator: notice.signature.clone(),
        date: job.date.to_string(),
    }
}

/// [`render_notice_with`] for a run that needs its inputs no more (the
/// command line's `render`): the .docx bytes alone. Each stage's input is
/// freed as soon as the next stage has made its own, so that no more than
/// two copies of the table's text are held at once (the model and the
/// notice, the notice and the laid-out document, the laid-out document and
/// the package).
pub fn render_notice_consuming(
    loaded: Loaded,
    options: compose::ComposeOptions,
    diags: &mut diag::Diagnostics,
) -> error::Result<Vec<u8>> {
    if loaded.job.template.is_some() {
        return render_notice_with(&loaded, options, diags).map(|(_, bytes)| bytes);
    }
    let notice = compose::compose(&loaded.job, &loaded.model, &loaded.more_models(), options)?;
    let properties = notice_properties(&notice, &loaded.job);
    let large = loaded.model.rows.len() >= LARGE_ROWS;
    let free = |value: Box<dyn std::any::Any + Send>| {
        if large {
            drop_later(value);
        }
    };
    free(Box::new(loaded));
    let laid = layout::layout_notice(&notice, properties);
    free(Box::new(notice));
    let bytes = docx::to_bytes(&laid)?;
    free(Box::new(laid));
    Ok(bytes)
}

/// The rows from which a table's values are freed on another thread
/// ([`drop_later`]); fewer are freed faster than a thread starts.
pub const LARGE_ROWS: usize = 1000;

/// Frees `value` on another thread. A large document or table (see
/// [`LARGE_ROWS`]) is
/// millions of small allocations, whose freeing would otherwise delay the
/// result by a tenth of its making; the process may even end first.
pub fn drop_later<T: Send + 'static>(value: T) {
    let spawned = std::thread::Builder::new().spawn(move || drop(value));
    // Without a thread to spare, it is freed when the thread could not be
    // made (the closure, holding it, is dropped with the error).
    drop(spawned);
}

/// [`render_notice`], with every problem of a template recorded in
/// `diags`; the error then counts them.
pub fn render_notice_with(
    loaded: &Loaded,
    options: compose::ComposeOptions,
    diags: &mut diag::Diagnostics,
) -> error::Result<(compose::Notice, Vec<u8>)> {
    let Some(path) = &loaded.job.template else {
        return render_notice(loaded, options);
    };
    let (notice, filled) = compose_and_fill(loaded, path, options)?;
    Ok((notice, filled.map_err(|failed| failed.report(diags))?))
}

/// The notice composed and the job's template at `path` filled with it;
/// the template's problems apart, for the caller to report.
fn compose_and_fill(
    loaded: &Loaded,
    path: &Path,
    options: compose::ComposeOptions,
) -> error::Result<(
    compose::Notice,
    std::result::Result<Vec<u8>, template::Failed>,
)> {
    let job = &loaded.job;
    let notice = compose::compose(job, &loaded.model, &loaded.more_models(), options)?;
    let filled = opened(loaded, path).and_then(|template| {
        template::fill_notice(
            &template,
            job,
            &loaded.model,
            &notice,
            &job.recipients,
            options,
        )
    });
    Ok((notice, filled))
}

/// The job's template at `path`: as [`load_with`] read it, or read now
/// (when it could not be read then, to say why).
pub(crate) fn opened(
    loaded: &Loaded,
    path: &Path,
) -> std::result::Result<std::sync::Arc<template::Template>, template::Failed> {
    match &loaded.template {
        Some(template) => Ok(std::sync::Arc::clone(template)),
        None => template::open_for_fill(path).map(std::sync::Arc::new),
    }
}
