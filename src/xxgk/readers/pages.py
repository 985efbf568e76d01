"""Page contents into the blocks of a Document: running headers and page numbers dropped, lines
joined into paragraphs, and tables and paragraphs cut by a page break glued back together.
Shared by the PDF reader and the OCR reader.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from xxgk.document import Block, Paragraph, Where
from xxgk.readers.geometry import SNAP, Line, PageContent, TablePart, join_text, part_to_table, round_box

# --------------------------------------------------------------------------- tables across pages


def _map_columns(src: list[float], dst: list[float]) -> list[int] | None:
    """Index in dst of each boundary of src, or None when src is not a subset of dst (two
    boundaries of src near one of dst are not a subset: they would make a zero-width column)."""
    out = []
    for x in src:
        k = min(range(len(dst)), key=lambda i: abs(dst[i] - x))
        if abs(dst[k] - x) > 2 * SNAP or (out and k <= out[-1]):
            return None
        out.append(k)
    return out


def _remap(part: TablePart, cmap: list[int], xs: list[float]) -> None:
    for reg in part.regions:
        reg.c0, reg.c1 = cmap[reg.c0], cmap[reg.c1]
    part.xs = xs


def _row_signature(part: TablePart, k: int) -> list[tuple[int, int, int, int, str]] | None:
    """The regions making up rows 0..k-1, or None when a region crosses row k."""
    sig = []
    for reg in part.regions:
        if reg.r0 < k < reg.r1:
            return None
        if reg.r1 <= k:
            sig.append((reg.r0, reg.r1, reg.c0, reg.c1, re.sub(r"\s+", "", reg.text)))
    return sorted(sig)


def continue_table(prev: TablePart, new: TablePart) -> bool:
    """Append `new` (at the top of a page) to `prev` (at the end of the page before) when it is
    the same table going on: same outer edges, and the column lines of one a subset of the
    other's. A repeated header is dropped. An empty cell at the top that lines up with a cell
    ending at the bottom of the page before, one of them spanning several rows, is the rest of
    that merged label cell (三、本年度办理结果 cut by the page break)."""
    if abs(prev.bbox[0] - new.bbox[0]) > 2 * SNAP or abs(prev.bbox[2] - new.bbox[2]) > 2 * SNAP:
        return False
    if prev.ncols == new.ncols:
        cmap_new: list[int] | None = list(range(len(new.xs)))
        xs = prev.xs
    else:
        cmap_new, xs = _map_columns(new.xs, prev.xs), prev.xs
    if cmap_new is None:
        cmap_prev = _map_columns(prev.xs, new.xs)
        if cmap_prev is None:
            return False
        _remap(prev, cmap_prev, new.xs)
        cmap_new, xs = list(range(len(new.xs))), new.xs
    _remap(new, cmap_new, xs)

    drop = 0
    for k in range(min(len(new.rows) - 1, len(prev.rows) - 1, 6), 0, -1):
        a, b = _row_signature(prev, k), _row_signature(new, k)
        if a is not None and a == b and any(s[4] for s in a):
            drop = k
            break
    regions = [r for r in new.regions if r.r0 >= drop]
    for r in regions:
        r.r0 -= drop
        r.r1 -= drop
    rows = new.rows[drop:]
    printed = [prev.printed[-1] + n for n in new.printed[drop:]]

    base = len(prev.rows)
    ends = {(r.c0, r.c1): r for r in prev.regions if r.r1 == base}
    for r in list(regions):
        if r.r0 != 0 or r.text.strip():
            continue
        above = ends.get((r.c0, r.c1))
        if above is not None and (above.r1 - above.r0 >= 2 or r.r1 - r.r0 >= 2):
            above.r1 = base + r.r1
            regions.remove(r)
    for r in regions:
        r.r0 += base
        r.r1 += base
    prev.regions.extend(regions)
    prev.regions.sort(key=lambda r: (r.r0, r.c0))
    prev.rows.extend(rows)
    prev.printed.extend(printed)
    return True


# --------------------------------------------------------------------------- document passes

_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－_~·•]*(第\s*)?\d{1,3}(\s*页)?([\s,，/／]*(共\s*)?\d{1,3}\s*页?)?[\s\-—–－_~·•]*$"
    r"|^[-—–－\s]*[Pp]age\s*\d+(\s*of\s*\d+)?[-—–－\s]*$"
)


def _drop_headers_footers(pages: list[PageContent]) -> None:
    band = 0.12
    keyed: Counter[tuple[str, int]] = Counter()
    text_pages = [p for p in pages if p.blocks is None]
    for p in text_pages:
        seen = set()
        for ln in p.lines:
            if ln.bottom < p.height * band or ln.top > p.height * (1 - band):
                seen.add((re.sub(r"\d+", "#", ln.text), round(ln.top / 4)))
        keyed.update(seen)
    repeated = {k for k, n in keyed.items() if n >= 3 and n >= 0.5 * len(text_pages)}
    for p in text_pages:
        kept = []
        for ln in p.lines:
            in_band = ln.bottom < p.height * band or ln.top > p.height * (1 - band)
            if in_band and (
                _PAGE_NUMBER.match(ln.text) or (re.sub(r"\d+", "#", ln.text), round(ln.top / 4)) in repeated
            ):
                continue
            kept.append(ln)
        p.lines = kept


@dataclass(slots=True)
class _Para:
    para: Paragraph
    flush_start: bool  # first line starts at the left margin (no indent)
    full_end: bool  # last line runs to the right margin (the sentence may go on)
    size: float


def _paragraphs(page: PageContent) -> list[tuple[float, _Para]]:
    """Lines into paragraphs: a line goes on the one before when it starts at the left margin,
    the one before reaches the right margin, and the font and spacing match."""
    lines = page.lines
    if not lines:
        return []
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    groups: list[list[Line]] = []
    for ln in lines:
        if groups:
            prev = groups[-1][-1]
            size = max(prev.size, ln.size, 1.0)
            height = prev.bottom - prev.top
            if (
                abs(ln.size - prev.size) <= max(0.6, 0.15 * size)
                and ln.x0 - left <= 0.8 * size
                and right - prev.x1 <= 1.5 * size
                and 0 <= ln.top - prev.bottom <= 1.2 * max(height, size)
            ):
                groups[-1].append(ln)
                continue
        groups.append([ln])
    out = []
    for g in groups:
        bbox = (min(ln.x0 for ln in g), g[0].top, max(ln.x1 for ln in g), max(ln.bottom for ln in g))
        para = Paragraph(join_text([ln.text for ln in g]), Where(page=page.number, bbox=round_box(bbox)))
        size = max(g[0].size, 1.0)
        flush = g[0].x0 - left <= 0.8 * size
        full = right - g[-1].x1 <= 1.5 * size and len(g) > 1
        out.append((g[0].top, _Para(para, flush, full, size)))
    return out


def _continues(prev: _Para, new: _Para) -> bool:
    """A paragraph cut by a page break: the last page's last paragraph ends on a full line and
    this page's first one starts flush left, in the same font size."""
    return prev.full_end and new.flush_start and abs(prev.size - new.size) <= max(0.6, 0.15 * new.size)


