"""Numbers of generated reports: per-cell distributions fitted on the real truth files, and
tables that satisfy every identity of the standard.

A model is fitted per format version and cell: the share of zeros, the share of negatives
(本年增/减 only) and a log-normal over the non-zero magnitudes (pooled over the table's column
where a cell has too few non-zero values to fit). A report's free cells are drawn from it; every
other cell is solved from the identities of src/xxgk/standard (a total is the sum of its parts,
一、本年新收 = （七）总计 + 四、结转下年 − 二、上年结转), so the numbers hold by construction."""

from __future__ import annotations

import json
import math
import random
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from xxgk.standard.identities import Identity, identities_for
from xxgk.standard.table2 import AMOUNT_COLUMNS, SIGNED_COLUMNS
from xxgk.write.data import table_shape

ROOT = Path(__file__).resolve().parents[1]
TRUTHS = ("tests/data/seeds", "tests/data/corpus")
MIN_FIT = 4  # non-zero values a cell needs for its own log-normal
Tables = dict[str, dict[str, dict[str, int | float | None]]]


@dataclass
class CellModel:
    zero: float  # share of zeros
    negative: float  # share of negatives among non-zero values
    mu: float
    sigma: float

    def draw(self, rng: random.Random, scale: float, decimals: bool) -> int | float:
        if rng.random() < self.zero:
            return 0
        value = math.exp(rng.gauss(self.mu, self.sigma)) * scale
        sign = -1 if rng.random() < self.negative else 1
        if decimals:
            return sign * round(max(value, 0.01), 2)
        return sign * max(1, round(value))


@dataclass
class Model:
    cells: dict[str, dict[str, CellModel]] = field(default_factory=dict)  # version -> path -> model
    sources: int = 0


def _lognormal(values: list[float]) -> tuple[float, float]:
    logs = [math.log(abs(v)) for v in values]
    return statistics.fmean(logs), (statistics.pstdev(logs) if len(logs) > 1 else 0.5) or 0.3


def free_cells(version: str) -> list[str]:
    """Cells the identities do not determine: drawn, not solved."""
    solved = {i.lhs[0] for i in identities_for(version) if len(i.lhs) == 1}
    solved |= {f"table3.new_received.{c}" for c in table_shape(version)["table3"]["new_received"]}
    return [
        f"{t}.{r}.{c}"
        for t, rows in table_shape(version).items()
        for r, cols in rows.items()
        for c in cols
        if f"{t}.{r}.{c}" not in solved
    ]


def fit(folders: tuple[str, ...] = TRUTHS) -> Model:
    """The model of every free cell of both versions, from the truth files in `folders`."""
    seen: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    model = Model()
    for folder in folders:
        for path in sorted((ROOT / folder).glob("*.truth.json")):
            truth = json.loads(path.read_text(encoding="utf-8"))
            model.sources += 1
            for table in ("table2", "table3", "table4"):
                for row, cols in (truth.get(table) or {}).items():
                    for col, value in cols.items():
                        if value is not None:
                            seen[truth["format_version"]][f"{table}.{row}.{col}"].append(float(value))
    for version in ("2021", "2019"):
        values = seen[version]
        pooled: dict[str, list[float]] = defaultdict(list)  # table.column -> non-zero values
        for path, vs in values.items():
            table, _, col = path.split(".")
            pooled[f"{table}.{col}"] += [v for v in vs if v]
        model.cells[version] = {}
        for path in free_cells(version):
            table, _, col = path.split(".")
            vs = values.get(path, [])
            nonzero = [v for v in vs if v]
            zero = (len(vs) - len(nonzero) + 1) / (len(vs) + 2)  # smoothed: never certain
            fitted = nonzero if len(nonzero) >= MIN_FIT else pooled[f"{table}.{col}"] or [1.0]
            mu, sigma = _lognormal(fitted)
            negative = sum(v < 0 for v in nonzero) / len(nonzero) if nonzero else 0.0
            model.cells[version][path] = CellModel(zero, negative, mu, sigma)
    return model


def empty_tables(version: str) -> Tables:
    return {
        t: {r: dict.fromkeys(cols) for r, cols in rows.items()} for t, rows in table_shape(version).items()
    }


def get(tables: Tables, path: str) -> int | float | None:
    t, r, c = path.split(".")
    return tables[t][r][c]


def put(tables: Tables, path: str, value: int | float | None) -> None:
    t, r, c = path.split(".")
    tables[t][r][c] = value


def solve(tables: Tables, identities: tuple[Identity, ...]) -> None:
    """Fill every unknown cell that an identity with all its other cells known determines."""
    changed = True
    while changed:
        changed = False
        for ident in identities:
            unknown = [c for c in ident.cells if get(tables, c) is None]
            if len(unknown) != 1:
                continue
            (cell,) = unknown
            lhs = sum(get(tables, c) or 0 for c in ident.lhs if c != cell)
            rhs = sum(get(tables, c) or 0 for c in ident.rhs if c != cell)
            put(tables, cell, rhs - lhs if cell in ident.lhs else lhs - rhs)
            changed = True


def holds(tables: Tables, version: str) -> list[str]:
    """The identities that do not hold (names and subjects); [] for a sound report."""
    bad = []
    for ident in identities_for(version):
        values = [get(tables, c) for c in ident.cells]
        if None in values or sum(get(tables, c) for c in ident.lhs) != sum(get(tables, c) for c in ident.rhs):  # type: ignore[misc]
            bad.append(f"{ident.name} {ident.subject}")
    return bad


def generate(
    model: Model,
    version: str,
    rng: random.Random,
    scale: float = 1.0,
    carried_over: dict[str, int] | None = None,
    in_force: int | None = None,
) -> Tables:
    """One report's tables: free cells drawn (二、上年结转 from last year's 四 where given), the
    rest solved; 一、本年新收 never negative (a deficit becomes granted applications)."""
    tables = empty_tables(version)
    for path, cell in model.cells[version].items():
        decimals = path.split(".")[2] in AMOUNT_COLUMNS
        value = cell.draw(rng, scale, decimals)
        if path.split(".")[2] not in SIGNED_COLUMNS:
            value = abs(value)
        put(tables, path, value)
    if carried_over is not None:
        for col, value in carried_over.items():
            put(tables, f"table3.carried_over.{col}", value)
    if in_force is not None and version == "2021":
        row = tables["table2"]["normative_documents"]
        row["in_force"] = max(0, in_force + int(row["issued"] or 0) - int(row["repealed"] or 0))
    identities = identities_for(version)
    snapshot = {r: dict(cols) for r, cols in tables["table3"].items()}
    solve(tables, identities)
    for col, new in tables["table3"]["new_received"].items():
        if col != "total" and new is not None and new < 0:
            snapshot["granted"][col] = int(snapshot["granted"][col] or 0) - new
    if any(v < 0 for v in tables["table3"]["new_received"].values() if v is not None):
        tables["table3"] = snapshot
        solve(tables, identities)
    assert not holds(tables, version), holds(tables, version)
    return tables


def carried_forward(tables: Tables) -> dict[str, int]:
    """四、结转下年度继续办理 by applicant column: next year's 二、上年结转."""
    return {c: int(v or 0) for c, v in tables["table3"]["carried_forward"].items() if c != "total"}
