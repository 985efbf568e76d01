"""Accounts: users with a role and a scope, read-only API tokens, and who may see what.

Passwords are hashed with Argon2 (argon2-cffi). A token is shown once and stored as its
sha256. The scope is enforced here, in the queries, not in the pages: an admin sees every
body; a supervisor the bodies under their region; a clerk their own body; a token acts with
its user's scope and may only read.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Connection, insert, select

from xxgk import errors
from xxgk.store import now
from xxgk.store.bodies import descendants, find_bodies
from xxgk.store.schema import settings, tokens, users

Role = Literal["admin", "supervisor", "clerk"]
ROLES: dict[str, str] = {"admin": "管理员", "supervisor": "上级机关", "clerk": "填报人员"}
MIN_PASSWORD = 8


@dataclass(frozen=True)
class Principal:
    """Who is asking: a user, and whether through a read-only token."""

    user_id: int
    name: str
    role: Role
    body_id: int | None
    read_only: bool = False

    @property
    def role_zh(self) -> str:
        return ROLES[self.role]


def _hasher():  # type: ignore[no-untyped-def]
    from argon2 import PasswordHasher

    return PasswordHasher()


def add_user(conn: Connection, name: str, password: str, role: str, scope: str | None = None) -> int:
    if role not in ROLES:
        raise errors.XxgkError(errors.BAD_ARGUMENT, f"角色应为 admin、supervisor 或 clerk，而不是“{role}”")
    if len(password) < MIN_PASSWORD:
        raise errors.XxgkError(errors.BAD_ARGUMENT, f"密码至少 {MIN_PASSWORD} 个字符")
    if conn.scalar(select(users.c.id).where(users.c.name == name)) is not None:
        raise errors.XxgkError(errors.BAD_ARGUMENT, f"用户“{name}”已存在")
    body_id = None
    if role != "admin":
        if not scope:
            what = "--region（所辖地区）" if role == "supervisor" else "--agency（本机关）"
            raise errors.XxgkError(errors.BAD_ARGUMENT, f"{ROLES[role]}须指定 {what}")
        found = find_bodies(conn, scope)
        if len(found) != 1:
            raise errors.XxgkError(
                errors.NOT_FOUND,
                f"机关名录中找不到“{scope}”" if not found else f"“{scope}”对应多个机关，请用编号",
            )
        body_id = found[0]["id"]
    row = {
        "name": name,
        "password_hash": _hasher().hash(password),
        "role": role,
        "body_id": body_id,
        "created_at": now(),
    }
    return conn.execute(insert(users).values(**row)).inserted_primary_key[0]


def authenticate(conn: Connection, name: str, password: str) -> Principal | None:
    from argon2.exceptions import VerificationError

    row = conn.execute(select(users).where(users.c.name == name)).mappings().first()
    if row is None:
        _hasher().hash(password)  # the same cost whether or not the user exists
        return None
    try:
        _hasher().verify(row["password_hash"], password)
    except VerificationError:
        return None
    return Principal(row["id"], row["name"], row["role"], row["body_id"])


def principal(conn: Connection, user_id: int, read_only: bool = False) -> Principal | None:
    row = conn.execute(select(users).where(users.c.id == user_id)).mappings().first()
    if row is None:
        return None
    return Principal(row["id"], row["name"], row["role"], row["body_id"], read_only)


def add_token(conn: Connection, name: str) -> str:
    """A new read-only token for user `name` (printed once; only its hash is kept)."""
    user_id = conn.scalar(select(users.c.id).where(users.c.name == name))
    if user_id is None:
        raise errors.XxgkError(errors.NOT_FOUND, f"没有用户“{name}”，请先用 xxgk users add 建立")
    token = "xxgk_" + secrets.token_urlsafe(32)
    conn.execute(insert(tokens).values(user_id=user_id, token_hash=_token_hash(token), created_at=now()))
    return token


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def by_token(conn: Connection, token: str) -> Principal | None:
    user_id = conn.scalar(select(tokens.c.user_id).where(tokens.c.token_hash == _token_hash(token)))
    return principal(conn, user_id, read_only=True) if user_id is not None else None


def visible_bodies(conn: Connection, who: Principal) -> list[int] | None:
    """The bodies `who` may see; None means every body (and the unmatched reports)."""
    if who.role == "admin":
        return None
    if who.body_id is None:
        return []
    if who.role == "clerk":
        return [who.body_id]
    return [b["id"] for b in descendants(conn, who.body_id)]


def secret_key(conn: Connection) -> str:
    """The key that signs session cookies: made once per store and kept in it."""
    key = conn.scalar(select(settings.c.value).where(settings.c.key == "session_key"))
    if key is None:
        key = secrets.token_urlsafe(48)
        conn.execute(insert(settings).values(key="session_key", value=key))
    return key
