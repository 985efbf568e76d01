"""OCR readings the reader was unsure of, named cell by cell so that a clerk can check each
against the scan (readings the identities contradict are doubted in repair.doubt instead)."""

from __future__ import annotations

from xxgk.catalogue import finding
from xxgk.report import Report
from xxgk.standard.identities import cell_name

# Below this OCR confidence a printed reading is worth a look against the scan.
LOW_CONFIDENCE = 0.8


def confidence(report: Report, path: str) -> float | None:
    cell = report.cell(path)
    if cell is None:
        return None
    return cell.confidence if cell.confidence is not None else cell.where.confidence


def low_confidence(report: Report) -> None:
    """One finding naming every table cell read with low confidence and kept as printed."""
    paths = [
        f"{table}.{row}.{col}"
        for table in ("table2", "table3", "table4")
        for row, cols in (getattr(report, table) or {}).items()
        for col, cell in cols.items()
        if cell.status == "number"
        and (c := confidence(report, f"{table}.{row}.{col}")) is not None
        and c < LOW_CONFIDENCE
    ]
    if not paths:
        return
    named = "；".join(
        f"{cell_name(p)}（识别为“{report.cell(p).raw.strip()}”，置信度 {confidence(report, p):.2f}）"
        for p in paths
    )
    report.add(
        finding(
            "OCR.LOW_CONFIDENCE",
            f"以下 {len(paths)} 个单元格的 OCR 识别置信度低于 {LOW_CONFIDENCE}，请对照原件核对：{named}",
            paths,
            report.cell(paths[0]).where,
            "extraction",
        )
    )
