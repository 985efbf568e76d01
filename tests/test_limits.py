"""Robustness limits: per-file time limit, size and memory limits, kinds sniffed from content, and
a batch of bad files mixed with good ones that completes with one clear error per bad file."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from pathlib import Path

import hostile
import pytest
from conftest import CORPUS, SEEDS
from test_reader_legacy_word import (
    SOFFICE,
    _alive,
    _ole2,
    _processes_mentioning,
    check_table3,
    report_docx,
    soffice_convert,
)

from xxgk import batch, errors, limits, soffice
from xxgk.api import extract_bytes, extract_file
from xxgk.readers import read_bytes, read_path

GOOD = sorted(SEEDS.glob("*.txt"))
PDF = CORPUS / "001_huaian-hongzequ_2023.pdf"
HTML = CORPUS / "114_pingtan_2024.html"


def _truth(source: Path) -> dict:
    return json.loads(source.with_suffix(".truth.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# settings from the environment


def test_time_limit_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XXGK_TIME_LIMIT", raising=False)
    assert limits.time_limit() == limits.DEFAULT_TIME_LIMIT_S == 120
    for raw, want in (("30", 30.0), ("0.05", 0.05), ("0", None), ("off", None), ("x", 120.0), ("-3", 120.0)):
        monkeypatch.setenv("XXGK_TIME_LIMIT", raw)
        assert limits.time_limit() == want, raw


def test_size_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XXGK_MAX_BYTES", raising=False)
    assert limits.max_bytes() == 64 * 1024 * 1024
    for raw, want in (
        ("1000", 1000),
        ("2K", 2048),
        ("64M", 64 << 20),
        ("1.5g", 3 << 29),
        ("512 KiB", 512 << 10),
    ):
        monkeypatch.setenv("XXGK_MAX_BYTES", raw)
        assert limits.max_bytes() == want, raw
    monkeypatch.setenv("XXGK_MAX_BYTES", "lots")
    assert limits.max_bytes(123) == 123
    assert limits.describe_size(64 << 20) == "64 MB" and limits.describe_size(1536) == "1.5 KB"
    assert limits.describe_size(300) == "300 字节"


def test_memory_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XXGK_MEMORY_LIMIT", raising=False)
    assert limits.memory_limit_bytes() == 3072 << 20
    monkeypatch.setenv("XXGK_MEMORY_LIMIT", "512")
    assert limits.memory_limit_bytes() == 512 << 20
    monkeypatch.setenv("XXGK_MEMORY_LIMIT", "off")
    assert limits.memory_limit_bytes() is None


def test_max_bytes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XXGK_MAX_BYTES", "1K")
    for call in (lambda: read_path(GOOD[0]), lambda: read_bytes(GOOD[0].read_bytes(), "a.txt")):
        with pytest.raises(errors.XxgkError) as info:
            call()
        assert info.value.code == errors.TOO_LARGE and info.value.message == "文件超过 1 KB 上限"
    monkeypatch.delenv("XXGK_MAX_BYTES")
    assert read_path(GOOD[0]).blocks


def test_memory_limit_turns_into_memory_error() -> None:
    code = (
        "from xxgk import limits\n"
        "limits.apply_memory_limit()\n"
        "try:\n"
        "    b = bytearray(1024 * 1024 * 1024)\n"
        "except MemoryError:\n"
        "    print('MemoryError')\n"
    )
    env = dict(os.environ, XXGK_MEMORY_LIMIT="400")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "MemoryError", out.stderr


def test_memory_error_in_a_reader_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def hungry(path: str) -> None:
        raise MemoryError

    monkeypatch.setattr(batch, "extract_file", hungry)
    outcome = batch.run_one("huge.pdf")
    assert outcome.error is not None and outcome.error.code == errors.TOO_LARGE
    assert outcome.error.path == "huge.pdf" and "内存" in outcome.error.message


# ---------------------------------------------------------------------------------------------
# run_with_timeout


def _spin(seconds: float) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return "done"


def test_timeout_stops_a_busy_loop() -> None:
    previous = signal.getsignal(signal.SIGALRM)
    t0 = time.monotonic()
    with pytest.raises(errors.XxgkError) as info:
        limits.run_with_timeout(lambda: _spin(10), 0.2, "slow.pdf")
    assert time.monotonic() - t0 < 2
    err = info.value
    assert (err.code, err.message, err.path) == (errors.TIMEOUT, "读取超过 0.2 秒，已放弃", "slow.pdf")
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is previous


def test_timeout_stops_a_sleep_and_is_not_swallowed_by_except_exception() -> None:
    def stubborn() -> str:
        try:
            time.sleep(10)
        except Exception:  # what readers do to turn surprises into "damaged file"
            return "swallowed"
        return "slept"

    with pytest.raises(errors.XxgkError) as info:
        limits.run_with_timeout(stubborn, 0.1)
    assert info.value.code == errors.TIMEOUT


def test_within_the_limit_the_result_and_errors_pass_through() -> None:
    previous = signal.getsignal(signal.SIGALRM)
    assert limits.run_with_timeout(lambda: _spin(0.01), 5) == "done"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is previous

    def broken() -> None:
        raise errors.XxgkError(errors.DAMAGED_FILE, "坏了", "x")

    with pytest.raises(errors.XxgkError) as info:
        limits.run_with_timeout(broken, 5)
    assert info.value.code == errors.DAMAGED_FILE
    assert limits.run_with_timeout(lambda: 7, None) == 7  # no limit
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_nested_limits_keep_the_outer_deadline() -> None:
    def inner_then_spin() -> str:
        limits.run_with_timeout(lambda: _spin(0.05), 10)  # a longer inner limit must not extend it
        return _spin(10)

    t0 = time.monotonic()
    with pytest.raises(errors.XxgkError) as info:
        limits.run_with_timeout(inner_then_spin, 0.3, "outer")
    assert info.value.path == "outer" and time.monotonic() - t0 < 2

    with pytest.raises(errors.XxgkError) as info:  # a shorter inner limit fires first, as its own
        limits.run_with_timeout(lambda: limits.run_with_timeout(lambda: _spin(10), 0.1, "inner"), 5, "outer")
    assert info.value.path == "inner"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_outside_the_main_thread_it_runs_unlimited() -> None:
    result: list[str] = []
    worker = threading.Thread(target=lambda: result.append(limits.run_with_timeout(lambda: _spin(0.3), 0.05)))
    worker.start()
    worker.join()
    assert result == ["done"]


# ---------------------------------------------------------------------------------------------
# bad inputs: clear errors, or a safe parse, well within the time limit


def _docx_bomb() -> bytes:
    """A report whose document.xml holds 210 MB of blanks: about 1 MB zipped."""
    good = report_docx(_truth(SEEDS / "000_506e41e9d817580f.txt"))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(good)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout,
    ):
        for info in zin.infolist():
            content = zin.read(info.filename)
            if info.filename != "word/document.xml":
                zout.writestr(info.filename, content)
                continue
            head, tail = content.split(b"</w:body>")
            with zout.open(info.filename, "w", force_zip64=True) as f:
                f.write(head + b"<!--")
                chunk = b" " * (1 << 20)
                for _ in range(210):
                    f.write(chunk)
                f.write(b"--></w:body>" + tail)
    return out.getvalue()


def _laughs(body: str, levels: int = 9) -> str:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">' for i in range(1, levels + 1)
    )
    return f'<?xml version="1.0"?>\n<!DOCTYPE html [{entities}]>\n{body}'


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bad")
    pdf = PDF.read_bytes()
    files = {
        "empty.png": b"",
        "half.pdf": pdf[: len(pdf) // 2],
        "bomb.docx": _docx_bomb(),
        "lol.html": _laughs(
            "<html><body><p>&lol9;</p><table><tr><td>&lol9;</td></tr></table></body></html>"
        ).encode(),
    }
    out = {}
    for name, data in files.items():
        (folder / name).write_bytes(data)
        out[name] = folder / name
    return out


@pytest.mark.parametrize(
    "name,code",
    [
        ("empty.png", errors.EMPTY_FILE),
        ("half.pdf", errors.DAMAGED_FILE),
        ("bomb.docx", errors.DECOMPRESSION_LIMIT),
        ("lol.html", errors.NOT_A_REPORT),  # parsed safely (entities left unexpanded): no report in it
    ],
)
def test_bad_file_is_a_clear_error_quickly(name: str, code: str, bad_files: dict[str, Path]) -> None:
    path = bad_files[name]
    t0 = time.monotonic()
    with pytest.raises(errors.XxgkError) as info:
        limits.run_with_timeout(lambda: extract_file(path), limits.DEFAULT_TIME_LIMIT_S, str(path))
    assert time.monotonic() - t0 < 10
    assert info.value.code == code and info.value.path == str(path)
    assert info.value.message and "Traceback" not in info.value.message


def test_billion_laughs_inside_a_real_report_parses_safely() -> None:
    page = HTML.read_bytes().decode("utf-8")
    page = page[page.lower().index("<html") :]  # its own doctype gives way to the hostile one
    at = page.index(">", page.lower().index("<body")) + 1
    data = _laughs(page[:at] + "<p>&lol9;</p>" + page[at:]).encode("utf-8")
    t0 = time.monotonic()
    report = extract_bytes(data, "lol-report.html")
    assert time.monotonic() - t0 < 10
    assert check_table3(report, _truth(HTML)) == []
    assert "lol" * 1000 not in json.dumps(report.to_json(), ensure_ascii=False)


# ---------------------------------------------------------------------------------------------
# the kind comes from the content, never the name


@pytest.fixture(scope="module")
def renamed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("renamed")
    out = {
        "pdf-as-txt": (folder / "report.txt", PDF.read_bytes()),
        "html-as-pdf": (folder / "report.pdf", HTML.read_bytes()),
        "docx-as-doc": (folder / "report.doc", report_docx(_truth(SEEDS / "002_d3ed9ecabf80fbb4.txt"))),
    }
    for path, data in out.values():
        path.write_bytes(data)
    return {k: p for k, (p, _) in out.items()}


@pytest.mark.parametrize(
    "case,media_type,truth_source",
    [
        ("pdf-as-txt", "application/pdf", PDF),
        ("html-as-pdf", "text/html", HTML),
        (
            "docx-as-doc",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            SEEDS / "002_d3ed9ecabf80fbb4.txt",
        ),
    ],
)
def test_renamed_files_go_to_the_right_reader(
    case: str, media_type: str, truth_source: Path, renamed: dict[str, Path]
) -> None:
    report = extract_file(renamed[case])
    assert report.source["media_type"] == media_type
    truth = _truth(truth_source)
    assert report.year == truth["year"]
    if case != "pdf-as-txt":  # the PDF reader's own accuracy is tested elsewhere
        assert check_table3(report, truth) == []


# ---------------------------------------------------------------------------------------------
# batches: the bad files fail one by one, the rest completes in order


def _xxgk(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "xxgk", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(os.environ, **(env or {})),
        stdin=subprocess.DEVNULL,
    )


def _lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def _path_of(obj: dict) -> str:
    return obj["source"]["path"]


def test_batch_of_good_and_bad_files(bad_files: dict[str, Path], tmp_path: Path) -> None:
    bad = [bad_files[n] for n in ("empty.png", "half.pdf", "bomb.docx", "lol.html")]
    paths: list[Path] = []
    for k, good in enumerate(GOOD):
        paths.append(good)
        if k < len(bad):
            paths.append(bad[k])
    if SOFFICE is not None:  # a .doc through LibreOffice, inside a worker process with its limits
        docx_path = tmp_path / "seed0.docx"
        docx_path.write_bytes(report_docx(_truth(GOOD[0])))
        paths.append(soffice_convert([docx_path], "doc:MS Word 97", tmp_path)[0])
    result = _xxgk("extract", "--jsonl", "-j", "2", *map(str, paths))
    assert result.returncode == 2, result.stderr
    lines = _lines(result.stdout)
    assert [_path_of(o) for o in lines] == [str(p) for p in paths]
    errors_seen = {_path_of(o): o for o in lines if o["schema"] == "xxgk.error/1"}
    assert set(errors_seen) == set(map(str, bad))
    for o in errors_seen.values():
        assert o["error"]["code"].startswith("E_") and o["error"]["message"]
    reports = [o for o in lines if o["schema"] == "xxgk.report/1"]
    assert len(reports) == len(paths) - len(bad)
    for o in reports:
        source = Path(_path_of(o))
        truth = _truth(GOOD[0] if source.suffix == ".doc" else source)
        assert o["year"] == truth["year"] and o["agency"] == truth["agency"]
    for p in bad:  # and each bad file is named on stderr for the person running the batch
        assert str(p) in result.stderr


def test_batch_time_limit_in_worker_processes(tmp_path: Path) -> None:
    """A report followed by 60,000 sentences with numbers (within every budget: about 10 s of
    narrative checks) is stopped at XXGK_TIME_LIMIT; the rest goes on."""
    slow = tmp_path / "slow.txt"
    rows = "\n".join(f"第{i}项：本年度共受理申请{i}件，办结{i}件。" for i in range(60_000))
    slow.write_text(GOOD[1].read_text(encoding="utf-8") + rows, encoding="utf-8")
    paths = [GOOD[0], slow, *GOOD[1:]]
    t0 = time.monotonic()
    result = _xxgk("extract", "--jsonl", "-j", "2", *map(str, paths), env={"XXGK_TIME_LIMIT": "1.5"})
    assert time.monotonic() - t0 < 60
    assert result.returncode == 2, result.stderr
    lines = _lines(result.stdout)
    assert [_path_of(o) for o in lines] == [str(p) for p in paths]
    assert lines[1]["schema"] == "xxgk.error/1"
    assert lines[1]["error"] == {"code": errors.TIMEOUT, "message": "读取超过 1.5 秒，已放弃"}
    assert all(o["schema"] == "xxgk.report/1" for k, o in enumerate(lines) if k != 1)


def test_batch_time_limit_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """The single-process path (few files, -j 1): a reader that hangs is given up on, in place."""
    real = batch.extract_file

    def sometimes_slow(path: str):  # type: ignore[no-untyped-def]
        if "slow" in str(path):
            time.sleep(30)
        return real(path)

    monkeypatch.setattr(batch, "extract_file", sometimes_slow)
    monkeypatch.setenv("XXGK_TIME_LIMIT", "0.3")
    paths = [str(GOOD[0]), "/nowhere/slow.txt", str(GOOD[1])]
    t0 = time.monotonic()
    outcomes = list(batch.run(paths, jobs=1))
    assert time.monotonic() - t0 < 5
    assert [o.path for o in outcomes] == paths
    assert outcomes[0].report is not None and outcomes[2].report is not None
    err = outcomes[1].error
    assert err is not None and (err.code, err.message) == (errors.TIMEOUT, "读取超过 0.3 秒，已放弃")
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


# ---------------------------------------------------------------------------------------------
# nothing left behind: after a timeout, SIGTERM or SIGKILL, no worker, no LibreOffice, no folder


@pytest.fixture
def hanging_converter(tmp_path: Path) -> dict[str, Path]:
    """A stand-in for LibreOffice that never finishes and starts a child of its own; both name
    the conversion folder on their command lines, as soffice.bin does with its profile. Each
    conversion writes its child's pid into `pids`. Files to read are in `input`, TMPDIR is `tmp`."""
    folders = {name: tmp_path / name for name in ("pids", "input", "tmp")}
    for folder in folders.values():
        folder.mkdir()
    sleeper = f"{sys.executable} -c 'import time; time.sleep(60)'"
    script = tmp_path / "fake-soffice"
    script.write_text(f'#!/bin/sh\n{sleeper} "$@" &\necho $! > "{folders["pids"]}/$$"\nwait\n')
    script.chmod(0o755)
    folders["script"] = script
    return folders


