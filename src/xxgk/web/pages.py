"""The pages of the workspace (server-rendered Jinja templates, htmx for live parts)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Connection, func, select

from xxgk import errors
from xxgk.render.html import CSS, LEGEND, _Page
from xxgk.report_json import report_from_json
from xxgk.standard.identities import cell_label
from xxgk.standard.sections import SECTIONS
from xxgk.store import views
from xxgk.store.accounts import ROLES, Principal, authenticate, visible_bodies
from xxgk.store.coverage import STATE_ZH
from xxgk.store.schema import extractions
from xxgk.web import source
from xxgk.web.api import source_view
from xxgk.web.deps import check_csrf, csrf_token, db, db_write, page_user

router = APIRouter(include_in_schema=False)


def _render(request: Request, name: str, who: Principal | None, **ctx: Any) -> HTMLResponse:
    ctx.update(
        who=who, csrf=csrf_token(request), roles=ROLES, severity_zh=views.SEVERITY_ZH, state_zh=STATE_ZH
    )
    return request.app.state.templates.TemplateResponse(request, name, ctx)


def _latest_year(conn: Connection, who: Principal) -> int:
    q = select(func.max(extractions.c.year)).where(
        extractions.c.current.is_(True), extractions.c.kind == "report"
    )
    visible = visible_bodies(conn, who)
    if visible is not None:
        q = q.where(extractions.c.body_id.in_(visible))
    return conn.scalar(q) or 2024


@router.get("/")
def home(who: Principal = Depends(page_user)) -> RedirectResponse:
    return RedirectResponse("/dashboard", status_code=303)


@router.get("/login")
def login_form(request: Request, next: str = "/dashboard") -> HTMLResponse:
    return _render(
        request, "login.html", None, next=next if next.startswith("/") else "/dashboard", message=""
    )


@router.post("/login", dependencies=[Depends(check_csrf)])
def login(
    request: Request,
    name: str = Form(..., max_length=100),
    password: str = Form(..., max_length=200),
    next: str = Form("/dashboard"),
    conn: Connection = Depends(db),
) -> Response:
    limiter = request.app.state.limiter
    key = (request.client.host if request.client else "?", name)
    target = next if next.startswith("/") and not next.startswith("//") else "/dashboard"
    if limiter.blocked(key):
        response = _render(
            request, "login.html", None, next=target, message="登录失败次数过多，请 5 分钟后再试"
        )
        response.status_code = 429
        return response
    who = authenticate(conn, name, password)
    if who is None:
        limiter.failed(key)
        response = _render(request, "login.html", None, next=target, message="用户名或密码不对")
        response.status_code = 401
        return response
    limiter.succeeded(key)
    request.session.clear()
    request.session["user_id"] = who.user_id
    return RedirectResponse(target, status_code=303)


@router.post("/logout", dependencies=[Depends(check_csrf)])
def logout(request: Request) -> RedirectResponse:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/dashboard")
def dashboard(
    request: Request,
    year: int | None = Query(None, ge=1990, le=2100),
    region: str | None = None,
    who: Principal = Depends(page_user),
    conn: Connection = Depends(db),
) -> HTMLResponse:
    year = year or _latest_year(conn, who)
    d = views.dashboard(conn, who, region, year)
    return _render(
        request,
        "dashboard.html",
        who,
        d=d,
        year=year,
        region=region or "",
        chart_json=json.dumps(d, ensure_ascii=False),
    )


@router.get("/tree")
def tree(
    request: Request,
    year: int | None = Query(None, ge=1990, le=2100),
    q: str = "",
    region: str | None = None,
    depth: int = Query(2, ge=0, le=20),
    who: Principal = Depends(page_user),
    conn: Connection = Depends(db),
) -> HTMLResponse:
    year = year or _latest_year(conn, who)
    bodies = views.tree(conn, who, year, q, region or None, None if q else depth)
    counts = {s: sum(b["subtree"][s] for b in bodies if b["depth"] == 0) for s in STATE_ZH}
    return _render(
        request,
        "tree.html",
        who,
        bodies=bodies,
        year=year,
        q=q,
        region=region or "",
        counts=counts,
        depth=depth,
    )


@router.get("/reports")
def reports(
    request: Request,
    year: int | None = Query(None, ge=1990, le=2100),
    region: str | None = None,
    agency: str | None = None,
    severity: str | None = Query(None, pattern="^(error|warning)?$"),
    who: Principal = Depends(page_user),
    conn: Connection = Depends(db),
) -> HTMLResponse:
    rows = views.reports(conn, who, year, region or None, agency or None, severity or None)
    return _render(
        request,
        "reports.html",
        who,
        rows=rows,
        year=year or "",
        region=region or "",
        agency=agency or "",
        severity=severity or "",
    )


@router.get("/reports/{sha256}")
def report(
    request: Request, sha256: str, who: Principal = Depends(page_user), conn: Connection = Depends(db)
) -> HTMLResponse:
    doc = views.report(conn, who, sha256)
    rep = report_from_json(doc)
    tables = _Page(rep, 0)
    findings = doc["findings"]
    for f in findings:
        f["labels"] = [(c, cell_label(c)) for c in f["cells"][:6]]
    return _render(
        request,
        "report.html",
        who,
        doc=doc,
        sha=sha256,
        css=CSS,
        legend=LEGEND,
        tables=[
            (SECTIONS[int(t[-1]) - 1].heading, html)
            for t, html in (
                ("table2", tables.table2()),
                ("table3", tables.table3()),
                ("table4", tables.table4()),
            )
        ],
        findings=findings,
    )


@router.get("/reports/{sha256}/source")
def cell_source(
    request: Request,
    sha256: str,
    cell: str = Query(..., pattern=r"^table[234]\.\w+\.\w+$"),
    who: Principal = Depends(page_user),
    conn: Connection = Depends(db),
) -> HTMLResponse:
    doc = views.report(conn, who, sha256)
    view = source_view(conn, who, sha256, cell, doc)
    table, row, col = cell.split(".")
    value = doc[table][row][col]
    return _render(
        request,
        "source.html",
        who,
        doc=doc,
        sha=sha256,
        cell=cell,
        label=cell_label(cell),
        value=value,
        view=view,
        where_zh=_describe(value["where"]),
    )


def _describe(where: dict[str, Any]) -> str:
    from xxgk.report_json import where_from_json

    return where_from_json(where).describe() or "（没有位置信息）"


@router.get("/reports/{sha256}/page/{page}.png")
def page_png(
    sha256: str, page: int, who: Principal = Depends(page_user), conn: Connection = Depends(db)
) -> Response:
    data, _ = views.source_file(conn, who, sha256)
    try:
        png = source.page_png(data, page)
    except IndexError as exc:
        raise errors.XxgkError(errors.NOT_FOUND, f"没有第{page}页") from exc
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


@router.get("/findings")
def findings(
    request: Request,
    region: str | None = None,
    year: int | None = Query(None, ge=1990, le=2100),
    severity: str | None = Query(None, pattern="^(error|warning|info)?$"),
    rule: str | None = None,
    fault: str | None = Query(None, pattern="^(source|extraction)?$"),
    sort: str = Query("severity", pattern="^(severity|rule|agency|year)$"),
    who: Principal = Depends(page_user),
    conn: Connection = Depends(db),
) -> HTMLResponse:
    rows = views.findings_list(
        conn, who, region or None, year, severity or None, rule or None, fault or None, sort
    )
    for r in rows:
        r["labels"] = [cell_label(c) for c in r["cells"][:4]]
    return _render(
        request,
        "findings.html",
        who,
        rows=rows,
        region=region or "",
        year=year or "",
        severity=severity or "",
        rule=rule or "",
        fault=fault or "",
        sort=sort,
    )


@router.post("/findings/review", dependencies=[Depends(check_csrf)])
def review(
    sha256: str = Form(..., max_length=64),
    code: str = Form(..., max_length=48),
    cells: str = Form("", max_length=4000),
    state: str = Form(..., pattern="^(confirmed|dismissed)$"),
    comment: str = Form("", max_length=2000),
    back: str = Form("/findings"),
    who: Principal = Depends(page_user),
    conn: Connection = Depends(db_write),
) -> RedirectResponse:
    views.review_finding(conn, who, sha256, code, cells, state, comment)
    return RedirectResponse(
        back if back.startswith("/") and not back.startswith("//") else "/findings", status_code=303
    )


@router.get("/queue")
def queue(
    request: Request, who: Principal = Depends(page_user), conn: Connection = Depends(db)
) -> HTMLResponse:
    return _render(request, "queue.html", who, q=views.queue(conn, who))


@router.get("/bodies/{body_id}")
def body(
    request: Request, body_id: int, who: Principal = Depends(page_user), conn: Connection = Depends(db)
) -> HTMLResponse:
    return _render(request, "body.html", who, b=views.body_page(conn, who, body_id))


@router.get("/upload")
def upload_form(request: Request, who: Principal = Depends(page_user)) -> HTMLResponse:
    return _render(request, "upload.html", who, message="")


@router.post("/upload", dependencies=[Depends(check_csrf)])
async def upload(
    request: Request,
    files: list[UploadFile] = File(...),
    who: Principal = Depends(page_user),
) -> Response:
    from xxgk.web.jobs import read_uploads

    payload = await read_uploads(files)
    try:
        job = request.app.state.jobs.submit(who, payload)
    except errors.XxgkError as exc:
        response = _render(request, "upload.html", who, message=exc.describe())
        response.status_code = 400
        return response
    return RedirectResponse(f"/jobs/{quote(job)}", status_code=303)


@router.get("/jobs/{job}")
def job_page(request: Request, job: str, who: Principal = Depends(page_user)) -> HTMLResponse:
    return _render(request, "job.html", who, s=request.app.state.jobs.status(who, job))


@router.get("/jobs/{job}/progress")
def job_progress(request: Request, job: str, who: Principal = Depends(page_user)) -> HTMLResponse:
    return _render(request, "job_progress.html", who, s=request.app.state.jobs.status(who, job))
