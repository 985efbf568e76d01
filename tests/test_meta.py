"""Agency, statistics year and publication date from the ways titles and signatures are printed."""

from __future__ import annotations

import pytest

from xxgk.document import Where
from xxgk.extract.layout import Unit
from xxgk.extract.meta import agency_and_year, find_title, published


@pytest.mark.parametrize(
    ("title", "agency", "year"),
    [
        ("卫东区人民政府办公室 2024 年政府信息公开工作年 度报告", "卫东区人民政府办公室", 2024),
        ("2024年慈溪市匡堰镇人民政府信息公开工作年度报告", "慈溪市匡堰镇人民政府", 2024),  # 政府 fused
        ("平潭综合实验区2019年度政府信息公开工作年度报告", "平潭综合实验区", 2019),
        (
            "平潭综合实验区自然资源与生态环境局2021年度政府信息公开工作报告",
            "平潭综合实验区自然资源与生态环境局",
            2021,
        ),
        ("XX市人民政府关于2023年政府信息公开工作的年度报告", "XX市人民政府", 2023),
        ("XX县人民政府政府信息公开工作年度报告（2022年）", "XX县人民政府", 2022),
        ("２０２３年ＸＸ区交通运输局政府信息公开工作年度报告", "XX区交通运输局", 2023),  # full width
    ],
)
def test_agency_and_year(title, agency, year):
    assert agency_and_year(title) == (agency, year)


def _units(*lines: str) -> list[Unit]:
    return [Unit(t, Where(line=i + 1)) for i, t in enumerate(lines)]


def test_title_broken_over_lines_and_agency_above_it():
    assert (
        find_title(_units("2024年慈溪市匡堰镇人民政府信息公开工作", "", "年度报告", "一、总体情况"))[0]
        is not None
    )
    title, _ = find_title(_units("洪泽区人民政府", "2023年政府信息公开工作年度报告", "本报告由…编制。"))
    assert agency_and_year(title) == ("洪泽区人民政府", 2023)


def test_crawler_title_header_wins_over_metadata_lines():
    units = _units("标题: 平潭综合实验区公安局2024年政府信息公开工作年度报告", "栏目: 政府信息公开年报")
    assert agency_and_year(find_title(units)[0]) == ("平潭综合实验区公安局", 2024)


def test_signature_date_but_not_a_statistics_period():
    assert published(_units("正文。", "匡堰镇人民政府", "2025年1月14日")) == "2025-01-14"
    assert published(_units("本报告中所列数据的统计时限为2023年1月1日起至2023年12月31日止。")) is None
    assert published(_units("…统计期限自2024年1月1日至2024年12月31日")) is None
    assert published(_units("发布时间: 2020-01-20 15:22", "正文")) == "2020-01-20"
