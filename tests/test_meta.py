"""Agency, statistics year and publication date from the ways titles and signatures are printed.

The variants are the kinds real pages show: Markdown headings and bold titles, crawler header
blocks, web pages with navigation, breadcrumbs and metadata tables before the title, invisible
characters inside names, titles over two lines, the agency on the line above, a year only in the
statistics period or only in the date line. Every expected agency and year is written here by
hand: the agency as the report's own title names it, never the site or the publishing office."""

from __future__ import annotations

import pytest

from xxgk.api import extract_text
from xxgk.document import Where
from xxgk.extract.layout import Unit, units
from xxgk.extract.meta import agency_and_year, find_title, published, read_meta
from xxgk.readers import read_bytes
from xxgk.textnorm import clean_name

BODY = (
    "一、总体情况\n2024年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。\n二、主动公开政府信息情况"
)
PERIOD_2024 = "本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。"


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
        ("【2023年】XX市人民政府政府信息公开工作年度报告", "XX市人民政府", 2023),
        ("XX区教育局政府信息公开工作年度报告（2023年度）", "XX区教育局", 2023),
        ("XX县人民政府政府信息公开工作年度报告(2022年)", "XX县人民政府", 2022),
        ("XX市自然资源和规划局关于2022年度政府信息公开工作年度报告", "XX市自然资源和规划局", 2022),
        ("关于XX镇人民政府2023年政府信息公开工作的年度报告", "XX镇人民政府", 2023),
        ("XX县人民政府二〇二三年政府信息公开工作年度报告", "XX县人民政府", 2023),
        ("XX市人民政府2023年政务公开工作年度报告", "XX市人民政府", 2023),
        ("2022年XX市人民政府信息公开年报", "XX市人民政府", 2022),
        ("【政府信息公开年报】XX区卫生健康委员会2023年政府信息公开工作年度报告", "XX区卫生健康委员会", 2023),
        ("XX市统计局2023年政府信息公开工作年度报告-XX市人民政府网", "XX市统计局", 2023),
        ("【XX市人民政府2023年政府信息公开工作年度报告】", "XX市人民政府", 2023),
        (
            "中国(上海)自由贸易试验区管理委员会2023年政府信息公开工作年度报告",
            "中国（上海）自由贸易试验区管理委员会",
            2023,
        ),
        ("2023年度政府信息公开工作年度报告", None, 2023),
        ("XX局政府信息公开工作年度报告", "XX局", None),
    ],
)
def test_agency_and_year(title, agency, year):
    assert agency_and_year(title) == (agency, year)


