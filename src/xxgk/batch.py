"""Run the extractor over many files: parallel worker processes, stable output order, one
outcome per input file (a report, a duplicate of an earlier input, or an error)."""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import json
import os
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from xxgk import errors, limits
from xxgk.api import extract_bytes, extract_file
from xxgk.readers.sniff import sniff
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
# Office lock files, editor backups and temporary files: never reports, skipped by folder walks
SKIPPED_NAMES = ("~$*", "*~", "*.bak", "*.swp", "*.tmp")

SAME_AGENCY_YEAR = "BATCH.SAME_AGENCY_YEAR"
ERROR_SCHEMA = "xxgk.error/1"
DUPLICATE_SCHEMA = "xxgk.duplicate/1"

# the media type of a file that could not be read, from its first bytes (a reader names the
# media type of a file it has read, more precisely: text/markdown, image/png ...)
_KIND_MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "html": "text/html",
    "text": "text/plain",
    "zip": "application/zip",
}


@dataclass
class Outcome:
    path: str
    report: Report | None = None
    error: errors.XxgkError | None = None
    json: str | None = None  # the report as compact JSON, when the caller asked for text only
    sha256: str | None = None  # of the bytes read; None when they could not be read
    media_type: str | None = None  # of an unreadable file, when its first bytes tell
    duplicate_of: str | None = None  # the earlier input with the same bytes

    def record(self) -> dict[str, Any]:
        """The JSON record of this input (docs/REPORT_FORMAT.md, "One record per input file")."""
        if self.duplicate_of is not None:
            return {
                "schema": DUPLICATE_SCHEMA,
                "source": {"path": self.path, "sha256": self.sha256},
                "duplicate_of": self.duplicate_of,
            }
        if self.error is not None:
            return {
                "schema": ERROR_SCHEMA,
                "source": {"path": self.path, "sha256": self.sha256, "media_type": self.media_type},
                "error": {"code": self.error.code, "message": self.error.message},
            }
        if self.json is not None:
            return json.loads(self.json)
        assert self.report is not None
        return self.report.to_json()

    def record_json(self, indent: int | None = None) -> str:
        if self.json is not None and indent is None:
            return self.json  # serialised in the worker
        return json.dumps(self.record(), ensure_ascii=False, indent=indent)


@dataclass
class Inputs:
    """The files to read, in order, and the files a folder walk passed over."""

    files: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def walk(paths: list[str]) -> Inputs:
    """Files named, and files under the folders named (recursively, in name order); '-' is stdin.
    A file named explicitly is always read. A folder walk reads the report kinds (SUFFIXES) and
    skips, counting them, Office lock files, editor backups and hidden report files (a dot file,
    or any file under a dot folder)."""
    inputs = Inputs()
    for p in paths:
        path = Path(p)
        if p == "-" or not path.is_dir():
            inputs.files.append(p)
            continue
        for f in sorted(path.rglob("*")):
            if not f.is_file() or f.name.endswith(".truth.json"):
                continue
            report_kind = f.suffix.lower() in SUFFIXES
            hidden = any(part.startswith(".") for part in f.relative_to(path).parts)
            junk = any(fnmatch.fnmatch(f.name, pattern) for pattern in SKIPPED_NAMES)
            if junk or (hidden and report_kind):
                inputs.skipped.append(str(f))
            elif report_kind and not hidden:
                inputs.files.append(str(f))
    return inputs


def expand(paths: list[str]) -> list[str]:
    return walk(paths).files


def run_one(path: str, as_json: bool = False, data: bytes | None = None) -> Outcome:
    outcome = _run_one(path, data)
    return _as_json(outcome) if as_json else outcome


def _as_json(outcome: Outcome) -> Outcome:
    """Serialise in the worker: a JSON line crosses the process boundary far cheaper than a Report."""
    if outcome.report is not None:
        outcome.json = json.dumps(outcome.report.to_json(), ensure_ascii=False)
        outcome.report = None
    return outcome


def _run_in_worker(path: str, as_json: bool = False) -> Outcome:
    """run_one in a worker process. Terminated mid-file (SIGTERM, or its parent died), the file's
    own clean-up has run by the time it gets here: end the worker rather than hand the pool an
    exception and take the next file."""
    try:
        return run_one(path, as_json)
    except limits.Terminated as exc:
        os._exit(exc.code if isinstance(exc.code, int) else 1)


def _run_one(path: str, data: bytes | None = None) -> Outcome:
    limit = limits.time_limit()  # XXGK_TIME_LIMIT: one file that hangs must not stop the batch
    try:
        if path == "-" and data is None:
            data = sys.stdin.buffer.read()
        if data is not None:
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
            error=errors.XxgkError(errors.INTERNAL, f"读取时发生内部错误：{type(exc).__name__}: {exc}", path),
        )


@dataclass(frozen=True)
class _Fingerprint:
    sha256: str | None
    media_type: str | None


def _fingerprint(data: bytes | None) -> _Fingerprint:
    if data is None:
        return _Fingerprint(None, None)
    kind = sniff(data) if data and not data.isspace() else None
    return _Fingerprint(hashlib.sha256(data).hexdigest(), _KIND_MEDIA_TYPES.get(kind or ""))


def _head_and_hash(path: str) -> _Fingerprint:
    """sha256 and media type of a file; None for what cannot be read or is over the size limit
    (the reader then says why)."""
    try:
        if os.path.getsize(path) > limits.max_bytes():
            return _Fingerprint(None, None)
        return _fingerprint(Path(path).read_bytes())
    except OSError:
        return _Fingerprint(None, None)


