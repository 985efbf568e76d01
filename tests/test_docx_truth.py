"""DOCX acceptance: every seed and corpus truth file laid out as a Word report in the official
table layout (merged label cells, the 3-row header of table 3, table 4's two header rows), built
with python-docx, read back with every cell exact."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS, SEEDS, truth_files
from render_truth import report_docx
from truth import compare

from xxgk.api import extract_bytes

TRUTHS = truth_files(SEEDS) + truth_files(CORPUS)


@pytest.mark.parametrize("truth_path", TRUTHS, ids=lambda p: p.name.split(".")[0])
def test_docx_built_from_truth_reads_back_exactly(truth_path):
    truth = json.loads(truth_path.read_text())
    report = extract_bytes(report_docx(truth), f"{truth_path.stem}.docx")
    assert report.source["media_type"].endswith("wordprocessingml.document")
    expect = dict(truth, blank_in_source=[], undeterminable=[])  # the built file prints every number
    res = compare(report, expect)
    assert res.silent == [] and res.missed == [], res.silent + res.missed
    assert (report.year, report.format_version) == (truth["year"], truth["format_version"])
