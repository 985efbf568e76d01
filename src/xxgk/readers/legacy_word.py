"""Legacy Word: .doc and .wps (OLE2 compound files) and .rtf, converted to .docx by LibreOffice.

Word 97-2003 binary, WPS and RTF are read by handing them to `soffice --headless --convert-to
docx` and reading the result with the DOCX reader, so merged cells come out the same as from a
.docx. Every conversion runs in a fresh temporary folder holding the input, the output and its
own LibreOffice profile: two conversions at once (parallel batch workers, web requests) never
share a profile, which LibreOffice would otherwise lock or hand over to the first instance. The
converter runs in its own process group and is killed as a whole on timeout or interruption (the
`soffice` script starts `oosplash`, which starts `soffice.bin`); the folder is always removed.

The input is written under a name whose extension follows its content (never the original
name), and the import filter is forced from that content too.

The converter is $XXGK_SOFFICE when set (e.g. /Applications/LibreOffice.app/Contents/MacOS/soffice),
else `soffice` or `libreoffice` on PATH; CONVERT_TIMEOUT_S bounds one conversion.
"""

from __future__ import annotations

from xxgk import errors
from xxgk.document import Document
from xxgk.readers import docx as docx_reader
from xxgk.soffice import INSTALL_HINT, environment, headless, soffice_path, work_folder
from xxgk.soffice import run as _run

CONVERT_TIMEOUT_S = 120.0

# Import filters, forced: left to guess, LibreOffice opens what it cannot parse as plain text
# and would hand back the file's bytes as a paragraph of garbage instead of failing.
IMPORT_FILTERS = {
    "doc": "MS Word 97",
    "wps": "MS_Works",
    "rtf": "Rich Text Format",
}

_FAILED = {
    "doc": "Word 旧格式文件已损坏或无法识别，LibreOffice 未能将其转换",
    "rtf": "RTF 文件已损坏或无法识别，LibreOffice 未能将其转换",
    "wps": "WPS 文件无法转换（可能已损坏，或是 WPS 自有格式），请用 WPS 另存为 .docx 或 PDF 后再读取",
}

MEDIA_TYPES = {
    "doc": "application/msword",
    "wps": "application/vnd.ms-works",
    "rtf": "application/rtf",
}

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _stream_name(name: str) -> bytes:
    """How a stream name is stored in an OLE2 directory entry (UTF-16LE)."""
    return name.encode("utf-16-le")


_WORD_STREAM = _stream_name("WordDocument")
_OTHER_OFFICE = (
    (_stream_name("Workbook"), "Excel"),
    (_stream_name("Book\x00"), "Excel"),
    (_stream_name("PowerPoint Document"), "PowerPoint"),
)


def kind_of(data: bytes, path: str | None = None) -> str:
    """'doc', 'wps' or 'rtf', from the content. OLE2 files of Excel or PowerPoint are refused."""
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if not data.startswith(_OLE2):
        raise errors.XxgkError(errors.UNSUPPORTED_KIND, "不是 Word 旧格式（.doc / .wps / .rtf）文件", path)
    if _WORD_STREAM in data:
        return "doc"  # Word 97-2003, and WPS Office files saved in Word's binary format
    for marker, app in _OTHER_OFFICE:
        if marker in data:
            raise errors.XxgkError(
                errors.UNSUPPORTED_KIND, f"这是 {app} 旧格式文件，不是 Word 文档，请另存为 Word 或 PDF", path
            )
    return "wps"  # no Word stream: Microsoft Works, or WPS Office's own format


def read(data: bytes, path: str | None = None) -> Document:
    kind = kind_of(data, path)
    converted = convert_to_docx(data, kind, path)
    doc = docx_reader.read(converted, path)
    doc.media_type = MEDIA_TYPES[kind]
    return doc


def convert_to_docx(data: bytes, kind: str, path: str | None = None, timeout: float | None = None) -> bytes:
    """The .docx LibreOffice makes of `data` (a 'doc', 'wps' or 'rtf' file)."""
    exe = soffice_path()
    if exe is None:
        raise errors.XxgkError(
            errors.MISSING_DEPENDENCY,
            f"读取 Word 旧格式（.doc / .wps / .rtf）需要 LibreOffice，{INSTALL_HINT}",
            path,
        )
    limit = CONVERT_TIMEOUT_S if timeout is None else timeout
    with work_folder() as work:
        source = work / f"input.{kind}"
        source.write_bytes(data)
        outdir = work / "out"
        command = [
            *headless(exe, work),
            f"--infilter={IMPORT_FILTERS[kind]}",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(outdir),
            str(source),
        ]
        _run(command, environment(work), limit, path)
        result = outdir / "input.docx"
        if not result.is_file() or result.stat().st_size == 0:
            raise errors.XxgkError(errors.DAMAGED_FILE, _FAILED[kind], path)
        return result.read_bytes()
