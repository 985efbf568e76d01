#!/usr/bin/env python3
"""The long fuzz run: real reports of every kind, damaged at random or edited harmlessly, and
arbitrary bytes, through the whole pipeline (read + extract + audit) in worker processes that
carry the batch's limits (XXGK_MEMORY_LIMIT).

  python3 bench/bench_fuzz.py --inputs 100000 --jobs 2
  python3 bench/bench_fuzz.py --minutes 30            # as many as fit, then the figures

Counts: inputs tried (by kind and by mutation), uncaught exceptions (anything but XxgkError, or
E_INTERNAL), budget overruns (an input over --budget-s seconds, or E_TIMEOUT), value changes on
harmless edits, peak RSS of the workers and the slowest input. The mutations are the suite's
(tests/mutations.py); the run is reproducible from --seed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import multiprocessing as mp_context
import os
import platform
import random
import resource
import sys
import time
import traceback
from collections import Counter
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

# share of the inputs per plan: (kind, mutation). PDF pages and OCR cost 10-100x a text file:
# fewer of them, so that 10^5 inputs fit in well under an hour on two cores.
PLAN = (
    ("text", "damage", 44),
    ("text", "harmless", 8),
    ("html", "damage", 18),
    ("html", "harmless", 4),
    ("docx", "damage", 14),
    ("pdf", "damage", 3.5),
    ("bytes", "arbitrary", 8),
    ("image", "damage", 0.5),
)
# share of the damaged and arbitrary inputs that go through extract + audit too (the rest: the
# reader alone, read_bytes); harmless edits always do, their cells are compared
FULL_SHARE = 0.2
# LibreOffice's kinds take seconds a file: a fixed number of them, at the start of the run
LEGACY = 24


def _task(args: tuple[int, str, str, int]) -> dict:
    """One input: made from (kind, mutation, seed), read under the budget, judged."""
    from mutations import MAGIC, by_kind, cells, damage, harmless

    from xxgk import errors, limits
    from xxgk.api import extract_bytes
    from xxgk.readers import read_bytes

    index, kind, how, seed = args
    rnd = random.Random(seed)
    if kind == "bytes":
        data = rnd.choice(MAGIC) + rnd.randbytes(rnd.randrange(4096))
        name = "fuzz.bin"
        sample = None
    elif kind == "legacy":
        body = rnd.randbytes(rnd.randrange(4096))
        data = (
            rnd.choice(
                (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"), b"{\\rtf1 ")
            )
            + body
        )
        name, sample = "fuzz.doc", None
    elif how == "harmless":
        sample = rnd.choice([s for s in by_kind(kind) if _baseline(s)])  # reports only
        name = sample.name
        data = harmless(sample, rnd)
    else:
        sample = rnd.choice(by_kind(kind))
        name = sample.name
        data = damage(sample, rnd)
    full = how == "harmless" or rnd.random() < FULL_SHARE
    out = {
        "i": index,
        "kind": kind,
        "how": how,
        "seed": seed,
        "bytes": len(data),
        "stage": "extract" if full else "read",
    }
    t0 = time.monotonic()
    try:
        if not full:
            limits.run_with_timeout(lambda: read_bytes(data, name), BUDGET_S, name)
            out["result"] = "document"
            raise _Done
        report = limits.run_with_timeout(lambda: extract_bytes(data, name), BUDGET_S, name)
        out["result"] = "report"
        if how == "harmless" and sample is not None:
            before = _baseline(sample)
            after = cells(report)
            changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
            if changed:
                out["changed"] = changed[:10]
    except _Done:
        pass
    except errors.XxgkError as exc:
        out["result"] = exc.code
        if how == "harmless":
            out["changed"] = [f"unreadable: {exc.code}"]
    except BaseException as exc:  # noqa: BLE001 - exactly what the run is looking for
        out["result"] = "EXCEPTION"
        out["exception"] = "".join(traceback.format_exception_only(type(exc), exc)).strip()[:500]
    out["seconds"] = round(time.monotonic() - t0, 3)
    out["rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return out


class _Done(Exception):
    pass


_BASELINES: dict[str, dict] = {}


def _baseline(sample) -> dict:  # type: ignore[no-untyped-def]
    """The sample's cells, {} when it is not a report."""
    from mutations import cells

    from xxgk import errors
    from xxgk.api import extract_bytes

    if sample.name not in _BASELINES:
        try:
            _BASELINES[sample.name] = cells(extract_bytes(sample.data, sample.name))
        except errors.XxgkError:
            _BASELINES[sample.name] = {}
    return _BASELINES[sample.name]


