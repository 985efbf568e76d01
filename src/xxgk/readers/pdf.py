"""PDF with a text layer.

Characters, lines and rectangles come from PDFium (pypdfium2, which pdfplumber brings along) or,
with BACKEND = "pdfplumber", from pdfplumber/pdfminer: the same facts and the same Document, but
pdfminer parses content streams in pure Python, about 7x slower on the WPS files of the corpus
(measured 7.7 against 53 pages/s). Ruling lines are stroked lines, stroked rectangles and
hairline filled rectangles; white cell backgrounds are not rulings. The tables are rebuilt from
them in readers/geometry.py, and the pages put together in readers/pages.py (page numbers and
running headers dropped, text outside tables as Paragraphs, a table cut by a page break glued
back together). Pages with no text layer go to the OCR reader when it is installed.

Coordinates are PDF points, origin at the top-left of the page: bbox = (x0, top, x1, bottom).
"""

from __future__ import annotations

import math
import time
from io import BytesIO
from typing import Any

from xxgk import errors, limits
from xxgk.document import Document
from xxgk.readers import inflate
from xxgk.readers.geometry import Glyph, PageContent, Seg, build_table_parts, group_lines
from xxgk.readers.pages import assemble

TIME_BUDGET_S = 120.0  # pages are at most limits.MAX_PAGES


def _is_white(color: Any) -> bool:
    if color is None:
        return False
    if isinstance(color, int | float):
        return color >= 0.95
    if isinstance(color, list | tuple) and all(isinstance(c, int | float) for c in color):
        if len(color) == 1 or len(color) == 3:
            return all(c >= 0.95 for c in color)
        if len(color) == 4:
            return all(c <= 0.05 for c in color)
    return False


