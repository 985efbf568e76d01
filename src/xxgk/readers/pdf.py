"""PDF with a text layer.

Characters, lines and rectangles come from PDFium (pypdfium2, which pdfplumber brings along) or,
with BACKEND = "pdfplumber", from pdfplumber/pdfminer: the same facts and the same Document, but
pdfminer parses content streams in pure Python, about 7x slower on the WPS files of the corpus
(measured 7.7 against 53 pages/s). Tables are rebuilt from the ruling lines the PDF draws (stroked lines, stroked rectangles and
hairline filled rectangles; white cell backgrounds are not rulings), merged cells wherever a
line between two grid cells is missing. Characters are placed in cells by their centres, so
labels that wrap inside a cell and vertical one-character-per-line labels join up. Text
outside tables becomes Paragraphs, wrapped lines joined. Page numbers and running headers are
dropped. A table cut by a page break is glued back together. Pages with no text layer go to
the OCR reader when it is installed.

Coordinates are PDF points, origin at the top-left of the page: bbox = (x0, top, x1, bottom).
The grid builder here (`build_table_parts`) is shared with the OCR reader, which feeds it
lines found in the image and OCR text boxes instead.
"""

from __future__ import annotations

import bisect
import math
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from xxgk import errors
from xxgk.document import Block, Cell, Document, Paragraph, Table, Where

MAX_PAGES = 300
TIME_BUDGET_S = 120.0

# Geometry tolerances, in points.
SNAP = 2.5  # lines closer than this are one line
JOIN = 3.0  # collinear segments with a gap up to this are one segment
TOUCH = 3.0  # a horizontal and a vertical line this close meet
COVER = 0.5  # a boundary is ruled when lines cover at least this share of it


# --------------------------------------------------------------------------- glyphs and lines


@dataclass(slots=True)
class Glyph:
    """A piece of text with a box: one PDF character, or one character recognised by OCR."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    upright: bool = True
    conf: float | None = None
    group: int | None = None  # OCR text box it came from: never split by an inserted space

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Line:
    glyphs: list[Glyph]
    text: str = ""
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    conf: float | None = None


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        o >= 0x2E80  # CJK radicals, punctuation, kana, ideographs, full-width forms
        or 0x2010 <= o <= 0x2027  # dashes, curly quotes, ellipsis used in Chinese text
        or o == 0x00B7
    )


def _needs_space(a: str, b: str, gap: float, size: float) -> bool:
    """Between two pieces of one line: a space only where the gap is a real word gap.

    Justified CJK text is spread out with wide gaps between characters; those never become
    spaces. Latin words and numbers keep their separation."""
    if not a or not b:
        return False
    if _is_cjk(a[-1]) or _is_cjk(b[0]):
        return gap > 2.0 * size
    return gap > 0.25 * size


def join_text(parts: list[str]) -> str:
    """Join wrapped lines of one cell or paragraph: no separator, except between Latin words."""
    out = ""
    for part in parts:
        if not part:
            continue
        if out and out[-1].isascii() and out[-1].isalpha() and part[0].isascii() and part[0].isalpha():
            out += " "
        out += part
    return out


def group_lines(glyphs: list[Glyph]) -> list[Line]:
    """Glyphs into lines, top to bottom, each line left to right."""
    if not glyphs:
        return []
    if sum(1 for g in glyphs if not g.upright) > len(glyphs) / 2:
        return _group_rotated(glyphs)
    lines: list[Line] = []
    for g in sorted(glyphs, key=lambda g: (g.cy, g.x0)):
        h = g.bottom - g.top
        for line in reversed(lines[-4:]):
            overlap = min(g.bottom, line.bottom) - max(g.top, line.top)
            if overlap >= 0.5 * min(h, line.bottom - line.top):
                line.glyphs.append(g)
                line.top = min(line.top, g.top)
                line.bottom = max(line.bottom, g.bottom)
                break
        else:
            lines.append(Line([g], top=g.top, bottom=g.bottom))
    for line in lines:
        _finish_line(line)
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


def _group_rotated(glyphs: list[Glyph]) -> list[Line]:
    # Text rotated a quarter turn: columns of glyphs read top to bottom, columns left to right.
    cols: list[list[Glyph]] = []
    for g in sorted(glyphs, key=lambda g: g.cx):
        if cols and g.x0 < max(c.x1 for c in cols[-1]) - 0.3 * (g.x1 - g.x0):
            cols[-1].append(g)
        else:
            cols.append([g])
    lines = []
    for col in cols:
        col.sort(key=lambda g: g.top)
        line = Line(col, text="".join(g.text for g in col))
        line.x0, line.x1 = min(g.x0 for g in col), max(g.x1 for g in col)
        line.top, line.bottom = col[0].top, max(g.bottom for g in col)
        line.size = max(g.size for g in col)
        confs = [g.conf for g in col if g.conf is not None]
        line.conf = min(confs) if confs else None
        lines.append(line)
    return lines


def _finish_line(line: Line) -> None:
    gs = sorted(line.glyphs, key=lambda g: g.x0)
    kept: list[Glyph] = []
    text = ""
    for g in gs:
        if kept:
            prev = kept[-1]
            # Fake bold draws a character twice, a hair apart.
            if g.text == prev.text and g.x0 - prev.x0 < 0.4 * max(prev.x1 - prev.x0, 0.1):
                continue
            size = max(g.size, prev.size)
            same_box = g.group is not None and g.group == prev.group
            if not same_box and _needs_space(text, g.text, g.x0 - prev.x1, size):
                text += " "
        kept.append(g)
        text += g.text
    line.glyphs = kept
    line.text = text
    line.x0 = min(g.x0 for g in kept)
    line.x1 = max(g.x1 for g in kept)
    line.size = Counter(round(g.size, 1) for g in kept).most_common(1)[0][0]
    confs = [g.conf for g in kept if g.conf is not None]
    line.conf = min(confs) if confs else None


# --------------------------------------------------------------------------- rulings and grids


@dataclass(slots=True)
class Seg:
    """A ruling line: horizontal (pos = y, from a to b in x) or vertical (pos = x, a..b in y)."""

    pos: float
    a: float
    b: float


@dataclass(slots=True)
class Region:
    """A cell of the rebuilt grid: rows r0..r1-1, columns c0..c1-1 (half-open)."""

    r0: int
    r1: int
    c0: int
    c1: int
    text: str
    page: int
    bbox: tuple[float, float, float, float]
    conf: float | None = None


@dataclass(slots=True)
class TablePart:
    """One page's piece of a table, before it becomes a Table (and maybe gets continued)."""

    page: int
    xs: list[float]  # column boundaries, len = ncols + 1
    rows: list[tuple[int, float, float]]  # (page, top, bottom) of each row
    regions: list[Region]
    bbox: tuple[float, float, float, float]

    @property
    def ncols(self) -> int:
        return len(self.xs) - 1


