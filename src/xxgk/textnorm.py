"""Text normalisation shared by the extractor and the auditor."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# OCR and typing variants seen in real reports, mapped to the standard character.
_CHAR_VARIANTS = str.maketrans({"记": "计", "沐": "沭", "〇": "零"})
# Invisible format characters (Unicode Cf) that web pages and Word leave inside words: soft
# hyphen, zero-width space / non-joiner / joiner, word joiner, BOM, direction marks.
INVISIBLE = "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_DROP = re.compile(
    rf"[\s\u3000\u00a0{INVISIBLE}“”\"'‘’「」『』()（）\[\]【】〔〕<>《》〈〉:：;；,，、.。·•/\\|_\-—–~～!！?？*#]+"
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


def visible(text: str) -> str:
    """The text without invisible format characters (zero-width space, soft hyphen, BOM …)."""
    return _INVISIBLE.sub("", text)


# Markup a title or heading keeps when a page is saved as Markdown or plain text: heading
# marks, emphasis, quote marks, list bullets.
_MARKUP_LEAD = re.compile(r"^(?:#{1,6}(?=\s|[\u3400-\u9fff])|>+|[-*+•·]\s+)\s*")
_EMPHASIS = re.compile(r"\*{1,3}|_{2,3}|~~|`+")
_CJK_GAP = re.compile(
    r"(?<=[\u3400-\u9fff\uff00-\uffef\u3000-\u303f\d])\s+(?=[\u3400-\u9fff\uff00-\uffef\u3000-\u303f\d])"
)
_BRACKET_GAP = re.compile(r"(?<=[(\[【〔《“])\s+|\s+(?=[)\]】〕》”])")
# NFKC folds full-width brackets to ASCII; a Chinese name prints them full-width
_BRACKETS = str.maketrans({"(": "（", ")": "）"})


@lru_cache(maxsize=8192)
def clean_name(text: str) -> str:
    """A name or title as a person reads it: width-folded, without invisible characters,
    Markdown/HTML heading and emphasis marks, or spaces between Chinese characters and digits
    (卫东区人民政府办公室 2024 年 -> 卫东区人民政府办公室2024年). Used for the names a report
    gives (agency, title) and for matching labels; never for text whose offsets are recorded."""
    s = unicodedata.normalize("NFKC", visible(text)).replace("\u3000", " ")
    s = _EMPHASIS.sub("", s).strip()
    while True:
        t = _MARKUP_LEAD.sub("", s)
        if t == s:
            break
        s = t
    s = _CJK_GAP.sub("", s.strip())
    return re.sub(r"\s+", " ", _BRACKET_GAP.sub("", s)).strip().translate(_BRACKETS)


def squash_ws(text: str) -> str:
    """Collapse whitespace; keep the rest as printed."""
    return re.sub(r"[\s\u3000\u00a0]+", " ", text).strip()
