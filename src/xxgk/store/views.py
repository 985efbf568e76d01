"""What the web workspace and its API show, each view scoped to who asks.

Every function takes the Principal and filters by `accounts.visible_bodies` in the query
itself; a report outside the scope is "not found" (its existence is not revealed). The web
layer only calls these and presents the results.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, Select, func, or_, select

from xxgk import errors
from xxgk.standard.metrics import METRICS, OUTCOME_GROUPS
from xxgk.store.accounts import Principal, visible_bodies
from xxgk.store.annotations import report_view, review
from xxgk.store.bodies import descendants, find_bodies, region_path
from xxgk.store.coverage import STATE_ZH, coverage
from xxgk.store.schema import bodies, cells, extractions, files, findings, uploads

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def _not_found(what: str = "报告") -> errors.XxgkError:
    return errors.XxgkError(errors.NOT_FOUND, f"找不到这份{what}，或您无权查看")


def _scoped(q: Select, conn: Connection, who: Principal) -> Select:
    visible = visible_bodies(conn, who)
    return q if visible is None else q.where(extractions.c.body_id.in_(visible))


def _region_ids(conn: Connection, who: Principal, region: str | None) -> list[int] | None:
    if not region:
        return None
    found = find_bodies(conn, region)
    if len(found) != 1:
        raise _not_found("地区")
    ids = [b["id"] for b in descendants(conn, found[0]["id"])]
    visible = visible_bodies(conn, who)
    return ids if visible is None else [i for i in ids if i in set(visible)]


def reports(
    conn: Connection,
    who: Principal,
    year: int | None = None,
    region: str | None = None,
    agency: str | None = None,
    severity: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[dict[str, Any]]:
    q = select(
        extractions.c.sha256,
        extractions.c.path,
        extractions.c.agency,
        extractions.c.year,
        extractions.c.format_version,
        extractions.c.published,
        extractions.c.errors,
        extractions.c.warnings,
        extractions.c.body_id,
        bodies.c.name.label("body"),
    ).join(bodies, bodies.c.id == extractions.c.body_id, isouter=True)
    q = _scoped(q.where(extractions.c.current.is_(True), extractions.c.kind == "report"), conn, who)
    if year is not None:
        q = q.where(extractions.c.year == year)
    ids = _region_ids(conn, who, region)
    if ids is not None:
        q = q.where(extractions.c.body_id.in_(ids))
    if agency:
        q = q.where(or_(extractions.c.agency.contains(agency), bodies.c.name.contains(agency)))
    if severity == "error":
        q = q.where(extractions.c.errors > 0)
    elif severity == "warning":
        q = q.where(extractions.c.errors + extractions.c.warnings > 0)
    q = q.order_by(extractions.c.errors.desc(), extractions.c.year.desc(), extractions.c.path)
    return [dict(r) for r in conn.execute(q.limit(limit).offset(offset)).mappings()]


def _visible(conn: Connection, who: Principal, sha: str) -> dict[str, Any]:
    """The current report extraction of `sha`, if `who` may see it; else "not found"."""
    q = select(
        extractions.c.sha256,
        extractions.c.body_id,
        extractions.c.path,
        extractions.c.match,
        extractions.c.match_reason,
    ).where(extractions.c.sha256 == sha, extractions.c.current.is_(True), extractions.c.kind == "report")
    row = conn.execute(_scoped(q, conn, who)).mappings().first()
    if row is None:
        raise _not_found()
    return dict(row)


def report(conn: Connection, who: Principal, sha: str) -> dict[str, Any]:
    store = _visible(conn, who, sha)
    out = report_view(conn, sha)
    out["store"] = store
    return out


def source_file(conn: Connection, who: Principal, sha: str) -> tuple[bytes, str]:
    """The original bytes and media type of a visible report."""
    _visible(conn, who, sha)
    row = conn.execute(select(files.c.data, files.c.media_type).where(files.c.sha256 == sha)).one()
    return bytes(row.data), row.media_type or "application/octet-stream"


def findings_list(
    conn: Connection,
    who: Principal,
    region: str | None = None,
    year: int | None = None,
    severity: str | None = None,
    rule: str | None = None,
    fault: str | None = None,
    sort: str = "severity",
    limit: int = 500,
) -> list[dict[str, Any]]:
    q = (
        select(
            extractions.c.sha256,
            extractions.c.agency,
            extractions.c.year,
            bodies.c.name.label("body"),
            findings.c.seq,
            findings.c.code,
            findings.c.severity,
            findings.c.message,
            findings.c.cells_json,
            findings.c.fault,
            findings.c.fingerprint,
        )
        .join(findings, findings.c.extraction_id == extractions.c.id)
        .join(bodies, bodies.c.id == extractions.c.body_id, isouter=True)
        .where(extractions.c.current.is_(True), extractions.c.kind == "report")
    )
    q = _scoped(q, conn, who)
    ids = _region_ids(conn, who, region)
    if ids is not None:
        q = q.where(extractions.c.body_id.in_(ids))
    for col, v in ((extractions.c.year, year), (findings.c.severity, severity), (findings.c.fault, fault)):
        if v not in (None, ""):
            q = q.where(col == v)
    if rule:
        q = q.where(findings.c.code.startswith(rule))
    order = {
        "severity": (func.length(findings.c.severity), findings.c.code),
        "rule": (findings.c.code, extractions.c.path),
        "agency": (bodies.c.name, extractions.c.agency, findings.c.seq),
        "year": (extractions.c.year.desc(), findings.c.seq),
    }.get(sort, (findings.c.code,))
    rows = [dict(r) for r in conn.execute(q.order_by(*order).limit(limit)).mappings()]
    states = _review_states(conn, {r["sha256"] for r in rows})
    for r in rows:
        r["cells"] = json.loads(r.pop("cells_json"))
        r["review"] = states.get((r["sha256"], r["fingerprint"]))
    if sort == "severity":
        rows.sort(key=lambda r: ({"error": 0, "warning": 1, "info": 2}[r["severity"]], r["code"]))
    return rows


def _review_states(conn: Connection, shas: set[str]) -> dict[tuple[str, str], str]:
    from xxgk.store.schema import reviews

    if not shas:
        return {}
    q = select(reviews.c.sha256, reviews.c.fingerprint, reviews.c.state).where(reviews.c.sha256.in_(shas))
    return {(r.sha256, r.fingerprint): r.state for r in conn.execute(q)}


def review_finding(
    conn: Connection, who: Principal, sha: str, code: str, cells: str, state: str, comment: str
) -> None:
    if who.read_only:
        raise errors.XxgkError(errors.FORBIDDEN, "只读令牌不能审阅问题")
    report(conn, who, sha)  # scope
    review(conn, sha, code, state, who.name, comment, cells)  # type: ignore[arg-type]


def tree(
    conn: Connection,
    who: Principal,
    year: int,
    q: str = "",
    region: str | None = None,
    depth: int | None = None,
) -> list[dict[str, Any]]:
    """The region tree the person may see, each body with its state for the year and the
    states counted over its subtree (`subtree`); `q` keeps the bodies whose name contains it
    and their ancestors (search at every level); otherwise `depth` cuts the tree below it."""
    visible = visible_bodies(conn, who)
    roots: list[int]
    if region:
        ids = _region_ids(conn, who, region) or []
        roots = ids[:1]
    elif visible is None:
        roots = list(
            conn.scalars(select(bodies.c.id).where(bodies.c.parent_id.is_(None)).order_by(bodies.c.name))
        )
    else:
        roots = [who.body_id] if who.body_id is not None else []
    out: list[dict[str, Any]] = []
    for root in roots:
        entries = coverage(conn, str(root), [year])
        errors_by_body = _errors_by_body(conn, [e.body["id"] for e in entries], year)
        for e in entries:
            out.append(
                {
                    "id": e.body["id"],
                    "name": e.body["name"],
                    "level": e.body["level"],
                    "depth": e.body["depth"],
                    "parent_id": e.body["parent_id"],
                    "state": e.state,
                    "state_zh": STATE_ZH[e.state],
                    "reports": [r["sha256"] for r in e.reports],
                    "duplicate": e.duplicate,
                    "errors": errors_by_body.get(e.body["id"], 0),
                }
            )
    by_id = {b["id"]: b for b in out}
    for b in out:
        b["subtree"] = dict.fromkeys(STATE_ZH, 0)
    for b in out:
        node: dict[str, Any] | None = b
        while node is not None:
            node["subtree"][b["state"]] += 1
            node = by_id.get(node["parent_id"])
    if q:
        keep = {b["id"] for b in out if q in b["name"]}
        parents = {b["id"]: b["parent_id"] for b in out}
        for b in list(keep):
            p = parents.get(b)
            while p is not None and p in parents:
                keep.add(p)
                p = parents[p]
        out = [b for b in out if b["id"] in keep]
    elif depth is not None:
        out = [b for b in out if b["depth"] <= depth]
    return out


def _errors_by_body(conn: Connection, ids: list[int], year: int) -> dict[int, int]:
    q = (
        select(extractions.c.body_id, func.sum(extractions.c.errors))
        .where(extractions.c.current.is_(True), extractions.c.body_id.in_(ids), extractions.c.year == year)
        .group_by(extractions.c.body_id)
    )
    return {r[0]: int(r[1] or 0) for r in conn.execute(q)}


def queue(conn: Connection, who: Principal) -> dict[str, list[dict[str, Any]]]:
    """Reports waiting for a body and files that could not be read: all of them for an
    admin, the person's own uploads for everyone else."""
    base = select(
        extractions.c.sha256,
        extractions.c.path,
        extractions.c.agency,
        extractions.c.year,
        extractions.c.kind,
        extractions.c.match_reason,
        extractions.c.error_code,
        extractions.c.error_message,
    ).where(extractions.c.current.is_(True))
    if who.role != "admin":
        mine = select(uploads.c.sha256).where(uploads.c.user_id == who.user_id, uploads.c.sha256.is_not(None))
        base = base.where(extractions.c.sha256.in_(mine))
    waiting = base.where(extractions.c.kind == "report", extractions.c.match.in_(("unmatched", "ambiguous")))
    unreadable = base.where(extractions.c.kind == "error")
    return {
        "unmatched": [dict(r) for r in conn.execute(waiting.order_by(extractions.c.path)).mappings()],
        "unreadable": [dict(r) for r in conn.execute(unreadable.order_by(extractions.c.path)).mappings()],
    }


