"""Report -> DOCX in the official layout, by filling the official template itself.

The template (official-template-2021.docx, as published, made in WPS) is copied into the package
and filled in place: its page size, margins, fonts, table grids, merges and fixed layout stay as
published. The title gets the agency and year, each section's placeholder gets its text, every
value cell its number. A 2019 trial-format report keeps the same page and tables 3–4 (with the
single （六）其他处理 row) and gets table 2 rebuilt from the standard in the template's cells."""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Iterable
from functools import cache
from importlib import resources

from lxml import etree

from xxgk.render.layout import (
    TABLE2_GRID,
    cell_text,
    headings,
    signature,
    table2_layout,
    table3_printed_rows,
    title_of,
    version_of,
)
from xxgk.report import Finding, Report
from xxgk.standard.table2 import TABLE2
from xxgk.standard.table3 import ROW_BY_KEY, TABLE3_COLUMNS
from xxgk.standard.table4 import TABLE4_BLOCKS, TABLE4_COLUMNS

TEMPLATE = "official-template-2021.docx"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DRAFT_MARK = "草稿"
TEMPLATE_PLACEHOLDER = "（文字描述）"


def q(tag: str) -> str:
    prefix, _, name = tag.rpartition(":")
    return f"{{{R_NS if prefix == 'r' else W_NS}}}{name}"


@cache
def template_bytes() -> bytes:
    return resources.files("xxgk.render").joinpath(TEMPLATE).read_bytes()


def template_document() -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(template_bytes())) as z:
        return etree.fromstring(z.read("word/document.xml"))


def text_of(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(q("t")))


