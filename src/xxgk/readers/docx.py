"""Word 2007+ (.docx): Paragraphs and Tables in body order, merged cells expanded into a grid.

Works from the WordprocessingML itself (w:p, w:tbl, w:tc, w:gridSpan, w:vMerge) rather than
python-docx's `row.cells`, which repeats a merged cell at every position it covers. Text boxes
(w:txbxContent) and tables nested in cells are emitted as blocks of their own, after the block
that holds them. Automatic list numbers ("一、", "（一）", "1.") are printed by Word, not stored
in the text, so they are rebuilt from numbering.xml and put in front of the paragraph text.

Provenance: a .docx has no lines or pages. A cell's Where is `table`/`row`/`col`: the table is
the Nth w:tbl of the body in document order, every table counted (layout wrappers and tables
nested in cells too, a table before the ones nested in it; the VML fallback copy of a text box
is not counted); the row is the Nth w:tr of that table, the column the Nth column of the table's
grid (gridBefore and gridSpan counted, as Word lays the row out). A paragraph's Where is
`paragraph`: the Nth paragraph of the body text that holds something to read (empty paragraphs
and table cells not counted); a paragraph of a layout table unwrapped into running content says
the cell it stands in (the innermost one), one in a text box the body paragraph the box is
anchored in (or the one before it, when that paragraph has no text of its own).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import BytesIO

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from xxgk import errors, limits
from xxgk.document import Block, Cell, Document, Paragraph, Table, Where
from xxgk.readers import inflate
from xxgk.readers.html import squash

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Inflated sizes are bounded by xxgk.limits (MAX_STREAM, MAX_INFLATED, MAX_XML_BYTES, MAX_XML_TAGS),
# measured on the bytes themselves (readers.inflate), never taken from the zip's headers.
MAX_ENTRIES = 10_000
MAX_SPAN = 200
MAX_TABLE_POSITIONS = 50_000
MAX_POSITIONS = 200_000
MAX_BLOCKS = 20_000  # Paragraphs and Tables (a report has a few hundred)


class _Stop(Exception):
    """The document is over a size limit: keep what was read so far."""


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


_P, _TBL, _TR, _TC, _T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("t")
_TXBX = _w("txbxContent")
_VAL = _w("val")
_ALTERNATE = f"{{{_MC}}}AlternateContent"
_FALLBACK = f"{{{_MC}}}Fallback"
# Deleted or moved-away text, field codes, notes and properties: nothing a reader sees in place.
_SKIP = frozenset(
    _w(n)
    for n in _words(
        "del moveFrom delText instrText delInstrText pPr rPr tcPr trPr tblPr tblGrid sectPr "
        "footnoteReference endnoteReference commentReference annotationRef fldData bookmarkStart "
        "bookmarkEnd proofErr lastRenderedPageBreak"
    )
)
# Containers whose children are block-level content (paragraphs and tables).
_BLOCK_CONTAINERS = frozenset(_w(n) for n in ("sdt", "sdtContent", "customXml", "ins", "moveTo"))


# ---------------------------------------------------------------------------------------------
# automatic numbering

_CN_DIGITS = "零一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _chinese(n: int) -> str:
    if n <= 0 or n >= 10000:
        return str(n)
    out = ""
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            out += _CN_DIGITS[d] + unit
        elif out and n and not out.endswith("零"):
            out += "零"
    return out[1:] if out.startswith("一十") else out  # 十一, not 一十一


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = ""
    for value, sym in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out += sym
            n -= value
    return out


def _letters(n: int) -> str:
    # Word repeats the letter: a … z, aa … zz
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def format_number(n: int, fmt: str) -> str:
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "chineseLegalSimplified",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "japaneseCounting",
    ):
        text = _chinese(n)
        if fmt == "chineseLegalSimplified":
            text = text.translate(str.maketrans("一二三四五六七八九十百千零", "壹贰叁肆伍陆柒捌玖拾佰仟零"))
        return text
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt == "ideographZodiac" and 1 <= n <= 12:
        return _DIZHI[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = ""
    start: int = 1


class _Numbering:
    """List labels as Word prints them: counters per list and level, from numbering.xml."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self.counters: dict[str, dict[int, int]] = {}
        self.style_num: dict[str, tuple[str | None, int | None]] = {}
        self.style_parent: dict[str, str] = {}
        if numbering is not None:
            for an in numbering.iterchildren(_w("abstractNum")):
                levels: dict[int, _Level] = {}
                for lvl in an.iterchildren(_w("lvl")):
                    levels[_int(lvl.get(_w("ilvl")), 0)] = _Level(
                        fmt=_child_val(lvl, "numFmt") or "decimal",
                        text=_child_val(lvl, "lvlText") or "",
                        start=_int(_child_val(lvl, "start"), 1),
                    )
                self.abstract[an.get(_w("abstractNumId")) or ""] = levels
            for num in numbering.iterchildren(_w("num")):
                overrides: dict[int, int] = {}
                for ov in num.iterchildren(_w("lvlOverride")):
                    start = _child_val(ov, "startOverride")
                    if start is not None:
                        overrides[_int(ov.get(_w("ilvl")), 0)] = _int(start, 1)
                self.nums[num.get(_w("numId")) or ""] = (_child_val(num, "abstractNumId") or "", overrides)
        if styles is not None:
            for st in styles.iterchildren(_w("style")):
                sid = st.get(_w("styleId")) or ""
                based = _child_val(st, "basedOn")
                if based:
                    self.style_parent[sid] = based
                ppr = st.find(_w("pPr"))
                numpr = ppr.find(_w("numPr")) if ppr is not None else None
                if numpr is not None:
                    self.style_num[sid] = (
                        _child_val(numpr, "numId"),
                        _int(_child_val(numpr, "ilvl"), 0) if numpr.find(_w("ilvl")) is not None else None,
                    )

    def label(self, p: etree._Element) -> str:
        if not self.nums:
            return ""
        num_id, ilvl = self._numpr(p)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        ilvl = min(max(ilvl, 0), 8)
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        level = levels.get(ilvl)
        if level is None or level.fmt == "bullet":
            return ""
        # Lists sharing an abstract definition continue one another unless restarted explicitly.
        key = f"n{num_id}" if overrides else f"a{abstract_id}"
        counters = self.counters.setdefault(key, {})
        if ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = overrides.get(ilvl, level.start)
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = level.text
        for k in range(9):
            marker = f"%{k + 1}"
            if marker in text:
                lv = levels.get(k, _Level())
                value = counters.get(k, overrides.get(k, lv.start))
                text = text.replace(marker, format_number(value, lv.fmt))
        return text

    def _numpr(self, p: etree._Element) -> tuple[str | None, int]:
        ppr = p.find(_w("pPr"))
        num_id: str | None = None
        ilvl: int | None = None
        style: str | None = None
        if ppr is not None:
            style = _child_val(ppr, "pStyle")
            numpr = ppr.find(_w("numPr"))
            if numpr is not None:
                num_id = _child_val(numpr, "numId")
                if numpr.find(_w("ilvl")) is not None:
                    ilvl = _int(_child_val(numpr, "ilvl"), 0)
        seen = 0
        while style and seen < 20 and (num_id is None or ilvl is None):
            s_num, s_lvl = self.style_num.get(style, (None, None))
            num_id = num_id if num_id is not None else s_num
            ilvl = ilvl if ilvl is not None else s_lvl
            style = self.style_parent.get(style)
            seen += 1
        return num_id, ilvl or 0


