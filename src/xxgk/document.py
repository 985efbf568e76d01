"""The Document: what every reader produces and the extractor consumes.

A Document is an ordered list of blocks. A Paragraph is running text; a Table is a grid of
rows of Cells. Readers know file formats and nothing of the national standard; they only
say what text sits where. Every block and cell carries a Where (line, or page + bbox).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Where:
    """Where a block, cell or fact sits in the file a person holds (REPORT_FORMAT.md `where`).

    `line` is 1-based; `span` is the [start, end) character offsets of the printed text within
    that line (0-based, end exclusive, as a Python slice); `page` is 1-based and `bbox` is in PDF
    points from the page's top left; `table`/`row`/`col` are 1-based positions in the source's
    own table grid after spans are expanded; `paragraph` is the 1-based body paragraph of a DOCX;
    `confidence` is the OCR confidence of the text there."""

    line: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    span: tuple[int, int] | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    paragraph: int | None = None
    confidence: float | None = None

    def to_json(self) -> dict:
        out: dict = {"line": self.line, "page": self.page, "bbox": list(self.bbox) if self.bbox else None}
        for key in _OPTIONAL_KEYS:
            value = getattr(self, key)
            if value is not None:
                out[key] = list(value) if key == "span" else value
        return out

    @property
    def empty(self) -> bool:
        return all(getattr(self, k) is None for k in ("line", "page", "table", "paragraph"))

    def describe(self) -> str:
        """The place in the terms of the file a person holds, in Chinese: 第2个表格第5行第4列,
        第3页, 第47行第12–14字, 第12段; "" when nothing is known."""
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.table is not None:
            grid = f"第{self.table}个表格"
            if self.row is not None:
                grid += f"第{self.row}行"
            if self.col is not None:
                grid += f"第{self.col}列"
            parts.append(grid)
        elif self.paragraph is not None:
            parts.append(f"第{self.paragraph}段")
        if self.line is not None and self.page is None:
            text = f"第{self.line}行"
            if self.span is not None and self.table is None:
                start, end = self.span
                text += f"第{start + 1}字" if end - start <= 1 else f"第{start + 1}–{end}字"
            parts.append(f"（源文件{text}）" if self.table is not None else text)
        return "".join(parts)

    def within(self, length: int, start: int, end: int) -> Where:
        """The Where of text[start:end] of a `length`-character text printed here: the span
        narrowed to those characters when this span covers exactly that text; else this Where
        (without a span, which would name other characters)."""
        if self.span is None:
            return self
        a, b = self.span
        if b - a != length:
            return self._with_span(None)
        start = max(0, min(start, length))
        return self._with_span((a + start, a + max(start, min(end, length))))

    def _with_span(self, span: tuple[int, int] | None) -> Where:
        """This Where with another span (dataclasses.replace, without its field-by-field
        introspection: this runs for every value read)."""
        return Where(
            self.line,
            self.page,
            self.bbox,
            span,
            self.table,
            self.row,
            self.col,
            self.paragraph,
            self.confidence,
        )


_OPTIONAL_KEYS = ("span", "table", "row", "col", "paragraph", "confidence")

# A text joined from parts printed in several places: (offset of the part in the text, where the
# part is printed); each part ends one character (the joining "\n" or " ") before the next.
Segments = tuple[tuple[int, Where], ...]


def _offset(segment: tuple[int, Where]) -> int:
    return segment[0]


def where_in(segments: Segments, length: int, start: int, end: int) -> Where:
    """Where text[start:end] of a `length`-character joined text is printed: the part it starts
    in, narrowed to its characters (clipped to that part)."""
    if not segments:
        return Where()
    # the last part that starts at or before `start` (the offsets ascend)
    i = max(0, bisect_right(segments, start, key=_offset) - 1)
    off, where = segments[i]
    stop = segments[i + 1][0] - 1 if i + 1 < len(segments) else length
    return where.within(stop - off, start - off, end - off)


@dataclass(slots=True)
class Cell:
    text: str
    where: Where = field(default_factory=Where)
    rowspan: int = 1
    colspan: int = 1
    confidence: float | None = None  # OCR confidence in [0, 1]; None for text layers
    continued: bool = False  # a grid position covered by a row/colspan of the cell above/left (text "")


@dataclass(slots=True)
class Paragraph:
    text: str
    where: Where = field(default_factory=Where)


@dataclass(slots=True)
class Table:
    """Rows of cells. `exact` is True when every empty cell is a real cell of the source grid
    (HTML, DOCX, ruled PDF); False when empty cells may be padding (tab-separated text)."""

    rows: list[list[Cell]]
    where: Where = field(default_factory=Where)
    exact: bool = False

    def text(self) -> str:
        return "\n".join("\t".join(c.text for c in row) for row in self.rows)


Block = Paragraph | Table


@dataclass(slots=True)
class Document:
    blocks: list[Block]
    path: str | None = None
    media_type: str = "text/plain"
    sha256: str | None = None
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)

    def plain_text(self) -> str:
        parts: list[str] = []
        for b in self.blocks:
            parts.append(b.text if isinstance(b, Paragraph) else b.text())
        return "\n".join(parts)
