"""HTML pages and fragments: Paragraph per block of text, Table per <table>, spans expanded.

The reader knows HTML and nothing of the national format. It emits every block of text in
document order, minus scripts, styles and obvious site chrome (navigation, headers, footers);
the extractor decides which blocks are the report.

Text rules, shared with the DOCX reader (`squash`):
- inline markup joins without a separator (Word's ``20</span><span>23`` reads ``2023``);
- block boundaries (``<p>``, ``<div>``, ``<br>`` …) inside a table cell count as whitespace;
- whitespace (including ``&nbsp;`` and U+3000) collapses to one space, and a space next to a CJK
  character or full-width punctuation is dropped (``商业<br>企业`` reads ``商业企业``), so two
  numbers in separate paragraphs of one cell stay apart (``12 34``), never glued into one;
- outside tables, ``<br>`` ends a Paragraph like a block boundary.

Provenance: a Paragraph's `line` is the source line where its text starts. A cell's `line` is
the source line of its <td>/<th>, and `table`/`row`/`col` its place in the page's own grid: the
Nth <table> of the page in document order (every table counted, layout wrappers and nested
tables too, as ``document.querySelectorAll("table")`` lists them), its Nth <tr> in source order,
and the Nth column after rowspans and colspans are laid out as a browser does.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from charset_normalizer import from_bytes
from lxml import etree

from xxgk import errors, limits
from xxgk.document import Block, Cell, Document, Paragraph, Table, Where
from xxgk.readers.text import INVISIBLE

MEDIA_TYPE = "text/html"
MAX_SPAN = 200  # rowspan / colspan beyond this are clipped (hostile or broken input)
# A report's tables have about 400 cells in all. Past these limits (hostile or runaway pages) the
# rest is dropped with a warning instead of spending minutes and gigabytes on it.
MAX_TABLE_POSITIONS = 50_000  # grid positions in one table
MAX_POSITIONS = 200_000  # grid positions in all tables of a page
MAX_CELLS = 50_000  # <td> elements read in a page
MAX_BLOCKS = 20_000  # Paragraphs and Tables (a report page has a few hundred)
MAX_ELEMENTS = 300_000  # elements visited (a portal page has about 5,000)


class _Stop(Exception):
    """The page is over a size limit: keep what was read so far."""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# ---------------------------------------------------------------------------------------------
# text normalisation

_CJK = "\u2010-\u2027\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
HARD_SPACE = "\ue000"  # a separator that survives next to CJK (whitespace between two inline elements)
_WS = re.compile(r"[\s\u00a0\u3000\u2000-\u200a\u202f\u205f\ue000]+")
_SPACE_BY_CJK = re.compile(f" (?=[{_CJK}])|(?<=[{_CJK}]) ")


def _space(m: re.Match[str]) -> str:
    return HARD_SPACE if HARD_SPACE in m.group() else " "


def squash(text: str) -> str:
    """Collapse whitespace; drop a space that touches a CJK character or full-width punctuation."""
    text = _WS.sub(_space, INVISIBLE.sub("", text)).strip(" " + HARD_SPACE)
    return _SPACE_BY_CJK.sub("", text).replace(HARD_SPACE, " ")


# ---------------------------------------------------------------------------------------------
# encoding

_INTERNAL_SUBSET = re.compile(r"<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.I | re.S)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: same first two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9_.:\-]+)""", re.I)
# GB2312 and GBK pages routinely contain characters only GB18030 (their superset) defines; a meta
# tag saying UTF-16 on an ASCII-compatible page means UTF-8 (HTML standard); ASCII and Latin-1
# labels mean windows-1252 (ditto).
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "hz": "gb18030",
    "utf_16": "utf-8",
    "utf_16_le": "utf-8",
    "utf_16_be": "utf-8",
    "utf_32": "utf-8",
    "ascii": "cp1252",
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "utf_8": "utf-8",
}
_MULTIBYTE = _words("utf-8 gb18030 big5 big5hkscs cp950 shift_jis cp932 euc_jp euc_kr cp949 iso2022_jp")


def _codec(name: str | bytes | None) -> str | None:
    if isinstance(name, bytes):
        name = name.decode("ascii", "ignore")
    if not name:
        return None
    name = name.strip().lower()
    if re.fullmatch(r"(x-)?(cs)?(gb[-_]?2312(-80)?|gbk|(x-)?cp936|ms936|windows-936|euc-cn)", name):
        return "gb18030"
    try:
        canonical = codecs.lookup(name).name.replace("-", "_")
    except LookupError:
        return None
    return _SUPERSETS.get(canonical, canonical)


def declared_encoding(data: bytes) -> str | None:
    head = data[:8192]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return _codec(m.group(1)) if m else None