def _child_val(el: etree._Element, name: str) -> str | None:
    child = el.find(_w(name))
    return child.get(_VAL) if child is not None else None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


# ---------------------------------------------------------------------------------------------
# text of paragraphs


@dataclass
class _Text:
    """Pieces of one paragraph, cut into lines where Word breaks the line (w:br, w:cr)."""

    parts: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    deferred: list[etree._Element] = field(default_factory=list)  # text boxes found inside

    def cut(self) -> None:
        self.lines.append("".join(self.parts))
        self.parts.clear()


def _runs(el: etree._Element, out: _Text) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _T:
            out.parts.append(child.text or "")
            # unexpanded entity references (never resolved, see read()) keep the text after them
            out.parts.extend(e.tail or "" for e in child)
        elif tag == _w("tab") or tag == _w("ptab"):
            out.parts.append("\t")
        elif tag == _w("br") or tag == _w("cr"):
            out.cut()
        elif tag == _w("noBreakHyphen"):
            out.parts.append("-")
        elif tag == _w("sym"):
            out.parts.append(_symbol(child))
        elif tag == _TXBX:
            out.deferred.append(child)
        elif tag == _ALTERNATE:
            # Choice and Fallback hold the same content twice (DrawingML and VML): read one.
            branch = next((c for c in child if c.tag != _FALLBACK), None)
            if branch is None:
                branch = child.find(_FALLBACK)
            if branch is not None:
                _runs(branch, out)
        else:
            _runs(child, out)


