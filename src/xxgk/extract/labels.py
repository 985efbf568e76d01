"""Row labels as printed against the standard's: accepted variants (info) and misprints (warning)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from xxgk.catalogue import finding
from xxgk.extract.layout import Regions, Unit, region_pieces
from xxgk.extract.table2 import Table2
from xxgk.extract.table3 import Table3
from xxgk.report import Report
from xxgk.standard.table2 import TABLE2
from xxgk.standard.table3 import ROW_BY_KEY
from xxgk.standard.variants import NORMATIVE_2019_LABEL, VARIANTS
from xxgk.textnorm import label_key, label_key_ocr


def check(report: Report, units: list[Unit], regions: Regions, t2: Table2 | None, t3: Table3 | None) -> None:
    seen: set[str] = set()
    for span in (regions.table2, regions.table3, regions.table4):
        if span is None:
            continue
        text = label_key_ocr("".join(u.text[s:e] for u, s, e in region_pieces(units, span)))
        for v in VARIANTS:
            if v.printed in text and v.printed not in seen:
                seen.add(v.printed)
                _report(report, v.printed, v.standard, v.typo)
    if t2 is not None and report.format_version == "2021":
        printed = t2.labels.get("normative_documents")
        if printed is not None and label_key(printed) == NORMATIVE_2019_LABEL:
            label = TABLE2["2021"].rows[1].label
            report.add(
                finding(
                    "LABEL.VARIANT",
                    f"表二行名印为“{NORMATIVE_2019_LABEL}”（2019年试行格式的叫法），2021年格式为“{label}”",
                    ["table2.normative_documents.issued"],
                    fault="source",
                )
            )
    if t3 is not None:
        for key, (text, where) in t3.labels.items():
            got, want = label_key_ocr(text), label_key_ocr(ROW_BY_KEY[key].label)
            if got == want or want.endswith(got) or got.endswith(want) or any(p in got for p in seen):
                continue
            if SequenceMatcher(None, got, want).ratio() >= 0.8:
                seen.add(got)
                printed = re.sub(r"\s+", "", text)
                _report(report, printed, ROW_BY_KEY[key].label, True, [f"table3.{key}.total"], where)


def _report(
    report: Report, printed: str, standard: str, typo: bool, cells: list[str] | None = None, where=None
) -> None:
    if typo:
        report.add(
            finding(
                "LABEL.TYPO",
                f"标签印为“{printed}”，应为“{standard}”（已按“{standard}”读取）",
                cells or [],
                where,
                "source",
            )
        )
    else:
        report.add(
            finding(
                "LABEL.VARIANT",
                f"标签印为“{printed}”，格式为“{standard}”（已按“{standard}”读取）",
                cells or [],
                where,
                "source",
            )
        )