def decode(data: bytes) -> tuple[str, str, list[str]]:
    """Decode a page: BOM, then UTF-8 if the bytes are valid UTF-8, then the declared charset,
    then a guess (charset-normalizer, GB18030 preferred). Returns (text, encoding, warnings).

    Valid UTF-8 wins over the meta tag because re-saved pages keep their old ``charset=gb2312``
    while Chinese GBK text is never valid UTF-8."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, errors="replace"), enc, []
    warnings: list[str] = []
    declared = declared_encoding(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if declared and declared != "utf-8" and not text.isascii():
            warnings.append(f"网页声明的编码 {declared} 与内容不符，已按 utf-8 读取")
        return text, "utf-8", warnings
    if declared in _MULTIBYTE:
        try:
            return data.decode(declared), declared, warnings
        except UnicodeDecodeError:
            pass
    # A single-byte label (ISO-8859-1 from a misconfigured server) on a Chinese page is wrong more
    # often than right: it decodes anything, so it is tried only after the CJK guesses.
    guess = from_bytes(data[:200_000]).best()
    guessed = _codec(guess.encoding) if guess else None
    order = [e for e in (guessed, "gb18030") if e in _MULTIBYTE and e != "utf-8"]
    if declared:
        order.append(declared)
    for enc in dict.fromkeys(order):
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if declared and enc != declared:
            warnings.append(f"网页声明的编码 {declared} 与内容不符，已按 {enc} 读取")
        return text, enc, warnings
    enc = declared or guessed or "gb18030"
    warnings.append(f"网页编码无法确定，已按 {enc} 读取，个别字符可能有误")
    return data.decode(enc, errors="replace"), enc, warnings


# ---------------------------------------------------------------------------------------------
# element classes

_DROP = _words(
    "script style noscript template head title select option button input textarea iframe "
    "frame frameset object embed svg math canvas audio video map link meta"
)
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside"})
_CHROME_WORDS = _words(
    "nav navbar navigation menu submenu menubar footer foot header breadcrumb breadcrumbs "
    "crumb crumbs topbar sidebar"
)
# A class like "article_header" belongs to the article, not to the site.
_CONTENT_WORDS = frozenset({"article", "content", "title", "detail", "text", "doc", "con"})
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")  # "mainMenu" -> main, Menu
_BLOCK = _words(
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main "
    "menu nav ol p pre section summary ul legend tr td th thead tbody tfoot br table listing "
    "xmp plaintext"
)


def _tag(el: etree._Element) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def _is_chrome(el: etree._Element) -> bool:
    """Site navigation, header or footer, and nothing a report could need (no table, no <h1>)."""
    tag = _tag(el)
    chrome = tag in _CHROME_TAGS or (el.get("role") or "").lower() in ("navigation", "banner", "contentinfo")
    if not chrome:
        for token in f"{el.get('class') or ''} {el.get('id') or ''}".split():
            parts = {w.lower() for w in _WORD.findall(token)}
            chrome_part = parts & _CHROME_WORDS or any(p.endswith(("nav", "menu")) for p in parts)
            if chrome_part and not parts & _CONTENT_WORDS:
                chrome = True
                break
    if not chrome:
        return False
    return next(el.iter("table", "h1"), None) is None


# ---------------------------------------------------------------------------------------------
# walking


@dataclass
class _Flow:
    """Collects Paragraphs and Tables of running content."""

    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cells: int = 0  # <td> read so far, against MAX_CELLS
    elements: int = 0  # elements visited, against MAX_ELEMENTS
    positions: int = 0  # grid positions made so far, against MAX_POSITIONS
    truncated: bool = False  # MAX_CELLS reached
    full: bool = False  # MAX_BLOCKS reached
    tables: dict[etree._Element, int] = field(default_factory=dict)  # <table> -> its ordinal
    _parts: list[str] = field(default_factory=list)
    _line: int | None = None

    def text(self, s: str | None, line: int | None) -> None:
        if s:
            if self._line is None and s.strip():
                self._line = line
            self._parts.append(s)

    def boundary(self) -> None:
        if self._parts:
            text = squash("".join(self._parts))
            if text:
                self.add(Paragraph(text, Where(line=self._line)))
            self._parts.clear()
            self._line = None

    def add(self, block: Block) -> None:
        if len(self.blocks) >= MAX_BLOCKS:
            if not self.full:
                self.warnings.append(f"网页内容超过 {MAX_BLOCKS} 段，其余部分未读取")
                self.full = True
            raise _Stop
        self.blocks.append(block)


class _CellText:
    """Collects one cell's own text; tables nested in it are kept aside, not read into the text."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.nested: list[etree._Element] = []

    def text(self, s: str | None, line: int | None) -> None:
        if s:
            self.parts.append(s)

    def boundary(self) -> None:
        self.parts.append(" ")

    def value(self) -> str:
        return squash("".join(self.parts))


