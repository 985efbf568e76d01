"""Where a long label of the format may break across lines: its phrases.

A narrow view (an 80-column terminal) wraps labels between phrases, never inside a word. The
long labels are listed here with "|" between their phrases; any other label breaks after its
ordinal (一、 （一） 1.) and after "、" "，" "）" or before "（"."""

from __future__ import annotations

import re
from functools import cache

_MARKED = (
    # table 3 rows
    "一、|本年新收|政府信息公开|申请数量",
    "二、|上年结转|政府信息公开|申请数量",
    "三、|本年度|办理结果",
    "（二）|部分公开|（区分处理的，|只计这一情形，|不计其他情形）",
    "1.|属于|国家秘密",
    "2.|其他法律|行政法规|禁止公开",
    "3.|危及|“三安全一稳定”",
    "4.|保护|第三方|合法权益",
    "5.|属于|三类|内部事务信息",
    "6.|属于|四类|过程性信息",
    "7.|属于|行政执法案卷",
    "8.|属于|行政查询事项",
    "1.|本机关|不掌握|相关政府信息",
    "2.|没有现成信息|需要另行制作",
    "3.|补正后|申请内容|仍不明确",
    "1.|信访举报|投诉类申请",
    "3.|要求提供|公开出版物",
    "4.|无正当理由|大量反复申请",
    "5.|要求行政机关|确认或重新出具|已获取信息",
    "1.|申请人|无正当理由|逾期不补正、|行政机关|不再处理其|政府信息公开申请",
    "2.|申请人|逾期未按|收费通知要求|缴纳费用、|行政机关|不再处理其|政府信息公开申请",
    "四、|结转下年度|继续办理",
    # table 3 column headings
    "商业|企业",
    "科研|机构",
    "社会|公益|组织",
    "法律|服务|机构",
    # table 4
    "未经复议|直接起诉",
    "复议后|起诉",
    "结果|维持",
    "结果|纠正",
    "其他|结果",
    "尚未|审结",
    # table 2
    "第二十条|第（一）项",
    "第二十条|第（五）项",
    "第二十条|第（六）项",
    "第二十条|第（八）项",
    "第二十条|第（九）项",
    "行政规范性|文件",
    "行政事业性|收费",
    "其他对外|管理服务事项",
    "政府集中|采购",
)
MARKED = {m.replace("|", ""): tuple(m.split("|")) for m in _MARKED}

_ORDINAL = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.．、])")
_AFTER = "、，）"


@cache
def phrases(label: str) -> tuple[str, ...]:
    """The label cut into phrases; "".join(phrases(label)) == label."""
    if label in MARKED:
        return MARKED[label]
    out: list[str] = []
    rest = label
    if (m := _ORDINAL.match(rest)) and m.end() < len(rest):
        out.append(m.group(0))
        rest = rest[m.end() :]
    piece = ""
    for ch in rest:
        if ch == "（" and piece:
            out.append(piece)
            piece = ""
        piece += ch
        if ch in _AFTER:
            out.append(piece)
            piece = ""
    if piece:
        out.append(piece)
    return tuple(out)
