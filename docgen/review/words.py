"""Words: doubled function words (的的) and two items typed in one cell."""

from __future__ import annotations

import re
from typing import Iterator

from ..text.markers import at_boundary, leading_marker, marker_at
from ..text.numerals import ONE_TO_NINE
from .spans import Hit

# --- doubled function words ---------------------------------------------------------------------
# Only function words, which are never legitimately doubled except in the listed contexts; doubling in
# general has too many false alarms (学习习近平, 工作作风, 二〇二二, 党支部部署, 人民民主).
_DOUBLE_OK_BEFORE = {"的": "目有", "了": "为除不", "在": "现存所自好内外正", "和": "总共平温缓调祥",
                     "与": "参给授赋", "是": "", "不": "", "被": "", "把": "", "也": "", "都": "",
                     "我": "", "们": ""}
_DOUBLE_OK_AFTER = {"的": "确", "了": "之解结然", "是": "非否", "和": "睦气", "在": "在"}


_DOUBLED = re.compile("(?=([" + "".join(_DOUBLE_OK_BEFORE) + "])\\1)")  # every i with text[i] == text[i+1]
# the first such i, found by a search the engine can skip ahead in (a look-ahead is tried everywhere)
_FIRST_DOUBLED = re.compile("([" + "".join(_DOUBLE_OK_BEFORE) + "])\\1")


DOUBLED_WORDS = tuple(c + c for c in _DOUBLE_OK_BEFORE)  # one of which a text must hold for doubled_words


def doubled_words(text: str) -> list[Hit]:
    hits: list[Hit] = []
    first = _FIRST_DOUBLED.search(text)
    if first is None:
        return hits
    for m in _DOUBLED.finditer(text, first.start()):
        i, ch = m.start(), m.group(1)
        before, after = text[i - 1:i], text[i + 2:i + 3]
        if before and before in _DOUBLE_OK_BEFORE[ch] or after and after in _DOUBLE_OK_AFTER.get(ch, ""):
            continue
        # AABB reduplication: 实实在在, 和和气气, 的的确确
        if i >= 2 and text[i - 2] == text[i - 1] != ch:
            continue
        if i + 3 < len(text) and text[i + 2] == text[i + 3] != ch:
            continue
        if i and text[i - 1] == ch:  # a triple is reported once
            continue
        hits.append(Hit(i, i + 2))
    return hits



# --- two items typed in one cell ---------------------------------------------------------------
# A clause's end followed (after spaces) by what a 二是, （二） or 2. starts with: the rest of the clause ends
# are never looked at one by one.
_ENDS = "。；;！？!?：:"
_ITEM_STARTS = ONE_TO_NINE + "十百零（(" + "0123456789" + "０１２３４５６７８９"
_CLAUSE_END = re.compile(f"[{_ENDS}](?=[ \t\u3000]*[{_ITEM_STARTS}])")
_SPACES = re.compile("[ \t\u3000]*")
# A clause's end right before what a second item starts with: in a text without spaces, may_run_on says yes
# exactly where it holds one of these (the screen finds them with its other literals).
RUN_ON_PAIRS = frozenset(end + start for end in _ENDS for start in _ITEM_STARTS)


def may_run_on(text: str) -> bool:
    """Whether some clause of text may end where a second item starts (the second half of merged_items)."""
    return _CLAUSE_END.search(text) is not None


def merged_items(text: str, run_on: bool = True) -> list[Hit]:
    """A cell that starts with 一是 / 第一， or where a later clause starts a second item (二是 （二） 2.);
    the second only with run_on (a report whose text has no such clause end at all is asked once)."""
    hits = []
    first = leading_marker(text, ("shi", "di"))
    if first is not None:
        hits.append(Hit(first.start, first.end))
    for end in _CLAUSE_END.finditer(text) if run_on else ():
        pos = _SPACES.match(text, end.end()).end()  # type: ignore[union-attr]
        found = marker_at(text, pos, ("shi", "paren_cn", "num")) if at_boundary(text, pos) else None
        if found is not None and found.number >= 2:
            hits.append(Hit(end.end(), found.end))
    return hits


