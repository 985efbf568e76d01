"""`xxgk fix`: ranked corrections on real reports with faults put in by hand."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from xxgk.api import extract_file
from xxgk.audit.fix import Fix, apply, consistent, fixes, plain, slip
from xxgk.report import CellValue, Report
from xxgk.standard.identities import identities_for

DATA = Path(__file__).parent / "data"
TRUTHS = sorted(DATA.glob("*/*.truth.json"))
PINGTAN_2024 = DATA / "corpus" / "009_pingtan_2024.txt"  # consistent; truth numbers below from its truth file
MISCOUNTED = DATA / "corpus" / "110_pingtan-ziranziyuanshengtaihuanjingju_2021.txt"


@cache
def _clean(path: Path) -> Report:
    return extract_file(path)


def _with(path: Path, changes: dict[str, int | None]) -> Report:
    """The report with some printed cells changed (None: left blank), as a clerk might misprint it."""
    report = copy.deepcopy(_clean(path))
    for cell, value in changes.items():
        table, row, col = cell.split(".")
        old = getattr(report, table)[row][col]
        getattr(report, table)[row][col] = (
            CellValue(None, "", "blank", old.where)
            if value is None
            else CellValue(value, str(value), "number", old.where)
        )
    return report


def _edits(fix: Fix) -> list[tuple[str, int | None, int]]:
    return [(e.cell, e.printed, e.value) for e in fix.edits]


def _truth_consistent(truth: dict) -> bool:
    """Every identity holds on the truth file's own numbers (a blank cell may take any value)."""
    version = truth["format_version"]
    collapsed = version == "2021" and "other_processing" in (truth.get("table3") or {})
    for ident in identities_for(version, collapsed):
        values = [
            (truth.get(ident.table) or {}).get(c.split(".")[1], {}).get(c.split(".")[2]) for c in ident.cells
        ]
        if None in values:
            continue  # a blank may take the value that makes it hold
        lhs = sum(values[: len(ident.lhs)])
        rhs = sum(values[len(ident.lhs) :])
        if lhs != rhs:
            return False
    return True


@pytest.mark.parametrize("truth_path", TRUTHS, ids=lambda p: p.name.removesuffix(".truth.json"))
def test_no_fix_for_a_consistent_table(truth_path: Path) -> None:
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    report = _clean(truth_path.parent / truth["source"])
    if not _truth_consistent(truth):
        assert not consistent(report)  # the source's own errors: a fix may be offered
        return
    assert consistent(report)
    assert fixes(report) == []


# single faults on 2024 平潭 (truth: （七）总计 自然人 217, 总计 218; （一）予以公开 自然人 71; 一 总计 218)
SINGLE_FAULTS = [
    ("table3.results_total.natural_person", 271, 217, "transposed"),
    ("table3.granted.natural_person", 7, 71, "dropped"),
    ("table3.new_received.total", 219, 218, "digit"),
    ("table3.partially_granted.natural_person", 299, 29, "doubled"),
    ("table3.unable_not_held.total", 57, 75, "transposed"),
]


@pytest.mark.parametrize(
    ("cell", "printed", "truth", "kind"), SINGLE_FAULTS, ids=[f[0] for f in SINGLE_FAULTS]
)
def test_a_single_slip_is_the_one_top_fix(cell: str, printed: int, truth: int, kind: str) -> None:
    found = fixes(_with(PINGTAN_2024, {cell: printed}))
    assert found, "a broken identity must give a fix"
    top = found[0]
    assert top.rank == 1 and top.tied == 1
    assert _edits(top) == [(cell, printed, truth)]
    assert top.slips == (kind,)
    assert slip(printed, truth) == kind
    # every other fix ranks lower and touches a different cell
    assert all(f.rank > 1 for f in found[1:])


def test_neighbours_exchanged_come_before_two_slips() -> None:
    # （一）予以公开 自然人 71 and 商业企业 0 printed the other way round
    found = fixes(_with(PINGTAN_2024, {"table3.granted.natural_person": 0, "table3.granted.commercial": 71}))
    top = found[0]
    assert top.tied == 1
    assert _edits(top) == [
        ("table3.granted.commercial", 71, 0),
        ("table3.granted.natural_person", 0, 71),
    ]
    assert top.slips == ("exchanged", "exchanged")


