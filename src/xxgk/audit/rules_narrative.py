"""Narrative versus tables (SPEC §10.1 V-TXT-1…11) and the narrative's own arithmetic.

Every comparison is between a number the narrative states exactly (an approximate claim, 160余条,
is never held against the tables) and the set of values the tables allow (see tables.py); a
table cell we could not read is no evidence either way."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from xxgk.audit import check, narrative, tables
from xxgk.audit.agency import is_government
from xxgk.audit.tables import OUTCOME_LABELS, OUTCOME_ROWS, Candidates, show
from xxgk.catalogue import finding
from xxgk.report import NarrativeFact, Report
from xxgk.standard.identities import cell_label
from xxgk.standard.table3 import APPLICANT_COLUMNS, ROW_BY_KEY
from xxgk.standard.table4 import TABLE4_BLOCKS

SHARE_TOLERANCE = 0.1  # percentage points: narratives round to one or two decimals
MIN_CATEGORIES_FOR_SUM = 3  # fewer listed outcome categories may be a partial list


@check
def record_facts(report: Report) -> None:
    """Hand the narrative's numbers over to the report (report.facts, in the JSON output)."""
    if not report.facts:
        report.facts.extend(narrative.read(report).facts)


def quantity(report: Report, paths: Iterable[str]) -> Candidates | None:
    """The candidate values of a sum of cells (table-3/4 totals also as the sum of their parts)."""

    def one(path: str) -> Candidates | None:
        table, row, col = path.split(".")
        if table == "table3":
            return tables.t3(report, row, col)
        if table == "table4":
            return tables.t4(report, row, col)
        return tables.cell(report, path)

    return tables.sums(one(p) for p in paths)


