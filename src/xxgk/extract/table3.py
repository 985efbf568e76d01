"""Table 3: map rows to keys by their labels, columns by the header, values to cells."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from xxgk.catalogue import finding
from xxgk.document import Cell, Where
from xxgk.extract.layout import (
    Locate,
    Row,
    Unit,
    embedded_values,
    fuzzy,
    grid_row,
    merge_cell_lines,
    region_pieces,
    stream_rows,
    value_line,
)
from xxgk.extract.rows import lost_row, row_values, run_cells
from xxgk.report import CellValue, Finding, Grid, absent_cell
from xxgk.standard.table3 import (
    OTHER_SUBROWS,
    ROW_BY_KEY,
    SUBTOTAL_COLUMN_LABEL,
    SUBTOTAL_ROW_PATTERN,
    TABLE3_COLUMNS,
    TABLE3_ROWS,
    table3_rows,
)
from xxgk.textnorm import label_key_ocr
from xxgk.values import parse_value, splits

_STREAM = [(r.key, fuzzy(r.stream)) for r in TABLE3_ROWS if r.stream]
_ORDER_2021 = [r.key for r in table3_rows("2021")]


@dataclass
class RunRow:
    """A row whose digits ran together: every split of them that its own total allows."""

    key: str
    raw: str
    where: Where
    candidates: list[tuple[int, ...]]
    complete: bool  # False when the enumeration hit its limit
    locate: Locate | None = None  # where the characters of `raw` sit, for the split chosen later


@dataclass
class Table3:
    grid: Grid
    version: str  # "2021" or "2019" as the rows show it
    collapsed_other: bool
    columns: list[str]
    runs: list[RunRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    labels: dict[str, tuple[str, Where]] = field(default_factory=dict)  # row key -> printed sub-label
    guessed: set[str] = field(default_factory=set)  # row keys placed by order alone


def _match_row(label: str) -> str | None:
    key = label_key_ocr(label)
    if not key:
        return None
    best: tuple[int, int, str] | None = None
    for spec in TABLE3_ROWS:
        for m in spec.pattern.finditer(key):
            cand = (m.start(), m.end() - m.start(), spec.key)
            if best is None or cand[:2] > best[:2]:
                best = cand
    return best[2] if best else None


def _header_columns(rows: list[Row]) -> list[str]:
    found: set[str] = set()
    for row in rows:
        for cell in row.label_cells + row.cells:
            key = label_key_ocr(cell.text)
            for spec in TABLE3_COLUMNS:
                if spec.pattern.match(key):
                    found.add(spec.key)
    return [c.key for c in TABLE3_COLUMNS if c.key in found]


def _before_first_row(text: str) -> str:
    starts = [m.start() for _, rx in _STREAM for m in [rx.search(text)] if m]
    return text[: min(starts)] if starts else text


_COLUMN_TEXT = [(c.key, fuzzy(c.label)) for c in TABLE3_COLUMNS if c.key not in ("other", "total")]


def _header_columns_text(text: str) -> list[str]:
    """Columns named in a header printed as running text; 其他 only where it is not part of
    法人或其他组织 or of the note."""
    text = re.sub(r"[（(]本列.*?[)）]|法\s*人\s*或\s*其\s*他\s*组\s*织", "", text)
    found = [k for k, rx in _COLUMN_TEXT if rx.search(text)]
    if "自然人" not in text.replace(" ", "") or len(found) < 4:
        return []
    if re.search(r"其\s*他", text):
        found.append("other")
    if re.search(r"总\s*[计记]|合\s*计", text):
        found.append("total")
    return [c.key for c in TABLE3_COLUMNS if c.key in found]


def build(units: list[Unit], span: tuple[tuple[int, int], tuple[int, int]]) -> Table3:
    header_rows: list[Row] = []
    header_text: list[str] = []  # header printed as running text (flattened or layout text)
    subtotals: list[Row] = []  # category rows with numbers: not in the format, not data
    data: list[tuple[str | None, Row]] = []
    for unit, start, end in merge_cell_lines(region_pieces(units, span)):
        if unit.cells is not None:
            row = grid_row(unit)
            if row is None:
                continue
            has_values = any(c.text.strip() for c in row.cells)
            key = _match_row(row.label) if row.label else None
            if key is None and has_values and SUBTOTAL_ROW_PATTERN.search(label_key_ocr(row.label)):
                subtotals.append(row)
                continue
            if not has_values and (key is None or _HEADER.search(label_key_ocr(row.label))):
                header_rows.append(
                    row
                )  # a header row (自然人…总计), or a label wrapped onto a row of its own
                continue
            if not has_values and not data:
                header_rows.append(row)
            data.append((key, row))
        else:
            text = unit.text[start:end]
            values = value_line(text, (6, 7), unit.where, at=unit.locate(start))
            if values is not None:
                # a line of values alone: layout text prints a tall row's values above or below
                # its label; it takes the next row of the standard, like an unlabeled grid row
                data.append((None, Row("", values, unit.where)))
                continue
            embedded = embedded_values(text, (6, 7), unit.where, at=unit.locate(start))
            if embedded is not None:
                label, cells = embedded
                data.append((_match_row(label) if label else None, Row(label, cells, unit.where)))
                continue
            found = stream_rows(text, unit.where, _STREAM, bare=True, at=unit.locate(start))
            if not data:
                header_text.append(_before_first_row(text))
            # label fragments without any values (a label wrapped out of its grid) place nothing
            if any(r.cells for _, r in found):
                data.extend(found)
    # drop label-only rows that are group headings, e.g. （六）其他处理 above its sub-rows
    has_sub = any(k in OTHER_SUBROWS for k, _ in data)
    data = [(k, r) for k, r in data if not (k == "other_processing" and has_sub and not _has_digits(r))]

    findings: list[Finding] = []
    if subtotals:
        findings.append(
            finding(
                "T3.STRUCTURE.SUBTOTAL_ROW",
                "表三印有格式中没有的小计行（"
                + "、".join(r.label.strip()[:12] for r in subtotals)
                + "），已忽略这些行，不计入勾稽关系",
                [],
                subtotals[0].where,
                "source",
            )
        )
    data = _drop_subtotal_column(data, findings)

    # columns: those the header names, when the rows agree; else the standard's seven
    header_cols = _header_columns(header_rows) or _header_columns_text("".join(header_text))
    counts = Counter(_count(r) for _, r in data if not r.run and _count(r))
    modal = counts.most_common(1)[0][0] if counts else 7
    if len(header_cols) >= 5 and (not counts or modal == len(header_cols)):
        columns = header_cols
    else:
        columns = [c.key for c in TABLE3_COLUMNS]
    n = len(columns)

    collapsed = any(k == "other_processing" for k, _ in data) and not has_sub
    version = "2019" if collapsed else "2021"
    assigned: dict[str, Row] = {}
    conflicts: set[str] = set()
    guessed: set[str] = set()  # rows placed by their order alone: no label of theirs was legible
    last = -1
    for key, row in data:
        if key is None and not row.run and _count(row) < n - 1:
            continue  # a stray line of one or two numbers (a page footer inside the table): no row
        if key is None:
            # an unlabeled row of values: the next row of the standard after the last one placed
            nxt = next((k for k in _ORDER_2021[last + 1 :] if k not in assigned), None)
            if nxt is None:
                continue
            key = nxt
            guessed.add(key)
        if key in assigned:
            if _has_digits(row) and not _has_digits(assigned[key]):
                assigned[key] = row
            elif _has_digits(row) and _printed(row) != _printed(assigned[key]):
                conflicts.add(key)  # two different rows of values claim one row of the standard
            continue
        assigned[key] = row
        if key in _ORDER_2021:
            last = max(last, _ORDER_2021.index(key))

    if [k for k in OTHER_SUBROWS if k in assigned] == ["other_overdue_correction"] and (
        "other_overdue_correction" in guessed
    ):
        # one unlabeled row between （五） and （七）: the （六） category printed as one row
        assigned["other_processing"] = assigned.pop("other_overdue_correction")
        guessed = (guessed - {"other_overdue_correction"}) | {"other_processing"}
        collapsed = True
        version = "2019"
    start = _dominant_start([r for _, r in data], n)
    row_keys = [r.key for r in table3_rows(version)]
    if collapsed and version == "2021":
        row_keys.insert(row_keys.index("results_total"), "other_processing")
    grid: Grid = {}
    runs: list[RunRow] = []
    for key in row_keys:
        grid[key] = {c.key: absent_cell() for c in TABLE3_COLUMNS}
        row = assigned.get(key)
        if row is None:
            continue
        if key in conflicts:
            findings.append(
                finding(
                    "T3.LAYOUT.DUPLICATE_ROW",
                    f"表三有两行不同的数字都对应“{ROW_BY_KEY[key].label}”，无法判断哪一行是它，这一行按无法读取处理",
                    [f"table3.{key}.{c}" for c in columns],
                    row.where,
                    "extraction",
                )
            )
            values = lost_row(row, n)
        else:
            values = _row_values(_aligned(row, n, start), n, columns, key, runs, findings)
        for col, cv in zip(columns, values, strict=True):
            grid[key][col] = cv
    printed = {
        k: (r.label_cells[-1].text, r.where) for k, r in assigned.items() if r.label_cells and not r.run
    }
    return Table3(grid, version, collapsed, columns, runs, findings, printed, guessed)


def with_2021_subrows(grid: Grid) -> Grid:
    """A collapsed （六） in a 2021-format report: the three sub-rows exist in the format but not
    in this table, so they are reported absent beside other_processing."""
    out: Grid = {}
    for key, cols in grid.items():
        if key == "other_processing":
            for sub in OTHER_SUBROWS:
                out[sub] = {c.key: absent_cell() for c in TABLE3_COLUMNS}
        out[key] = cols
    return out


def _drop_subtotal_column(
    data: list[tuple[str | None, Row]], findings: list[Finding]
) -> list[tuple[str | None, Row]]:
    """Rows of eight values whose second is the sum of the next five carry a 法人或其他组织
    subtotal column the format does not have: drop it (and say so)."""
    eight = [r for _, r in data if not r.run and _count(r) == 8]
    if len(eight) < 3:
        return data

    def printed(r: Row) -> list[int | None]:
        cells = [c for c in r.cells if c.text.strip()]
        return [v if isinstance(v, int) else None for v in (parse_value(c.text)[1] for c in cells)]

    votes = [p for p in map(printed, eight) if None not in p]
    if not votes or sum(p[1] == sum(p[2:7]) for p in votes) < 0.8 * len(votes):
        return data
    findings.append(
        finding(
            "T3.STRUCTURE.SUBTOTAL_COLUMN",
            f"表三多印了一列“{SUBTOTAL_COLUMN_LABEL}”（格式中没有），已忽略该列",
            [],
            eight[0].where,
            "source",
        )
    )
    out: list[tuple[str | None, Row]] = []
    for key, r in data:
        if r in eight:
            idx = [i for i, c in enumerate(r.cells) if c.text.strip()]
            r = Row(
                r.label,
                [c for i, c in enumerate(r.cells) if i != idx[1]],
                r.where,
                exact=r.exact,
                label_cells=r.label_cells,
                first_index=r.first_index,
            )
        out.append((key, r))
    return out


def _printed_at(row: Row) -> list[int]:
    return [row.first_index + i for i, c in enumerate(row.cells) if c.text.strip()]


def _dominant_start(rows: list[Row], n: int) -> int | None:
    """In tab-separated text, the position where the values start, if the rows agree on it.

    Only rows printing all n values, side by side, vote; at least 80% of them must agree."""
    votes = Counter()
    for row in rows:
        if row.exact or row.run:
            continue
        at = _printed_at(row)
        if len(at) == n and at[-1] - at[0] == n - 1:
            votes[at[0]] += 1
    if not votes:
        return None
    start, count = votes.most_common(1)[0]
    return start if count >= 3 and count >= 0.8 * sum(votes.values()) else None


def _aligned(row: Row, n: int, start: int | None) -> Row:
    """A partial row placed by position, when the table's rows agree where values start:
    a lost cell then stays where it was lost instead of shifting its neighbours."""
    if start is None or row.exact or row.run:
        return row
    at = _printed_at(row)
    if not at or len(at) == n or at[0] < start or at[-1] >= start + n:
        return row
    by_pos = {row.first_index + i: c for i, c in enumerate(row.cells)}
    beyond = Where(line=row.where.line, page=row.where.page)  # past the row's last field
    cells = [by_pos.get(p) or Cell("", beyond) for p in range(start, start + n)]
    return Row(row.label, cells, row.where, exact=True, label_cells=row.label_cells, first_index=start)


# A row of column headings, never a data row, whatever row label it happens to contain (总计).
_HEADER = re.compile(r"自然人|法人或其他组织|申请人情况|商业企业|科研机构")


def _printed(row: Row) -> list[str]:
    return [c.text.strip() for c in row.cells if c.text.strip()]


def _has_digits(row: Row) -> bool:
    return any(any(ch.isdigit() for ch in c.text) for c in row.cells)


def _count(row: Row) -> int:
    """Value cells from the first to the last printed one."""
    idx = [i for i, c in enumerate(row.cells) if c.text.strip()]
    return idx[-1] - idx[0] + 1 if idx else 0


def _row_values(
    row: Row, n: int, columns: list[str], key: str, runs: list[RunRow], findings: list[Finding]
) -> list[CellValue]:
    return row_values(
        row,
        n,
        lambda text, locate: _run_values(text, locate, n, columns, key, runs),
        lambda: finding(
            "T3.LAYOUT.CELLS",
            f"表三“{ROW_BY_KEY[key].label}”行的数值个数（{_count(row)}）与列数（{n}）不符，无法确定各数值所在的列",
            [f"table3.{key}.{c}" for c in columns],
            row.where,
            "extraction",
        ),
        findings,
    )


def _run_values(
    text: str, locate: Locate, n: int, columns: list[str], key: str, runs: list[RunRow]
) -> list[CellValue]:
    digits = text.strip()
    if digits.isdigit() and len(digits) == n:  # one digit per cell: the only split
        return run_cells(text, [int(d) for d in digits], locate)
    free = list(splits(text, [(n, False)], limit=2))
    if len(free) == 1:
        return run_cells(text, free[0], locate)
    summed = "total" in columns
    limit = 500
    where = locate(0, len(text))
    cands = list(splits(text, [(n, summed)], limit=limit))
    runs.append(RunRow(key, text, where, cands, complete=len(cands) < limit, locate=locate))
    if len(cands) == 1 and len(cands) < limit:
        return run_cells(text, cands[0], locate)
    return [CellValue(None, text.strip(), "unreadable", where) for _ in range(n)]
