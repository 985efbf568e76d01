"""Numerals and the narrative facts read from section texts (xxgk.audit.numerals / .narrative / .outline)."""

from __future__ import annotations

import pytest

from xxgk.audit import narrative
from xxgk.audit.numerals import cn_to_number, normalise, parse_quantity
from xxgk.audit.outline import outline
from xxgk.document import Where
from xxgk.report import NarrativeFact, Report, Section


def report_of(*texts: str) -> Report:
    """A report whose sections 1, 2, … hold `texts`."""
    return Report(
        sections=[Section(i, t.split("\n", 1)[0], Where(line=i), t) for i, t in enumerate(texts, 1)]
    )


def facts(text: str) -> list[NarrativeFact]:
    return narrative.read(report_of(text)).facts


def kinds(text: str) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for f in facts(text):
        out.setdefault(f.kind, []).append(f.value)
    return out


# --- numerals ---


@pytest.mark.parametrize(
    ("text", "value"),
    [("三十五", 35), ("一千二百", 1200), ("两千零五", 2005), ("十", 10), ("零", 0), ("一万二千", 12000)],
)
def test_chinese_numerals(text: str, value: int) -> None:
    assert cn_to_number(text) == value


def test_not_a_numeral() -> None:
    assert cn_to_number("政府") is None


@pytest.mark.parametrize(
    ("text", "value", "approx", "unit"),
    [
        ("160余条", 160, True, "条"),
        ("三十五件", 35, False, "件"),
        ("一百六十余条", 160, True, "条"),
        ("约3万元", 30000, True, "元"),
        ("100件以上", 100, True, "件"),
        ("15.8万条", 158000, True, "条"),
    ],
)
def test_parse_quantity(text: str, value: float, approx: bool, unit: str) -> None:
    q = parse_quantity(text)
    assert q is not None
    assert (q.value, q.approx, q.unit) == (value, approx, unit)


def test_normalise_converts_counted_numerals_only() -> None:
    mt = normalise("共收到申请三十五件，一是加强，《二十条措施》，第二十条，占百分之十二点五")
    assert "35件" in mt.text
    assert "一是" in mt.text
    assert "第二十条" in mt.text
    assert "12.5%" in mt.text
    assert "二十条措施" not in mt.text  # book titles are blanked: their numbers count nothing


def test_normalise_keeps_the_printed_text() -> None:
    source = "共收到申请 三十五 件，办结 3 件"
    mt = normalise(source)
    start = mt.text.index("35件")
    assert mt.original(start, start + 3).strip() == "三十五 件"


def test_spaces_between_digits_survive() -> None:
    assert "23 0 00" in normalise("总计23 0 00").text


# --- facts ---


def test_applications_received_concluded_carried() -> None:
    k = kinds(
        "全年收到政府信息公开申请 34 件，上年结转政府信息公开\n申请 2 件。办结69件，1件结转下年度继续办理。"
    )
    assert k["received"] == [34]
    assert k["carried_over"] == [2]
    assert k["concluded"] == [69]
    assert k["carried_forward"] == [1]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("本年度全区共收到70件申请。", "received", 70),
        ("共受理政府信息公开申请859件。", "received", 859),
        ("2023年未收到政府信息公开申请。", "received", 0),
        ("无依申请公开政府信息。", "received", 0),
        ("全年办理9件。", "handled", 9),
        ("结转至2026年6件。", "carried_forward", 6),
        ("另有72件申请按照《条例》顺延到下年度答复。", "carried_forward", 72),
        ("转下一年度办理答复的有 1 件。", "carried_forward", 1),
        ("含上年度结转申请18件。", "carried_over", 18),
        ("共收到申请三十五件。", "received", 35),
    ],
)
def test_application_patterns(text: str, kind: str, value: float) -> None:
    assert kinds(text).get(kind) == [value]


def test_outcome_categories_with_shares() -> None:
    k = kinds(
        "予以公开及部分公开258件，占33.9%；不予公开35件，占4.34%；因本机关不掌握等原因无法提供265件，占32.9%；其他处理0件。"
    )
    assert k["outcome.granted_or_partial"] == [258]
    assert k["outcome.granted_or_partial.share"] == [33.9]
    assert k["outcome.denied"] == [35]
    assert k["outcome.unable"] == [265]
    assert k["outcome.other"] == [0]
    assert "concluded" not in k


def test_an_outcome_is_not_an_answer_count() -> None:
    k = kinds("所有办结的申请中同意公开答复 9 件，部分公开答复 0 件，不予公开答复 2 件。")
    assert k == {"outcome.granted": [9], "outcome.partially_granted": [0], "outcome.denied": [2]}


def test_review_litigation_and_claims() -> None:
    k = kinds("共有行政诉讼案件1件、行政复议案件2件，均已结案。信息公开类行政复议7件，诉讼9件，均获维持。")
    assert k["litigation"] == [1, 9]
    assert k["review"] == [2, 7]
    assert k["claim.all_closed"] == [1]
    assert k["claim.all_upheld"] == [1]


def test_no_proceedings_is_zero_of_each() -> None:
    k = kinds("全年没有因政府信息公开针对区公安局申请行政复议或行政诉讼的事项。")
    assert k == {"review": [0], "litigation": [0]}


def test_review_counted_before_its_noun() -> None:
    assert kinds(
        "2024年市科委有 1 件涉及政府信息公开工作的行政复\n议，该行政复议件未被复议审查机关纠错。"
    ) == {
        "review": [1],
        "corrected": [0],
    }


