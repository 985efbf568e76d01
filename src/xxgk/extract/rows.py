"""Turning a Row's value cells into CellValues, shared by the three table builders."""

from __future__ import annotations

from collections.abc import Callable

from xxgk.document import Cell
from xxgk.extract.layout import Row
from xxgk.report import CellValue, Finding
from xxgk.values import parse_value


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


def row_values(
    row: Row,
    n: int,
    run: Callable[[str], list[CellValue]],
    lost: Callable[[], Finding],
    findings: list[Finding],
) -> list[CellValue]:
    """A row's n CellValues: blank when it printed nothing; digits that ran together in one cell
    go to `run`; cells that cannot be placed are all unreadable, with the finding `lost` makes."""
    printed = [c for c in row.cells if c.text.strip()]
    if not printed:
        # each blank cell keeps its own place when the row's cells can be placed
        placed = fit(row.cells, n, row.exact)
        wheres = [c.where for c in placed] if placed is not None else [row.where] * n
        return [CellValue(None, "", "blank", w) for w in wheres]
    if row.run or (len(printed) == 1 and n > 1 and fit(row.cells, n, row.exact) is None):
        return run(printed[0].text)
    cells = fit(row.cells, n, row.exact)
    if cells is not None:
        return [cell_value(c) for c in cells]
    findings.append(lost())
    return lost_row(row, n)
