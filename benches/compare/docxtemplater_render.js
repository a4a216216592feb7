// The SheetJS + docxtemplater way of doing what `gongwen render` does: read
// the 台账 with SheetJS, render a docxtemplater template whose table row
// loops over it. Usage: node docxtemplater_render.js progress.xlsx out.docx
const fs = require("fs");
const XLSX = require("xlsx");
const PizZip = require("pizzip");
const Docxtemplater = require("docxtemplater");

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const cell = (t) => `<w:tc><w:p><w:r><w:t xml:space="preserve">${t}</w:t></w:r></w:p></w:tc>`;
const row = (cells) => `<w:tr>${cells.map(cell).join("")}</w:tr>`;
const documentXml =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>` +
  `<w:p><w:r><w:t>{title}</w:t></w:r></w:p><w:tbl>` +
  row(["工作任务", "责任单位", "上半年完成情况", "委内责任科室(单位)"]) +
  row(["{#rows}{a}", "{b}", "{c}", "{d}{/rows}"]) +
  `</w:tbl><w:p/></w:body></w:document>`;

function template() {
  const zip = new PizZip();
  zip.file(
    "[Content_Types].xml",
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
  );
  zip.file(
    "_rels/.rels",
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
  );
  zip.file("word/document.xml", documentXml);
  return zip;
}

const [src, out] = process.argv.slice(2);
const wb = XLSX.readFile(src);
const ws = wb.Sheets[wb.SheetNames[0]];
const table = XLSX.utils.sheet_to_json(ws, { header: 1, defval: "" });
const rows = table.slice(1).map((r) => ({ a: String(r[0]), b: String(r[1]), c: String(r[2]), d: String(r[3]) }));
const doc = new Docxtemplater(template(), { paragraphLoop: true, linebreaks: true });
doc.render({ title: "完成情况表", rows });
fs.writeFileSync(out, doc.getZip().generate({ type: "nodebuffer", compression: "DEFLATE" }));
