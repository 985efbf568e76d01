"""Property tests of the JSON API generated from its own OpenAPI schema (schemathesis) against a
live server on 127.0.0.1: no 500 and no response outside the schema, for a person with a
write-capable session header and for a read-only token. Bounded: a few examples per operation."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, settings
from webfixtures import make_workspace

from xxgk.store.accounts import add_token
from xxgk.web.app import create_app


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory):
    ws = make_workspace(tmp_path_factory.mktemp("api"))
    app = create_app(store=ws.store)
    with ws.store.engine.begin() as conn:
        token = add_token(conn, "admin")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield app, f"http://127.0.0.1:{port}", token
    srv.should_exit = True
    thread.join(timeout=10)
    app.state.jobs.close()


@pytest.fixture(scope="module")
def api_schema(live):
    app, _, _ = live
    return schemathesis.openapi.from_dict(app.openapi())


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, live) -> None:
    _, base, token = live
    case.call_and_validate(base_url=base, headers={"Authorization": f"Bearer {token}"})
