"""Structure: the six sections and their headings, the format version against the year, table-2 rows."""

from __future__ import annotations

from xxgk.audit import check, narrative
from xxgk.audit.outline import STANDARD_TITLES, Heading
from xxgk.catalogue import finding
from xxgk.report import Report
from xxgk.standard.sections import CN_ORDINALS, SECTIONS
from xxgk.standard.table2 import TABLE2
from xxgk.textnorm import label_key

# Wordings seen in real reports and third-party tools (SPEC §8.1): a variant, not a typo.
KNOWN_VARIANTS: dict[int, tuple[str, ...]] = {
    1: ("概述",),
    4: (
        "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        "被申请行政复议、提起行政诉讼情况",
        "政府信息公开行政复议和行政诉讼情况",
        "政府信息公开行政复议及行政诉讼情况",
        "政府信息公开行政复议与行政诉讼情况",
    ),
    5: ("政府信息公开工作存在的主要问题及改进情况", "存在问题及改进情况", "存在的主要问题和改进情况"),
    6: ("其他事项",),
}
_MAX_LISTED = 12


def _cn(n: int) -> str:
    return CN_ORDINALS[n - 1]


def _distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def heading_form(number: int, title: str) -> str:
    """One of standard / variant / typo (one character away from the standard wording)."""
    key, std = label_key(title), label_key(STANDARD_TITLES[number])
    if key.startswith(std):
        return "standard"
    if any(key.startswith(label_key(v)) for v in KNOWN_VARIANTS.get(number, ())):
        return "variant"
    # a crawler page runs the heading into the body: compare the heading-length prefixes
    if len(std) >= 6 and min(_distance(key[: len(std) + d], std) for d in (-1, 0, 1)) <= 1:
        return "typo"
    return "variant"


@check
def sections(report: Report) -> None:
    if not report.sections:
        report.add(
            finding(
                "STRUCT.SECTIONS_NOT_FOUND",
                "没有识别出报告的六个部分，章节结构和正文数字均未核对",
                fault="extraction",
            )
        )
        return
    ol = narrative.read(report).outline
    found = ol.standard()
    for spec in SECTIONS:
        if spec.number not in found:
            report.add(
                finding(
                    "STRUCT.SECTION_MISSING",
                    f"报告缺少“{spec.heading}”：正文中找不到这一部分的标题",
                    fault="source",
                    numbers=[spec.number],
                )
            )
    _numbering(report, ol.headings, found)
    _headings(report, found)


def _numbering(report: Report, headings: list[Heading], found: dict[int, Heading]) -> None:
    problems: list[str] = []
    ordered = sorted(found.values(), key=lambda h: h.offset)
    for h in ordered:
        if h.ordinal != h.standard:
            assert h.standard is not None
            problems.append(
                f"“{STANDARD_TITLES[h.standard]}”编为“{h.printed.split('、')[0]}、”，格式为“{_cn(h.standard)}、”"
            )
    sequence = [h.standard for h in ordered]
    if sequence != sorted(sequence):
        problems.append("六个部分的先后顺序与格式不同")
    if not problems:
        return
    listed = "／".join(h.printed for h in headings[:_MAX_LISTED]) + (
        "／…" if len(headings) > _MAX_LISTED else ""
    )
    first = next((h for h in ordered if h.ordinal != h.standard), ordered[0])
    report.add(
        finding(
            "STRUCT.NUMBERING",
            "；".join(problems) + f"（正文各部分依次为：{listed}）",
            where=first.where,
            fault="source",
            numbers=[h.ordinal for h in ordered],
        )
    )


def _headings(report: Report, found: dict[int, Heading]) -> None:
    arabic = [h for h in found.values() if h.arabic]
    if arabic:
        report.add(
            finding(
                "STRUCT.HEADING_ORDINAL",
                f"第{'、'.join(_cn(h.ordinal) for h in arabic)}部分的标题用阿拉伯数字编号（如“{arabic[0].printed}”），格式为“{_cn(arabic[0].ordinal)}、”",
                where=arabic[0].where,
                fault="source",
            )
        )
    for number, h in sorted(found.items()):
        form = heading_form(number, h.title)
        if form == "standard":
            continue
        standard = f"{_cn(number)}、{STANDARD_TITLES[number]}"
        if form == "typo":
            message = f"第{_cn(number)}部分标题为“{h.printed}”，与格式“{standard}”只差一个字，疑似错别字"
        else:
            message = f"第{_cn(number)}部分标题为“{h.printed}”，格式为“{standard}”"
        code = "STRUCT.HEADING_TYPO" if form == "typo" else "STRUCT.HEADING_VARIANT"
        report.add(finding(code, message, where=h.where, fault="source"))


_VERSION_NAMES = {
    "2019": "2019年试行格式（国办公开办函〔2019〕60号）",
    "2021": "2021年格式（国办公开办函〔2021〕30号）",
}


@check
def version_year(report: Report) -> None:
    """The tables' format against the report year: flagged, never inferred from the year."""
    v, y = report.format_version, report.year
    if v is None or y is None:
        return
    expected = "2019" if y in (2019, 2020) else "2021" if y >= 2021 else "pre2019"
    if v == expected:
        return
    used = _VERSION_NAMES.get(v, "2019年以前的格式")
    should = _VERSION_NAMES.get(expected, "2019年以前的格式")
    report.add(
        finding(
            "STRUCT.VERSION_YEAR",
            f"{y}年度报告使用了{used}的表格，{y}年度应使用{should}",
            fault="source",
            numbers=[y],
        )
    )


@check
def table2_rows(report: Report) -> None:
    spec = TABLE2.get(report.format_version or "")
    if report.table2 is None or spec is None:
        return
    for row in spec.rows:
        cells = [f"table2.{row.key}.{c}" for c in row.columns]
        if all((c := report.cell(p)) is not None and c.status == "absent" for p in cells):
            report.add(
                finding(
                    "T2.STRUCTURE.ROW_MISSING",
                    f"表二{row.group}没有“{row.label}”行",
                    cells,
                    fault="source",
                )
            )
