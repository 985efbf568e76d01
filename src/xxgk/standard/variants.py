"""Printed label variants seen in real reports (SPEC §8), as data.

A variant is an accepted alternative wording (info); a typo is a misprint of a standard label
(warning). Keys are compared as textnorm.label_key_ocr of the printed text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Variant:
    printed: str  # as label_key_ocr
    standard: str  # the exact standard label
    typo: bool


VARIANTS: tuple[Variant, ...] = (
    Variant("先行有效件数", "现行有效件数", True),
    Variant("其他法律行政止公开", "2.其他法律行政法规禁止公开", True),
    Variant("其他法律法规禁止公开", "2.其他法律行政法规禁止公开", False),
    Variant("本年新收到政府信息公开申请数量", "一、本年新收政府信息公开申请数量", False),
)
# In a 2021-format table 2 the row is 行政规范性文件; the 2019 label 规范性文件 persists (SPEC §8.2).
NORMATIVE_2019_LABEL = "规范性文件"
