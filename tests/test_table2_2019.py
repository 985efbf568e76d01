"""The 2019 trial table 2 read cell by cell: spaces separate cells, signed changes are changes,
notes printed inside a cell leave the number as the value, in every layout the rows come in
(crawler one-line text, tab-separated text, HTML cells)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from xxgk.api import extract_bytes, extract_text
from xxgk.report import Report
from xxgk.values import parse_change, parse_value, run_splits, split_decimal_tail, without_note

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
PINGTAN_2019 = CORPUS / "004_pingtan_2019.txt"

# the crawler page's table 2 (one line, every cell glued to the next), as printed
PRINTED_T2 = (
    "第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000规范性文件898989"
    "第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可3960181其他对外管理服务事项100153"
    "第二十条第（六）项信息内容上一年项目数量本年增/减处理决定数量行政处罚26480430行政强制126025"
    "第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费350"
    "第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购13575394432.52元"
)


def _crawler_page(table2: str) -> Report:
    """The real 2019 crawler page of 平潭综合实验区 with its table 2 replaced by `table2`."""
    text = PINGTAN_2019.read_text(encoding="utf-8")
    assert PRINTED_T2 in text
    return extract_text(text.replace(PRINTED_T2, table2), "pingtan_2019.txt")


def _cells(r: Report, row: str) -> tuple:
    assert r.table2 is not None
    return tuple((c.value, c.status) for c in r.table2[row].values())


def _codes(r: Report, code: str) -> list[list[str]]:
    return [f.cells for f in r.findings if f.code == code]


def test_crawler_text_spaces_signs_and_notes() -> None:
    r = _crawler_page(
        "第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000"
        "规范性文件22（其中修订16件） 30 45"
        "第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可 396 +12 181"
        "其他对外管理服务事项 10 增加5 153"
        "第二十条第（六）项信息内容上一年项目数量本年增/减处理决定数量行政处罚 2648 -18 538"
        "行政强制 126 减少3 25"
        "第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费35-15"
        "第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购9 152.2万元"
    )
    assert r.format_version == "2019"
    n = "number"
    assert _cells(r, "normative_documents") == ((22, n), (30, n), (45, n))
    assert _cells(r, "licensing") == ((396, n), (12, n), (181, n))
    assert _cells(r, "other_services") == ((10, n), (5, n), (153, n))
    assert _cells(r, "penalty") == ((2648, n), (-18, n), (538, n))
    assert _cells(r, "coercion") == ((126, n), (-3, n), (25, n))
    assert _cells(r, "fees") == ((35, n), (-15, n))
    assert _cells(r, "procurement") == ((9, n), (Decimal("152.2"), n))
    assert r.table2 is not None and r.table2["procurement"]["amount"].unit == "万元"  # printed with it
    assert not _codes(r, "T2.DIGITS.RUN_TOGETHER")
    assert not _codes(r, "T2.DOMAIN")  # a negative 本年增/减 is a change, not a bad count


def test_crawler_text_glued_sign_reads_what_every_split_agrees_on() -> None:
    """2020's '2648-18538': the sign starts 本年增/减, so 2648 is read; -1|8538, -18|538 … stay open."""
    r = _crawler_page(PRINTED_T2.replace("行政处罚26480430", "行政处罚2648-18538"))
    assert r.table2 is not None
    penalty = r.table2["penalty"]
    assert (penalty["prior_items"].value, penalty["prior_items"].status) == (2648, "number")
    assert penalty["net_change"].status == penalty["decisions"].status == "unreadable"
    assert penalty["net_change"].raw == "2648-18538"
    assert ["table2.penalty.net_change", "table2.penalty.decisions"] in _codes(r, "T2.DIGITS.RUN_TOGETHER")


def test_crawler_text_glued_cells_stay_unreadable() -> None:
    """Digits glued without a space still have several splits: not guessed."""
    r = _crawler_page(PRINTED_T2)
    assert r.table2 is not None
    assert {c.status for c in r.table2["licensing"].values()} == {"unreadable"}
    assert {c.status for c in r.table2["procurement"].values()} == {"unreadable"}


