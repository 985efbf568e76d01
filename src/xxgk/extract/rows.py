"""Turning a Row's value cells into CellValues, shared by the three table builders."""

from __future__ import annotations

from xxgk.document import Cell
from xxgk.extract.cells import parse_value
from xxgk.extract.layout import Row
from xxgk.report import CellValue


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


def place(row: Row, n: int) -> tuple[str, list[Cell] | str | None]:
    """How a row's value cells become n cells: ("blank", None) when it printed nothing,
    ("run", text) when one cell holds digits that ran together, ("cells", cells) when they
    fit, ("lost", None) when they cannot be placed."""
    printed = [c for c in row.cells if c.text.strip()]
    if not printed:
        return "blank", None
    if row.run or (len(printed) == 1 and n > 1 and fit(row.cells, n, row.exact) is None):
        return "run", printed[0].text
    cells = fit(row.cells, n, row.exact)
    return ("cells", cells) if cells is not None else ("lost", None)


def blank_row(row: Row, n: int) -> list[CellValue]:
    return [CellValue(None, "", "blank", row.where) for _ in range(n)]
