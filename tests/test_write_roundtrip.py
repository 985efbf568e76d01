"""Round trip: every seed and corpus truth file rendered to DOCX, HTML, Markdown and PDF and
read back by the extractor gives every cell exact (a blank stays blank, 0 stays 0).

Truth files whose numbers break an identity (as published) are refused by `render`; they are
rendered as drafts here, watermark and findings included, which must not disturb the tables.
All PDFs come from one LibreOffice start."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import CORPUS, SEEDS, truth_files

from xxgk.api import extract_bytes
from xxgk.render.docx import render_docx
from xxgk.render.pdf import docx_to_pdf
from xxgk.report import Report
from xxgk.write import check, prepare, render_bytes

TRUTHS = truth_files(SEEDS) + truth_files(CORPUS)
IDS = [p.name.split(".")[0] for p in TRUTHS]


def mismatches(report: Report, truth: dict) -> list[str]:
    bad = []
    for table in ("table2", "table3", "table4"):
        for row, cols in truth[table].items():
            for col, want in cols.items():
                path = f"{table}.{row}.{col}"
                cell = report.cell(path)
                if want is None:
                    if cell is not None and (cell.status == "number" or cell.raw.strip()):
                        bad.append(f"{path}: blank in the data, read {cell.value} ({cell.status})")
                elif cell is None or cell.status != "number" or float(cell.value) != float(want):
                    got = None if cell is None else (cell.value, cell.status)
                    bad.append(f"{path}: {want} in the data, read {got}")
    return bad


def rendered(truth_path) -> tuple[dict, Report, list, bool]:
    truth = json.loads(truth_path.read_text())
    given = prepare(truth)
    findings = check(given.report)
    draft = any(f.severity == "error" for f in findings)
    return truth, given.report, findings, draft


@pytest.mark.parametrize("suffix", [".docx", ".html", ".md"])
@pytest.mark.parametrize("truth_path", TRUTHS, ids=IDS)
def test_rendered_report_reads_back_exactly(truth_path, suffix):
    truth, report, findings, draft = rendered(truth_path)
    data = render_bytes(report, suffix, findings, draft)
    back = extract_bytes(data, f"{truth_path.stem}{suffix}")
    assert mismatches(back, truth) == []
    assert (back.agency, back.year, back.format_version) == (
        truth["agency"],
        truth["year"],
        truth["format_version"],
    )


def test_identity_errors_as_published_are_the_ones_that_need_a_draft():
    drafts = {p.name.split(".")[0] for p in TRUTHS if rendered(p)[3]}
    assert drafts == {
        "001_huaian-hongzequ_2023",
        "005_pingtan_2020",
        "101_pingtan-haitan-pianqu_2024",
        "110_pingtan-ziranziyuanshengtaihuanjingju_2021",
    }


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice (soffice) is needed for the PDF round trip: scripts/setup-debian.sh")
    docs = []
    for path in TRUTHS:
        _truth, report, findings, draft = rendered(path)
        docs.append(render_docx(report, findings, draft))
    return dict(zip(IDS, docx_to_pdf(docs), strict=True))


@pytest.mark.parametrize("truth_path", TRUTHS, ids=IDS)
def test_pdf_reads_back_exactly(truth_path, pdfs):
    truth = json.loads(truth_path.read_text())
    data = pdfs[truth_path.name.split(".")[0]]
    assert data.startswith(b"%PDF")
    back = extract_bytes(data, f"{truth_path.stem}.pdf")
    assert mismatches(back, truth) == []
