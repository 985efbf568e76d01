"""A blank report for a year (`xxgk new`), optionally pre-filled from last year's report with
what last year fixes: the agency, 上年结转 (= last year's 结转下年度继续办理, per column), the
base of table 2's 现行有效件数 (last year's, for 上年 + 制发 − 废止), and last year's section
text to edit, marked as such."""

from __future__ import annotations

from dataclasses import dataclass, field

from xxgk.document import Where
from xxgk.report import CellValue, Report, Section
from xxgk.standard.sections import SECTIONS
from xxgk.standard.table3 import TABLE3_COLUMNS
from xxgk.write.data import section_body, table_shape
from xxgk.write.narrative import LAST_YEAR_MARK, complete_sections

CARRY_FROM, CARRY_TO = "carried_forward", "carried_over"
NARRATIVE_SECTIONS = (1, 5, 6)


@dataclass
class Blank:
    report: Report
    bases: dict[str, int] = field(default_factory=dict)  # table-2 row.in_force -> last year's value
    prefilled: list[str] = field(default_factory=list)  # what came from last year, in Chinese


def _empty_grid(shape: dict[str, list[str]]) -> dict[str, dict[str, CellValue]]:
    return {row: {col: CellValue(None, "", "blank") for col in cols} for row, cols in shape.items()}


def _last_text(last: Report, number: int) -> str:
    section = next((s for s in last.sections if s.number == number), None)
    body = section_body(section) if section is not None else ""
    return f"{LAST_YEAR_MARK}\n{body}" if body else ""


def blank_report(
    agency: str | None, year: int, last: Report | None = None, version: str | None = None
) -> Blank:
    version = version or ("2019" if year < 2021 else "2021")
    shape = table_shape(version)
    report = Report(
        format_version=version,
        agency=agency or (last.agency if last else None),
        year=year,
        table2=_empty_grid(shape["table2"]),
        table3=_empty_grid(shape["table3"]),
        table4=_empty_grid(shape["table4"]),
        sections=[Section(s.number, s.heading, Where(), "") for s in SECTIONS],
    )
    out = Blank(report)
    if last is not None:
        _prefill(out, last, version)
    complete_sections(report, {}, auto=False)
    return out


def _prefill(out: Blank, last: Report, version: str) -> None:
    report = out.report
    carried = 0
    for col in TABLE3_COLUMNS:
        v = last.value(f"table3.{CARRY_FROM}.{col.key}")
        if v is not None:
            report.table3[CARRY_TO][col.key] = CellValue(int(v), str(v), "number")  # type: ignore[index]
            carried += 1
    if carried:
        out.prefilled.append(f"表三“二、上年结转”{carried}列（上年“四、结转下年度继续办理”）")
    if version == "2021" and last.format_version == "2021":
        for row in ("regulations", "normative_documents"):
            v = last.value(f"table2.{row}.in_force")
            if v is not None:
                out.bases[f"{row}.in_force"] = int(v)
        if out.bases:
            out.prefilled.append("表二“现行有效件数”的上年基数（上年现行有效 + 本年制发 − 本年废止）")
    texts = 0
    for section in report.sections:
        if section.number in NARRATIVE_SECTIONS:
            section.text = _last_text(last, section.number)
            texts += bool(section.text)
    if texts:
        out.prefilled.append(f"{texts}个部分的上年正文（标有“{LAST_YEAR_MARK}”，请修改）")
