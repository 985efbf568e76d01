"""The OCR reader on scans made from a real corpus PDF: pages rendered to 150-dpi greyscale,
wrapped as an image-only PDF (and as a PNG), read back through OCR and checked against the truth.

OCR is the optional extra `xxgk[ocr]`; without it these tests are skipped."""

from __future__ import annotations

import io
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("rapidocr")

from xxgk import errors  # noqa: E402
from xxgk.document import Document, Table  # noqa: E402
from xxgk.readers import ocr, pdf, read_bytes  # noqa: E402

SHARED = Path(__file__).resolve().parent / "data"
SOURCE = SHARED / "corpus" / "001_huaian-hongzequ_2023"


TABLE3_COLUMNS = ["natural_person", "commercial", "research", "nonprofit", "legal_service", "other", "total"]
TABLE3_KEYS = [
    "new_received", "carried_over", "granted", "partially_granted",
    "denied_state_secret", "denied_prohibited_by_law", "denied_three_safety_one_stability",
    "denied_third_party_rights", "denied_internal_affairs", "denied_process_info",
    "denied_enforcement_files", "denied_query_matter",
    "unable_not_held", "unable_needs_creation", "unable_unclear_after_correction",
    "not_processed_petition_complaint", "not_processed_duplicate", "not_processed_publication",
    "not_processed_mass_repeated", "not_processed_confirm_or_reissue",
    "other_processing", "results_total", "carried_forward",
]  # fmt: skip
TABLE4_BLOCKS = ["review", "litigation_direct", "litigation_after_review"]
TABLE4_COLUMNS = ["upheld", "corrected", "other", "pending", "total"]
DPI = 150


