"""A national-scale generated test corpus with ground truth.

    python3 bench/make_corpus.py N OUT [--seed S] [--kinds pdf docx ...] [--fault-share 0.1] [--score]

N reports of agencies in a generated region tree (province → city → county or park, the county's
government and some of its departments; names as tests/series_batch.py makes them), each agency
over 2–7 consecutive years (二、上年结转 is last year's 四、结转下年度). Numbers are drawn from
per-cell distributions fitted on the real truth files and satisfy every identity of the
standard (bench/corpus_numbers.py). A share of the reports (--fault-share) carry one injected
fault of bench/bench_faults.py's cell kinds: `value` (a number changed by one), `swap` (two
digits swapped) or `blank` (a number left out); the truth records what is printed, the fault
and the finding expected. Each report is written by the project's writer (xxgk.write) and put
into one of the kinds of bench/corpus_kinds.py, in the mix real reports arrive in.

Written: OUT/<kind>/<name>.<ext> and <name>.truth.json (the format of tests/data truth files:
`xxgk score OUT/<kind>` works), and OUT/MANIFEST.json (seed, counts per kind, the region tree,
every report's agency, year, kind and injected fault, timings). --score runs
bench/score_corpus.py on OUT afterwards."""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

import corpus_kinds as kinds  # noqa: E402
import corpus_numbers as numbers  # noqa: E402
from bench_faults import _bumped, _swapped  # noqa: E402
from series_batch import _agencies  # noqa: E402

from xxgk import write  # noqa: E402
from xxgk.render.layout import format_value  # noqa: E402
from xxgk.standard.identities import cell_label, identities_for  # noqa: E402

FAULT_KINDS = ("value", "swap", "blank")  # bench_faults.py's cell faults
DEPARTMENTS = (
    "教育局",
    "公安局",
    "财政局",
    "自然资源局",
    "住房和城乡建设局",
    "市场监督管理局",
    "卫生健康委员会",
)
OFFICE_BATCH = 40  # .docx files per LibreOffice start
SECTION1 = (
    "本年度，{a}坚持以人民为中心，认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政务公开工作。",
    "{a}围绕中心工作，深化重点领域信息公开，规范依申请公开办理，加强政府信息管理和平台建设。",
)
SECTION5 = (
    "一是政策解读形式还不够丰富；二是基层政务公开标准化规范化有待加强。{y}年将丰富解读形式，推进公开标准目录落实。",
    "存在的问题：部分栏目更新不够及时，依申请公开答复规范性有待提升。改进情况：{y}年建立栏目更新台账，开展业务培训。",
    "一是主动公开的深度和广度仍需拓展；二是政策解读质量有待提高。{y}年将加强统筹，提升公开质量。",
)


@dataclass
class Planned:
    name: str
    agency: str
    region: str
    year: int
    version: str
    kind: str
    tables: numbers.Tables
    published: str
    style: str = ""
    fault: dict[str, Any] | None = None
    blank: list[str] = field(default_factory=list)


def region_tree(n_reports: int, rng: random.Random) -> Iterator[tuple[str, str, dict]]:
    """(agency, region path, the tree so far) of agency after agency: a county's (or park's)
    government, then some of its departments, county after county."""
    tree: dict[str, dict[str, dict[str, list[str]]]] = {}
    for place in _agencies(n_reports, rng):
        gov = place.name("no_province")
        members = [gov] + [
            f"{place.city}{place.place}{d}" for d in rng.sample(DEPARTMENTS, rng.randint(0, 3))
        ]
        listed = tree.setdefault(place.province, {}).setdefault(place.city, {}).setdefault(place.place, [])
        for m in members:
            listed.append(m)
            yield m, f"{place.province}/{place.city}/{place.place}", tree


def plan(n: int, seed: int, chosen: tuple[str, ...], fault_share: float) -> tuple[list[Planned], dict]:
    rng = random.Random(seed)
    model = numbers.fit()
    weights = [kinds.WEIGHTS[k] for k in chosen]
    out: list[Planned] = []
    tree: dict = {}
    for a, (agency, region, tree) in enumerate(region_tree(n, rng)):
        years = rng.randint(2, 7)
        first = rng.randint(2019, 2026 - years)
        scale = rng.lognormvariate(0, 0.6)  # a big agency is big every year
        carried: dict[str, int] | None = None
        in_force: int | None = None
        for year in range(first, first + years):
            version = "2019" if year < 2021 else "2021"
            tables = numbers.generate(model, version, rng, scale, carried, in_force)
            carried = numbers.carried_forward(tables)
            if version == "2021":
                in_force = int(tables["table2"]["normative_documents"]["in_force"] or 0)
            kind = rng.choices(chosen, weights)[0]
            p = Planned(
                f"{a:04d}_{year}",
                agency,
                region,
                year,
                version,
                kind,
                tables,
                f"{year + 1}-{rng.randint(1, 3):02d}-{rng.randint(10, 28):02d}",
                rng.choice(kinds.STYLES[kind]) if kind in kinds.STYLES else "",
            )
            if rng.random() < fault_share:
                inject(p, rng)
            out.append(p)
            if len(out) == n:
                return out, tree
    return out, tree


