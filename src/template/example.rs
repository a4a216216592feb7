//! The example 红头 template of `docs/templates.md`, made here as Word
//! writes one: its mark in a text box of the first page's header (a
//! DrawingML text box, with a VML one for older readers), the red line as
//! a drawing, tags split over runs by a language switch, spelling marks
//! and Word's `_GoBack` bookmark, a named bookmark and a content control,
//! a task table with two header rows (merged cells) over a one-row loop
//! and a 合计 row, a three-row loop per section, `{%p if %}` blocks for the
//! 版头 elements, a landscape section for the attachment table, and page
//! numbers as PAGE fields in odd and even footers.
//!
//! `cargo run --example make_fixtures` writes it to
//! `fixtures/template-example/红头.docx`; a test checks that the file is
//! what this module makes.

use std::io::{Cursor, Write};

/// The namespaces of the main part, headers and footers, as Word declares
/// them.
const NS: &str = concat!(
    r#"xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" "#,
    r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" "#,
    r#"xmlns:o="urn:schemas-microsoft-com:office:office" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#,
    r#"xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" "#,
    r#"xmlns:v="urn:schemas-microsoft-com:vml" "#,
    r#"xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" "#,
    r#"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" "#,
    r#"xmlns:w10="urn:schemas-microsoft-com:office:word" "#,
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" "#,
    r#"xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" "#,
    r#"xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" "#,
    r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" "#,
    r#"mc:Ignorable="w14 wp14""#
);

/// The writer's DrawingML theme: Word reports a package without one.
const THEME: &str = include_str!("../docx/theme.xml");

const DECL: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

/// 仿宋 3号 (the document default), 黑体, 小标宋.
const FANGSONG: &str = "仿宋_GB2312";
const HEITI: &str = "黑体";
const XBS: &str = "方正小标宋简体";

