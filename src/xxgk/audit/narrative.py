"""The numbers a report's narrative states, as NarrativeFacts, and the 其中… breakdowns they form.

`read(report)` normalises each section's text (numerals.normalise), splits it into sentences
at 。 and after headings, and matches the pattern table `PATTERNS` in order: a number taken by an
earlier pattern is not taken again, so 同意公开答复9件 is an outcome, never an answer count. A
fact's `sentence` is the ；-delimited part of the sentence that states it. Breakdowns
(“公开信息50条，其中通知公告11条、…”) are read separately, since any count can be a total.
Kinds are strings: received, handled, concluded, carried_over, carried_forward,
outcome.<category>[.share], review, litigation, corrected, claim.<what>, fee.collected,
fee.notices, nd.issued / nd.in_force / nd.repealed / nd.published, reg.published,
reg_nd.published, licensing / penalty / coercion, correction_notices, admin_fees,
proactive.total / proactive.part, breakdown.total / breakdown.part, received.<applicant column>."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from xxgk.audit.numerals import MappedText, normalise
from xxgk.audit.outline import Outline, outline
from xxgk.report import NarrativeFact, Report
from xxgk.standard.table3 import TABLE3_COLUMNS

# A number with its approximate markers (约、近 before it; 余、多 after it; 万 scales it). Not the
# tail of a longer number, and not 第20条 (an article, not a count).
NUM = r"(?P<pre>约|近|逾|超过|大约)?(?<![\d.第])(?P<n>\d+(?:\.\d+)?)(?P<wan>万)?(?P<post>余|多)?"


def _gap(n: int) -> str:
    return rf"[^。;,\d]{{0,{n}}}?"


@dataclass(frozen=True)
class Pattern:
    kind: str
    regex: re.Pattern[str]
    value: float | None = None  # a claim or a zero statement: the value it states, no number printed
    needs: re.Pattern[str] | None = None  # the sentence must also mention this


def _p(kind: str, rx: str, value: float | None = None, needs: str | None = None) -> Pattern:
    return Pattern(kind, re.compile(rx), value, re.compile(needs) if needs else None)


_NEXT_YEAR = r"(?:结转(?:至|到)?下(?:一)?年(?:度)?|结转(?:至|到)\d{4}年(?:度)?|顺延(?:至|到)下(?:一)?年(?:度)?|转(?:入|至)?下(?:一)?年(?:度)?)"
_TOTAL = r"(?:共计|共|总计|合计|累计|为)?"
_ND = r"(?:的)?(?:行政)?规范性文件"

# Outcome categories of table 3 as narratives name them, longest wording first.
OUTCOME_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("granted_or_partial", r"予以公开(?:及|和|与|、)部分公开|公开(?:及|和)部分公开"),
    ("partially_granted", r"部分公开|区分处理后(?:予以)?公开"),
    ("denied", r"不予公开"),
    ("unable", r"无法提供"),
    ("not_processed", r"不予处理"),
    ("other", r"其他处理"),
    ("granted", r"予以公开|同意公开|公开答复|全部公开"),
)
# Every numeric pattern reads a number followed by its unit: a sentence without one has no count.
_COUNTED = re.compile(r"\d万?(?:余|多)?(?:万元|元|件|份|个|次|条|起|项|篇)")
_OUTCOME = re.compile(
    rf"(?P<cat>{'|'.join(f'(?P<{k}>{rx})' for k, rx in OUTCOME_CATEGORIES)})"
    rf"{_gap(6)}{NUM}(?P<u>件)(?:,?占(?:比)?(?P<pct>\d+(?:\.\d+)?)%)?"
)

# In priority order: an earlier pattern's number is not read again by a later one.
PATTERNS: tuple[Pattern, ...] = (
    _p(
        "carried_forward", rf"{_NEXT_YEAR}(?:继续)?(?:办理)?(?:答复)?(?:的)?(?:申请)?(?:有|共)?{NUM}(?P<u>件)"
    ),
    _p("carried_forward", rf"{NUM}(?P<u>件)(?:申请)?{_gap(20)}{_NEXT_YEAR}"),
    _p(
        "carried_over",
        rf"(?:上年(?:度)?结转|结转上年(?:度)?)(?:的)?(?:政府信息公开|依申请公开)?(?:申请)?(?:共)?{NUM}(?P<u>件)",
    ),
    _p(
        "received",
        rf"(?:新收|收到|受理|接收|接到)(?:了)?{_gap(40)}申请(?:件)?(?:数)?{_TOTAL}{NUM}(?P<u>件|条)",
    ),
    _p(
        "received",
        rf"(?:新收|收到|受理|接收|接到)(?:了)?{_TOTAL}{NUM}(?P<u>件)(?:政府信息公开|依申请公开)?申请",
    ),
    _p("received", rf"(?:收到|受理|接到)依申请公开(?:事项|申请)?{_TOTAL}{NUM}(?P<u>件|项)"),
    _p(
        "received",
        r"(?:未|没有|无)(?:收到|接到|受理)(?:相关|任何)?(?:的)?(?:政府信息公开|依申请公开|信息公开)(?:申请|事宜|事项)",
        0,
    ),
    _p("received", r"无依申请公开(?:政府信息|事项|申请|事宜)", 0),
    _p(
        "concluded",
        rf"(?:办结|答复)(?:了)?(?:政府信息依申请公开|政府信息公开|依申请公开|依申请)?(?:申请)?(?:件)?{_TOTAL}{NUM}(?P<u>件)",
    ),
    _p(
        "handled",
        rf"办理(?:了)?(?:政府信息依申请公开|政府信息公开|依申请公开)?(?:申请)?{_TOTAL}{NUM}(?P<u>件)",
    ),
    _p("review", rf"行政复议(?:案件)?(?:数)?{_TOTAL}{NUM}(?P<u>件|起)"),
    _p("litigation", rf"(?:行政)?诉讼(?:案件)?(?:数)?{_TOTAL}{NUM}(?P<u>件|起)"),
    _p("review", rf"{NUM}(?P<u>件|起)[^。;,、\d]{{0,15}}?行政复议"),  # 有1件涉及…的行政复议
    _p("corrected", rf"(?:被纠错|被纠正|结果纠正)(?:的)?(?:案件)?{_TOTAL}{NUM}(?P<u>件|起)"),
    _p("corrected", r"(?:未|没有|无)(?:出现)?(?:被)?(?:[^。;,\d]{0,8}?机关)?纠错", 0),
    _p("claim.all_upheld", r"均(?:获|被|予以|为)?维持|全部(?:获|被)?维持", 1, needs=r"复议|诉讼"),
    _p("claim.all_closed", r"均已(?:结案|审结)|全部(?:结案|审结)", 1, needs=r"复议|诉讼"),
    _p(
        "claim.all_concluded",
        r"(?:所有|全部)(?:的)?(?:政府信息公开)?申请(?:均|都|全部)?(?:已)?(?:按要求|按时|依法)?(?:办理完成|办结|答复完毕|完成办理)",
        1,
    ),
    _p("claim.all_concluded", r"办结率(?:达到|达|为)?100%", 1, needs=r"申请"),
    _p("fee.notices", rf"(?:发出|出具|送达)[^。;,\d]{{0,8}}?收费通知(?:书)?{_TOTAL}{NUM}(?P<u>件|份|次)"),
    _p("fee.notices", r"(?:未|没有|无)(?:发出|出具|送达)[^。;,\d]{0,8}?收费通知", 0),
    _p("fee.collected", rf"收取[^。;,\d]{{0,14}}?处理费{_TOTAL}{NUM}(?P<u>万元|元)"),
    _p("fee.collected", r"(?:未|没有|无|不)(?:收取|产生|发生)[^。;,\d]{0,14}?(?:处理费|收费|费用)", 0),
    _p("fee.collected", r"无[^。;,\d]{0,12}?收费(?:项目|事项|情况)", 0),
    _p(
        "correction_notices",
        rf"(?:发出|出具|送达)(?:了)?{_gap(6)}补正(?:告知书|通知书|通知){_TOTAL}{NUM}(?P<u>件|份|次)",
    ),
    _p("nd.issued", rf"(?:制发|制定|出台|印发)(?:了)?{_ND}{_TOTAL}{NUM}(?P<u>件|份|个)"),
    _p("nd.in_force", rf"现行有效{_ND}{_TOTAL}{NUM}(?P<u>件|份|个)"),
    _p("nd.in_force", rf"现行有效{NUM}(?P<u>件|份|个)", needs=r"规范性文件"),
    _p("nd.repealed", rf"废止(?:失效)?(?:了)?{_ND}{_TOTAL}{NUM}(?P<u>件|份|个)"),
    _p("nd.repealed", rf"废止(?:失效)?{NUM}(?P<u>件|份|个)", needs=r"规范性文件"),
    _p(
        "reg_nd.published",
        rf"(?:法规、)?(?:政府)?规章(?:和|及|、){_ND}(?:类)?(?:信息)?{_TOTAL}{NUM}(?P<u>条|件)",
    ),
    _p("nd.published", rf"(?<!部门)(?<!部门行政){_ND}(?:类)?(?:信息)?{_TOTAL}{NUM}(?P<u>条|件)"),
    _p("reg.published", rf"(?:主动公开|公布|发布)(?:政府)?规章{_TOTAL}{NUM}(?P<u>件|条)"),
    _p("licensing", rf"(?:办理|作出|办结)(?:了)?行政许可(?:事项|决定|申请)?{_TOTAL}{NUM}(?P<u>件)"),
    _p("penalty", rf"(?:作出|办理|实施)(?:了)?行政处罚(?:决定|案件)?{_TOTAL}{NUM}(?P<u>件|起)"),
    _p("coercion", rf"(?:作出|采取|实施)(?:了)?行政强制(?:措施|决定)?{_TOTAL}{NUM}(?P<u>件|起)"),
    _p("admin_fees", rf"行政事业性收费(?:收入|金额)?{_TOTAL}{NUM}(?P<u>万元|元)"),
    _p("proactive.total", rf"(?<!应)主动公开{_gap(20)}{_TOTAL}{NUM}(?P<u>条|件)"),
)
# 没有因政府信息公开申请行政复议或行政诉讼的事项: zero of each proceeding it names.
_NO_PROCEEDINGS = re.compile(
    r"(?:没有|未发生|未出现|无)(?P<body>[^。;,\d]{0,30}?(?:行政复议|行政诉讼|诉讼))(?:的)?(?:事项|情况|案件)"
)

# A short heading line (（一）主动公开情况, 二、…) ends a sentence even without 。; other line
# breaks do not (PDF text and Markdown wrap sentences).
_HEADING_LINE = re.compile(
    r"(?m)^\s*(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|\d+[.、．])[^\n。]{0,30}$"
)
_COUNT = re.compile(rf"{NUM}(?P<u>条|件|篇|项|个)")
_MARKER = re.compile(r"其中(?:包括)?[:,]?|涉及")
# A breakdown's list ends where the sentence turns to another matter (…行政复议案件2件).
_TOPIC_CHANGE = re.compile(r"复议|诉讼|处理费|收费")
_SHARE_ONLY = re.compile(r"^占(?:比)?[\d.]+%$")
_APPLICANTS = {c.label: c.key for c in TABLE3_COLUMNS if c.key != "total"} | {
    "法人或其他组织": "legal_person"
}


@dataclass(slots=True)
class Breakdown:
    total: NarrativeFact
    parts: list[NarrativeFact]
    exhaustive: bool  # the list names every part (no 等, no item without a count)
    text: str  # the listing as printed


@dataclass(slots=True)
class Narrative:
    outline: Outline
    facts: list[NarrativeFact] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    phrases: dict[int, str] = field(default_factory=dict)  # id(fact) -> the comma clause stating it

    def phrase(self, f: NarrativeFact) -> str:
        """The few words that state `f` (“转下一年度办理答复的有1件”), for quoting in a message."""
        return self.phrases.get(id(f), f.sentence)

    def of(self, kind: str, exact_only: bool = True) -> list[NarrativeFact]:
        return [f for f in self.facts if f.kind == kind and not (exact_only and f.approx)]

    def kinds(self, prefix: str) -> list[NarrativeFact]:
        return [f for f in self.facts if f.kind.startswith(prefix)]


@dataclass(slots=True)
class _Sentence:
    mt: MappedText
    start: int  # in mt.text
    end: int
    base: int  # offset of the section's text in the outline text

    @property
    def text(self) -> str:
        return self.mt.text[self.start : self.end]

    def printed(self, start: int = 0, end: int | None = None) -> str:
        """The printed text of text[start:end] (offsets within the sentence)."""
        end = len(self.text) if end is None else end
        return re.sub(r"\s+", " ", self.mt.original(self.start + start, self.start + end)).strip()

    def bounds(self, at: int, separators: str) -> tuple[int, int]:
        """The part of the sentence around text[at] between two of `separators`."""
        text = self.text
        a = max((text.rfind(c, 0, at) for c in separators), default=-1) + 1
        ends = [i for c in separators if (i := text.find(c, at)) >= 0]
        return a, min(ends, default=len(text))

    def clause(self, at: int, separators: str) -> str:
        """The printed part of the sentence around text[at] between two of `separators`."""
        return self.printed(*self.bounds(at, separators))

    def source(self, start: int, end: int) -> tuple[int, int]:
        """text[start:end] (offsets within the sentence) as offsets of the printed text."""
        return (
            self.base + self.mt.source_offset(self.start + start),
            self.base + self.mt.source_offset(self.start + end),
        )


def _value(m: re.Match[str]) -> tuple[float, bool]:
    """The number a NUM match states, and whether it is approximate (160余条, 100件以上, 15.8万条)."""
    value = float(m.group("n")) * (10000 if m.group("wan") else 1)
    approx = bool(m.group("pre") or m.group("post") or m.group("wan"))
    after = m.string[m.end() : m.end() + 2]
    return value, approx or after.startswith(("以上", "左右", "多"))


class _Reader:
    def __init__(self, report: Report) -> None:
        self.outline = outline(report)
        self.narrative = Narrative(outline=self.outline)
        self.by_number: dict[tuple[int, int], NarrativeFact] = {}  # numbers already read

    def fact(
        self,
        kind: str,
        value: float,
        approx: bool,
        unit: str,
        sent: _Sentence,
        at: int,
        number: int | None = None,
    ) -> NarrativeFact:
        """A fact stated at sent.text[at:]; `number` is where its number is printed, if it has one."""
        pos = sent.base + sent.mt.source_offset(sent.start + at)
        stated = at if number is None else number
        clause = sent.bounds(stated, ";")
        f = NarrativeFact(
            kind,
            value,
            approx,
            sent.printed(*clause),
            self.outline.where_of(*sent.source(*clause)),  # the sentence's own line and span
            self.outline.section_at(pos),
            unit,
        )
        self.narrative.facts.append(f)
        self.narrative.phrases[id(f)] = sent.clause(stated, ",;")
        if number is not None:
            self.by_number[(sent.base, sent.start + number)] = f
        return f

    def taken(self, sent: _Sentence, at: int) -> bool:
        return (sent.base, sent.start + at) in self.by_number

    def read(self) -> Narrative:
        for base, end, section in self.outline.spans:
            mt = normalise(section.text)
            # a heading ends a sentence even without 。 (crawler pages run the body on after it)
            cuts = {h.end - base for h in self.outline.headings if base <= h.offset < end}
            cuts |= {m.end() for m in _HEADING_LINE.finditer(section.text)}
            bounds = {bisect_left(mt.origin, c) for c in cuts}
            bounds |= {m.start() for m in re.finditer("。", mt.text)}
            start = 0
            for b in [*sorted(bounds), len(mt.text)]:
                if b > start:
                    self.sentence(_Sentence(mt, start, b, base))
                start = b + 1 if mt.text[b : b + 1] == "。" else b
        return self.narrative

    def sentence(self, sent: _Sentence) -> None:
        text = sent.text
        counted = _COUNTED.search(text) is not None  # numerals are digits by now
        for m in _OUTCOME.finditer(text) if counted else ():
            if self.taken(sent, m.start("n")):
                continue
            key = next(k for k, _ in OUTCOME_CATEGORIES if m.group(k))
            value, approx = _value(m)
            self.fact(f"outcome.{key}", value, approx, "件", sent, m.start(), m.start("n"))
            if m.group("pct"):
                self.fact(f"outcome.{key}.share", float(m.group("pct")), approx, "%", sent, m.start())
        for p in PATTERNS:
            if (p.value is None and not counted) or (p.needs is not None and not p.needs.search(text)):
                continue
            for m in p.regex.finditer(text):
                if p.value is not None:
                    self.fact(p.kind, p.value, False, "", sent, m.start())
                elif not self.taken(sent, m.start("n")):
                    value, approx = _value(m)
                    self.fact(p.kind, value, approx, m.group("u"), sent, m.start(), m.start("n"))
        for m in _NO_PROCEEDINGS.finditer(text):
            for word, kind in (("复议", "review"), ("诉讼", "litigation")):
                if word in m.group("body"):
                    self.fact(kind, 0, False, "", sent, m.start())
        for m in _MARKER.finditer(text) if counted else ():
            self.breakdown(sent, m)

    def breakdown(self, sent: _Sentence, marker: re.Match[str]) -> None:
        text = sent.text
        before = list(_COUNT.finditer(text, 0, marker.start()))
        if not before:
            return
        total_m = before[-1]
        between = text[total_m.end() : marker.start()]
        if len(between) > 15 or re.search(r"[\d;]", between):
            return
        unit = total_m.group("u")
        body_end = _closing(text, marker.end()) if between.endswith("(") else len(text)
        parts, exhaustive, listing_end = _parts(text, marker.end(), body_end, unit, text[: total_m.start()])
        value, _ = _value(total_m)
        if len(parts) < 2 or any(_value(m)[0] > value for m in parts):
            return
        total = self.number_fact(sent, total_m, _total_kind(text[: total_m.start()], unit))
        listed = [self.number_fact(sent, m, self._part_kind(total.kind, text, m.start())) for m in parts]
        clause_start = max((text.rfind(c, 0, total_m.start()) for c in ",;:"), default=-1) + 1
        self.narrative.breakdowns.append(
            Breakdown(total, listed, exhaustive, sent.printed(clause_start, listing_end))
        )
        for head_m, inner in _nested(text, marker.end(), body_end, unit):
            part_kind = total.kind.replace("total", "part")
            head = self.number_fact(sent, head_m, part_kind)
            self.narrative.breakdowns.append(
                Breakdown(
                    head,
                    [self.number_fact(sent, m, part_kind) for m in inner],
                    True,
                    sent.printed(head_m.start(), _closing(text, head_m.end() + 1) + 1),
                )
            )

    def number_fact(self, sent: _Sentence, m: re.Match[str], kind: str) -> NarrativeFact:
        """The fact already read at this number, or a new one of `kind`."""
        known = self.by_number.get((sent.base, sent.start + m.start("n")))
        if known is not None:
            if known.kind.endswith("total") and kind.endswith("part"):
                known.kind = kind  # 法定主动公开内容29条 read as a total, but it is listed under one
            return known
        value, approx = _value(m)
        return self.fact(kind, value, approx, m.group("u"), sent, m.start(), m.start("n"))

    def _part_kind(self, total_kind: str, text: str, at: int) -> str:
        if total_kind == "received":
            label = text[max(0, at - 8) : at]
            for name, key in _APPLICANTS.items():
                if label.endswith(name):
                    return f"received.{key}"
        return total_kind.replace("total", "part") if total_kind.endswith("total") else "breakdown.part"


def _closing(text: str, start: int) -> int:
    depth = 1
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return len(text)


def _top_level(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The segments of text[start:end] between top-level , and ; (parenthesised text stays inside)."""
    segs: list[tuple[int, int]] = []
    depth, seg = 0, start
    for i in range(start, end):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in ",;" and depth == 0:
            segs.append((seg, i))
            seg = i + 1
    segs.append((seg, end))
    return [(a, b) for a, b in segs if b > a]


