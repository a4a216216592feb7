//! The parts of an .xlsx, fuzzed inside a well-formed package: mutating a
//! zip's bytes mostly breaks its checksums, so the XML calamine parses is
//! rarely reached by `sheet_to_model`. Here the input is split on NUL bytes
//! into the worksheet, the shared strings and the styles, packed with a
//! fixed workbook, and read to the model.

#![no_main]

use gongwen::diag::Diagnostics;
use gongwen::job::Columns;
use gongwen::sheet::read_table_from_bytes;
use libfuzzer_sys::fuzz_target;
use std::io::Write;
use std::path::Path;

const WORKBOOK: &str = r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="附件" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const RELS: &str = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

fn package(sheet: &[u8], strings: Option<&[u8]>, styles: Option<&[u8]>) -> Option<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    if let Some(s) = strings {
        parts.push(("xl/sharedStrings.xml", s));
    }
    if let Some(s) = styles {
        parts.push(("xl/styles.xml", s));
    }
    for (name, bytes) in parts {
        zip.start_file(name, opts).ok()?;
        zip.write_all(bytes).ok()?;
    }
    Some(zip.finish().ok()?.into_inner())
}

fuzz_target!(|data: &[u8]| {
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| {
        std::panic::set_hook(Box::new(|info| eprintln!("caught: {info}")));
    });
    let mut pieces = data.split(|&b| b == 0);
    let sheet = pieces.next().unwrap_or_default();
    let Some(bytes) = package(sheet, pieces.next(), pieces.next()) else {
        return;
    };
    let mut diags = Diagnostics::default();
    match read_table_from_bytes(
        Path::new("data.xlsx"),
        &bytes,
        None,
        &Columns::default(),
        None,
        &mut diags,
    ) {
        Ok(table) => {
            let _ = gongwen::model::Progress::from_table(&table, &mut diags);
        }
        Err(e) => assert!(!e.to_string().contains('\n'), "a message spans lines: {e}"),
    }
});
