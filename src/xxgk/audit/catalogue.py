"""The rule catalogue: stable ids, one severity each, and what each checks (in Chinese)."""

from __future__ import annotations

from dataclasses import dataclass

from xxgk.document import Where
from xxgk.report import Fault, Finding, Severity


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str  # what it checks, for `xxgk rules`
    example: str  # an example message
    basis: str = ""  # SPEC section or legal basis


RULES: dict[str, Rule] = {}


def rule(code: str, severity: Severity, title: str, example: str, basis: str = "") -> None:
    if code in RULES:
        raise ValueError(f"duplicate rule {code}")
    RULES[code] = Rule(code, severity, title, example, basis)


def finding(
    code: str,
    message: str,
    cells: list[str] | None = None,
    where: Where | None = None,
    fault: Fault = None,
    numbers: list[float] | None = None,
    severity: Severity | None = None,
) -> Finding:
    """A Finding of a catalogued rule; the severity is the rule's unless a rule documents a second one."""
    r = RULES[code]
    return Finding(
        code, severity or r.severity, message, list(cells or []), where or Where(), fault, list(numbers or [])
    )


# --- reading and structure of the tables (raised by the extractor) ---
rule("STRUCT.TABLE_MISSING", "error", "报告缺少表二、表三或表四", "没有找到表三", "SPEC §2, V-STRUCT-1")
rule(
    "STRUCT.TABLE2_MIXED",
    "warning",
    "表二同时含有2019年试行格式和2021年格式的栏目",
    "表二同时出现2019年试行格式和2021年格式的栏目",
    "SPEC §8.5",
)
rule(
    "STRUCT.VERSION_MIXED",
    "error",
    "表二与表三的格式版本不一致（如2021年表二配2019年表三）",
    "表二为2021年格式，表三却是2019年格式",
    "SPEC §8.5, V-STRUCT-2",
)
rule(
    "T3.STRUCTURE.COLLAPSED_OTHER",
    "warning",
    "2021年格式的表三把“（六）其他处理”印成一行，缺少三个子项",
    "表三“（六）其他处理”只印了一行，缺少2021年格式的1.、2.、3.三个子项",
    "SPEC §6.3",
)
rule(
    "T3.STRUCTURE.COLUMN_MISSING",
    "warning",
    "表三缺少某个申请人列（如“其他”）",
    "表三缺少“其他”申请人列（格式不规范）",
    "SPEC §8.3",
)
rule(
    "T2.LAYOUT.CELLS",
    "warning",
    "表二某行读到的数值个数与列数不符，无法定位",
    "表二“规章”行的数值个数与列数（3）不符",
)
rule(
    "T3.LAYOUT.CELLS",
    "warning",
    "表三某行读到的数值个数与列数不符，无法定位",
    "表三“（一）予以公开”行的数值个数（5）与列数（7）不符",
)
rule("T4.LAYOUT.CELLS", "warning", "表四读到的数值个数不是15个，无法定位", "表四读到 13 个数值，应为 15 个")
rule(
    "T2.DIGITS.RUN_TOGETHER",
    "warning",
    "表二某行数字粘连且拆分方式不唯一（表二无勾稽关系可用）",
    "表二“行政规范性文件”行的数字连在一起（“6233440”），有3种以上拆分方式",
)
rule(
    "T4.DIGITS.RUN_TOGETHER",
    "warning",
    "表四数字粘连，按勾稽关系仍有多种拆分",
    "表四的数字连在一起，按勾稽关系有2种拆分方式",
)
# --- identities (勾稽关系) ---
rule(
    "T3.IDENTITY.COLUMN",
    "error",
    "表三每一列：第一项加第二项之和等于第三项加第四项之和（I3.1）",
    "表三“自然人”列：第一项加第二项（16+0=16）不等于第三项加第四项（18），相差 2",
    "SPEC §4.4 I3.1, V-T3-1",
)
rule(
    "T3.IDENTITY.RESULTS",
    "error",
    "表三每一列：（七）总计等于各办理结果之和（I3.2）",
    "表三“自然人”列：（七）总计（20）不等于办理结果各行之和（6+6+4+3+3+4=26），相差 6",
    "SPEC §4.4 I3.2, V-T3-2",
)
rule(
    "T3.IDENTITY.ROW",
    "error",
    "表三每一行：总计等于各类申请人之和（I3.3）",
    "表三“一、本年新收政府信息公开申请数量”行：总计（0）不等于各类申请人之和（5+1=6），相差 6",
    "SPEC §4.4 I3.3, V-T3-3",
)
rule(
    "T4.IDENTITY",
    "error",
    "表四每一栏：总计等于结果维持、结果纠正、其他结果、尚未审结之和（I4.1–I4.3）",
    "表四“行政复议”：总计（0）不等于结果维持、结果纠正、其他结果、尚未审结之和（10+1=11），相差 11",
    "SPEC §5.2, V-T4-1..3",
)
rule(
    "IDENTITY.UNVERIFIABLE",
    "info",
    "因单元格为空或无法读取而无法核对的勾稽关系（不当作0处理）",
    "3 条勾稽关系因单元格为空或无法读取而无法核对（表四）",
    "SPEC §9",
)
# --- cells ---
rule(
    "CELL.INFERRED",
    "warning",
    "原文为空或无法读取、但勾稽关系唯一确定的单元格（已补出并标为 inferred）",
    "以下单元格在原文中为空或无法读取，按表格勾稽关系只有唯一可能的数值，已据此补出：表三“（七）总计”行“自然人”列＝35",
    "REPORT_FORMAT inferred",
)
rule(
    "CELL.UNRESOLVED",
    "warning",
    "原文为空或无法读取、勾稽关系也无法唯一确定的单元格（保留为空，不补0）",
    "以下单元格在原文中为空或无法读取，勾稽关系允许多个数值，无法确定，保留为空：表四“复议后起诉”“总计”",
)
rule(
    "CELL.CONFLICT",
    "warning",
    "空白单元格所在的勾稽关系本身互相矛盾，无法补出",
    "以下单元格为空或无法读取，而相关勾稽关系本身互相矛盾，不能据此补出数值",
)
rule(
    "T2.CELL.MISSING",
    "warning",
    "表二的空白或无法读取的单元格（表二无勾稽关系，无法补出）",
    "表二以下单元格为空或无法读取：表二“行政许可”“本年处理决定数量”",
    "V-T2-1",
)
