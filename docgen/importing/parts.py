"""The parts of an old report: which lines are part headings (一、存在的问题, 第二部分, a bare 原因剖析 line),
a heading typed in the middle of a line, and the part each heading opens (a standard one, last year's
rectification, or an extra part kept under its own title)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.markers import PART_FAMILIES, at_boundary, leading_marker, marker_at
from ..vocabulary import PARTS, RECTIFIED, Part
from .paragraph import Notes, Para, Paragraph

# The parts in the order a report has them; a part found out of this order is not a part heading.
ORDER: tuple[Part, ...] = (RECTIFIED, *PARTS)
_HEAD_WORDS = tuple(re.compile("|".join(part.head_words)) for part in PARTS)
_SENTENCE_MARKS = "。！？；，,;!?"
# 上年度 / 去年 … with 整改 names last year's rectification even without 情况 (上年度问题整改).
_LAST_YEAR = re.compile("(?:上年度|上一年度|上年|去年|上次|上一次).{0,16}整改")
_RECTIFIED_WORDS = re.compile("|".join(RECTIFIED.head_words))


def part_kind(title: str) -> Part | None:
    """Which part a heading names, by its words; None when it names none of them."""
    if _LAST_YEAR.search(title) or _RECTIFIED_WORDS.search(title):
        return RECTIFIED  # 上年度整改落实情况 is last year's rectification, not the measures
    if "情况" in title:  # 基本情况, 对照检查情况: not one of the three by their words
        return None
    # The head noun comes last in Chinese: 检视剖析的问题 names problems, 问题产生的原因 causes,
    # 存在问题的整改措施 measures. So the keyword that ends last decides.
    last = {n: max((m.end() for m in words.finditer(title)), default=-1) for n, words in enumerate(_HEAD_WORDS)}
    best = max(last, key=lambda n: last[n])
    return PARTS[best] if last[best] >= 0 else None


@dataclass
class Heading:
    index: int  # into the body list
    number: int  # 一、 -> 1; 0 when not numbered
    family: str  # the marker family ("cn_dun", "part"), "" when not numbered
    title: str
    part: Part | None  # what its words name
    extra: bool = False  # chosen as an extra part (a part beyond the standard ones), not a standard one


def heading(p: Para) -> Heading | None:
    """A level-1 heading candidate: 一、… / 第一部分… / a short keyword line / a Heading 1 paragraph."""
    match = leading_marker(p.text, PART_FAMILIES)
    rest = p.text[match.end:] if match else p.text
    flat = rest.replace("\n", "")
    if not flat or len(flat) > 30 or any(m in flat[:-1] for m in "。！？"):
        return None
    if match is None:
        short = len(flat) <= 16 and not any(m in flat for m in _SENTENCE_MARKS)
        if part_kind(flat) is None:
            # an unnumbered heading of no standard part counts only when Word says it is one
            if not (p.hints.heading == 1 and not any(m in flat for m in _SENTENCE_MARKS)):
                return None
        elif not (p.hints.heading == 1 or short):
            return None
        return Heading(0, 0, "", flat, part_kind(flat))
    return Heading(0, match.number, match.family, flat, part_kind(flat))


# --- a heading in the middle of a line ----------------------------------------------------------------
_HEAD_STOPS = frozenset(" \t\u3000。：:；;！？!?")
_AFTER_HEAD = frozenset("。：:；;")
_INLINE_SPACE = frozenset(" \t\u3000")


def _inline_heading(text: str, pos: int) -> tuple[int, int] | None:
    """(start, end) of a part heading that starts at pos inside a line and names a part, else None. It must
    end plainly: at a space, a colon, the end of the line or the next marker (一、思想问题；二、… is a list)."""
    mark = marker_at(text, pos, PART_FAMILIES)
    if mark is None:
        return None
    stop = mark.end
    at_marker = False
    while stop < len(text) and stop - mark.end <= 20 and text[stop] not in _HEAD_STOPS:
        if stop > mark.end and marker_at(text, stop) is not None:
            at_marker = True  # 一、存在的问题（一）…: the next marker ends the heading
            break
        stop += 1
    title = text[mark.end:stop]
    if not title or stop - mark.end > 20 or part_kind(title) is None:
        return None
    end = text[stop] if stop < len(text) else ""
    if end == "。" and marker_at(text, stop + 1) is None:
        return None
    if not (at_marker or end in ("", " ", "\t", "\u3000", "：", ":", "。")):
        return None
    if end in _AFTER_HEAD:
        stop += 1  # the heading's own colon or full stop stays with it
    return pos, stop


def split_inline_headings(body: list[Para], notes: Notes) -> list[Para]:
    """A part heading typed after a sentence or a few spaces (……汇报如下： 一、存在的主要问题 1、……)
    starts its own paragraph, and so does the text after it; every piece keeps the paragraph's number."""
    out: list[Para] = []
    for p in body:
        text = p.flat
        pieces: list[str] = []
        start = pos = 0
        while pos < len(text):
            spaced = pos > 0 and text[pos - 1] in _INLINE_SPACE
            found = _inline_heading(text, pos) if (pos == 0 or at_boundary(text, pos) or spaced) else None
            if found is None or (found[0] == 0 and not text[found[1]:].strip()):
                pos += 1
                continue
            if text[start:found[0]].strip():
                pieces.append(text[start:found[0]].strip())
            pieces.append(text[found[0]:found[1]].strip())
            start = pos = found[1]
        if not pieces:
            out.append(p)
            continue
        if text[start:].strip():
            pieces.append(text[start:].strip())
        notes.warn(p.number, "这一段中间有部分标题，已在标题前后分段", "请核对分段是否合适", "split-heading", "info")
        out += [Para(p.number, piece, p.hints if n == 0 else Paragraph(p.number, piece))
                for n, piece in enumerate(pieces)]
    return out


