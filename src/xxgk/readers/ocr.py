"""Scans: images (PNG, JPEG, TIFF, BMP, GIF) and PDF pages without a text layer, read by OCR.

RapidOCR (PP-OCR models shipped inside the wheel, run by onnxruntime; nothing is downloaded)
finds the text and gives a box and a score for every character; readers/ocr_engine.py drives it
(detector resolution, recognition batches). A page turned 90/180/270° or skewed up to 8° is made
upright first (readers/orientation.py: from the detected text lines and the engine's 0°/180°
line classifier), so that it reads the same cells as the upright page. Table structure does not come
from OCR: the ruling lines are found in the binarised image with OpenCV morphology and handed,
with the characters, to the same grid builder the PDF reader uses (readers/geometry.py), so merged cells, labels
wrapped inside cells and tables cut by page breaks are handled the same way. Each Cell's
`confidence` is the lowest score of the characters in it.

Provenance: a cell's Where has the page, the bbox, table/row/col as the PDF reader gives them
(readers/pages.py) and the `confidence` of its text. For image files bbox is in pixels of the
original image (a multi-page TIFF: of that page); for PDF pages it is in PDF points, like the
text-layer pages of the same file. For a page that had to be turned, these are of the page
made upright (its size is the upright page's).
"""

from __future__ import annotations

import math
import time
from dataclasses import replace
from io import BytesIO
from struct import error as struct_error
from typing import Any

from xxgk import errors, limits
from xxgk.document import Block, Document, Table, Where
from xxgk.readers import ocr_engine, orientation
from xxgk.readers.geometry import Glyph, PageContent, Seg, build_table_parts, group_lines
from xxgk.readers.pages import assemble

TIME_BUDGET_S = 300.0  # pages and pixels are bounded by xxgk.limits (MAX_OCR_PAGES, MAX_PIXELS …)
RENDER_DPI = (150, 200)  # image-only PDF pages: the scan's own resolution, kept in this range
WORK_LONG_SIDE = 2400  # larger images are scaled down to this (about 200 dpi for A4) first


def available() -> bool:
    try:
        import cv2  # noqa: F401
        import numpy  # noqa: F401
        import rapidocr  # noqa: F401
    except ImportError:
        return False
    return True


# --------------------------------------------------------------------------- one page image


def _ink(gray: Any) -> Any:
    """Dark marks as 255 on 0. Locally dark (adaptive) and darker than halfway between the Otsu
    level and white, so that the edge of a lightly shaded cell is not taken for a line."""
    import cv2

    local = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    otsu, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    _, dark = cv2.threshold(gray, (otsu + 255) / 2, 255, cv2.THRESH_BINARY_INV)
    return cv2.bitwise_and(local, dark)


def _line_segments(gray: Any, scale: float) -> tuple[list[Seg], list[Seg]]:
    """Horizontal and vertical ruling lines, in points (pixel / scale)."""
    import cv2

    binary = _ink(gray)
    # Longer than a character stroke, shorter than the narrowest cell (about 0.17 in).
    length = max(15, round(0.17 * 72 * scale))
    hs: list[Seg] = []
    vs: list[Seg] = []
    for horizontal in (True, False):
        size = (length, 1) if horizontal else (1, length)
        mask = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size))
        bridge = (max(3, round(2 * scale)), 1) if horizontal else (1, max(3, round(2 * scale)))
        mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, bridge))
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for k in range(1, n):
            x, y, cw, ch, _ = (int(v) for v in stats[k])
            if horizontal and cw >= length and ch <= max(6, 3 * scale):
                hs.append(Seg((y + ch / 2) / scale, x / scale, (x + cw) / scale))
            elif not horizontal and ch >= length and cw <= max(6, 3 * scale):
                vs.append(Seg((x + cw / 2) / scale, y / scale, (y + ch) / scale))
    return hs, vs


