"""Generated reports in the kinds they are published in, all from the project's writer
(xxgk.write): its .docx, .html and .md output, and from them

  pdf    the .docx through LibreOffice (a text layer), many in one start;
  doc    the .docx saved by LibreOffice as Word 97;
  html   the writer's page body inside the chrome of a government CMS (two styles: a portal
         article page, and an 信息公开 platform page with its 索引号 table), navigation around it;
  txt    what a crawler saves: a header of fields, then the page's text content on one line;
  md     the writer's Markdown;
  scan   the PDF's pages as images: 150–300 dpi, skewed ±3°, noise, JPEG, a red seal over the
         signature, some photographed (perspective, uneven light); an image-only PDF."""

from __future__ import annotations

import io
import math
import random
import re
from html import escape

from lxml import html as lxml_html

from xxgk.render.layout import title_of
from xxgk.render.pdf import convert_docx
from xxgk.report import Report
from xxgk.write import render_bytes

KINDS = ("pdf", "docx", "doc", "html", "txt", "md", "scan")
SUFFIX = {"pdf": "pdf", "docx": "docx", "doc": "doc", "html": "html", "txt": "txt", "md": "md", "scan": "pdf"}
OFFICE = ("pdf", "doc", "scan")  # kinds made by LibreOffice from the .docx
# the mix of kinds real reports arrive in (scans kept rare: reading them is slow)
WEIGHTS = {"pdf": 30, "html": 22, "docx": 12, "txt": 12, "doc": 8, "md": 6, "scan": 10}
HTML_STYLES = ("portal", "platform")
CRAWLER_STYLES = ("run", "spaced")
STYLES = {"html": HTML_STYLES, "txt": CRAWLER_STYLES}


def _body(report: Report) -> str:
    page = render_bytes(report, ".html").decode("utf-8")
    return page[page.index("<body>") + len("<body>") : page.rindex("</body>")]


def html_page(report: Report, style: str, site: str, published: str, rng: random.Random) -> str:
    """The report as a CMS publishes it: site header, menu, breadcrumb, article, footer."""
    title = escape(title_of(report))
    body = _body(report)
    menu = "".join(
        f'<li><a href="/{k}/">{escape(n)}</a></li>'
        for k, n in (("", "首页"), ("zwgk", "政务公开"), ("bsfw", "办事服务"), ("hdjl", "互动交流"))
    )
    hits = rng.randint(10, 9000)
    if style == "portal":
        return "\n".join(
            [
                "<!DOCTYPE html>",
                '<html lang="zh-CN"><head><meta charset="utf-8">',
                f"<title>{title}_{escape(site)}</title>",
                '<link rel="stylesheet" href="/css/main.css"></head><body>',
                f'<div class="header"><div class="logo">{escape(site)}</div>',
                f'<ul class="nav">{menu}</ul></div>',
                '<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a>'
                ' &gt; <a href="/zwgk/nb/">政府信息公开年报</a></div>',
                f'<div class="article"><div class="art-title">{title}</div>',
                f'<div class="art-info">发布时间：{published} 来源：{escape(site)} 浏览次数：{hits}'
                ' <a href="javascript:window.print()">【打印】</a> <a href="javascript:window.close()">【关闭】</a></div>',
                f'<div class="art-content">{body}</div></div>',
                f'<div class="footer">主办单位：{escape(site)}办公室　网站标识码：{rng.randint(10**9, 10**10 - 1)}'
                f"　ICP备{rng.randint(10**7, 10**8 - 1)}号</div>",
                "</body></html>",
            ]
        )
    index = f"{rng.randint(10**8, 10**9 - 1)}/{published[:4]}-{rng.randint(1, 99999):05d}"
    meta = (
        ("索引号", index),
        ("主题分类", "政务公开"),
        ("发布机构", site),
        ("生成日期", published),
        ("文号", ""),
        ("有效性", "有效"),
    )
    rows = "".join(
        f"<tr><th>{a}：</th><td>{escape(b)}</td><th>{c}：</th><td>{escape(d)}</td></tr>"
        for (a, b), (c, d) in zip(meta[::2], meta[1::2], strict=True)
    )
    return "\n".join(
        [
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">',
            '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
            f"<title>{escape(site)}-政府信息公开平台</title></head><body>",
            f'<div id="top">{escape(site)}政府信息公开平台 | <a href="/">返回首页</a></div>',
            '<div id="left"><ul><li><a href="/xxgk/zn/">政府信息公开指南</a></li>'
            '<li><a href="/xxgk/zd/">政府信息公开制度</a></li>'
            '<li class="on"><a href="/xxgk/nb/">政府信息公开年报</a></li>'
            '<li><a href="/xxgk/ysq/">依申请公开</a></li></ul></div>',
            '<div id="right"><div class="position">您现在的位置：首页 &gt;&gt; 政府信息公开年报</div>',
            f'<table class="xxgk-meta">{rows}<tr><th>名称：</th><td colspan="3">{title}</td></tr></table>',
            f'<div id="zoom">{body}</div>',
            '<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div></div>',
            f'<div id="bottom">版权所有：{escape(site)}　技术支持：某某信息技术有限公司</div>',
            "</body></html>",
        ]
    )


