"""Every text layout the spine must survive, on the real files that show it."""

from __future__ import annotations

from conftest import CORPUS, SEEDS

from xxgk.api import extract_file, extract_text
from xxgk.document import Paragraph, Table
from xxgk.readers import read_path


def test_one_cell_per_line_docx_text_with_wrapped_header_cells():
    doc = read_path(SEEDS / "000_506e41e9d817580f.txt")
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == 3
    header_cells = [c.text for row in tables[1].rows for c in row]
    assert "商业企业" in header_cells and "科研机构" in header_cells  # "商业" / "企业" joined
    report = extract_file(SEEDS / "000_506e41e9d817580f.txt")
    assert report.value("table3.new_received.commercial") == 1
    assert report.value("table3.granted.total") == 1
    assert (
        report.cell("table3.new_received.natural_person").raw == "0\xa0"
    )  # kept as printed (a no-break space)


def test_tab_separated_pdf_text_keeps_lost_cells_in_place():
    report = extract_file(SEEDS / "001_eaba220d81829207.txt")
    row = report.table3["results_total"]
    assert [row[c].status for c in ("natural_person", "commercial", "research")] == [
        "inferred",
        "inferred",
        "number",
    ]
    assert row["legal_service"].value == 10 and row["total"].value == 45
    # the split group label 三、本 / 年度办 / 理结果 does not disturb the rows it sits beside
    assert report.cell("table3.denied_enforcement_files.total").where.line == 57
    assert report.value("table3.not_processed_petition_complaint.total") == 0
    # OCR damage: (七)总记 is the （七）总计 row; garbage in table 4's header is ignored
    assert report.cell("table3.results_total.total").where.line == 70
    assert all(
        c.value == 0 and c.status == "number" for cols in report.table4.values() for c in cols.values()
    )


def test_tab_separated_with_group_label_in_the_middle_row():
    report = extract_file(SEEDS / "004_e93e2860776d7910.txt")
    # "(三) 不予公开\t4.保护第三方合法权益" is the 4. row, not a group row
    assert report.cell("table3.denied_third_party_rights.total").where.line is not None
    assert report.value("table3.denied_prohibited_by_law.total") == 0  # label variant 2.其他法律法规禁止公开


def test_markdown_pipe_tables_with_broken_header_and_unlabelled_rows():
    path = CORPUS / "011_shanghai-kewei_2024.md"
    doc = read_path(path)
    assert doc.media_type == "text/markdown"
    report = extract_file(path)
    # rows whose labels were wrapped out of the table are placed in the standard's order
    assert report.value("table3.denied_internal_affairs.natural_person") == 1
    assert report.value("table3.unable_not_held.total") == 4
    assert report.value("table3.unable_needs_creation.total") == 6
    assert report.value("table3.other_overdue_correction.total") == 10
    # the one blank cell is forced by the identities
    cell = report.cell("table3.carried_forward.total")
    assert (cell.status, cell.value) == ("inferred", 1)
    # table 2 partly printed as loose lines ("行政许可 97")
    assert report.value("table2.licensing.decisions") == 97
    assert report.value("table2.normative_documents.in_force") == 55


def test_crawler_text_on_one_line_with_digits_run_together():
    path = CORPUS / "009_pingtan_2024.txt"
    doc = read_path(path)
    assert any(isinstance(b, Paragraph) and len(b.text) > 2000 for b in doc.blocks)
    report = extract_file(path)
    # 21710000218 splits only one way under the row identity
    assert [report.value(f"table3.new_received.{c}") for c in ("natural_person", "commercial", "total")] == [
        217,
        1,
        218,
    ]
    # 21317000001324019: the only split where every table-4 block adds up
    assert report.value("table4.review.total") == 7
    assert report.value("table4.litigation_after_review.upheld") == 13
    assert report.value("table4.litigation_after_review.total") == 19
    # table 2 has no identity: 6233440 stays unreadable, never guessed
    cell = report.cell("table2.normative_documents.issued")
    assert cell.status == "unreadable" and cell.value is None and cell.raw == "6233440"
    assert any(f.code == "T2.DIGITS.RUN_TOGETHER" for f in report.findings)
    # 000 can only be 0|0|0, 18651.06 is one amount
    assert [report.value(f"table2.regulations.{c}") for c in ("issued", "repealed", "in_force")] == [0, 0, 0]
    assert float(report.value("table2.fees.amount_wan_yuan")) == 18651.06


