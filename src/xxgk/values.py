"""Reading one printed cell, and splitting digits that ran together."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from xxgk.textnorm import nfkc, visible

PLACEHOLDERS = frozenset(
    {"/", "-", "--", "—", "——", "－", "―", "无", "空", "N/A", "n/a", "NA", "／", "\\", "×", "—/—"}
)
_NUMBER = re.compile(r"^([+\-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(万元|元|件|条|个|项|次)?$")
_DIGITISH = re.compile(r"\d")
# A note printed in a cell after its number: 22（其中修订16件）, 5(含废止2件).
NOTE = r"[（(](?:其中|含|包括|包含)[^（）()]{0,30}[）)]"
_NOTE = re.compile(NOTE)
# 本年增/减 printed in words: 增加5, 减少2 (a decrease is negative)
_CHANGE_WORD = r"增加|减少|净增|净减|新增"
_CHANGE = re.compile(rf"^({_CHANGE_WORD}|增|减)\s*(\d+)\s*(件|条|个|项|次)?$")
# What a run of values between two labels may contain in flattened text.
VALUE_RUN = re.compile(rf"(?:[\d\s,.+\-/—|元万笔件个项条]|{_CHANGE_WORD}|{NOTE})*")
_UNITS = re.compile(r"万元|元|笔|件|个|项|条")


@lru_cache(maxsize=65536)
def clean(raw: str) -> str:
    """The cell's text as read: width-folded, without invisible characters (a zero-width space
    inside "1\u200b2" prints nothing), non-breaking spaces as spaces."""
    return nfkc(visible(raw)).replace("\u00a0", " ").strip()


@lru_cache(maxsize=65536)
def parse_value(raw: str) -> tuple[str, int | Decimal | None, str | None]:
    """(status, value, unit) of a printed cell: number / blank / placeholder / unreadable."""
    s = clean(raw)
    if not s:
        return "blank", None, None
    if s in PLACEHOLDERS or re.fullmatch(r"[/\-—－―\\]+", s):
        return "placeholder", None, None
    m = _NUMBER.match(s)
    if m:
        sign, digits, frac, unit = m.groups()
        digits = digits.replace(",", "")
        try:
            if frac:
                value: int | Decimal = Decimal(sign + digits + frac)
            else:
                value = int(sign + digits)
        except (InvalidOperation, ValueError):
            return "unreadable", None, None
        return "number", value, unit
    return "unreadable", None, None


def without_note(raw: str) -> str:
    """A cell's text less a note printed after its number: 22（其中修订16件） -> 22."""
    s = clean(raw)
    m = _NOTE.search(s)
    if m and m.end() == len(s) and s[: m.start()].strip():
        return s[: m.start()].strip()
    return raw


def parse_change(raw: str) -> tuple[str, int | Decimal | None, str | None]:
    """parse_value for a change (本年增/减): also 增加5 -> 5 and 减少2 -> -2."""
    m = _CHANGE.match(clean(raw))
    if m:
        value = int(m.group(2))
        return "number", -value if "减" in m.group(1) else value, m.group(3)
    return parse_value(raw)


@lru_cache(maxsize=65536)
def is_value_text(raw: str) -> bool:
    """A cell that holds a value (or lost one), as opposed to a label; a number with a note
    printed after it (22（其中修订16件）) or a change in words (减少2) holds a value."""
    s = clean(without_note(raw))
    if not s:
        return True
    status, _, _ = parse_change(s)
    if status != "unreadable":
        return True
    # OCR damage: mostly digits with a stray glyph
    digits = len(_DIGITISH.findall(s))
    return digits > 0 and digits >= len(s) - 1


def _pieces(run: str) -> list[str] | None:
    pieces = [p for p in re.split(r"[\s|,]+", _UNITS.sub(" ", clean(run))) if p]
    return pieces if pieces and all(p.isdigit() for p in pieces) else None


def splits(run: str, groups: list[tuple[int, bool]], limit: int = 2000) -> Iterator[tuple[int, ...]]:
    """Every way to read `run` (digits, maybe with spaces) as consecutive groups of integers.

    `groups` lists (size, summed): a summed group's last number equals the sum of the others
    (a row total, a table-4 block). Spaces are hard boundaries; a number never starts with 0
    unless it is 0. Stops after `limit` splits, so a caller that sees `limit` must not claim
    the split is unique."""
    pieces = _pieces(run)
    if pieces is None:
        return
    digits = "".join(pieces)
    # boundary[i] is True where a space forces a cut before digits[i]
    boundary = [False] * (len(digits) + 1)
    pos = 0
    for p in pieces:
        boundary[pos] = True
        pos += len(p)
    boundary[pos] = True
    if len(groups) == 1 and groups[0][1]:
        yield from _row_with_total(digits, boundary, groups[0][0], limit)
        return
    sizes = [g for g, _ in groups]
    total_parts = sum(sizes)
    count = 0

    def rec(i: int, gi: int, k: int, acc: list[int], partial: int) -> Iterator[tuple[int, ...]]:
        nonlocal count
        if count >= limit:
            return
        if gi == len(groups):
            if i == len(digits):
                count += 1
                yield tuple(acc)
            return
        size, summed = groups[gi]
        remaining = len(digits) - i
        parts_left = total_parts - len(acc)
        if remaining < parts_left:
            return
        last_in_group = k == size - 1
        max_len = 1 if digits[i] == "0" else remaining - (parts_left - 1)
        for length in range(1, max_len + 1):
            end = i + length
            if any(boundary[j] for j in range(i + 1, end)):
                break  # a number never spans a space
            value = int(digits[i:end])
            if summed and last_in_group:
                if value != partial:
                    continue
            elif summed and len(str(partial + value)) > len(digits) - end - (parts_left - 2):
                break  # the group's total could no longer be as large as its parts
            acc.append(value)
            if last_in_group:
                yield from rec(end, gi + 1, 0, acc, 0)
            else:
                yield from rec(end, gi, k + 1, acc, partial + value)
            acc.pop()

    yield from rec(0, 0, 0, [], 0)


