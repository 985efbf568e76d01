"""The office's case log (政府信息公开申请登记簿) → 表三 of a year, and per case the statutory
deadline in working days, the working days used, whether it was late, and the fee 国办函〔2020〕109号
allows against the fee charged.

Counting (条例 Arts. 30, 32, 33; SPEC §1.1, §4.3, §7):
* the day an application is received is not counted; the reply is due on the 20th working day
  after it, the 40th with an extension (延期);
* after a 补正 notice the count starts again from the day the corrected application is received;
  while the agency waits for it no deadline runs;
* the working days from the day after a consultation (征求意见) starts through the day it ends
  are not counted;
* 本年新收 counts applications received in the year, 上年结转 those received earlier and still open
  on the last day of the year before, the outcome rows those answered in the year, 结转下年度
  those still open on 12-31; every case is counted in one outcome row only.
Rows that cannot be counted are listed with their spreadsheet row number; none is dropped silently.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from xxgk import errors
from xxgk.report import CellValue, Grid, Report
from xxgk.standard.table3 import APPLICANT_COLUMNS, ROW_BY_KEY, TABLE3_COLUMNS, table3_rows
from xxgk.write import workdays

# the template's headers are the interface (the last one is optional)
COLUMNS = (
    "编号",
    "申请人",
    "申请人类型",
    "申请方式",
    "收到日期",
    "补正告知日期",
    "补正收到日期",
    "征求意见开始日期",
    "征求意见结束日期",
    "延期（是/否）",
    "收费方式（按件/按量）",
    "页数",
    "收费通知日期",
    "缴费日期",
    "办理结果",
    "答复日期",
    "收费金额（元）",
)
OPTIONAL = frozenset({"收费金额（元）"})
DATE_COLUMNS = (
    "收到日期",
    "补正告知日期",
    "补正收到日期",
    "征求意见开始日期",
    "征求意见结束日期",
    "收费通知日期",
    "缴费日期",
    "答复日期",
)
REPLY_DAYS = 20  # 条例 Art. 33
CORRECTION_NOTICE_DAYS = 7  # 条例 Art. 30: the 补正 notice within 7 working days of receipt
EXTENSION_DAYS = 20
CATEGORY_BY_LABEL = {c.label: c.key for c in TABLE3_COLUMNS if c.key != "total"}
EXCEL_EPOCH = date(1899, 12, 30)


@dataclass
class Case:
    row: int
    id: str
    applicant: str
    category: str  # a table-3 applicant column key
    received: date
    correction_notice: date | None = None
    correction_received: date | None = None
    consultation: tuple[date, date] | None = None
    extended: bool = False
    fee_mode: str | None = None  # 按件 / 按量
    pages: int | None = None
    fee_notice: date | None = None
    fee_paid: date | None = None
    outcome: str | None = None  # a table-3 outcome row key
    replied: date | None = None
    fee_charged: Decimal | None = None
    fee_computed: int = 0
    due: date | None = None


@dataclass
class RowError:
    row: int | None  # spreadsheet row (the header is row 1); None for the register as a whole
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"row": self.row, "message": self.message}


@dataclass
class Register:
    path: str
    cases: list[Case] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


# --- reading ---


def _norm_header(text: str) -> str:
    return re.sub(r"\s+", "", str(text or "")).replace("(", "（").replace(")", "）")


def _outcome_names() -> dict[str, str]:
    """Every accepted spelling of an outcome row (normalised) → its key: the 2021 label with its
    category's ordinal (（三）3.危及“三安全一稳定”), its short form (（三）3) and the key itself."""
    out: dict[str, str] = {}
    for spec in table3_rows("2021"):
        if not spec.outcome:
            continue
        label = spec.label
        sub = label[:1].isdigit()
        ordinal = spec.group[:3] if sub and spec.group else label[:3]
        full = ordinal + label if sub else label
        short = ordinal + label.split(".")[0] if sub else ordinal
        for name in (full, full.split("（区分处理")[0], short, spec.key):
            out[_norm_outcome(name)] = spec.key
    return out


