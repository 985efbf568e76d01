"""Which way up a scanned page is, and how far it is skewed, from its detected text lines.

The detector's boxes are minimum-area rectangles around each text line, so the direction of a
box's long side is the direction of its line. Their length-weighted median (angles folded to
-90..90°) says whether the lines run across the image (upright or upside down) or along it
(turned a quarter), and the small remaining angle is the skew. Which of the two ways the lines
read is left to the engine's 0°/180° line classifier, asked about the longest lines; the vote
is weighted by line length and score. Everything is deterministic: no random sampling.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MIN_ASPECT = 2.0  # boxes at least this long for their height are lines with a direction
MAX_SKEW = 8.0  # degrees; a steeper angle is no skew of a page laid on a scanner
MIN_SKEW = 0.15  # degrees; below this the page is read as it is
VOTERS = 16  # longest lines asked which way up they read


@dataclass(frozen=True, slots=True)
class Pose:
    """How to turn the image to make it upright: `quarter` counter-clockwise quarter turns
    (np.rot90), then a rotation by `skew` degrees (cv2's sense: counter-clockwise)."""

    quarter: int = 0
    skew: float = 0.0

    @property
    def upright(self) -> bool:
        return self.quarter == 0 and abs(self.skew) < MIN_SKEW


def _line_angles(boxes: Any) -> tuple[Any, Any]:
    """(angle of each line's long side in degrees, -90..90, y downwards; its length) for boxes
    long enough to have a direction."""
    import numpy as np

    b = np.asarray(boxes, dtype=float).reshape(-1, 4, 2)
    e1 = b[:, 1] - b[:, 0]
    e2 = b[:, 3] - b[:, 0]
    l1, l2 = np.hypot(e1[:, 0], e1[:, 1]), np.hypot(e2[:, 0], e2[:, 1])
    edge = np.where((l1 >= l2)[:, None], e1, e2)
    long, short = np.maximum(l1, l2), np.minimum(l1, l2)
    keep = long >= MIN_ASPECT * np.maximum(short, 1e-6)
    angle = (np.degrees(np.arctan2(edge[:, 1], edge[:, 0])) + 90.0) % 180.0 - 90.0
    return angle[keep], long[keep]


def _weighted_median(values: Any, weights: Any) -> float:
    import numpy as np

    order = np.argsort(values, kind="stable")
    v, w = values[order], weights[order]
    cum = np.cumsum(w)
    return float(v[int(np.searchsorted(cum, cum[-1] / 2))])


def lines_pose(boxes: Any) -> tuple[bool, float]:
    """(the lines run along the image's height, their skew in degrees); (False, 0) when no line
    has a direction or the angle is too steep for a skew."""
    import numpy as np

    angle, length = _line_angles(boxes)
    if len(angle) == 0:
        return False, 0.0
    vertical = float(length[np.abs(angle) > 45].sum()) > float(length[np.abs(angle) <= 45].sum())
    if vertical:
        angle, length = angle[np.abs(angle) > 45], length[np.abs(angle) > 45]
        angle = np.where(angle > 0, angle - 90.0, angle + 90.0)
    else:
        angle, length = angle[np.abs(angle) <= 45], length[np.abs(angle) <= 45]
    skew = _weighted_median(angle, length)
    return vertical, (skew if abs(skew) <= MAX_SKEW else 0.0)


def reads_turned(votes: list[tuple[bool, float]], lengths: list[float]) -> bool:
    """Whether the lines, as cut, read upside down: the weighted majority of the classifier."""
    turned = sum(n * s for (t, s), n in zip(votes, lengths, strict=True) if t)
    straight = sum(n * s for (t, s), n in zip(votes, lengths, strict=True) if not t)
    return turned > straight


def voters(boxes: Any) -> tuple[list[int], list[float]]:
    """Indices and lengths of the longest lines, longest first (ties by index)."""
    import numpy as np

    b = np.asarray(boxes, dtype=float).reshape(-1, 4, 2)
    long = np.maximum(np.hypot(*(b[:, 1] - b[:, 0]).T), np.hypot(*(b[:, 3] - b[:, 0]).T))
    order = sorted(range(len(b)), key=lambda i: (-round(float(long[i]), 3), i))[:VOTERS]
    return order, [float(long[i]) for i in order]


def turn(gray: Any, pose: Pose) -> Any:
    """The image made upright: quarter turns are exact; a skew rotates about the centre onto a
    canvas large enough to keep the corners, filled with white."""
    import cv2
    import numpy as np

    out = np.ascontiguousarray(np.rot90(gray, pose.quarter)) if pose.quarter % 4 else gray
    if abs(pose.skew) < MIN_SKEW:
        return out
    h, w = out.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), pose.skew, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(round(h * sin + w * cos)), int(round(h * cos + w * sin))
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(out, m, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=255)
