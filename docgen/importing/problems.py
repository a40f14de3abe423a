"""存在的问题 of an old report: its aspects (（一）…方面, 1、…方面。), the framing sentence an author writes
before 一是 (the aspect's lead), and the items 一是 二是 … (or 第一 1. （1） ①), never renumbered."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import text as T
from ..model import Aspect, Item, Source
from ..text.markers import Marker, find_sequence, leading_marker
from .paragraph import Notes, Para

ASPECT_FAMILIES = ("paren_cn", "cn_dun", "num", "paren_num")
# An aspect heading may end with its own 。 or ： when it names an aspect (…方面。) or items follow at once.
_ASPECT_NOUNS = ("方面", "问题", "不足", "差距", "短板")
_HEAD_END = "。：:；;"
_LEAD_WORDS = ("具体表现", "主要表现", "表现为", "表现在", "突出表现", "具体有", "主要有")
_LONG_TITLE = 40


@dataclass
class _Aspect:
    title: str
    source: Source
    segments: list[tuple[int, str]] = field(default_factory=list)  # (paragraph, text) after the title


def _items_soon(text: str) -> bool:
    """Whether items start at once: 具体表现为：一是… or 一是… within the first few characters."""
    marks = find_sequence(text, None, 1)
    return bool(marks and marks[0].start <= 12) or text.lstrip().startswith(_LEAD_WORDS)


def _heading_part(rest: str) -> str:
    marks = find_sequence(rest, None, 1)
    return rest[: marks[0].start] if marks else rest


def is_aspect_heading(head: str, following: str) -> bool:
    """A marked paragraph's text before its first item is an aspect heading: one clause of at most 40
    characters, with no closing mark, or ending 。/： after an aspect noun or right before items."""
    h = head.strip()
    if not 0 < len(h) <= _LONG_TITLE:
        return False
    core = h[:-1] if h[-1] in _HEAD_END else h
    if not core or any(m in core for m in "。！？；;!?"):
        return False
    if core == h:
        return True
    return core.endswith(_ASPECT_NOUNS) or _items_soon(following)


def aspect_family(paras: list[Para]) -> str:
    """（一） starts an aspect; a document without it may use 1. or 一、 for its aspect headings."""
    for p in paras:
        mark = leading_marker(p.flat, ("paren_cn",))
        if mark is not None:
            return "paren_cn"
    for n, p in enumerate(paras):
        mark = leading_marker(p.flat, ASPECT_FAMILIES)
        if mark is None:
            continue
        rest = p.flat[mark.end:]
        head = _heading_part(rest)
        following = rest[len(head):] or (paras[n + 1].flat if n + 1 < len(paras) else "")
        # "1.学习不够。…" paragraphs are items, not aspects: only a heading counts
        if is_aspect_heading(head, following):
            return mark.family
    return "paren_cn"


def problems(paras: list[Para], notes: Notes) -> tuple[Aspect, ...]:
    aspects: list[_Aspect] = []
    family = aspect_family(paras)
    for n, p in enumerate(paras):
        flat = p.flat
        mark = leading_marker(flat, (family,))
        rest = flat[mark.end:] if mark else ""
        following = "" if mark is None else (rest[len(_heading_part(rest)):]
                                            or (paras[n + 1].flat if n + 1 < len(paras) else ""))
        if mark is None or (family != "paren_cn" and not is_aspect_heading(_heading_part(rest), following)):
            if not aspects:
                notes.warn(p.number, "第一部分开头没有（一）这样的方面标题，这段已归入一个没有标题的方面",
                           "请在工作簿“存在的问题”表中为它补上方面，或删除过渡语", "missing-aspect")
                aspects.append(_Aspect("", notes.src(p.number)))
            aspects[-1].segments.append((p.number, flat))
            continue
        head = _heading_part(rest)
        title, tail = _split_title(head)
        tail += rest[len(head):]
        if len(title) > _LONG_TITLE:
            notes.warn(p.number, f"方面标题很长：“{title[:20]}…”", "请在工作簿“存在的问题”表中核对：标题之后的"
                       "总体表述可以移到“概述”一栏", "long-aspect-title")
        aspects.append(_Aspect(title, notes.src(p.number), [(p.number, tail)] if tail.strip() else []))
    return tuple(_aspect(a, notes) for a in aspects)


def _split_title(head: str) -> tuple[str, str]:
    """An aspect heading and the framing text after it in the same paragraph: （一）理论学习方面。支部在学习上
    下了功夫，但还有差距。 -> 理论学习方面。 / 支部在…差距。 The split is at the first 。！？ or ：."""
    for i, ch in enumerate(head):
        if ch in "。！？：:":
            j = i + 1
            while j < len(head) and head[j] in "”’」』）)":
                j += 1
            if head[j:].strip():
                return head[:j], head[j:].lstrip()
            break
    return head.rstrip(), ""


def _aspect(a: _Aspect, notes: Notes) -> Aspect:
    lead, lead_at, items = _body(a.segments, notes)
    return Aspect(a.title, items, a.source, lead=lead,
                  lead_source=notes.src(lead_at) if lead else a.source)


def _body(segments: list[tuple[int, str]], notes: Notes) -> tuple[str, int, tuple[Item, ...]]:
    """Split an aspect's text (one or more paragraphs) into its lead and its items at 一是 二是 …: the text
    before the first item is the lead when items follow, so the author's numbers stay as written."""
    numbered = any(find_sequence(text, None, 1) for _, text in segments)
    found: list[tuple[int, str]] = []  # (paragraph, item text)
    lead: list[tuple[int, str]] = []
    family: str | None = None
    expected = 1
    for number, text in segments:
        marks = find_sequence(text, family, expected)
        if marks:
            family, expected = marks[0].family, marks[-1].number + 1
        cuts: list[Marker | None] = [None, *marks]
        for n, mark in enumerate(cuts):
            start = mark.end if mark else 0
            stop = cuts[n + 1].start if n + 1 < len(cuts) else len(text)  # type: ignore[union-attr]
            chunk = text[start:stop].strip()
            if not chunk:
                continue
            if mark is None and found:
                notes.warn(number, "这段没有“一是”“二是”等编号，已并入上一条问题的具体表现",
                           "请核对分段是否合适", "merged-paragraph", "info")
                found[-1] = (found[-1][0], found[-1][1] + chunk)
            elif mark is None and numbered:
                lead.append((number, chunk))
            else:
                found.append((number, chunk))
    items = tuple(Item(*T.split_heading(chunk), notes.src(number), notes.src(number)) for number, chunk in found)
    if not lead:
        return "", 0, items
    text = "".join(chunk for _, chunk in lead)
    where = lead[0][0]
    if len(lead) > 1 or not text.rstrip("”’」』）)").endswith(("：", ":", "。", "！", "？")):
        notes.warn(where, "“一是”之前的文字已作为这一方面的概述导入，请核对",
                   "它会写在“一是”之前、同一段中；如果它其实是一条问题，请把它移到“问题”一栏",
                   "lead", "warning")
    else:
        notes.warn(where, "“一是”之前的文字已作为这一方面的概述导入",
                   "它会写在“一是”之前、同一段中（工作簿“存在的问题”表的“概述”一栏）", "lead", "info")
    return text, where, items