def _cell_value(report: dict[str, Any]) -> Any:
    def value(key: str) -> float | None:
        table, row, col = key.split(".")
        cell = ((report.get(table) or {}).get(row) or {}).get(col)
        if not cell or cell["status"] not in ("number", "inferred") or cell["value"] is None:
            return None
        return float(cell["value"])

    return value


def body_page(conn: Connection, who: Principal, body_id: int) -> dict[str, Any]:
    visible = visible_bodies(conn, who)
    if visible is not None and body_id not in visible:
        raise _not_found("机关")
    body = conn.execute(select(bodies).where(bodies.c.id == body_id)).mappings().first()
    if body is None:
        raise _not_found("机关")
    rows = conn.execute(
        select(
            extractions.c.sha256,
            extractions.c.year,
            extractions.c.report_json,
            extractions.c.errors,
            extractions.c.published,
        )
        .where(
            extractions.c.current.is_(True), extractions.c.kind == "report", extractions.c.body_id == body_id
        )
        .order_by(extractions.c.year)
    ).mappings()
    years = []
    for r in rows:
        value = _cell_value(json.loads(r["report_json"]))
        years.append(
            {
                "year": r["year"],
                "sha256": r["sha256"],
                "published": r["published"],
                "errors": r["errors"],
                "new_received": value("table3.new_received.total"),
                "carried_forward": value("table3.carried_forward.total"),
                **{m.key: m.compute(value) for m in METRICS},
            }
        )
    return {"body": dict(body), "region": region_path(conn).get(body_id, ""), "years": years}


