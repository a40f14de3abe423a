"""Chinese numerals, numbering, punctuation, whitespace, dates and XML-safe text (stdlib only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# CONTRACT (implemented by the text helper; other modules code against these names):


def chinese_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 11 -> 十一, 20 -> 二十, 21 -> 二十一, 100 -> 一百, 101 -> 一百零一 (n >= 1)."""
    raise NotImplementedError


def part_number(n: int) -> str:
    """一、 二、 … for the three parts (and any level-1 heading)."""
    raise NotImplementedError


def paren_number(n: int) -> str:
    """（一） （二） … for aspects, causes and measures (full-width parentheses)."""
    raise NotImplementedError


def item_number(n: int) -> str:
    """一是 二是 … 十一是 for items."""
    raise NotImplementedError


def strip_numbering(text: str) -> str:
    """Remove numbering the user typed at the start: 一是 二是 第一 第一， （一） (一) 一、 1. 1、 1．
    (1) （1） 1） ① …, and the punctuation/space right after it. Never removes real words."""
    raise NotImplementedError


def ensure_period(text: str) -> str:
    """A summary or heading ends with 。 unless it already ends with 。！？ (closing quotes/brackets
    after them allowed); a trailing ，；：、,;:. becomes 。. Empty stays empty."""
    raise NotImplementedError


@dataclass(frozen=True)
class Cleaned:
    text: str
    removed: tuple[str, ...] = ()  # control characters / _x000D_ escapes taken out (for a warning)


def clean(text: str, *, keep_lines: bool = False) -> Cleaned:
    """Remove XML-illegal characters and Excel's _xHHHH_ escapes of control chars; normalise
    \\r\\n and \\r to \\n; trim spaces, full-width spaces and blank lines around the text and each
    line. keep_lines=True keeps one \\n between non-empty lines; otherwise lines are joined (no
    separator between CJK, one space between two Latin/digit ends). Tabs count as spaces."""
    raise NotImplementedError


def lines(text: str) -> list[str]:
    """The non-empty trimmed lines of a cleaned keep_lines text (each line of 开篇 is a paragraph)."""
    raise NotImplementedError


def parse_date(value: object) -> dt.date | None:
    """date/datetime, '2022-01-20', '2022/1/20', '2022.1.20', '2022年01月20日', '2022年1月20号'
    (spaces allowed) -> date; anything else (including impossible dates) -> None."""
    raise NotImplementedError


def format_date(d: dt.date) -> str:
    """2022年1月20日 (no zero padding)."""
    raise NotImplementedError


def cell_text(value: object) -> str:
    """A cell value as the user typed it: 12345.0 -> '12345', 3.5 -> '3.5', True -> 'TRUE', None -> ''."""
    raise NotImplementedError


def split_heading(text: str) -> tuple[str, str]:
    """Split at the first 。！？ into (heading with its mark, rest); no mark -> (text, '')."""
    raise NotImplementedError
