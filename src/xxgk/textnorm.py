"""Text normalisation shared by the extractor and the auditor."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# OCR and typing variants seen in real reports, mapped to the standard character.
_CHAR_VARIANTS = str.maketrans({"记": "计", "沐": "沭", "〇": "零"})
_DROP = re.compile(
    r"[\s\u3000\u00a0\u200b\ufeff“”\"'‘’「」『』()（）\[\]【】〔〕<>《》〈〉:：;；,，、.。·•/\\|_\-—–~～!！?？*#]+"
)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=65536)
def label_key(text: str) -> str:
    """A label reduced to its letters: width-folded, no whitespace, no punctuation.

    （三）1.属于国家秘密 -> 三1属于国家秘密. Used only to compare labels, never for output."""
    return _DROP.sub("", nfkc(text))


@lru_cache(maxsize=65536)
def label_key_ocr(text: str) -> str:
    """label_key with OCR character variants folded (总记 -> 总计)."""
    return label_key(text).translate(_CHAR_VARIANTS)


def squash_ws(text: str) -> str:
    """Collapse whitespace; keep the rest as printed."""
    return re.sub(r"[\s\u3000\u00a0]+", " ", text).strip()
