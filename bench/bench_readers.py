#!/usr/bin/env python3
"""Throughput and peak memory of each reader, by input kind.

  python3 bench/bench_readers.py                 # every kind, about two minutes
  python3 bench/bench_readers.py --only pdf,docx --seconds 5

Each kind is measured in a fresh process of its own (so that its peak RSS is its own), reading
files in one process on one core, after one warm-up pass:

- pdf   text-layer PDF pages/s (the corpus PDFs)
- docx  reports/s (the seeds' truth laid out as .docx, as in tests/test_reader_legacy_word.py)
- html  reports/s (the corpus .html pages)
- doc   reports/s through LibreOffice (those .docx saved as .doc), one process, then a whole
        `xxgk extract --jsonl` batch over them with all cores; skipped when soffice is missing
- ocr   pages/s of an image-only PDF (corpus PDF pages 3-4 at 150 dpi); skipped when
        xxgk.readers.ocr or its dependencies are not importable

"read" is the reader alone (bytes -> Document); "extract" adds the extractor and the audit.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / "tests" / "data"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"
KINDS = ("pdf", "docx", "html", "doc", "ocr")


def _rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _timed(files: list[Path], fn: Callable[[Path], object], seconds: float) -> tuple[int, float]:
    """Rounds over `files` until `seconds` have passed (at least one round): (files done, elapsed)."""
    for f in files:  # warm-up: imports, caches, models
        fn(f)
    done, start = 0, time.perf_counter()
    while True:
        for f in files:
            fn(f)
            done += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done, elapsed


def _report_docx() -> Callable[[dict], bytes]:
    sys.path.insert(0, str(ROOT / "tests"))
    from render_truth import report_docx  # the layout the tests use

    return report_docx


def _seed_docx(folder: Path) -> list[Path]:
    report_docx = _report_docx()
    out = []
    for t in sorted(SEEDS.glob("*.truth.json")):
        path = folder / f"{t.name.split('.')[0]}.docx"
        path.write_bytes(report_docx(json.loads(t.read_text(encoding="utf-8"))))
        out.append(path)
    return out


def measure(kind: str, seconds: float) -> dict:
    """Run in the child process: the figures for one kind."""
    from xxgk.api import extract_file
    from xxgk.readers import read_path

    with tempfile.TemporaryDirectory(prefix="xxgk-bench-") as tmp:
        folder = Path(tmp)
        if kind == "pdf":
            files = sorted(CORPUS.glob("*.pdf"))
            pages = sum(read_path(f).pages or 0 for f in files)
            n, t = _timed(files, read_path, seconds)
            m, u = _timed(files, extract_file, seconds)
            per = pages / len(files)
            return {
                "files": [f.name for f in files],
                "read": f"{n * per / t:.1f} pages/s ({n / t:.2f} reports/s)",
                "extract": f"{m * per / u:.1f} pages/s ({m / u:.2f} reports/s)",
            }
        if kind in ("docx", "html"):
            files = _seed_docx(folder) if kind == "docx" else sorted(CORPUS.glob("*.html"))
            n, t = _timed(files, read_path, seconds)
            m, u = _timed(files, extract_file, seconds)
            return {
                "files": [f.name for f in files],
                "read": f"{n / t:.1f} reports/s",
                "extract": f"{m / u:.1f} reports/s",
            }
        if kind == "doc":
            return _measure_doc(folder, extract_file)
        if kind == "ocr":
            return _measure_ocr()
    raise ValueError(kind)


def _measure_doc(folder: Path, extract_file: Callable[[Path], object]) -> dict:
    from xxgk.readers import legacy_word

    exe = legacy_word.soffice_path()
    if exe is None:
        return {"skipped": f"soffice not installed ({legacy_word.INSTALL_HINT})"}
    sources = _seed_docx(folder)
    profile = folder / "profile"
    subprocess.run(
        [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "doc:MS Word 97"]
        + ["--outdir", str(folder / "doc"), *map(str, sources)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    files = sorted((folder / "doc").glob("*.doc"))
    start = time.perf_counter()
    for f in files:
        extract_file(f)
    one = len(files) / (time.perf_counter() - start)
    jobs = os.cpu_count() or 1
    copies = folder / "batch"
    copies.mkdir()
    for i in range(2 * jobs):
        for f in files:
            shutil.copy(f, copies / f"{i:02d}_{f.name}")
    n = len(list(copies.iterdir()))
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "xxgk", "extract", "--jsonl", "-j", str(jobs), str(copies)],
        capture_output=True,
        timeout=600,
    )
    batch = n / (time.perf_counter() - start)
    if proc.returncode != 0:
        return {"error": proc.stderr.decode(errors="replace")[-400:]}
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "files": [f.name for f in files],
        "libreoffice": version,
        "extract": f"{one:.2f} reports/s in one process (one conversion each)",
        "batch": f"{batch:.2f} reports/s with xxgk extract -j {jobs} over {n} files",
        "soffice_max_rss_mb": round(_rss_mb(resource.RUSAGE_CHILDREN)),
    }


def _measure_ocr() -> dict:
    try:
        from xxgk.readers import ocr, pdf
    except ImportError as exc:
        return {"skipped": f"xxgk.readers.ocr does not import ({exc})"}
    if not ocr.available():
        return {"skipped": "OCR dependencies (rapidocr, onnxruntime, opencv) not installed"}
    import pypdfium2 as pdfium
    from PIL import Image

    source = pdfium.PdfDocument((CORPUS / "001_huaian-hongzequ_2023.pdf").read_bytes())
    dpi = 150
    images = [source[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in (2, 3)]
    buf = io.BytesIO()
    images[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    data = buf.getvalue()
    warm = io.BytesIO()
    Image.new("L", (200, 60), 255).save(warm, "PNG")
    start = time.perf_counter()
    with contextlib.suppress(Exception):  # a blank image has no text: only the model load counts
        ocr.read(warm.getvalue(), "warm.png")
    load = time.perf_counter() - start
    start = time.perf_counter()
    doc = pdf.read(data, "scan.pdf")
    elapsed = time.perf_counter() - start
    return {
        "input": f"image-only PDF, {len(images)} pages at {dpi} dpi",
        "read": f"{(doc.pages or len(images)) / elapsed:.3f} pages/s ({elapsed / len(images):.1f} s/page)",
        "model_load_s": round(load, 1),
    }


def machine() -> str:
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f", {int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{mem}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M')}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default=",".join(KINDS), help="comma-separated kinds: " + ", ".join(KINDS))
    ap.add_argument("--seconds", type=float, default=4.0, help="time per measurement (pdf, docx, html)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        result = measure(a.child, a.seconds)
        result["max_rss_mb"] = round(_rss_mb())
        print(json.dumps(result, ensure_ascii=False))
        return
    print(f"machine: {machine()}")
    baseline = subprocess.run(
        [sys.executable, "-c", "import resource, xxgk.api; print(resource.getrusage(0).ru_maxrss)"],
        capture_output=True,
        text=True,
    )
    print(f"baseline: python + xxgk.api imported, max RSS {int(baseline.stdout or 0) / 1024:.0f} MB")
    for kind in a.only.split(","):
        kind = kind.strip()
        if kind not in KINDS:
            sys.exit(f"unknown kind {kind!r}; choose from {', '.join(KINDS)}")
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, __file__, "--child", kind, "--seconds", str(a.seconds)],
            capture_output=True,
            text=True,
            env=dict(os.environ, XXGK_TIME_LIMIT="off"),
        )
        took = time.perf_counter() - start
        if proc.returncode != 0:
            print(f"{kind:5} FAILED: {proc.stderr.strip()[-600:]}")
            continue
        figures = json.loads(proc.stdout.strip().splitlines()[-1])
        if "skipped" in figures:
            print(f"{kind:5} skipped: {figures['skipped']}")
            continue
        rss = figures.pop("max_rss_mb")
        extra = "; ".join(f"{k} {v}" for k, v in figures.items() if k != "files")
        print(f"{kind:5} {extra}; peak RSS {rss} MB  [{took:.0f} s]")


if __name__ == "__main__":
    main()
