"""The six sections: ordinal plus keywords, so that heading variants still match."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class SectionSpec:
    number: int
    ordinal: str
    heading: str  # exact 2021 heading
    keywords: re.Pattern[str]  # against label_key of a heading candidate


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(1, "一", "一、总体情况", re.compile(r"总体情况|概述")),
    SectionSpec(2, "二", "二、主动公开政府信息情况", re.compile(r"主动公开")),
    SectionSpec(
        3, "三", "三、收到和处理政府信息公开申请情况", re.compile(r"收到和处理|处理政府信息公开申请|依申请")
    ),
    SectionSpec(4, "四", "四、政府信息公开行政复议、行政诉讼情况", re.compile(r"行政.{0,2}复议|行政诉讼")),
    SectionSpec(5, "五", "五、存在的主要问题及改进情况", re.compile(r"存在.{0,6}问题|改进|问题")),
    SectionSpec(6, "六", "六、其他需要报告的事项", re.compile(r"其他.{0,4}事项|需要.{0,4}其他|其他需要")),
)
CN_ORDINALS = "一二三四五六七八九十"

# The preface's statement of the statistics period (本报告中所列数据的统计期限自2024年1月1日起至
# 2024年12月31日止), against text with Arabic digits.
PERIOD = re.compile(
    r"统计(?:期限|时限|周期|区间|时间|范围|期间)[^。]{0,12}?"
    r"(?P<y1>\d{4})年(?P<m1>\d{1,2})月(?P<d1>\d{1,2})日(?:起)?(?:至|到|—|-|~)"
    r"(?:(?P<y2>\d{4})年)?(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日"
)

# The three statistical tables: their short names and the titles of the sections that hold them.
TABLE_NAMES = {"table2": "表二", "table3": "表三", "table4": "表四"}
TABLE_TITLES = {t: SECTIONS[int(t[-1]) - 1].heading.split("、", 1)[1] for t in TABLE_NAMES}