def _mask_parens(text: str, start: int, end: int) -> str:
    """text with whatever text[start:end] puts inside (...) blanked; lengths and offsets kept."""
    out, depth = [], 0
    for ch in text[start:end]:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth:
            ch = "□"
        out.append(ch)
    return text[:start] + "".join(out) + text[end:]


def _parts(text: str, start: int, end: int, unit: str, context: str) -> tuple[list[re.Match[str]], bool, int]:
    """The counts in `unit` listed in text[start:end] (parenthesised sub-lists left out), whether
    the list looks complete, and where it ends."""
    masked = _mask_parens(text, start, end)
    topic = _TOPIC_CHANGE.search(context[-60:])
    parts: list[re.Match[str]] = []
    exhaustive = True
    listing_end = start
    for a, b in _top_level(masked, start, end):
        seg = masked[a:b]
        if _SHARE_ONLY.match(seg):
            continue
        if not topic and _TOPIC_CHANGE.search(seg):
            break
        counts = [c for c in _COUNT.finditer(masked, a, b) if c.group("u") == unit]
        if not counts:
            exhaustive = False
            continue
        parts.extend(counts)
        if "等" in masked[counts[-1].end() : b]:
            exhaustive = False
        listing_end = b
    return parts, exhaustive, listing_end


def _nested(text: str, start: int, end: int, unit: str) -> list[tuple[re.Match[str], list[re.Match[str]]]]:
    """Parts followed by their own complete parenthesised list: 预决算公开197条（政府预决算32条、部门…165条）."""
    out = []
    for c in _COUNT.finditer(_mask_parens(text, start, end), start, end):
        if c.group("u") != unit or c.end() >= end or text[c.end()] != "(":
            continue
        close = _closing(text, c.end() + 1)
        inner, exhaustive, _ = _parts(text, c.end() + 1, close, unit, "")
        if len(inner) >= 2 and exhaustive:
            out.append((c, inner))
    return out


def _total_kind(context: str, unit: str) -> str:
    return (
        "proactive.total"
        if unit == "条" and re.search(r"公开|公布|发布", context[-30:])
        else "breakdown.total"
    )


_cache: tuple[Report, tuple[str, ...], Narrative] | None = None


def read(report: Report) -> Narrative:
    """The report's narrative facts and breakdowns (computed once per report and audit run)."""
    global _cache
    key = tuple(s.text for s in report.sections)
    if _cache is not None and _cache[0] is report and _cache[1] == key:
        return _cache[2]
    narrative = _Reader(report).read()
    _cache = (report, key, narrative)
    return narrative
