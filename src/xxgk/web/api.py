"""The JSON API: everything the pages show, under /api/, described by /openapi.json.

Authentication: `Authorization: Bearer TOKEN` (`xxgk tokens add NAME`), or the session of a
signed-in person (then writes need the CSRF header). Every view is scoped in the store."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import Connection

from xxgk.store import views
from xxgk.store.accounts import Principal
from xxgk.web import source
from xxgk.web.deps import api_user, check_csrf, db, db_write, writer

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "参数有误"},
    401: {"description": "需要登录或令牌"},
    403: {"description": "无权执行"},
    404: {"description": "找不到，或无权查看"},
    422: {"description": "参数格式不对"},
}
router = APIRouter(responses=ERRORS)
Year = Query(None, ge=1990, le=2100, description="统计年度")


class Review(BaseModel):
    sha256: str = Field(min_length=6, max_length=64, description="报告（文件哈希）")
    code: str = Field(min_length=1, max_length=48, description="问题编号")
    cells: str = Field("", max_length=4000, description="同一问题出现多次时，用单元格（逗号分隔）指明")
    state: str = Field(pattern="^(confirmed|dismissed)$")
    comment: str = Field("", max_length=2000)


@router.get("/me", summary="当前用户")
def me(who: Principal = Depends(api_user)) -> dict[str, Any]:
    return {"name": who.name, "role": who.role, "body_id": who.body_id, "read_only": who.read_only}


@router.get("/reports", summary="报告列表（可按年度、地区、机关、严重程度筛选）")
def reports(
    year: int | None = Year,
    region: str | None = Query(None, max_length=200),
    agency: str | None = Query(None, max_length=200),
    severity: str | None = Query(None, pattern="^(error|warning)$"),
    limit: int = Query(200, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=10**7),
    who: Principal = Depends(api_user),
    conn: Connection = Depends(db),
) -> list[dict[str, Any]]:
    return views.reports(conn, who, year, region, agency, severity, limit, offset)


@router.get("/reports/{sha256}", summary="一份报告：全部单元格和问题（含人工更正与审阅）")
def report(sha256: str, who: Principal = Depends(api_user), conn: Connection = Depends(db)) -> dict[str, Any]:
    return views.report(conn, who, sha256)


@router.get("/reports/{sha256}/source", summary="单元格在原文件中的位置")
def cell_source(
    sha256: str,
    cell: str = Query(..., pattern=r"^table[234]\.\w+\.\w+$"),
    who: Principal = Depends(api_user),
    conn: Connection = Depends(db),
) -> dict[str, Any]:
    view = source_view(conn, who, sha256, cell)
    return {
        "kind": view.kind,
        "where": view.where,
        "page": view.page,
        "bbox": view.bbox,
        "lines": [list(x) for x in view.lines],
        "grid": view.grid,
        "mark": view.mark,
    }


def source_view(
    conn: Connection, who: Principal, sha256: str, cell: str, report: dict[str, Any] | None = None
) -> source.SourceView:
    """Where `cell` of a visible report was printed (`report`: its JSON, when already read)."""
    from xxgk import errors

    report = report or views.report(conn, who, sha256)
    table, row, col = cell.split(".")
    found = ((report.get(table) or {}).get(row) or {}).get(col)
    if found is None:
        raise errors.XxgkError(errors.NOT_FOUND, f"这份报告没有单元格“{cell}”")
    data, _ = views.source_file(conn, who, sha256)
    return source.view(data, found["where"])


@router.get("/findings", summary="问题列表（可按地区、年度、严重程度、规则、责任方筛选和排序）")
def findings(
    region: str | None = Query(None, max_length=200),
    year: int | None = Year,
    severity: str | None = Query(None, pattern="^(error|warning|info)$"),
    rule: str | None = Query(None, max_length=48),
    fault: str | None = Query(None, pattern="^(source|extraction)$"),
    sort: str = Query("severity", pattern="^(severity|rule|agency|year)$"),
    who: Principal = Depends(api_user),
    conn: Connection = Depends(db),
) -> list[dict[str, Any]]:
    return views.findings_list(conn, who, region, year, severity, rule, fault, sort)


@router.post("/findings/review", summary="审阅问题：确认或驳回", dependencies=[Depends(check_csrf)])
def review(
    body: Review, who: Principal = Depends(writer), conn: Connection = Depends(db_write)
) -> dict[str, str]:
    views.review_finding(conn, who, body.sha256, body.code, body.cells, body.state, body.comment)
    return {"status": "ok"}


@router.get("/tree", summary="地区树：每个机关该年度的报送情况")
def tree(
    year: int = Query(..., ge=1990, le=2100),
    q: str = Query("", max_length=100, description="按名称搜索（任一级）"),
    region: str | None = Query(None, max_length=200),
    depth: int | None = Query(None, ge=0, le=20, description="只列出这一层以内（不给则全部）"),
    who: Principal = Depends(api_user),
    conn: Connection = Depends(db),
) -> list[dict[str, Any]]:
    return views.tree(conn, who, year, q, region, depth)


@router.get("/coverage", summary="报送情况：按时、逾期、未报")
def coverage(
    year: int = Query(..., ge=1990, le=2100),
    region: str | None = Query(None, max_length=200),
    who: Principal = Depends(api_user),
    conn: Connection = Depends(db),
) -> dict[str, Any]:
    bodies = views.tree(conn, who, year, "", region)
    return {
        "year": year,
        "bodies": bodies,
        "counts": {s: sum(b["state"] == s for b in bodies) for s in ("filed", "late", "missing", "undated")},
    }


@router.get("/queue", summary="待匹配和无法读取的文件")
def queue(who: Principal = Depends(api_user), conn: Connection = Depends(db)) -> dict[str, Any]:
    return views.queue(conn, who)


@router.get("/bodies/{body_id}", summary="一个机关：逐年主要数字")
def body(body_id: int, who: Principal = Depends(api_user), conn: Connection = Depends(db)) -> dict[str, Any]:
    return views.body_page(conn, who, body_id)


@router.get("/dashboard", summary="地区年度概览：报送、申请量、办理结果构成、比率、排名")
def dashboard(
    year: int = Query(..., ge=1990, le=2100),
    region: str | None = Query(None, max_length=200),
    who: Principal = Depends(api_user),
    conn: Connection = Depends(db),
) -> dict[str, Any]:
    return views.dashboard(conn, who, region, year)


@router.get(
    "/dashboard.csv",
    summary="概览中某张图的数字（CSV）",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def dashboard_csv(
    year: int = Query(..., ge=1990, le=2100),
    chart: str = Query(
        ...,
        pattern="^(coverage|outcome|metrics|ranking_new_received|ranking_substantive_disclosure_rate|ranking_correction_rate)$",
    ),
    region: str | None = Query(None, max_length=200),
    who: Principal = Depends(api_user),
    conn: Connection = Depends(db),
) -> Response:
    return Response(
        chart_csv(views.dashboard(conn, who, region, year), chart),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{chart}-{year}.csv"'},
    )


def chart_csv(d: dict[str, Any], chart: str) -> str:
    out = io.StringIO()
    w = csv.writer(out)
    if chart == "coverage":
        w.writerow(["状态", "机关数"])
        w.writerows(d["coverage"].items())
    elif chart == "outcome":
        w.writerow(["办理结果", "件数"])
        w.writerows(d["outcome"].items())
    elif chart == "metrics":
        w.writerow(["指标", "数值", "公式"])
        w.writerows(
            [m["name"], "" if m["value"] is None else f"{m['value']:.4f}", m["formula"]] for m in d["metrics"]
        )
    else:
        key = chart.removeprefix("ranking_")
        w.writerow(["机关", key])
        w.writerows([b["body"], b[key]] for b in d["rankings"][key])
    return "\ufeff" + out.getvalue()


@router.post("/upload", summary="上传报告（可多个文件），后台读取", dependencies=[Depends(check_csrf)])
async def upload(
    request: Request,
    files: list[UploadFile] = File(..., description="报告文件"),
    who: Principal = Depends(writer),
) -> dict[str, Any]:
    from xxgk.web.jobs import read_uploads

    payload = await read_uploads(files)
    job = request.app.state.jobs.submit(who, payload)
    return {"job": job, "files": len(payload)}


@router.get("/jobs/{job}", summary="上传任务的进度")
def job(job: str, request: Request, who: Principal = Depends(api_user)) -> dict[str, Any]:
    return request.app.state.jobs.status(who, job)