def _norm_outcome(text: str) -> str:
    s = re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")
    s = re.sub(r"(?<=\d)[、．.]", ".", s)
    return re.sub(r"[“”\"'‘’]", "", s)


OUTCOMES = _outcome_names()


def _cells_csv(data: bytes, path: str) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise errors.XxgkError(
                errors.REGISTER_INPUT, "不是 UTF-8 或 GB18030 编码的 CSV 文件", path
            ) from exc
    return [list(r) for r in csv.reader(io.StringIO(text))]


def _cells_xlsx(data: bytes, path: str) -> list[list[Any]]:
    try:
        from openpyxl import load_workbook
    except ImportError as exc:
        raise errors.XxgkError(
            errors.MISSING_DEPENDENCY, "读取 .xlsx 需要 openpyxl，请安装 xxgk[xlsx]", path
        ) from exc
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise errors.XxgkError(errors.REGISTER_INPUT, f"无法打开 Excel 工作簿（{exc}）", path) from exc
    sheet = book[REGISTER_SHEET] if REGISTER_SHEET in book.sheetnames else book.worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def _date(value: Any, column: str) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        return EXCEL_EPOCH + timedelta(days=int(value))  # an Excel date serial (1900 date system)
    text = str(value).strip()
    if re.fullmatch(r"\d+(\.0+)?", text):
        return _date(int(float(text)), column)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?", text)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    raise ValueError(f"{column}“{text}”不是有效日期（应写成 YYYY-MM-DD，或用 Excel 日期）")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_register(path: str | Path) -> Register:
    """Read a case log (.csv or .xlsx). Raises XxgkError when it is no register at all."""
    p = Path(path)
    if not p.is_file():
        raise errors.XxgkError(errors.REGISTER_INPUT, "文件不存在", str(p))
    data = p.read_bytes()
    rows = _cells_xlsx(data, str(p)) if data[:2] == b"PK" else _cells_csv(data, str(p))
    return parse_rows(rows, str(p))


def parse_rows(rows: list[list[Any]], path: str = "") -> Register:
    if not rows:
        raise errors.XxgkError(errors.REGISTER_INPUT, "文件是空的，没有表头", path)
    header = [_norm_header(h) for h in rows[0]]
    index: dict[str, int] = {}
    for col in COLUMNS:
        names = {_norm_header(col), _norm_header(col).split("（")[0]}
        found = next((i for i, h in enumerate(header) if h in names), None)
        if found is not None:
            index[col] = found
    missing = [c for c in COLUMNS if c not in index and c not in OPTIONAL]
    if missing:
        raise errors.XxgkError(
            errors.REGISTER_INPUT,
            f"表头缺少这些列：{'、'.join(missing)}（请用 xxgk new --register 生成的模板）",
            path,
        )
    reg = Register(path)
    seen: dict[str, int] = {}
    for number, values in enumerate(rows[1:], start=2):
        cells = {c: (values[i] if i < len(values) else None) for c, i in index.items()}
        if all(_text(v) == "" for v in cells.values()):
            continue
        case, problems = _case(number, cells)
        if case is not None and case.id in seen:
            problems.append(f"编号“{case.id}”与第 {seen[case.id]} 行重复")
        if problems:
            reg.errors.extend(RowError(number, p) for p in problems)
            continue
        assert case is not None
        seen[case.id] = number
        reg.cases.append(case)
    _fees(reg.cases)
    return reg