def inject(p: Planned, rng: random.Random) -> None:
    """One cell fault of table 3 or 4 into the printed numbers; recorded for the truth."""
    kind = rng.choice(FAULT_KINDS)
    cells = [
        f"{t}.{r}.{c}"
        for t in ("table3", "table4")
        for r, cols in p.tables[t].items()
        for c, v in cols.items()
        if isinstance(v, int) and (kind != "swap" or _swapped(v) is not None)
    ]
    if not cells:
        kind = "value"
        cells = [
            f"{t}.{r}.{c}" for t in ("table3", "table4") for r, cols in p.tables[t].items() for c in cols
        ]
    path = rng.choice(cells)
    was = numbers.get(p.tables, path)
    assert isinstance(was, int)
    printed = None if kind == "blank" else (_bumped(was) if kind == "value" else _swapped(was))
    if printed is None:
        p.blank.append(path)  # the truth keeps the value: the identities force it
    else:
        numbers.put(p.tables, path, printed)
    broken = [i.name for i in identities_for(p.version) if path in i.cells]
    p.fault = {"kind": kind, "cell": path, "value": was, "printed": printed, "identities": broken}


def render_input(p: Planned, rng: random.Random) -> dict[str, Any]:
    tables = {t: {r: dict(cols) for r, cols in rows.items()} for t, rows in p.tables.items()}
    for path in p.blank:
        numbers.put(tables, path, None)
    fee_rows = tables["table3"].get("other_overdue_fee") or {}
    return {
        "agency": p.agency,
        "year": p.year,
        "format_version": p.version,
        "published": p.published,
        **tables,
        "fees": {"notices": int(fee_rows.get("total") or 0), "amount": 0, "collected": 0},
        "sections": {
            1: rng.choice(SECTION1).format(a=p.agency),
            5: rng.choice(SECTION5).format(y=p.year + 1),
            6: "本年度无其他需要报告的事项。",
        },
    }


_TOKEN = re.compile(r"-?(0|[1-9]\d*)(\.\d+)?")


def splits(digits: str, groups: list[int], summed: bool) -> int:
    """In how many ways (0, 1 or 2: more is 2) `digits`, cells printed with nothing between them,
    split into numbers in `groups` of cells; `summed`: each group's last cell is the sum of the
    others (its identity), and only splits that keep it count."""

    def walk(i: int, g: int, got: list[int | float]) -> int:
        if g == len(groups):
            return int(i == len(digits))
        if len(got) == groups[g]:
            if summed and got[-1] != sum(got[:-1]):
                return 0
            return walk(i, g + 1, [])
        n = 0
        for j in range(i + 1, len(digits) + 1):
            if _TOKEN.fullmatch(digits[i:j]):
                n += walk(j, g, [*got, float(digits[i:j])])
                if n > 1:
                    return 2
        return n

    return walk(0, 0, [])


def undeterminable(p: Planned) -> list[str]:
    """Cells of a crawler text whose table rows run their digits together (`run`) that no careful
    reader could tell apart: a row whose digits split in more than one way (table 2, where no
    identity holds its cells), or in more than one way that keeps its total (a table-3 row, the
    blocks of table 4), and every row a printed cell is missing from."""
    if p.kind != "txt" or p.style != "run":
        return []
    out: list[str] = []
    rows = [("table2", [r], False) for r in p.tables["table2"]]
    rows += [("table3", [r], True) for r in p.tables["table3"]]
    rows.append(("table4", list(p.tables["table4"]), True))
    for table, members, summed in rows:
        cells = [[f"{table}.{m}.{c}" for c in p.tables[table][m]] for m in members]
        flat = [c for group in cells for c in group]
        if any(c in p.blank for c in flat):
            out += flat
            continue
        digits = "".join(format_value(numbers.get(p.tables, c)) for c in flat)
        if splits(digits, [len(g) for g in cells], summed) != 1:
            out += flat
    return out


def truth(p: Planned, source: str) -> dict[str, Any]:
    expected = []
    if p.fault is not None:
        f = p.fault
        what = "留空" if f["printed"] is None else f"印为 {f['printed']}（应为 {f['value']}）"
        expected.append(
            f"[injected {f['kind']}] {cell_label(f['cell'])} {what}: {'、'.join(f['identities'])}"
        )
    return {
        "schema": "xxgk.truth/1",
        "source": source,
        "format_version": p.version,
        "agency": p.agency,
        "year": p.year,
        **p.tables,
        "blank_in_source": list(p.blank),
        "absent_in_source": [],
        "placeholders": [],
        "unresolved": [],
        "ambiguous": [],
        "expected_findings": expected,
        "notes": "generated by bench/make_corpus.py",
        "undeterminable": undeterminable(p),
        "injected_fault": p.fault,
    }