def _pose(bgr: Any, boxes: Any) -> orientation.Pose:
    """Quarter turns and skew that make the page upright, from its detected lines."""
    vertical, skew = orientation.lines_pose(boxes)
    if len(boxes) == 0:
        return orientation.Pose()
    order, lengths = orientation.voters(boxes)
    turned = orientation.reads_turned(ocr_engine.upside_down(ocr_engine.crops(bgr, boxes[order])), lengths)
    # A tall line is cut and turned a quarter counter-clockwise before it is read: on a page
    # turned counter-clockwise it then reads upside down.
    quarter = (3 if turned else 1) if vertical else (2 if turned else 0)
    return orientation.Pose(quarter, skew)


def _upright(gray: Any, scale: float) -> tuple[Any, Any, Any]:
    """(upright greyscale, its BGR copy, its detected lines): detected once on an upright page,
    twice on one that had to be turned."""
    import cv2

    bgr = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    boxes = ocr_engine.detect(bgr, scale)
    pose = _pose(bgr, boxes)
    if pose.upright:
        return gray, bgr, boxes
    gray = orientation.turn(gray, pose)
    bgr = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    return gray, bgr, ocr_engine.detect(bgr, scale)


def _glyphs(lines: ocr_engine.Lines, scale: float) -> list[Glyph]:
    """One Glyph per recognised character, in points."""
    import numpy as np

    out: list[Glyph] = []
    for i, (box, text, score, chars) in enumerate(
        zip(lines.boxes, lines.texts, lines.scores, lines.chars, strict=True)
    ):
        bpts = np.asarray(box, dtype=float)
        bw = float(bpts[:, 0].max() - bpts[:, 0].min()) / scale
        bh = float(bpts[:, 1].max() - bpts[:, 1].min()) / scale
        # The font size is the box's height, or its width for a vertical label.
        size = bw if bh > 1.5 * bw and len(text) > 1 else bh
        for ch_text, ch_score, ch_box in chars or ((text, score, box),):
            if not ch_text or not str(ch_text).strip():
                continue
            pts = np.asarray(ch_box, dtype=float)
            x0, y0 = float(pts[:, 0].min()) / scale, float(pts[:, 1].min()) / scale
            x1, y1 = float(pts[:, 0].max()) / scale, float(pts[:, 1].max()) / scale
            out.append(Glyph(str(ch_text).strip(), x0, y0, x1, y1, max(size, 1.0), True, float(ch_score), i))
    return out


RULE_LIKE = frozenset("|｜丨")


def _off_the_rules(glyphs: list[Glyph], vs: list[Seg]) -> list[Glyph]:
    """Without the bars that are a vertical ruling line read as a character: a line cut at the
    edge of a cell reads as “|” — on one scan and not on the same page skewed."""

    def on_rule(g: Glyph) -> bool:
        return any(abs(v.pos - g.cx) <= max(2.0, g.x1 - g.x0) and v.a - 2 <= g.cy <= v.b + 2 for v in vs)

    return [g for g in glyphs if not (g.text in RULE_LIKE and on_rule(g))]


def read_image_page(gray: Any, number: int, scale: float) -> PageContent:
    """One greyscale page image (numpy uint8) -> PageContent in points, `scale` pixels per point.
    A page turned a quarter or half and a skewed one are made upright first; its coordinates
    are then those of the upright page."""
    gray, bgr, boxes = _upright(gray, scale)
    hs, vs = _line_segments(gray, scale)
    glyphs = _off_the_rules(_glyphs(ocr_engine.recognise(bgr, boxes), scale), vs)
    h, w = gray.shape
    content = PageContent(number, w / scale, h / scale)
    content.tables, rest = build_table_parts(hs, vs, glyphs, number)
    content.lines = group_lines(rest)
    return content


# --------------------------------------------------------------------------- PDF pages


