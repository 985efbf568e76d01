"""DOCX -> PDF through LibreOffice headless: the PDF is the official-template DOCX as Word-like
layout prints it (same fonts, grids and page). Several files convert in one LibreOffice start,
which is most of the cost (about 1–2 s a start on a loaded machine)."""

from __future__ import annotations

from xxgk import errors
from xxgk.soffice import INSTALL_HINT, environment, headless, run, soffice_path, work_folder

CONVERT_TIMEOUT_S = 180.0


def docx_to_pdf(documents: list[bytes], timeout: float = CONVERT_TIMEOUT_S) -> list[bytes]:
    """Each .docx given, as PDF bytes, in order; one LibreOffice process for all of them."""
    exe = soffice_path()
    if exe is None:
        raise errors.XxgkError(errors.MISSING_DEPENDENCY, f"生成 PDF 需要 LibreOffice，{INSTALL_HINT}")
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
            "pdf:writer_pdf_Export",
            "--outdir",
            str(outdir),
            *map(str, inputs),
        ]
        run(command, environment(work), timeout * max(1, len(documents)) ** 0.5, None)
        out = []
        for path in inputs:
            pdf = outdir / (path.stem + ".pdf")
            if not pdf.is_file() or pdf.stat().st_size == 0:
                raise errors.XxgkError(errors.WRITE_FAILED, "LibreOffice 未能生成 PDF")
            out.append(pdf.read_bytes())
        return out
