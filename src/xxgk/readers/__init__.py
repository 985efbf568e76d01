"""Readers: one module per source kind, each turning bytes into a Document.

`read_path` sniffs the kind from the content (never the file name alone), enforces the size
limit and dispatches. A reader module exposes `read(data: bytes, path: str | None) -> Document`.
`read_bytes` is the one gate every entry point goes through (CLI, batch workers, the API, uploads):
the readers bound their own work (xxgk.limits budgets), and whatever Document comes out is held to
the text and cell budgets here, so that the extractor never sees more than a report can hold.
"""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path

from xxgk import errors, limits
from xxgk.document import Document, Table
from xxgk.readers import text
from xxgk.readers.sniff import sniff

MAX_BYTES = 64 * 1024 * 1024

# kind -> (module, optional extra that provides its dependency)
READERS: dict[str, tuple[str, str | None]] = {
    "text": ("xxgk.readers.text", None),
    "html": ("xxgk.readers.html", "html"),
    "docx": ("xxgk.readers.docx", "docx"),
    "doc": ("xxgk.readers.legacy_word", None),
    "pdf": ("xxgk.readers.pdf", "pdf"),
    "image": ("xxgk.readers.ocr", "ocr"),
}


def _too_large(path: str | None) -> errors.XxgkError:
    return errors.XxgkError(errors.TOO_LARGE, f"文件超过 {limits.describe_size(max_file_bytes())} 上限", path)


def max_file_bytes() -> int:
    """MAX_BYTES, or XXGK_MAX_BYTES when set (see xxgk.limits)."""
    return limits.max_bytes(MAX_BYTES)


def admit(data: bytes, path: str | None = None) -> str:
    """The kind of reader `data` goes to, or the error that refuses it before any reading: too
    large, empty, or not a kind xxgk reads (the web workspace's uploads are checked by it too)."""
    if len(data) > max_file_bytes():
        raise _too_large(path)
    if not data.strip():
        raise errors.XxgkError(errors.EMPTY_FILE, "文件是空的，没有可读的内容", path)
    kind = sniff(data)
    if kind not in READERS:
        raise errors.XxgkError(
            errors.BINARY_FILE, "不是可识别的报告文件（既非文本、网页，也非 Word、PDF 或图片）", path
        )
    return kind


def read_bytes(data: bytes, path: str | None = None) -> Document:
    kind = admit(data, path)
    module_name, extra = READERS[kind]
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        hint = f"，请安装：pip install 'xxgk[{extra}]'" if extra else ""
        raise errors.XxgkError(
            errors.MISSING_DEPENDENCY, f"读取 {kind} 文件所需的组件未安装{hint}（{exc.name}）", path
        ) from exc
    doc: Document = module.read(data, path)
    _check_budgets(doc, path)
    doc.path = path
    doc.sha256 = hashlib.sha256(data).hexdigest()
    return doc


def _check_budgets(doc: Document, path: str | None) -> None:
    """The whole Document within MAX_TEXT_CHARS and MAX_CELLS, whichever reader made it."""
    chars = cells = 0
    for block in doc.blocks:
        if isinstance(block, Table):
            for row in block.rows:
                cells += len(row)
                chars += sum(len(c.text) for c in row)
        else:
            chars += len(block.text)
    if chars > limits.MAX_TEXT_CHARS.get():
        raise text.too_much_text(chars, path)
    if cells > limits.MAX_CELLS.get():
        raise text.too_many_cells(cells, path)


def read_path(path: str | Path) -> Document:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_file_bytes():
            raise _too_large(str(p))
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise errors.XxgkError(errors.UNREADABLE_FILE, "文件不存在", str(p)) from exc
    except IsADirectoryError as exc:
        raise errors.XxgkError(errors.UNREADABLE_FILE, "这是一个文件夹，不是文件", str(p)) from exc
    except PermissionError as exc:
        raise errors.XxgkError(errors.UNREADABLE_FILE, "没有读取这个文件的权限", str(p)) from exc
    except OSError as exc:
        raise errors.XxgkError(
            errors.UNREADABLE_FILE, f"无法打开文件（系统错误 {exc.errno}）", str(p)
        ) from exc
    return read_bytes(data, str(p))
