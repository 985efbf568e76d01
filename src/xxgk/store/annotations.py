"""What people add to a stored report: corrections to cells and reviews of findings.

Both are keyed by the file's hash (and the cell key, or the finding's fingerprint), never by
an extraction, so a re-ingest with a newer xxgk keeps them; a view of the report shows them
as a person's, beside the machine's reading, and never lets a machine value overwrite them.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from sqlalchemy import Connection, delete, insert, select

from xxgk import errors
from xxgk.store import now
from xxgk.store.bodies import resolve_report
from xxgk.store.ingest import fingerprint
from xxgk.store.schema import corrections, extractions, findings, reviews

ReviewState = Literal["confirmed", "dismissed"]
REVIEW_ZH = {"confirmed": "已确认", "dismissed": "已驳回"}


def _current(conn: Connection, sha: str) -> dict[str, Any]:
    row = (
        conn.execute(select(extractions).where(extractions.c.sha256 == sha, extractions.c.current.is_(True)))
        .mappings()
        .first()
    )
    if row is None or row["kind"] != "report":
        raise errors.XxgkError(errors.NOT_FOUND, "这份文件没有可读的报告，无法更正或审阅")
    return dict(row)


def correct(
    conn: Connection, report_ref: str, cell: str, value: float | None, who: str, comment: str = ""
) -> str:
    """Record a person's value for a cell (table.row.column); None records "blank in truth"."""
    sha = resolve_report(conn, report_ref)
    report = json.loads(_current(conn, sha)["report_json"])
    parts = cell.split(".")
    if len(parts) != 3 or parts[0] not in ("table2", "table3", "table4"):
        raise errors.XxgkError(
            errors.BAD_ARGUMENT, f"单元格“{cell}”应写作 表.行.列，例如 table3.granted.total"
        )
    table, row, col = parts
    if col not in ((report.get(table) or {}).get(row) or {}):
        raise errors.XxgkError(errors.NOT_FOUND, f"这份报告没有单元格“{cell}”")
    if value is not None and value < 0:
        raise errors.XxgkError(errors.BAD_ARGUMENT, "更正的数值不能为负数")
    conn.execute(delete(corrections).where(corrections.c.sha256 == sha, corrections.c.cell == cell))
    conn.execute(
        insert(corrections).values(sha256=sha, cell=cell, value=value, comment=comment, who=who, at=now())
    )
    return sha


def review(
    conn: Connection,
    report_ref: str,
    code: str,
    state: ReviewState,
    who: str,
    comment: str = "",
    cells: str = "",
) -> str:
    """Confirm or dismiss a finding of the report's current reading (named by its code, and by
    its cells where the code occurs more than once)."""
    if state not in REVIEW_ZH:
        raise errors.XxgkError(errors.BAD_ARGUMENT, f"审阅结论应为 confirmed 或 dismissed，而不是“{state}”")
    sha = resolve_report(conn, report_ref)
    ext = _current(conn, sha)
    rows = conn.execute(
        select(findings.c.fingerprint, findings.c.cells_json).where(
            findings.c.extraction_id == ext["id"], findings.c.code == code
        )
    ).all()
    if cells:
        rows = [r for r in rows if ",".join(json.loads(r.cells_json)) == cells]
    fps = sorted({r.fingerprint for r in rows})
    if len(fps) != 1:
        why = (
            f"这份报告没有问题 {code}"
            if not fps
            else f"问题 {code} 出现 {len(fps)} 次，请用 --cells 指明单元格"
        )
        raise errors.XxgkError(errors.NOT_FOUND, why)
    conn.execute(delete(reviews).where(reviews.c.sha256 == sha, reviews.c.fingerprint == fps[0]))
    conn.execute(
        insert(reviews).values(
            sha256=sha, fingerprint=fps[0], state=state, comment=comment, who=who, at=now()
        )
    )
    return sha


def report_view(conn: Connection, report_ref: str) -> dict[str, Any]:
    """The current report JSON with people's work shown: a corrected cell carries
    `correction: {value, comment, who, at}` (its `value` becomes the person's, its machine
    reading stays in `machine_value`); a reviewed finding carries `review: {state, comment, who, at}`."""
    sha = resolve_report(conn, report_ref)
    report = json.loads(_current(conn, sha)["report_json"])
    for c in conn.execute(select(corrections).where(corrections.c.sha256 == sha)).mappings():
        table, row, col = c["cell"].split(".")
        cell = ((report.get(table) or {}).get(row) or {}).get(col)
        if cell is None:
            continue
        cell["machine_value"] = cell["value"]
        v = c["value"]
        cell["value"] = int(v) if v is not None and float(v).is_integer() else v
        cell["correction"] = {k: c[k] for k in ("value", "comment", "who", "at")}
    states = {
        r["fingerprint"]: r for r in conn.execute(select(reviews).where(reviews.c.sha256 == sha)).mappings()
    }
    for f in report["findings"]:
        r = states.get(fingerprint(f["code"], f["cells"]))
        if r is not None:
            f["review"] = {k: r[k] for k in ("state", "comment", "who", "at")}
    return report
