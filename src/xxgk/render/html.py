"""One self-contained web page for a checked batch: the summary, then every report's tables 2–4
in the official layout with the cells named in findings highlighted, and its findings beside them.

No external resources (inline CSS, no scripts, no fonts or images fetched), so the page can be
mailed or archived as one file. Same input, same page: nothing time-dependent is printed."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from html import escape

from xxgk.audit.yoy import file_name
from xxgk.catalogue import RULES
from xxgk.render.summary import CHAIN_COLUMNS, REPORT_COLUMNS, BatchSummary
from xxgk.render.terminal import SEVERITY_ZH, version_zh
from xxgk.report import Finding, Report, absent_cell
from xxgk.standard.identities import cell_label
from xxgk.standard.sections import TABLE_NAMES, TABLE_TITLES
from xxgk.standard.table2 import LABEL_COLUMN, TABLE2, Table2Row
from xxgk.standard.table3 import COLUMN_BY_KEY, COLUMN_PARENT, GROUP_RESULTS, NOTE, TABLE3_ROWS
from xxgk.standard.table4 import BLOCK_HEADINGS, TABLE4_BLOCKS, TABLE4_COLUMNS

STATUS_ZH = {
    "number": "原文所印",
    "inferred": "原文缺失，按勾稽关系唯一补出",
    "unreadable": "无法读取",
    "blank": "空白",
    "placeholder": "占位符",
    "absent": "原表无此行列",
}
_RANK = {"error": 0, "warning": 1}
MAX_CELL_LINKS = 6  # an identity names every cell of its equation; the first ones are the suspects

CSS = """
:root { --err:#b42318; --err-bg:#fde4e1; --warn:#a15c00; --warn-bg:#fff1cc; --inf:#0f6b3a; --line:#c9ced6; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px; color: #1d2430; background: #f6f7f9;
  font: 14px/1.55 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
h1 { font-size: 24px; margin: 0 0 16px; }
h2 { font-size: 19px; margin: 0 0 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
a { color: #1f5fbf; text-decoration: none; }
a:hover { text-decoration: underline; }
section.card { background: #fff; border: 1px solid #e1e4e8; border-radius: 8px; padding: 18px 22px; margin-bottom: 22px; }
.stats { display: flex; gap: 12px; flex-wrap: wrap; margin: 4px 0 14px; }
.stat { border: 1px solid #e1e4e8; border-radius: 6px; padding: 8px 16px; min-width: 96px; }
.stat b { display: block; font-size: 22px; }
.stat.bad b { color: var(--err); } .stat.warn b { color: var(--warn); }
.meta { color: #555e6b; margin: 0 0 10px; }
.report-body { display: grid; grid-template-columns: minmax(0, 1fr) 400px; gap: 24px; align-items: start; }
table { border-collapse: collapse; margin: 4px 0 10px; background: #fff; }
th, td { border: 1px solid var(--line); padding: 3px 7px; }
th { background: #eef1f5; font-weight: 600; text-align: center; }
table.grid th.label { text-align: left; font-weight: normal; background: #f7f8fa; max-width: 300px; }
table.grid th.group { writing-mode: vertical-rl; letter-spacing: 2px; min-width: 30px; }
table.grid th.sub { min-width: 40px; }
table.t3 tr:nth-child(-n+3) th:not(.note) { white-space: nowrap; }
table.t4 th { min-width: 40px; } table.t4 td { min-width: 40px; }
.tables { min-width: 0; overflow-x: auto; }
table.grid td { text-align: right; min-width: 46px; font-variant-numeric: tabular-nums; }
table.grid th.note { font-size: 12px; font-weight: normal; max-width: 260px; }
table.list td { text-align: left; }
table.list td.n { text-align: right; font-variant-numeric: tabular-nums; }
td.f-error { background: var(--err-bg); outline: 2px solid var(--err); outline-offset: -2px; color: var(--err); font-weight: 700; }
td.f-warning { background: var(--warn-bg); outline: 2px solid #d99a00; outline-offset: -2px; }
td.s-inferred { color: var(--inf); font-weight: 700; box-shadow: inset 0 0 0 2px #3aa76d; }
td.s-inferred sup { font-size: 10px; margin-left: 1px; }
td.s-unreadable { color: var(--err); font-weight: 700;
  background: repeating-linear-gradient(45deg, #fff, #fff 4px, #f1d3d0 4px, #f1d3d0 8px); }
td.s-blank { background: repeating-linear-gradient(45deg, #fff, #fff 4px, #e8eaee 4px, #e8eaee 8px); }
td.s-placeholder { color: #8a929e; }
td.s-absent { color: #b3b9c2; background: #f3f4f6; }
td:target { outline: 3px solid #1f5fbf; outline-offset: -3px; }
aside.findings { position: sticky; top: 12px; }
aside.findings ol { list-style: none; margin: 0; padding: 0; }
aside.findings li { border-left: 4px solid #8a929e; background: #fafbfc; padding: 6px 10px; margin-bottom: 8px; border-radius: 0 4px 4px 0; }
aside.findings li.error { border-color: var(--err); background: #fff5f4; }
aside.findings li.warning { border-color: #d99a00; background: #fffaf0; }
aside.findings ol.folded { margin: 6px 0 0 4px; font-size: 13px; }
aside.findings ol.folded li { background: transparent; margin-bottom: 4px; }
.badge { display: inline-block; font-size: 12px; padding: 0 6px; border-radius: 3px; color: #fff; background: #8a929e; margin-right: 4px; }
li.error .badge { background: var(--err); } li.warning .badge { background: #c27c00; }
.code { color: #6b7380; font-size: 12px; font-family: ui-monospace, monospace; }
.cells { font-size: 12px; color: #555e6b; margin-top: 2px; }
.ok { color: var(--inf); } .broken { color: var(--err); font-weight: 700; } .muted { color: #8a929e; }
.legend { font-size: 12px; color: #555e6b; display: flex; gap: 14px; flex-wrap: wrap; margin: 6px 0 0; }
.legend span.sw { display: inline-block; width: 22px; height: 14px; vertical-align: middle; border: 1px solid var(--line); margin-right: 4px; }
.none { color: var(--inf); }
"""


def _title(table: str) -> str:
    return _h(f"{TABLE_NAMES[table]}　{TABLE_TITLES[table]}")


def _h(text: object) -> str:
    return escape(str(text), quote=True)


def _fmt(value: int | Decimal | None) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    return "" if value is None else str(value)


class _Page:
    """One report's part of the page: cell ids and highlights are per report."""

    def __init__(self, report: Report, index: int) -> None:
        self.report = report
        self.prefix = f"r{index}"
        self.flags: dict[str, str] = {}
        for f in report.findings:
            if f.severity not in _RANK:
                continue
            for path in f.cells:
                old = self.flags.get(path)
                if old is None or _RANK[f.severity] < _RANK[old]:
                    self.flags[path] = f.severity

    def cell_id(self, path: str) -> str:
        return f"{self.prefix}.{path}"

    def td(self, path: str, colspan: int = 1) -> str:
        cell = self.report.cell(path) or absent_cell()
        flag = self.flags.get(path)
        # a lost cell already shows its state; only errors add a highlight to it
        if flag == "warning" and cell.status != "number":
            flag = None
        classes = [f"s-{cell.status}"] + ([f"f-{flag}"] if flag else [])
        text = {
            "number": _h(_fmt(cell.value)),
            "inferred": f"{_h(_fmt(cell.value))}<sup>补</sup>",
            "unreadable": "?",
            "blank": "",
            "placeholder": _h(cell.raw.strip() or "/"),
            "absent": "×",
        }[cell.status]
        title = f"{cell_label(path)}：{STATUS_ZH[cell.status]}"
        if cell.raw and cell.status != "number":
            title += f"，原文“{cell.raw.strip()}”"
        span = f' colspan="{colspan}"' if colspan > 1 else ""
        return (
            f'<td id="{_h(self.cell_id(path))}" data-cell="{_h(path)}" class="{" ".join(classes)}"'
            f' title="{_h(title)}"{span}>{text}</td>'
        )

    # --- table 2 ---
    def table2(self) -> str:
        r = self.report
        if r.table2 is None:
            return '<p class="muted">没有找到表二。</p>'
        spec = TABLE2.get(r.format_version or "", TABLE2["2021"])
        width = max(len(row.columns) for row in spec.rows)
        out = ['<table class="grid t2">']
        groups: dict[str, list[Table2Row]] = {}
        for row in spec.rows:
            groups.setdefault(row.group, []).append(row)
        for group, rows in groups.items():
            out.append(f'<tr><th colspan="{width + 1}">{_h(group)}</th></tr>')
            spans = _spans(len(rows[0].columns), width)
            heads = "".join(
                f"<th{_colspan(n)}>{_h(spec.columns[c])}</th>"
                for c, n in zip(rows[0].columns, spans, strict=True)
            )
            out.append(f"<tr><th>{LABEL_COLUMN}</th>{heads}</tr>")
            for row in rows:
                tds = "".join(
                    self.td(f"table2.{row.key}.{c}", n)
                    for c, n in zip(row.columns, _spans(len(row.columns), width), strict=True)
                )
                out.append(f'<tr><th class="label">{_h(row.label)}</th>{tds}</tr>')
        out.append("</table>")
        return "\n".join(out)

    # --- table 3 ---
    def table3(self) -> str:
        r = self.report
        if r.table3 is None:
            return '<p class="muted">没有找到表三。</p>'
        rows = [
            spec
            for spec in TABLE3_ROWS
            if spec.key in r.table3 and any(c.status != "absent" for c in r.table3[spec.key].values())
        ]
        cols = list(COLUMN_BY_KEY)
        applicants = [c for c in cols if c not in ("natural_person", "total")]
        out = [
            '<table class="grid t3">',
            f'<tr><th class="note" colspan="3" rowspan="3">{_h(NOTE)}</th><th colspan="7">申请人情况</th></tr>',
            f'<tr><th rowspan="2">{_h(COLUMN_BY_KEY["natural_person"].label)}</th>'
            f'<th colspan="5">{_h(COLUMN_PARENT)}</th><th rowspan="2">{_h(COLUMN_BY_KEY["total"].label)}</th></tr>',
            "<tr>" + "".join(f"<th>{_h(COLUMN_BY_KEY[c].label)}</th>" for c in applicants) + "</tr>",
        ]
        in_results = [s for s in rows if s.group is not None]
        sub_counts = Counter(s.group for s in in_results if s.group != GROUP_RESULTS)
        seen: set[str | None] = set()
        for spec in rows:
            head = ""
            if spec.group is None:
                head = f'<th class="label" colspan="3">{_h(spec.label)}</th>'
            else:
                if GROUP_RESULTS not in seen:
                    seen.add(GROUP_RESULTS)
                    head += f'<th class="group" rowspan="{len(in_results)}">{_h(GROUP_RESULTS)}</th>'
                if spec.group == GROUP_RESULTS:
                    head += f'<th class="label" colspan="2">{_h(spec.label)}</th>'
                else:
                    if spec.group not in seen:
                        seen.add(spec.group)
                        head += f'<th class="sub" rowspan="{sub_counts[spec.group]}">{_h(spec.group)}</th>'
                    head += f'<th class="label">{_h(spec.label)}</th>'
            tds = "".join(self.td(f"table3.{spec.key}.{c}") for c in cols)
            out.append(f"<tr>{head}{tds}</tr>")
        out.append("</table>")
        return "\n".join(out)

    # --- table 4 ---
    def table4(self) -> str:
        if self.report.table4 is None:
            return '<p class="muted">没有找到表四。</p>'
        labels = list(TABLE4_COLUMNS.values())
        blocks = list(TABLE4_BLOCKS)
        out = [
            '<table class="grid t4">',
            f'<tr><th colspan="5">{BLOCK_HEADINGS["review"]}</th><th colspan="10">{BLOCK_HEADINGS["litigation"]}</th></tr>',
            "<tr>"
            + "".join(f'<th rowspan="2">{_h(lab)}</th>' for lab in labels)
            + f'<th colspan="5">{BLOCK_HEADINGS["litigation_direct"]}</th>'
            + f'<th colspan="5">{BLOCK_HEADINGS["litigation_after_review"]}</th></tr>',
            "<tr>" + "".join(f"<th>{_h(lab)}</th>" for lab in labels * 2) + "</tr>",
            "<tr>" + "".join(self.td(f"table4.{b}.{c}") for b in blocks for c in TABLE4_COLUMNS) + "</tr>",
            "</table>",
        ]
        return "\n".join(out)

    def finding_item(self, f: Finding) -> str:
        paths = list(dict.fromkeys(f.cells))
        links = "、".join(
            f'<a href="#{_h(self.cell_id(p))}">{_h(cell_label(p))}</a>' for p in paths[:MAX_CELL_LINKS]
        )
        if len(paths) > MAX_CELL_LINKS:
            links += f"等 {len(paths)} 个单元格"
        where = self.report.place(f)
        title = RULES[f.code].title if f.code in RULES else ""
        return (
            f'<li class="{f.severity}"><span class="badge">{SEVERITY_ZH[f.severity]}</span>'
            f'<span class="code" title="{_h(title)}">{_h(f.code)}</span><div>{_h(f.message)}'
            + (f'<span class="muted">（{_h(where)}）</span>' if where else "")
            + "</div>"
            + (f'<div class="cells">涉及单元格：{links}</div>' if links else "")
            + (
                '<ol class="folded" title="由此连带产生的问题">'
                + "".join(self.finding_item(x) for x in f.folded)
                + "</ol>"
                if f.folded
                else ""
            )
            + "</li>"
        )

    def section(self) -> str:
        r = self.report
        n = Counter(f.severity for f in r.findings)
        findings = r.sorted_findings()
        items = "\n".join(self.finding_item(f) for f in findings) or '<li class="none">未发现问题。</li>'
        return f"""<section class="card report" id="{self.prefix}">
<h2>{_h(file_name(r.source.get("path")))}</h2>
<p class="meta">机关：{_h(r.agency or "未识别")}　年度：{_h(r.year or "未识别")}　格式：{_h(version_zh(r.format_version))}　发布日期：{_h(r.published or "未识别")}　错误 {n["error"]} 条，警告 {n["warning"]} 条，提示 {n["info"]} 条</p>
<div class="report-body">
<div class="tables">
<h3>{_title("table2")}</h3>
{self.table2()}
<h3>{_title("table3")}</h3>
{self.table3()}
<h3>{_title("table4")}</h3>
{self.table4()}
{LEGEND}
</div>
<aside class="findings"><h3>发现的问题</h3><ol>
{items}
</ol></aside>
</div>
</section>"""


LEGEND = """<p class="legend">
<span><span class="sw" style="background:#fde4e1;outline:2px solid #b42318;outline-offset:-2px"></span>错误涉及的单元格</span>
<span><span class="sw" style="background:#fff1cc;outline:2px solid #d99a00;outline-offset:-2px"></span>警告涉及的单元格</span>
<span><span class="sw" style="box-shadow:inset 0 0 0 2px #3aa76d"></span>数字＋“补”：原文缺失，按勾稽关系唯一补出</span>
<span><span class="sw" style="background:repeating-linear-gradient(45deg,#fff,#fff 4px,#f1d3d0 4px,#f1d3d0 8px)"></span>?：无法读取</span>
<span><span class="sw" style="background:repeating-linear-gradient(45deg,#fff,#fff 4px,#e8eaee 4px,#e8eaee 8px)"></span>空白</span>
<span>/：占位符　×：原表无此行列</span>
</p>"""


def _spans(n: int, width: int) -> list[int]:
    """Column spans of a table-2 row with n values in a grid `width` values wide (the last one stretches)."""
    return [1] * (n - 1) + [width - n + 1]


def _heads(labels: tuple[str, ...]) -> str:
    return "".join(f"<th>{_h(label)}</th>" for label in labels)


def _colspan(n: int) -> str:
    return f' colspan="{n}"' if n > 1 else ""


def _summary(summary: BatchSummary, pages: list[_Page]) -> str:
    n_err, n_warn = summary.count("error"), summary.count("warning")
    stats = (
        f'<div class="stat"><b>{summary.files}</b>文件</div>'
        f'<div class="stat"><b>{len(summary.reports)}</b>份报告</div>'
        f'<div class="stat{" bad" if n_err else ""}"><b>{n_err}</b>条错误</div>'
        f'<div class="stat{" warn" if n_warn else ""}"><b>{n_warn}</b>条警告</div>'
        f'<div class="stat"><b>{summary.count("info")}</b>条提示</div>'
        f'<div class="stat{" bad" if summary.unreadable else ""}"><b>{len(summary.unreadable)}</b>个文件无法读取</div>'
    )
    rows = []
    for page in pages:
        r = page.report
        n = Counter(f.severity for f in r.findings)
        rows.append(
            f'<tr><td><a href="#{page.prefix}">{_h(file_name(r.source.get("path")))}</a></td>'
            f"<td>{_h(r.agency or '未识别')}</td><td class=n>{_h(r.year or '—')}</td>"
            f'<td class="n{" broken" if n["error"] else ""}">{n["error"]}</td><td class=n>{n["warning"]}</td>'
            f"<td class=n>{n['info']}</td></tr>"
        )
    for u in summary.unreadable:
        rows.append(
            f'<tr><td>{_h(file_name(u.path))}</td><td colspan="5" class="broken">无法读取：{_h(u.reason)}</td></tr>'
        )
    parts = [
        '<section class="card" id="summary"><h2>核对汇总</h2>',
        f'<div class="stats">{stats}</div>',
        '<table class="list"><tr>' + _heads(REPORT_COLUMNS) + "</tr>",
        *rows,
        "</table>",
    ]
    anchor = {id(p.report): p.prefix for p in pages}
    for s in summary.series:
        parts.append(
            f"<h3>{_h(s.title)}</h3>" + '<table class="list chain"><tr>' + _heads(CHAIN_COLUMNS) + "</tr>"
        )
        for row in s.rows:
            year, name, here, there, verdict, others = row.values()
            css = {True: "ok", False: "broken", None: "muted"}[row.link.ok]
            parts.append(
                f'<tr><td class=n>{year}</td><td><a href="#{anchor[id(row.report)]}">{_h(name)}</a></td>'
                f"<td class=n>{_h(here)}</td><td class=n>{_h(there)}</td>"
                f'<td class="{css}">{_h(verdict)}</td><td>{_h(others)}</td></tr>'
            )
        parts.append("</table>")
    parts.append("</section>")
    return "\n".join(parts)


def render_batch(summary: BatchSummary) -> str:
    pages = [_Page(r, i) for i, r in enumerate(summary.reports, start=1)]
    title = "政府信息公开工作年度报告核对结果"
    body = "\n".join(p.section() for p in pages)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{CSS}</style>
</head>
<body>
<h1>{title}</h1>
{_summary(summary, pages)}
{body}
</body>
</html>
"""
