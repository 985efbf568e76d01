"""Checks between consecutive years of one agency (SPEC §10.2, V-YOY-1..6).

`audit_batch` pairs every report with the same agency's report for the year before (names
compared by `names.match`) and adds the findings to the later report. Cells that cannot be
read are never taken as 0: a check that needs them says it cannot verify, except table 2's
stock-flow, where digits that ran together in the source are tried in every possible split
and a break is reported only when no split satisfies the relation.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher
from pathlib import Path

from xxgk.audit import names
from xxgk.catalogue import RULES, finding
from xxgk.groups import DisjointSets
from xxgk.report import Report, Section
from xxgk.standard.table2 import TABLE2, Table2Row
from xxgk.standard.table3 import COLUMN_BY_KEY, ROW_BY_KEY
from xxgk.textnorm import label_key
from xxgk.values import run_splits

YOY_CODES = frozenset(code for code in RULES if code.startswith("YOY."))
# short names of the cross-year findings, for summaries
YOY_LABELS = {
    "YOY.CARRY_OVER": "结转不衔接",
    "YOY.STOCK_FLOW": "表二存量不衔接",
    "YOY.TRIAL_ITEMS": "试行格式项目数不衔接",
    "YOY.GROWTH_CLAIM": "同比数据不符",
    "YOY.SECTION5_COPIED": "第五部分雷同",
    "YOY.SWING": "大幅波动",
    "YOY.UNVERIFIABLE": "无法核对",
}
SIMILARITY_THRESHOLD = 0.8  # V-YOY-5
SWING_MIN_CHANGE = 10  # V-YOY-6: a change of at least this many applications …
SWING_MIN_FACTOR = 3  # … and by at least this factor (or from 0)
SPLIT_LIMIT = 500  # run-together table-2 rows with more splits than this are not tried


# --- pairing -------------------------------------------------------------------------------


def _order(report: Report) -> tuple[int, str]:
    return report.year or 0, str(report.source.get("path") or "")


def series(reports: Sequence[Report]) -> list[list[Report]]:
    """Reports grouped by agency, each group sorted by year. Reports without an agency or a
    year cannot be placed in a series and are left out.

    Two names are linked when `names.match` says so and they share a `names.bucket`; a group is
    everything linked directly or through others. Linear in the number of reports: each key is
    looked up in dictionaries of its place suffixes and government forms, so only names that
    can match are ever compared."""
    placed = [r for r in reports if r.agency and r.year]
    key_of = {id(r): names.normalise(r.agency) for r in placed}
    keys = sorted(set(key_of.values()))
    sets = DisjointSets(keys)
    # the comparison key of a key (`names.match` normalises the keys it is given once more)
    again = {k: names.normalise(k) for k in keys}
    exact: dict[str, list[str]] = defaultdict(list)  # a key or its government -> keys
    longer: dict[str, list[str]] = defaultdict(list)  # a place suffix of either -> keys
    forms = {k: dict.fromkeys((again[k], names.government(again[k]))) for k in keys}
    suffixes = {k: [s for f in forms[k] for s in names.place_suffixes(f)] for k in keys}
    bucket = {k: names.government(again[k])[-2:] for k in keys}  # = names.bucket(k)
    for k in keys:
        for f in forms[k]:
            exact[f].append(k)
        for s in suffixes[k]:
            longer[s].append(k)
    for a in keys:
        ka = again[a]
        if not ka:
            continue
        candidates = {b for f in forms[a] for b in (*exact[f], *longer[f])}
        candidates.update(b for s in suffixes[a] for b in exact.get(s, ()))
        for b in candidates:
            if b != a and bucket[b] == bucket[a] and names.match_keys(ka, again[b]):
                sets.union(a, b)
    groups: dict[str, list[Report]] = defaultdict(list)
    for r in placed:
        groups[sets.root(key_of[id(r)])].append(r)
    return [sorted(g, key=_order) for g in groups.values()]


def _known_cells(report: Report) -> int:
    return sum(
        cell.known
        for grid in (report.table2, report.table3)
        for cols in (grid or {}).values()
        for cell in cols.values()
    )


def pairs(group: Sequence[Report]) -> Iterator[tuple[Report, Report, names.Match]]:
    """(last year's report, this year's report, how their names match) within one series.
    Where a year has several reports of the agency (the same report as text and as HTML),
    the one with the same name and the most readable cells stands for it."""
    by_year: dict[int, list[Report]] = defaultdict(list)
    key = {id(r): names.normalise(r.agency) for r in group}
    for r in group:
        if r.year:
            by_year[r.year].append(r)
    for cur in sorted(group, key=_order):
        if not cur.year:
            continue
        candidates = [
            (m, prev)
            for prev in by_year.get(cur.year - 1, [])
            if (m := names.match_keys(key[id(prev)], key[id(cur)]))
        ]
        if candidates:
            m, prev = min(candidates, key=lambda c: (c[0] != "same", -_known_cells(c[1]), _order(c[1])))
            yield prev, cur, m


def audit_batch(reports: list[Report]) -> None:
    """Add the cross-year findings to the later report of each consecutive pair of one agency.
    Running it again replaces, rather than repeats, the findings of a previous run."""
    for r in reports:
        r.findings = [f for f in r.findings if f.code not in YOY_CODES]
    for group in series(reports):
        for prev, cur, m in pairs(group):
            for check in _PAIR_CHECKS:
                check(prev, cur, m)


def audit_series(reports: Sequence[Report]) -> None:
    """The cross-year checks over reports already known to be one body's (the store matched
    them to it), paired by year alone; where a year has several, the most readable stands for it."""
    by_year: dict[int, Report] = {}
    for r in sorted(reports, key=lambda r: (-_known_cells(r), _order(r))):
        if r.year:
            by_year.setdefault(r.year, r)
    for year in sorted(by_year):
        prev = by_year.get(year - 1)
        if prev is not None:
            for check in _PAIR_CHECKS:
                check(prev, by_year[year], "same")


def release(report: Report, keep_facts: bool = False) -> Report:
    """Let go of what neither `audit_batch` nor the batch summary reads, once the report has
    been audited on its own: the text of every section but 第五部分 and those that state a
    change on last year (their headings and places stay), and the narrative facts unless
    `keep_facts` (the JSON output prints them). A batch of many thousand reports then keeps
    about half the memory, with the same cross-year findings."""
    for section in report.sections:
        if section.number != 5 and not _CLAIM.search(section.text):
            section.text = ""
    if not keep_facts:
        report.facts = []
    return report


# --- V-YOY-1: carry-over -------------------------------------------------------------------


@dataclass(frozen=True)
class ChainLink:
    """One year of an agency's carry-over chain (总计 column; `broken` lists every column that breaks)."""

    year: int
    source: str | None
    carried_over: int | None  # this year's 二、上年结转
    previous_carried_forward: int | None  # last year's 四、结转下年度继续办理; None without last year
    has_previous: bool
    ok: bool | None  # None: no report for last year, or a needed cell could not be read
    broken: tuple[str, ...] = ()