def run_splits(run: str, n: int, signed: int | None = None, limit: int = 2000) -> list[tuple[int, ...]]:
    """Every reading of n table-2 values printed as one run: `splits`, and also

    - a note (22（其中修订16件）) is no value and ends its cell;
    - a sign (+3, -18, 增加3, 减少18) starts the value of column `signed` (本年增/减): "2648-18538"
      is 2648 | -18… | …; a run with a sign but no signed column, or with two signs, has no reading.
    Stops after `limit` readings, as `splits` does."""
    s = _NOTE.sub(" ", clean(run))
    s = re.sub(_CHANGE_WORD, lambda m: " -" if "减" in m.group() else " +", s)
    signs = list(re.finditer(r"[+\-](?=\d)", s))
    if not signs:
        return [tuple(x) for x in splits(s, [(n, False)], limit=limit)]
    if signed is None or len(signs) > 1:
        return []
    sign = signs[0]
    before, after = s[: sign.start()], s[sign.end() :]
    if signed == 0:
        left: list[tuple[int, ...]] = [()] if not before.strip() else []
    else:
        left = [tuple(x) for x in splits(before, [(signed, False)], limit=limit)]
    right = [tuple(x) for x in splits(after, [(n - signed, False)], limit=limit)]
    factor = -1 if sign.group() == "-" else 1
    out = [a + (factor * b[0],) + b[1:] for a in left for b in right]
    return out[:limit]


def _row_with_total(digits: str, boundary: list[bool], n: int, limit: int) -> Iterator[tuple[int, ...]]:
    """Splits of one row whose last number is the sum of the others: try each suffix as the
    total, then split the rest into n-1 parts whose running sum never exceeds it."""
    length = len(digits)
    count = 0
    for total_len in range(1, length - n + 2):
        start = length - total_len
        total_str = digits[start:]
        if (total_len > 1 and total_str[0] == "0") or any(boundary[j] for j in range(start + 1, length)):
            continue
        total = int(total_str)
        for found in _parts_summing(digits, boundary, n - 1, start, total, 0, 0, []):
            count += 1
            yield (*found, total)
            if count >= limit:
                return


def _parts_summing(
    digits: str, boundary: list[bool], k: int, stop: int, total: int, i: int, partial: int, parts: list[int]
) -> Iterator[tuple[int, ...]]:
    """Split digits[i:stop] into k more numbers so that partial plus their sum is total."""
    if len(parts) == k:
        if i == stop and partial == total:
            yield tuple(parts)
        return
    left = k - len(parts)
    if stop - i < left:
        return
    max_len = 1 if digits[i] == "0" else stop - i - (left - 1)
    for width in range(1, max_len + 1):
        end = i + width
        if any(boundary[j] for j in range(i + 1, end)):
            break
        value = int(digits[i:end])
        if partial + value > total:
            break
        parts.append(value)
        yield from _parts_summing(digits, boundary, k, stop, total, end, partial + value, parts)
        parts.pop()


def value_spans(run: str, values: Sequence[int | Decimal]) -> list[tuple[int, int]] | None:
    """Where each of `values`, one split of `run`, is printed in `run`: the [start, end) offsets
    of its own digits (and decimal point), in order. None when the values are not `run`'s digits
    read left to right (the split came from elsewhere)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for value in values:
        want = str(abs(value))  # a change of "-15" is printed with its sign before the digits
        m = _DIGITISH.search(run, pos)
        if m is None:
            return None
        start = m.start()
        i = start
        for ch in want:
            if i >= len(run) or nfkc(run[i]) != ch:
                return None
            i += 1
        if value < 0 and start > pos and run[start - 1] in "-－−":
            start -= 1
        out.append((start, i))
        pos = i
    if _DIGITISH.search(run, pos):
        return None
    return out


def split_decimal_tail(run: str, n: int) -> list[tuple[int | Decimal, ...]]:
    """Splits of a run whose last value may carry decimals or a unit (18651.06, 75394432.52元).

    As in `splits`, a space is a cell boundary: "9 152.2万元" is 9 and 152.2, never 915 and 2.2."""
    s = clean(run)
    m = re.match(r"^(.*?)(\d+)\.(\d+)\s*(万元|元)?$", s)
    if not m and n == 1:
        whole = _UNITS.sub("", s).strip()
        return [(int(whole),)] if whole.isdigit() and (whole == "0" or not whole.startswith("0")) else []
    if not m:
        return [tuple(x) for x in splits(s, [(n, False)], limit=50)]
    head, int_part, frac, _unit = m.groups()
    if n == 1:
        whole = head.replace(" ", "") + int_part
        ok = whole.isdigit() and (whole == "0" or not whole.startswith("0"))
        return [(Decimal(f"{whole}.{frac}"),)] if ok else []
    out: list[tuple[int | Decimal, ...]] = []
    text = head + int_part
    for cut in range(len(text) - 1, -1, -1):
        if not text[cut].isdigit():
            break  # the last value never spans a space or a unit
        last = text[cut:]
        if len(last) > 1 and last.startswith("0"):
            continue
        rest = text[:cut]
        if rest.strip():
            value = Decimal(f"{last}.{frac}")
            out.extend(tuple(p) + (value,) for p in splits(rest, [(n - 1, False)], limit=50))
        if len(out) > 50:
            break
    return out
