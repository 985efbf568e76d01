"""Each audit rule on small synthetic reports: the case it must flag and the case it must not."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xxgk.audit import audit
from xxgk.catalogue import RULES
from xxgk.document import Where
from xxgk.report import CellValue, Finding, Report, Section
from xxgk.standard.sections import SECTIONS

Values = dict[str, dict[str, int | Decimal | str | None]]


def _cell(v: int | Decimal | str | None) -> CellValue:
    if v is None:
        return CellValue(None, "", "absent")
    if isinstance(v, str):  # a printed non-number: "" blank, "/" placeholder, a digit run
        status = "blank" if v == "" else "placeholder" if v == "/" else "unreadable"
        return CellValue(None, v, status)  # type: ignore[arg-type]
    return CellValue(v, str(v), "number")


def _grid(values: Values | None) -> dict[str, dict[str, CellValue]] | None:
    if values is None:
        return None
    return {row: {col: _cell(v) for col, v in cols.items()} for row, cols in values.items()}


def report(
    body: dict[int, str] | None = None,
    *,
    headings: dict[int, str] | None = None,
    t2: Values | None = None,
    t3: dict[str, int | dict[str, int | str]] | None = None,
    t4: Values | None = None,
    version: str = "2021",
    year: int = 2024,
    agency: str = "某某市某某局",
    published: str | None = None,
    preface: str | None = None,
) -> Report:
    """An audited report with the six standard sections (`headings` overrides one, "" drops it),
    `body` text per section, and tables given as {row: {col: value}} (table 3 also as {row: total};
    None is an absent cell)."""
    sections = [Section(0, "", Where(line=0), preface)] if preface is not None else []
    for spec in SECTIONS:
        heading = (headings or {}).get(spec.number, spec.heading)
        if heading:
            text = heading + "\n" + (body or {}).get(spec.number, "")
            sections.append(Section(spec.number, heading, Where(line=spec.number * 10), text))
    t3_values = {row: v if isinstance(v, dict) else {"total": v} for row, v in (t3 or {}).items()}
    return audit(
        Report(
            format_version=version,
            agency=agency,
            year=year,
            published=published,
            sections=sections,
            table2=_grid(t2),
            table3=_grid(t3_values) if t3 is not None else None,  # type: ignore[arg-type]
            table4=_grid(t4),
        )
    )


def found(r: Report, code: str) -> list[Finding]:
    assert code in RULES, code
    return [f for f in r.findings if f.code == code]


def one(r: Report, code: str) -> Finding:
    hits = found(r, code)
    assert len(hits) == 1, [f.message for f in r.findings]
    return hits[0]


APPS = {"new_received": 95, "carried_over": 0, "results_total": 95, "carried_forward": 0}


def test_every_rule_has_one_severity_and_a_chinese_title() -> None:
    for r in RULES.values():
        assert r.severity in ("error", "warning", "info")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in r.title + r.example)
    assert len(RULES) >= 30


# --- structure ---


def test_standard_report_has_no_structure_findings() -> None:
    r = report()
    assert not [f for f in r.findings if f.code.startswith("STRUCT.")]


def test_missing_section_is_an_error() -> None:
    f = one(report(headings={5: ""}), "STRUCT.SECTION_MISSING")
    assert f.severity == "error"
    assert f.numbers == [5]
    assert "存在的主要问题及改进情况" in f.message


def test_misnumbered_sections() -> None:
    r = report(headings={5: "", 6: "五、其他需要报告的事项"})
    assert one(r, "STRUCT.SECTION_MISSING").numbers == [5]
    f = one(r, "STRUCT.NUMBERING")
    assert "“其他需要报告的事项”编为“五、”" in f.message


def test_sections_out_of_order() -> None:
    r = report(headings={5: "六、其他需要报告的事项", 6: "五、存在的主要问题及改进情况"})
    assert "先后顺序" in one(r, "STRUCT.NUMBERING").message


@pytest.mark.parametrize(
    ("number", "heading", "code"),
    [
        (5, "五、存在的主要问题及明年工作计划", "STRUCT.HEADING_VARIANT"),
        (6, "六、需要说明的其他事项与附表", "STRUCT.HEADING_VARIANT"),
        (4, "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", "STRUCT.HEADING_VARIANT"),
        (5, "五、存在的主要问题和改进情况", "STRUCT.HEADING_VARIANT"),
        (4, "四、政府信息公开行政法复议、行政诉讼情况", "STRUCT.HEADING_TYPO"),
    ],
)
def test_heading_wording(number: int, heading: str, code: str) -> None:
    f = one(report(headings={number: heading}), code)
    assert heading in f.message


def test_arabic_ordinals() -> None:
    r = report(headings={2: "2、主动公开政府信息情况", 3: "3、收到和处理政府信息公开申请情况"})
    assert "第二、三部分" in one(r, "STRUCT.HEADING_ORDINAL").message
    assert not found(r, "STRUCT.NUMBERING")


def test_no_sections_found() -> None:
    r = audit(Report(format_version="2021", year=2024))
    assert one(r, "STRUCT.SECTIONS_NOT_FOUND").fault == "extraction"


@pytest.mark.parametrize(
    ("version", "year", "flagged"),
    [("2019", 2022, True), ("2021", 2020, True), ("2019", 2020, False), ("2021", 2023, False)],
)
def test_version_against_year(version: str, year: int, flagged: bool) -> None:
    assert bool(found(report(version=version, year=year), "STRUCT.VERSION_YEAR")) == flagged


def test_table2_row_missing() -> None:
    r = report(t2={"regulations": dict.fromkeys(("issued", "repealed", "in_force"))})
    assert one(r, "T2.STRUCTURE.ROW_MISSING").cells == [
        f"table2.regulations.{c}" for c in ("issued", "repealed", "in_force")
    ]


# --- values ---


def test_domain_errors() -> None:
    r = report(
        t2={"licensing": {"decisions": -3}, "fees": {"amount_wan_yuan": Decimal("12.5")}},
        t3={"granted": {"natural_person": Decimal("2.5")}},
        t4={"review": {"upheld": -1}},
    )
    assert one(r, "T2.DOMAIN").cells == ["table2.licensing.decisions"]
    assert one(r, "T3.DOMAIN").cells == ["table3.granted.natural_person"]
    assert one(r, "T4.DOMAIN").severity == "error"


def test_signed_change_and_amounts_are_allowed() -> None:
    r = report(
        version="2019",
        year=2020,
        t2={"penalty": {"net_change": -8}, "procurement": {"amount": Decimal("2.5")}},
    )
    assert not found(r, "T2.DOMAIN")


def test_blank_and_placeholder_cells_are_counted() -> None:
    r = report(
        t3={"granted": {"natural_person": "", "commercial": "/", "total": 3}}, t4={"review": {"upheld": ""}}
    )
    f = one(r, "T3.CELL.BLANK")
    assert f.numbers == [2, 1, 1]
    assert one(r, "T4.CELL.BLANK").numbers == [1, 1, 0]


def test_fee_amount_in_yuan() -> None:
    body = {1: "全年行政事业性收费共计1234567元。"}
    assert one(report(body, t2={"fees": {"amount_wan_yuan": 1234567}}), "T2.FEES.UNIT").numbers == [
        1234567,
        1234567,
    ]
    assert not found(report(body, t2={"fees": {"amount_wan_yuan": Decimal("123.4567")}}), "T2.FEES.UNIT")


@pytest.mark.parametrize(
    ("agency", "flagged"),
    [
        ("某某县公安局", True),
        ("某某镇人民政府", True),
        ("某某区人民政府", True),
        ("某某市人民政府", False),
        ("广西壮族自治区人民政府", False),
    ],
)
def test_regulations_of_a_body_without_rule_making_power(agency: str, flagged: bool) -> None:
    r = report(agency=agency, t2={"regulations": {"issued": 2, "repealed": 0, "in_force": 5}})
    assert bool(found(r, "T2.REGULATIONS.LEVEL")) == flagged


@pytest.mark.parametrize(
    ("new", "cin", "cout", "codes"),
    [
        (20, 0, 10, {"T3.CARRIED_FORWARD.LARGE"}),
        (5, 15, 0, {"T3.CARRIED_OVER.LARGE"}),
        (1, 1, 1, set()),  # 1 of 2 is nothing to report
        (100, 2, 5, set()),
    ],
)
def test_carry_sizes(new: int, cin: int, cout: int, codes: set[str]) -> None:
    r = report(t3={"new_received": new, "carried_over": cin, "carried_forward": cout})
    assert {f.code for f in r.findings if f.code.endswith(".LARGE")} == codes


def test_review_larger_than_applications() -> None:
    r = report(t3={"new_received": 3, "carried_over": 0}, t4={"review": {"total": 12}})
    assert one(r, "T4.REVIEW.LARGE").numbers == [12, 3]


# --- dates ---


@pytest.mark.parametrize(
    ("agency", "published", "flagged"),
    [
        ("某某市某某局", "2025-01-31", False),
        ("某某市某某局", "2025-02-08", True),
        ("某某区人民政府", "2025-03-10", False),
        ("某某区人民政府", "2025-04-02", True),
        ("某某区人民政府办公室", "2025-03-10", True),
        ("平潭综合实验区", "2025-03-10", False),
    ],
)
def test_art49_deadline(agency: str, published: str, flagged: bool) -> None:
    assert bool(found(report(agency=agency, published=published), "DATE.DEADLINE")) == flagged


@pytest.mark.parametrize("published", ["2024-11-30", "2026-01-10"])
def test_published_outside_the_next_year(published: str) -> None:
    assert one(report(published=published), "DATE.PUBLISHED_YEAR").numbers[0] == int(published[:4])


def test_period_end_read_as_publication_date_is_not_flagged() -> None:
    r = report({6: "本报告中所列数据的统计时限为2024年1月1日起至2024年12月31日止。"}, published="2024-12-31")
    assert not found(r, "DATE.PUBLISHED_YEAR")
    assert not found(r, "DATE.PERIOD")


def test_statistics_period_in_the_preface() -> None:
    r = report(
        preface="本报告所列数据的统计期限自2019年9月1日起至2019年12月31日止。", version="2019", year=2019
    )
    assert one(r, "DATE.PERIOD").numbers == [2019, 9, 1, 2019, 12, 31]


def test_statistics_period_of_another_year() -> None:
    assert one(report(preface="本报告所列数据统计期限为2023年1月1日至12月31日。"), "DATE.PERIOD")


# --- fees ---

OVERDUE = {"other_overdue_fee": 2}


def test_no_fee_notices_but_unpaid_rows() -> None:
    f = one(report({6: "本机关全年未发出收费通知书，未收取信息处理费。"}, t3=OVERDUE), "FEE.NOTICES_DENIED")
    assert f.cells == ["table3.other_overdue_fee.total"]
    assert f.severity == "warning"


def test_unpaid_rows_without_fee_notices_reported() -> None:
    f = one(report({6: "2025年，无收取信息处理费情况。"}, t3=OVERDUE), "FEE.NOTICES_UNREPORTED")
    assert f.numbers == [2]
    assert "无收取信息处理费情况" in f.message


def test_unpaid_rows_with_fee_notices_reported() -> None:
    r = report({6: "本年度发出收费通知书2份，实际收取信息处理费0元。"}, t3=OVERDUE)
    assert not [f for f in r.findings if f.code.startswith("FEE.")]


def test_fee_statement_missing() -> None:
    assert one(report(), "FEE.NOT_STATED").severity == "info"
    assert not found(report(version="2019", year=2020), "FEE.NOT_STATED")


def test_table2_fees_are_not_information_processing_fees() -> None:
    r = report(
        {6: "本年度未收取信息处理费。"}, t2={"fees": {"amount_wan_yuan": 100}}, t3={"other_overdue_fee": 0}
    )
    assert not [f for f in r.findings if f.code.startswith(("FEE.", "T2.FEES"))]


# --- narrative against the tables ---


def test_received_mismatch() -> None:
    f = one(report({1: "区政府办代表区政府受理政府信息公开申请17件。"}, t3=APPS), "TXT.RECEIVED")
    assert f.numbers == [17, 95]
    assert f.cells == ["table3.new_received.total"]


def test_handled_may_be_the_results_total() -> None:
    r = report({1: "全年办理政府信息公开申请96件。"}, t3={**APPS, "carried_over": 1, "results_total": 96})
    assert not found(r, "TXT.RECEIVED")
    assert one(
        report({1: "全年办理9件。"}, t3={**APPS, "new_received": 45, "results_total": 45}), "TXT.RECEIVED"
    ).numbers == [9, 45]


def test_received_counts_new_plus_carried() -> None:
    t3 = {
        "new_received": {"natural_person": 71, "commercial": 3, "total": 74},
        "carried_over": {"natural_person": 1, "commercial": 0, "total": 1},
    }
    f = one(
        report({1: "全区收到政府信息公开申请75件，涉及自然人72件、商业企业3件。"}, t3=t3),
        "TXT.RECEIVED_WITH_CARRIED",
    )
    assert f.severity == "info"
    assert f.numbers == [75, 74, 1]
    assert "table3.new_received.natural_person" in f.cells
    assert not found(
        report({1: "全区收到政府信息公开申请75件，涉及自然人72件、商业企业3件。"}, t3=t3), "TXT.RECEIVED"
    )


def test_received_against_a_wrong_total_column() -> None:
    # the printed 总计 is 0 but the applicant columns say 5+1: the narrative's 6 matches those
    t3 = {"new_received": {"natural_person": 5, "commercial": 1, "total": 0}}
    assert not found(report({1: "共受理政府信息公开申请6件。"}, t3=t3), "TXT.RECEIVED")


def test_approximate_claims_are_never_findings() -> None:
    assert not found(report({1: "共收到申请约20件。"}, t3=APPS), "TXT.RECEIVED")


@pytest.mark.parametrize(
    ("text", "code", "cells"),
    [
        ("上年结转政府信息公开申请2件。", "TXT.CARRIED_OVER", ["table3.carried_over.total"]),
        ("及时依法依规办结69件。", "TXT.CONCLUDED", ["table3.results_total.total"]),
        ("1件结转下年度继续办理。", "TXT.CARRIED_FORWARD", ["table3.carried_forward.total"]),
        ("因政府信息公开引起的行政复议案件2件。", "TXT.REVIEW_LITIGATION", ["table4.review.total"]),
        (
            "行政诉讼案件7件。",
            "TXT.REVIEW_LITIGATION",
            ["table4.litigation_direct.total", "table4.litigation_after_review.total"],
        ),
        (
            "被纠错2件。",
            "TXT.REVIEW_LITIGATION",
            [
                "table4.review.corrected",
                "table4.litigation_direct.corrected",
                "table4.litigation_after_review.corrected",
            ],
        ),
        ("全年办理行政许可120件。", "TXT.DECISIONS", ["table2.licensing.decisions"]),
        (
            "清理并集中发布现行有效行政规范性文件393件。",
            "TXT.NORMATIVE_DOCS",
            ["table2.normative_documents.in_force"],
        ),
    ],
)
def test_counts_against_tables(text: str, code: str, cells: list[str]) -> None:
    t4 = {
        b: {c: 0 for c in ("upheld", "corrected", "other", "pending", "total")}
        for b in ("review", "litigation_direct", "litigation_after_review")
    }
    t2 = {
        "licensing": {"decisions": 102},
        "normative_documents": {"issued": 5, "repealed": 0, "in_force": 470},
    }
    assert one(report({1: text}, t2=t2, t3=APPS, t4=t4), code).cells == cells


def test_counts_that_agree_are_not_findings() -> None:
    t4 = {"review": {"upheld": 2, "corrected": 0, "other": 0, "pending": 0, "total": 2}}
    r = report({1: "共收到申请95件，办结95件。行政复议2件。"}, t3=APPS, t4=t4)
    assert not [f for f in r.findings if f.code.startswith("TXT.")]


def test_published_normative_documents_may_exceed_issued_but_not_fall_short() -> None:
    t2 = {"normative_documents": {"issued": 5, "repealed": 0, "in_force": 66}}
    assert one(report({1: "其中政策及规范性文件类1条。"}, t2=t2), "TXT.NORMATIVE_DOCS").numbers == [1, 5]
    assert not found(report({1: "其中政策、规范性文件类信息19条。"}, t2=t2), "TXT.NORMATIVE_DOCS")


def test_normative_documents_against_digits_that_ran_together() -> None:
    t2 = {"normative_documents": {c: "77132470" for c in ("issued", "repealed", "in_force")}}
    f = one(
        report({1: "清理并集中发布现行有效行政规范性文件393件，动态更新本年度制发的规范性文件77件。"}, t2=t2),
        "TXT.NORMATIVE_DOCS",
    )
    assert f.cells == ["table2.normative_documents.in_force"]
    assert "77132470" in f.message
    assert not found(report({1: "现行有效行政规范性文件470件。"}, t2=t2), "TXT.NORMATIVE_DOCS")


SHANGHAI = {
    "new_received": 859,
    "carried_over": 18,
    "granted": 272,
    "partially_granted": 3,
    "denied_state_secret": 14,
    "denied_internal_affairs": 5,
    "denied_process_info": 4,
    "denied_query_matter": 12,
    "unable_not_held": 265,
    "unable_needs_creation": 47,
    "unable_unclear_after_correction": 25,
    "not_processed_petition_complaint": 149,
    "not_processed_duplicate": 9,
    "other_processing": 0,
    "results_total": 805,
    "carried_forward": 72,
}


def test_outcome_categories_and_shares() -> None:
    text = "予以公开及部分公开258件，占33.9%；不予公开35件，占4.34%；因本机关不掌握等原因无法提供265件，占32.9%；不予处理158件，占19.6%；其他处理0件。"
    r = report({1: text}, t3=SHANGHAI, version="2019", year=2019)
    outcome = [f for f in r.findings if f.code == "TXT.OUTCOME"]
    assert [f.numbers[:2] for f in outcome] == [[258, 275], [265, 337]]
    (total,) = [f for f in r.findings if f.code == "TXT.OUTCOME_SUM"]
    assert total.numbers[:2] == [716, 805]


def test_outcome_share_rounding_is_tolerated() -> None:
    r = report({1: "不予公开35件，占4.35%；不予处理158件，占19.6%。"}, t3=SHANGHAI, version="2019", year=2019)
    assert not found(r, "TXT.OUTCOME")


def test_outcome_share_alone_can_be_wrong() -> None:
    f = one(report({1: "不予处理158件，占29.6%。"}, t3=SHANGHAI, version="2019", year=2019), "TXT.OUTCOME")
    assert "19.6%" in f.message


def test_two_categories_are_not_summed() -> None:
    assert not found(
        report({1: "其中公开答复1件，无法提供1件。"}, t3={**APPS, "results_total": 5}), "TXT.OUTCOME_SUM"
    )


T4_PENDING = {
    "review": {"upheld": 5, "corrected": 0, "other": 0, "pending": 2, "total": 7},
    "litigation_direct": {"upheld": 8, "corrected": 0, "other": 0, "pending": 1, "total": 9},
}


def test_all_upheld_with_pending_cases() -> None:
    f = one(report({1: "信息公开类行政复议7件，诉讼9件，均获维持。"}, t4=T4_PENDING), "TXT.ALL_UPHELD")
    assert f.cells == ["table4.review.pending", "table4.litigation_direct.pending"]
    assert f.numbers == [2, 1]


def test_all_upheld_when_true() -> None:
    t4 = {"review": {"upheld": 7, "corrected": 0, "other": 0, "pending": 0, "total": 7}}
    assert not found(report({1: "行政复议7件，均获维持。"}, t4=t4), "TXT.ALL_UPHELD")


def test_all_closed_with_pending_cases() -> None:
    assert one(
        report({1: "共有行政诉讼案件9件、行政复议案件7件，均已结案。"}, t4=T4_PENDING),
        "NARRATIVE.CONTRADICTION",
    )


def test_all_concluded_but_carried_forward() -> None:
    text = "全年收到政府信息公开申请34件，上年结转政府信息公开申请2件，所有申请均已按要求办理完成。转下一年度办理答复的有1件。"
    t3 = {"new_received": 34, "carried_over": 2, "results_total": 35, "carried_forward": 1}
    f = one(report({1: text}, t3=t3), "NARRATIVE.CONTRADICTION")
    assert f.cells == ["table3.carried_forward.total"]
    assert "所有申请均已按要求办理完成" in f.message
    assert not found(
        report({1: text.replace("转下一年度办理答复的有1件。", "")}, t3={**t3, "carried_forward": 0}),
        "NARRATIVE.CONTRADICTION",
    )


def test_correction_notices() -> None:
    t3 = {"unable_unclear_after_correction": 2, "other_overdue_correction": 3}
    assert one(report({1: "全年发出补正告知书2份。"}, t3=t3), "TXT.CORRECTION_NOTICES").numbers == [2, 5]
    assert not found(report({1: "全年发出补正告知书5份。"}, t3=t3), "TXT.CORRECTION_NOTICES")


def test_government_evaluation() -> None:
    assert one(report(agency="某某区人民政府"), "TXT.GOV_EVALUATION").severity == "info"
    body = {1: "严格落实工作考核，主动接受社会评议，未发生责任追究情况。"}
    assert not found(report(body, agency="某某区人民政府"), "TXT.GOV_EVALUATION")
    assert not found(report(agency="某某区财政局"), "TXT.GOV_EVALUATION")


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("网站专栏公布信息50条，其中通知公告11条，乡村振兴12条，公共服务14条，组织概况3条。", [50, 40]),
        ("主动公开政府信息61条，其中:减税降费5条，财政预算、决算报告共7条；其他文件共51条等。", [61, 63]),
        ("共公布政府信息2602条(其中机构职能类信息82条，其他应主动公开政府信息2521条)。", [2602, 2603]),
    ],
)
def test_breakdown_arithmetic(text: str, numbers: list[float]) -> None:
    assert one(report({1: text}), "NARRATIVE.ARITHMETIC").numbers[:2] == numbers


@pytest.mark.parametrize(
    "text",
    [
        "主动公开政府信息144条，其中工作动态51条，基层政务公开52条，法定主动公开内容29条，惠民惠农财政补贴信息11条，政策性文件1条。",
        "发布政府信息393件，其中包括：行政规范性文件13件；部门预算信息；政协提案85件的办理复文。",  # partial list
        "主动公开信息160余条，其中工作动态50余条、通知公告20条。",  # approximate
    ],
)
def test_breakdown_arithmetic_not_flagged(text: str) -> None:
    assert not found(report({1: text}), "NARRATIVE.ARITHMETIC")
