"""Numbering markers in running text (一是 第一 1. （1） （一） 一、 ①) with their family and value."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import chinese_value

_CN = "[一二三四五六七八九十]{1,3}"
_SEP = r"[\s\u3000，、,：:．.]*"  # separators eaten after a marker (never part of the text)
# A marker inside a paragraph only counts right after the end of a sentence or clause.
_BOUNDARY = set("。！？；;：:!?")
_CLOSERS = set("”’」』）)》")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# family -> pattern matched at a position; group "n" is the number
_FAMILIES: dict[str, re.Pattern[str]] = {
    "paren_cn": re.compile(rf"[（(](?P<n>{_CN})[）)]"),
    "shi": re.compile(rf"(?P<n>{_CN})是"),
    "di": re.compile(rf"第(?P<n>{_CN})(?:是|(?=[，、,：:\s\u3000]))"),
    "paren_num": re.compile(r"[（(](?P<n>[0-9０-９]{1,2})[）)]"),
    "num": re.compile(r"(?P<n>[0-9０-９]{1,2})(?:[.．、](?![0-9０-９])|[)）])"),
    "circle": re.compile(f"(?P<n>[{_CIRCLED}])"),
    "cn_dun": re.compile(rf"(?P<n>{_CN})(?:、(?![一二三四五六七八九十]+[、季级类等])|[.．](?![0-9]))"),
}
ITEM_FAMILIES = ("shi", "di", "num", "paren_num", "circle")


@dataclass(frozen=True)
class Marker:
    family: str
    number: int
    start: int  # where the marker begins
    end: int  # where the text after it (and its separators) begins


def _value(family: str, raw: str) -> int:
    if family == "circle":
        return _CIRCLED.index(raw) + 1
    if family in ("paren_num", "num"):
        return int(raw.translate({0xFF10 + i: 48 + i for i in range(10)}))
    return chinese_value(raw)


def marker_at(text: str, pos: int, families: tuple[str, ...] | None = None) -> Marker | None:
    """The marker starting exactly at pos, if any (of the given families)."""
    for family in families or tuple(_FAMILIES):
        found = _FAMILIES[family].match(text, pos)
        if found is None:
            continue
        number = _value(family, found.group("n"))
        if number <= 0:
            continue
        end = re.compile(_SEP).match(text, found.end()).end()  # type: ignore[union-attr]
        return Marker(family, number, pos, end)
    return None


def leading_marker(text: str, families: tuple[str, ...] | None = None) -> Marker | None:
    """The marker at the very start of a paragraph (after spaces)."""
    pos = len(text) - len(text.lstrip(" \t\u3000"))
    return marker_at(text, pos, families)


def _at_boundary(text: str, pos: int) -> bool:
    i = pos - 1
    # a few spaces may sit between a clause and its marker; a bounded look-back keeps this linear
    while i >= 0 and i >= pos - 4 and text[i] in " \t\u3000":
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
        if _at_boundary(text, pos):
            found = marker_at(text, pos, (family,) if family else families)
            if found is not None and found.number == expected:
                out.append(found)
                family = found.family
                expected += 1
                pos = found.end
                continue
        pos += 1
    return out
