"""Score xxgk on a generated corpus (bench/make_corpus.py), per kind, with the scorer of the real
corpus (xxgk.score, as `xxgk score`).

    python3 bench/score_corpus.py OUT [--jobs 2] [--show 10]

Printed per kind: reports, cells, accuracy, non-zero accuracy, missed and silent cells, faults
caught of faults injected, and seconds. A fault is caught when a finding of the report (error or
warning, or one folded under it; for a left-out cell also the info that it was inferred) names the
faulted cell. Then the failing cases: each silent or missed cell (file, cell, what was read) and
each fault not caught. Exit 0 when every kind meets its target: accuracy >= 99.9 % (scans >= 99.5 %),
no silent error, every fault caught."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from xxgk import batch, score
from xxgk.report import Finding, Report

TARGET = {"scan": 0.995}
DEFAULT_TARGET = 0.999


@dataclass
class KindResult:
    kind: str
    totals: score.Totals = field(default_factory=score.Totals)
    missed: int = 0
    faults: int = 0
    caught: int = 0
    seconds: float = 0.0
    cases: list[str] = field(default_factory=list)

    @property
    def target(self) -> float:
        return TARGET.get(self.kind, DEFAULT_TARGET)

    @property
    def passes(self) -> bool:
        return self.totals.accuracy >= self.target and self.totals.silent == 0 and self.caught == self.faults


def _all(findings: list[Finding]) -> Iterator[Finding]:
    for f in findings:
        yield f
        yield from _all(f.folded)


def caught(report: Report, fault: dict) -> bool:
    """A finding of the report names the faulted cell."""
    cell = fault["cell"]
    severities = ("error", "warning", "info") if fault["printed"] is None else ("error", "warning")
    return any(cell in f.cells for f in _all(report.findings) if f.severity in severities)


def score_kind(folder: Path, jobs: int | None) -> KindResult:
    res = KindResult(folder.name)
    truths = score.truth_files([folder])
    loaded = [score.load(t) for t in truths]
    t0 = time.perf_counter()
    outcomes = list(
        batch.run([str(t.parent / d["source"]) for t, d in zip(truths, loaded, strict=True)], jobs)
    )
    res.seconds = time.perf_counter() - t0
    for truth, outcome in zip(loaded, outcomes, strict=True):
        name = f"{folder.name}/{truth['source']}"
        if outcome.error is not None or outcome.report is None:
            c = score.unread(truth, outcome.error.describe() if outcome.error else "无报告")
            res.cases.append(f"{name}: 无法读取：{c.error}")
        else:
            c = score.compare(outcome.report, truth)
            res.cases += [f"{name}: 未提示的错误 {s}" for s in c.silent]
            res.cases += [f"{name}: 未读出 {m}" for m in c.missed]
        res.totals.add(c)
        res.missed += len(c.missed) if c.error is None else c.total
        fault = truth.get("injected_fault")
        if fault:
            res.faults += 1
            if outcome.report is not None and caught(outcome.report, fault):
                res.caught += 1
            else:
                res.cases.append(
                    f"{name}: 注入的错误未被发现 {fault['kind']} {fault['cell']} "
                    f"{fault['value']}→{fault['printed']}"
                )
    return res


def run(out: Path, jobs: int | None = None) -> list[KindResult]:
    return [score_kind(d, jobs) for d in sorted(p for p in out.iterdir() if p.is_dir())]


def print_results(results: list[KindResult], show: int) -> None:
    head = f"{'kind':<6} {'reports':>7} {'cells':>7} {'accuracy':>9} {'non-zero':>9} {'missed':>6} {'silent':>6} {'faults caught':>13} {'s':>7}  target"
    print(head)
    total = KindResult("all")
    for r in results:
        t = r.totals
        print(
            f"{r.kind:<6} {t.reports:>7} {t.total:>7} {t.accuracy:>9.4%} {t.nonzero:>9.4%} {r.missed:>6} "
            f"{t.silent:>6} {f'{r.caught}/{r.faults}':>13} {r.seconds:>7.1f}  "
            f"{'met' if r.passes else 'NOT met'} (>= {r.target:.1%})"
        )
        for k in ("reports", "total", "match", "silent", "nz_total", "nz_match"):
            setattr(total.totals, k, getattr(total.totals, k) + getattr(t, k))
        total.missed += r.missed
        total.faults += r.faults
        total.caught += r.caught
        total.seconds += r.seconds
    t = total.totals
    print(
        f"{'all':<6} {t.reports:>7} {t.total:>7} {t.accuracy:>9.4%} {t.nonzero:>9.4%} {total.missed:>6} "
        f"{t.silent:>6} {f'{total.caught}/{total.faults}':>13} {total.seconds:>7.1f}"
    )
    for r in results:
        for case in r.cases[:show]:
            print("  " + case)
        if len(r.cases) > show:
            print(f"  … {r.kind}: {len(r.cases) - show} more")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--show", type=int, default=10, help="failing cases shown per kind")
    args = ap.parse_args(argv)
    results = run(args.out, args.jobs)
    print_results(results, args.show)
    return 0 if all(r.passes for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