def _render(page_index: int):  # -> PIL.Image.Image
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(SOURCE.with_suffix(".pdf").read_bytes())
    return src[page_index].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads(SOURCE.with_suffix(".truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def no_network() -> Iterator[None]:
    """OCR must work offline: any attempt to connect anywhere fails the read."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network disabled in this test")

    saved = socket.socket.connect, socket.create_connection
    socket.socket.connect, socket.create_connection = refuse, refuse  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        socket.socket.connect, socket.create_connection = saved  # type: ignore[method-assign]


@pytest.fixture(scope="module")
def scanned_pdf(no_network: None) -> tuple[Document, bytes]:
    """Pages 3 and 4 (table 3 and its continuation, table 4) as an image-only PDF."""
    pages = [_render(2), _render(3)]
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=DPI, save_all=True, append_images=pages[1:])
    data = buf.getvalue()
    return pdf.read(data, "scan.pdf"), data


def _table_with(doc: Document, fragment: str) -> Table:
    return next(
        b for b in doc.blocks if isinstance(b, Table) and any(fragment in c.text for r in b.rows for c in r)
    )


def test_image_only_pdf_goes_through_ocr(scanned_pdf: tuple[Document, bytes]) -> None:
    doc, _ = scanned_pdf
    assert doc.pages == 2 and doc.media_type == "application/pdf"
    assert any("OCR" in w for w in doc.warnings)


def test_scanned_table3_values(scanned_pdf: tuple[Document, bytes], truth: dict) -> None:
    doc, _ = scanned_pdf
    t3 = _table_with(doc, "申请人情况")
    assert len(t3.rows[0]) == 10
    assert all(len(r) == 10 for r in t3.rows)
    body = t3.rows[3:]
    assert len(body) == len(TABLE3_KEYS)  # glued back together across the page break
    want = [str(truth["table3"][k][c]) for k in TABLE3_KEYS for c in TABLE3_COLUMNS]
    got = [c.text for r in body for c in r[3:]]
    matches = sum(a == b for a, b in zip(got, want, strict=True))
    assert matches >= 0.95 * len(want), f"{matches}/{len(want)} table-3 cells read right"
    group = next(c for r in t3.rows for c in r if "本年度办理结果" in c.text)  # vertical label
    assert group.rowspan == 20


def test_scanned_cells_carry_confidence_and_provenance(scanned_pdf: tuple[Document, bytes]) -> None:
    doc, _ = scanned_pdf
    t3 = _table_with(doc, "申请人情况")
    filled = [c for r in t3.rows for c in r if not c.continued and c.text]
    assert filled and all(c.confidence is not None and 0 < c.confidence <= 1 for c in filled)
    assert sum(c.confidence >= 0.9 for c in filled) >= 0.9 * len(filled)
    # PDF points, like text-layer pages: the page is 595 x 842.
    for c in (c for r in t3.rows for c in r):
        assert c.where.page in (1, 2) and c.where.bbox is not None
        x0, top, x1, bottom = c.where.bbox
        assert 0 <= x0 < x1 <= 596 and 0 <= top < bottom <= 843
    one = t3.rows[3][3]  # 一、… × 自然人: at x 310-341 pt on the original
    assert one.text == "21" and 300 < one.where.bbox[0] < 320
    # each cell its place in the rebuilt grid, and its confidence in the where too
    assert (one.where.table, one.where.row, one.where.col) == (t3.where.table, 4, 4)
    assert all(c.where.confidence == c.confidence for c in filled)
    places = [(c.where.row, c.where.col) for r in t3.rows for c in r]
    assert len(set(places)) == len(places)


def test_scanned_table4_values(scanned_pdf: tuple[Document, bytes], truth: dict) -> None:
    doc, _ = scanned_pdf
    t4 = _table_with(doc, "行政复议")
    want = [str(truth["table4"][b][c]) for b in TABLE4_BLOCKS for c in TABLE4_COLUMNS]
    assert [c.text for c in t4.rows[-1]] == want


def test_png_scan(no_network: None, truth: dict) -> None:
    """A PNG of page 2 (the start of table 2), read through the image dispatcher."""
    image = _render(1)
    buf = io.BytesIO()
    image.save(buf, "PNG")
    doc = read_bytes(buf.getvalue(), "page2.png")
    assert doc.media_type == "image/png" and doc.pages == 1
    t2 = _table_with(doc, "第二十条第（一）项")
    rows = {r[0].text: [c.text for c in r[1:]] for r in t2.rows if not r[0].continued}
    nd = truth["table2"]["normative_documents"]
    assert rows["行政规范性文件"] == [str(nd[k]) for k in ("issued", "repealed", "in_force")]
    assert rows["行政许可"][0] == str(truth["table2"]["licensing"]["decisions"])
    # Pixels of the image for image files.
    w, h = image.size
    assert all(0 <= c.where.bbox[0] < c.where.bbox[2] <= w + 1 for r in t2.rows for c in r)
    assert max(c.where.bbox[3] for r in t2.rows for c in r) > 842  # not points
    assert all(c.where.table == t2.where.table and c.where.row and c.where.col for r in t2.rows for c in r)
    assert all(c.where.confidence == c.confidence for r in t2.rows for c in r)
    assert any("二、主动公开政府信息情况" in b.text for b in doc.blocks if not isinstance(b, Table))


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 10,
        b"\xff\xd8\xff\xe0 not really a jpeg",
        b"II*\x00\x08\x00",
    ],
    ids=["empty", "png-header-only", "bad-jpeg", "bad-tiff"],
)
def test_corrupt_image_is_a_clean_error(data: bytes) -> None:
    with pytest.raises(errors.XxgkError) as exc:
        ocr.read(data, "bad.img")
    assert exc.value.code == errors.DAMAGED_FILE and "图片" in exc.value.message


def test_truncated_png_is_a_clean_error() -> None:
    buf = io.BytesIO()
    _render(4).save(buf, "PNG")
    data = buf.getvalue()
    with pytest.raises(errors.XxgkError) as exc:
        ocr.read(data[: len(data) // 2], "half.png")
    assert exc.value.code == errors.DAMAGED_FILE


def test_models_ship_with_the_package() -> None:
    import rapidocr

    names = [p.name for p in (Path(rapidocr.__file__).parent / "models").glob("*.onnx")]
    assert any("det" in n for n in names) and any("rec" in n for n in names)
