"""The six sections, found by ordinal plus keyword in document order."""

from __future__ import annotations

import re

from xxgk.document import Where
from xxgk.extract.layout import Unit
from xxgk.report import Section
from xxgk.standard.sections import SECTIONS
from xxgk.textnorm import label_key

_ARABIC = "123456"


def _heading_rx(number: int) -> re.Pattern[str]:
    cn = SECTIONS[number - 1].ordinal
    arabic = _ARABIC[number - 1]
    return re.compile(rf"(?:(?<![（(一二三四五六七八九十]){cn}|(?<![（(\d]){arabic})\s*[、.．]\s*(?!\d)")


# a heading ends at the first digit or sentence punctuation (flattened text runs straight on)
_HEAD_END = re.compile(r"[\d０-９。；;：:，,\t]|\s{2,}")
_HEADINGS = [_heading_rx(s.number) for s in SECTIONS]


def find_sections(units: list[Unit]) -> list[Section]:
    """Section headings in order; a heading must be followed (within 30 characters) by its keywords."""
    found: list[tuple[int, int, int, str]] = []  # (unit, offset, number, heading)
    ui, off = 0, 0
    for spec, rx in zip(SECTIONS, _HEADINGS, strict=True):
        hit = None
        for i in range(ui, len(units)):
            u = units[i]
            if u.cells is not None and i != ui:
                # a heading inside a table grid is a row label, not a section
                continue
            for m in rx.finditer(u.text, off if i == ui else 0):
                head = _HEAD_END.split(u.text[m.end() : m.end() + 40])[0]
                if spec.keywords.search(label_key(head)) and (u.cells is None):
                    hit = (
                        i,
                        m.start(),
                        spec.number,
                        u.text[m.start() : m.end()].strip() + _trim(head, spec.heading),
                    )
                    break
            if hit:
                break
        if hit:
            found.append(hit)
            ui, off = hit[0], hit[1] + 1
    sections: list[Section] = []
    if found:
        # the preface: what stands before 一、 (the statistics period, the parts listed, …)
        i0, o0 = found[0][0], found[0][1]
        lead = [u.text for u in units[:i0] if u.cells is None] + [units[i0].text[:o0]]
        text = "\n".join(t for t in lead if t.strip())
        if text:
            first = next((u for u in units if u.cells is None), units[0])
            sections.append(Section(0, "", _place(first.where), text))
    for k, (i, o, number, heading) in enumerate(found):
        end_i, end_o = (found[k + 1][0], found[k + 1][1]) if k + 1 < len(found) else (len(units), 0)
        parts: list[str] = []
        for j in range(i, min(end_i + 1, len(units))):
            u = units[j]
            if u.cells is not None:
                continue
            s = o if j == i else 0
            e = end_o if j == end_i else len(u.text)
            if j == end_i and end_o == 0 and j != i:
                break
            parts.append(u.text[s:e])
        where = _place(units[i].where)
        sections.append(Section(number, _clean_heading(heading), where, "\n".join(parts)))
    return sections


def _place(w: Where) -> Where:
    """The heading's place: its line or page, or the DOCX body paragraph (or table cell) it is in."""
    return Where(line=w.line, page=w.page, table=w.table, row=w.row, col=w.col, paragraph=w.paragraph)


_RUN_ON = re.compile(r"第二十条|[（(]本列|行政复议行政诉讼|[（(][一二三四五六]")


def _trim(head: str, standard: str) -> str:
    """The heading alone, where flattened text runs on into the body."""
    head = re.sub(r"\s+", "", head)
    canon = standard.split("、", 1)[1]
    if head.startswith(canon):
        return canon
    cut = _RUN_ON.search(head, 2)
    return head[: cut.start()] if cut else head[:30]


def _clean_heading(h: str) -> str:
    return re.sub(r"\s+", "", h)[:40]