def _rulings(page: Any) -> tuple[list[Seg], list[Seg]]:
    hs: list[Seg] = []
    vs: list[Seg] = []

    def add(x0: float, top: float, x1: float, bottom: float) -> None:
        w, h = x1 - x0, bottom - top
        if h <= 2.0 and w > 2.0:
            hs.append(Seg((top + bottom) / 2, x0, x1))
        elif w <= 2.0 and h > 2.0:
            vs.append(Seg((x0 + x1) / 2, top, bottom))

    for ln in page.lines:
        if not _is_white(ln.get("stroking_color")):
            add(ln["x0"], ln["top"], ln["x1"], ln["bottom"])
    for r in page.rects:
        x0, top, x1, bottom = r["x0"], r["top"], r["x1"], r["bottom"]
        if r.get("stroke") and not _is_white(r.get("stroking_color")):
            if x1 - x0 > 2.0 and bottom - top > 2.0:
                add(x0, top, x1, top)
                add(x0, bottom, x1, bottom)
                add(x0, top, x0, bottom)
                add(x1, top, x1, bottom)
            else:
                add(x0, top, x1, bottom)
        elif r.get("fill") and not _is_white(r.get("non_stroking_color")):
            add(x0, top, x1, bottom)  # only hairline fills count: add() drops real areas
    for c in page.curves:
        if not c.get("stroke") or _is_white(c.get("stroking_color")):
            continue
        pts = c.get("pts") or []
        for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
            if abs(ay - by) < 0.5 or abs(ax - bx) < 0.5:
                add(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
    return hs, vs


def _glyphs(page: Any) -> tuple[list[Glyph], int]:
    out = []
    cid = 0
    for ch in page.chars:
        text = ch["text"]
        if not text or text.isspace():
            continue
        if text.startswith("(cid:"):
            cid += 1
            continue
        out.append(
            Glyph(text, ch["x0"], ch["top"], ch["x1"], ch["bottom"], ch["size"], ch.get("upright", True))
        )
    return out, cid


def _image_share(page: Any) -> float:
    area = float(page.width * page.height) or 1.0
    covered = 0.0
    for im in page.images:
        w = max(0.0, min(im["x1"], page.width) - max(im["x0"], 0))
        h = max(0.0, min(im["bottom"], page.height) - max(im["top"], 0))
        covered += w * h
    return min(covered / area, 1.0)


def _layout(
    number: int,
    width: float,
    height: float,
    glyphs: list[Glyph],
    undecodable: int,
    image_share: float,
    hs: list[Seg],
    vs: list[Seg],
) -> tuple[PageContent, str | None]:
    """One page's glyphs and rulings into lines and table parts; or a reason to OCR it instead."""
    content = PageContent(number, width, height)
    if len(glyphs) < 10 and (image_share > 0.3 or undecodable > len(glyphs)):
        return content, "scan" if undecodable <= len(glyphs) else "cid"
    content.tables, rest = build_table_parts(hs, vs, glyphs, number)
    content.lines = group_lines(rest)
    return content, None


def _read_page_plumber(page: Any, number: int) -> tuple[PageContent, str | None]:
    glyphs, cid = _glyphs(page)
    hs, vs = _rulings(page)
    return _layout(number, float(page.width), float(page.height), glyphs, cid, _image_share(page), hs, vs)


# pdfium backend: the same facts as pdfplumber gives, read through PDFium's C API. PDFium parses
# content streams natively, about 7x faster than pdfminer on the WPS files of the corpus.

_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(m: _Matrix, n: _Matrix) -> _Matrix:
    """m then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: _Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


class _View:
    """PDF user space (y up) to the page as displayed: origin top-left, y down, after the crop
    box and the page's /Rotate (a landscape table stored sideways on a rotated page reads
    upright)."""

    def __init__(self, box: tuple[float, float, float, float], rotation: int) -> None:
        self.l, self.b, self.r, self.t = box
        self.rotation = rotation % 360

    def __call__(self, x: float, y: float) -> tuple[float, float]:
        if self.rotation == 90:
            return y - self.b, x - self.l
        if self.rotation == 180:
            return self.r - x, y - self.b
        if self.rotation == 270:
            return self.t - y, self.r - x
        return x - self.l, self.t - y

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        (ax, ay), (bx, by) = self(x0, y0), self(x1, y1)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _obj_matrix(raw: Any, obj: Any) -> _Matrix:
    fm = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, fm):
        return _IDENTITY
    return (fm.a, fm.b, fm.c, fm.d, fm.e, fm.f)


def _rgba_invisible(raw: Any, getter: Any, obj: Any) -> bool:
    import ctypes

    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, r, g, b, a):
        return False
    return a.value == 0 or (r.value >= 242 and g.value >= 242 and b.value >= 242)


def _pdfium_objects(raw: Any, page: Any) -> Any:
    """Every path and image object with its matrix to page space, descending into forms."""
    stack = [(None, _IDENTITY, 0)]
    while stack:
        form, parent, depth = stack.pop()
        count = raw.FPDFFormObj_CountObjects(form) if form is not None else raw.FPDFPage_CountObjects(page)
        for k in range(count):
            obj = raw.FPDFFormObj_GetObject(form, k) if form is not None else raw.FPDFPage_GetObject(page, k)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_FORM and depth < 8:
                stack.append((obj, _compose(_obj_matrix(raw, obj), parent), depth + 1))
            elif kind in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE):
                yield kind, obj, parent


def _pdfium_rulings(raw: Any, page: Any, view: _View) -> tuple[list[Seg], list[Seg], float]:
    """Ruling lines (display coordinates), plus the page area covered by images."""
    import ctypes

    hs: list[Seg] = []
    vs: list[Seg] = []
    images = 0.0

    def add(ax: float, ay: float, bx: float, by: float) -> None:
        x0, top, x1, bottom = view.box(ax, ay, bx, by)
        if bottom - top <= 2.0 and x1 - x0 > 2.0:
            hs.append(Seg((top + bottom) / 2, x0, x1))
        elif x1 - x0 <= 2.0 and bottom - top > 2.0:
            vs.append(Seg((x0 + x1) / 2, top, bottom))

    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    px, py = ctypes.c_float(), ctypes.c_float()
    l_, b_, r_, t_ = (ctypes.c_float() for _ in range(4))
    for kind, obj, parent in _pdfium_objects(raw, page):
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            if raw.FPDFPageObj_GetBounds(obj, l_, b_, r_, t_):
                (x0, y0), (x1, y1) = _apply(parent, l_.value, b_.value), _apply(parent, r_.value, t_.value)
                images += abs(x1 - x0) * abs(y1 - y0)
            continue
        if not raw.FPDFPath_GetDrawMode(obj, fillmode, stroke):
            continue
        stroked = bool(stroke.value) and not _rgba_invisible(raw, raw.FPDFPageObj_GetStrokeColor, obj)
        filled = fillmode.value != 0 and not _rgba_invisible(raw, raw.FPDFPageObj_GetFillColor, obj)
        if not stroked and not filled:
            continue
        m = _compose(_obj_matrix(raw, obj), parent)
        subpaths: list[list[tuple[float, float]]] = []
        curved: list[bool] = []
        for i in range(raw.FPDFPath_CountSegments(obj)):
            seg = raw.FPDFPath_GetPathSegment(obj, i)
            if not raw.FPDFPathSegment_GetPoint(seg, px, py):
                continue
            pt = _apply(m, px.value, py.value)
            kind_ = raw.FPDFPathSegment_GetType(seg)
            if kind_ == raw.FPDF_SEGMENT_MOVETO or not subpaths:
                subpaths.append([pt])
                curved.append(False)
            else:
                subpaths[-1].append(pt)
                if kind_ == raw.FPDF_SEGMENT_BEZIERTO:
                    curved[-1] = True
            if raw.FPDFPathSegment_GetClose(seg) and len(subpaths[-1]) > 1:
                subpaths[-1].append(subpaths[-1][0])
        for pts, is_curved in zip(subpaths, curved, strict=True):
            if is_curved or len(pts) < 2:
                continue
            xs_ = [p[0] for p in pts]
            ys_ = [p[1] for p in pts]
            x0, x1, y0, y1 = min(xs_), max(xs_), min(ys_), max(ys_)
            thin = x1 - x0 <= 2.0 or y1 - y0 <= 2.0
            if thin:
                if stroked or filled:
                    add(x0, y0, x1, y1)  # a line, or a hairline drawn as a filled box
            elif stroked:
                for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
                    if abs(ay - by) < 0.5 or abs(ax - bx) < 0.5:
                        add(ax, ay, bx, by)
    return hs, vs, images


def _pdfium_glyphs(raw: Any, textpage: Any, view: _View) -> tuple[list[Glyph], int]:
    import ctypes

    out: list[Glyph] = []
    bad = 0
    loose = raw.FS_RECTF()
    fm = raw.FS_MATRIX()
    tl, tr, tb, tt = (ctypes.c_double() for _ in range(4))
    n = raw.FPDFText_CountChars(textpage)
    i = 0
    while i < n:
        k = i
        u = raw.FPDFText_GetUnicode(textpage, i)
        i += 1
        if 0xD800 <= u < 0xDC00 and i < n:
            lo = raw.FPDFText_GetUnicode(textpage, i)
            if 0xDC00 <= lo < 0xE000:
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)
                i += 1
        if u in (0, 0xFFFE, 0xFFFF) or raw.FPDFText_IsGenerated(textpage, k) == 1:
            continue
        ch = chr(u)
        if ch.isspace():
            continue
        if u == 0xFFFD or 0xE000 <= u <= 0xF8FF or u < 0x20:
            bad += 1
            continue
        if not raw.FPDFText_GetLooseCharBox(textpage, k, loose):
            continue
        size = raw.FPDFText_GetFontSize(textpage, k)
        if raw.FPDFText_GetMatrix(textpage, k, fm):
            size *= abs(fm.a * fm.d - fm.b * fm.c) ** 0.5
        x0, top, x1, bottom = view.box(loose.left, loose.bottom, loose.right, loose.top)
        # PDFium's loose box is sometimes far too big (seen on vertical labels): take the glyph's
        # tight box, grown to one em around its centre.
        too_big = size > 0 and (x1 - x0 > 2.5 * size or bottom - top > 2.5 * size)
        if too_big and raw.FPDFText_GetCharBox(textpage, k, tl, tr, tb, tt):
            cx, cy = view((tl.value + tr.value) / 2, (tb.value + tt.value) / 2)
            x0, x1, top, bottom = cx - size / 2, cx + size / 2, cy - size / 2, cy + size / 2
        angle = raw.FPDFText_GetCharAngle(textpage, k)  # clockwise, in user space
        if angle < 0:
            upright = True
        else:
            turn = (angle + math.radians(view.rotation)) % math.tau
            upright = min(turn, math.tau - turn) < 0.2 or abs(turn - math.pi) < 0.2
        out.append(Glyph(ch, x0, top, x1, bottom, size if size > 0 else bottom - top, upright))
    return out, bad


def _read_page_pdfium(pdf: Any, index: int) -> tuple[PageContent, str | None]:
    import pypdfium2.raw as raw

    page = pdf[index]
    try:
        width, height = page.get_size()  # as displayed, /Rotate applied
        view = _View(page.get_cropbox(), page.get_rotation())
        textpage = page.get_textpage()
        try:
            glyphs, bad = _pdfium_glyphs(raw, textpage, view)
        finally:
            textpage.close()
        hs, vs, images = _pdfium_rulings(raw, page, view)
    finally:
        page.close()
    share = min(images / (width * height or 1.0), 1.0)
    return _layout(index + 1, width, height, glyphs, bad, share, hs, vs)


# --------------------------------------------------------------------------- entry point


_ENCRYPTED = "PDF 文件已加密，需要密码才能打开"


def _damaged(path: str | None, what: str, exc: BaseException | None = None) -> errors.XxgkError:
    detail = f"（{type(exc).__name__}: {exc}）" if exc is not None and str(exc) else ""
    return errors.XxgkError(errors.DAMAGED_FILE, f"PDF 文件已损坏，无法读取：{what}{detail}", path)


class _PdfiumSource:
    def __init__(self, data: bytes, path: str | None) -> None:
        import pypdfium2 as pdfium

        try:
            self.pdf = pdfium.PdfDocument(data)
            self.npages = len(self.pdf)
        except pdfium.PdfiumError as exc:
            if "password" in str(exc).lower():
                raise errors.XxgkError(errors.UNREADABLE_FILE, _ENCRYPTED, path) from exc
            raise _damaged(path, "文件结构无法解析（可能被截断或改动过）", exc) from exc

    def page(self, index: int) -> tuple[PageContent, str | None]:
        return _read_page_pdfium(self.pdf, index)

    def close(self) -> None:
        self.pdf.close()


class _PlumberSource:
    def __init__(self, data: bytes, path: str | None) -> None:
        import pdfplumber
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

        try:
            self.pdf = pdfplumber.open(BytesIO(data))
            self.npages = len(self.pdf.pages)
        except Exception as exc:
            cause = exc.__cause__ or exc.__context__
            if isinstance(exc, PDFPasswordIncorrect | PDFEncryptionError) or isinstance(
                cause, PDFPasswordIncorrect | PDFEncryptionError
            ):
                raise errors.XxgkError(errors.UNREADABLE_FILE, _ENCRYPTED, path) from exc
            raise _damaged(path, "文件结构无法解析（可能被截断或改动过）", exc) from exc

    def page(self, index: int) -> tuple[PageContent, str | None]:
        page = self.pdf.pages[index]
        try:
            return _read_page_plumber(page, index + 1)
        finally:
            page.close()  # drops pdfplumber's per-page object cache

    def close(self) -> None:
        self.pdf.close()


# "pdfium" reads pages natively (fast); "pdfplumber" goes through pdfminer (pure Python, about
# 10x slower on these files). Both feed the same grid builder and give the same Document.
BACKEND = "pdfium"


def read(data: bytes, path: str | None = None) -> Document:
    started = time.monotonic()
    if b"%%EOF" not in data:
        raise _damaged(path, "文件不完整，缺少 PDF 结束标记（可能下载中断或被截断）")
    inflate.check_pdf_streams(data, path)  # before PDFium inflates any stream without a budget
    try:
        source: _PdfiumSource | _PlumberSource = (
            _PlumberSource(data, path) if BACKEND == "pdfplumber" else _PdfiumSource(data, path)
        )
    except ImportError as exc:
        raise errors.XxgkError(
            errors.MISSING_DEPENDENCY,
            f"读取 PDF 所需的组件未安装，请安装：pip install 'xxgk[pdf]'（{exc.name}）",
            path,
        ) from exc
    warnings: list[str] = []
    contents: list[PageContent] = []
    scans: list[int] = []
    try:
        npages = source.npages
        if npages == 0:
            raise _damaged(path, "文件中没有任何页面")
        if npages > limits.MAX_PAGES.get():
            raise errors.XxgkError(
                errors.TOO_MANY_PAGES,
                f"PDF 共 {npages} 页，超过 {limits.MAX_PAGES.get()} 页的上限（XXGK_MAX_PAGES）",
                path,
            )
        failed: list[int] = []
        for index in range(npages):
            _check_time(started, path, f"已读 {index} / {npages} 页")
            try:
                content, problem = source.page(index)
            except errors.XxgkError:
                raise
            except Exception:
                # Keep going to name every broken page in the one error raised below.
                failed.append(index + 1)
                continue
            if problem is not None:
                scans.append(index)
                content.blocks = []
                if problem == "cid":
                    warnings.append(f"第 {index + 1} 页的文字层无法解码（字体缺少字符映射），按扫描页处理")
            contents.append(content)
        if failed:
            pages = "、".join(map(str, failed[:20])) + ("等" if len(failed) > 20 else "")
            raise _damaged(path, f"共 {npages} 页，其中第 {pages} 页的内容无法解析（文件可能被截断或改动过）")
    finally:
        source.close()
    if scans:
        _ocr_pages(data, contents, scans, warnings, path)
    blocks = assemble(contents)
    return Document(blocks, path=path, media_type="application/pdf", pages=npages, warnings=warnings)


def _check_time(started: float, path: str | None, progress: str) -> None:
    if time.monotonic() - started > TIME_BUDGET_S:
        raise errors.XxgkError(
            errors.TIMEOUT, f"读取 PDF 超过 {TIME_BUDGET_S:.0f} 秒的时限（{progress}）", path
        )


def _ocr_pages(
    data: bytes,
    contents: list[PageContent],
    scans: list[int],
    warnings: list[str],
    path: str | None,
) -> None:
    pages = "、".join(str(i + 1) for i in scans[:20]) + ("等" if len(scans) > 20 else "")
    try:
        from xxgk.readers import ocr
    except ImportError:
        ocr = None  # type: ignore[assignment]
    if ocr is None or not ocr.available():
        warnings.append(
            f"第 {pages} 页是扫描图像，没有文字层；未安装 OCR 组件（pip install 'xxgk[ocr]'），这些页未读取"
        )
        return
    if len(scans) > limits.MAX_OCR_PAGES.get():
        raise errors.XxgkError(
            errors.TOO_MANY_PAGES,
            f"PDF 中有 {len(scans)} 页扫描页需要 OCR，超过 {limits.MAX_OCR_PAGES.get()} 页的上限（XXGK_MAX_OCR_PAGES）",
            path,
        )
    # OCR runs a few seconds a page: it has its own budget, apart from the text-layer one.
    started = time.monotonic()
    for index in scans:
        if time.monotonic() - started > ocr.TIME_BUDGET_S:
            raise errors.XxgkError(
                errors.TIMEOUT, f"OCR 识别超过 {ocr.TIME_BUDGET_S:.0f} 秒的时限（第 {index + 1} 页）", path
            )
        contents[index] = ocr.read_pdf_page(data, index, path)
    warnings.append(f"第 {pages} 页没有文字层，已按扫描页进行 OCR 识别，可能有识别错误；单元格附有置信度")