def test_cases_counted_in_the_next_column_are_one_mistake() -> None:
    # the source itself: two 社会公益组织 cases counted under 自然人 in （七）总计 (see its truth notes)
    found = fixes(_clean(MISCOUNTED))
    assert _edits(found[0]) == [
        ("table3.results_total.natural_person", 18, 16),
        ("table3.results_total.nonprofit", 0, 2),
    ]
    assert found[0].tied == 1


def test_a_tie_is_reported_not_resolved() -> None:
    # 表四 行政复议 2+1+3+1 = 7; 结果维持 printed 3: any of the five cells could be the slip
    found = fixes(_with(PINGTAN_2024, {"table4.review.upheld": 3}))
    top = [f for f in found if f.rank == 1]
    assert len(top) > 1
    assert all(f.tied == len(top) for f in top)
    assert [("table4.review.upheld", 3, 2)] in [_edits(f) for f in top]
    assert [("table4.review.total", 7, 8)] in [_edits(f) for f in top]
    assert "同样可能" in top[0].why


def test_a_blank_is_filled_not_edited() -> None:
    # 一 商业企业 (truth 1) left blank and 一 总计 printed 228 for 218
    report = _with(PINGTAN_2024, {"table3.new_received.commercial": None, "table3.new_received.total": 228})
    top = fixes(report)[0]
    assert _edits(top) == [("table3.new_received.total", 228, 218)]
    assert [(e.cell, e.printed, e.value) for e in top.fills] == [("table3.new_received.commercial", None, 1)]
    fixed = plain(apply(report, top))
    assert fixed["table3"]["new_received"]["commercial"] == 1
    assert fixed["table3"]["new_received"]["total"] == 218


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "xxgk", *args], capture_output=True, text=True, timeout=120)


def test_cli_json_and_apply(tmp_path: Path) -> None:
    clean = _cli("fix", str(PINGTAN_2024), "--json")
    assert clean.returncode == 0 and json.loads(clean.stdout) == []
    broken = _cli("fix", str(MISCOUNTED), "--json")
    assert broken.returncode == 1
    listed = json.loads(broken.stdout)
    assert listed[0]["rank"] == 1
    assert listed[0]["edits"] == [
        {"cell": "table3.results_total.natural_person", "printed": 18, "value": 16},
        {"cell": "table3.results_total.nonprofit", "printed": 0, "value": 2},
    ]
    text = _cli("fix", str(MISCOUNTED))
    assert "表三 （七）总计·自然人：印为 18，应为 16" in text.stdout
    out = tmp_path / "fixed.json"
    applied = _cli("fix", str(MISCOUNTED), "--apply", "1", "-o", str(out))
    assert applied.returncode == 0, applied.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["year"] == 2021 and doc["format_version"] == "2021"
    assert doc["table3"]["results_total"]["natural_person"] == 16
    assert doc["table3"]["results_total"]["nonprofit"] == 2
    # a rendered page is checked by every rule first: this report has another error of its own
    # (its narrative and its table 2 disagree), so nothing is written and the error is named
    page = tmp_path / "fixed.md"
    rendered = _cli("fix", str(MISCOUNTED), "--apply", "1", "-o", str(page))
    assert rendered.returncode == 1 and not page.exists()
    assert "未写入" in rendered.stderr and "TXT.NORMATIVE_DOCS" in rendered.stderr
    assert "T3.IDENTITY" not in rendered.stderr  # the identities hold after the fix
    again = _cli("fix", str(out), "--json")
    assert again.returncode == 2  # a JSON file is not a report to read


def test_cli_errors(tmp_path: Path) -> None:
    missing = _cli("fix", str(tmp_path / "none.txt"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    only_apply = _cli("fix", str(MISCOUNTED), "--apply", "1")
    assert only_apply.returncode == 2
    too_far = _cli("fix", str(MISCOUNTED), "--apply", "9", "-o", str(tmp_path / "x.json"))
    assert too_far.returncode == 2 and not (tmp_path / "x.json").exists()