def _quote_text(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[:width] + "…"


def _n(v: float) -> str:
    return f"{v:g}"


@dataclass(frozen=True)
class Comparison:
    """A narrative fact kind that must equal (or, `at_least`, not fall short of) a table quantity."""

    kind: str
    code: str
    claim: str  # 正文称{claim}{value}件
    label: str  # the table quantity, in Chinese
    paths: Callable[[Report], tuple[str, ...] | None]
    at_least: bool = False  # a published count may exceed the issued count, not fall short of it


def _fixed(*paths: str) -> Callable[[Report], tuple[str, ...]]:
    return lambda report: paths


def _by_version(**paths: tuple[str, ...]) -> Callable[[Report], tuple[str, ...] | None]:
    return lambda report: paths.get(f"v{report.format_version}")


def _t3(row: str) -> str:
    return f"表三“{ROW_BY_KEY[row].label}”"


_LITIGATION = ("table4.litigation_direct.total", "table4.litigation_after_review.total")
_CORRECTED = tuple(f"table4.{b}.corrected" for b in TABLE4_BLOCKS)
_ND = "table2.normative_documents"
_REG = "table2.regulations"

COMPARISONS: tuple[Comparison, ...] = (
    Comparison(
        "carried_over",
        "TXT.CARRIED_OVER",
        "上年结转",
        _t3("carried_over"),
        _fixed("table3.carried_over.total"),
    ),
    Comparison(
        "concluded",
        "TXT.CONCLUDED",
        "办结（答复）",
        _t3("results_total"),
        _fixed("table3.results_total.total"),
    ),
    Comparison(
        "carried_forward",
        "TXT.CARRIED_FORWARD",
        "结转下年度",
        _t3("carried_forward"),
        _fixed("table3.carried_forward.total"),
    ),
    Comparison(
        "review", "TXT.REVIEW_LITIGATION", "行政复议", "表四行政复议总计", _fixed("table4.review.total")
    ),
    Comparison(
        "litigation",
        "TXT.REVIEW_LITIGATION",
        "行政诉讼",
        "表四行政诉讼总计（未经复议直接起诉＋复议后起诉）",
        _fixed(*_LITIGATION),
    ),
    Comparison("corrected", "TXT.REVIEW_LITIGATION", "被纠错", "表四“结果纠正”合计", _fixed(*_CORRECTED)),
    Comparison(
        "licensing",
        "TXT.DECISIONS",
        "办理行政许可",
        "表二“行政许可”处理决定数量",
        _fixed("table2.licensing.decisions"),
    ),
    Comparison(
        "penalty",
        "TXT.DECISIONS",
        "作出行政处罚",
        "表二“行政处罚”处理决定数量",
        _fixed("table2.penalty.decisions"),
    ),
    Comparison(
        "coercion",
        "TXT.DECISIONS",
        "实施行政强制",
        "表二“行政强制”处理决定数量",
        _fixed("table2.coercion.decisions"),
    ),
    Comparison(
        "nd.issued",
        "TXT.NORMATIVE_DOCS",
        "制发行政规范性文件",
        "表二“行政规范性文件”本年制发（新制作）件数",
        _by_version(v2021=(f"{_ND}.issued",), v2019=(f"{_ND}.new_made",)),
    ),
    Comparison(
        "nd.in_force",
        "TXT.NORMATIVE_DOCS",
        "现行有效行政规范性文件",
        "表二“行政规范性文件”“现行有效件数”",
        _by_version(v2021=(f"{_ND}.in_force",)),
    ),
    Comparison(
        "nd.repealed",
        "TXT.NORMATIVE_DOCS",
        "废止行政规范性文件",
        "表二“行政规范性文件”“本年废止件数”",
        _by_version(v2021=(f"{_ND}.repealed",)),
    ),
    Comparison(
        "nd.published",
        "TXT.NORMATIVE_DOCS",
        "公开规范性文件（类信息）",
        "表二“行政规范性文件”本年制发（新公开）件数",
        _by_version(v2021=(f"{_ND}.issued",), v2019=(f"{_ND}.new_published",)),
        at_least=True,
    ),
    Comparison(
        "reg.published",
        "TXT.NORMATIVE_DOCS",
        "公开规章",
        "表二“规章”本年制发（新公开）件数",
        _by_version(v2021=(f"{_REG}.issued",), v2019=(f"{_REG}.new_published",)),
        at_least=True,
    ),
    Comparison(
        "reg_nd.published",
        "TXT.NORMATIVE_DOCS",
        "公开规章和规范性文件（类信息）",
        "表二“规章”与“行政规范性文件”本年制发（新公开）件数之和",
        _by_version(
            v2021=(f"{_REG}.issued", f"{_ND}.issued"), v2019=(f"{_REG}.new_published", f"{_ND}.new_published")
        ),
        at_least=True,
    ),
)


def _run(report: Report, paths: tuple[str, ...]) -> str | None:
    """The printed digits of a table-2 row whose numbers ran together, if that is what we compare with."""
    runs = sorted(
        {c.raw for p in paths if (c := report.cell(p)) is not None and c.status == "unreadable" and c.raw}
    )
    return "”“".join(runs) if runs else None


@check
def compare_counts(report: Report) -> None:
    facts = narrative.read(report)
    for cmp in COMPARISONS:
        paths = cmp.paths(report)
        if not paths:
            continue
        table = quantity(report, paths)
        if table is None:
            continue
        for f in facts.of(cmp.kind):
            ok = f.value >= min(table) if cmp.at_least else f.value in table
            if ok:
                continue
            run = _run(report, paths)
            if run:
                verdict = "都多于这个数" if cmp.at_least else "都不可能是这个数"
                told = f"{cmp.label}印为“{run}”（数字连在一起），但无论怎样拆分{verdict}"
            elif cmp.at_least:
                told = f"少于{cmp.label}（{show(table)}）"
            else:
                told = f"与{cmp.label}（{show(table)}）不符"
            report.add(
                finding(
                    cmp.code,
                    f"正文称{cmp.claim}{_n(f.value)}{f.unit or '件'}（“{facts.phrase(f)}”），{told}",
                    list(paths),
                    f.where,
                    "source",
                    [f.value, *table] if len(table) == 1 else [f.value],
                )
            )


def _received_candidates(report: Report, col: str) -> tuple[Candidates | None, Candidates | None]:
    new = tables.t3(report, "new_received", col)
    cin = tables.t3(report, "carried_over", col)
    return new, tables.sums((new, cin))


@check
def received(report: Report) -> None:
    """V-TXT-1: 收到 / 受理 … X件 is 一 (or 一＋二, reported as info); 办理 X件 may also be （七）."""
    facts = narrative.read(report)
    new, with_cin = _received_candidates(report, "total")
    results = tables.t3(report, "results_total")
    if new is not None:
        for f in facts.of("received") + facts.of("handled"):
            _received_total(report, facts, f, new, with_cin, results)
    for f in facts.kinds("received."):
        col = f.kind.split(".", 1)[1]
        col_new, col_both = _received_candidates(report, col)
        if f.approx or col_new is None or f.value in col_new or (col_both and f.value in col_both):
            continue
        report.add(
            finding(
                "TXT.RECEIVED",
                f"正文称{tables.column_label(col)}申请{_n(f.value)}件，{_t3('new_received')}的“{tables.column_label(col)}”列为 {show(col_new)} 件",
                [f"table3.new_received.{col}"],
                f.where,
                "source",
                [f.value, min(col_new)],
            )
        )


def _received_total(
    report: Report,
    facts: narrative.Narrative,
    f: NarrativeFact,
    new: Candidates,
    with_cin: Candidates | None,
    results: Candidates | None,
) -> None:
    allowed = new
    if f.kind == "handled":  # 办理 may count what was received, on the books, or concluded
        allowed = new | (with_cin or frozenset()) | (results or frozenset())
    if f.value in allowed:
        return
    if with_cin is not None and f.value in with_cin:
        _with_carried(report, f, facts, new)
        return
    also = f"、（七）总计 {show(results)} 件" if f.kind == "handled" and results else ""
    report.add(
        finding(
            "TXT.RECEIVED",
            f"正文称“{facts.phrase(f)}”，{_t3('new_received')}为 {show(new)} 件{also}",
            ["table3.new_received.total"] + (["table3.results_total.total"] if also else []),
            f.where,
            "source",
            [f.value, min(new)],
        )
    )


def _with_carried(report: Report, f: NarrativeFact, facts: narrative.Narrative, new: Candidates) -> None:
    cin = tables.t3(report, "carried_over") or frozenset()
    cells = ["table3.new_received.total", "table3.carried_over.total"]
    detail = []
    for part in facts.kinds("received."):
        if part.sentence != f.sentence:
            continue
        col = part.kind.split(".", 1)[1]
        col_new, col_both = _received_candidates(report, col)
        if col_new and col_both and part.value in col_both and part.value not in col_new:
            cells += [f"table3.new_received.{col}", f"table3.carried_over.{col}"]
            col_cin = tables.t3(report, "carried_over", col) or frozenset({0})
            detail.append(f"{tables.column_label(col)}{_n(part.value)}件＝{show(col_new)}＋{show(col_cin)}")
    report.add(
        finding(
            "TXT.RECEIVED_WITH_CARRIED",
            f"正文称“{facts.phrase(f)}”，等于表三本年新收 {show(new)} 件加上年结转 {show(cin)} 件，"
            f"不是{_t3('new_received')}本身" + (f"（{'；'.join(detail)}）" if detail else ""),
            cells,
            f.where,
            "source",
            [f.value, min(new), min(cin) if cin else 0],
        )
    )


def _outcome_pairs(facts: narrative.Narrative) -> list[tuple[NarrativeFact, NarrativeFact | None]]:
    """Outcome counts with the share printed after them (予以公开X件，占Y%)."""
    out: list[tuple[NarrativeFact, NarrativeFact | None]] = []
    seq = facts.facts
    for i, f in enumerate(seq):
        if not f.kind.startswith("outcome.") or f.kind.endswith(".share") or f.approx:
            continue
        share = seq[i + 1] if i + 1 < len(seq) and seq[i + 1].kind == f.kind + ".share" else None
        out.append((f, share))
    return out


def _same_as_cell(report: Report, rows: Iterable[str], value: float) -> str:
    """When a wrong category count is exactly one cell of the category, say which (a clerk copied it)."""
    for row in tables.present_rows(report, rows):
        for col in ("total", *APPLICANT_COLUMNS):
            c = report.cell(f"table3.{row}.{col}")
            if c is not None and c.known and c.value == value:
                return f"，{_n(value)}只是其中{cell_label(f'table3.{row}.{col}')}的数"
    return ""


def _share_ok(share: float, count: Candidates, bases: Iterable[Candidates | None]) -> bool:
    return any(
        abs(share - 100 * c / b) <= SHARE_TOLERANCE
        for base in bases
        if base
        for b in base
        if b
        for c in count
    )


@check
def outcomes(report: Report) -> None:
    """V-TXT-5: each outcome category (count and share) and their sum against table 3."""
    facts = narrative.read(report)
    results = tables.t3(report, "results_total")
    _, with_cin = _received_candidates(report, "total")
    pairs = _outcome_pairs(facts)
    for f, share in pairs:
        key = f.kind.split(".", 1)[1]
        rows = OUTCOME_ROWS[key]
        table = tables.t3_rows(report, rows)
        if table is None:
            continue
        problems = []
        if f.value not in table:
            problems.append(
                f"表三“{OUTCOME_LABELS[key]}”合计 {show(table)} 件{_same_as_cell(report, rows, f.value)}"
            )
        if share is not None and results and not _share_ok(share.value, table, (results, with_cin)):
            expected = 100 * min(table) / min(results) if min(results) else 0
            problems.append(
                f"按表三应占（七）总计{show(results)}件的 {expected:.1f}%，而不是 {_n(share.value)}%"
            )
        if not problems:
            continue
        present = tables.present_rows(report, rows)
        report.add(
            finding(
                "TXT.OUTCOME",
                f"正文称“{f.sentence}”，" + "；".join(problems),
                [f"table3.{r}.total" for r in present] + ["table3.results_total.total"],
                f.where,
                "source",
                [f.value, min(table)] + ([share.value] if share else []),
            )
        )
    _outcome_sum(report, [f for f, _ in pairs], results)


def _outcome_sum(report: Report, counts: list[NarrativeFact], results: Candidates | None) -> None:
    first: dict[str, NarrativeFact] = {}
    for f in counts:
        first.setdefault(f.kind, f)
    if "outcome.granted_or_partial" in first:
        first.pop("outcome.granted", None)
        first.pop("outcome.partially_granted", None)
    if len(first) < MIN_CATEGORIES_FOR_SUM or results is None:
        return
    listed = list(first.values())
    total = sum(f.value for f in listed)
    if total in results:
        return
    report.add(
        finding(
            "TXT.OUTCOME_SUM",
            f"正文各类办理结果 {'+'.join(_n(f.value) for f in listed)}={_n(total)} 件，"
            f"表三“（七）总计”为 {show(results)} 件",
            ["table3.results_total.total"],
            listed[0].where,
            "source",
            [total, min(results), *(f.value for f in listed)],
        )
    )


def _nonzero(report: Report, cols: Iterable[str]) -> list[tuple[str, int]]:
    out = []
    for block in TABLE4_BLOCKS:
        for col in cols:
            c = report.cell(f"table4.{block}.{col}")
            if c is not None and c.known and c.value:
                out.append((f"table4.{block}.{col}", int(c.value)))
    return out


def _listing(found: list[tuple[str, int]]) -> str:
    return "、".join(f"{cell_label(p).removeprefix('表四')} {v} 件" for p, v in found)


@check
def claims(report: Report) -> None:
    """均获维持 / 均已结案 / 所有申请均已办理完成 against what the tables (and the narrative) show."""
    facts = narrative.read(report)
    # a claim that every case was upheld / closed, against the table-4 columns that deny it
    for kind, code, columns in (
        ("claim.all_upheld", "TXT.ALL_UPHELD", ("corrected", "other", "pending")),
        ("claim.all_closed", "NARRATIVE.CONTRADICTION", ("pending",)),
    ):
        for f in facts.of(kind)[:1]:
            found = _nonzero(report, columns)
            if found:
                report.add(
                    finding(
                        code,
                        f"正文称行政复议、诉讼案件“{facts.phrase(f)}”，表四却有{_listing(found)}",
                        [p for p, _ in found],
                        f.where,
                        "source",
                        [v for _, v in found],
                    )
                )
    for f in facts.of("claim.all_concluded")[:1]:
        cout = tables.t3(report, "carried_forward")
        stated = [x for x in facts.of("carried_forward") if x.value > 0]
        if not (cout and min(cout) > 0) and not stated:
            continue
        evidence = []
        if cout and min(cout) > 0:
            evidence.append(f"表三有 {show(cout)} 件结转下年度继续办理")
        if stated:
            evidence.append(f"正文自己也说“{facts.phrase(stated[0])}”")
        report.add(
            finding(
                "NARRATIVE.CONTRADICTION",
                f"正文称“{facts.phrase(f)}”，但{'，'.join(evidence)}",
                ["table3.carried_forward.total"],
                f.where,
                "source",
                [min(cout) if cout else stated[0].value],
            )
        )


@check
def arithmetic(report: Report) -> None:
    """“共X条，其中A条、B条…”: the parts add up to the total (complete lists), never exceed it."""
    for b in narrative.read(report).breakdowns:
        if b.total.approx or any(p.approx for p in b.parts):
            continue
        total, parts = b.total.value, [p.value for p in b.parts]
        s = sum(parts)
        if s == total or (s < total and not b.exhaustive):
            continue
        diff = f"多 {_n(s - total)}" if s > total else f"少 {_n(total - s)}"
        report.add(
            finding(
                "NARRATIVE.ARITHMETIC",
                f"正文称“{_quote_text(b.text)}”：总数 {_n(total)}{b.total.unit}，"
                f"其中各项 {'+'.join(_n(v) for v in parts)}={_n(s)}{b.total.unit}，比总数{diff}{b.total.unit}",
                [],
                b.total.where,
                "source",
                [total, s, *parts],
            )
        )


@check
def correction_notices(report: Report) -> None:
    """V-TXT-10: rows （四）3 and （六）1 presuppose a 补正 notice each (Art. 30)."""
    stated = narrative.read(report).of("correction_notices")
    rows = tables.present_rows(report, ("unable_unclear_after_correction", "other_overdue_correction"))
    need = tables.t3_rows(report, rows) if stated else None
    if not stated or need is None:
        return
    f = stated[0]
    if f.value >= min(need):
        return
    report.add(
        finding(
            "TXT.CORRECTION_NOTICES",
            f"正文称发出补正告知{_n(f.value)}{f.unit}，表三“补正后申请内容仍不明确”与“逾期不补正”共 {show(need)} 件，"
            "每件都应先发过补正告知（《条例》第三十条）",
            [f"table3.{r}.total" for r in rows],
            f.where,
            "source",
            [f.value, min(need)],
        )
    )


_EVALUATION = {
    "工作考核": r"考核|考评",
    "社会评议": r"评议|群众评价|满意度",
    "责任追究": r"责任追究|追究责任|追责|问责",
}


@check
def government_evaluation(report: Report) -> None:
    """V-TXT-11: Art. 50(四) asks a people's government for 工作考核、社会评议和责任追究结果."""
    if not is_government(report.agency) or not report.sections:
        return
    text = "\n".join(s.text for s in report.sections)
    missing = [name for name, rx in _EVALUATION.items() if not re.search(rx, text)]
    if missing:
        report.add(
            finding(
                "TXT.GOV_EVALUATION",
                f"{report.agency}的报告没有说明{'、'.join(missing)}情况（《条例》第五十条第四项要求人民政府报告）",
                fault="source",
            )
        )
