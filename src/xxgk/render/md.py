"""Report -> Markdown: title, sections, and the tables as pipe tables (merged header cells are
flattened: one label column, one header row), which xxgk reads back cell for cell."""

from __future__ import annotations

from xxgk.render.layout import cell_text, headings, signature, table2_spec, table3_printed_rows, title_of
from xxgk.report import Finding, Report
from xxgk.standard.table2 import LABEL_COLUMN
from xxgk.standard.table3 import COLUMN_GROUP, TABLE3_COLUMNS
from xxgk.standard.table4 import TABLE4_BLOCKS, TABLE4_COLUMNS


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    return [_row(head), "|" + "---|" * len(head), *(_row(r) for r in rows), ""]


def _table2(report: Report) -> list[str]:
    spec = table2_spec(report)
    out: list[str] = []
    group, rows, head = None, [], []
    for row in spec.rows:
        if row.group != group:
            if rows:
                out += _table(head, rows)
            group, rows = row.group, []
            out += [f"**{group}**", ""]
            head = [LABEL_COLUMN] + [spec.columns[c] for c in row.columns]
        rows.append([row.label] + [cell_text(report.cell(f"table2.{row.key}.{c}")) for c in row.columns])
    return out + _table(head, rows)


def _table3(report: Report) -> list[str]:
    rows = [
        [r.label] + [cell_text(report.cell(f"table3.{r.key}.{c.key}")) for c in TABLE3_COLUMNS]
        for r in table3_printed_rows(report)
    ]
    return _table([COLUMN_GROUP] + [c.label for c in TABLE3_COLUMNS], rows)


def _table4(report: Report) -> list[str]:
    values = [cell_text(report.cell(f"table4.{b}.{c}")) for b in TABLE4_BLOCKS for c in TABLE4_COLUMNS]
    return _table(list(TABLE4_COLUMNS.values()) * len(TABLE4_BLOCKS), [values])


def render_md(report: Report, findings: list[Finding] | None = None, draft: bool = False) -> str:
    texts = {s.number: s.text for s in report.sections}
    out = [f"# {title_of(report)}", ""]
    if draft:
        out += ["> **草稿**：未通过核对，不得发布。", ""]
    out += [line for line in texts.get(0, "").split("\n") if line.strip()]
    tables = {2: _table2, 3: _table3, 4: _table4}
    for number, heading in enumerate(headings(), start=1):
        out += ["", f"## {heading}", ""]
        for line in texts.get(number, "").split("\n"):
            if line.strip():
                out += [line.strip(), ""]
        if number in tables:
            out += tables[number](report)
    sign = [line for line in signature(report) if line]
    if sign:
        out += ["", *(f"{line}  " for line in sign)]
    if draft and findings:
        out += ["", f"## 附：草稿核对发现的问题（共{len(findings)}条）", ""]
        out += [f"{i}. {f.message}（{f.code}）" for i, f in enumerate(findings, start=1)]
    return "\n".join(out).rstrip() + "\n"
