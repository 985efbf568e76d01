"""`xxgk register`: a case log of 250 applications built here, with every expected figure worked
out by hand in this file (deadlines from the State Council's 2024–2026 holiday notices)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

pytest.importorskip("chinese_calendar")

from xxgk.api import extract_file  # noqa: E402
from xxgk.write import register as reg  # noqa: E402
from xxgk.write.workdays import add_workdays, is_workday  # noqa: E402

HEADER = list(reg.COLUMNS)
TYPES = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
COL = dict(
    zip(
        TYPES,
        ["natural_person", "commercial", "research", "nonprofit", "legal_service", "other"],
        strict=True,
    )
)
# every 2021 outcome row: (how the clerk writes it, the row key)
OUTCOMES = [
    ("（一）予以公开", "granted"),
    ("（二）部分公开", "partially_granted"),
    ("（三）1.属于国家秘密", "denied_state_secret"),
    ("（三）2", "denied_prohibited_by_law"),
    ("（三）3.危及“三安全一稳定”", "denied_three_safety_one_stability"),
    ("（三）4.保护第三方合法权益", "denied_third_party_rights"),
    ("（三）5", "denied_internal_affairs"),
    ("（三）6.属于四类过程性信息", "denied_process_info"),
    ("(三)7", "denied_enforcement_files"),
    ("（三）8.属于行政查询事项", "denied_query_matter"),
    ("（四）1.本机关不掌握相关政府信息", "unable_not_held"),
    ("（四）2", "unable_needs_creation"),
    ("（四）3.补正后申请内容仍不明确", "unable_unclear_after_correction"),
    ("（五）1.信访举报投诉类申请", "not_processed_petition_complaint"),
    ("（五）2.重复申请", "not_processed_duplicate"),
    ("（五）3", "not_processed_publication"),
    ("（五）4.无正当理由大量反复申请", "not_processed_mass_repeated"),
    ("not_processed_confirm_or_reissue", "not_processed_confirm_or_reissue"),
    ("（六）1", "other_overdue_correction"),
    ("（六）2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other_overdue_fee"),
    ("（六）3.其他", "other_misc"),
]
OUTCOME_KEY = dict(OUTCOMES)
D = date.fromisoformat


def row(
    ident: str, kind: str, received: str, outcome: str = "", replied: str = "", **more: str
) -> dict[str, str]:
    r = dict.fromkeys(HEADER, "")
    r.update({"编号": ident, "申请人": more.pop("applicant", f"申请人{ident}"), "申请人类型": kind})
    r.update({"申请方式": "网上申请", "收到日期": received, "办理结果": outcome, "答复日期": replied})
    names = {
        "notice": "补正告知日期",
        "corrected": "补正收到日期",
        "consult_from": "征求意见开始日期",
        "consult_to": "征求意见结束日期",
        "extended": "延期（是/否）",
        "fee": "收费方式（按件/按量）",
        "pages": "页数",
        "fee_notice": "收费通知日期",
        "paid": "缴费日期",
        "charged": "收费金额（元）",
    }
    for k, v in more.items():
        r[names[k]] = v
    return r


# (row, where it counts in 2025's 表三: any of new / in / out plus its outcome if answered in 2025,
#  expected due date, working days used (to the reply, or to 2025-12-31), overdue)
TRICKY: list[tuple[dict[str, str], set[str], str | None, int | None, bool]] = [
    # 2024 国庆 10-01..07 off, 09-29 (Sun) and 10-12 (Sat) worked: 20th working day after 09-20 is 10-23
    (row("T1", "自然人", "2024-09-20", "（一）予以公开", "2024-10-24"), set(), "2024-10-23", 21, True),
    # 2025 春节 01-28..02-04 off, 01-26 (Sun) and 02-08 (Sat) worked: after 01-20 the 20th is 02-21
    (
        row("T2", "自然人", "2025-01-20", "（四）1", "2025-02-21"),
        {"new", "unable_not_held"},
        "2025-02-21",
        20,
        False,
    ),
    # extension: 40th working day after 2024-09-02 over 中秋 (09-14 Sat worked) and 国庆 is 11-01
    (
        row("T3", "商业企业", "2024-09-02", "（二）部分公开", "2024-11-01", extended="是"),
        set(),
        "2024-11-01",
        40,
        False,
    ),
    # 补正: the count restarts from 10-09, the corrected application; 20th working day is 11-05
    (
        row(
            "T4", "自然人", "2024-09-25", "（四）3", "2024-11-06", notice="2024-09-27", corrected="2024-10-09"
        ),
        set(),
        "2024-11-05",
        21,
        True,
    ),
    # consultation 02-05..02-14: 02-06..02-14 (8 working days with 02-08) not counted → 03-05
    (
        row(
            "T5",
            "社会公益组织",
            "2025-01-20",
            "（三）4",
            "2025-03-05",
            consult_from="2025-02-05",
            consult_to="2025-02-14",
        ),
        {"new", "denied_third_party_rights"},
        "2025-03-05",
        20,
        False,
    ),
    # received 2024-12-20, 2025-01-01 off: 20th working day is 2025-01-20; carried into 2025
    (
        row("T6", "自然人", "2024-12-20", "（五）2", "2025-01-15"),
        {"in", "not_processed_duplicate"},
        "2025-01-20",
        17,
        False,
    ),
    # extension over 春节 from 2025-01-24: 01-26 (Sun) is the 1st, 02-08 (Sat) the 6th, the 40th 03-27
    (
        row("T7", "其他", "2025-01-24", "（六）3.其他", "2025-03-28", extended="是"),
        {"new", "other_misc"},
        "2025-03-27",
        41,
        True,
    ),
    # open at year end; 2026 元旦 01-01..03 off, 01-04 (Sun) worked: the 20th working day is 2026-01-13
    (row("T8", "法律服务机构", "2025-12-15"), {"new", "out"}, "2026-01-13", 12, False),
    # 补正 never came: no deadline runs; closed as （六）1
    (
        row("T9", "自然人", "2025-11-03", "（六）1", "2025-12-10", notice="2025-11-05"),
        {"new", "other_overdue_correction"},
        None,
        None,
        False,
    ),
    # 2025 国庆中秋 10-01..08 off, 09-28 (Sun) and 10-11 (Sat) worked: after 09-26 the 20th is 10-30
    (
        row("T10", "科研机构", "2025-09-26", "（三）8", "2025-10-30"),
        {"new", "denied_query_matter"},
        "2025-10-30",
        20,
        False,
    ),
    # open on 2024-12-31 and on 2025-12-31 too (extension, consultation): carried in and forward
    (
        row(
            "T11", "商业企业", "2024-12-30", extended="是", consult_from="2025-01-06", consult_to="2025-12-31"
        ),
        {"in", "out"},
        None,  # its deadline falls in 2026 after a pause that runs to 2025-12-31: checked below
        None,
        False,
    ),
    # 补正 notice on 06-16, the 9th working day after 06-03 (late under Art. 30); the count
    # restarts from 06-20: 06-23..27, 06-30, 07-01..04, 07-07..11, 07-14..18 → due 07-18
    (
        row("T12", "其他", "2025-06-03", "（一）", "2025-07-01", notice="2025-06-16", corrected="2025-06-20"),
        {"new", "granted"},
        "2025-07-18",
        7,
        False,
    ),
]
NOTICE_LATE = {"T12"}  # T4's notice came 2 working days after receipt, T9's 2


def fee_rows() -> Iterator[tuple[dict[str, str], int, str]]:
    """按件: 张三's 35 applications in March 2025 (SPEC §7: 20×100 + 5×200 = 3000 元), one more
    in April (a new month starts at 1); 按量: pages at every band edge."""
    for i in range(35):
        day = date(2025, 3, 1) + timedelta(days=i // 2)
        ordinal = i + 1
        fee = 0 if ordinal <= 10 else 100 if ordinal <= 30 else 200
        charged = str(fee if ordinal != 31 else 100)  # one notice charged the wrong band
        yield (
            row(
                f"F{ordinal:02d}",
                "自然人",
                day.isoformat(),
                "（一）",
                (day + timedelta(days=6)).isoformat(),
                applicant="张三",
                fee="按件",
                fee_notice=(day + timedelta(days=1)).isoformat(),
                paid=(day + timedelta(days=3)).isoformat(),
                charged=charged,
            ),
            fee,
            "granted",
        )
    yield (
        row("F36", "自然人", "2025-04-01", "（一）", "2025-04-08", applicant="张三", fee="按件"),
        0,
        "granted",
    )
    for pages, fee in ((30, 0), (31, 10), (100, 700), (101, 720), (150, 1700), (201, 2740)):
        yield (
            row(
                f"P{pages}",
                "法律服务机构",
                "2025-05-06",
                "（二）",
                "2025-05-20",
                fee="按量",
                pages=str(pages),
            ),
            fee,
            "partially_granted",
        )


def bulk_rows() -> Iterator[dict[str, str]]:
    """168 more: every outcome row × every applicant type, answered a week after receipt."""
    for i in range(168):
        received = date(2025, 4, 1) + timedelta(days=i)
        text, _ = OUTCOMES[i % len(OUTCOMES)]
        yield row(
            f"B{i:03d}", TYPES[i % 6], received.isoformat(), text, (received + timedelta(days=7)).isoformat()
        )


BAD = [
    (row("X1", "个体户", "2025-03-03", "（一）", "2025-03-10"), "申请人类型“个体户”"),
    (
        row("X2", "自然人", "2025-03-10", "（一）", "2025-03-03"),
        "答复日期（2025-03-03）早于收到日期（2025-03-10）",
    ),
    (row("X3", "自然人", "", "（一）", "2025-03-03"), "缺少收到日期"),
    (row("X4", "自然人", "2025-03-03", "（八）1", "2025-03-10"), "办理结果“（八）1”"),
    (row("X5", "自然人", "2025-02-30", "（一）", "2025-03-10"), "收到日期“2025-02-30”不是有效日期"),
    (row("X6", "自然人", "2025-03-03", "（一）"), "有办理结果但没有答复日期"),
    (row("T2", "自然人", "2025-03-03", "（一）", "2025-03-10"), "编号“T2”与第 3 行重复"),
]


def build() -> tuple[list[dict[str, str]], dict[str, dict[str, int]], dict[str, tuple], dict[str, int], list]:
    rows: list[dict[str, str]] = []
    expected = {
        k: dict.fromkeys([*COL.values(), "total"], 0)
        for k in (*OUTCOME_KEY.values(), "new_received", "carried_over", "results_total", "carried_forward")
    }
    cases: dict[str, tuple] = {}
    fees: dict[str, int] = {}

    def count(r: dict[str, str], where: set[str]) -> None:
        col = COL[r["申请人类型"]]
        for w in where:
            key = {"new": "new_received", "in": "carried_over", "out": "carried_forward"}.get(w, w)
            expected[key][col] += 1
            expected[key]["total"] += 1
            if key in OUTCOME_KEY.values():
                expected["results_total"][col] += 1
                expected["results_total"]["total"] += 1

    for r, where, due, used, late in TRICKY:
        rows.append(r)
        count(r, where)
        cases[r["编号"]] = (due, used, late)
    for r, fee, outcome in fee_rows():
        rows.append(r)
        count(r, {"new", outcome})
        fees[r["编号"]] = fee
    for r in bulk_rows():
        rows.append(r)
        count(r, {"new", OUTCOME_KEY[r["办理结果"]]})
    bad = []
    for r, message in BAD:
        rows.append(r)
        bad.append((len(rows) + 1, message))  # + 1: the header is row 1
    return rows, expected, cases, fees, bad


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, HEADER)
        w.writeheader()
        w.writerows(rows)


def _write_xlsx(path: Path, rows: list[dict[str, str]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for r in rows:
        values: list[object] = []
        for h in HEADER:
            v = r[h]
            if h in reg.DATE_COLUMNS and v and v != "2025-02-30":
                values.append(D(v))  # a real Excel date cell
            elif h == "页数" and v:
                values.append(int(v))
            else:
                values.append(v or None)
        sheet.append(values)
    book.save(path)


def test_holiday_schedule_as_the_notices_give_it() -> None:
    # 2024 国庆; 2025 春节; 2025 国庆中秋; 2026 元旦 (国务院办公厅 notices)
    for day in (
        "2024-09-29",
        "2024-10-12",
        "2025-01-26",
        "2025-02-08",
        "2025-09-28",
        "2025-10-11",
        "2026-01-04",
    ):
        assert is_workday(D(day)), day
    for day in (
        "2024-10-01",
        "2024-10-07",
        "2025-01-28",
        "2025-02-04",
        "2025-10-08",
        "2026-01-02",
        "2024-09-28",
    ):
        assert not is_workday(D(day)), day
    assert add_workdays(D("2024-09-20"), 20) == D("2024-10-23")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    rows, expected, cases, fees, bad = build()
    assert len(rows) - len(BAD) >= 200
    base = tmp_path_factory.mktemp("register")
    csv_path, xlsx_path = base / "登记簿.csv", base / "登记簿.xlsx"
    _write_csv(csv_path, rows)
    _write_xlsx(xlsx_path, rows)
    return csv_path, xlsx_path, expected, cases, fees, bad


def _result(path: Path, *extra: str) -> tuple[int, dict]:
    done = subprocess.run(
        [sys.executable, "-m", "xxgk", "register", str(path), "--year", "2025", "--json", *extra],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in done.stderr
    return done.returncode, json.loads(done.stdout)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_table3_deadlines_fees_and_bad_rows(built: tuple, kind: str) -> None:
    csv_path, xlsx_path, expected, cases, fees, bad = built
    code, out = _result(csv_path if kind == "csv" else xlsx_path)
    assert code == 1  # bad rows
    table = out["table3"]
    for key, cols in expected.items():
        assert table[key] == cols, key
    # the rows with no case stay 0 and 一+二 = （七）+四 holds in every column
    for col in [*COL.values(), "total"]:
        assert table["new_received"][col] + table["carried_over"][col] == (
            table["results_total"][col] + table["carried_forward"][col]
        )
    got = {c["id"]: c for c in out["cases"]}
    for ident, (due, used, late) in cases.items():
        if ident == "T11":
            continue
        assert (got[ident]["due"], got[ident]["working_days_used"], got[ident]["overdue"]) == (
            due,
            used,
            late,
        ), ident
    assert {i for i, c in got.items() if c["correction_notice_late"]} == NOTICE_LATE
    for ident, fee in fees.items():
        assert got[ident]["fee_computed"] == fee, ident
    assert sum(got[f"F{i:02d}"]["fee_computed"] for i in range(1, 36)) == 3000
    assert got["F31"]["fee_charged"] == 100 and got["F31"]["fee_computed"] == 200
    errors = [(e["row"], e["message"]) for e in out["errors"]]
    for number, message in bad:
        assert any(r == number and message in m for r, m in errors), (number, message, errors)
    assert len(errors) == len(bad)
    # every good row is a case; no row went missing
    assert len(out["cases"]) == len(cases) + len(fees) + 168


def test_a_pause_to_year_end_moves_the_deadline_into_the_next_year(built: tuple) -> None:
    # T11: received 2024-12-30, extension, consultation 2025-01-06..2025-12-31. Counted: 12-31 (1),
    # 2025-01-02, 03, 06 (4; 01-06 is the day it starts); nothing more in 2025. 2026: 01-04 (Sun,
    # worked after 元旦) 5, 01-05..09 10, 12..16 15, 19..23 20, 26..30 25, 02-02..06 30, 02-09..13 35,
    # 02-14 (Sat, worked before 春节 02-15..23) 36, 02-24 37, 25 38, 26 39, 02-27 the 40th
    _, out = _result(built[0])
    t11 = next(c for c in out["cases"] if c["id"] == "T11")
    assert t11["working_days_used"] == 4 and t11["overdue"] is False
    assert t11["due"] == "2026-02-27"


def test_last_year(built: tuple, tmp_path: Path) -> None:
    csv_path = built[0]
    # the same register as last year's: its 2024 结转 (T6 自然人, T11 商业企业) is this year's 上年结转
    code, out = _result(csv_path, "--last", str(csv_path))
    assert out["table3"]["carried_over"]["natural_person"] == 1
    assert out["table3"]["carried_over"]["commercial"] == 1
    assert all(e["row"] is not None for e in out["errors"])
    # a report that carried nothing forward disagrees: a register-wide error, and its figures are used
    report = Path(__file__).parent / "data" / "corpus" / "009_pingtan_2024.txt"
    code, out = _result(csv_path, "--last", str(report))
    assert out["table3"]["carried_over"]["total"] == 0
    assert any(e["row"] is None and "上年结转" in e["message"] for e in out["errors"])


def test_template_round_trip(tmp_path: Path) -> None:
    for name in ("模板.xlsx", "模板.csv"):
        target = tmp_path / name
        done = subprocess.run(
            [sys.executable, "-m", "xxgk", "new", "--register", str(target)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        empty = reg.read_register(target)
        assert empty.cases == [] and empty.errors == []
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "模板.xlsx").worksheets[0]
    assert [c.value for c in sheet[1]] == HEADER


def test_report_from_register(built: tuple) -> None:
    report, errors = reg.report_from_register(built[0], 2025)
    assert report.year == 2025 and report.format_version == "2021"
    assert report.value("table3.new_received.total") == built[2]["new_received"]["total"]
    assert errors  # the bad rows travel with it


def test_uncovered_year_is_refused(built: tuple) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "xxgk", "register", str(built[0]), "--year", "2031"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "E_CALENDAR_YEAR" in done.stderr and "2031" in done.stderr


def test_not_a_register(tmp_path: Path) -> None:
    bad = tmp_path / "x.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "xxgk", "register", str(bad), "--year", "2025"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "E_REGISTER_INPUT" in done.stderr and "表头缺少" in done.stderr


def test_a_deadline_past_the_calendar_is_an_error_not_a_guess(tmp_path: Path) -> None:
    # received 2026-12-21: its 20th working day falls in 2027, which the calendar does not hold
    path = tmp_path / "登记簿.csv"
    _write_csv(
        path, [row("L1", "自然人", "2026-12-21"), row("L2", "自然人", "2026-11-02", "（一）", "2026-11-20")]
    )
    done = subprocess.run(
        [sys.executable, "-m", "xxgk", "register", str(path), "--year", "2026", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    out = json.loads(done.stdout)
    l1 = next(c for c in out["cases"] if c["id"] == "L1")
    assert l1["due"] is None and l1["overdue"] is False
    assert [e["row"] for e in out["errors"]] == [2] and "2027" in out["errors"][0]["message"]
    # the case is still counted: received in 2026 and open at its end
    assert out["table3"]["new_received"]["natural_person"] == 2
    assert out["table3"]["carried_forward"]["natural_person"] == 1
    # L2: 2026-11-02 (Mon) → 11-20 is the 14th working day after it
    l2 = next(c for c in out["cases"] if c["id"] == "L2")
    assert (l2["due"], l2["working_days_used"], l2["overdue"]) == ("2026-11-30", 14, False)


def test_text_output_names_late_cases_and_bad_rows(built: tuple) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "xxgk", "register", str(built[0]), "--year", "2025"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    text = done.stdout
    assert "编号 T7（第 8 行）：应于 2025-03-27 前答复，2025-03-28 答复" in text
    assert "编号 F31" in text and "应为 200 元" in text
    assert "编号 T12" in text and "第三十条" in text
    assert "申请人类型“个体户”" in text


def test_render_fills_table3_from_the_register(built: tuple, tmp_path: Path) -> None:
    rows, expected, *_ = build()
    good = tmp_path / "good.csv"
    _write_csv(good, rows[: len(rows) - len(BAD)])
    truth = json.loads(
        (Path(__file__).parent / "data" / "corpus" / "119_pingtan-gonganju_2024.truth.json").read_text()
    )
    data = {k: truth[k] for k in ("agency", "format_version", "table2", "table4")}
    data["year"] = 2025
    (tmp_path / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "报告.docx"
    cmd = [sys.executable, "-m", "xxgk", "render", str(tmp_path / "data.json"), "-o", str(out)]
    done = subprocess.run([*cmd, "--register", str(good)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    report = extract_file(out)
    got = {row: {col: report.value(f"table3.{row}.{col}") for col in cols} for row, cols in expected.items()}
    assert got == expected
    # a register with bad rows is refused, and nothing is written
    refused = subprocess.run(
        [*cmd[:-1], str(tmp_path / "x.docx"), "--register", str(built[0])],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert refused.returncode == 2 and "申请登记簿有" in refused.stderr and not (tmp_path / "x.docx").exists()