def make(
    n: int, out: Path, seed: int = 2026, chosen: tuple[str, ...] = kinds.KINDS, fault_share: float = 0.1
) -> dict:
    """Generate, render and write the corpus; returns the manifest (also written)."""
    t0 = time.perf_counter()
    planned, tree = plan(n, seed, chosen, fault_share)
    timings: dict[str, float] = {"plan": time.perf_counter() - t0}
    rng = random.Random(seed + 1)
    docx: dict[str, list[tuple[Planned, bytes]]] = {k: [] for k in kinds.OFFICE}
    refused: list[dict[str, Any]] = []
    reports: list[dict[str, Any]] = []
    for p in planned:
        t = time.perf_counter()
        given = write.prepare(render_input(p, rng))
        report = given.report
        if p.fault is None:  # the writer must accept every sound report
            errors = [f"{f.code}: {f.message}" for f in write.check(report) if f.severity == "error"]
            if errors:
                refused.append({"name": p.name, "errors": errors})
        folder = out / p.kind
        folder.mkdir(parents=True, exist_ok=True)
        file = f"{p.name}.{kinds.SUFFIX[p.kind]}"
        site = p.agency
        if p.kind in kinds.OFFICE:
            docx[p.kind].append((p, write.render_bytes(report, ".docx")))
        elif p.kind == "docx":
            (folder / file).write_bytes(write.render_bytes(report, ".docx"))
        elif p.kind == "md":
            (folder / file).write_bytes(write.render_bytes(report, ".md"))
        elif p.kind == "html":
            (folder / file).write_text(
                kinds.html_page(report, p.style, site, p.published, rng), encoding="utf-8"
            )
        elif p.kind == "txt":
            url = f"https://www.example.gov.cn/zwgk/nb/{p.name}.htm"
            (folder / file).write_text(
                kinds.crawler_text(report, site, p.published, url, p.style), encoding="utf-8"
            )
        (folder / f"{p.name}.truth.json").write_text(
            json.dumps(truth(p, file), ensure_ascii=False, indent=1), encoding="utf-8"
        )
        timings[p.kind] = timings.get(p.kind, 0.0) + time.perf_counter() - t
        reports.append(
            {
                "name": p.name,
                "kind": p.kind,
                "file": f"{p.kind}/{file}",
                "agency": p.agency,
                "region": p.region,
                "year": p.year,
                "format_version": p.version,
                "style": p.style or None,
                "fault": p.fault,
            }
        )
    scans: dict[str, dict] = {}
    for kind, items in docx.items():
        t = time.perf_counter()
        for i in range(0, len(items), OFFICE_BATCH):
            chunk = items[i : i + OFFICE_BATCH]
            for (p, _), data in zip(chunk, kinds.office([d for _, d in chunk], kind), strict=True):
                file = out / kind / f"{p.name}.{kinds.SUFFIX[kind]}"
                if kind == "scan":
                    data, scans[p.name] = kinds.scan(data, p.agency, random.Random(f"{seed}:{p.name}"))
                file.write_bytes(data)
        timings[kind] = timings.get(kind, 0.0) + time.perf_counter() - t
    for r in reports:
        if r["name"] in scans:
            r["scan"] = scans[r["name"]]
    manifest = {
        "schema": "xxgk.corpus/1",
        "seed": seed,
        "reports": len(planned),
        "fault_share": fault_share,
        "counts": dict(Counter(p.kind for p in planned)),
        "faults": dict(Counter(p.fault["kind"] for p in planned if p.fault)),
        "agencies": len({p.agency for p in planned}),
        "region_tree": tree,
        "writer_refused": refused,
        "seconds": {k: round(v, 2) for k, v in timings.items()},
        "items": reports,
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "MANIFEST.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--kinds", nargs="+", choices=kinds.KINDS, default=list(kinds.KINDS))
    ap.add_argument("--fault-share", type=float, default=0.1)
    ap.add_argument("--score", action="store_true", help="score xxgk on the corpus afterwards")
    args = ap.parse_args(argv)
    t = time.perf_counter()
    m = make(args.n, args.out, args.seed, tuple(args.kinds), args.fault_share)
    print(
        f"{m['reports']} reports of {m['agencies']} agencies in {time.perf_counter() - t:.1f} s → {args.out}"
    )
    print("  kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(m["counts"].items())))
    print("  faults: " + (", ".join(f"{k} {v}" for k, v in sorted(m["faults"].items())) or "none"))
    print("  seconds: " + ", ".join(f"{k} {v}" for k, v in m["seconds"].items()))
    if m["writer_refused"]:
        print(f"  the writer refused {len(m['writer_refused'])} sound reports: {m['writer_refused'][:3]}")
    if args.score:
        import score_corpus

        return score_corpus.main([str(args.out)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
