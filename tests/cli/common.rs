//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The crate root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture folder under `fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("fixtures").join(name)
}

/// A temporary folder holding a copy of a fixture folder.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&fixture(name), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// Runs `gongwen` with `args` in `cwd`, in English (`LANG=C`, whatever the
/// developer's locale). A failed run, or a `check`, that printed problems
/// is run again with `--lang zh`, and every line must then be Chinese: see
/// [`assert_chinese_twin`]. Failed runs and `check` write nothing, so the
/// second run sees the same inputs.
pub fn gongwen(cwd: &Path, args: &[&str]) -> Output {
    gongwen_env(cwd, args, &[])
}

/// Runs `gongwen` once, in the environment given (over `LANG=C`).
pub fn gongwen_raw(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gongwen"));
    command
        .args(args)
        .current_dir(cwd)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("run gongwen")
}

/// Whether a character is Chinese: a CJK ideograph or CJK / full-width
/// punctuation.
pub fn is_chinese(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}' | '“' | '”')
}

/// Asserts that the Chinese run of a failed command says, line for line,
/// what the English run said: each line carries the Chinese label
/// (`错误：` / `警告：`), and after the place both name, the Chinese message
/// holds Chinese text. Usage errors of the argument parser stay English.
pub fn assert_chinese_twin(args: &[&str], en: &Output, zh: &Output) {
    let en_err = String::from_utf8_lossy(&en.stderr);
    let zh_err = String::from_utf8_lossy(&zh.stderr);
    assert_eq!(
        en.status.code(),
        zh.status.code(),
        "{args:?}\n{en_err}\n{zh_err}"
    );
    let en_lines: Vec<&str> = en_err.lines().filter(|l| !l.trim().is_empty()).collect();
    let zh_lines: Vec<&str> = zh_err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        en_lines.len(),
        zh_lines.len(),
        "{args:?}\n{en_err}\n{zh_err}"
    );
    for (en_line, zh_line) in en_lines.iter().zip(&zh_lines) {
        let (en_rest, zh_rest) = if let Some(rest) = en_line.strip_prefix("error: ") {
            let zh_rest = zh_line.strip_prefix("错误：");
            (rest, zh_rest)
        } else if let Some(rest) = en_line.strip_prefix("warning: ") {
            (rest, zh_line.strip_prefix("警告："))
        } else {
            panic!("{args:?}: an English line without a label: {en_line}");
        };
        let zh_rest = zh_rest.unwrap_or_else(|| panic!("{args:?}: no Chinese label: {zh_line}"));
        let common = en_rest
            .chars()
            .zip(zh_rest.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let message: String = zh_rest.chars().skip(common).collect();
        assert!(
            message.chars().any(is_chinese),
            "{args:?}: the Chinese message is not Chinese: {zh_line} (English: {en_line})"
        );
    }
}

/// Runs `gongwen` and asserts it succeeded; returns stdout.
pub fn gongwen_ok(cwd: &Path, args: &[&str]) -> String {
    let out = gongwen(cwd, args);
    assert!(
        out.status.success(),
        "gongwen {args:?} failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// One part of a .docx package as text.
pub fn docx_part(docx: &Path, part: &str) -> String {
    let file = std::fs::File::open(docx).expect("open docx");
    let mut zip = zip::ZipArchive::new(file).expect("docx is a zip");
    let mut entry = zip.by_name(part).expect("part exists");
    let mut text = String::new();
    entry.read_to_string(&mut text).expect("part is UTF-8");
    text
}

/// The WordprocessingML namespace.
pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The value of `w:{attr}` on a node.
pub fn wattr<'a>(node: roxmltree::Node<'a, '_>, attr: &str) -> Option<&'a str> {
    node.attribute((W, attr))
}

/// The first descendant named `w:{name}`.
pub fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.descendants().find(|n| n.has_tag_name((W, name)))
}

/// The text of a paragraph (all its `w:t`).
pub fn para_text(p: roxmltree::Node<'_, '_>) -> String {
    p.descendants()
        .filter(|n| n.has_tag_name((W, "t")))
        .filter_map(|n| n.text())
        .collect()
}

/// Whether LibreOffice tests should run. Under `CI=true` they must: a
/// missing `soffice` is then a failure, not a skip.
pub fn renderer_available() -> bool {
    let found = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "soffice is not installed, and CI=true requires the renderer tests"
        );
        eprintln!(
            "note: soffice not found; renderer test skipped (install libreoffice-writer-nogui)"
        );
    }
    found
}

