"""An Excel workbook of a checked batch, for supervisors who work in Excel: every finding, every
extracted cell (one row per report × cell), a per-report summary and a legend."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal
from io import BytesIO
from typing import Any

from xxgk import errors
from xxgk.render.html import STATUS_ZH
from xxgk.render.summary import BatchSummary
from xxgk.render.terminal import SEVERITY_ZH
from xxgk.report import Report
from xxgk.standard.table2 import TABLE2
from xxgk.standard.table3 import COLUMN_BY_KEY, ROW_BY_KEY
from xxgk.standard.table4 import TABLE4_BLOCKS, TABLE4_COLUMNS

FAULT_ZH = {"source": "原文", "extraction": "读取", None: ""}
TABLE_ZH = {"table2": "表二", "table3": "表三", "table4": "表四"}
FINDING_HEADER = ("文件", "机关", "年度", "编号", "严重程度", "说明", "涉及单元格", "问题来源", "位置")
CELL_HEADER = (
    "文件",
    "机关",
    "年度",
    "表",
    "行键",
    "行名称",
    "列键",
    "列名称",
    "数值",
    "状态",
    "原文",
    "位置",
)
SUMMARY_HEADER = ("文件", "机关", "年度", "格式", "错误", "警告", "提示", "结转衔接", "说明")


def _labels(report: Report, table: str, row: str, col: str) -> tuple[str, str]:
    if table == "table3":
        return ROW_BY_KEY[row].label, COLUMN_BY_KEY[col].label
    if table == "table4":
        return TABLE4_BLOCKS[row], TABLE4_COLUMNS[col]
    for spec in (TABLE2.get(report.format_version or ""), *TABLE2.values()):
        if spec is None:
            continue
        r = next((r for r in spec.rows if r.key == row), None)
        if r is not None and col in spec.columns:
            return r.label, spec.columns[col]
    return row, col


def _path(report: Report) -> str:
    return str(report.source.get("path") or "（标准输入）")


def _number(value: int | Decimal | None) -> int | float | None:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def finding_rows(reports: Iterable[Report]) -> Iterator[tuple[Any, ...]]:
    for r in reports:
        name = _path(r)
        for f in r.sorted_findings():
            # the failures a finding causes follow it on rows of their own, marked as folded under it
            for sub, lead in ((f, ""), *((x, "└ 连带：") for x in f.folded)):
                yield (
                    name,
                    r.agency,
                    r.year,
                    sub.code,
                    SEVERITY_ZH[sub.severity],
                    lead + sub.message,
                    "、".join(sub.cells),
                    FAULT_ZH[sub.fault],
                    r.place(sub),
                )


def cell_rows(reports: Iterable[Report]) -> Iterator[tuple[Any, ...]]:
    for r in reports:
        name = _path(r)
        for table in ("table2", "table3", "table4"):
            for row, cols in (getattr(r, table) or {}).items():
                for col, cell in cols.items():
                    row_label, col_label = _labels(r, table, row, col)
                    yield (
                        name,
                        r.agency,
                        r.year,
                        TABLE_ZH[table],
                        row,
                        row_label,
                        col,
                        col_label,
                        _number(cell.value),
                        cell.status,
                        cell.raw,
                        cell.where.describe(),
                    )


def _summary_rows(summary: BatchSummary) -> Iterator[tuple[Any, ...]]:
    verdicts = {id(row.report): row.verdict for s in summary.series for row in s.rows}
    for r in summary.reports:
        n = Counter(f.severity for f in r.findings)
        yield (
            _path(r),
            r.agency,
            r.year,
            r.format_version,
            n["error"],
            n["warning"],
            n["info"],
            verdicts.get(id(r), ""),
            "",
        )
    for u in summary.unreadable:
        yield (u.path, None, None, None, None, None, None, "", "无法读取：" + u.reason)


def _legend() -> list[tuple[str, str]]:
    rows = [(f"状态：{k}", v) for k, v in STATUS_ZH.items()]
    rows += [
        ("严重程度：错误", "勾稽关系不成立，或缺少必需的表格、内容"),
        ("严重程度：警告", "可疑或不规范，需人工核实"),
        ("严重程度：提示", "仅供参考"),
        ("问题来源：原文", "报告本身有误"),
        ("问题来源：读取", "原文无法准确读取（如数字粘连、扫描不清）"),
    ]
    return rows


def render_batch(summary: BatchSummary) -> bytes:
    """The workbook as bytes (the caller writes it atomically)."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font, PatternFill
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise errors.XxgkError(
            errors.MISSING_DEPENDENCY, "导出 Excel 需要 openpyxl：pip install 'xxgk[xlsx]'"
        ) from exc
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="EEF1F5")
    severity_fill = {
        "错误": PatternFill("solid", fgColor="FDE4E1"),
        "警告": PatternFill("solid", fgColor="FFF1CC"),
    }

    def cells(ws: Any, values: Iterable[Any], fill: Any = None, font: Any = None) -> list[Any]:
        out: list[Any] = []
        for v in values:
            if isinstance(v, str):
                v = ILLEGAL_CHARACTERS_RE.sub("", v)  # control characters from damaged sources
            # text from a report is never a formula, whatever it starts with
            formula_like = isinstance(v, str) and v.startswith("=")
            if fill is None and font is None and not formula_like:
                out.append(v)
                continue
            c = WriteOnlyCell(ws, value=v)
            if formula_like:
                c.data_type = "s"
            if fill is not None:
                c.fill = fill
            if font is not None:
                c.font = font
            out.append(c)
        return out

    def sheet(
        title: str,
        header: tuple[str, ...],
        rows: Iterable[tuple[Any, ...]],
        widths: tuple[int, ...],
        severity_col: int | None = None,
    ) -> None:
        ws = wb.create_sheet(title)
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w
        ws.freeze_panes = "A2"
        ws.append(cells(ws, header, head_fill, bold))
        last = 1
        for row in rows:
            fill = severity_fill.get(row[severity_col]) if severity_col is not None else None
            ws.append(cells(ws, row, fill))
            last += 1
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{last}"

    sheet("汇总", SUMMARY_HEADER, _summary_rows(summary), (36, 28, 8, 8, 8, 8, 8, 22, 50))
    sheet(
        "问题清单",
        FINDING_HEADER,
        finding_rows(summary.reports),
        (36, 28, 8, 24, 10, 90, 40, 10, 30),
        severity_col=4,
    )
    sheet("表格数据", CELL_HEADER, cell_rows(summary.reports), (36, 28, 8, 6, 28, 40, 16, 22, 12, 12, 16, 30))
    sheet("说明", ("项目", "含义"), _legend(), (22, 60))
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