def _case(number: int, cells: dict[str, Any]) -> tuple[Case | None, list[str]]:
    problems: list[str] = []
    dates: dict[str, date | None] = {}
    invalid: set[str] = set()
    for col in DATE_COLUMNS:
        try:
            dates[col] = _date(cells.get(col), col)
        except ValueError as exc:
            problems.append(str(exc))
            dates[col] = None
            invalid.add(col)
    ident = _text(cells["编号"])
    if not ident:
        problems.append("缺少编号")
    kind = _text(cells["申请人类型"])
    category = CATEGORY_BY_LABEL.get(kind)
    if category is None:
        problems.append(
            f"申请人类型“{kind}”不是{'、'.join(CATEGORY_BY_LABEL)}之一" if kind else "缺少申请人类型"
        )
    received = dates["收到日期"]
    if received is None and "收到日期" not in invalid:
        problems.append("缺少收到日期")
    outcome_text = _text(cells["办理结果"])
    outcome = OUTCOMES.get(_norm_outcome(outcome_text)) if outcome_text else None
    if outcome_text and outcome is None:
        problems.append(
            f"办理结果“{outcome_text}”不是表三的办理结果行（可写“（三）3.危及“三安全一稳定””、“（三）3”或行名）"
        )
    replied = dates["答复日期"]
    if outcome_text and replied is None and "答复日期" not in invalid:
        problems.append("有办理结果但没有答复日期")
    if replied is not None and not outcome_text:
        problems.append("有答复日期但没有办理结果")
    extended_text = _text(cells["延期（是/否）"])
    if extended_text not in ("", "是", "否"):
        problems.append(f"延期“{extended_text}”应为“是”或“否”")
    fee_mode = _text(cells["收费方式（按件/按量）"]) or None
    if fee_mode not in (None, "按件", "按量"):
        problems.append(f"收费方式“{fee_mode}”应为“按件”或“按量”")
    pages_text = _text(cells["页数"])
    pages = int(pages_text) if pages_text.isdigit() else None
    if pages_text and pages is None:
        problems.append(f"页数“{pages_text}”不是非负整数")
    if fee_mode == "按量" and pages is None:
        problems.append("按量收费须填写页数")
    charged: Decimal | None = None
    charged_text = _text(cells.get("收费金额（元）"))
    if charged_text:
        try:
            charged = Decimal(charged_text.replace(",", "").removesuffix("元"))
        except InvalidOperation:
            problems.append(f"收费金额“{charged_text}”不是数字")
    notice, corrected = dates["补正告知日期"], dates["补正收到日期"]
    start, end = dates["征求意见开始日期"], dates["征求意见结束日期"]
    fee_notice, fee_paid = dates["收费通知日期"], dates["缴费日期"]
    if received is not None:
        order = [
            (notice, "补正告知日期", received, "收到日期"),
            (corrected, "补正收到日期", notice or received, "补正告知日期" if notice else "收到日期"),
            (start, "征求意见开始日期", received, "收到日期"),
            (end, "征求意见结束日期", start, "征求意见开始日期"),
            (fee_paid, "缴费日期", fee_notice, "收费通知日期"),
            (replied, "答复日期", corrected or received, "补正收到日期" if corrected else "收到日期"),
        ]
        for later, later_name, earlier, earlier_name in order:
            if later is not None and earlier is not None and later < earlier:
                problems.append(f"{later_name}（{later}）早于{earlier_name}（{earlier}）")
    if corrected is not None and notice is None:
        problems.append("有补正收到日期但没有补正告知日期")
    if (start is None) != (end is None):
        problems.append("征求意见开始日期和结束日期须同时填写")
    if fee_paid is not None and fee_notice is None:
        problems.append("有缴费日期但没有收费通知日期")
    if problems:
        return None, problems
    assert received is not None and category is not None
    case = Case(
        row=number,
        id=ident,
        applicant=_text(cells["申请人"]),
        category=category,
        received=received,
        correction_notice=notice,
        correction_received=corrected,
        consultation=(start, end) if start is not None and end is not None else None,
        extended=extended_text == "是",
        fee_mode=fee_mode,
        pages=pages,
        fee_notice=fee_notice,
        fee_paid=fee_paid,
        outcome=outcome,
        replied=replied,
        fee_charged=charged,
    )
    return case, []


# --- fees (国办函〔2020〕109号, SPEC §7) ---


