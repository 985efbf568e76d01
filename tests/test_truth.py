"""Acceptance: every seed exactly; the text and Markdown corpus at >= 99% with no silent error."""

from __future__ import annotations

import pytest
from conftest import CORPUS, SEEDS, truth_files
from truth import compare, load, source_of

from xxgk.api import extract_file


@pytest.mark.parametrize("truth_path", truth_files(SEEDS), ids=lambda p: p.name.split(".")[0])
def test_seed_cells_agency_year(truth_path):
    truth = load(truth_path)
    report = extract_file(source_of(truth_path))
    res = compare(report, truth)
    assert res.silent == [] and res.missed == [], res.silent + res.missed
    assert res.match == res.total == 200
    assert report.agency == truth["agency"]
    assert report.year == truth["year"]
    assert report.format_version == truth["format_version"]
    for path in truth.get("blank_in_source", []):
        assert report.cell(path).status == "inferred", path


def test_seed_001_lost_cells_are_inferred_with_their_values():
    truth_path = SEEDS / "001_eaba220d81829207.truth.json"
    truth = load(truth_path)
    report = extract_file(source_of(truth_path))
    assert len(truth["blank_in_source"]) == 6
    for path in truth["blank_in_source"]:
        table, row, col = path.split(".")
        cell = report.cell(path)
        assert (cell.status, cell.value, cell.raw) == ("inferred", truth[table][row][col], "")
    inferred = [f for f in report.findings if f.code == "CELL.INFERRED"]
    assert len(inferred) == 1 and sorted(inferred[0].cells) == sorted(truth["blank_in_source"])


def test_seed_004_other_column_is_absent_not_zero():
    report = extract_file(SEEDS / "004_e93e2860776d7910.txt")
    for row, cols in report.table3.items():
        assert cols["other"].status == "absent", row
        assert cols["other"].value is None
    assert any(f.code == "T3.STRUCTURE.COLUMN_MISSING" for f in report.findings)


TEXT_CORPUS = truth_files(CORPUS, (".txt", ".md"))


def test_text_corpus_accuracy_and_no_silent_error():
    total = match = 0
    silent: list[str] = []
    for truth_path in TEXT_CORPUS:
        res = compare(extract_file(source_of(truth_path)), load(truth_path))
        total += res.total
        match += res.match
        silent += [f"{truth_path.name}: {s}" for s in res.silent]
    assert len(TEXT_CORPUS) >= 20
    assert silent == []
    assert match / total >= 0.99, (match, total)


@pytest.mark.parametrize("truth_path", TEXT_CORPUS, ids=lambda p: p.name.split(".")[0])
def test_text_corpus_agency_and_year(truth_path):
    truth = load(truth_path)
    report = extract_file(source_of(truth_path))
    assert report.year == truth["year"]
    assert report.format_version == truth["format_version"]
    assert report.agency is not None and truth["agency"] in report.agency
