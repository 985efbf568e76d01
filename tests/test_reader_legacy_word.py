"""Legacy Word (.doc, .wps, .rtf) through LibreOffice: reports built from the seeds' truth files.

Each seed's truth is laid out as a whole report in a .docx with python-docx — table 3 in the
official layout with its merged cells — then turned into .doc and .rtf by LibreOffice in a
fixture, and read back through the legacy reader and the full extractor. The LibreOffice tests
are skipped only where soffice is not installed; the rest (missing converter, timeouts, process
clean-up, refusing Excel files) run everywhere, with a stand-in converter script where needed.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import SEEDS
from render_truth import report_docx

from xxgk import errors, limits
from xxgk.api import extract_file
from xxgk.document import Document, Table
from xxgk.readers import legacy_word, read_bytes, read_path
from xxgk.standard.table3 import (
    COLUMN_GROUP,
    COLUMN_PARENT,
    GROUP_RESULTS,
    NOTE,
)

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: run scripts/setup-debian.sh "
    "(apt-get install libreoffice-writer-nogui); CI installs it",
)

SEED_TRUTHS = sorted(SEEDS.glob("*.truth.json"))


def soffice_convert(sources: list[Path], fmt: str, outdir: Path) -> list[Path]:
    """Convert files with LibreOffice in one call, under a profile of its own."""
    profile = Path(tempfile.gettempdir()) / f"xxgk-lo-{uuid.uuid4().hex}"
    try:
        subprocess.run(
            [
                SOFFICE or "soffice",
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                str(outdir),
                *map(str, sources),
            ],
            check=True,
            capture_output=True,
            timeout=300,
            stdin=subprocess.DEVNULL,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    ext = fmt.split(":")[0]
    out = [outdir / f"{s.stem}.{ext}" for s in sources]
    assert all(p.is_file() for p in out), [p for p in out if not p.is_file()]
    return out


def check_table3(report, truth: dict) -> list[str]:  # type: ignore[no-untyped-def]
    """Every table-3 cell of the truth, against the report: [] when all are equal."""
    wrong = []
    for row, cols in truth["table3"].items():
        for col, want in cols.items():
            cell = report.cell(f"table3.{row}.{col}")
            got = None if cell is None else cell.value
            if want is None:
                if got is not None:
                    wrong.append(f"{row}.{col}: truth none, got {got}")
            elif cell is None or cell.status != "number" or float(got) != float(want):
                wrong.append(f"{row}.{col}: truth {want}, got {got} ({cell and cell.status})")
    return wrong


def _truth(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _tables(doc: Document) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


# ---------------------------------------------------------------------------------------------
# fixtures: the seeds as .docx, .doc, .rtf and .wps


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """seed id -> its report as .docx."""
    folder = tmp_path_factory.mktemp("docx")
    out = {}
    for t in SEED_TRUTHS:
        name = t.name.split(".")[0]
        path = folder / f"{name}.docx"
        path.write_bytes(report_docx(_truth(t)))
        out[name] = path
    return out


@pytest.fixture(scope="module")
def legacy(built: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """seed id -> .doc (all seeds), plus 'rtf' and 'wps' (first seed) made by LibreOffice."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed: run scripts/setup-debian.sh")
    folder = tmp_path_factory.mktemp("legacy")
    names = list(built)
    docs = soffice_convert([built[n] for n in names], "doc:MS Word 97", folder)
    out = dict(zip(names, docs, strict=True))
    (rtf,) = soffice_convert([built[names[0]]], "rtf", folder)
    out["rtf"] = rtf
    wps = folder / f"{names[0]}.wps"  # an OLE2 Word file under the WPS name: sniffed by content
    shutil.copyfile(docs[0], wps)
    out["wps"] = wps
    return out


# ---------------------------------------------------------------------------------------------
# LibreOffice round trips


@pytest.mark.parametrize("truth_path", SEED_TRUTHS, ids=lambda p: p.name.split(".")[0])
def test_built_docx_reads_exactly(truth_path: Path, built: dict[str, Path]) -> None:
    """The layout itself is right: the .docx, before any conversion, reads back to the truth."""
    truth = _truth(truth_path)
    report = extract_file(built[truth_path.name.split(".")[0]])
    assert check_table3(report, truth) == []
    assert (report.year, report.format_version) == (truth["year"], truth["format_version"])


