"""Every cell read from a grid is traceable to the spot in the file (REPORT_FORMAT.md `where`).

On DOCX, HTML and PDF reports built from every seed and corpus truth file (the official layout
with its merged cells), and on the real PDFs and HTML pages of the corpus:
(a) every `number` cell has a `where` that locates it, and no two number cells share a place;
(b) ten cells of each file (fixed seed) are followed back into the file with a library other than
the reader's own walk — python-docx, lxml, pdfplumber — and the printed text found there is the
cell's `raw`.
"""

from __future__ import annotations

import io
import json
import random
import re
from collections import Counter
from pathlib import Path

import docx
import lxml.html
import pdfplumber
import pytest
from conftest import CORPUS, SEEDS, truth_files
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from render_truth import Grid, html_page, official_report, report_docx, report_html
from test_reader_legacy_word import SOFFICE, soffice_convert
from truth import compare

from xxgk.api import extract_bytes, extract_file
from xxgk.document import Where
from xxgk.report import CellValue, Report

TRUTHS = truth_files(SEEDS) + truth_files(CORPUS)
IDS = [t.name.split(".")[0] for t in TRUTHS]
# a handful of Word files exported to PDF: LibreOffice takes seconds a file
PDF_TRUTHS = [
    SEEDS / "000_506e41e9d817580f.truth.json",
    SEEDS / "004_e93e2860776d7910.truth.json",  # no 其他 column
    CORPUS / "001_huaian-hongzequ_2023.truth.json",  # （六）其他处理 printed as one row
    CORPUS / "014_shanghai-szfbgt_2019.truth.json",  # the 2019 format
]
REAL_PDFS = sorted(CORPUS.glob("*.pdf"))
REAL_HTML = sorted(CORPUS.glob("*.html"))
FOLLOWED = 10


