"""The writer: numbers, a workbook or a report → Report → checked by the audit → rendered.

`render(source, out_path, draft=False)` is the one call: `source` is a Report, a mapping in the
render-input shape (docs/render-input.md), or a path (YAML/JSON input, a fill-in workbook, or any
report xxgk reads). The rendered report is checked by every identity and audit rule first; with
an error finding nothing is written unless `draft`, which writes it with a 草稿 watermark and the
findings appended. Output is written whole or not at all (temp file, then rename)."""

from __future__ import annotations

import copy
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from xxgk import errors
from xxgk.document import Where
from xxgk.report import Finding, Report, Section
from xxgk.standard.sections import SECTIONS
from xxgk.write.data import RenderInput, from_mapping, section_body
from xxgk.write.narrative import complete_sections, unfilled

Narrative = Literal["auto", "keep"]
FORMATS = (".docx", ".html", ".pdf", ".md")
DATA_SUFFIXES = (".yaml", ".yml", ".json")
NARRATIVE_SECTIONS = (1, 5, 6)
# Warnings of the audit that refuse a report being written: on a published report they may come
# from reading its prose, but a report being written states its own text, so a sentence that
# contradicts the tables, a fee statement that contradicts （六）2 or a wrong period or year is
# fixed before it is published. (A late date is reported, never refused: it cannot be undone.)
REFUSED_WHEN_WRITING = frozenset(
    {
        "TXT.RECEIVED",
        "TXT.CARRIED_OVER",
        "TXT.CONCLUDED",
        "TXT.CARRIED_FORWARD",
        "TXT.OUTCOME",
        "TXT.REVIEW_LITIGATION",
        "TXT.NORMATIVE_DOCS",
        "TXT.DECISIONS",
        "FEE.NOTICES_DENIED",
        "DATE.PERIOD",
        "DATE.PUBLISHED_YEAR",
    }
)

__all__ = ["RenderResult", "render", "prepare", "check", "load", "render_bytes", "FORMATS"]


@dataclass
class RenderResult:
    report: Report
    findings: list[Finding] = field(default_factory=list)  # everything the audit found
    warnings: list[str] = field(default_factory=list)  # input notes: unknown keys, unfilled sections
    computed: list[str] = field(default_factory=list)  # totals computed from the identities
    path: Path | None = None
    written: bool = False

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


def _read_data_file(path: Path) -> Any:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise errors.XxgkError(
                errors.RENDER_INPUT, f"JSON 格式错误（第{exc.lineno}行）：{exc.msg}", str(path)
            ) from exc
    try:
        import yaml
    except ImportError as exc:
        raise errors.XxgkError(
            errors.MISSING_DEPENDENCY, "读取 YAML 需要 PyYAML，请安装 xxgk[write]", str(path)
        ) from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise errors.XxgkError(errors.RENDER_INPUT, f"YAML 格式错误：{exc}", str(path)) from exc


def relaid(report: Report) -> RenderInput:
    """A report read from a file, to print again in the official layout: its cells as read, the
    text of its narrative sections 一、五、六 without their headings (the official headings are
    printed instead). The preface and any text read in sections 二–四 are left out: in a page
    flattened by a crawler they hold the tables' own text."""
    out = copy.deepcopy(report)
    out.findings = []
    out.facts = []
    bodies = {s.number: section_body(s) for s in report.sections if s.number in NARRATIVE_SECTIONS}
    out.sections = [Section(s.number, s.heading, Where(), bodies.get(s.number, "")) for s in SECTIONS]
    return RenderInput(out, given_text={n for n, text in bodies.items() if text})


def load(source: Report | Mapping[str, Any] | str | Path) -> RenderInput:
    """The report to render from any accepted source (see the module docstring)."""
    if isinstance(source, Report):
        return relaid(source)
    if isinstance(source, Mapping):
        return from_mapping(source)
    path = Path(source)
    if not path.is_file():
        raise errors.XxgkError(errors.RENDER_INPUT, "文件不存在", str(path))
    suffix = path.suffix.lower()
    if suffix in DATA_SUFFIXES:
        return from_mapping(_read_data_file(path), str(path))
    if suffix == ".xlsx":
        from xxgk.write.workbook import read_workbook

        return from_mapping(read_workbook(path.read_bytes(), str(path)), str(path))
    from xxgk.api import extract_file

    return relaid(extract_file(path))


def prepare(
    source: Report | Mapping[str, Any] | str | Path,
    narrative: Narrative | None = None,
    register: str | Path | None = None,
) -> RenderInput:
    """Load and complete the text: statistics sentences (`auto`; the default when the data
    gives no text for 一), the fee statement of 六, placeholders for what is missing. With a
    `register` (the office's case log), 表三 is the one counted from it."""
    given = load(source)
    if register is not None:
        _table3_from_register(given.report, register)
    auto = narrative == "auto" or (narrative is None and 1 not in given.given_text)
    complete_sections(given.report, given.fees, auto)
    left = unfilled(given.report)
    if left:
        names = "、".join(f"第{'一二三四五六'[n - 1]}部分" for n in left)
        given.warnings.append(f"{names}还有待填写的内容（占位符或上年文字）")
    return given


