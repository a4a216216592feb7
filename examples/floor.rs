//! The floor of a render, for the benchmark's profile: the two things no
//! render can skip, timed alone with the crates gongwen uses.
//!
//! `cargo run --release --example floor -- progress.xlsx notice.docx`
//! reads every cell of the workbook's first sheet with calamine's
//! streaming reader, then deflates the `word/document.xml` of a rendered
//! notice at gongwen's level for a large document (into a zip entry, as
//! gongwen does), and prints both times and their sum in
//! seconds (the best of five runs each).

use calamine::{Reader, Xlsx};
use std::io::{Read, Write};
use std::time::Instant;

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [xlsx, docx] = args.as_slice() else {
        return Err("usage: floor PROGRESS.xlsx NOTICE.docx".into());
    };
    let workbook = std::fs::read(xlsx)?;
    let read = best_of(5, || -> Result<usize, Box<dyn std::error::Error>> {
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(&workbook))?;
        let name = book.sheet_names().first().cloned().ok_or("no sheet")?;
        let mut cells = book.worksheet_cells_reader(&name)?;
        let mut count = 0;
        while let Some(cell) = cells.next_cell()? {
            std::hint::black_box(cell);
            count += 1;
        }
        Ok(count)
    });
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx)?)?;
    let mut document = Vec::new();
    zip.by_name("word/document.xml")?
        .read_to_end(&mut document)?;
    let level = gongwen::docx::LARGE_DEFLATE_LEVEL as u32;
    let deflate = best_of(5, || -> zip::result::ZipResult<Vec<u8>> {
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(i64::from(level)));
        out.start_file("word/document.xml", options)?;
        out.write_all(&document)?;
        Ok(out.finish()?.into_inner())
    });
    println!(
        "read {read:.3} s + deflate {deflate:.3} s ({} MB at level {level}) = floor {:.3} s",
        document.len() / 1_000_000,
        read + deflate
    );
    Ok(())
}
