"""Render input (a YAML/JSON mapping, docs/render-input.md) -> Report.

The tables are plain numbers under the report JSON's keys (table2/3/4 → row → column), `null`
for a cell left blank. A total the data leaves out (its key absent) is computed from the
identities whose one side is that total; a total it states is kept as stated and checked later
like every other cell. Nothing else is ever filled in."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xxgk import errors
from xxgk.document import Where
from xxgk.extract.table3 import with_2021_subrows
from xxgk.report import CellValue, Grid, Report, Section
from xxgk.standard.identities import identities_for
from xxgk.standard.sections import CN_ORDINALS, SECTIONS
from xxgk.standard.table2 import TABLE2
from xxgk.standard.table3 import OTHER_SUBROWS, TABLE3_COLUMNS, table3_rows
from xxgk.standard.table4 import TABLE4_BLOCKS, TABLE4_COLUMNS
from xxgk.values import parse_value

KNOWN_KEYS = frozenset(
    {
        "agency",
        "year",
        "format_version",
        "table2",
        "table3",
        "table4",
        "sections",
        "preface",
        "fees",
        "published",
    }
)
# keys of the report JSON and of truth files: known data that render does not need
QUIET_KEYS = frozenset({"schema", "source", "title", "findings", "facts"})
FEE_KEYS = ("notices", "amount", "collected")


@dataclass
class RenderInput:
    """A report to render, with what the data said about fees and which totals were computed."""

    report: Report
    fees: dict[str, int | Decimal | None] = field(default_factory=dict)
    computed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    given_text: set[int] = field(default_factory=set)  # sections whose text the data gave


def _fail(message: str, name: str | None) -> errors.XxgkError:
    return errors.XxgkError(errors.RENDER_INPUT, message, name)


def number_cell(raw: Any, where: str, name: str | None) -> CellValue:
    """A cell from a plain value: null/"" blank, "/" placeholder, a number; anything else refused."""
    if raw is None:
        return CellValue(None, "", "blank")
    if isinstance(raw, bool):
        raise _fail(f"{where} 的值 {raw} 不是数字", name)
    if isinstance(raw, int):
        return CellValue(raw, str(raw), "number")
    if isinstance(raw, float):
        value: int | Decimal = int(raw) if raw.is_integer() else Decimal(repr(raw))
        return CellValue(value, str(value), "number")
    if isinstance(raw, Decimal):
        return CellValue(raw, str(raw), "number")
    if isinstance(raw, str):
        status, value, _unit = parse_value(raw)
        if status == "unreadable":
            raise _fail(f'{where} 的值“{raw}”不是数字（空白请写 null，占位符请写 "/"）', name)
        return CellValue(value, raw.strip(), status)  # type: ignore[arg-type]
    raise _fail(f"{where} 的值 {raw!r} 不是数字", name)


def table_shape(version: str, collapsed: bool = False) -> dict[str, dict[str, list[str]]]:
    """table -> row -> columns, in printed order, for a format version (`collapsed`: a 2021
    table 3 whose （六） is the one row other_processing)."""
    t2 = {r.key: list(r.columns) for r in TABLE2[version].rows}
    t3 = {r.key: [c.key for c in TABLE3_COLUMNS] for r in table3_rows("2019" if collapsed else version)}
    t4 = {b: list(TABLE4_COLUMNS) for b in TABLE4_BLOCKS}
    return {"table2": t2, "table3": t3, "table4": t4}


def collapsed_other(data: Mapping[str, Any], version: str) -> bool:
    """A 2021 table 3 given with （六） as one row: other_processing has values, the three
    sub-rows none."""
    t3 = data.get("table3")
    if (
        version != "2021"
        or not isinstance(t3, Mapping)
        or not isinstance(t3.get("other_processing"), Mapping)
    ):
        return False
    if all(v is None for v in t3["other_processing"].values()):
        return False
    subs = [t3.get(k) for k in OTHER_SUBROWS]
    return all(not isinstance(s, Mapping) or all(v is None for v in s.values()) for s in subs)


def _grids(
    data: Mapping[str, Any], version: str, collapsed: bool, name: str | None, warnings: list[str]
) -> tuple[dict[str, Grid], set[str]]:
    grids: dict[str, Grid] = {}
    given: set[str] = set()
    for table, rows in table_shape(version, collapsed).items():
        got = data.get(table) or {}
        if not isinstance(got, Mapping):
            raise _fail(f"{table} 应为“行键: {{列键: 数值}}”的映射", name)
        for row in got:
            if collapsed and row in OTHER_SUBROWS:
                continue
            if row not in rows:
                warnings.append(f"忽略未知的行 {table}.{row}（{version}年格式没有这一行）")
            elif not isinstance(got[row], Mapping):
                raise _fail(f"{table}.{row} 应为“列键: 数值”的映射", name)
            else:
                for col in got[row]:
                    if col not in rows[row]:
                        warnings.append(f"忽略未知的列 {table}.{row}.{col}")
        grid: Grid = {}
        for row, cols in rows.items():
            values = got.get(row) if isinstance(got.get(row), Mapping) else {}
            grid[row] = {}
            for col in cols:
                path = f"{table}.{row}.{col}"
                if col in values:
                    given.add(path)
                    grid[row][col] = number_cell(values[col], path, name)
                else:
                    grid[row][col] = CellValue(None, "", "blank")
        grids[table] = grid
    if collapsed:
        grids["table3"] = with_2021_subrows(grids["table3"])
    return grids, given


def compute_totals(report: Report, given: set[str]) -> list[str]:
    """Fill each total the data left out from the identity whose one side it is, when every
    cell of the other side is known. Returns the paths filled."""
    version = report.format_version or "2021"
    computed: list[str] = []
    changed = True
    while changed:
        changed = False
        for ident in identities_for(version, report.table3_collapsed_other):
            if len(ident.lhs) != 1:
                continue
            (total,) = ident.lhs
            cell = report.cell(total)
            if total in given or cell is None or cell.known:
                continue
            parts = [report.cell(p) for p in ident.rhs]
            if all(p is not None and p.known for p in parts):
                value = sum(int(p.value) for p in parts)  # type: ignore[union-attr,arg-type]
                table, row, col = total.split(".")
                getattr(report, table)[row][col] = CellValue(value, str(value), "number")
                computed.append(total)
                changed = True
    return computed


def section_number(key: Any) -> int | None:
    """1–6 from 1, "1", "一", "一、总体情况" or the heading's words."""
    if isinstance(key, int) and not isinstance(key, bool):
        return key if 1 <= key <= 6 else None
    text = str(key).strip()
    if text.isdigit():
        n = int(text)
        return n if 1 <= n <= 6 else None
    if text and text[0] in CN_ORDINALS[:6]:
        return CN_ORDINALS.index(text[0]) + 1
    for spec in SECTIONS:
        if spec.keywords.search(text):
            return spec.number
    return None


