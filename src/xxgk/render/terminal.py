"""Terminal view of a Report for `xxgk check`: tables aligned, findings most severe first."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from xxgk.report import CellValue, Report
from xxgk.standard.sections import TABLE_NAMES, TABLE_TITLES
from xxgk.standard.table2 import TABLE2
from xxgk.standard.table3 import COLUMN_BY_KEY, ROW_BY_KEY
from xxgk.standard.table4 import TABLE4_BLOCKS, TABLE4_COLUMNS

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
LEGEND = "图例：数字=原文所印；数字+“补”=原文缺失、按勾稽关系唯一补出；?=无法读取；空=空白；/=占位符；×=原表无此行列"


def _title(table: str) -> str:
    return f"{TABLE_NAMES[table]} {TABLE_TITLES[table]}"


def cell_text(cell: CellValue | None) -> Text:
    if cell is None or cell.status == "absent":
        return Text("×", style="dim")
    if cell.status == "number":
        return Text(_num(cell.value))
    if cell.status == "inferred":
        return Text(f"{_num(cell.value)}补", style="bold green")
    if cell.status == "unreadable":
        return Text("?", style="bold red")
    if cell.status == "placeholder":
        return Text(cell.raw.strip() or "/", style="dim")
    return Text("空", style="dim")


def _num(v: object) -> str:
    return str(v)


def _table2(report: Report) -> Table | None:
    if report.table2 is None:
        return None
    spec = TABLE2.get(report.format_version or "2021", TABLE2["2021"])
    t = Table(title=_title("table2"), title_justify="left", show_lines=False)
    t.add_column("信息内容")
    t.add_column("数值")
    for row in spec.rows:
        cols = report.table2.get(row.key, {})
        parts = Text()
        for i, col in enumerate(row.columns):
            if i:
                parts.append("  ")
            parts.append(f"{spec.columns[col]} ")
            parts.append_text(cell_text(cols.get(col)))
        t.add_row(row.label, parts)
    return t


def _table3(report: Report) -> Table | None:
    if report.table3 is None:
        return None
    t = Table(title=_title("table3"), title_justify="left")
    t.add_column("项目")
    cols = list(COLUMN_BY_KEY)
    for c in cols:
        t.add_column(COLUMN_BY_KEY[c].label, justify="right")
    for key, row in report.table3.items():
        t.add_row(ROW_BY_KEY[key].label[:24], *[cell_text(row.get(c)) for c in cols])
    return t


def _table4(report: Report) -> Table | None:
    if report.table4 is None:
        return None
    t = Table(title=_title("table4"), title_justify="left")
    t.add_column("")
    for c in TABLE4_COLUMNS.values():
        t.add_column(c, justify="right")
    for block, label in TABLE4_BLOCKS.items():
        t.add_row(label, *[cell_text(report.table4[block].get(c)) for c in TABLE4_COLUMNS])
    return t


def render(report: Report, console: Console, tables: bool = True) -> None:
    src = report.source.get("path") or "（标准输入）"
    head = Text()
    head.append(f"{src}\n", style="bold")
    head.append(
        f"机关：{report.agency or '未识别'}    年度：{report.year or '未识别'}    "
        f"格式：{version_zh(report.format_version)}    发布日期：{report.published or '未识别'}"
    )
    console.print(head)
    if tables:
        parts = [p for p in (_table2(report), _table3(report), _table4(report)) if p is not None]
        console.print(Group(*parts))
        console.print(Text(LEGEND, style="dim"))
    findings = report.sorted_findings()
    if not findings:
        console.print(Text("未发现问题。", style="green"))
    for f in findings:
        line = Text()
        line.append(f"[{SEVERITY_ZH[f.severity]}] ", style=SEVERITY_STYLE[f.severity])
        line.append(f"{f.code}  ", style="dim")
        line.append(f.message)
        if place := report.place(f):
            line.append(f"（{place}）", style="dim")
        console.print(line)
    console.print()


def version_zh(v: str | None) -> str:
    return {
        "2021": "2021年格式（国办公开办函〔2021〕30号）",
        "2019": "2019年试行格式（国办公开办函〔2019〕60号）",
        "pre2019": "2019年以前的旧格式",
    }.get(v or "", "未识别")
