"""Table 4 (政府信息公开行政复议、行政诉讼情况): identical in both formats."""

from __future__ import annotations

TABLE4_BLOCKS: dict[str, str] = {
    "review": "行政复议",
    "litigation_direct": "行政诉讼·未经复议直接起诉",
    "litigation_after_review": "行政诉讼·复议后起诉",
}
TABLE4_COLUMNS: dict[str, str] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}
BLOCK_HEADINGS = {
    "review": "行政复议",
    "litigation": "行政诉讼",
    "litigation_direct": "未经复议直接起诉",
    "litigation_after_review": "复议后起诉",
}