_DASHBOARD_KEYS = frozenset(
    {"table3.new_received.total"}
    | {f"table3.{k}.total" for _, rows in OUTCOME_GROUPS for k in rows}
    | {key for m in METRICS for _, key in (*m.numerator, *m.denominator)}
)


def _known_values(conn: Connection, shas: list[str], keys: frozenset[str]) -> dict[str, dict[str, float]]:
    """{sha: {cell key: value}} of the cells named, where they hold a known number (printed or
    inferred), read from the cells table in bulk."""
    rows = {k.split(".")[1] for k in keys}
    cols = {k.split(".")[2] for k in keys}
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for i in range(0, len(shas), 500):
        q = (
            select(extractions.c.sha256, cells.c.tbl, cells.c.row_key, cells.c.column_key, cells.c.value)
            .join(cells, cells.c.extraction_id == extractions.c.id)
            .where(
                extractions.c.current.is_(True),
                extractions.c.sha256.in_(shas[i : i + 500]),
                cells.c.status.in_(("number", "inferred")),
                cells.c.value.is_not(None),
                cells.c.row_key.in_(rows),
                cells.c.column_key.in_(cols),
            )
        )
        for sha, tbl, row, col, value in conn.execute(q):
            key = f"{tbl}.{row}.{col}"
            if key in keys:
                out[sha][key] = float(value)
    return out


