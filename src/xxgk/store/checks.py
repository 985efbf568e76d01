"""Checks across the store: every body's years, duplicates, and text copied between reports.

- Year over year: each body's reports (as matched in the store) go through the cross-year
  audit (`xxgk.audit.yoy.audit_series`: carry-over per column, 表二 stock-flow, growth
  claims, section 五 copied, swings). The stored files are read again for it, so the checks
  are always those of the installed xxgk.
- Duplicates: the same file under several paths; two different reports for one body and year.
- Copied text: the share of a report's sentences found in the body's report of the year
  before, or in another body's report of the same year. Sentences that more than
  `BOILERPLATE_BODIES` bodies print (the national format's own wording) do not count.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, func, select

from xxgk.api import extract_bytes
from xxgk.audit.yoy import YOY_CODES, audit_series
from xxgk.store.bodies import descendants, find_bodies
from xxgk.store.schema import bodies, extractions, files, paths
from xxgk.textnorm import label_key

BOILERPLATE_BODIES = 10
COPIED_SHARE = 0.5  # a pair is reported when at least half of the later report's sentences recur
MIN_SENTENCE = 12  # characters; shorter sentences (“无。”) say nothing about copying
_SENTENCE = re.compile(r"[。！？；!?;\n]+")
_DIGITS = re.compile(r"\d+")


@dataclass
class Copied:
    sha256: str
    other_sha256: str
    body: str | None
    other_body: str | None
    year: int | None
    other_year: int | None
    share: float
    sentences: int  # of the report's sentences, how many recur

    @property
    def between_years(self) -> bool:
        return self.body == self.other_body


@dataclass
class StoreChecks:
    yoy: list[dict[str, Any]] = field(default_factory=list)  # findings of the cross-year audit
    duplicate_files: list[dict[str, Any]] = field(default_factory=list)  # {sha256, paths}
    duplicate_reports: list[dict[str, Any]] = field(default_factory=list)  # {body, year, reports}
    copied: list[Copied] = field(default_factory=list)


def _scope(conn: Connection, region: str | None, year: int | None) -> list[dict[str, Any]]:
    q = select(
        extractions.c.id,
        extractions.c.sha256,
        extractions.c.path,
        extractions.c.body_id,
        extractions.c.year,
        extractions.c.sections_json,
        bodies.c.name.label("body"),
    ).join(bodies, bodies.c.id == extractions.c.body_id, isouter=True)
    q = q.where(extractions.c.current.is_(True), extractions.c.kind == "report")
    if region:
        found = find_bodies(conn, region)
        ids = [b["id"] for b in descendants(conn, found[0]["id"])] if len(found) == 1 else []
        q = q.where(extractions.c.body_id.in_(ids))
    rows = [dict(r) for r in conn.execute(q.order_by(extractions.c.path)).mappings()]
    if year is not None:  # a year's checks need the year before it too
        rows = [r for r in rows if r["year"] in (year, year - 1)]
    return rows


def check_store(conn: Connection, region: str | None = None, year: int | None = None) -> StoreChecks:
    scope = _scope(conn, region, year)
    out = StoreChecks()
    _duplicates(conn, scope, out)
    _year_over_year(conn, scope, out, year)
    out.copied = copied_text(scope, year)
    return out


def _duplicates(conn: Connection, scope: list[dict[str, Any]], out: StoreChecks) -> None:
    shas = {r["sha256"] for r in scope}
    q = select(paths.c.sha256, func.count()).group_by(paths.c.sha256).having(func.count() > 1)
    for sha, _n in conn.execute(q):
        if sha in shas:
            names = sorted(conn.scalars(select(paths.c.path).where(paths.c.sha256 == sha)))
            out.duplicate_files.append({"sha256": sha, "paths": names})
    groups: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for r in scope:
        if r["body_id"] is not None and r["year"] is not None:
            groups[(r["body_id"], r["year"])].append(r)
    for (_body_id, y), rs in sorted(groups.items(), key=lambda kv: (kv[1][0]["body"], kv[0][1])):
        if len(rs) > 1:
            out.duplicate_reports.append(
                {
                    "body": rs[0]["body"],
                    "year": y,
                    "reports": [{"sha256": r["sha256"], "path": r["path"]} for r in rs],
                }
            )


def _year_over_year(
    conn: Connection, scope: list[dict[str, Any]], out: StoreChecks, year: int | None
) -> None:
    series: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in scope:
        if r["body_id"] is not None and r["year"] is not None:
            series[r["body_id"]].append(r)
    for rows in series.values():
        if len({r["year"] for r in rows}) < 2:
            continue
        reports = []
        for r in rows:
            data = conn.scalar(select(files.c.data).where(files.c.sha256 == r["sha256"]))
            report = extract_bytes(data, r["path"])
            reports.append((r, report))
        audit_series([rep for _, rep in reports])
        for r, rep in reports:
            if year is not None and r["year"] != year:
                continue
            for f in rep.sorted_findings():
                if f.code in YOY_CODES:
                    out.yoy.append(
                        {
                            "body": r["body"],
                            "year": r["year"],
                            "sha256": r["sha256"],
                            "path": r["path"],
                            **f.to_json(),
                        }
                    )


def sentences(sections_json: str | None) -> set[str]:
    """A report's sentences, normalised (no spaces or punctuation, digits as one symbol)."""
    out: set[str] = set()
    for s in json.loads(sections_json or "[]"):
        for piece in _SENTENCE.split(s.get("text") or ""):
            key = _DIGITS.sub("#", label_key(piece))
            if len(key) >= MIN_SENTENCE:
                out.add(key)
    return out


def copied_text(scope: list[dict[str, Any]], year: int | None = None) -> list[Copied]:
    """Pairs where a report reuses at least COPIED_SHARE of its sentences, found through an
    index of sentences (linear in the number of sentences, never all pairs of reports)."""
    texts = {r["sha256"]: sentences(r["sections_json"]) for r in scope}
    meta = {r["sha256"]: r for r in scope}
    index: dict[str, set[str]] = defaultdict(set)
    for sha, ss in texts.items():
        for s in ss:
            index[s].add(sha)
    out: list[Copied] = []
    for sha, ss in texts.items():
        me = meta[sha]
        if not ss or (year is not None and me["year"] != year):
            continue
        shared: dict[str, int] = defaultdict(int)
        for s in ss:
            holders = index[s]
            if len({meta[h]["body_id"] or h for h in holders}) > BOILERPLATE_BODIES:
                continue
            for other in holders:
                if other != sha:
                    shared[other] += 1
        for other, n in shared.items():
            you = meta[other]
            same_body = me["body_id"] is not None and me["body_id"] == you["body_id"]
            earlier = (
                same_body
                and you["year"] is not None
                and me["year"] is not None
                and you["year"] == me["year"] - 1
            )
            peer = not same_body and you["year"] == me["year"]
            if (earlier or peer) and n / len(ss) >= COPIED_SHARE:
                out.append(
                    Copied(sha, other, me["body"], you["body"], me["year"], you["year"], n / len(ss), n)
                )
    return sorted(out, key=lambda c: (-c.share, c.sha256, c.other_sha256))
