"""Coverage: for a region and year, which bodies filed, which did not, which filed late.

The deadline is Art. 49 of the 条例: a department of a government at county level and above
publishes by 1月31日 of the next year; a government's own report is published by 3月31日
(townships are held to the same date as their county government, the ceiling the law sets for
the report that includes them). A report is late when its printed (or published) date is after
the deadline; a report with no date can be neither confirmed on time nor late.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Connection, select

from xxgk import errors
from xxgk.store.bodies import descendants, find_bodies
from xxgk.store.schema import extractions

State = Literal["filed", "late", "missing", "undated"]
STATE_ZH = {"filed": "按时", "late": "逾期", "missing": "未报", "undated": "已报（无日期）"}


def deadline(level: str, year: int) -> str:
    """The Art. 49 publication deadline of the report for `year`, as YYYY-MM-DD."""
    return f"{year + 1}-01-31" if level == "department" else f"{year + 1}-03-31"


@dataclass
class Entry:
    body: dict[str, Any]
    year: int
    state: State
    deadline: str
    reports: list[dict[str, Any]] = field(default_factory=list)  # current reports for the body and year

    @property
    def duplicate(self) -> bool:
        return len(self.reports) > 1


def coverage(conn: Connection, region: str, years: list[int]) -> list[Entry]:
    found = find_bodies(conn, region)
    if len(found) != 1:
        raise errors.XxgkError(
            errors.NOT_FOUND,
            f"找不到地区或机关“{region}”" if not found else f"“{region}”对应多个机关，请用编号",
        )
    tree = descendants(conn, found[0]["id"])
    ids = [b["id"] for b in tree]
    rows = conn.execute(
        select(
            extractions.c.body_id,
            extractions.c.year,
            extractions.c.sha256,
            extractions.c.path,
            extractions.c.published,
        )
        .where(
            extractions.c.current.is_(True),
            extractions.c.kind == "report",
            extractions.c.body_id.in_(ids),
            extractions.c.year.in_(years),
        )
        .order_by(extractions.c.path)
    ).mappings()
    by_key: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for r in rows:
        by_key.setdefault((r["body_id"], r["year"]), []).append(dict(r))
    out: list[Entry] = []
    for body in tree:
        for year in years:
            reports = by_key.get((body["id"], year), [])
            due = deadline(body["level"], year)
            out.append(Entry(body, year, _state(reports, due), due, reports))
    return out


def _state(reports: list[dict[str, Any]], due: str) -> State:
    if not reports:
        return "missing"
    dates = [r["published"] for r in reports if r["published"]]
    if not dates:
        return "undated"
    return "late" if min(dates) > due else "filed"