def _symbol(sym: etree._Element) -> str:
    try:
        code = int(sym.get(_w("char")) or "", 16)
    except ValueError:
        return ""
    if 0xF000 <= code <= 0xF0FF:  # symbol-font private range: the glyph depends on the font
        return ""
    return chr(code) if 0 < code < 0x110000 else ""


# ---------------------------------------------------------------------------------------------
# walking the body


@dataclass
class _Reader:
    numbering: _Numbering
    table_numbers: dict[etree._Element, int] = field(default_factory=dict)  # w:tbl -> its ordinal
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    positions: int = 0
    paragraphs: int = 0  # body paragraphs with text so far
    place: Where | None = None  # set while reading a table cell or a text box as running content

    def add(self, block: Block) -> None:
        if len(self.blocks) >= MAX_BLOCKS:
            self.warnings.append(f"文档内容超过 {MAX_BLOCKS} 段，其余部分未读取")
            raise _Stop
        self.blocks.append(block)

    def container(self, el: etree._Element) -> None:
        """Block-level content: body, cell unwrapped from a layout table, text box, sdtContent."""
        for child in el:
            tag = child.tag
            if tag == _P:
                self.paragraph(child)
            elif tag == _TBL:
                self.table(child)
            elif tag in _BLOCK_CONTAINERS:
                self.container(child)
            elif tag == _ALTERNATE:
                branch = next((c for c in child if c.tag != _FALLBACK), None)
                if branch is not None:
                    self.container(branch)
            elif tag == _w("altChunk"):
                self.warnings.append("文档中嵌入了另一份文件（altChunk），其内容未读取")

    def paragraph(self, p: etree._Element) -> None:
        out = _Text()
        label = self.numbering.label(p)
        if label:
            out.parts.append(label + " ")
        _runs(p, out)
        out.cut()
        texts = [t for t in (squash(line) for line in out.lines) if t]
        where = self.place
        if where is None:
            if texts:
                self.paragraphs += 1
            where = Where(paragraph=max(self.paragraphs, 1))
        for text in texts:
            self.add(Paragraph(text, where))
        outer, self.place = self.place, where
        try:
            for box in out.deferred:
                self.container(box)
        finally:
            self.place = outer

    def cell_text(self, tc: etree._Element, deferred: list[etree._Element]) -> str:
        pieces: list[str] = []
        for el in _cell_content(tc):
            if el.tag == _TBL:
                deferred.append(el)
                continue
            out = _Text()
            label = self.numbering.label(el)
            if label:
                out.parts.append(label + " ")
            _runs(el, out)
            out.cut()
            pieces.extend(out.lines)
            deferred.extend(out.deferred)
        return squash(" ".join(pieces))

    def table(self, tbl: etree._Element) -> None:
        deferred: list[etree._Element] = []
        counters = {k: dict(v) for k, v in self.numbering.counters.items()}
        raw = list(self._raw_rows(tbl, deferred))
        number = self.table_numbers.get(tbl)
        rows, padded = self._grid(raw, number)
        if not rows:
            return
        width = len(rows[0])
        has_nested = any(el.tag == _TBL for el in deferred)
        if width <= 1 or (has_nested and len(rows) == 1) or _prose_cell(raw):
            # a box or layout wrapper around content: read the cells as running content
            self.positions -= len(rows) * width
            self.numbering.counters = counters  # the cells' list numbers are counted again below
            outer = self.place
            try:
                for r, row in enumerate(raw):
                    c = 0
                    for _, span, vmerge, _, tc in row:
                        if vmerge != "padding":
                            self.place = Where(table=number, row=r + 1, col=c + 1)
                            self.container(tc)
                        c += span
            finally:
                self.place = outer
            return
        if any(c.text for r in rows for c in r):
            self.add(Table(rows, Where(table=number), exact=not padded))
            if padded:
                self.warnings.append(
                    f"第 {number} 个表格各行单元格数不齐，{padded} 个位置没有单元格，已补为空白"
                )
        for el in deferred:
            if el.tag == _TBL:
                self.table(el)
            else:
                self.container(el)

    def _raw_rows(
        self, tbl: etree._Element, deferred: list[etree._Element]
    ) -> Iterator[list[tuple[str, int, str | None, str | None, etree._Element]]]:
        """Per row: (text, gridSpan, vMerge, hMerge, tc); gridBefore/gridAfter as "padding" entries."""
        for tr in _children(tbl, _TR):
            trpr = tr.find(_w("trPr"))
            before = _int(_child_val(trpr, "gridBefore"), 0) if trpr is not None else 0
            after = _int(_child_val(trpr, "gridAfter"), 0) if trpr is not None else 0
            row: list[tuple[str, int, str | None, str | None, etree._Element]] = []
            if before > 0:
                row.append(("", min(before, MAX_SPAN), "padding", None, tr))
            for tc in _children(tr, _TC):
                tcpr = tc.find(_w("tcPr"))
                span, vmerge, hmerge = 1, None, None
                if tcpr is not None:
                    span = min(max(_int(_child_val(tcpr, "gridSpan"), 1), 1), MAX_SPAN)
                    vm = tcpr.find(_w("vMerge"))
                    if vm is not None:
                        vmerge = vm.get(_VAL) or "continue"
                    hm = tcpr.find(_w("hMerge"))
                    if hm is not None:
                        hmerge = hm.get(_VAL) or "continue"
                row.append((self.cell_text(tc, deferred), span, vmerge, hmerge, tc))
            if after > 0:
                row.append(("", min(after, MAX_SPAN), "padding", None, tr))
            yield row

    def _grid(
        self, raw: list[list[tuple[str, int, str | None, str | None, etree._Element]]], number: int | None
    ) -> tuple[list[list[Cell]], int]:
        """The rows as a grid; every position knows its place in the source's own grid (Word's
        row r and grid column c, 1-based), kept when empty rows and columns are dropped."""

        def at(r: int, c: int) -> Where:
            return Where(table=number, row=r + 1, col=c + 1)

        grid: list[list[Cell | None]] = []
        origin_of: dict[tuple[int, int], tuple[int, int]] = {}  # grid position -> its origin
        placed = 0
        for r, row in enumerate(raw):
            out: list[Cell | None] = []
            for text, span, vmerge, hmerge, _tc in row:
                c = len(out)
                placed += span
                if placed > MAX_TABLE_POSITIONS or self.positions + placed > MAX_POSITIONS:
                    self.warnings.append("表格过大，其余部分未读取")
                    return self._finish(grid, at)
                if vmerge == "padding":
                    out.extend([None] * span)
                    continue
                above = origin_of.get((r - 1, c))
                if (
                    vmerge == "continue"
                    and above is not None
                    and above[1] == c
                    and _colspan_at(grid, above) == span
                ):
                    origin = grid[above[0]][above[1]]
                    assert origin is not None
                    origin.rowspan = r - above[0] + 1
                    for dc in range(span):
                        origin_of[(r, c + dc)] = above
                        out.append(Cell("", at(r, c + dc), continued=True))
                    continue
                left = origin_of.get((r, c - 1))
                if hmerge == "continue" and left is not None and left[0] == r:
                    origin = out[left[1]]
                    assert origin is not None
                    origin.colspan += span
                    for dc in range(span):
                        origin_of[(r, c + dc)] = left
                        out.append(Cell("", at(r, c + dc), continued=True))
                    continue
                out.append(Cell(text, at(r, c), colspan=span))
                for dc in range(span):
                    origin_of[(r, c + dc)] = (r, c)
                for dc in range(1, span):
                    out.append(Cell("", at(r, c + dc), continued=True))
            grid.append(out)
        return self._finish(grid, at)

    def _finish(
        self, grid: list[list[Cell | None]], at: Callable[[int, int], Where]
    ) -> tuple[list[list[Cell]], int]:
        width = max((len(r) for r in grid), default=0)
        # Rows and columns without a single cell (gridBefore/gridAfter everywhere) are not part of
        # the table; no span can cross them.
        used = [c for c in range(width) if any(c < len(r) and r[c] is not None for r in grid)]
        padded = 0
        rows: list[list[Cell]] = []
        for i, r in enumerate(grid):
            if all(cell is None for cell in r):
                continue
            out: list[Cell] = []
            for c in used:
                cell = r[c] if c < len(r) else None
                if cell is None:
                    padded += 1
                    cell = Cell("", at(i, c))
                out.append(cell)
            rows.append(out)
        self.positions += len(rows) * len(used)
        return rows, padded


