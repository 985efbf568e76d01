"""Table 2: the rows of 第二十条 items, columns by format version."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from xxgk.catalogue import finding
from xxgk.extract.layout import (
    Locate,
    Row,
    Unit,
    fuzzy,
    grid_row,
    merge_cell_lines,
    region_pieces,
    stream_rows,
)
from xxgk.extract.rows import row_values, run_cells
from xxgk.report import CellValue, Finding, Grid, absent_cell
from xxgk.standard.table2 import AMOUNT_COLUMNS, TABLE2, Table2Row, Table2Spec
from xxgk.textnorm import label_key
from xxgk.values import parse_change, parse_value, run_splits, split_decimal_tail, value_spans, without_note

_STREAM = {
    "regulations": r"规章",
    "normative_documents": r"(?:行政)?规范性文件|規範性檔案",
    "licensing": r"行政许可",
    "other_services": r"其他对外管理服务事项",
    "penalty": r"行政处罚",
    "coercion": r"行政强制",
    "fees": r"行政事业性收费",
    "procurement": r"政府集中采购",
}
_STREAM_RX = [(k, fuzzy(v)) for k, v in _STREAM.items()]
_COLUMN_LABELS = {**TABLE2["2021"].columns, **TABLE2["2019"].columns}
# readings of a run tried before giving up; fewer means the readings were all found
RUN_LIMIT = 2000


@dataclass
class Table2:
    grid: Grid
    version: str | None
    findings: list[Finding] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # row key -> label as printed


def detect_version(text: str) -> str | None:
    key = label_key(text)
    v2019 = TABLE2["2019"].marker.search(key)
    v2021 = TABLE2["2021"].marker.search(key)
    if v2019 and not v2021:
        return "2019"
    if v2021 and not v2019:
        return "2021"
    if v2019 and v2021:
        return "mixed"
    return None


def _match(spec: Table2Spec, label: str) -> Table2Row | None:
    key = label_key(label)
    for row in sorted(spec.rows, key=lambda r: -len(r.label)):
        if row.pattern.search(key):
            return row
    return None


def build(units: list[Unit], span: tuple[tuple[int, int], tuple[int, int]]) -> Table2:
    pieces = merge_cell_lines(region_pieces(units, span))
    region_text = "\n".join(u.text[s:e] for u, s, e in pieces)
    version = detect_version(region_text)
    findings: list[Finding] = []
    spec = TABLE2["2019" if version == "2019" else "2021"]
    rows: dict[str, Row] = {}
    for unit, start, end in pieces:
        found: list[tuple[str, Row]] = []
        if unit.cells is not None:
            row = grid_row(unit)
            if row is not None and row.label:
                m = _match(spec, row.label)
                if m is not None:
                    found.append((m.key, row))
        else:
            found = stream_rows(unit.text[start:end], unit.where, _STREAM_RX, at=unit.locate(start))
        for key, row in found:
            if key not in rows or (not _printed(rows[key]) and _printed(row)):
                rows[key] = row
    grid: Grid = {}
    for spec_row in spec.rows:
        grid[spec_row.key] = {c: absent_cell() for c in spec_row.columns}
        row = rows.get(spec_row.key)
        if row is None:
            continue
        for col, cv in zip(spec_row.columns, _values(row, spec_row, findings), strict=True):
            grid[spec_row.key][col] = cv
    return Table2(grid, version, findings, {k: r.label for k, r in rows.items()})


def _printed(row: Row) -> bool:
    return any(c.text.strip() for c in row.cells)


def _values(row: Row, spec_row: Table2Row, findings: list[Finding]) -> list[CellValue]:
    n = len(spec_row.columns)
    values = row_values(
        row,
        n,
        lambda text, locate: _run(text, locate, spec_row, findings),
        lambda: finding(
            "T2.LAYOUT.CELLS",
            f"表二“{spec_row.label}”行的数值个数与列数（{n}）不符，无法确定各数值所在的列",
            [f"table2.{spec_row.key}.{c}" for c in spec_row.columns],
            row.where,
            "extraction",
        ),
        findings,
    )
    if not row.run:
        for i, cv in enumerate(values):
            if cv.status == "unreadable":
                _reread(cv, i == spec_row.signed)
    return values


def _reread(cv: CellValue, signed: bool) -> None:
    """A cell with a note after its number (22（其中修订16件）) or a change in words (减少2):
    the number is the value, the print stays in raw."""
    text = without_note(cv.raw)
    status, value, unit = parse_change(text) if signed else parse_value(text)
    if status == "number":
        cv.status, cv.value, cv.unit = "number", value, unit or cv.unit


def _run(text: str, locate: Locate, spec_row: Table2Row, findings: list[Finding]) -> list[CellValue]:
    n = len(spec_row.columns)
    cands: list[tuple[int | Decimal, ...]] = []
    if spec_row.columns[-1] in AMOUNT_COLUMNS:
        cands = list(split_decimal_tail(text, n))
    if not cands:
        cands = list(run_splits(text, n, spec_row.signed, limit=RUN_LIMIT))
    if len(cands) == 1:
        printed = text.strip()
        unit = "万元" if printed.endswith("万元") else "元" if printed.endswith("元") else None
        out = run_cells(text, cands[0], locate)
        if unit:
            out[-1].unit = unit
        return out
    where = locate(0, len(text))
    if 1 < len(cands) < RUN_LIMIT and any(len({c[i] for c in cands}) == 1 for i in range(n)):
        return _partly_read(text, locate, spec_row, cands, findings)
    how = f"有{len(cands)}种以上拆分方式，而表二没有勾稽关系可以确定" if cands else "无法按列拆分"
    findings.append(
        finding(
            "T2.DIGITS.RUN_TOGETHER",
            f"表二“{spec_row.label}”行的数字连在一起（“{text.strip()}”），{how}，这些单元格无法读取",
            [f"table2.{spec_row.key}.{c}" for c in spec_row.columns],
            where,
            "extraction",
        )
    )
    return [CellValue(None, text.strip(), "unreadable", where) for _ in range(n)]


def _partly_read(
    text: str,
    locate: Locate,
    spec_row: Table2Row,
    cands: list[tuple[int | Decimal, ...]],
    findings: list[Finding],
) -> list[CellValue]:
    """A run with several readings that all agree on some cells (the sign of "2648-18538" ends
    the first): those cells are read, the others stay unreadable, with the run as their raw.
    A cell read points at its own digits where every reading prints it in the same place."""
    raw = text.strip()
    where = locate(0, len(text))
    spans = [value_spans(text, c) for c in cands]
    out: list[CellValue] = []
    lost: list[str] = []
    for i, col in enumerate(spec_row.columns):
        seen = {c[i] for c in cands}
        if len(seen) == 1:
            places = {s[i] for s in spans if s is not None}
            own = locate(*places.pop()) if len(places) == 1 and None not in spans else where
            out.append(CellValue(seen.pop(), raw, "number", own))
        else:
            out.append(CellValue(None, raw, "unreadable", where))
            lost.append(col)
    labels = "、".join(f"“{_COLUMN_LABELS[c]}”" for c in lost)
    findings.append(
        finding(
            "T2.DIGITS.RUN_TOGETHER",
            f"表二“{spec_row.label}”行的数字连在一起（“{raw}”），有{len(cands)}种拆分方式，"
            f"各种拆分只在{labels}上不一致，这些单元格无法读取（其余单元格每种拆分都相同，已读取）",
            [f"table2.{spec_row.key}.{c}" for c in lost],
            where,
            "extraction",
        )
    )
    return out
