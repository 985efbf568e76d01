"""The report's top-level headings, read again from the section texts.

The extractor looks for the six standard headings in order and keeps what it finds; an
auditor also needs the headings that are *not* standard (a report numbered 一…六 for its own
parts, a 五、信息处理费收取情况), the ones found out of order, and where in the text each one
sits. `outline(report)` scans every section's text (a crawler page puts the whole report on
one line, so one extracted section may hold several headings) for 一、… headings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xxgk.document import Where
from xxgk.report import Report, Section
from xxgk.standard.sections import CN_ORDINALS, SECTIONS
from xxgk.standard.table3 import GROUP_RESULTS, ROW_BY_KEY
from xxgk.textnorm import label_key

# An ordinal heading: 一、 … 十、 (not （一）, not 第三、, not the 三 of 十三、) or, at the start of a
# line only, 1、 … 9、 (seed reports number 2、 3、 instead of 二、 三、).
_HEADING = re.compile(
    rf"(?:(?<![（(第{CN_ORDINALS}、])(?P<cn>[{CN_ORDINALS}])\s*[、.．]|(?:^|(?<=\n))\s*(?P<ar>[1-9])\s*、)\s*",
)
# Where the words of a heading end when the text runs on (crawler pages): the last of these
# endings before the body starts with a digit, a bracket or punctuation.
_TITLE = re.compile(r"[^，。；：:;,（(\d《\n\t|]{1,30}")
_TITLE_END = re.compile(r"情况|事项|计划|措施|附表|问题|建设|保障|管理|概述")
# Table 3 prints row labels with the same ordinals (一、本年新收… 四、结转下年度…).
_TABLE_LABELS = tuple(
    label_key(re.sub(rf"^[{CN_ORDINALS}]、", "", label))[:5]
    for label in (
        ROW_BY_KEY["new_received"].label,
        ROW_BY_KEY["carried_over"].label,
        GROUP_RESULTS,
        ROW_BY_KEY["carried_forward"].label,
    )
)
STANDARD_TITLES = {s.number: s.heading.split("、", 1)[1] for s in SECTIONS}


@dataclass(frozen=True, slots=True)
class Heading:
    ordinal: int  # as numbered: 二、 and 2、 are both 2
    arabic: bool  # numbered 2、 instead of 二、
    title: str  # the heading's words without the ordinal, as printed (whitespace removed)
    standard: int | None  # the standard section (1..6) its words name, if any
    offset: int  # in Outline.text
    where: Where
    end: int = 0  # in Outline.text, where the heading's words end and the body begins

    @property
    def printed(self) -> str:
        return f"{self.ordinal if self.arabic else CN_ORDINALS[self.ordinal - 1]}、{self.title}"


@dataclass(slots=True)
class Outline:
    text: str  # the section texts joined with "\n", the preface (section 0) first if present
    headings: list[Heading] = field(default_factory=list)
    spans: list[tuple[int, int, Section]] = field(default_factory=list)  # each Section's text in `text`

    def standard(self) -> dict[int, Heading]:
        """The first heading that names each standard section, by section number."""
        out: dict[int, Heading] = {}
        for h in self.headings:
            if h.standard is not None and h.standard not in out:
                out[h.standard] = h
        return out

    def section_at(self, offset: int) -> int | None:
        """The standard section a position of `text` belongs to: the last standard heading before
        it (a non-standard heading such as 二、工作机制保障 is a part of the one before)."""
        current: int | None = None
        for h in self.headings:
            if h.offset > offset:
                break
            if h.standard is not None:
                current = h.standard
        if current is None:
            for start, end, section in self.spans:
                if start <= offset <= end:
                    return section.number
        return current

    def where_at(self, offset: int) -> Where:
        for start, end, section in self.spans:
            if start <= offset <= end:
                return section.where
        return Where()

    def where_of(self, start: int, end: int) -> Where:
        """Where text[start:end] is printed (its surrounding whitespace left out): its own line
        and span where the section knows them, else its section's heading."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        for s_start, s_end, section in self.spans:
            if s_start <= start <= s_end:
                return section.at(start - s_start, end - s_start)
        return Where()


def _title(text: str, start: int) -> tuple[str, int]:
    """The heading's words starting at text[start] and the offset where they end."""
    m = _TITLE.match(text, start)
    if not m:
        return "", start
    ends = list(_TITLE_END.finditer(m.group(0)))
    end = start + (ends[-1].end() if ends else min(20, len(m.group(0))))
    return re.sub(r"\s+", "", text[start:end]), end


def _standard(title: str, ordinal: int) -> int | None:
    key = label_key(title)
    hits = [s.number for s in SECTIONS if s.keywords.search(key)]
    if not hits:
        return None
    return ordinal if ordinal in hits else hits[0]


def outline(report: Report) -> Outline:
    sections = sorted(report.sections, key=lambda s: s.number)
    parts: list[str] = []
    spans: list[tuple[int, int, Section]] = []
    pos = 0
    for s in sections:
        parts.append(s.text)
        spans.append((pos, pos + len(s.text), s))
        pos += len(s.text) + 1
    out = Outline("\n".join(parts), spans=spans)
    seen: set[int] = set()
    current: int | None = None
    preface_end = max((end for start, end, sec in spans if sec.number == 0), default=-1)
    for m in _HEADING.finditer(out.text):
        if m.start() <= preface_end:
            continue  # the preface (section 0, when the extractor hands it over) has no headings
        ordinal = CN_ORDINALS.index(m.group("cn")) + 1 if m.group("cn") else int(m.group("ar"))
        title, end = _title(out.text, m.end())
        if not title or label_key(title).startswith(_TABLE_LABELS):
            continue
        standard = _standard(title, ordinal)
        if standard is not None and standard == current:
            continue  # a sub-heading inside its own section (五、… 一、2024年存在问题 二、整改措施)
        if standard is not None:
            if standard in seen:
                standard = None  # a second numbering of the same part: context only
            else:
                seen.add(standard)
                current = standard
        out.headings.append(
            Heading(
                ordinal,
                m.group("ar") is not None,
                title,
                standard,
                m.start(),
                out.where_of(m.start(), end),
                end,
            )
        )
    return out
