#!/usr/bin/env python3
"""Injected-fault benchmark: does `xxgk check` notice a single wrong number, and point at it?

  python3 bench/bench_faults.py                 # every truth-backed report, 8 faults per kind each
  python3 bench/bench_faults.py --per-kind 20 --seed 7 --show 10

Every report with a truth file (tests/data/seeds, tests/data/corpus) is read, the whole set is
audited as one batch (so the cross-year checks run), and then single faults are injected, one
at a time, and the report is read and audited again with its series around it:

  value      one printed table-3/4 number changed by one (9 -> 8, 0 -> 1)
  swap       two neighbouring, different digits of a multi-digit table-3/4 number swapped
  blank      one printed table-3/4 number dropped (the cell left blank)
  section5   last year's §五 copied into this year's report (consecutive reports of an agency)
  narrative  a count the narrative states (收到申请X件, 办结X件, 结转X件, 复议X件 …) changed by one

The fault goes into the SOURCE TEXT where the printed token can be found there unambiguously
(text, Markdown and HTML sources: the cell's own line holds the number exactly once); otherwise
the extracted report is changed and its identities, inference and audit are run again (compared
with the same re-run on the unchanged report, so that only the fault differs).

Measured, per kind: detected = an error or warning appears (in the report or in the next year's
report of the agency) that the clean original did not have; localised = such a finding names the
injected cell (its cells, which for an identity are the cells of its equation) — for a narrative
fault, the table cell the number is about or the changed number itself; for §五, the finding on
§五. Also: error findings on clean originals whose truth lists no expected_findings.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from xxgk.api import extract_bytes
from xxgk.audit import audit
from xxgk.audit.yoy import audit_batch, pairs, series
from xxgk.extract import extract, repair
from xxgk.extract.layout import fuzzy
from xxgk.readers import read_path
from xxgk.report import CellValue, Finding, Report
from xxgk.standard.table3 import COLUMN_BY_KEY, ROW_BY_KEY
from xxgk.values import VALUE_RUN

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / "tests" / "data"
KINDS = ("value", "swap", "blank", "section5", "narrative")
TEXT_SOURCES = (".txt", ".md", ".markdown")
HTML_SOURCES = (".html", ".htm")
# findings that a report-level re-run recomputes (the rest of the extraction's findings stay)
RECOMPUTED = frozenset(
    {
        "T3.IDENTITY.COLUMN",
        "T3.IDENTITY.RESULTS",
        "T3.IDENTITY.ROW",
        "T4.IDENTITY",
        "IDENTITY.UNVERIFIABLE",
        "CELL.INFERRED",
        "CELL.UNRESOLVED",
        "CELL.CONFLICT",
    }
)
# narrative fact kinds and the table cells they state (a sum where several)
NARRATIVE_CELLS: dict[str, tuple[tuple[str, ...], ...]] = {
    "received": (("table3.new_received.total",), ("table3.new_received.total", "table3.carried_over.total")),
    "concluded": (("table3.results_total.total",),),
    "handled": (("table3.results_total.total",),),
    "carried_over": (("table3.carried_over.total",),),
    "carried_forward": (("table3.carried_forward.total",),),
    "review": (("table4.review.total",),),
    "litigation": (("table4.litigation_direct.total", "table4.litigation_after_review.total"),),
}


@dataclass
class Source:
    path: Path
    truth: dict
    pre: Report  # extracted, before the audit rules
    clean: Report  # audited, with the batch's cross-year findings
    text: str | None  # the source as text, when faults can go into it


@dataclass
class Outcome:
    kind: str
    source: str
    what: str
    in_source: bool
    detected: bool
    localised: bool
    as_error: bool
    codes: list[str] = field(default_factory=list)


def _signature(f: Finding) -> tuple[str, str]:
    return f.code, f.message


def _alarms(report: Report, before: Report) -> list[Finding]:
    """Errors and warnings of `report` that `before` did not have."""
    old = {_signature(f) for f in before.findings}
    return [f for f in report.findings if f.severity in ("error", "warning") and _signature(f) not in old]


def load(shared: Path) -> list[Source]:
    sources: list[Source] = []
    for truth_path in sorted(
        [*(shared / "seeds").glob("*.truth.json"), *(shared / "corpus").glob("*.truth.json")]
    ):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        path = truth_path.parent / truth["source"]
        pre = extract(read_path(path))
        text = path.read_text(encoding="utf-8") if path.suffix in TEXT_SOURCES + HTML_SOURCES else None
        sources.append(Source(path, truth, pre, audit(copy.deepcopy(pre)), text))
    audit_batch([s.clean for s in sources])
    return sources


class Bench:
    def __init__(self, sources: list[Source], per_kind: int, seed: int) -> None:
        self.sources = sources
        self.per_kind = per_kind
        self.seed = seed
        by_report = {id(s.clean): s for s in sources}
        self.series: dict[int, list[Report]] = {}
        self.next_year: dict[int, Report] = {}
        self.last_year: dict[int, Report] = {}
        for group in series([s.clean for s in sources]):
            for r in group:
                self.series[id(by_report[id(r)])] = group
            for prev, cur, _ in pairs(group):
                self.next_year.setdefault(id(prev), cur)
                self.last_year[id(cur)] = prev

    # --- running one fault ---
    def _in_series(
        self, src: Source, faulty: Report, baseline: Report
    ) -> tuple[list[Finding], list[Finding]]:
        """Audit the faulty report with its series; new alarms on it and on next year's report."""
        group = self.series.get(id(src), [src.clean])
        others = [copy.copy(r) for r in group if r is not src.clean]
        audit_batch([*others, faulty])
        after = self.next_year.get(id(src.clean))
        follow: list[Finding] = []
        if after is not None:
            moved = next(o for o in others if o.source == after.source)
            follow = _alarms(moved, after)
        return _alarms(faulty, baseline), follow

    def _rerun(self, src: Source, change: Callable[[Report], None]) -> Report:
        r = copy.deepcopy(src.pre)
        r.findings = [f for f in r.findings if f.code not in RECOMPUTED]
        change(r)
        repair.infer(r)
        repair.check(r)
        return audit(r)

    def _rerun_baseline(self, src: Source) -> Report:
        base = self._rerun(src, lambda r: None)
        group = self.series.get(id(src), [src.clean])
        audit_batch([*(copy.copy(r) for r in group if r is not src.clean), base])
        return base

    def _from_text(self, src: Source, text: str) -> Report:
        report = extract_bytes(text.encode("utf-8"), src.path.name)
        report.source["path"] = str(src.path)
        return report

    # --- cell faults ---
    def _cells(self, src: Source, kind: str) -> list[str]:
        out = []
        for table in ("table3", "table4"):
            for row, cols in (getattr(src.clean, table) or {}).items():
                for col, cell in cols.items():
                    if cell.status != "number" or not isinstance(cell.value, int):
                        continue
                    if kind == "swap" and _swapped(cell.value) is None:
                        continue
                    out.append(f"{table}.{row}.{col}")
        rng = random.Random(f"{self.seed}:{src.path.name}:{kind}")
        rng.shuffle(out)
        return out[: self.per_kind]

    def _locate(self, src: Source, cell: CellValue) -> tuple[int, re.Match[str]] | None:
        """The cell's printed token in the source text: its line must hold it exactly once."""
        if src.text is None or cell.where.line is None:
            return None
        lines = src.text.split("\n")
        if not 0 < cell.where.line <= len(lines):
            return None
        token = re.escape(cell.raw.strip())
        if src.path.suffix in HTML_SOURCES:
            rx = re.compile(rf"(?<=>)((?:\s|&nbsp;)*){token}((?:\s|&nbsp;)*)(?=<)")
        else:
            rx = re.compile(rf"(?<![\d.,]){token}(?![\d.,])")
        hits = list(rx.finditer(lines[cell.where.line - 1]))
        return (cell.where.line - 1, hits[0]) if len(hits) == 1 else None

    def _in_run(self, src: Source, path: str) -> tuple[int, list[int]] | None:
        """Where a table-3 row was flattened into running text with its digits run together
        (“予以公开220000022”): the positions of this cell's digits, when the digits after the
        row's label are exactly the row's values and the label occurs so only once."""
        table, row, col = path.split(".")
        cells = (src.clean.table3 or {}).get(row, {})
        cell = cells.get(col)
        spec = ROW_BY_KEY.get(row)
        if table != "table3" or src.text is None or src.path.suffix not in TEXT_SOURCES or cell is None:
            return None
        if spec is None or not spec.stream or cell.where.line is None:
            return None
        cols = [c for c in COLUMN_BY_KEY if c in cells and cells[c].status != "absent"]
        if any(cells[c].status != "number" for c in cols):
            return None
        values = "".join(str(cells[c].value) for c in cols)
        line = src.text.split("\n")[cell.where.line - 1]
        found = []
        for m in fuzzy(spec.stream).finditer(line):
            lead = re.compile(r"[^\d。]{0,40}?(?=\d)").match(line, m.end())
            if lead is None:
                continue
            run = VALUE_RUN.match(line, lead.end())
            assert run is not None
            positions = [run.start() + i for i, ch in enumerate(run.group(0)) if ch.isdigit()]
            got = "".join(line[p] for p in positions)
            # a trailing ordinal of the next row (the “2” of “2.其他法律…”) may follow the values
            if got.startswith(values) and len(got) - len(values) <= 1:
                found.append(positions)
        if len(found) != 1:
            return None
        start = sum(len(str(cells[c].value)) for c in cols[: cols.index(col)])
        return cell.where.line - 1, found[0][start : start + len(str(cell.value))]

    def cell_fault(self, src: Source, kind: str, path: str) -> Outcome:
        cell = src.clean.cell(path)
        assert cell is not None and isinstance(cell.value, int)
        new, faulty, baseline, in_source = self.inject(src, kind, path)
        own, follow = self._in_series(src, faulty, baseline)
        counterpart = path.replace("carried_forward", "carried_over") if ".carried_forward." in path else None
        localised = any(path in f.cells for f in own) or any(
            counterpart in f.cells for f in follow if counterpart
        )
        return self._outcome(
            kind,
            src,
            f"{path} {cell.value}→{'空' if new is None else new}",
            in_source,
            own + follow,
            localised,
        )

    def inject(self, src: Source, kind: str, path: str) -> tuple[int | None, Report, Report, bool]:
        """One cell fault: the new value (None: dropped), the faulty report, the clean report to
        compare it with, and whether the fault went into the source text."""
        cell = src.clean.cell(path)
        assert cell is not None and isinstance(cell.value, int)
        new = None if kind == "blank" else (_bumped(cell.value) if kind == "value" else _swapped(cell.value))
        digits = self._in_run(src, path)
        located = None if digits is not None else self._locate(src, cell)
        faulty: Report | None = None
        if digits is not None:
            assert src.text is not None
            lines = src.text.split("\n")
            i, positions = digits
            line = list(lines[i])
            for p, ch in zip(positions, str(new) if new is not None else [""] * len(positions), strict=True):
                line[p] = ch  # a dropped cell's digits are gone from the run
            lines[i] = "".join(line)
            # the row's digits are certainly the cell's: whatever the reading makes of them counts
            faulty, baseline = self._from_text(src, "\n".join(lines)), src.clean
        elif located is not None:
            assert src.text is not None
            lines = src.text.split("\n")
            i, m = located
            printed = m.group(0).replace(cell.raw.strip(), "" if new is None else str(new))
            lines[i] = lines[i][: m.start()] + printed + lines[i][m.end() :]
            faulty, baseline = self._from_text(src, "\n".join(lines)), src.clean
            if not _landed(faulty, path, new):
                faulty, located = None, None  # the token was another one (a number in the narrative)
        if faulty is None:

            def change(r: Report) -> None:
                table, row, col = path.split(".")
                old = getattr(r, table)[row][col]
                getattr(r, table)[row][col] = (
                    CellValue(None, "", "blank", old.where)
                    if new is None
                    else CellValue(new, str(new), "number", old.where)
                )

            faulty, baseline = self._rerun(src, change), self._rerun_baseline(src)
        return new, faulty, baseline, digits is not None or located is not None

    # --- section 五 copied ---
    def section5_faults(self) -> Iterator[Outcome]:
        for src in self.sources:
            prev = self.last_year.get(id(src.clean))
            old5 = _section(prev, 5) if prev is not None else None
            new5 = _section(src.clean, 5)
            if old5 is None or new5 is None:
                continue
            if src.text is not None and src.text.count(new5) == 1 and src.path.suffix in TEXT_SOURCES:
                faulty, baseline, in_source = (
                    self._from_text(src, src.text.replace(new5, old5)),
                    src.clean,
                    True,
                )
            else:

                def change(r: Report, new5: str = new5, old5: str = old5) -> None:
                    for s in r.sections:
                        if s.number == 5:
                            s.text = old5

                faulty, baseline, in_source = self._rerun(src, change), self._rerun_baseline(src), False
            own, follow = self._in_series(src, faulty, baseline)
            localised = any(f.code == "YOY.SECTION5_COPIED" for f in own)
            assert prev is not None
            yield self._outcome("section5", src, f"§五 ← {prev.year}", in_source, own + follow, localised)

    # --- a narrative count changed ---
    def narrative_faults(self, src: Source) -> Iterator[Outcome]:
        from xxgk.audit import narrative

        candidates = []
        for fact in narrative.read(src.clean).facts:
            readings = set()  # every table value the narrative may mean by this kind
            for cells in NARRATIVE_CELLS.get(fact.kind, ()):
                values = [src.clean.value(c) for c in cells]
                if None not in values:
                    readings.add(sum(values))  # type: ignore[arg-type]
            meant = next(
                (
                    cells
                    for cells in NARRATIVE_CELLS.get(fact.kind, ())
                    if sum(src.clean.value(c) or 0 for c in cells) == fact.value
                ),
                None,
            )
            if meant is None or fact.approx or fact.value < 1:
                continue
            # a change that is still one of the accepted readings (一 or 一+二) is no fault
            wrong = next(
                v
                for v in (int(fact.value) + 1, int(fact.value) - 1, int(fact.value) + 2)
                if v not in readings
            )
            candidates.append((fact, meant, wrong))
        rng = random.Random(f"{self.seed}:{src.path.name}:narrative")
        rng.shuffle(candidates)
        for fact, cells, wrong in candidates[: self.per_kind]:
            number = int(fact.value)
            printed = re.search(rf"(?<![\d.]){number}\s*(件|起|宗)", fact.sentence)
            if printed is None:
                continue
            before = fact.sentence[: printed.end()]
            after = before[: printed.start()] + printed.group(0).replace(str(number), str(wrong), 1)
            in_source = (
                src.text is not None and src.path.suffix in TEXT_SOURCES and src.text.count(before) == 1
            )
            if in_source:
                assert src.text is not None
                faulty, baseline = self._from_text(src, src.text.replace(before, after)), src.clean
            else:
                section = fact.section

                def change(
                    r: Report, section: int | None = section, before: str = before, after: str = after
                ) -> None:
                    for s in r.sections:
                        if s.number == section and before in s.text:
                            s.text = s.text.replace(before, after, 1)

                faulty, baseline = self._rerun(src, change), self._rerun_baseline(src)
                if all(s.text == b.text for s, b in zip(faulty.sections, baseline.sections, strict=False)):
                    continue  # the sentence is not in the section text as printed
            own, follow = self._in_series(src, faulty, baseline)
            bumped = str(wrong)
            localised = any(set(cells) & set(f.cells) or bumped in f.message for f in own)
            yield self._outcome(
                "narrative",
                src,
                f"{fact.kind} {number}→{bumped}（{'+'.join(cells)}）",
                in_source,
                own + follow,
                localised,
            )

    def _outcome(
        self, kind: str, src: Source, what: str, in_source: bool, alarms: list[Finding], localised: bool
    ) -> Outcome:
        return Outcome(
            kind,
            src.path.name,
            what,
            in_source,
            bool(alarms),
            localised,
            any(f.severity == "error" for f in alarms),
            sorted({f.code for f in alarms}),
        )

    def run(self) -> list[Outcome]:
        out: list[Outcome] = []
        for src in self.sources:
            for kind in ("value", "swap", "blank"):
                out.extend(self.cell_fault(src, kind, path) for path in self._cells(src, kind))
            out.extend(self.narrative_faults(src))
        out.extend(self.section5_faults())
        return out