def crawler_text(report: Report, site: str, published: str, url: str, style: str) -> str:
    """A crawler's save of the page: fields, a rule, then the article's text content on one line;
    `run`: the cells of a table row run together (a page whose cells have no white space
    between them), `spaced`: one space between cells."""
    body = _body(report)
    if style == "spaced":
        body = body.replace("</td><td", "</td> <td")
    article = lxml_html.fromstring(body)
    text = "".join(article.itertext())
    text = re.sub(r"\s+", " ", text).strip()
    head = [
        f"标题: {title_of(report)}",
        f"发布时间: {published} {random.Random(url).randint(8, 18):02d}:{random.Random(url).randint(0, 59):02d}",
        "文号: ",
        f"发布机构: {site}",
        "栏目: 政府信息公开年报",
        f"原文链接: {url}",
        "==================== 正文 ====================",
    ]
    return "\n".join(head) + "\n" + text + "\n"


def office(docx: list[bytes], kind: str) -> list[bytes]:
    """The .docx files as PDF (pdf, scan) or Word 97 (doc): one LibreOffice start for the lot."""
    if kind == "doc":
        return convert_docx(docx, "doc:MS Word 97", "doc")
    return convert_docx(docx, "pdf:writer_pdf_Export", "pdf")


# ---------------------------------------------------------------------------------------------
# scans


def _font(size: int):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    for path in (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    ):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default()


def seal(diameter: int, name: str, rng: random.Random):  # type: ignore[no-untyped-def]
    """A round red official seal: a ring, a star, the agency's name around the upper arc."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (diameter, diameter), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    red = (rng.randint(190, 230), rng.randint(20, 50), rng.randint(20, 50), rng.randint(150, 200))
    w = max(3, diameter // 28)
    draw.ellipse((w, w, diameter - w, diameter - w), outline=red, width=w)
    c, r = diameter / 2, diameter * 0.13
    star = [
        (
            c + (r if k % 2 == 0 else r * 0.4) * math.sin(k * math.pi / 5),
            c - (r if k % 2 == 0 else r * 0.4) * math.cos(k * math.pi / 5),
        )
        for k in range(10)
    ]
    draw.polygon(star, fill=red)
    chars = name[:16]
    size = max(10, int(diameter * 0.11))
    font = _font(size)
    radius = diameter / 2 - w * 2 - size * 0.7
    for k, ch in enumerate(chars):
        angle = math.radians(-150 + 300 * (k + 0.5) / len(chars)) - math.pi / 2
        glyph = Image.new("RGBA", (size * 2, size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((size // 2, size // 2), ch, fill=red, font=font)
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.BICUBIC)
        img.alpha_composite(
            glyph, (int(c + radius * math.cos(angle) - size), int(c + radius * math.sin(angle) - size))
        )
    return img


def _signature_box(pdf: bytes) -> tuple[int, tuple[float, float, float, float]] | None:
    """The last page and the box (PDF points) of its last two text lines: the signature and date."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[-1]
        words = page.extract_words()
        if not words:
            return None
        words.sort(key=lambda w: w["bottom"])
        tail = [w for w in words if w["bottom"] >= words[-1]["bottom"] - 40]
        return len(doc.pages) - 1, (
            min(w["x0"] for w in tail),
            min(w["top"] for w in tail),
            max(w["x1"] for w in tail),
            max(w["bottom"] for w in tail),
        )


