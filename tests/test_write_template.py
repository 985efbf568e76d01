"""The rendered DOCX against the official template copied into the package: page size and
margins, fonts and sizes, every table's grid (gridCol widths), merges (gridSpan / vMerge per
cell) and fixed layout; the template's labels against the standard; and the logical layout the
HTML, Markdown and workbook draw from against the template's merges."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from conftest import CORPUS, SEEDS
from lxml import etree

from xxgk.render.docx import q, template_bytes, text_of
from xxgk.render.layout import GRID_WIDTHS, layouts
from xxgk.standard.sections import SECTIONS
from xxgk.standard.table2 import TABLE2
from xxgk.standard.table3 import NOTE, table3_rows
from xxgk.write import check, prepare, render_bytes


def document(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml"))


def W(el: etree._Element, name: str) -> str | None:
    return el.get(q(name))


def page(doc: etree._Element) -> tuple:
    sect = doc.find(f"{q('body')}/{q('sectPr')}")
    size, mar = sect.find(q("pgSz")), sect.find(q("pgMar"))
    return (W(size, "w"), W(size, "h")), tuple(W(mar, k) for k in ("top", "right", "bottom", "left"))


def tables(doc: etree._Element) -> list[etree._Element]:
    return doc.find(q("body")).findall(q("tbl"))


def grid(tbl: etree._Element) -> list[str]:
    return [W(g, "w") for g in tbl.find(q("tblGrid")).findall(q("gridCol"))]


def merges(tbl: etree._Element) -> list[list[tuple]]:
    """Per row, per cell: (gridSpan, vMerge, width)."""
    out = []
    for tr in tbl.findall(q("tr")):
        row = []
        for tc in tr.findall(q("tc")):
            pr = tc.find(q("tcPr"))
            gs, vm = pr.find(q("gridSpan")), pr.find(q("vMerge"))
            row.append(
                (
                    W(gs, "val") if gs is not None else "1",
                    (W(vm, "val") or "continue") if vm is not None else None,
                    W(pr.find(q("tcW")), "w"),
                )
            )
        out.append(row)
    return out


def run_fonts(el: etree._Element) -> set[tuple]:
    """(eastAsia font, size, bold) of every run that prints text."""
    out = set()
    for r in el.iter(q("r")):
        if not text_of(r).strip():
            continue
        pr = r.find(q("rPr"))
        font, sz = pr.find(q("rFonts")), pr.find(q("sz"))
        out.add((W(font, "eastAsia"), W(sz, "val") if sz is not None else None, pr.find(q("b")) is not None))
    return out


TEMPLATE = document(template_bytes())


def truth(name: str) -> dict:
    return json.loads(next(p for d in (SEEDS, CORPUS) for p in d.glob(name)).read_text())


@pytest.fixture(scope="module")
def rendered_2021() -> etree._Element:
    given = prepare(truth("006_pingtan_2021.truth.json"))
    return document(render_bytes(given.report, ".docx"))


@pytest.fixture(scope="module")
def rendered_2019() -> etree._Element:
    given = prepare(truth("014_shanghai-szfbgt_2019.truth.json"))
    return document(render_bytes(given.report, ".docx"))


def test_template_is_the_published_one():
    assert page(TEMPLATE) == (("11906", "16838"), ("1440", "1800", "1440", "1800"))  # A4, WPS defaults
    assert [grid(t) for t in tables(TEMPLATE)] == [
        ["2435"] * 4,
        ["754", "921", "3271"] + ["685"] * 7,
        ["649"] * 7 + ["650"] * 8,
    ]
    # the printable page's column widths are the template's
    assert [[str(w) for w in GRID_WIDTHS[t]] for t in ("table2", "table3", "table4")] == [
        grid(t) for t in tables(TEMPLATE)
    ]


def test_printable_page_uses_the_template_grid():
    given = prepare(truth("006_pingtan_2021.truth.json"))
    page_html = render_bytes(given.report, ".html").decode()
    assert page_html.count("<colgroup>") == 3
    assert f'<col style="width:{100 * 3271 / 9741:.2f}%">' in page_html  # 3.属… label column of table 3
    assert "@page { size: A4; margin: 2.54cm 3.17cm; }" in page_html


def test_page_fonts_grids_and_merges_match_the_template(rendered_2021):
    assert page(rendered_2021) == page(TEMPLATE)
    for got, want in zip(tables(rendered_2021), tables(TEMPLATE), strict=True):
        assert grid(got) == grid(want)
        assert merges(got) == merges(want)
        layout = got.find(q("tblPr")).find(q("tblLayout"))
        assert W(layout, "type") == "fixed"
        # every font/size/bold printed in a table is one the template's labels use
        assert run_fonts(got) <= run_fonts(want)
        assert run_fonts(got) >= {("宋体", "20", False)}
    assert ("楷体", "20", False) in run_fonts(tables(rendered_2021)[1])  # the identity note


def test_headings_and_title_as_in_the_template(rendered_2021):
    body = rendered_2021.find(q("body"))
    paras = {text_of(p).strip(): p for p in body.findall(q("p"))}
    for spec in SECTIONS:
        assert run_fonts(paras[spec.heading]) == run_fonts(
            next(p for p in TEMPLATE.find(q("body")).findall(q("p")) if text_of(p).strip() == spec.heading)
        )
    title = paras["平潭综合实验区2021年政府信息公开工作年度报告"]
    assert run_fonts(title) == {("宋体", "36", True)}


def test_trial_format_keeps_the_page_and_tables_3_and_4(rendered_2019):
    assert page(rendered_2019) == page(TEMPLATE)
    t2, t3, t4 = tables(rendered_2019)
    assert grid(t2) == grid(tables(TEMPLATE)[0])
    assert merges(t4) == merges(tables(TEMPLATE)[2])
    rows3 = t3.findall(q("tr"))
    assert len(rows3) == 3 + len(table3_rows("2019"))
    # 三、本年度办理结果 spans 20 rows: one restart and 19 continues in the first grid column
    first = [m[0][1] for m in merges(t3)[5:-1]]
    assert first == ["restart"] + ["continue"] * 19
    other = next(r for r in rows3 if "（六）其他处理" in text_of(r))
    assert merges(t3)[rows3.index(other)][1][0] == "2"  # label across columns 2–3
    assert text_of(t2).count("第二十条第（九）项") == 1 and "采购总金额" in text_of(t2)
    # group rows keep the template's shaded group cell
    group_shading = tables(TEMPLATE)[0].findall(q("tr"))[0].find(f".//{q('shd')}")
    for tr in t2.findall(q("tr")):
        if text_of(tr).startswith("第二十条"):
            assert etree.tostring(tr.find(f".//{q('shd')}")) == etree.tostring(group_shading)


def test_template_labels_are_the_standards():
    t2, t3, _ = tables(TEMPLATE)
    labels2 = {text_of(tr.findall(q("tc"))[0]).strip() for tr in t2.findall(q("tr"))}
    assert {r.label for r in TABLE2["2021"].rows} <= labels2
    assert {r.group for r in TABLE2["2021"].rows} <= labels2
    assert {c for c in TABLE2["2021"].columns.values()} <= {
        text_of(tc).strip() for tr in t2.findall(q("tr")) for tc in tr.findall(q("tc"))
    }
    data_rows = t3.findall(q("tr"))[3:]
    assert [text_of(tr.findall(q("tc"))[-8]).strip() for tr in data_rows] == [
        r.label for r in table3_rows("2021")
    ]
    assert text_of(t3.findall(q("tr"))[0].findall(q("tc"))[0]).strip() == NOTE


def _spans_from_docx(tbl: etree._Element) -> list[list[tuple[int, int]]]:
    """(colspan, rowspan) of every cell that starts a merge, row by row."""
    rows = tbl.findall(q("tr"))
    col_of: list[list[int]] = []
    for tr in rows:
        c, cols = 0, []
        for tc in tr.findall(q("tc")):
            cols.append(c)
            gs = tc.find(q("tcPr")).find(q("gridSpan"))
            c += int(W(gs, "val")) if gs is not None else 1
        col_of.append(cols)
    out = []
    for i, tr in enumerate(rows):
        row = []
        for j, tc in enumerate(tr.findall(q("tc"))):
            pr = tc.find(q("tcPr"))
            vm = pr.find(q("vMerge"))
            if vm is not None and W(vm, "val") != "restart":
                continue
            gs = pr.find(q("gridSpan"))
            span = 1
            if vm is not None:
                k = i + 1
                while k < len(rows):
                    below = [
                        t
                        for t, c in zip(rows[k].findall(q("tc")), col_of[k], strict=True)
                        if c == col_of[i][j]
                    ]
                    vmb = below[0].find(q("tcPr")).find(q("vMerge")) if below else None
                    if vmb is None or W(vmb, "val") == "restart":
                        break
                    span, k = span + 1, k + 1
            row.append((int(W(gs, "val")) if gs is not None else 1, span))
        out.append(row)
    return out


def test_logical_layout_agrees_with_the_template_merges(rendered_2021):
    given = prepare(truth("006_pingtan_2021.truth.json"))
    for tbl, layout in zip(tables(TEMPLATE), layouts(given.report).values(), strict=True):
        assert _spans_from_docx(tbl) == [[(c.colspan, c.rowspan) for c in row] for row in layout]


def test_a_draft_carries_the_watermark_and_the_findings():
    given = prepare(truth("110_pingtan-ziranziyuanshengtaihuanjingju_2021.truth.json"))
    findings = check(given.report)
    data = render_bytes(given.report, ".docx", findings, draft=True)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        header = z.read("word/header-draft.xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert 'string="草稿"' in header and "header-draft.xml" in rels
    text = text_of(document(data))
    assert "附：草稿核对发现的问题" in text
    assert all(f.message in text for f in findings if f.severity == "error")
