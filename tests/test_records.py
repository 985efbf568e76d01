"""One record per input file: reports, duplicates read once, error records; what a folder walk
skips; two files of one agency and year; Ctrl-C leaves nothing behind."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPUS, SEEDS

from xxgk import batch

XXGK = [sys.executable, "-m", "xxgk"]
REPORT = SEEDS / "000_506e41e9d817580f.txt"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([*XXGK, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A good report, its duplicate under another name, an Office lock file, a damaged PDF and a notice."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(REPORT, folder / "a_report.txt")
    shutil.copy(REPORT, folder / "b_copy.txt")
    (folder / "~$x.docx").write_bytes(b"\x00lock")
    pdf = (CORPUS / "001_huaian-hongzequ_2023.pdf").read_bytes()
    (folder / "c_damaged.pdf").write_bytes(pdf[: len(pdf) // 3])
    (folder / "d_notice.txt").write_text("关于做好防汛工作的通知\n各乡镇人民政府：\n现将有关事项通知如下。\n")
    return folder


def test_acceptance_four_records_in_order_and_the_lock_file_skipped(mixed: Path) -> None:
    proc = run("extract", "--json", str(mixed))
    assert proc.returncode == 2, proc.stderr
    records = json.loads(proc.stdout)
    assert [r["schema"] for r in records] == [
        "xxgk.report/1",
        "xxgk.duplicate/1",
        "xxgk.error/1",
        "xxgk.error/1",
    ]
    report, duplicate, damaged, notice = records
    sha = hashlib.sha256(REPORT.read_bytes()).hexdigest()
    assert report["source"]["path"] == str(mixed / "a_report.txt") and report["source"]["sha256"] == sha
    assert duplicate == {
        "schema": "xxgk.duplicate/1",
        "source": {"path": str(mixed / "b_copy.txt"), "sha256": sha},
        "duplicate_of": str(mixed / "a_report.txt"),
    }
    assert damaged["source"]["path"] == str(mixed / "c_damaged.pdf")
    assert damaged["source"]["media_type"] == "application/pdf"
    assert damaged["source"]["sha256"] == hashlib.sha256((mixed / "c_damaged.pdf").read_bytes()).hexdigest()
    assert damaged["error"]["code"] == "E_DAMAGED_FILE" and "PDF" in damaged["error"]["message"]
    assert notice["source"]["media_type"] == "text/plain"
    assert notice["error"]["code"] == "E_NOT_A_REPORT"
    assert "跳过 1 个" in proc.stderr and "重复文件" in proc.stderr and "b_copy.txt" in proc.stderr
    assert "~$x.docx" not in proc.stdout


def test_check_json_gives_the_same_records_and_its_summary_counts_them(mixed: Path) -> None:
    extracted = json.loads(run("extract", "--json", str(mixed)).stdout)
    proc = run("check", "--json", str(mixed))
    assert proc.returncode == 2
    checked = json.loads(proc.stdout)
    assert [(r["schema"], r["source"]["path"]) for r in checked] == [
        (r["schema"], r["source"]["path"]) for r in extracted
    ]
    proc = run("check", "--no-tables", str(mixed))
    assert proc.returncode == 2
    totals = proc.stdout.strip().splitlines()[-1]
    assert totals.startswith("共 4 个文件：读取 1 份报告")
    assert "无法读取 2 个文件" in totals and "重复 1 个文件" in totals and "跳过 1 个" in totals
    names = [line.split("│")[1].strip() for line in proc.stdout.splitlines() if line.startswith("│ ")]
    assert [n for n in names if n] == ["a_report.txt", "b_copy.txt", "c_damaged.pdf", "d_notice.txt"]
    assert "│ b_copy.txt    │ 与 a_report.txt 内容相同，只读取一次" in proc.stdout


def test_a_duplicate_is_not_read_again(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    shutil.copy(REPORT, tmp_path / "one.txt")
    shutil.copy(REPORT, tmp_path / "two.txt")
    read: list[str] = []
    real = batch.extract_file

    def counting(path: str):  # type: ignore[no-untyped-def]
        read.append(path)
        return real(path)

    monkeypatch.setattr(batch, "extract_file", counting)
    paths = [str(tmp_path / "one.txt"), str(tmp_path / "two.txt"), str(tmp_path / "one.txt")]
    outcomes = list(batch.run(paths, jobs=1))
    assert read == [paths[0]]
    assert [o.duplicate_of for o in outcomes] == [None, paths[0], paths[0]]
    assert outcomes[0].report is not None and outcomes[1].report is None


def test_folder_walk_skips_lock_files_hidden_files_and_backups(tmp_path: Path) -> None:
    for name in ("a.txt", "sub/b.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    skipped = [
        "~$a.docx",
        ".hidden.txt",
        ".git/c.txt",
        "sub/.cache/d.txt",
        "a.txt~",
        "e.bak",
        "f.swp",
        "g.tmp",
    ]
    for name in skipped:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    inputs = batch.walk([str(tmp_path)])
    assert inputs.files == [str(tmp_path / "a.txt"), str(tmp_path / "sub" / "b.txt")]
    assert sorted(inputs.skipped) == sorted(str(tmp_path / n) for n in skipped)
    # a file named explicitly is read, whatever its name
    assert batch.walk([str(tmp_path / ".hidden.txt")]).files == [str(tmp_path / ".hidden.txt")]


def test_two_files_of_one_agency_and_year_are_flagged(tmp_path: Path) -> None:
    text, html = CORPUS / "009_pingtan_2024.txt", CORPUS / "114_pingtan_2024.html"
    shutil.copy(text, tmp_path / "copy.txt")  # the same bytes: a duplicate, not a second report
    proc = run(
        "check",
        "--json",
        str(text),
        str(html),
        str(tmp_path / "copy.txt"),
        str(CORPUS / "008_pingtan_2023.txt"),
    )
    records = json.loads(proc.stdout)
    flagged = [
        [f["message"] for f in r.get("findings", []) if f["code"] == "BATCH.SAME_AGENCY_YEAR"]
        for r in records
    ]
    assert flagged[0] == ["114_pingtan_2024.html 与本文件内容不同，但都是平潭综合实验区2024年的报告"]
    assert flagged[1] == ["009_pingtan_2024.txt 与本文件内容不同，但都是平潭综合实验区2024年的报告"]
    assert flagged[2:] == [[], []]
    proc = run("check", "--no-tables", str(text), str(html), str(CORPUS / "008_pingtan_2023.txt"))
    lines = [line for line in proc.stdout.splitlines() if line.startswith("同一机关同一年度")]
    assert lines == [
        "同一机关同一年度：平潭综合实验区2024年有 2 份内容不同的报告：009_pingtan_2024.txt、114_pingtan_2024.html"
    ]


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc: field 4 of /proc/N/stat)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def test_ctrl_c_exits_130_and_leaves_no_output_no_temp_file_no_worker(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    sources = [p for p in sorted(CORPUS.iterdir()) if p.suffix in (".txt", ".pdf", ".html", ".md")]
    for i in range(1200):  # a byte changed in each, so that none is a duplicate
        src = sources[i % len(sources)]
        (folder / f"r{i:04d}{src.suffix}").write_bytes(src.read_bytes() + f"\n{i}\n".encode())
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen(
        [*XXGK, "extract", "--json", "-j", "2", "-o", "out.json", str(folder)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        workers = _children(proc.pid)
    time.sleep(1)  # well into the batch
    assert proc.poll() is None, "the batch ended before it could be interrupted"
    assert any(p.name.startswith(".out.json.") for p in tmp_path.iterdir())  # the temp file exists now
    t0 = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert time.monotonic() - t0 < 4  # the workers are stopped, not left to finish the queue
    assert proc.returncode == 130, err.decode()[-500:]
    assert "已中断" in err.decode() and "Traceback" not in err.decode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many"]  # no out.json, no temp file
    assert workers and not [w for w in workers if Path(f"/proc/{w}").exists()]


def test_output_that_is_no_regular_file_is_written_to_not_replaced() -> None:
    full = Path("/dev/full")
    if not full.is_char_device():
        pytest.skip("no /dev/full here")
    proc = run("extract", "--json", "-o", str(full), str(REPORT))
    assert proc.returncode == 2 and "无法写入 /dev/full：磁盘空间不足" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert full.is_char_device()  # still the device, never renamed over
