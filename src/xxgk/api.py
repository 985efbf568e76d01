"""The Python API: thin calls over readers and the extractor."""

from __future__ import annotations

from pathlib import Path

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
