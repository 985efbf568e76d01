"""RapidOCR driven step by step: detection at a chosen resolution, the 0°/180° line classifier,
and recognition in width-sorted batches with little padding.

RapidOCR's own `__call__` detects at the page's full resolution and pads every line to at least
320 pixels before recognition; on a report page most lines are table cells of two or three
digits, so that padding was most of the work. Here the detector sees the page at DET_DPI (boxes
are mapped back to the working image, and recognition crops are cut from it at full
resolution), and lines are padded only to the widest line of their batch (REC_MIN_WIDTH at
least). Recognition costs in proportion to the width of its 48-pixel-high input, so each line
is given a white margin above and below (REC_MARGIN) before it is scaled to that height: the
same characters in 40% fewer columns, read as well (cells and text share unchanged). The figures behind these choices are in bench/RESULTS.md (bench/bench_ocr.py).

Models come from the rapidocr wheel (hash-checked there); nothing is fetched.
"""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass
from typing import Any

DET_DPI = 110  # the detector's resolution: text lines stay 13+ pixels high at 9 pt
REC_MIN_WIDTH = 64  # recognition input is 48 pixels high; lines narrower are padded to this
REC_BATCH = 8  # lines recognised per call, sorted by width so that a batch pads little
REC_MARGIN = 0.4  # white above and below each line, as a share of its height: narrower input

_engine: Any = None
_lock = threading.Lock()


@dataclass(slots=True)
class Lines:
    """Text lines of one page image: a quadrilateral, the text, its score, and each character's
    (text, score, quadrilateral), all in pixels of the image that was read."""

    boxes: list[Any]
    texts: list[str]
    scores: list[float]
    chars: list[tuple[tuple[str, float, Any], ...]]


def engine() -> Any:
    global _engine
    with _lock:
        if _engine is None:
            from rapidocr import RapidOCR

            _engine = RapidOCR(
                params={
                    "Global.log_level": "error",
                    "Global.return_word_box": True,
                    "Global.return_single_char_box": True,
                    "Det.limit_type": "max",
                    "Rec.rec_img_shape": [3, 48, REC_MIN_WIDTH],
                    "Rec.rec_batch_num": REC_BATCH,
                }
            )
            for load in (_engine._load_det_model, _engine._load_cls_model, _engine._load_rec_model):
                load()
        return _engine


def detect(bgr: Any, scale: float) -> Any:
    """Text-line quadrilaterals (N×4×2, pixels of `bgr`); `scale` is pixels per point."""
    import numpy as np

    eng = engine()
    h, w = bgr.shape[:2]
    shrink = min(1.0, DET_DPI / (72 * scale))
    det = eng.text_det
    with _lock:  # the limit is the detector's state: one page at a time sets and uses it
        det.limit_side_len = max(32, round(max(h, w) * shrink))
        out = det(bgr)
    if out.boxes is None:
        return np.zeros((0, 4, 2), dtype=np.float32)
    return out.boxes


def crops(bgr: Any, boxes: Any) -> list[Any]:
    from rapidocr.utils.process_img import get_rotate_crop_image

    return [get_rotate_crop_image(bgr, copy.deepcopy(b)) for b in boxes]


def upside_down(images: list[Any]) -> list[tuple[bool, float]]:
    """The engine's 0°/180° classifier: (turned, score) per line image."""
    if not images:
        return []
    res = engine().text_cls(images)
    return [("180" in str(label), float(score)) for label, score in res.cls_res]


def _margin(image: Any) -> Any:
    import cv2

    pad = round(image.shape[0] * REC_MARGIN)
    if pad <= 0:
        return image
    return cv2.copyMakeBorder(image, pad, pad, 0, 0, cv2.BORDER_CONSTANT, value=(255, 255, 255))


def recognise(bgr: Any, boxes: Any) -> Lines:
    """Read every detected line; lines scoring under the engine's text_score are dropped, as
    RapidOCR itself does."""
    from rapidocr.ch_ppocr_det import TextDetOutput
    from rapidocr.ch_ppocr_rec import TextRecInput

    empty = Lines([], [], [], [])
    if len(boxes) == 0:
        return empty
    eng = engine()
    images = crops(bgr, boxes)
    rec = eng.text_rec(TextRecInput(img=[_margin(i) for i in images], return_word_box=True))
    if rec.txts is None:
        return empty
    record = {"preprocess": {"ratio_h": 1.0, "ratio_w": 1.0}, "padding_1": {"top": 0, "left": 0}}
    det = TextDetOutput(bgr, boxes.copy(), [1.0] * len(boxes))
    from rapidocr.ch_ppocr_cls import TextClsOutput

    out = eng.build_final_output(bgr, det, TextClsOutput(), rec, images, record)
    if getattr(out, "txts", None) is None or out.boxes is None or len(out.txts) == 0:
        return empty
    words = list(out.word_results or ())
    chars = [tuple(words[i]) if i < len(words) and words[i] else () for i in range(len(out.txts))]
    return Lines(list(out.boxes), [str(t) for t in out.txts], [float(s) for s in out.scores], chars)
