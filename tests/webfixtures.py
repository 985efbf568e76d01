"""A workspace for the web tests: the Pingtan region of the store tests (a county-level
government, departments and 片区 townships over the corpus reports), with an admin, a
supervisor of one township (金井), a clerk of another (海坛) and a read-only token."""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from conftest import CORPUS
from fastapi.testclient import TestClient

from xxgk.store import Store, open_store
from xxgk.store.accounts import add_token, add_user
from xxgk.store.bodies import import_register, read_register
from xxgk.store.ingest import ingest

REGISTER = """名称,别名,级别,上级,统一社会信用代码
福建省平潭综合实验区,,县,,
平潭综合实验区公安局,,部门,福建省平潭综合实验区,
平潭综合实验区财政金融局,,部门,福建省平潭综合实验区,
平潭综合实验区海坛片区管理局,,乡镇,福建省平潭综合实验区,
平潭综合实验区金井片区管理局,,乡镇,福建省平潭综合实验区,
"""
PASSWORD = "correct horse battery"
OTHER = "101_pingtan-haitan-pianqu_2024.txt"  # 海坛: what the 金井 supervisor must never see
OWN = "102_pingtan-jinjing-pianqu_2021.txt"
OTHER_BODY = "平潭综合实验区海坛片区管理局"


@dataclass
class Workspace:
    store: Store
    folder: Path
    token: str


def make_workspace(tmp: Path) -> Workspace:
    folder = tmp / "reports"
    folder.mkdir()
    for name in (
        OTHER,
        OWN,
        "107_pingtan-gonganju_2022.txt",
        "119_pingtan-gonganju_2024.txt",
        "117_pingtan-caizhengjinrongju_2024.txt",
        "009_pingtan_2024.txt",
        "001_huaian-hongzequ_2023.pdf",
    ):
        shutil.copy(CORPUS / name, folder)
    (tmp / "register.csv").write_text(REGISTER, encoding="utf-8")
    store = open_store(str(tmp / "store.db"))
    with store.engine.begin() as conn:
        import_register(conn, read_register(tmp / "register.csv"))
        add_user(conn, "admin", PASSWORD, "admin")
        add_user(conn, "jinjing", PASSWORD, "supervisor", "平潭综合实验区金井片区管理局")
        add_user(conn, "haitan", PASSWORD, "clerk", OTHER_BODY)
        token = add_token(conn, "jinjing")
    ingest(store, [str(folder)], jobs=1)
    return Workspace(store, folder, token)


def login(client: TestClient, name: str) -> str:
    """Sign in; returns the session's CSRF token."""
    page = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    r = client.post(
        "/login",
        data={"name": name, "password": PASSWORD, "csrf": csrf, "next": "/dashboard"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/upload").text).group(1)


@contextmanager
def live_server(app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The app served by uvicorn on a free port of 127.0.0.1, in a thread; its base URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
        app.state.jobs.close()
