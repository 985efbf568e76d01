"""`xxgk extract` as a user runs it: JSON contract, batches, stdin, errors and exit codes."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import CORPUS, SEEDS

XXGK = [sys.executable, "-m", "xxgk"]


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([*XXGK, *args], input=stdin, capture_output=True, cwd=cwd, env=env, timeout=120)


def test_single_file_json_follows_the_contract():
    proc = run("extract", "--json", str(SEEDS / "001_eaba220d81829207.txt"))
    assert proc.returncode == 0, proc.stderr.decode()
    report = json.loads(proc.stdout)
    assert report["schema"] == "xxgk.report/1"
    assert set(report) >= {
        "format_version",
        "agency",
        "year",
        "published",
        "source",
        "table2",
        "table3",
        "table4",
        "findings",
    }
    cell = report["table3"]["new_received"]["natural_person"]
    assert cell == {
        "value": 35,
        "raw": "",
        "status": "inferred",
        # the empty field between the third and fourth tab of line 47: a zero-width span there
        "where": {"line": 47, "page": None, "bbox": None, "span": [19, 19]},
    }
    assert report["source"]["media_type"] == "text/plain" and len(report["source"]["sha256"]) == 64
    assert all(
        set(f) >= {"code", "severity", "message", "cells", "where", "fault"} for f in report["findings"]
    )


def test_several_files_give_an_array_in_order_and_jsonl_a_line_each(tmp_path):
    files = [str(SEEDS / "002_d3ed9ecabf80fbb4.txt"), str(SEEDS / "000_506e41e9d817580f.txt")]
    proc = run("extract", "--json", *files)
    reports = json.loads(proc.stdout)
    assert [r["source"]["path"] for r in reports] == files
    proc = run("extract", "--jsonl", *files)
    lines = proc.stdout.decode().strip().split("\n")
    assert [json.loads(line)["agency"] for line in lines] == [
        "慈溪市匡堰镇人民政府",
        "酉阳土家族苗族自治县酉水河镇人民政府",
    ]


def test_directory_is_read_recursively_with_stable_order(tmp_path):
    (tmp_path / "b").mkdir()
    shutil.copy(SEEDS / "003_e47fabb3861039d9.txt", tmp_path / "b" / "z.txt")
    shutil.copy(SEEDS / "004_e93e2860776d7910.txt", tmp_path / "a.txt")
    (tmp_path / "notes.json").write_text("{}")  # not a report kind: not picked up
    proc = run("extract", "--jsonl", "--jobs", "2", str(tmp_path))
    assert proc.returncode == 0
    paths = [json.loads(line)["source"]["path"] for line in proc.stdout.decode().split("\n") if line]
    assert paths == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "z.txt")]


def test_standard_input():
    proc = run("extract", "--json", "-", stdin=(SEEDS / "003_e47fabb3861039d9.txt").read_bytes())
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["agency"] == "官道口镇人民政府"


def test_bad_inputs_are_clear_chinese_errors_with_exit_2(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "random.bin"
    binary.write_bytes(bytes(range(256)) * 40)
    notice = tmp_path / "notice.txt"
    notice.write_text(
        "关于做好防汛工作的通知\n各乡镇人民政府：\n现将有关事项通知如下。\n一、提高认识\n二、落实责任\n"
    )
    for path, code in (
        (empty, "E_EMPTY_FILE"),
        (binary, "E_BINARY_FILE"),
        (notice, "E_NOT_A_REPORT"),
        (tmp_path / "missing.txt", "E_UNREADABLE_FILE"),
    ):
        proc = run("extract", "--json", str(path))
        err = proc.stderr.decode()
        assert proc.returncode == 2, (path, err)
        assert code in err and path.name in err and "Traceback" not in err
        assert any("\u4e00" <= ch <= "\u9fff" for ch in err)
        record = json.loads(proc.stdout)  # the one input's record, alone
        assert record["schema"] == "xxgk.error/1" and record["error"]["code"] == code
        assert record["source"]["path"] == str(path)
        if path.exists():
            assert record["source"]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            assert record["source"]["sha256"] is None


def test_a_bad_file_does_not_stop_the_batch(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    proc = run(
        "extract",
        "--jsonl",
        str(SEEDS / "000_506e41e9d817580f.txt"),
        str(bad),
        str(SEEDS / "002_d3ed9ecabf80fbb4.txt"),
    )
    assert proc.returncode == 2
    objs = [json.loads(line) for line in proc.stdout.decode().split("\n") if line]
    assert [o["schema"] for o in objs] == ["xxgk.report/1", "xxgk.error/1", "xxgk.report/1"]
    assert objs[1]["error"]["code"] == "E_EMPTY_FILE"


def test_output_file_is_written_whole_or_not_at_all(tmp_path):
    out = tmp_path / "out.json"
    proc = run("extract", "--json", "-o", str(out), str(CORPUS / "009_pingtan_2024.txt"))
    assert proc.returncode == 0 and json.loads(out.read_text())["year"] == 2024
    out.write_text("previous")
    proc = run("extract", "--json", "-o", str(out), str(tmp_path / "missing.txt"))
    assert proc.returncode == 2
    assert json.loads(out.read_text())["error"]["code"] == "E_UNREADABLE_FILE"  # the whole record
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_output_into_a_missing_folder_is_refused_before_reading(tmp_path):
    target = tmp_path / "no-such-folder" / "out.json"
    proc = run("extract", "--json", "-o", str(target), str(tmp_path / "missing.txt"))
    err = proc.stderr.decode()
    assert proc.returncode == 2 and proc.stdout == b""
    assert "no-such-folder" in err and "不存在" in err
    assert "missing.txt" not in err  # refused before any input was read
    assert not target.parent.exists()