def _walk_children(
    el: etree._Element, sink: _Flow | _CellText, on_table: Callable[[etree._Element], None], flow: bool
) -> None:
    sink.text(el.text, el.sourceline)
    for child in el:
        _walk(child, sink, on_table, flow)
        tail = child.tail
        if flow and tail and tail.isspace():
            # "<span>来源：…</span>\n<span>时间：…</span>": the browser shows a space here
            tail = HARD_SPACE
        sink.text(tail, child.sourceline)


def _walk(
    el: etree._Element, sink: _Flow | _CellText, on_table: Callable[[etree._Element], None], flow: bool
) -> None:
    tag = _tag(el)
    if not tag or tag in _DROP:  # comments, processing instructions, scripts …
        return
    if isinstance(sink, _Flow):
        sink.elements += 1
        if sink.elements > MAX_ELEMENTS:
            sink.warnings.append(f"网页元素超过 {MAX_ELEMENTS} 个，其余部分未读取")
            raise _Stop
    if flow and _is_chrome(el):
        return
    if tag == "table":
        sink.boundary()
        on_table(el)
        return
    if tag == "pre" and flow:
        # preformatted text keeps its lines: one Paragraph each
        for line in "".join(el.itertext()).splitlines():
            sink.boundary()
            sink.text(line, el.sourceline)
        sink.boundary()
        return
    block = tag in _BLOCK
    if block:
        sink.boundary()
    _walk_children(el, sink, on_table, flow)
    if block:
        sink.boundary()


def _rows(table: etree._Element) -> Iterator[etree._Element]:
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child if _tag(tr) == "tr")


def _span(el: etree._Element, name: str) -> int:
    raw = el.get(name)
    if raw is None:
        return 1
    if not raw.isdigit():
        m = re.match(r"\s*(\d+)", raw)  # "2 ", "3px" and the like are read as browsers do
        raw = m.group(1) if m else "1"
    return min(max(int(raw), 1), MAX_SPAN)


@dataclass
class _RawCell:
    el: etree._Element
    text: str
    nested: list[etree._Element]
    rowspan: int
    colspan: int


def _read_table(table: etree._Element, flow: _Flow) -> None:
    raw_rows: list[list[_RawCell]] = []
    for caption in table.iterchildren("caption"):
        _walk(caption, flow, lambda t: _read_table(t, flow), flow=True)
    for tr in _rows(table):
        row: list[_RawCell] = []
        if flow.cells > MAX_CELLS:
            if not flow.truncated:
                flow.warnings.append(f"网页中的表格单元格超过 {MAX_CELLS} 个，其余部分未读取")
                flow.truncated = True
            break
        for td in tr:
            if _tag(td) not in ("td", "th"):
                continue
            flow.cells += 1
            sink = _CellText()
            _walk_children(td, sink, sink.nested.append, flow=False)
            row.append(_RawCell(td, sink.value(), sink.nested, _span(td, "rowspan"), _span(td, "colspan")))
        raw_rows.append(row)
    while raw_rows and not raw_rows[-1]:
        raw_rows.pop()
    if not raw_rows:
        return

    nested = [t for r in raw_rows for c in r for t in c.nested]
    number = flow.tables.get(table)
    rows, padded = _grid(raw_rows, flow, number)
    if not rows:  # over the size limits
        return
    if _is_layout(raw_rows, len(rows[0]), bool(nested)):
        # A wrapper around the content (a one-column box, a side-by-side page layout): read its
        # cells as running content.
        flow.positions -= len(rows) * len(rows[0])
        for r in raw_rows:
            for c in r:
                flow.boundary()
                _walk_children(c.el, flow, lambda t: _read_table(t, flow), flow=True)
                flow.boundary()
        return
    if any(c.text for r in rows for c in r):
        flow.add(Table(rows, Where(line=table.sourceline, table=number), exact=not padded))
        if padded:
            flow.warnings.append(
                f"网页第 {table.sourceline} 行处的表格各行单元格数不齐，{padded} 个位置没有单元格，已补为空白"
            )
    for t in nested:
        _read_table(t, flow)


def _is_layout(raw_rows: list[list[_RawCell]], width: int, has_nested: bool) -> bool:
    if width <= 1:
        return True
    if has_nested and len(raw_rows) == 1:
        return True
    # A cell holding whole paragraphs of prose is page layout, never a statistics cell.
    for r in raw_rows:
        for c in r:
            if len(c.text) > 300 and len(c.el.xpath("./p|./div|./h1|./h2|./h3")) >= 3:
                return True
    return False