# (source name, text, agency, year, year_source)
PAGES = [
    # Markdown conversions of PDFs and web pages
    (
        "md-heading",
        "# 2024年XX区交通运输局政府信息公开工作年度报告\n" + BODY,
        "XX区交通运输局",
        2024,
        "title",
    ),
    (
        "md-h2",
        "## 平潭综合实验区公安局2024年政府信息公开工作年度报告\n" + BODY,
        "平潭综合实验区公安局",
        2024,
        "title",
    ),
    (
        "md-bold",
        "**卫东区人民政府办公室2024年政府信息公开工作年度报告**\n" + BODY,
        "卫东区人民政府办公室",
        2024,
        "title",
    ),
    (
        "md-heading-bold",
        "# **淮安市洪泽区人民政府2024年政府信息公开工作年度报告**\n" + BODY,
        "淮安市洪泽区人民政府",
        2024,
        "title",
    ),
    (
        "md-underscores",
        "__XX镇人民政府2024年政府信息公开工作年度报告__\n" + BODY,
        "XX镇人民政府",
        2024,
        "title",
    ),
    ("md-quote", "> XX县审计局2023年度政府信息公开工作年度报告\n" + BODY, "XX县审计局", 2023, "title"),
    # crawler header blocks: the title line, never 发布机构 / 栏目
    (
        "crawler-header",
        "标题: 平潭综合实验区2023年度政府信息公开工作年度报告\n发布时间: 2024-03-08 15:34\n文号: \n"
        "发布机构: 平潭综合实验区管委会办公室\n栏目: 政府信息公开年报\n==== 正文 ====\n" + BODY,
        "平潭综合实验区",
        2023,
        "title",
    ),
    (
        "crawler-header-fullwidth-colon-site-suffix",
        "标题：平潭综合实验区2024年度政府信息公开工作年度报告_政府信息公开年报_平潭综合实验区党工委管委会\n"
        "发布机构：区公安局\n" + BODY,
        "平潭综合实验区",
        2024,
        "title",
    ),
    (
        "crawler-header-agency-is-not-the-publisher",
        "标题: XX县人民政府办公室2023年度政府信息公开工作年度报告\n发布机构: XX县人民政府\n" + BODY,
        "XX县人民政府办公室",
        2023,
        "title",
    ),
    (
        "crawler-header-no-year-period",
        "标题: XX市司法局政府信息公开工作年度报告\n发布时间: 2025-01-20 10:00\n" + PERIOD_2024 + "\n" + BODY,
        "XX市司法局",
        2024,
        "period",
    ),
    (
        "crawler-header-without-agency-body-title-with-it",
        "标题: 2023年度政府信息公开工作年度报告\n发布机构: XX市人民政府办公室\n"
        "XX市林业局2023年度政府信息公开工作年度报告\n" + BODY,
        "XX市林业局",
        2023,
        "title",
    ),
    (
        "sidebar-link-without-agency-before-title",
        "2022年政府信息公开工作年度报告\nXX县农业农村局2023年政府信息公开工作年度报告\n" + BODY,
        "XX县农业农村局",
        2023,
        "title",
    ),
    # navigation and breadcrumbs before the title
    (
        "breadcrumb",
        "首页 > 政务公开 > 政府信息公开年报\nXX市生态环境局2023年度政府信息公开工作年度报告\n" + BODY,
        "XX市生态环境局",
        2023,
        "title",
    ),
    (
        "current-position",
        "当前位置：首页 > 信息公开 > 政府信息公开年度报告\nXX区民政局2023年政府信息公开工作年度报告\n" + BODY,
        "XX区民政局",
        2023,
        "title",
    ),
    (
        "breadcrumb-guillemets",
        "您的位置：首页 » 政府信息公开 » 政府信息公开年报\nXX县水利局2022年政府信息公开工作年度报告\n" + BODY,
        "XX县水利局",
        2022,
        "title",
    ),
    (
        "site-name-and-menu",
        "XX市人民政府门户网站\n政府信息公开\n政府信息公开年报\n政府信息公开指南\n"
        "XX市商务局2023年政府信息公开工作年度报告\n" + BODY,
        "XX市商务局",
        2023,
        "title",
    ),
    (
        "menu-column-name",
        "政府信息公开年度报告\n来源：XX市人民政府办公室 时间：2024-01-30\nXX市医疗保障局2023年政府信息公开工作年度报告\n"
        + BODY,
        "XX市医疗保障局",
        2023,
        "title",
    ),
    # invisible characters and spaces inside the name
    (
        "zero-width-space-joiner",
        "平潭\u200b综合实验区\u200d公安局2024年政府信息公开工作年度报告\n" + BODY,
        "平潭综合实验区公安局",
        2024,
        "title",
    ),
    (
        "soft-hyphen",
        "上海市\u00ad科学技术委员会2023年政府信息公开工作年度报告\n" + BODY,
        "上海市科学技术委员会",
        2023,
        "title",
    ),
    (
        "bom-inside",
        "XX县\ufeff人民政府2022年政府信息公开工作年度报告\n" + BODY,
        "XX县人民政府",
        2022,
        "title",
    ),
    (
        "word-joiner-non-joiner",
        "XX市\u2060交通\u200c运输局2023年政府信息公开工作年度报告\n" + BODY,
        "XX市交通运输局",
        2023,
        "title",
    ),
    (
        "full-width-spaces",
        "XX市　市场监督管理局　2023年度政府信息公开工作年度报告\n" + BODY,
        "XX市市场监督管理局",
        2023,
        "title",
    ),
    (
        "spaces",
        "官道口镇人民政府 2023 年政府信息公开工作年度报告\n" + BODY,
        "官道口镇人民政府",
        2023,
        "title",
    ),
    (
        "title-run-into-the-preface",
        "淮安市洪泽区人民政府 2025 年政府信息公开工作年度报告 根据《中华人民共和国政府信息公开条例》规定，"
        "现公布淮安市洪泽区人民政府 2025 年政府信息公开工作年度报告。\n" + BODY,
        "淮安市洪泽区人民政府",
        2025,
        "title",
    ),
    (
        "title-with-version-note",
        "宿州市人民政府2019年政府信息公开工作年度报告（图片版）\n" + BODY,
        "宿州市人民政府",
        2019,
        "title",
    ),
    (
        "attachment-mark",
        "附件1：\nXX市人民政府2023年政府信息公开工作年度报告\n" + BODY,
        "XX市人民政府",
        2023,
        "title",
    ),
    (
        "attachment-mark-same-line",
        "附件：XX市人民政府2023年政府信息公开工作年度报告\n" + BODY,
        "XX市人民政府",
        2023,
        "title",
    ),
    # titles over two lines, agency on the line above
    (
        "split-two-lines",
        "2024年慈溪市匡堰镇人民政府信息公开工作\n\n年度报告\n" + BODY,
        "慈溪市匡堰镇人民政府",
        2024,
        "title",
    ),
    (
        "split-after-gongkai",
        "XX市财政局2023年度政府信息公开\n工作年度报告\n" + BODY,
        "XX市财政局",
        2023,
        "title",
    ),
    (
        "agency-and-year-above",
        "平潭综合实验区公安局2024年\n政府信息公开工作年度报告\n" + BODY,
        "平潭综合实验区公安局",
        2024,
        "title",
    ),
    (
        "agency-above",
        "洪泽区人民政府\n2023年政府信息公开工作年度报告\n" + BODY,
        "洪泽区人民政府",
        2023,
        "title",
    ),
    (
        "agency-above-title-over-two-lines",
        "XX市人民政府\n2023年度政府信息公开\n工作年度报告\n" + BODY,
        "XX市人民政府",
        2023,
        "title",
    ),
    (
        "agency-above-no-year-period",
        "XX区城市管理局\n政府信息公开工作年度报告\n" + PERIOD_2024 + "\n" + BODY,
        "XX区城市管理局",
        2024,
        "period",
    ),
    # brackets and 关于…的年度报告
    (
        "year-in-lenticular-brackets",
        "【2023年】XX市人民政府政府信息公开工作年度报告\n" + BODY,
        "XX市人民政府",
        2023,
        "title",
    ),
    (
        "year-in-parentheses",
        "XX区教育局政府信息公开工作年度报告（2023年度）\n" + BODY,
        "XX区教育局",
        2023,
        "title",
    ),
    ("guanyu", "XX市人民政府关于2023年政府信息公开工作的年度报告\n" + BODY, "XX市人民政府", 2023, "title"),
    # the year only in the statistics period, or only in the date line
    (
        "period-only",
        "XX市司法局政府信息公开工作年度报告\n" + PERIOD_2024 + "\n" + BODY,
        "XX市司法局",
        2024,
        "period",
    ),
    (
        "period-shixian-dao",
        "XX县林业局政府信息公开工作年度报告\n本年度报告中所列数据统计时限为2023年1月1日到2023年12月31日。\n"
        + BODY,
        "XX县林业局",
        2023,
        "period",
    ),
    (
        "period-spaced",
        "XX县林业局政府信息公开工作年度报告\n本报告所列数据的统计期限自 2022 年 1 月 1 日起至 2022 年 12 月 31 日止。\n"
        + BODY,
        "XX县林业局",
        2022,
        "period",
    ),
    (
        "date-line-only",
        "XX街道办事处政府信息公开工作年度报告\n" + BODY + "\nXX街道办事处\n2024年1月20日",
        "XX街道办事处",
        2023,
        "date",
    ),
    (
        "crawler-date-only",
        "标题: XX乡人民政府政府信息公开工作年度报告\n发布时间: 2024-02-01 09:30\n" + BODY,
        "XX乡人民政府",
        2023,
        "date",
    ),
    (
        "late-date-is-no-clue",
        "XX街道办事处政府信息公开工作年度报告\n" + BODY + "\nXX街道办事处\n2024年9月1日",
        "XX街道办事处",
        None,
        None,
    ),
    (
        "period-as-a-year",
        "XX县林业局政府信息公开工作年度报告\n本报告中所列数据统计时限为2023年度。\n" + BODY,
        "XX县林业局",
        2023,
        "period",
    ),
    (
        "date-line-in-chinese-numerals",
        "XX镇人民政府政府信息公开工作年度报告\n" + BODY + "\nXX镇人民政府\n二〇二四年一月二十六日",
        "XX镇人民政府",
        2023,
        "date",
    ),
    (
        "bare-year-in-brackets",
        "XX市人民政府信息公开工作年度报告（2023）\n" + BODY,
        "XX市人民政府",
        2023,
        "title",
    ),
    (
        "crawler-title-with-file-name",
        "标题: XX区财政局2023年度政府信息公开工作年度报告.pdf\n" + BODY,
        "XX区财政局",
        2023,
        "title",
    ),
    ("no-agency-anywhere", "2023年度政府信息公开工作年度报告\n" + BODY, None, 2023, "title"),
    (
        "title-year-wins-over-narrative-dates",
        "XX县发展和改革局2023年政府信息公开工作年度报告\n自2024年1月1日起施行的《XX办法》已公开。\n" + BODY,
        "XX县发展和改革局",
        2023,
        "title",
    ),
]

