"""docs/report.schema.json: every record xxgk writes validates, and the schema is strict where
the contract is (status strings, contract keys, no number in a blank cell) and open elsewhere."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, SEEDS

jsonschema = pytest.importorskip("jsonschema")

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "docs" / "report.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def xxgk(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "xxgk", *args], input=stdin, capture_output=True, env=env, timeout=600
    )


def errors_of(record: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(record)]


@pytest.fixture(scope="module")
def every_record() -> list[dict]:
    """extract --json of every file in tests/data (the READMEs among them are error records)."""
    proc = xxgk("extract", "--json", str(SEEDS), str(CORPUS))
    return json.loads(proc.stdout)


def test_the_schema_is_valid_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_extract_of_every_seed_and_corpus_file_validates(every_record: list[dict]) -> None:
    reports = [r for r in every_record if r["schema"] == "xxgk.report/1"]
    assert len(reports) == len(list(SEEDS.glob("*.truth.json"))) + len(list(CORPUS.glob("*.truth.json")))
    for record in every_record:
        assert errors_of(record) == [], record["source"]["path"]


def test_single_file_and_check_json_validate() -> None:
    single = json.loads(xxgk("extract", "--json", str(CORPUS / "001_huaian-hongzequ_2023.pdf")).stdout)
    assert errors_of(single) == []
    checked = json.loads(xxgk("check", "--json", str(CORPUS)).stdout)
    assert len(checked) > 20
    for record in checked:
        assert errors_of(record) == [], record["source"]["path"]
    stdin = json.loads(
        xxgk("extract", "--json", "-", stdin=(SEEDS / "003_e47fabb3861039d9.txt").read_bytes()).stdout
    )
    assert stdin["source"]["path"] is None and errors_of(stdin) == []


def test_duplicate_and_error_records_validate(tmp_path: Path) -> None:
    shutil.copy(SEEDS / "000_506e41e9d817580f.txt", tmp_path / "a.txt")
    shutil.copy(SEEDS / "000_506e41e9d817580f.txt", tmp_path / "b.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "random.png").write_bytes(b"\x89PNG" + bytes(range(256)) * 4)
    files = [*sorted(map(str, tmp_path.iterdir())), str(tmp_path / "missing.txt")]
    records = [json.loads(line) for line in xxgk("extract", "--jsonl", *files).stdout.splitlines()]
    kinds = [r["schema"] for r in records]
    assert kinds == ["xxgk.report/1", "xxgk.duplicate/1", "xxgk.error/1", "xxgk.error/1", "xxgk.error/1"]
    assert records[-1]["source"]["sha256"] is None
    for record in records:
        assert errors_of(record) == [], record


def _report(every_record: list[dict]) -> dict:
    return next(r for r in every_record if r["schema"] == "xxgk.report/1" and r["findings"])


def test_strict_where_the_contract_is(every_record: list[dict]) -> None:
    report = _report(every_record)
    cell_path = ("table3", "new_received", "total")

    def broken(change) -> dict:  # type: ignore[no-untyped-def]
        r = copy.deepcopy(report)
        change(r)
        return r

    def cell(r: dict) -> dict:
        t, row, col = cell_path
        return r[t][row][col]

    assert errors_of(broken(lambda r: cell(r).update(status="printed")))
    assert errors_of(broken(lambda r: cell(r).update(status="blank", value=0)))  # blank is never 0
    assert errors_of(broken(lambda r: cell(r).update(status="inferred", value=None)))
    assert errors_of(broken(lambda r: cell(r).pop("raw")))
    assert errors_of(broken(lambda r: r["findings"][0].update(severity="fatal")))
    assert errors_of(broken(lambda r: r["findings"][0].pop("fault")))
    assert errors_of(broken(lambda r: r["findings"][0].update(cells=["table3.new_received"])))
    for key in ("findings", "table3", "agency", "source", "format_version"):
        assert errors_of(broken(lambda r, k=key: r.pop(k))), key
    assert errors_of(broken(lambda r: r.update(schema="xxgk.report/2")))
    assert errors_of(broken(lambda r: r["source"].pop("sha256")))


def test_open_to_added_keys(every_record: list[dict]) -> None:
    report = copy.deepcopy(_report(every_record))
    report["new_key"] = {"anything": 1}
    report["table3"]["new_received"]["total"]["where"]["column_header"] = "总计"
    report["findings"][0]["forced_by"] = ["table3.results_total.total"]
    report["findings"][0]["folded"] = [dict(report["findings"][0], folded=[])]
    report["year_source"] = "title"
    assert errors_of(report) == []
    duplicate = {
        "schema": "xxgk.duplicate/1",
        "source": {"path": "b", "sha256": "0" * 64},
        "duplicate_of": "a",
    }
    assert errors_of(duplicate) == [] and errors_of(dict(duplicate, source={"path": "b"}))
