"""Title, agency, statistics year and publication date.

The agency is the one the report names itself by in its title (SPEC, REPORT_FORMAT `agency`),
never the site it was published on: crawler header lines (标题：/发布机构：/栏目：), breadcrumbs
(首页 > 政务公开 > …), 当前位置 lines and site names are page chrome. The year comes from the
title; else from the statistics period the preface states; else from the signature date (a
report is signed early in the year after the one it covers)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xxgk.catalogue import finding
from xxgk.extract.layout import Unit
from xxgk.report import Finding, YearSource
from xxgk.standard.sections import PERIOD
from xxgk.textnorm import clean_name, nfkc, visible

_TITLE_END = re.compile(r"报告$|年报$|报告\s*[(（]|年度报告")
_META_LINE = re.compile(r"^\s*[\u4e00-\u9fff]{2,5}\s*[:：]")
# the report's own name, which follows the agency in a title
_REPORT_NAME = re.compile(r"(关于)?(政府)?(信息公开|政务公开)")
# a year in a title, with the brackets it may stand in: 2023年度, 【2023年】, （2023年度）
_TITLE_YEAR = re.compile(
    r"[【\[（(〔]?\s*((?:19|20)\d\d)\s*年\s*度?\s*[】\]）)〕]?|[【\[（(〔]\s*((?:19|20)\d\d)\s*[】\]）)〕]"
)
_CN_DIGITS = str.maketrans("〇零○ＯO一二三四五六七八九", "00000123456789")
_CN_YEAR = re.compile(r"[一二][〇零○ＯO][〇零○ＯO一二三四五六七八九]{2}(?=年)")
# a date signed in Chinese numerals: 二〇二四年一月二十日
_CN_DATE = re.compile(
    r"([一二][〇零○ＯO][〇零○ＯO一二三四五六七八九]{2})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日"
)
# a leading 【…】 tag with no year in it (【政府信息公开年报】XX市…)
_LEAD_TAG = re.compile(r"^【[^】\d]{1,20}】")
# what a page puts after a title: "…年度报告_政府信息公开年报_XX市人民政府网", "…报告-XX市人民政府"
_SITE_SUFFIX = re.compile(r"(报告|年报)\s*(?:[_|｜]|\s[-—–]\s|[-—–]{1,2}(?=[\u4e00-\u9fff]))\s*\S.*$")
_ATTACHMENT = re.compile(r"^附件\s*\d*\s*[:：]?\s*")
_FILE_EXTENSION = re.compile(r"\.(?:pdf|docx?|wps|ofd|html?|txt)$", re.I)
_HEADER_TITLE = re.compile(r"^\s*(?:标题|题目|题名|名称|文件名称|信息名称|标题名称)\s*[:：]\s*(.+)$")
_HEADER_TITLE_CELL = re.compile(r"^\s*(?:标题|题目|题名|名称|文件名称|信息名称)\s*[:：]?\s*$")
# a period stated as a whole year: 统计期限为2023年度 / 2023年全年 / 2023年1-12月
_PERIOD_YEAR = re.compile(
    r"统计(?:期限|时限|周期|区间|时间|范围|期间)[^。]{0,8}?((?:19|20)\d\d)年(?:度|全年|1-12月|1月至12月|1月-12月)"
)
_META_DATE = re.compile(r"^\s*(发布时间|发布日期|成文日期)\s*[:：]\s*(\d{4})-(\d{1,2})-(\d{1,2})")
# navigation: breadcrumbs and "you are here" lines
_BREADCRUMB = re.compile(r"[>＞›»→]|^\s*(?:首页|主页|网站首页|当前位置|您的位置|你的位置|您当前的位置|位置)")
_SENTENCE = re.compile(r"[。；;！!？?]")
_SENTENCE_START = re.compile(r"^(?:根据|按照|依据|本报告|本年度报告|现将|现公布|特此)")
_LEADING_TITLE = re.compile(
    r"^([^。；;，,：:]{4,80}?(?:年度报告|工作报告|年报)(?:[（(][^（）()]{1,8}[）)])?)"
    r"(?=\s|根据|本报告|本年度报告|按照|依据|现将|现公布|为|一[、.．]|$)"
)
_FIRST_SECTION = re.compile(r"^\s*[一1]\s*[、.．]\s*(?:总体情况|概述)")
# what an agency name ends with, for a name printed on the line above the title
_AGENCY_END = re.compile(
    r"(?:人民政府|政府|办公室|办公厅|委员会|管委会|管理委员会|[局厅委办院署部处所队会]|中心|"
    r"办事处|街道|[镇乡区县市州盟旗]|实验区|开发区|新区|示范区|片区|管理局)$"
)
_DATE = re.compile(r"(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_LAST_MONTH_OF_SIGNING = 6  # a report is signed by 3-31 of the next year; later than June is not a clue


@dataclass(slots=True)
class Meta:
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    year_source: YearSource | None = None
    published: str | None = None
    findings: list[Finding] = field(default_factory=list)


def read_meta(units: list[Unit], text: str) -> Meta:
    """Title, agency, year (and where it came from) and publication date, with a finding for
    an agency or a year that the report does not state."""
    title, _ = find_title(units)
    agency, year = agency_and_year(title)
    out = Meta(title=title, agency=agency, published=published(units))
    if year is not None:
        out.year, out.year_source = year, "title"
    elif (period := statistics_year(text)) is not None:
        out.year, out.year_source = period, "period"
    elif (signed := year_before(out.published)) is not None:
        out.year, out.year_source = signed, "date"
    if agency is None:
        where = f"标题“{title}”中没有机关名称" if title else "没有找到报告标题"
        out.findings.append(
            finding(
                "META.AGENCY_MISSING", f"{where}，无法确定发布报告的机关", fault="source" if title else None
            )
        )
    if out.year is None:
        out.findings.append(
            finding(
                "META.YEAR_MISSING",
                "标题、统计期限和落款日期都没有给出报告年度，无法确定报告的统计年度",
                fault="source",
            )
        )
    return out


def _title_text(text: str) -> str:
    """A title line as printed, less markup, a leading tag and a site name after it."""
    t = _FILE_EXTENSION.sub("", _LEAD_TAG.sub("", _ATTACHMENT.sub("", clean_name(text))))
    return _SITE_SUFFIX.sub(r"\1", t).strip()


def _header_title(units: list[Unit]) -> tuple[str | None, int]:
    """A title given by a crawler header line (标题：…) or an HTML metadata table (名称 | …)."""
    for i, u in enumerate(units[:60]):
        if u.cells is None:
            m = _HEADER_TITLE.match(clean_name(u.text))
            if m and _is_report_title(m.group(1)):
                return _title_text(m.group(1)), i
            continue
        texts = [c.text for c in u.cells]
        for j, cell in enumerate(texts):
            nxt = texts[j + 1] if j + 1 < len(texts) else ""
            if _HEADER_TITLE_CELL.match(clean_name(cell)) and _is_report_title(nxt):
                return _title_text(nxt), i
            m = _HEADER_TITLE.match(clean_name(cell))
            if m and _is_report_title(m.group(1)):
                return _title_text(m.group(1)), i
    return None, -1


def _is_report_title(text: str) -> bool:
    t = clean_name(text)
    return ("信息公开" in t or "政务公开" in t) and bool(_TITLE_END.search(t)) and len(t) <= 100


def _candidate(u: Unit) -> str | None:
    """The unit's text if it may be (the start of) a title: no table row, header, breadcrumb or sentence."""
    if u.cells is not None:
        return None
    text = _title_text(u.text)
    if not text or _META_LINE.match(text) or _BREADCRUMB.search(text) or _SENTENCE_START.match(text):
        return None
    if len(text) > 80 or _SENTENCE.search(text):
        # a title run into the preface on one line (PDF text, crawler bodies)
        m = _LEADING_TITLE.match(text)
        text = m.group(1) if m else ""
    if not text or ("信息公开" not in text and "政务公开" not in text):
        return None
    return text


