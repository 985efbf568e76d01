"""A row or column of table 3 or 4 that is wrong as a whole: printed all 0 where the identities
need numbers (a 总计 column never filled in), or shifted by one row. One such mistake breaks
many identities at once; it is reported as one finding, with the failures it causes under it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from xxgk.report import Report
from xxgk.standard.identities import Identity
from xxgk.standard.table3 import APPLICANT_COLUMNS, COLUMN_BY_KEY, ROW_BY_KEY
from xxgk.standard.table4 import TABLE4_BLOCKS, TABLE4_COLUMNS

# A line counts as wrong as a whole only when at least this many of its cells are wrong and
# this many identities fail because of it; one wrong cell is the business of minimal_fixes.
MIN_CELLS = 2
MIN_FAILURES = 2


@dataclass(frozen=True)
class Line:
    """Cells of one row or column, in printed order, and how a clerk names the line."""

    cells: tuple[str, ...]
    name: str  # 表三“总计”列, 表三“（一）予以公开”行各类申请人列, 表四“总计”栏
    across: str  # "row" or "column": what the other coordinate of its cells names


@dataclass
class LineFault:
    code: str
    message: str
    cells: list[str]  # the cells that are wrong, in printed order
    corrected: dict[str, int]  # the values the identities give those cells
    explains: list[Identity]  # the failed identities this mistake accounts for


def _present(report: Report, paths: Iterator[str]) -> tuple[str, ...]:
    return tuple(p for p in paths if (c := report.cell(p)) is not None and c.status != "absent")


def _lines(report: Report) -> Iterator[Line]:
    """The lines that may be printed all 0 by mistake: the 总计 columns (never added up), the
    （七）总计 row, and a row's applicant cells where the row's own 总计 is not 0. A row of 0s is
    common otherwise (nothing of that kind happened) and never suspected."""

    def line(paths: Iterator[str], name: str, across: str) -> Line:
        return Line(_present(report, paths), name, across)

    rows = list(report.table3 or {})
    yield line((f"table3.{r}.total" for r in rows), f"表三“{COLUMN_BY_KEY['total'].label}”列", "row")
    if "results_total" in rows:
        label = ROW_BY_KEY["results_total"].label
        yield line((f"table3.results_total.{c}" for c in COLUMN_BY_KEY), f"表三“{label}”行", "column")
    for r in rows:
        if report.value(f"table3.{r}.total"):
            label = ROW_BY_KEY[r].label
            yield line(
                (f"table3.{r}.{c}" for c in APPLICANT_COLUMNS), f"表三“{label}”行各类申请人列", "column"
            )
    if report.table4:
        yield line((f"table4.{b}.total" for b in TABLE4_BLOCKS), f"表四“{TABLE4_COLUMNS['total']}”栏", "row")


def _columns(report: Report) -> Iterator[Line]:
    """Every column of table 3, for a shift by one row."""
    rows = list(report.table3 or {})
    for col, spec in COLUMN_BY_KEY.items():
        yield Line(_present(report, (f"table3.{r}.{col}" for r in rows)), f"表三“{spec.label}”列", "row")


def _part(path: str, across: str) -> str:
    """The other coordinate of a cell of a line: its row (of a column) or its column (of a row)."""
    table, row, col = path.split(".")
    if table == "table4":
        return f"“{TABLE4_BLOCKS[row]}”" if across == "row" else f"“{TABLE4_COLUMNS[col]}”"
    return f"“{ROW_BY_KEY[row].label}”" if across == "row" else f"“{COLUMN_BY_KEY[col].label}”列"


def _holds(identity: Identity, values: dict[str, int]) -> bool | None:
    if not all(c in values for c in identity.cells):
        return None
    return sum(values[c] for c in identity.lhs) == sum(values[c] for c in identity.rhs)


def _solve_for(path: str, identity: Identity, values: dict[str, int]) -> int:
    """The value of `path` that makes `identity` hold, the other cells as they are."""
    lhs = sum(values[c] for c in identity.lhs if c != path)
    rhs = sum(values[c] for c in identity.rhs if c != path)
    return rhs - lhs if path in identity.lhs else lhs - rhs


def _zero_line(
    line: Line, violated: list[Identity], ids: tuple[Identity, ...], values: dict[str, int]
) -> LineFault | None:
    """The line is printed all 0, yet the identities that cross it (each holding one of its
    cells) give several of its cells a value other than 0."""
    cells = set(line.cells)
    if len(line.cells) < MIN_CELLS or any(values.get(p) != 0 for p in line.cells):
        return None
    corrected: dict[str, int] = {}
    for path in line.cells:
        given = {
            _solve_for(path, i, values)
            for i in ids
            if path in i.cells and sum(c in cells for c in i.cells) == 1 and all(c in values for c in i.cells)
        }
        if len(given) == 1 and (v := given.pop()) > 0:
            corrected[path] = v
    if len(corrected) < MIN_CELLS:
        return None
    fixed = values | corrected
    explains = [i for i in violated if cells & set(i.cells) and _holds(i, fixed)]
    if len(explains) < MIN_FAILURES:
        return None
    should = "、".join(f"{_part(p, line.across)}应为{v}" for p, v in corrected.items())
    message = (
        f"{line.name}全部印为0，而按勾稽关系其中 {len(corrected)} 格不应为0：{should}；"
        f"由此有 {len(explains)} 条勾稽关系不成立（列在下面）"
    )
    return LineFault("IDENTITY.LINE_ZERO", message, list(corrected), corrected, explains)


def _shifted_column(
    line: Line, violated: list[Identity], ids: tuple[Identity, ...], values: dict[str, int]
) -> LineFault | None:
    """Moving the column's numbers one row down (or up) makes every identity it takes part in
    hold that could be checked, and mends several that failed."""
    if any(p not in values for p in line.cells):
        return None
    cells = set(line.cells)
    failing = [i for i in violated if cells & set(i.cells)]
    if len(failing) < MIN_FAILURES:
        return None
    touching = [i for i in ids if cells & set(i.cells)]
    printed = [values[p] for p in line.cells]
    for step in (1, -1):
        moved = {p: printed[i - step] for i, p in enumerate(line.cells) if 0 <= i - step < len(printed)}
        changed = {p: v for p, v in moved.items() if v != values[p]}
        if len(changed) < MIN_CELLS:
            continue
        fixed = {k: v for k, v in values.items() if k not in cells} | moved
        # the cell the move leaves empty takes the value its identities give it, if they agree
        (vacated,) = [p for p in line.cells if p not in moved]
        given = {
            _solve_for(vacated, i, fixed)
            for i in touching
            if vacated in i.cells and all(c in fixed for c in i.cells if c != vacated)
        }
        if len(given) == 1 and (v := given.pop()) >= 0:
            fixed[vacated] = v
            if v != values[vacated]:
                changed[vacated] = v
        checks = [_holds(i, fixed) for i in touching]
        explains = [i for i in failing if _holds(i, fixed)]
        if False in checks or len(explains) < MIN_FAILURES:
            continue
        first = next(i for i, p in enumerate(line.cells) if p in moved and p in changed and moved[p])
        src, dst = line.cells[first - step], line.cells[first]
        where = "上" if step == 1 else "下"
        message = (
            f"{line.name}的数字整列错了一行：每个数字都印在了应在位置的{where}一行"
            f"（如{_part(src, 'row')}行印的 {values[src]} 应属于{_part(dst, 'row')}行）；"
            f"按错开一行对齐后，该列的勾稽关系全部成立，原样则有 {len(explains)} 条不成立（列在下面）"
        )
        wrong = [p for p in line.cells if p in changed]
        return LineFault("IDENTITY.COLUMN_SHIFTED", message, wrong, {p: changed[p] for p in wrong}, explains)
    return None


def line_faults(
    report: Report, violated: list[Identity], ids: tuple[Identity, ...], values: dict[str, int]
) -> list[LineFault]:
    """Whole-line mistakes, the one accounting for most failures first; each failure is
    accounted for by at most one of them."""
    found: list[LineFault] = []
    left = list(violated)
    while left:
        candidates = [f for line in _lines(report) if (f := _zero_line(line, left, ids, values))]
        candidates += [f for line in _columns(report) if (f := _shifted_column(line, left, ids, values))]
        if not candidates:
            break
        best = max(candidates, key=lambda f: (len(f.explains), len(f.cells)))
        found.append(best)
        left = [i for i in left if all(i is not e for e in best.explains)]
    return found
