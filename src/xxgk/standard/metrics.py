"""Rates computed from a report's tables, defined once as data with their formulas.

A rate is a sum of cells over a sum of cells (terms may be subtracted). It is computed only
when every cell it names holds a known number (printed or inferred) and the denominator is
not 0: a blank or unreadable cell makes the rate unknown, never 0."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xxgk.standard.table3 import GROUP_DENIED, GROUP_NOT_PROCESSED, GROUP_OTHER, GROUP_UNABLE, ROW_BY_KEY
from xxgk.standard.table4 import TABLE4_BLOCKS

Term = tuple[int, str]  # (+1 | -1, cell key)
_BLOCKS = tuple(TABLE4_BLOCKS)


@dataclass(frozen=True)
class Metric:
    key: str
    name: str
    formula: str  # in Chinese, as shown beside the figure
    numerator: tuple[Term, ...]
    denominator: tuple[Term, ...]

    def compute_sums(self, value: Callable[[str], float | None]) -> tuple[float, float] | None:
        """(numerator, denominator), or None when a cell they name is unknown."""
        parts = []
        for terms in (self.numerator, self.denominator):
            total = 0.0
            for sign, key in terms:
                v = value(key)
                if v is None:
                    return None
                total += sign * v
            parts.append(total)
        return parts[0], parts[1]

    def compute(self, value: Callable[[str], float | None]) -> float | None:
        """The rate in [0, 1], or None when a cell is unknown or the denominator is 0."""
        sums = self.compute_sums(value)
        return sums[0] / sums[1] if sums is not None and sums[1] > 0 else None


METRICS: tuple[Metric, ...] = (
    Metric(
        "substantive_disclosure_rate",
        "实质性公开率",
        f"（{ROW_BY_KEY['granted'].label} + {ROW_BY_KEY['partially_granted'].label}）÷ {ROW_BY_KEY['results_total'].label}（表三“总计”列）",
        ((1, "table3.granted.total"), (1, "table3.partially_granted.total")),
        ((1, "table3.results_total.total"),),
    ),
    Metric(
        "correction_rate",
        "纠错率",
        "表四行政复议、未经复议直接起诉、复议后起诉的“结果纠正”之和 ÷ 三者（“总计” − “尚未审结”）之和",
        tuple((1, f"table4.{b}.corrected") for b in _BLOCKS),
        tuple(t for b in _BLOCKS for t in ((1, f"table4.{b}.total"), (-1, f"table4.{b}.pending"))),
    ),
)
METRIC_BY_KEY = {m.key: m for m in METRICS}

# the outcome mix: table-3 results grouped as the format groups them (2021 keys; 2019 （六） is one row)
OUTCOME_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (ROW_BY_KEY["granted"].label, ("granted",)),
    (ROW_BY_KEY["partially_granted"].label.split("（区分")[0], ("partially_granted",)),
    (GROUP_DENIED, tuple(k for k, r in ROW_BY_KEY.items() if r.group == GROUP_DENIED)),
    (GROUP_UNABLE, tuple(k for k, r in ROW_BY_KEY.items() if r.group == GROUP_UNABLE)),
    (GROUP_NOT_PROCESSED, tuple(k for k, r in ROW_BY_KEY.items() if r.group == GROUP_NOT_PROCESSED)),
    (
        GROUP_OTHER,
        tuple(k for k, r in ROW_BY_KEY.items() if r.group == GROUP_OTHER or k == "other_processing"),
    ),
)