def merge_segments(segs: list[Seg]) -> list[Seg]:
    """Collinear, overlapping or nearly touching segments become one."""
    out: list[Seg] = []
    for cluster in _cluster(sorted(segs, key=lambda s: s.pos), lambda s: s.pos, SNAP):
        pos = sum(s.pos for s in cluster) / len(cluster)
        cluster.sort(key=lambda s: s.a)
        cur = Seg(pos, cluster[0].a, cluster[0].b)
        for s in cluster[1:]:
            if s.a <= cur.b + JOIN:
                cur.b = max(cur.b, s.b)
            else:
                out.append(cur)
                cur = Seg(pos, s.a, s.b)
        out.append(cur)
    return out


def _cluster(items: list[Any], key: Any, tol: float) -> list[list[Any]]:
    groups: list[list[Any]] = []
    last = None
    for it in items:
        k = key(it)
        if groups and last is not None and k - last <= tol:
            groups[-1].append(it)
        else:
            groups.append([it])
        last = k
    return groups


def _cluster_values(values: list[float], tol: float = SNAP) -> list[float]:
    return [sum(g) / len(g) for g in _cluster(sorted(values), lambda v: v, tol)]


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _components(hs: list[Seg], vs: list[Seg]) -> list[tuple[list[Seg], list[Seg]]]:
    """Groups of lines that touch each other: each group is a table candidate."""
    uf = _UnionFind(len(hs) + len(vs))
    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if h.a - TOUCH <= v.pos <= h.b + TOUCH and v.a - TOUCH <= h.pos <= v.b + TOUCH:
                uf.union(i, len(hs) + j)
    groups: dict[int, tuple[list[Seg], list[Seg]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(uf.find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(uf.find(len(hs) + j), ([], []))[1].append(v)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _coverage(segs: list[Seg], pos: float, a: float, b: float) -> float:
    if b <= a:
        return 1.0
    total = 0.0
    for s in segs:
        if abs(s.pos - pos) <= SNAP:
            total += max(0.0, min(b, s.b) - max(a, s.a))
    return total / (b - a)


def _frame(hs: list[Seg], vs: list[Seg]) -> tuple[float, float, float, float]:
    """The table's outer box. Normally the outermost lines; where a border is missing (as at a
    page break, where the top border may be drawn only over some columns, or not at all) the
    two outermost lines of the other direction say where it should be."""
    x0, x1 = min(v.pos for v in vs), max(v.pos for v in vs)
    y0, y1 = min(h.pos for h in hs), max(h.pos for h in hs)
    far = 3 * SNAP  # less than that is lines overshooting their corners, not a missing border
    left = min(vs, key=lambda v: v.pos)
    right = max(vs, key=lambda v: v.pos)
    if left.a < y0 - far and right.a < y0 - far:
        y0 = max(left.a, right.a)
    if left.b > y1 + far and right.b > y1 + far:
        y1 = min(left.b, right.b)
    top = min(hs, key=lambda h: h.pos)
    bottom = max(hs, key=lambda h: h.pos)
    if top.a < x0 - far and bottom.a < x0 - far:
        x0 = max(top.a, bottom.a)
    if top.b > x1 + far and bottom.b > x1 + far:
        x1 = min(top.b, bottom.b)
    return x0, y0, x1, y1


def _touching(hs: list[Seg], vs: list[Seg]) -> tuple[list[Seg], list[Seg]]:
    """Keep lines that cross or meet at least two lines of the other direction: a stroke of a
    large character or an underline is no ruling line, and would otherwise split a cell."""
    tol = TOUCH + 1.0

    def meets(h: Seg, v: Seg) -> bool:
        return h.a - tol <= v.pos <= h.b + tol and v.a - tol <= h.pos <= v.b + tol

    hs, vs = merge_segments(hs), merge_segments(vs)
    for _ in range(2):
        hs = [h for h in hs if sum(meets(h, v) for v in vs) >= 2]
        vs = [v for v in vs if sum(meets(h, v) for h in hs) >= 2]
    return hs, vs


def _strokes_not_rulings(hs: list[Seg], vs: list[Seg], glyphs: list[Glyph], w: float, h: float) -> bool:
    """A tiny "table" whose lines run through characters is the strokes of large characters
    (a heading seen by the OCR line finder), not a ruled table."""
    if w < 36 or h < 12:
        return True
    if w > 120 and h > 40:
        return False
    for g in glyphs:
        ix, iy = 0.25 * (g.x1 - g.x0), 0.25 * (g.bottom - g.top)
        for s in hs:
            if g.top + iy < s.pos < g.bottom - iy and s.a < g.cx < s.b:
                return True
        for s in vs:
            if g.x0 + ix < s.pos < g.x1 - ix and s.a < g.cy < s.b:
                return True
    return False


def build_table_parts(
    hsegs: list[Seg], vsegs: list[Seg], glyphs: list[Glyph], page: int
) -> tuple[list[TablePart], list[Glyph]]:
    """Tables from ruling lines, text placed in their cells. Returns the tables and the glyphs
    left outside every table."""
    hs, vs = _touching(hsegs, vsegs)
    parts: list[TablePart] = []
    taken: set[int] = set()
    for chs, cvs in _components(hs, vs):
        x0, y0, x1, y1 = _frame(chs, cvs)
        if x1 - x0 < 2 * SNAP or y1 - y0 < 2 * SNAP:
            continue
        xs = _cluster_values([v.pos for v in cvs if x0 - SNAP <= v.pos <= x1 + SNAP] + [x0, x1])
        ys = _cluster_values([h.pos for h in chs if y0 - SNAP <= h.pos <= y1 + SNAP] + [y0, y1])
        xs[0], xs[-1], ys[0], ys[-1] = x0, x1, y0, y1
        nr, nc = len(ys) - 1, len(xs) - 1
        if nr * nc < 2:
            continue  # a boxed paragraph, not a table
        inside = [
            i
            for i, g in enumerate(glyphs)
            if i not in taken and x0 - 1 <= g.cx <= x1 + 1 and y0 - 1 <= g.cy <= y1 + 1
        ]
        if _strokes_not_rulings(chs, cvs, [glyphs[i] for i in inside], x1 - x0, y1 - y0):
            continue
        taken.update(inside)
        part = _grid(chs, cvs, xs, ys, [glyphs[i] for i in inside], page)
        parts.append(part)
    rest = [g for i, g in enumerate(glyphs) if i not in taken]
    parts.sort(key=lambda p: p.bbox[1])
    return parts, rest


def _grid(
    hs: list[Seg], vs: list[Seg], xs: list[float], ys: list[float], glyphs: list[Glyph], page: int
) -> TablePart:
    nr, nc = len(ys) - 1, len(xs) - 1
    uf = _UnionFind(nr * nc)
    for i in range(nr):
        for j in range(nc):
            if j + 1 < nc and _coverage(vs, xs[j + 1], ys[i], ys[i + 1]) < COVER:
                uf.union(i * nc + j, i * nc + j + 1)
            if i + 1 < nr and _coverage(hs, ys[i + 1], xs[j], xs[j + 1]) < COVER:
                uf.union(i * nc + j, (i + 1) * nc + j)
    cells: dict[int, list[tuple[int, int]]] = {}
    for i in range(nr):
        for j in range(nc):
            cells.setdefault(uf.find(i * nc + j), []).append((i, j))
    rects: list[tuple[int, int, int, int]] = []
    for members in cells.values():
        r0, r1 = min(m[0] for m in members), max(m[0] for m in members) + 1
        c0, c1 = min(m[1] for m in members), max(m[1] for m in members) + 1
        if len(members) == (r1 - r0) * (c1 - c0):
            rects.append((r0, r1, c0, c1))
            continue
        # Not a rectangle (a stray line end): fall back to one run of columns per row.
        by_row: dict[int, list[int]] = {}
        for i, j in members:
            by_row.setdefault(i, []).append(j)
        for i, js in by_row.items():
            js.sort()
            start = prev = js[0]
            for j in js[1:] + [None]:
                if j is not None and j == prev + 1:
                    prev = j
                    continue
                rects.append((i, i + 1, start, prev + 1))
                if j is not None:
                    start = prev = j
    owner = [[0] * nc for _ in range(nr)]
    for k, (r0, r1, c0, c1) in enumerate(rects):
        for i in range(r0, r1):
            for j in range(c0, c1):
                owner[i][j] = k
    inner: list[list[Glyph]] = [[] for _ in rects]
    for g in glyphs:
        j = min(max(bisect.bisect_right(xs, g.cx) - 1, 0), nc - 1)
        i = min(max(bisect.bisect_right(ys, g.cy) - 1, 0), nr - 1)
        inner[owner[i][j]].append(g)
    regions = []
    for k, (r0, r1, c0, c1) in enumerate(rects):
        lines = group_lines(inner[k])
        confs = [ln.conf for ln in lines if ln.conf is not None]
        regions.append(
            Region(
                r0,
                r1,
                c0,
                c1,
                text=join_text([ln.text for ln in lines]),
                page=page,
                bbox=(xs[c0], ys[r0], xs[c1], ys[r1]),
                conf=min(confs) if confs else None,
            )
        )
    regions.sort(key=lambda r: (r.r0, r.c0))
    return TablePart(
        page=page,
        xs=xs,
        rows=[(page, ys[i], ys[i + 1]) for i in range(nr)],
        regions=regions,
        bbox=(xs[0], ys[0], xs[-1], ys[-1]),
    )


def part_to_table(part: TablePart) -> Table:
    nr, nc = len(part.rows), part.ncols
    grid: list[list[Cell | None]] = [[None] * nc for _ in range(nr)]
    for reg in part.regions:
        for i in range(reg.r0, reg.r1):
            for j in range(reg.c0, reg.c1):
                pg, top, bottom = part.rows[i]
                grid[i][j] = Cell(
                    "", Where(page=pg, bbox=(part.xs[j], top, part.xs[j + 1], bottom)), continued=True
                )
        grid[reg.r0][reg.c0] = Cell(
            reg.text,
            Where(page=reg.page, bbox=_round_box(reg.bbox)),
            rowspan=reg.r1 - reg.r0,
            colspan=reg.c1 - reg.c0,
            confidence=reg.conf,
        )
    rows = [[c if c is not None else Cell("", Where(page=part.page)) for c in row] for row in grid]
    for row in rows:
        for c in row:
            if c.continued and c.where.bbox:
                c.where = Where(page=c.where.page, bbox=_round_box(c.where.bbox))
    return Table(rows, where=Where(page=part.page, bbox=_round_box(part.bbox)), exact=True)


def _round_box(b: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return (round(b[0], 2), round(b[1], 2), round(b[2], 2), round(b[3], 2))


# --------------------------------------------------------------------------- tables across pages


def _map_columns(src: list[float], dst: list[float]) -> list[int] | None:
    """Index in dst of each boundary of src, or None when src is not a subset of dst."""
    out = []
    for x in src:
        k = min(range(len(dst)), key=lambda i: abs(dst[i] - x))
        if abs(dst[k] - x) > 2 * SNAP:
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
    return True


# --------------------------------------------------------------------------- pages


@dataclass(slots=True)
class PageContent:
    """What one page holds before the document-level passes (headers, paragraphs, tables
    continued across pages). `blocks` is set (to []) for a page that yields nothing, such as a
    scan when OCR is not installed."""

    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[TablePart] = field(default_factory=list)
    blocks: list[Block] | None = None


def _is_white(color: Any) -> bool:
    if color is None:
        return False
    if isinstance(color, int | float):
        return color >= 0.95
    if isinstance(color, list | tuple) and all(isinstance(c, int | float) for c in color):
        if len(color) == 1 or len(color) == 3:
            return all(c >= 0.95 for c in color)
        if len(color) == 4:
            return all(c <= 0.05 for c in color)
    return False


def _rulings(page: Any) -> tuple[list[Seg], list[Seg]]:
    hs: list[Seg] = []
    vs: list[Seg] = []

    def add(x0: float, top: float, x1: float, bottom: float) -> None:
        w, h = x1 - x0, bottom - top
        if h <= 2.0 and w > 2.0:
            hs.append(Seg((top + bottom) / 2, x0, x1))
        elif w <= 2.0 and h > 2.0:
            vs.append(Seg((x0 + x1) / 2, top, bottom))

    for ln in page.lines:
        if not _is_white(ln.get("stroking_color")):
            add(ln["x0"], ln["top"], ln["x1"], ln["bottom"])
    for r in page.rects:
        x0, top, x1, bottom = r["x0"], r["top"], r["x1"], r["bottom"]
        if r.get("stroke") and not _is_white(r.get("stroking_color")):
            if x1 - x0 > 2.0 and bottom - top > 2.0:
                add(x0, top, x1, top)
                add(x0, bottom, x1, bottom)
                add(x0, top, x0, bottom)
                add(x1, top, x1, bottom)
            else:
                add(x0, top, x1, bottom)
        elif r.get("fill") and not _is_white(r.get("non_stroking_color")):
            add(x0, top, x1, bottom)  # only hairline fills count: add() drops real areas
    for c in page.curves:
        if not c.get("stroke") or _is_white(c.get("stroking_color")):
            continue
        pts = c.get("pts") or []
        for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
            if abs(ay - by) < 0.5 or abs(ax - bx) < 0.5:
                add(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
    return hs, vs


def _glyphs(page: Any) -> tuple[list[Glyph], int]:
    out = []
    cid = 0
    for ch in page.chars:
        text = ch["text"]
        if not text or text.isspace():
            continue
        if text.startswith("(cid:"):
            cid += 1
            continue
        out.append(
            Glyph(text, ch["x0"], ch["top"], ch["x1"], ch["bottom"], ch["size"], ch.get("upright", True))
        )
    return out, cid


def _image_share(page: Any) -> float:
    area = float(page.width * page.height) or 1.0
    covered = 0.0
    for im in page.images:
        w = max(0.0, min(im["x1"], page.width) - max(im["x0"], 0))
        h = max(0.0, min(im["bottom"], page.height) - max(im["top"], 0))
        covered += w * h
    return min(covered / area, 1.0)


def _layout(
    number: int,
    width: float,
    height: float,
    glyphs: list[Glyph],
    undecodable: int,
    image_share: float,
    hs: list[Seg],
    vs: list[Seg],
) -> tuple[PageContent, str | None]:
    """One page's glyphs and rulings into lines and table parts; or a reason to OCR it instead."""
    content = PageContent(number, width, height)
    if len(glyphs) < 10 and (image_share > 0.3 or undecodable > len(glyphs)):
        return content, "scan" if undecodable <= len(glyphs) else "cid"
    content.tables, rest = build_table_parts(hs, vs, glyphs, number)
    content.lines = group_lines(rest)
    return content, None


def _read_page_plumber(page: Any, number: int) -> tuple[PageContent, str | None]:
    glyphs, cid = _glyphs(page)
    hs, vs = _rulings(page)
    return _layout(number, float(page.width), float(page.height), glyphs, cid, _image_share(page), hs, vs)


# pdfium backend: the same facts as pdfplumber gives, read through PDFium's C API. PDFium parses
# content streams natively, about 7x faster than pdfminer on the WPS files of the corpus.

_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(m: _Matrix, n: _Matrix) -> _Matrix:
    """m then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: _Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


class _View:
    """PDF user space (y up) to the page as displayed: origin top-left, y down, after the crop
    box and the page's /Rotate (a landscape table stored sideways on a rotated page reads
    upright)."""

    def __init__(self, box: tuple[float, float, float, float], rotation: int) -> None:
        self.l, self.b, self.r, self.t = box
        self.rotation = rotation % 360

    def __call__(self, x: float, y: float) -> tuple[float, float]:
        if self.rotation == 90:
            return y - self.b, x - self.l
        if self.rotation == 180:
            return self.r - x, y - self.b
        if self.rotation == 270:
            return self.t - y, self.r - x
        return x - self.l, self.t - y

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        (ax, ay), (bx, by) = self(x0, y0), self(x1, y1)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _obj_matrix(raw: Any, obj: Any) -> _Matrix:
    fm = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, fm):
        return _IDENTITY
    return (fm.a, fm.b, fm.c, fm.d, fm.e, fm.f)


def _rgba_invisible(raw: Any, getter: Any, obj: Any) -> bool:
    import ctypes

    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, r, g, b, a):
        return False
    return a.value == 0 or (r.value >= 242 and g.value >= 242 and b.value >= 242)


def _pdfium_objects(raw: Any, page: Any) -> Any:
    """Every path and image object with its matrix to page space, descending into forms."""
    stack = [(None, _IDENTITY, 0)]
    while stack:
        form, parent, depth = stack.pop()
        count = raw.FPDFFormObj_CountObjects(form) if form is not None else raw.FPDFPage_CountObjects(page)
        for k in range(count):
            obj = raw.FPDFFormObj_GetObject(form, k) if form is not None else raw.FPDFPage_GetObject(page, k)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_FORM and depth < 8:
                stack.append((obj, _compose(_obj_matrix(raw, obj), parent), depth + 1))
            elif kind in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE):
                yield kind, obj, parent


def _pdfium_rulings(raw: Any, page: Any, view: _View) -> tuple[list[Seg], list[Seg], float]:
    """Ruling lines (display coordinates), plus the page area covered by images."""
    import ctypes

    hs: list[Seg] = []
    vs: list[Seg] = []
    images = 0.0

    def add(ax: float, ay: float, bx: float, by: float) -> None:
        x0, top, x1, bottom = view.box(ax, ay, bx, by)
        if bottom - top <= 2.0 and x1 - x0 > 2.0:
            hs.append(Seg((top + bottom) / 2, x0, x1))
        elif x1 - x0 <= 2.0 and bottom - top > 2.0:
            vs.append(Seg((x0 + x1) / 2, top, bottom))

    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    px, py = ctypes.c_float(), ctypes.c_float()
    l_, b_, r_, t_ = (ctypes.c_float() for _ in range(4))
    for kind, obj, parent in _pdfium_objects(raw, page):
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            if raw.FPDFPageObj_GetBounds(obj, l_, b_, r_, t_):
                (x0, y0), (x1, y1) = _apply(parent, l_.value, b_.value), _apply(parent, r_.value, t_.value)
                images += abs(x1 - x0) * abs(y1 - y0)
            continue
        if not raw.FPDFPath_GetDrawMode(obj, fillmode, stroke):
            continue
        stroked = bool(stroke.value) and not _rgba_invisible(raw, raw.FPDFPageObj_GetStrokeColor, obj)
        filled = fillmode.value != 0 and not _rgba_invisible(raw, raw.FPDFPageObj_GetFillColor, obj)
        if not stroked and not filled:
            continue
        m = _compose(_obj_matrix(raw, obj), parent)
        subpaths: list[list[tuple[float, float]]] = []
        curved: list[bool] = []
        for i in range(raw.FPDFPath_CountSegments(obj)):
            seg = raw.FPDFPath_GetPathSegment(obj, i)
            if not raw.FPDFPathSegment_GetPoint(seg, px, py):
                continue
            pt = _apply(m, px.value, py.value)
            kind_ = raw.FPDFPathSegment_GetType(seg)
            if kind_ == raw.FPDF_SEGMENT_MOVETO or not subpaths:
                subpaths.append([pt])
                curved.append(False)
            else:
                subpaths[-1].append(pt)
                if kind_ == raw.FPDF_SEGMENT_BEZIERTO:
                    curved[-1] = True
            if raw.FPDFPathSegment_GetClose(seg) and len(subpaths[-1]) > 1:
                subpaths[-1].append(subpaths[-1][0])
        for pts, is_curved in zip(subpaths, curved, strict=True):
            if is_curved or len(pts) < 2:
                continue
            xs_ = [p[0] for p in pts]
            ys_ = [p[1] for p in pts]
            x0, x1, y0, y1 = min(xs_), max(xs_), min(ys_), max(ys_)
            thin = x1 - x0 <= 2.0 or y1 - y0 <= 2.0
            if thin:
                if stroked or filled:
                    add(x0, y0, x1, y1)  # a line, or a hairline drawn as a filled box
            elif stroked:
                for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
                    if abs(ay - by) < 0.5 or abs(ax - bx) < 0.5:
                        add(ax, ay, bx, by)
    return hs, vs, images


def _pdfium_glyphs(raw: Any, textpage: Any, view: _View) -> tuple[list[Glyph], int]:
    import ctypes

    out: list[Glyph] = []
    bad = 0
    loose = raw.FS_RECTF()
    fm = raw.FS_MATRIX()
    tl, tr, tb, tt = (ctypes.c_double() for _ in range(4))
    n = raw.FPDFText_CountChars(textpage)
    i = 0
    while i < n:
        k = i
        u = raw.FPDFText_GetUnicode(textpage, i)
        i += 1
        if 0xD800 <= u < 0xDC00 and i < n:
            lo = raw.FPDFText_GetUnicode(textpage, i)
            if 0xDC00 <= lo < 0xE000:
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)
                i += 1
        if u in (0, 0xFFFE, 0xFFFF) or raw.FPDFText_IsGenerated(textpage, k) == 1:
            continue
        ch = chr(u)
        if ch.isspace():
            continue
        if u == 0xFFFD or 0xE000 <= u <= 0xF8FF or u < 0x20:
            bad += 1
            continue
        if not raw.FPDFText_GetLooseCharBox(textpage, k, loose):
            continue
        size = raw.FPDFText_GetFontSize(textpage, k)
        if raw.FPDFText_GetMatrix(textpage, k, fm):
            size *= abs(fm.a * fm.d - fm.b * fm.c) ** 0.5
        x0, top, x1, bottom = view.box(loose.left, loose.bottom, loose.right, loose.top)
        # PDFium's loose box is sometimes far too big (seen on vertical labels): take the glyph's
        # tight box, grown to one em around its centre.
        too_big = size > 0 and (x1 - x0 > 2.5 * size or bottom - top > 2.5 * size)
        if too_big and raw.FPDFText_GetCharBox(textpage, k, tl, tr, tb, tt):
            cx, cy = view((tl.value + tr.value) / 2, (tb.value + tt.value) / 2)
            x0, x1, top, bottom = cx - size / 2, cx + size / 2, cy - size / 2, cy + size / 2
        angle = raw.FPDFText_GetCharAngle(textpage, k)  # clockwise, in user space
        if angle < 0:
            upright = True
        else:
            turn = (angle + math.radians(view.rotation)) % math.tau
            upright = min(turn, math.tau - turn) < 0.2 or abs(turn - math.pi) < 0.2
        out.append(Glyph(ch, x0, top, x1, bottom, size if size > 0 else bottom - top, upright))
    return out, bad


def _read_page_pdfium(pdf: Any, index: int) -> tuple[PageContent, str | None]:
    import pypdfium2.raw as raw

    page = pdf[index]
    try:
        width, height = page.get_size()  # as displayed, /Rotate applied
        view = _View(page.get_cropbox(), page.get_rotation())
        textpage = page.get_textpage()
        try:
            glyphs, bad = _pdfium_glyphs(raw, textpage, view)
        finally:
            textpage.close()
        hs, vs, images = _pdfium_rulings(raw, page, view)
    finally:
        page.close()
    share = min(images / (width * height or 1.0), 1.0)
    return _layout(index + 1, width, height, glyphs, bad, share, hs, vs)


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
        para = Paragraph(join_text([ln.text for ln in g]), Where(page=page.number, bbox=_round_box(bbox)))
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
    are glued back together (the glued block keeps the Where of where it starts)."""
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
    for it in items:
        if isinstance(it, TablePart):
            out.append(part_to_table(it))
        elif isinstance(it, _Para):
            out.append(it.para)
        else:
            out.append(it)
    return out


# --------------------------------------------------------------------------- entry point


_ENCRYPTED = "PDF 文件已加密，需要密码才能打开"


def _damaged(path: str | None, what: str, exc: BaseException | None = None) -> errors.XxgkError:
    detail = f"（{type(exc).__name__}: {exc}）" if exc is not None and str(exc) else ""
    return errors.XxgkError(errors.DAMAGED_FILE, f"PDF 文件已损坏，无法读取：{what}{detail}", path)


class _PdfiumSource:
    def __init__(self, data: bytes, path: str | None) -> None:
        import pypdfium2 as pdfium

        try:
            self.pdf = pdfium.PdfDocument(data)
            self.npages = len(self.pdf)
        except pdfium.PdfiumError as exc:
            if "password" in str(exc).lower():
                raise errors.XxgkError(errors.UNREADABLE_FILE, _ENCRYPTED, path) from exc
            raise _damaged(path, "文件结构无法解析（可能被截断或改动过）", exc) from exc

    def page(self, index: int) -> tuple[PageContent, str | None]:
        return _read_page_pdfium(self.pdf, index)

    def close(self) -> None:
        self.pdf.close()


class _PlumberSource:
    def __init__(self, data: bytes, path: str | None) -> None:
        import pdfplumber
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

        try:
            self.pdf = pdfplumber.open(BytesIO(data))
            self.npages = len(self.pdf.pages)
        except Exception as exc:
            cause = exc.__cause__ or exc.__context__
            if isinstance(exc, PDFPasswordIncorrect | PDFEncryptionError) or isinstance(
                cause, PDFPasswordIncorrect | PDFEncryptionError
            ):
                raise errors.XxgkError(errors.UNREADABLE_FILE, _ENCRYPTED, path) from exc
            raise _damaged(path, "文件结构无法解析（可能被截断或改动过）", exc) from exc

    def page(self, index: int) -> tuple[PageContent, str | None]:
        page = self.pdf.pages[index]
        try:
            return _read_page_plumber(page, index + 1)
        finally:
            page.close()  # drops pdfplumber's per-page object cache

    def close(self) -> None:
        self.pdf.close()


# "pdfium" reads pages natively (fast); "pdfplumber" goes through pdfminer (pure Python, about
# 10x slower on these files). Both feed the same grid builder and give the same Document.
BACKEND = "pdfium"


def read(data: bytes, path: str | None = None) -> Document:
    started = time.monotonic()
    if b"%%EOF" not in data:
        raise _damaged(path, "文件不完整，缺少 PDF 结束标记（可能下载中断或被截断）")
    try:
        source: _PdfiumSource | _PlumberSource = (
            _PlumberSource(data, path) if BACKEND == "pdfplumber" else _PdfiumSource(data, path)
        )
    except ImportError as exc:
        raise errors.XxgkError(
            errors.MISSING_DEPENDENCY,
            f"读取 PDF 所需的组件未安装，请安装：pip install 'xxgk[pdf]'（{exc.name}）",
            path,
        ) from exc
    warnings: list[str] = []
    contents: list[PageContent] = []
    scans: list[int] = []
    try:
        npages = source.npages
        if npages == 0:
            raise _damaged(path, "文件中没有任何页面")
        if npages > MAX_PAGES:
            raise errors.XxgkError(errors.TOO_LARGE, f"PDF 共 {npages} 页，超过 {MAX_PAGES} 页的上限", path)
        failed: list[int] = []
        for index in range(npages):
            _check_time(started, path, f"已读 {index} / {npages} 页")
            try:
                content, problem = source.page(index)
            except errors.XxgkError:
                raise
            except Exception:
                # Keep going to name every broken page in the one error raised below.
                failed.append(index + 1)
                continue
            if problem is not None:
                scans.append(index)
                content.blocks = []
                if problem == "cid":
                    warnings.append(f"第 {index + 1} 页的文字层无法解码（字体缺少字符映射），按扫描页处理")
            contents.append(content)
        if failed:
            pages = "、".join(map(str, failed[:20])) + ("等" if len(failed) > 20 else "")
            raise _damaged(path, f"共 {npages} 页，其中第 {pages} 页的内容无法解析（文件可能被截断或改动过）")
    finally:
        source.close()
    if scans:
        _ocr_pages(data, contents, scans, warnings, path)
    blocks = assemble(contents)
    return Document(blocks, path=path, media_type="application/pdf", pages=npages, warnings=warnings)


def _check_time(started: float, path: str | None, progress: str) -> None:
    if time.monotonic() - started > TIME_BUDGET_S:
        raise errors.XxgkError(
            errors.TIMEOUT, f"读取 PDF 超过 {TIME_BUDGET_S:.0f} 秒的时限（{progress}）", path
        )


def _ocr_pages(
    data: bytes,
    contents: list[PageContent],
    scans: list[int],
    warnings: list[str],
    path: str | None,
) -> None:
    pages = "、".join(str(i + 1) for i in scans[:20]) + ("等" if len(scans) > 20 else "")
    try:
        from xxgk.readers import ocr
    except ImportError:
        ocr = None  # type: ignore[assignment]
    if ocr is None or not ocr.available():
        warnings.append(
            f"第 {pages} 页是扫描图像，没有文字层；未安装 OCR 组件（pip install 'xxgk[ocr]'），这些页未读取"
        )
        return
    if len(scans) > ocr.MAX_PAGES:
        raise errors.XxgkError(
            errors.TOO_LARGE, f"PDF 中有 {len(scans)} 页扫描页需要 OCR，超过 {ocr.MAX_PAGES} 页的上限", path
        )
    # OCR runs a few seconds a page: it has its own budget, apart from the text-layer one.
    started = time.monotonic()
    for index in scans:
        if time.monotonic() - started > ocr.TIME_BUDGET_S:
            raise errors.XxgkError(
                errors.TIMEOUT, f"OCR 识别超过 {ocr.TIME_BUDGET_S:.0f} 秒的时限（第 {index + 1} 页）", path
            )
        contents[index] = ocr.read_pdf_page(data, index)
    warnings.append(f"第 {pages} 页没有文字层，已按扫描页进行 OCR 识别，可能有识别错误；单元格附有置信度")