fn fonts(face: &str) -> String {
    format!(r#"<w:rFonts w:ascii="{face}" w:eastAsia="{face}" w:hAnsi="{face}"/>"#)
}

/// A paragraph of one run.
fn p(ppr: &str, rpr: &str, text: &str) -> String {
    let ppr = if ppr.is_empty() {
        String::new()
    } else {
        format!("<w:pPr>{ppr}</w:pPr>")
    };
    let rpr = if rpr.is_empty() {
        String::new()
    } else {
        format!("<w:rPr>{rpr}</w:rPr>")
    };
    format!("<w:p>{ppr}<w:r>{rpr}<w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

/// A table cell of one paragraph.
fn tc(width: i32, tcpr: &str, ppr: &str, rpr: &str, text: &str) -> String {
    format!(
        r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{tcpr}<w:vAlign w:val="center"/></w:tcPr>{}</w:tc>"#,
        p(ppr, rpr, text)
    )
}

/// The red mark: a text box anchored to the top of the first page's
/// type area, in DrawingML and in VML.
fn mark_box() -> String {
    let content = format!(
        r#"<w:txbxContent><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr>{}<w:color w:val="FF0000"/><w:w w:val="80"/><w:sz w:val="72"/></w:rPr><w:t>{{{{ mark }}}}</w:t></w:r></w:p></w:txbxContent>"#,
        fonts(XBS)
    );
    format!(
        concat!(
            r#"<w:p><w:pPr><w:spacing w:line="240" w:lineRule="auto"/></w:pPr><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>"#,
            r#"<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">"#,
            r#"<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>"#,
            r#"<wp:positionV relativeFrom="page"><wp:posOffset>1969135</wp:posOffset></wp:positionV>"#,
            r#"<wp:extent cx="5615940" cy="720000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>"#,
            r#"<wp:docPr id="1" name="发文机关标志"/><wp:cNvGraphicFramePr/>"#,
            r#"<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/>"#,
            r#"<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="5615940" cy="720000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>"#,
            r#"<wps:txbx>{content}</wps:txbx>"#,
            r#"<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="ctr" anchorCtr="0"><a:noAutofit/></wps:bodyPr>"#,
            r#"</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"#,
            r#"<mc:Fallback><w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>"#,
            r##"<v:shape id="发文机关标志" o:spid="_x0000_s1026" type="#_x0000_t202" style="position:absolute;margin-left:0;margin-top:155.05pt;width:442.2pt;height:56.7pt;z-index:251659264;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical-relative:page" filled="f" stroked="f">"##,
            r#"<v:textbox inset="0,0,0,0">{content}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
        ),
        content = content
    )
}

/// The red line under the 发文字号: a line shape, in DrawingML and VML.
fn red_line() -> String {
    concat!(
        r#"<w:p><w:pPr><w:spacing w:line="240" w:lineRule="auto"/></w:pPr><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>"#,
        r#"<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="251660288" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">"#,
        r#"<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>"#,
        r#"<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>"#,
        r#"<wp:extent cx="5615940" cy="0"/><wp:effectExtent l="0" t="9525" r="0" b="9525"/><wp:wrapNone/>"#,
        r#"<wp:docPr id="2" name="红色分隔线"/><wp:cNvGraphicFramePr/>"#,
        r#"<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvCnPr/>"#,
        r#"<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="5615940" cy="0"/></a:xfrm><a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="19050"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:ln></wps:spPr>"#,
        r#"<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"#,
        r#"<mc:Fallback><w:pict><v:line id="红色分隔线" o:spid="_x0000_s1027" style="position:absolute;z-index:251660288;mso-position-horizontal:center;mso-position-horizontal-relative:margin" from="0,0" to="442.2pt,0" strokecolor="red" strokeweight="1.5pt"/></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
    )
    .to_string()
}

/// The 发文字号 as Word leaves it after some typing: the tag over three
/// runs (the middle one switched to English), a spelling mark and the
/// `_GoBack` bookmark inside, all in a named bookmark.
fn number_paragraph() -> String {
    format!(
        concat!(
            r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:bookmarkStart w:id="0" w:name="发文字号"/>"#,
            r#"<w:r><w:rPr>{f}</w:rPr><w:t>{{{{ nu</w:t></w:r><w:proofErr w:type="spellStart"/>"#,
            r#"<w:r><w:rPr>{f}<w:lang w:val="en-US"/></w:rPr><w:t>mb</w:t></w:r><w:proofErr w:type="spellEnd"/>"#,
            r#"<w:bookmarkStart w:id="1" w:name="_GoBack"/><w:bookmarkEnd w:id="1"/>"#,
            r#"<w:r><w:rPr>{f}</w:rPr><w:t>er }}}}</w:t></w:r><w:bookmarkEnd w:id="0"/></w:p>"#,
        ),
        f = fonts(FANGSONG)
    )
}

/// The task table: 序号 merged down over two header rows, 任务 over two
/// columns, a one-row loop over the tasks and a 合计 row; then a
/// three-row loop, a row per section.
fn task_tables() -> String {
    let head = format!("{}<w:b/>", fonts(HEITI));
    let centre = r#"<w:jc w:val="center"/>"#;
    let grid = r#"<w:tblGrid><w:gridCol w:w="900"/><w:gridCol w:w="5944"/><w:gridCol w:w="2000"/></w:tblGrid>"#;
    let borders = r#"<w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders>"#;
    let tbl_pr = format!(
        r#"<w:tblPr><w:tblW w:w="8844" w:type="dxa"/><w:jc w:val="center"/>{borders}<w:tblLayout w:type="fixed"/></w:tblPr>"#
    );
    let small = r#"<w:sz w:val="24"/>"#;
    let header = format!(
        r#"<w:tr><w:trPr><w:tblHeader/></w:trPr>{}{}</w:tr><w:tr><w:trPr><w:tblHeader/></w:trPr>{}{}{}</w:tr>"#,
        tc(900, r#"<w:vMerge w:val="restart"/>"#, centre, &head, "序号"),
        tc(7944, r#"<w:gridSpan w:val="2"/>"#, centre, &head, "任务"),
        tc(900, "<w:vMerge/>", centre, &head, ""),
        tc(5944, "", centre, &head, "工作任务"),
        tc(2000, "", centre, &head, "责任科室"),
    );
    let looped = format!(
        "<w:tr>{}{}{}</w:tr>",
        tc(
            900,
            "",
            centre,
            small,
            "{% for r in rows %}{{ loop.index }}"
        ),
        tc(5944, "", "", small, "{{ r.task }}"),
        tc(
            2000,
            "",
            centre,
            small,
            "{{ r.sections | join(\"、\") }}{% endfor %}"
        ),
    );
    let total = format!(
        "<w:tr>{}{}</w:tr>",
        tc(900, "", centre, &head, "合计"),
        tc(
            7944,
            r#"<w:gridSpan w:val="2"/>"#,
            "",
            small,
            "共 {{ stats.rows }} 项任务，{{ stats.sections }} 个责任科室"
        ),
    );
    let wide = |text: &str| {
        format!(
            "<w:tr>{}</w:tr>",
            tc(8844, r#"<w:gridSpan w:val="3"/>"#, "", small, text)
        )
    };
    let grid_one = r#"<w:tblGrid><w:gridCol w:w="900"/><w:gridCol w:w="5944"/><w:gridCol w:w="2000"/></w:tblGrid>"#;
    let sections = [
        wide("科室"),
        wide("{%tr for name, count in stats.per_section | items %}"),
        wide("{{ name }}"),
        wide("牵头任务 {{ count }} 项"),
        wide("请于规定时间内报送"),
        wide("{%tr endfor %}"),
    ]
    .concat();
    format!(
        "<w:tbl>{tbl_pr}{grid}{header}{looped}{total}</w:tbl>{}<w:tbl>{tbl_pr}{grid_one}{sections}</w:tbl>",
        p("", "", "")
    )
}

/// `word/document.xml`: with `task_tables`, the two demonstration tables
/// after the 落款.
fn document(task_tables: bool) -> String {
    let f = fonts(FANGSONG);
    let h = fonts(HEITI);
    let xbs = fonts(XBS);
    let indent = r#"<w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/>"#;
    let right = r#"<w:ind w:right="1280"/><w:jc w:val="right"/>"#;
    let signature = format!(
        concat!(
            r#"<w:p><w:pPr>{right}</w:pPr><w:sdt><w:sdtPr><w:alias w:val="署名"/><w:tag w:val="signature"/><w:id w:val="100"/></w:sdtPr>"#,
            r#"<w:sdtContent><w:r><w:rPr>{f}</w:rPr><w:t>{{{{ signature }}}}</w:t></w:r></w:sdtContent></w:sdt></w:p>"#
        ),
        right = right,
        f = f
    );
    let portrait_first = concat!(
        r#"<w:sectPr><w:headerReference w:type="even" r:id="rId6"/><w:headerReference w:type="default" r:id="rId6"/>"#,
        r#"<w:footerReference w:type="even" r:id="rId8"/><w:footerReference w:type="default" r:id="rId7"/>"#,
        r#"<w:headerReference w:type="first" r:id="rId5"/><w:footerReference w:type="first" r:id="rId7"/>"#,
        r#"<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="1304" w:gutter="0"/>"#,
        r#"<w:titlePg/><w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr>"#
    );
    let landscape = concat!(
        r#"<w:sectPr><w:headerReference w:type="even" r:id="rId6"/><w:headerReference w:type="default" r:id="rId6"/>"#,
        r#"<w:footerReference w:type="even" r:id="rId8"/><w:footerReference w:type="default" r:id="rId7"/>"#,
        r#"<w:type w:val="nextPage"/><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>"#,
        r#"<w:pgMar w:top="1588" w:right="2098" w:bottom="1474" w:left="1984" w:header="851" w:footer="992" w:gutter="0"/><w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr>"#
    );
    let last = concat!(
        r#"<w:sectPr><w:headerReference w:type="even" r:id="rId6"/><w:headerReference w:type="default" r:id="rId6"/>"#,
        r#"<w:footerReference w:type="even" r:id="rId8"/><w:footerReference w:type="default" r:id="rId7"/>"#,
        r#"<w:type w:val="nextPage"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="1304" w:gutter="0"/><w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr>"#
    );
    let ends = |ppr: &str, sect: &str| format!("<w:p><w:pPr>{ppr}{sect}</w:pPr></w:p>");
    let imprint_rule = r#"<w:tblBorders><w:top w:val="single" w:sz="8" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:tblBorders>"#;
    let imprint = format!(
        concat!(
            r#"<w:tbl><w:tblPr><w:tblW w:w="8844" w:type="dxa"/>{rule}<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid><w:gridCol w:w="8844"/></w:tblGrid>"#,
            r#"<w:tr><w:tc><w:tcPr><w:tcW w:w="8844" w:type="dxa"/></w:tcPr>{cc}</w:tc></w:tr>"#,
            r#"<w:tr><w:tc><w:tcPr><w:tcW w:w="8844" w:type="dxa"/></w:tcPr>{printer}</w:tc></w:tr></w:tbl>"#
        ),
        rule = imprint_rule,
        cc = p(
            r#"<w:ind w:left="320" w:right="320"/>"#,
            r#"<w:sz w:val="28"/>"#,
            "{% if cc %}抄送：{{ cc | join(\"，\") }}。{% endif %}"
        ),
        printer = format!(
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="right" w:pos="8524"/></w:tabs><w:ind w:left="320" w:right="320"/></w:pPr><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t>{{{{ printer }}}}</w:t></w:r><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:tab/><w:t>{{{{ (printed | cn_date) ~ "印发" if printed else "" }}}}</w:t></w:r></w:p>"#
        ),
    );
    let body = [
        p("", "", "{%p if copy_number %}"),
        p("", &h, "{{ copy_number }}"),
        p("", "", "{%p endif %}"),
        p("", "", "{%p if secrecy %}"),
        p("", &h, "{{ secrecy }}"),
        p("", "", "{%p endif %}"),
        p("", "", "{%p if urgency %}"),
        p("", &h, "{{ urgency }}"),
        p("", "", "{%p endif %}"),
        p("", "", ""),
        p("", "", ""),
        number_paragraph(),
        p("", "", "{%p if signer %}"),
        p(r#"<w:jc w:val="right"/>"#, &f, "签发人：{{ signer }}"),
        p("", "", "{%p endif %}"),
        red_line(),
        p("", "", ""),
        p(
            r#"<w:jc w:val="center"/>"#,
            &format!("{xbs}<w:sz w:val=\"44\"/>"),
            "{{ title }}",
        ),
        p("", "", ""),
        p("", &f, "{{ recipients | join(\"、\") }}："),
        p(indent, &f, "{{ body }}"),
        p("", "", ""),
        p(indent, &f, "附件：{{ attachment_title }}"),
        p("", "", ""),
        signature,
        p(right, &f, "{{ date | cn_date }}"),
        p(
            indent,
            &f,
            "（联系人：{{ contact.name }}，电话：{{ contact.phone }}）",
        ),
        if task_tables {
            self::task_tables()
        } else {
            String::new()
        },
        ends("", portrait_first),
        p("", &h, "附件"),
        p(
            r#"<w:jc w:val="center"/>"#,
            &format!("{xbs}<w:sz w:val=\"44\"/>"),
            "{{ attachment_title }}",
        ),
        p("", "", "{{ attachment_table }}"),
        ends("", landscape),
        p("", "", "{%p if cc or printer %}"),
        imprint,
        p("", "", "{%p endif %}"),
        last.to_string(),
    ]
    .concat();
    format!("{DECL}<w:document {NS}><w:body>{body}</w:body></w:document>")
}

/// A footer: "— N —" as a PAGE field, to the right (odd pages) or left.
fn footer(align: &str) -> String {
    let rpr = format!(r#"<w:rPr>{}<w:sz w:val="28"/></w:rPr>"#, fonts("宋体"));
    format!(
        concat!(
            r#"{decl}<w:ftr {ns}><w:p><w:pPr><w:ind w:left="280" w:right="280"/><w:jc w:val="{align}"/></w:pPr>"#,
            r#"<w:r>{rpr}<w:t xml:space="preserve">— </w:t></w:r><w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>"#,
            r#"<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE   \* MERGEFORMAT </w:instrText></w:r><w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>"#,
            r#"<w:r>{rpr}<w:t>1</w:t></w:r><w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r><w:r>{rpr}<w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>"#
        ),
        decl = DECL,
        ns = NS,
        align = align,
        rpr = rpr
    )
}

/// `word/styles.xml`: 仿宋_GB2312 3号 by default, exact 28.95 pt lines.
fn styles() -> String {
    format!(
        concat!(
            r#"{decl}<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
            r#"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{f}" w:eastAsia="{f}" w:hAnsi="{f}" w:cs="{f}"/><w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>"#,
            r#"<w:pPrDefault><w:pPr><w:spacing w:line="579" w:lineRule="exact"/></w:pPr></w:pPrDefault></w:docDefaults>"#,
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:style>"#,
            r#"<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"#,
            r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#,
            r#"</w:styles>"#
        ),
        decl = DECL,
        f = FANGSONG
    )
}

/// The parts of the package, in order: name and text (`task_tables` as for
/// [`document`]).
fn parts(task_tables: bool) -> Vec<(&'static str, String)> {
    let rel = |id: &str, kind: &str, target: &str| {
        format!(
            r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{target}"/>"#
        )
    };
    let rels_open =
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#;
    let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let types = format!(
        concat!(
            r#"{decl}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
            r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>"#,
            r#"<Override PartName="/word/document.xml" ContentType="{wml}.document.main+xml"/>"#,
            r#"<Override PartName="/word/styles.xml" ContentType="{wml}.styles+xml"/>"#,
            r#"<Override PartName="/word/settings.xml" ContentType="{wml}.settings+xml"/>"#,
            r#"<Override PartName="/word/fontTable.xml" ContentType="{wml}.fontTable+xml"/>"#,
            r#"<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>"#,
            r#"<Override PartName="/word/header1.xml" ContentType="{wml}.header+xml"/>"#,
            r#"<Override PartName="/word/header2.xml" ContentType="{wml}.header+xml"/>"#,
            r#"<Override PartName="/word/footer1.xml" ContentType="{wml}.footer+xml"/>"#,
            r#"<Override PartName="/word/footer2.xml" ContentType="{wml}.footer+xml"/>"#,
            r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#,
            r#"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#,
            r#"</Types>"#
        ),
        decl = DECL,
        wml = wml
    );
    let package_rels = format!(
        "{DECL}{rels_open}{}{}{}</Relationships>",
        rel("rId1", "officeDocument", "word/document.xml"),
        r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#,
        rel("rId3", "extended-properties", "docProps/app.xml"),
    );
    let document_rels = format!(
        "{DECL}{rels_open}{}{}{}{}{}{}{}{}</Relationships>",
        rel("rId1", "styles", "styles.xml"),
        rel("rId2", "settings", "settings.xml"),
        rel("rId3", "fontTable", "fontTable.xml"),
        rel("rId4", "theme", "theme/theme1.xml"),
        rel("rId5", "header", "header1.xml"),
        rel("rId6", "header", "header2.xml"),
        rel("rId7", "footer", "footer1.xml"),
        rel("rId8", "footer", "footer2.xml"),
    );
    let settings = format!(
        r#"{DECL}<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#
    );
    let font = |name: &str, family: &str| {
        format!(
            r#"<w:font w:name="{name}"><w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>"#
        )
    };
    let font_table = format!(
        r#"{DECL}<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{}{}{}{}</w:fonts>"#,
        font(FANGSONG, "modern"),
        font(HEITI, "modern"),
        font(XBS, "script"),
        font("宋体", "auto"),
    );
    let first_header = format!("{DECL}<w:hdr {NS}>{}</w:hdr>", mark_box());
    let header =
        format!("{DECL}<w:hdr {NS}><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr></w:p></w:hdr>");
    let core = format!(
        r#"{DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>红头模板示例</dc:title><dc:creator>gongwen</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created></cp:coreProperties>"#
    );
    let app = format!(
        r#"{DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>gongwen</Application></Properties>"#
    );
    vec![
        ("[Content_Types].xml", types),
        ("_rels/.rels", package_rels),
        ("docProps/core.xml", core),
        ("docProps/app.xml", app),
        ("word/document.xml", document(task_tables)),
        ("word/_rels/document.xml.rels", document_rels),
        ("word/styles.xml", styles()),
        ("word/settings.xml", settings),
        ("word/fontTable.xml", font_table),
        ("word/theme/theme1.xml", THEME.to_string()),
        ("word/header1.xml", first_header),
        ("word/header2.xml", header),
        ("word/footer1.xml", footer("right")),
        ("word/footer2.xml", footer("left")),
    ]
}

/// The example template's bytes: the same every time.
pub fn red_header() -> Vec<u8> {
    package(parts(true))
}

/// The example template without its two demonstration tables: a plain
/// 文件红头 holding what the built-in layout puts on its pages (版头, body,
/// 落款, the attachment table, 版记), against which a fill is timed
/// (`benches/run.sh`). `cargo run --example make_fixtures` writes it to
/// `fixtures/template-example/发文红头.docx`.
pub fn plain_red_header() -> Vec<u8> {
    package(parts(false))
}

/// `parts` zipped, stamped 1980-01-01.
fn package(parts: Vec<(&'static str, String)>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in parts {
        let options = zip::write::SimpleFileOptions::default()
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644)
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(6));
        // A zip in memory cannot fail to take an entry.
        if zip.start_file(name, options).is_err() || zip.write_all(text.as_bytes()).is_err() {
            return Vec::new();
        }
    }
    zip.finish().map(Cursor::into_inner).unwrap_or_default()
}