def _damage(img, rng: random.Random, photo: bool):  # type: ignore[no-untyped-def]
    import numpy as np
    from PIL import Image, ImageFilter

    img = img.rotate(rng.uniform(-3, 3), resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))
    if photo:
        w, h = img.size
        d = [int(rng.uniform(0.01, 0.05) * (w if i % 2 == 0 else h)) for i in range(8)]
        canvas = Image.new("RGB", (w + 2 * d[0], h + 2 * d[1]), (96, 88, 80))
        canvas.paste(img, (d[0], d[1]))
        # the page seen from a slant: source corners for the output's corners
        quad = (
            d[2],
            d[3],
            d[4],
            h + 2 * d[1] - d[5],
            w + 2 * d[0] - d[6],
            h + 2 * d[1] - d[7],
            w + 2 * d[0] - d[2] // 2,
            d[3] // 2,
        )
        img = canvas.transform((w, h), Image.QUAD, quad, resample=Image.BICUBIC)
        a = np.asarray(img).astype(np.float32)
        ys, xs = np.mgrid[0:h, 0:w]
        light = 0.78 + 0.22 * np.cos((xs / w - rng.uniform(0.3, 0.7)) * 2.2) * np.cos((ys / h - 0.4) * 1.6)
        a = a * light[..., None]
    else:
        a = np.asarray(img).astype(np.float32)
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, rng.uniform(4, 12), a.shape[:2])
    a = np.clip(a + noise[..., None], 0, 255).astype(np.uint8)
    img = Image.fromarray(a)
    if rng.random() < 0.5:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.8)))
    return img


def scan(pdf: bytes, agency: str, rng: random.Random) -> tuple[bytes, dict]:
    """The PDF printed, sealed and scanned (or photographed): an image-only PDF, and how."""
    import pypdfium2
    from PIL import Image

    dpi = rng.choice((150, 200, 240, 300))
    photo = rng.random() < 0.25
    quality = rng.randint(45, 85)
    sig = _signature_box(pdf)
    doc = pypdfium2.PdfDocument(pdf)
    pages = []
    for i in range(len(doc)):
        img = doc[i].render(scale=dpi / 72).to_pil().convert("RGB")
        if sig is not None and sig[0] == i:
            x0, top, x1, bottom = (v * dpi / 72 for v in sig[1])
            diameter = int(dpi * 1.6)  # a 4 cm seal
            stamp = seal(diameter, agency, rng)
            cx, cy = (x0 + x1) / 2 + rng.uniform(-0.2, 0.2) * diameter, (top + bottom) / 2
            base = img.convert("RGBA")
            base.alpha_composite(stamp, (max(0, int(cx - diameter / 2)), max(0, int(cy - diameter / 2))))
            img = base.convert("RGB")
        img = _damage(img, rng, photo)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=quality)
        pages.append(Image.open(io.BytesIO(buf.getvalue())))
    doc.close()
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return out.getvalue(), {"dpi": dpi, "photo": photo, "jpeg_quality": quality, "pages": len(pages)}
