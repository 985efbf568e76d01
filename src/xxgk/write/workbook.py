"""The fill-in workbook: the three tables laid out as printed (merged header cells as in the
official template), totals as live formulas, input cells restricted to non-negative integers
(money to 4 decimals), a sheet for the six sections' text and one for the agency, year and fees.

A hidden sheet maps every input cell to its key in the report JSON, so that reading the workbook
back never depends on where a label sits. A total whose formula was left in place counts as not
stated (it is computed again when rendering); a number typed over it is stated and checked."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from io import BytesIO
from typing import Any

from xxgk import errors
from xxgk.render.layout import Layout, headings, layouts, title_of
from xxgk.report import Report
from xxgk.standard.identities import identities_for
from xxgk.standard.table2 import AMOUNT_COLUMNS, SIGNED_COLUMNS
from xxgk.write.narrative import PLACEHOLDER

SHEETS = {"table2": "表二 主动公开", "table3": "表三 收到和处理申请", "table4": "表四 复议诉讼"}
INFO_SHEET, TEXT_SHEET, MAP_SHEET = "基本信息", "正文", "_xxgk"
INFO_ROWS = (
    ("agency", "机关名称"),
    ("year", "年度"),
    ("format_version", "格式版本（2021 或 2019）"),
    ("published", "落款日期（如 2025-01-20，可不填）"),
    ("fees.notices", "本年度发出信息处理费收费通知（件）"),
    ("fees.amount", "收费通知总金额（元）"),
    ("fees.collected", "实际收取信息处理费（元）"),
)
INPUT_FILL = "FFF8E1"
TOTAL_FILL = "E8EEF7"


def _styles():  # type: ignore[no-untyped-def]
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="000000")
    return {
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "left": Alignment(horizontal="left", vertical="center", wrap_text=True),
        "font": Font(name="宋体", size=10),
        "bold": Font(name="宋体", size=12, bold=True),
        "input": PatternFill("solid", fgColor=INPUT_FILL),
        "total": PatternFill("solid", fgColor=TOTAL_FILL),
    }


def _place(layout: Layout, first_row: int) -> dict[tuple[int, int], tuple[Any, int, int]]:
    """(row, column) of every layout cell in a sheet, spans resolved as in an HTML table."""
    taken: set[tuple[int, int]] = set()
    out: dict[tuple[int, int], tuple[Any, int, int]] = {}
    for i, row in enumerate(layout):
        r, c = first_row + i, 1
        for cell in row:
            while (r, c) in taken:
                c += 1
            out[(r, c)] = (cell, cell.rowspan, cell.colspan)
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    return out


def _total_formulas(report: Report) -> dict[str, list[str]]:
    """Each total cell → the cells it sums (identities whose one side is a single cell)."""
    out: dict[str, list[str]] = {}
    for ident in identities_for(report.format_version or "2021", report.table3_collapsed_other):
        if len(ident.lhs) == 1:
            out[ident.lhs[0]] = list(ident.rhs)
    return out


def _cell_value(report: Report, path: str) -> Any:
    cell = report.cell(path)
    if cell is None or not cell.known:
        return None
    return float(cell.value) if isinstance(cell.value, Decimal) else cell.value


def build_workbook(report: Report, bases: Mapping[str, int] | None = None) -> bytes:
    """The fill-in workbook for `report` (blank or pre-filled). `bases`: table 2 现行有效件数
    of last year per row, which makes this year's 现行有效件数 a formula (上年 + 制发 − 废止)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    st = _styles()
    bases = dict(bases or {})
    wb = Workbook()
    info = wb.active
    info.title = INFO_SHEET
    info["A1"] = title_of(report)
    info["A1"].font = st["bold"]
    values = {
        "agency": report.agency,
        "year": report.year,
        "format_version": report.format_version,
        "published": report.published,
    }
    for i, (key, label) in enumerate(INFO_ROWS, start=3):
        info.cell(i, 1, label).font = st["font"]
        target = info.cell(i, 2, values.get(key))
        target.fill = st["input"]
    info.column_dimensions["A"].width = 38
    info.column_dimensions["B"].width = 40
    mapping: list[tuple[str, str, str]] = [
        (key, INFO_SHEET, f"B{i}") for i, (key, _l) in enumerate(INFO_ROWS, 3)
    ]
    totals = _total_formulas(report)
    for table, name in SHEETS.items():
        ws = wb.create_sheet(name)
        ws["A1"] = headings()[int(table[-1]) - 1]
        ws["A1"].font = st["bold"]
        placed = _place(layouts(report)[table], 3)
        coords: dict[str, str] = {}
        for (r, c), (cell, _rs, _cs) in placed.items():
            if cell.path:
                coords[cell.path] = f"{get_column_letter(c)}{r}"
        counts = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        signed = DataValidation(type="whole", allow_blank=True, formula1="-1000000000", formula2="1000000000")
        for dv, what in ((counts, "非负整数"), (signed, "整数，可为负数")):
            _explain(dv, what)
            ws.add_data_validation(dv)
        for (r, c), (cell, rs, cs) in placed.items():
            target = ws.cell(r, c)
            for dr in range(rs):
                for dc in range(cs):
                    ws.cell(r + dr, c + dc).border = st["border"]
            if rs > 1 or cs > 1:
                ws.merge_cells(start_row=r, start_column=c, end_row=r + rs - 1, end_column=c + cs - 1)
            target.font = st["font"]
            if not cell.path:
                target.value = cell.text
                target.alignment = st["left"] if table == "table3" and r > 5 else st["center"]
                continue
            target.alignment = st["center"]
            col = cell.path.rsplit(".", 1)[1]
            row_key = cell.path.split(".")[1]
            if cell.path in totals and all(p in coords for p in totals[cell.path]):
                target.value = "=" + "+".join(coords[p] for p in totals[cell.path])
                target.fill = st["total"]
                mapping.append((cell.path, ws.title, coords[cell.path]))
                continue
            base_key = f"{row_key}.in_force"
            if table == "table2" and col == "in_force" and base_key in bases:
                issued, repealed = coords[f"table2.{row_key}.issued"], coords[f"table2.{row_key}.repealed"]
                target.value = f"={bases[base_key]}+{issued}-{repealed}"
                target.fill = st["total"]
                mapping.append((cell.path + f"@base={bases[base_key]}", ws.title, coords[cell.path]))
                continue
            target.value = _cell_value(report, cell.path)
            target.fill = st["input"]
            if col in AMOUNT_COLUMNS:
                target.number_format = "0.0000"
                ref = target.coordinate
                money = DataValidation(
                    type="custom",
                    formula1=f"AND(ISNUMBER({ref}),{ref}>=0,ROUND({ref},4)={ref})",
                    allow_blank=True,
                )
                _explain(money, "非负数，最多4位小数")
                ws.add_data_validation(money)
                money.add(target)
            elif col in SIGNED_COLUMNS:
                signed.add(target)
            else:
                counts.add(target)
            mapping.append((cell.path, ws.title, coords[cell.path]))
        widths = {"table2": [16, 14, 14, 14], "table3": [6, 8, 30] + [8] * 7, "table4": [7] * 15}[table]
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w
    text = wb.create_sheet(TEXT_SHEET)
    text["A1"], text["B1"] = "部分", "正文（每段一行；可用 Alt+Enter 换行）"
    bodies = {s.number: s.text for s in report.sections}
    for i, heading in enumerate(headings(), start=2):
        text.cell(i, 1, heading).font = st["font"]
        body = text.cell(i, 2, bodies.get(i - 1) or (PLACEHOLDER if i - 1 in (1, 5, 6) else None))
        body.alignment = st["left"]
        body.fill = st["input"]
        mapping.append((f"sections.{i - 1}", TEXT_SHEET, f"B{i}"))
        text.row_dimensions[i].height = 90
    text.column_dimensions["A"].width = 34
    text.column_dimensions["B"].width = 100
    hidden = wb.create_sheet(MAP_SHEET)
    hidden.sheet_state = "hidden"
    hidden.append(("key", "sheet", "cell"))
    for row in mapping:
        hidden.append(row)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _explain(dv: Any, what: str) -> None:
    dv.error, dv.errorTitle, dv.prompt = f"请填写{what}", "输入有误", f"请填写{what}"
    dv.showErrorMessage = True


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    node = data
    for p in parents:
        node = node.setdefault(p, {})
    node[last] = value


