"""Render a truth file's tables as the text layouts real reports arrive in.

Used to test the extractor on every layout with every truth file's numbers: what a careful
person read is printed again, and must be read back exactly (or, where digits run together
beyond what the identities can split, left unread — never guessed)."""

from __future__ import annotations

import html
import io
from collections.abc import Callable
from dataclasses import dataclass

from xxgk.standard.sections import SECTIONS
from xxgk.standard.table2 import TABLE2
from xxgk.standard.table3 import (
    COLUMN_BY_KEY,
    COLUMN_GROUP,
    COLUMN_PARENT,
    GROUP_RESULTS,
    NOTE,
    ROW_BY_KEY,
    TABLE3_COLUMNS,
)
from xxgk.standard.table3 import table3_rows as standard_table3_rows
from xxgk.standard.table4 import TABLE4_BLOCKS, TABLE4_COLUMNS

HEADINGS = [s.heading for s in SECTIONS]


def cell_text(x: object) -> str:
    """A truth value as it would be printed (None: an empty cell)."""
    if x is None:
        return ""
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x)


def table2_rows(truth: dict) -> list[tuple[str, list[str], list[str]]]:
    """(group, column labels, [row label, values...]) per row of table 2."""
    spec = TABLE2["2019" if truth["format_version"] == "2019" else "2021"]
    out = []
    for row in spec.rows:
        values = truth["table2"].get(row.key)
        if values is None or all(v is None for v in values.values()):
            continue
        out.append(
            (
                row.group,
                [spec.columns[c] for c in row.columns],
                [row.label] + [cell_text(values.get(c)) for c in row.columns],
            )
        )
    return out


def table3_rows(truth: dict) -> list[tuple[str, list[str]]]:
    cols = [
        c.key
        for c in TABLE3_COLUMNS
        if any(truth["table3"][r].get(c.key) is not None for r in truth["table3"]) or c.key != "other"
    ]
    out = []
    for key, values in truth["table3"].items():
        if all(v is None for v in values.values()) and key != "other_processing":
            continue
        if key == "other_processing" and all(v is None for v in values.values()):
            continue
        out.append((ROW_BY_KEY[key].label, [cell_text(values.get(c)) for c in cols]))
    return out


def table3_columns(truth: dict) -> list[str]:
    present = {c for r in truth["table3"].values() for c, v in r.items() if v is not None}
    return [COLUMN_BY_KEY[c.key].label for c in TABLE3_COLUMNS if c.key in present or c.key != "other"]


def table4_values(truth: dict) -> list[str]:
    return [cell_text(truth["table4"][b][c]) for b in TABLE4_BLOCKS for c in TABLE4_COLUMNS]


def _narrative(truth: dict) -> list[str]:
    return [
        f"{truth['agency']}{truth['year']}年政府信息公开工作年度报告",
        f"本报告中所列数据的统计期限自{truth['year']}年1月1日起至{truth['year']}年12月31日止。",
        HEADINGS[0],
        "（一）主动公开情况。本年度认真做好政府信息主动公开工作。",
    ]


def _tail() -> list[str]:
    return [
        HEADINGS[4],
        "一是公开内容有待丰富；二是公开形式有待创新。",
        HEADINGS[5],
        "本年度未收取信息处理费。",
    ]


def render_tsv(truth: dict) -> str:
    lines = _narrative(truth) + [HEADINGS[1]]
    group = None
    for g, cols, row in table2_rows(truth):
        if g != group:
            lines += [g + "\t\t\t", "信息内容\t" + "\t".join(cols)]
            group = g
        lines.append("\t".join(row) + "\t\t")
    lines += [
        HEADINGS[2],
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况\t\t\t\t\t\t",
        "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计",
        "\t\t\t\t" + "\t".join(table3_columns(truth)[1:-1]) + "\t",
    ]
    for label, values in table3_rows(truth):
        lines.append(f"\t{label}\t\t" + "\t".join(values) + "\t\t")
    lines += [
        HEADINGS[3],
        "行政复议\t\t\t\t\t行政诉讼",
        "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉",
        "\t".join(table4_values(truth)),
    ]
    return "\n".join(lines + _tail()) + "\n"


