"""Chinese numerals, numbering, punctuation, whitespace, dates and XML-safe text (stdlib only)."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

# CONTRACT (implemented by the text helper; other modules code against these names):

_DIGITS = "零一二三四五六七八九"
_SMALL_UNITS = ((1000, "千"), (100, "百"), (10, "十"))
_BIG_UNITS = ((10**8, "亿"), (10**4, "万"))


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
            out.append(name if bare_ten else _DIGITS[digit] + name)
        elif out:
            zero_pending = True
    if n:
        if zero_pending:
            out.append("零")
        out.append(_DIGITS[n])
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
    return _numeral(n, True)


_CN_VALUES = {c: i for i, c in enumerate("零一二三四五六七八九")}


def chinese_value(text: str) -> int:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十 -> 20, 二十三 -> 23; 0 for anything else."""
    if not text or any(c not in _CN_VALUES and c != "十" for c in text):
        return 0
    if "十" not in text:
        return _CN_VALUES[text] if len(text) == 1 else 0
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return 0
    return (_CN_VALUES[tens] if tens else 1) * 10 + (_CN_VALUES[ones] if ones else 0)


def part_number(n: int) -> str:
    """一、 二、 … for the three parts (and any level-1 heading)."""
    return f"{chinese_numeral(n)}、"


def paren_number(n: int) -> str:
    """（一） （二） … for aspects, causes and measures (full-width parentheses)."""
    return f"（{chinese_numeral(n)}）"


def item_number(n: int) -> str:
    """一是 二是 … 十一是 for items."""
    return f"{chinese_numeral(n)}是"


# Numerals a user plausibly types as numbering; a run of numeral characters that is not one of
# these (一二, 十十) is a word or a list, not a marker.
_NUMERALS = frozenset(chinese_numeral(k) for k in range(1, 200))
_CN = "[一二三四五六七八九十百零]+"
_NUM = "[0-9０-９]{1,2}"  # at most two digits, so 2021、2022年 is never numbering
_SPACE = r"\s\u200b\ufeff"
_AFTER = rf"[{_SPACE}，、,.．:：]*"  # separators eaten after a marker
_CN_LIST = "(?![一二三四五六七八九十]+(?:、|季|级|类|等))"  # 一、二季度 / 一、二、三 are lists

_MARKERS = [
    re.compile(rf"(?P<n>{_CN})是"),  # 一是
    re.compile(rf"第(?P<n>{_CN})(?:是|(?=[{_SPACE}，、,.．:：]))"),  # 第一， 第一是 (not 第一书记)
    re.compile(rf"[（(](?P<n>{_CN})[）)]"),  # （一） (一)
    re.compile(rf"(?P<n>{_CN})(?:、{_CN_LIST}|[.．])"),  # 一、 一.
    re.compile(rf"[（(]{_NUM}[）)]|[［\[【]{_NUM}[］\]】]"),  # （1） [1]
    re.compile(rf"{_NUM}(?:[.．、](?![0-9０-９])|[)）])"),  # 1. 1、 1) (not 1.5, not 1、2月)
    re.compile("[\u2460-\u249b\u24ea\u2776-\u2793\u3220-\u3229]"),  # ① ⑴ ⒈ ❶ ㈠
]
_LEADING_SPACE = re.compile(rf"[{_SPACE}]*")
_SEPARATORS = re.compile(_AFTER)


def strip_numbering(text: str) -> str:
    """Remove numbering the user typed at the start: 一是 二是 第一 第一， （一） (一) 一、 1. 1、 1．
    (1) （1） 1） ① …, and the punctuation/space right after it. Never removes real words."""
    start = _LEADING_SPACE.match(text).end()  # type: ignore[union-attr]
    for marker in _MARKERS:
        found = marker.match(text, start)
        if found is None:
            continue
        if "n" in marker.groupindex and found.group("n") not in _NUMERALS:
            continue
        return text[_SEPARATORS.match(text, found.end()).end() :]  # type: ignore[union-attr]
    return text


_CLOSED = re.compile("[。！？!?][”’」』）)》〉】\"']*$")


def ensure_period(text: str) -> str:
    """A summary or heading ends with 。 unless it already ends with 。！？ (closing quotes/brackets
    after them allowed). Nothing the user typed is removed: a stray trailing ， stays (lint flags
    "，。" with a fix). Empty stays empty."""
    text = _rstrip(text)
    if not text or _CLOSED.search(text):
        return text
    return text + "。"


@dataclass(frozen=True)
class Cleaned:
    text: str
    removed: tuple[str, ...] = ()  # control characters / _x000D_ escapes taken out (for a warning)


def _is_control(cp: int) -> bool:
    return cp < 0x20 or 0x7F <= cp <= 0x9F


def _is_illegal(cp: int) -> bool:
    """Not allowed in XML 1.0 (plus DEL and C1 controls, which are invisible junk in a report)."""
    if cp in (0x09, 0x0A, 0x0D):
        return False
    return _is_control(cp) or 0xD800 <= cp <= 0xDFFF or cp in (0xFFFE, 0xFFFF)


_EXCEL_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")
_TRIM = re.compile(rf"^[{_SPACE}]+|[{_SPACE}]+$")
_NEWLINES = re.compile("\r\n|\r|\u2028|\u2029")


def _rstrip(text: str) -> str:
    return re.sub(rf"[{_SPACE}]+$", "", text)


def _trim(text: str) -> str:
    return _TRIM.sub("", text)


