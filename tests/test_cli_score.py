"""`xxgk score`: the corpus scores perfectly; an altered truth file is a silent error (exit 1)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import CORPUS, SEEDS

from xxgk.api import extract_file
from xxgk.score import compare, load

SEED = SEEDS / "002_d3ed9ecabf80fbb4"


def score(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "xxgk", "score", *args], capture_output=True, text=True, env=env, timeout=600
    )


def _copy_seed(tmp_path: Path) -> tuple[Path, dict]:
    shutil.copy(SEED.with_suffix(".txt"), tmp_path)
    truth = load(SEED.with_suffix(".truth.json"))
    truth_path = tmp_path / SEED.with_suffix(".truth.json").name
    truth_path.write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    return truth_path, truth


def test_seeds_and_corpus_score_perfectly() -> None:
    proc = score(str(SEEDS), str(CORPUS))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.strip().splitlines()
    truths = sorted(SEEDS.glob("*.truth.json")) + sorted(CORPUS.glob("*.truth.json"))
    assert len(lines) == len(truths) + 1
    assert lines[-1].startswith("合计 ") and "= 1.0000（准确率）" in lines[-1]
    assert "未提示的错误 0 个" in lines[-1] and f"共 {len(truths)} 份报告" in lines[-1]
    assert all("未提示的错误 0 个，未读出 0 个" in line for line in lines[:-1])


def test_an_altered_truth_cell_is_a_silent_error(tmp_path: Path) -> None:
    truth_path, truth = _copy_seed(tmp_path)
    printed = truth["table3"]["new_received"]["total"]
    truth["table3"]["new_received"]["total"] = printed + 1
    truth_path.write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    proc = score("-v", str(tmp_path))
    assert proc.returncode == 1
    assert "未提示的错误 1 个" in proc.stdout.splitlines()[-1]
    assert f"table3.new_received.total: 应为 {printed + 1}，读出 {printed}（number）" in proc.stdout
    assert score("--max-silent", "1", "--min-accuracy", "0.99", str(tmp_path)).returncode == 0
    assert score("--max-silent", "1", "--min-accuracy", "1", str(tmp_path)).returncode == 1


def test_wrong_agency_fails_only_with_strict_meta(tmp_path: Path) -> None:
    truth_path, truth = _copy_seed(tmp_path)
    truth["agency"] = "别的机关"
    truth_path.write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    assert score(str(truth_path)).returncode == 0
    proc = score("--strict-meta", str(truth_path))
    assert proc.returncode == 1 and "1 份机关或年度与真值不符" in proc.stdout


def test_unreadable_source_counts_every_cell_and_nothing_to_score_is_exit_2(tmp_path: Path) -> None:
    truth_path, truth = _copy_seed(tmp_path)
    (tmp_path / SEED.with_suffix(".txt").name).write_text("不是报告\n", encoding="utf-8")
    proc = score(str(truth_path))
    assert proc.returncode == 1 and "无法读取" in proc.stdout and "E_NOT_A_REPORT" in proc.stdout
    assert "合计 0/200 = 0.0000（准确率）" in proc.stdout
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = score(str(empty))
    assert proc.returncode == 2 and "没有可评分" in proc.stderr


def test_compare_reads_a_report_and_its_json_alike() -> None:
    truth = load(SEED.with_suffix(".truth.json"))
    report = extract_file(SEED.with_suffix(".txt"))
    a, b = compare(report, truth), compare(report.to_json(), truth)
    assert (a.total, a.match, a.silent, a.missed, a.nz_total, a.nz_match) == (
        b.total,
        b.match,
        b.silent,
        b.missed,
        b.nz_total,
        b.nz_match,
    )
    assert a.total == a.match == 200