def _plain(value: Any) -> Any:
    if isinstance(value, str) and value.strip() == "":
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return value


def read_workbook(data: bytes, name: str | None = None) -> dict[str, Any]:
    """The render-input mapping of a filled workbook (formulas left in place are left out)."""
    try:
        from openpyxl import load_workbook
    except ImportError as exc:  # pragma: no cover - openpyxl is in the xlsx extra
        raise errors.XxgkError(
            errors.MISSING_DEPENDENCY, "读取工作簿需要 openpyxl，请安装 xxgk[xlsx]", name
        ) from exc
    try:
        wb = load_workbook(BytesIO(data), data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise errors.XxgkError(errors.RENDER_INPUT, f"无法打开工作簿：{exc}", name) from exc
    if MAP_SHEET not in wb.sheetnames:
        raise errors.XxgkError(errors.RENDER_INPUT, "这不是 xxgk new --xlsx 生成的填报工作簿", name)
    out: dict[str, Any] = {}
    for key, sheet, coord in wb[MAP_SHEET].iter_rows(min_row=2, values_only=True):
        value = wb[sheet][coord].value
        base = None
        if "@base=" in key:
            key, base = key.split("@base=")
        formula = isinstance(value, str) and value.startswith("=")
        if key.startswith("table") and formula:
            if base is not None:
                value = _stock(wb[sheet], value, int(base))
                if value is None:
                    continue
            else:
                continue  # a live total: computed when rendering
        if key.startswith("sections.") and isinstance(value, str) and value.strip() == PLACEHOLDER:
            value = None
        _set(out, key, _plain(value))
    return out


def _stock(ws: Any, formula: str, base: int) -> int | None:
    """上年现行有效件数 + 制发 − 废止, from the formula's two cells, when both are filled."""
    _, issued, repealed = formula.lstrip("=").replace("-", "+").split("+")
    a, b = ws[issued].value, ws[repealed].value
    if not isinstance(a, int | float) or not isinstance(b, int | float):
        return None
    return int(base + a - b)
