"""What the tables say, for rules that compare them with something else.

A comparison must not accuse a report on the strength of a cell we could not read. So a
quantity is a set of *candidate* values: one value for a printed or inferred cell; for a
table-3 total also the sum of its applicant columns (a report whose 总计 column is wrong is
compared with both); for a table-2 row whose digits ran together, every value the digits
allow in that column. None means unknown: say nothing."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import product

from xxgk.report import CellValue, Report
from xxgk.standard.table2 import AMOUNT_COLUMNS, TABLE2
from xxgk.standard.table3 import APPLICANT_COLUMNS, COLUMN_BY_KEY, OUTCOME_CATEGORIES
from xxgk.standard.table4 import TABLE4_COLUMNS
from xxgk.values import run_splits

Candidates = frozenset[int]
_SPLIT_LIMIT = 500

# Table-3 outcome groups as the narrative names them (the standard's categories, plus the
# 予以公开及部分公开 pair narratives often state together).
OUTCOME_ROWS: dict[str, tuple[str, ...]] = {k: rows for k, (_, rows) in OUTCOME_CATEGORIES.items()}
OUTCOME_ROWS["granted_or_partial"] = OUTCOME_ROWS["granted"] + OUTCOME_ROWS["partially_granted"]
OUTCOME_LABELS = {k: name for k, (name, _) in OUTCOME_CATEGORIES.items()}
OUTCOME_LABELS["granted_or_partial"] = f"{OUTCOME_LABELS['granted']}和{OUTCOME_LABELS['partially_granted']}"


def column_label(col: str) -> str:
    return COLUMN_BY_KEY[col].label if col in COLUMN_BY_KEY else col


def sums(parts: Iterable[Candidates | None]) -> Candidates | None:
    """Every sum of one candidate from each part; None if any part is unknown."""
    out: Candidates = frozenset({0})
    for p in parts:
        if p is None:
            return None
        out = frozenset(a + b for a, b in product(out, p))
        if len(out) > _SPLIT_LIMIT:
            return None
    return out


def cell(report: Report, path: str) -> Candidates | None:
    c = report.cell(path)
    if c is None or c.status == "absent":
        return None
    if c.known and c.value is not None:
        return frozenset({int(c.value)}) if c.value == int(c.value) else None
    if path.startswith("table2.") and c.status == "unreadable":
        return _run_candidates(report, path, c)
    return None


def _run_candidates(report: Report, path: str, c: CellValue) -> Candidates | None:
    """The values a table-2 cell may hold when its row's digits ran together ("77132470")."""
    _, row_key, col = path.split(".")
    spec = TABLE2.get(report.format_version or "")
    row = next((r for r in spec.rows if r.key == row_key), None) if spec else None
    if row is None or col in AMOUNT_COLUMNS or any(k in AMOUNT_COLUMNS for k in row.columns):
        return None
    cells = [report.cell(f"table2.{row_key}.{k}") for k in row.columns]
    if any(x is None or x.status not in ("unreadable", "number") or x.raw != c.raw for x in cells):
        return None
    found = run_splits(c.raw, len(row.columns), row.signed, limit=_SPLIT_LIMIT)
    if not found or len(found) >= _SPLIT_LIMIT:
        return None
    i = row.columns.index(col)
    return frozenset(s[i] for s in found)


def t3(report: Report, row: str, col: str = "total") -> Candidates | None:
    """A table-3 cell; for the 总计 column also the sum of the applicant columns."""
    printed = cell(report, f"table3.{row}.{col}")
    if col != "total":
        return printed
    cols = [
        c
        for c in APPLICANT_COLUMNS
        if (x := report.cell(f"table3.{row}.{c}")) is not None and x.status != "absent"
    ]
    summed = sums(cell(report, f"table3.{row}.{c}") for c in cols) if cols else None
    if printed is None:
        return summed
    return printed | summed if summed else printed


def present_rows(report: Report, rows: Iterable[str]) -> list[str]:
    """The rows of `rows` that this report's table 3 prints (not absent)."""
    out = []
    for r in rows:
        c = report.cell(f"table3.{r}.total")
        if c is not None and c.status != "absent":
            out.append(r)
    return out


def t3_rows(report: Report, rows: Iterable[str], col: str = "total") -> Candidates | None:
    present = present_rows(report, rows)
    return sums(t3(report, r, col) for r in present) if present else None


def t4(report: Report, block: str, col: str) -> Candidates | None:
    """A table-4 cell; for 总计 also the sum of the block's four results."""
    printed = cell(report, f"table4.{block}.{col}")
    if col != "total":
        return printed
    summed = sums(cell(report, f"table4.{block}.{c}") for c in TABLE4_COLUMNS if c != "total")
    if printed is None:
        return summed
    return printed | summed if summed else printed


def t4_columns() -> tuple[str, ...]:
    return tuple(c for c in TABLE4_COLUMNS if c != "total")


def show(c: Candidates) -> str:
    """A candidate set for a message: 45, or 45或46."""
    return "或".join(str(v) for v in sorted(c)[:4]) + ("等" if len(c) > 4 else "")