def _int(report: Report, path: str) -> int | None:
    v = report.value(path)
    return int(v) if v is not None else None


def _carry_over_columns(prev: Report, cur: Report) -> tuple[list[tuple[str, int, int]], list[str]]:
    """(columns that break with (column, this year, last year), columns that cannot be read)."""
    broken: list[tuple[str, int, int]] = []
    unknown: list[str] = []
    if prev.table3 is None or cur.table3 is None:
        return broken, unknown
    for col in COLUMN_BY_KEY:
        a, b = cur.cell(f"table3.carried_over.{col}"), prev.cell(f"table3.carried_forward.{col}")
        if a is None or b is None or "absent" in (a.status, b.status):
            continue
        va, vb = _int(cur, f"table3.carried_over.{col}"), _int(prev, f"table3.carried_forward.{col}")
        if va is None or vb is None:
            unknown.append(col)
        elif va != vb:
            broken.append((col, va, vb))
    return broken, unknown


def file_name(path: str | None) -> str:
    """A source as messages and summaries name it."""
    return Path(path).name if path else "（标准输入）"


def _name(report: Report) -> str:
    """Inside a message's brackets."""
    return file_name(report.source.get("path")).strip("（）")


def _carry_over(prev: Report, cur: Report, m: names.Match) -> None:
    broken, unknown = _carry_over_columns(prev, cur)
    if broken:
        parts = "；".join(
            f"“{COLUMN_BY_KEY[c].label}”列 {a} 件≠{b} 件（相差 {abs(a - b)}）" for c, a, b in broken
        )
        msg = (
            f"{cur.year}年报告表三“二、上年结转政府信息公开申请数量”与{prev.year}年报告（{_name(prev)}）"
            f"“四、结转下年度继续办理”不衔接：{parts}"
        )
        if m == "related":
            msg += f"（两份报告的机关分别为“{prev.agency}”和“{cur.agency}”，统计口径可能不同）"
        else:
            msg += "；如因机构改革、更正上年数据等原因，报告应作说明"
        total = next(((a, b) for c, a, b in broken if c == "total"), (broken[0][1], broken[0][2]))
        cur.add(
            finding(
                "YOY.CARRY_OVER",
                msg,
                [f"table3.carried_over.{c}" for c, _, _ in broken],
                cur.cell(f"table3.carried_over.{broken[0][0]}").where,
                "source",
                numbers=[float(total[0]), float(total[1])],
                severity="error" if m == "same" else "warning",
            )
        )
    if unknown:
        labels = "、".join(f"“{COLUMN_BY_KEY[c].label}”" for c in unknown)
        cur.add(
            finding(
                "YOY.UNVERIFIABLE",
                f"表三{labels}列：{cur.year}年“二、上年结转”或{prev.year}年“四、结转下年度继续办理”"
                "为空或无法读取，无法核对两年的结转是否衔接",
                [f"table3.carried_over.{c}" for c in unknown],
            )
        )


