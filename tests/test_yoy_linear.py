"""The indexed cross-year grouping gives exactly the findings of the pairwise one it replaced,
on the real reports and on a generated national batch of 2,000 text reports."""

from __future__ import annotations

import copy
import json
from collections import defaultdict
from collections.abc import Iterator, Sequence

import pytest
from series_batch import DATA, generate

from xxgk import batch
from xxgk.api import extract_text
from xxgk.audit import names, yoy
from xxgk.groups import DisjointSets
from xxgk.report import Report

# --- the pairwise grouping as it was before the index (the reference) ----------------------


def _old_series(reports: Sequence[Report]) -> list[list[Report]]:
    placed = [r for r in reports if r.agency and r.year]
    keys = sorted({names.normalise(r.agency) for r in placed})
    sets = DisjointSets(keys)
    buckets: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        buckets[names.bucket(k)].append(k)
    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if names.match(a, b):
                    sets.union(a, b)
    groups: dict[str, list[Report]] = defaultdict(list)
    for r in placed:
        groups[sets.root(names.normalise(r.agency))].append(r)
    return [sorted(g, key=yoy._order) for g in groups.values()]


def _old_pairs(group: Sequence[Report]) -> Iterator[tuple[Report, Report, names.Match]]:
    by_year: dict[int, list[Report]] = defaultdict(list)
    for r in group:
        if r.year:
            by_year[r.year].append(r)
    for cur in sorted(group, key=yoy._order):
        if not cur.year:
            continue
        candidates = [
            (m, prev) for prev in by_year.get(cur.year - 1, []) if (m := names.match(prev.agency, cur.agency))
        ]
        if candidates:
            m, prev = min(
                candidates, key=lambda c: (c[0] != "same", -yoy._known_cells(c[1]), yoy._order(c[1]))
            )
            yield prev, cur, m


def _old_audit_batch(reports: list[Report]) -> None:
    for r in reports:
        r.findings = [f for f in r.findings if f.code not in yoy.YOY_CODES]
    for group in _old_series(reports):
        for prev, cur, m in _old_pairs(group):
            for check in yoy._PAIR_CHECKS:
                check(prev, cur, m)


def _findings(reports: list[Report]) -> str:
    return json.dumps(
        [[r.source.get("path"), [f.to_json() for f in r.sorted_findings()]] for r in reports],
        ensure_ascii=False,
        sort_keys=True,
    )


def _groups(groups: list[list[Report]]) -> list[list[str]]:
    return sorted(sorted(str(r.source.get("path")) for r in g) for g in groups)


def _assert_same(reports: list[Report]) -> None:
    old, new = copy.deepcopy(reports), reports
    _old_audit_batch(old)
    yoy.audit_batch(new)
    assert _groups(yoy.series(new)) == _groups(_old_series(old))
    assert _findings(new) == _findings(old)
    for g_new in yoy.series(new):
        assert [p[1].source["path"] for p in yoy.pairs(g_new)] == [
            p[1].source["path"] for p in _old_pairs(g_new)
        ]


# --- the tests -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def generated() -> list[Report]:
    return [extract_text(text, name) for name, text in generate(2000)]


def test_same_findings_on_seed_and_corpus() -> None:
    files = batch.expand([str(DATA / "seeds"), str(DATA / "corpus")])
    reports = [o.report for o in batch.run(files, jobs=1) if o.report is not None]
    assert len(reports) >= 29
    _assert_same(reports)


def test_same_findings_on_a_generated_national_batch(generated: list[Report]) -> None:
    reports = copy.deepcopy(generated)
    assert len(reports) >= 2000
    groups = yoy.series(reports)
    sizes = [len({r.year for r in g}) for g in groups]
    # the batch really is series of 2–7 years whose names vary, with cross-year findings
    assert max(sizes) >= 7 and sum(s >= 2 for s in sizes) > 300
    assert any(len({r.agency for r in g}) >= 3 for g in groups)
    _assert_same(reports)
    assert sum(f.code.startswith("YOY.") for r in reports for f in r.findings) > 1000


def test_same_findings_when_every_name_is_shuffled_between_agencies(generated: list[Report]) -> None:
    """Names that belong to no real series (an office of one agency's city, another's bare
    place) exercise the 'related' and suffix rules across agencies."""
    reports = copy.deepcopy(generated[:600])
    agencies = [r.agency for r in reports]
    for i, r in enumerate(reports):
        r.agency = agencies[(i * 7) % len(agencies)]
        if i % 5 == 0 and r.agency:
            r.agency = names.normalise(r.agency)[-4:] + "人民政府办公室"
    _assert_same(reports)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("江苏省淮安市洪泽区人民政府", "洪泽区政府"),
        ("福建省平潭综合实验区（管委会）", "平潭综合实验区管理委员会"),
        ("卫东区人民政府办公室", "平顶山市卫东区人民政府"),
        ("卫东区人民政府办公室", "鼓楼区人民政府"),
        ("沐阳县人民政府", "宿迁市沭阳县政府"),
    ],
)
def test_index_finds_exactly_the_matches(a: str, b: str) -> None:
    ra, rb = (
        Report(agency=a, year=2022, source={"path": "a"}),
        Report(agency=b, year=2023, source={"path": "b"}),
    )
    linked = len(yoy.series([ra, rb])) == 1
    assert linked == (names.match(a, b) is not None and names.bucket(a) == names.bucket(b))


def test_place_suffixes() -> None:
    assert names.place_suffixes("淮安市洪泽区") == ["洪泽区"]
    assert names.place_suffixes("洪泽区") == []


def test_released_reports_give_the_same_findings_and_summary(generated: list[Report]) -> None:
    from xxgk.render.summary import summarise

    whole, released = copy.deepcopy(generated[:800]), copy.deepcopy(generated[:800])
    for r in released:
        yoy.release(r)
    assert (
        sum(len(s.text) for r in released for s in r.sections)
        < sum(len(s.text) for r in whole for s in r.sections) / 2
    )
    yoy.audit_batch(whole)
    yoy.audit_batch(released)
    assert _findings(released) == _findings(whole)
    assert any(f.code == "YOY.SECTION5_COPIED" for r in released for f in r.findings)

    def chains(reports: list[Report]) -> list[tuple[str, list[tuple[str, ...]]]]:
        return [
            (s.agency, [row.values() for row in s.rows]) for s in summarise(reports, [], len(reports)).series
        ]

    assert chains(released) == chains(whole)
