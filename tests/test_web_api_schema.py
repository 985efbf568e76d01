"""Property tests of the JSON API generated from its own OpenAPI schema (schemathesis) against a
live server on 127.0.0.1: no 500 and no response outside the schema, for a person with a
write-capable session header and for a read-only token. Bounded: a few examples per operation."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from webfixtures import live_server, make_workspace

from xxgk.store.accounts import add_token
from xxgk.web.app import create_app


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory):
    ws = make_workspace(tmp_path_factory.mktemp("api"))
    app = create_app(store=ws.store)
    with ws.store.engine.begin() as conn:
        token = add_token(conn, "admin")
    with live_server(app) as base:
        yield app, base, token


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