def dashboard(conn: Connection, who: Principal, region: str | None, year: int) -> dict[str, Any]:
    """Coverage, applications received, the outcome mix, the rates (defined in
    xxgk.standard.metrics, over the region's summed cells) and rankings, for a region and year."""
    if region is None and who.body_id is not None and who.role != "admin":
        region = str(who.body_id)
    entries = tree(conn, who, year, region=region)
    counts = {s: sum(b["state"] == s for b in entries) for s in STATE_ZH}
    shas = [sha for b in entries for sha in b["reports"][:1]]
    names = {sha: b["name"] for b in entries for sha in b["reports"][:1]}
    values = _known_values(conn, shas, _DASHBOARD_KEYS)
    sums: dict[str, list[float]] = {m.key: [0.0, 0.0] for m in METRICS}
    per_body: list[dict[str, Any]] = []
    outcome = {label: 0.0 for label, _ in OUTCOME_GROUPS}
    for sha in shas:
        known = values.get(sha, {})
        value = known.get
        for label, rows in OUTCOME_GROUPS:
            outcome[label] += sum(v for k in rows if (v := value(f"table3.{k}.total")) is not None)
        row: dict[str, Any] = {
            "body": names[sha],
            "sha256": sha,
            "new_received": value("table3.new_received.total"),
        }
        for m in METRICS:
            row[m.key] = m.compute(value)
            parts = m.compute_sums(value) if row[m.key] is not None else None
            if parts is not None:  # the region's rate sums only reports whose own rate is known
                sums[m.key][0] += parts[0]
                sums[m.key][1] += parts[1]
        per_body.append(row)
    rates = {k: (n / d if d > 0 else None) for k, (n, d) in sums.items()}
    rankings = {
        "new_received": sorted(
            (b for b in per_body if b["new_received"] is not None), key=lambda b: -b["new_received"]
        )[:20],
        **{
            m.key: sorted((b for b in per_body if b[m.key] is not None), key=lambda b: -b[m.key])[:20]
            for m in METRICS
        },
    }
    return {
        "year": year,
        "region": region,
        "coverage": counts,
        "new_received": sum(b["new_received"] or 0 for b in per_body),
        "reports": len(shas),
        "outcome": outcome,
        "metrics": [
            {"key": m.key, "name": m.name, "formula": m.formula, "value": rates[m.key]} for m in METRICS
        ],
        "rankings": rankings,
    }
