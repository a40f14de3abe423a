"""THE numbering-marker grammar (一是 第一 （一） 一、 1. （1） [1] ①), used by cleaning, import and review."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .cleaning import SPACE
from .numerals import ONE_TO_NINE, canonical_value, chinese_numeral, item_number, paren_number, part_number

_CN = f"[{ONE_TO_NINE}十百零]{{1,8}}"  # a numeral; canonical_value decides whether it is one
_NUM = "[0-9０-９]{1,2}"  # at most two digits, so 2021、2022年 is never numbering

SEPARATORS = f"[{SPACE}，、,.．:：]*"  # eaten after a marker; never part of the text
# 一、二季度 / 一、二、三级干部 are lists of numerals, not a marker followed by text.
_NOT_A_LIST = f"(?![{ONE_TO_NINE}十]+[、季级类等])"
_ENCLOSED = "\u2460-\u249b\u24eb-\u24fe\u2776-\u2793\u3220-\u3229\u3280-\u3289"  # ① ⑴ ⒈ ⓫ ❶ ➀ ㈠ ㊀

# family -> pattern matched at a position; group "n" is the number. Families never match at the same
# position, so their order does not matter.
FAMILIES: dict[str, re.Pattern[str]] = {
    "shi": re.compile(rf"(?P<n>{_CN})是"),  # 一是
    "di": re.compile(rf"第(?P<n>{_CN})(?:是|(?=[{SPACE}，、,.．:：]))"),  # 第一， 第一是 (not 第一书记)
    "part": re.compile(rf"第(?P<n>{_CN})部分"),  # 第一部分
    "paren_cn": re.compile(rf"[（(](?P<n>{_CN})[）)]"),  # （一） (一)
    "cn_dun": re.compile(rf"(?P<n>{_CN})(?:、{_NOT_A_LIST}|[.．](?![0-9０-９]))"),  # 一、 一.
    "paren_num": re.compile(rf"[（(](?P<n>{_NUM})[）)]"),  # （1） (1)
    "bracket_num": re.compile(rf"[［\[【](?P<n>{_NUM})[］\]】]"),  # [1] 【1】
    "num": re.compile(rf"(?P<n>{_NUM})(?:[.．、](?![0-9０-９])|[)）])"),  # 1. 1、 1) (not 1.5, not 1、2月)
    "circle": re.compile(f"(?P<n>[{_ENCLOSED}])"),  # ① ⑴ ❶ ㈠
}
# Whether any family matches at a position, asked at once: most texts start with no marker at all.
_ANY = re.compile("|".join(f"(?:{pattern.pattern.replace('(?P<n>', '(?:')})" for pattern in FAMILIES.values()))
PART_FAMILIES = ("cn_dun", "part")  # how a part heading is numbered: 一、 第一部分
ITEM_FAMILIES = ("shi", "di", "num", "paren_num", "circle")
_SEPARATORS = re.compile(SEPARATORS)
_LEADING_SPACE = re.compile(f"[{SPACE}]*")

# A marker inside a paragraph only counts right after the end of a sentence or clause.
_BOUNDARY = frozenset("。！？；;：:!?")
_CLOSERS = frozenset("”’」』）)》")
_BOUNDARY_SPACE = frozenset(" \t\u3000")


@dataclass(frozen=True)
class Marker:
    family: str
    number: int
    start: int  # where the marker begins
    end: int  # where the text after it (and its separators) begins


def value(family: str, raw: str) -> int:
    """The number a marker's group "n" stands for; 0 when it is not a number written as numbering."""
    if family == "circle":
        return int(unicodedata.numeric(raw, 0))
    if family in ("num", "paren_num", "bracket_num"):
        return int(unicodedata.normalize("NFKC", raw))
    return canonical_value(raw)


def marker_at(text: str, pos: int, families: tuple[str, ...] | None = None) -> Marker | None:
    """The marker starting exactly at pos, if any (of the given families)."""
    if families is None and _ANY.match(text, pos) is None:
        return None
    for family in families or FAMILIES:
        found = FAMILIES[family].match(text, pos)
        if found is None:
            continue
        number = value(family, found.group("n"))
        if number <= 0:
            continue
        return Marker(family, number, pos, _SEPARATORS.match(text, found.end()).end())  # type: ignore[union-attr]
    return None


def leading_marker(text: str, families: tuple[str, ...] | None = None) -> Marker | None:
    """The marker at the very start of a text (after spaces)."""
    return marker_at(text, _LEADING_SPACE.match(text).end(), families)  # type: ignore[union-attr]


def strip_numbering(text: str) -> str:
    """Remove numbering the user typed at the start: 一是 第一， （一） 一、 1. 1、 (1) [1] ① …, and the
    punctuation and space right after it. Never removes real words (第一书记, 一、二季度, 1.5倍)."""
    found = leading_marker(text)
    return text if found is None else text[found.end:]


def at_boundary(text: str, pos: int) -> bool:
    """Whether pos starts a clause: the text's start, or after 。！？；： (a closing quote and a few spaces
    may come between)."""
    i = pos - 1
    # a few spaces may sit between a clause and its marker; a bounded look-back keeps this linear
    while i >= 0 and i >= pos - 4 and text[i] in _BOUNDARY_SPACE:
        i -= 1
    if i < 0:
        return True
    if text[i] in _CLOSERS and i > 0 and text[i - 1] in _BOUNDARY:
        return True
    return text[i] in _BOUNDARY


def find_sequence(text: str, family: str | None, expected: int, families: tuple[str, ...] = ITEM_FAMILIES
                  ) -> list[Marker]:
    """Markers that continue a numbered sequence in text: each at a clause boundary, of one family,
    numbered expected, expected+1, … A family of None is fixed by the first marker numbered `expected`."""
    out: list[Marker] = []
    pos = 0
    while pos < len(text):
        if at_boundary(text, pos):
            found = marker_at(text, pos, (family,) if family else families)
            if found is not None and found.number == expected:
                out.append(found)
                family = found.family
                expected += 1
                pos = found.end
                continue
        pos += 1
    return out


_WRITERS = {
    "shi": item_number, "di": lambda n: f"第{chinese_numeral(n)}，", "paren_cn": paren_number,
    "cn_dun": part_number, "part": lambda n: f"第{chinese_numeral(n)}部分", "paren_num": lambda n: f"（{n}）", "bracket_num": lambda n: f"[{n}]",
    "num": lambda n: f"{n}.", "circle": lambda n: chr(0x2460 + n - 1),  # ① … ⑳
}
LARGEST = {"num": 99, "paren_num": 99, "bracket_num": 99, "circle": 20}


def write_marker(family: str, n: int) -> str:
    """The marker of `family` numbered n, as docgen or a typical author writes it (1 <= n <= LARGEST)."""
    if not 1 <= n <= LARGEST.get(family, 999):
        raise ValueError(f"{family} cannot number {n}")
    return _WRITERS[family](n)

