"""DOCX -> PDF through LibreOffice headless: the PDF is the official-template DOCX as Word-like
layout prints it (same fonts, grids and page). Several files convert in one LibreOffice start,
which is most of the cost (about 1–2 s a start on a loaded machine)."""

from __future__ import annotations

from xxgk import errors
from xxgk.soffice import INSTALL_HINT, environment, headless, run, soffice_path, work_folder

CONVERT_TIMEOUT_S = 180.0


def docx_to_pdf(documents: list[bytes], timeout: float = CONVERT_TIMEOUT_S) -> list[bytes]:
    """Each .docx given, as PDF bytes, in order; one LibreOffice process for all of them."""
    return convert_docx(documents, "pdf:writer_pdf_Export", "pdf", timeout)


def convert_docx(
    documents: list[bytes], target: str, suffix: str, timeout: float = CONVERT_TIMEOUT_S
) -> list[bytes]:
    """Each .docx given converted by LibreOffice's filter `target` (pdf:writer_pdf_Export,
    doc:MS Word 97 …), as bytes of the `suffix` file it writes, in order; one process for all."""
    exe = soffice_path()
    if exe is None:
        raise errors.XxgkError(
            errors.MISSING_DEPENDENCY, f"生成 {suffix.upper()} 需要 LibreOffice，{INSTALL_HINT}"
        )
    with work_folder() as work:
        inputs = []
        for i, data in enumerate(documents):
            path = work / f"report-{i:04d}.docx"
            path.write_bytes(data)
            inputs.append(path)
        outdir = work / "out"
        command = [
            *headless(exe, work),
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *map(str, inputs),
        ]
        run(command, environment(work), timeout * max(1, len(documents)) ** 0.5, None)
        out = []
        for path in inputs:
            made = outdir / f"{path.stem}.{suffix}"
            if not made.is_file() or made.stat().st_size == 0:
                raise errors.XxgkError(errors.WRITE_FAILED, f"LibreOffice 未能生成 {suffix.upper()}")
            out.append(made.read_bytes())
        return out
