"""Working days under the State Council's holiday schedule (放假调休), from `chinese-calendar`.

The package is kept up to date with each year's 国务院办公厅 notice, including the make-up
working Saturdays and Sundays (调休上班). A year it does not cover is refused, never guessed.

Counting (条例 Arts. 30, 32, 33, as xxgk applies them): the day a period starts from is not
counted; a pause (征求意见) removes the working days from the day after it starts through the
day it ends.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from functools import cache
from itertools import islice

from xxgk import errors

Pause = tuple[date, date]  # (start, end): working days start < d <= end are not counted


def _calendar():  # type: ignore[no-untyped-def]
    try:
        import chinese_calendar
    except ImportError as exc:
        raise errors.XxgkError(
            errors.MISSING_DEPENDENCY, "计算工作日需要 chinese-calendar，请安装 xxgk[write]"
        ) from exc
    return chinese_calendar


@cache
def covered_years() -> range:
    """The years whose holiday schedule the installed calendar knows."""
    cal = _calendar()
    years = sorted({d.year for d in cal.holidays} | {d.year for d in cal.workdays})
    return range(years[0], years[-1] + 1)


def check_year(year: int) -> None:
    years = covered_years()
    if year not in years:
        raise errors.XxgkError(
            errors.CALENDAR_YEAR,
            f"已安装的节假日日历（chinese-calendar）只收录 {years[0]}—{years[-1]} 年的放假调休安排，"
            f"没有 {year} 年的，无法计算工作日；请升级 chinese-calendar（pip install -U chinese-calendar）",
        )


@cache
def is_workday(day: date) -> bool:
    check_year(day.year)
    return bool(_calendar().is_workday(day))


def _paused(day: date, pauses: Sequence[Pause]) -> bool:
    return any(start < day <= end for start, end in pauses)


def _counted(start: date, pauses: Sequence[Pause], until: date = date.max) -> Iterator[date]:
    """The working days after `start` through `until` that count, in order."""
    day = start
    while day < until:
        day += timedelta(days=1)
        if is_workday(day) and not _paused(day, pauses):
            yield day


def add_workdays(start: date, n: int, pauses: Sequence[Pause] = ()) -> date:
    """The n-th working day after `start` (start itself not counted), paused days skipped."""
    if n <= 0:
        return start
    return next(islice(_counted(start, pauses), n - 1, None))


def workdays_between(start: date, end: date, pauses: Sequence[Pause] = ()) -> int:
    """Working days after `start` through `end`, paused days not counted (0 if end <= start)."""
    if end <= start:
        return 0
    return sum(1 for _ in _counted(start, pauses, end))
