"""Fuzzing every reader (hypothesis, derandomised: the same inputs on every run, under a minute).

- arbitrary bytes, alone or behind the magic number of each kind, and real reports damaged at
  random (tests/mutations.py) raise nothing but XxgkError, never E_INTERNAL or E_TIMEOUT, and
  finish inside the budget;
- a harmless edit of a real report (whitespace, invisible characters, narrative sentences outside
  the tables) never changes a cell's value or status.

The long run is bench/bench_fuzz.py (figures in bench/RESULTS.md).
"""

from __future__ import annotations

import random
import time
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import MAGIC, Sample, by_kind, cells, damage, harmless

from xxgk import errors, limits
from xxgk.api import extract_bytes
from xxgk.readers.geometry import Region, TablePart, part_to_table
from xxgk.readers.pages import continue_table
from xxgk.report import Report
from xxgk.solve import Equation, solve

BUDGET_S = 20.0  # per input, far above what any of them takes (a damaged PDF: under a second)


def _settings(n: int) -> settings:
    return settings(
        max_examples=n,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


def read_within_budget(data: bytes, name: str) -> Report | None:
    """The report, or None for a clear error; anything else fails the example."""
    try:
        return limits.run_with_timeout(lambda: extract_bytes(data, name), BUDGET_S, name)
    except errors.XxgkError as exc:
        assert exc.code != errors.TIMEOUT, f"{name}: over the {BUDGET_S:g} s budget"
        assert exc.code.startswith("E_") and exc.code != errors.INTERNAL, exc.describe()
        assert exc.message and "Traceback" not in exc.message
        return None


@_settings(150)
@given(st.sampled_from(MAGIC), st.binary(max_size=4096))
def test_arbitrary_bytes(magic: bytes, data: bytes) -> None:
    tail = b"\n%%EOF\n" if magic.startswith(b"%PDF") else b""
    read_within_budget(magic + data + tail, "fuzz.bin")


EXAMPLES = {"text": 80, "html": 40, "docx": 40, "pdf": 40, "image": 12}


@pytest.mark.parametrize("kind", list(EXAMPLES))
def test_damaged_reports(kind: str) -> None:
    @_settings(EXAMPLES[kind])
    @given(st.sampled_from(by_kind(kind)), st.randoms(use_true_random=False))
    def check(sample: Sample, rnd: random.Random) -> None:
        read_within_budget(damage(sample, rnd), sample.name)

    check()


@cache
def _original(sample: Sample) -> dict[str, tuple[object, str]]:
    """The sample's cells; {} for the samples that are not reports (a notice in the corpus)."""
    try:
        return cells(extract_bytes(sample.data, sample.name))
    except errors.XxgkError:
        return {}


@pytest.mark.parametrize("kind,n", [("text", 60), ("html", 25)])
def test_harmless_edits_change_no_cell(kind: str, n: int) -> None:
    reports = [s for s in by_kind(kind) if _original(s)]

    @_settings(n)
    @given(st.sampled_from(reports), st.randoms(use_true_random=False))
    def check(sample: Sample, rnd: random.Random) -> None:
        edited = harmless(sample, rnd)
        report = read_within_budget(edited, sample.name)
        assert report is not None, f"{sample.name}: a harmless edit made the report unreadable"
        before, after = _original(sample), cells(report)
        changed = {
            k: (before.get(k), after.get(k))
            for k in before.keys() | after.keys()
            if before.get(k) != after.get(k)
        }
        assert not changed, f"{sample.name}: {changed}"

    check()


# ---------------------------------------------------------------------------------------------
# what the fuzzer found, kept as plain regressions


def _part(page: int, xs: list[float], nrows: int) -> TablePart:
    rows = [(page, 100.0 + 20 * i, 120.0 + 20 * i) for i in range(nrows)]
    regions = [
        Region(i, i + 1, j, j + 1, f"{page}.{i}{j}", page, (xs[j], rows[i][1], xs[j + 1], rows[i][2]))
        for i in range(nrows)
        for j in range(len(xs) - 1)
    ]
    bbox = (xs[0], rows[0][1], xs[-1], rows[-1][2])
    return TablePart(page, xs, rows, regions, bbox, printed=list(range(1, nrows + 1)))


def test_a_continued_table_with_more_columns_stays_inside_its_grid() -> None:
    """A damaged corpus PDF: 12 columns at the top of a page after 10 at the bottom of the page
    before, with the same outer edges and every boundary near one of the 11 above. 13 boundaries
    are no subset of 11: mapping them anyway made zero-width cells past the last column
    (IndexError in part_to_table). The other way round they are: the page before takes the
    finer columns."""
    columns = [50.0 + 50 * k for k in range(11)]
    prev = _part(1, columns, 3)
    new = _part(2, sorted([*columns, 103.0, 203.0]), 2)
    assert continue_table(prev, new)
    table = part_to_table(prev)
    assert [len(r) for r in table.rows] == [12] * 5
    assert table.rows[4][11].text == "2.111" and table.rows[2][11].text == "1.29"
    same = _part(1, columns, 3)
    assert continue_table(same, _part(2, columns, 2)) and part_to_table(same).rows[4][9].text == "2.19"


def test_the_solver_gives_up_on_work_not_only_on_search_nodes() -> None:
    """A damaged 2 KB page left dozens of lost cells whose search took a minute; now about a
    second, every cell left open (never guessed)."""
    eqs = [Equation(((f"a{k}", 1), (f"b{k}", 1), (f"c{k}", -1)), 0, f"e{k}") for k in range(40)]
    eqs += [Equation(tuple((f"a{k}", 1) for k in range(40)), 1000, "sum")]
    names = {v for e in eqs for v, _ in e.terms}
    t0 = time.process_time()
    sol = solve(eqs, names)
    assert time.process_time() - t0 < 5
    assert not sol.forced and sol.open == names
