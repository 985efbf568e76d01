"""The web workspace: a FastAPI app over the store (pages under /, JSON under /api/).

`create_app(url)` builds it. Every route but /login and /static needs a person
(a signed session cookie set at /login) or a token (`Authorization: Bearer …`); the scope of
what each may see is enforced in `xxgk.store.views`, in the queries. Forms posted with a
session carry a CSRF token (double submit: the session holds it, the form or the
`X-CSRF-Token` header repeats it). Failed logins are rate limited per address and name.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware

from xxgk import errors
from xxgk.store import Store, open_store
from xxgk.store.accounts import Principal, secret_key
from xxgk.web.deps import NeedLogin, api_user
from xxgk.web.jobs import Jobs

HERE = Path(__file__).parent
LOGIN_WINDOW_S = 300
LOGIN_MAX_FAILURES = 5
SESSION_MAX_AGE_S = 8 * 3600


class LoginLimiter:
    """At most LOGIN_MAX_FAILURES failed logins per (address, name) in LOGIN_WINDOW_S."""

    def __init__(self) -> None:
        self.failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)

    def blocked(self, key: tuple[str, str]) -> bool:
        q = self.failures[key]
        while q and q[0] < time.monotonic() - LOGIN_WINDOW_S:
            q.popleft()
        return len(q) >= LOGIN_MAX_FAILURES

    def failed(self, key: tuple[str, str]) -> None:
        self.failures[key].append(time.monotonic())

    def succeeded(self, key: tuple[str, str]) -> None:
        self.failures.pop(key, None)


def create_app(url: str | None = None, store: Store | None = None) -> FastAPI:
    store = store or open_store(url)
    with store.engine.begin() as conn:
        key = secret_key(conn)
    app = FastAPI(
        title="xxgk 政府信息公开年度报告工作台",
        description="报告、单元格、问题、报送情况与上传的 JSON 接口。认证：Authorization: Bearer 令牌（xxgk tokens add）。",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,  # served below, behind authentication like everything else
    )
    app.state.store = store
    app.state.templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.state.limiter = LoginLimiter()
    app.state.jobs = Jobs(store)
    app.add_middleware(
        SessionMiddleware,
        secret_key=key,
        max_age=SESSION_MAX_AGE_S,
        same_site="strict",
        session_cookie="xxgk_session",
    )
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.exception_handler(NeedLogin)
    async def _login(request: Request, exc: NeedLogin) -> RedirectResponse:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(errors.XxgkError)
    async def _xxgk_error(request: Request, exc: errors.XxgkError) -> Any:
        status = {errors.NOT_FOUND: 404, errors.FORBIDDEN: 403}.get(exc.code, 400)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"code": exc.code, "message": exc.message}, status_code=status)
        return request.app.state.templates.TemplateResponse(
            request, "error.html", {"who": None, "message": exc.message, "code": exc.code}, status_code=status
        )

    @app.get("/openapi.json", include_in_schema=False)
    def openapi(who: Principal = Depends(api_user)) -> dict[str, Any]:
        return app.openapi()

    from xxgk.web import api, pages

    app.include_router(pages.router)
    app.include_router(api.router, prefix="/api")
    return app


def all_routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every route the app answers, routers included (for the scope tests)."""
    out: list[tuple[str, str]] = []

    def walk(routes: list, prefix: str) -> None:
        for r in routes:
            if hasattr(r, "original_router"):
                walk(r.original_router.routes, prefix + r.include_context.prefix)
            elif hasattr(r, "methods") and r.methods:
                out.extend((m, prefix + r.path) for m in sorted(r.methods) if m != "HEAD")

    walk(app.routes, "")
    return out