def _landed(report: Report, path: str, new: int | None) -> bool:
    """The re-read source shows the fault in the cell it was meant for."""
    cell = report.cell(path)
    if cell is None:
        return False
    return cell.status != "number" if new is None else cell.status == "number" and cell.value == new


def _section(report: Report, number: int) -> str | None:
    return next((s.text for s in report.sections if s.number == number and s.text.strip()), None)


def _bumped(v: int) -> int:
    return v - 1 if v % 10 == 9 else v + 1


def _swapped(v: int) -> int | None:
    s = str(v)
    for i in range(len(s) - 1):
        if s[i] != s[i + 1] and not (i == 0 and s[1] == "0"):
            return int(s[:i] + s[i + 1] + s[i] + s[i + 2 :])
    return None


def false_errors(sources: list[Source]) -> tuple[int, list[tuple[str, list[str]]]]:
    clean = [s for s in sources if not s.truth.get("expected_findings")]
    bad = [(s.path.name, sorted({f.code for f in s.clean.findings if f.severity == "error"})) for s in clean]
    return len(clean), [(name, codes) for name, codes in bad if codes]


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f}%" if d else "    —"


def report(outcomes: list[Outcome], sources: list[Source], seconds: float, show: int) -> None:
    print(
        f"Injected-fault benchmark: {len(sources)} truth-backed reports, {len(outcomes)} single faults, {seconds:.1f} s"
    )
    print(
        f"{'fault':<10} {'injected':>8} {'in source':>9} {'detected':>15} {'localised':>15} {'as error':>15}"
    )
    rows = defaultdict(list)
    for o in outcomes:
        rows[o.kind].append(o)
    for kind in (*KINDS, "all"):
        group = outcomes if kind == "all" else rows.get(kind, [])
        n = len(group)
        det = sum(o.detected for o in group)
        loc = sum(o.localised for o in group)
        err = sum(o.as_error for o in group)
        src = sum(o.in_source for o in group)
        print(
            f"{kind:<10} {n:>8} {src:>9} {det:>8} {_pct(det, n)} {loc:>8} {_pct(loc, n)} {err:>8} {_pct(err, n)}"
        )
    codes = Counter(c for o in outcomes for c in o.codes)
    print("findings raised by the faults: " + ", ".join(f"{c} {n}" for c, n in codes.most_common()))
    total, bad = false_errors(sources)
    print(
        f"clean originals whose truth lists no expected findings: {total}; with an error finding: {len(bad)}"
    )
    for name, found in bad:
        print(f"  {name}: {', '.join(found)}")
    missed = [o for o in outcomes if not o.detected]
    unplaced = [o for o in outcomes if o.detected and not o.localised]
    for title, items in (("undetected", missed), ("detected but not localised", unplaced)):
        if items and show:
            print(f"{title} (first {min(show, len(items))} of {len(items)}):")
            for o in items[:show]:
                print(f"  [{o.kind}] {o.source}: {o.what}  {' '.join(o.codes)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-kind", type=int, default=8, help="faults of each cell kind per report (default 8)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", type=int, default=8, help="list this many undetected / unlocalised faults")
    ap.add_argument("--shared", type=Path, default=SHARED)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    sources = load(args.shared)
    outcomes = Bench(sources, args.per_kind, args.seed).run()
    report(outcomes, sources, time.perf_counter() - t0, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
