"""Compressed content inflated under a budget, before any library inflates it without one.

A zip member or a PDF stream states its own size, and the libraries that read them trust it:
`zipfile.read` inflates a whole member in one call whatever its header says, and PDFium inflates
a content stream into memory before parsing it. Here every byte is inflated in small chunks and
counted against xxgk.limits (MAX_STREAM for one member or stream, MAX_INFLATED for a whole file),
so a zip bomb or a Flate bomb costs a few MB and a fraction of a second, then a clear error
(E_DECOMPRESSION_LIMIT).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator

from xxgk import errors, limits

CHUNK = 1 << 20  # bytes inflated at a time: the memory one stream costs while it is measured
MAX_LAYERS = 4  # Flate inside Flate: each layer is inflated and counted in turn


def _over(path: str | None, what: str, budget: limits.Budget) -> errors.XxgkError:
    return errors.XxgkError(
        errors.DECOMPRESSION_LIMIT,
        f"{what}解压后超过 {limits.describe_size(budget.get())} 的上限（XXGK_{budget.name}），疑为压缩炸弹",
        path,
    )


# --------------------------------------------------------------------------- zip (DOCX)


def zip_members(data: bytes, path: str | None, what: str) -> dict[str, bytes]:
    """Every member of the zip, inflated in chunks and counted: no member past MAX_STREAM, all of
    them past MAX_INFLATED, whatever sizes the headers claim. A member whose content does not
    match its header (size or CRC) is a damaged file."""
    per_member, total_budget = limits.MAX_STREAM.get(), limits.MAX_INFLATED.get()
    out: dict[str, bytes] = {}
    total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                if info.is_dir():
                    continue
                parts: list[bytes] = []
                size = 0
                with zf.open(info) as member:
                    while piece := member.read(CHUNK):
                        size += len(piece)
                        total += len(piece)
                        if size > per_member:
                            raise _over(path, f"{what}中的 {info.filename} ", limits.MAX_STREAM)
                        if total > total_budget:
                            raise _over(path, what, limits.MAX_INFLATED)
                        parts.append(piece)
                out[info.filename] = b"".join(parts)
    except errors.XxgkError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, ValueError, EOFError) as exc:
        raise errors.XxgkError(
            errors.DAMAGED_FILE, f"{what}已损坏，无法解压（{type(exc).__name__}）", path
        ) from exc
    except NotImplementedError as exc:  # a compression method zipfile does not know
        raise errors.XxgkError(errors.DAMAGED_FILE, f"{what}使用了不支持的压缩方式", path) from exc
    return out


def stored_zip(members: dict[str, bytes]) -> bytes:
    """The members again as an uncompressed zip: what a library may read without a budget."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return out.getvalue()


# --------------------------------------------------------------------------- PDF streams

# "stream" then an end of line, not "endstream"; the data runs from there (the zlib stream ends
# itself, so /Length, which may lie, is not needed).
_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")


def _is_zlib_header(head: bytes) -> bool:
    return len(head) >= 2 and head[0] & 0x0F == 8 and head[0] >> 4 <= 7 and (head[0] << 8 | head[1]) % 31 == 0


def _raw(data: memoryview) -> Iterator[bytes]:
    for at in range(0, len(data), 65536):
        yield bytes(data[at : at + 65536])


def _inflate(source: Iterator[bytes]) -> Iterator[bytes]:
    """One zlib layer, at most CHUNK bytes of output at a time; stops at the stream's end."""
    d = zlib.decompressobj()
    for chunk in source:
        out = d.decompress(chunk, CHUNK)
        while True:
            if out:
                yield out
            if not d.unconsumed_tail:
                break
            out = d.decompress(d.unconsumed_tail, CHUNK)
        if d.eof:
            return


def _layer(data: memoryview, depth: int, budget: int) -> tuple[int, bytes]:
    """(bytes out of the `depth`-th zlib layer, counted up to budget + 1; its first two bytes).
    A layer that turns out damaged counts what it gave before (what a reader would get)."""
    stream: Iterator[bytes] = _raw(data)
    for _ in range(depth):
        stream = _inflate(stream)
    size, head = 0, b""
    try:
        for out in stream:
            if not head:
                head = out[:2]
            size += len(out)
            if size > budget:
                break
    except zlib.error:
        pass
    return size, head


def _inflated_size(data: memoryview, budget: int) -> int:
    """The largest output of the zlib layers at the start of `data` (Flate in Flate …), up to
    budget + 1; 0 when it is not zlib data."""
    largest = 0
    for depth in range(1, MAX_LAYERS + 1):
        size, head = _layer(data, depth, budget)
        largest = max(largest, size)
        if size > budget or not _is_zlib_header(head):
            break
    return largest


def check_pdf_streams(data: bytes, path: str | None) -> None:
    """Every Flate stream of the PDF within MAX_STREAM, and all of them within MAX_INFLATED.
    Streams that are not zlib data (images in JPEG, plain text) cost one regex match."""
    per_stream, total_budget = limits.MAX_STREAM.get(), limits.MAX_INFLATED.get()
    view = memoryview(data)
    total = 0
    for m in _STREAM.finditer(data):
        start = m.end()
        if not _is_zlib_header(data[start : start + 2]):
            continue
        size = _inflated_size(view[start:], min(per_stream, total_budget - total))
        if size > per_stream:
            raise _over(path, "PDF 中的一个数据流", limits.MAX_STREAM)
        total += size
        if total > total_budget:
            raise _over(path, "PDF 文件的数据流", limits.MAX_INFLATED)