def fee_per_application(ordinal: int) -> int:
    """按件: the fee for an applicant's `ordinal`-th application in one calendar month."""
    if ordinal <= 10:
        return 0
    if ordinal <= 30:
        return 100
    return 100 * (2 + (ordinal - 31) // 10)  # 31–40 → 200, 41–50 → 300, …


PAGE_BANDS = ((30, 0), (100, 10), (200, 20), (None, 40))  # (upper page, 元 per page in the band)


def fee_by_pages(pages: int) -> int:
    """按量: progressive over the bands ≤30 free, 31–100 10元, 101–200 20元, ≥201 40元 per page."""
    fee, lower = 0, 0
    for upper, rate in PAGE_BANDS:
        top = pages if upper is None else min(pages, upper)
        if top > lower:
            fee += (top - lower) * rate
        if upper is None or pages <= upper:
            break
        lower = upper
    return fee


def _fees(cases: list[Case]) -> None:
    month: dict[tuple[str, int, int], int] = Counter()
    for case in sorted(cases, key=lambda c: (c.received, c.row)):
        key = (case.applicant or f"#{case.row}", case.received.year, case.received.month)
        month[key] += 1
        if case.fee_mode == "按件":
            case.fee_computed = fee_per_application(month[key])
        elif case.fee_mode == "按量":
            case.fee_computed = fee_by_pages(case.pages or 0)


# --- deadlines ---


def deadline(case: Case) -> date | None:
    """The statutory reply date; None while the agency waits for a 补正 that never came."""
    if case.correction_notice is not None and case.correction_received is None:
        return None
    start = case.correction_received or case.received
    days = REPLY_DAYS + (EXTENSION_DAYS if case.extended else 0)
    return workdays.add_workdays(start, days, [case.consultation] if case.consultation else [])


def _used(case: Case, until: date) -> int | None:
    if case.correction_notice is not None and case.correction_received is None:
        return None
    start = case.correction_received or case.received
    return workdays.workdays_between(start, until, [case.consultation] if case.consultation else [])


def correction_notice_late(case: Case) -> bool:
    """The 补正 notice went out later than the 7th working day after receipt (条例 Art. 30)."""
    if case.correction_notice is None:
        return False
    return case.correction_notice > workdays.add_workdays(case.received, CORRECTION_NOTICE_DAYS)


@dataclass
class CaseResult:
    case: Case
    due: date | None
    used: int | None
    overdue: bool
    notice_late: bool = False

    def to_json(self) -> dict[str, Any]:
        c = self.case
        return {
            "id": c.id,
            "row": c.row,
            "due": c.due.isoformat() if c.due else None,
            "replied": c.replied.isoformat() if c.replied else None,
            "working_days_used": self.used,
            "overdue": self.overdue,
            "fee_computed": c.fee_computed,
            "fee_charged": _number(c.fee_charged),
            "correction_notice_late": self.notice_late,
        }


def _number(v: Decimal | None) -> int | float | None:
    if v is None:
        return None
    return int(v) if v == v.to_integral_value() else float(v)


# --- the year's table ---


@dataclass
class YearResult:
    year: int
    table3: dict[str, dict[str, int]]
    cases: list[CaseResult]
    errors: list[RowError]

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "table3": self.table3,
            "cases": [c.to_json() for c in self.cases],
            "errors": [e.to_json() for e in self.errors],
        }


def _empty_table() -> dict[str, dict[str, int]]:
    return {r.key: dict.fromkeys((c.key for c in TABLE3_COLUMNS), 0) for r in table3_rows("2021")}


def _open_on(case: Case, day: date) -> bool:
    """Received by `day` and not yet answered at its end."""
    return case.received <= day and (case.replied is None or case.replied > day)


