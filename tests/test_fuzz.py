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
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import MAGIC, Sample, by_kind, cells, damage, harmless

from xxgk import errors, limits
from xxgk.api import extract_bytes
from xxgk.report import Report

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
