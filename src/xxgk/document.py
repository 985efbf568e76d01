"""The Document: what every reader produces and the extractor consumes.

A Document is an ordered list of blocks. A Paragraph is running text; a Table is a grid of
rows of Cells. Readers know file formats and nothing of the national standard; they only
say what text sits where. Every block and cell carries a Where (line, or page + bbox).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Where:
    line: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None

    def to_json(self) -> dict:
        return {"line": self.line, "page": self.page, "bbox": list(self.bbox) if self.bbox else None}


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
