"""信息处理费 (SPEC §7): what §六 says against table 3 （六）2.

Only 信息处理费 is compared. Table 2's 行政事业性收费 is the agency's whole fee revenue and says
nothing about disclosure fees; a checker that reads “§六 无收费” against it (as one third-party
tool does) confuses the two, so no rule here looks at table 2."""

from __future__ import annotations

from xxgk.audit import check, narrative, tables
from xxgk.catalogue import finding
from xxgk.report import Report

OVERDUE_FEE = "table3.other_overdue_fee.total"


@check
def fee_notices(report: Report) -> None:
    """V-FEE-1 / V-FEE-2: applications dropped for not paying presuppose fee notices."""
    overdue = tables.cell(report, OVERDUE_FEE)
    if overdue is None or len(overdue) != 1:
        return
    (n,) = overdue
    if n <= 0:
        return
    facts = narrative.read(report)
    notices = facts.of("fee.notices")
    denied = [f for f in notices if f.value == 0]
    if denied:
        report.add(
            finding(
                "FEE.NOTICES_DENIED",
                f"正文称“{facts.phrase(denied[0])}”，表三“（六）2.申请人逾期未按收费通知要求缴纳费用”总计却为 {n} 件；"
                "除非收费通知是上年发出、今年才逾期，否则二者矛盾",
                [OVERDUE_FEE],
                denied[0].where,
                "source",
                [n, 0],
            )
        )
        return
    if any(f.value >= n for f in notices):
        return
    said = facts.of("fee.collected")
    what = f"第六部分只说“{facts.phrase(said[0])}”" if said else "报告没有说明信息处理费情况"
    report.add(
        finding(
            "FEE.NOTICES_UNREPORTED",
            f"表三“（六）2.申请人逾期未按收费通知要求缴纳费用”总计为 {n} 件，说明发出过收费通知，"
            f"{what}，没有说明发出收费通知的件数（未缴费的申请不收钱，不算矛盾）",
            [OVERDUE_FEE],
            said[0].where if said else None,
            "source",
            [n],
        )
    )


@check
def fee_statement(report: Report) -> None:
    """§六 of a 2021-format report should state the fee situation, even when it is nil."""
    if report.format_version != "2021" or not report.sections:
        return
    facts = narrative.read(report)
    if facts.kinds("fee."):
        return
    if any("处理费" in s.text or "收费通知" in s.text for s in report.sections):
        return  # mentioned in a form the patterns do not read (a table of 通知收取件数 …)
    report.add(finding("FEE.NOT_STATED", "报告没有说明本年度信息处理费的收取情况", fault="source"))
