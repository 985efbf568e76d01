"""The terminal view at a real 80-column terminal: every line fits, every label of 表三 is there
whole (its wrapped pieces joined give the standard's label, broken only between phrases), the
group headings （三）…（六） are shown, and folded findings sit under the finding they follow from."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS, SEEDS
from rich.cells import cell_len
from rich.console import Console

from xxgk.api import extract_file
from xxgk.render.terminal import render
from xxgk.report import Report
from xxgk.standard.phrases import phrases
from xxgk.standard.sections import TABLE_NAMES, TABLE_TITLES
from xxgk.standard.table2 import TABLE2
from xxgk.standard.table3 import (
    GROUP_DENIED,
    GROUP_NOT_PROCESSED,
    GROUP_OTHER,
    GROUP_RESULTS,
    GROUP_UNABLE,
    ROW_BY_KEY,
)
from xxgk.standard.table4 import BLOCK_HEADINGS

SOURCES = [
    SEEDS / json.loads(p.read_text(encoding="utf-8"))["source"] for p in sorted(SEEDS.glob("*.truth.json"))
] + [
    CORPUS / json.loads(p.read_text(encoding="utf-8"))["source"] for p in sorted(CORPUS.glob("*.truth.json"))
]
SUBGROUPS = (GROUP_DENIED, GROUP_UNABLE, GROUP_NOT_PROCESSED, GROUP_OTHER)
CLOSING = "，。、；：）》”"


def _screen(report: Report, width: int = 80) -> list[str]:
    console = Console(width=width, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    render(report, console)
    return console.export_text().split("\n")


def _table_body(lines: list[str], table: str) -> list[list[str]]:
    """The body rows of a table under its title, each split into its cells."""
    title = f"{TABLE_NAMES[table]} {TABLE_TITLES[table]}"
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    body = []
    for line in lines[start + 1 :]:
        if line.startswith("└"):
            break
        if line.startswith("│"):
            body.append([c.strip() for c in line.split("│")[1:-1]])
    return body


def _expected_table3(report: Report) -> list[tuple[str, str]]:
    """(row number or "" for a heading, label) in printed order, from the standard alone."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for n, key in enumerate(report.table3 or {}, start=1):
        group = ROW_BY_KEY[key].group
        for g in [GROUP_RESULTS, group] if group in SUBGROUPS else [group]:
            if g and g not in seen:
                seen.add(g)
                out.append(("", g))
        out.append((str(n), ROW_BY_KEY[key].label))
    return out


def _joined_rows(body: list[list[str]], expected: list[tuple[str, str]], label_col: int) -> None:
    """Each expected label is made of whole consecutive lines of the label column, the first
    carrying the row number, and breaks only between the label's phrases."""
    i = 0
    for number, label in expected:
        assert body[i][0] == number, (body[i], label)
        bounds = {sum(len(p) for p in phrases(label)[:k]) for k in range(len(phrases(label)) + 1)}
        text = ""
        while True:
            piece = body[i][label_col]
            assert piece and piece[0] not in CLOSING, (piece, label)
            text += piece
            assert label.startswith(text), (text, label)
            assert len(text) in bounds, (piece, label)  # the line ends between two phrases
            i += 1
            if text == label:
                break
            assert body[i][0] == "" and not any(body[i][label_col + 1 :]), body[i]  # a continuation
    assert i == len(body)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_every_report_reads_at_80_columns(path) -> None:  # type: ignore[no-untyped-def]
    report = extract_file(path)
    lines = _screen(report)
    too_wide = [line for line in lines if cell_len(line) > 80]
    assert not too_wide, too_wide[:3]
    if report.table3 is not None:
        expected = _expected_table3(report)
        _joined_rows(_table_body(lines, "table3"), expected, 1)  # headings included, each whole
        labels = {label for number, label in expected if not number}
        assert {GROUP_RESULTS, GROUP_DENIED, GROUP_UNABLE, GROUP_NOT_PROCESSED} <= labels
        if report.format_version == "2021":
            assert GROUP_OTHER in labels
    if report.table2 is not None:
        spec = TABLE2.get(report.format_version or "2021", TABLE2["2021"])
        shown = "".join(row[0] for row in _table_body(lines, "table2"))
        assert shown == "".join(dict.fromkeys(x for r in spec.rows for x in (r.group, r.label)))
    if report.table4 is not None:
        shown = "".join(row[0] for row in _table_body(lines, "table4"))
        assert shown == "".join(BLOCK_HEADINGS.values())


