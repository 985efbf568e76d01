"""Terminal view of a Report for `xxgk check`: tables aligned, findings most severe first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from xxgk.report import CellValue, Finding, Report
from xxgk.standard.phrases import phrases
from xxgk.standard.sections import TABLE_NAMES, TABLE_TITLES
from xxgk.standard.table2 import LABEL_COLUMN, TABLE2
from xxgk.standard.table3 import COLUMN_BY_KEY, GROUP_RESULTS, ROW_BY_KEY
from xxgk.standard.table4 import BLOCK_HEADINGS, TABLE4_BLOCKS, TABLE4_COLUMNS

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


def wrap(label: str, width: int, pieces: Sequence[str] | None = None) -> str:
    """The label on lines of at most `width` cells, broken only between its phrases."""
    lines = [""]
    for phrase in pieces or phrases(label):
        if lines[-1] and cell_len(lines[-1] + phrase) > width:
            lines.append("")
        lines[-1] += phrase
    return "\n".join(lines)


def _widest_phrase(labels: Iterable[str]) -> int:
    return max((cell_len(p) for label in labels for p in phrases(label)), default=0)


def _table_width(columns: Sequence[int]) -> int:
    """Cells a rich Table with the default box and padding needs for these column widths."""
    return sum(columns) + 3 * len(columns) + 1


def _entries(report: Report) -> list[tuple[str, str, str | None]]:
    """Table 3 in printed order: (row number, label, row key) for rows, ("", group, None) for the
    group headings （三）不予公开 … shown once before their first row."""
    out: list[tuple[str, str, str | None]] = []
    seen: set[str] = set()
    for n, key in enumerate(report.table3 or {}, start=1):
        spec = ROW_BY_KEY[key]
        for group in (
            (GROUP_RESULTS, spec.group) if spec.group and spec.group != GROUP_RESULTS else (spec.group,)
        ):
            if group and group not in seen:
                seen.add(group)
                out.append(("", group, None))
        out.append((str(n), spec.label, key))
    return out


def _table2(report: Report, width: int) -> Table | None:
    if report.table2 is None:
        return None
    spec = TABLE2.get(report.format_version or "2021", TABLE2["2021"])
    labels = [r.label for r in spec.rows] + [r.group for r in spec.rows]
    natural = max(cell_len(x) for x in labels)
    label_w = max(_widest_phrase(labels), min(natural, width // 3))
    t = Table(title=_title("table2"), title_justify="left", show_lines=False)
    t.add_column(LABEL_COLUMN, width=label_w)
    t.add_column("数值")
    group = None
    for row in spec.rows:
        if row.group != group:
            group = row.group
            t.add_row(Text(wrap(group, label_w), style="bold"), "")
        cols = report.table2.get(row.key, {})
        parts = Text()
        for i, col in enumerate(row.columns):
            if i:
                parts.append("  ")
            parts.append(f"{spec.columns[col]}：")
            parts.append_text(cell_text(cols.get(col)))
        t.add_row(wrap(row.label, label_w), parts)
    return t


def _table3(report: Report, width: int) -> list[Table | Text] | None:
    """Row numbers, labels wrapped between phrases and the seven columns; where even the widest
    phrase does not fit beside the numbers, the labels are listed under the table instead."""
    if report.table3 is None:
        return None
    cols = list(COLUMN_BY_KEY)
    entries = _entries(report)
    cells = {key: [cell_text(report.table3[key].get(c)) for c in cols] for _, _, key in entries if key}
    values = [max((cells[k][i].cell_len for k in cells), default=1) for i in range(len(cols))]
    number_w = max(cell_len("序号"), len(str(len(cells))))
    labels = [label for _, label, _ in entries]
    natural = max(cell_len(x) for x in labels)
    headers = [COLUMN_BY_KEY[c].label for c in cols]
    for split in (False, True):  # column headings whole if the labels still fit whole beside them
        heads = [wrap(h, 1) if split else h for h in headers]
        widths = [max(v, *(cell_len(x) for x in h.split("\n"))) for v, h in zip(values, heads, strict=True)]
        label_w = min(natural, width - _table_width([number_w, *widths]) - 3)
        if label_w >= natural:
            break
    beside = label_w >= _widest_phrase(labels)
    t = Table(title=_title("table3"), title_justify="left")
    t.add_column("序号", justify="right", width=number_w, no_wrap=True)
    if beside:
        t.add_column("项目", width=label_w)
    for head, w in zip(heads, widths, strict=True):
        t.add_column(head, justify="right", width=w, no_wrap=True)
    for number, label, key in entries:
        if not beside and not key:
            continue  # the headings go with the labels under the table
        text = Text(wrap(label, label_w) if beside else label, style="" if key else "bold")
        row = cells[key] if key else [Text("")] * len(cols)
        t.add_row(number, *([text] if beside else []), *row)
    if beside:
        return [t]
    legend = Table.grid(padding=(0, 1))
    legend.add_column(justify="right", width=number_w)
    legend.add_column(width=width - number_w - 1)
    for number, label, key in entries:
        legend.add_row(number, Text(wrap(label, width - number_w - 1), style="" if key else "bold"))
    return [t, Text("各序号所指的行：", style="dim"), legend]


def _table4(report: Report, width: int) -> Table | None:
    if report.table4 is None:
        return None
    cells = {b: [cell_text(report.table4[b].get(c)) for c in TABLE4_COLUMNS] for b in TABLE4_BLOCKS}
    values = [max(cells[b][i].cell_len for b in cells) for i in range(len(TABLE4_COLUMNS))]
    labels = list(BLOCK_HEADINGS.values())
    natural = max(map(cell_len, labels))
    for split in (False, True):
        heads = [wrap(h, 1) if split else h for h in TABLE4_COLUMNS.values()]
        widths = [max(v, *(cell_len(x) for x in h.split("\n"))) for v, h in zip(values, heads, strict=True)]
        label_w = max(_widest_phrase(labels), min(natural, width - _table_width(widths) - 3))
        if label_w >= natural:
            break
    t = Table(title=_title("table4"), title_justify="left")
    t.add_column("", width=label_w)
    for head, w in zip(heads, widths, strict=True):
        t.add_column(head, justify="right", width=w, no_wrap=True)
    for block in TABLE4_BLOCKS:
        if block == "litigation_direct":
            t.add_row(Text(BLOCK_HEADINGS["litigation"], style="bold"), *[""] * len(TABLE4_COLUMNS))
        t.add_row(wrap(BLOCK_HEADINGS[block], label_w), *cells[block])
    return t


# where a year not printed in the title was read, for the reader to check
_YEAR_SOURCE = {"period": "（据统计期限）", "date": "（据落款日期推定）"}

# Chinese line breaking: these never begin a line, these never end one.
_NO_LINE_START = frozenset("，。、；：？！）》」』”’%＝")
_NO_LINE_END = frozenset("（《「『“‘")


def _breakable(text: str, i: int) -> bool:
    """May a line break before text[i]? Not before closing or after opening punctuation, and
    not inside or beside a number or inside a code (第10行, 45 件, 3., T3.IDENTITY)."""
    a, b = text[i - 1], text[i]
    if b in _NO_LINE_START or a in _NO_LINE_END or a.isdigit() or b.isdigit():
        return False
    return not (a.isascii() and b.isascii() and not a.isspace() and not b.isspace())


def fold(text: Text, width: int, indent: int = 0) -> list[Text]:
    """Running Chinese text on lines of at most `width` cells, broken between characters as
    Chinese is set; continuation lines indented by `indent` cells, a space at a break dropped."""
    plain = text.plain
    cuts: list[int] = []
    start, room = 0, width
    while cell_len(plain[start:]) > room:
        fits = start + 1  # the longest run from start that fits (at least one character)
        while fits < len(plain) and cell_len(plain[start : fits + 1]) <= room:
            fits += 1
        cut = next((k for k in range(fits, start, -1) if _breakable(plain, k)), fits)  # else cut hard
        cuts.append(cut)
        start, room = cut + (plain[cut] == " "), width - indent
    lines = [
        line if k == 0 or not line.plain.startswith(" ") else line[1:]
        for k, line in enumerate(text.divide(cuts))
    ]
    return [line if k == 0 else Text(" " * indent) + line for k, line in enumerate(lines)]


def _finding_text(f: Finding, place: str) -> Text:
    """A finding on one line, with where it points in the terms of the file (Report.place)."""
    line = Text()
    line.append(f"[{SEVERITY_ZH[f.severity]}] ", style=SEVERITY_STYLE[f.severity])
    line.append(f"{f.code}  ", style="dim")
    line.append(f.message)
    if place:
        line.append(f"（{place}）", style="dim")
    return line


def render(report: Report, console: Console, tables: bool = True) -> None:
    src = report.source.get("path") or "（标准输入）"
    head = Text()
    head.append(f"{src}\n", style="bold")
    year = f"{report.year}{_YEAR_SOURCE.get(report.year_source or '', '')}" if report.year else "未识别"
    head.append(
        f"机关：{report.agency or '未识别'}    年度：{year}    "
        f"格式：{version_zh(report.format_version)}    发布日期：{report.published or '未识别'}"
    )
    console.print(head)
    if tables:
        width = console.width
        parts: list[Table | Text] = []
        for part in (_table2(report, width), _table3(report, width), _table4(report, width)):
            if isinstance(part, list):
                parts.extend(part)
            elif part is not None:
                parts.append(part)
        console.print(Group(*parts))
        console.print(
            Text(
                wrap(LEGEND, width, [p + "；" for p in LEGEND.split("；")[:-1]] + [LEGEND.split("；")[-1]]),
                style="dim",
            )
        )
    findings = report.sorted_findings()
    if not findings:
        console.print(Text("未发现问题。", style="green"))
    width = 10**6 if console.soft_wrap else console.width  # piped output keeps each finding on one line
    for f in findings:
        for line in fold(_finding_text(f, report.place(f)), width, indent=2):
            console.print(line, no_wrap=True, crop=False)
        for sub in f.folded:  # the failures this one causes: under it, indented, not beside it
            for line in fold(
                Text("  └ ", style="dim") + _finding_text(sub, report.place(sub)), width, indent=6
            ):
                console.print(line, no_wrap=True, crop=False)
    console.print()


def version_zh(v: str | None) -> str:
    return {
        "2021": "2021年格式（国办公开办函〔2021〕30号）",
        "2019": "2019年试行格式（国办公开办函〔2019〕60号）",
        "pre2019": "2019年以前的旧格式",
    }.get(v or "", "未识别")
