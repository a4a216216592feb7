//! Any bytes, read as a spreadsheet and turned into the progress model,
//! must give a table or an error: never a panic, an abort or unbounded
//! memory. The first byte picks the file name (and so whether plain text
//! may be read as CSV) and the CSV encoding; the rest is the file.

#![no_main]

use gongwen::diag::Diagnostics;
use gongwen::job::Columns;
use gongwen::sheet::{read_table_from_bytes, Encoding};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    // libfuzzer-sys aborts at any panic, before it unwinds. The library
    // catches the panics of calamine on a damaged file and reports an error,
    // so let those unwind; a panic that escapes the library still aborts
    // (the harness aborts on an unwound panic too).
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| {
        std::panic::set_hook(Box::new(|info| eprintln!("caught: {info}")));
    });
    let Some((&choice, bytes)) = data.split_first() else {
        return;
    };
    let name = if choice & 1 == 0 {
        "data.xlsx"
    } else {
        "data.csv"
    };
    let encoding = match (choice >> 1) & 3 {
        1 => Some(Encoding::Utf8),
        2 => Some(Encoding::Gb18030),
        _ => None,
    };
    let mut diags = Diagnostics::default();
    match read_table_from_bytes(
        Path::new(name),
        bytes,
        None,
        &Columns::default(),
        encoding,
        &mut diags,
    ) {
        Ok(table) => {
            let _ = gongwen::model::Progress::from_table(&table, &mut diags);
        }
        Err(e) => assert!(!e.to_string().contains('\n'), "a message spans lines: {e}"),
    }
    for d in diags.items() {
        assert!(!d.to_string().contains('\n'), "a message spans lines: {d}");
    }
});