def render_cells(truth: dict) -> str:
    """One cell per line, tab first, rows separated by blank lines (text extracted from DOCX)."""
    out = _narrative(truth) + [HEADINGS[1]]

    def row(cells: list[str]) -> None:
        out.extend("\t" + c for c in cells)
        out.append("")

    group = None
    for g, cols, r in table2_rows(truth):
        if g != group:
            row([g])
            row(["信息内容", *cols])
            group = g
        row(r)
    out.append("")
    out.append(HEADINGS[2])
    row(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"])
    row(["", "自然人", "法人或其他组织", "总计"])
    row(["", ""] + table3_columns(truth)[1:-1] + [""])
    for label, values in table3_rows(truth):
        row([label, *values])
    out.append("")
    out.append(HEADINGS[3])
    row(["行政复议", "行政诉讼"])
    row(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"])
    row(table4_values(truth))
    out.append("")
    return "\n".join(out + _tail()) + "\n"


def render_markdown(truth: dict) -> str:
    out = _narrative(truth) + ["", HEADINGS[1], ""]
    for _g, cols, r in table2_rows(truth):
        out += [
            "| 信息内容 | " + " | ".join(cols) + " |",
            "|---" * (len(cols) + 1) + "|",
            "| " + " | ".join(r) + " |",
            "",
        ]
    out += [
        HEADINGS[2],
        "",
        "| 申请人情况 | " + " | ".join(table3_columns(truth)) + " |",
        "|---" * (len(table3_columns(truth)) + 1) + "|",
    ]
    out += ["| " + label + " | " + " | ".join(values) + " |" for label, values in table3_rows(truth)]
    out += [
        "",
        HEADINGS[3],
        "",
        "| " + " | ".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3) + " |",
        "|---" * 15 + "|",
        "| " + " | ".join(table4_values(truth)) + " |",
        "",
    ]
    return "\n".join(out + _tail()) + "\n"


def render_layout(truth: dict) -> str:
    """Columns aligned with spaces (pdftotext -layout style); blank cells vanish into spaces."""
    out = _narrative(truth) + [HEADINGS[1]]
    for g, cols, r in table2_rows(truth):
        out += [
            "   " + g,
            "   信息内容      " + "   ".join(cols),
            "   " + r[0] + "        " + "     ".join(r[1:]),
        ]
    out += [
        HEADINGS[2],
        "     （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "                      " + "   ".join(table3_columns(truth)),
    ]
    for label, values in table3_rows(truth):
        out.append(f"     {label}        " + "    ".join(values))
    out += [
        HEADINGS[3],
        "   行政复议          行政诉讼",
        "   结果维持  结果纠正  其他结果  尚未审结  总计",
        "   " + "   ".join(table4_values(truth)),
    ]
    return "\n".join(out + _tail()) + "\n"


def render_flat(truth: dict) -> str:
    """A crawler page: the whole body on one line, cells run together with no separator."""
    parts = [HEADINGS[0], "本年度认真做好政府信息主动公开工作。", HEADINGS[1]]
    group = None
    for g, cols, r in table2_rows(truth):
        if g != group:
            parts.append(g + "信息内容" + "".join(cols))
            group = g
        parts.append(r[0] + "".join(r[1:]))
    parts += [
        HEADINGS[2],
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况"
        + "".join(table3_columns(truth)),
    ]
    parts += [label + "".join(values) for label, values in table3_rows(truth)]
    parts += [
        HEADINGS[3],
        "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
        + "".join(table4_values(truth)),
    ]
    parts += [HEADINGS[4], "一是公开内容有待丰富。", HEADINGS[5], "本年度未收取信息处理费。"]
    head = [
        f"标题: {truth['agency']}{truth['year']}年政府信息公开工作年度报告",
        "发布时间: 2025-01-20 10:00",
        "==================== 正文 ====================",
        f"{truth['agency']}{truth['year']}年政府信息公开工作年度报告 本报告所列数据的统计期限自{truth['year']}年1月1日起至{truth['year']}年12月31日止。",
    ]
    return "\n".join(head) + "".join(parts) + "\n"


def render_lines(truth: dict) -> str:
    """Every cell on a line of its own, no tabs, no blank lines between rows (text saved from a
    browser or a PDF tool that breaks at every cell)."""
    cells = render_cells(truth).split("\n")
    return "\n".join(c[1:] if c.startswith("\t") else c for c in cells if c.strip()) + "\n"


LAYOUTS: dict[str, Callable[[dict], str]] = {
    "lines": render_lines,
    "tsv": render_tsv,
    "cells": render_cells,
    "markdown": render_markdown,
    "layout": render_layout,
    "flat": render_flat,
}


# ---------------------------------------------------------------------------------------------
# the official layout with merged cells, as Word and HTML reports print it


@dataclass(frozen=True)
class Span:
    """One printed cell of a grid: its top-left position (0-based), its extent and its text."""

    row: int
    col: int
    text: str
    rows: int = 1
    cols: int = 1


@dataclass
class Grid:
    nrows: int
    ncols: int
    cells: list[Span]

    def put(self, row: int, col: int, text: str, rows: int = 1, cols: int = 1) -> None:
        self.cells.append(Span(row, col, text, rows, cols))


def official_table2(truth: dict) -> Grid:
    """Table 2 in groups: the group's name across the table, its column header, its rows; a row
    with fewer values than columns spans its last value over the rest (本年处理决定数量)."""
    spec = TABLE2[truth["format_version"]]
    rows = [r for r in spec.rows if r.key in truth["table2"]]
    width = 1 + max(len(r.columns) for r in rows)
    groups: list[tuple[str, tuple[str, ...], list]] = []
    for r in rows:
        if not groups or groups[-1][0] != r.group or groups[-1][1] != r.columns:
            groups.append((r.group, r.columns, []))
        groups[-1][2].append(r)
    grid = Grid(sum(2 + len(g[2]) for g in groups), width, [])

    def fill(i: int, texts: list[str]) -> None:
        for j, text in enumerate(texts):
            grid.put(i, j, text, cols=width - j if j == len(texts) - 1 else 1)

    i = 0
    for group, columns, members in groups:
        grid.put(i, 0, group, cols=width)
        fill(i + 1, ["信息内容", *(spec.columns[c] for c in columns)])
        for k, r in enumerate(members):
            fill(i + 2 + k, [r.label, *(cell_text(truth["table2"][r.key].get(c)) for c in columns)])
        i += 2 + len(members)
    return grid


def official_table3(truth: dict) -> Grid:
    """Table 3: the 3-row header (申请人情况 across, 自然人 and 总计 down two rows, 法人或其他组织
    over its five kinds), 三、本年度办理结果 down its rows, each sub-group down its own rows."""
    data = truth["table3"]
    # a column the source did not print at all (seed 004 has no 其他) is left out, as there
    cols = [c for c in TABLE3_COLUMNS if any(data[r].get(c.key) is not None for r in data)]
    org = [c for c in cols if c.key not in ("natural_person", "total")]
    rows = [r for r in standard_table3_rows(truth["format_version"]) if r.key in data]
    if any(v is not None for v in data.get("other_processing", {}).values()):
        # a 2021 report that prints （六）其他处理 as one row (the Hongze PDFs): print it so
        empty = {k for k in data if all(v is None for v in data[k].values())}
        rows = [r for r in rows if r.key not in empty]
        rows.insert([r.key for r in rows].index("results_total"), ROW_BY_KEY["other_processing"])
    width = 3 + len(cols)
    grid = Grid(3 + len(rows), width, [])
    grid.put(0, 0, NOTE, rows=3, cols=3)
    grid.put(0, 3, COLUMN_GROUP, cols=width - 3)
    grid.put(1, 3, "自然人", rows=2)
    grid.put(1, 4, COLUMN_PARENT, cols=len(org))
    for j, c in enumerate(org):
        grid.put(2, 4 + j, c.label)
    grid.put(1, width - 1, "总计", rows=2)
    results = [k for k, r in enumerate(rows) if r.group is not None]
    grid.put(3 + results[0], 0, GROUP_RESULTS, rows=results[-1] - results[0] + 1)
    k = 0
    while k < len(rows):
        r = rows[k]
        end = k
        if r.group is None:
            grid.put(3 + k, 0, r.label, cols=3)
        elif r.group == GROUP_RESULTS:
            grid.put(3 + k, 1, r.label, cols=2)
        else:  # a sub-row: its category down column 1, its own label in column 2
            while end + 1 < len(rows) and rows[end + 1].group == r.group:
                end += 1
            grid.put(3 + k, 1, r.group, rows=end - k + 1)
            for m in range(k, end + 1):
                grid.put(3 + m, 2, rows[m].label)
        for m in range(k, end + 1):
            for j, c in enumerate(cols):
                grid.put(3 + m, 3 + j, cell_text(data[rows[m].key].get(c.key)))
        k = end + 1
    return grid


def official_table4(truth: dict) -> Grid:
    """Table 4: 行政复议 and 行政诉讼 across, the review columns down two rows, the two kinds of
    litigation each across its five columns, then the fifteen values."""
    n = len(TABLE4_COLUMNS)
    grid = Grid(4, 3 * n, [])
    grid.put(0, 0, "行政复议", cols=n)
    grid.put(0, n, "行政诉讼", cols=2 * n)
    grid.put(1, n, "未经复议直接起诉", cols=n)
    grid.put(1, 2 * n, "复议后起诉", cols=n)
    for j, label in enumerate(TABLE4_COLUMNS.values()):
        grid.put(1, j, label, rows=2)
        grid.put(2, n + j, label)
        grid.put(2, 2 * n + j, label)
    for b, block in enumerate(TABLE4_BLOCKS):
        for j, col in enumerate(TABLE4_COLUMNS):
            grid.put(3, b * n + j, cell_text(truth["table4"][block][col]))
    return grid


def official_report(truth: dict) -> list[str | Grid]:
    """A whole report in reading order: title, the six sections, tables 2-4 in their sections."""
    year = truth["year"]
    return [
        f"{truth['agency']}{year}年政府信息公开工作年度报告",
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        HEADINGS[0],
        "本年度认真贯彻落实《中华人民共和国政府信息公开条例》，做好政府信息公开工作。",
        HEADINGS[1],
        official_table2(truth),
        HEADINGS[2],
        official_table3(truth),
        HEADINGS[3],
        official_table4(truth),
        HEADINGS[4],
        "一是公开内容有待丰富；二是公开形式有待创新。",
        HEADINGS[5],
        "本年度未收取信息处理费。",  # a table last in the body would be lost in .doc
    ]


def report_docx(truth: dict) -> bytes:
    """A whole report as a .docx (python-docx), tables ruled ("Table Grid") with merged cells."""
    import docx

    d = docx.Document()
    for block in official_report(truth):
        if isinstance(block, str):
            d.add_paragraph(block)
            continue
        table = d.add_table(rows=block.nrows, cols=block.ncols)
        table.style = "Table Grid"
        # python-docx's table.cell() walks the whole table on every call: take the cells once,
        # before any merge (an origin keeps its element)
        cells = table._cells
        for span in block.cells:
            cell = cells[span.row * block.ncols + span.col]
            if span.rows > 1 or span.cols > 1:
                far = cells[(span.row + span.rows - 1) * block.ncols + span.col + span.cols - 1]
                cell = cell.merge(far)
            cell.text = span.text
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def report_html(truth: dict) -> str:
    """A whole report as an HTML page the way portals publish one: a site header and navigation,
    the article's paragraphs, and the tables with rowspan and colspan, one element per line."""
    lines = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        '<head><meta charset="utf-8"><title>政府信息公开工作年度报告</title></head>',
        "<body>",
        '<div class="nav"><a href="/">首页</a> &gt; <a href="/xxgk">政府信息公开</a></div>',
        '<div class="article">',
    ]
    for block in official_report(truth):
        if isinstance(block, str):
            lines.append(f"<p>{html.escape(block)}</p>")
            continue
        lines.append('<table border="1" cellspacing="0">')
        lines.append("<tbody>")
        for r in range(block.nrows):
            lines.append("<tr>")
            for span in sorted((s for s in block.cells if s.row == r), key=lambda s: s.col):
                attrs = (f' rowspan="{span.rows}"' if span.rows > 1 else "") + (
                    f' colspan="{span.cols}"' if span.cols > 1 else ""
                )
                lines.append(f"<td{attrs}>{html.escape(span.text)}</td>")
            lines.append("</tr>")
        lines += ["</tbody>", "</table>"]
    lines += ["</div>", '<div class="footer">主办：某某人民政府办公室</div>', "</body>", "</html>"]
    return "\n".join(lines) + "\n"
