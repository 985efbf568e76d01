"""The rule catalogue: stable ids, one severity each, and what each checks (in Chinese).

It sits at the Report level, below both extract and audit, since both raise its findings."""

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
# --- between consecutive years of one agency (audit/yoy.py) ---
rule(
    "YOY.CARRY_OVER",
    "error",
    "表三“二、上年结转”逐列等于上一年度报告的“四、结转下年度继续办理”（同一机关为错误；"
    "仅机关与其办公室名称相对应时为警告）",
    "2022年报告表三“二、上年结转政府信息公开申请数量”与2021年报告（2021.txt）“四、结转下年度继续办理”不衔接："
    "“自然人”列 3 件≠1 件（相差 2）；“总计”列 3 件≠1 件（相差 2）",
    "SPEC §10.2 V-YOY-1",
)
rule(
    "YOY.STOCK_FLOW",
    "warning",
    "表二规章、行政规范性文件：上年现行有效件数＋本年制发件数－本年废止件数＝本年现行有效件数（2021年格式）",
    "表二“行政规范性文件”：2023年现行有效件数 470＋2024年本年制发件数 62－2024年本年废止件数 33＝499，"
    "而2024年现行有效件数为 440，相差 59",
    "SPEC §10.2 V-YOY-2",
)
rule(
    "YOY.TRIAL_ITEMS",
    "warning",
    "2019年试行格式表二：本年“上一年项目数量”＝上年的“上一年项目数量”＋“本年增/减”",
    "表二“行政许可”：2019年上一年项目数量 396＋2019年本年增/减 0＝396，而2020年上一年项目数量为 400，相差 4",
    "SPEC §10.2 V-YOY-3",
)
rule(
    "YOY.GROWTH_CLAIM",
    "warning",
    "正文“同比增长／下降X%”“增加／减少X件”与两年报告表格重新计算的结果不符",
    "正文“全年共收到政府信息公开申请41件，同比增长13.9%”与两年报告的表格不符："
    "新收申请数（表三第一项）2021年为 30、2022年为 41，应为增长 36.7%",
    "SPEC §10.2 V-YOY-4",
)
rule(
    "YOY.SECTION5_COPIED",
    "warning",
    "第五部分“存在的主要问题及改进情况”与上一年度报告高度相似（相似度超过80%），疑似内容雷同",
    "第五部分“存在的主要问题及改进情况”与2023年报告的相似度为 93%，疑似照搬上年内容",
    "SPEC §10.2 V-YOY-5",
)
rule(
    "YOY.SWING",
    "info",
    "表三“（五）4.无正当理由大量反复申请”“（六）2.逾期未缴费”的总计两年间大幅变化（仅提示）",
    "表三“（六）2.申请人逾期未按收费通知要求缴纳费用”总计由2022年的 0 件变为2023年的 12 件",
    "SPEC §10.2 V-YOY-6",
)
rule(
    "YOY.UNVERIFIABLE",
    "info",
    "因单元格为空或无法读取而无法核对的跨年度关系（不当作0处理）",
    "2021年报告“四、结转下年度继续办理”“总计”列无法读取，无法核对2022年的“二、上年结转”",
    "SPEC §9, §10.2",
)
# --- between files of one batch (batch.py) ---
rule(
    "BATCH.SAME_AGENCY_YEAR",
    "warning",
    "同一批文件中有两份内容不同的文件自称是同一机关同一年度的报告（可能是同一报告的不同版本，也可能有一份署错了机关或年度）",
    "114_pingtan_2024.html 与本文件内容不同，但都是平潭综合实验区2024年的报告",
)
# --- table structure the format does not have (raised by the extractor) ---
rule(
    "T3.STRUCTURE.SUBTOTAL_ROW",
    "warning",
    "表三印有格式中没有的（三）至（五）小计行（已忽略，不计入核对）",
    "表三印有格式中没有的小计行（（三）不予公开），已忽略这些行",
    "SPEC §4.2, V-T3-5",
)
rule(
    "T3.STRUCTURE.SUBTOTAL_COLUMN",
    "warning",
    "表三印有格式中没有的“法人或其他组织”小计列（已忽略）",
    "表三多印了一列“法人或其他组织小计”（格式中没有），已忽略该列",
    "SPEC §4.1, V-T3-5",
)
# --- structure of the report (audit/rules_structure.py) ---
rule(
    "STRUCT.SECTION_MISSING",
    "error",
    "报告应有六个部分（一、总体情况 … 六、其他需要报告的事项），按编号和关键词查找，缺少其中之一",
    "报告缺少“五、存在的主要问题及改进情况”：正文中找不到这一部分的标题",
    "SPEC §2.1, V-STRUCT-1",
)
rule(
    "STRUCT.NUMBERING",
    "warning",
    "六个部分的编号或先后顺序与格式不符（如把“其他需要报告的事项”编为“五、”）",
    "“其他需要报告的事项”编为“五、”，格式规定为“六、”（正文各部分依次为：一、总体情况／二、工作机制保障／…）",
    "SPEC §2.1",
)
rule(
    "STRUCT.HEADING_VARIANT",
    "info",
    "章节标题的措辞与格式不同，但能认出是哪一部分",
    "第五部分标题为“五、存在的主要问题及明年工作计划”，格式为“五、存在的主要问题及改进情况”",
    "SPEC §8.1",
)
rule(
    "STRUCT.HEADING_TYPO",
    "warning",
    "章节标题与格式只差一个字，疑似错别字",
    "第四部分标题为“四、政府信息公开行政法复议、行政诉讼情况”，与格式“四、政府信息公开行政复议、行政诉讼情况”差一个字",
    "SPEC §2.1",
)
rule(
    "STRUCT.HEADING_ORDINAL",
    "info",
    "章节标题用阿拉伯数字编号（2、）而不是格式的汉字编号（二、）",
    "第二、三、四、六部分的标题用阿拉伯数字编号（如“2、主动公开政府信息情况”），格式为“二、”",
    "SPEC §2.1",
)
rule(
    "STRUCT.SECTIONS_NOT_FOUND",
    "warning",
    "没有识别出任何章节，无法核对章节结构和正文中的数字",
    "没有识别出报告的六个部分，章节结构和正文数字均未核对",
)
rule(
    "META.AGENCY_MISSING",
    "warning",
    "报告标题中没有发布机关的名称（或没有找到标题），无法确定是哪个机关的报告",
    "标题“2023年政府信息公开工作年度报告”中没有机关名称，无法确定发布报告的机关",
    "REPORT_FORMAT agency",
)
rule(
    "META.YEAR_MISSING",
    "warning",
    "标题、统计期限和落款日期都没有给出报告年度",
    "标题、统计期限和落款日期都没有给出报告年度，无法确定报告的统计年度",
    "REPORT_FORMAT year",
)
rule(
    "STRUCT.VERSION_YEAR",
    "warning",
    "表格的格式版本与报告年度不符（2019、2020年度用试行格式，2021年度起用2021年格式）",
    "2022年度报告使用了2019年试行格式的表格（国办公开办函〔2019〕60号），2021年度起应使用国办公开办函〔2021〕30号格式",
    "SPEC §1.2, §8.5",
)
rule(
    "T2.STRUCTURE.ROW_MISSING",
    "warning",
    "表二缺少格式规定的某一行（如没有“规章”行）",
    "表二第二十条第（一）项没有“规章”行",
    "SPEC §3.1",
)
# --- values and plausibility (audit/rules_domain.py) ---
rule(
    "T2.DOMAIN",
    "error",
    "表二的件数应为非负整数（“本年增/减”可为负），收费金额应为非负数",
    "表二“行政许可”“本年处理决定数量”为 -3，件数不能为负数",
    "SPEC §3.2, V-T2-2",
)
rule(
    "T3.DOMAIN",
    "error",
    "表三每个单元格都应为非负整数",
    "表三“（一）予以公开”行“自然人”列为 2.5，件数应为整数",
    "SPEC §4.4 I3.4, V-T3-4",
)
rule(
    "T4.DOMAIN",
    "error",
    "表四每个单元格都应为非负整数",
    "表四“行政复议”“结果维持”为 -1，件数不能为负数",
    "SPEC §5.2 I4.4, V-T4-4",
)
rule(
    "T3.CELL.BLANK",
    "warning",
    "表三有单元格原文留空或印“/”“—”等占位符（应填0）；能否补出另见 CELL.* 提示",
    "表三共有 126 个单元格原文未填数字（留空 126 个），格式要求每格填数，没有的填0",
    "SPEC §8.3, V-T3-4",
)
rule(
    "T4.CELL.BLANK",
    "warning",
    "表四有单元格原文留空或印“/”“—”等占位符（应填0）；能否补出另见 CELL.* 提示",
    "表四共有 9 个单元格原文未填数字（留空 9 个），格式要求每格填数，没有的填0",
    "SPEC §8.4",
)
rule(
    "T2.FEES.UNIT",
    "warning",
    "表二“行政事业性收费”的单位是万元，所填数值疑似按元填写",
    "表二“本年收费金额（单位：万元）”为 1234567，而正文称收费1234567元，按万元应填 123.4567",
    "SPEC §3.2, V-T2-3",
)
rule(
    "T2.REGULATIONS.LEVEL",
    "warning",
    "乡镇、街道、片区和县（区）级机关没有规章制定权，表二“规章”却不为0",
    "凤泉区大块镇不是有规章制定权的机关，表二“规章”“本年制发件数”却为 2",
    "SPEC §3.2, V-T2-4",
)
rule(
    "T3.CARRIED_FORWARD.LARGE",
    "warning",
    "表三“四、结转下年度继续办理”超过当年申请（一＋二）的25%，按20＋20个工作日的答复期限偏多",
    "表三结转下年度继续办理 12 件，占本年新收与上年结转之和（30 件）的 40%",
    "SPEC §4.4, V-T3-6",
)
rule(
    "T3.CARRIED_OVER.LARGE",
    "warning",
    "表三“二、上年结转”超过当年申请（一＋二）的25%，上年结转一般只是年末几周收到的申请",
    "表三上年结转 15 件，占本年新收与上年结转之和（20 件）的 75%",
    "SPEC §4.4",
)
rule(
    "T4.REVIEW.LARGE",
    "warning",
    "表四行政复议件数多于当年全部申请（一＋二），疑似把本机关作为复议机关办理的案件也计入",
    "表四行政复议总计 40 件，多于本年新收与上年结转的申请之和（12 件）",
    "SPEC §5.2",
)
# --- dates (audit/rules_dates.py) ---
rule(
    "DATE.DEADLINE",
    "warning",
    "发布日期晚于《条例》第四十九条的期限（部门1月31日；人民政府本级报告3月31日）",
    "报告落款日期为2024-02-08，晚于部门报告的法定期限2024-01-31",
    "条例第四十九条, V-DATE-1",
)
rule(
    "DATE.PUBLISHED_YEAR",
    "warning",
    "发布日期不在报告年度的次年（年度报告应在统计年度结束后的次年发布）",
    "2023年度报告的落款日期为2023-11-30，早于统计年度结束",
    "条例第四十九条",
)
rule(
    "DATE.PERIOD",
    "warning",
    "报告说明的统计期限不是报告年度的1月1日至12月31日（也包括标题年度与统计期限的年份不一致）",
    "报告称统计期限自2019年9月1日起至2019年12月31日止，不是2019年全年",
    "SPEC §1.2, §2.4, V-DATE-2",
)
# --- information processing fees (audit/rules_fees.py) ---
rule(
    "FEE.NOTICES_DENIED",
    "warning",
    "第六部分称未发出收费通知，表三“（六）2.逾期未按收费通知要求缴纳费用”却不为0（上年发出、今年逾期的除外）",
    "正文称全年未发出收费通知书，表三“（六）2.申请人逾期未按收费通知要求缴纳费用”总计却为 2 件",
    "SPEC §7, V-FEE-1",
)
rule(
    "FEE.NOTICES_UNREPORTED",
    "warning",
    "表三“（六）2.逾期未缴费”不为0，第六部分却没有说明发出了收费通知（未缴费不收钱，不算矛盾）",
    "表三“（六）2.申请人逾期未按收费通知要求缴纳费用”总计为 2 件，第六部分只说“无收取信息处理费情况”，没有说明发出收费通知的件数",
    "SPEC §7, V-FEE-2, V-TXT-9",
)
rule(
    "FEE.NOT_STATED",
    "info",
    "2021年格式的报告没有说明信息处理费的收取情况（收费通知件数、金额、实际收取金额）",
    "报告没有说明本年度信息处理费的收取情况",
    "SPEC §2.2, §11",
)
# --- narrative versus tables (audit/rules_narrative.py) ---
rule(
    "TXT.RECEIVED",
    "warning",
    "正文说的收到（受理、办理）申请件数与表三不符",
    "正文称全年办理9件，表三本年新收政府信息公开申请 45 件、办结 45 件",
    "SPEC §10.1 V-TXT-1",
)
rule(
    "TXT.RECEIVED_WITH_CARRIED",
    "info",
    "正文说的收到申请件数等于表三“一、本年新收”加“二、上年结转”，不是“一”本身",
    "正文称收到政府信息公开申请75件，等于表三本年新收 74 件加上年结转 1 件",
    "SPEC §10.1 V-TXT-1",
)
rule(
    "TXT.CARRIED_OVER",
    "warning",
    "正文说的上年结转件数与表三不符",
    "正文称上年结转2件，表三“二、上年结转”为 3 件",
    "SPEC §10.1 V-TXT-2",
)
rule(
    "TXT.CONCLUDED",
    "warning",
    "正文说的办结（答复）件数与表三“（七）总计”不符",
    "正文称办结69件，表三“（七）总计”为 70 件",
    "SPEC §10.1 V-TXT-3",
)
rule(
    "TXT.CARRIED_FORWARD",
    "warning",
    "正文说的结转下年度件数与表三“四、结转下年度继续办理”不符",
    "正文称1件结转下年度，表三“四、结转下年度继续办理”为 0 件",
    "SPEC §10.1 V-TXT-4",
)
rule(
    "TXT.OUTCOME",
    "warning",
    "正文说的某类办理结果件数或所占比例与表三不符",
    "正文称予以公开及部分公开258件、占33.9%，表三予以公开与部分公开合计 275 件（占（七）总计805件的34.2%）",
    "SPEC §10.1 V-TXT-5",
)
rule(
    "TXT.OUTCOME_SUM",
    "warning",
    "正文列出的各类办理结果件数相加不等于表三“（七）总计”",
    "正文各类办理结果 258+35+265+158+0=716 件，表三“（七）总计”为 805 件",
    "SPEC §10.1 V-TXT-5",
)
rule(
    "TXT.REVIEW_LITIGATION",
    "warning",
    "正文说的行政复议、行政诉讼或被纠错件数与表四不符",
    "正文称行政复议2件，表四行政复议总计为 3 件",
    "SPEC §10.1 V-TXT-6",
)
rule(
    "TXT.ALL_UPHELD",
    "warning",
    "正文称行政复议、诉讼“均获维持”，表四却有尚未审结、结果纠正或其他结果",
    "正文称行政复议、诉讼均获维持，表四却有行政复议尚未审结 2 件、未经复议直接起诉尚未审结 1 件",
    "SPEC §10.1 V-TXT-6",
)
rule(
    "TXT.NORMATIVE_DOCS",
    "warning",
    "正文说的规章、行政规范性文件件数与表二不符（公开的件数少于本年制发的件数也提示）",
    "正文称现行有效行政规范性文件393件，表二“行政规范性文件”“现行有效件数”不是 393（印为“77132470”）",
    "SPEC §10.1 V-TXT-7",
)
rule(
    "TXT.DECISIONS",
    "warning",
    "正文说的行政许可、行政处罚、行政强制决定件数与表二不符",
    "正文称办理行政许可120件，表二“行政许可”“本年处理决定数量”为 102",
    "SPEC §10.1 V-TXT-8",
)
rule(
    "TXT.CORRECTION_NOTICES",
    "warning",
    "正文说的发出补正告知书件数少于表三需补正的两行之和（（四）3.＋（六）1.）",
    "正文称发出补正告知书2份，表三“补正后申请内容仍不明确”与“逾期不补正”共 5 件，每件都应先发过补正告知",
    "SPEC §10.1 V-TXT-10, 条例第三十条",
)
rule(
    "TXT.GOV_EVALUATION",
    "info",
    "人民政府的报告应说明工作考核、社会评议和责任追究结果情况（《条例》第五十条第四项）",
    "酉水河镇人民政府的报告没有说明工作考核、社会评议情况",
    "SPEC §10.1 V-TXT-11, 条例第五十条",
)
rule(
    "NARRATIVE.ARITHMETIC",
    "warning",
    "正文“共X条（件），其中……”列出的各项相加与总数不符",
    "正文称网站专栏公布信息50条，其中各项 11+12+14+3=40 条，相差 10 条",
)
rule(
    "NARRATIVE.CONTRADICTION",
    "warning",
    "正文的概括说法与表格或正文自己的数字矛盾（如称“所有申请均已办理完成”却有结转下年度的申请）",
    "正文称所有申请均已按要求办理完成，表三却有 1 件结转下年度继续办理",
)
rule(
    "READER.WARNING",
    "warning",
    "读取文件时的提示（如扫描页未做 OCR、表格被截断、超出上限的部分被舍去）",
    "第 3 页没有文字层，未安装 OCR 组件，该页未读取",
)
rule(
    "IDENTITY.CONFLICT",
    "error",
    "含空白单元格的勾稽关系在任何取值下都不能同时成立（原表印出的数字有误）",
    "以下勾稽关系含有空白或无法读取的单元格，但这些单元格无论取什么值，等式都不能同时成立，说明原表印出的数字有误："
    "表三“自然人”列（第一项加第二项＝第三项加第四项）",
    "SPEC §4.4, §9",
)
rule(
    "LABEL.TYPO",
    "warning",
    "表格标签印错（如“先行有效件数”“其他法律行政止公开”），已按标准标签读取",
    "标签印为“先行有效件数”，应为“现行有效件数”（已按“现行有效件数”读取）",
    "SPEC §8",
)
rule(
    "LABEL.VARIANT",
    "info",
    "表格标签用了常见的变体写法（如2021年报告沿用“规范性文件”），已按标准标签读取",
    "表二行名印为“规范性文件”（2019年试行格式的叫法），2021年格式为“行政规范性文件”",
    "SPEC §8",
)
rule(
    "OCR.DOUBTFUL",
    "warning",
    "识别置信度低且与勾稽关系矛盾的 OCR 读数（视为无法读取；勾稽关系能确定时补出）",
    "以下单元格的识别置信度低，且与勾稽关系矛盾，已视为无法读取：表三“（七）总计”行“总计”列（识别为“8”，置信度 0.61）",
    "ARCHITECTURE: OCR reports its confidence",
)
rule(
    "T3.LAYOUT.DUPLICATE_ROW",
    "warning",
    "表三两行不同的数字对应同一行，无法判断（该行按无法读取处理，不猜）",
    "表三有两行不同的数字都对应“四、结转下年度继续办理”，无法判断哪一行是它",
)
rule(
    "T3.LAYOUT.ORDER_DOUBTFUL",
    "warning",
    "按表中顺序放入（行名无法辨认）的表三行与勾稽关系矛盾，视为无法读取",
    "以下单元格所在的行没有可辨认的行名，是按表中顺序放入的，且与勾稽关系矛盾，已视为无法读取：表三“（六）其他处理”行“总计”列",
)
