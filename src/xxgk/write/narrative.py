"""Sentences the writer generates from the tables, so that they cannot contradict them: the
statistics of tables 3 and 4 (in section 一), and the fee statement of section 六 (SPEC §11.5)."""

from __future__ import annotations

from decimal import Decimal

from xxgk.render.layout import format_value
from xxgk.report import Report
from xxgk.standard.table3 import OUTCOME_CATEGORIES

PLACEHOLDER = "（文字描述）"  # as in the official template: text the clerk still has to write
LAST_YEAR_MARK = "【上年内容，请按本年度情况修改】"
FEE_BLANK = "【　】"


def _v(report: Report, path: str) -> int | Decimal | None:
    return report.value(path)


def _sum(report: Report, paths: list[str]) -> int | None:
    values = [report.value(p) for p in paths]
    present = [p for p in paths if report.cell(p) is not None and report.cell(p).status != "absent"]
    if not present or any(report.value(p) is None for p in present):
        return None
    return int(sum(v for v in values if v is not None))


def table3_sentence(report: Report) -> str | None:
    t = "table3.{}.total".format
    new, carried = _v(report, t("new_received")), _v(report, t("carried_over"))
    concluded, forward = _v(report, t("results_total")), _v(report, t("carried_forward"))
    if new is None:
        return None
    parts = [f"本年度新收政府信息公开申请{new}件"]
    if carried is not None:
        parts[0] += f"，上年结转{carried}件"
    if concluded is not None:
        outcomes = []
        for _key, (name, rows) in OUTCOME_CATEGORIES.items():
            paths = [t(r) for r in rows if report.cell(t(r)) is not None]
            n = _sum(report, paths) if paths else None
            if n is not None:
                outcomes.append(f"{name}{n}件")
        clause = f"办结{concluded}件"
        if outcomes:
            clause += "，其中" + "、".join(outcomes)
        parts.append(clause)
    if forward is not None:
        parts.append(f"结转下年度继续办理{forward}件")
    return "".join(p + "。" for p in parts)  # one sentence each: a 其中 breakdown ends at its 。


def table4_sentence(report: Report) -> str | None:
    review = _v(report, "table4.review.total")
    direct = _v(report, "table4.litigation_direct.total")
    after = _v(report, "table4.litigation_after_review.total")
    if review is None or direct is None or after is None:
        return None
    corrected = _sum(
        report, [f"table4.{b}.corrected" for b in ("review", "litigation_direct", "litigation_after_review")]
    )
    text = f"本年度因政府信息公开工作被申请行政复议{review}件、被提起行政诉讼{int(direct) + int(after)}件"
    if corrected is not None:
        text += f"，被纠错{corrected}件"
    return text + "。"


def _yuan(value: int | Decimal | None) -> str:
    return FEE_BLANK if value is None else format_value(value)


def fee_sentence(fees: dict[str, int | Decimal | None]) -> str:
    """The fee facts of section 六; what the data does not say is left as a visible blank."""
    notices = fees.get("notices")
    return (
        f"本年度发出信息处理费收费通知{_yuan(notices)}件，总金额{_yuan(fees.get('amount'))}元，"
        f"实际收取信息处理费{_yuan(fees.get('collected'))}元。"
    )


def states_fees(text: str) -> bool:
    return "处理费" in text or "收费通知" in text


def unfilled(report: Report) -> list[int]:
    """Sections that still hold a placeholder or the marked text of last year."""
    return [
        s.number
        for s in report.sections
        if s.number and (PLACEHOLDER in s.text or LAST_YEAR_MARK in s.text or FEE_BLANK in s.text)
    ]


def complete_sections(report: Report, fees: dict[str, int | Decimal | None], auto: bool) -> None:
    """Fill what the text leaves out: with `auto`, the statistics sentences of tables 3 and 4
    lead section 一 (text between a heading and its table would be read as part of the table);
    六 always states the fees; an empty narrative section gets the placeholder."""
    stats = "".join(s for s in (table3_sentence(report), table4_sentence(report)) if s)
    generated = {1: stats}
    for section in report.sections:
        n = section.number
        if n == 0:
            continue
        lines = [section.text] if section.text else []
        if auto and generated.get(n):
            lines.insert(0, generated[n])  # type: ignore[arg-type]
        if n == 6 and not states_fees(section.text):
            lines.insert(0, fee_sentence(fees))
        if n in (1, 5, 6) and not section.text:
            lines.append(PLACEHOLDER)
        section.text = "\n".join(lines)
