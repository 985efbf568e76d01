"""Year-over-year checks on the real Pingtan series (2019–2025) and the Hongze pair."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xxgk.api import extract_file, extract_text
from xxgk.audit import names
from xxgk.audit.yoy import audit_batch, carry_over_chain, growth_claims, series
from xxgk.report import CellValue, Report

SHARED = Path(__file__).resolve().parent / "data"
CORPUS = SHARED / "corpus"
PINGTAN = [
    "004_pingtan_2019.txt",
    "005_pingtan_2020.txt",
    "006_pingtan_2021.txt",
    "007_pingtan_2022.txt",
    "008_pingtan_2023.txt",
    "009_pingtan_2024.txt",
    "010_pingtan_2025.txt",
]



def _series() -> list[Report]:
    return [extract_file(CORPUS / name) for name in PINGTAN]


def _codes(report: Report, prefix: str = "YOY.") -> list[str]:
    return [f.code for f in report.findings if f.code.startswith(prefix)]


def _yoy(report: Report, code: str) -> list:
    return [f for f in report.findings if f.code == code]


def _text(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


def _from_text(text: str, name: str) -> Report:
    report = extract_text(text, name)
    report.source["path"] = name
    return report


# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("平潭综合实验区", "福建省平潭综合实验区", "same"),  # the crawler's form
        ("福建省平潭综合实验区（管委会，汇总全区）", "平潭综合实验区", "same"),
        ("洪泽区人民政府", "淮安市洪泽区人民政府", "same"),  # 001 / 002 of the corpus
        ("江苏省淮安市洪泽区人民政府", "洪泽区政府", "same"),
        ("沐阳县人民政府", "沭阳县人民政府", "same"),  # OCR variant
        ("卫东区 人民政府", "卫东区人民政府", "same"),
        ("卫东区人民政府（本级）", "卫东区人民政府", "same"),
        ("卫东区人民政府办公室", "卫东区人民政府", "related"),
        ("平潭综合实验区管委会办公室", "平潭综合实验区", "related"),
        ("上海市人民政府办公厅", "上海市人民政府", "related"),
        ("平潭综合实验区公安局", "平潭综合实验区", None),
        ("平潭综合实验区公安局", "平潭综合实验区财政金融局", None),
        ("淮安市公安局", "南京市公安局", None),
        ("平潭综合实验区公安局", "公安局", None),  # a bare organ name is no place
        ("平潭县人民政府", "平潭综合实验区", None),
        ("福建省公安厅", "公安厅", None),  # the province is the body's scope, not a prefix
    ],
)
def test_agency_match(a: str, b: str, expected: str | None) -> None:
    assert names.match(a, b) == expected
    assert names.match(b, a) == expected
    assert names.same_agency(a, b) is (expected is not None)


def test_normalise_folds_width_spaces_and_government_forms() -> None:
    assert names.normalise("福建省平潭综合实验区（管委会，汇总全区）") == "平潭综合实验区"
    assert names.normalise("江苏省淮安市洪泽区人民政府") == "淮安市洪泽区"
    assert names.normalise("２０２３年度卫东区人民政府政府信息公开工作年度报告") == "卫东区"
    assert names.normalise("沭阳　县 政府") == names.normalise("沐阳县人民政府") == "沭阳县"
    assert names.normalise("卫东区人民政府办公室") == "卫东区政府办公室"
    assert names.normalise(None) == ""


# --- the Pingtan series --------------------------------------------------------------------


@pytest.fixture(scope="module")
def pingtan() -> list[Report]:
    reports = _series()
    audit_batch(reports)
    return reports


def test_series_groups_the_pingtan_reports(pingtan: list[Report]) -> None:
    groups = series(pingtan)
    assert len(groups) == 1
    assert [r.year for r in groups[0]] == list(range(2019, 2026))


def test_carry_over_chain_year_by_year(pingtan: list[Report]) -> None:
    chain = carry_over_chain(pingtan)
    assert [link.year for link in chain] == list(range(2019, 2026))
    # 二、上年结转 (this year) against 四、结转下年度继续办理 (last year), 总计 column, as printed
    assert [link.carried_over for link in chain] == [0, 0, 0, 1, 0, 0, 0]
    assert [link.previous_carried_forward for link in chain] == [None, 0, 0, 1, 0, 0, 0]
    assert [link.ok for link in chain] == [None, True, True, True, True, True, True]
    assert not any(_yoy(r, "YOY.CARRY_OVER") for r in pingtan)


def test_stock_flow_breaks_match_the_truth_notes(pingtan: list[Report]) -> None:
    """Truth notes: 2022 holds (665+88−55=698); 2023 (643≠470), 2024 (499≠440) and 2025
    (453≠546) break. The txt runs the table-2 digits together, so the check tries every split."""
    by_year = {r.year: r for r in pingtan}
    assert not _yoy(by_year[2022], "YOY.STOCK_FLOW")
    for year, raws in (
        (2023, ("8855698", "77132470")),
        (2024, ("77132470", "6233440")),
        (2025, ("6233440", "5845546")),
    ):
        (f,) = _yoy(by_year[year], "YOY.STOCK_FLOW")
        assert f.severity == "warning"
        assert f"{year - 1}年" in f.message and f"{year}年" in f.message
        assert all(raw in f.message for raw in raws)
        assert "table2.normative_documents.in_force" in f.cells
    # not across the 2020 → 2021 format change
    assert not _yoy(by_year[2021], "YOY.STOCK_FLOW")


def test_stock_flow_with_both_years_read_names_both_numbers() -> None:
    """2023 as the truth file reads it (470) against the HTML of 2024 (62, 33, 440)."""
    truth = json.loads((CORPUS / "008_pingtan_2023.truth.json").read_text(encoding="utf-8"))
    y2023 = extract_file(CORPUS / "008_pingtan_2023.txt")
    assert y2023.table2 is not None
    for col, value in truth["table2"]["normative_documents"].items():
        y2023.table2["normative_documents"][col] = CellValue(value, str(value), "number")
    y2024 = extract_file(CORPUS / "114_pingtan_2024.html")
    audit_batch([y2023, y2024])
    (f,) = _yoy(y2024, "YOY.STOCK_FLOW")
    assert "2023年现行有效件数 470＋2024年本年制发件数 62－2024年本年废止件数 33＝499" in f.message
    assert "2024年现行有效件数为 440，相差 59" in f.message
    assert f.numbers == [499.0, 440.0]


def test_trial_format_item_counts_2019_to_2020(pingtan: list[Report]) -> None:
    """V-YOY-3 holds in the truth for every row; the rows whose 2020 digits carry a minus sign
    glued to their neighbours cannot be split and are reported as unverifiable, never as breaks."""
    y2020 = pingtan[1]
    assert not _yoy(y2020, "YOY.TRIAL_ITEMS")
    unverifiable = {c for f in _yoy(y2020, "YOY.UNVERIFIABLE") for c in f.cells}
    assert unverifiable == {"table2.penalty.prior_items", "table2.fees.prior_items"}


def test_no_section5_copy_in_the_real_series(pingtan: list[Report]) -> None:
    assert not any(_yoy(r, "YOY.SECTION5_COPIED") for r in pingtan)


def test_audit_batch_is_idempotent(pingtan: list[Report]) -> None:
    before = [len(r.findings) for r in pingtan]
    audit_batch(pingtan)
    assert [len(r.findings) for r in pingtan] == before


# --- breaks made from the real texts -------------------------------------------------------


def test_carry_over_break_is_an_error_naming_both_years_and_numbers() -> None:
    """The 2023 report put in the place of 2022: its 二、上年结转 (0) does not continue
    2021's 四、结转下年度继续办理 (1 in 自然人 and 总计)."""
    y2021 = extract_file(CORPUS / "006_pingtan_2021.txt")
    text = _text("008_pingtan_2023.txt").replace(
        "2023年度政府信息公开工作年度报告", "2022年度政府信息公开工作年度报告", 1
    )
    y2022 = _from_text(text, "008_as_2022.txt")
    assert y2022.year == 2022
    audit_batch([y2021, y2022])
    (f,) = _yoy(y2022, "YOY.CARRY_OVER")
    assert f.severity == "error"
    assert "2022年" in f.message and "2021年" in f.message
    assert "“自然人”列 0 件≠1 件" in f.message and "“总计”列 0 件≠1 件" in f.message
    assert f.cells == ["table3.carried_over.natural_person", "table3.carried_over.total"]
    (link,) = [x for x in carry_over_chain([y2021, y2022]) if x.year == 2022]
    assert link.ok is False and link.broken == ("natural_person", "total")


