"""`xxgk render`: data in, a checked report out — or a refusal that lists each finding as the
clerk would fix it; `--draft`; totals computed or checked; the fee statement; generated
statistics sentences; atomic writing."""

from __future__ import annotations

import copy
import io
import json
import os
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

import pytest
import yaml

from xxgk.api import extract_file
from xxgk.render.docx import q, text_of
from xxgk.write import render
from xxgk.write.narrative import PLACEHOLDER

EXAMPLE = yaml.safe_load(resources.files("xxgk.write").joinpath("example.yaml").read_text(encoding="utf-8"))


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.environ.get("PYTHONPATH", ""))
    return subprocess.run(
        [sys.executable, "-m", "xxgk", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300
    )


def write_yaml(tmp_path: Path, data: dict, name: str = "data.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        from lxml import etree

        return text_of(etree.fromstring(z.read("word/document.xml")))


def test_example_renders_and_totals_left_out_are_computed(tmp_path):
    result = render(EXAMPLE, tmp_path / "r.docx")
    assert result.written and result.errors == []
    back = extract_file(tmp_path / "r.docx")
    # 30 + 4 + 0 + 0 + 1 + 0 and the outcome rows of the 自然人 column: the data states neither
    assert back.value("table3.new_received.total") == 35
    assert back.value("table3.results_total.natural_person") == 31
    assert back.value("table3.results_total.total") == 35
    assert back.value("table4.review.total") == 2
    assert "table3.new_received.total" in result.computed
    assert "table3.new_received.natural_person" not in result.computed


def test_broken_identities_refuse_the_render_and_name_each_one(tmp_path):
    data = copy.deepcopy(EXAMPLE)
    data["table3"]["new_received"]["total"] = 36  # 30 + 4 + 1 = 35
    data["table4"]["review"]["total"] = 3  # 1 + 0 + 0 + 1 = 2
    src = write_yaml(tmp_path, data)
    out = tmp_path / "report.docx"
    out.write_bytes(b"last version")
    proc = cli("render", str(src), "-o", str(out), cwd=tmp_path)
    assert proc.returncode == 1
    err = proc.stderr
    assert "表三“一、本年新收政府信息公开申请数量”行：总计（36）不等于各类申请人之和（30+4+1=35）" in err
    assert "表四“行政复议”：总计（3）不等于结果维持、结果纠正、其他结果、尚未审结之和（1+1=2）" in err
    assert "表三“一、本年新收政府信息公开申请数量”行“总计”列印为36，按各项之和应为35" in err
    assert "表四“行政复议”“总计”印为3，按各项之和应为2" in err
    assert "未写入" in err and "--draft" in err
    assert out.read_bytes() == b"last version"  # the old file stays as it was
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.yaml", "report.docx"]  # no temp file left


def test_draft_writes_with_the_watermark_and_the_findings(tmp_path):
    data = copy.deepcopy(EXAMPLE)
    data["table4"]["review"]["total"] = 3
    src = write_yaml(tmp_path, data)
    proc = cli("render", str(src), "-o", "draft.docx", "--draft", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr  # written, but still not fit to publish
    assert "已写入草稿 draft.docx" in proc.stderr
    with zipfile.ZipFile(tmp_path / "draft.docx") as z:
        assert 'string="草稿"' in z.read("word/header-draft.xml").decode()
    text = docx_text(tmp_path / "draft.docx")
    assert "附：草稿核对发现的问题" in text and "表四“行政复议”：总计（3）" in text
    html = tmp_path / "draft.html"
    assert cli("render", str(src), "-o", str(html), "--draft", cwd=tmp_path).returncode == 1
    page = html.read_text(encoding="utf-8")
    assert '<div class="watermark">草稿</div>' in page and "@page { size: A4" in page


def test_unknown_keys_are_ignored_with_a_warning(tmp_path):
    data = dict(copy.deepcopy(EXAMPLE), colour="blue")
    data["table3"]["no_such_row"] = {"total": 1}
    proc = cli("render", str(write_yaml(tmp_path, data)), "-o", "r.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "忽略未知的键 colour" in proc.stderr and "忽略未知的行 table3.no_such_row" in proc.stderr


def test_json_input_and_bad_values_are_clear_errors(tmp_path):
    path = tmp_path / "data.json"
    path.write_text(json.dumps(EXAMPLE, ensure_ascii=False), encoding="utf-8")
    assert cli("render", str(path), "-o", "r.html", cwd=tmp_path).returncode == 0
    bad = copy.deepcopy(EXAMPLE)
    bad["table3"]["granted"]["natural_person"] = "十二"
    proc = cli("render", str(write_yaml(tmp_path, bad)), "-o", "r.docx", cwd=tmp_path)
    assert proc.returncode == 2 and "table3.granted.natural_person" in proc.stderr
    assert "E_RENDER_INPUT" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "r.docx").exists()


def test_a_blank_stays_blank_and_is_never_computed_as_zero(tmp_path):
    data = copy.deepcopy(EXAMPLE)
    data["table3"]["granted"]["research"] = None
    result = render(data, tmp_path / "r.md")
    cell = extract_file(tmp_path / "r.md").cell("table3.granted.research")
    assert cell.status in ("blank", "inferred") and cell.raw == ""
    # the row total needs every applicant column: with one blank it is not computed
    assert "table3.granted.total" not in result.computed


def test_section_six_always_states_the_fees(tmp_path):
    render(EXAMPLE, tmp_path / "a.md")
    assert (
        "本年度发出信息处理费收费通知0件，总金额0元，实际收取信息处理费0元。"
        in (tmp_path / "a.md").read_text()
    )
    data = {k: v for k, v in copy.deepcopy(EXAMPLE).items() if k != "fees"}
    render(data, tmp_path / "b.md")
    six = (tmp_path / "b.md").read_text().split("## 六、其他需要报告的事项")[1]
    assert "信息处理费" in six and "【　】件" in six  # left visibly blank: no number is invented


def test_fee_statement_contradicting_table3_refuses(tmp_path):
    data = copy.deepcopy(EXAMPLE)
    data["table3"]["other_overdue_fee"]["natural_person"] = 1
    data["table3"]["granted"]["natural_person"] = 11  # keep every identity
    data.pop("fees")
    data["sections"][6] = "本年度未发出收费通知，未收取信息处理费。"
    result = render(data, tmp_path / "r.docx")
    assert not result.written
    assert [f.code for f in result.errors] == ["FEE.NOTICES_DENIED"]


def test_narrative_auto_states_the_tables_and_a_contradiction_refuses(tmp_path):
    result = render(EXAMPLE, tmp_path / "a.md", narrative="auto")
    assert result.written and result.errors == []
    text = (tmp_path / "a.md").read_text()
    assert "本年度新收政府信息公开申请35件，上年结转2件。办结35件，其中予以公开15件、部分公开3件" in text
    assert "被申请行政复议2件、被提起行政诉讼0件" in text
    data = copy.deepcopy(EXAMPLE)
    data["sections"][1] = "全年共收到政府信息公开申请40件，均已按时答复。"
    refused = render(data, tmp_path / "b.md")
    assert not refused.written and "TXT.RECEIVED" in {f.code for f in refused.errors}
    assert not (tmp_path / "b.md").exists()


@pytest.mark.parametrize("suffix", [".docx", ".html", ".md"])
def test_preface_is_printed_and_read_back(tmp_path, suffix):
    data = copy.deepcopy(EXAMPLE)
    data["preface"] = "本报告所列数据的统计期限自2024年1月1日起至2024年12月31日止。"
    out = tmp_path / f"r{suffix}"
    assert render(data, out).written
    back = extract_file(out)
    preface = next(s for s in back.sections if s.number == 0)
    assert "统计期限自2024年1月1日起至2024年12月31日止" in preface.text
    assert back.published == "2025-01-20"


def test_wrong_statistics_period_refuses(tmp_path):
    data = copy.deepcopy(EXAMPLE)
    data["preface"] = "本报告所列数据的统计期限自2024年1月1日至2024年11月30日止。"
    refused = render(data, tmp_path / "r.docx")
    assert [f.code for f in refused.errors] == ["DATE.PERIOD"]


def test_any_readable_report_is_relaid_in_the_official_format(tmp_path, shared):
    src = shared / "corpus" / "009_pingtan_2024.txt"
    proc = cli("render", str(src), "-o", "relaid.docx", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    before, after = extract_file(src), extract_file(tmp_path / "relaid.docx")
    for table in ("table2", "table3", "table4"):
        for row, cols in getattr(before, table).items():
            for col, cell in cols.items():
                if cell.status == "number":
                    assert after.value(f"{table}.{row}.{col}") == cell.value, (table, row, col)
    assert after.published == before.published == "2025-03-10"
    assert "2024年，无收取信息处理费情况。" in docx_text(tmp_path / "relaid.docx")


def test_unknown_output_format_is_refused(tmp_path):
    proc = cli("render", str(write_yaml(tmp_path, EXAMPLE)), "-o", "r.txt", cwd=tmp_path)
    assert proc.returncode == 2 and "不支持的输出格式" in proc.stderr


def test_placeholders_left_are_reported(tmp_path):
    data = {k: v for k, v in copy.deepcopy(EXAMPLE).items() if k != "sections"}
    result = render(data, tmp_path / "r.docx")
    assert result.written
    assert any("第一部分、第五部分、第六部分还有待填写" in w for w in result.warnings)
    assert docx_text(tmp_path / "r.docx").count(PLACEHOLDER) == 3


@pytest.mark.parametrize("suffix", [".docx", ".html", ".md"])
def test_output_is_deterministic(tmp_path, suffix):
    a, b = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    render(EXAMPLE, a)
    render(EXAMPLE, b)
    if suffix == ".docx":
        with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
            assert {n: za.read(n) for n in za.namelist()} == {n: zb.read(n) for n in zb.namelist()}
    else:
        assert a.read_bytes() == b.read_bytes()


def test_docx_is_a_valid_package(tmp_path):
    render(EXAMPLE, tmp_path / "r.docx")
    import docx

    document = docx.Document(io.BytesIO((tmp_path / "r.docx").read_bytes()))
    assert len(document.tables) == 3
    assert document.sections[0].page_width == 11906 * 635  # twips → EMU
    assert q("tbl")  # namespace helper in use
