"""Turning a Row's value cells into CellValues, shared by the three table builders."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from xxgk.document import Cell, Where
from xxgk.extract.layout import Locate, Row, cell_locate
from xxgk.report import CellValue, Finding
from xxgk.values import parse_value, value_spans


def cell_value(cell: Cell) -> CellValue:
    status, value, unit = parse_value(cell.text)
    if status == "unreadable" and cell.confidence is not None:
        status = "unreadable"
    cv = CellValue(value, cell.text, status, cell.where, unit=unit, confidence=cell.confidence)  # type: ignore[arg-type]
    return cv


def fit(cells: list[Cell], n: int, exact: bool) -> list[Cell] | None:
    """The row's n value cells, or None when they cannot be placed.

    Empty cells beyond n are padding of merged label columns or of the line's end (PDF
    text): drop trailing ones first, then leading ones. An exact grid keeps its positions."""
    if exact:
        return cells[-n:] if len(cells) >= n else None
    cells = [c for c in cells if not c.continued]
    if len(cells) == n:
        return cells
    if len(cells) > n:
        out = list(cells)
        while len(out) > n and not out[-1].text.strip():
            out.pop()
        while len(out) > n and not out[0].text.strip():
            out.pop(0)
        return out if len(out) == n else None
    return None


def lost_row(row: Row, n: int) -> list[CellValue]:
    """A row whose values cannot be placed: every cell unreadable, the printed text kept."""
    raw = " ".join(c.text for c in row.cells if c.text.strip())
    return [CellValue(None, raw, "unreadable", row.where) for _ in range(n)]


def run_cells(text: str, values: Sequence[int | Decimal], locate: Locate) -> list[CellValue]:
    """The numbers one split of a run of digits gives, each pointing at its own digits."""
    spans = value_spans(text, values)
    if spans is None:
        where = locate(0, len(text))
        return [CellValue(v, str(v), "number", where) for v in values]
    return [CellValue(v, text[a:b], "number", locate(a, b)) for v, (a, b) in zip(values, spans, strict=True)]


def _line_of(where: Where) -> Where:
    """A row's place without the span of its label: where a blank of it is, as near as text says."""
    return Where(line=where.line, page=where.page, table=where.table, row=where.row)


def row_values(
    row: Row,
    n: int,
    run: Callable[[str, Locate], list[CellValue]],
    lost: Callable[[], Finding],
    findings: list[Finding],
) -> list[CellValue]:
    """A row's n CellValues: blank when it printed nothing; digits that ran together in one cell
    go to `run` with where their characters sit; cells that cannot be placed are all unreadable,
    with the finding `lost` makes."""
    printed = [c for c in row.cells if c.text.strip()]
    if not printed:
        if row.run:  # flattened text: the blanks sit right after the label
            return [CellValue(None, "", "blank", row.where) for _ in range(n)]
        cells = fit(row.cells, n, True) if row.exact else None
        if cells is not None:  # a real grid: each blank is a cell of its own
            return [cell_value(c) for c in cells]
        return [CellValue(None, "", "blank", _line_of(row.where)) for _ in range(n)]
    if row.run or (len(printed) == 1 and n > 1 and fit(row.cells, n, row.exact) is None):
        locate = row.locate if row.run and row.locate else cell_locate(printed[0])
        return run(printed[0].text, locate)
    cells = fit(row.cells, n, row.exact)
    if cells is not None:
        return [cell_value(c) for c in cells]
    findings.append(lost())
    return lost_row(row, n)