def test_carry_over_between_a_government_and_its_office_is_a_warning() -> None:
    y2021 = extract_file(CORPUS / "006_pingtan_2021.txt")
    text = _text("008_pingtan_2023.txt").replace(
        "平潭综合实验区2023年度政府信息公开工作年度报告",
        "平潭综合实验区管委会办公室2022年度政府信息公开工作年度报告",
        1,
    )
    office = _from_text(text, "office_2022.txt")
    assert office.agency == "平潭综合实验区管委会办公室"
    audit_batch([y2021, office])
    (f,) = _yoy(office, "YOY.CARRY_OVER")
    assert f.severity == "warning"
    assert "口径可能不同" in f.message


def test_section5_copied_from_last_year() -> None:
    y2019 = extract_file(CORPUS / "004_pingtan_2019.txt")
    text = _text("005_pingtan_2020.txt")
    old5 = next(s.text for s in y2019.sections if s.number == 5)
    new5 = next(s.text for s in extract_file(CORPUS / "005_pingtan_2020.txt").sections if s.number == 5)
    # copied with the year changed: digits compare as one symbol, so this is still a copy
    copied = _from_text(text.replace(new5, old5.replace("2019年", "2020年")), "copied.txt")
    audit_batch([y2019, copied])
    (f,) = _yoy(copied, "YOY.SECTION5_COPIED")
    assert f.severity == "warning" and "2019年报告" in f.message
    assert f.numbers[0] > 0.95