def test_crawler_text_with_spaces_inside_runs_and_ordinals_glued_to_values():
    report = extract_file(CORPUS / "004_pingtan_2019.txt")
    assert report.format_version == "2019"
    # "230 000023": spaces are hard boundaries; "00000002.其他法律…": the 2 is the next row's ordinal
    assert report.value("table3.new_received.natural_person") == 23
    assert report.value("table3.new_received.total") == 23
    assert report.value("table3.unable_unclear_after_correction.total") == 5
    assert report.value("table3.other_processing.total") == 0
    assert (
        float(report.value("table2.procurement.amount") or 0) == 0
        or report.cell("table2.procurement.amount").status == "unreadable"
    )


def test_rows_printed_without_values_are_blank_and_forced():
    report = extract_file(CORPUS / "108_pingtan-shichangjianguanju_2023.txt")
    for row in ("other_overdue_fee", "other_misc"):
        for cell in report.table3[row].values():
            assert (cell.status, cell.value) == ("inferred", 0)
    assert report.table2["regulations"]["issued"].status == "absent"


def test_collapsed_other_processing_row_in_a_2021_report():
    text = (SEEDS / "003_e47fabb3861039d9.txt").read_text()
    lines = text.split("\n")
    out, skip = [], 0
    for line in lines:
        if "1.申请人无正当理由逾期不补正" in line:
            out.append("\t(六) 其他处理\t0\t0\t0\t0\t0\t0\t0")
            skip = 2
            continue
        if skip and ("2.申请人逾期未按收费通知" in line or line.startswith("3.其他")):
            skip -= 1
            continue
        out.append(line)
    report = extract_text("\n".join(out))
    assert report.format_version == "2021"
    assert report.table3["other_processing"]["total"].value == 0
    assert all(c.status == "absent" for c in report.table3["other_overdue_correction"].values())
    assert any(f.code == "T3.STRUCTURE.COLLAPSED_OTHER" for f in report.findings)


def test_blank_cells_in_an_exact_html_grid_are_inferred():
    report = extract_file(CORPUS / "014_shanghai-szfbgt_2019.html")
    cell = report.cell("table3.granted.total")
    assert (cell.status, cell.value, cell.raw) == ("inferred", 272, "")
    # 复议后起诉 is blank and nothing forces it: null, not 0
    for cell in report.table4["litigation_after_review"].values():
        assert cell.value is None and cell.status == "blank"
    assert any(f.code == "CELL.UNRESOLVED" for f in report.findings)


def test_ocr_character_variants_in_labels():
    text = (
        (SEEDS / "003_e47fabb3861039d9.txt")
        .read_text()
        .replace("(七) 总计", "(七) 总记")
        .replace("1.属于国家秘密", "1.属于国家秘蜜 ")
    )
    report = extract_text(text)
    assert report.value("table3.results_total.total") == 0
    assert report.cell("table3.results_total.total").status == "number"


def test_narrative_before_a_flattened_table_is_not_read_as_a_row():
    text = (CORPUS / "009_pingtan_2024.txt").read_text()
    heading = "三、收到和处理政府信息公开申请情况"
    assert heading in text
    text = text.replace(
        heading, heading + "本年新收政府信息公开申请218件，上年结转0件，结转下年度继续办理0件。", 1
    )
    report = extract_text(text)
    assert report.value("table3.new_received.natural_person") == 217
    assert report.value("table3.new_received.total") == 218
    assert report.cell("table3.carried_forward.total").status == "number"
    assert not report.has_error


def test_page_footer_inside_a_markdown_table_claims_no_row():
    text = (CORPUS / "011_shanghai-kewei_2024.md").read_text()
    row = "\n| 4 | 0 | 0 | 0 | 0 | 0 | 4 |\n"
    assert text.count(row) == 1
    report = extract_text(text.replace(row, "\n| - 3 - |\n|---|\n| 3 |" + row), "kewei.md")
    assert report.value("table3.unable_not_held.total") == 4
    assert report.value("table3.unable_needs_creation.total") == 6
    assert report.value("table3.other_overdue_correction.total") == 10
