"""Ingest: read files in worker processes and keep each report whole in the store.

Idempotent by content hash: a file already read by this xxgk version is skipped before any
work is done, so running the same ingest twice gives the same rows, and an ingest that was
killed resumes where its last commit ended (what was committed stays; the rest is redone).
The workers only read; the parent writes, in transactions of a few reports.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select, update

import xxgk
from xxgk import batch, limits
from xxgk.audit.names import normalise
from xxgk.store import Store, now
from xxgk.store import bodies as body_register
from xxgk.store.schema import cells, extractions, files, findings, paths

COMMIT_EVERY = 25  # reports per transaction: a kill loses at most these, and they are redone


@dataclass
class Payload:
    """What a worker sends back for one file: the report as JSON text, or the error."""

    path: str
    sha256: str
    report_json: str | None = None
    sections_json: str | None = None
    media_type: str | None = None
    error_code: str | None = None
    error_message: str | None = None


@dataclass
class IngestSummary:
    files: int = 0  # inputs named (after the folder walk)
    stored: int = 0  # new extractions written (reports and error records)
    reports: int = 0
    errors: int = 0
    skipped_known: int = 0  # already read by this version
    duplicates: int = 0  # the same bytes twice in this run
    skipped: int = 0  # lock files, backups and hidden files a folder walk passed over
    not_read: list[tuple[str, str]] = field(default_factory=list)  # (path, message): no bytes at all


def read_one(path: str, sha: str = "") -> Payload:
    """In a worker: read, extract and audit one file (under the per-file limits); `sha` is the
    hash the parent took of it."""
    outcome = batch.run_one(path)
    if outcome.error is not None:
        return Payload(path, sha, error_code=outcome.error.code, error_message=outcome.error.message)
    report = outcome.report
    assert report is not None
    sections = [{"number": s.number, "heading": s.heading, "text": s.text} for s in report.sections]
    return Payload(
        path,
        sha,
        report_json=json.dumps(report.to_json(), ensure_ascii=False),
        sections_json=json.dumps(sections, ensure_ascii=False),
        media_type=report.source.get("media_type"),
    )


def _sha256(path: str) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def ingest(
    store: Store,
    paths: Iterable[str],
    jobs: int | None = None,
    version: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    pool: Executor | None = None,
) -> IngestSummary:
    """Ingest files and folders; `progress(done, total)` is called after each file. The files
    are read in worker processes: a pool of `jobs` made for this call, or the `pool` given
    (a long-running server keeps one)."""
    version = version or xxgk.__version__
    summary = IngestSummary()
    todo: list[str] = []
    seen: set[str] = set()
    arrived: list[tuple[str, str]] = []  # (sha256, path) of every readable input
    sha_of: dict[str, str] = {}
    with store.engine.connect() as conn:
        known = set(conn.scalars(select(extractions.c.sha256).where(extractions.c.version == version)))
    inputs = batch.walk(list(paths))
    summary.skipped = len(inputs.skipped)
    for path in inputs.files:
        summary.files += 1
        sha = _sha256(path)
        if sha is not None:
            arrived.append((sha, str(Path(path).resolve())))
        if sha is None:
            summary.not_read.append((path, "无法打开文件"))
        elif sha in known:
            summary.skipped_known += 1
        elif sha in seen:
            summary.duplicates += 1
        else:
            seen.add(sha)
            todo.append(path)
            sha_of[path] = sha
    total = len(todo)
    done = 0
    conn = store.engine.connect()
    try:
        tx = conn.begin()
        pending = 0
        for payload in _read_all(todo, [sha_of[p] for p in todo], jobs, pool):
            if not Path(payload.path).is_file():  # vanished between the walk and the read
                summary.not_read.append((payload.path, payload.error_message or "无法打开文件"))
            else:
                _store(conn, payload, version)
                summary.stored += 1
                summary.reports += payload.report_json is not None
                summary.errors += payload.report_json is None
                pending += 1
            done += 1
            if pending >= COMMIT_EVERY:
                tx.commit()
                tx = conn.begin()
                pending = 0
            if progress:
                progress(done, total)
        tx.commit()
        with conn.begin():
            _record_paths(conn, arrived)
    finally:
        conn.close()
    return summary


def _record_paths(conn: Connection, arrived: list[tuple[str, str]]) -> None:
    stored = set(conn.scalars(select(files.c.sha256)))
    have = {(r.sha256, r.path) for r in conn.execute(select(paths.c.sha256, paths.c.path))}
    new = sorted({(sha, p) for sha, p in arrived if sha in stored and (sha, p) not in have})
    if new:
        conn.execute(insert(paths), [{"sha256": sha, "path": p, "seen_at": now()} for sha, p in new])


def _read_all(
    paths: list[str], shas: list[str], jobs: int | None, pool: Executor | None
) -> Iterator[Payload]:
    if pool is not None:
        yield from pool.map(read_one, paths, shas)
        return
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(paths) < 4:
        yield from map(read_one, paths, shas)
        return
    batch._warm()  # noqa: SLF001 - the same warm start as the batch runner
    with ProcessPoolExecutor(max_workers=jobs, initializer=limits.init_worker) as pool:
        yield from pool.map(read_one, paths, shas, chunksize=max(1, min(16, len(paths) // (jobs * 8) or 1)))


def _store(conn: Connection, p: Payload, version: str) -> None:
    data = Path(p.path).read_bytes()
    if conn.scalar(select(files.c.sha256).where(files.c.sha256 == p.sha256)) is None:
        conn.execute(
            insert(files).values(
                sha256=p.sha256,
                size=len(data),
                media_type=p.media_type,
                name=Path(p.path).name,
                data=data,
                stored_at=now(),
            )
        )
    conn.execute(update(extractions).where(extractions.c.sha256 == p.sha256).values(current=False))
    row: dict[str, Any] = {
        "sha256": p.sha256,
        "version": version,
        "current": True,
        "path": p.path,
        "extracted_at": now(),
        "errors": 0,
        "warnings": 0,
    }
    report = json.loads(p.report_json) if p.report_json else None
    if report is None:
        row.update(kind="error", error_code=p.error_code, error_message=p.error_message)
    else:
        severities = [f["severity"] for f in report["findings"]]
        row.update(
            kind="report",
            agency=report.get("agency"),
            agency_key=normalise(report.get("agency")) or None,
            year=report.get("year"),
            format_version=report.get("format_version"),
            published=report.get("published"),
            errors=severities.count("error"),
            warnings=severities.count("warning"),
            report_json=p.report_json,
            sections_json=p.sections_json,
        )
        row.update(body_register.match_row(conn, p.sha256, report.get("agency")))
    ext_id = conn.execute(insert(extractions).values(**row)).inserted_primary_key[0]
    if report is not None:
        _store_cells(conn, ext_id, report)
        _store_findings(conn, ext_id, report)


def cell_rows(report: dict[str, Any]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    for tbl in ("table2", "table3", "table4"):
        for row_key, cols in (report.get(tbl) or {}).items():
            for col_key, cell in cols.items():
                yield tbl, row_key, col_key, cell


def _store_cells(conn: Connection, ext_id: int, report: dict[str, Any]) -> None:
    rows = [
        {
            "extraction_id": ext_id,
            "tbl": tbl,
            "row_key": row_key,
            "column_key": col_key,
            "value": cell["value"],
            "status": cell["status"],
            "raw": cell["raw"],
            "where_json": json.dumps(cell["where"], ensure_ascii=False),
        }
        for tbl, row_key, col_key, cell in cell_rows(report)
    ]
    if rows:
        conn.execute(insert(cells), rows)


def fingerprint(code: str, cell_keys: list[str]) -> str:
    """The same finding across versions of a reading: its rule and the cells it concerns."""
    return hashlib.sha256(f"{code}|{','.join(sorted(cell_keys))}".encode()).hexdigest()[:32]


def _store_findings(conn: Connection, ext_id: int, report: dict[str, Any]) -> None:
    rows = [
        {
            "extraction_id": ext_id,
            "seq": i,
            "code": f["code"],
            "severity": f["severity"],
            "message": f["message"],
            "cells_json": json.dumps(f["cells"], ensure_ascii=False),
            "where_json": json.dumps(f["where"], ensure_ascii=False),
            "fault": f.get("fault"),
            "fingerprint": fingerprint(f["code"], f["cells"]),
        }
        for i, f in enumerate(report["findings"])
    ]
    if rows:
        conn.execute(insert(findings), rows)


__all__ = ["IngestSummary", "ingest", "read_one"]
