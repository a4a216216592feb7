//! Filling templates built here, part by part.

use super::*;
use crate::compose::{AttachmentPage, BodyRow};
use crate::job::Fonts;
use std::io::Read;

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml""#;

/// A notice with a two-paragraph body and a two-row table.
fn notice() -> Notice {
    Notice {
        mark: "某某局文件".into(),
        number: "某发〔2026〕1号".into(),
        title: vec!["关于某事的通知".into()],
        recipients: "各科室：".into(),
        body: vec![
            BodyBlock::Heading {
                level: 1,
                lead: "一、总体要求".into(),
                rest: String::new(),
            },
            BodyBlock::Paragraph("正文&<段落>。".into()),
        ],
        attachments: vec![AttachmentPage {
            title: "完成情况表".into(),
            header: vec!["工作任务".into(), "完成情况".into()],
            header_rows: vec![vec!["工作任务".into(), "完成情况".into()]],
            header_merges: Vec::new(),
            rows: vec![
                vec!["任务一".into(), "已完成".into()],
                vec!["任务二".into(), "推进中".into()],
            ],
            kinds: vec![BodyRow::Task, BodyRow::Task],
            merges: Vec::new(),
            orientation: crate::job::Orientation::Auto,
        }],
        signature: "某某局".into(),
        date: "2026年9月1日".into(),
        note: None,
        imprint: None,
        fonts: Fonts::default(),
        signer: None,
        secrecy: None,
        urgency: None,
        copy_number: None,
    }
}

fn context() -> Value {
    minijinja::context! {
        number => "某发〔2026〕1号",
        title => "关于某事的通知",
        signer => "张三",
        secrecy => Value::from(()),
        urgency => "特急",
        rows => vec![
            minijinja::context! { task => "任务一", status => "已完成&<b>\u{1}" },
            minijinja::context! { task => "任务二", status => "第一行\n第二行" },
        ],
        contact => minijinja::context! { name => "丁志永" },
    }
}

/// A package holding `document` (the inside of `w:body`) and `parts`
/// (name, relationship type, whole XML), with a styles part.
fn package(body: &str, parts: &[(&str, &str, String)]) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}</w:body></w:document>"#
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
    );
    for (i, (name, kind, _)) in parts.iter().enumerate() {
        let target = name.trim_start_matches("word/");
        rels.push_str(&format!(
            r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{target}"/>"#,
            i + 2
        ));
    }
    rels.push_str("</Relationships>");
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    // Stamped with a date of their own, which a copy keeps and a part
    // written anew does not.
    let stamp = zip::DateTime::from_date_and_time(2024, 5, 6, 7, 8, 10).expect("date");
    let mut add = |name: &str, text: &str| {
        zip.start_file(name, options(true).last_modified_time(stamp))
            .expect("entry");
        zip.write_all(text.as_bytes()).expect("write");
    };
    add(
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
    );
    add(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
    );
    add("word/document.xml", &document);
    add("word/_rels/document.xml.rels", &rels);
    add(
        "word/styles.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:styles {NS}><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>"#
        ),
    );
    for (name, _, xml) in parts {
        add(name, xml);
    }
    zip.finish().expect("zip").into_inner()
}

fn template(bytes: Vec<u8>) -> Template {
    Template::from_bytes(Path::new("红头.docx"), bytes).expect("opens")
}

/// Fills and returns the named parts of the output.
fn filled(bytes: Vec<u8>) -> HashMap<String, String> {
    let out = template(bytes)
        .fill(&notice(), &context())
        .unwrap_or_else(|f| panic!("{:?}", f.problems));
    parts_of(&out)
}

fn parts_of(bytes: &[u8]) -> HashMap<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut out = HashMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let mut text = String::new();
        entry.read_to_string(&mut text).expect("text");
        out.insert(entry.name().expect("name").into_owned(), text);
    }
    out
}

fn problems(bytes: Vec<u8>) -> Vec<String> {
    match template(bytes).fill(&notice(), &context()) {
        Ok(_) => Vec::new(),
        Err(f) => f
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.location, p.message))
            .collect(),
    }
}

fn body_of(doc: &str) -> &str {
    let start = doc.find("<w:body>").expect("body") + 8;
    let end = doc.rfind("</w:body>").expect("body end");
    &doc[start..end]
}

