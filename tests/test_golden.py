"""Every output of the text pipeline is byte-identical to the snapshot in tests/data/golden/
(see tests/golden.py; regenerate with `python3 tests/make_golden.py` only for an intended change)."""

from __future__ import annotations

import difflib

import pytest
from golden import SOURCES, outputs, read_golden


def _first_difference(expected: str, got: str) -> str:
    at = next(
        (i for i, (a, b) in enumerate(zip(expected, got, strict=False)) if a != b),
        min(len(expected), len(got)),
    )
    return f"first difference at character {at}: expected …{expected[at - 80 : at + 80]}… got …{got[at - 80 : at + 80]}…"


@pytest.mark.parametrize("folder", SOURCES)
def test_pipeline_output_is_unchanged(folder: str) -> None:
    expected = {g["input"]: g for g in read_golden(folder)}
    got = {name: (single, together) for name, single, together in outputs(folder)}
    assert sorted(got) == sorted(expected), difflib.unified_diff(sorted(expected), sorted(got))
    for name, (single, together) in got.items():
        assert single == expected[name]["file"], (
            f"{name}: {_first_difference(expected[name]['file'], single)}"
        )
        assert together == expected[name]["batch"], f"{name} (checked with its folder)"
