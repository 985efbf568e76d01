"""xxgk: read, check and analyse 政府信息公开工作年度报告 deterministically."""

from xxgk.api import extract_bytes, extract_file, extract_text
from xxgk.report import CellValue, Finding, Report

__all__ = ["CellValue", "Finding", "Report", "extract_bytes", "extract_file", "extract_text"]
__version__ = "0.1.0"
