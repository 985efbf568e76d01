"""A Report rebuilt from its JSON (docs/REPORT_FORMAT.md), for views of stored reports.

The inverse of `Report.to_json` for everything a view needs: the tables with every cell's
value, raw text, status and provenance, the findings, sections and facts. Keys it does not
know are ignored, so a report written by a newer xxgk still loads."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from xxgk.document import Where
from xxgk.report import CellValue, Finding, Grid, NarrativeFact, Report, Section

_WHERE_KEYS = ("line", "page", "bbox", "span", "table", "row", "col", "paragraph", "confidence")


def where_from_json(d: dict[str, Any] | None) -> Where:
    d = d or {}
    kw: dict[str, Any] = {k: d.get(k) for k in _WHERE_KEYS if k in Where.__slots__ and d.get(k) is not None}
    for k in ("bbox", "span"):
        if k in kw:
            kw[k] = tuple(kw[k])
    return Where(**kw)


def _value(v: Any) -> int | Decimal | None:
    if v is None or isinstance(v, int):
        return v
    return Decimal(str(v))


def _grid(d: dict[str, Any] | None) -> Grid | None:
    if d is None:
        return None
    return {
        row: {
            col: CellValue(
                _value(c["value"]),
                c.get("raw", ""),
                c["status"],
                where_from_json(c.get("where")),
                c.get("unit"),
                c.get("confidence"),
            )
            for col, c in cols.items()
        }
        for row, cols in d.items()
    }


def report_from_json(d: dict[str, Any]) -> Report:
    return Report(
        format_version=d.get("format_version"),
        agency=d.get("agency"),
        year=d.get("year"),
        published=d.get("published"),
        source=dict(d.get("source") or {}),
        table2=_grid(d.get("table2")),
        table3=_grid(d.get("table3")),
        table4=_grid(d.get("table4")),
        findings=[
            Finding(
                f["code"],
                f["severity"],
                f["message"],
                list(f.get("cells") or []),
                where_from_json(f.get("where")),
                f.get("fault"),
            )
            for f in d.get("findings") or []
        ],
        sections=[
            Section(s["number"], s["heading"], where_from_json(s.get("where")))
            for s in d.get("sections") or []
        ],
        facts=[
            NarrativeFact(
                f["kind"],
                f["value"],
                f["approx"],
                f["sentence"],
                where_from_json(f.get("where")),
                f.get("section"),
                f.get("unit", ""),
            )
            for f in d.get("facts") or []
        ],
        title=d.get("title"),
    )