/// Converts a .docx to PDF with LibreOffice, in a private profile so tests
/// can run side by side; returns the PDF path.
pub fn to_pdf(docx: &Path) -> PathBuf {
    let dir = docx.parent().expect("docx has a folder");
    let profile = tempfile::tempdir().expect("profile dir");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(docx)
        .output()
        .expect("run soffice");
    assert!(
        out.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = docx.with_extension("pdf");
    assert!(
        pdf.exists(),
        "soffice wrote no PDF: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    pdf
}

/// The text of a PDF page by page (`pdftotext`, pages split on form feeds).
pub fn pdf_pages(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext (poppler-utils)");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// A word of `pdftotext -bbox` output: its text and box in points.
#[derive(Debug, Clone)]
pub struct Word {
    pub text: String,
    pub x_min: f64,
    pub y_min: f64,
    pub x_max: f64,
    pub y_max: f64,
}

/// Every page's words with their boxes (`pdftotext -bbox`).
pub fn pdf_words(pdf: &Path) -> Vec<Vec<Word>> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext -bbox");
    assert!(out.status.success());
    let html = String::from_utf8_lossy(&out.stdout);
    let mut pages = Vec::new();
    for chunk in html.split("<page ").skip(1) {
        let mut words = Vec::new();
        for w in chunk.split("<word ").skip(1) {
            let num = |key: &str| -> f64 {
                let start = w.find(&format!("{key}=\"")).expect("attr") + key.len() + 2;
                let end = start + w[start..].find('"').expect("quote");
                w[start..end].parse().expect("number")
            };
            let text_start = w.find('>').expect("tag end") + 1;
            let text_end = w.find("</word>").expect("word end");
            words.push(Word {
                text: unescape(&w[text_start..text_end]),
                x_min: num("xMin"),
                y_min: num("yMin"),
                x_max: num("xMax"),
                y_max: num("yMax"),
            });
        }
        pages.push(words);
    }
    pages
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Millimetres from points.
pub fn mm(pt: f64) -> f64 {
    pt * 25.4 / 72.0
}

/// A page rasterised by `pdftoppm` (RGB, top-left origin).
pub struct Raster {
    pub width: usize,
    pub height: usize,
    pub dpi: f64,
    pub rgb: Vec<u8>,
}

/// Renders one page (1-based) of a PDF at `dpi`.
pub fn rasterize(pdf: &Path, page: usize, dpi: u32) -> Raster {
    let out = Command::new("pdftoppm")
        .args([
            "-r",
            &dpi.to_string(),
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
        ])
        .arg(pdf)
        .output()
        .expect("run pdftoppm");
    assert!(out.status.success(), "pdftoppm failed");
    let data = out.stdout;
    // "P6\n<w> <h>\n255\n" then the pixels.
    let mut fields = Vec::new();
    let mut pos = 0;
    while fields.len() < 4 {
        while data[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let start = pos;
        while !data[pos].is_ascii_whitespace() {
            pos += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..pos]).into_owned());
    }
    assert_eq!(fields[0], "P6");
    let width: usize = fields[1].parse().expect("width");
    let height: usize = fields[2].parse().expect("height");
    let rgb = data[pos + 1..].to_vec();
    assert_eq!(rgb.len(), width * height * 3);
    Raster {
        width,
        height,
        dpi: f64::from(dpi),
        rgb,
    }
}

/// A run of rows that hold ink, in mm from the page's top and left edges.
#[derive(Debug, Clone, Copy)]
pub struct Band {
    pub top: f64,
    pub bottom: f64,
    pub left: f64,
    pub right: f64,
}

impl Raster {
    pub fn mm(&self, px: usize) -> f64 {
        px as f64 * 25.4 / self.dpi
    }

    pub fn px(&self, mm: f64) -> usize {
        (mm * self.dpi / 25.4).round() as usize
    }

    fn pixel(&self, x: usize, y: usize) -> (u8, u8, u8) {
        let i = (y * self.width + x) * 3;
        (self.rgb[i], self.rgb[i + 1], self.rgb[i + 2])
    }

    /// Bands of rows holding pixels that match `is_ink`, within the columns
    /// `x_mm` (mm from the left edge).
    pub fn bands(&self, x_mm: (f64, f64), is_ink: impl Fn((u8, u8, u8)) -> bool) -> Vec<Band> {
        let (x0, x1) = (self.px(x_mm.0), self.px(x_mm.1).min(self.width));
        let mut bands: Vec<Band> = Vec::new();
        let mut open: Option<(usize, usize, usize)> = None;
        for y in 0..self.height {
            let xs: Vec<usize> = (x0..x1).filter(|&x| is_ink(self.pixel(x, y))).collect();
            match (xs.first(), xs.last(), open) {
                (Some(&l), Some(&r), Some((top, ol, or))) => {
                    open = Some((top, ol.min(l), or.max(r)))
                }
                (Some(&l), Some(&r), None) => open = Some((y, l, r)),
                (None, _, Some((top, l, r))) => {
                    bands.push(Band {
                        top: self.mm(top),
                        bottom: self.mm(y),
                        left: self.mm(l),
                        right: self.mm(r + 1),
                    });
                    open = None;
                }
                _ => {}
            }
        }
        if let Some((top, l, r)) = open {
            bands.push(Band {
                top: self.mm(top),
                bottom: self.mm(self.height),
                left: self.mm(l),
                right: self.mm(r + 1),
            });
        }
        bands
    }

    /// The first row below `y_from` (mm) whose dark ink spans at least
    /// `min_width` mm from its leftmost to its rightmost pixel: a rule or a dash.
    pub fn first_wide_dark_row(&self, y_from: f64, min_width: f64) -> Option<f64> {
        (self.px(y_from)..self.height).find_map(|y| {
            let xs: Vec<usize> = (0..self.width)
                .filter(|&x| {
                    let (r, g, b) = self.pixel(x, y);
                    r < 128 && g < 128 && b < 128
                })
                .collect();
            match (xs.first(), xs.last()) {
                (Some(&l), Some(&r)) if self.mm(r - l) >= min_width => Some(self.mm(y)),
                _ => None,
            }
        })
    }

    /// Rows of red ink.
    pub fn red_bands(&self) -> Vec<Band> {
        self.bands((0.0, 210.0), is_red)
    }

    /// Rows of dark, uncoloured ink within `x_mm`.
    pub fn dark_bands(&self, x_mm: (f64, f64)) -> Vec<Band> {
        self.bands(x_mm, |(r, g, b)| r < 128 && g < 128 && b < 128)
    }

    /// Pixels that are neither grey nor white (any hue), with their position in mm.
    pub fn coloured_pixels(&self) -> Vec<(f64, f64)> {
        let mut out = Vec::new();
        for y in 0..self.height {
            for x in 0..self.width {
                let (r, g, b) = self.pixel(x, y);
                let (hi, lo) = (r.max(g).max(b), r.min(g).min(b));
                if hi - lo > 60 {
                    out.push((self.mm(x), self.mm(y)));
                }
            }
        }
        out
    }
}

/// A strongly red pixel (the mark and the separator line).
pub fn is_red((r, g, b): (u8, u8, u8)) -> bool {
    r > 180 && g < 110 && b < 110
}

/// The number of pages of a PDF.
pub fn pdf_page_count(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("run pdfinfo");
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| {
            l.strip_prefix("Pages:")
                .map(|n| n.trim().parse().expect("count"))
        })
        .expect("Pages: line")
}

/// The width and height (points) of every page of a PDF.
pub fn pdf_page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    let out = Command::new("pdfinfo")
        .args(["-f", "1", "-l", &pdf_page_count(pdf).to_string()])
        .arg(pdf)
        .output()
        .expect("run pdfinfo");
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size: "))
        .map(|l| {
            let size = l.split(" size: ").nth(1).unwrap_or("");
            let mut numbers = size
                .split_whitespace()
                .filter_map(|w| w.parse::<f64>().ok());
            (
                numbers.next().expect("width"),
                numbers.next().expect("height"),
            )
        })
        .collect()
}

