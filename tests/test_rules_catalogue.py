"""The rule catalogue: every finding code raised is catalogued, docs/rules.md is generated from it."""

from __future__ import annotations

from pathlib import Path

from conftest import CORPUS, SEEDS

from xxgk.api import extract_file
from xxgk.audit import _load
from xxgk.catalogue import RULES
from xxgk.cli import rules_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_docs_rules_md_is_generated_from_the_catalogue():
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md is stale: run `xxgk rules --markdown > docs/rules.md`"
    )


def test_catalogue_has_thirty_or_more_rules_with_one_severity_and_an_example():
    _load()
    assert len(RULES) >= 30
    for rule in RULES.values():
        assert rule.severity in ("error", "warning", "info")
        assert rule.title and rule.example
        assert any("\u4e00" <= ch <= "\u9fff" for ch in rule.example)


def test_every_raised_code_is_in_the_catalogue():
    codes = set()
    for path in sorted(SEEDS.glob("*.txt")) + sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.html")):
        codes |= {f.code for f in extract_file(path).findings}
    assert codes and codes <= set(RULES)
