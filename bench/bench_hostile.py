#!/usr/bin/env python3
"""Hostile files: what each costs as a whole process, under the default budgets.

  python3 bench/bench_hostile.py                    # every file of the issue, full size
  python3 bench/bench_hostile.py --only digits.txt,wide.png

Each file is made by tests/hostile.py into a temporary folder, then read by a fresh
`python3 -m xxgk extract --json FILE` with the default settings; its peak RSS (ru_maxrss of the
process, from wait4) and wall time are measured. A guard the budgets should never reach stops a
runaway: the process's address space is capped at --guard-mb (RLIMIT_AS) and it is killed after
--guard-s seconds. Acceptance: a clear error with a stable code, peak RSS <= 1 GB, <= 20 s.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import hostile  # noqa: E402

RSS_LIMIT_MB = 1024
WALL_LIMIT_S = 20.0


def measure(path: Path, guard_mb: int, guard_s: float) -> dict:
    """Run `xxgk extract --json path` in a fresh process: code, message, peak RSS, wall time."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (guard_mb << 20, guard_mb << 20))

    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    t0 = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "xxgk", "extract", "--json", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
        preexec_fn=cap,
    )
    killed = False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - t0 > guard_s:
            proc.kill()
            killed = True
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.02)
    wall = time.monotonic() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    code = stderr.rsplit("（", 1)[-1].rstrip("）\n") if "（E_" in stderr else None
    return {
        "file": path.name,
        "bytes": path.stat().st_size,
        "exit": proc.returncode,
        "code": code,
        "message": stderr.strip().splitlines()[-1] if stderr.strip() else "",
        "traceback": "Traceback" in stderr,
        "rss_mb": round(usage.ru_maxrss / 1024, 1),
        "wall_s": round(wall, 2),
        "killed": killed,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="comma-separated file names, e.g. digits.txt,wide.png")
    ap.add_argument("--guard-mb", type=int, default=4096, help="address-space cap of each run (MiB)")
    ap.add_argument("--guard-s", type=float, default=120, help="kill a run after this many seconds")
    ap.add_argument("--json", dest="as_json", action="store_true")
    args = ap.parse_args()
    names = args.only.split(",") if args.only else list(hostile.HOSTILE)
    rows = []
    with tempfile.TemporaryDirectory(prefix="xxgk-hostile-") as tmp:
        for name in names:
            path = hostile.HOSTILE[name](Path(tmp))
            row = measure(path, args.guard_mb, args.guard_s)
            row["ok"] = bool(
                row["code"]
                and row["code"] != "E_INTERNAL"
                and not row["traceback"]
                and not row["killed"]
                and row["rss_mb"] <= RSS_LIMIT_MB
                and row["wall_s"] <= WALL_LIMIT_S
            )
            rows.append(row)
            path.unlink()
            if not args.as_json:
                print(
                    f"{row['file']:16} {row['bytes'] / 1e6:9.1f} MB  {row['code'] or '-':24} "
                    f"RSS {row['rss_mb']:7.1f} MB  {row['wall_s']:6.2f} s  {'ok' if row['ok'] else 'FAIL'}"
                    f"{'  (killed by the guard)' if row['killed'] else ''}\n    {row['message']}",
                    flush=True,
                )
    if args.as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        print(
            f"\n{platform.node()} {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC"
        )
    sys.exit(0 if all(r["ok"] for r in rows) else 1)


if __name__ == "__main__":
    main()
