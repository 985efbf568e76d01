"""Where the three tables sit in a Document, and their rows.

A Document's tables come as grids (Table blocks) or flattened into running text (crawler
pages put the whole body on one line). Both become `Row`s: a label and the value cells that
follow it. A flattened row has one value cell holding the whole run of digits, to be split
later with the help of the identities."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from xxgk.document import Cell, Document, Paragraph, Segments, Table, Where, where_in
from xxgk.textnorm import INVISIBLE
from xxgk.values import VALUE_RUN, is_value_text

_CJK = re.compile(r"[\u3400-\u9fff]")


_GAP = rf"[\s{INVISIBLE}]*"


def fuzzy(pattern: str) -> re.Pattern[str]:
    """Compile a label regex so that whitespace (or an invisible character: zero-width space,
    soft hyphen …) may stand between any two CJK characters. It matches the text as printed, so
    offsets into it stay exact."""
    out: list[str] = []
    in_class = False
    prev_cjk = False
    for ch in pattern:
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
            out.append(ch)
            prev_cjk = True
            continue
        is_cjk = bool(_CJK.match(ch)) or ch in "（）“”、"
        if not in_class and is_cjk and prev_cjk:
            out.append(_GAP)
        out.append(ch)
        prev_cjk = is_cjk and not in_class
    return re.compile("".join(out))


# Where text[start:end] of some text is printed (offsets within that text).
Locate = Callable[[int, int], Where]


def cell_locate(cell: Cell) -> Locate:
    """Where the characters of a cell's text sit (its where's span covers the text stripped)."""
    stripped = cell.text.strip()
    lead = cell.text.index(stripped[0]) if stripped else 0
    return lambda a, b: cell.where.within(len(stripped), a - lead, b - lead)


@dataclass(slots=True)
class Row:
    label: str
    cells: list[Cell]  # the value cells, in order
    where: Where
    run: bool = False  # True: cells[0] holds digits that ran together in flattened text
    exact: bool = False  # the grid's empty cells are real cells
    label_cells: list[Cell] = field(default_factory=list)
    first_index: int = 0  # position of cells[0] in the printed row (tab-separated text)
    locate: Locate | None = None  # a run: where the characters of cells[0].text sit


@dataclass(slots=True)
class Unit:
    """A paragraph, or one row of a grid, in document order."""

    text: str
    where: Where
    cells: list[Cell] | None = None
    exact: bool = False
    segments: Segments = ()  # text joined from several lines: where each line's part is printed

    def at(self, start: int, end: int) -> Where:
        """Where text[start:end] is printed: its line and, where the text is the line's own
        characters, the span of those characters (clipped to the line it starts on)."""
        return where_in(self.segments or ((0, self.where),), len(self.text), start, end)

    def locate(self, start: int = 0) -> Locate:
        """Where the characters of text[start:] sit, by offsets from `start`."""
        return lambda a, b: self.at(start + a, start + b)


def units(doc: Document) -> list[Unit]:
    out: list[Unit] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            out.append(Unit(block.text, block.where))
        elif isinstance(block, Table):
            rows = _drop_colspan_cover(block) if block.exact else block.rows
            for row in rows:
                where = next((c.where for c in row if c.text), row[0].where if row else block.where)
                out.append(Unit("\t".join(c.text for c in row), where, row, block.exact))
    return out


def _drop_colspan_cover(table: Table) -> list[list[Cell]]:
    """An exact grid's rows without the positions a colspan covers (they are the same cell);
    positions a rowspan covers stay as empty continued cells: in a value column they mean the
    row printed nothing of its own."""
    horizontal: set[tuple[int, int]] = set()
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            if not cell.continued and (cell.colspan > 1 or cell.rowspan > 1):
                for dr in range(cell.rowspan):
                    for dc in range(1, cell.colspan):
                        horizontal.add((r + dr, c + dc))
    return [
        [cell for c, cell in enumerate(row) if (r, c) not in horizontal] for r, row in enumerate(table.rows)
    ]


Pos = tuple[int, int]  # (unit index, character offset)

T2_START = fuzzy(r"第二十条第[（(]一[)）]项|本年制发件数|本年新制作数量")
T3_START = fuzzy(r"勾稽关系|申请人情况|本年新收")
T4_START = fuzzy(r"行政复议")
T4_CONFIRM = fuzzy(r"行政诉讼|结果维持|复议后起诉|维持")
END = fuzzy(r"^\s*(五|5)\s*[、.．]|存在的主要问题|存在问题|主要问题")


@dataclass(slots=True)
class Regions:
    table2: tuple[Pos, Pos] | None
    table3: tuple[Pos, Pos] | None
    table4: tuple[Pos, Pos] | None


def _find(
    us: list[Unit], rx: re.Pattern[str], start: Pos, confirm: re.Pattern[str] | None = None
) -> Pos | None:
    ui, off = start
    for i in range(ui, len(us)):
        text = us[i].text
        for m in rx.finditer(text, off if i == ui else 0):
            if (
                confirm is None
                or confirm.search(text, m.end(), m.end() + 200)
                or (i + 1 < len(us) and confirm.search(us[i + 1].text[:200]))
            ):
                return (i, m.start())
    return None


def find_regions(us: list[Unit]) -> Regions:
    end_of_doc: Pos = (len(us), 0)
    t2 = _find(us, T2_START, (0, 0))
    t3 = _find(us, T3_START, t2 or (0, 0))
    t4_from = t3 or t2 or (0, 0)
    t4 = _find(us, T4_START, t4_from, T4_CONFIRM)
    # table 4 ends at the problems section, or at the end of its own value run
    t4_end = _find(us, END, t4) if t4 else None
    bounds: list[tuple[str, Pos | None]] = [("t2", t2), ("t3", t3), ("t4", t4)]
    found = sorted((p, k) for k, p in bounds if p is not None)
    spans: dict[str, tuple[Pos, Pos]] = {}
    for i, (p, k) in enumerate(found):
        nxt = found[i + 1][0] if i + 1 < len(found) else (t4_end or end_of_doc)
        if k != "t4" and i + 1 == len(found):
            nxt = _find(us, END, p) or end_of_doc
        spans[k] = (p, nxt)
    return Regions(spans.get("t2"), spans.get("t3"), spans.get("t4"))


def region_pieces(us: list[Unit], span: tuple[Pos, Pos]) -> list[tuple[Unit, int, int]]:
    """The units of a region, each with the slice of its text that lies inside."""
    (ui, uo), (vi, vo) = span
    out: list[tuple[Unit, int, int]] = []
    for i in range(ui, min(vi + 1, len(us))):
        u = us[i]
        start = uo if i == ui else 0
        end = vo if i == vi else len(u.text)
        if i == vi and vo == 0:
            break
        if u.cells is not None:
            out.append((u, 0, len(u.text)))
        elif end > start:
            out.append((u, start, end))
    return out


def merge_cell_lines(pieces: list[tuple[Unit, int, int]]) -> list[tuple[Unit, int, int]]:
    """Runs of short paragraphs that are a table printed one cell per line (no tabs, no row
    breaks) become one running text, cells separated by spaces, for the flattened-text reading.
    Only runs where a fifth or more of the lines are single values, and no line holds several
    numbers, qualify: layout text, where a line holds a row of values, keeps its lines."""
    out: list[tuple[Unit, int, int]] = []
    run: list[tuple[Unit, int, int]] = []

    def flush() -> None:
        singles = sum(1 for u, s, e in run if _VALUE_TOKEN.match(u.text[s:e].strip()))
        rows_of_values = any(len(re.findall(r"\d[\d,]*(?:\.\d+)?", u.text[s:e])) > 1 for u, s, e in run)
        if len(run) >= 8 and singles * 5 >= len(run) and not rows_of_values:
            parts: list[str] = []
            segments: list[tuple[int, Where]] = []
            pos = 0
            for u, s, e in run:
                part = u.text[s:e].strip()
                lead = u.text[s:e].index(part[0]) if part else 0
                segments.append((pos, u.at(s + lead, s + lead + len(part))))
                parts.append(part)
                pos += len(part) + 1
            text = " ".join(parts)
            merged = Unit(text, run[0][0].where, segments=tuple(segments))
            out.append((merged, 0, len(text)))
        else:
            out.extend(run)
        run.clear()

    for piece in pieces:
        if piece[0].cells is None and len(piece[0].text[piece[1] : piece[2]].strip()) <= 60:
            run.append(piece)
            continue
        flush()
        out.append(piece)
    flush()
    return out


def grid_row(unit: Unit) -> Row | None:
    """Split a grid row into label and value cells: values are the cells after the last label cell."""
    cells = unit.cells or []
    last_label = -1
    for i, c in enumerate(cells):
        if c.text.strip() and not c.continued and not is_value_text(c.text):
            last_label = i
    if last_label < 0:
        label_cells: list[Cell] = []
        values = list(cells)
    else:
        label_cells = cells[: last_label + 1]
        values = cells[last_label + 1 :]
    label = "".join(c.text for c in label_cells if not c.continued)
    return Row(
        label, values, unit.where, exact=unit.exact, label_cells=label_cells, first_index=last_label + 1
    )


def stream_rows(
    text: str,
    where: Where,
    labels: list[tuple[str, re.Pattern[str]]],
    bare: bool = False,
    at: Locate | None = None,
) -> list[tuple[str, Row]]:
    """Rows of a table flattened into running text: find each label, take the digits after it.

    A label extends from its keyword to the first digit; the digits up to the next label are
    its values, less a trailing ordinal (the "2." of the next row's "2.其他法律…"). A "label"
    that runs over a sentence end, or (with `bare`: a table whose cells hold bare numbers) whose
    number carries a unit, is narrative ("本年新收申请5件。"), not a row. `at` says where
    text[start:end] is printed: a row points at its label and values, its run at its digits."""
    locate: Locate = at or (lambda a, b: where)
    hits: list[tuple[int, int, str]] = []
    for key, rx in labels:
        for m in rx.finditer(text):
            hits.append((m.start(), m.end(), key))
    hits.sort()
    # drop overlapping hits: keep the earliest, then the longest
    kept: list[tuple[int, int, str]] = []
    for h in hits:
        if kept and h[0] < kept[-1][1]:
            if h[1] - h[0] > kept[-1][1] - kept[-1][0] and h[0] == kept[-1][0]:
                kept[-1] = h
            continue
        kept.append(h)
    out: list[tuple[str, Row]] = []
    for i, (start, end, key) in enumerate(kept):
        limit = kept[i + 1][0] if i + 1 < len(kept) else len(text)
        m = re.compile(r"\D*?(?=\d|$)").match(text, end, limit)
        vstart = min(m.end() if m else end, limit)
        vm = VALUE_RUN.match(text, vstart, limit)
        run = vm.group(0) if vm else ""
        tail = text[vstart + len(run) : limit]
        # a trailing "N." is the ordinal of the next label ("…00000002.其他法律…")
        om = re.search(r"[1-8]\s*[.．、]$", run.rstrip())
        if om and not tail[:1].isdigit():
            run = run.rstrip()[: om.start()]
        run_start = vstart + len(run) - len(run.lstrip(" .．、|"))
        run = run.strip(" .．、|")
        label = text[start:vstart].strip()
        if _SENTENCE_END.search(label) or (bare and (_UNIT.search(run) or _UNIT.match(tail))):
            continue
        if not re.search(r"\d|/|—", run):
            # a label with no values of its own (a group heading, or a row printed empty): its
            # blanks sit where its values would, right after the label
            gap = start + len(text[start:vstart].rstrip())
            out.append((key, Row(label, [], locate(gap, gap), run=True)))
            continue
        run_locate = _offset(locate, run_start)
        cell = Cell(run, run_locate(0, len(run)))
        out.append(
            (key, Row(label, [cell], locate(start, run_start + len(run)), run=True, locate=run_locate))
        )
    return out


def _offset(locate: Locate, start: int) -> Locate:
    return lambda a, b: locate(start + a, start + b)


_SENTENCE_END = re.compile(r"[。；！？;!?]")
_UNIT = re.compile(r"\s*[件条个项次人家份笔元万余多]")
_VALUE_TOKEN = re.compile(r"^(\d[\d,]*(\.\d+)?|/|—|－|-)$")


def _tokens(text: str, at: Locate | None, where: Where | None, offset: int = 0) -> list[Cell]:
    """The whitespace-separated tokens of text as cells, each pointing at its own characters."""
    return [
        Cell(m.group(0), at(offset + m.start(), offset + m.end()) if at else (where or Where()))
        for m in re.finditer(r"\S+", text)
    ]


def value_line(
    text: str, counts: tuple[int, ...], where: Where | None = None, at: Locate | None = None
) -> list[Cell] | None:
    """The cells of a line that holds nothing but `counts` values separated by whitespace."""
    tokens = text.split()
    if len(tokens) not in counts or not all(_VALUE_TOKEN.match(t) for t in tokens):
        return None
    if not any(t[0].isdigit() for t in tokens):
        return None
    return _tokens(text, at, where)


_EMBEDDED = re.compile(r"(?<![\d.,])\d[\d,]*(?:[ \t]+\d[\d,]*){5,6}(?![\d.,])")


def embedded_values(
    text: str, counts: tuple[int, ...], where: Where | None = None, at: Locate | None = None
) -> tuple[str, list[Cell]] | None:
    """A short line holding one row's values between fragments of its label, as text laid out
    from a table without ruling lines prints it ("一、本年新收政府信息217 1 0 0 0 0 218公开申请数量")."""
    m = _EMBEDDED.search(text)
    if m is None or _EMBEDDED.search(text, m.end()):
        return None
    tokens = m.group(0).split()
    rest = text[: m.start()] + text[m.end() :]
    # the label may keep its ordinal ("2.其"), but no other digits: those would be values
    if (
        len(tokens) not in counts
        or len(rest.strip()) > 40
        or re.search(r"\d", re.sub(r"[1-8][.．、]", "", rest, count=1))
    ):
        return None
    return rest.strip(), _tokens(m.group(0), at, where, m.start())
