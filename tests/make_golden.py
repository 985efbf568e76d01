"""Rewrite tests/data/golden/ from the current code: `python3 tests/make_golden.py`.
Run it only when a change of the pipeline's output is intended, and say so in the commit."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from golden import SOURCES, golden_file, write_golden  # noqa: E402


def main() -> None:
    for folder in SOURCES:
        n = write_golden(folder)
        print(f"{golden_file(folder)}: {n} inputs")


if __name__ == "__main__":
    main()
