"""Robustness limits: how long one file may take, how large it may be, how much memory it may use,
and the budgets every reader checks before the work they bound (pixels, inflated bytes, lines,
cells, pages). One place for all of them; README-bounds.md explains each default.

Process limits, each with an environment variable:

- XXGK_TIME_LIMIT   seconds one file may take to be read and extracted (default 120; 0 or "off":
                    no limit). Enforced by `run_with_timeout` with SIGALRM, in the main thread of
                    the batch's worker processes and of the single-process path.
- XXGK_MAX_BYTES    largest file read at all (default 64 MiB; a plain number of bytes, or with
                    a K / M / G suffix).
- XXGK_MEMORY_LIMIT address space of each process that reads files (the CLI and every batch
                    worker), in MiB (default 3072; 0 or "off": no limit). A reader that runs out
                    raises MemoryError, which becomes a clear error for that one file instead of a
                    machine swapping. The budgets below keep real and hostile files far below it.

Budgets by construction (`Budget`, each read from XXGK_<NAME> when set): a file over one is
refused with its own code before the work is done, never after.

An invalid value falls back to the default: a typo in the environment must not stop a batch.
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from xxgk import errors

T = TypeVar("T")

DEFAULT_TIME_LIMIT_S = 120.0
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
DEFAULT_MEMORY_LIMIT_MB = 3072

_OFF = {"0", "off", "none", "no", "false", "unlimited"}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$", re.I)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


class TimeLimitExceeded(BaseException):
    """Raised inside the code being timed. A BaseException, so that readers' `except Exception`
    (which turns unexpected errors into 'damaged file') lets it through to `run_with_timeout`."""

    def __init__(self, token: object) -> None:
        super().__init__("time limit exceeded")
        self.token = token


@dataclass(frozen=True)
class Budget:
    """A named bound on one kind of work; `get()` is the default or XXGK_<name> when valid."""

    name: str
    default: int
    what: str  # in Chinese, for messages: what is counted

    def get(self) -> int:
        parsed = parse_size(os.environ.get(f"XXGK_{self.name}", ""))
        return parsed if parsed is not None and parsed > 0 else self.default


# Sized for real reports: the largest we hold is a few MB, 40 pages, 3 tables of ~400 cells in all.
MAX_PAGES = Budget("MAX_PAGES", 300, "页")  # PDF pages (reports run 5-40)
MAX_OCR_PAGES = Budget("MAX_OCR_PAGES", 50, "页")  # pages without a text layer, OCR'd at ~3-9 s each
# pixels of one image decoded for OCR (a 600-dpi A4 scan is 35 MP); ~50 MB grey, 200 MB RGBA
MAX_PIXELS = Budget("MAX_PIXELS", 50_000_000, "像素")
# pixels of one PDF page rendered for OCR: A3 at 200 dpi is 7.8 MP; larger pages render coarser
MAX_RENDER_PIXELS = Budget("MAX_RENDER_PIXELS", 16_000_000, "像素")
MIN_RENDER_DPI = Budget("MIN_RENDER_DPI", 72, "dpi")  # coarser than this, no OCR reads a report
MAX_ASPECT = Budget("MAX_ASPECT", 25, "倍")  # long side / short side (a long phone screenshot is ~20)
MIN_SIDE = Budget("MIN_SIDE", 32, "像素")  # an image narrower than a line of text holds no report
# bytes inflated from the compressed streams of one file (PDF streams, DOCX parts), in all …
MAX_INFLATED = Budget("MAX_INFLATED", 512 * 1024 * 1024, "字节")
# … and from one stream (a 600-dpi A4 RGB image is 105 MB; a report's text stream a few hundred KB)
MAX_STREAM = Budget("MAX_STREAM", 128 * 1024 * 1024, "字节")
MAX_XML_BYTES = Budget("MAX_XML_BYTES", 32 * 1024 * 1024, "字节")  # one XML part of a DOCX (reports: < 2 MB)
MAX_XML_TAGS = Budget("MAX_XML_TAGS", 1_000_000, "个")  # its markup (a report: 20-50 thousand)
MAX_TEXT_CHARS = Budget("MAX_TEXT_CHARS", 2_000_000, "字")  # text of a document (reports: 10-100 thousand)
MAX_TEXT_LINES = Budget("MAX_TEXT_LINES", 100_000, "行")  # lines of a text file (reports: ~2,000)
MAX_CELLS = Budget("MAX_CELLS", 100_000, "个")  # table cells of a document (reports: ~400)

BUDGETS = (
    MAX_PAGES,
    MAX_OCR_PAGES,
    MAX_PIXELS,
    MAX_RENDER_PIXELS,
    MIN_RENDER_DPI,
    MAX_ASPECT,
    MIN_SIDE,
    MAX_INFLATED,
    MAX_STREAM,
    MAX_XML_BYTES,
    MAX_XML_TAGS,
    MAX_TEXT_CHARS,
    MAX_TEXT_LINES,
    MAX_CELLS,
)


def time_limit() -> float | None:
    """Seconds one file may take (XXGK_TIME_LIMIT), or None for no limit."""
    raw = os.environ.get("XXGK_TIME_LIMIT", "").strip()
    if not raw:
        return DEFAULT_TIME_LIMIT_S
    if raw.lower() in _OFF:
        return None
    try:
        value = float(raw)
    except ValueError:
        return DEFAULT_TIME_LIMIT_S
    if value != value or value < 0:  # NaN or negative
        return DEFAULT_TIME_LIMIT_S
    return value or None


def max_bytes(default: int = DEFAULT_MAX_BYTES) -> int:
    """Largest file size in bytes (XXGK_MAX_BYTES)."""
    parsed = parse_size(os.environ.get("XXGK_MAX_BYTES", ""))
    return parsed if parsed is not None and parsed > 0 else default


def memory_limit_bytes() -> int | None:
    """Address-space limit for a worker process (XXGK_MEMORY_LIMIT, MiB), or None for none."""
    raw = os.environ.get("XXGK_MEMORY_LIMIT", "").strip()
    if raw.lower() in _OFF:
        return None
    try:
        mb = float(raw) if raw else DEFAULT_MEMORY_LIMIT_MB
    except ValueError:
        mb = DEFAULT_MEMORY_LIMIT_MB
    if mb != mb or mb <= 0:
        mb = DEFAULT_MEMORY_LIMIT_MB
    return int(mb * 1024 * 1024)


def parse_size(text: str) -> int | None:
    """'65536', '64M', '1.5G', '512 KiB' -> bytes; None when not a size."""
    m = _SIZE.match(text or "")
    if not m:
        return None
    return int(float(m.group(1)) * _UNITS[m.group(2).lower()])


def describe_size(n: int) -> str:
    """A size as people read it in a message: '64 MB', '1.5 KB', '300 字节'."""
    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= size:
            return f"{n / size:.4g} {unit}"
    return f"{n} 字节"


def describe_seconds(seconds: float) -> str:
    return f"{seconds:g}"


def apply_memory_limit() -> None:
    """Cap this process's address space (for batch workers: processes of our own).

    Best effort: platforms without RLIMIT_AS, or a hard limit already lower, are left as they are.
    """
    limit = memory_limit_bytes()
    if limit is None:
        return
    try:
        import resource
    except ImportError:  # not on Windows
        return
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY and hard < limit:
            limit = hard
        if soft == resource.RLIM_INFINITY or soft > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError, AttributeError):
        pass


class Terminated(SystemExit):
    """SIGTERM, raised where the process is: unwinding the reader kills a running LibreOffice and
    removes temporary folders on the way out. A SystemExit, so that an idle process ends quietly."""


def _exit_on_term(signum: int, frame: object) -> None:
    # The first SIGTERM starts the exit; later ones must not interrupt its clean-up. They come:
    # Linux sends PR_SET_PDEATHSIG again each time an orphan is handed to the next dying thread
    # of its parent, and a pool sends SIGTERM to every worker when one of them has ended.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Terminated(128 + signum)


def exit_on_terminate() -> None:
    """SIGTERM ends this process the way Ctrl-C would: cleaning up on the way out."""
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _exit_on_term)


def die_with_parent(signum: int = signal.SIGTERM) -> None:
    """Ask Linux to send `signum` to this process when its parent dies (PR_SET_PDEATHSIG), so
    that no worker or converter outlives a batch that was killed. Elsewhere: nothing."""
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signum), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def init_worker() -> None:
    """Initializer of the batch's worker processes: memory limit, clean exit on SIGTERM, and
    SIGTERM when the parent dies (even by SIGKILL)."""
    apply_memory_limit()
    exit_on_terminate()
    die_with_parent()


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def run_with_timeout(fn: Callable[[], T], seconds: float | None, path: str | None = None) -> T:
    """fn(), or XxgkError(TIMEOUT) once it has run for `seconds`.

    SIGALRM raises TimeLimitExceeded inside fn wherever Python code is running, so a reader stuck
    in a loop is stopped and the rest of a batch goes on. A single C call that never returns to
    the interpreter cannot be interrupted this way; the readers' size limits bound those.

    Works in the main thread only (signals are delivered there); elsewhere, and where there is no
    setitimer (Windows), fn runs without a limit. Nested calls keep the outer deadline: the inner
    timer is the shorter of the two, and the outer one is re-armed with what is left of it.
    """
    if seconds is None or seconds <= 0 or not _can_alarm():
        return fn()
    token = object()
    start = time.monotonic()
    outer_left, _ = signal.getitimer(signal.ITIMER_REAL)
    if outer_left and outer_left < seconds:
        # the outer deadline comes first: let the outer handler fire, untouched
        return fn()
    armed = [True]

    def on_alarm(signum: int, frame: object) -> None:
        if armed[0]:
            raise TimeLimitExceeded(token)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            return fn()
        finally:
            armed[0] = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            # None: a handler installed outside Python, which cannot be put back; use the default
            signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
            if outer_left:
                left = outer_left - (time.monotonic() - start)
                # an outer deadline already past fires at once rather than never
                signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6))
    except TimeLimitExceeded as exc:
        if exc.token is not token:
            raise
        raise errors.XxgkError(
            errors.TIMEOUT, f"读取超过 {describe_seconds(seconds)} 秒，已放弃", path
        ) from None
