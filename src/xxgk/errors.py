"""Errors raised at entry points: a stable English code plus a plain Chinese message."""

from __future__ import annotations


class XxgkError(Exception):
    """A file could not be read as a report. `code` is stable; `message` is for people."""

    def __init__(self, code: str, message: str, path: str | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.path = path

    def __reduce__(self):  # type: ignore[no-untyped-def]
        # rebuilt from its fields when it crosses a process boundary (batch workers)
        return type(self), (self.code, self.message, self.path)

    def describe(self) -> str:
        where = f"{self.path}：" if self.path else ""
        return f"{where}{self.message}（{self.code}）"


EMPTY_FILE = "E_EMPTY_FILE"
BINARY_FILE = "E_BINARY_FILE"
NOT_A_REPORT = "E_NOT_A_REPORT"
UNREADABLE_FILE = "E_UNREADABLE_FILE"
UNSUPPORTED_KIND = "E_UNSUPPORTED_KIND"
TOO_LARGE = "E_TOO_LARGE"  # the file, its text, its cells or the memory it needs: over a budget
TOO_MANY_PAGES = "E_TOO_MANY_PAGES"  # more pages (or pages to OCR) than a report has
DECOMPRESSION_LIMIT = "E_DECOMPRESSION_LIMIT"  # compressed content that inflates past its budget
IMAGE_SIZE = "E_IMAGE_SIZE"  # an image or page whose pixels, shape or paper size no report has
TIMEOUT = "E_TIMEOUT"
MISSING_DEPENDENCY = "E_MISSING_DEPENDENCY"
DAMAGED_FILE = "E_DAMAGED_FILE"
STORE_UNAVAILABLE = "E_STORE_UNAVAILABLE"
CLUSTER_UNAVAILABLE = "E_CLUSTER_UNAVAILABLE"
BAD_REGISTER = "E_BAD_REGISTER"
NOT_FOUND = "E_NOT_FOUND"
BAD_ARGUMENT = "E_BAD_ARGUMENT"
FORBIDDEN = "E_FORBIDDEN"
RENDER_INPUT = "E_RENDER_INPUT"
WRITE_FAILED = "E_WRITE_FAILED"
REGISTER_INPUT = "E_REGISTER_INPUT"
CALENDAR_YEAR = "E_CALENDAR_YEAR"
INTERNAL = "E_INTERNAL"  # a bug: reported for the one file, never a traceback
