"""The openpyxl + docxtpl way of doing what `gongwen render` does: read the
台账 with openpyxl, render a docxtpl template whose table row loops over it.
Usage: docxtpl_render.py progress.xlsx out.docx"""
import sys

import docx
import openpyxl
from docxtpl import DocxTemplate


def template(path):
    d = docx.Document()
    d.add_paragraph("{{ title }}")
    t = d.add_table(rows=4, cols=4)
    for i, name in enumerate(["工作任务", "责任单位", "上半年完成情况", "委内责任科室(单位)"]):
        t.cell(0, i).text = name
    t.cell(1, 0).text = "{%tr for r in rows %}"
    for i, key in enumerate("abcd"):
        t.cell(2, i).text = "{{ r.%s }}" % key
    t.cell(3, 0).text = "{%tr endfor %}"
    d.save(path)


def main():
    src, out = sys.argv[1], sys.argv[2]
    wb = openpyxl.load_workbook(src, read_only=True)
    ws = wb.worksheets[0]
    rows = []
    for i, row in enumerate(ws.iter_rows(values_only=True)):
        if i == 0:
            continue
        rows.append(dict(zip("abcd", ["" if v is None else str(v) for v in row[:4]])))
    tpl_path = out + ".template.docx"
    template(tpl_path)
    tpl = DocxTemplate(tpl_path)
    tpl.render({"title": "完成情况表", "rows": rows})
    tpl.save(out)


main()