def find_title(units: list[Unit]) -> tuple[str | None, int]:
    """The report's title and the unit index where it ends.

    A crawler header (标题：…) naming agency and year is the title; otherwise the first title
    before section 一 that names the most of agency and year (a header "标题：2023年度政府信息公开
    工作年度报告" gives way to the body's "XX局2023年度…"; a menu item "政府信息公开年报" to either)."""
    header = _header_title(units)
    found = [header] if header[0] is not None else []
    if found and all(x is not None for x in agency_and_year(header[0])):
        return header
    found += _body_titles(units)
    if not found:
        return None, -1

    def named(title: tuple[str | None, int]) -> int:
        agency, year = agency_and_year(title[0])
        return 2 * (agency is not None) + (year is not None)

    return max(found, key=named)  # max keeps the first of equals


def _body_titles(units: list[Unit]) -> list[tuple[str | None, int]]:
    """Every title-like text before the first section, with the unit index where it ends."""
    out: list[tuple[str | None, int]] = []
    for i, u in enumerate(units[:80]):
        if u.cells is None and _FIRST_SECTION.match(clean_name(u.text)):
            break  # the title stands before the first section
        text = _candidate(u)
        if text is None:
            continue
        end = i
        if not _TITLE_END.search(text):
            # a title broken over lines: join the following short lines up to 年度报告
            for j in range(i + 1, min(i + 4, len(units))):
                nxt = _title_text(units[j].text)
                if not nxt:
                    continue
                if len(nxt) > 20 or units[j].cells is not None or _REPORT_NAME.search(nxt):
                    break  # a menu of 政府信息公开 / 政府信息公开年报 items is not a title
                text += nxt
                end = j
                if _TITLE_END.search(text):
                    break
            if not _TITLE_END.search(text):
                continue
        if agency_and_year(text)[0] is None and i > 0:
            # the agency printed on the line above (洪泽区人民政府 / 2023年政府信息公开工作年度报告)
            above = _above(units[i - 1])
            if above:
                text = above + text
        out.append((text, end))
        if all(x is not None for x in agency_and_year(text)):
            break  # agency and year: nothing later names more
    return out


