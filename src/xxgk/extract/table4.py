"""Table 4: fifteen values in a fixed order (the header is often lost in conversion)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xxgk.catalogue import finding
from xxgk.document import Cell
from xxgk.extract.layout import Locate, Unit, cell_locate, merge_cell_lines, region_pieces
from xxgk.extract.rows import cell_value, fit, run_cells
from xxgk.report import CellValue, Finding, Grid, absent_cell
from xxgk.standard.table4 import TABLE4_BLOCKS, TABLE4_COLUMNS
from xxgk.textnorm import label_key
from xxgk.values import is_value_text, splits

N = len(TABLE4_BLOCKS) * len(TABLE4_COLUMNS)


@dataclass
class Table4:
    grid: Grid
    run: str | None = None
    candidates: list[tuple[int, ...]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _paths() -> list[tuple[str, str]]:
    return [(b, c) for b in TABLE4_BLOCKS for c in TABLE4_COLUMNS]


def build(units: list[Unit], span: tuple[tuple[int, int], tuple[int, int]]) -> Table4:
    grid: Grid = {b: {c: absent_cell() for c in TABLE4_COLUMNS} for b in TABLE4_BLOCKS}
    cells: list[Cell] = []
    exact = False
    run_text: str | None = None
    run_locate: Locate | None = None
    by_block: dict[str, list[Cell]] = {}
    for unit, start, end in merge_cell_lines(region_pieces(units, span)):
        if unit.cells is not None:
            row = [c for c in unit.cells if not c.continued or unit.exact]
            printed = [c for c in row if c.text.strip()]
            labelled = _block_row(row)
            if labelled is not None:
                by_block.setdefault(labelled[0], labelled[1])
                continue
            if printed and all(is_value_text(c.text) for c in printed):
                exact = exact or unit.exact
                cells.extend(row)
                if len(cells) >= N:
                    break
        elif not cells:
            m = re.search(r"\d[\d\s]*", unit.text[start:end])
            if m:
                run_text, run_locate = m.group(0), unit.locate(start + m.start())
                break
    out = Table4(grid)
    if len(by_block) == len(TABLE4_BLOCKS):
        # printed as three labelled rows of five (a transposed layout)
        for block, row_cells in by_block.items():
            for col, cell in zip(TABLE4_COLUMNS, row_cells, strict=True):
                grid[block][col] = cell_value(cell)
        return out
    if cells:
        fitted = fit(cells, N, exact)
        if fitted is None:
            if len(cells) == 1:
                run_text, run_locate = cells[0].text, cell_locate(cells[0])
            else:
                out.findings.append(
                    finding(
                        "T4.LAYOUT.CELLS",
                        f"表四读到 {len([c for c in cells if c.text.strip()])} 个数值，应为 {N} 个，无法确定各数值所在的列",
                        [f"table4.{b}.{c}" for b, c in _paths()],
                        cells[0].where,
                        "extraction",
                    )
                )
                for b, c in _paths():
                    grid[b][c] = CellValue(None, "", "unreadable", cells[0].where)
                return out
        else:
            for (b, c), cell in zip(_paths(), fitted, strict=True):
                grid[b][c] = cell_value(cell)
            return out
    if run_text is not None and run_locate is not None:
        out.run = run_text
        free = list(splits(run_text, [(N, False)], limit=2))
        cands = free if len(free) == 1 else list(splits(run_text, [(5, True)] * 3, limit=200))
        out.candidates = cands
        run_where = run_locate(0, len(run_text.rstrip()))
        read = run_cells(run_text, cands[0], run_locate) if len(cands) == 1 else None
        for i, (b, c) in enumerate(_paths()):
            if read is not None:
                grid[b][c] = read[i]
            else:
                grid[b][c] = CellValue(None, run_text.strip(), "unreadable", run_where)
        if len(cands) != 1:
            out.findings.append(
                finding(
                    "T4.DIGITS.RUN_TOGETHER",
                    f"表四的数字连在一起（“{run_text.strip()}”），按勾稽关系有{len(cands)}种拆分方式，无法唯一确定",
                    [f"table4.{b}.{c}" for b, c in _paths()],
                    run_where,
                    "extraction",
                )
            )
    return out


_BLOCK_LABELS = (
    ("litigation_after_review", re.compile(r"复议后起诉")),
    ("litigation_direct", re.compile(r"直接起诉|未经复议")),
    ("review", re.compile(r"^行政复议$|^复议$")),
)


def _block_row(row: list[Cell]) -> tuple[str, list[Cell]] | None:
    """A row of table 4 printed with its block's name and five values."""
    labels = [c for c in row if c.text.strip() and not is_value_text(c.text)]
    if not labels:
        return None
    key = label_key("".join(c.text for c in labels))
    values = row[row.index(labels[-1]) + 1 :]
    fitted = fit(values, len(TABLE4_COLUMNS), False)
    if fitted is None:
        return None
    for block, rx in _BLOCK_LABELS:
        if rx.search(key.replace("行政诉讼", "")):
            return block, fitted
    return None
