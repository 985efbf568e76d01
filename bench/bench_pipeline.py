#!/usr/bin/env python3
"""Speed of the full text pipeline against the floor of reading the same files.

  python3 bench/bench_pipeline.py              # 5 rounds over the seed and corpus text reports
  python3 bench/bench_pipeline.py --rounds 20 --profile

On one core, in-process, over every text report in tests/data/seeds and tests/data/corpus
(.txt, .md): reports/s of the full pipeline (read + extract + audit + JSON of the record, as
`xxgk check --json` writes it) and, in the same run, of the floor (read the same files and one
regular-expression pass over their text). Prints both and their ratio; the best round counts.
With --profile, the cProfile functions that take the most time in the full pipeline."""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import re
import time
from collections.abc import Callable
from pathlib import Path

from xxgk.batch import run_one

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
_ANY_DIGITS = re.compile(r"\d+")


def text_files() -> list[str]:
    return [
        str(p)
        for folder in ("seeds", "corpus")
        for p in sorted((DATA / folder).iterdir())
        if p.suffix in (".txt", ".md") and p.name != "README.md"
    ]


def full(path: str) -> int:
    return len(json.dumps(run_one(path).record(), ensure_ascii=False))


def floor(path: str) -> int:
    text = Path(path).read_bytes().decode("utf-8")
    return len(_ANY_DIGITS.findall(text))


def best_rate(step: Callable[[str], int], files: list[str], rounds: int) -> float:
    best = 0.0
    for _ in range(rounds):
        t = time.perf_counter()
        for f in files:
            step(f)
        best = max(best, len(files) / (time.perf_counter() - t))
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    files = text_files()
    for f in files:  # warm: imports and compiled patterns are not what is measured
        full(f)
    pipeline = best_rate(full, files, args.rounds)
    bottom = best_rate(floor, files, args.rounds)
    print(
        f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}, load {os.getloadavg()[0]:.2f}"
    )
    print(f"{len(files)} text reports x {args.rounds} rounds (best round)")
    print(f"full pipeline (extract + audit + JSON): {pipeline:8.1f} reports/s")
    print(f"floor (read + one regex pass):          {bottom:8.1f} reports/s")
    print(f"ratio floor / pipeline:                 {bottom / pipeline:8.1f}x")
    if args.profile:
        prof = cProfile.Profile()
        prof.runcall(lambda: [full(f) for f in files])
        pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