_HEADING_LINE = re.compile(r"^[一二三四五六]\s*[、.．]")


def section_body(section: Section) -> str:
    """A read section's text without its printed heading (which may run on into the text)."""
    text = section.text.strip()
    head = section.heading.strip()
    if head and text.startswith(head):
        return text[len(head) :].strip()
    first, _, rest = text.partition("\n")
    if _HEADING_LINE.match(first) and len(first) <= 40:
        return rest.strip()
    return text


def _text(value: Any, where: str, name: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, Iterable) and all(isinstance(v, str) for v in value):
        return "\n".join(v.strip() for v in value)
    raise _fail(f"{where} 应为文字（一段或多段）", name)


def _sections(data: Mapping[str, Any], name: str | None, warnings: list[str]) -> dict[int, str]:
    raw = data.get("sections")
    if raw is None:
        return {}
    items: Iterable[tuple[Any, Any]]
    if isinstance(raw, Mapping):
        items = raw.items()
    elif isinstance(raw, list):
        items = enumerate(raw, start=1)
    else:
        raise _fail("sections 应为“部分: 文字”的映射或六段文字的列表", name)
    out: dict[int, str] = {}
    for key, value in items:
        n = section_number(key)
        if n is None:
            warnings.append(f"忽略未知的部分 sections.{key}")
            continue
        out[n] = _text(value, f"sections.{key}", name)
    return out


def _fees(data: Mapping[str, Any], name: str | None, warnings: list[str]) -> dict[str, int | Decimal | None]:
    raw = data.get("fees")
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise _fail("fees 应为 {notices: 件数, amount: 元, collected: 元}", name)
    out: dict[str, int | Decimal | None] = {}
    for key, value in raw.items():
        if key not in FEE_KEYS:
            warnings.append(f"忽略未知的键 fees.{key}")
            continue
        cell = number_cell(value, f"fees.{key}", name)
        out[key] = cell.value
    return out


def from_mapping(data: Mapping[str, Any], name: str | None = None) -> RenderInput:
    if not isinstance(data, Mapping):
        raise _fail("输入应为一个映射（agency、year、table2/3/4、sections …）", name)
    warnings = [f"忽略未知的键 {k}" for k in data if k not in KNOWN_KEYS and k not in QUIET_KEYS]
    agency = data.get("agency")
    year = data.get("year")
    if not isinstance(agency, str) or not agency.strip():
        raise _fail("缺少机关名称 agency", name)
    if isinstance(year, str) and year.strip().isdigit():
        year = int(year)
    if not isinstance(year, int) or isinstance(year, bool) or not 2019 <= year <= 2100:
        raise _fail(f"年度 year 应为 2019 年以后的四位数字（收到 {year!r}）", name)
    version = str(data.get("format_version") or ("2019" if year < 2021 else "2021"))
    if version not in ("2021", "2019"):
        raise _fail(f"format_version 应为 2021 或 2019（收到 {version}）", name)
    collapsed = collapsed_other(data, version)
    if collapsed:
        warnings.append("表三“（六）其他处理”按数据印为一行（2021年格式为三个子项，其数值未给出）")
    grids, given = _grids(data, version, collapsed, name, warnings)
    texts = _sections(data, name, warnings)
    preface = _text(data.get("preface"), "preface", name)
    published = data.get("published")
    sections = [Section(0, "", Where(), preface)] if preface else []
    sections += [Section(s.number, s.heading, Where(), texts.get(s.number, "")) for s in SECTIONS]
    report = Report(
        format_version=version,
        agency=agency.strip(),
        year=year,
        published=str(published) if published else None,
        source={"path": name},
        table2=grids["table2"],
        table3=grids["table3"],
        table4=grids["table4"],
        sections=sections,
        table3_collapsed_other=collapsed,
    )
    computed = compute_totals(report, given)
    return RenderInput(report, _fees(data, name, warnings), computed, warnings, set(texts))
