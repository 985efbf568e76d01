"""xxgk: read, check and analyse 政府信息公开工作年度报告 deterministically."""

__version__ = "0.1.0"
