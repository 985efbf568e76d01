"""Shared fixtures: the seed and corpus reports with their truth files live in tests/data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parent / "data"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"


def truth_files(folder: Path, suffixes: tuple[str, ...] | None = None) -> list[Path]:
    out = []
    for t in sorted(folder.glob("*.truth.json")):
        src = folder / json.loads(t.read_text())["source"]
        if suffixes is None or src.suffix in suffixes:
            out.append(t)
    return out


@pytest.fixture(scope="session")
def shared() -> Path:
    return SHARED
