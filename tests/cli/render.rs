//! `gongwen render` on the bundled fixtures: the package's XML, determinism,
//! errors, and the round trip through LibreOffice.

use crate::common::*;

#[test]
fn render_writes_the_default_output_under_the_current_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let job = fixture("zhuzhou-2016-h1").join("notice.toml");
    let stdout = gongwen_ok(dir.path(), &["render", job.to_str().expect("utf8")]);
    let out = dir.path().join("out/notice.docx");
    assert!(out.exists(), "no out/notice.docx; stdout: {stdout}");
    assert!(stdout.contains("23 attachment rows"), "{stdout}");
    assert!(stdout.contains("out/notice.docx"), "{stdout}");
}
