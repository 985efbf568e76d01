"""Score extraction against truth files, cell by cell (the rules of `xxgk score`).

A truth file (`*.truth.json`, docs/REPORT_FORMAT.md "Truth files") holds what a careful person read
in the source it names (same folder). Each cell of its table2/table3/table4 is compared with the
report's cell:

- match:   the value is equal (and the status `inferred` where the truth lists the cell under
           `blank_in_source`); or the truth has no number and the report states none, or infers one
           (an inferred extra is listed, not counted as wrong);
- missed:  the report has no value (null, unreadable, no such table) where the truth has one;
- silent:  the report states a number (status `number` or `inferred`) that differs from the truth, or
           prints a number where the truth has none: a wrong number nobody was told about.

Cells under `undeterminable` count only if the report states a value. Most cells are 0, so the
figure for non-zero truth cells is kept too: it tells reading from guessing."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xxgk import batch
from xxgk.report import Report

TABLES = ("table2", "table3", "table4")


@dataclass
class Comparison:
    """One report against its truth file."""

    file: str = ""
    total: int = 0
    match: int = 0
    missed: list[str] = field(default_factory=list)
    silent: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    nz_total: int = 0
    nz_match: int = 0
    meta: list[str] = field(default_factory=list)  # agency or year differing from the truth
    error: str | None = None  # the source could not be read as a report


@dataclass
class Thresholds:
    min_accuracy: float = 0.99
    min_nonzero: float = 0.0
    max_silent: int = 0
    strict_meta: bool = False


@dataclass
class Totals:
    reports: int = 0
    total: int = 0
    match: int = 0
    silent: int = 0
    nz_total: int = 0
    nz_match: int = 0
    meta_bad: int = 0

    def add(self, c: Comparison) -> None:
        self.reports += 1
        self.total += c.total
        self.match += c.match
        self.silent += len(c.silent)
        self.nz_total += c.nz_total
        self.nz_match += c.nz_match
        self.meta_bad += bool(c.meta)

    @property
    def accuracy(self) -> float:
        return self.match / self.total if self.total else 0.0

    @property
    def nonzero(self) -> float:
        return self.nz_match / self.nz_total if self.nz_total else 1.0

    def passes(self, t: Thresholds) -> bool:
        return (
            self.total > 0
            and self.accuracy >= t.min_accuracy
            and self.nonzero >= t.min_nonzero
            and self.silent <= t.max_silent
            and not (t.strict_meta and self.meta_bad)
        )


def load(truth_path: Path) -> dict[str, Any]:
    return json.loads(Path(truth_path).read_text(encoding="utf-8"))


def source_of(truth_path: Path) -> Path:
    return Path(truth_path).parent / load(truth_path)["source"]


def truth_files(paths: Iterable[str | Path]) -> list[Path]:
    """The truth files named, and those in the folders named (not recursive), in name order."""
    out: list[Path] = []
    for p in map(Path, paths):
        out += sorted(p.glob("*.truth.json")) if p.is_dir() else [p]
    return out


def truth_cells(truth: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    for table in TABLES:
        for row, cols in (truth.get(table) or {}).items():
            for col, value in cols.items():
                yield f"{table}.{row}.{col}", value


def _cell(report: Report | dict[str, Any], path: str) -> tuple[Any, str | None]:
    """(value, status) of a report's cell, a Report or its JSON; (None, None) when it has none."""
    if isinstance(report, Report):
        c = report.cell(path)
        return (c.value, c.status) if c is not None else (None, None)
    node: Any = report
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None, None
        node = node[part]
    if not isinstance(node, dict):
        return node, "number"
    return node.get("value"), node.get("status")


def _eq(a: Any, b: Any) -> bool:
    try:
        return abs(float(a) - float(b)) < 1e-9
    except (TypeError, ValueError):
        return a == b


def compare(report: Report | dict[str, Any], truth: dict[str, Any]) -> Comparison:
    """Every truth cell against the report (a Report, or its JSON record)."""
    res = Comparison(file=str(truth.get("source", "")))
    blank = set(truth.get("blank_in_source", []))
    undeterminable = set(truth.get("undeterminable", []))
    for path, want in truth_cells(truth):
        got, status = _cell(report, path)
        stated = status in ("number", "inferred") and got is not None
        if path in undeterminable and not stated:
            continue
        res.total += 1
        if want is None:
            if not stated:
                res.match += 1
            elif status == "inferred":
                res.match += 1
                res.extra.append(f"{path}={got}")
            else:
                res.silent.append(f"{path}: 原文没有数字，读出 {got}（{status}）")
            continue
        res.nz_total += want != 0
        if stated and _eq(got, want):
            printed_as_blank = path in blank and status != "inferred"
            res.nz_match += want != 0 and not printed_as_blank
            if printed_as_blank:
                res.silent.append(f"{path}: 原文空缺，却报告为印出的数字（{status}）")
            else:
                res.match += 1
        elif stated:
            res.silent.append(f"{path}: 应为 {want}，读出 {got}（{status}）")
        else:
            res.missed.append(f"{path}: 应为 {want}，未读出（{status}）")
    for key in ("agency", "year"):
        got = getattr(report, key) if isinstance(report, Report) else report.get(key)
        if truth.get(key) is not None and got != truth[key]:
            res.meta.append(f"{key}：应为 {truth[key]!r}，读出 {got!r}")
    return res


def unread(truth: dict[str, Any], error: str) -> Comparison:
    """A source that could not be read: every truth cell counts, none matches."""
    res = Comparison(file=str(truth.get("source", "")), error=error)
    for _, want in truth_cells(truth):
        res.total += 1
        res.nz_total += want not in (None, 0)
    return res


def score(truths: list[Path], jobs: int | None = None) -> Iterator[Comparison]:
    """Each truth file's comparison, in order; the sources are read in worker processes, each once."""
    loaded = [load(t) for t in truths]
    sources = [str(t.parent / d["source"]) for t, d in zip(truths, loaded, strict=True)]
    first: dict[str, batch.Outcome] = {}
    for truth, outcome in zip(loaded, batch.run(sources, jobs), strict=True):
        if outcome.duplicate_of is not None:  # the same bytes as an earlier source: its report
            outcome = first[outcome.duplicate_of]
        else:
            first[outcome.path] = outcome
        if outcome.error is not None:
            yield unread(truth, outcome.error.describe())
        else:
            assert outcome.report is not None
            yield compare(outcome.report, truth)
