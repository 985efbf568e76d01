"""The exact integer solver and the repair built on it: unique, ambiguous and inconsistent systems."""

from __future__ import annotations

from conftest import SEEDS

from xxgk.api import extract_text
from xxgk.solve import Equation, equations, solve


def eq(terms: dict[str, int], const: int, name: str = "") -> Equation:
    return Equation(tuple(terms.items()), const, name)


def test_unique_by_substitution():
    sol = solve([eq({"a": 1, "b": 1}, 5), eq({"a": 1}, 2)], ["a", "b"])
    assert sol.consistent and sol.forced == {"a": 2, "b": 3} and not sol.open


def test_unique_only_through_non_negativity():
    # a + b + c = 0 over non-negative integers: all three are forced to 0
    sol = solve([eq({"a": 1, "b": 1, "c": 1}, 0)], ["a", "b", "c"])
    assert sol.forced == {"a": 0, "b": 0, "c": 0}


def test_unique_only_by_search_not_by_bounds():
    # a + b = 2, a - b = 0 -> a = b = 1; interval bounds alone give [0, 2]
    sol = solve([eq({"a": 1, "b": 1}, 2), eq({"a": 1, "b": -1}, 0)], ["a", "b"])
    assert sol.forced == {"a": 1, "b": 1}


def test_ambiguous_stays_open():
    sol = solve([eq({"a": 1, "b": 1}, 3)], ["a", "b"])
    assert sol.consistent and sol.forced == {} and sol.open == {"a", "b"}


def test_partly_forced():
    sol = solve([eq({"a": 1, "b": 1}, 3), eq({"c": 1, "a": 1, "b": 1}, 3)], ["a", "b", "c"])
    assert sol.forced == {"c": 0} and sol.open == {"a", "b"}


def test_inconsistent_is_reported_and_forces_nothing():
    sol = solve([eq({"a": 1}, 2, "e1"), eq({"a": 1}, 3, "e2")], ["a"])
    assert not sol.consistent and sol.forced == {}


def test_negative_solution_is_inconsistent():
    sol = solve([eq({"a": 1}, -1, "neg")], ["a"])
    assert not sol.consistent


def test_unbounded_is_never_forced():
    sol = solve([eq({"a": 1, "b": -1}, 0)], ["a", "b"])
    assert sol.consistent and sol.forced == {}


def test_equations_substitute_known_cells():
    eqs = equations([("I", ["x", "y"], ["z"])], {"x": 2, "z": 5}, {"y"})
    assert eqs == [Equation((("y", 1),), 3, "I")]


def _seed003_lines() -> list[str]:
    return (SEEDS / "003_e47fabb3861039d9.txt").read_text().split("\n")


def _set_row(lines: list[str], label: str, values: list[str]) -> list[str]:
    out = []
    for line in lines:
        if line.startswith(label):
            head = line.split("\t")[:2]
            line = "\t".join(head + values + [""])
        out.append(line)
    return out


def test_report_blank_forced_cell_becomes_inferred():
    lines = _set_row(_seed003_lines(), "一、本年新收", ["3", "", "0", "0", "0", "0", "5"])
    lines = _set_row(lines, "四、结转下年度", ["3", "2", "0", "0", "0", "0", "5"])
    report = extract_text("\n".join(lines))
    cell = report.cell("table3.new_received.commercial")
    assert (cell.status, cell.value, cell.raw) == ("inferred", 2, "")
    assert not report.has_error


def test_report_two_blanks_in_one_row_with_no_other_equation_stay_null():
    # new_received: NP and BIZ blank, total 5; carried_forward also unknown there -> several solutions
    lines = _set_row(_seed003_lines(), "一、本年新收", ["", "", "0", "0", "0", "0", "5"])
    lines = _set_row(lines, "四、结转下年度", ["", "", "0", "0", "0", "0", "5"])
    report = extract_text("\n".join(lines))
    for col in ("natural_person", "commercial"):
        cell = report.cell(f"table3.new_received.{col}")
        assert cell.value is None and cell.status == "blank"
    unresolved = [f for f in report.findings if f.code == "CELL.UNRESOLVED"]
    assert unresolved and "table3.new_received.natural_person" in unresolved[0].cells