def _table3_from_register(report: Report, register: str | Path) -> None:
    """表三 counted from the register for the report's year; refused over rows it cannot count."""
    from xxgk.write.register import report_from_register

    if report.year is None:
        raise errors.XxgkError(errors.RENDER_INPUT, "数据中没有年度，无法从申请登记簿统计表三", str(register))
    counted, bad = report_from_register(register, report.year)
    if bad:
        rows = "；".join(f"第{e.row}行：{e.message}" if e.row else e.message for e in bad[:10])
        raise errors.XxgkError(
            errors.REGISTER_INPUT,
            f"申请登记簿有 {len(bad)} 处问题，改正后才能据以生成表三：{rows}",
            str(register),
        )
    report.table3 = counted.table3
    report.format_version = report.format_version or counted.format_version


def check(report: Report) -> list[Finding]:
    """Every identity and audit rule over the report as it will be printed; the findings in
    REFUSED_WHEN_WRITING count as errors."""
    from xxgk.audit import audit
    from xxgk.extract import repair

    probe = copy.deepcopy(report)
    probe.findings = []
    probe.facts = []
    for section in probe.sections:  # as the extractor hands them over: heading line first
        if section.number:
            section.text = f"{section.heading}\n{section.text}"
    repair.check(probe)
    audit(probe)
    for f in probe.findings:
        if f.code in REFUSED_WHEN_WRITING:
            f.severity = "error"
    _total_hints(probe)
    return probe.sorted_findings()


def _total_hints(report: Report) -> None:
    """A stated total that is not the sum of its parts: say what it must be. (Which cell is
    wrong is the clerk's to know; the total is the one the writer can compute.)"""
    from xxgk.standard.identities import cell_label, identities_for

    for ident in identities_for(report.format_version or "2021", report.table3_collapsed_other):
        if len(ident.lhs) != 1:
            continue
        values = [report.value(c) for c in ident.cells]
        if any(v is None for v in values):
            continue
        total, parts = values[0], values[1:]
        need = sum(parts)  # type: ignore[arg-type]
        if total == need:
            continue
        for f in report.findings:
            if f.code == ident.code and f.severity == "error" and ident.subject in f.message:
                f.message += (
                    f"；{cell_label(ident.lhs[0])}印为{total}，按各项之和应为{need}"
                    "（合计也可不填，生成时自动算出）"
                )


def render_bytes(
    report: Report, suffix: str, findings: list[Finding] | None = None, draft: bool = False
) -> bytes:
    """The report in one output format (.docx / .html / .pdf / .md)."""
    suffix = suffix.lower()
    if suffix in (".docx", ".pdf"):
        from xxgk.render.docx import render_docx

        docx = render_docx(report, findings, draft)
        if suffix == ".docx":
            return docx
        from xxgk.render.pdf import docx_to_pdf

        return docx_to_pdf([docx])[0]
    if suffix == ".html":
        from xxgk.render.page import render_page

        return render_page(report, findings, draft).encode("utf-8")
    if suffix == ".md":
        from xxgk.render.md import render_md

        return render_md(report, findings, draft).encode("utf-8")
    raise errors.XxgkError(errors.RENDER_INPUT, f"不支持的输出格式 {suffix}（可用：{'、'.join(FORMATS)}）")


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all."""
    target = path.resolve()
    if not target.parent.is_dir():
        raise errors.XxgkError(errors.WRITE_FAILED, f"目录 {path.parent} 不存在", str(path))
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render(
    source: Report | Mapping[str, Any] | str | Path,
    out_path: str | Path,
    draft: bool = False,
    narrative: Narrative | None = None,
    register: str | Path | None = None,
) -> RenderResult:
    """Check the report, then write it to `out_path` (format from the extension) unless an error
    finding refuses it; `draft` writes anyway, watermarked, with the findings appended. A
    `register` fills 表三 from the office's case log."""
    out = Path(out_path)
    if out.suffix.lower() not in FORMATS:
        raise errors.XxgkError(
            errors.RENDER_INPUT,
            f"不支持的输出格式 {out.suffix or '（无扩展名）'}（可用：{'、'.join(FORMATS)}）",
            str(out),
        )
    given = prepare(source, narrative, register)
    findings = check(given.report)
    result = RenderResult(given.report, findings, given.warnings, given.computed, out)
    if result.errors and not draft:
        return result
    shown = [f for f in findings if f.severity != "info"]
    atomic_write(out, render_bytes(given.report, out.suffix, shown, draft))
    result.written = True
    return result


def new(
    agency: str | None,
    year: int,
    docx_path: str | Path | None = None,
    xlsx_path: str | Path | None = None,
    last_year: str | Path | Report | None = None,
    version: str | None = None,
) -> list[str]:
    """Write a blank report (.docx in the official layout) and/or the fill-in workbook for
    `year`, pre-filled from last year's report when given. Returns what was pre-filled."""
    from xxgk.render.docx import render_docx
    from xxgk.write.blank import blank_report
    from xxgk.write.workbook import build_workbook

    last = last_year
    if last is not None and not isinstance(last, Report):
        from xxgk.api import extract_file

        last = extract_file(last)
    blank = blank_report(agency, year, last, version)
    if not blank.report.agency:
        raise errors.XxgkError(errors.RENDER_INPUT, "缺少机关名称（--agency），上年报告里也没有读出机关名称")
    if docx_path is not None:
        atomic_write(Path(docx_path), render_docx(blank.report))
    if xlsx_path is not None:
        atomic_write(Path(xlsx_path), build_workbook(blank.report, blank.bases))
    return blank.prefilled
