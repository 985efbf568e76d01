"""Scans turned a quarter or half, or skewed a few degrees, read the same cells as the upright
scan: a real corpus page (001, page 4: the end of table 3 and table 4) rendered at 150 dpi,
turned in the test, read through the image reader.

OCR is the optional extra `xxgk[ocr]`; without it the reading tests are skipped."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest

from xxgk.readers import orientation

SOURCE = Path(__file__).resolve().parent / "data" / "corpus" / "001_huaian-hongzequ_2023"
TABLE4_BLOCKS = ["review", "litigation_direct", "litigation_after_review"]
TABLE4_COLUMNS = ["upheld", "corrected", "other", "pending", "total"]


def _line(cx: float, cy: float, length: float, height: float, degrees: float) -> list[list[float]]:
    """A text line's box as the detector gives it: four corners, clockwise from top-left."""
    a = np.radians(degrees)
    u, v = np.array([np.cos(a), np.sin(a)]), np.array([-np.sin(a), np.cos(a)])
    c = np.array([cx, cy])
    hl, hh = length / 2, height / 2
    return [
        list(c - hl * u - hh * v),
        list(c + hl * u - hh * v),
        list(c + hl * u + hh * v),
        list(c - hl * u + hh * v),
    ]


def test_lines_pose_reads_skew_and_quarter_turns_from_the_boxes() -> None:
    rows = [_line(600, 100 + 40 * k, 400 + 20 * k, 30, 3.5) for k in range(10)]
    rows.append(_line(300, 900, 35, 30, 40.0))  # a two-digit cell: no direction, not counted
    vertical, skew = orientation.lines_pose(np.array(rows))
    assert not vertical and skew == pytest.approx(3.5, abs=0.01)
    # the same lines turned a quarter: they run along the height, with the same skew
    turned = [_line(100 + 40 * k, 600, 400, 30, 90 + 3.5) for k in range(10)]
    vertical, skew = orientation.lines_pose(np.array(turned))
    assert vertical and skew == pytest.approx(3.5, abs=0.01)
    # steeper than a scanner skews a page: read as it is
    assert orientation.lines_pose(np.array([_line(600, 100 + 40 * k, 400, 30, 20.0) for k in range(5)])) == (
        False,
        0.0,
    )
    assert orientation.lines_pose(np.zeros((0, 4, 2))) == (False, 0.0)


def test_upside_down_vote_is_weighted_by_length_and_score() -> None:
    assert orientation.reads_turned([(True, 0.99), (False, 0.6), (False, 0.7)], [900.0, 200.0, 300.0])
    assert not orientation.reads_turned([(True, 0.99), (False, 0.9)], [100.0, 300.0])
    assert not orientation.reads_turned([], [])


def test_turn_keeps_the_corners_of_a_skewed_page() -> None:
    page = np.full((300, 200), 255, dtype=np.uint8)
    page[0:10, 0:10] = 0  # a mark in the corner
    out = orientation.turn(page, orientation.Pose(0, 5.0))
    assert out.shape[0] > 300 and out.shape[1] > 200 and (out < 128).sum() >= 80
    assert orientation.turn(page, orientation.Pose(1, 0.0)).shape == (200, 300)
    assert orientation.turn(page, orientation.Pose()) is page


# --------------------------------------------------------------------------- real page, real OCR


def _page():  # -> PIL.Image.Image
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(SOURCE.with_suffix(".pdf").read_bytes())
    return src[3].render(scale=150 / 72, grayscale=True).to_pil().convert("L")


def _cells(image) -> list[list[list[str]]]:  # type: ignore[no-untyped-def]
    from xxgk.document import Table
    from xxgk.readers import read_bytes

    buf = io.BytesIO()
    image.save(buf, "PNG")
    doc = read_bytes(buf.getvalue(), "page.png")
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert all(
        c.confidence is not None for t in tables for r in t.rows for c in r if c.text and not c.continued
    )
    return [[[c.text for c in r] for r in t.rows] for t in tables]


@pytest.fixture(scope="module")
def upright() -> list[list[list[str]]]:
    pytest.importorskip("rapidocr")
    cells = _cells(_page())
    truth = json.loads(SOURCE.with_suffix(".truth.json").read_text(encoding="utf-8"))
    want = [str(truth["table4"][b][c]) for b in TABLE4_BLOCKS for c in TABLE4_COLUMNS]
    assert cells[-1][-1] == want  # table 4's numbers, read right on the upright page
    return cells


@pytest.mark.parametrize("turn", ["r90", "r180", "r270", "skew+4", "skew-5"])
def test_turned_and_skewed_scans_read_the_same_cells(upright: list[list[list[str]]], turn: str) -> None:
    from PIL import Image

    page = _page()
    if turn.startswith("r"):
        image = page.rotate(int(turn[1:]), expand=True)
    else:
        image = page.rotate(float(turn[4:]), resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)
    assert _cells(image) == upright
