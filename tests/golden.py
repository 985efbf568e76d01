"""The golden snapshot of the text pipeline: for every seed and corpus report, and a fixed batch
of generated series reports, the exact JSON the pipeline writes for it. tests/test_golden.py
compares against tests/data/golden/; `python3 tests/make_golden.py` rewrites that folder (only
when a change of output is intended).

Each input gives two strings: "file", the report JSON of the file read on its own
(the record of `batch.run_one(path)`: the report JSON with its findings, or the error), and "batch", the record
`xxgk check --json` prints for it when the whole folder is checked at once (released, then
the cross-year checks over the folder) — null when it is the same as "file"."""

from __future__ import annotations

import contextlib
import gzip
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "golden"
SERIES_REPORTS = 50
SERIES_SEED = 2024
# folder name -> where its inputs come from (relative to the repository root)
SOURCES = ("seeds", "corpus", "series")


def _dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)


def _inputs(folder: str, tmp: Path) -> list[str]:
    from xxgk.batch import expand

    if folder == "series":
        sys.path.insert(0, str(ROOT / "tests"))
        from series_batch import write

        return [str(p) for p in write(tmp / "series", SERIES_REPORTS, SERIES_SEED)]
    return expand([f"tests/data/{folder}"])


def outputs(folder: str) -> Iterator[tuple[str, str, str | None]]:
    """(input name, "file" JSON, "batch" JSON or None) of every input of `folder`."""
    from xxgk.audit.yoy import audit_batch, release
    from xxgk.batch import run_one

    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(ROOT):
        paths = _inputs(folder, Path(tmp))
        outcomes = [run_one(p) for p in paths]
        singles = [_dumps(o.record()) for o in outcomes]
        for o in outcomes:
            if o.report is not None:
                o.report = release(o.report, keep_facts=True)
        audit_batch([o.report for o in outcomes if o.report is not None])
        for path, single, outcome in zip(paths, singles, outcomes, strict=True):
            together = _dumps(outcome.record())
            # a generated input lives in a temporary folder: name it by its file name only
            name = Path(path).name if folder == "series" else path
            yield (
                name,
                _normalise(single, path, name),
                (None if together == single else _normalise(together, path, name)),
            )


def _normalise(text: str, path: str, name: str) -> str:
    """A generated file's temporary path, written as its name."""
    return text if path == name else text.replace(json.dumps(path), json.dumps(name))


def golden_file(folder: str) -> Path:
    return GOLDEN / f"{folder}.jsonl.gz"


def write_golden(folder: str) -> int:
    lines = [
        json.dumps({"input": n, "file": f, "batch": b}, ensure_ascii=False) for n, f, b in outputs(folder)
    ]
    GOLDEN.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same outputs give the same bytes
    with open(golden_file(folder), "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(("\n".join(lines) + "\n").encode("utf-8"))
    return len(lines)


def read_golden(folder: str) -> list[dict]:
    with gzip.open(golden_file(folder), "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
