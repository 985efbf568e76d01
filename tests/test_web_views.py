"""The workspace's figures against the truth files: a dashboard over one body equals what the
truth file's numbers give by the formulas written out here, and the CSV download holds them."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import CORPUS
from fastapi.testclient import TestClient
from webfixtures import login, make_workspace

from xxgk.web.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    ws = make_workspace(tmp_path_factory.mktemp("views"))
    app = create_app(store=ws.store)
    c = TestClient(app)
    login(c, "admin")
    yield c
    app.state.jobs.close()


@pytest.mark.parametrize(
    ("body", "truth_file"),
    [
        ("平潭综合实验区海坛片区管理局", "101_pingtan-haitan-pianqu_2024"),
        ("平潭综合实验区公安局", "119_pingtan-gonganju_2024"),
    ],
)
def test_dashboard_of_one_body_equals_the_truth(client: TestClient, body: str, truth_file: str) -> None:
    truth = json.loads((CORPUS / f"{truth_file}.truth.json").read_text())
    t3, t4 = truth["table3"], truth["table4"]
    d = client.get(f"/api/dashboard?year=2024&region={body}").json()
    assert d["coverage"] == {"filed": 1, "late": 0, "missing": 0, "undated": 0}
    assert d["new_received"] == t3["new_received"]["total"]
    handled = t3["results_total"]["total"]
    substantive = (t3["granted"]["total"] + t3["partially_granted"]["total"]) / handled if handled else None
    blocks = ("review", "litigation_direct", "litigation_after_review")
    decided = sum(t4[b]["total"] - t4[b]["pending"] for b in blocks)
    correction = sum(t4[b]["corrected"] for b in blocks) / decided if decided else None
    rates = {m["key"]: m["value"] for m in d["metrics"]}
    # a rate with nothing to divide by is unknown, never 0
    assert rates["substantive_disclosure_rate"] == (
        pytest.approx(substantive) if substantive is not None else None
    )
    assert rates["correction_rate"] == (pytest.approx(correction) if correction is not None else None)
    denied = sum(v["total"] for k, v in t3.items() if k.startswith("denied_"))
    assert d["outcome"]["（三）不予公开"] == denied
    text = client.get(f"/api/dashboard.csv?year=2024&chart=outcome&region={body}").text
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["办理结果", "件数"] and ["（三）不予公开", str(float(denied))] in rows


def test_body_page_lists_its_years(client: TestClient) -> None:
    tree = client.get("/api/tree?year=2024&q=公安局").json()
    police = next(b for b in tree if b["name"] == "平潭综合实验区公安局")
    years = [y["year"] for y in client.get(f"/api/bodies/{police['id']}").json()["years"]]
    assert years == [2022, 2024]
    page = client.get(f"/bodies/{police['id']}")
    assert page.status_code == 200 and "2022" in page.text and "2024" in page.text
