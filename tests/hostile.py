"""Hostile files, made on demand (never committed): each one costs far more than a report should
unless the readers bound the work before doing it. Used by tests/test_limits.py (small versions)
and bench/bench_hostile.py (the full sizes of the issue, measured as whole processes).

Each maker writes into `folder` and returns the path, so that the large ones never sit in the
memory of the process that makes them longer than one chunk.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

MB = 1024 * 1024


def _pdf(objects: list[bytes], path: Path) -> Path:
    """A PDF with a correct xref table; object k (1-based) is objects[k-1]."""
    with path.open("wb") as f:
        f.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for k, body in enumerate(objects, 1):
            offsets.append(f.tell())
            f.write(b"%d 0 obj\n" % k + body + b"\nendobj\n")
        xref = f.tell()
        f.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
        for off in offsets:
            f.write(b"%010d 00000 n \n" % off)
        f.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return path


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def huge_page_pdf(folder: Path, inches: float = 200) -> Path:
    """One scanned page `inches` square (200 in is the largest page PDF allows): a small grey
    image stretched over the whole page, as a scanner with a wrong resolution would write it."""
    side = round(inches * 72)
    pixels = bytes((x * 7 + y * 13) % 256 for y in range(64) for x in range(64))
    image = _stream(
        b"/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode",
        zlib.compress(pixels),
    )
    content = _stream(b"", b"q %d 0 0 %d 0 0 cm /Im0 Do Q" % (side, side))
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /XObject << /Im0 5 0 R >> >> "
            b"/Contents 4 0 R >>" % (side, side),
            content,
            image,
        ],
        folder / "huge-page.pdf",
    )


def _deflate(chunk: bytes, total: int, levels: int = 1) -> bytes:
    """`total` bytes of `chunk` repeated, deflated `levels` times (each layer ~1000:1)."""
    comp = zlib.compressobj(9)
    parts = []
    for _ in range(total // len(chunk)):
        parts.append(comp.compress(chunk))
    parts.append(comp.flush())
    data = b"".join(parts)
    for _ in range(levels - 1):
        data = zlib.compress(data, 9)
    return data


def flate_bomb_pdf(folder: Path, size: int = 2048 * MB) -> Path:
    """A one-page PDF whose content stream inflates to `size` bytes of spaces (2 GB: 2 MB of file)."""
    content = _stream(b"/Filter /FlateDecode", _deflate(b" " * MB, size))
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            content,
        ],
        folder / "flate-bomb.pdf",
    )


def digits_text(folder: Path, size: int = 60 * MB) -> Path:
    """`size` bytes of digits and nothing else (one line)."""
    path = folder / "digits.txt"
    chunk = b"1234567890" * (MB // 10)
    with path.open("wb") as f:
        for _ in range(size // len(chunk)):
            f.write(chunk)
    return path


def many_lines_text(folder: Path, lines: int = 5_000_000) -> Path:
    """`lines` short tab-separated lines: a table of millions of rows."""
    path = folder / "many-lines.txt"
    with path.open("w", encoding="utf-8") as f:
        for start in range(0, lines, 100_000):
            f.write("".join(f"{i}\t1\n" for i in range(start, min(lines, start + 100_000))))
    return path


def _minimal_docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("某某局2023年政府信息公开工作年度报告")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _rezip(base: bytes, replace: dict[str, Callable[[], Iterator[bytes]]], path: Path) -> Path:
    import zipfile

    with (
        zipfile.ZipFile(io.BytesIO(base)) as zin,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout,
    ):
        for info in zin.infolist():
            if info.filename not in replace:
                zout.writestr(info.filename, zin.read(info.filename))
                continue
            with zout.open(info.filename, "w", force_zip64=True) as f:
                for piece in replace[info.filename]():
                    f.write(piece)
    return path


def _document_xml(filler: bytes, repeat: int) -> Callable[[], Iterator[bytes]]:
    def pieces() -> Iterator[bytes]:
        yield (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        )
        for _ in range(repeat):
            yield filler
        yield b"</w:body></w:document>"

    return pieces


def docx_lying_sizes(folder: Path, size: int = 2048 * MB) -> Path:
    """A .docx whose document.xml inflates to `size` bytes of empty paragraphs while its zip
    headers (local and central) say 1 KB: a reader that trusts the headers is in for `size`."""
    path = _rezip(
        _minimal_docx(),
        {"word/document.xml": _document_xml(b"<w:p/>" * (MB // 6), size // MB)},
        folder / "lying.docx",
    )
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    # local header: signature, ..., crc(14), csize(18), usize(22), name length(26), extra length(28)
    # central header: signature, ..., crc(16), csize(20), usize(24), name length(28)
    for sig, usize_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = 0
        while (at := data.find(sig, at)) >= 0:
            if data[at + name_at : at + name_at + len(name)] == name:
                struct.pack_into("<I", data, at + usize_at, 1024)
                _patch_zip64_size(data, at, sig, name, 1024)
            at += 4
    path.write_bytes(bytes(data))
    return path


def _patch_zip64_size(data: bytearray, at: int, sig: bytes, name: bytes, size: int) -> None:
    """The zip64 extra field's uncompressed size too (force_zip64 writes one)."""
    name_len_at, extra_len_at, name_at = (26, 28, 30) if sig == b"PK\x03\x04" else (28, 30, 46)
    (name_len,) = struct.unpack_from("<H", data, at + name_len_at)
    (extra_len,) = struct.unpack_from("<H", data, at + extra_len_at)
    extra = at + name_at + name_len
    end = extra + extra_len
    while extra + 4 <= end:
        tag, length = struct.unpack_from("<HH", data, extra)
        if tag == 1 and length >= 8:
            struct.pack_into("<Q", data, extra + 4, size)
        extra += 4 + length


def docx_dense_xml(folder: Path, size: int = 48 * MB) -> Path:
    """A .docx with honest headers whose document.xml is `size` bytes of empty paragraphs:
    under a plain size limit, yet millions of XML elements to build a tree of."""
    return _rezip(
        _minimal_docx(),
        {"word/document.xml": _document_xml(b"<w:p/>" * (MB // 6), size // MB)},
        folder / "dense.docx",
    )


def wide_image(folder: Path, width: int = 1_000_000, height: int = 1) -> Path:
    """A PNG of width x height pixels (1 x 1,000,000 by default: a line, not a page)."""
    from PIL import Image

    path = folder / "wide.png"
    Image.new("L", (width, height), 255).save(path)
    return path


HOSTILE: dict[str, Callable[[Path], Path]] = {
    "huge-page.pdf": huge_page_pdf,
    "flate-bomb.pdf": flate_bomb_pdf,
    "digits.txt": digits_text,
    "lying.docx": docx_lying_sizes,
    "dense.docx": docx_dense_xml,
    "many-lines.txt": many_lines_text,
    "wide.png": wide_image,
}