def test_a_second_sigterm_does_not_interrupt_the_clean_up() -> None:
    """Linux repeats PR_SET_PDEATHSIG for each thread of a killed batch, so a worker gets SIGTERM
    more than once: the first starts the exit, and the clean-up it runs is not cut short."""
    code = (
        "import os, signal, time\n"
        "from xxgk import limits\n"
        "limits.exit_on_terminate()\n"
        "try:\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    time.sleep(5)\n"
        "finally:\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    time.sleep(0.2)\n"
        "    print('cleaned up', flush=True)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert result.stdout == "cleaned up\n", result.stderr
    assert result.returncode == 128 + signal.SIGTERM


def _leftovers(marker: Path) -> list[int]:
    return _processes_mentioning(str(marker))


def _start_cli(conv: dict[str, Path], files: list[Path], *args: str) -> subprocess.Popen:
    env = dict(os.environ, XXGK_SOFFICE=str(conv["script"]), TMPDIR=str(conv["tmp"]))
    return subprocess.Popen(
        [sys.executable, "-m", "xxgk", "extract", "--jsonl", *args, *map(str, files)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )


def _converters_started(conv: dict[str, Path], n: int) -> list[int]:
    for _ in range(600):
        pids = [int(p.read_text()) for p in conv["pids"].iterdir() if p.read_text().strip()]
        if len(pids) >= n:
            return pids
        time.sleep(0.05)
    raise AssertionError("the stand-in converters did not start")


def _gone(conv: dict[str, Path], seconds: float = 15) -> bool:
    """No process names the temp or input folder (workers, converters), and no folder is left."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if not _leftovers(conv["tmp"]) and not _leftovers(conv["input"]) and not any(conv["tmp"].iterdir()):
            return True
        time.sleep(0.1)
    return False


def _docs(conv: dict[str, Path], n: int) -> list[Path]:
    files = [conv["input"] / f"hang{k}.doc" for k in range(n)]
    for k, f in enumerate(files):
        # each its own content: a batch reads the same bytes only once
        f.write_bytes(_ole2("WordDocument") + b"\0" * k)
    return files


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_leaves_no_process_and_no_folder(hanging_converter: dict[str, Path], jobs: str) -> None:
    files = _docs(hanging_converter, 1 if jobs == "1" else 4)
    cli = _start_cli(hanging_converter, files, "-j", jobs)
    children = _converters_started(hanging_converter, int(jobs))
    assert _leftovers(hanging_converter["tmp"])  # converters running in their folders
    cli.terminate()
    assert cli.wait(20) != 0
    assert _gone(hanging_converter), (
        _leftovers(hanging_converter["tmp"]),
        list(hanging_converter["tmp"].iterdir()),
    )
    assert not any(_alive(pid) for pid in children)


def test_sigkill_of_a_batch_leaves_no_process_and_no_folder(hanging_converter: dict[str, Path]) -> None:
    """Killed outright, the batch cannot clean up; its workers learn of it (PR_SET_PDEATHSIG) and do."""
    cli = _start_cli(hanging_converter, _docs(hanging_converter, 4), "-j", "2")
    children = _converters_started(hanging_converter, 2)
    cli.kill()
    cli.wait(10)
    assert _gone(hanging_converter), (
        _leftovers(hanging_converter["tmp"]),
        list(hanging_converter["tmp"].iterdir()),
    )
    assert not any(_alive(pid) for pid in children)


def test_sigkill_of_one_process_is_swept_by_the_next_conversion(
    hanging_converter: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One process killed outright while converting: the converter's own child and the folder
    outlive it, until the next conversion (any process) sweeps what a dead process left."""
    cli = _start_cli(hanging_converter, _docs(hanging_converter, 1))
    (child,) = _converters_started(hanging_converter, 1)
    cli.kill()
    cli.wait(10)
    assert [p.name.split("-")[2] for p in hanging_converter["tmp"].iterdir()] == [str(cli.pid)]
    monkeypatch.setattr(tempfile, "tempdir", str(hanging_converter["tmp"]))
    soffice.sweep()
    assert _gone(hanging_converter, 5) and not _alive(child)


def test_timeout_in_a_batch_leaves_no_process_and_no_folder(hanging_converter: dict[str, Path]) -> None:
    env = {
        "XXGK_SOFFICE": str(hanging_converter["script"]),
        "TMPDIR": str(hanging_converter["tmp"]),
        "XXGK_TIME_LIMIT": "1",
    }
    files = _docs(hanging_converter, 4)
    result = _xxgk("extract", "--jsonl", "-j", "2", *map(str, files), env=env, timeout=60)
    assert result.returncode == 2
    assert [o["error"]["code"] for o in _lines(result.stdout)] == [errors.TIMEOUT] * 4
    assert len(list(hanging_converter["pids"].iterdir())) == 4
    assert _gone(hanging_converter, 5)


# ---------------------------------------------------------------------------------------------
# hostile files (tests/hostile.py; full sizes in bench/bench_hostile.py): each is refused with its
# own code, quickly, inside 1 GB of address space (so its peak RSS is below 1 GB too)

MB = 1 << 20
HOSTILE = [
    ("huge-page.pdf", hostile.huge_page_pdf, {}, errors.IMAGE_SIZE),
    ("flate-bomb.pdf", hostile.flate_bomb_pdf, {"size": 256 * MB}, errors.DECOMPRESSION_LIMIT),
    ("digits.txt", hostile.digits_text, {"size": 10 * MB}, errors.TOO_LARGE),
    ("lying.docx", hostile.docx_lying_sizes, {"size": 256 * MB}, errors.DAMAGED_FILE),
    ("dense.docx", hostile.docx_dense_xml, {"size": 40 * MB}, errors.DECOMPRESSION_LIMIT),
    ("many-lines.txt", hostile.many_lines_text, {"lines": 200_000}, errors.TOO_LARGE),
    ("wide.png", hostile.wide_image, {}, errors.IMAGE_SIZE),
]


@pytest.mark.parametrize("name,make,size,code", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_file_is_a_clear_error_within_budget(
    name: str, make, size: dict, code: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path, **size)
    # inside the budget: 1 GB of memory and the 20 s time limit (over it would be E_TIMEOUT)
    result = _xxgk(
        "extract",
        "--json",
        str(path),
        env={"XXGK_MEMORY_LIMIT": "1024", "XXGK_TIME_LIMIT": "20"},
        timeout=120,
    )
    record = json.loads(result.stdout)
    assert result.returncode == 2 and record["schema"] == "xxgk.error/1" and record["error"]["code"] == code
    assert "Traceback" not in result.stderr and "内存" not in result.stderr, result.stderr
    assert result.stderr.startswith(f"无法读取 {path}：") and result.stderr.rstrip().endswith(
        f"（{code}）"
    ), result.stderr


def test_a_large_page_is_rendered_coarser_not_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A 40-inch scan (larger than A0) is rendered at 100 dpi to fit MAX_RENDER_PIXELS, not refused;
    at 80 inches even 72 dpi is over it: refused before rendering."""
    pytest.importorskip("pypdfium2")
    from xxgk.readers import ocr

    rendered: list[tuple[tuple[int, int], float]] = []
    monkeypatch.setattr(
        ocr, "read_image_page", lambda gray, number, scale: rendered.append((gray.shape, scale))
    )
    ocr.read_pdf_page(hostile.huge_page_pdf(tmp_path, inches=40).read_bytes(), 0, "a0.pdf")
    ((shape, scale),) = rendered
    assert shape[0] * shape[1] <= limits.MAX_RENDER_PIXELS.get() and scale * 72 == pytest.approx(100, abs=1)
    with pytest.raises(errors.XxgkError) as info:
        ocr.read_pdf_page(hostile.huge_page_pdf(tmp_path, inches=80).read_bytes(), 0, "big.pdf")
    assert info.value.code == errors.IMAGE_SIZE and "80×80 英寸" in info.value.message
    assert len(rendered) == 1


def test_image_pixels_in_a_pdf_are_checked_before_decoding(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pytest.importorskip("rapidocr")
    from xxgk.readers import ocr

    monkeypatch.setenv("XXGK_MAX_PIXELS", "1000")  # the stretched image has 64 x 64 = 4096
    with pytest.raises(errors.XxgkError) as info:
        ocr.read_pdf_page(hostile.huge_page_pdf(tmp_path, inches=8).read_bytes(), 0, "scan.pdf")
    assert info.value.code == errors.IMAGE_SIZE and "64×64" in info.value.message


@pytest.mark.parametrize(
    "size,code,words",
    [
        ((100, 3000), errors.IMAGE_SIZE, "长宽比"),
        ((20, 800), errors.IMAGE_SIZE, "窄于"),
        ((1200, 1600), None, ""),
    ],
)
def test_image_shape(size: tuple[int, int], code: str | None, words: str, tmp_path: Path) -> None:
    from xxgk.readers import ocr

    data = hostile.wide_image(tmp_path, *size).read_bytes()
    if code is None:
        assert ocr._open_image(data, "page.png").size == size
        return
    with pytest.raises(errors.XxgkError) as info:
        ocr._open_image(data, "page.png")
    assert info.value.code == code and words in info.value.message


def test_nested_flate_is_counted_layer_by_layer(monkeypatch: pytest.MonkeyPatch) -> None:
    from xxgk.readers import inflate

    monkeypatch.setenv("XXGK_MAX_STREAM", "1M")
    twice = zlib.compress(zlib.compress(b" " * (3 * MB)))
    assert len(twice) < 1000
    pdf = (
        b"%PDF-1.4\n1 0 obj\n<< /Filter [/FlateDecode /FlateDecode] >>\nstream\n"
        + twice
        + b"\nendstream\n%%EOF\n"
    )
    with pytest.raises(errors.XxgkError) as info:
        inflate.check_pdf_streams(pdf, "twice.pdf")
    assert info.value.code == errors.DECOMPRESSION_LIMIT and "XXGK_MAX_STREAM" in info.value.message
    inflate.check_pdf_streams(pdf.replace(twice, zlib.compress(zlib.compress(b" " * (MB // 2)))), "ok.pdf")


def test_budgets_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for budget in limits.BUDGETS:
        monkeypatch.delenv(f"XXGK_{budget.name}", raising=False)
        assert budget.get() == budget.default > 0
    monkeypatch.setenv("XXGK_MAX_TEXT_CHARS", "2K")
    assert limits.MAX_TEXT_CHARS.get() == 2048
    monkeypatch.setenv("XXGK_MAX_TEXT_CHARS", "lots")  # a typo keeps the default
    assert limits.MAX_TEXT_CHARS.get() == 2_000_000


@pytest.mark.parametrize(
    "setting,value,text,code",
    [
        ("MAX_TEXT_CHARS", "1000", "字" * 1001, errors.TOO_LARGE),
        ("MAX_TEXT_LINES", "10", "一\n" * 10, errors.TOO_LARGE),
        ("MAX_CELLS", "10", "|1" * 11, errors.TOO_LARGE),
        ("MAX_XML_TAGS", "10", "<html><body>" + "<b>字</b>" * 6, errors.TOO_LARGE),
    ],
)
def test_text_budgets(
    setting: str, value: str, text: str, code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(f"XXGK_{setting}", value)
    with pytest.raises(errors.XxgkError) as info:
        read_bytes(text.encode(), "t")
    assert info.value.code == code and f"XXGK_{setting}" in info.value.message


def test_the_gate_holds_every_reader_to_the_cell_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """The DOCX reader has no cell budget of its own: read_bytes applies MAX_CELLS to its Document."""
    data = report_docx(_truth(SEEDS / "000_506e41e9d817580f.txt"))
    assert read_bytes(data, "a.docx").blocks
    monkeypatch.setenv("XXGK_MAX_CELLS", "100")
    with pytest.raises(errors.XxgkError) as info:
        read_bytes(data, "a.docx")
    assert info.value.code == errors.TOO_LARGE and "XXGK_MAX_CELLS" in info.value.message


_REAL_RUN_IN_WORKER = batch._run_in_worker


def _crashing_run_in_worker(path: str, as_json: bool = False) -> batch.Outcome:
    """A worker's reading, except that crash.txt kills the worker, as a crash in native code
    (PDFium, onnxruntime) would. Module-level, so that the pool can pickle it by name."""
    if path.endswith("crash.txt"):
        os._exit(1)
    return _REAL_RUN_IN_WORKER(path, as_json)


def test_a_worker_that_dies_inside_a_file_costs_that_file_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    crash = tmp_path / "crash.txt"
    crash.write_text(GOOD[0].read_text(encoding="utf-8") + "\n（另一份）\n", encoding="utf-8")
    paths = [str(p) for p in GOOD[:3]] + [str(crash)] + [str(p) for p in GOOD[3:]]
    # the workers are forked, so they run the patched function
    monkeypatch.setattr(batch, "_run_in_worker", _crashing_run_in_worker)
    outcomes = list(batch.run(paths, jobs=2))
    assert [o.path for o in outcomes] == paths
    assert [o.error.code for o in outcomes if o.error is not None] == [errors.DAMAGED_FILE]
    assert outcomes[3].error is not None and outcomes[3].path == str(crash)
    assert all(o.report is not None for k, o in enumerate(outcomes) if k != 3)
