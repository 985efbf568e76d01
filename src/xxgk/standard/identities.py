"""Every identity (勾稽关系) of tables 3 and 4 as an equation over cell keys: sum(lhs) == sum(rhs)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from xxgk.standard.table3 import APPLICANT_COLUMNS, COLUMN_BY_KEY, ROW_BY_KEY, TABLE3_COLUMNS, table3_rows
from xxgk.standard.table4 import TABLE4_BLOCKS, TABLE4_COLUMNS


@dataclass(frozen=True, eq=False)  # compared by identity: each equation exists once
class Identity:
    code: (
        str  # rule id of the finding raised when it fails: T3.IDENTITY.COLUMN / .RESULTS / .ROW, T4.IDENTITY
    )
    name: str  # I3.1 / I3.2 / I3.3 / I4.1..3
    table: str
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    subject: str  # Chinese: which column / row / block the equation is about
    lhs_label: str = ""  # Chinese names of the two sides, for messages
    rhs_label: str = ""

    cells: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cells", self.lhs + self.rhs)


def _c3(row: str, col: str) -> str:
    return f"table3.{row}.{col}"


@cache
def identities_for(version: str, collapsed_other: bool = False) -> tuple[Identity, ...]:
    """Identities of a report in `version`; `collapsed_other` is a 2021 table whose （六） is one row."""
    rows = [r.key for r in table3_rows(version)]
    if version == "2021" and collapsed_other:
        rows = [k for k in rows if k not in ("other_overdue_correction", "other_overdue_fee", "other_misc")]
        rows.insert(rows.index("results_total"), "other_processing")
    outcomes = [k for k in rows if ROW_BY_KEY[k].outcome]
    out: list[Identity] = []
    for col in TABLE3_COLUMNS:
        subject = f"表三“{col.label}”列"
        out.append(
            Identity(
                "T3.IDENTITY.COLUMN",
                "I3.1",
                "table3",
                (_c3("new_received", col.key), _c3("carried_over", col.key)),
                (_c3("results_total", col.key), _c3("carried_forward", col.key)),
                subject,
                "第一项加第二项",
                "第三项加第四项",
            )
        )
    for col in TABLE3_COLUMNS:
        subject = f"表三“{col.label}”列"
        out.append(
            Identity(
                "T3.IDENTITY.RESULTS",
                "I3.2",
                "table3",
                (_c3("results_total", col.key),),
                tuple(_c3(r, col.key) for r in outcomes),
                subject,
                "（七）总计",
                "办理结果各行之和",
            )
        )
    for row in rows:
        subject = f"表三“{ROW_BY_KEY[row].label}”行"
        out.append(
            Identity(
                "T3.IDENTITY.ROW",
                "I3.3",
                "table3",
                (_c3(row, "total"),),
                tuple(_c3(row, c) for c in APPLICANT_COLUMNS),
                subject,
                "总计",
                "各类申请人之和",
            )
        )
    for i, (block, label) in enumerate(TABLE4_BLOCKS.items(), start=1):
        parts = tuple(f"table4.{block}.{c}" for c in TABLE4_COLUMNS if c != "total")
        out.append(
            Identity(
                "T4.IDENTITY",
                f"I4.{i}",
                "table4",
                (f"table4.{block}.total",),
                parts,
                f"表四“{label}”",
                "总计",
                "结果维持、结果纠正、其他结果、尚未审结之和",
            )
        )
    return tuple(out)


IDENTITIES = {v: identities_for(v) for v in ("2021", "2019")}


def cell_label(path: str) -> str:
    """Chinese name of a cell path, for messages: table3.granted.total -> 表三“（一）予以公开”行“总计”列."""
    table, row, col = path.split(".")
    if table == "table3":
        return f"表三“{ROW_BY_KEY[row].label}”行“{COLUMN_BY_KEY[col].label}”列"
    if table == "table4":
        return f"表四“{TABLE4_BLOCKS[row]}”“{TABLE4_COLUMNS[col]}”"
    from xxgk.standard.table2 import TABLE2

    for spec in TABLE2.values():
        for r in spec.rows:
            if r.key == row and col in r.columns:
                return f"表二“{r.label}”“{spec.columns[col]}”"
    return path


def cell_name(path: str) -> str:
    """The short name a clerk reads a cell by: table3.results_total.natural_person -> 表三 （七）总计·自然人;
    sub-rows carry their category's ordinal (表三 （三）3.危及“三安全一稳定”·总计)."""
    table, row, col = path.split(".")
    if table == "table3":
        spec = ROW_BY_KEY[row]
        label = spec.label.split("（区分处理")[0]  # （二）部分公开 without its printed note
        if spec.group and spec.group.startswith("（") and label[:1].isdigit():
            label = spec.group[:3] + label
        return f"表三 {label}·{COLUMN_BY_KEY[col].label}"
    if table == "table4":
        return f"表四 {TABLE4_BLOCKS[row]}·{TABLE4_COLUMNS[col]}"
    return cell_label(path)
