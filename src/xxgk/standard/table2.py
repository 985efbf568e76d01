"""Table 2 (主动公开政府信息情况): rows, columns and groups of both formats."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Table2Row:
    key: str
    label: str
    group: str  # 第二十条第（X）项
    columns: tuple[str, ...]  # column keys in printed order
    pattern: re.Pattern[str]  # against label_key of the printed row label

    @property
    def signed(self) -> int | None:
        """The index of the column that may be negative (本年增/减), if the row has one."""
        return next((i for i, c in enumerate(self.columns) if c in SIGNED_COLUMNS), None)


@dataclass(frozen=True)
class Table2Spec:
    version: str
    columns: dict[str, str]  # key -> exact label
    column_patterns: dict[str, re.Pattern[str]]
    rows: tuple[Table2Row, ...]
    marker: re.Pattern[str]  # column labels that identify this version


G1, G5, G6, G8, G9 = (
    "第二十条第（一）项",
    "第二十条第（五）项",
    "第二十条第（六）项",
    "第二十条第（八）项",
    "第二十条第（九）项",
)
LABEL_COLUMN = "信息内容"
AMOUNT_COLUMNS = frozenset({"amount_wan_yuan", "amount"})  # decimals; the rest are counts
SIGNED_COLUMNS = frozenset({"net_change"})  # 本年增/减 may be negative


def _p(rx: str) -> re.Pattern[str]:
    return re.compile(rx)


# Row patterns are tried longest-label first so that 行政规范性文件 wins over 规范性文件 etc.
_REG = _p(r"^规章")
_ND = _p(r"规范性文件|規範性檔案")

TABLE2_2021 = Table2Spec(
    version="2021",
    columns={
        "issued": "本年制发件数",
        "repealed": "本年废止件数",
        "in_force": "现行有效件数",
        "decisions": "本年处理决定数量",
        "amount_wan_yuan": "本年收费金额（单位：万元）",
    },
    column_patterns={
        "issued": _p(r"制发"),
        "repealed": _p(r"废止"),
        "in_force": _p(r"[现先]行有效"),
        "decisions": _p(r"处理决定"),
        "amount_wan_yuan": _p(r"收费金额"),
    },
    rows=(
        Table2Row("regulations", "规章", G1, ("issued", "repealed", "in_force"), _REG),
        Table2Row("normative_documents", "行政规范性文件", G1, ("issued", "repealed", "in_force"), _ND),
        Table2Row("licensing", "行政许可", G5, ("decisions",), _p(r"^行政许可")),
        Table2Row("penalty", "行政处罚", G6, ("decisions",), _p(r"^行政处罚")),
        Table2Row("coercion", "行政强制", G6, ("decisions",), _p(r"^行政强制")),
        Table2Row("fees", "行政事业性收费", G8, ("amount_wan_yuan",), _p(r"^行政事业性收费")),
    ),
    marker=_p(r"本年制发件数|本年废止件数|现行有效件数|本年处理决定数量|本年收费金额"),
)

TABLE2_2019 = Table2Spec(
    version="2019",
    columns={
        "new_made": "本年新制作数量",
        "new_published": "本年新公开数量",
        "total_published": "对外公开总数量",
        "prior_items": "上一年项目数量",
        "net_change": "本年增/减",
        "decisions": "处理决定数量",
        "projects": "采购项目数量",
        "amount": "采购总金额",
    },
    column_patterns={
        "new_made": _p(r"新制作"),
        "new_published": _p(r"新公开"),
        "total_published": _p(r"公开总数"),
        "prior_items": _p(r"上一年项目"),
        "net_change": _p(r"增减"),
        "decisions": _p(r"处理决定"),
        "projects": _p(r"采购项目"),
        "amount": _p(r"采购总金额"),
    },
    rows=(
        Table2Row("regulations", "规章", G1, ("new_made", "new_published", "total_published"), _REG),
        Table2Row(
            "normative_documents", "规范性文件", G1, ("new_made", "new_published", "total_published"), _ND
        ),
        Table2Row("licensing", "行政许可", G5, ("prior_items", "net_change", "decisions"), _p(r"^行政许可")),
        Table2Row(
            "other_services",
            "其他对外管理服务事项",
            G5,
            ("prior_items", "net_change", "decisions"),
            _p(r"其他对外管理服务"),
        ),
        Table2Row("penalty", "行政处罚", G6, ("prior_items", "net_change", "decisions"), _p(r"^行政处罚")),
        Table2Row("coercion", "行政强制", G6, ("prior_items", "net_change", "decisions"), _p(r"^行政强制")),
        Table2Row("fees", "行政事业性收费", G8, ("prior_items", "net_change"), _p(r"^行政事业性收费")),
        Table2Row("procurement", "政府集中采购", G9, ("projects", "amount"), _p(r"政府集中采购")),
    ),
    marker=_p(r"本年新制作数量|本年新公开数量|对外公开总数量|上一年项目数量|第二十条第九项|采购项目数量"),
)

TABLE2 = {"2021": TABLE2_2021, "2019": TABLE2_2019}
