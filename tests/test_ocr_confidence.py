"""Low-confidence OCR readings are named cell by cell, the way a clerk reads the table, so that
each can be checked against the scan; readings the identities contradict are doubted instead."""

from __future__ import annotations

from conftest import SEEDS

from xxgk.document import Document
from xxgk.extract import extract
from xxgk.readers import read_path


def _scanned_seed() -> Document:
    """Seed 001 as if it had been read by OCR: every table cell read with high confidence."""
    doc = read_path(SEEDS / "001_eaba220d81829207.txt")
    for block in doc.blocks:
        for row in getattr(block, "rows", []):
            for cell in row:
                cell.confidence = 0.99
    return doc


def _cell(doc: Document, row_text: str, text: str):  # type: ignore[no-untyped-def]
    return next(
        c
        for b in doc.blocks
        for r in getattr(b, "rows", [])
        if any(row_text in x.text for x in r)
        for c in r
        if c.text == text
    )


def test_confident_reading_has_no_finding() -> None:
    report = extract(_scanned_seed())
    assert not any(f.code == "OCR.LOW_CONFIDENCE" for f in report.findings)


def test_low_confidence_cells_are_named_and_listed() -> None:
    doc = _scanned_seed()
    _cell(doc, "本机关不掌握", "26").confidence = 0.62
    _cell(doc, "予以公开", "10").confidence = 0.71
    report = extract(doc)
    (low,) = [f for f in report.findings if f.code == "OCR.LOW_CONFIDENCE"]
    assert low.cells == ["table3.granted.total", "table3.unable_not_held.natural_person"]
    assert low.message == (
        "以下 2 个单元格的 OCR 识别置信度低于 0.8，请对照原件核对："
        "表三 （一）予以公开·总计（识别为“10”，置信度 0.71）；"
        "表三 （四）1.本机关不掌握相关政府信息·自然人（识别为“26”，置信度 0.62）"
    )
    assert low.severity == "warning" and low.fault == "extraction"
    # the reader no longer adds a document-wide count of its own
    assert not any("置信度低于" in f.message for f in report.findings if f.code == "READER.WARNING")


def test_doubted_reading_is_not_listed_twice() -> None:
    doc = _scanned_seed()
    target = _cell(doc, "本机关不掌握", "35")
    target.text, target.confidence = "36", 0.4  # contradicted by the identities: doubted, recovered
    report = extract(doc)
    assert [f.cells for f in report.findings if f.code == "OCR.DOUBTFUL"] == [
        ["table3.unable_not_held.total"]
    ]
    assert not any(f.code == "OCR.LOW_CONFIDENCE" for f in report.findings)