def test_too_narrow_for_labels_beside_lists_them_under_the_table() -> None:
    report = extract_file(SEEDS / "001_eaba220d81829207.txt")
    lines = _screen(report, width=60)
    assert all(cell_len(line) <= 60 for line in lines)
    body = _table_body(lines, "table3")
    assert [row[0] for row in body] == [str(n) for n in range(1, 26)]
    start = lines.index(next(line for line in lines if line.startswith("各序号所指的行")))
    legend = [line.strip() for line in lines[start + 1 : start + 40]]
    assert "1 一、本年新收政府信息公开申请数量" in legend and "（三）不予公开" in legend
    # the long （六）1. label on two lines, broken after “、” … between phrases
    i = next(k for k, line in enumerate(legend) if line.startswith("21 "))
    assert legend[i][3:] + legend[i + 1] == ROW_BY_KEY["other_overdue_correction"].label


def test_folded_findings_are_shown_under_their_root_only() -> None:
    report = extract_file(CORPUS / "101_pingtan-haitan-pianqu_2024.txt")
    lines = _screen(report)
    root = next(i for i, line in enumerate(lines) if line.startswith("[错误] IDENTITY.LINE_ZERO"))
    under = [line for line in lines[root + 1 :] if line.startswith("  └ ")]
    assert len(under) == 6 and all("T3.IDENTITY.ROW" in line for line in under)
    assert not any(line.startswith("[错误] T3.IDENTITY.ROW") for line in lines)


def test_batch_summary_at_80_columns_cuts_nothing() -> None:
    from xxgk.audit.yoy import audit_batch
    from xxgk.render.summary import print_summary, summarise

    reports = [extract_file(p) for p in sorted(CORPUS.glob("0*_pingtan_*.txt"))]
    audit_batch(reports)
    console = Console(width=80, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    print_summary(summarise(reports, [], len(reports)), console)
    lines = console.export_text().split("\n")
    assert all(cell_len(line) <= 80 for line in lines)
    assert not any("…" in line for line in lines)  # folded onto more lines, never cut short
    files = "".join(line.split("│")[2].strip() for line in lines if line.startswith("│") and "┃" not in line)
    assert "004_pingtan_2019.txt" in files


def test_findings_fold_as_chinese_is_set() -> None:
    from rich.text import Text

    from xxgk.render.terminal import fold

    message = "表四“行政诉讼·复议后起诉”：总计（0）不等于结果维持、结果纠正之和（5），相差 5（第4页）；表三“（七）总计”行“自然人”列＝35"
    for width in range(16, 60):  # wide enough for every unbreakable run ("（第4页）；")
        lines = [line.plain for line in fold(Text(message), width, indent=2)]
        assert all(cell_len(line) <= width for line in lines)
        joined = "".join(line[2:] if k else line for k, line in enumerate(lines))
        assert joined.replace(" ", "") == message.replace(" ", "")
        for before, after in zip(lines, lines[1:], strict=False):
            nxt = after[2:]
            assert nxt[0] not in "，。、；：）”＝ ", (width, after)  # no line begins with closing punctuation
            assert before[-1] not in "（“", (width, before)  # none ends with opening punctuation
            assert not (before[-1].isdigit() or nxt[0].isdigit()) or f"{before[-1]} {nxt[0]}" in message, (
                width,
                before,
                after,
            )  # a number stays with its neighbours, except across a printed space
