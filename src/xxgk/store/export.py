"""Exports of the store for research: cells (tidy), reports (wide), findings, coverage.

Every export is a list of rows with fixed, documented columns (docs/exports.md), written as
CSV (UTF-8 with BOM, so that Excel opens Chinese text), XLSX, Parquet (through DuckDB, which
needs no pyarrow) or JSON Lines. Only current extractions of readable reports are exported;
error records stay out. A person's correction replaces the machine value in `value` and is
marked in `corrected`, with the machine's reading kept in `machine_value`.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from xxgk import errors
from xxgk.standard.table2 import TABLE2
from xxgk.standard.table3 import ROW_BY_KEY
from xxgk.standard.table4 import TABLE4_BLOCKS
from xxgk.store.bodies import descendants, find_bodies, region_path
from xxgk.store.coverage import STATE_ZH, coverage
from xxgk.store.schema import corrections, extractions, findings

CELL_COLUMNS = (
    "report_id",
    "agency_id",
    "agency",
    "region",
    "year",
    "format_version",
    "table",
    "row_key",
    "row_label",
    "column_key",
    "value",
    "status",
    "raw",
    "where",
    "corrected",
    "machine_value",
)
REPORT_COLUMNS = (
    "report_id",
    "agency_id",
    "agency",
    "region",
    "year",
    "format_version",
    "published",
    "errors",
    "warnings",
    "path",
)
FINDING_COLUMNS = (
    "report_id",
    "agency_id",
    "agency",
    "region",
    "year",
    "code",
    "severity",
    "message",
    "cells",
    "fault",
    "where",
)
COVERAGE_COLUMNS = (
    "agency_id",
    "agency",
    "level",
    "region",
    "year",
    "state",
    "state_zh",
    "deadline",
    "published",
    "reports",
)
# 2021 rows whose sum is the 2019 trial row of the same meaning (the wide table carries both)
WIDE_SUMS = {
    "table3.other_processing": (
        "table3.other_overdue_correction",
        "table3.other_overdue_fee",
        "table3.other_misc",
    ),
}
FORMATS = ("csv", "xlsx", "parquet", "jsonl")
WHATS = ("cells", "reports", "findings", "coverage")


def row_label(table: str, row_key: str) -> str:
    if table == "table3":
        return ROW_BY_KEY[row_key].label if row_key in ROW_BY_KEY else row_key
    if table == "table4":
        return TABLE4_BLOCKS.get(row_key, row_key)
    for spec in TABLE2.values():
        for r in spec.rows:
            if r.key == row_key:
                return r.label
    return row_key


def _reports(conn: Connection, year: int | None, region: str | None) -> list[dict[str, Any]]:
    q = select(extractions).where(extractions.c.current.is_(True), extractions.c.kind == "report")
    if year is not None:
        q = q.where(extractions.c.year == year)
    if region:
        found = find_bodies(conn, region)
        if len(found) != 1:
            raise errors.XxgkError(errors.NOT_FOUND, f"找不到地区或机关“{region}”")
        q = q.where(extractions.c.body_id.in_([b["id"] for b in descendants(conn, found[0]["id"])]))
    return [dict(r) for r in conn.execute(q.order_by(extractions.c.path, extractions.c.id)).mappings()]


def _meta(r: dict[str, Any], regions: dict[int, str]) -> dict[str, Any]:
    return {
        "report_id": r["sha256"],
        "agency_id": r["body_id"],
        "agency": r["agency"],
        "region": regions.get(r["body_id"], "") if r["body_id"] is not None else "",
        "year": r["year"],
    }


def _corrections(conn: Connection) -> dict[tuple[str, str], float | None]:
    return {(c.sha256, c.cell): c.value for c in conn.execute(select(corrections))}


def cell_rows(
    conn: Connection, year: int | None = None, region: str | None = None
) -> Iterator[dict[str, Any]]:
    regions = region_path(conn)
    fixed = _corrections(conn)
    for r in _reports(conn, year, region):
        report = json.loads(r["report_json"])
        meta = _meta(r, regions)
        for table in ("table2", "table3", "table4"):
            for row_key, cols in (report.get(table) or {}).items():
                for col_key, cell in cols.items():
                    key = (r["sha256"], f"{table}.{row_key}.{col_key}")
                    corrected = key in fixed
                    yield {
                        **meta,
                        "format_version": r["format_version"],
                        "table": table,
                        "row_key": row_key,
                        "row_label": row_label(table, row_key),
                        "column_key": col_key,
                        "value": _num(fixed[key]) if corrected else cell["value"],
                        "status": cell["status"],
                        "raw": cell["raw"],
                        "where": json.dumps(cell["where"], ensure_ascii=False),
                        "corrected": corrected,
                        "machine_value": cell["value"],
                    }


def _num(v: float | None) -> int | float | None:
    return int(v) if v is not None and float(v).is_integer() else v


def report_rows(conn: Connection, year: int | None = None, region: str | None = None) -> list[dict[str, Any]]:
    """One row per report, one column per cell key (the union over the reports exported)."""
    regions = region_path(conn)
    fixed = _corrections(conn)
    out: list[dict[str, Any]] = []
    keys: dict[str, None] = {}
    for r in _reports(conn, year, region):
        report = json.loads(r["report_json"])
        row = {
            **_meta(r, regions),
            **{c: r[c] for c in ("format_version", "published", "errors", "warnings", "path")},
        }
        values: dict[str, Any] = {}
        for table in ("table2", "table3", "table4"):
            for row_key, cols in (report.get(table) or {}).items():
                for col_key, cell in cols.items():
                    k = f"{table}.{row_key}.{col_key}"
                    values[k] = _num(fixed[(r["sha256"], k)]) if (r["sha256"], k) in fixed else cell["value"]
        for target, parts in WIDE_SUMS.items():
            cols = {k.rsplit(".", 1)[1] for k in values if k.rsplit(".", 1)[0] == parts[0]}
            for col in cols:
                if f"{target}.{col}" in values:
                    continue
                got = [values.get(f"{p}.{col}") for p in parts]
                if all(v is not None for v in got):
                    values[f"{target}.{col}"] = sum(got)  # type: ignore[arg-type]
        for k in values:
            keys.setdefault(k, None)
        row.update(values)
        out.append(row)
    ordered = sorted(keys, key=_key_order)
    return [{**{c: row.get(c) for c in REPORT_COLUMNS}, **{k: row.get(k) for k in ordered}} for row in out]


def _key_order(key: str) -> tuple[int, str]:
    return ({"table2": 0, "table3": 1, "table4": 2}[key.split(".")[0]], key)


def finding_rows(
    conn: Connection, year: int | None = None, region: str | None = None
) -> Iterator[dict[str, Any]]:
    regions = region_path(conn)
    for r in _reports(conn, year, region):
        meta = _meta(r, regions)
        q = select(findings).where(findings.c.extraction_id == r["id"]).order_by(findings.c.seq)
        for f in conn.execute(q).mappings():
            yield {
                **meta,
                "code": f["code"],
                "severity": f["severity"],
                "message": f["message"],
                "cells": ",".join(json.loads(f["cells_json"])),
                "fault": f["fault"],
                "where": f["where_json"],
            }


def coverage_rows(conn: Connection, region: str, years: list[int]) -> Iterator[dict[str, Any]]:
    regions = region_path(conn)
    for e in coverage(conn, region, years):
        yield {
            "agency_id": e.body["id"],
            "agency": e.body["name"],
            "level": e.body["level"],
            "region": regions.get(e.body["id"], ""),
            "year": e.year,
            "state": e.state,
            "state_zh": STATE_ZH[e.state],
            "deadline": e.deadline,
            "published": min((r["published"] for r in e.reports if r["published"]), default=None),
            "reports": len(e.reports),
        }


def rows_for(
    conn: Connection, what: str, year: int | None, region: str | None
) -> tuple[list[str], list[dict]]:
    if what == "cells":
        return list(CELL_COLUMNS), list(cell_rows(conn, year, region))
    if what == "findings":
        return list(FINDING_COLUMNS), list(finding_rows(conn, year, region))
    if what == "reports":
        rows = report_rows(conn, year, region)
        return (list(rows[0]) if rows else list(REPORT_COLUMNS)), rows
    if what == "coverage":
        if not region or year is None:
            raise errors.XxgkError(errors.BAD_ARGUMENT, "导出覆盖情况需要同时给出 --region 和 --year")
        return list(COVERAGE_COLUMNS), list(coverage_rows(conn, region, [year]))
    raise errors.XxgkError(errors.BAD_ARGUMENT, f"不认识的导出内容“{what}”（可选：{'、'.join(WHATS)}）")


def write(columns: list[str], rows: list[dict], fmt: str, path: str | Path) -> None:
    """Write rows whole or not at all."""
    writer = {"csv": _csv, "jsonl": _jsonl, "xlsx": _xlsx, "parquet": _parquet}[fmt]
    _atomic(path, lambda tmp: writer(columns, rows, tmp))


def write_text(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    _atomic(path, lambda tmp: tmp.write_text(text, encoding=encoding))


def _atomic(path: str | Path, fill: Callable[[Path], object]) -> None:
    """A temp file beside the target, filled, then renamed over it: never half a file."""
    target = Path(path)
    if not target.parent.resolve().is_dir():
        raise errors.XxgkError(errors.BAD_ARGUMENT, f"输出目录 {target.parent} 不存在", str(target))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        fill(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _csv(columns: list[str], rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def _jsonl(columns: list[str], rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps({c: r.get(c) for c in columns}, ensure_ascii=False) + "\n")


def _xlsx(columns: list[str], rows: list[dict], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("data")
    ws.append(columns)
    for r in rows:
        ws.append([r.get(c) for c in columns])
    wb.save(path)


def _parquet(columns: list[str], rows: list[dict], path: Path) -> None:
    """Through DuckDB: the rows go to a JSON Lines file, which DuckDB reads with the column
    types given and writes as Parquet (bulk, never row by row)."""
    import duckdb

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "rows.jsonl"
        _jsonl(columns, rows, src)
        types = {c: _duck_type(c) for c in columns}
        con = duckdb.connect(":memory:")
        try:
            spec = "{" + ", ".join(f"'{c}': '{t}'" for c, t in types.items()) + "}"
            con.execute(
                f"COPY (SELECT {', '.join(_q(c) for c in columns)} FROM read_json('{src}', format='newline_delimited', "
                f"columns={spec})) TO '{path}' (FORMAT parquet)"
            )
        finally:
            con.close()


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _duck_type(column: str) -> str:
    if column in ("year", "agency_id", "errors", "warnings", "reports"):
        return "BIGINT"
    if column == "corrected":
        return "BOOLEAN"
    if column in ("value", "machine_value") or column.startswith(("table2.", "table3.", "table4.")):
        return "DOUBLE"
    return "VARCHAR"
