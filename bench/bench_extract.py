#!/usr/bin/env python3
"""Throughput and memory of text extraction.

  python3 bench/bench_extract.py            # in-process rate, then a whole-process batch of 600
  python3 bench/bench_extract.py --rounds 20 --batch 600 --accuracy

Prints: reports/s in one process on one core (seeds; text corpus), peak memory, then the rate
of `xxgk extract --jsonl` as a whole process over a folder of N text reports (all cores), and
with --accuracy the truth score of `xxgk score`."""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from xxgk.api import extract_file
from xxgk.extract import extract
from xxgk.readers import read_path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / "tests" / "data"


def text_reports() -> tuple[list[Path], list[Path]]:
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    corpus = sorted(
        p for p in (SHARED / "corpus").iterdir() if p.suffix in (".txt", ".md") and p.name != "README.md"
    )
    return seeds, corpus


def tables_only(path: Path) -> None:
    extract(read_path(path))  # read, tables, identities, repair; no audit rules


def in_process(files: list[Path], rounds: int, fn=extract_file) -> tuple[float, float]:
    for f in files:  # warm imports
        fn(f)
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        for f in files:
            fn(f)
    n = rounds * len(files)
    return n / (time.perf_counter() - wall), n / (time.process_time() - cpu)


def peak_per_report(files: list[Path]) -> float:
    tracemalloc.start()
    peak = 0
    for f in files:
        tracemalloc.reset_peak()
        extract_file(f)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
    return peak / 1e6


def whole_process(files: list[Path], n: int, jobs: int | None) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            src = files[i % len(files)]
            # a line of its own in each copy: identical copies would be read once (duplicate records)
            (Path(tmp) / f"{i:04d}_{src.name}").write_bytes(src.read_bytes() + f"\n{i}\n".encode())
        cmd = [sys.executable, "-m", "xxgk", "extract", "--jsonl", tmp]
        if jobs:
            cmd += ["--jobs", str(jobs)]
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True)
        elapsed = time.perf_counter() - start
        lines = proc.stdout.count(b"\n")
        if proc.returncode != 0 or lines != n:
            sys.exit(f"batch failed: exit {proc.returncode}, {lines} lines: {proc.stderr.decode()[-500:]}")
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return n / elapsed, rss


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--batch", type=int, default=600)
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--accuracy", action="store_true")
    a = ap.parse_args()
    seeds, corpus = text_reports()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}"
    )
    for stage, fn in (("read+tables+identities", tables_only), ("full, with audit rules", extract_file)):
        for name, files in (("seeds", seeds), ("text corpus", corpus), ("all text", seeds + corpus)):
            wall_rate, cpu_rate = in_process(files, a.rounds, fn)
            print(
                f"in-process {stage}, {name} ({len(files)} reports x {a.rounds}): {wall_rate:.0f} reports/s wall, "
                f"{cpu_rate:.0f} reports/s per CPU-second"
            )
    print(
        f"peak traced memory per report: {peak_per_report(seeds + corpus):.1f} MB; "
        f"process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    rate, rss = whole_process(seeds + corpus, a.batch, a.jobs)
    print(
        f"whole process: xxgk extract --jsonl over {a.batch} text reports: {rate:.0f} reports/s "
        f"(jobs={a.jobs or os.cpu_count()}), max child RSS {rss:.0f} MB"
    )
    if a.accuracy:
        for folder in ("seeds", "corpus"):
            out = subprocess.run(
                [
                    sys.executable,
                    str(SHARED / "tools" / "score.py"),
                    "--min-accuracy",
                    "0",
                    "--max-silent",
                    "99999",
                    str(SHARED / folder),
                ],
                capture_output=True,
                text=True,
            )
            print(f"accuracy {folder}: {out.stdout.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
