"""What the tables say, for rules that compare them with something else.

A comparison must not accuse a report on the strength of a cell we could not read. So a
quantity is a set of *candidate* values: one value for a printed or inferred cell; for a
table-3 total also the sum of its applicant columns (a report whose 总计 column is wrong is
compared with both); for a table-2 row whose digits ran together, every value the digits
allow in that column. None means unknown: say nothing."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import product

from xxgk.extract.cells import splits
from xxgk.report import CellValue, Report
from xxgk.standard.table2 import AMOUNT_COLUMNS, TABLE2
from xxgk.standard.table3 import APPLICANT_COLUMNS, ROW_BY_KEY, TABLE3_COLUMNS
from xxgk.standard.table4 import TABLE4_BLOCKS, TABLE4_COLUMNS

Candidates = frozenset[int]
_SPLIT_LIMIT = 500
_COLUMN_LABEL = {c.key: c.label for c in TABLE3_COLUMNS}

# Table-3 outcome groups as the narrative names them: category -> rows (2021 rows, then the
# single 2019 （六） row that a trial table or a collapsed 2021 table prints instead).
OUTCOME_ROWS: dict[str, tuple[str, ...]] = {
    "granted": ("granted",),
    "partially_granted": ("partially_granted",),
    "granted_or_partial": ("granted", "partially_granted"),
    "denied": (
        "denied_state_secret",
        "denied_prohibited_by_law",
        "denied_three_safety_one_stability",
        "denied_third_party_rights",
        "denied_internal_affairs",
        "denied_process_info",
        "denied_enforcement_files",
        "denied_query_matter",
    ),
    "unable": ("unable_not_held", "unable_needs_creation", "unable_unclear_after_correction"),
    "not_processed": (
        "not_processed_petition_complaint",
        "not_processed_duplicate",
        "not_processed_publication",
        "not_processed_mass_repeated",
        "not_processed_confirm_or_reissue",
    ),
    "other": ("other_overdue_correction", "other_overdue_fee", "other_misc", "other_processing"),
}
OUTCOME_LABELS = {
    "granted": "予以公开",
    "partially_granted": "部分公开",
    "granted_or_partial": "予以公开和部分公开",
    "denied": "不予公开",
    "unable": "无法提供",
    "not_processed": "不予处理",
    "other": "其他处理",
}


_T2_ROWS = {r.key: r.label for spec in TABLE2.values() for r in spec.rows}
_T2_COLUMNS = {k: v for spec in TABLE2.values() for k, v in spec.columns.items()}


def column_label(col: str) -> str:
    return _COLUMN_LABEL.get(col, col)


def cell_name(path: str) -> str:
    """table3.granted.natural_person -> 表三“（一）予以公开”行“自然人”列."""
    table, row, col = path.split(".")
    if table == "table3":
        label = ROW_BY_KEY[row].label if row in ROW_BY_KEY else row
        return f"表三“{label}”行“{column_label(col)}”列"
    if table == "table4":
        return f"表四“{TABLE4_BLOCKS.get(row, row)}”“{TABLE4_COLUMNS.get(col, col)}”"
    return f"表二“{_T2_ROWS.get(row, row)}”“{_T2_COLUMNS.get(col, col)}”"


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
    if any(x is None or x.status != "unreadable" or x.raw != c.raw for x in cells):
        return None
    found = list(splits(c.raw, [(len(row.columns), False)], limit=_SPLIT_LIMIT))
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