HTML_PAGES = [
    (
        "html-nav-breadcrumb-h1",
        "<html><head><title>XX市应急管理局2023年政府信息公开工作年度报告-XX市人民政府网</title></head><body>"
        "<div class='top'>XX市人民政府网</div><nav><a>首页</a><a>政府信息公开</a><a>政府信息公开年报</a></nav>"
        "<div class='crumbs'>首页 &gt; 政府信息公开 &gt; 政府信息公开年报</div>"
        "<h1>XX市应急管理局2023年政府信息公开工作年度报告</h1>"
        "<p>一、总体情况</p><p>2023年，本局认真贯彻落实《条例》。</p></body></html>",
        "XX市应急管理局",
        2023,
    ),
    (
        "html-index-table-before-title",
        "<html><body><div>当前位置：首页 &gt; 信息公开 &gt; 年度报告</div>"
        "<table><tr><td>索引号：</td><td>11350100-2024-00012</td><td>发布机构：</td><td>XX市人民政府办公室</td></tr>"
        "<tr><td>名称：</td><td>XX市体育局2023年度政府信息公开工作年度报告</td><td>文号：</td><td></td></tr></table>"
        "<div class='article'><h2>XX市体育局2023年度政府信息公开工作年度报告</h2>"
        "<p>一、总体情况</p><p>正文。</p></div></body></html>",
        "XX市体育局",
        2023,
    ),
    (
        "html-index-table-only",
        "<html><body><table><tr><td>发布机构</td><td>XX区人民政府</td></tr>"
        "<tr><td>名称</td><td>XX区审计局2023年度政府信息公开工作年度报告</td></tr></table>"
        "<p>一、总体情况</p><p>正文。</p></body></html>",
        "XX区审计局",
        2023,
    ),
    (
        "html-zero-width-entity",
        "<html><body><h1>XX&#8203;县&#x200d;退役军人事务局2024年政府信息公开工作年度报告</h1>"
        "<p>一、总体情况</p></body></html>",
        "XX县退役军人事务局",
        2024,
    ),
    (
        "html-bare-breadcrumb-div",
        "<html><body><div>首页 &gt; 信息公开 &gt; 政府信息公开年报</div><div>XX镇人民政府网</div>"
        "<p><strong>XX镇人民政府2022年政府信息公开工作年度报告</strong></p><p>一、总体情况</p></body></html>",
        "XX镇人民政府",
        2022,
    ),
    (
        "html-title-over-two-paragraphs",
        "<html><body><p style='text-align:center'>XX县人民政府</p>"
        "<p style='text-align:center'>2023年政府信息公开工作年度报告</p><p>一、总体情况</p></body></html>",
        "XX县人民政府",
        2023,
    ),
]