def carry_over_chain(reports: Sequence[Report]) -> list[ChainLink]:
    """The year-by-year carry-over chain of one agency's reports (one group of `series`)."""
    ordered = sorted(reports, key=_order)
    previous = {id(cur): prev for prev, cur, _ in pairs(ordered)}
    links: list[ChainLink] = []
    for r in ordered:
        if not r.year:
            continue
        prev = previous.get(id(r))
        here = _int(r, "table3.carried_over.total") if r.table3 else None
        there = _int(prev, "table3.carried_forward.total") if prev is not None and prev.table3 else None
        ok: bool | None = None
        broken: tuple[str, ...] = ()
        if prev is not None:
            cols, unknown = _carry_over_columns(prev, r)
            broken = tuple(c for c, _, _ in cols)
            if broken:
                ok = False
            elif here is not None and there is not None and not unknown:
                ok = True
        links.append(ChainLink(r.year, r.source.get("path"), here, there, prev is not None, ok, broken))
    return links


# --- V-YOY-2 / V-YOY-3: table-2 stock and flow ---------------------------------------------


@dataclass(frozen=True)
class _Term:
    last_year: bool  # the cell is in last year's report
    column: str
    sign: int = 1


@dataclass(frozen=True)
class _StockFlow:
    code: str
    version: str  # both reports must be in this format
    rows: tuple[str, ...]
    terms: tuple[_Term, ...]  # their signed sum …
    result: str  # … equals this column of this year's report
    relation: str  # the relation in words, for messages


_STOCK_FLOWS = (
    _StockFlow(
        "YOY.STOCK_FLOW",
        "2021",
        ("regulations", "normative_documents"),
        (_Term(True, "in_force"), _Term(False, "issued"), _Term(False, "repealed", -1)),
        "in_force",
        "上年现行有效件数＋本年制发件数－本年废止件数＝本年现行有效件数",
    ),
    _StockFlow(
        "YOY.TRIAL_ITEMS",
        "2019",
        ("licensing", "other_services", "penalty", "coercion", "fees"),
        (_Term(True, "prior_items"), _Term(True, "net_change")),
        "prior_items",
        "上年的上一年项目数量＋上年的本年增/减＝本年的上一年项目数量",
    ),
)


def _table2_row(report: Report, key: str) -> Table2Row | None:
    spec = TABLE2.get(report.format_version or "")
    return next((r for r in spec.rows if r.key == key), None) if spec else None


