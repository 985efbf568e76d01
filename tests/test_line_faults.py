"""One mistake reported once: a 总计 column printed all 0, a row whose applicant cells are all 0,
a column shifted by one row — each is one error finding, with the identity failures it causes
folded under it (and not repeated beside it)."""

from __future__ import annotations

import json

from conftest import CORPUS, SEEDS

from xxgk.api import extract_file, extract_text
from xxgk.report import Report
from xxgk.standard.table3 import APPLICANT_COLUMNS

IDENTITY_CODES = ("T3.IDENTITY.COLUMN", "T3.IDENTITY.RESULTS", "T3.IDENTITY.ROW", "T4.IDENTITY")
ROWS = {  # label fragment in seed 003's text -> 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计
    "一、本年新收": [5, 1, 0, 0, 0, 0, 6],
    "(一) 予以公开": [2, 1, 0, 0, 0, 0, 3],
    "1.本机关不掌握": [2, 0, 0, 0, 0, 0, 2],
    "3.其他\t": [1, 0, 0, 0, 0, 0, 1],
    "(七) 总计": [5, 1, 0, 0, 0, 0, 6],
}


def _with_rows(rows: dict[str, list[int | str]]) -> str:
    """Seed 003 (a real report whose table 3 is all 0) with these rows' seven numbers printed instead."""
    lines = (SEEDS / "003_e47fabb3861039d9.txt").read_text(encoding="utf-8").split("\n")
    for label, numbers in rows.items():
        (i,) = [i for i, line in enumerate(lines) if label in line + "\t"]
        fields = lines[i].split("\t")
        slots = [k for k, f in enumerate(fields) if f.strip().isdigit()]
        assert len(slots) == 7, lines[i]
        for k, v in zip(slots, numbers, strict=True):
            fields[k] = str(v)
        lines[i] = "\t".join(fields)
    return "\n".join(lines)


def _identity_findings(report: Report) -> list:
    return [f for f in report.findings if f.code in IDENTITY_CODES or f.code.startswith("IDENTITY.")]


def test_the_consistent_table_has_no_identity_finding() -> None:
    report = extract_text(_with_rows(ROWS))
    assert _identity_findings(report) == []


def test_total_column_printed_all_zero_is_one_error_with_the_row_failures_folded() -> None:
    rows = {label: [*numbers[:6], 0] for label, numbers in ROWS.items()}
    report = extract_text(_with_rows(rows))
    (root,) = _identity_findings(report)
    assert (root.code, root.severity, root.fault) == ("IDENTITY.LINE_ZERO", "error", "source")
    assert root.message.startswith("表三“总计”列全部印为0")
    assert "“一、本年新收政府信息公开申请数量”应为6" in root.message and "“（七）总计”应为6" in root.message
    # the cells it concerns: the wrong ones first, then the rest of the equations it breaks
    assert root.cells[:5] == [
        "table3.new_received.total",
        "table3.granted.total",
        "table3.unable_not_held.total",
        "table3.other_misc.total",
        "table3.results_total.total",
    ]
    assert set(root.cells[5:]) == {
        f"table3.{r}.{c}"
        for r in ("new_received", "granted", "unable_not_held", "other_misc", "results_total")
        for c in APPLICANT_COLUMNS
    }
    # the five row totals that fail because of it, under it and nowhere else
    assert [f.code for f in root.folded] == ["T3.IDENTITY.ROW"] * 5
    assert all(f.severity == "info" for f in root.folded)
    assert (
        "表三“一、本年新收政府信息公开申请数量”行：总计（0）不等于各类申请人之和（5+1=6）"
        in root.folded[0].message
    )
    assert not any(f.code == "T3.IDENTITY.ROW" for f in report.findings)
    assert report.has_error
    # the JSON contract: `folded` holds the consequent findings
    doc = json.loads(json.dumps(report.to_json(), ensure_ascii=False))
    (top,) = [f for f in doc["findings"] if f["code"] == "IDENTITY.LINE_ZERO"]
    assert [f["code"] for f in top["folded"]] == ["T3.IDENTITY.ROW"] * 5


def test_row_whose_applicant_cells_are_all_zero_is_one_error() -> None:
    rows = dict(ROWS)
    rows["(一) 予以公开"] = [0, 0, 0, 0, 0, 0, 3]
    report = extract_text(_with_rows(rows))
    (root,) = _identity_findings(report)
    assert root.code == "IDENTITY.LINE_ZERO"
    assert root.message.startswith("表三“（一）予以公开”行各类申请人列全部印为0")
    assert "“自然人”列应为2" in root.message and "“商业企业”列应为1" in root.message
    assert root.cells[:2] == ["table3.granted.natural_person", "table3.granted.commercial"]
    assert sorted(f.code for f in root.folded) == [
        "T3.IDENTITY.RESULTS",
        "T3.IDENTITY.RESULTS",
        "T3.IDENTITY.ROW",
    ]