# --- a doubled phrase (用公款用公款) ---------------------------------------------------------------
# Two to eight characters typed twice in a row. 一个一个 / 一步一步 (one by one) is a way of speaking. Two
# characters doubled inside running text are often two words meeting (党组织|组织生活会), so they count
# only at the edge of a clause (加强学习学习，).
_DOUBLED_PHRASE = re.compile("([\u4e00-\u9fff]{2,8})\\1")  # a range matches twice as fast as a category
# [^\W\d_A-Za-z] is a letter of no Latin script (Chinese here), compiled at once; used only at a hit.
_IDEOGRAPH = re.compile("[^\\W\\d_A-Za-z]")


_LONGEST = 8  # the pattern's longest phrase
_ZEROS = re.compile(rb"\x00+")


def doubled_phrases(text: str) -> list[Hit]:
    hits = []
    for m in _doubled(text):
        unit = m.group(1)
        if (unit[0] == "一" and unit != "一是") or unit.count(unit[0]) == len(unit):
            continue  # 一个一个, 一件事一件事; 的的 and 哈哈哈哈 are doubled characters, reported as such
        start, end = m.span()
        if len(unit) == 2 and _IDEOGRAPH.match(text[start - 1:start] or ".") \
                and _IDEOGRAPH.match(text[end:end + 1] or "."):
            continue
        hits.append(Hit(start, end, unit))
    return hits


def _doubled(text: str) -> Iterator[re.Match[str]]:
    """_DOUBLED_PHRASE.finditer(text), the pattern tried only where some run of two to eight characters is
    followed by itself. Those places are found by whole-text arithmetic: each character is taken as one byte
    (the lowest of its code point: equal characters give equal bytes), the text as one integer of them; for
    each length L, that integer XORed with itself moved L bytes on has a zero byte wherever a character
    equals the one L further, and a run of L zero bytes where L characters may be said twice; a byte search
    finds those runs. Every match starts at such a place (a place that is none, two characters sharing
    their lowest byte, the pattern then rules out), and the pattern is tried at each place from where
    finditer would go on, so the matches are finditer's (tests/test_review_fast.py compares them). On
    Chinese text this is a third to twice as fast as letting the pattern try every position, at seven
    tries of its back-reference each; on a long run of one mark it is slower, still linear."""
    after, search = 0, _DOUBLED_PHRASE.search
    for first, last in _repeats(text.encode("utf-32-le", "surrogatepass")[::4]):
        # searched, not matched place by place: a long run of one mark ("————") is one search; the end
        # bound never cuts a match that starts in the span, and one that starts past it is the next span's
        at = first if first > after else after
        while at <= last:
            m = search(text, at, last + 2 * _LONGEST)
            if m is None or m.start() > last:
                break
            yield m
            after = at = m.end()


def _repeats(data: bytes) -> list[tuple[int, int]]:
    """The places (first, last: character indexes, both in) where some L of 2 to 8 characters of the text
    whose characters' lowest bytes `data` holds may be followed by the same L, merged and in order."""
    units, size = int.from_bytes(data, "little"), len(data)
    spans = []
    for length in range(2, min(_LONGEST, size // 2) + 1):
        # byte i of diff is zero where character i may equal character i + length (for i < n - length)
        diff, within = (units ^ (units >> (8 * length))).to_bytes(size, "little"), size - length
        zeros = b"\0" * length
        at = diff.find(zeros, 0, within)
        while at >= 0:
            run_end = _ZEROS.match(diff, at, within).end()  # type: ignore[union-attr]
            spans.append((at, run_end - length))  # a phrase may start where `length` of them follow
            at = diff.find(zeros, run_end, within)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for first, last in spans:
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged
