"""Shared fixtures: the seed and corpus reports with their truth files live in ../shared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"

if not SEEDS.is_dir():
    raise RuntimeError(f"the shared seeds are missing: expected them at {SEEDS}")


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