def run(
    paths: list[str],
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    as_json: bool = False,
    pool: Executor | None = None,
) -> Iterator[Outcome]:
    """One outcome per path, in the order of `paths`; with `as_json` each report comes as a JSON line.
    A path with the same bytes as an earlier one is read once: its outcome names the first. The
    files are read by `jobs` worker processes made for this call, or by the `pool` given
    (`xxgk.cluster.executor`: the local pool, or a Dask cluster)."""
    stdin = sys.stdin.buffer.read() if "-" in paths else None
    prints = [_fingerprint(stdin) if p == "-" else _head_and_hash(p) for p in paths]
    first: dict[str, str] = {}
    todo: list[int] = []  # indexes of the paths to read
    duplicate_of: dict[int, str] = {}
    for i, (p, fp) in enumerate(zip(paths, prints, strict=True)):
        if fp.sha256 is not None and fp.sha256 in first:
            duplicate_of[i] = first[fp.sha256]
        else:
            if fp.sha256 is not None:
                first[fp.sha256] = p
            todo.append(i)
    results = _read([paths[i] for i in todo], jobs, as_json, stdin, pool)
    for i, p in enumerate(paths):
        fp = prints[i]
        if i in duplicate_of:
            outcome = Outcome(p, duplicate_of=duplicate_of[i])
        else:
            outcome = next(results)
            if outcome.error is not None:
                outcome.media_type = fp.media_type
        outcome.sha256 = fp.sha256
        yield outcome
        if progress:
            progress(1)


def _read(
    paths: list[str], jobs: int | None, as_json: bool, stdin: bytes | None, pool: Executor | None
) -> Iterator[Outcome]:
    jobs = jobs or os.cpu_count() or 1
    one = partial(run_one, as_json=as_json)
    if pool is not None and stdin is None:
        yield from pool.map(one, paths)
        return
    if jobs <= 1 or len(paths) < 4 or stdin is not None:
        for p in paths:
            yield one(p, data=stdin if p == "-" else None)
        return
    _warm()
    in_worker = partial(_run_in_worker, as_json=as_json)
    done = 0
    while done < len(paths):
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker)
        try:
            rest = paths[done:]
            for outcome in pool.map(in_worker, rest, chunksize=max(1, min(32, len(rest) // (jobs * 8) or 1))):
                yield outcome
                done += 1
        except BrokenProcessPool:
            # a worker died inside a file (a crash in native code): the first file not returned is
            # read again on its own; if it kills that worker too, it is the one, and an error
            _stop(pool)
            yield _alone(paths[done], in_worker)
            done += 1
            continue
        except BaseException:  # SIGTERM, Ctrl-C, or the caller stopped reading: stop the workers now
            _stop(pool)
            raise
        pool.shutdown()


def _alone(path: str, in_worker: Callable[[str], Outcome]) -> Outcome:
    pool = ProcessPoolExecutor(max_workers=1, initializer=_init_worker)
    try:
        return pool.submit(in_worker, path).result()
    except BrokenProcessPool:
        return Outcome(
            path, error=errors.XxgkError(errors.DAMAGED_FILE, "读取时工作进程意外退出，文件可能已损坏", path)
        )
    finally:
        _stop(pool)


def _init_worker() -> None:
    # Ctrl-C in a terminal reaches the whole process group: the main process alone decides to stop
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limits.init_worker()


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the workers without waiting for their files: the queue is cancelled first (so the
    pool's own thread has nothing left to hand out), then SIGTERM lets each worker kill its
    LibreOffice and remove its temporary folder (limits.init_worker); SIGKILL after 10 s."""
    workers = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for w in workers:
        with contextlib.suppress(OSError, ValueError):
            w.terminate()
    for w in workers:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            w.join(10)
            if w.is_alive():
                w.kill()


def records(paths: list[str], jobs: int | None = None) -> Iterator[dict]:
    """One JSON record per input file, in order, as `xxgk extract --json` writes them: a report,
    a duplicate (the same bytes as an earlier input, read once) or an error (docs/REPORT_FORMAT.md).
    Folders are walked in name order, skipping lock files, hidden files and backups."""
    for outcome in run(walk(list(paths)).files, jobs):
        yield outcome.record()


def flag_same_agency_year(reports: list[Report]) -> list[list[Report]]:
    """Groups of two or more different files of a batch that claim the same agency and year; each
    report of a group gets a finding naming the others. Call once per batch, on distinct files."""
    from xxgk.audit.names import normalise
    from xxgk.audit.yoy import file_name
    from xxgk.catalogue import finding

    groups: dict[tuple[str, int], list[Report]] = {}
    for r in reports:
        r.findings = [f for f in r.findings if f.code != SAME_AGENCY_YEAR]
        if r.agency and r.year:
            groups.setdefault((normalise(r.agency), r.year), []).append(r)
    same = [g for g in groups.values() if len(g) > 1]
    for group in same:
        for r in group:
            others = "、".join(file_name(o.source.get("path")) for o in group if o is not r)
            message = f"{others} 与本文件内容不同，但都是{r.agency}{r.year}年的报告"
            r.add(finding(SAME_AGENCY_YEAR, message))
    return same


def _warm() -> None:
    """Load the audit rules and the numeral converter before forking, so that every worker
    starts with them instead of paying the import (about half a second) again."""
    from xxgk.audit import _load
    from xxgk.audit.numerals import _cn2an

    _load()
    _cn2an()