@needs_soffice
@pytest.mark.parametrize("truth_path", SEED_TRUTHS, ids=lambda p: p.name.split(".")[0])
def test_doc_table3_equals_truth(truth_path: Path, legacy: dict[str, Path]) -> None:
    truth = _truth(truth_path)
    report = extract_file(legacy[truth_path.name.split(".")[0]])
    assert report.source["media_type"] == "application/msword"
    assert check_table3(report, truth) == []
    assert (report.year, report.format_version) == (truth["year"], truth["format_version"])
    assert report.agency == truth["agency"]


@needs_soffice
def test_doc_keeps_merged_cells(legacy: dict[str, Path]) -> None:
    path = legacy[SEED_TRUTHS[0].name.split(".")[0]]
    doc = legacy_word.read(path.read_bytes(), str(path))
    assert doc.media_type == "application/msword" and doc.path == str(path)
    t3 = next(t for t in _tables(doc) if t.rows[0][0].text == NOTE)
    assert t3.exact and len(t3.rows[0]) == 10
    corner = t3.rows[0][0]
    assert (corner.rowspan, corner.colspan) == (3, 3)
    assert (t3.rows[0][3].text, t3.rows[0][3].colspan) == (COLUMN_GROUP, 7)
    assert (t3.rows[1][3].text, t3.rows[1][3].rowspan) == ("自然人", 2)
    assert (t3.rows[1][4].text, t3.rows[1][4].colspan) == (COLUMN_PARENT, 5)
    results = t3.rows[5][0]
    assert (results.text, results.rowspan) == (GROUP_RESULTS, 22)
    assert (t3.rows[7][1].text, t3.rows[7][1].rowspan) == ("（三）不予公开", 8)


@needs_soffice
@pytest.mark.parametrize("kind", ["rtf", "wps"])
def test_rtf_and_wps_table3_equals_truth(kind: str, legacy: dict[str, Path]) -> None:
    truth = _truth(SEED_TRUTHS[0])
    path = legacy[kind]
    assert path.suffix == f".{kind}"
    report = extract_file(path)
    assert report.source["media_type"] == legacy_word.MEDIA_TYPES["rtf" if kind == "rtf" else "doc"]
    assert check_table3(report, truth) == []


@needs_soffice
def test_parallel_conversions_do_not_collide(legacy: dict[str, Path]) -> None:
    names = [t.name.split(".")[0] for t in SEED_TRUTHS[:3]]
    with ThreadPoolExecutor(max_workers=3) as pool:
        docs = list(pool.map(lambda n: legacy_word.read(legacy[n].read_bytes(), n), names))
    for name, doc in zip(names, docs, strict=True):
        truth = _truth(SEEDS / f"{name}.truth.json")
        assert doc.blocks[0].text == f"{truth['agency']}{truth['year']}年政府信息公开工作年度报告"


