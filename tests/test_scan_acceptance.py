"""Acceptance for scans: the corpus's text-layer PDFs rendered to 150-dpi greyscale page images,
saved as image-only PDFs, and read through OCR by the whole pipeline: >= 98% of cells match the
truth and no cell states a wrong number.

OCR is the optional extra `xxgk[ocr]`; CI installs it (`.[dev]` includes every extra)."""

from __future__ import annotations

import io

import pytest
from conftest import CORPUS, truth_files
from truth import compare, load, source_of

pytest.importorskip("rapidocr")

from xxgk.api import extract_bytes  # noqa: E402

DPI = 150
PDF_TRUTHS = truth_files(CORPUS, (".pdf",))


def image_only_pdf(path) -> bytes:
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(path.read_bytes())
    pages = [src[i].render(scale=DPI / 72, grayscale=True).to_pil().convert("L") for i in range(len(src))]
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=DPI, save_all=True, append_images=pages[1:])
    return buf.getvalue()


@pytest.fixture(scope="module")
def scanned_reports():
    out = []
    for truth_path in PDF_TRUTHS:
        report = extract_bytes(image_only_pdf(source_of(truth_path)), f"{truth_path.stem}.scan.pdf")
        out.append((truth_path, report))
    return out


def test_scans_read_through_ocr_match_the_truth(scanned_reports):
    assert len(scanned_reports) >= 2
    total = match = 0
    silent: list[str] = []
    for truth_path, report in scanned_reports:
        res = compare(report, load(truth_path))
        total += res.total
        match += res.match
        silent += [f"{truth_path.name}: {s}" for s in res.silent]
        assert report.source["media_type"] == "application/pdf"
    assert silent == []
    assert match / total >= 0.98, f"{match}/{total}"


def test_scan_findings_keep_the_source_defects(scanned_reports):
    # 001's table 4 prints every 总计 0 beside 10 + 1 and 5: the same error as its text layer,
    # one finding for the column with the block failures folded under it
    report = dict((t.name, r) for t, r in scanned_reports)["001_huaian-hongzequ_2023.truth.json"]
    (root,) = [f for f in report.findings if f.code == "IDENTITY.LINE_ZERO"]
    assert root.severity == "error" and root.message.startswith("表四“总计”栏全部印为0")
    assert [f.code for f in root.folded] == ["T4.IDENTITY", "T4.IDENTITY"]
    assert report.year == 2023 and report.format_version == "2021"
