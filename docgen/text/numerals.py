"""Chinese numerals, written and read, and the numbers the report's headings carry (stdlib only)."""

from __future__ import annotations

import functools

DIGITS = "零一二三四五六七八九"
IDEOGRAPH_DIGITS = "〇一二三四五六七八九"  # digit by digit, as in a year: 二〇二六
# Digits as they are written in a year, with the look-alikes people type for 〇.
YEAR_DIGITS = {c: i for i, c in enumerate(IDEOGRAPH_DIGITS)} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0}
ONE_TO_NINE = DIGITS[1:]
_SMALL_UNITS = ((1000, "千"), (100, "百"), (10, "十"))
_BIG_UNITS = ((10**8, "亿"), (10**4, "万"))
_VALUES = {c: i for i, c in enumerate(DIGITS)} | {"两": 2, "〇": 0}
_UNIT_VALUES = {"十": 10, "百": 100, "千": 1000}


def _section(n: int, leading: bool) -> str:
    """0 < n < 10000; `leading` allows the bare 十 of 十一 (only at the very start of a numeral)."""
    out: list[str] = []
    zero_pending = False
    for unit, name in _SMALL_UNITS:
        digit, n = divmod(n, unit)
        if digit:
            if zero_pending:
                out.append("零")
                zero_pending = False
            bare_ten = unit == 10 and digit == 1 and leading and not out
            out.append(name if bare_ten else DIGITS[digit] + name)
        elif out:
            zero_pending = True
    if n:
        if zero_pending:
            out.append("零")
        out.append(DIGITS[n])
    return "".join(out)


def _numeral(n: int, leading: bool) -> str:
    for big, name in _BIG_UNITS:
        if n >= big:
            high, low = divmod(n, big)
            text = _numeral(high, leading) + name
            if low:
                # 一万零五, 一万零五百: a gap in the lower group is read as 零
                text += ("零" if low < big // 10 else "") + _numeral(low, False)
            return text
    return _section(n, leading)


def chinese_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 11 -> 十一, 20 -> 二十, 21 -> 二十一, 100 -> 一百, 101 -> 一百零一 (n >= 1)."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"chinese_numeral needs a positive integer, got {n!r}")
    return _small_numeral(n) if n < 1000 else _numeral(n, True)


@functools.lru_cache(maxsize=None)
def _small_numeral(n: int) -> str:
    """The numbers headings and items carry, written once each (a report numbers some forty of them)."""
    return _numeral(n, True)


def chinese_value(text: str) -> int:
    """The value of a numeral below 10,000 as people write it: 一 -> 1, 十二 -> 12, 一百零一 -> 101,
    一百一十 -> 110, 两百 -> 200; 0 for anything that is not one (十十, 一二, 百, '')."""
    total, digit, last_unit = 0, None, 10_000
    for ch in text:
        if ch in _VALUES:
            if digit is not None and not (digit == 0 or _VALUES[ch] == 0):
                return 0  # two digits in a row (一二) is a list, not a number
            digit = _VALUES[ch]
        elif ch in _UNIT_VALUES:
            unit = _UNIT_VALUES[ch]
            if unit >= last_unit or (digit == 0):
                return 0
            if digit is None:
                if total or unit != 10:  # a bare 十 only at the start (十二); 百 alone is no number
                    return 0
                digit = 1
            total += digit * unit
            digit, last_unit = None, unit
        else:
            return 0
    if digit:
        total += digit
    return total


def canonical_value(text: str) -> int:
    """The value of `text` when it is written exactly as chinese_numeral writes it, else 0."""
    value = chinese_value(text)
    return value if value and chinese_numeral(value) == text else 0


def part_number(n: int) -> str:
    """一、 二、 … for the parts (and any level-1 heading)."""
    return f"{chinese_numeral(n)}、"


def paren_number(n: int) -> str:
    """（一） （二） … for aspects, causes and measures (full-width parentheses)."""
    return f"（{chinese_numeral(n)}）"


def item_number(n: int) -> str:
    """一是 二是 … 十一是 for items."""
    return f"{chinese_numeral(n)}是"