/// Runs `gongwen` with `args` in `cwd` and extra environment variables, in
/// English; a failed run that printed problems is checked in Chinese too
/// (see [`gongwen`]).
pub fn gongwen_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let en = gongwen_raw(cwd, args, env);
    let stderr = String::from_utf8_lossy(&en.stderr);
    let usage = stderr.contains("Usage:") || stderr.contains("--help");
    // `check` writes nothing, so its warnings can be asked for again too.
    let again = !en.status.success() || args.first() == Some(&"check");
    if again && !stderr.trim().is_empty() && !usage {
        let mut zh_args = args.to_vec();
        zh_args.extend(["--lang", "zh"]);
        let zh = gongwen_raw(cwd, &zh_args, env);
        assert_chinese_twin(args, &en, &zh);
    }
    en
}

/// A sheet as a grid of cell texts, from A1.
pub type Grid = Vec<Vec<String>>;

/// Every sheet of a workbook, in order, as (name, grid). Cells are read as
/// text (`Data`'s display: 1300.0 reads `1300`).
pub fn read_grid(path: &Path) -> Vec<(String, Grid)> {
    use calamine::Reader;
    let mut workbook = calamine::open_workbook_auto(path).expect("open workbook");
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).expect("read sheet");
        let mut grid: Grid = Vec::new();
        if let (Some((r0, c0)), Some((r1, c1))) = (range.start(), range.end()) {
            grid = vec![vec![String::new(); c1 as usize + 1]; r1 as usize + 1];
            for r in r0..=r1 {
                for c in c0..=c1 {
                    if let Some(data) = range.get_value((r, c)) {
                        grid[r as usize][c as usize] = data.to_string();
                    }
                }
            }
        }
        sheets.push((name, grid));
    }
    sheets
}