fn texts(xml: &str) -> String {
    let doc = roxmltree::Document::parse(xml).expect("well-formed");
    doc.descendants()
        .filter(|n| n.tag_name().name() == "t")
        .filter_map(|n| n.text())
        .collect()
}

#[test]
fn a_tag_split_over_three_runs_with_a_language_switch_takes_the_first_runs_properties() {
    let body = r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>文号：{{ nu</w:t></w:r><w:r><w:rPr><w:lang w:val="en-US"/></w:rPr><w:t>mb</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>er }}号</w:t></w:r></w:p><w:sectPr/>"#;
    let out = filled(package(body, &[]));
    let body = body_of(&out["word/document.xml"]);
    assert_eq!(
        body,
        r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>文号：</w:t><w:t>某发〔2026〕1号</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>号</w:t></w:r></w:p><w:sectPr/>"#
    );
}

#[test]
fn proofing_marks_and_go_back_inside_a_tag_go_and_named_bookmarks_stay() {
    let body = r#"<w:p><w:bookmarkStart w:id="0" w:name="标题"/><w:r><w:t>{{ ti</w:t></w:r><w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="1" w:name="_GoBack"/><w:bookmarkEnd w:id="1"/><w:r><w:t>tle }}</w:t></w:r><w:proofErr w:type="spellEnd"/><w:bookmarkEnd w:id="0"/></w:p>"#;
    let out = filled(package(body, &[]));
    let body = body_of(&out["word/document.xml"]);
    assert_eq!(
        body,
        r#"<w:p><w:bookmarkStart w:id="0" w:name="标题"/><w:r><w:t>关于某事的通知</w:t></w:r><w:proofErr w:type="spellEnd"/><w:bookmarkEnd w:id="0"/></w:p>"#
    );
}

#[test]
fn values_are_escaped_cleaned_and_broken_into_lines() {
    let body = r#"<w:p><w:r><w:t>{% for r in rows %}{{ r.status }};{% endfor %}</w:t></w:r></w:p>"#;
    let out = filled(package(body, &[]));
    let body = body_of(&out["word/document.xml"]);
    assert!(body.contains("<w:t>已完成&amp;&lt;b&gt;</w:t>"), "{body}");
    assert!(
        body.contains("<w:t>第一行</w:t><w:br/><w:t>第二行</w:t>"),
        "{body}"
    );
    assert!(!body.contains('\u{1}'));
    roxmltree::Document::parse(&out["word/document.xml"]).expect("well-formed");
}

