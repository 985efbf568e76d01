"""The HTML page of a checked batch: self-contained, official layout, highlighted cells; and
rendered by a real headless Chromium (screenshot non-blank, highlighted cells in its DOM)."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from xxgk.api import extract_file
from xxgk.audit.yoy import audit_batch
from xxgk.render.html import render_batch
from xxgk.render.summary import BatchSummary, Unreadable, summarise

SHARED = Path(__file__).resolve().parent / "data"
CORPUS = SHARED / "corpus"
SEEDS = SHARED / "seeds"
FILES = [
    CORPUS / "005_pingtan_2020.txt",  # table 3 breaks I3.2 in the 自然人 column (error)
    CORPUS / "004_pingtan_2019.txt",  # trial format; table-2 digits run together (unreadable)
    SEEDS / "001_eaba220d81829207.txt",  # six lost table-3 cells the identities force (inferred)
]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")



@pytest.fixture(scope="module")
def summary() -> BatchSummary:
    reports = [extract_file(f) for f in FILES]
    audit_batch(reports)
    return summarise(reports, [Unreadable("broken.pdf", "文件已损坏（E_DAMAGED_FILE）")], len(FILES) + 1)


@pytest.fixture(scope="module")
def page(summary: BatchSummary) -> str:
    return render_batch(summary)


def _td(page: str, report: int, path: str) -> str:
    m = re.search(rf'<td id="r{report}\.{re.escape(path)}"[^>]*>.*?</td>', page)
    assert m, f"no cell {path} in report {report}"
    return m.group(0)


def test_self_contained(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in page
    for external in ("http://", "https://", "<script", "<link", "@import", "url(", "src="):
        assert external not in page


def test_official_layout(page: str) -> None:
    # table 3: the note block spans 3 label columns × 3 header rows; 三、 is one vertical cell
    assert (
        '<th class="note" colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th>'
        in page
    )
    assert '<th class="group" rowspan="20">三、本年度办理结果</th>' in page  # trial format
    assert '<th class="group" rowspan="22">三、本年度办理结果</th>' in page  # 2021 format
    assert '<th class="sub" rowspan="8">（三）不予公开</th>' in page
    # table 4: 行政复议 over 5 columns, 行政诉讼 over 10
    assert '<th colspan="5">行政复议</th><th colspan="10">行政诉讼</th>' in page
    # table 2 (2021): single-value rows span the three value columns
    assert re.search(r'data-cell="table2\.licensing\.decisions"[^>]*colspan="3"', page)


def test_cells_named_in_findings_are_highlighted(summary: BatchSummary, page: str) -> None:
    # 005: the identity names (一)予以公开 自然人 as a likely wrong cell
    assert "f-error" in _td(page, 1, "table3.granted.natural_person")
    assert "f-error" not in _td(page, 1, "table3.granted.commercial")
    # seed 001: a forced cell is marked inferred, with its value and 补
    cell = _td(page, 3, "table3.results_total.natural_person")
    assert "s-inferred" in cell and ">35<sup>补</sup><" in cell
    # 004: the run-together table-2 row is unreadable and says what was printed
    cell = _td(page, 2, "table2.normative_documents.new_made")
    assert "s-unreadable" in cell and "原文“898989”" in cell and ">?<" in cell


def test_findings_beside_tables_and_summary(summary: BatchSummary, page: str) -> None:
    assert page.count('<aside class="findings">') == 3
    assert "T3.IDENTITY.RESULTS" in page
    assert 'href="#r1.table3.granted.natural_person"' in page
    assert "核对汇总" in page and "无法读取：文件已损坏" in page
    assert re.search(r"<b>4</b>文件", page) and re.search(r"<b>3</b>份报告", page)


def test_same_input_same_page(summary: BatchSummary, page: str) -> None:
    assert render_batch(summary) == page


def _png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Decode a non-interlaced 8-bit RGB/RGBA PNG (what Chromium writes) into raw rows."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    width = height = channels = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0 and color in (2, 6)
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride, n = width * channels, width * channels + 1
    rows: list[bytes] = []
    prev = bytes(stride)
    for y in range(height):
        kind, line = raw[y * n], bytearray(raw[y * n + 1 : (y + 1) * n])
        if kind == 2:
            line = bytearray((x + u) & 255 for x, u in zip(line, prev, strict=True))
        elif kind:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                if kind == 1:
                    line[i] = (line[i] + a) & 255
                elif kind == 3:
                    line[i] = (line[i] + (a + prev[i]) // 2) & 255
                else:  # Paeth
                    b, c = prev[i], prev[i - channels] if i >= channels else 0
                    pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                    line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, channels, rows


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (scripts/setup-debian.sh installs it)"
)
def test_page_in_a_real_browser(page: str, tmp_path: Path) -> None:
    html = tmp_path / "check.html"
    html.write_text(page, encoding="utf-8")
    shot = tmp_path / "check.png"
    run = _chromium(f"--screenshot={shot}", "--window-size=1400,2000", html.as_uri(), profile=tmp_path / "p1")
    assert shot.is_file(), run.stderr[-2000:]
    width, channels, rows = _png_pixels(shot)
    assert width == 1400 and len(rows) == 2000
    # not blank: the grey levels of a sample of pixels vary
    sample = [sum(row[i : i + 3]) / 3 for row in rows[::4] for i in range(0, len(row), channels * 4)]
    mean = sum(sample) / len(sample)
    assert sum((v - mean) ** 2 for v in sample) / len(sample) > 100
    assert len({round(v) for v in sample}) > 40
    # and the error highlight (#fde4e1 behind the cells of 005's broken 自然人 column) is on screen
    pink = sum(
        1
        for row in rows
        for i in range(0, len(row), channels)
        if abs(row[i] - 253) + abs(row[i + 1] - 228) + abs(row[i + 2] - 225) < 6
    )
    assert pink > 5000

    dom = _chromium("--dump-dom", html.as_uri(), profile=tmp_path / "p2").stdout
    assert "<title>政府信息公开工作年度报告核对结果</title>" in dom
    flagged = re.findall(r'<td id="r1\.(table\d\.[a-z_]+\.[a-z_]+)"[^>]*class="[^"]*f-error', dom)
    assert "table3.granted.natural_person" in flagged
    assert re.search(r'data-cell="table3\.results_total\.natural_person" class="s-inferred', dom)
    assert dom.count('class="s-unreadable') >= 19  # 004 and 005: their run-together table-2 rows