def _readings(report: Report, key: str) -> list[dict[str, int]] | None:
    """Every reading of a table-2 row: one when its cells were read, every split when the
    whole row's digits ran together, None when something else keeps a cell unknown."""
    row = _table2_row(report, key)
    cells = (report.table2 or {}).get(key)
    if row is None or not cells or any(c not in cells for c in row.columns):
        return None
    if all(cells[c].known for c in row.columns):
        return [{c: int(cells[c].value) for c in row.columns}]  # type: ignore[arg-type]
    raws = {cells[c].raw for c in row.columns}
    if len(raws) != 1 or not all(cells[c].status in ("unreadable", "number") for c in row.columns):
        return None  # not one run (a run's cells that every reading agrees on are read)
    options = run_splits(raws.pop(), len(row.columns), row.signed, limit=SPLIT_LIMIT)
    if not options or len(options) >= SPLIT_LIMIT:
        return None
    return [dict(zip(row.columns, o, strict=True)) for o in options]


def _stock_flow(prev: Report, cur: Report, m: names.Match) -> None:
    for flow in _STOCK_FLOWS:
        if prev.format_version != flow.version or cur.format_version != flow.version:
            continue
        for key in flow.rows:
            if (
                _table2_row(cur, key) is None
                or key not in (cur.table2 or {})
                or key not in (prev.table2 or {})
            ):
                continue
            _check_flow(flow, key, prev, cur)


def _check_flow(flow: _StockFlow, key: str, prev: Report, cur: Report) -> None:
    row = _table2_row(cur, key)
    assert row is not None
    cells = [f"table2.{key}.{t.column}" for t in flow.terms if not t.last_year] + [
        f"table2.{key}.{flow.result}"
    ]
    old, new = _readings(prev, key), _readings(cur, key)
    if old is None or new is None:
        years = "、".join(f"{r.year}年" for r, opts in ((prev, old), (cur, new)) if opts is None)
        cur.add(
            finding(
                "YOY.UNVERIFIABLE",
                f"表二“{row.label}”：{years}的数值为空或无法读取，无法核对{flow.relation}",
                cells,
            )
        )
        return

    def lhs(a: dict[str, int], b: dict[str, int]) -> int:
        return sum(t.sign * (a if t.last_year else b)[t.column] for t in flow.terms)

    if any(lhs(a, b) == b[flow.result] for a in old for b in new):
        return
    spec = TABLE2[flow.version]
    if len(old) == 1 and len(new) == 1:
        a, b = old[0], new[0]
        expr = ""
        for i, t in enumerate(flow.terms):
            sign = "－" if t.sign < 0 else ("＋" if i else "")
            year = prev.year if t.last_year else cur.year
            expr += f"{sign}{year}年{spec.columns[t.column]} {(a if t.last_year else b)[t.column]}"
        total, printed = lhs(a, b), b[flow.result]
        msg = (
            f"表二“{row.label}”：{expr}＝{total}，而{cur.year}年{spec.columns[flow.result]}为 {printed}，"
            f"相差 {abs(total - printed)}"
        )
        numbers = [float(total), float(printed)]
    else:
        sides = []
        for r, opts, last_year in ((prev, old, True), (cur, new, False)):
            if len(opts) > 1:
                raw = (r.table2 or {})[key][row.columns[0]].raw
                sides.append(f"{r.year}年该行数字连在一起（“{raw}”），有 {len(opts)} 种拆分")
            else:
                cols = [t.column for t in flow.terms if t.last_year == last_year]
                cols += [] if last_year else [flow.result]
                sides.append(f"{r.year}年" + "、".join(f"{spec.columns[c]} {opts[0][c]}" for c in cols))
        msg = f"表二“{row.label}”：{'；'.join(sides)}；无论怎样拆分，都不满足{flow.relation}"
        numbers = []
    cur.add(
        finding(
            flow.code,
            msg + "（可能因清理文件、修订计入制发或统计口径变化，报告应作说明）",
            cells,
            cur.cell(cells[-1]).where,
            "source",
            numbers=numbers,
        )
    )


# --- V-YOY-4: growth claims in the narrative -----------------------------------------------


@dataclass(frozen=True)
class GrowthClaim:
    subject: str  # the words before the stated number
    stated: int  # this year's number as the narrative states it
    amount: Decimal  # the claimed change, signed
    unit: str  # "%" | "件" (a count) | "倍"
    sentence: str
    section: Section