BUDGET_S = 20.0


def _init(budget: float) -> None:
    global BUDGET_S
    from xxgk import limits

    BUDGET_S = budget
    limits.init_worker()


def _tasks(n: int, seed: int, legacy: int) -> list[tuple[int, str, str, int]]:
    rnd = random.Random(seed)
    weights = [w for _, _, w in PLAN]
    out = [(k, "legacy", "arbitrary", rnd.getrandbits(48)) for k in range(legacy)]
    for k in range(legacy, n):
        kind, how, _ = rnd.choices(PLAN, weights)[0]
        out.append((k, kind, how, rnd.getrandbits(48)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inputs", type=int, default=100_000)
    ap.add_argument("--minutes", type=float, default=None, help="stop after this long (figures for what ran)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=20261203)
    ap.add_argument("--budget-s", type=float, default=20.0, help="seconds one input may take")
    ap.add_argument("--legacy", type=int, default=LEGACY, help="inputs through LibreOffice (.doc / .rtf)")
    ap.add_argument("--log", type=Path, default=None, help="write every failing input here (JSON lines)")
    args = ap.parse_args()

    tasks = _tasks(args.inputs, args.seed, args.legacy)
    started = time.monotonic()
    tried: Counter[str] = Counter()
    stages: Counter[str] = Counter()
    results: Counter[str] = Counter()
    failures: list[dict] = []
    slowest: dict = {"seconds": 0.0}
    peak = 0.0
    ctx = get_context("fork")
    with ctx.Pool(args.jobs, initializer=_init, initargs=(args.budget_s,), maxtasksperchild=2000) as pool:
        results_iter = pool.imap_unordered(_task, tasks)  # chunksize 1: an iterator with a timeout
        while True:
            try:
                out = results_iter.next(timeout=args.budget_s * 8 + 60)
            except StopIteration:
                break
            except mp_context.TimeoutError:
                # a worker died inside an input (a native crash): its chunk never comes back
                lost = len(tasks) - sum(tried.values())
                print(f"{lost} inputs lost: a worker died (native crash?)", file=sys.stderr, flush=True)
                results["LOST"] += lost
                pool.terminate()
                break
            tried[f"{out['kind']}/{out['how']}"] += 1
            stages[out["stage"]] += 1
            results[out["result"]] += 1
            peak = max(peak, out["rss_mb"])
            if out["seconds"] > slowest["seconds"]:
                slowest = out
            bad = (
                out["result"] in ("EXCEPTION", "E_INTERNAL", "E_TIMEOUT")
                or out["seconds"] > args.budget_s
                or "changed" in out
            )
            if bad:
                failures.append(out)
                print(json.dumps(out, ensure_ascii=False), file=sys.stderr, flush=True)
            n = sum(tried.values())
            if n % 5000 == 0:
                print(
                    f"{n} inputs, {len(failures)} failing, {time.monotonic() - started:.0f} s",
                    file=sys.stderr,
                    flush=True,
                )
            if args.minutes is not None and time.monotonic() - started > args.minutes * 60:
                pool.terminate()
                break
    total = sum(tried.values())
    summary = {
        "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "date": f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        "seed": args.seed,
        "jobs": args.jobs,
        "inputs": total,
        "by_plan": dict(sorted(tried.items())),
        "by_stage": dict(stages),
        "results": dict(results.most_common()),
        "uncaught_exceptions": sum(1 for f in failures if f["result"] in ("EXCEPTION", "E_INTERNAL")),
        "lost_inputs": results.get("LOST", 0),
        "budget_overruns": sum(
            1 for f in failures if f["result"] == "E_TIMEOUT" or f["seconds"] > args.budget_s
        ),
        "harmless_value_changes": sum(1 for f in failures if "changed" in f),
        "peak_worker_rss_mb": peak,
        "slowest": {
            k: slowest.get(k) for k in ("kind", "how", "seed", "bytes", "stage", "result", "seconds")
        },
        "wall_s": round(time.monotonic() - started, 1),
    }
    if args.log:
        args.log.write_text(
            "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in failures), encoding="utf-8"
        )
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
