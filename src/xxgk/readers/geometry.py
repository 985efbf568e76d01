"""Page geometry shared by the PDF reader and the OCR reader.

Glyphs (a PDF character, or a character recognised by OCR) with their boxes, grouped into
lines; ruling lines (segments) found in the PDF's drawing operators or in a scanned image;
tables rebuilt from those lines, merged cells wherever a line between two grid cells is
missing, characters placed in cells by their centres so that labels wrapping inside a cell and
vertical one-character-per-line labels join up; and what one page holds (PageContent). Nothing
here knows where the glyphs and lines came from.

Coordinates are PDF points, origin at the top-left of the page: bbox = (x0, top, x1, bottom).
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from xxgk.document import Block, Cell, Table, Where

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


def part_to_table(part: TablePart, number: int | None = None) -> Table:
    """The Table of a (possibly continued) part: `number` is the table's ordinal in the file.
    Every grid position says its page and box, and its row and column in the joined grid; a cell
    also says the OCR confidence of its text, when it was recognised."""
    nr, nc = len(part.rows), part.ncols

    def position(i: int, j: int) -> Cell:
        page, top, bottom = part.rows[i]
        box = round_box((part.xs[j], top, part.xs[j + 1], bottom))
        return Cell("", Where(page=page, bbox=box, table=number, row=i + 1, col=j + 1), continued=True)

    rows = [[position(i, j) for j in range(nc)] for i in range(nr)]
    covered = {(i, j) for reg in part.regions for i in range(reg.r0, reg.r1) for j in range(reg.c0, reg.c1)}
    for i in range(nr):
        for j in range(nc):
            if (i, j) not in covered:
                rows[i][j].continued = False  # no region here: an empty position of the grid
    for reg in part.regions:
        where = Where(
            page=reg.page,
            bbox=round_box(reg.bbox),
            table=number,
            row=reg.r0 + 1,
            col=reg.c0 + 1,
            confidence=reg.conf,
        )
        rows[reg.r0][reg.c0] = Cell(
            reg.text, where, rowspan=reg.r1 - reg.r0, colspan=reg.c1 - reg.c0, confidence=reg.conf
        )
    return Table(rows, where=Where(page=part.page, bbox=round_box(part.bbox), table=number), exact=True)


def round_box(b: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return (round(b[0], 2), round(b[1], 2), round(b[2], 2), round(b[3], 2))


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
