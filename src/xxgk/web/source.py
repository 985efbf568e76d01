"""A cell shown where it was printed, from its `where` (docs/REPORT_FORMAT.md).

- page + bbox (PDF, scans): the page rendered as an image, the bbox drawn over it;
- line (+ span) (text, Markdown, HTML source): the lines around it, the line and the span marked;
- table / row / col (DOCX, HTML): the source's own table rebuilt as a grid, the cell marked.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from xxgk.document import Table
from xxgk.readers import read_bytes
from xxgk.readers.sniff import sniff

CONTEXT_LINES = 8
LINE_WINDOW = 160  # characters of a long line shown around a cell
PAGE_SCALE = 1.5  # PDF points to image pixels


@dataclass
class SourceView:
    kind: str  # "page" | "lines" | "grid" | "none"
    where: dict[str, Any]
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None  # in image pixels
    lines: list[tuple[int, str, tuple[int, int] | None]] = field(default_factory=list)  # (number, text, span)
    grid: list[list[str]] = field(default_factory=list)
    mark: tuple[int, int] | None = None  # (row, col), 0-based, in `grid`


def view(data: bytes, where: dict[str, Any]) -> SourceView:
    kind = sniff(data)
    if where.get("page") and where.get("bbox") and kind in ("pdf", "image"):
        x0, y0, x1, y1 = where["bbox"]
        s = PAGE_SCALE if kind == "pdf" else 1.0
        return SourceView("page", where, page=where["page"], bbox=(x0 * s, y0 * s, x1 * s, y1 * s))
    if where.get("line") and kind in ("text", "html"):
        return _lines(data, where, kind)
    if where.get("table") and kind in ("docx", "doc", "html", "pdf"):
        return _grid(data, where)
    return SourceView("none", where)


def _lines(data: bytes, where: dict[str, Any], kind: str) -> SourceView:
    if kind == "html":
        from xxgk.readers.html import decode as decode_html

        text = decode_html(data)[0]
    else:
        from xxgk.readers.text import decode

        text = decode(data)
    all_lines = text.splitlines()
    n = where["line"]
    lo, hi = max(1, n - CONTEXT_LINES), min(len(all_lines), n + CONTEXT_LINES)
    span = tuple(where["span"]) if where.get("span") else None
    out = [_window(i, all_lines[i - 1], span if i == n else None) for i in range(lo, hi + 1)]
    return SourceView("lines", where, lines=out)


def _window(number: int, text: str, span: tuple[int, int] | None) -> tuple[int, str, tuple[int, int] | None]:
    """A long line (a crawler page prints the whole body on one) cut to the part around the
    span, so that the marked characters are on screen; the span moves with the cut."""
    if len(text) <= LINE_WINDOW:
        return number, text, span
    if span is None:
        return number, text[:LINE_WINDOW] + "…", None
    start = max(0, span[0] - LINE_WINDOW // 2)
    end = min(len(text), span[1] + LINE_WINDOW // 2)
    lead = "…" if start else ""
    cut = lead + text[start:end] + ("…" if end < len(text) else "")
    return number, cut, (span[0] - start + len(lead), span[1] - start + len(lead))


def _grid(data: bytes, where: dict[str, Any]) -> SourceView:
    doc = read_bytes(data)
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    numbered = [t for t in tables if t.where.table == where["table"]]
    table = (
        numbered[0] if numbered else (tables[where["table"] - 1] if where["table"] <= len(tables) else None)
    )
    if table is None:
        return SourceView("none", where)
    grid = [[c.text for c in row] for row in table.rows]
    mark = None
    if where.get("row") and where.get("col"):
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row):
                if cell.where.row == where["row"] and cell.where.col == where["col"]:
                    mark = (r, c)
        if mark is None:
            mark = (where["row"] - 1, where["col"] - 1)
    return SourceView("grid", where, grid=grid, mark=mark)


def page_png(data: bytes, page: int) -> bytes:
    """One page of a PDF (or the image itself) as PNG, at PAGE_SCALE."""
    if sniff(data) == "image":
        from PIL import Image

        img = Image.open(io.BytesIO(data))
        buf = io.BytesIO()
        img.convert("RGB").save(buf, "PNG")
        return buf.getvalue()
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        if not 1 <= page <= len(pdf):
            raise IndexError(page)
        bitmap = pdf[page - 1].render(scale=PAGE_SCALE)
        buf = io.BytesIO()
        bitmap.to_pil().save(buf, "PNG")
        return buf.getvalue()
    finally:
        pdf.close()
