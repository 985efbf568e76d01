"""The Excel workbook of a checked batch, opened with openpyxl and read back cell by cell."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest

from xxgk.api import extract_file
from xxgk.audit.yoy import audit_batch
from xxgk.render.summary import Unreadable, summarise
from xxgk.render.xlsx import CELL_HEADER, FINDING_HEADER, render_batch

openpyxl = pytest.importorskip("openpyxl")

SHARED = Path(__file__).resolve().parent / "data"
CORPUS = SHARED / "corpus"
SEEDS = SHARED / "seeds"
FILES = [CORPUS / "005_pingtan_2020.txt", CORPUS / "006_pingtan_2021.txt", SEEDS / "001_eaba220d81829207.txt"]



@pytest.fixture(scope="module")
def book():  # type: ignore[no-untyped-def]
    reports = [extract_file(f) for f in FILES]
    audit_batch(reports)
    summary = summarise(reports, [Unreadable("/x/broken.pdf", "文件已损坏（E_DAMAGED_FILE）")], 4)
    wb = openpyxl.load_workbook(BytesIO(render_batch(summary)))
    return reports, wb


def test_sheets_and_headers(book) -> None:  # type: ignore[no-untyped-def]
    _, wb = book
    assert wb.sheetnames == ["汇总", "问题清单", "表格数据", "说明"]
    assert tuple(c.value for c in wb["问题清单"][1]) == FINDING_HEADER
    assert tuple(c.value for c in wb["表格数据"][1]) == CELL_HEADER
    assert wb["问题清单"].freeze_panes == "A2"
    assert wb["表格数据"].auto_filter.ref.startswith("A1:K")


def test_findings_sheet(book) -> None:  # type: ignore[no-untyped-def]
    reports, wb = book
    rows = list(wb["问题清单"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == sum(len(r.findings) for r in reports)
    (error,) = [r for r in rows if r[4] == "错误"]
    path, agency, year, code, _, message, cells, fault = error
    assert path.endswith("005_pingtan_2020.txt") and agency == "平潭综合实验区" and year == 2020
    assert code == "T3.IDENTITY.RESULTS" and fault == "原文"
    assert "（七）总计（20）不等于办理结果各行之和" in message
    assert "table3.granted.natural_person" in cells.split("、")
    # errors and warnings are coloured
    ws = wb["问题清单"]
    row = next(i for i, r in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1) if r[4] == "错误")
    assert ws.cell(row, 6).fill.fgColor.rgb.endswith("FDE4E1")


def test_tables_sheet_one_row_per_cell(book) -> None:  # type: ignore[no-untyped-def]
    reports, wb = book
    rows = list(wb["表格数据"].iter_rows(min_row=2, values_only=True))
    expected = sum(
        len(cols) for r in reports for t in (r.table2, r.table3, r.table4) for cols in (t or {}).values()
    )
    assert len(rows) == expected
    by_key = {(r[0].rsplit("/", 1)[-1], r[3], r[4], r[6]): r for r in rows}
    new = by_key[("005_pingtan_2020.txt", "表三", "new_received", "total")]
    assert new[5] == "一、本年新收政府信息公开申请数量" and new[7] == "总计"
    assert (new[8], new[9]) == (21, "number")
    # a cell the seed lost and the identities force
    lost = by_key[("001_eaba220d81829207.txt", "表三", "results_total", "natural_person")]
    assert (lost[8], lost[9]) == (35, "inferred")
    # a run-together table-2 row: no value, the printed digits kept
    run = by_key[("005_pingtan_2020.txt", "表二", "licensing", "decisions")]
    assert (run[5], run[7], run[8], run[9], run[10]) == (
        "行政许可",
        "处理决定数量",
        None,
        "unreadable",
        "396442278",
    )
    # the fee amount is a number with its decimals
    fee = by_key[("006_pingtan_2021.txt", "表二", "fees", "amount_wan_yuan")]
    assert fee[8] == pytest.approx(24252.311082)


def test_summary_sheet(book) -> None:  # type: ignore[no-untyped-def]
    _, wb = book
    rows = list(wb["汇总"].iter_rows(min_row=2, values_only=True))
    assert [r[2] for r in rows] == [2020, 2021, 2024, None]
    assert rows[0][4] == 1  # errors of 005
    assert rows[1][7] == "衔接"  # 2021 continues 2020's carry-over
    assert rows[3][0] == "/x/broken.pdf" and rows[3][8].startswith("无法读取")


def test_report_text_is_never_a_formula() -> None:
    report = extract_file(FILES[1])
    report.agency = '=HYPERLINK("http://example.invalid")\x07'
    wb = openpyxl.load_workbook(BytesIO(render_batch(summarise([report], [], 1))))
    cell = wb["汇总"]["B2"]
    assert cell.value == '=HYPERLINK("http://example.invalid")' and cell.data_type == "s"
