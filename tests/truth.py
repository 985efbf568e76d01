"""Compare a Report with a truth file cell by cell (the rules of `xxgk score`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from xxgk.report import Report


@dataclass
class Comparison:
    total: int = 0
    match: int = 0
    silent: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)


def load(truth_path: Path) -> dict:
    return json.loads(truth_path.read_text())


def source_of(truth_path: Path) -> Path:
    return truth_path.parent / load(truth_path)["source"]


def compare(report: Report, truth: dict) -> Comparison:
    res = Comparison()
    blank = set(truth.get("blank_in_source", []))
    undeterminable = set(truth.get("undeterminable", []))
    for table in ("table2", "table3", "table4"):
        for row, cols in (truth.get(table) or {}).items():
            for col, want in cols.items():
                path = f"{table}.{row}.{col}"
                cell = report.cell(path)
                got = cell.value if cell is not None else None
                status = cell.status if cell is not None else None
                stated = status in ("number", "inferred") and got is not None
                if path in undeterminable and not stated:
                    continue
                res.total += 1
                if want is None:
                    # the truth has no number: stating none is right; an inferred one is an extra
                    if not stated or status == "inferred":
                        res.match += 1
                    else:
                        res.silent.append(f"{path}: truth none, got {got} ({status})")
                elif stated and float(got) == float(want):
                    if path in blank and status != "inferred":
                        res.silent.append(f"{path}: blank in source but reported as printed")
                    else:
                        res.match += 1
                elif stated:
                    res.silent.append(f"{path}: truth {want}, got {got} ({status})")
                else:
                    res.missed.append(f"{path}: truth {want}, got {status}")
    return res
