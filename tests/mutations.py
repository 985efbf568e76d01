"""Fuzzing inputs for every reader: real reports, damaged at random, and harmless edits of them.

Shared by tests/test_fuzz.py (hypothesis, a short derandomised run in the suite) and
bench/bench_fuzz.py (a long run, its figures in bench/RESULTS.md). Every mutation is a plain
function of (bytes, random.Random), so that both drive the same code.

- `damage`: structured damage (truncation, byte flips, chunk deletion and duplication, invalid
  encodings, invisible characters, deep nesting, huge rows); a .docx is damaged inside its parts
  and zipped again, so that the damage reaches the XML rather than the zip's checksums.
- `harmless`: whitespace and invisible characters in narrative lines, and narrative sentences
  between narrative paragraphs. A report read from the result must have the same cells (value
  and status) as the original.
"""

from __future__ import annotations

import io
import json
import random
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from conftest import CORPUS, SEEDS
from render_truth import report_docx, report_html

from xxgk.document import Paragraph
from xxgk.readers import read_bytes
from xxgk.report import Report


@dataclass(frozen=True, repr=False)
class Sample:
    kind: str  # text, html, docx, pdf, image
    name: str
    data: bytes

    def __repr__(self) -> str:  # what hypothesis prints for a failing example
        return f"Sample({self.kind!r}, {self.name!r})"


