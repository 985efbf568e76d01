"""What every route of the workspace depends on: the store's connection, who is asking (a
signed session cookie or a Bearer token), the CSRF check of a form, and the refusal of a
read-only token. The routers (pages, api) import these; the app (app.py) puts them together."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import Depends, HTTPException, Request
from sqlalchemy import Connection

from xxgk.store.accounts import Principal, by_token, principal


class NeedLogin(Exception):
    """Raised by the auth dependency of a page: answered with a redirect to /login."""


@contextmanager
def _connect(request: Request, write: bool = False) -> Iterator[Connection]:
    engine = request.app.state.store.engine
    with engine.begin() if write else engine.connect() as conn:
        yield conn


def db(request: Request) -> Iterator[Connection]:
    with _connect(request) as conn:
        yield conn


def db_write(request: Request) -> Iterator[Connection]:
    with _connect(request, write=True) as conn:
        yield conn


def _from_request(request: Request) -> Principal | None:
    header = request.headers.get("authorization", "")
    with _connect(request) as conn:
        if header.lower().startswith("bearer "):
            return by_token(conn, header[7:].strip())
        user_id = request.session.get("user_id")
        return principal(conn, user_id) if isinstance(user_id, int) else None


def api_user(request: Request) -> Principal:
    who = _from_request(request)
    if who is None:
        raise HTTPException(
            401, "需要登录或提供令牌（Authorization: Bearer …）", headers={"WWW-Authenticate": "Bearer"}
        )
    return who


def page_user(request: Request) -> Principal:
    who = _from_request(request)
    if who is None:
        raise NeedLogin()
    return who


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(24)
        request.session["csrf"] = token
    return token


async def check_csrf(request: Request) -> None:
    """Forms and fetches made with a session repeat its CSRF token; token requests need none."""
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        return
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        sent = (await request.form()).get("csrf")
    if not sent or not hmac.compare_digest(str(sent), request.session.get("csrf", "")):
        raise HTTPException(403, "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试")


def writer(who: Principal = Depends(api_user)) -> Principal:
    if who.read_only:
        raise HTTPException(403, "只读令牌不能执行此操作")
    return who