#[test]
fn a_row_loop_in_one_row_repeats_the_row_and_leaves_the_header_and_total_rows() {
    let header = r#"<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>表头</w:t></w:r></w:p></w:tc></w:tr>"#;
    let body = format!(
        r#"<w:tbl><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/></w:tblGrid>{header}<w:tr><w:tc><w:p><w:r><w:t>{{% for r in rows %}}{{{{ r.task }}}}</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>{{{{ r.status }}}}{{% endfor %}}</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>合计</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl><w:p/>"#
    );
    let out = filled(package(&body, &[]));
    let doc = &out["word/document.xml"];
    let body = body_of(doc);
    assert_eq!(body.matches("<w:tr>").count(), 4, "{body}");
    assert!(body.starts_with(&format!(
        r#"<w:tbl><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/></w:tblGrid>{header}"#
    )));
    assert!(body.ends_with(r#"<w:tr><w:tc><w:p><w:r><w:t>合计</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl><w:p/>"#), "{body}");
    assert_eq!(texts(doc), "表头任务一已完成&<b>任务二第一行第二行合计");
}

#[test]
fn a_repeated_row_does_not_repeat_its_paragraph_ids() {
    let body = r#"<w:tbl><w:tblGrid><w:gridCol w:w="4000"/></w:tblGrid><w:tr w14:paraId="00000001"><w:tc><w:p w14:paraId="0A0B0C0D" w14:textId="77777777"><w:r><w:t>{%tr for r in rows %}</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p w14:paraId="1A2B3C4D" w14:textId="77777777"><w:r><w:t>{{ r.task }}</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>{%tr endfor %}</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p w14:paraId="5E6F7A8B"/>"#;
    let out = filled(package(body, &[]));
    let doc = &out["word/document.xml"];
    assert_eq!(texts(doc), "任务一任务二");
    // The first repetition keeps its id, the second has none; the
    // paragraph after the table keeps its own.
    assert_eq!(doc.matches(r#"w14:paraId="1A2B3C4D""#).count(), 1, "{doc}");
    assert_eq!(doc.matches(r#"w14:paraId="5E6F7A8B""#).count(), 1, "{doc}");
    assert_eq!(
        doc.matches("<w:p ").count() + doc.matches("<w:p>").count(),
        3,
        "{doc}"
    );
}

#[test]
fn rows_of_their_own_repeat_the_rows_between_and_vanish() {
    let row = |text: &str| {
        format!(r#"<w:tr><w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc></w:tr>"#)
    };
    let body = format!(
        "<w:tbl>{}{}{}{}{}{}</w:tbl><w:p/>",
        row("表头"),
        row("{%tr for r in rows %}"),
        row("{{ r.task }}"),
        row("说明"),
        row("{%tr endfor %}"),
        row("合计"),
    );
    let out = filled(package(&body, &[]));
    let doc = &out["word/document.xml"];
    assert_eq!(body_of(doc).matches("<w:tr>").count(), 1 + 2 * 2 + 1);
    assert_eq!(texts(doc), "表头任务一说明任务二说明合计");
    let plain = body.replace("{%tr ", "{% ");
    let out = filled(package(&plain, &[]));
    assert_eq!(
        texts(&out["word/document.xml"]),
        "表头任务一说明任务二说明合计"
    );
}

#[test]
fn paragraph_conditions_keep_or_drop_whole_paragraphs() {
    let p = |text: &str| format!(r#"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"#);
    let body = format!(
        "{}{}{}{}{}{}{}<w:sectPr/>",
        p("{%p if signer %}"),
        p("签发人：{{ signer }}"),
        p("{%p endif %}"),
        p("{%p if secrecy %}"),
        p("{{ secrecy }}"),
        p("{%p endif %}"),
        p("{% if urgency %}"),
    )
    .replace(
        "<w:sectPr/>",
        &format!("{}{}<w:sectPr/>", p("{{ urgency }}"), p("{% endif %}")),
    );
    let out = filled(package(&body, &[]));
    let body = body_of(&out["word/document.xml"]);
    assert_eq!(
        body,
        format!(
            "{}{}<w:sectPr/>",
            r#"<w:p><w:r><w:t>签发人：</w:t><w:t>张三</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:t>特急</w:t></w:r></w:p>"#
        )
    );
}

#[test]
fn the_body_takes_the_paragraphs_properties_and_headings_their_faces() {
    let body = r#"<w:p><w:pPr><w:ind w:firstLineChars="200"/></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/><w:sz w:val="32"/></w:rPr><w:t>{{ body }}</w:t></w:r></w:p><w:sectPr/>"#;
    let out = filled(package(body, &[]));
    let body = body_of(&out["word/document.xml"]);
    assert_eq!(
        body,
        concat!(
            r#"<w:p><w:pPr><w:ind w:firstLineChars="200"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="黑体" w:hAnsi="黑体" w:eastAsia="黑体" w:cs="黑体"/><w:sz w:val="32"/></w:rPr><w:t>一、总体要求</w:t></w:r></w:p>"#,
            r#"<w:p><w:pPr><w:ind w:firstLineChars="200"/></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/><w:sz w:val="32"/></w:rPr><w:t>正文&amp;&lt;段落&gt;。</w:t></w:r></w:p>"#,
            "<w:sectPr/>"
        )
    );
}

#[test]
fn the_attachment_table_is_as_wide_as_its_sections_type_area_and_adds_its_styles() {
    let landscape = r#"<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="1588" w:right="2098" w:bottom="1474" w:left="1984" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>"#;
    let body = format!(r#"<w:p><w:r><w:t>{{{{ attachment_table }}}}</w:t></w:r></w:p>{landscape}"#);
    let out = filled(package(&body, &[]));
    let doc = &out["word/document.xml"];
    let tree = roxmltree::Document::parse(doc).expect("well-formed");
    let widths: i32 = tree
        .descendants()
        .filter(|n| n.tag_name().name() == "gridCol")
        .filter_map(|n| {
            n.attributes()
                .find(|a| a.name() == "w")
                .map(|a| a.value().parse::<i32>().expect("number"))
        })
        .sum();
    assert_eq!(widths, 16838 - 2098 - 1984);
    assert!(doc.contains("<w:tblHeader/>"));
    assert!(
        body_of(doc).ends_with(&format!("</w:tbl><w:p/>{landscape}")),
        "{doc}"
    );
    let styles = &out["word/styles.xml"];
    assert!(styles.contains(r#"w:styleId="GongwenCell""#));
    assert!(styles.contains(r#"w:styleId="GongwenProgressTable""#));
    assert!(styles.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?><w:styles"#));
    roxmltree::Document::parse(styles).expect("well-formed");
}

#[test]
fn text_boxes_in_choice_and_fallback_and_headers_are_filled_alike() {
    let boxed = |inner: &str| {
        format!(
            r#"<w:txbxContent><w:p><w:r><w:rPr><w:color w:val="FF0000"/></w:rPr><w:t>{inner}</w:t></w:r></w:p></w:txbxContent>"#
        )
    };
    let header = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:hdr {NS} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>{}</w:drawing></mc:Choice><mc:Fallback><w:pict>{}</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p></w:hdr>"#,
        boxed("{{ number }}"),
        boxed("{{ number }}")
    );
    let footer = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:ftr {NS}><w:p><w:r><w:t xml:space="preserve">— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>"#
    );
    let body = r#"<w:p/><w:sectPr><w:headerReference w:type="first" r:id="rId2"/><w:footerReference w:type="default" r:id="rId3"/><w:titlePg/></w:sectPr>"#;
    let bytes = package(
        body,
        &[
            ("word/header1.xml", "header", header.clone()),
            ("word/footer1.xml", "footer", footer.clone()),
        ],
    );
    let out = filled(bytes.clone());
    assert_eq!(
        out["word/header1.xml"],
        header.replace("<w:t>{{ number }}</w:t>", "<w:t>某发〔2026〕1号</w:t>")
    );
    assert_eq!(out["word/footer1.xml"], footer);
    assert_eq!(
        out["word/document.xml"],
        parts_of(&bytes)["word/document.xml"]
    );
}

#[test]
fn untouched_parts_keep_their_stored_bytes_and_the_entries_their_order() {
    let header = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:hdr {NS}><w:p><w:r><w:t>{{{{ number }}}}</w:t></w:r></w:p></w:hdr>"#
    );
    let footer = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:ftr {NS}><w:p><w:r><w:t>页脚</w:t></w:r></w:p></w:ftr>"#
    );
    let bytes = package(
        "<w:p/>",
        &[
            ("word/header1.xml", "header", header),
            ("word/footer1.xml", "footer", footer),
        ],
    );
    let out = template(bytes.clone())
        .fill(&notice(), &context())
        .expect("fills");
    let mut a = zip::ZipArchive::new(Cursor::new(&bytes[..])).expect("zip");
    let mut b = zip::ZipArchive::new(Cursor::new(&out[..])).expect("zip");
    assert_eq!(a.len(), b.len());
    for i in 0..a.len() {
        let (mut x, mut y) = (a.by_index_raw(i).expect("a"), b.by_index_raw(i).expect("b"));
        assert_eq!(x.name().expect("name"), y.name().expect("name"));
        let (mut xs, mut ys) = (Vec::new(), Vec::new());
        x.read_to_end(&mut xs).expect("read");
        y.read_to_end(&mut ys).expect("read");
        let name = x.name().expect("name").into_owned();
        assert_eq!(xs == ys, name != "word/header1.xml", "{name}");
        let kept = x.last_modified() == y.last_modified();
        assert_eq!(kept, name != "word/header1.xml", "{name}");
    }
    let again = template(bytes).fill(&notice(), &context()).expect("fills");
    assert_eq!(out, again, "the same inputs give the same bytes");
}

#[test]
fn every_problem_is_reported_with_its_part_paragraph_and_tag() {
    let p = |text: &str| format!(r#"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"#);
    let body = [
        p("{{ numbr }}"),
        p("{{ contact.nmae }}"),
        p("文号：｛｛ number ｝｝"),
        p("{% for r in rows %}"),
        p("{{ title"),
    ]
    .concat();
    let found = problems(package(&body, &[]));
    assert!(found.contains(&"红头.docx!word/document.xml: paragraph 1 `{{ numbr }}`: unknown variable numbr (the variables are listed by `gongwen help job` and in docs/templates.md)".to_string()), "{found:#?}");
    assert!(
        found
            .iter()
            .any(|f| f.contains("paragraph 3") && f.contains("full-width")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.contains("paragraph 4 `{% for r in rows %}`: no {% endfor %}")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.contains("paragraph 5") && f.contains("not closed")),
        "{found:#?}"
    );
    // The unknown variables are found once the blocks balance.
    let found = problems(package(
        &[p("{{ numbr }}"), p("{{ contact.nmae }}")].concat(),
        &[],
    ));
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[1].contains("paragraph 2 `{{ contact.nmae }}`: unknown variable contact.nmae"),
        "{found:#?}"
    );
}

#[test]
fn unbalanced_blocks_name_both_ends() {
    let p = |text: &str| format!(r#"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"#);
    let found = problems(package(
        &[
            p("{%p for r in rows %}"),
            p("{{ r.task }}"),
            p("{%p endif %}"),
        ]
        .concat(),
        &[],
    ));
    assert!(found.iter().any(|f| f.contains("paragraph 3 `{%p endif %}`: it does not match the block opened by `{%p for r in rows %}` in paragraph 1")), "{found:#?}");
    let found = problems(package(
        &[p("{% if signer %}签发人"), p("{{ signer }}{% endif %}")].concat(),
        &[],
    ));
    assert!(found.iter().any(|f| f.contains("paragraph 2 `{% endif %}`: it and `{% if signer %}` in paragraph 1 are not at one level")), "{found:#?}");
}

#[test]
fn a_tag_that_straddles_a_field_is_an_error() {
    let body = r#"<w:p><w:r><w:t>{{ num</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>ber }}</w:t></w:r></w:p>"#;
    let found = problems(package(body, &[]));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains("paragraph 1 `{{ number }}`: the tag straddles"),
        "{found:#?}"
    );
}

#[test]
fn quotes_typed_by_word_count_as_ascii() {
    let body = r#"<w:p><w:r><w:t>{{ “甲” if urgency == “特急” else ‘乙’ }}</w:t></w:r></w:p>"#;
    let out = filled(package(body, &[]));
    assert_eq!(texts(&out["word/document.xml"]), "甲");
}

#[test]
fn footnotes_and_table_cells_are_filled_too() {
    let footnotes = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:footnotes {NS}><w:footnote w:id="1"><w:p><w:r><w:t>联系人：{{{{ contact.name }}}}</w:t></w:r></w:p></w:footnote></w:footnotes>"#
    );
    let body = r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>签发人：{{ signer }}</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/>"#;
    let out = filled(package(
        body,
        &[("word/footnotes.xml", "footnotes", footnotes)],
    ));
    assert_eq!(texts(&out["word/footnotes.xml"]), "联系人：丁志永");
    assert_eq!(texts(&out["word/document.xml"]), "签发人：张三");
}

#[test]
fn values_take_full_width_punctuation_unless_kept_as_typed() {
    let body = r#"<w:p><w:r><w:t>{{ signer }}</w:t></w:r></w:p>"#;
    let context = minijinja::context! { signer => "张三(办公室),李四" };
    let t = template(package(body, &[]));
    let tidy = parts_of(&t.fill(&notice(), &context).expect("fills"));
    assert_eq!(texts(&tidy["word/document.xml"]), "张三（办公室），李四");
    let kept = ComposeOptions {
        tidy_punctuation: false,
    };
    let typed = parts_of(&t.fill_with(&notice(), &context, kept).expect("fills"));
    assert_eq!(texts(&typed["word/document.xml"]), "张三(办公室),李四");
}

#[test]
fn a_paragraph_that_goes_keeps_its_named_bookmarks() {
    let body = r#"<w:p><w:bookmarkStart w:id="3" w:name="签发人"/><w:r><w:t>{%p if signer %}</w:t></w:r></w:p><w:p><w:r><w:t>{{ signer }}</w:t></w:r></w:p><w:p><w:r><w:t>{%p endif %}</w:t></w:r><w:bookmarkEnd w:id="3"/></w:p><w:sectPr/>"#;
    let out = filled(package(body, &[]));
    assert_eq!(
        body_of(&out["word/document.xml"]),
        r#"<w:bookmarkStart w:id="3" w:name="签发人"/><w:p><w:r><w:t>张三</w:t></w:r></w:p><w:bookmarkEnd w:id="3"/><w:sectPr/>"#
    );
}

#[test]
fn finishing_reads_attribute_values_as_values_and_closes_emptied_cells() {
    let done =
        |xml: &str| finish(xml.to_string(), &[]).map(|b| String::from_utf8(b).expect("utf-8"));
    // A `>` or `</w:tc>` inside a quoted value is no tag; a cell a loop
    // left without a paragraph gets one.
    let xml = r#"<w:tbl><w:tr><w:tc><w:tcPr a="x>y" b='</w:tc>'/></w:tc></w:tr></w:tbl>"#;
    assert_eq!(
        done(xml).expect("nests"),
        r#"<w:tbl><w:tr><w:tc><w:tcPr a="x>y" b='</w:tc>'/><w:p/></w:tc></w:tr></w:tbl>"#
    );
    let kept = r#"<w:tc><w:p><w:r><w:t xml:space="preserve">a&gt;b</w:t></w:r></w:p></w:tc>"#;
    assert_eq!(done(kept).expect("nests"), kept);
    assert_eq!(
        done(r#"<w:tc><w:p a="never closed></w:p></w:tc>"#),
        Err("unclosed start tag".to_string())
    );
    assert_eq!(done("<w:tc><w:p>"), Err("<w:p> is not closed".to_string()));
    assert!(done("<w:tc></w:p>").is_err());
}

#[test]
fn blocks_are_spliced_in_for_their_markers_and_count_as_what_they_end_with() {
    let blocks = vec![
        b"<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>".to_vec(),
        b"<w:p><w:r><w:t>\xe6\xad\xa3\xe6\x96\x87</w:t></w:r></w:p>".to_vec(),
    ];
    let done =
        |xml: &str| finish(xml.to_string(), &blocks).map(|b| String::from_utf8(b).expect("utf-8"));
    // A table last in a cell, or before the body's section properties,
    // takes a paragraph after it; paragraphs last need none.
    assert_eq!(
        done("<w:tc>\u{1}0\u{2}</w:tc>").expect("nests"),
        "<w:tc><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl><w:p/></w:tc>"
    );
    assert_eq!(
        done("<w:body>\u{1}1\u{2}\u{1}0\u{2}<w:sectPr/></w:body>").expect("nests"),
        "<w:body><w:p><w:r><w:t>正文</w:t></w:r></w:p>\
         <w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl><w:p/><w:sectPr/></w:body>"
    );
    assert_eq!(
        done("<w:tc>\u{1}0\u{2}\u{1}1\u{2}</w:tc>").expect("nests"),
        "<w:tc><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl><w:p><w:r><w:t>正文</w:t></w:r></w:p></w:tc>"
    );
    assert!(done("<w:tc>\u{1}7\u{2}</w:tc>").is_err());
}

#[test]
fn a_value_shaped_like_a_block_marker_stays_a_value() {
    // Characters XML cannot hold are taken out of values, so a value can
    // never be read as the marker of a block.
    let body = r#"<w:p><w:r><w:t>{{ attachment_table }}</w:t></w:r></w:p><w:p><w:r><w:t>{{ "\u00010\u0002" }}</w:t></w:r></w:p>"#;
    let doc = &filled(package(body, &[]))["word/document.xml"];
    assert_eq!(doc.matches("<w:tbl>").count(), 1, "{doc}");
    assert!(doc.contains("<w:t>0</w:t>"), "{doc}");
}

#[test]
fn a_tag_that_cannot_be_read_is_reported_once() {
    let body = r#"<w:p><w:r><w:t>{{ "\u{1}" }}</w:t></w:r></w:p><w:p><w:r><w:t>{{ number }}</w:t></w:r></w:p>"#;
    let found = problems(package(body, &[]));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("paragraph 1"), "{found:?}");
}

#[test]
fn a_template_holding_a_marker_character_gets_its_blocks_written_inline() {
    // A damaged part holding a character no XML may hold cannot mark its
    // blocks: it is planned again with the notice's blocks in its text.
    let body = "<w:p><w:r><w:t>\u{1}旧</w:t></w:r></w:p><w:p><w:r><w:t>{{ body }}</w:t></w:r></w:p><w:p><w:r><w:t>{{ attachment_table }}</w:t></w:r></w:p><w:p><w:r><w:t>{{ number }}</w:t></w:r></w:p>";
    let t = template(package(body, &[]));
    let doc = &parts_of(&t.fill(&notice(), &context()).expect("fills"))["word/document.xml"];
    assert!(doc.contains("\u{1}旧"), "{doc}");
    assert!(doc.contains("正文&amp;&lt;段落&gt;。"), "{doc}");
    assert!(doc.contains("任务二"), "{doc}");
    assert!(doc.contains("某发〔2026〕1号"), "{doc}");
    assert!(!doc.contains("{{"), "{doc}");
    let (listed, problems) = t.list(&notice(), &context());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(listed.len(), 3, "{listed:?}");
}

#[test]
fn a_table_made_on_a_second_thread_gives_the_same_bytes() {
    let body = "<w:p><w:r><w:t>{{ number }}</w:t></w:r></w:p><w:p><w:r><w:t>{{ body }}</w:t></w:r></w:p><w:p><w:r><w:t>{{ attachment_table }}</w:t></w:r></w:p>";
    let t = template(package(body, &[]));
    let mut n = notice();
    let page = &mut n.attachments[0];
    page.rows = (0..1500)
        .map(|i| vec![format!("任务{i}"), "推进中".to_string()])
        .collect();
    page.kinds = vec![BodyRow::Task; 1500];
    let options = ComposeOptions::default();
    let alone = t
        .fill_threaded(&n, &context(), options, false)
        .expect("fills");
    let threaded = t
        .fill_threaded(&n, &context(), options, true)
        .expect("fills");
    assert!(alone == threaded, "the two fills differ");
    let doc = &parts_of(&threaded)["word/document.xml"];
    assert!(doc.contains("任务1499"), "the last row is missing");
    assert!(parts_of(&threaded)["word/styles.xml"].contains(STYLE_PREFIX));
}

/// `bytes` (a package) with its entry `name` replaced by `size` bytes of
/// XML, stored, so that the zip declares that size.
fn with_large_part(bytes: &[u8], name: &str, size: usize) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).expect("entry");
        if entry.name().expect("name") != name {
            out.raw_copy_file(entry).expect("copy");
            continue;
        }
        drop(entry);
        out.start_file(name, options(false)).expect("entry");
        let mut xml = b"<?xml version=\"1.0\"?><w:styles>".to_vec();
        xml.resize(size - b"</w:styles>".len(), b' ');
        xml.extend_from_slice(b"</w:styles>");
        out.write_all(&xml).expect("write");
    }
    out.finish().expect("zip").into_inner()
}

#[test]
fn a_part_larger_than_the_limit_is_refused_where_it_is_read() {
    let limit = (MAX_PART_MB << 20) as usize;
    // A header, read when the template is.
    let header = format!(r#"<?xml version="1.0"?><w:hdr {NS}><w:p/></w:hdr>"#);
    let bytes = package("<w:p/>", &[("word/header1.xml", "header", header)]);
    let big = with_large_part(&bytes, "word/header1.xml", limit + 1);
    let e = Template::from_bytes(Path::new("红头.docx"), big).expect_err("refused");
    let said = e.to_string();
    assert!(said.contains("word/header1.xml"), "{said}");
    assert!(said.contains(&MAX_PART_MB.to_string()), "{said}");
    // The styles part, read when the attachment table needs its styles.
    let body = "<w:p><w:r><w:t>{{ attachment_table }}</w:t></w:r></w:p>";
    let big = with_large_part(&package(body, &[]), "word/styles.xml", limit + 1);
    let found = problems(big);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains(&MAX_PART_MB.to_string()), "{found:?}");
    // At the limit, both are read.
    let at = with_large_part(&package(body, &[]), "word/styles.xml", limit);
    assert!(problems(at).is_empty());
}

#[test]
fn a_template_reads_the_rows_only_when_a_tag_names_them() {
    let para = |text: &str| format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>");
    let reads = |body: &str| template(package(body, &[])).reads_rows();
    assert!(!reads(&para("{{ number }}")));
    assert!(!reads(&format!(
        "{}{}",
        para("{{ number }}"),
        para("{{ attachment_table }}")
    )));
    assert!(reads(&format!(
        "{}{}{}",
        para("{%p for r in rows %}"),
        para("{{ r.task }}"),
        para("{%p endfor %}")
    )));
    assert!(reads(&para("共 {{ rows | length }} 行")));
    assert!(reads(&para("{{ rows[0].task }}")));
    assert!(reads(&para("{{ rows.first.task }}")));
    // In a header too, and when the part cannot be read as one template.
    let header = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {NS}>{}</w:hdr>"#,
        para("{{ rows | length }}")
    );
    assert!(template(package(
        &para("{{ number }}"),
        &[("word/header1.xml", "header", header)]
    ))
    .reads_rows());
    assert!(reads(&para("{% if %}{{ number }}")));
}