/// Writes sheets of text cells as an .xlsx, with a fixed creation date.
pub fn write_grid(path: &Path, sheets: &[(String, Grid)]) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    workbook.set_properties(
        &rust_xlsxwriter::DocProperties::new().set_creation_datetime(
            &rust_xlsxwriter::ExcelDateTime::from_ymd(2016, 8, 30).expect("date"),
        ),
    );
    for (name, grid) in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name).expect("sheet name");
        for (r, row) in grid.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if !text.is_empty() {
                    sheet
                        .write_string(r as u32, c as u16, text)
                        .expect("write cell");
                }
            }
        }
    }
    workbook.save(path).expect("save workbook");
}

/// A one-sheet progress table (`工作任务 | 完成情况 | 委内责任科室(单位)`)
/// with one row per `(task, status, sections)`.
pub fn write_table(path: &Path, rows: &[(&str, &str, &str)]) {
    let mut grid: Grid = vec![vec![
        "工作任务".to_string(),
        "完成情况".to_string(),
        "委内责任科室(单位)".to_string(),
    ]];
    for (task, status, sections) in rows {
        grid.push(vec![
            task.to_string(),
            status.to_string(),
            sections.to_string(),
        ]);
    }
    write_grid(path, &[("台账".to_string(), grid)]);
}

/// The position of the header row and of the named columns in a grid.
pub fn find_columns(grid: &Grid, names: &[&str]) -> (usize, Vec<usize>) {
    for (r, row) in grid.iter().enumerate() {
        let cols: Option<Vec<usize>> = names
            .iter()
            .map(|n| row.iter().position(|c| c == n))
            .collect();
        if let Some(cols) = cols {
            return (r, cols);
        }
    }
    panic!("no header row with {names:?}");
}

/// The seed's spreadsheet rewritten cell by cell (`base`), and a copy of it
/// with the status of the first 园区科 row changed (`edited`). Returns that
/// row's task, old status and new status.
pub fn seed_with_one_edit(base: &Path, edited: &Path) -> (String, String, String) {
    let mut sheets = read_grid(&fixture("zhuzhou-2016-h1").join("progress.xlsx"));
    write_grid(base, &sheets);
    let grid = &mut sheets[0].1;
    let (header, cols) = find_columns(grid, &["工作任务", "上半年完成情况", "委内责任科室(单位)"]);
    let r = (header + 1..grid.len())
        .find(|&r| grid[r][cols[2]] == "园区科")
        .expect("a 园区科 row");
    let old = grid[r][cols[1]].clone();
    let new = format!("{old}已全部完工。");
    grid[r][cols[1]] = new.clone();
    let task = grid[r][cols[0]].clone();
    write_grid(edited, &sheets);
    (task, old, new)
}

/// The number of body rows (the rows not marked as header rows) of the
/// first table in a .docx.
pub fn table_rows(docx: &Path) -> usize {
    table_body(docx).len()
}

/// The body rows of the first table in a .docx (its rows not marked
/// `w:tblHeader`), each cell's text at its grid column: a cell spanning
/// several columns gives its text and then `""` for each further column,
/// and a cell that continues a vertical merge gives `""`.
pub fn table_body(docx: &Path) -> Vec<Vec<String>> {
    let xml = docx_part(docx, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).expect("document.xml parses");
    let table = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "tbl")))
        .expect("a table");
    table
        .children()
        .filter(|n| n.has_tag_name((W, "tr")) && child(*n, "tblHeader").is_none())
        .map(|tr| {
            let mut cells = Vec::new();
            for tc in tr.children().filter(|n| n.has_tag_name((W, "tc"))) {
                let span = child(tc, "gridSpan")
                    .and_then(|n| wattr(n, "val"))
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1);
                let continued =
                    child(tc, "vMerge").is_some_and(|n| wattr(n, "val") != Some("restart"));
                cells.push(if continued {
                    String::new()
                } else {
                    para_text(tc)
                });
                cells.extend(std::iter::repeat_n(String::new(), span.saturating_sub(1)));
            }
            cells
        })
        .collect()
}

