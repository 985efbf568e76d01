"""Dates: the statistics period the report states, and its publication against Art. 49."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from xxgk.audit import check
from xxgk.audit.agency import is_government
from xxgk.audit.numerals import normalise
from xxgk.catalogue import finding
from xxgk.document import Where
from xxgk.report import Report
from xxgk.standard.sections import PERIOD


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date
    printed: str
    where: Where


def stated_periods(report: Report) -> list[Period]:
    """Every "本报告所列数据的统计期限自…至…" the report states (preface = section 0, if handed over)."""
    out: list[Period] = []
    for section in report.sections:
        mt = normalise(section.text)
        for m in PERIOD.finditer(mt.text):
            y1 = int(m.group("y1"))
            try:
                start = date(y1, int(m.group("m1")), int(m.group("d1")))
                end = date(int(m.group("y2") or y1), int(m.group("m2")), int(m.group("d2")))
            except ValueError:
                continue
            printed = re.sub(r"\s+", "", mt.original(m.start(), m.end()))
            out.append(Period(start, end, printed, section.where))
    return out


@check
def statistics_period(report: Report) -> None:
    if report.year is None:
        return
    for p in stated_periods(report):
        if p.start == date(report.year, 1, 1) and p.end == date(report.year, 12, 31):
            continue
        whole_year = p.start == date(p.start.year, 1, 1) and p.end == date(p.start.year, 12, 31)
        if whole_year and report.year_source == "title":
            message = (
                f"标题为{report.year}年度报告，统计期限却是“{p.printed}”（{p.start.year}年全年），"
                "标题年度与统计期限不一致"
            )
        else:
            message = f"报告称“{p.printed}”，统计期限应为{report.year}年1月1日至12月31日（全年）"
        report.add(
            finding(
                "DATE.PERIOD",
                message,
                where=p.where,
                fault="source",
                numbers=[p.start.year, p.start.month, p.start.day, p.end.year, p.end.month, p.end.day],
            )
        )


def _published(report: Report) -> date | None:
    if not report.published:
        return None
    try:
        return date.fromisoformat(report.published)
    except ValueError:
        return None


@check
def publication(report: Report) -> None:
    published, year = _published(report), report.year
    if published is None or year is None:
        return
    if published.year != year + 1:
        # a date equal to a stated period's end is that period, read as the signature date
        if any(p.end == published for p in stated_periods(report)):
            return
        when = "早于统计年度结束" if published.year <= year else f"已是{published.year}年"
        report.add(
            finding(
                "DATE.PUBLISHED_YEAR",
                f"{year}年度报告的落款日期为{published.isoformat()}，{when}；年度报告应在{year + 1}年发布",
                fault="source",
                numbers=[published.year, published.month, published.day],
            )
        )
        return
    government = is_government(report.agency)
    deadline = date(year + 1, 3, 31) if government else date(year + 1, 1, 31)
    if published > deadline:
        kind = "人民政府本级报告" if government else "部门报告"
        report.add(
            finding(
                "DATE.DEADLINE",
                f"报告落款日期为{published.isoformat()}，晚于{kind}的法定期限{deadline.isoformat()}（《条例》第四十九条）",
                fault="source",
                numbers=[published.year, published.month, published.day],
            )
        )