def test_table_header_is_not_a_correction_claim() -> None:
    assert "corrected" not in kinds("行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计结果维持结果纠正")


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("本年度共收取信息处理费0元。", "fee.collected", 0),
        ("实际收取信息处理费共计400元。", "fee.collected", 400),
        ("2022年，无收取信息处理费情况。", "fee.collected", 0),
        ("本年度没有产生信息公开处理费。", "fee.collected", 0),
        ("本机关全年未发出收费通知书。", "fee.notices", 0),
        ("全年发出收费通知书3份。", "fee.notices", 3),
    ],
)
def test_fee_patterns(text: str, kind: str, value: float) -> None:
    assert kinds(text).get(kind) == [value]


def test_fee_inside_a_title_is_not_a_claim() -> None:
    assert kinds("依据《政府信息公开信息处理费管理办法》规定，实际收取信息处理费共计400元。") == {
        "fee.collected": [400]
    }


def test_normative_documents() -> None:
    k = kinds(
        "集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件。2024年制发行政规范性文件0件,现行有效8件,废止失效10件。"
    )
    assert k["nd.in_force"] == [698, 8]
    assert k["nd.issued"] == [88, 0]
    assert k["nd.repealed"] == [10]


def test_approximate_markers() -> None:
    (f,) = [f for f in facts("主动公开信息 160 余条。") if f.kind == "proactive.total"]
    assert (f.value, f.approx) == (160, True)
    assert narrative.read(report_of("主动公开信息 160 余条。")).of("proactive.total") == []


def test_fact_records_section_sentence_and_where() -> None:
    r = report_of("一、总体情况\n（一）依申请公开\n全年收到政府信息公开申请5件。", "二、主动公开政府信息情况")
    (f,) = narrative.read(r).of("received")
    assert f.section == 1
    assert f.sentence == "全年收到政府信息公开申请5件"
    assert f.where == Where(line=1)


# --- breakdowns ---


def breakdowns(text: str) -> list[tuple[float, list[float], bool]]:
    return [
        (b.total.value, [p.value for p in b.parts], b.exhaustive)
        for b in narrative.read(report_of(text)).breakdowns
    ]


def test_breakdown_complete() -> None:
    text = "我镇通过镇政府网站专栏公布信息 50 条, 其中通知公告 11 条, 乡村振兴 12 条, 公共服务 14 条, 组织概况 3 条。"
    assert breakdowns(text) == [(50, [11, 12, 14, 3], True)]


def test_breakdown_across_semicolons_and_in_parentheses() -> None:
    text = "共公布政府信息2599条，(其中机构职能类信息25条；政策、规范性文件类信息68条；其他856条)对于主动公开的政府信息，通过网站公开3条。"
    assert breakdowns(text) == [(2599, [25, 68, 856], True)]


def test_breakdown_with_etc_is_partial() -> None:
    assert breakdowns("共61条，其中:减税降费5条，其他文件共51条等。") == [(61, [5, 51], False)]


def test_breakdown_with_uncounted_item_is_partial() -> None:
    text = "发布政府信息 393 件，其中包括：行政规范性文件 13 件；2024 年度部门预算信息；政协提案 85 件的办理复文。"
    assert breakdowns(text) == [(393, [13, 85], False)]


def test_nested_breakdown_is_checked_on_its_own() -> None:
    text = "今年共发布380条财政资金信息，其中专项资金152条，预决算公开197条（政府预决算32条、部门预决算公开165条）、“三公”经费27条、债券发行4条。"
    assert breakdowns(text) == [(380, [152, 197, 27, 4], True), (197, [32, 165], True)]


def test_breakdown_stops_where_the_topic_changes() -> None:
    text = "办结依申请公开81件，其中：予以公开及部分公开42件，占51.85%；不予公开5件，占6.17%；无法提供34件，占41.98%；因政府信息公开引起的行政复议案件2件、行政诉讼案件7件。"
    assert breakdowns(text) == [(81, [42, 5, 34], True)]


def test_applicant_breakdown_kinds() -> None:
    k = kinds("全区收到政府信息公开申请75件，涉及自然人72件、商业企业3件，均在法定期限内予以答复。")
    assert k["received"] == [75]
    assert k["received.natural_person"] == [72]
    assert k["received.commercial"] == [3]


def test_no_total_no_breakdown() -> None:
    assert breakdowns("其中，同意公开3件，占比37.5%；无法提供4件，占比50%。") == []


# --- outline ---


def test_outline_reads_run_on_headings_and_skips_table_labels() -> None:
    text = (
        "一、总体情况2021年，我区…。二、主动公开政府信息情况第二十条…082三、收到和处理政府信息公开申请情况（本列…）"
        "一、本年新收政府信息公开申请数量640020470四、结转下年度继续办理1000001四、政府信息公开行政复议、行政诉讼情况"
        "行政复议10203五、存在的主要问题及改进情况（一）存在的主要问题六、其他需要报告的事项2021年，无收取信息处理费情况"
    )
    ol = outline(report_of(text))
    assert [(h.ordinal, h.standard) for h in ol.headings] == [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 6)]
    assert ol.headings[2].title == "收到和处理政府信息公开申请情况"


def test_outline_sub_headings_stay_inside_their_section() -> None:
    ol = outline(
        report_of(
            "五、存在的主要问题及改进情况\n一、2024年存在问题\n二、针对问题的整改措施",
            "六、其他需要报告的事项",
        )
    )
    assert [h.standard for h in ol.headings] == [5, 6]
