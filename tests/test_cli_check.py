"""`xxgk check`: exit codes, a bad file in the middle of a batch, the batch summary with the
carry-over chain, and the HTML / XLSX files written whole."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from xxgk.cli import main

SHARED = Path(__file__).resolve().parent / "data"
CORPUS = SHARED / "corpus"
PINGTAN = [
    str(CORPUS / f"{n:03d}_pingtan_{y}.txt") for n, y in zip(range(4, 11), range(2019, 2026), strict=True)
]



def _check(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def not_a_report(tmp_path: Path) -> str:
    path = tmp_path / "会议纪要.txt"
    path.write_text("关于召开年度工作会议的通知\n各单位：定于下周一召开会议。\n", encoding="utf-8")
    return str(path)


def test_exit_0_without_errors() -> None:
    code, out, _ = _check(PINGTAN[2], "--no-tables")
    assert code == 0
    assert "006_pingtan_2021.txt" in out


def test_exit_1_with_an_error() -> None:
    code, out, _ = _check(PINGTAN[1], "--no-tables")
    assert code == 1
    assert "[错误] T3.IDENTITY.RESULTS" in out


def test_exit_2_and_the_batch_goes_on_past_a_bad_file(not_a_report: str) -> None:
    code, out, err = _check(PINGTAN[0], not_a_report, PINGTAN[2], "--no-tables")
    assert code == 2
    assert "无法读取" in err and "会议纪要.txt" in err
    assert "004_pingtan_2019.txt" in out and "006_pingtan_2021.txt" in out
    assert "共 3 个文件：读取 2 份报告" in out and "无法读取 1 个文件" in out


def test_bad_file_in_a_parallel_batch(not_a_report: str, tmp_path: Path) -> None:
    """Worker processes hand the read error back; the batch still finishes (exit 2, not a crash)."""
    files = [*PINGTAN[:3], not_a_report, *PINGTAN[3:]]
    run = subprocess.run(
        [sys.executable, "-c", "from xxgk.cli import main; main()", "check", "-j", "2", "--json", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
    )
    assert run.returncode == 2, run.stderr[-2000:]
    docs = json.loads(run.stdout)
    assert [d["year"] for d in docs] == list(range(2019, 2026))
    assert "会议纪要.txt" in run.stderr


def test_pingtan_series_summary_and_chain() -> None:
    code, out, _ = _check(*PINGTAN, "--no-tables")
    assert code == 1  # 2020's table 3 is printed inconsistently
    assert "核对汇总" in out
    assert "平潭综合实验区：结转衔接" in out
    chain = [line for line in out.splitlines() if line.startswith("│ 20")]
    years = [line.split("│")[1].strip() for line in chain]
    assert years == [str(y) for y in range(2019, 2026)]
    verdicts = {line.split("│")[1].strip(): line.split("│")[5].strip() for line in chain}
    assert verdicts["2019"] == "无上年报告"
    assert all(verdicts[str(y)] == "衔接" for y in range(2020, 2026))
    others = {line.split("│")[1].strip(): line.split("│")[6].strip() for line in chain}
    assert [y for y, v in others.items() if "表二存量不衔接" in v] == ["2023", "2024", "2025"]
    assert out.count("[警告] YOY.STOCK_FLOW") == 3


def test_json_carries_the_cross_year_findings() -> None:
    code, out, _ = _check(*PINGTAN[3:], "--json")
    assert code == 0
    docs = json.loads(out)
    codes = {d["year"]: [f["code"] for f in d["findings"]] for d in docs}
    assert "YOY.STOCK_FLOW" not in codes[2022]
    assert "YOY.STOCK_FLOW" in codes[2023]


def test_html_and_xlsx_written_whole(tmp_path: Path, not_a_report: str) -> None:
    html, xlsx = tmp_path / "out" / "核对.html", tmp_path / "out" / "核对.xlsx"
    html.parent.mkdir()
    code, _, err = _check(PINGTAN[4], not_a_report, "--no-tables", "--html", str(html), "--xlsx", str(xlsx))
    assert code == 2
    assert html.read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert xlsx.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in html.parent.iterdir()) == ["核对.html", "核对.xlsx"]  # no temp files left
    assert oct(html.stat().st_mode & 0o777) != "0o600"
    assert "已写入网页" in err and "已写入工作簿" in err


def test_output_into_a_missing_folder_is_refused_before_reading(tmp_path: Path) -> None:
    target = tmp_path / "missing-dir" / "out.html"
    code, out, err = _check(PINGTAN[2], "--no-tables", "--html", str(target))
    assert code == 2
    assert "不存在" in err and out == ""
    assert not target.parent.exists()