def _meta(text: str, name: str):
    doc = read_bytes(text.encode("utf-8"), name)
    return read_meta(units(doc), doc.plain_text())


@pytest.mark.parametrize(("name", "text", "agency", "year", "source"), PAGES, ids=[p[0] for p in PAGES])
def test_agency_and_year_of_a_page(name, text, agency, year, source):
    m = _meta(text, f"{name}.md" if name.startswith("md-") else f"{name}.txt")
    assert (m.agency, m.year, m.year_source) == (agency, year, source)
    codes = {f.code for f in m.findings}
    assert ("META.AGENCY_MISSING" in codes) == (agency is None)
    assert ("META.YEAR_MISSING" in codes) == (year is None)


@pytest.mark.parametrize(("name", "html", "agency", "year"), HTML_PAGES, ids=[p[0] for p in HTML_PAGES])
def test_agency_and_year_of_a_web_page(name, html, agency, year):
    m = _meta(html, f"{name}.html")
    assert (m.agency, m.year, m.year_source) == (agency, year, "title")
    assert not m.findings


def test_at_least_forty_title_variants():
    assert len(PAGES) + len(HTML_PAGES) >= 40


def _units(*lines: str) -> list[Unit]:
    return [Unit(t, Where(line=i + 1)) for i, t in enumerate(lines)]


def test_title_broken_over_lines_and_agency_above_it():
    assert (
        find_title(_units("2024年慈溪市匡堰镇人民政府信息公开工作", "", "年度报告", "一、总体情况"))[0]
        is not None
    )
    title, _ = find_title(_units("洪泽区人民政府", "2023年政府信息公开工作年度报告", "本报告由…编制。"))
    assert agency_and_year(title) == ("洪泽区人民政府", 2023)


