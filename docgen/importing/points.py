"""Causes and measures of an old report ((一)…。 or 第一，…第二，… in one paragraph), and last year's
rectification (上年度问题整改情况) read the same way into problem, what was done and its status."""

from __future__ import annotations

import re
from dataclasses import replace

from .. import text as T
from ..model import ExtraPart, Point, Rectification
from ..rendering.context import rectified_summary
from ..text.markers import ITEM_FAMILIES, find_sequence, leading_marker
from ..vocabulary import KINDS, STATUS_WORDS, STATUSES
from .paragraph import Notes, Para

POINT_FAMILIES = ("paren_cn", "cn_dun", *ITEM_FAMILIES)
_STATUS_END = re.compile(r"[（(](?P<status>[^（）()]{1,6})[）)]\s*$")


def _family(paras: list[Para]) -> str | None:
    """The numbering of the points: （一） if any paragraph starts with it, else the first seen at the start
    of a paragraph, else the first sequence found inside one (原因主要有：第一，…)."""
    first = None
    for p in paras:
        mark = leading_marker(p.flat, POINT_FAMILIES)
        if mark is not None and mark.family == "paren_cn":
            return "paren_cn"
        if mark is not None and first is None:
            first = mark.family
    if first is None:
        for p in paras:
            marks = find_sequence(p.flat, None, 1, POINT_FAMILIES)
            if marks:
                return marks[0].family
    return first


def _chunks(text: str, family: str | None, expected: int) -> tuple[str, list[tuple[int, str]], int]:
    """A paragraph cut at the points' markers: the text before the first one, then (number, text) for
    each point, and the number expected next. A paragraph's own leading marker counts whatever its number
    (an author who skips one keeps the rest); later ones must continue the sequence."""
    if family is None:
        return text, [], expected
    head = leading_marker(text, (family,))
    if head is not None:
        marks = [head, *find_sequence(text, family, head.number + 1, (family,))]
    else:
        marks = find_sequence(text, family, expected, (family,))
    if not marks:
        return text, [], expected
    pieces = []
    for n, m in enumerate(marks):
        stop = marks[n + 1].start if n + 1 < len(marks) else len(text)
        pieces.append((m.number, text[m.end:stop].strip()))
    return text[: marks[0].start].strip(), pieces, marks[-1].number + 1


def points(paras: list[Para], what: str, notes: Notes) -> tuple[Point, ...]:
    family = _family(paras)
    out: list[Point] = []
    expected = 1
    for p in paras:
        before, pieces, expected = _chunks(p.flat, family, expected)
        if before:
            if out:
                last = out[-1]
                if last.text:
                    notes.warn(p.number, f"这段没有编号，已并入上一条{what}的正文", "请核对分段是否合适",
                               "merged-paragraph", "info")
                out[-1] = replace(last, text=last.text + before,
                                  text_source=last.text_source if last.text else notes.src(p.number))
            else:
                title, text = T.split_heading(before)
                notes.warn(p.number, f"这段不是以（一）（二）等编号开头的{what}，已单独作为一条导入",
                           f"请在工作簿中核对：是{what}就补全标题，是过渡语就删除这一行", "unnumbered-paragraph")
                out.append(Point(title, text, notes.src(p.number), notes.src(p.number)))
        for _, piece in pieces:
            title, text = T.split_heading(piece)
            out.append(Point(title, text, notes.src(p.number), notes.src(p.number)))
        if len(pieces) > 1:
            notes.warn(p.number, f"这一段有{len(pieces)}条{what}，已分成{len(pieces)}行", "请核对分条是否合适",
                       "split-points", "info")
    return tuple(out)


def _status(text: str) -> tuple[str, str]:
    """What was done and its status: the renderer writes 已完成 in brackets at the end; so do authors."""
    found = _STATUS_END.search(text)
    if found is None:
        return text, ""
    typed = found.group("status").replace(" ", "")
    status = typed if typed in STATUSES else STATUS_WORDS.get(typed, "")
    return (text[: found.start()].rstrip(), status) if status else (text, "")


def rectified(title: str, paras: list[Para], notes: Notes, source_number: int
              ) -> tuple[tuple[Rectification, ...], ExtraPart | None]:
    """上年度问题整改情况 as rows (problem, what was done, status) when it is numbered; written as prose it is
    kept whole as an extra part under its own title."""
    if _family(paras) is None:
        notes.warn(source_number, f"“{title}”没有按（一）（二）分项，已作为“其他部分”整段导入",
                   "如需逐项填写，请把各项移到工作簿的“上年度整改”表", "rectified-as-text", "info")
        return (), ExtraPart(title, tuple(p.flat for p in paras), "", notes.src(source_number))
    rows: list[Rectification] = []
    body = list(paras)
    if body and leading_marker(body[0].flat, POINT_FAMILIES) is None:
        first = body[0]
        if _is_made_summary(first.flat, paras):
            notes.warn(first.number, "这段是对各项整改情况的统计，生成时会按各项自动写出，已略去",
                       "不需要在工作簿中填写", "rectified-summary", "info")
            body = body[1:]
    for point in points(body, "整改情况", notes):
        done, status = _status(point.text)
        rows.append(Rectification(point.title, done, status, sources={
            "problem": point.source, "done": point.text_source, "status": point.text_source}))
    return tuple(rows), None


def _is_made_summary(text: str, paras: list[Para]) -> bool:
    """Whether text is the sentence docgen writes before the rows (上年度…查摆的问题共N项，…) for these rows."""
    rows = []
    for point in points(paras[1:], "整改情况", Notes("")):
        done, status = _status(point.text)
        rows.append(Rectification(point.title, done, status))
    return any(text == rectified_summary(tuple(rows), meeting) for meeting in {k.meeting for k in KINDS.values()})