def test_column_shifted_by_one_row_is_one_error() -> None:
    # the 自然人 numbers printed one row too high: each of the 25 rows shows the next row's number
    lines = _with_rows(ROWS).split("\n")
    first = next(i for i, line in enumerate(lines) if "一、本年新收" in line)
    last = next(i for i, line in enumerate(lines) if line.startswith("四、结转下年度"))
    rows = [i for i in range(first, last + 1) if sum(f.strip().isdigit() for f in lines[i].split("\t")) == 7]
    assert len(rows) == 25
    slots = {i: next(k for k, f in enumerate(lines[i].split("\t")) if f.strip().isdigit()) for i in rows}
    column = [lines[i].split("\t")[slots[i]] for i in rows]
    for i, value in zip(rows, [*column[1:], "0"], strict=True):
        fields = lines[i].split("\t")
        fields[slots[i]] = value
        lines[i] = "\t".join(fields)
    report = extract_text("\n".join(lines))
    (root,) = _identity_findings(report)
    assert (root.code, root.severity) == ("IDENTITY.COLUMN_SHIFTED", "error")
    assert root.message.startswith("表三“自然人”列的数字整列错了一行：每个数字都印在了应在位置的上一行")
    assert "table3.new_received.natural_person" in root.cells
    assert len(root.folded) >= 2 and all(f.code in IDENTITY_CODES for f in root.folded)


def test_one_wrong_cell_is_still_named_by_its_identities() -> None:
    rows = dict(ROWS)
    rows["(一) 予以公开"] = [3, 1, 0, 0, 0, 0, 4]
    report = extract_text(_with_rows(rows))
    # the wrong cell breaks the 自然人 column and, through the row totals, the 总计 column: one error
    (error,) = _identity_findings(report)
    assert (error.code, error.severity) == ("T3.IDENTITY.RESULTS", "error")
    assert "表三“（一）予以公开”行“自然人”列（印为3，按勾稽关系应为2）" in error.message
    assert [f.message.split("：")[0] for f in error.folded] == ["（由上面的错误连带产生）表三“总计”列"]


def test_real_report_whose_total_column_was_never_filled_in() -> None:
    """Corpus 101 prints its 总计 column as 0s (its truth file says so), besides one real
    inconsistency in the 自然人 column, which stays a finding of its own."""
    report = extract_file(CORPUS / "101_pingtan-haitan-pianqu_2024.txt")
    found = _identity_findings(report)
    assert [f.code for f in found] == ["IDENTITY.LINE_ZERO", "T3.IDENTITY.RESULTS"]
    assert found[0].message.startswith("表三“总计”列全部印为0")
    assert len(found[0].folded) == 6 and {f.code for f in found[0].folded} == {"T3.IDENTITY.ROW"}
    assert "表三“自然人”列：（七）总计（5）不等于办理结果各行之和（4+1+1=6）" in found[1].message


def test_real_report_whose_table4_totals_were_never_filled_in() -> None:
    """Corpus 001 (a PDF) prints 表四's 总计 as 0 in every block; two blocks have cases."""
    report = extract_file(CORPUS / "001_huaian-hongzequ_2023.pdf")
    (root,) = _identity_findings(report)
    assert (root.code, root.severity) == ("IDENTITY.LINE_ZERO", "error")
    assert root.message.startswith("表四“总计”栏全部印为0")
    assert "“行政复议”应为11" in root.message and "“行政诉讼·复议后起诉”应为5" in root.message
    assert [f.code for f in root.folded] == ["T4.IDENTITY", "T4.IDENTITY"]


def test_a_wrong_row_total_is_reported_on_its_row() -> None:
    rows = dict(ROWS)
    rows["(一) 予以公开"] = [2, 1, 0, 0, 0, 0, 4]
    (error,) = _identity_findings(extract_text(_with_rows(rows)))
    assert error.code == "T3.IDENTITY.ROW" and error.message.startswith("表三“（一）予以公开”行：总计（4）")
    assert "最可能出错的是表三“（一）予以公开”行“总计”列（印为4，按勾稽关系应为3）" in error.message
    assert [f.code for f in error.folded] == ["T3.IDENTITY.RESULTS"]
