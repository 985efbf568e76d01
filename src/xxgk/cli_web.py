"""The workspace's commands: accounts, tokens and `xxgk serve` (a thin shell over xxgk.web)."""

from __future__ import annotations

import sys

import click

from xxgk import errors
from xxgk.cli_messages import Command, Group
from xxgk.cli_store import _db_option, _fail, _store


@click.group(cls=Group)
def users() -> None:
    """工作台的用户。"""


@users.command("add", cls=Command)
@click.argument("name", metavar="名称")
@click.option(
    "--role",
    type=click.Choice(["admin", "supervisor", "clerk"]),
    required=True,
    help="admin 管理员；supervisor 上级机关（看所辖地区）；clerk 填报人员（看本机关）",
)
@click.option("--region", default=None, help="上级机关所辖的地区（机关名称或编号）", metavar="地区")
@click.option("--agency", default=None, help="填报人员所在的机关（名称或编号）", metavar="机关")
@_db_option
def users_add(name: str, role: str, region: str | None, agency: str | None, db: str | None) -> None:
    """新建用户；密码从标准输入读取（一行）。"""
    from xxgk.store.accounts import add_user

    if role == "supervisor" and agency or role == "clerk" and region:
        _fail(errors.XxgkError(errors.BAD_ARGUMENT, "上级机关用 --region，填报人员用 --agency"))
    password = sys.stdin.readline().rstrip("\r\n")
    with _store(db) as store:
        try:
            with store.engine.begin() as conn:
                add_user(conn, name, password, role, region or agency)
        except errors.XxgkError as exc:
            _fail(exc)
    click.echo(f"已建立用户 {name}（{role}）")


@click.group(cls=Group)
def tokens() -> None:
    """接口令牌（只读，供研究人员和程序使用）。"""


@tokens.command("add", cls=Command)
@click.argument("name", metavar="名称")
@_db_option
def tokens_add(name: str, db: str | None) -> None:
    """为用户 NAME 生成一个只读令牌（只显示这一次），权限范围与该用户相同。"""
    from xxgk.store.accounts import add_token

    with _store(db) as store:
        try:
            with store.engine.begin() as conn:
                token = add_token(conn, name)
        except errors.XxgkError as exc:
            _fail(exc)
    click.echo(token)


@click.command(cls=Command)
@_db_option
@click.option("--host", default="127.0.0.1", help="监听地址（默认只在本机）", metavar="地址")
@click.option("--port", type=int, default=8000, help="端口", metavar="端口")
def serve(db: str | None, host: str, port: int) -> None:
    """启动工作台（网页和 /api/ 接口），默认使用内置的 SQLite 库。"""
    import uvicorn

    from xxgk.web.app import create_app

    with _store(db) as store:
        app = create_app(store=store)
    click.echo(f"工作台已启动：http://{host}:{port}/（按 Ctrl-C 停止）", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
