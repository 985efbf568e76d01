"""Report -> one self-contained, printable HTML page in the official layout.

Inline CSS only (no scripts, fonts or images fetched). The print stylesheet sets A4 with the
template's margins (2.54 cm top and bottom, 3.17 cm left and right), 宋体 12 pt body text, bold
headings, an 18 pt title and 10 pt tables; a draft carries a 草稿 watermark on every page."""

from __future__ import annotations

from html import escape

from xxgk.render.layout import GRID_WIDTHS, Layout, headings, layouts, signature, title_of
from xxgk.report import Finding, Report

CSS = """
@page { size: A4; margin: 2.54cm 3.17cm; }
body { font-family: "SimSun", "宋体", "Songti SC", "Noto Serif CJK SC", "Noto Serif SC", serif;
  font-size: 12pt; line-height: 1.6; color: #000; margin: 0 auto; max-width: 16.66cm; padding: 1cm 0; }
h1 { font-size: 18pt; font-weight: bold; text-align: center; margin: 0 0 1em; }
h2 { font-size: 12pt; font-weight: bold; margin: 1em 0 0.3em; text-indent: 2em; page-break-after: avoid; }
p { margin: 0; text-indent: 2em; text-align: justify; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0.5em 0 1em;
  font-size: 10pt; line-height: 1.3; page-break-inside: auto; }
tr { page-break-inside: avoid; }
td { border: 1px solid #000; padding: 2px 3px; vertical-align: middle; }
p.signature { text-align: right; text-indent: 0; }
td.label { text-align: left; }
td.head { text-align: center; }
td.value { text-align: center; }
td.note { font-family: "KaiTi", "楷体", "Kaiti SC", "AR PL UKai CN", "Noto Serif CJK SC", serif; }
.draft-banner { border: 2px solid #b42318; color: #b42318; padding: 4px 8px; margin-bottom: 1em; text-indent: 0; }
.watermark { position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-size: 120pt;
  color: rgba(120, 120, 120, 0.18); transform: rotate(-35deg); z-index: -1; pointer-events: none; }
ol.findings { font-size: 10.5pt; }
@media screen { body { padding: 2cm 3cm; background: #fff; box-shadow: 0 0 8px #bbb; } }
"""


def _table(rows: Layout, css: str, widths: tuple[int, ...]) -> str:
    total = sum(widths)
    cols = "".join(f'<col style="width:{100 * w / total:.2f}%">' for w in widths)
    out = [f'<table class="{css}">', f"<colgroup>{cols}</colgroup>"]
    for row in rows:
        cells = []
        for c in row:
            kind = (
                "value"
                if c.value
                else ("label" if c.rowspan == 1 and c.colspan <= 3 and css == "t3" else "head")
            )
            if c.text.startswith("（本列"):
                kind = "head note"
            span = (f' colspan="{c.colspan}"' if c.colspan > 1 else "") + (
                f' rowspan="{c.rowspan}"' if c.rowspan > 1 else ""
            )
            cells.append(f'<td class="{kind}"{span}>{escape(c.text)}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def render_page(report: Report, findings: list[Finding] | None = None, draft: bool = False) -> str:
    title = title_of(report)
    texts = {s.number: s.text for s in report.sections}
    tables = layouts(report)
    body = [f"<h1>{escape(title)}</h1>"]
    if draft:
        body.insert(0, '<div class="watermark">草稿</div>')
        body.append('<p class="draft-banner">草稿：未通过核对，不得发布。</p>')
    body += [f"<p>{escape(line)}</p>" for line in texts.get(0, "").split("\n") if line.strip()]
    for number, heading in enumerate(headings(), start=1):
        body.append(f"<h2>{escape(heading)}</h2>")
        body += [
            f"<p>{escape(line.strip())}</p>" for line in texts.get(number, "").split("\n") if line.strip()
        ]
        key = f"table{number}"
        if key in tables:
            body.append(_table(tables[key], f"t{number}", GRID_WIDTHS[key]))
    body += [f'<p class="signature">{escape(line)}</p>' for line in signature(report) if line]
    if draft and findings:
        body.append(f"<h2>附：草稿核对发现的问题（共{len(findings)}条）</h2>")
        body.append(
            '<ol class="findings">'
            + "".join(f"<li>{escape(f.message)}（{escape(f.code)}）</li>" for f in findings)
            + "</ol>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
