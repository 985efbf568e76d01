"""The Report: the public JSON contract of docs/REPORT_FORMAT.md as Python objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal

from xxgk.document import Segments, Where, where_in
from xxgk.standard.sections import TABLE_NAMES

Status = Literal["number", "blank", "placeholder", "inferred", "unreadable", "absent"]
Severity = Literal["error", "warning", "info"]
Fault = Literal["source", "extraction"] | None
YearSource = Literal["title", "period", "date"]
SCHEMA = "xxgk.report/1"
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(slots=True)
class CellValue:
    value: int | Decimal | None
    raw: str
    status: Status
    where: Where = field(default_factory=Where)
    unit: str | None = None
    confidence: float | None = None

    @property
    def known(self) -> bool:
        """A value the arithmetic may use: printed or forced by the identities."""
        return self.value is not None and self.status in ("number", "inferred")

    def to_json(self) -> dict[str, Any]:
        value: Any = self.value
        if isinstance(value, Decimal):
            value = int(value) if value == value.to_integral_value() else float(value)
        out: dict[str, Any] = {
            "value": value,
            "raw": self.raw,
            "status": self.status,
            "where": self.where.to_json(),
        }
        if self.unit:
            out["unit"] = self.unit
        if self.confidence is not None:
            out["confidence"] = self.confidence
        return out


def absent_cell() -> CellValue:
    return CellValue(None, "", "absent")


@dataclass(slots=True)
class Finding:
    code: str
    severity: Severity
    message: str
    cells: list[str] = field(default_factory=list)
    where: Where = field(default_factory=Where)
    fault: Fault = None
    numbers: list[float] = field(default_factory=list)
    folded: list[Finding] = field(default_factory=list)  # findings that follow from this one
    forced_by: list[str] = field(default_factory=list)  # an inferred cell's finding: the cells that forced it

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "cells": self.cells,
            "where": self.where.to_json(),  # line and page always, the cell's other keys too
            "fault": self.fault,
        }
        if self.folded:
            out["folded"] = [f.to_json() for f in self.folded]
        if self.forced_by:
            out["forced_by"] = self.forced_by
        return out


Grid = dict[str, dict[str, CellValue]]


def describe(where: Where, table: str | None = None) -> str:
    """where.describe(), prefixed with the name of the report's table (table2/3/4) it lies in."""
    text = where.describe()
    name = TABLE_NAMES.get(table or "")
    if not name or not text:
        return text
    grid = Where(page=where.page, table=where.table).describe()
    if where.table is not None and text.startswith(grid):
        # 第3页第2个表格第5行第4列 -> 表三（第3页第2个表格）第5行第4列
        return f"{name}（{grid}）{text[len(grid) :]}"
    return f"{name}，{text}"


@dataclass(slots=True)
class NarrativeFact:
    """A number the narrative states, with its sentence."""

    kind: str
    value: float
    approx: bool
    sentence: str
    where: Where = field(default_factory=Where)
    section: int | None = None
    unit: str = ""

    def to_json(self) -> dict[str, Any]:
        v: Any = int(self.value) if float(self.value).is_integer() else self.value
        return {
            "kind": self.kind,
            "value": v,
            "approx": self.approx,
            "unit": self.unit,
            "section": self.section,
            "sentence": self.sentence,
            "where": self.where.to_json(),
        }


@dataclass(slots=True)
class Section:
    number: int
    heading: str
    where: Where  # the heading's line
    text: str = ""
    segments: Segments = ()  # where each line of `text` is printed (not in the JSON)

    def at(self, start: int, end: int) -> Where:
        """Where text[start:end] is printed: its own line (and span), else the heading's."""
        if not self.segments:
            return self.where
        return where_in(self.segments, len(self.text), start, end)


@lru_cache(maxsize=4096)
def _cell_key(path: str) -> tuple[str, str, str]:
    """table, row and column of a cell path "table3.1.2" (a few hundred paths, looked up
    tens of thousands of times a batch)."""
    table, row, col = path.split(".")
    return table, row, col


@dataclass(slots=True)
class Report:
    format_version: str | None = None
    agency: str | None = None
    year: int | None = None
    year_source: YearSource | None = None  # where `year` was read: title, statistics period, date line
    published: str | None = None
    source: dict[str, Any] = field(default_factory=dict)
    table2: Grid | None = None
    table3: Grid | None = None
    table4: Grid | None = None
    findings: list[Finding] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    facts: list[NarrativeFact] = field(default_factory=list)
    title: str | None = None
    table3_collapsed_other: bool = False

    def cell(self, path: str) -> CellValue | None:
        table, row, col = _cell_key(path)
        grid = getattr(self, table)
        if grid is None:
            return None
        return grid.get(row, {}).get(col)

    def value(self, path: str) -> int | Decimal | None:
        c = self.cell(path)
        return c.value if c is not None and c.known else None

    def place(self, finding: Finding) -> str:
        """Where a finding points, in the terms of the file a person holds, with the name of the
        table when it points into one (at one of its cells, or a table rule's row):
        表三（第2个表格）第5行第4列, 表三，第47行第12–14字, 第3页; "" when nowhere is known."""
        table = next(
            (
                p.split(".")[0]
                for p in finding.cells
                if (c := self.cell(p)) is not None and c.where == finding.where
            ),
            None,
        )
        if table is None and finding.code[:3] in ("T2.", "T3.", "T4."):
            table = f"table{finding.code[1]}"
        return describe(finding.where, table)

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: SEVERITY_ORDER[f.severity])

    @property
    def has_error(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        def grid(g: Grid | None) -> dict | None:
            if g is None:
                return None
            return {r: {c: cell.to_json() for c, cell in cols.items()} for r, cols in g.items()}

        return {
            "schema": SCHEMA,
            "format_version": self.format_version,
            "agency": self.agency,
            "year": self.year,
            "year_source": self.year_source,
            "published": self.published,
            "source": self.source,
            "table2": grid(self.table2),
            "table3": grid(self.table3),
            "table4": grid(self.table4),
            "findings": [f.to_json() for f in self.sorted_findings()],
            "title": self.title,
            "sections": [
                {"number": s.number, "heading": s.heading, "where": s.where.to_json()} for s in self.sections
            ],
            "facts": [f.to_json() for f in self.facts],
        }
