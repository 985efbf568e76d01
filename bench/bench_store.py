"""Ingest throughput into the store and its size per report.

    python3 bench/bench_store.py [--n 1000 10000] [--jobs 2] [--postgres]

N distinct text reports are made from the seed and corpus texts (each copy carries its own
archive line, so every file has its own hash), then ingested into a fresh SQLite file and, with
--postgres, into a throw-away PostgreSQL cluster (tests/pgserver.py). Printed per store and N:
reports/s of the whole ingest (walk, hash, extract + audit in workers, write), a second
ingest of the same files (everything already known: the idempotence path), and the store's
size per report (SQLite file size; PostgreSQL database size)."""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from pgserver import postgres  # noqa: E402
from sqlalchemy import text  # noqa: E402

from xxgk.store import open_store  # noqa: E402
from xxgk.store.ingest import ingest  # noqa: E402

DATA = ROOT / "tests" / "data"


def make(folder: Path, n: int) -> None:
    texts = sorted([*(DATA / "seeds").glob("*.txt"), *(DATA / "corpus").glob("*.txt")])
    bodies = [p.read_text(encoding="utf-8") for p in texts]
    for i in range(n):
        j = i % len(texts)
        (folder / f"{i:05d}_{texts[j].name}").write_text(
            bodies[j] + f"\n（归档编号 {i:05d}）\n", encoding="utf-8"
        )


def run(url: str, folder: Path, n: int, jobs: int, label: str) -> None:
    store = open_store(url)
    t = time.perf_counter()
    summary = ingest(store, [str(folder)], jobs=jobs)
    first = time.perf_counter() - t
    t = time.perf_counter()
    ingest(store, [str(folder)], jobs=jobs)
    second = time.perf_counter() - t
    if store.dialect == "sqlite":
        store.engine.dispose()
        path = Path(url.removeprefix("sqlite:///"))
        size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    else:
        with store.engine.connect() as conn:
            size = conn.scalar(text("SELECT pg_database_size(current_database())"))
    print(
        f"{label:10s} N={n:6d}  ingest {n / first:7.1f} reports/s ({first:6.1f} s, {summary.reports} reports)  "
        f"again {n / second:8.1f} files/s  store {size / n / 1024:6.1f} KiB/report"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, nargs="+", default=[1000])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--postgres", action="store_true")
    args = ap.parse_args()
    print(
        f"# {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}, jobs={args.jobs}"
    )
    for n in args.n:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "reports"
            folder.mkdir()
            make(folder, n)
            run(f"sqlite:///{tmp}/store.db", folder, n, args.jobs, "sqlite")
            if args.postgres:
                with postgres() as url:
                    run(url, folder, n, args.jobs, "postgresql")


if __name__ == "__main__":
    main()