def _latin_or_digit(ch: str) -> bool:
    return ch.isalnum() and unicodedata.east_asian_width(ch) not in ("W", "F")


def _clean_once(text: str, keep_lines: bool, removed: dict[str, None]) -> str:
    def drop_escape(found: re.Match[str]) -> str:
        cp = int(found.group(1), 16)
        if _is_control(cp) or _is_illegal(cp):
            removed[found.group(0)] = None
            return ""
        return found.group(0)  # _x0041_ is text the user typed

    kept = []
    for ch in _EXCEL_ESCAPE.sub(drop_escape, text):
        if _is_illegal(ord(ch)):
            removed[ch] = None
        else:
            kept.append(ch)
    text = _NEWLINES.sub("\n", "".join(kept)).replace("\t", " ")
    rows = [row for row in (_trim(raw) for raw in text.split("\n")) if row]
    if keep_lines:
        return "\n".join(rows)
    joined = rows[:1]
    for row in rows[1:]:
        if _latin_or_digit(joined[-1][-1]) and _latin_or_digit(row[0]):
            joined.append(" ")
        joined.append(row)
    return "".join(joined)


def clean(text: str, *, keep_lines: bool = False) -> Cleaned:
    """Remove XML-illegal characters and Excel's _xHHHH_ escapes of control chars; normalise
    \\r\\n and \\r to \\n; trim spaces, full-width spaces and blank lines around the text and each
    line. keep_lines=True keeps one \\n between non-empty lines; otherwise lines are joined (no
    separator between CJK, one space between two Latin/digit ends). Tabs count as spaces."""
    if _NEEDS_CLEANING.search(text) is None:  # most cells: nothing the per-character pass would change
        return Cleaned(text)
    return _clean_fully(text, keep_lines)


# Text that the full pass leaves as it is: no control, illegal or line-separator character, no _xHHHH_
# escape, nothing to trim at either end.
_NEEDS_CLEANING = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029]|_x[0-9A-Fa-f]{4}_"
                             "|^[\\s\u200b\ufeff]|[\\s\u200b\ufeff]\\Z")


def _clean_fully(text: str, keep_lines: bool) -> Cleaned:
    removed: dict[str, None] = {}  # ordered set: each kind reported once
    # Removing one thing can bring two halves of an escape together (_x00\x070D_); repeat until
    # nothing changes so that clean() is idempotent. Every changing pass after the first shrinks.
    for _ in range(len(text) + 2):
        result = _clean_once(text, keep_lines, removed)
        if result == text:
            break
        text = result
    return Cleaned(text, tuple(removed))


def lines(text: str) -> list[str]:
    """The non-empty trimmed lines of a cleaned keep_lines text (each line of 开篇 is a paragraph)."""
    return [row for row in (_trim(raw) for raw in _NEWLINES.sub("\n", text).split("\n")) if row]


_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serials >= 61 count from here (Excel's 1900 leap-year bug)
_TIME = r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DATE_PATTERNS = (
    re.compile(rf"(\d{{4}})\s*([-/.])\s*(\d{{1,2}})\s*\2\s*(\d{{1,2}}){_TIME}"),
    re.compile(rf"(\d{{4}})\s*(年)\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*[日号]?{_TIME}"),
)


_CN_YEAR_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0", "O": "0"}
_CN_DATE = re.compile(r"(?P<y>[〇○零ＯO一二三四五六七八九]{4})\s*年\s*(?P<m>[元正一二三四五六七八九十]{1,3})\s*月"
                      r"\s*(?P<d>[一二三四五六七八九十]{1,3})\s*[日号]")


def parse_date(value: object) -> dt.date | None:
    """date/datetime, '2022-01-20', '2022/1/20', '2022.1.20', '2022年01月20日', '2022年1月20号',
    '二〇二二年一月二十日' (spaces allowed) -> date; anything else (including impossible dates) -> None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # an Excel serial date the workbook did not mark as a date
        if not math.isfinite(value) or not 20000 <= value <= 80000:
            return None
        return _EXCEL_EPOCH + dt.timedelta(days=math.floor(value))
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).strip()  # full-width digits and ．
    for pattern in _DATE_PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            try:
                return dt.date(int(found.group(1)), int(found.group(3)), int(found.group(4)))
            except ValueError:
                return None
    found = _CN_DATE.fullmatch(text)
    if found is None:
        return None
    year = int("".join(_CN_YEAR_DIGITS[c] for c in found.group("y")))
    month = 1 if found.group("m") in ("元", "正") else chinese_value(found.group("m"))
    try:
        return dt.date(year, month, chinese_value(found.group("d")))
    except ValueError:
        return None


def format_date(d: dt.date) -> str:
    """2022年1月20日 (no zero padding)."""
    return f"{d.year}年{d.month}月{d.day}日"


def cell_text(value: object) -> str:
    """A cell value as the user typed it: 12345.0 -> '12345', 3.5 -> '3.5', True -> 'TRUE', None -> ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer():
            return str(int(value))
        # repr is the shortest round-tripping form; Decimal writes it without an exponent
        return format(Decimal(repr(value)), "f")
    if isinstance(value, dt.datetime):
        return format_date(value.date())
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value)


_HEADING_END = re.compile("[。！？]+[”’」』）)》〉】\"']*")


def split_heading(text: str) -> tuple[str, str]:
    """Split at the first 。！？ into (heading with its mark, rest); no mark -> (text, '')."""
    found = _HEADING_END.search(text)
    if found is None:
        return text, ""
    return text[: found.end()], text[found.end() :].lstrip()