_CLAIM = re.compile(
    r"(?P<stated>\d+)\s*(?P<unit1>件|起|宗|个|条|项|次)[^。；;！？\d]{0,12}?"
    r"(?:同比|较上年度?|比上年度?|较去年|比去年|与上年相比|与去年相比|较(?:19|20)\d\d年度?|比(?:19|20)\d\d年度?)"
    r"(?:同期)?(?:相比)?[，,]?\s*(?P<dir>增长|增加|上升|提高|提升|增多|下降|减少|降低|回落|下滑)了?\s*"
    r"(?P<amount>\d+(?:\.\d+)?)\s*(?P<unit2>%|％|个百分点|件|起|宗|个|条|项|次|倍)"
)
_DOWN = ("下降", "减少", "降低", "回落", "下滑")
_COUNT_UNITS = ("件", "起", "宗", "个", "条", "项", "次")
# What a growth claim is about, by the words before its number; the first pattern that matches
# wins (复议 before 申请: “行政复议申请”). Each option names a sum of cells; the one equal to
# the stated number is the one meant.
_Option = tuple[str, tuple[str, ...]]
_QUANTITIES: tuple[tuple[re.Pattern[str], tuple[_Option, ...]], ...] = (
    (re.compile(r"复议"), (("行政复议案件数", ("table4.review.total",)),)),
    (
        re.compile(r"诉讼"),
        (("行政诉讼案件数", ("table4.litigation_direct.total", "table4.litigation_after_review.total")),),
    ),
    (re.compile(r"结转"), (("结转下年度的申请数", ("table3.carried_forward.total",)),)),
    (re.compile(r"许可"), (("行政许可处理决定数", ("table2.licensing.decisions",)),)),
    (re.compile(r"处罚"), (("行政处罚处理决定数", ("table2.penalty.decisions",)),)),
    (re.compile(r"强制"), (("行政强制处理决定数", ("table2.coercion.decisions",)),)),
    (re.compile(r"规范性文件"), (("制发行政规范性文件数", ("table2.normative_documents.issued",)),)),
    (
        re.compile(r"办结|答复|办理完毕"),
        (("办结的申请数（表三（七）总计）", ("table3.results_total.total",)),),
    ),
    (
        re.compile(r"申请"),
        (
            ("新收申请数（表三第一项）", ("table3.new_received.total",)),
            (
                "收到的申请数（表三第一项＋第二项）",
                ("table3.new_received.total", "table3.carried_over.total"),
            ),
            ("办理的申请数（表三（七）总计）", ("table3.results_total.total",)),
        ),
    ),
)
# the trial format's names for the 2021 table-2 columns a growth claim may compare
_TRIAL_COLUMNS = {"issued": "new_made"}


def growth_claims(report: Report) -> list[GrowthClaim]:
    out: list[GrowthClaim] = []
    for section in report.sections:
        for m in _CLAIM.finditer(section.text):
            start = max(section.text.rfind(p, 0, m.start()) for p in "。；;！？\n") + 1
            unit = "%" if m["unit2"] in ("%", "％") else ("件" if m["unit2"] in _COUNT_UNITS else m["unit2"])
            if unit == "个百分点":
                continue
            sign = -1 if m["dir"] in _DOWN else 1
            end = section.text.find("。", m.end())
            out.append(
                GrowthClaim(
                    subject=section.text[start : m.start()],
                    stated=int(m["stated"]),
                    amount=sign * Decimal(m["amount"]),
                    unit=unit,
                    sentence=section.text[start : end if end >= 0 else m.end()].strip(),
                    section=section,
                )
            )
    return out


def _sum(report: Report, paths: tuple[str, ...]) -> int | None:
    total = 0
    for p in paths:
        table, row, col = p.split(".")
        if table == "table2" and report.format_version == "2019":
            col = _TRIAL_COLUMNS.get(col, col)
        v = report.value(f"{table}.{row}.{col}")
        if v is None:
            return None
        total += int(v)
    return total


def _claim_holds(claim: GrowthClaim, before: int, now: int) -> bool | None:
    if claim.unit == "件":
        return now - before == claim.amount
    if before == 0:
        return None
    ratio = Decimal(now) / Decimal(before)
    if claim.unit == "倍":  # “增长2倍” is read both as ×3 and as ×2 in practice
        return any(abs(ratio - k) <= Decimal("0.05") * k for k in (1 + claim.amount, claim.amount))
    decimals = -claim.amount.as_tuple().exponent  # type: ignore[operator]
    actual = (ratio - 1) * 100
    # rounded or truncated to the printed precision
    return abs(actual - claim.amount) < Decimal(10) ** -decimals