def _truth(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def number_cells(report: Report) -> list[tuple[str, CellValue]]:
    out = []
    for name in ("table2", "table3", "table4"):
        for row, cols in (getattr(report, name) or {}).items():
            for col, cell in cols.items():
                if cell.status == "number":
                    out.append((f"{name}.{row}.{col}", cell))
    return out


def _followed(cells: list[tuple[str, CellValue]]) -> list[tuple[str, CellValue]]:
    """Ten cells, fixed seed, those whose printed text no other number cell has first: a place
    off by a row or a column cannot then hold the same text by chance (most cells print 0)."""
    counts = Counter(_squash(c.raw) for _, c in cells)
    rng = random.Random(0)
    unique = [pc for pc in cells if counts[_squash(pc[1].raw)] == 1]
    picked = rng.sample(unique, min(FOLLOWED, len(unique)))
    rest = [pc for pc in cells if pc not in picked]
    return picked + rng.sample(rest, min(FOLLOWED - len(picked), len(rest)))


def _assert_located(report: Report, *keys: str) -> list[tuple[str, CellValue]]:
    """Every number cell has `keys` in its where, and no two of them name the same place."""
    cells = number_cells(report)
    assert len(cells) >= 50, len(cells)
    unplaced = [p for p, c in cells if any(getattr(c.where, k) is None for k in keys)]
    assert unplaced == []
    for place in (("table", "row", "col"), tuple(k for k in keys if k in ("page", "bbox"))):
        if not place:
            continue
        seen = Counter(tuple(getattr(c.where, k) for k in place) for _, c in cells)
        shared = {k: n for k, n in seen.items() if n > 1}
        assert shared == {}, shared
    return cells


# --------------------------------------------------------------------------- DOCX


def docx_tables(data: bytes) -> tuple[docx.document.Document, list[DocxTable]]:
    """Every table of the body in document order, nested ones too (a text box's VML fallback,
    the same content again, left out): the numbering `where.table` follows."""
    d = docx.Document(io.BytesIO(data))
    fallback = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
    tbls = [
        t for t in d.element.body.iter(qn("w:tbl")) if not any(a.tag == fallback for a in t.iterancestors())
    ]
    return d, [DocxTable(t, d) for t in tbls]


def docx_text_at(tables: list[DocxTable], where: Where) -> str:
    """python-docx expands the merges: a gridSpan repeats the cell, a vMerge gives the cell above."""
    assert where.table is not None and where.row is not None and where.col is not None
    row = tables[where.table - 1].rows[where.row - 1]
    return row.cells[where.col - 1 - row.grid_cols_before].text


@pytest.fixture(scope="module")
def built_docx() -> dict[str, bytes]:
    return {i: report_docx(_truth(t)) for i, t in zip(IDS, TRUTHS, strict=True)}


@pytest.mark.parametrize("stem", IDS)
def test_docx_cells_lead_to_their_table_row_and_column(stem: str, built_docx: dict[str, bytes]) -> None:
    data = built_docx[stem]
    report = extract_bytes(data, f"{stem}.docx")
    cells = _assert_located(report, "table", "row", "col")
    assert all(c.where.line is None and c.where.page is None for _, c in cells)  # no made-up lines
    _, tables = docx_tables(data)
    for path, cell in _followed(cells):
        assert _squash(docx_text_at(tables, cell.where)) == _squash(cell.raw), (path, cell.where)
        assert re.fullmatch(r"第\d+个表格第\d+行第\d+列", cell.where.describe())


@pytest.mark.parametrize("stem", IDS)
def test_docx_sections_name_their_body_paragraph(stem: str, built_docx: dict[str, bytes]) -> None:
    data = built_docx[stem]
    report = extract_bytes(data, f"{stem}.docx")
    d, _ = docx_tables(data)
    paragraphs = [p.text for p in d.paragraphs if p.text.strip()]  # the ones a person counts
    headed = [s for s in report.sections if s.number]
    assert [s.number for s in headed] == [1, 2, 3, 4, 5, 6]
    for s in headed:
        assert s.where.paragraph is not None and s.where.line is None
        assert _squash(paragraphs[s.where.paragraph - 1]).startswith(_squash(s.heading)), s
    assert report.facts and all(f.where.paragraph is not None for f in report.facts)


def test_docx_findings_name_the_cell_they_concern() -> None:
    truth = _truth(SEEDS / "000_506e41e9d817580f.truth.json")
    truth["table3"]["results_total"]["natural_person"] += 5  # breaks the column and row identities
    report = extract_bytes(report_docx(truth), "broken.docx")
    broken = [f for f in report.findings if f.code.startswith("T3.IDENTITY")]
    assert broken
    for f in broken:
        where = f.to_json()["where"]
        assert {"line", "page"} <= set(where) and where["table"] is not None
        places = {(c.where.table, c.where.row, c.where.col) for c in map(report.cell, f.cells) if c}
        assert (where["table"], where["row"], where["col"]) in places, f.code


# --------------------------------------------------------------------------- HTML


def html_grid(table: lxml.html.HtmlElement) -> dict[tuple[int, int], lxml.html.HtmlElement]:
    """(row, column) -> the <td>/<th> printed there, spans laid out as a browser does (0-based)."""
    grid: dict[tuple[int, int], lxml.html.HtmlElement] = {}
    for r, tr in enumerate(table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")):
        c = 0
        for td in tr.xpath("./td | ./th"):
            while (r, c) in grid:
                c += 1
            rows, cols = int(td.get("rowspan") or 1), int(td.get("colspan") or 1)
            for dr in range(rows):
                for dc in range(cols):
                    grid.setdefault((r + dr, c + dc), td)
            c += cols
    return grid


def _follow_html(text: str, cells: list[tuple[str, CellValue]]) -> None:
    root = lxml.html.document_fromstring(text)
    tables = list(root.iter("table"))
    by_line: dict[int, list[str]] = {}
    for el in root.iter("td", "th"):
        by_line.setdefault(el.sourceline, []).append(_squash(el.text_content()))
    for path, cell in _followed(cells):
        w = cell.where
        assert w.table is not None and w.row is not None and w.col is not None and w.line is not None
        td = html_grid(tables[w.table - 1])[(w.row - 1, w.col - 1)]
        assert _squash(td.text_content()) == _squash(cell.raw), (path, w)
        assert td.sourceline == w.line, (path, w)
        assert _squash(cell.raw) in by_line[w.line]  # the element at `line` holds it


@pytest.mark.parametrize("stem", IDS)
def test_html_cells_lead_to_their_element_and_grid_place(stem: str) -> None:
    truth = _truth(TRUTHS[IDS.index(stem)])
    page = report_html(truth)
    report = extract_bytes(page.encode("utf-8"), f"{stem}.html")
    res = compare(report, dict(truth, blank_in_source=[], undeterminable=[]))  # the builder prints all
    assert res.silent == [] and res.missed == [], res.silent + res.missed
    cells = _assert_located(report, "line", "table", "row", "col")
    _follow_html(page, cells)
    lines = page.split("\n")
    for s in (s for s in report.sections if s.number):
        assert s.where.line is not None and _squash(s.heading) in _squash(lines[s.where.line - 1])


def test_digits_run_together_in_one_cell_point_at_that_cell() -> None:
    """Table 3's first row printed with its digits run together in one merged cell: they are
    split, and each says the cell they were printed in, not the row's label."""
    truth = _truth(SEEDS / "000_506e41e9d817580f.truth.json")
    blocks = official_report(truth)
    t3 = next(
        b for b in blocks if isinstance(b, Grid) and any(s.text.startswith("（本列数据") for s in b.cells)
    )
    values = [s for s in t3.cells if s.row == 3 and s.col >= 3]
    t3.cells = [s for s in t3.cells if s not in values]
    run = "".join(s.text for s in values)
    assert len(run) == len(values)  # one digit a cell: the identities need not be asked
    t3.put(3, 3, run, cols=len(values))
    page = html_page(blocks)
    report = extract_bytes(page.encode("utf-8"), "run.html")
    row = report.table3["new_received"]
    assert [c.value for c in row.values()] == [int(s.text) for s in values]
    td_line = next(i for i, line in enumerate(page.split("\n"), 1) if f">{run}</td>" in line)
    table = blocks.index(t3) - sum(isinstance(b, str) for b in blocks[: blocks.index(t3)]) + 1
    assert {(c.where.table, c.where.row, c.where.col, c.where.line) for c in row.values()} == {
        (table, 4, 4, td_line)
    }


@pytest.mark.parametrize("path", REAL_HTML, ids=lambda p: p.stem)
def test_real_html_pages(path: Path) -> None:
    report = extract_file(path)
    cells = _assert_located(report, "line", "table", "row", "col")
    _follow_html(path.read_text(encoding="utf-8"), cells)


# --------------------------------------------------------------------------- PDF


def _centre_in(obj: dict, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return x0 <= (obj["x0"] + obj["x1"]) / 2 <= x1 and top <= (obj["top"] + obj["bottom"]) / 2 <= bottom


def _follow_pdf(path: Path, cells: list[tuple[str, CellValue]]) -> None:
    """The characters pdfplumber finds inside the cell's box on its page are its raw text."""
    with pdfplumber.open(path) as pdf:
        for name, cell in _followed(cells):
            w = cell.where
            assert w.page is not None and w.bbox is not None
            page = pdf.pages[w.page - 1].dedupe_chars()
            inside = page.filter(lambda o, box=w.bbox: o.get("object_type") == "char" and _centre_in(o, box))
            assert _squash(inside.extract_text()) == _squash(cell.raw), (name, w)


@pytest.mark.parametrize("path", REAL_PDFS, ids=lambda p: p.stem)
def test_real_pdf_cells_lead_to_their_page_and_box(path: Path) -> None:
    report = extract_file(path)
    cells = _assert_located(report, "page", "bbox", "table", "row", "col")
    _follow_pdf(path, cells)
    pages = {c.where.page for p, c in cells if p.startswith("table3.")}
    assert len(pages) == 2  # table 3 crosses a page break: one table, each cell on its own page
    assert len({c.where.table for p, c in cells if p.startswith("table3.")}) == 1


@pytest.fixture(scope="module")
def word_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, bytes]]:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed: run scripts/setup-debian.sh")
    folder = tmp_path_factory.mktemp("prov-pdf")
    sources = []
    for t in PDF_TRUTHS:
        path = folder / f"{t.name.split('.')[0]}.docx"
        path.write_bytes(report_docx(_truth(t)))
        sources.append(path)
    pdfs = soffice_convert(sources, "pdf", folder)
    return {s.stem: (p, s.read_bytes()) for s, p in zip(sources, pdfs, strict=True)}


@pytest.mark.parametrize("stem", [t.name.split(".")[0] for t in PDF_TRUTHS])
def test_word_pdf_cells_lead_to_their_page_box_and_grid_place(
    stem: str, word_pdfs: dict[str, tuple[Path, bytes]]
) -> None:
    pdf_path, docx_data = word_pdfs[stem]
    report = extract_file(pdf_path)
    cells = _assert_located(report, "page", "bbox", "table", "row", "col")
    _follow_pdf(pdf_path, cells)
    # the rebuilt grid is Word's own: each number sits in the table and column it has in the .docx
    # the PDF was exported from, and in its row on the table's first page; further on, the rows
    # are counted as printed (LibreOffice lets a row break across pages, and the piece on the next
    # page is a printed row of its own), so they may only run ahead of Word's
    in_word = {p: c.where for p, c in number_cells(extract_bytes(docx_data, f"{stem}.docx"))}
    first_page = {}
    for _, c in sorted(cells, key=lambda pc: pc[1].where.page or 0):
        first_page.setdefault(c.where.table, c.where.page)
    for p, c in cells:
        w, want = c.where, in_word[p]
        assert (w.table, w.col) == (want.table, want.col), p
        assert w.row == want.row if w.page == first_page[w.table] else w.row >= want.row, (p, w, want)
    order = sorted(cells, key=lambda pc: (pc[1].where.table, pc[1].where.row, pc[1].where.col))
    assert [p for p, _ in order] == sorted(
        in_word, key=lambda p: (in_word[p].table, in_word[p].row, in_word[p].col)
    )
