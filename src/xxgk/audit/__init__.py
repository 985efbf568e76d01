"""The auditor: rules over a Report (and over several Reports of one agency) that add Findings.

Every finding's code comes from `catalogue.RULES`, where its severity and its Chinese
description live; `xxgk rules` and docs/rules.md are generated from the same table.
Single-report checks register themselves in `CHECKS` (see `check`); `audit` runs them all."""

from __future__ import annotations

from collections.abc import Callable

from xxgk.report import Report

Check = Callable[[Report], None]
CHECKS: list[Check] = []


def check(fn: Check) -> Check:
    """Register a single-report check."""
    CHECKS.append(fn)
    return fn


_loaded = False


def _load() -> None:
    # modules that define checks; imported here so that registering is explicit and happens once
    import importlib
    import pkgutil

    import xxgk.audit as pkg

    global _loaded
    if _loaded:
        return
    _loaded = True
    for mod in pkgutil.iter_modules(pkg.__path__):
        if mod.name.startswith("rules_"):
            importlib.import_module(f"xxgk.audit.{mod.name}")


def audit(report: Report) -> Report:
    """Run every registered single-report rule; findings are appended to the report."""
    _load()
    for fn in CHECKS:
        fn(report)
    return report
