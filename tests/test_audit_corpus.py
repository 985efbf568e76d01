"""The audit rules on the real seed and corpus reports: the defects their truth files list are
found (by code, and by the numbers or cells the truth names), and the clean reports stay clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xxgk.api import extract_file
from xxgk.catalogue import RULES
from xxgk.report import Finding, Report

SHARED = Path(__file__).resolve().parent / "data"
FILES = sorted(
    p
    for folder in ("seeds", "corpus")
    for p in (SHARED / folder).glob("*")
    if p.suffix != ".json" and p.with_suffix(".truth.json").exists()
)
# The rules of audit/rules_{structure,domain,dates,fees,narrative}.py.
AUDIT_CODES = frozenset(
    {
        "STRUCT.SECTION_MISSING",
        "STRUCT.NUMBERING",
        "STRUCT.HEADING_VARIANT",
        "STRUCT.HEADING_TYPO",
        "STRUCT.HEADING_ORDINAL",
        "STRUCT.SECTIONS_NOT_FOUND",
        "STRUCT.VERSION_YEAR",
        "T2.STRUCTURE.ROW_MISSING",
        "T2.DOMAIN",
        "T3.DOMAIN",
        "T4.DOMAIN",
        "T3.CELL.BLANK",
        "T4.CELL.BLANK",
        "T2.FEES.UNIT",
        "T2.REGULATIONS.LEVEL",
        "T3.CARRIED_FORWARD.LARGE",
        "T3.CARRIED_OVER.LARGE",
        "T4.REVIEW.LARGE",
        "DATE.DEADLINE",
        "DATE.PUBLISHED_YEAR",
        "DATE.PERIOD",
        "FEE.NOTICES_DENIED",
        "FEE.NOTICES_UNREPORTED",
        "FEE.NOT_STATED",
        "TXT.RECEIVED",
        "TXT.RECEIVED_WITH_CARRIED",
        "TXT.CARRIED_OVER",
        "TXT.CONCLUDED",
        "TXT.CARRIED_FORWARD",
        "TXT.OUTCOME",
        "TXT.OUTCOME_SUM",
        "TXT.REVIEW_LITIGATION",
        "TXT.ALL_UPHELD",
        "TXT.NORMATIVE_DOCS",
        "TXT.DECISIONS",
        "TXT.CORRECTION_NOTICES",
        "TXT.GOV_EVALUATION",
        "NARRATIVE.ARITHMETIC",
        "NARRATIVE.CONTRADICTION",
    }
)



def _stem(path: Path) -> str:
    return path.name.split("_")[0] + ("s" if path.parent.name == "seeds" else "")


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    out = {}
    for path in FILES:
        if path.suffix == ".pdf":
            pytest.importorskip("pdfplumber")
        out[_stem(path)] = extract_file(path)
    return out


@pytest.fixture(scope="module")
def expected() -> dict[str, list[str]]:
    return {
        _stem(p): json.loads(p.with_suffix(".truth.json").read_text("utf-8"))["expected_findings"]
        for p in FILES
    }


def ours(report: Report, code: str | None = None) -> list[Finding]:
    return [f for f in report.findings if f.code in AUDIT_CODES and (code is None or f.code == code)]


def test_codes_are_catalogued() -> None:
    assert RULES.keys() >= AUDIT_CODES


def test_errors_only_where_the_truth_has_a_missing_section(reports: dict[str, Report]) -> None:
    errors = {(name, f.code) for name, r in reports.items() for f in ours(r) if f.severity == "error"}
    assert errors == {("011", "STRUCT.SECTION_MISSING"), ("104", "STRUCT.SECTION_MISSING")}


def test_clean_reports_get_no_errors_or_warnings(
    reports: dict[str, Report], expected: dict[str, list[str]]
) -> None:
    clean = [name for name, findings in expected.items() if not findings]
    assert len(clean) >= 8
    noisy = {name: [f.message for f in ours(reports[name]) if f.severity != "info"] for name in clean}
    assert noisy == {name: [] for name in clean}


# (report, code, the finding's first numbers, or its cells)
MUST_CATCH: list[tuple[str, str, list[float] | None, list[str] | None]] = [
    ("001s", "TXT.RECEIVED", [9, 45], None),
    ("003s", "NARRATIVE.ARITHMETIC", [50, 40], None),
    ("002", "TXT.RECEIVED", [17, 95], ["table3.new_received.total"]),
    ("004", "NARRATIVE.ARITHMETIC", [2599, 2533], None),
    ("005", "NARRATIVE.ARITHMETIC", [2602, 2603], None),
    ("104", "NARRATIVE.ARITHMETIC", [79, 78], None),
    ("117", "NARRATIVE.ARITHMETIC", [61, 76], None),
    ("007", "TXT.RECEIVED_WITH_CARRIED", [75, 74, 1], None),
    ("007", "STRUCT.HEADING_TYPO", None, None),
    ("008", "TXT.NORMATIVE_DOCS", [393], ["table2.normative_documents.in_force"]),
    ("010", "FEE.NOTICES_UNREPORTED", [2], ["table3.other_overdue_fee.total"]),
    ("011", "NARRATIVE.CONTRADICTION", [1], ["table3.carried_forward.total"]),
    ("011", "STRUCT.SECTION_MISSING", [5], None),
    ("011", "STRUCT.NUMBERING", None, None),
    ("011", "T3.CELL.BLANK", [1], ["table3.carried_forward.total"]),
    ("014", "TXT.OUTCOME_SUM", [716, 805], None),
    ("014", "TXT.ALL_UPHELD", [2, 1], ["table4.review.pending", "table4.litigation_direct.pending"]),
    ("014", "T3.CELL.BLANK", None, None),
    ("014", "T4.CELL.BLANK", None, None),
    (
        "101",
        "T2.STRUCTURE.ROW_MISSING",
        None,
        [f"table2.regulations.{c}" for c in ("issued", "repealed", "in_force")],
    ),
    ("103", "TXT.NORMATIVE_DOCS", [1, 9], None),
    ("104", "STRUCT.SECTION_MISSING", [6], None),
    ("108", "T3.CELL.BLANK", [14], None),
    (
        "108",
        "T2.STRUCTURE.ROW_MISSING",
        None,
        [f"table2.regulations.{c}" for c in ("issued", "repealed", "in_force")],
    ),
    ("110", "TXT.NORMATIVE_DOCS", [1], ["table2.normative_documents.issued"]),
]


@pytest.mark.parametrize(
    ("name", "code", "numbers", "cells"), MUST_CATCH, ids=[f"{m[0]}-{m[1]}" for m in MUST_CATCH]
)
def test_must_catch(
    reports: dict[str, Report], name: str, code: str, numbers: list[float] | None, cells: list[str] | None
) -> None:
    hits = ours(reports[name], code)
    assert hits, [f.message for f in ours(reports[name])]
    if numbers is not None:
        assert any(f.numbers[: len(numbers)] == numbers for f in hits), [f.numbers for f in hits]
    if cells is not None:
        assert any(f.cells == cells for f in hits), [f.cells for f in hits]


def test_shanghai_outcome_categories(reports: dict[str, Report]) -> None:
    # 258 is only the 自然人 予以公开 cell; 265 only row （四）1
    hits = ours(reports["014"], "TXT.OUTCOME")
    assert [f.numbers[:2] for f in hits] == [[258, 275], [265, 337]]
    assert "自然人" in hits[0].message
    assert "33.9%" in hits[0].message


@pytest.mark.parametrize(("name", "number"), [("116", 6), ("119", 5)])
def test_heading_variants(reports: dict[str, Report], name: str, number: int) -> None:
    (f,) = ours(reports[name], "STRUCT.HEADING_VARIANT")
    assert f.severity == "info"
    assert f.message.startswith(f"第{'一二三四五六'[number - 1]}部分")


def test_statistics_period_of_a_reorganised_body(reports: dict[str, Report]) -> None:
    r = reports["103"]
    if not any(s.number == 0 for s in r.sections):
        pytest.skip("the extractor does not hand over the preface (a section numbered 0) yet")
    (f,) = ours(r, "DATE.PERIOD")
    assert f.numbers[:3] == [2019, 9, 1]


def test_facts_are_recorded(reports: dict[str, Report]) -> None:
    facts = {f.kind: f.value for f in reports["006"].facts}
    assert (facts["received"], facts["concluded"], facts["carried_forward"]) == (70, 69, 1)
    assert all(f.section in range(0, 7) for r in reports.values() for f in r.facts)