def assemble(pages: list[PageContent]) -> list[Block]:
    """Page contents into blocks in reading order; tables and paragraphs cut by a page break
    are glued back together (the glued block keeps the Where of where it starts).

    Tables are numbered 1, 2, … in reading order over the whole file, a table continued over a
    page break once. Its rows are numbered as printed, on through the continuation: a header
    repeated on the next page (dropped from the grid) still counts, and so does the piece of a
    row the page break cut off. Each cell's page and bbox say exactly where it is printed."""
    _drop_headers_footers(pages)
    items: list[Block | TablePart | _Para] = []
    last_page = 0  # page of items[-1]
    for p in pages:
        if p.blocks is not None:
            items.extend(p.blocks)
            last_page = p.number
            continue
        ordered: list[tuple[float, int, TablePart | _Para]] = [(t.bbox[1], 0, t) for t in p.tables]
        ordered += [(top, 1, para) for top, para in _paragraphs(p)]
        ordered.sort(key=lambda t: (t[0], t[1]))
        for k, (_, _, item) in enumerate(ordered):
            prev = items[-1] if items and last_page == p.number - 1 and k == 0 else None
            if isinstance(item, TablePart) and isinstance(prev, TablePart) and continue_table(prev, item):
                continue
            if isinstance(item, _Para) and isinstance(prev, _Para) and _continues(prev, item):
                prev.para.text = join_text([prev.para.text, item.para.text])
                prev.full_end = item.full_end
                continue
            items.append(item)
        if ordered:
            last_page = p.number
    out: list[Block] = []
    tables = 0
    for it in items:
        if isinstance(it, TablePart):
            tables += 1
            out.append(part_to_table(it, tables))
        elif isinstance(it, _Para):
            out.append(it.para)
        else:
            out.append(it)
    return out