def tally(
    cases: Iterable[Case], year: int, carried_in: dict[str, int] | None = None
) -> tuple[dict[str, dict[str, int]], list[RowError]]:
    """表三 of `year` from the cases; `carried_in` (applicant column → count) replaces the
    register's own 上年结转 when last year's figures are given (a difference is an error)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    table = _empty_table()
    problems: list[RowError] = []
    for case in cases:
        col = case.category
        if first <= case.received <= last:
            table["new_received"][col] += 1
        if _open_on(case, first - timedelta(days=1)):
            table["carried_over"][col] += 1
        if case.replied is not None and first <= case.replied <= last and case.outcome:
            table[case.outcome][col] += 1
        if _open_on(case, last):
            table["carried_forward"][col] += 1
    if carried_in is not None:
        own = {c: table["carried_over"][c] for c in APPLICANT_COLUMNS}
        given = {c: carried_in.get(c, 0) for c in APPLICANT_COLUMNS}
        if own != given:
            shown = "、".join(
                f"{next(x.label for x in TABLE3_COLUMNS if x.key == c)} {given[c]}（登记簿 {own[c]}）"
                for c in APPLICANT_COLUMNS
                if own[c] != given[c]
            )
            problems.append(
                RowError(
                    None,
                    f"上年结转按上年材料为：{shown}；登记簿中上年收到、到 {year - 1}-12-31 仍未办结的申请数与之不符",
                )
            )
        table["carried_over"].update(given)
    outcomes = [r.key for r in table3_rows("2021") if r.outcome]
    for col in APPLICANT_COLUMNS:
        table["results_total"][col] = sum(table[r][col] for r in outcomes)
    for cols in table.values():
        cols["total"] = sum(cols[c] for c in APPLICANT_COLUMNS)
    return table, problems


def year_result(register: Register, year: int, carried_in: dict[str, int] | None = None) -> YearResult:
    """表三, the cases' deadlines and fees, and every row error, for `year`."""
    workdays.check_year(year)
    table, problems = tally(register.cases, year, carried_in)
    results: list[CaseResult] = []
    errs = list(register.errors)
    year_end = date(year, 12, 31)
    for case in register.cases:
        late = False
        try:
            case.due = deadline(case)
            until = case.replied or year_end
            used = _used(case, until) if case.received <= until else 0
            late = correction_notice_late(case)
        except errors.XxgkError as exc:
            errs.append(RowError(case.row, f"编号“{case.id}”：{exc.message}"))
            case.due, used = None, None
        if case.due is None:
            overdue = False
        elif case.replied is not None:
            overdue = case.replied > case.due
        else:
            overdue = case.due < year_end
        results.append(CaseResult(case, case.due, used, overdue, late))
    errs.extend(problems)
    errs.sort(key=lambda e: (e.row is None, e.row or 0))
    return YearResult(year, table, results, errs)


def carried_forward_of(path: str | Path, year: int) -> dict[str, int]:
    """Last year's 结转下年度 by applicant column, from last year's register or report."""
    p = Path(path)
    if p.suffix.lower() in (".csv", ".xlsx") and _looks_like_register(p):
        table, _ = tally(read_register(p).cases, year)
        return {c: table["carried_forward"][c] for c in APPLICANT_COLUMNS}
    from xxgk.api import extract_file

    report = extract_file(p)
    out: dict[str, int] = {}
    for col in APPLICANT_COLUMNS:
        v = report.value(f"table3.carried_forward.{col}")
        if v is None:
            raise errors.XxgkError(
                errors.REGISTER_INPUT,
                f"上年报告表三“四、结转下年度继续办理”的“{col}”列没有数字，无法作为上年结转",
                str(p),
            )
        out[col] = int(v)
    return out


def _looks_like_register(path: Path) -> bool:
    try:
        read_register(path)
    except errors.XxgkError:
        return False
    return True


def table3_grid(table: dict[str, dict[str, int]]) -> Grid:
    """The counts as a Report's table-3 grid (every cell printed as a number)."""
    return {
        row: {col: CellValue(n, str(n), "number") for col, n in cols.items()} for row, cols in table.items()
    }


def report_from_register(
    path: str | Path, year: int, last: str | Path | None = None, agency: str | None = None
) -> tuple[Report, list[RowError]]:
    """A Report whose 表三 is counted from the register (for `xxgk render --register`), and the
    register's row errors (a caller should refuse to print a table built over bad rows)."""
    register = read_register(path)
    carried = carried_forward_of(last, year - 1) if last else None
    result = year_result(register, year, carried)
    report = Report(format_version="2021", agency=agency, year=year, table3=table3_grid(result.table3))
    return report, result.errors


# --- the template ---