def read_pdf_page(data: bytes, index: int, path: str | None = None) -> PageContent:
    """Render page `index` (0-based) of a PDF and OCR it. Coordinates in PDF points.

    The pixels are bounded before anything is decoded: no image on the page may hold more than
    MAX_PIXELS, and the page is rendered at most at MAX_RENDER_PIXELS (coarser than the scan when
    the page is large); a page so large that this leaves less than MIN_RENDER_DPI is no paper a
    report is printed on, and is refused."""
    import numpy as np
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[index]
        try:
            dpi = _scan_dpi(page, index + 1, path)
            width, height = page.get_size()
            fit = 72 * math.sqrt(limits.MAX_RENDER_PIXELS.get() / max(width * height, 1.0))
            if fit < limits.MIN_RENDER_DPI.get():
                raise errors.XxgkError(
                    errors.IMAGE_SIZE,
                    f"第 {index + 1} 页的页面过大（{width / 72:.0f}×{height / 72:.0f} 英寸），超过任何纸张，"
                    f"按 {limits.MIN_RENDER_DPI.get()} dpi 也超过 {limits.MAX_RENDER_PIXELS.get():,} 像素的上限"
                    "（XXGK_MAX_RENDER_PIXELS），不像报告的页面",
                    path,
                )
            dpi = min(dpi, fit)
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            gray = np.array(bitmap.to_pil().convert("L"))
        finally:
            page.close()
    finally:
        pdf.close()
    return read_image_page(gray, index + 1, dpi / 72)


def _scan_dpi(page: Any, number: int, path: str | None) -> float:
    """Resolution of the largest image on the page, clamped to RENDER_DPI: rendering finer than
    the scan only makes OCR slower. An image of more than MAX_PIXELS is refused (E_IMAGE_SIZE)
    before PDFium decodes it."""
    import ctypes

    import pypdfium2.raw as raw

    best, best_area = float(RENDER_DPI[1]), 0.0
    w, h = ctypes.c_uint(), ctypes.c_uint()
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for k in range(raw.FPDFPage_CountObjects(page)):
        obj = raw.FPDFPage_GetObject(page, k)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_IMAGE:
            continue
        if not raw.FPDFImageObj_GetImagePixelSize(obj, w, h) or not raw.FPDFPageObj_GetBounds(
            obj, left, bottom, right, top
        ):
            continue
        if w.value * h.value > limits.MAX_PIXELS.get():
            raise too_many_pixels(f"第 {number} 页的图像", w.value, h.value, path)
        width_in = (right.value - left.value) / 72
        area = (right.value - left.value) * (top.value - bottom.value)
        if width_in > 0 and area > best_area:
            best, best_area = w.value / width_in, area
    return min(max(best, RENDER_DPI[0]), RENDER_DPI[1])


# --------------------------------------------------------------------------- image files


def _damaged(path: str | None, what: str, exc: BaseException | None = None) -> errors.XxgkError:
    detail = f"（{type(exc).__name__}: {exc}）" if exc is not None and str(exc) else ""
    return errors.XxgkError(errors.DAMAGED_FILE, f"图片文件已损坏，无法读取：{what}{detail}", path)


def too_many_pixels(what: str, width: int, height: int, path: str | None) -> errors.XxgkError:
    return errors.XxgkError(
        errors.IMAGE_SIZE,
        f"{what}像素过多（{width}×{height}），超过 {limits.MAX_PIXELS.get():,} 像素的上限（XXGK_MAX_PIXELS）",
        path,
    )


def _check_shape(what: str, width: int, height: int, path: str | None) -> None:
    """Pixels, shape and size of one page image, from its header: before it is decoded."""
    if width * height > limits.MAX_PIXELS.get():
        raise too_many_pixels(what, width, height, path)
    short, long = min(width, height), max(width, height)
    if short < limits.MIN_SIDE.get():
        raise errors.XxgkError(
            errors.IMAGE_SIZE,
            f"{what}只有 {width}×{height} 像素，窄于 {limits.MIN_SIDE.get()} 像素（XXGK_MIN_SIDE），容不下一行文字",
            path,
        )
    if long > limits.MAX_ASPECT.get() * short:
        raise errors.XxgkError(
            errors.IMAGE_SIZE,
            f"{what}的长宽比异常（{width}×{height}），超过 {limits.MAX_ASPECT.get()} 倍的上限（XXGK_MAX_ASPECT），不像报告的页面",
            path,
        )


