"""Misprinted and variant labels are read as the standard's and reported."""

from __future__ import annotations

from conftest import CORPUS, SEEDS

from xxgk.api import extract_file


def _codes(report, code):
    return [f for f in report.findings if f.code == code]


def test_misprints_are_warnings_naming_both_labels():
    typo = _codes(extract_file(CORPUS / "101_pingtan-haitan-pianqu_2024.txt"), "LABEL.TYPO")
    assert len(typo) == 1 and "先行有效件数" in typo[0].message and "现行有效件数" in typo[0].message
    typo = _codes(extract_file(CORPUS / "001_huaian-hongzequ_2023.pdf"), "LABEL.TYPO")
    assert len(typo) == 1 and "其他法律行政止公开" in typo[0].message


def test_variants_are_info_and_clean_labels_raise_nothing():
    report = extract_file(CORPUS / "102_pingtan-jinjing-pianqu_2021.txt")
    variant = _codes(report, "LABEL.VARIANT")
    assert variant and variant[0].severity == "info" and "规范性文件" in variant[0].message
    assert _codes(extract_file(SEEDS / "004_e93e2860776d7910.txt"), "LABEL.VARIANT")
    for clean in (
        SEEDS / "000_506e41e9d817580f.txt",
        SEEDS / "003_e47fabb3861039d9.txt",
        CORPUS / "009_pingtan_2024.txt",
    ):
        report = extract_file(clean)
        assert not _codes(report, "LABEL.TYPO") and not _codes(report, "LABEL.VARIANT"), clean.name