/// The texts of a .docx's body paragraphs outside tables, in order.
pub fn body_paragraphs(docx: &Path) -> Vec<String> {
    let xml = docx_part(docx, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).expect("document.xml parses");
    let body = child(doc.root_element(), "body").expect("body");
    body.children()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(para_text)
        .collect()
}

/// Where `gongwen render notice.toml`, run in `dir`, writes by default:
/// `dir/out/<the folder's name>.docx`.
pub fn out_docx(dir: &Path) -> PathBuf {
    dir.join(gongwen::package::default_output(&dir.join("notice.toml")))
}

/// Where `gongwen split notice.toml`, run in `dir`, writes by default:
/// `dir/out/<the folder's name>/`.
pub fn out_folder(dir: &Path) -> PathBuf {
    dir.join(gongwen::package::default_out_dir(&dir.join("notice.toml")))
}

/// `out/<the folder's name>.docx`, as a run in `dir` prints it.
pub fn out_docx_shown(dir: &Path) -> String {
    gongwen::package::default_output(&dir.join("notice.toml"))
        .display()
        .to_string()
}

/// `out/<the folder's name>`, as a run in `dir` prints it.
pub fn out_folder_shown(dir: &Path) -> String {
    gongwen::package::default_out_dir(&dir.join("notice.toml"))
        .display()
        .to_string()
}

/// The bundled example's outputs are named after its folder.
pub const SEED_OUT: &str = "out/zhuzhou-2016-h1";

/// The name of the outputs of `dir/notice.toml`: the folder's name.
pub fn job_stem(dir: &Path) -> String {
    gongwen::package::output_stem(&dir.join("notice.toml"))
}

/// Limits a run of gongwen is held to (Unix `setrlimit`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Limits {
    /// Address space, in bytes (`RLIMIT_AS`, what `prlimit --as` sets).
    pub address_space: Option<u64>,
    /// The largest file the run may write, in bytes (`RLIMIT_FSIZE`).
    pub file_size: Option<u64>,
    /// Ignore `SIGXFSZ`, so that a write past `file_size` fails with an
    /// error (as a full disk does) instead of killing the process.
    pub write_errors: bool,
}

/// What a run gave, and how long it took.
pub struct Limited {
    pub status: std::process::ExitStatus,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: std::time::Duration,
}

impl Limited {
    /// The lines of standard error that are not empty.
    pub fn error_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect()
    }

    /// Asserts exit code 1 with one line on standard error, holding
    /// `expected`, within `seconds`.
    pub fn assert_one_error(&self, expected: &str, seconds: u64) {
        assert_eq!(self.status.code(), Some(1), "{self}");
        let lines = self.error_lines();
        assert_eq!(lines.len(), 1, "{self}");
        assert!(lines[0].starts_with("error: "), "{self}");
        assert!(lines[0].contains(expected), "{expected:?} not in: {self}");
        assert!(
            self.elapsed < std::time::Duration::from_secs(seconds),
            "took {:?}: {self}",
            self.elapsed
        );
    }
}

impl std::fmt::Display for Limited {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let cut = |s: &str| s.chars().take(2000).collect::<String>();
        write!(
            f,
            "{} after {:?}\nstdout: {}\nstderr: {}",
            self.status,
            self.elapsed,
            cut(&self.stdout),
            cut(&self.stderr)
        )
    }
}

/// One gigabyte of address space: what every hostile input must stay under.
pub const ONE_GB: u64 = 1 << 30;

/// Runs `gongwen` in `cwd` (in English) under `limits`; a run that takes
/// more than two minutes is killed (and then fails its assertions).
#[cfg(unix)]
pub fn gongwen_limited(cwd: &Path, args: &[&str], limits: Limits) -> Limited {
    gongwen_limited_env(cwd, args, &[], limits)
}