def test_report_violated_identity_names_equation_numbers_and_cells():
    lines = _set_row(_seed003_lines(), "一、本年新收", ["3", "0", "0", "0", "0", "0", "3"])
    report = extract_text("\n".join(lines))
    errors = [f for f in report.findings if f.severity == "error"]
    column = [f for f in errors if f.code == "T3.IDENTITY.COLUMN"]
    assert column and "自然人" in column[0].message and "3" in column[0].message
    assert "table3.new_received.natural_person" in column[0].cells
    assert column[0].fault == "source"
    # the 总计 column's failure follows from the 自然人 one: reported as a consequence, not a root
    # folded under it, not beside it
    total = [f for f in column[0].folded if f.code == "T3.IDENTITY.COLUMN" and "表三“总计”列：" in f.message]
    assert total and all(f.severity == "info" for f in total)
    assert not any("表三“总计”列：" in f.message for f in report.findings)
    # one cell explains everything: the message names it
    assert "最可能出错的是" in column[0].message


def test_report_blank_inside_a_contradiction_is_not_inferred():
    # NP column: new 3 + carried x = results 0 + forward 0 needs x = -3, and its row needs x = 0
    lines = _set_row(_seed003_lines(), "一、本年新收", ["3", "0", "0", "0", "0", "0", "3"])
    lines = _set_row(lines, "二、上年结转", ["", "0", "0", "0", "0", "0", "0"])
    report = extract_text("\n".join(lines))
    cell = report.cell("table3.carried_over.natural_person")
    # the row total says 0, the column says 3: no value satisfies both, so nothing is inferred
    assert (cell.status, cell.value) == ("blank", None)
    conflict = [f for f in report.findings if f.code == "IDENTITY.CONFLICT"]
    assert conflict and conflict[0].severity == "error" and conflict[0].fault == "source"
    assert "table3.carried_over.natural_person" in conflict[0].cells


def test_low_confidence_ocr_reading_contradicted_by_the_identities_is_recovered():
    from xxgk.extract import extract
    from xxgk.readers import read_path

    doc = read_path(SEEDS / "001_eaba220d81829207.txt")
    for block in doc.blocks:
        for row in getattr(block, "rows", []):
            for cell in row:
                cell.confidence = 0.99
    # the 总计 of （四）1. (35) misread as 36 with low confidence
    target = next(
        c
        for b in doc.blocks
        for r in getattr(b, "rows", [])
        if any("本机关不掌握" in c.text for c in r)
        for c in r
        if c.text == "35"
    )
    target.text, target.confidence = "36", 0.4
    report = extract(doc)
    cell = report.cell("table3.unable_not_held.total")
    assert (cell.status, cell.value, cell.raw) == ("inferred", 35, "36")
    doubt = [f for f in report.findings if f.code == "OCR.DOUBTFUL"]
    assert doubt and doubt[0].cells == ["table3.unable_not_held.total"] and doubt[0].fault == "extraction"
    assert not report.has_error


def test_confident_ocr_reading_that_breaks_an_identity_stays_an_error():
    from xxgk.extract import extract
    from xxgk.readers import read_path

    doc = read_path(SEEDS / "001_eaba220d81829207.txt")
    target = next(
        c
        for b in doc.blocks
        for r in getattr(b, "rows", [])
        if any("本机关不掌握" in c.text for c in r)
        for c in r
        if c.text == "35"
    )
    target.text, target.confidence = "36", 0.98
    report = extract(doc)
    assert report.cell("table3.unable_not_held.total").value == 36
    assert any(f.code.startswith("T3.IDENTITY") and f.severity == "error" for f in report.findings)
    assert not any(f.code == "OCR.DOUBTFUL" for f in report.findings)