def _open_image(data: bytes, path: str | None) -> Any:
    """Open the image and decode every page once (multi-page TIFF has several), so that an
    empty, truncated or corrupt file fails here, before any OCR work. Returns the PIL image."""
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise _damaged(path, "文件是空的")
    try:
        img = Image.open(BytesIO(data))
        count = getattr(img, "n_frames", 1)
        if count > limits.MAX_OCR_PAGES.get():
            raise errors.XxgkError(
                errors.TOO_MANY_PAGES,
                f"图片共 {count} 页，超过 {limits.MAX_OCR_PAGES.get()} 页的上限（XXGK_MAX_OCR_PAGES）",
                path,
            )
        for k in range(count):
            img.seek(k)
            _check_shape("图片" if count == 1 else f"图片第 {k + 1} 页", img.width, img.height, path)
            img.load()
    except errors.XxgkError:
        raise
    except Image.DecompressionBombError as exc:
        raise errors.XxgkError(errors.IMAGE_SIZE, "图片像素过多，超过上限（XXGK_MAX_PIXELS）", path) from exc
    except UnidentifiedImageError as exc:
        raise _damaged(path, "不是可识别的图片格式", exc) from exc
    except (OSError, ValueError, SyntaxError, EOFError, struct_error) as exc:
        raise _damaged(path, "图像数据不完整或已损坏", exc) from exc
    return img


def _to_pixels(blocks: list[Block], factors: dict[int, float]) -> None:
    """Points back to pixels of the original image, page by page."""

    def conv(w: Where) -> Where:
        if w.bbox is None or w.page is None:
            return w
        f = factors.get(w.page, 1.0)
        return replace(w, bbox=tuple(round(v * f, 1) for v in w.bbox))

    for b in blocks:
        b.where = conv(b.where)
        if isinstance(b, Table):
            for row in b.rows:
                for c in row:
                    c.where = conv(c.where)


def read(data: bytes, path: str | None = None) -> Document:
    started = time.monotonic()
    img = _open_image(data, path)
    if not available():
        raise errors.XxgkError(
            errors.MISSING_DEPENDENCY, "识别扫描图片需要 OCR 组件，请安装：pip install 'xxgk[ocr]'", path
        )
    import cv2
    import numpy as np

    contents: list[PageContent] = []
    factors: dict[int, float] = {}
    pages = getattr(img, "n_frames", 1)
    for k in range(pages):
        if time.monotonic() - started > TIME_BUDGET_S:
            raise errors.XxgkError(
                errors.TIMEOUT, f"OCR 识别超过 {TIME_BUDGET_S:.0f} 秒的时限（第 {k + 1} 页）", path
            )
        img.seek(k)
        gray = np.array(img.convert("L"))
        h, w = gray.shape
        shrink = min(1.0, WORK_LONG_SIDE / max(h, w))
        if shrink < 1.0:
            gray = cv2.resize(gray, (round(w * shrink), round(h * shrink)), interpolation=cv2.INTER_AREA)
        # Pixels per point, guessed from the page size as if it were A4 portrait or landscape.
        scale = max(gray.shape) / (11.69 * 72)
        contents.append(read_image_page(gray, k + 1, scale))
        factors[k + 1] = scale / shrink
    warnings = [
        "内容经 OCR 识别（RapidOCR），可能有识别错误；单元格附有置信度",
    ]
    blocks = assemble(contents)
    _to_pixels(blocks, factors)
    return Document(blocks, path=path, media_type=_media_type(data), pages=pages, warnings=warnings)


def _media_type(data: bytes) -> str:
    head = data[:8]
    if head.startswith(b"\x89PNG"):
        return "image/png"
    if head.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "image/tiff"
    if head.startswith(b"BM"):
        return "image/bmp"
    if head.startswith(b"GIF8"):
        return "image/gif"
    return "image/unknown"
