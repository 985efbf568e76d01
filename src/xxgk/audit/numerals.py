"""Numbers as narratives print them: Arabic or Chinese numerals, exact or approximate.

`MappedText` is a normalised copy of a text that remembers, for every character, where it
came from, so that a fact found in the normalised text can quote the sentence as printed."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿"
_CN_NUMBER = re.compile(rf"[{CN_NUMERAL_CHARS}]+")
# Chinese numerals are converted only where they count something; 一是、三同步、十四五 stay words.
_CN_COUNT = re.compile(
    rf"(?<![第{CN_NUMERAL_CHARS}])(?P<n>[{CN_NUMERAL_CHARS}]+)(?=(?:余|多)?(?:万元|件|条|篇|次|项|个|份|期|场|元|人|家))"
)
_CN_PERCENT = re.compile(rf"百分之(?P<n>[{CN_NUMERAL_CHARS}]+(?:点[{CN_NUMERAL_CHARS}]+)?)")
_APPROX_NUMBER = re.compile(
    r"^(?P<pre>约|近|逾|超过|大约)?(?P<n>\d+(?:\.\d+)?)(?P<wan>万)?(?P<post>余|多)?(?P<tail>.*?)(?P<after>以上|左右|多)?$"
)
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0xA0: 0x20}


@cache
def _cn2an() -> Callable[[str, str], int | float]:
    import cn2an  # imported on first use: it costs a quarter of a second at start-up

    return cn2an.cn2an


@lru_cache(maxsize=8192)  # cn2an is slow and numerals repeat across reports
def cn_to_number(text: str) -> int | float | None:
    """三十五 -> 35, 一千二百 -> 1200, 两千零五 -> 2005, 十二点五 -> 12.5; None if not a numeral."""
    try:
        value = _cn2an()(text, "smart")
    except (ValueError, KeyError, IndexError):
        return None
    return int(value) if float(value).is_integer() else float(value)


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    approx: bool
    unit: str


def parse_quantity(text: str) -> Quantity | None:
    """One printed quantity: "160余条" -> 160 approx 条; "三十五件" -> 35 件; "约3万元" -> 3 approx 万元."""
    s = text.strip()
    m = re.match(rf"^(?P<pre>约|近|逾|超过|大约)?(?P<cn>[{CN_NUMERAL_CHARS}]+)(?P<rest>.*)$", s)
    if m:
        n = cn_to_number(m.group("cn"))
        if n is None:
            return None
        s = (m.group("pre") or "") + str(n) + m.group("rest")
    m = _APPROX_NUMBER.match(s)
    if not m:
        return None
    value = float(m.group("n")) * (10000 if m.group("wan") else 1)
    approx = bool(m.group("pre") or m.group("post") or m.group("after") or (m.group("wan") and "." in s))
    return Quantity(value, approx, m.group("tail").strip())


class MappedText:
    """A text and, for each of its characters, the offset in the original it stands for."""

    __slots__ = ("text", "origin", "source")

    def __init__(self, source: str, text: str | None = None, origin: list[int] | None = None) -> None:
        self.source = source
        self.text = source if text is None else text
        self.origin = list(range(len(source))) if origin is None else origin

    def sub(self, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]) -> MappedText:
        """Replace every match; the replacement's characters map to the start of the match."""
        if pattern.search(self.text) is None:
            return self
        out: list[str] = []
        origin: list[int] = []
        pos = 0
        for m in pattern.finditer(self.text):
            out.append(self.text[pos : m.start()])
            origin.extend(self.origin[pos : m.start()])
            new = repl(m)
            out.append(new)
            anchor = self.origin[m.start()] if m.start() < len(self.origin) else len(self.source)
            origin.extend([anchor] * len(new))
            pos = m.end()
        out.append(self.text[pos:])
        origin.extend(self.origin[pos:])
        return MappedText(self.source, "".join(out), origin)

    def translate(self, table: dict[int, int | str]) -> MappedText:
        """A one-to-one character mapping (width folding): offsets are unchanged."""
        text = self.text.translate(table)
        assert len(text) == len(self.text), "translate must map characters one to one"
        return MappedText(self.source, text, self.origin)

    def original(self, start: int, end: int) -> str:
        """The printed text behind text[start:end]."""
        if start >= end or start >= len(self.origin):
            return ""
        a = self.origin[start]
        b = self.origin[end] if end < len(self.origin) else len(self.source)
        return self.source[a:b]

    def source_offset(self, i: int) -> int:
        return self.origin[i] if i < len(self.origin) else len(self.source)


def _cn_count(m: re.Match[str]) -> str:
    n = cn_to_number(m.group("n"))
    return m.group(0) if n is None else str(n)


def _cn_percent(m: re.Match[str]) -> str:
    n = cn_to_number(m.group("n"))
    return m.group(0) if n is None else f"{n}%"


_SPACE = re.compile(r"(?<!\d)\s+|\s+(?!\d)")  # keep a space only between two digits
_THOUSANDS = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d,])")
_BOOK_TITLE = re.compile(r"《[^《》]{0,80}》")


@lru_cache(maxsize=16)  # the rules of one report read its few section texts again; never mutated
@lru_cache(maxsize=32)  # the rules of one report read the same section texts; read-only result
def normalise(text: str) -> MappedText:
    """Fold widths, drop the spaces PDF text puts around numbers, turn counted Chinese numerals
    into digits, drop thousands separators and blank out 《titles》 (their numbers count nothing)."""
    mt = MappedText(text).translate(_FULL_WIDTH)
    mt = mt.sub(_SPACE, lambda m: "")
    mt = mt.sub(_BOOK_TITLE, lambda m: "《" + "□" * (len(m.group(0)) - 2) + "》")
    mt = mt.sub(_CN_PERCENT, _cn_percent)
    mt = mt.sub(_CN_COUNT, _cn_count)
    return mt.sub(_THOUSANDS, lambda m: m.group(0).replace(",", ""))
