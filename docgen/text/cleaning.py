"""Cell and paragraph text made canonical: XML-safe, trimmed, one line or kept lines (stdlib only)."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from .dates import format_date

SPACE = "\\s\u200b\ufeff"  # what counts as space around text: \s covers the full-width space too

# A sentence is closed by one of these, and any closing quotes or brackets after it (looked at from the
# end: a pattern ending in $ would be tried at every position of the text). An ellipsis closes one too.
_ENDS, _CLOSERS = frozenset("。！？!?…"), frozenset("”’」』）)》〉】\"'")
# Marks that leave a sentence open; at the end of a summary or heading they are a slip for 。
OPEN_MARKS = "，,；;：:、"


def end_sentence(text: str) -> tuple[str, str]:
    """`text` ending with 。 unless it already ends with 。！？…… (closing quotes/brackets after them
    allowed), and the comma-like marks (，；：、 and their half-width forms) it replaced at the end, so
    "学习不够，" becomes "学习不够。" rather than "学习不够，。". Empty stays empty."""
    text = _rstrip(text)
    if not text or _closed(text):
        return text, ""
    # walked from the end, not a regex search: a search for a run at the end is quadratic on ",,,,x"
    end = len(text)
    while end and text[end - 1] in OPEN_MARKS:
        end = len(_rstrip(text[: end - 1]))
    replaced = "".join(ch for ch in text[end:] if ch in OPEN_MARKS)
    return text[:end] + "。", replaced


def _closed(text: str) -> bool:
    end = len(text)
    while end and text[end - 1] in _CLOSERS:
        end -= 1
    return end > 0 and text[end - 1] in _ENDS


def ensure_period(text: str) -> str:
    """A summary or heading ends with 。 (see end_sentence: a trailing ， or ； becomes 。)."""
    return end_sentence(text)[0]


@dataclass(frozen=True)
class Cleaned:
    text: str
    removed: tuple[str, ...] = ()  # control/invisible characters, _x000D_ escapes taken out (for a warning)


def _is_control(cp: int) -> bool:
    return cp < 0x20 or 0x7F <= cp <= 0x9F


def _is_illegal(cp: int) -> bool:
    """Not allowed in XML 1.0 (plus DEL and C1 controls, which are invisible junk in a report)."""
    if cp in (0x09, 0x0A, 0x0D):
        return False
    return _is_control(cp) or 0xD800 <= cp <= 0xDFFF or cp in (0xFFFE, 0xFFFF)


_EXCEL_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")
_NEWLINES = re.compile("\r\n|\r|\u2028|\u2029")
_ZERO_WIDTH = "\u200b\ufeff"  # trimmed like spaces (and, inside clean, removed with a warning)
# Invisible format characters pasted from web pages and other systems: zero-width space, non-joiner
# and joiner, the direction marks, word joiner and invisible operators, the byte-order mark, and
# the bidi embeddings, overrides and isolates (which can make a line read backwards). clean removes
# them with the control characters.
INVISIBLE = ("\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
             "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff")


# One character _is_illegal says, or INVISIBLE holds: what _clean_once drops (a search in C, not a walk).
_DROPPED = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff{INVISIBLE}]")


def _is_space(ch: str) -> bool:
    return ch.isspace() or ch in _ZERO_WIDTH  # str.isspace is exactly what re's \s matches


# Walked with str methods, not a regex: "[\s]+$" tries every start in a run of spaces (quadratic: a
# cell with 30,000 spaces inside took seconds).
def _rstrip(text: str) -> str:
    end = len(text)
    while end and _is_space(text[end - 1]):
        end -= 1
    return text[:end]


def _trim(text: str) -> str:
    start, end = 0, len(text)
    while start < end and _is_space(text[start]):
        start += 1
    while end > start and _is_space(text[end - 1]):
        end -= 1
    return text[start:end]


def _latin_or_digit(ch: str) -> bool:
    return ch.isalnum() and unicodedata.east_asian_width(ch) not in ("W", "F")


def _clean_once(text: str, keep_lines: bool, removed: dict[str, None]) -> str:
    def drop_escape(found: re.Match[str]) -> str:
        cp = int(found.group(1), 16)
        if _is_control(cp) or _is_illegal(cp):
            removed[found.group(0)] = None
            return ""
        return found.group(0)  # _x0041_ is text the user typed

    def drop(found: re.Match[str]) -> str:
        removed[found.group(0)] = None
        return ""

    text = _DROPPED.sub(drop, _EXCEL_ESCAPE.sub(drop_escape, text) if "_x" in text else text)
    text = _NEWLINES.sub("\n", text).replace("\t", " ")
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
    if not _needs_cleaning(text):  # most cells: nothing the per-character pass would change
        return Cleaned(text)
    return _clean_fully(text, keep_lines)


# Text that the full pass leaves as it is: no control, illegal or line-separator character, no _xHHHH_
# escape, nothing to trim at either end. Asked as three questions: one alternation of them would be tried
# at every position, while a class alone lets the engine skip ahead in C.
_ILLEGAL = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029{INVISIBLE}]")
_ESCAPE = re.compile("_x[0-9A-Fa-f]{4}_")


def _needs_cleaning(text: str) -> bool:
    return (text[:1].isspace() or text[-1:].isspace() or _ILLEGAL.search(text) is not None
            or "_x" in text and _ESCAPE.search(text) is not None)


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
