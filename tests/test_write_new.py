"""`xxgk new`: the blank report (official layout, placeholders), the fill-in workbook (merges as
printed, totals as live formulas, validated inputs, a text sheet), pre-filling from last year,
and the workbook filled in and rendered."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

import openpyxl
import yaml
from conftest import CORPUS
from lxml import etree

from xxgk.api import extract_file
from xxgk.render.docx import q, text_of
from xxgk.standard.sections import SECTIONS
from xxgk.standard.table3 import TABLE3_COLUMNS
from xxgk.write import new, render
from xxgk.write.narrative import LAST_YEAR_MARK, PLACEHOLDER
from xxgk.write.workbook import MAP_SHEET, SHEETS, TEXT_SHEET

EXAMPLE = yaml.safe_load(resources.files("xxgk.write").joinpath("example.yaml").read_text(encoding="utf-8"))
LAST_YEAR = CORPUS / "114_pingtan_2024.html"
APPLICANT_AND_TOTAL = [c.key for c in TABLE3_COLUMNS]


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "xxgk", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=300,
    )


def docx_tables(path: Path) -> tuple[etree._Element, list[etree._Element]]:
    with zipfile.ZipFile(path) as z:
        doc = etree.fromstring(z.read("word/document.xml"))
    return doc, doc.find(q("body")).findall(q("tbl"))


def values3(tbl: etree._Element) -> dict[str, list[str]]:
    """Table 3 of a rendered DOCX: row label -> the seven printed values."""
    out = {}
    for tr in tbl.findall(q("tr"))[3:]:
        tcs = tr.findall(q("tc"))
        out[text_of(tcs[-8]).strip()] = [text_of(tc).strip() for tc in tcs[-7:]]
    return out


def test_blank_report_is_the_template_with_agency_year_and_placeholders(tmp_path):
    proc = cli("new", "--agency", "示例县应急管理局", "--year", "2025", "-o", "blank.docx", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    doc, (t2, t3, t4) = docx_tables(tmp_path / "blank.docx")
    text = text_of(doc)
    assert "示例县应急管理局2025年政府信息公开工作年度报告" in text
    assert all(s.heading in text for s in SECTIONS)
    assert text.count(PLACEHOLDER) == 3  # 一、五、六
    assert "本年度发出信息处理费收费通知【　】件" in text
    rows3 = values3(t3)
    assert len(rows3) == 25 and all(v == [""] * 7 for v in rows3.values())
    assert [text_of(tc).strip() for tc in t4.findall(q("tr"))[-1].findall(q("tc"))] == [""] * 15
    for tr in t2.findall(q("tr")):
        tcs = tr.findall(q("tc"))
        if text_of(tcs[0]).strip() in (
            "规章",
            "行政规范性文件",
            "行政许可",
            "行政处罚",
            "行政强制",
            "行政事业性收费",
        ):
            assert all(text_of(tc).strip() == "" for tc in tcs[1:])


def test_workbook_lays_the_tables_out_as_printed(tmp_path):
    new("示例县应急管理局", 2025, xlsx_path=tmp_path / "fill.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "fill.xlsx")
    t3 = wb[SHEETS["table3"]]
    merged = {str(r) for r in t3.merged_cells.ranges}
    assert {"A3:C5", "D3:J3", "D4:D5", "E4:I4", "J4:J5", "A8:A29", "B10:B17"} <= merged
    assert t3["A3"].value.startswith("（本列数据的勾稽关系为")
    # totals are live formulas: row total of 一、 and （七）总计 of 自然人
    assert t3["J6"].value == "=D6+E6+F6+G6+H6+I6"
    assert t3["D29"].value.startswith("=D8+D9+D10")
    rules = {(dv.type, dv.operator, str(dv.formula1)) for dv in t3.data_validations.dataValidation}
    assert ("whole", "greaterThanOrEqual", "0") in rules
    t2 = wb[SHEETS["table2"]]
    fee_row = next(c.row for c in t2["A"] if c.value == "行政事业性收费")
    money = [dv for dv in t2.data_validations.dataValidation if dv.type == "custom"]
    assert [str(dv.sqref) for dv in money] == [f"B{fee_row}"]
    assert money[0].formula1 == f"AND(ISNUMBER(B{fee_row}),B{fee_row}>=0,ROUND(B{fee_row},4)=B{fee_row})"
    assert t2[f"B{fee_row}"].number_format == "0.0000"
    t4 = wb[SHEETS["table4"]]
    assert {"A3:E3", "F3:O3", "A4:A5", "F4:J4", "K4:O4"} <= {str(r) for r in t4.merged_cells.ranges}
    assert t4["E6"].value == "=A6+B6+C6+D6"
    assert [c.value for c in wb[TEXT_SHEET]["A"][1:7]] == [s.heading for s in SECTIONS]
    assert wb[MAP_SHEET].sheet_state == "hidden"


def _fill(ws_map, wb, data: dict) -> None:
    """Type the example's numbers and text into the workbook's input cells, as a clerk would."""
    for key, sheet, coord in ws_map.iter_rows(min_row=2, values_only=True):
        key = key.split("@")[0]
        target = wb[sheet][coord]
        if isinstance(target.value, str) and target.value.startswith("="):
            continue  # a total: left to its formula
        node = data
        for part in key.split("."):
            node = (
                node.get(
                    int(part) if part.isdigit() and isinstance(node, dict) and int(part) in node else part
                )
                if isinstance(node, dict)
                else None
            )
        if node is not None:
            target.value = node


def test_filled_workbook_renders_and_reads_back(tmp_path):
    new(EXAMPLE["agency"], EXAMPLE["year"], xlsx_path=tmp_path / "fill.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "fill.xlsx")
    _fill(wb[MAP_SHEET], wb, copy.deepcopy(EXAMPLE))
    wb.save(tmp_path / "fill.xlsx")
    proc = cli("render", "fill.xlsx", "-o", "report.docx", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    from_yaml = tmp_path / "yaml.docx"
    render(EXAMPLE, from_yaml)
    a, b = extract_file(tmp_path / "report.docx"), extract_file(from_yaml)
    assert a.to_json()["table3"] == b.to_json()["table3"]
    for t in ("table2", "table4"):
        assert {r: {c: v.value for c, v in cols.items()} for r, cols in getattr(a, t).items()} == {
            r: {c: v.value for c, v in cols.items()} for r, cols in getattr(b, t).items()
        }
    assert a.value("table3.results_total.total") == 35  # computed from the workbook's inputs


def test_from_last_year_prefills_what_last_year_fixes(tmp_path):
    last = extract_file(LAST_YEAR)
    proc = cli(
        "new", "--year", "2025", "--from", str(LAST_YEAR), "-o", "b.docx", "--xlsx", "b.xlsx", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert "上年结转" in proc.stderr and "现行有效件数" in proc.stderr
    doc, (_t2, t3, _t4) = docx_tables(tmp_path / "b.docx")
    assert f"{last.agency}2025年政府信息公开工作年度报告" in text_of(doc)
    rows3 = values3(t3)
    forward = [str(last.value(f"table3.carried_forward.{c}")) for c in APPLICANT_AND_TOTAL]
    assert rows3["二、上年结转政府信息公开申请数量"] == forward
    assert rows3["一、本年新收政府信息公开申请数量"] == [""] * 7  # this year's numbers: still blank
    wb = openpyxl.load_workbook(tmp_path / "b.xlsx")
    t2 = wb[SHEETS["table2"]]
    base = last.value("table2.normative_documents.in_force")
    assert base == 440
    row = next(c.row for c in t2["A"] if c.value == "行政规范性文件")
    assert t2.cell(row, 4).value == f"=440+B{row}-C{row}"
    texts = [c.value or "" for c in wb[TEXT_SHEET]["B"][1:7]]
    assert texts[0].startswith(LAST_YEAR_MARK) and "平潭" in texts[0]
    assert texts[5].startswith(LAST_YEAR_MARK) and "信息处理费" in texts[5]
    # typing this year's 制发/废止 makes 现行有效件数 = base + 制发 − 废止 when rendered
    t2.cell(row, 2).value, t2.cell(row, 3).value = 10, 4
    wb.save(tmp_path / "b.xlsx")
    given = render(tmp_path / "b.xlsx", tmp_path / "c.md", draft=True)
    assert given.report.value("table2.normative_documents.in_force") == 440 + 10 - 4
    assert given.report.value("table3.carried_over.total") == last.value("table3.carried_forward.total")


def test_new_needs_an_output_and_an_agency(tmp_path):
    assert cli("new", "--year", "2025", cwd=tmp_path).returncode == 2
    proc = cli("new", "--year", "2025", "-o", "x.docx", cwd=tmp_path)
    assert proc.returncode == 2 and "机关名称" in proc.stderr and not (tmp_path / "x.docx").exists()


def test_trial_format_blank(tmp_path):
    new("示例县应急管理局", 2020, docx_path=tmp_path / "t.docx", xlsx_path=tmp_path / "t.xlsx")
    _doc, (t2, t3, _t4) = docx_tables(tmp_path / "t.docx")
    assert "第二十条第（九）项" in text_of(t2) and "采购总金额" in text_of(t2)
    assert "（六）其他处理" in values3(t3) and len(values3(t3)) == 23
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    labels = [c.value for row in wb[SHEETS["table2"]].iter_rows() for c in row if c.value]
    assert "第二十条第（九）项" in labels and "采购总金额" in labels