def _above(u: Unit) -> str | None:
    """The line above a title when it is the agency's name (maybe with the year): short, no
    punctuation, no header or breadcrumb, ending like a name (…人民政府, …局) or with 年/年度."""
    if u.cells is not None:
        return None
    text = _title_text(u.text)
    if not text or len(text) > 40 or _META_LINE.match(text) or _BREADCRUMB.search(text):
        return None
    if re.search(r"[，,。：:；;、/|]|信息公开|网站|门户|网$", text):
        return None
    head = _TITLE_YEAR.sub("", text)
    if not head or not _AGENCY_END.search(head) or re.search(r"\d", head):
        return None
    return text


def agency_and_year(title: str | None) -> tuple[str | None, int | None]:
    if not title:
        return None, None
    t = _LEAD_TAG.sub("", clean_name(title))
    t = _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), t)
    t = re.sub(r"^关于", "", t)
    ym = _TITLE_YEAR.search(t)
    year = int(ym.group(1) or ym.group(2)) if ym else None
    rest = t[: ym.start()] + t[ym.end() :] if ym else t
    m = _REPORT_NAME.search(rest)
    agency = rest[: m.start()] if m else rest
    if agency.endswith("人民") and rest[len(agency) :].startswith("政府"):
        agency += "政府"  # 匡堰镇人民政府信息公开: the government's 政府 fused with 政府信息公开
    agency = re.split(r"[:：]", agency)[-1]  # "附件1：XX市人民政府": what a colon introduces
    agency = re.sub(r"(关于|的)$", "", agency.strip(" ：:—-·（(【[")).strip(" ：:—-·")
    if not agency or len(agency) > 40 or re.search(r"[，,。；;>＞|]", agency):
        agency = None
    return agency, year


def statistics_year(text: str) -> int | None:
    """The year of the statistics period the report states (the period's end)."""
    flat = re.sub(r"\s+", "", nfkc(visible(text[:200_000])))
    m = PERIOD.search(flat)
    if m:
        return int(m.group("y2") or m.group("y1"))
    m = _PERIOD_YEAR.search(flat)
    return int(m.group(1)) if m else None


def _cn_small(text: str) -> int:
    """一 … 三十一."""
    head, ten, tail = text.partition("十")
    if not ten:
        return int(text.translate(_CN_DIGITS))
    return 10 * (int(head.translate(_CN_DIGITS)) if head else 1) + (
        int(tail.translate(_CN_DIGITS)) if tail else 0
    )


def _arabic_dates(text: str) -> str:
    return _CN_DATE.sub(
        lambda m: f"{m.group(1).translate(_CN_DIGITS)}年{_cn_small(m.group(2))}月{_cn_small(m.group(3))}日",
        text,
    )


def year_before(date: str | None) -> int | None:
    """The statistics year a signature date implies: the year before, when signed by June."""
    if not date:
        return None
    y, mo = int(date[:4]), int(date[5:7])
    return y - 1 if mo <= _LAST_MONTH_OF_SIGNING else None


def published(units: list[Unit]) -> str | None:
    """The date the report is signed with: a date ending the text, not part of a sentence."""
    tail = [u for u in units[-8:] if u.cells is None]
    for u in reversed(tail):
        text = _arabic_dates(clean_name(u.text))
        matches = list(_DATE.finditer(text))
        if not matches or matches[-1].end() != len(text):
            continue
        lead = re.split(r"[。；！？.;!?]", text[: matches[-1].start()])[-1]
        if re.search(r"至|到|止|统计|期限|截", lead):
            continue
        y, mo, d = (int(g) for g in matches[-1].groups())
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}"
    for u in units[:20]:
        m = _META_DATE.match(u.text)
        if m:
            return f"{int(m.group(2)):04d}-{int(m.group(3)):02d}-{int(m.group(4)):02d}"
    return None