def _truth(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _small_png() -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("L", (240, 120), 255)
    draw = ImageDraw.Draw(img)
    for y in (10, 60, 110):
        draw.line((10, y, 230, y), fill=0, width=2)
    for x in (10, 120, 230):
        draw.line((x, 10, x, 110), fill=0, width=2)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


@cache
def samples() -> tuple[Sample, ...]:
    """Real reports of every kind: seeds and corpus as printed, three seeds as .docx and as
    built web pages, the corpus PDFs, and a small ruled image."""
    out: list[Sample] = []
    for folder in (SEEDS, CORPUS):
        for path in sorted(folder.iterdir()):
            if path.name.endswith(".truth.json"):
                continue
            kind = {".txt": "text", ".md": "text", ".html": "html", ".pdf": "pdf"}.get(path.suffix)
            if kind:
                out.append(Sample(kind, path.name, path.read_bytes()))
    for truth in sorted(SEEDS.glob("*.truth.json"))[:3]:
        t = _truth(truth)
        out.append(Sample("docx", truth.name.replace(".truth.json", ".docx"), report_docx(t)))
        out.append(Sample("html", truth.name.replace(".truth.json", ".built.html"), report_html(t).encode()))
    out.append(Sample("image", "ruled.png", _small_png()))
    return tuple(out)


def by_kind(kind: str) -> list[Sample]:
    return [s for s in samples() if s.kind == kind]


# --------------------------------------------------------------------------- damage

# Arbitrary bytes go behind one of these, so that each reader gets its share. LibreOffice's kinds
# (OLE2, RTF) take seconds a file: bench/bench_fuzz.py gives them a fixed few inputs instead.
MAGIC = (
    b"",
    b"%PDF-1.7\n",
    b"PK\x03\x04",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff\xe0",
    b"GIF89a",
    b"<html><body>",
    b"\xef\xbb\xbf",
)

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


def _truncate(data: bytes, rnd: random.Random) -> bytes:
    return data[: rnd.randrange(len(data) + 1)]


def _flip(data: bytes, rnd: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rnd.randint(1, 16)):
        if buf:
            buf[rnd.randrange(len(buf))] ^= 1 << rnd.randrange(8)
    return bytes(buf)


def _span(data: bytes, rnd: random.Random) -> tuple[int, int]:
    a = rnd.randrange(len(data) + 1)
    return a, min(len(data), a + rnd.choice((1, 8, 64, 512, 4096, 65536)))


def _delete(data: bytes, rnd: random.Random) -> bytes:
    a, b = _span(data, rnd)
    return data[:a] + data[b:]


def _duplicate(data: bytes, rnd: random.Random) -> bytes:
    a, b = _span(data, rnd)
    return data[:b] + data[a:b] * rnd.choice((1, 2, 10, 100)) + data[b:]


def _insert(data: bytes, piece: bytes, rnd: random.Random) -> bytes:
    at = rnd.randrange(len(data) + 1)
    return data[:at] + piece + data[at:]


def _bad_encoding(data: bytes, rnd: random.Random) -> bytes:
    piece = rnd.choice((b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xe4\xb8", b"\x00", b"\x81\x30", b"\xfe\xff"))
    return _insert(data, piece * rnd.randint(1, 4), rnd)


def _invisible(data: bytes, rnd: random.Random) -> bytes:
    for _ in range(rnd.randint(1, 8)):
        data = _insert(data, rnd.choice(INVISIBLE).encode(), rnd)
    return data


def _nesting(data: bytes, rnd: random.Random) -> bytes:
    depth = rnd.choice((100, 1000, 20000))
    opener, closer = rnd.choice(
        ((b"<div>", b"</div>"), (b"<table><tr><td>", b"</td></tr></table>"), (b"(", b")"))
    )
    return _insert(data, opener * depth + b"1" + closer * depth, rnd)


def _huge_row(data: bytes, rnd: random.Random) -> bytes:
    n = rnd.choice((500, 5000, 50000))
    row = rnd.choice((b"\t1" * n + b"\n", b"|1" * n + b"|\n", b"<tr>" + b"<td>1</td>" * n + b"</tr>"))
    return _insert(data, b"\n" + row, rnd)


BYTE_DAMAGE: tuple[Callable[[bytes, random.Random], bytes], ...] = (
    _truncate,
    _flip,
    _delete,
    _duplicate,
    _bad_encoding,
    _invisible,
    _nesting,
    _huge_row,
)


def _damage_bytes(data: bytes, rnd: random.Random) -> bytes:
    for _ in range(rnd.randint(1, 3)):
        data = rnd.choice(BYTE_DAMAGE)(data, rnd)
    return data


def _damage_zip(data: bytes, rnd: random.Random) -> bytes:
    """Damage one part of the package, or the zip itself."""
    if rnd.random() < 0.25:
        return _damage_bytes(data, rnd)
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        members = {i.filename: zin.read(i.filename) for i in zin.infolist()}
    xml = [n for n in members if n.endswith(".xml")]
    name = "word/document.xml" if rnd.random() < 0.6 else rnd.choice(xml)
    members[name] = _damage_bytes(members[name], rnd)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for n, content in members.items():
            zout.writestr(n, content)
    return out.getvalue()


def damage(sample: Sample, rnd: random.Random) -> bytes:
    if sample.kind == "docx":
        return _damage_zip(sample.data, rnd)
    return _damage_bytes(sample.data, rnd)


# --------------------------------------------------------------------------- harmless edits

_NARRATIVE = "本机关进一步加强政务公开工作规范管理提升服务水平持续推进群众满意度不断提高"
_HTML_TABLE = re.compile(rb"<table\b.*?</table\s*>", re.I | re.S)
_HTML_P = re.compile(rb"<p\b[^>]*>", re.I)


def _sentence(rnd: random.Random) -> str:
    return "".join(rnd.choice(_NARRATIVE) for _ in range(rnd.randint(4, 30))) + rnd.choice("。；，")


def _narrative_lines(data: bytes) -> list[int]:
    """0-based numbers of the lines the text reader takes for narrative paragraphs."""
    doc = read_bytes(data, "x.txt")
    return sorted({b.where.line - 1 for b in doc.blocks if isinstance(b, Paragraph) and b.where.line})


def _harmless_text(data: bytes, rnd: random.Random) -> bytes:
    lines = data.decode("utf-8").split("\n")
    narrative = _narrative_lines(data)
    if not narrative:
        return data
    for _ in range(rnd.randint(1, 6)):
        k = rnd.choice(narrative)
        line = lines[k]
        how = rnd.randrange(3)
        if how == 0:  # trailing whitespace
            lines[k] = (
                line.rstrip("\r")
                + rnd.choice((" ", "  ", "\u3000", "\u00a0"))
                + ("\r" if line.endswith("\r") else "")
            )
        elif how == 1:  # invisible characters inside the line
            at = rnd.randrange(len(line) + 1)
            lines[k] = line[:at] + rnd.choice(INVISIBLE) + line[at:]
        elif k + 1 in narrative:  # a sentence of narrative between two narrative lines
            lines[k] = line + "\n" + _sentence(rnd)
    return "\n".join(lines).encode("utf-8")


def _harmless_html(data: bytes, rnd: random.Random) -> bytes:
    tables = [m.span() for m in _HTML_TABLE.finditer(data)]
    spots = [m.end() for m in _HTML_P.finditer(data) if not any(a <= m.start() < b for a, b in tables)]
    if not spots:
        return data
    for at in sorted(rnd.sample(spots, min(len(spots), rnd.randint(1, 4))), reverse=True):
        how = rnd.randrange(3)
        if how == 0:
            piece = rnd.choice((" ", "&nbsp;", "\u3000", "\n  ")).encode()
        elif how == 1:
            piece = rnd.choice(INVISIBLE).encode()
        else:  # a whole sentence at the start of the paragraph
            piece = _sentence(rnd).encode()
        data = data[:at] + piece + data[at:]
    return data


HARMLESS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "text": _harmless_text,
    "html": _harmless_html,
}


def harmless(sample: Sample, rnd: random.Random) -> bytes:
    return HARMLESS[sample.kind](sample.data, rnd)


def cells(report: Report) -> dict[str, tuple[object, str]]:
    """Every cell of tables 2-4: path -> (value, status)."""
    out: dict[str, tuple[object, str]] = {}
    for table in ("table2", "table3", "table4"):
        grid = getattr(report, table) or {}
        for row, cols in grid.items():
            for col, cell in cols.items():
                out[f"{table}.{row}.{col}"] = (cell.value, cell.status)
    return out