def test_a_header_line_above_the_title_is_not_the_agency():
    title, _ = find_title(_units("栏目：政府信息公开年报", "2023年政府信息公开工作年度报告", "一、总体情况"))
    assert agency_and_year(title) == (None, 2023)
    title, _ = find_title(_units("首页 > 政务公开", "2023年政府信息公开工作年度报告", "一、总体情况"))
    assert agency_and_year(title) == (None, 2023)


def test_crawler_title_header_wins_over_metadata_lines():
    units_ = _units("标题: 平潭综合实验区公安局2024年政府信息公开工作年度报告", "栏目: 政府信息公开年报")
    assert agency_and_year(find_title(units_)[0]) == ("平潭综合实验区公安局", 2024)


def test_signature_date_but_not_a_statistics_period():
    assert published(_units("正文。", "匡堰镇人民政府", "2025年1月14日")) == "2025-01-14"
    assert published(_units("本报告中所列数据的统计时限为2023年1月1日起至2023年12月31日止。")) is None
    assert published(_units("…统计期限自2024年1月1日至2024年12月31日")) is None
    assert published(_units("发布时间: 2020-01-20 15:22", "正文")) == "2020-01-20"


def test_date_signed_in_chinese_numerals():
    assert published(_units("正文。", "XX镇人民政府", "二〇二四年一月二十六日")) == "2024-01-26"
    assert published(_units("正文。", "XX镇人民政府", "二〇二三年十二月三十一日")) == "2023-12-31"


def test_clean_name_keeps_the_name_and_drops_what_is_not_printed():
    assert clean_name("## **平潭\u200b综合\u00ad实验区　公安局**") == "平潭综合实验区公安局"
    assert clean_name("中国(上海)自由贸易试验区") == "中国（上海）自由贸易试验区"


SECTIONS = "\n".join(
    [
        "一、总体情况",
        "正文。",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
)


def test_report_json_says_where_the_year_came_from():
    r = extract_text("XX市司法局政府信息公开工作年度报告\n" + PERIOD_2024 + "\n" + SECTIONS, "a.txt")
    assert (r.year, r.to_json()["year_source"]) == (2024, "period")


def test_title_year_that_contradicts_the_statistics_period():
    r = extract_text("XX市司法局2023年政府信息公开工作年度报告\n" + PERIOD_2024 + "\n" + SECTIONS, "a.txt")
    assert (r.year, r.year_source) == (2023, "title")
    (f,) = [f for f in r.findings if f.code == "DATE.PERIOD"]
    assert "标题为2023年度报告" in f.message and "2024年全年" in f.message


def test_invisible_characters_in_labels_and_headings_change_no_reading():
    """Zero-width characters and soft hyphens inside row labels and headings of the real 2020
    crawler page: every cell reads as before, its raw is still the printed text of its line, and
    the headings come out clean."""
    from pathlib import Path

    path = Path(__file__).resolve().parent / "data" / "corpus" / "005_pingtan_2020.txt"
    text = path.read_text(encoding="utf-8")
    marked = (
        text.replace("行政许可", "行政\u200b许可")
        .replace("行政强制", "行政\u00ad强制")
        .replace("一、总体情况", "一、总\u200d体情况")
        .replace("自然人", "自\u2060然人")
        .replace("结果维持", "结果\ufeff维持")
    )
    assert marked != text
    plain, invisible = extract_text(text, "a.txt"), extract_text(marked, "b.txt")
    lines = marked.split("\n")
    for table in ("table2", "table3", "table4"):
        a, b = getattr(plain, table), getattr(invisible, table)
        for row, cols in a.items():
            for col, cell in cols.items():
                got = b[row][col]
                assert (got.value, got.status, got.raw) == (cell.value, cell.status, cell.raw), (
                    table,
                    row,
                    col,
                )
                if got.status == "number" and got.where.line:
                    assert got.raw.strip() in lines[got.where.line - 1]
    assert [s.heading for s in invisible.sections] == [s.heading for s in plain.sections]
    assert invisible.sections[1].heading == "一、总体情况"


def test_terminal_view_says_where_a_year_not_in_the_title_came_from():
    from rich.console import Console

    from xxgk.render.terminal import render

    console = Console(record=True, width=200)
    r = extract_text("XX市司法局政府信息公开工作年度报告\n" + PERIOD_2024 + "\n" + SECTIONS, "a.txt")
    render(r, console, tables=False)
    assert "年度：2024（据统计期限）" in console.export_text()
