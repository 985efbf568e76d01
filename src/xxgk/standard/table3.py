"""Table 3 (收到和处理政府信息公开申请情况): rows and columns of both formats."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    label: str
    pattern: re.Pattern[str]  # matched against textnorm.label_key_ocr of a header cell


@dataclass(frozen=True)
class RowSpec:
    key: str
    label: str
    group: str | None  # the category label (（三）不予公开 …) or None
    pattern: re.Pattern[str]  # matched against textnorm.label_key_ocr of the row's label text
    versions: tuple[str, ...] = ("2021", "2019")
    outcome: bool = False  # one of the mutually exclusive outcome rows summed by （七）总计
    stream: str = ""  # regex over raw text locating the label where a table was flattened into one line


def _p(rx: str) -> re.Pattern[str]:
    return re.compile(rx)


NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
COLUMN_GROUP = "申请人情况"
COLUMN_PARENT = "法人或其他组织"

TABLE3_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("natural_person", "自然人", _p(r"^自然人$")),
    ColumnSpec("commercial", "商业企业", _p(r"^(商业企业|企业|商业企)$")),
    ColumnSpec("research", "科研机构", _p(r"^(科研机构|科研机)$")),
    ColumnSpec("nonprofit", "社会公益组织", _p(r"^(社会公益组织|公益组织|社会组织|社会公)$")),
    ColumnSpec("legal_service", "法律服务机构", _p(r"^(法律服务机构|法律服务|法律服)$")),
    ColumnSpec("other", "其他", _p(r"^其他$")),
    ColumnSpec("total", "总计", _p(r"^(总计|合计)$")),
)
APPLICANT_COLUMNS = tuple(c.key for c in TABLE3_COLUMNS if c.key != "total")

GROUP_RESULTS = "三、本年度办理结果"
GROUP_DENIED = "（三）不予公开"
GROUP_UNABLE = "（四）无法提供"
GROUP_NOT_PROCESSED = "（五）不予处理"
GROUP_OTHER = "（六）其他处理"

TABLE3_ROWS: tuple[RowSpec, ...] = (
    RowSpec(
        "new_received", "一、本年新收政府信息公开申请数量", None, _p(r"本年新收|新收"), stream=r"本年新收"
    ),
    RowSpec("carried_over", "二、上年结转政府信息公开申请数量", None, _p(r"上年结转"), stream=r"上年结转"),
    RowSpec("granted", "（一）予以公开", GROUP_RESULTS, _p(r"予以公开"), outcome=True, stream=r"予以公开"),
    RowSpec(
        "partially_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        GROUP_RESULTS,
        _p(r"部分公开"),
        outcome=True,
        stream=r"部分公开",
    ),
    RowSpec(
        "denied_state_secret",
        "1.属于国家秘密",
        GROUP_DENIED,
        _p(r"国家秘密"),
        outcome=True,
        stream=r"国家秘密",
    ),
    RowSpec(
        "denied_prohibited_by_law",
        "2.其他法律行政法规禁止公开",
        GROUP_DENIED,
        _p(r"禁止公开|其他法律行政|法律法规禁|止公开$"),
        outcome=True,
        stream=r"禁止公开|行政止公开",
    ),
    RowSpec(
        "denied_three_safety_one_stability",
        "3.危及“三安全一稳定”",
        GROUP_DENIED,
        _p(r"三安全|一稳定"),
        outcome=True,
        stream=r"一稳定[”\"]?",
    ),
    RowSpec(
        "denied_third_party_rights",
        "4.保护第三方合法权益",
        GROUP_DENIED,
        _p(r"第三方"),
        outcome=True,
        stream=r"第三方合法权益",
    ),
    RowSpec(
        "denied_internal_affairs",
        "5.属于三类内部事务信息",
        GROUP_DENIED,
        _p(r"内部事务"),
        outcome=True,
        stream=r"内部事务信息",
    ),
    RowSpec(
        "denied_process_info",
        "6.属于四类过程性信息",
        GROUP_DENIED,
        _p(r"过程性"),
        outcome=True,
        stream=r"过程性信息",
    ),
    RowSpec(
        "denied_enforcement_files",
        "7.属于行政执法案卷",
        GROUP_DENIED,
        _p(r"执法案卷"),
        outcome=True,
        stream=r"执法案卷",
    ),
    RowSpec(
        "denied_query_matter",
        "8.属于行政查询事项",
        GROUP_DENIED,
        _p(r"查询事项"),
        outcome=True,
        stream=r"查询事项",
    ),
    RowSpec(
        "unable_not_held",
        "1.本机关不掌握相关政府信息",
        GROUP_UNABLE,
        _p(r"不掌握"),
        outcome=True,
        stream=r"不掌握相关政府信息",
    ),
    RowSpec(
        "unable_needs_creation",
        "2.没有现成信息需要另行制作",
        GROUP_UNABLE,
        _p(r"另行制作|没有现成"),
        outcome=True,
        stream=r"另行制作",
    ),
    RowSpec(
        "unable_unclear_after_correction",
        "3.补正后申请内容仍不明确",
        GROUP_UNABLE,
        _p(r"补正后|仍不明确|申请内容不明确"),
        outcome=True,
        stream=r"仍不明确",
    ),
    RowSpec(
        "not_processed_petition_complaint",
        "1.信访举报投诉类申请",
        GROUP_NOT_PROCESSED,
        _p(r"信访|举报投诉"),
        outcome=True,
        stream=r"投诉类申请",
    ),
    RowSpec(
        "not_processed_duplicate",
        "2.重复申请",
        GROUP_NOT_PROCESSED,
        _p(r"重复申请"),
        outcome=True,
        stream=r"重复申请",
    ),
    RowSpec(
        "not_processed_publication",
        "3.要求提供公开出版物",
        GROUP_NOT_PROCESSED,
        _p(r"出版物"),
        outcome=True,
        stream=r"公开出版物",
    ),
    RowSpec(
        "not_processed_mass_repeated",
        "4.无正当理由大量反复申请",
        GROUP_NOT_PROCESSED,
        _p(r"大量反复"),
        outcome=True,
        stream=r"大量反复申请",
    ),
    RowSpec(
        "not_processed_confirm_or_reissue",
        "5.要求行政机关确认或重新出具已获取信息",
        GROUP_NOT_PROCESSED,
        _p(r"重新出具|确认或重新"),
        outcome=True,
        stream=r"已获取信息",
    ),
    RowSpec(
        "other_overdue_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        GROUP_OTHER,
        _p(r"不补正"),
        versions=("2021",),
        outcome=True,
        stream=r"不补正[^\d]*?公开申请",
    ),
    RowSpec(
        "other_overdue_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        GROUP_OTHER,
        _p(r"缴纳费用|收费通知|逾期未缴费"),
        versions=("2021",),
        outcome=True,
        stream=r"缴纳费用[^\d]*?公开申请",
    ),
    RowSpec(
        "other_misc",
        "3.其他",
        GROUP_OTHER,
        _p(r"(^|[^计])3其他$|^其他$"),
        versions=("2021",),
        outcome=True,
        stream=r"(?<=3[.．、])\s*其他(?!处理|法律|情形|组织)",
    ),
    RowSpec(
        "other_processing",
        "（六）其他处理",
        GROUP_RESULTS,
        _p(r"其他处理$"),
        versions=("2019",),
        outcome=True,
        stream=r"其他处理(?=\s*[\d/—-])",
    ),
    RowSpec(
        "results_total",
        "（七）总计",
        GROUP_RESULTS,
        _p(r"总计|合计"),
        stream=r"[（(]七[)）]\s*总[计记]|总[计记](?=\s*[\d/—-])",
    ),
    RowSpec(
        "carried_forward",
        "四、结转下年度继续办理",
        None,
        _p(r"结转下年度|下年度继续"),
        stream=r"结转下年度继续办理|下年度继续办理",
    ),
)
ROW_BY_KEY = {r.key: r for r in TABLE3_ROWS}
COLUMN_BY_KEY = {c.key: c for c in TABLE3_COLUMNS}
OTHER_SUBROWS = ("other_overdue_correction", "other_overdue_fee", "other_misc")


def table3_rows(version: str) -> tuple[RowSpec, ...]:
    """Rows in printed order for a format version ("2021" or "2019")."""
    return tuple(r for r in TABLE3_ROWS if version in r.versions)


# Patterns that mark a label fragment as a category/group heading rather than a data row.
# A category printed with numbers of its own is a subtotal row the format does not have
# (third-party templates add them); matched against label_key_ocr of a row with no row match.
SUBTOTAL_ROW_PATTERN = re.compile(r"^(本年度办理结果)?[三四五]?(不予公开|无法提供|不予处理)(小计)?$|小计")
# The 法人或其他组织 subtotal column, likewise not in the format.
SUBTOTAL_COLUMN_LABEL = "法人或其他组织小计"


def _category_rows(group: str) -> tuple[str, ...]:
    return tuple(r.key for r in TABLE3_ROWS if r.group == group)


# The outcome categories (三、本年度办理结果), as narratives name them: key -> (name, rows). The
# （六） category lists the 2021 sub-rows and the single 2019 row; a table has one or the other.
OUTCOME_CATEGORIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "granted": ("予以公开", ("granted",)),
    "partially_granted": ("部分公开", ("partially_granted",)),
    "denied": ("不予公开", _category_rows(GROUP_DENIED)),
    "unable": ("无法提供", _category_rows(GROUP_UNABLE)),
    "not_processed": ("不予处理", _category_rows(GROUP_NOT_PROCESSED)),
    "other": ("其他处理", (*_category_rows(GROUP_OTHER), "other_processing")),
}
