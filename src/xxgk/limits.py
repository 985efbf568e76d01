"""Robustness limits: how long one file may take, how large it may be, how much memory it may use.

Each limit has a default and an environment variable to change it:

- XXGK_TIME_LIMIT   seconds one file may take to be read and extracted (default 120; 0 or "off":
                    no limit). Enforced by `run_with_timeout` with SIGALRM, in the main thread of
                    the batch's worker processes and of the single-process path.
- XXGK_MAX_BYTES    largest file read at all (default 64 MiB; a plain number of bytes, or with
                    a K / M / G suffix).
- XXGK_MEMORY_LIMIT address space of each batch worker process, in MiB (default 8192; 0 or
                    "off": no limit). A reader that runs out raises MemoryError in its worker,
                    which becomes a clear error for that one file instead of a machine swapping.

An invalid value falls back to the default: a typo in the environment must not stop a batch.
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from xxgk import errors

T = TypeVar("T")

DEFAULT_TIME_LIMIT_S = 120.0
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
DEFAULT_MEMORY_LIMIT_MB = 8192

_OFF = {"0", "off", "none", "no", "false", "unlimited"}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$", re.I)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


class TimeLimitExceeded(BaseException):
    """Raised inside the code being timed. A BaseException, so that readers' `except Exception`
    (which turns unexpected errors into 'damaged file') lets it through to `run_with_timeout`."""

    def __init__(self, token: object) -> None:
        super().__init__("time limit exceeded")
        self.token = token


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


def init_worker() -> None:
    """Initializer of the batch's worker processes."""
    apply_memory_limit()


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