@needs_soffice
def test_temporary_files_are_removed(
    legacy: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    data = legacy[SEED_TRUTHS[0].name.split(".")[0]].read_bytes()
    legacy_word.read(data, "ok.doc")
    with pytest.raises(errors.XxgkError) as info:
        legacy_word.read(data[: len(data) // 3] + b"\0" * 4096, "bad.doc")
    assert info.value.code == errors.DAMAGED_FILE
    assert list(scratch.iterdir()) == []


@needs_soffice
@pytest.mark.parametrize(
    "data",
    [
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\x00" * 2000,
        b"{\\rtf1 \\" + b"\xff" * 64,
    ],
    ids=["ole2-garbage", "rtf-garbage"],
)
def test_damaged_legacy_files_are_clear_errors(data: bytes) -> None:
    with pytest.raises(errors.XxgkError) as info:
        read_bytes(data, "bad.doc")
    assert info.value.code == errors.DAMAGED_FILE
    assert info.value.path == "bad.doc"


@needs_soffice
def test_real_conversion_timeout(
    legacy: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(legacy_word, "CONVERT_TIMEOUT_S", 0.3)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    data = legacy[SEED_TRUTHS[0].name.split(".")[0]].read_bytes()
    with pytest.raises(errors.XxgkError) as info:
        legacy_word.read(data, "slow.doc")
    assert info.value.code == errors.TIMEOUT and "0.3 秒" in info.value.message
    assert _processes_mentioning(str(tmp_path)) == []  # soffice.bin, oosplash: all gone
    assert list(tmp_path.iterdir()) == []


def test_ci_has_libreoffice() -> None:
    """On CI the skips above would hide a missing install step: there, soffice must be present."""
    if os.environ.get("CI", "").lower() in ("true", "1") and SOFFICE is None:
        pytest.fail("CI must run scripts/setup-debian.sh before the tests: soffice is not installed")


# ---------------------------------------------------------------------------------------------
# without LibreOffice: missing converter, a stand-in that hangs, Excel files


def _ole2(stream: str) -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + stream.encode("utf-16-le") + b"\0" * 1024


def test_missing_soffice_names_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XXGK_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert legacy_word.soffice_path() is None
    for data in (_ole2("WordDocument"), b"{\\rtf1\\ansi 2024}"):
        with pytest.raises(errors.XxgkError) as info:
            read_bytes(data, "r.doc")
        assert info.value.code == errors.MISSING_DEPENDENCY and info.value.path == "r.doc"
        assert "libreoffice-writer-nogui" in info.value.message
        assert "scripts/setup-debian.sh" in info.value.message


@pytest.mark.parametrize("stream,app", [("Workbook", "Excel"), ("PowerPoint Document", "PowerPoint")])
def test_other_office_files_are_refused_by_content(stream: str, app: str) -> None:
    with pytest.raises(errors.XxgkError) as info:
        read_bytes(_ole2(stream), "report.doc")
    assert info.value.code == errors.UNSUPPORTED_KIND and app in info.value.message


def test_kind_follows_content() -> None:
    assert legacy_word.kind_of(_ole2("WordDocument")) == "doc"
    assert legacy_word.kind_of(b"{\\rtf1\\ansi x}") == "rtf"
    assert legacy_word.kind_of(_ole2("CONTENTS")) == "wps"


def _fake_soffice(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "fake-soffice"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"  # a zombie is dead, only not yet reaped by its new parent


def _processes_mentioning(fragment: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if fragment in cmdline and _alive(int(entry.name)):
            found.append(int(entry.name))
    return found


@pytest.fixture
def hanging_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A converter that never finishes and has a child of its own; writes the child's pid."""
    pidfile = tmp_path / "child.pid"
    script = _fake_soffice(tmp_path, f'sleep 60 &\necho $! > "{pidfile}"\nwait\n')
    monkeypatch.setenv("XXGK_SOFFICE", str(script))
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    return pidfile


def _wait_for(path: Path) -> int:
    for _ in range(200):
        if path.exists() and path.read_text().strip():
            return int(path.read_text())
        time.sleep(0.01)
    raise AssertionError("the stand-in converter did not start")


def test_conversion_timeout_kills_the_process_group(
    hanging_soffice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(legacy_word, "CONVERT_TIMEOUT_S", 0.5)
    t0 = time.monotonic()
    with pytest.raises(errors.XxgkError) as info:
        read_bytes(_ole2("WordDocument"), "hang.doc")
    assert time.monotonic() - t0 < 5
    assert info.value.code == errors.TIMEOUT and info.value.path == "hang.doc"
    assert "0.5 秒" in info.value.message
    assert not _alive(_wait_for(hanging_soffice))
    assert list((tmp_path / "scratch").iterdir()) == []


def test_batch_time_limit_during_conversion_kills_it_too(hanging_soffice: Path, tmp_path: Path) -> None:
    t0 = time.monotonic()
    with pytest.raises(errors.XxgkError) as info:
        limits.run_with_timeout(lambda: read_bytes(_ole2("WordDocument"), "hang.doc"), 0.5, "hang.doc")
    assert time.monotonic() - t0 < 5
    assert info.value.code == errors.TIMEOUT and info.value.message == "读取超过 0.5 秒，已放弃"
    assert not _alive(_wait_for(hanging_soffice))
    assert list((tmp_path / "scratch").iterdir()) == []


def test_converter_without_output_is_a_damaged_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "XXGK_SOFFICE", str(_fake_soffice(tmp_path, "echo 'Error: source file could not be loaded'\n"))
    )
    with pytest.raises(errors.XxgkError) as info:
        read_path_of(tmp_path, _ole2("WordDocument"), "x.wps")
    assert info.value.code == errors.DAMAGED_FILE and info.value.path and info.value.path.endswith("x.wps")


def read_path_of(folder: Path, data: bytes, name: str) -> Document:
    path = folder / name
    path.write_bytes(data)
    return read_path(path)
