"""Tell the kind of a file from its first bytes."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

_HTML = re.compile(rb"<\s*(html|body|table|div|p|meta|head|span|tr|td|!doctype)[\s>/]", re.I)


def sniff(data: bytes) -> str:
    head = data[:4096]
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return "binary"
        return "docx" if "word/document.xml" in names else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"  # OLE2: .doc / .wps
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM", b"GIF8")):
        return "image"
    if head.startswith(b"{\\rtf"):
        return "doc"
    if _looks_binary(head):
        return "binary"
    if _HTML.search(head) or _HTML.search(data[:65536]):
        return "html"
    return "text"


def _looks_binary(head: bytes) -> bool:
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > max(8, len(head) // 50)
