"""Scope and authentication of every route of the workspace.

The supervisor of one township (金井) must not read another township's (海坛) report,
cells, findings, uploads, charts or CSV through any page or API route; no route answers
without authentication. `CASES` names every route of the app: a new route without a case
here fails `test_every_route_has_a_case`."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
from conftest import CORPUS
from fastapi.testclient import TestClient
from sqlalchemy import select
from webfixtures import OTHER, OTHER_BODY, OWN, login, make_workspace

from xxgk.store.accounts import add_token
from xxgk.store.schema import bodies
from xxgk.web.app import all_routes, create_app

PUBLIC = {("GET", "/login"), ("POST", "/login")}


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory):
    w = make_workspace(tmp_path_factory.mktemp("ws"))
    app = create_app(store=w.store)
    with w.store.engine.connect() as conn:
        ids = {
            "other_sha": hashlib.sha256((w.folder / OTHER).read_bytes()).hexdigest(),
            "own_sha": hashlib.sha256((w.folder / OWN).read_bytes()).hexdigest(),
            "other_body": conn.scalar(select(bodies.c.id).where(bodies.c.name == OTHER_BODY)),
        }
    clerk = TestClient(app)
    csrf = login(clerk, "haitan")
    data = (CORPUS / "119_pingtan-gonganju_2024.txt").read_bytes() + b"\n"
    r = clerk.post(
        "/api/upload", files=[("files", ("up.txt", data, "text/plain"))], headers={"X-CSRF-Token": csrf}
    )
    assert r.status_code == 200, r.text
    ids["other_job"] = r.json()["job"]
    sup = TestClient(app)
    ids["csrf"] = login(sup, "jinjing")
    yield app, sup, ids
    app.state.jobs.close()


def _hidden(r, ids) -> None:
    """Nothing of 海坛 in the answer: refused, or answered without it."""
    assert r.status_code in (200, 303, 400, 403, 404, 422), (r.status_code, r.text[:300])
    assert ids["other_sha"] not in r.text and OTHER_BODY not in r.text and OTHER not in r.text


def _refused(r, ids) -> None:
    assert r.status_code in (403, 404), (r.status_code, r.text[:300])
    assert ids["other_sha"] not in r.text or r.status_code == 404


Case = Callable[[TestClient, dict], None]
CASES: dict[tuple[str, str], Case] = {
    ("GET", "/openapi.json"): lambda c, i: _hidden(c.get("/openapi.json"), i),
    ("GET", "/"): lambda c, i: _hidden(c.get("/"), i),
    ("GET", "/login"): lambda c, i: _hidden(c.get("/login"), i),
    ("POST", "/login"): lambda c, i: None,  # signs in; tested by the login tests
    ("POST", "/logout"): lambda c, i: None,  # ends the session; run last by the login tests
    ("GET", "/dashboard"): lambda c, i: _hidden(c.get("/dashboard?year=2024"), i),
    ("GET", "/tree"): lambda c, i: _hidden(c.get("/tree?year=2024"), i),
    ("GET", "/reports"): lambda c, i: _hidden(c.get("/reports"), i),
    ("GET", "/reports/{sha256}"): lambda c, i: _refused(c.get(f"/reports/{i['other_sha']}"), i),
    ("GET", "/reports/{sha256}/source"): lambda c, i: _refused(
        c.get(f"/reports/{i['other_sha']}/source?cell=table3.new_received.total"), i
    ),
    ("GET", "/reports/{sha256}/page/{page}.png"): lambda c, i: _refused(
        c.get(f"/reports/{i['other_sha']}/page/1.png"), i
    ),
    ("GET", "/findings"): lambda c, i: _hidden(c.get("/findings"), i),
    ("POST", "/findings/review"): lambda c, i: _refused(
        c.post(
            "/findings/review",
            data={
                "csrf": i["csrf"],
                "sha256": i["other_sha"],
                "code": "T3.IDENTITY.COLUMN",
                "state": "dismissed",
            },
        ),
        i,
    ),
    ("GET", "/queue"): lambda c, i: _hidden(c.get("/queue"), i),
    ("GET", "/bodies/{body_id}"): lambda c, i: _refused(c.get(f"/bodies/{i['other_body']}"), i),
    ("GET", "/upload"): lambda c, i: _hidden(c.get("/upload"), i),
    ("POST", "/upload"): lambda c, i: None,  # the supervisor's own upload; covered by the browser test
    ("GET", "/jobs/{job}"): lambda c, i: _refused(c.get(f"/jobs/{i['other_job']}"), i),
    ("GET", "/jobs/{job}/progress"): lambda c, i: _refused(c.get(f"/jobs/{i['other_job']}/progress"), i),
    ("GET", "/api/me"): lambda c, i: _hidden(c.get("/api/me"), i),
    ("GET", "/api/reports"): lambda c, i: _hidden(c.get("/api/reports"), i),
    ("GET", "/api/reports/{sha256}"): lambda c, i: _refused(c.get(f"/api/reports/{i['other_sha']}"), i),
    ("GET", "/api/reports/{sha256}/source"): lambda c, i: _refused(
        c.get(f"/api/reports/{i['other_sha']}/source?cell=table3.new_received.total"), i
    ),
    ("GET", "/api/findings"): lambda c, i: _hidden(c.get("/api/findings"), i),
    ("POST", "/api/findings/review"): lambda c, i: _refused(
        c.post(
            "/api/findings/review",
            json={"sha256": i["other_sha"], "code": "T3.IDENTITY.COLUMN", "state": "dismissed"},
            headers={"X-CSRF-Token": i["csrf"]},
        ),
        i,
    ),
    ("GET", "/api/tree"): lambda c, i: _hidden(c.get("/api/tree?year=2024"), i),
    ("GET", "/api/coverage"): lambda c, i: _hidden(
        c.get(f"/api/coverage?year=2024&region={i['other_body']}"), i
    ),
    ("GET", "/api/queue"): lambda c, i: _hidden(c.get("/api/queue"), i),
    ("GET", "/api/bodies/{body_id}"): lambda c, i: _refused(c.get(f"/api/bodies/{i['other_body']}"), i),
    ("GET", "/api/dashboard"): lambda c, i: _hidden(
        c.get(f"/api/dashboard?year=2024&region={i['other_body']}"), i
    ),
    ("GET", "/api/dashboard.csv"): lambda c, i: _hidden(
        c.get("/api/dashboard.csv?year=2024&chart=ranking_new_received"), i
    ),
    ("POST", "/api/upload"): lambda c, i: None,  # the supervisor's own upload; see test_upload_limits
    ("GET", "/api/jobs/{job}"): lambda c, i: _refused(c.get(f"/api/jobs/{i['other_job']}"), i),
}


def test_every_route_has_a_case(ws) -> None:
    app, _, _ = ws
    assert set(all_routes(app)) == set(CASES)


@pytest.mark.parametrize("route", sorted(CASES), ids=lambda r: f"{r[0]} {r[1]}")
def test_supervisor_of_one_township_cannot_read_another(ws, route) -> None:
    _, sup, ids = ws
    CASES[route](sup, ids)


def test_own_township_is_visible(ws) -> None:
    _, sup, ids = ws
    assert sup.get(f"/api/reports/{ids['own_sha']}").status_code == 200
    assert ids["own_sha"] in sup.get("/api/reports").text


@pytest.mark.parametrize("route", sorted(set(CASES) - PUBLIC), ids=lambda r: f"{r[0]} {r[1]}")
def test_no_route_answers_without_authentication(ws, route) -> None:
    app, _, ids = ws
    anon = TestClient(app)
    method, path = route
    path = path.format(sha256=ids["own_sha"], page=1, body_id=1, job=ids["other_job"])
    r = anon.request(method, path, follow_redirects=False)
    if path.startswith("/api/") or path == "/openapi.json":
        assert r.status_code in (401, 403), (route, r.status_code)
    else:
        assert r.status_code in (303, 403) and (
            r.status_code == 403 or r.headers["location"].startswith("/login")
        ), route


def test_read_only_token_reads_in_scope_and_cannot_write(ws) -> None:
    app, _, ids = ws
    with app.state.store.engine.begin() as conn:
        token = add_token(conn, "jinjing")
    c = TestClient(app)
    auth = {"Authorization": f"Bearer {token}"}
    assert c.get(f"/api/reports/{ids['own_sha']}", headers=auth).status_code == 200
    assert c.get(f"/api/reports/{ids['other_sha']}", headers=auth).status_code == 404
    r = c.post(
        "/api/findings/review",
        json={"sha256": ids["own_sha"], "code": "X", "state": "confirmed"},
        headers=auth,
    )
    assert r.status_code == 403
    r = c.post("/api/upload", files=[("files", ("a.txt", b"x" * 10, "text/plain"))], headers=auth)
    assert r.status_code == 403
    assert c.get("/api/reports", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_csrf_and_login_rate_limit(ws) -> None:
    app, _, ids = ws
    c = TestClient(app)
    csrf = login(c, "jinjing")
    r = c.post("/findings/review", data={"sha256": ids["own_sha"], "code": "X", "state": "confirmed"})
    assert r.status_code == 403  # no CSRF token
    page = TestClient(app)
    token = page.get("/login").text.split('name="csrf" value="')[1].split('"')[0]
    codes = [
        page.post("/login", data={"name": "admin", "password": "wrong", "csrf": token}).status_code
        for _ in range(6)
    ]
    assert codes == [401] * 5 + [429]
    assert csrf