def _growth(prev: Report, cur: Report, m: names.Match) -> None:
    for claim in growth_claims(cur):
        options = next((opts for rx, opts in _QUANTITIES if rx.search(claim.subject)), ())
        meant = [
            (label, paths, before)
            for label, paths in options
            if _sum(cur, paths) == claim.stated and (before := _sum(prev, paths)) is not None
        ]
        # the stated number itself not matching the table is the narrative rules' business
        verdicts = [_claim_holds(claim, before, claim.stated) for _, _, before in meant]
        if not verdicts or any(v is not False for v in verdicts):
            continue
        label, paths, before = meant[0]
        if claim.unit == "件":
            should = f"{'增加' if claim.stated >= before else '减少'} {abs(claim.stated - before)} 件"
        else:
            change = (Decimal(claim.stated) / Decimal(before) - 1) * 100
            should = f"{'增长' if change >= 0 else '下降'} {abs(change):.1f}%"
        cur.add(
            finding(
                "YOY.GROWTH_CLAIM",
                f"正文“{claim.sentence[:80]}”与两年报告的表格不符：{label}{prev.year}年为 {before}、"
                f"{cur.year}年为 {claim.stated}，应为{should}",
                list(paths),
                claim.section.where,
                "source",
                numbers=[float(claim.amount), float(claim.stated), float(before)],
            )
        )


# --- V-YOY-5: section 五 copied from last year ---------------------------------------------

_SECTION5_HEADING = re.compile(r"^\s*[五5]\s*[、.．]\s*(政府信息公开工作)?存在的?主要问题(及|和)改进情况")
_DIGITS = re.compile(r"\d+")
MIN_SECTION5_CHARS = 40  # shorter texts (“无”) say too little to call copied


def _section5(report: Report) -> tuple[Section, str] | None:
    section = next((s for s in report.sections if s.number == 5), None)
    if section is None:
        return None
    # years and counts change when a text is carried over, so digits are compared as one symbol
    text = _DIGITS.sub("#", label_key(_SECTION5_HEADING.sub("", section.text)))
    return (section, text) if len(text) >= MIN_SECTION5_CHARS else None


def similarity(a: str, b: str) -> float:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() <= SIMILARITY_THRESHOLD or matcher.quick_ratio() <= SIMILARITY_THRESHOLD:
        return matcher.quick_ratio()
    return matcher.ratio()


def _section5_copied(prev: Report, cur: Report, m: names.Match) -> None:
    old, new = _section5(prev), _section5(cur)
    if old is None or new is None:
        return
    ratio = similarity(old[1], new[1])
    if ratio > SIMILARITY_THRESHOLD:
        cur.add(
            finding(
                "YOY.SECTION5_COPIED",
                f"第五部分“存在的主要问题及改进情况”与{prev.year}年报告（{_name(prev)}）的相似度为 "
                f"{ratio:.0%}，疑似照搬上年内容（内容雷同）",
                [],
                new[0].where,
                "source",
                numbers=[ratio],
            )
        )


# --- V-YOY-6: swings in the fee- and abuse-related rows ------------------------------------

_SWING_ROWS = ("not_processed_mass_repeated", "other_overdue_fee")


def _swing(prev: Report, cur: Report, m: names.Match) -> None:
    if prev.format_version != "2021" or cur.format_version != "2021":
        return
    for key in _SWING_ROWS:
        path = f"table3.{key}.total"
        a, b = _int(prev, path), _int(cur, path)
        if a is None or b is None or abs(b - a) < SWING_MIN_CHANGE:
            continue
        if min(a, b) == 0 or max(a, b) >= SWING_MIN_FACTOR * min(a, b):
            cur.add(
                finding(
                    "YOY.SWING",
                    f"表三“{ROW_BY_KEY[key].label}”总计由{prev.year}年的 {a} 件变为{cur.year}年的 {b} 件，"
                    "变化较大，请核实",
                    [path],
                    cur.cell(path).where,
                    None,
                    numbers=[float(a), float(b)],
                )
            )


_PAIR_CHECKS = (_carry_over, _stock_flow, _growth, _section5_copied, _swing)
