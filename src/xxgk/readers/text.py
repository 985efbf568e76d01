"""Plain text and Markdown: the layouts that text extracted from DOCX, PDF and web pages takes.

- one cell per line, each line starting with a tab, rows separated by blank lines (DOCX text);
  a line without the tab directly after a cell line continues that cell ("商业" / "企业");
- tab-separated rows, empty fields standing for merged label columns (PDF text);
- Markdown pipe tables (separator lines dropped);
- everything else is a Paragraph, one per line (crawler pages put the whole body on one line).

Every block and cell says where it is: its 1-based line and the [start, end) span of its text
(stripped of surrounding whitespace) within that line; an empty cell gets a zero-width span at
its place. Offsets are of the line as given, so a crawler page's table still points at digits.
"""

from __future__ import annotations

import re

from xxgk import errors, limits
from xxgk.document import Block, Cell, Document, Paragraph, Table, Where

# Zero-width and format characters (soft hyphen, zero-width space / joiners, word joiner, BOM):
# invisible in print, so they are not text. A cell "0\ufeff" is the cell "0".
INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def decode(data: bytes, path: str | None = None) -> str:
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        # imported here: it costs a twentieth of a second at start-up, and few files need it
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise errors.XxgkError(errors.BINARY_FILE, "无法识别文本编码，文件可能不是文本", path) from None
        return str(best)


def read(data: bytes, path: str | None = None) -> Document:
    chars = limits.MAX_TEXT_CHARS.get()
    if len(data) > 4 * chars:  # no encoding takes more than 4 bytes a character
        raise too_much_text(len(data) // 4, path)
    text = INVISIBLE.sub("", decode(data, path))
    if len(text) > chars:
        raise too_much_text(len(text), path)
    lines = text.count("\n") + text.count("\r") - text.count("\r\n") + 1
    if lines > limits.MAX_TEXT_LINES.get():
        raise errors.XxgkError(
            errors.TOO_LARGE,
            f"文本有 {lines:,} 行，超过 {limits.MAX_TEXT_LINES.get():,} 行的上限（XXGK_MAX_TEXT_LINES），不像一份年度报告",
            path,
        )
    separators = text.count("\t") + text.count("|")  # every cell but a row's first follows one
    if separators > limits.MAX_CELLS.get():
        raise too_many_cells(separators, path)
    return Document(blocks=parse(text), path=path, media_type=_media_type(path, text))


def too_much_text(chars: int, path: str | None) -> errors.XxgkError:
    return errors.XxgkError(
        errors.TOO_LARGE,
        f"文本至少有 {chars:,} 字，超过 {limits.MAX_TEXT_CHARS.get():,} 字的上限（XXGK_MAX_TEXT_CHARS），不像一份年度报告",
        path,
    )


def too_many_cells(cells: int, path: str | None) -> errors.XxgkError:
    return errors.XxgkError(
        errors.TOO_LARGE,
        f"表格至少有 {cells:,} 个单元格，超过 {limits.MAX_CELLS.get():,} 个的上限（XXGK_MAX_CELLS），不像一份年度报告",
        path,
    )


def _media_type(path: str | None, text: str) -> str:
    if (path and path.lower().endswith((".md", ".markdown"))) or re.search(r"^\s*\|.*\|\s*$", text, re.M):
        return "text/markdown"
    return "text/plain"


def _is_cell_line(line: str) -> bool:
    return line.startswith("\t") and "\t" not in line[1:]


def _is_tsv_line(line: str) -> bool:
    return "\t" in line.rstrip("\t\r\n ").lstrip("\t") or (line.count("\t") >= 2 and line.strip() != "")


def _is_pipe_line(line: str) -> bool:
    s = line.strip()
    return s.startswith("|") and s.count("|") >= 2


def parse(text: str) -> list[Block]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if _is_cell_line(line):
            i = _read_cell_lines(lines, i, blocks)
        elif _is_pipe_line(line):
            i = _read_pipe_lines(lines, i, blocks)
        elif _is_tsv_line(line):
            i = _read_tsv_lines(lines, i, blocks)
        else:
            if line.strip():
                blocks.append(Paragraph(line.strip(), _where(i, line, 0, len(line))))
            i += 1
    return blocks


def _read_cell_lines(lines: list[str], i: int, blocks: list[Block]) -> int:
    """One cell per line; a blank line ends a row; two blank lines or a plain line after a blank end the table."""
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    start = i
    n = len(lines)
    while i < n:
        line = lines[i]
        if _is_cell_line(line):
            row.append(Cell(line[1:], _where(i, line, 1, len(line))))  # as printed: "0 " stays "0 "
        elif line.strip() == "":
            if row:
                rows.append(row)
                row = []
            if i + 1 < n and not _is_cell_line(lines[i + 1]):
                break
        elif row and not _is_tsv_line(line) and not _is_pipe_line(line):
            row[-1].text = row[-1].text.rstrip() + line.strip()  # a label wrapped inside its cell
        else:
            break
        i += 1
    if row:
        rows.append(row)
    if rows:
        blocks.append(Table(rows, Where(line=start + 1), exact=False))
    return max(i, start + 1)


def _read_tsv_lines(lines: list[str], i: int, blocks: list[Block]) -> int:
    rows: list[list[Cell]] = []
    start = i
    while i < len(lines) and _is_tsv_line(lines[i]):
        rows.append(
            [
                Cell(f, _where(i, lines[i], a, b))
                for f, (a, b) in zip(lines[i].split("\t"), _fields(lines[i], "\t"), strict=True)
            ]
        )
        i += 1
    blocks.append(Table(rows, Where(line=start + 1), exact=False))
    return i


def _read_pipe_lines(lines: list[str], i: int, blocks: list[Block]) -> int:
    rows: list[list[Cell]] = []
    start = i
    while i < len(lines) and _is_pipe_line(lines[i]):
        line = lines[i]
        if not _PIPE_SEPARATOR.match(line.strip()):
            first = line.index("|") + 1
            end = len(line.rstrip())
            stop = end - 1 if line.rstrip().endswith("|") and end - 1 >= first else end
            body = line[first:stop]
            rows.append(
                [
                    Cell(body[a:b].strip(), _where(i, line, first + a, first + b))
                    for a, b in _fields(body, "|")
                ]
            )
        i += 1
    if rows:
        blocks.append(Table(rows, Where(line=start + 1), exact=False))
    return i


def _fields(text: str, sep: str) -> list[tuple[int, int]]:
    """The [start, end) offsets of text.split(sep)'s fields."""
    out: list[tuple[int, int]] = []
    start = 0
    for f in text.split(sep):
        out.append((start, start + len(f)))
        start += len(f) + len(sep)
    return out


def _where(i: int, line: str, start: int, end: int) -> Where:
    """Line i (0-based) and the span of line[start:end] without its surrounding whitespace; an
    empty field: a zero-width span where it starts."""
    field = line[start:end]
    stripped = field.strip()
    if not stripped:
        return Where(line=i + 1, span=(start, start))
    a = start + field.index(stripped[0])
    return Where(line=i + 1, span=(a, a + len(stripped)))
