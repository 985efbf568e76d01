"""Word-exported PDFs: every truth file built as a .docx, exported to PDF by LibreOffice (as
offices publish them), with its table borders and without. Ruled tables must read back exactly;
tables without ruling lines may lose cells but must never state a wrong number."""

from __future__ import annotations

import io
import json
import shutil
import subprocess

import docx
import pytest
from conftest import CORPUS, SEEDS, truth_files
from render_truth import report_docx
from truth import compare

from xxgk.api import extract_file

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: run scripts/setup-debian.sh"
)
TRUTHS = truth_files(SEEDS) + truth_files(CORPUS)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _borderless(data: bytes) -> bytes:
    d = docx.Document(io.BytesIO(data))
    for table in d.tables:
        table.style = None
        for borders in table._tbl.tblPr.findall(f"{W}tblBorders"):
            table._tbl.tblPr.remove(borders)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("word-pdf")
    sources = []
    for t in TRUTHS:
        data = report_docx(json.loads(t.read_text()))
        for kind, body in (("ruled", data), ("plain", _borderless(data))):
            path = folder / f"{t.name.split('.')[0]}.{kind}.docx"
            path.write_bytes(body)
            sources.append(path)
    profile = folder / "profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, sources),
        ],
        capture_output=True,
        timeout=900,
        check=True,
    )
    return folder


def _score(folder, kind):
    total = match = 0
    silent: list[str] = []
    for t in TRUTHS:
        truth = json.loads(t.read_text())
        report = extract_file(folder / f"{t.name.split('.')[0]}.{kind}.pdf")
        res = compare(report, dict(truth, blank_in_source=[], undeterminable=[]))
        total, match = total + res.total, match + res.match
        silent += [f"{t.name}: {s}" for s in res.silent]
    return match, total, silent


def test_ruled_word_pdfs_read_back_exactly(pdfs):
    match, total, silent = _score(pdfs, "ruled")
    assert silent == [] and match == total, (match, total, silent[:5])


def test_pdfs_without_ruling_lines_never_state_a_wrong_number(pdfs):
    match, total, silent = _score(pdfs, "plain")
    assert silent == []
    assert match / total >= 0.9, (match, total)
