"""The rule catalogue: every finding code raised is catalogued, docs/rules.md is generated from it."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import CORPUS, SEEDS

from xxgk.api import extract_file
from xxgk.audit import _load
from xxgk.catalogue import F19, F21, FEES, LAW, RULES
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


# Internal references a clerk cannot look up: the project's spec, its sections and rule ids,
# file names, identity ids (I3.1) and English notes.
INTERNAL = re.compile(r"SPEC|§|\.md\b|\.py\b|REPORT_FORMAT|ARCHITECTURE|V-[A-Z]+-|\bI[34]\.\d|[A-Za-z]{4,}")


def test_rule_texts_cite_the_law_or_the_format_never_internal_documents():
    _load()
    for rule in RULES.values():
        for text in (rule.title, rule.example, rule.basis):
            assert not INTERNAL.search(text.replace("OCR", "")), (rule.code, text)
        assert any(doc in rule.basis for doc in (LAW, F21, F19, FEES)), rule.code


def test_finding_messages_name_no_internal_documents():
    for path in sorted(SEEDS.glob("*.txt")) + sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.html")):
        for f in extract_file(path).findings:
            assert not INTERNAL.search(f.message.replace("OCR", "").replace("RapidOCR", "")), (
                path.name,
                f.message,
            )
