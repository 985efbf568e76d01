"""Render a truth file's tables as the text layouts real reports arrive in.

Used to test the extractor on every layout with every truth file's numbers: what a careful
person read is printed again, and must be read back exactly (or, where digits run together
beyond what the identities can split, left unread — never guessed)."""

from __future__ import annotations

from collections.abc import Callable

from xxgk.standard.sections import SECTIONS
from xxgk.standard.table2 import TABLE2
from xxgk.standard.table3 import COLUMN_BY_KEY, ROW_BY_KEY, TABLE3_COLUMNS
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
