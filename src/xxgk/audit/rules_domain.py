"""Values: every count a non-negative integer, blanks counted, and soft plausibility heuristics."""

from __future__ import annotations

from decimal import Decimal

from xxgk.audit import check, narrative
from xxgk.audit.agency import below_rule_making
from xxgk.catalogue import finding
from xxgk.report import Grid, Report
from xxgk.standard.identities import cell_label
from xxgk.standard.table2 import AMOUNT_COLUMNS, SIGNED_COLUMNS
from xxgk.values import parse_value

TABLE_NAMES = {"table2": "表二", "table3": "表三", "table4": "表四"}
CARRY_SHARE = 0.25  # SPEC V-T3-6: more than a quarter of the year's applications is a lot
CARRY_MIN = 3  # …but 1 of 2 is nothing to report
REVIEW_MIN = 5


def _allowed(table: str, col: str, value: int | Decimal) -> bool:
    if table == "table2" and col in AMOUNT_COLUMNS:
        return value >= 0
    if value != int(value):
        return False
    return value >= 0 or (table == "table2" and col in SIGNED_COLUMNS)


@check
def domain(report: Report) -> None:
    """V-T2-2, V-T3-4, V-T4-4: counts are integers >= 0; amounts are >= 0; 本年增/减 may be negative."""
    for table, name in TABLE_NAMES.items():
        grid: Grid | None = getattr(report, table)
        bad = [
            (f"{table}.{row}.{col}", c)
            for row, cols in (grid or {}).items()
            for col, c in cols.items()
            if c.status == "number" and c.value is not None and not _allowed(table, col, c.value)
        ]
        if bad:
            listed = "；".join(f"{cell_label(p)}为 {c.raw or c.value}" for p, c in bad[:8])
            report.add(
                finding(
                    f"{table.replace('table', 'T')}.DOMAIN",
                    f"{name}中有不合格式的数值（件数应为非负整数）：{listed}",
                    [p for p, _ in bad],
                    bad[0][1].where,
                    "source",
                    [float(c.value) for _, c in bad if c.value is not None],
                )
            )


@check
def blanks(report: Report) -> None:
    """V-T3-4: cells the source left empty or filled with “/”, “—” … instead of 0 (tables 3 and 4;
    table 2 blanks are the extractor's T2.CELL.MISSING)."""
    for table in ("table3", "table4"):
        grid: Grid | None = getattr(report, table)
        empty: list[str] = []
        placeholder: list[str] = []
        for row, cols in (grid or {}).items():
            for col, c in cols.items():
                if c.status == "absent":
                    continue
                kind = parse_value(c.raw)[0] if c.status in ("blank", "placeholder", "inferred") else "number"
                if kind == "blank":
                    empty.append(f"{table}.{row}.{col}")
                elif kind == "placeholder":
                    placeholder.append(f"{table}.{row}.{col}")
        if not empty and not placeholder:
            continue
        parts = [f"留空 {len(empty)} 个"] if empty else []
        parts += [f"印“/”“—”等占位符 {len(placeholder)} 个"] if placeholder else []
        name = TABLE_NAMES[table]
        report.add(
            finding(
                f"{table.replace('table', 'T')}.CELL.BLANK",
                f"{name}共有 {len(empty) + len(placeholder)} 个单元格原文未填数字（{'、'.join(parts)}），"
                "格式要求每格填数，没有的填0",
                empty + placeholder,
                report.cell((empty + placeholder)[0]).where,  # the first of them, where it is printed
                fault="source",
                numbers=[len(empty) + len(placeholder), len(empty), len(placeholder)],
            )
        )


@check
def fees_unit(report: Report) -> None:
    """V-T2-3: the narrative states the 行政事业性收费 in 元 and table 2 holds that number in 万元."""
    c = report.cell("table2.fees.amount_wan_yuan")
    if c is None or not c.known or c.value is None:
        return
    table_value = float(c.value)
    for fact in narrative.read(report).of("admin_fees"):
        yuan = fact.value * (10000 if fact.unit == "万元" else 1)
        if yuan >= 10000 and abs(table_value - yuan) <= max(1.0, yuan * 0.005):
            report.add(
                finding(
                    "T2.FEES.UNIT",
                    f"表二“本年收费金额（单位：万元）”为 {c.raw or table_value}，而正文称收费{fact.value:g}{fact.unit}，"
                    f"按万元应填 {yuan / 10000:g}（疑似按元填写）",
                    ["table2.fees.amount_wan_yuan"],
                    c.where,
                    "source",
                    [table_value, yuan],
                )
            )
            return


@check
def regulations_level(report: Report) -> None:
    """V-T2-4: a body without rule-making power reports 规章."""
    if report.table2 is None or not below_rule_making(report.agency):
        return
    nonzero = [
        (f"table2.regulations.{col}", c.value)
        for col, c in report.table2.get("regulations", {}).items()
        if c.known and c.value
    ]
    if nonzero:
        listed = "、".join(f"{cell_label(p).removeprefix('表二“规章”')}为 {v}" for p, v in nonzero)
        report.add(
            finding(
                "T2.REGULATIONS.LEVEL",
                f"{report.agency}不是有规章制定权的机关（只有省级和设区的市级人民政府制定规章），表二“规章”{listed}",
                [p for p, _ in nonzero],
                fault="source",
                numbers=[float(v) for _, v in nonzero if v is not None],
            )
        )


def _single(report: Report, row: str) -> int | None:
    c = report.cell(f"table3.{row}.total")
    return int(c.value) if c is not None and c.known and c.value is not None else None


@check
def carry_sizes(report: Report) -> None:
    """V-T3-6 and its mirror: 结转 more than a quarter of the year's applications."""
    new, cin, cout = (_single(report, r) for r in ("new_received", "carried_over", "carried_forward"))
    if new is None or cin is None:
        return
    base = new + cin
    for code, row, value, what in (
        ("T3.CARRIED_FORWARD.LARGE", "carried_forward", cout, "结转下年度继续办理"),
        ("T3.CARRIED_OVER.LARGE", "carried_over", cin, "上年结转"),
    ):
        if value is None or value < CARRY_MIN or value <= CARRY_SHARE * base:
            continue
        report.add(
            finding(
                code,
                f"表三{what} {value} 件，占本年新收与上年结转之和（{base} 件）的 {value / base:.0%}，"
                "按《条例》20＋20个工作日的答复期限偏多，请核实",
                [f"table3.{row}.total", "table3.new_received.total", "table3.carried_over.total"],
                fault="source",
                numbers=[value, base],
            )
        )


@check
def review_size(report: Report) -> None:
    c = report.cell("table4.review.total")
    new, cin = _single(report, "new_received"), _single(report, "carried_over")
    if c is None or not c.known or c.value is None or new is None or cin is None:
        return
    review = int(c.value)
    if review >= REVIEW_MIN and review > new + cin:
        report.add(
            finding(
                "T4.REVIEW.LARGE",
                f"表四行政复议总计 {review} 件，多于本年新收与上年结转的申请之和（{new + cin} 件），"
                "请核实是否把本机关作为复议机关办理的案件也计入了",
                ["table4.review.total", "table3.new_received.total", "table3.carried_over.total"],
                fault="source",
                numbers=[review, new + cin],
            )
        )
