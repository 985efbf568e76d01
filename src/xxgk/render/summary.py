"""The summary of a checked batch: counts, unreadable files and each agency's carry-over chain.
One computation, shown by the terminal, the HTML page and the workbook alike."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from xxgk.audit.yoy import YOY_CODES, YOY_LABELS, ChainLink, carry_over_chain, file_name, series
from xxgk.report import Report
from xxgk.standard.table3 import COLUMN_BY_KEY

if TYPE_CHECKING:  # rich is imported where the summary is printed: JSON output never loads it
    from rich.console import Console
    from rich.text import Text


@dataclass(frozen=True)
class Unreadable:
    path: str
    reason: str


@dataclass(frozen=True)
class Duplicate:
    path: str
    duplicate_of: str  # the earlier input with the same bytes, read once


REPORT_COLUMNS = ("文件", "机关", "年度", "错误", "警告", "提示")
CHAIN_COLUMNS = ("年度", "文件", "本年“二、上年结转”", "上年“四、结转下年度”", "结转衔接", "其他跨年度问题")
NARROW_CHAIN_HEADS = {
    "本年“二、上年结转”": "本年“二、\n上年结转”",
    "上年“四、结转下年度”": "上年“四、\n结转下年度”",
    "其他跨年度问题": "其他跨年度\n问题",
}


@dataclass(frozen=True)
class ChainRow:
    report: Report
    link: ChainLink
    verdict: str  # in words: 衔接 / 不衔接（…列） / 无法核对 / 无上年报告 / 缺2023年报告

    def values(self) -> tuple[str, ...]:
        """The row as CHAIN_COLUMNS show it."""
        link = self.link
        return (
            str(link.year),
            file_name(link.source),
            _num(link.carried_over),
            _num(link.previous_carried_forward) if link.has_previous else "—",
            self.verdict,
            "、".join(other_yoy(self.report)),
        )


@dataclass(frozen=True)
class Series:
    agency: str
    rows: list[ChainRow]

    @property
    def title(self) -> str:
        return f"{self.agency}：结转衔接（表三“二、上年结转”＝上年“四、结转下年度继续办理”，总计列）"


@dataclass
class BatchSummary:
    files: int
    reports: list[Report]
    unreadable: list[Unreadable] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    skipped: int = 0  # lock files, hidden files and backups a folder walk passed over
    same_agency_year: list[list[Report]] = field(default_factory=list)  # different files, one agency-year
    order: list[str] = field(default_factory=list)  # the input files in order ("-" for stdin)

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for r in self.reports for f in r.findings)

    @property
    def failed(self) -> bool:
        return any(r.has_error for r in self.reports)

    def totals(self) -> str:
        extra = f"，重复 {len(self.duplicates)} 个文件" if self.duplicates else ""
        extra += f"，跳过 {self.skipped} 个非报告文件（锁定文件、隐藏文件、备份）" if self.skipped else ""
        return (
            f"共 {self.files} 个文件：读取 {len(self.reports)} 份报告，错误 {self.count('error')} 条，"
            f"警告 {self.count('warning')} 条，提示 {self.count('info')} 条，无法读取 {len(self.unreadable)} 个文件"
            + extra
        )

    def same_agency_year_lines(self) -> list[str]:
        """One line per agency-year claimed by more than one file."""
        return [
            f"{g[0].agency}{g[0].year}年有 {len(g)} 份内容不同的报告："
            + "、".join(file_name(r.source.get("path")) for r in g)
            for g in self.same_agency_year
        ]


def summarise(
    reports: list[Report],
    unreadable: list[Unreadable],
    files: int,
    duplicates: list[Duplicate] | None = None,
    skipped: int = 0,
    same_agency_year: list[list[Report]] | None = None,
    order: list[str] | None = None,
) -> BatchSummary:
    """Call after `audit_batch`: the chains read the cross-year findings' inputs, not the findings."""
    chains = []
    for group in series(reports):
        if len({r.year for r in group}) < 2:
            continue
        agency = Counter(r.agency for r in group).most_common(1)[0][0] or ""
        first = min(r.year or 0 for r in group)
        rows = [
            ChainRow(r, link, _verdict(link, first))
            for r, link in zip(group, carry_over_chain(group), strict=True)
        ]
        chains.append(Series(agency, rows))
    return BatchSummary(
        files,
        reports,
        unreadable,
        chains,
        list(duplicates or []),
        skipped,
        list(same_agency_year or []),
        list(order or []),
    )


def _verdict(link: ChainLink, first_year: int) -> str:
    if not link.has_previous:
        return "无上年报告" if link.year == first_year else f"缺{link.year - 1}年报告"
    if link.ok is None:
        return "无法核对"
    if link.ok:
        return "衔接"
    cols = "、".join(COLUMN_BY_KEY[c].label for c in link.broken)
    return f"不衔接（{cols}列）"


def other_yoy(report: Report) -> list[str]:
    """Short names of the report's cross-year findings other than the carry-over itself."""
    seen = dict.fromkeys(
        YOY_LABELS[f.code]
        for f in report.sorted_findings()
        if f.code in YOY_CODES and f.code not in ("YOY.CARRY_OVER", "YOY.UNVERIFIABLE")
    )
    return list(seen)


def _num(v: int | None) -> str:
    return "—" if v is None else str(v)


def print_summary(summary: BatchSummary, console: Console) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(title="核对汇总", title_justify="left")
    for i, col in enumerate(REPORT_COLUMNS):
        table.add_column(col, justify="right" if i >= 2 else "left", overflow="fold")
    rows: list[tuple[str, tuple[str | Text, ...]]] = []
    for r in summary.reports:
        n = Counter(f.severity for f in r.findings)
        cells = (
            r.agency or "未识别",
            str(r.year or "—"),
            Text(str(n["error"]), style="bold red" if n["error"] else ""),
            Text(str(n["warning"]), style="yellow" if n["warning"] else ""),
            str(n["info"]),
        )
        rows.append((r.source.get("path") or "-", cells))
    dashes = ("—",) * 4
    for u in summary.unreadable:
        rows.append((u.path, (Text("无法读取：" + u.reason, style="bold red"), *dashes)))
    for d in summary.duplicates:
        rows.append(
            (d.path, (Text(f"与 {file_name(d.duplicate_of)} 内容相同，只读取一次", style="dim"), *dashes))
        )
    if summary.order:  # the files in the order they were given
        place = {p: k for k, p in enumerate(summary.order)}
        rows.sort(key=lambda row: place.get(row[0], len(place)))
    for path, cells in rows:
        table.add_row(file_name(None if path == "-" else path), *cells)
    console.print(table)
    for line in summary.same_agency_year_lines():
        console.print(Text("同一机关同一年度：" + line, style="yellow"))
    for s in summary.series:
        chain = Table(title=s.title, title_justify="left")
        narrow = console.width < 120  # headings on two lines, long cells folded rather than cut
        for i, col in enumerate(CHAIN_COLUMNS):
            head = NARROW_CHAIN_HEADS.get(col, col) if narrow else col
            chain.add_column(head, justify="right" if i in (0, 2, 3) else "left", overflow="fold")
        for row in s.rows:
            *head, verdict, others = row.values()
            style = {True: "green", False: "bold red", None: "dim"}[row.link.ok]
            chain.add_row(*head, Text(verdict, style=style), others)
        console.print(chain)
    console.print(summary.totals())
