"""`xxgk check` and `xxgk extract` over a generated national batch: time and peak memory.

    python3 bench/bench_check.py [--n 1000 10000] [--jobs 2] [--commands check extract] [--cluster local:2]

N text reports in series of 2–7 years per agency (tests/series_batch.py: corpus texts copied,
agency names varied as real series vary them, years shifted) are written to a temporary
folder; then, each in a fresh process, `python3 -m xxgk check --no-tables FOLDER` and
`python3 -m xxgk extract --jsonl FOLDER` run with stdout to /dev/null. Printed per N and
command: wall time, reports/s, and peak RSS of the largest process of the run (the parent,
which holds the batch; the reading workers are smaller), from getrusage(RUSAGE_CHILDREN) of a
wrapper process that runs only that command."""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from series_batch import write  # noqa: E402

_WRAPPER = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
wall = time.perf_counter() - t
print(json.dumps({"rc": rc, "wall": wall, "maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def measure(args: list[str]) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _WRAPPER, *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument(
        "--commands",
        nargs="+",
        default=["check", "check --json", "extract"],
        help="which of the commands to time",
    )
    ap.add_argument("--cluster", default=None, help="also time `xxgk ingest --cluster` (e.g. local:2)")
    opts = ap.parse_args()
    print(f"# {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, -j {opts.jobs}")
    print("| reports | command | wall s | reports/s | peak RSS MiB | exit |")
    print("|---:|---|---:|---:|---:|---:|")
    for n in opts.n:
        with tempfile.TemporaryDirectory(prefix="xxgk-bench-check-") as tmp:
            folder = Path(tmp) / "batch"
            files = write(folder, n)
            runs = {
                "check": ["check", "--no-tables", "-j", str(opts.jobs), str(folder)],
                "check --json": ["check", "--json", "-j", str(opts.jobs), str(folder)],
                "extract": ["extract", "--jsonl", "-j", str(opts.jobs), str(folder)],
            }
            if opts.cluster:
                runs[f"ingest --cluster {opts.cluster}"] = [
                    "ingest", "--db", str(Path(tmp) / "s.db"), "--cluster", opts.cluster, str(folder)
                ]  # fmt: skip
            for name, args in runs.items():
                if name not in opts.commands and not name.startswith("ingest"):
                    continue
                m = measure([sys.executable, "-m", "xxgk", *args])
                print(
                    f"| {len(files)} | {name} | {m['wall']:.1f} | {len(files) / m['wall']:.0f} | "
                    f"{m['maxrss_kb'] / 1024:.0f} | {m['rc']} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
