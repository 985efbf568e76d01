"""Run the extractor over many files: parallel worker processes, stable output order."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from xxgk import errors, limits
from xxgk.api import extract_bytes, extract_file
from xxgk.report import Report

SUFFIXES = {
    ".txt",
    ".md",
    ".markdown",
    ".htm",
    ".html",
    ".shtml",
    ".xhtml",
    ".docx",
    ".doc",
    ".wps",
    ".rtf",
    ".pdf",
    ".png",
    ".jpg",
    ".jpeg",
    ".tif",
    ".tiff",
    ".bmp",
}


@dataclass
class Outcome:
    path: str
    report: Report | None = None
    error: errors.XxgkError | None = None
    json: str | None = None  # the report as compact JSON, when the caller asked for text only


def _as_json(outcome: Outcome) -> Outcome:
    """Serialise in the worker: a JSON line crosses the process boundary far cheaper than a Report."""
    if outcome.report is not None:
        outcome.json = json.dumps(outcome.report.to_json(), ensure_ascii=False)
        outcome.report = None
    return outcome


def expand(paths: list[str]) -> list[str]:
    """Files named, and files under the folders named (recursively, sorted); '-' is stdin."""
    out: list[str] = []
    for p in paths:
        if p == "-":
            out.append(p)
            continue
        path = Path(p)
        if path.is_dir():
            out.extend(
                str(f)
                for f in sorted(path.rglob("*"))
                if f.is_file() and f.suffix.lower() in SUFFIXES and not f.name.endswith(".truth.json")
            )
        else:
            out.append(p)
    return out


def run_one(path: str, as_json: bool = False) -> Outcome:
    outcome = _run_one(path)
    return _as_json(outcome) if as_json else outcome


def _run_in_worker(path: str, as_json: bool = False) -> Outcome:
    """run_one in a worker process. Terminated mid-file (SIGTERM, or its parent died), the file's
    own clean-up has run by the time it gets here: end the worker rather than hand the pool an
    exception and take the next file."""
    try:
        return run_one(path, as_json)
    except limits.Terminated as exc:
        os._exit(exc.code if isinstance(exc.code, int) else 1)


def _run_one(path: str) -> Outcome:
    limit = limits.time_limit()  # XXGK_TIME_LIMIT: one file that hangs must not stop the batch
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
            return Outcome(path, limits.run_with_timeout(lambda: extract_bytes(data, None), limit, path))
        return Outcome(path, limits.run_with_timeout(lambda: extract_file(path), limit, path))
    except errors.XxgkError as exc:
        exc.path = exc.path or path
        return Outcome(path, error=exc)
    except RecursionError:
        return Outcome(path, error=errors.XxgkError(errors.DAMAGED_FILE, "文件结构嵌套过深，无法解析", path))
    except MemoryError:
        return Outcome(
            path,
            error=errors.XxgkError(errors.TOO_LARGE, "读取时内存超过上限（XXGK_MEMORY_LIMIT），已放弃", path),
        )
    except Exception as exc:  # a bug must not stop the batch; the message names the file
        return Outcome(
            path,
            error=errors.XxgkError("E_INTERNAL", f"读取时发生内部错误：{type(exc).__name__}: {exc}", path),
        )


def run(
    paths: list[str],
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    as_json: bool = False,
) -> Iterator[Outcome]:
    """Outcomes in the order of `paths`; with `as_json` each carries its report as a JSON line."""
    jobs = jobs or os.cpu_count() or 1
    one = partial(run_one, as_json=as_json)
    if jobs <= 1 or len(paths) < 4 or "-" in paths:
        for p in paths:
            yield one(p)
            if progress:
                progress(1)
        return
    _warm()
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=limits.init_worker)
    try:
        in_worker = partial(_run_in_worker, as_json=as_json)
        for outcome in pool.map(in_worker, paths, chunksize=max(1, min(32, len(paths) // (jobs * 8) or 1))):
            yield outcome
            if progress:
                progress(1)
    except BaseException:  # SIGTERM, Ctrl-C, or the caller stopped reading: stop the workers now
        _stop(pool)
        raise
    pool.shutdown()


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the workers without waiting for their files: SIGTERM lets each one kill its LibreOffice
    and remove its temporary folder (limits.init_worker); SIGKILL after 10 s for a stuck one."""
    workers = list((getattr(pool, "_processes", None) or {}).values())
    for w in workers:
        with contextlib.suppress(OSError, ValueError):
            w.terminate()
    for w in workers:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            w.join(10)
            if w.is_alive():
                w.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def _warm() -> None:
    """Load the audit rules and the numeral converter before forking, so that every worker
    starts with them instead of paying the import (about half a second) again."""
    from xxgk.audit import _load
    from xxgk.audit.numerals import _cn2an

    _load()
    _cn2an()
