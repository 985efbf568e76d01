"""The register of bodies (机关) and the matching of reports to them.

A body has a name, aliases, a level, a parent and optionally a 统一社会信用代码. A report is
matched by its printed agency name, normalised as the cross-year audit does
(`xxgk.audit.names.normalise`), against every body's name and aliases: one candidate is a
match (its reason stored), several are ambiguous, none is unmatched. Ambiguous and unmatched
reports wait in the queue until a person assigns them; nothing is merged silently, and an
assignment (keyed by the file's hash) outlives every re-ingest.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, insert, or_, select, update

from xxgk import errors
from xxgk.audit.names import normalise
from xxgk.store import now
from xxgk.store.schema import aliases, assignments, bodies, extractions

# level key -> (Chinese name, the words accepted in a register file)
LEVELS: dict[str, tuple[str, tuple[str, ...]]] = {
    "province": ("省级", ("省", "省级", "自治区", "直辖市", "province")),
    "city": ("市级", ("市", "市级", "地级市", "自治州", "盟", "city")),
    "county": ("县级", ("县", "县级", "区", "县级市", "旗", "county")),
    "township": ("乡镇（街道）", ("乡", "镇", "乡镇", "街道", "乡镇（街道）", "乡镇街道", "township")),
    "department": ("部门", ("部门", "委办局", "department")),
}
_LEVEL_WORDS = {word: key for key, (_, words) in LEVELS.items() for word in words}
COLUMNS = ("名称", "别名", "级别", "上级", "统一社会信用代码")
_ALIAS_SPLIT = re.compile(r"[;；、|,，]")
_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] | None = None  # (row number, message)


def template_csv() -> str:
    """The register template: its headers are the interface, with two example rows."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(COLUMNS)
    w.writerow(["示例县人民政府", "示例县政府", "县", "", ""])
    w.writerow(["示例县财政局", "", "部门", "示例县人民政府", ""])
    return out.getvalue()