def _grid(raw_rows: list[list[_RawCell]], flow: _Flow, number: int | None) -> tuple[list[list[Cell]], int]:
    """Place cells the way a browser does; covered positions become `continued` cells. Every
    position keeps its place in the source grid (<tr> r, column c) when empty ones are dropped."""

    def at(line: int | None, r: int, c: int) -> Where:
        return Where(line=line, table=number, row=r + 1, col=c + 1)

    n_rows = len(raw_rows)
    grid: dict[tuple[int, int], Cell] = {}
    width = placed = 0
    for r, row in enumerate(raw_rows):
        c = 0
        for raw in row:
            while (r, c) in grid:
                c += 1
            rowspan = min(raw.rowspan, n_rows - r)  # a span past the last row stops there
            placed += rowspan * raw.colspan
            if placed > MAX_TABLE_POSITIONS or flow.positions + placed > MAX_POSITIONS:
                break
            origin = Cell(raw.text, at(raw.el.sourceline, r, c), rowspan=rowspan, colspan=raw.colspan)
            for dr in range(rowspan):
                for dc in range(raw.colspan):
                    # the positions a span covers hold their origin for now: the `continued`
                    # cells are made below, for the positions the grid keeps; an earlier cell's
                    # span may already claim a position: first one wins
                    grid.setdefault((r + dr, c + dc), origin)
            c += raw.colspan
            width = max(width, c)
        if (
            placed > MAX_TABLE_POSITIONS
            or flow.positions + placed > MAX_POSITIONS
            or (r + 1) * width > MAX_TABLE_POSITIONS
        ):
            flow.warnings.append(f"表格过大，只读取了前 {r} 行")
            n_rows = r
            break
    width = min(width, MAX_TABLE_POSITIONS // max(n_rows, 1))
    # A row or column without a single cell (an empty <tr>) is not part of the visible grid; no
    # span can cross it, so dropping it leaves every span intact.
    used_rows = sorted({r for r, c in grid if r < n_rows and c < width})
    used_cols = sorted({c for r, c in grid if r < n_rows and c < width})
    flow.positions += len(used_rows) * len(used_cols)
    padded = 0
    rows: list[list[Cell]] = []
    for r in used_rows:
        out: list[Cell] = []
        for c in used_cols:
            cell = grid.get((r, c))
            if cell is None:
                padded += 1
                cell = Cell("", at(raw_rows[r][0].el.sourceline if raw_rows[r] else None, r, c))
            elif cell.where.row != r + 1 or cell.where.col != c + 1:
                cell = Cell("", at(cell.where.line, r, c), continued=True)
            out.append(cell)
        rows.append(out)
    return rows, padded


# ---------------------------------------------------------------------------------------------
# entry point


def read(data: bytes, path: str | None = None) -> Document:
    tags = data.count(b"<")  # bounds the tree lxml builds (a report page has 5-20 thousand)
    if tags > limits.MAX_XML_TAGS.get():
        raise errors.XxgkError(
            errors.TOO_LARGE,
            f"网页有 {tags:,} 个标记，超过 {limits.MAX_XML_TAGS.get():,} 个的上限（XXGK_MAX_XML_TAGS），不像一份年度报告",
            path,
        )
    text, _encoding, warnings = decode(data)
    # libxml2's HTML parser has no DTD internal subsets: strip one so "]>" does not leak as text.
    text = _INTERNAL_SUBSET.sub("", text, count=1)
    # libxml2's HTML parser knows only the predefined HTML entities and ignores DTD internal
    # subsets, so entity-expansion bombs stay literal text; huge_tree=False caps depth (255).
    parser = etree.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        huge_tree=False,
        default_doctype=False,
    )
    try:
        root = etree.fromstring(text.encode("utf-8", errors="replace"), parser)
    except (etree.LxmlError, ValueError) as exc:
        raise errors.XxgkError(errors.DAMAGED_FILE, "网页已损坏，无法解析", path) from exc
    if root is None:
        raise errors.XxgkError(errors.DAMAGED_FILE, "网页无法解析：没有找到任何内容", path)

    flow = _Flow(warnings=warnings, tables={t: n for n, t in enumerate(root.iter("table"), 1)})
    try:
        _walk(root, flow, lambda t: _read_table(t, flow), flow=True)
        flow.boundary()
    except _Stop:
        with contextlib.suppress(_Stop):
            flow.boundary()  # the paragraph being read when the limit was reached
    except RecursionError as exc:
        raise errors.XxgkError(errors.DAMAGED_FILE, "网页的嵌套层次过深，无法读取", path) from exc
    except (ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
        # markup this reader did not foresee: name the file, keep the cause
        raise errors.XxgkError(
            errors.DAMAGED_FILE, f"网页结构异常，无法读取（{type(exc).__name__}）", path
        ) from exc
    if not flow.blocks:
        raise errors.XxgkError(errors.EMPTY_FILE, "网页里没有可读的正文文字", path)
    return Document(blocks=flow.blocks, path=path, media_type=MEDIA_TYPE, warnings=flow.warnings)
