"""The truth-file comparison the tests use: the one of `xxgk score` (xxgk.score)."""

from __future__ import annotations

from xxgk.score import Comparison, compare, load, source_of

__all__ = ["Comparison", "compare", "load", "source_of"]