def _tsv_report(rows: list[str]) -> Report:
    lines = [
        "XX县交通运输局2019年政府信息公开工作年度报告",
        "一、总体情况",
        "正文。",
        "二、主动公开政府信息情况",
        "第二十条第（一）项",
        "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量",
        *rows[:2],
        "第二十条第（五）项",
        "信息内容\t上一年项目数量\t本年增/减\t处理决定数量",
        *rows[2:4],
        "第二十条第（六）项",
        "信息内容\t上一年项目数量\t本年增/减\t处理决定数量",
        *rows[4:6],
        "第二十条第（八）项",
        "信息内容\t上一年项目数量\t本年增/减",
        rows[6],
        "第二十条第（九）项",
        "信息内容\t采购项目数量\t采购总金额",
        rows[7],
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    return extract_text("\n".join(lines), "report.txt")


def test_tab_separated_cells() -> None:
    r = _tsv_report(
        [
            "规章\t0\t0\t0",
            "规范性文件\t22（其中修订16件）\t22\t130",
            "行政许可\t88\t减少2\t1",
            "其他对外管理服务事项\t0\t+1\t0",
            "行政处罚\t26\t-3\t0",
            "行政强制\t0\t增加5\t5",
            "行政事业性收费\t11\t-4",
            "政府集中采购\t5\t47.9659万元",
        ]
    )
    n = "number"
    assert _cells(r, "normative_documents") == ((22, n), (22, n), (130, n))
    assert r.table2 is not None and r.table2["normative_documents"]["new_made"].raw == "22（其中修订16件）"
    assert _cells(r, "licensing") == ((88, n), (-2, n), (1, n))
    assert r.table2["licensing"]["net_change"].raw == "减少2"
    assert _cells(r, "other_services") == ((0, n), (1, n), (0, n))
    assert _cells(r, "penalty") == ((26, n), (-3, n), (0, n))
    assert _cells(r, "coercion") == ((0, n), (5, n), (5, n))
    assert _cells(r, "fees") == ((11, n), (-4, n))
    assert _cells(r, "procurement") == ((5, n), (Decimal("47.9659"), n))
    assert not _codes(r, "T2.DOMAIN")


def test_a_change_in_words_outside_net_change_is_not_read() -> None:
    """增加/减少 is a change: in a count column it stays unreadable."""
    r = _tsv_report(
        [
            "规章\t0\t0\t0",
            "规范性文件\t减少2\t0\t0",
            "行政许可\t0\t0\t0",
            "其他对外管理服务事项\t0\t0\t0",
            "行政处罚\t0\t0\t0",
            "行政强制\t0\t0\t0",
            "行政事业性收费\t0\t0",
            "政府集中采购\t0\t0",
        ]
    )
    assert r.table2 is not None
    assert r.table2["normative_documents"]["new_made"].status == "unreadable"


HTML = """<html><body><h1>XX市人民政府办公室2019年政府信息公开工作年度报告</h1>
<p>一、总体情况</p><p>正文。</p><p>二、主动公开政府信息情况</p>
<table>
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年新制作数量</td><td>本年新公开数量</td><td>对外公开总数量</td></tr>
<tr><td>规章</td><td>13</td><td>13</td><td>524</td></tr>
<tr><td>规范性文件</td><td>60（其中修订16件）</td><td>60</td><td>368</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr>
<tr><td>行政许可</td><td>396</td><td>－2</td><td>181</td></tr>
<tr><td>其他对外管理服务事项</td><td>10</td><td>增加7</td><td>105</td></tr>
<tr><td colspan="4">第二十条第（六）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr>
<tr><td>行政处罚</td><td>2648</td><td>减少18</td><td>538</td></tr>
<tr><td>行政强制</td><td>126</td><td>+26</td><td>29</td></tr>
<tr><td colspan="4">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td colspan="2">本年增/减</td></tr>
<tr><td>行政事业性收费</td><td>35</td><td colspan="2">-15</td></tr>
<tr><td colspan="4">第二十条第（九）项</td></tr>
<tr><td>信息内容</td><td>采购项目数量</td><td colspan="2">采购总金额</td></tr>
<tr><td>政府集中采购</td><td>395</td><td colspan="2">73802895.90元</td></tr>
</table>
<p>三、收到和处理政府信息公开申请情况</p><p>四、政府信息公开行政复议、行政诉讼情况</p>
<p>五、存在的主要问题及改进情况</p><p>六、其他需要报告的事项</p></body></html>"""


def test_html_cells() -> None:
    r = extract_bytes(HTML.encode("utf-8"), "report.html")
    n = "number"
    assert r.format_version == "2019"
    assert _cells(r, "normative_documents") == ((60, n), (60, n), (368, n))
    assert _cells(r, "licensing") == ((396, n), (-2, n), (181, n))
    assert _cells(r, "other_services") == ((10, n), (7, n), (105, n))
    assert _cells(r, "penalty") == ((2648, n), (-18, n), (538, n))
    assert _cells(r, "coercion") == ((126, n), (26, n), (29, n))
    assert _cells(r, "fees") == ((35, n), (-15, n))
    assert _cells(r, "procurement") == ((395, n), (Decimal("73802895.90"), n))
    assert r.table2 is not None and r.table2["penalty"]["net_change"].raw == "减少18"


@pytest.mark.parametrize(
    ("raw", "read"),
    [
        ("+1", ("number", 1, None)),
        ("-3", ("number", -3, None)),
        ("－3", ("number", -3, None)),
        ("减少2", ("number", -2, None)),
        ("增加5", ("number", 5, None)),
        ("增加5项", ("number", 5, "项")),
        ("减 2", ("number", -2, None)),
        ("—", ("placeholder", None, None)),
        ("减少", ("unreadable", None, None)),
    ],
)
def test_parse_change(raw: str, read: tuple) -> None:
    assert parse_change(raw) == read


def test_notes_inside_a_cell() -> None:
    assert without_note("22（其中修订16件）") == "22"
    assert without_note("5(含废止2件)") == "5"
    assert without_note("（其中修订16件）") == "（其中修订16件）"  # a note and no number: nothing to read
    assert parse_value(without_note("22（其中修订16件）")) == ("number", 22, None)
    # the same note never turns a count cell of another table into a number: parse_value is unchanged
    assert parse_value("22（其中修订16件）")[0] == "unreadable"


def test_invisible_characters_inside_a_value() -> None:
    assert parse_value("1\u200b2") == ("number", 12, None)
    assert parse_value("\ufeff0") == ("number", 0, None)
    assert parse_value("\u200b")[0] == "blank"


def test_run_splits() -> None:
    assert run_splits("9 152", 2) == [(9, 152)]
    assert run_splits("35-15", 2, signed=1) == [(35, -15)]
    assert run_splits("35-15", 2) == []  # a sign where no column may be negative
    assert run_splits("2648-18538", 3, signed=1) == [
        (2648, -1, 8538),
        (2648, -18, 538),
        (2648, -185, 38),
        (2648, -1853, 8),
    ]
    assert run_splits("396 减少2 181", 3, signed=1) == [(396, -2, 181)]
    assert run_splits("1-2-3", 3, signed=1) == []  # two signs
    assert run_splits("-2 5 3", 3, signed=1) == []  # the sign must start the signed column
    assert run_splits("22（其中修订16件） 30 45", 3) == [(22, 30, 45)]


def test_amount_tail_spaces_are_cell_boundaries() -> None:
    assert split_decimal_tail("9 152.2万元", 2) == [(9, Decimal("152.2"))]
    assert split_decimal_tail("2笔 47.9万元", 2) == [(2, Decimal("47.9"))]
    assert split_decimal_tail("1 234.5", 1) == [(Decimal("1234.5"),)]  # one cell: as before
    assert len(split_decimal_tail("547.9659万元", 2)) == 2  # glued: 5|47.9659 or 54|7.9659