def read_register(path: str | Path) -> list[dict[str, str]]:
    """Rows of a CSV or XLSX register as {header: text}; a clear error for anything else."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise errors.XxgkError(errors.UNREADABLE_FILE, "无法打开机关名录文件", str(p)) from exc
    if data[:4] == b"PK\x03\x04":
        rows = _xlsx_rows(data, str(p))
    else:
        text = _decode(data, str(p))
        rows = [list(r) for r in csv.reader(io.StringIO(text))]
    if not rows:
        raise errors.XxgkError(errors.EMPTY_FILE, "机关名录是空的", str(p))
    header = [h.strip() for h in rows[0]]
    missing = [c for c in ("名称", "级别") if c not in header]
    if missing:
        raise errors.XxgkError(
            errors.BAD_REGISTER, f"机关名录缺少列：{'、'.join(missing)}（应有：{'、'.join(COLUMNS)}）", str(p)
        )
    out = []
    for r in rows[1:]:
        cells = [("" if v is None else str(v)).strip() for v in r]
        out.append({h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)})
    return out


def _decode(data: bytes, path: str) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise errors.XxgkError(errors.BAD_REGISTER, "机关名录不是 UTF-8 或 GB18030 编码的 CSV 文件", path)


def _xlsx_rows(data: bytes, path: str) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise errors.XxgkError(errors.BAD_REGISTER, f"无法读取 Excel 机关名录：{exc}", path) from exc
    ws = wb.worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True) if any(v not in (None, "") for v in r)]


def import_register(conn: Connection, rows: list[dict[str, str]]) -> ImportResult:
    """Add or update bodies (name + parent identify a body); row numbers count the header as 1.
    Rows are taken in order, so a parent must come before its children (or be in the store)."""
    result = ImportResult(errors=[])
    assert result.errors is not None
    for n, row in enumerate(rows, start=2):
        name = row.get("名称", "").strip()
        if not name:
            result.errors.append((n, "名称为空"))
            continue
        level = _LEVEL_WORDS.get(row.get("级别", "").strip())
        if level is None:
            result.errors.append(
                (n, f"级别“{row.get('级别', '')}”无法识别（可填：省、市、县、乡镇、街道、部门）")
            )
            continue
        parent_id = None
        parent_name = row.get("上级", "").strip()
        if parent_name:
            found = find_bodies(conn, parent_name)
            if len(found) != 1:
                why = "找不到" if not found else f"有 {len(found)} 个同名机关"
                result.errors.append((n, f"上级“{parent_name}”{why}（上级须写在本行之前或已在库中）"))
                continue
            parent_id = found[0]["id"]
        code = row.get("统一社会信用代码", "").strip().upper() or None
        if code and not _CREDIT_CODE.match(code):
            result.errors.append((n, f"统一社会信用代码“{code}”格式不对（应为18位）"))
            continue
        existing = conn.execute(
            select(bodies.c.id).where(bodies.c.name == name, _is(bodies.c.parent_id, parent_id))
        ).scalar()
        values = {"name": name, "name_key": normalise(name), "level": level, "parent_id": parent_id}
        if code:
            values["credit_code"] = code
        if existing is None:
            body_id = conn.execute(insert(bodies).values(**values)).inserted_primary_key[0]
            result.added += 1
        else:
            body_id = existing
            conn.execute(update(bodies).where(bodies.c.id == body_id).values(**values))
            result.updated += 1
        conn.execute(delete(aliases).where(aliases.c.body_id == body_id))
        alias_list = {a.strip() for a in _ALIAS_SPLIT.split(row.get("别名", "")) if a.strip()}
        for alias in sorted(alias_list):
            conn.execute(insert(aliases).values(body_id=body_id, alias=alias, alias_key=normalise(alias)))
    rematch(conn)
    return result


def _is(column, value):  # type: ignore[no-untyped-def]
    return column.is_(None) if value is None else column == value


def find_bodies(conn: Connection, ref: str) -> list[dict[str, Any]]:
    """Bodies named `ref` (an id, an exact name, a credit code, or a name that normalises the same)."""
    q = select(bodies)
    if ref.isdigit():
        rows = conn.execute(q.where(bodies.c.id == int(ref))).mappings().all()
        if rows:
            return [dict(r) for r in rows]
    rows = conn.execute(q.where(or_(bodies.c.name == ref, bodies.c.credit_code == ref))).mappings().all()
    if not rows:
        rows = conn.execute(q.where(bodies.c.name_key == normalise(ref))).mappings().all()
    return [dict(r) for r in rows]


def candidates(conn: Connection, agency: str | None) -> list[tuple[int, str, str]]:
    """(body id, "name" | "alias", what matched) for a printed agency name."""
    key = normalise(agency)
    if not key:
        return []
    out: dict[int, tuple[int, str, str]] = {}
    for r in conn.execute(select(bodies.c.id, bodies.c.name).where(bodies.c.name_key == key)):
        out[r.id] = (r.id, "name", r.name)
    for r in conn.execute(select(aliases.c.body_id, aliases.c.alias).where(aliases.c.alias_key == key)):
        out.setdefault(r.body_id, (r.body_id, "alias", r.alias))
    return sorted(out.values())


def match_row(conn: Connection, sha256: str, agency: str | None) -> dict[str, Any]:
    """The extraction columns body_id, match and match_reason for a report."""
    assigned = conn.execute(select(assignments).where(assignments.c.sha256 == sha256)).mappings().first()
    if assigned is not None:
        return {
            "body_id": assigned["body_id"],
            "match": "assigned",
            "match_reason": f"由 {assigned['who']} 于 {assigned['at']} 指定",
        }
    found = candidates(conn, agency)
    if len(found) == 1:
        body_id, how, text = found[0]
        what = "名称" if how == "name" else "别名"
        return {
            "body_id": body_id,
            "match": how,
            "match_reason": f"报告所印机关“{agency}”与{what}“{text}”一致",
        }
    if found:
        names = "、".join(f"{t}（{i}）" for i, _, t in found)
        return {"body_id": None, "match": "ambiguous", "match_reason": f"“{agency}”可对应多个机关：{names}"}
    reason = f"名录中没有与“{agency}”对应的机关" if agency else "报告中没有找到机关名称"
    return {"body_id": None, "match": "unmatched", "match_reason": reason}


def rematch(conn: Connection) -> None:
    """Match every current report again (after the register changed)."""
    rows = conn.execute(
        select(extractions.c.id, extractions.c.sha256, extractions.c.agency).where(
            extractions.c.current.is_(True), extractions.c.kind == "report"
        )
    ).all()
    for r in rows:
        conn.execute(
            update(extractions).where(extractions.c.id == r.id).values(**match_row(conn, r.sha256, r.agency))
        )


def queue(conn: Connection) -> list[dict[str, Any]]:
    """Current reports that wait for a body: unmatched or ambiguous, with the reason."""
    q = (
        select(
            extractions.c.id,
            extractions.c.sha256,
            extractions.c.path,
            extractions.c.agency,
            extractions.c.year,
            extractions.c.match,
            extractions.c.match_reason,
        )
        .where(
            extractions.c.current.is_(True),
            extractions.c.kind == "report",
            extractions.c.match.in_(("unmatched", "ambiguous")),
        )
        .order_by(extractions.c.path)
    )
    return [dict(r) for r in conn.execute(q).mappings()]


def resolve_report(conn: Connection, ref: str) -> str:
    """The sha256 of the report a person names: an extraction id, a hash prefix or a path."""
    q = select(extractions.c.sha256).where(extractions.c.current.is_(True))
    if ref.isdigit():
        sha = conn.execute(q.where(extractions.c.id == int(ref))).scalar()
        if sha:
            return sha
    found = set(
        conn.scalars(q.where(or_(extractions.c.sha256.startswith(ref.lower()), extractions.c.path == ref)))
    )
    if len(found) != 1:
        raise errors.XxgkError(
            errors.NOT_FOUND, f"找不到报告“{ref}”" if not found else f"“{ref}”对应多份报告，请写得更完整"
        )
    return found.pop()


def assign(conn: Connection, report_ref: str, body_ref: str, who: str) -> tuple[str, dict[str, Any]]:
    sha = resolve_report(conn, report_ref)
    found = find_bodies(conn, body_ref)
    if len(found) != 1:
        raise errors.XxgkError(
            errors.NOT_FOUND,
            f"找不到机关“{body_ref}”" if not found else f"“{body_ref}”对应多个机关，请用编号",
        )
    body = found[0]
    conn.execute(delete(assignments).where(assignments.c.sha256 == sha))
    conn.execute(insert(assignments).values(sha256=sha, body_id=body["id"], who=who, at=now()))
    conn.execute(update(extractions).where(extractions.c.sha256 == sha).values(**match_row(conn, sha, None)))
    return sha, body


def descendants(conn: Connection, root_id: int) -> list[dict[str, Any]]:
    """The body and every body under it, parents before children, siblings by name."""
    rows = [dict(r) for r in conn.execute(select(bodies)).mappings()]
    children: dict[int | None, list[dict[str, Any]]] = {}
    for r in rows:
        children.setdefault(r["parent_id"], []).append(r)
    by_id = {r["id"]: r for r in rows}
    out: list[dict[str, Any]] = []

    def walk(body: dict[str, Any], depth: int) -> None:
        out.append({**body, "depth": depth})
        for child in sorted(children.get(body["id"], []), key=lambda b: b["name"]):
            walk(child, depth + 1)

    walk(by_id[root_id], 0)
    return out


def region_path(conn: Connection) -> dict[int, str]:
    """Each body's region: the names of its ancestors, outermost first, joined by “/”."""
    rows = {
        r.id: (r.name, r.parent_id)
        for r in conn.execute(select(bodies.c.id, bodies.c.name, bodies.c.parent_id))
    }
    out: dict[int, str] = {}
    for body_id in rows:
        names: list[str] = []
        parent = rows[body_id][1]
        while parent is not None and parent in rows and len(names) < 20:
            names.append(rows[parent][0])
            parent = rows[parent][1]
        out[body_id] = "/".join(reversed(names))
    return out
