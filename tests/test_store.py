"""The corpus store, on SQLite and on a real PostgreSQL server: ingest, bodies, coverage,
cross-store checks, people's corrections and reviews, exports."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from conftest import CORPUS, SEEDS, truth_files
from pgserver import postgres
from sqlalchemy import func, select

from xxgk.store import open_store
from xxgk.store.annotations import correct, report_view, review
from xxgk.store.bodies import assign, import_register, queue, read_register, resolve_report
from xxgk.store.checks import check_store
from xxgk.store.coverage import coverage
from xxgk.store.export import CELL_COLUMNS, rows_for, write
from xxgk.store.ingest import ingest
from xxgk.store.schema import cells, extractions, files, findings, metadata

TRUTHS = truth_files(SEEDS) + truth_files(CORPUS)
SOURCES = [str(t.parent / json.loads(t.read_text())["source"]) for t in TRUTHS]


@pytest.fixture(scope="module")
def pg_url():
    with postgres() as url:
        yield url


def _dump(store) -> dict[str, list]:
    """Every stored row that ingest writes, without ids and times (which differ by design)."""
    with store.engine.connect() as conn:
        ext = {r.id: r.sha256 for r in conn.execute(select(extractions.c.id, extractions.c.sha256))}
        out = {
            "files": sorted((r.sha256, r.size, r.name, bytes(r.data)) for r in conn.execute(select(files))),
            "extractions": sorted(
                (
                    r.sha256,
                    r.version,
                    r.current,
                    r.kind,
                    r.error_code,
                    r.agency,
                    r.year,
                    r.format_version,
                    r.published,
                    r.errors,
                    r.warnings,
                    r.report_json,
                    r.match,
                )
                for r in conn.execute(select(extractions))
            ),
            "cells": sorted(
                (ext[r.extraction_id], r.tbl, r.row_key, r.column_key, r.value, r.status, r.raw, r.where_json)
                for r in conn.execute(select(cells))
            ),
            "findings": sorted(
                (ext[r.extraction_id], r.seq, r.code, r.severity, r.message, r.cells_json, r.fingerprint)
                for r in conn.execute(select(findings))
            ),
        }
    return out


def test_migrations_build_exactly_the_schema(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "s.db"))
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_ingest_twice_same_rows_in_sqlite_and_postgres(tmp_path: Path, pg_url: str) -> None:
    lite = open_store(str(tmp_path / "s.db"))
    first = ingest(lite, SOURCES, jobs=2)
    assert (first.reports, first.errors) == (len(SOURCES), 0)
    once = _dump(lite)
    again = ingest(lite, SOURCES, jobs=2)
    assert again.stored == 0 and again.skipped_known == len(SOURCES)
    assert _dump(lite) == once
    pg = open_store(pg_url)
    ingest(pg, SOURCES, jobs=2)
    ingest(pg, SOURCES, jobs=1)
    assert _dump(pg) == once
    # every truth cell is a row, with its value
    assert len(once["cells"]) == sum(
        len(cols)
        for t in TRUTHS
        for n in ("table2", "table3", "table4")
        for cols in (json.loads(t.read_text()).get(n) or {}).values()
    )


def test_exports_hold_every_truth_cell_and_load_in_pandas_and_duckdb(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "s.db"))
    ingest(store, SOURCES, jobs=2)
    with store.engine.connect() as conn:
        columns, rows = rows_for(conn, "cells", None, None)
    write(columns, rows, "csv", tmp_path / "cells.csv")
    write(columns, rows, "parquet", tmp_path / "cells.parquet")
    frames = {
        "csv": pd.read_csv(
            tmp_path / "cells.csv",
            dtype={"report_id": str, "raw": str},
            keep_default_na=False,
            na_values={"value": [""]},
        ),
        "duckdb": duckdb.connect().execute(f"SELECT * FROM '{tmp_path / 'cells.parquet'}'").df(),
    }
    by_path = {}
    with store.engine.connect() as conn:
        for r in conn.execute(select(extractions.c.sha256, extractions.c.path)):
            by_path[r.path] = r.sha256
    for kind, df in frames.items():
        assert list(df.columns) == list(CELL_COLUMNS), kind
        got = {(r.report_id, r.table, r.row_key, r.column_key): r.value for r in df.itertuples()}
        for t, src in zip(TRUTHS, SOURCES, strict=True):
            truth = json.loads(t.read_text())
            undeterminable = set(truth.get("undeterminable", []))
            for table in ("table2", "table3", "table4"):
                for row, cols in (truth.get(table) or {}).items():
                    for col, want in cols.items():
                        key = (by_path[src], table, row, col)
                        assert key in got, (kind, src, key)
                        value = got[key]
                        if want is None or f"{table}.{row}.{col}" in undeterminable:
                            if want is None:
                                assert pd.isna(value) or f"{table}.{row}.{col}" in undeterminable, (kind, key)
                            continue
                        assert abs(float(value) - float(want)) < 1e-9, (kind, src, key, value, want)


REGISTER = """名称,别名,级别,上级,统一社会信用代码
福建省平潭综合实验区,平潭综合实验区管委会,县,,
平潭综合实验区财政金融局,,部门,福建省平潭综合实验区,
平潭综合实验区公安局,,部门,福建省平潭综合实验区,
平潭综合实验区市场监督管理局,,部门,福建省平潭综合实验区,
平潭综合实验区自然资源与生态环境局,,部门,福建省平潭综合实验区,
平潭综合实验区交通与建设局,,部门,福建省平潭综合实验区,
平潭综合实验区农业农村局,,部门,福建省平潭综合实验区,
平潭综合实验区教育与体育局,,部门,福建省平潭综合实验区,
平潭综合实验区海坛片区管理局,海坛片区,乡镇,福建省平潭综合实验区,
平潭综合实验区金井片区管理局,,乡镇,福建省平潭综合实验区,
平潭综合实验区君山片区管理局,,乡镇,福建省平潭综合实验区,
平潭综合实验区苏平片区管理局,,乡镇,福建省平潭综合实验区,
平潭综合实验区不存在局,,部门,没有这个上级,
"""


@pytest.fixture()
def region_store(tmp_path: Path):
    """Pingtan as a test region: the county-level government, its departments and 片区
    (townships) over the corpus reports, one department with no report, one report published
    late (the 农业农村局 2022 report with its date line moved past 1月31日), the same file under
    two names, and the seeds and other corpus reports, which no body of the region claims."""
    folder = tmp_path / "in"
    folder.mkdir()
    for src in SOURCES:
        shutil.copy(src, folder)
    late = folder / "116_pingtan-nongyenongcunju_2022.txt"
    text = late.read_text(encoding="utf-8")
    assert "2023-01-10" in text
    late.write_text(
        text.replace("2023-01-10", "2023-02-15").replace("2023年1月10日", "2023年2月15日"), encoding="utf-8"
    )
    shutil.copy(folder / "104_pingtan-suping-pianqu_2023.txt", folder / "104_copy.txt")
    (tmp_path / "register.csv").write_text(REGISTER, encoding="utf-8")
    store = open_store(str(tmp_path / "s.db"))
    with store.engine.begin() as conn:
        result = import_register(conn, read_register(tmp_path / "register.csv"))
    assert result.added == 12 and [n for n, _ in result.errors] == [14]
    ingest(store, [str(folder)], jobs=2)
    return store, folder


def test_region_coverage_duplicates_and_queue(region_store) -> None:
    store, folder = region_store
    with store.engine.connect() as conn:
        got = {(e.body["name"], e.year): e.state for e in coverage(conn, "平潭综合实验区", [2022, 2024])}
        checks = check_store(conn, "平潭综合实验区")
        waiting = {Path(r["path"]).name for r in queue(conn)}
    assert got == {
        ("福建省平潭综合实验区", 2022): "filed",
        ("福建省平潭综合实验区", 2024): "filed",
        ("平潭综合实验区财政金融局", 2022): "missing",
        ("平潭综合实验区财政金融局", 2024): "filed",
        ("平潭综合实验区公安局", 2022): "filed",
        ("平潭综合实验区公安局", 2024): "filed",
        ("平潭综合实验区市场监督管理局", 2022): "missing",
        ("平潭综合实验区市场监督管理局", 2024): "missing",
        ("平潭综合实验区自然资源与生态环境局", 2022): "missing",
        ("平潭综合实验区自然资源与生态环境局", 2024): "missing",
        ("平潭综合实验区交通与建设局", 2022): "missing",
        ("平潭综合实验区交通与建设局", 2024): "missing",
        ("平潭综合实验区农业农村局", 2022): "late",
        ("平潭综合实验区农业农村局", 2024): "missing",
        ("平潭综合实验区教育与体育局", 2022): "missing",
        ("平潭综合实验区教育与体育局", 2024): "missing",
        ("平潭综合实验区海坛片区管理局", 2022): "missing",
        ("平潭综合实验区海坛片区管理局", 2024): "filed",
        ("平潭综合实验区金井片区管理局", 2022): "missing",
        ("平潭综合实验区金井片区管理局", 2024): "missing",
        ("平潭综合实验区君山片区管理局", 2022): "missing",
        ("平潭综合实验区君山片区管理局", 2024): "missing",
        ("平潭综合实验区苏平片区管理局", 2022): "missing",
        ("平潭综合实验区苏平片区管理局", 2024): "missing",
    }
    assert [sorted(Path(p).name for p in d["paths"]) for d in checks.duplicate_files] == [
        ["104_copy.txt", "104_pingtan-suping-pianqu_2023.txt"]
    ]
    assert [
        (d["body"], d["year"], sorted(Path(r["path"]).name for r in d["reports"]))
        for d in checks.duplicate_reports
    ] == [("福建省平潭综合实验区", 2024, ["009_pingtan_2024.txt", "114_pingtan_2024.html"])]
    # the 2019-2025 series of the government is checked year over year (carry-over chain)
    assert {f["year"] for f in checks.yoy if f["body"] == "福建省平潭综合实验区"} <= set(range(2020, 2026))
    assert waiting == {
        "000_506e41e9d817580f.txt",
        "001_eaba220d81829207.txt",
        "002_d3ed9ecabf80fbb4.txt",
        "003_e47fabb3861039d9.txt",
        "004_e93e2860776d7910.txt",
        "001_huaian-hongzequ_2023.pdf",
        "002_huaian-hongzequ_2024.pdf",
        "011_shanghai-kewei_2024.md",
        "014_shanghai-szfbgt_2019.html",
    }


def test_assignment_corrections_and_reviews_survive_a_newer_version(region_store) -> None:
    store, folder = region_store
    with store.engine.begin() as conn:
        sha, body = assign(
            conn, str(folder / "002_d3ed9ecabf80fbb4.txt"), "平潭综合实验区教育与体育局", "tester"
        )
        target = str(folder / "009_pingtan_2024.txt")
        report = report_view(conn, target)
        first = report["findings"][0]
        correct(conn, target, "table3.granted.total", 99, "tester", "核对原件")
        review(conn, target, first["code"], "dismissed", "tester", "原件无误", ",".join(first["cells"]))
    ingest(store, [str(folder)], jobs=2, version="99.0")
    with store.engine.connect() as conn:
        view = report_view(conn, target)
        versions = conn.scalar(
            select(func.count()).select_from(extractions).where(extractions.c.path == target)
        )
        assigned = conn.execute(
            select(extractions.c.body_id, extractions.c.match).where(
                extractions.c.sha256 == sha, extractions.c.current.is_(True)
            )
        ).one()
        _, rows = rows_for(conn, "cells", 2024, "平潭综合实验区")
        target_sha = resolve_report(conn, target)
    assert versions == 2
    assert tuple(assigned) == (body["id"], "assigned")
    cell = view["table3"]["granted"]["total"]
    assert cell["value"] == 99 and cell["correction"]["who"] == "tester" and cell["machine_value"] != 99
    reviewed = [f for f in view["findings"] if "review" in f]
    assert [(f["code"], f["review"]["state"]) for f in reviewed] == [(first["code"], "dismissed")]
    mine = [
        r
        for r in rows
        if r["report_id"] == target_sha and (r["row_key"], r["column_key"]) == ("granted", "total")
    ]
    assert [(r["value"], r["corrected"], r["machine_value"] != 99) for r in mine] == [(99, True, True)]


def test_killed_ingest_resumes_with_every_report_once(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(1000):
        src = seeds[i % len(seeds)]
        text = src.read_text(encoding="utf-8") + f"\n（归档编号 {i:04d}）\n"
        (folder / f"{i:04d}_{src.name}").write_text(text, encoding="utf-8")
    db = tmp_path / "s.db"
    env = {**os.environ, "XXGK_DB": str(db)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "xxgk", "ingest", str(folder), "-j", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    store = open_store(str(db))
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and stored < 100:
        time.sleep(0.2)
        with store.engine.connect() as conn:
            stored = conn.scalar(select(func.count()).select_from(extractions)) or 0
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert 0 < stored < 1000, "the ingest should have been killed partway"
    done = subprocess.run(
        [sys.executable, "-m", "xxgk", "ingest", str(folder), "-j", "2"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    with store.engine.connect() as conn:
        n = conn.scalar(select(func.count()).select_from(extractions))
        distinct = conn.scalar(select(func.count(func.distinct(extractions.c.sha256))))
        reports = conn.scalar(
            select(func.count()).select_from(extractions).where(extractions.c.kind == "report")
        )
    assert (n, distinct, reports) == (1000, 1000, 1000)