def _set_text(p: etree._Element, text: str, rpr: etree._Element | None) -> None:
    """Replace a paragraph's runs by one run of `text` with run properties `rpr`."""
    for r in p.findall(q("r")):
        p.remove(r)
    if not text:
        return
    r = etree.SubElement(p, q("r"))
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    t = etree.SubElement(r, q("t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _first_rpr(el: etree._Element) -> etree._Element | None:
    r = el.find(f".//{q('r')}")
    return r.find(q("rPr")) if r is not None else None


class _Cells:
    """Paragraph and run properties of a table's printed cells, taken from a label cell."""

    def __init__(self, label_tc: etree._Element) -> None:
        p = label_tc.find(q("p"))
        self.ppr = copy.deepcopy(p.find(q("pPr")))
        jc = self.ppr.find(q("jc"))
        if jc is None:
            jc = etree.SubElement(self.ppr, q("jc"))
        jc.set(q("val"), "center")
        self.rpr = _first_rpr(label_tc)

    def fill(self, tc: etree._Element, text: str) -> None:
        tcpr = tc.find(q("tcPr"))
        if tcpr.find(q("vAlign")) is None:  # some empty template cells lack it; numbers sit centred
            etree.SubElement(tcpr, q("vAlign")).set(q("val"), "center")
        ps = tc.findall(q("p"))
        for extra in ps[1:]:
            tc.remove(extra)
        p = ps[0]
        old = p.find(q("pPr"))
        if old is not None:
            p.remove(old)
        p.insert(0, copy.deepcopy(self.ppr))
        _set_text(p, text, self.rpr)


def _tcs(tr: etree._Element) -> list[etree._Element]:
    return tr.findall(q("tc"))


def _rows(tbl: etree._Element) -> list[etree._Element]:
    return tbl.findall(q("tr"))


# --- table 2 ------------------------------------------------------------------------------


def _fill_table2_2021(tbl: etree._Element, report: Report) -> None:
    spec = TABLE2["2021"]
    by_label = {r.label: r for r in spec.rows}
    cells = _Cells(_tcs(_rows(tbl)[2])[0])
    for tr in _rows(tbl):
        tcs = _tcs(tr)
        row = by_label.get(text_of(tcs[0]).strip())
        if row is None:
            continue
        for tc, col in zip(tcs[1:], row.columns, strict=True):
            cells.fill(tc, cell_text(report.cell(f"table2.{row.key}.{col}")))


def _grid_widths(tbl: etree._Element) -> list[int]:
    return [int(g.get(q("w"))) for g in tbl.find(q("tblGrid")).findall(q("gridCol"))]


def _build_table2(tbl: etree._Element, report: Report) -> None:
    """Table 2 of another format version, in the template's grid and cells."""
    rows = _rows(tbl)
    group_tr, head_tr = rows[0], rows[1]
    widths = _grid_widths(tbl)
    for tr in rows:
        tbl.remove(tr)
    cells = _Cells(_tcs(rows[2])[0])
    for layout_row in table2_layout(report):
        proto = group_tr if len(layout_row) == 1 and layout_row[0].colspan == TABLE2_GRID else head_tr
        tr = copy.deepcopy(proto)
        for tc in _tcs(tr):
            tr.remove(tc)
        group = proto is group_tr
        first, other = _tcs(proto)[0], _tcs(head_tr)[1]
        col = 0
        for i, lc in enumerate(layout_row):
            tc = copy.deepcopy(first if i == 0 else other)
            _span(tc, lc.colspan, sum(widths[col : col + lc.colspan]))
            col += lc.colspan
            if group:  # the group rows keep their own (shaded, left-aligned) paragraph
                _set_text(tc.find(q("p")), lc.text, _first_rpr(first))
            else:
                cells.fill(tc, lc.text)
            tr.append(tc)
        tbl.append(tr)


def _span(tc: etree._Element, colspan: int, width: int) -> None:
    tcpr = tc.find(q("tcPr"))
    tcpr.find(q("tcW")).set(q("w"), str(width))
    gs = tcpr.find(q("gridSpan"))
    if colspan == 1:
        if gs is not None:
            tcpr.remove(gs)
        return
    if gs is None:
        gs = etree.Element(q("gridSpan"))
        tcpr.insert(1, gs)
    gs.set(q("val"), str(colspan))


# --- table 3 ------------------------------------------------------------------------------

N_VALUES3 = len(TABLE3_COLUMNS)


def _fill_table3(tbl: etree._Element, report: Report) -> None:
    rows = _rows(tbl)
    by_label = {}
    for tr in rows[3:]:
        label = text_of(_tcs(tr)[-N_VALUES3 - 1]).strip()
        by_label[label] = tr
    printed = table3_printed_rows(report)
    if "other_processing" in {r.key for r in printed}:
        _collapse_other(tbl, by_label)
    cells = _Cells(_tcs(rows[3])[0])
    for spec in printed:
        tr = by_label[spec.label]
        for tc, col in zip(_tcs(tr)[-N_VALUES3:], TABLE3_COLUMNS, strict=True):
            cells.fill(tc, cell_text(report.cell(f"table3.{spec.key}.{col.key}")))


def _collapse_other(tbl: etree._Element, by_label: dict[str, etree._Element]) -> None:
    """The trial format's single （六）其他处理 row replaces the three 2021 sub-rows: a copy of
    the （七）总计 row (label across columns 2–3), put where the sub-rows were."""
    total = by_label[ROW_BY_KEY["results_total"].label]
    other = copy.deepcopy(total)
    label_tc = _tcs(other)[-N_VALUES3 - 1]
    _set_text(label_tc.find(q("p")), ROW_BY_KEY["other_processing"].label, _first_rpr(label_tc))
    first_sub = by_label[ROW_BY_KEY["other_overdue_correction"].label]
    first_sub.addprevious(other)
    for key in ("other_overdue_correction", "other_overdue_fee", "other_misc"):
        tbl.remove(by_label.pop(ROW_BY_KEY[key].label))
    by_label[ROW_BY_KEY["other_processing"].label] = other


# --- table 4 ------------------------------------------------------------------------------


def _fill_table4(tbl: etree._Element, report: Report) -> None:
    rows = _rows(tbl)
    cells = _Cells(_tcs(rows[0])[0])
    paths = [f"table4.{b}.{c}" for b in TABLE4_BLOCKS for c in TABLE4_COLUMNS]
    for tc, path in zip(_tcs(rows[-1]), paths, strict=True):
        cells.fill(tc, cell_text(report.cell(path)))


# --- body ---------------------------------------------------------------------------------


def _paragraphs(proto: etree._Element, texts: Iterable[str]) -> list[etree._Element]:
    rpr = _first_rpr(proto)
    out = []
    for text in texts:
        p = copy.deepcopy(proto)
        _set_text(p, text, rpr)
        out.append(p)
    return out


def section_paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _fill_body(body: etree._Element, report: Report, appendix: list[str]) -> None:
    children = list(body)
    paras = [el for el in children if el.tag == q("p")]
    title = next(p for p in paras if text_of(p).strip())
    _set_text(title, title_of(report), _first_rpr(title))
    texts = {s.number: s.text for s in report.sections}
    placeholder = next(p for p in paras if text_of(p).strip() == TEMPLATE_PLACEHOLDER)
    anchor = title.getnext()  # the empty line under the title
    for p in _paragraphs(placeholder, section_paragraphs(texts.get(0, ""))):
        anchor.addnext(p)
        anchor = p
    heads = {text_of(p).strip(): p for p in paras}
    heading_rpr = _first_rpr(heads[headings()[0]])
    for number, heading in enumerate(headings(), start=1):
        head = heads[heading]
        nxt = head.getnext()
        has_placeholder = nxt is not None and text_of(nxt).strip().startswith("（文字描述")
        lines = section_paragraphs(texts.get(number, ""))
        if has_placeholder:
            body.remove(nxt)
        anchor = head
        for p in _paragraphs(placeholder, lines):
            anchor.addnext(p)
            anchor = p
    last = [el for el in body if el.tag == q("p")][-1]
    for p in _paragraphs(placeholder, [line for line in signature(report) if line]):
        ppr = p.find(q("pPr"))
        ppr.find(q("jc")).set(q("val"), "right")
        ind = ppr.find(q("ind"))
        if ind is not None:
            ppr.remove(ind)
        last.addprevious(p)
    if appendix:
        head = copy.deepcopy(heads[headings()[5]])
        _set_text(head, appendix[0], heading_rpr)
        last.addprevious(head)
        for p in _paragraphs(placeholder, appendix[1:]):
            last.addprevious(p)


def findings_appendix(findings: list[Finding]) -> list[str]:
    if not findings:
        return []
    return [f"附：{DRAFT_MARK}核对发现的问题（共{len(findings)}条，改正后方可发布）"] + [
        f"{i}. {f.message}（{f.code}）" for i, f in enumerate(findings, start=1)
    ]


# --- draft watermark ------------------------------------------------------------------------

_HEADER = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="{W_NS}" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">
<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:pict>
<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">
<v:path textpathok="t" o:connecttype="custom"/><v:textpath on="t" fitshape="t"/></v:shapetype>
<v:shape id="xxgkDraftWatermark" type="#_x0000_t136" style="position:absolute;margin-left:0;margin-top:0;width:400pt;height:200pt;rotation:315;z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin" fillcolor="#d9d9d9" stroked="f">
<v:fill opacity=".5"/><v:textpath style="font-family:&quot;宋体&quot;;font-size:1pt" string="{DRAFT_MARK}"/></v:shape>
</w:pict></w:r></w:p></w:hdr>
"""
_HEADER_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
_HEADER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"


def _add_watermark(body: etree._Element, files: dict[str, bytes]) -> None:
    rels = etree.fromstring(files["word/_rels/document.xml.rels"])
    rid = "rIdXxgkDraft"
    rel = etree.SubElement(rels, "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship")
    rel.set("Id", rid)
    rel.set("Type", _HEADER_REL)
    rel.set("Target", "header-draft.xml")
    files["word/_rels/document.xml.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8")
    ct = etree.fromstring(files["[Content_Types].xml"])
    ov = etree.SubElement(ct, "{http://schemas.openxmlformats.org/package/2006/content-types}Override")
    ov.set("PartName", "/word/header-draft.xml")
    ov.set("ContentType", _HEADER_CT)
    files["[Content_Types].xml"] = etree.tostring(ct, xml_declaration=True, encoding="UTF-8")
    files["word/header-draft.xml"] = _HEADER.encode("utf-8")
    sect = body.find(q("sectPr"))
    ref = etree.Element(q("headerReference"))
    ref.set(q("type"), "default")
    ref.set(q("r:id"), rid)
    sect.insert(0, ref)


# --- entry point ----------------------------------------------------------------------------


def render_docx(report: Report, findings: list[Finding] | None = None, draft: bool = False) -> bytes:
    """The report as a .docx in the official template; a draft carries a 草稿 watermark and
    the findings appended after section 六."""
    with zipfile.ZipFile(io.BytesIO(template_bytes())) as z:
        files = {info.filename: z.read(info.filename) for info in z.infolist()}
    root = etree.fromstring(files["word/document.xml"])
    body = root.find(q("body"))
    t2, t3, t4 = body.findall(q("tbl"))
    if version_of(report) == "2021":
        _fill_table2_2021(t2, report)
    else:
        _build_table2(t2, report)
    _fill_table3(t3, report)
    _fill_table4(t4, report)
    _fill_body(body, report, findings_appendix(findings or []) if draft else [])
    if draft:
        _add_watermark(body, files)
    files["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()
