"""Recognise an old report's paragraphs as a Report: title, 开篇, its parts, signature and date."""

from __future__ import annotations

from typing import Sequence

from .. import text as T
from ..errors import Finding
from ..model import ExtraPart, Meta, Rectification, Report, Source
from ..vocabulary import BRANCH, LEADERSHIP, PARTS, RECTIFIED, kind_of_title
from .frame import DATE_PLACEHOLDER, date_under_title, junk_at_top, parse_any_date, person, tail, title
from .lines import join_wrapped
from .paragraph import Notes, Para, Paragraph
from .parts import after_name, choose, part_kind, split_inline_headings
from .points import points, rectified
from .problems import problems

__all__ = ["DATE_PLACEHOLDER", "parse_any_date", "part_kind", "recognise"]


def _clean(paragraphs: Sequence[Paragraph], notes: Notes) -> list[Para]:
    out = []
    for p in paragraphs:
        cleaned = T.clean(p.text, keep_lines=True)
        if cleaned.removed:
            notes.warn(p.number, "段落中有看不见的控制字符，已删除", "一般是从其他系统复制文字带来的，不影响内容",
                       "control-characters", "info")
        if cleaned.text:
            out.append(Para(p.number, cleaned.text, p))
    return out


def recognise(paragraphs: Sequence[Paragraph], file: str = "", *, may_be_wrapped: bool = True
              ) -> tuple[Report, list[Finding]]:
    """Turn numbered paragraphs into a Report; whatever has no obvious place is kept and reported.
    may_be_wrapped=False: the paragraphs are known to be the author's own (no PDF-broken lines to join)."""
    notes = Notes(file)
    body = _clean(paragraphs, notes)
    body = join_wrapped(body, notes) if may_be_wrapped else body
    if not body:
        return Report(Meta("", "", DATE_PLACEHOLDER)), notes.findings
    body, org, org_src, date, date_src = tail(body, notes)
    junk = junk_at_top(body, notes) if body else 0
    layout = any(p.centered or p.right or p.title_style for p in paragraphs)
    title_text, used = title(body[junk:], layout, notes) if body[junk:] else ("", 0)
    title_src = notes.src(body[junk].number) if used else Source(file=file)
    if date is None:  # a date printed under the title stands in for the missing one at the end
        top_date, top_src, used = date_under_title(body[junk:], used, notes)
        if top_date is not None:
            date, date_src = top_date, top_src
            notes.warn(top_src.paragraph, "文末没有落款日期，已使用标题下方的日期", "请在工作簿“基本信息”表中核对日期",
                       "date-under-title", "info")
    rest = body[:junk] + body[junk + used:]
    rest = rest[:junk] + split_inline_headings(rest[junk:], notes)
    chosen = choose(rest, notes)
    intro_paras = rest[: chosen[0].index] if chosen else rest
    kind = kind_of_title(title_text)
    meta_fields: dict[str, object] = {f"{part.name}_title": usual for part, usual in zip(PARTS, kind.part_titles)}
    meta_fields["kind"] = kind.name
    sources = {"title": title_src, "organization": org_src, "date": date_src}
    if intro_paras:
        sources["intro"] = notes.src(intro_paras[0].number)
    content: dict[str, list[Para]] = {}
    rows: tuple[Rectification, ...] = ()
    extras: list[ExtraPart] = []
    for n, h in enumerate(chosen):
        end = chosen[n + 1].index if n + 1 < len(chosen) else len(rest)
        paras = rest[h.index + 1:end]
        where = rest[h.index].number
        if h.extra or h.part is None:
            extras.append(ExtraPart(h.title, tuple(p.flat for p in paras), after_name(chosen, n), notes.src(where)))
            notes.warn(where, f"“{h.title}”不是存在的问题、原因剖析、努力方向之一，已作为“其他部分”导入",
                       "请在工作簿的“其他部分”表中核对；不需要的话删除这一行", "extra-part", "info")
            continue
        meta_fields[f"{h.part.name}_title"] = h.title
        sources[f"{h.part.name}_title"] = notes.src(where)
        if h.part is RECTIFIED:
            rows, as_text = rectified(h.title, paras, notes, where)
            if as_text is not None:
                extras.append(as_text)
                del meta_fields["rectified_title"], sources["rectified_title"]
            continue
        content[h.part.name] = paras
    found = {h.part for h in chosen if not h.extra}
    for n, part in enumerate(PARTS):
        if part not in found:
            notes.warn(0, f"没有找到“{part.title}”部分",
                       f"如果原文有这一部分，请检查它的标题（如“{T.part_number(n + 1)}{part.title}”）；"
                       "导入后请在工作簿中核对", "missing-part")
    if kind.personal:
        unit, name = person(org)
        if name:
            meta_fields["name"] = name
            sources["name"] = org_src
            org = unit
        elif org:  # a title that says 个人 over a unit's signature: the unit's report after all
            meta_fields["kind"] = (LEADERSHIP if kind.meeting == LEADERSHIP.meeting else BRANCH).name
    meta = Meta(title_text, org, date, sources=sources, **meta_fields)  # type: ignore[arg-type]
    report = Report(
        meta=meta,
        intro=tuple(p.flat for p in intro_paras),
        problems=problems(content.get("problems", []), notes),
        causes=points(content.get("causes", []), "原因", notes),
        directions=points(content.get("directions", []), "措施", notes),
        rectified=rows,
        extra_parts=tuple(extras),
    )
    return report, notes.findings
