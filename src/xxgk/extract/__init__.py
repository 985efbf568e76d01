"""Document -> Report: knows the national format, never a file format."""

from __future__ import annotations

from xxgk import errors
from xxgk.catalogue import finding
from xxgk.document import Document, Where
from xxgk.extract import confidence, labels, meta, repair, table2, table3, table4
from xxgk.extract.layout import find_regions, units
from xxgk.extract.sections import find_sections
from xxgk.report import Report

__all__ = ["extract"]


def extract(doc: Document) -> Report:
    us = units(doc)
    regions = find_regions(us)
    sections = find_sections(us)
    info = meta.read_meta(us, doc.plain_text())
    report = Report(
        agency=info.agency,
        year=info.year,
        year_source=info.year_source,
        title=info.title,
        published=info.published,
        findings=list(info.findings),
        sections=sections,
        source={"path": doc.path, "sha256": doc.sha256, "media_type": doc.media_type, "pages": doc.pages},
    )
    if regions.table3 is None and regions.table2 is None and len(sections) < 3:
        raise errors.XxgkError(
            errors.NOT_A_REPORT,
            "没有找到年度报告的统计表格和章节，这份文件看起来不是政府信息公开工作年度报告",
            doc.path,
        )
    t2 = table2.build(us, regions.table2) if regions.table2 else None
    t3 = table3.build(us, regions.table3) if regions.table3 else None
    t4 = table4.build(us, regions.table4) if regions.table4 else None
    report.table2 = t2.grid if t2 else None
    report.table3 = t3.grid if t3 else None
    report.table4 = t4.grid if t4 else None
    report.format_version = _version(t2, t3)
    report.table3_collapsed_other = bool(t3 and t3.collapsed_other and report.format_version == "2021")
    if report.table3_collapsed_other and report.table3 is not None:
        report.table3 = table3.with_2021_subrows(report.table3)
    for warning in doc.warnings:
        report.add(finding("READER.WARNING", warning, fault="extraction"))
    for part in (t2, t3, t4):
        if part is not None:
            report.findings.extend(part.findings)
    _structure_findings(report, t2, t3)
    labels.check(report, us, regions, t2, t3)
    if t3 is not None:
        repair.resolve_runs(report, t3.runs)
    repair.infer(report)
    if repair.doubt(report, frozenset(t3.guessed) if t3 else frozenset()):
        repair.infer(report)  # the doubted readings may now be forced by the identities
    repair.check(report)
    confidence.low_confidence(report)
    return report


def _version(t2: table2.Table2 | None, t3: table3.Table3 | None) -> str | None:
    v2 = t2.version if t2 and t2.version in ("2021", "2019") else None
    if v2:
        return v2
    if t3 is not None:
        return t3.version
    return None


def _structure_findings(report: Report, t2: table2.Table2 | None, t3: table3.Table3 | None) -> None:
    for name, grid in (("表二", report.table2), ("表三", report.table3), ("表四", report.table4)):
        if grid is None:
            report.add(finding("STRUCT.TABLE_MISSING", f"没有找到{name}", [], Where(), "source"))
    if t2 is not None and t2.version == "mixed":
        report.add(
            finding(
                "STRUCT.TABLE2_MIXED", "表二同时出现2019年试行格式和2021年格式的栏目", [], Where(), "source"
            )
        )
    if t3 is not None and report.format_version and t3.version != report.format_version:
        if report.format_version == "2021" and t3.collapsed_other:
            report.add(
                finding(
                    "T3.STRUCTURE.COLLAPSED_OTHER",
                    "表三“（六）其他处理”只印了一行，缺少2021年格式的1.、2.、3.三个子项；数值记在“（六）其他处理”下",
                    [f"table3.other_processing.{c}" for c in ("total",)],
                    Where(),
                    "source",
                )
            )
        else:
            report.add(
                finding(
                    "STRUCT.VERSION_MIXED",
                    f"表二为{report.format_version}年格式，表三却是{t3.version}年格式",
                    [],
                    Where(),
                    "source",
                )
            )
    if t3 is not None and "other" not in t3.columns:
        report.add(
            finding(
                "T3.STRUCTURE.COLUMN_MISSING",
                "表三缺少“其他”申请人列（格式不规范）",
                [f"table3.{r}.other" for r in (report.table3 or {})],
                Where(),
                "source",
            )
        )