def _table_numbers(body: etree._Element) -> dict[etree._Element, int]:
    """Every w:tbl of the body, 1-based in document order; a text box's VML fallback copy is
    the same content again and is not counted."""
    tables = (t for t in body.iter(_TBL) if next(t.iterancestors(_FALLBACK), None) is None)
    return {t: n for n, t in enumerate(tables, 1)}


def _colspan_at(grid: list[list[Cell | None]], pos: tuple[int, int]) -> int:
    cell = grid[pos[0]][pos[1]]
    return cell.colspan if cell is not None else 0


def _children(el: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with `tag`, looking through content controls and custom XML wrappers."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in _BLOCK_CONTAINERS:
            yield from _children(child, tag)


def _cell_content(tc: etree._Element) -> Iterator[etree._Element]:
    for child in tc:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in _BLOCK_CONTAINERS:
            yield from _cell_content(child)


def _prose_cell(raw: list[list[tuple[str, int, str | None, str | None, etree._Element]]]) -> bool:
    """A cell holding whole paragraphs of prose is page layout, never a statistics cell."""
    for row in raw:
        for text, _span, vmerge, _h, tc in row:
            if vmerge != "padding" and len(text) > 300 and len(tc.findall(_P)) >= 3:
                return True
    return False


# ---------------------------------------------------------------------------------------------
# entry point


def _check_zip(data: bytes, path: str | None) -> bytes:
    """The package, every part inflated under the budgets, as an uncompressed zip that python-docx
    and lxml may read without inflating anything themselves."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise errors.XxgkError(errors.DAMAGED_FILE, "Word 文件已损坏，无法解压", path) from exc
    if len(infos) > MAX_ENTRIES:
        raise errors.XxgkError(
            errors.TOO_LARGE, f"Word 文件内含 {len(infos)} 个部件，超过上限，疑为恶意文件", path
        )
    if "word/document.xml" not in {i.filename for i in infos}:
        raise errors.XxgkError(errors.DAMAGED_FILE, "Word 文件缺少正文部分（word/document.xml）", path)
    declared = sum(i.file_size for i in infos)
    if declared > limits.MAX_INFLATED.get():  # said outright: no need to inflate anything
        raise errors.XxgkError(
            errors.DECOMPRESSION_LIMIT,
            f"Word 文件解压后有 {limits.describe_size(declared)}，超过 "
            f"{limits.describe_size(limits.MAX_INFLATED.get())} 的上限（XXGK_MAX_INFLATED），疑为压缩炸弹",
            path,
        )
    members = inflate.zip_members(data, path, "Word 文件")
    xml_bytes, xml_tags = limits.MAX_XML_BYTES.get(), limits.MAX_XML_TAGS.get()
    for name, content in members.items():
        if not name.endswith((".xml", ".rels")):
            continue
        if len(content) > xml_bytes:
            raise errors.XxgkError(
                errors.DECOMPRESSION_LIMIT,
                f"Word 文件的 {name} 解压后有 {limits.describe_size(len(content))}，超过 "
                f"{limits.describe_size(xml_bytes)} 的上限（XXGK_MAX_XML_BYTES），不像一份年度报告",
                path,
            )
        tags = content.count(b"<")
        if tags > xml_tags:
            raise errors.XxgkError(
                errors.TOO_LARGE,
                f"Word 文件的 {name} 有 {tags:,} 个 XML 标记，超过 {xml_tags:,} 个的上限（XXGK_MAX_XML_TAGS），不像一份年度报告",
                path,
            )
    return inflate.stored_zip(members)


def read(data: bytes, path: str | None = None) -> Document:
    data = _check_zip(data, path)
    try:
        body, numbering, styles = _open(data)
    except errors.XxgkError:
        raise
    except etree.XMLSyntaxError as exc:
        if "amplification" in str(exc) or "entity" in str(exc).lower():
            raise errors.XxgkError(
                errors.DAMAGED_FILE, "Word 文件含有异常的 XML 实体定义（疑为实体膨胀攻击），拒绝读取", path
            ) from exc
        raise errors.XxgkError(errors.DAMAGED_FILE, "Word 文件已损坏：正文 XML 无法解析", path) from exc
    except Exception as exc:  # python-docx raises KeyError, zlib.error, PackageNotFoundError …
        raise errors.XxgkError(
            errors.DAMAGED_FILE, f"Word 文件已损坏，无法读取（{type(exc).__name__}）", path
        ) from exc
    if body is None:
        raise errors.XxgkError(errors.DAMAGED_FILE, "Word 文件没有正文", path)

    reader = _Reader(_Numbering(numbering, styles), _table_numbers(body))
    try:
        reader.container(body)
    except _Stop:
        pass
    except RecursionError as exc:
        raise errors.XxgkError(errors.DAMAGED_FILE, "Word 文件的嵌套层次过深，无法读取", path) from exc
    except (ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
        # malformed WordprocessingML this reader did not foresee: name the file, keep the cause
        raise errors.XxgkError(
            errors.DAMAGED_FILE, f"Word 文件结构异常，无法读取（{type(exc).__name__}）", path
        ) from exc
    if _has_entities(body):
        reader.warnings.append("Word 文件含有未展开的 XML 实体引用，相应文字未读取")
    if not reader.blocks:
        raise errors.XxgkError(errors.EMPTY_FILE, "Word 文件里没有可读的文字", path)
    return Document(blocks=reader.blocks, path=path, media_type=MEDIA_TYPE, warnings=reader.warnings)


# Same settings as python-docx's own parser: entities are never resolved, nothing is fetched.
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _open(data: bytes) -> tuple[etree._Element | None, etree._Element | None, etree._Element | None]:
    """(body, numbering, styles) XML. python-docx refuses packages whose main part is not a plain
    document (.docm, .dotx saved as .docx); their WordprocessingML is the same, so read it directly."""
    try:
        document = docx.Document(BytesIO(data))
    except ValueError:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            root = etree.fromstring(zf.read("word/document.xml"), _SAFE_XML)
            names = set(zf.namelist())
            parts = [
                etree.fromstring(zf.read(n), _SAFE_XML) if n in names else None
                for n in ("word/numbering.xml", "word/styles.xml")
            ]
        return root.find(_w("body")), parts[0], parts[1]
    return (
        document.element.body,
        _part_element(document, RT.NUMBERING),
        _part_element(document, RT.STYLES),
    )


def _part_element(document: docx.document.Document, reltype: str) -> etree._Element | None:
    """The XML of the related part (numbering, styles), or None when the package has none."""
    try:
        return document.part.part_related_by(reltype).element  # type: ignore[attr-defined]
    except (KeyError, AttributeError, ValueError):
        return None


def _has_entities(body: etree._Element) -> bool:
    return next(body.iter(etree.Entity), None) is not None
