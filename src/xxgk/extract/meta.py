"""Title, agency, statistics year and publication date."""

from __future__ import annotations

import re

from xxgk.document import Paragraph
from xxgk.extract.layout import Unit
from xxgk.textnorm import nfkc

_TITLE_END = re.compile(r"报告$|年报$|报告\s*[(（]|年度报告")
_META_LINE = re.compile(r"^\s*[\u4e00-\u9fff]{2,4}\s*[:：]")
_REPORT_TAIL = re.compile(r"(政府)?(信息公开|政务公开)(工作)?(年度)?(报告|年报)$")
_YEAR = re.compile(r"(20[0-4]\d|19\d\d)\s*年\s*(度)?")
_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff\d])\s+(?=[\u3400-\u9fff\d])")
_META_TITLE = re.compile(r"^\s*(标题|题目)\s*[:：]\s*(.+)$")
_META_DATE = re.compile(r"^\s*(发布时间|发布日期|成文日期)\s*[:：]\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_DATE = re.compile(r"(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_ISO = re.compile(r"(20\d\d)-(\d{1,2})-(\d{1,2})")
_PERIOD = re.compile(r"(20\d\d)\s*年\s*1\s*月\s*1\s*日")


def squash(text: str) -> str:
    return _CJK_SPACE.sub("", nfkc(text).strip())


def find_title(units: list[Unit]) -> tuple[str | None, int]:
    """The report's title and the unit index where it ends."""
    for i, u in enumerate(units[:60]):
        m = _META_TITLE.match(u.text)
        if m and "公开" in m.group(2):
            return squash(m.group(2)), i
    for i, u in enumerate(units[:40]):
        if u.cells is not None or _META_LINE.match(u.text):
            continue
        text = squash(u.text)
        if not text or len(text) > 80 or ("信息公开" not in text and "政务公开" not in text):
            continue
        end = i
        if not _TITLE_END.search(text):
            # a title broken over lines: join the following short lines up to 年度报告
            for j in range(i + 1, min(i + 4, len(units))):
                nxt = squash(units[j].text)
                if not nxt:
                    continue
                if len(nxt) > 20 or units[j].cells is not None:
                    break
                text += nxt
                end = j
                if _TITLE_END.search(text):
                    break
            if not _TITLE_END.search(text):
                continue
        # the agency printed on the line above (洪泽区人民政府 / 2023年政府信息公开工作年度报告)
        if agency_and_year(text)[0] is None and i > 0 and units[i - 1].cells is None:
            above = squash(units[i - 1].text)
            if 0 < len(above) <= 30 and not re.search(r"[，。：:；]", above):
                text = above + text
        return text, end
    return None, -1


def agency_and_year(title: str | None) -> tuple[str | None, int | None]:
    if not title:
        return None, None
    t = squash(title)
    t = re.sub(r"^#+", "", t)  # a Markdown heading
    t = re.sub(r"^(关于)?", "", t)
    ym = _YEAR.search(t)
    year = int(ym.group(1)) if ym else None
    if ym and ym.start() == 0:
        rest = t[ym.end() :]
    elif ym:
        rest = t[: ym.start()]
    else:
        rest = t
    m = _REPORT_TAIL.search(rest)
    if m:
        agency = rest[: m.start()]
        if (
            agency.endswith("人民")
            and (m.group(1) or "")
            or agency.endswith("人民")
            and rest[m.start() :].startswith("政府")
        ):
            agency += "政府"
    else:
        agency = re.split(r"(政府)?信息公开", rest)[0] if "信息公开" in rest else rest
    if agency.endswith("人民") and "人民政府" in rest:
        agency += "政府"
    agency = re.sub(r"(关于|的)$", "", agency.strip(" ：:—-·（(【[")).strip(" ：:—-·")
    return (agency or None), year


def statistics_year(text: str) -> int | None:
    m = _PERIOD.search(text)
    return int(m.group(1)) if m else None


def published(units: list[Unit]) -> str | None:
    """The date the report is signed with: a date ending the text, not part of a sentence."""
    tail = [u for u in units[-8:] if u.cells is None]
    for u in reversed(tail):
        text = squash(u.text)
        matches = list(_DATE.finditer(text))
        if not matches or matches[-1].end() != len(text):
            continue
        lead = re.split(r"[。；！？.;!?]", text[: matches[-1].start()])[-1]
        if re.search(r"至|到|止|统计|期限|截", lead):
            continue
        y, mo, d = matches[-1].groups()
        return f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"
    for u in units[:20]:
        m = _META_DATE.match(u.text)
        if m:
            return f"{int(m.group(2)):04d}-{int(m.group(3)):02d}-{int(m.group(4)):02d}"
    return None


def is_paragraph(block: object) -> bool:
    return isinstance(block, Paragraph)