/// [`gongwen_limited`] with more environment.
#[cfg(unix)]
pub fn gongwen_limited_env(
    cwd: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    limits: Limits,
) -> Limited {
    use std::os::unix::process::CommandExt;
    let mut command = Command::new(env!("CARGO_BIN_EXE_gongwen"));
    command
        .args(args)
        .current_dir(cwd)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        command.env(k, v);
    }
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        command.pre_exec(move || {
            let set = |resource, value: u64| {
                let limit = libc::rlimit {
                    rlim_cur: value as libc::rlim_t,
                    rlim_max: value as libc::rlim_t,
                };
                if libc::setrlimit(resource, &limit) == 0 {
                    Ok(())
                } else {
                    Err(std::io::Error::last_os_error())
                }
            };
            // No core file from a run killed on purpose.
            set(libc::RLIMIT_CORE, 0)?;
            if let Some(bytes) = limits.address_space {
                set(libc::RLIMIT_AS, bytes)?;
            }
            if let Some(bytes) = limits.file_size {
                set(libc::RLIMIT_FSIZE, bytes)?;
            }
            if limits.write_errors {
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            }
            Ok(())
        });
    }
    let started = std::time::Instant::now();
    let mut child = command.spawn().expect("run gongwen");
    let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
    let read = |pipe: Option<std::process::ChildStdout>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_string(&mut text);
            }
            text
        })
    };
    let out = read(stdout);
    let err = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = stderr {
            let _ = pipe.read_to_string(&mut text);
        }
        text
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(120) {
            let _ = child.kill();
            break child.wait().expect("wait");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    let elapsed = started.elapsed();
    Limited {
        status,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        elapsed,
    }
}

/// The temporary files gongwen left in a folder (`.gongwen-….tmp`).
pub fn temporary_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    let name = p.file_name().unwrap_or_default().to_string_lossy();
                    name.starts_with(".gongwen-") && name.ends_with(".tmp")
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A job file for a spreadsheet of the usual columns (`data`, next to it).
pub fn simple_job(data: &str) -> String {
    format!(
        r#"issuer = "株洲市发展和改革委员会"
number = "株发改发〔2016〕1号"
title = "关于重点工作任务推进落实的通知"
recipients = ["机关各科室"]
date = 2016-08-30
period = "2016-H1"

[attachment]
title = "重点工作任务完成情况表"
data = "{data}"

[distribution]
printer = "株洲市发展和改革委员会办公室"
printed = 2016-08-30
"#
    )
}

/// Writes an .xlsx by hand: each sheet's `<sheetData>` XML, and the
/// shared strings' `<si>` elements (or none). Nothing checks what is put
/// in: hostile files are built with it.
pub fn write_raw_xlsx(path: &Path, sheets: &[(&str, &str)], shared: Option<&str>) {
    use std::io::Write;
    let file = std::fs::File::create(path).expect("create xlsx");
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut part = |name: &str, text: &str| {
        zip.start_file(name, options).expect("part");
        zip.write_all(text.as_bytes()).expect("write part");
    };
    let mut types = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    let mut book = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    for (i, (name, _)) in sheets.iter().enumerate() {
        let n = i + 1;
        types.push_str(&format!(r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#));
        rels.push_str(&format!(r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#));
        book.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>"#
        ));
    }
    if shared.is_some() {
        types.push_str(r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#);
        rels.push_str(&format!(r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#, sheets.len() + 1));
    }
    types.push_str("</Types>");
    rels.push_str("</Relationships>");
    book.push_str("</sheets></workbook>");
    part("[Content_Types].xml", &types);
    part(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    part("xl/workbook.xml", &book);
    part("xl/_rels/workbook.xml.rels", &rels);
    for (i, (_, data)) in sheets.iter().enumerate() {
        part(
            &format!("xl/worksheets/sheet{}.xml", i + 1),
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData></worksheet>"#
            ),
        );
    }
    if let Some(si) = shared {
        part(
            "xl/sharedStrings.xml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{si}</sst>"#
            ),
        );
    }
    zip.finish().expect("finish xlsx");
}

/// Writes an .ods by hand from the `<table:table>` elements of its body.
pub fn write_raw_ods(path: &Path, tables: &str) {
    use std::io::Write;
    let file = std::fs::File::create(path).expect("create ods");
    let mut zip = zip::ZipWriter::new(file);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("mimetype", stored).expect("part");
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .expect("write");
    zip.start_file("META-INF/manifest.xml", deflated)
        .expect("part");
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).expect("write");
    zip.start_file("content.xml", deflated).expect("part");
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    )
    .expect("write");
    zip.finish().expect("finish ods");
}

/// Makes a FIFO (named pipe) at `path`.
#[cfg(unix)]
pub fn make_fifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().expect("utf8")).expect("cstring");
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
}
