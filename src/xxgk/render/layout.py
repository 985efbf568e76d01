"""The three tables of a report laid out as printed: rows of cells with their spans, from the
standard. The printable page and the Markdown renderer draw from this; the DOCX renderer fills
the official template instead, and a test checks that both agree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from xxgk.report import CellValue, Report
from xxgk.standard.sections import SECTIONS
from xxgk.standard.table2 import LABEL_COLUMN, TABLE2, Table2Spec
from xxgk.standard.table3 import (
    COLUMN_GROUP,
    COLUMN_PARENT,
    GROUP_RESULTS,
    NOTE,
    TABLE3_COLUMNS,
    RowSpec,
    table3_rows,
)
from xxgk.standard.table4 import BLOCK_HEADINGS, TABLE4_BLOCKS, TABLE4_COLUMNS

TABLE2_GRID = 4  # 信息内容 + three value columns
TABLE3_LABEL_COLUMNS = 3
# The official template's grid column widths (twips), which the page and workbook follow.
GRID_WIDTHS: dict[str, tuple[int, ...]] = {
    "table2": (2435,) * 4,
    "table3": (754, 921, 3271) + (685,) * 7,
    "table4": (649,) * 7 + (650,) * 8,
}


@dataclass(frozen=True, slots=True)
class LCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    value: bool = False  # a number cell (else a label or header)
    path: str | None = None  # table.row.col of a value cell


Layout = list[list[LCell]]


def version_of(report: Report) -> str:
    return "2019" if report.format_version == "2019" else "2021"


def table3_printed_rows(report: Report) -> tuple[RowSpec, ...]:
    """Table 3's rows as printed: a 2021 report whose （六） is one row prints it as the trial
    format does (its three sub-rows are absent)."""
    collapsed = version_of(report) == "2019" or report.table3_collapsed_other
    return table3_rows("2019" if collapsed else "2021")


def title_of(report: Report) -> str:
    if report.agency and report.year:
        return f"{report.agency}{report.year}年政府信息公开工作年度报告"
    return report.title or "政府信息公开工作年度报告"


def signature(report: Report) -> list[str]:
    """The closing lines: agency and the date the report is signed (when the data gives it)."""
    if not report.published:
        return []
    try:
        d = date.fromisoformat(report.published[:10])
    except ValueError:
        return []
    return [report.agency or "", f"{d.year}年{d.month}月{d.day}日"]


def headings() -> list[str]:
    return [s.heading for s in SECTIONS]


def format_value(value: int | Decimal | float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)


def cell_text(cell: CellValue | None) -> str:
    """What a cell prints: its number (a forced one too), a placeholder as printed, else nothing."""
    if cell is None:
        return ""
    if cell.status in ("number", "inferred"):
        return format_value(cell.value)
    if cell.status == "placeholder":
        return cell.raw
    return ""


def _value(report: Report, table: str, row: str, col: str, colspan: int = 1) -> LCell:
    path = f"{table}.{row}.{col}"
    return LCell(cell_text(report.cell(path)), colspan=colspan, value=True, path=path)


def value_spans(n: int) -> list[int]:
    """How n value columns share table 2's three value grid columns (1 → [3], 2 → [1, 2])."""
    return {1: [3], 2: [1, 2], 3: [1, 1, 1]}[n]


def table2_spec(report: Report) -> Table2Spec:
    return TABLE2[version_of(report)]


def table2_layout(report: Report) -> Layout:
    spec = table2_spec(report)
    rows: Layout = []
    group = None
    for row in spec.rows:
        spans = value_spans(len(row.columns))
        if row.group != group:
            group = row.group
            rows.append([LCell(group, colspan=TABLE2_GRID)])
            rows.append(
                [LCell(LABEL_COLUMN)]
                + [LCell(spec.columns[c], colspan=s) for c, s in zip(row.columns, spans, strict=True)]
            )
        rows.append(
            [LCell(row.label)]
            + [_value(report, "table2", row.key, c, s) for c, s in zip(row.columns, spans, strict=True)]
        )
    return rows


def _results_rows(rows: tuple[RowSpec, ...]) -> list[RowSpec]:
    return [r for r in rows if r.group is not None]


def table3_layout(report: Report) -> Layout:
    rows = table3_printed_rows(report)
    applicants = [c for c in TABLE3_COLUMNS if c.key != "total"]
    total = TABLE3_COLUMNS[-1]
    out: Layout = [
        [
            LCell(NOTE, colspan=TABLE3_LABEL_COLUMNS, rowspan=3),
            LCell(COLUMN_GROUP, colspan=len(TABLE3_COLUMNS)),
        ],
        [LCell(applicants[0].label, rowspan=2), LCell(COLUMN_PARENT, colspan=len(applicants) - 1)]
        + [LCell(total.label, rowspan=2)],
        [LCell(c.label) for c in applicants[1:]],
    ]
    results = _results_rows(rows)
    seen_groups: set[str] = set()
    for row in rows:
        labels: list[LCell] = []
        if row.group is None:
            labels.append(LCell(row.label, colspan=TABLE3_LABEL_COLUMNS))
        else:
            if GROUP_RESULTS not in seen_groups:
                seen_groups.add(GROUP_RESULTS)
                labels.append(LCell(GROUP_RESULTS, rowspan=len(results)))
            if row.group == GROUP_RESULTS:
                labels.append(LCell(row.label, colspan=TABLE3_LABEL_COLUMNS - 1))
            else:
                if row.group not in seen_groups:
                    seen_groups.add(row.group)
                    size = sum(1 for r in rows if r.group == row.group)
                    labels.append(LCell(row.group, rowspan=size))
                labels.append(LCell(row.label))
        out.append(labels + [_value(report, "table3", row.key, c.key) for c in TABLE3_COLUMNS])
    return out


def table4_layout(report: Report) -> Layout:
    blocks = list(TABLE4_BLOCKS)
    n = len(TABLE4_COLUMNS)
    labels = list(TABLE4_COLUMNS.values())
    return [
        [LCell(BLOCK_HEADINGS["review"], colspan=n), LCell(BLOCK_HEADINGS["litigation"], colspan=2 * n)],
        [LCell(label, rowspan=2) for label in labels]
        + [LCell(BLOCK_HEADINGS[b], colspan=n) for b in blocks[1:]],
        [LCell(label) for _ in blocks[1:] for label in labels],
        [_value(report, "table4", b, c) for b in blocks for c in TABLE4_COLUMNS],
    ]


def layouts(report: Report) -> dict[str, Layout]:
    return {"table2": table2_layout(report), "table3": table3_layout(report), "table4": table4_layout(report)}
