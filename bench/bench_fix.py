#!/usr/bin/env python3
"""Does `xxgk fix` put the truth first? Single faults injected as bench_faults.py injects them.

  python3 bench/bench_fix.py                    # every truth-backed report, 8 faults per kind each
  python3 bench/bench_fix.py --per-kind 20 --seed 7 --show 10

For every truth file (tests/data/seeds, tests/data/corpus), one table-3/4 cell at a time is
changed by one, has two digits swapped, or is dropped (bench_faults.Bench.inject: into the source
text where the token can be found, else into the extracted report), and `fixes()` is run on the
faulty report. A fault is identity-detectable when the faulty report has an identity error
finding (T3.IDENTITY.*, T4.IDENTITY, IDENTITY.CONFLICT) that the clean one does not. The top fix
restores the truth when it is the only fix of rank 1 and its edits give every table-3/4 cell the
truth file's value. Ties at the top are counted apart (the truth among them, or not). Also: the
clean originals that are consistent, and how many of them get a fix (must be none).
"""

from __future__ import annotations

import argparse
import copy
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_faults import SHARED, Bench, Source, load  # noqa: E402

from xxgk.audit.fix import Fix, apply, consistent, fixes, plain  # noqa: E402
from xxgk.report import Report  # noqa: E402

IDENTITY_CODES = (
    "T3.IDENTITY.COLUMN",
    "T3.IDENTITY.RESULTS",
    "T3.IDENTITY.ROW",
    "T4.IDENTITY",
    "IDENTITY.CONFLICT",
)


def _identity_errors(report: Report) -> set[tuple[str, str]]:
    return {
        (f.code, f.message) for f in report.findings if f.code in IDENTITY_CODES and f.severity == "error"
    }


def restores(faulty: Report, fix: Fix, truth: dict) -> bool:
    """After the fix, every table-3/4 cell the truth gives a number has that number."""
    fixed = plain(apply(copy.deepcopy(faulty), fix))
    for table in ("table3", "table4"):
        for row, cols in (truth.get(table) or {}).items():
            for col, want in cols.items():
                got = (fixed.get(table) or {}).get(row, {}).get(col)
                if want is not None and got is not None and got != want:
                    return False
                if want is not None and got is None and f"{table}.{row}.{col}" in [e.cell for e in fix.edits]:
                    return False
    return True


def _wrong_cells(report: Report, truth: dict) -> list[str]:
    """Table-3/4 cells whose stated value differs from the truth."""
    out = []
    for table in ("table3", "table4"):
        for row, cols in (truth.get(table) or {}).items():
            for col, want in cols.items():
                got = report.value(f"{table}.{row}.{col}")
                if want is not None and got is not None and got != want:
                    out.append(f"{table}.{row}.{col}")
    return out


def measure(sources: list[Source], per_kind: int, seed: int) -> dict[str, list[tuple[str, str]]]:
    bench = Bench(sources, per_kind, seed)
    out: dict[str, list[tuple[str, str]]] = {}
    for src in sources:
        if not consistent(src.pre):
            continue  # the truth itself breaks an identity: no fix can restore it
        for kind in ("value", "swap", "blank"):
            for path in bench._cells(src, kind):
                new, faulty, baseline, _ = bench.inject(src, kind, path)
                what = (
                    f"[{kind}] {src.path.name}: {path} {src.clean.value(path)}→{'空' if new is None else new}"
                )
                detectable = bool(_identity_errors(faulty) - _identity_errors(baseline))
                found = fixes(faulty)
                top = [f for f in found if f.rank == 1]
                wrong = _wrong_cells(faulty, src.truth)
                if kind == "blank":
                    outcome = (
                        "blank, inferred by extraction" if not wrong and not found else "blank, left open"
                    )
                    if found:
                        outcome = "blank, offered a fix"
                elif len(wrong) > 1:
                    outcome = "re-read changed several cells"
                elif not detectable:
                    outcome = (
                        "offered, not detectable" if found and consistent(baseline) else "not detectable"
                    )
                elif len(top) == 1 and restores(faulty, top[0], src.truth):
                    outcome = "restored"
                elif len(top) > 1 and any(restores(faulty, f, src.truth) for f in top):
                    outcome = "tie, truth among them"
                elif len(top) > 1:
                    outcome = "tie, truth not among them"
                elif not found:
                    outcome = "no fix"
                else:
                    outcome = "wrong fix first"
                out.setdefault(outcome, []).append((kind, what))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-kind", type=int, default=8, help="faults of each cell kind per report (default 8)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--show", type=int, default=8, help="list this many faults per outcome other than restored"
    )
    ap.add_argument("--shared", type=Path, default=SHARED)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    sources = load(args.shared)
    clean = [s for s in sources if consistent(s.pre)]
    offered = [s.path.name for s in clean if fixes(s.pre)]
    out = measure(sources, args.per_kind, args.seed)
    seconds = time.perf_counter() - t0
    n = sum(len(v) for v in out.values())
    counted = ("restored", "tie, truth among them", "tie, truth not among them", "no fix", "wrong fix first")
    detectable = sum(len(v) for k, v in out.items() if k in counted)
    restored = len(out.get("restored", []))
    print(
        f"xxgk fix on injected single faults: {len(sources)} truth-backed reports, {n} faults, {seconds:.1f} s"
    )
    by_kind = Counter(kind for k, v in out.items() if k in counted for kind, _ in v)
    print(
        "identity-detectable single-cell faults: "
        + ", ".join(f"{k} {c}" for k, c in by_kind.items())
        + f", all {detectable}"
    )
    for outcome in sorted(out, key=lambda k: -len(out[k])):
        print(f"  {outcome:<28} {len(out[outcome]):>5}")
    share = 100 * restored / detectable if detectable else 0.0
    print(
        f"top-ranked fix restores the truth: {restored}/{detectable} = {share:.1f}% of identity-detectable faults"
    )
    among = restored + len(out.get("tie, truth among them", []))
    print(
        f"truth among the fixes of rank 1 (alone or tied): {among}/{detectable} = {100 * among / max(detectable, 1):.1f}%"
    )
    print(f"clean consistent originals: {len(clean)}; offered a fix: {len(offered)} {' '.join(offered)}")
    for outcome, items in out.items():
        if outcome in ("restored", "not detectable", "blank, inferred by extraction") or not args.show:
            continue
        print(f"{outcome} (first {min(args.show, len(items))} of {len(items)}):")
        for _, what in items[: args.show]:
            print(f"  {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
