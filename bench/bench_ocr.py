"""OCR speed and accuracy on scans made from the corpus PDFs: every page rendered to a greyscale
image at 150 or 300 dpi, upright, turned 90/180/270° or skewed, saved as an image-only PDF and
read by the whole pipeline (read, extract, audit: what `extract_bytes` does); cells compared with the truth files.

    PYTHONPATH=src python3 bench/bench_ocr.py [--dpi 150 300] [--pose upright r90 ...] [--runs N]

Prints per pose and resolution: s/page wall (best of --runs), CPU s/page, cells matched and
silent errors (a wrong number stated without a finding). Knobs of readers/ocr_engine.py can be
set for a sweep (--det-dpi, --rec-min-width, --rec-batch).
"""

from __future__ import annotations

import argparse
import io
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xxgk.audit import audit
from xxgk.extract import extract
from xxgk.readers import ocr_engine, read_bytes, read_path
from xxgk.score import compare, load, source_of

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "corpus"


def _skew(degrees: float) -> Callable[[Any], Any]:
    def turn(img: Any) -> Any:
        from PIL import Image

        return img.rotate(degrees, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)

    return turn


POSES: dict[str, Callable[[Any], Any]] = {
    "upright": lambda img: img,
    "r90": lambda img: img.rotate(90, expand=True),
    "r180": lambda img: img.rotate(180, expand=True),
    "r270": lambda img: img.rotate(270, expand=True),
    "skew+3": _skew(3.0),
    "skew-5": _skew(-5.0),
}


def truths() -> list[Path]:
    return [t for t in sorted(CORPUS.glob("*.truth.json")) if source_of(t).suffix == ".pdf"]


def scan(pdf: Path, dpi: int, pose: Callable[[Any], Any]) -> tuple[bytes, int]:
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(pdf.read_bytes())
    pages = [
        pose(src[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")) for i in range(len(src))
    ]
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return buf.getvalue(), len(pages)


class Columns:
    """Counts the recogniser's input columns (48-pixel-high): its work, whatever the load."""

    def __init__(self, session: Any) -> None:
        self.session, self.count = session, 0

    def __call__(self, batch: Any) -> Any:
        self.count += int(batch.shape[0] * batch.shape[3])
        return self.session(batch)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.session, name)


def _text(blocks: list[Any]) -> str:
    out = []
    for b in blocks:
        rows = getattr(b, "rows", None)
        out.append("".join(c.text for r in rows for c in r) if rows is not None else b.text)
    return "".join("".join(out).split())


def text_match(scanned: Any, pdf: Path) -> float:
    """Share of the text layer's characters (spaces aside) that the scan's reading has, in order."""
    import difflib

    want, got = _text(read_path(pdf).blocks), _text(scanned.blocks)
    sm = difflib.SequenceMatcher(None, want, got, autojunk=False)
    return sum(m.size for m in sm.get_matching_blocks()) / max(len(want), 1)


def run(dpi: int, pose: str, runs: int, columns: Columns) -> dict[str, float]:
    """Wall and CPU s/page (best of runs), recogniser columns/page, cells, silent errors, text."""
    best: dict[str, float] = {"wall": float("inf")}
    for _ in range(runs):
        r = dict.fromkeys(("wall", "cpu", "match", "total", "silent", "pages", "text"), 0.0)
        columns.count = 0
        for t in truths():
            data, n = scan(source_of(t), dpi, POSES[pose])
            w0, c0 = time.perf_counter(), time.process_time()
            doc = read_bytes(data, f"{t.stem}.scan.pdf")
            report = audit(extract(doc))
            r["wall"] += time.perf_counter() - w0
            r["cpu"] += time.process_time() - c0
            res = compare(report, load(t))
            r["match"] += res.match
            r["total"] += res.total
            r["silent"] += len(res.silent)
            r["pages"] += n
            r["text"] += text_match(doc, source_of(t)) * n
        r["cols"] = columns.count
        for k in ("wall", "cpu", "cols", "text"):
            r[k] /= r["pages"]
        best = min(best, r, key=lambda d: d["wall"])
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dpi", type=int, nargs="+", default=[150, 300])
    ap.add_argument("--pose", nargs="+", default=list(POSES), choices=list(POSES))
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--det-dpi", type=int, default=ocr_engine.DET_DPI)
    ap.add_argument("--rec-min-width", type=int, default=ocr_engine.REC_MIN_WIDTH)
    ap.add_argument("--rec-batch", type=int, default=ocr_engine.REC_BATCH)
    ap.add_argument("--rec-margin", type=float, default=ocr_engine.REC_MARGIN)
    args = ap.parse_args()
    ocr_engine.DET_DPI, ocr_engine.REC_MIN_WIDTH, ocr_engine.REC_BATCH = (
        args.det_dpi,
        args.rec_min_width,
        args.rec_batch,
    )
    ocr_engine.REC_MARGIN = args.rec_margin
    columns = Columns(ocr_engine.engine().text_rec.session)  # models loaded before the clock starts
    ocr_engine.engine().text_rec.session = columns
    load1 = os.getloadavg()[0]
    print(
        f"det {args.det_dpi} dpi, rec min width {args.rec_min_width}, batch {args.rec_batch}, "
        f"margin {args.rec_margin}; "
        f"load average at start {load1:.2f}"
    )
    print(
        f"{'dpi':>4} {'pose':<8} {'s/page':>7} {'cpu s/p':>8} {'rec cols/p':>10} {'cells':>16} {'silent':>6} text"
    )
    for dpi in args.dpi:
        for pose in args.pose:
            r = run(dpi, pose, args.runs, columns)
            cells = f"{r['match']:.0f}/{r['total']:.0f} {100 * r['match'] / max(r['total'], 1):.1f}%"
            print(
                f"{dpi:>4} {pose:<8} {r['wall']:>7.2f} {r['cpu']:>8.2f} {r['cols']:>10.0f} {cells:>16}"
                f" {r['silent']:>6.0f} {100 * r['text']:.1f}%",
                flush=True,
            )
    print(f"load average at end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
