"""The Python API: thin calls over readers and the extractor."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from xxgk.audit import audit
from xxgk.extract import extract
from xxgk.readers import read_bytes, read_path
from xxgk.report import Report


def extract_file(path: str | Path) -> Report:
    """Read one file (any supported kind) and return its Report."""
    return audit(extract(read_path(path)))


def extract_bytes(data: bytes, name: str | None = None) -> Report:
    return audit(extract(read_bytes(data, name)))


def extract_text(text: str, name: str | None = None) -> Report:
    return extract_bytes(text.encode("utf-8"), name)


def extract_records(paths: list[str], jobs: int | None = None) -> Iterator[dict[str, Any]]:
    """One JSON record per input file, in order, as `xxgk extract --json` writes them: a report,
    a duplicate (the same bytes as an earlier input, read once) or an error (docs/REPORT_FORMAT.md).
    Folders are walked in name order, skipping lock files, hidden files and backups."""
    from xxgk import batch  # batch runs these very functions in its workers

    for outcome in batch.run(batch.walk(list(paths)).files, jobs):
        yield outcome.record()