# --- choosing the part headings -----------------------------------------------------------------------


def choose(body: list[Para], notes: Notes) -> list[Heading]:
    """The headings that open parts, in order. Numbered headings count only in the numbering of the parts
    (一、 二、 三、 …, so 一、 inside a part is not a part); an unknown title numbered next in that sequence
    is a renamed standard part when no later heading names the part due, otherwise an extra part."""
    candidates = []
    for i, p in enumerate(body):
        h = heading(p)
        if h is not None:
            h.index = i
            candidates.append(h)
    first_known = next((h for h in candidates if h.part is not None), None)
    family = first_known.family if first_known is not None else next((h.family for h in candidates), "")
    chosen: list[Heading] = []
    last = -1  # index in ORDER of the last standard part chosen
    expected = 1
    for pos, h in enumerate(candidates):
        if h.number and h.family != family:
            continue  # numbered another way than the parts: an aspect or a point (一、 under 第一部分)
        part = h.part
        in_order = part is not None and ORDER.index(part) > last and not (part is RECTIFIED and last >= 0)
        if in_order and (not h.number or h.number >= expected):
            chosen.append(h)
            last = ORDER.index(part)  # type: ignore[arg-type]
            expected = max(expected, h.number + 1)
        elif h.number and h.number == expected:
            due = next((p for p in PARTS if ORDER.index(p) > last), None)
            later = {c.part for c in candidates[pos + 1:]
                     if c.part is not None and (not c.number or c.family == family)}
            if part is None and due is not None and due not in later:
                h.part = due  # a renamed part (二、深层次思考) counts by its number
                last = ORDER.index(due)
            else:
                h.extra = True
            chosen.append(h)
            expected += 1
        elif not h.number and (part is None or part is RECTIFIED):
            h.extra = True  # a Heading 1 paragraph of a part we do not know; 上年度整改 after the problems
            chosen.append(h)
        elif h.number and not chosen:
            notes.warn(body[h.index].number, f"“{body[h.index].flat}”不是材料各部分的标题之一，已按普通段落导入",
                       "请核对它的内容应放在工作簿的哪个位置", "unknown-heading")
    return chosen


def after_name(chosen: list[Heading], n: int) -> str:
    """Where the n-th chosen heading (an extra part) stands: after the 开篇 ("") or after the standard part
    chosen before it (vocabulary.EXTRA_POSITIONS)."""
    for h in reversed(chosen[:n]):
        if not h.extra and h.part is not None:
            return h.part.name
    return ""