REGISTER_SHEET = "登记簿"
NOTES = (
    "每件申请一行；第一行表头请勿修改（xxgk 按表头读取各列）。",
    "日期写成 YYYY-MM-DD（如 2025-01-20），或使用 Excel 日期格式。",
    f"申请人类型：{'、'.join(CATEGORY_BY_LABEL)}。",
    "办理结果：表三的办理结果行，可写全称（如“（三）3.危及“三安全一稳定””）或简称（如“（三）3”）；尚未办结的留空。",
    "补正：填写补正告知日期和补正收到日期，答复期限从收到补正后的申请之日起重新计算。",
    "征求意见：开始日期的次日至结束日期之间的工作日不计入答复期限。",
    "延期：填“是”的，答复期限为 40 个工作日，否则为 20 个工作日；收到申请的当日不计入。",
    "收费方式：按件（同一申请人一个自然月内累计件数超额累进）或按量（按页数超额累进），见国办函〔2020〕109号；不收费的留空。",
    "收费金额（元）：实际收取的信息处理费，可不填。",
)


def template_rows() -> list[list[str]]:
    return [list(COLUMNS)]


def write_template(path: str | Path) -> bytes:
    """The empty register as .xlsx (with lists to choose from and a notes sheet) or .csv."""
    p = Path(path)
    if p.suffix.lower() == ".csv":
        out = io.StringIO()
        csv.writer(out).writerows(template_rows())
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    if p.suffix.lower() != ".xlsx":
        raise errors.XxgkError(errors.REGISTER_INPUT, "登记簿模板只能是 .xlsx 或 .csv", str(p))
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
        from openpyxl.worksheet.datavalidation import DataValidation
    except ImportError as exc:
        raise errors.XxgkError(
            errors.MISSING_DEPENDENCY, "生成 .xlsx 需要 openpyxl，请安装 xxgk[xlsx]", str(p)
        ) from exc
    book = Workbook()
    sheet = book.active
    sheet.title = REGISTER_SHEET
    sheet.append(list(COLUMNS))
    for i, name in enumerate(COLUMNS, start=1):
        cell = sheet.cell(1, i)
        cell.font = Font(bold=True)
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(12, len(name) * 2 + 2)
        if name in DATE_COLUMNS:
            for r in range(2, 1002):
                sheet.cell(r, i).number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    values = book.create_sheet("取值")
    outcome_labels = [row_name(k) for k in dict.fromkeys(OUTCOMES.values())]
    lists = {
        "申请人类型": list(CATEGORY_BY_LABEL),
        "延期（是/否）": ["是", "否"],
        "收费方式（按件/按量）": ["按件", "按量"],
        "办理结果": outcome_labels,
    }
    for j, (name, options) in enumerate(lists.items(), start=1):
        values.cell(1, j, name)
        for r, option in enumerate(options, start=2):
            values.cell(r, j, option)
        col = COLUMNS.index(name) + 1
        letter = values.cell(1, j).column_letter
        rule = DataValidation(
            type="list", formula1=f"=取值!${letter}$2:${letter}${len(options) + 1}", allow_blank=True
        )
        rule.add(f"{sheet.cell(2, col).column_letter}2:{sheet.cell(2, col).column_letter}1001")
        sheet.add_data_validation(rule)
    notes = book.create_sheet("说明")
    for line in NOTES:
        notes.append([line])
    notes.column_dimensions["A"].width = 110
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def row_name(key: str) -> str:
    """A table-3 row as a clerk names it: （三）3.危及“三安全一稳定”, （二）部分公开."""
    spec = ROW_BY_KEY[key]
    if spec.label[:1].isdigit() and spec.group:
        return spec.group[:3] + spec.label
    return spec.label.split("（区分处理")[0]


__all__ = [
    "COLUMNS",
    "Case",
    "Register",
    "RowError",
    "YearResult",
    "carried_forward_of",
    "deadline",
    "fee_by_pages",
    "fee_per_application",
    "read_register",
    "report_from_register",
    "table3_grid",
    "tally",
    "write_template",
    "year_result",
]