@pytest.mark.parametrize(
    ("claim", "flagged", "should"),
    [
        ("申请75件，同比增长7.1%，", False, None),  # 2021: 70 + 0 received -> 75 is +7.1%
        ("申请75件，同比增长25%，", True, "应为增长 7.1%"),
        ("申请75件，较上年增加5件，", False, None),
        ("申请75件，比2021年减少3件，", True, "应为增加 5 件"),
    ],
)
def test_growth_claims_recomputed_from_both_years(claim: str, flagged: bool, should: str | None) -> None:
    y2021 = extract_file(CORPUS / "006_pingtan_2021.txt")
    text = _text("007_pingtan_2022.txt")
    assert "申请75件，" in text
    y2022 = _from_text(text.replace("申请75件，", claim, 1), "claim.txt")
    (parsed,) = growth_claims(y2022)
    assert parsed.stated == 75
    audit_batch([y2021, y2022])
    found = _yoy(y2022, "YOY.GROWTH_CLAIM")
    assert bool(found) is flagged
    if should:
        assert should in found[0].message and "2021年为 70" in found[0].message


def test_hongze_pair_across_name_forms() -> None:
    """洪泽区人民政府 (2023) and 淮安市洪泽区人民政府 (2024) are one agency."""
    reports = [
        extract_file(CORPUS / "001_huaian-hongzequ_2023.pdf"),
        extract_file(CORPUS / "002_huaian-hongzequ_2024.pdf"),
    ]
    assert reports[0].agency != reports[1].agency
    audit_batch(reports)
    chain = carry_over_chain(reports)
    assert [(x.year, x.has_previous) for x in chain] == [(2023, False), (2024, True)]
    assert chain[1].ok is True


def test_same_report_twice_pairs_with_the_better_reading() -> None:
    """009 (txt, table-2 digits run together) and 114 (HTML, read) are the same 2024 report;
    2025 is checked once, against the HTML, whose 440 it names."""
    reports = [
        extract_file(CORPUS / n)
        for n in ("009_pingtan_2024.txt", "114_pingtan_2024.html", "010_pingtan_2025.txt")
    ]
    audit_batch(reports)
    (f,) = _yoy(reports[2], "YOY.STOCK_FLOW")
    assert "2024年现行有效件数 440" in f.message
