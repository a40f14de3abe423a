"""Recognise an old report's paragraphs as a Report: title, 开篇, the three parts, signature and date."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Sequence

from .. import text as T
from ..errors import Finding
from ..model import Aspect, Item, Meta, Point, Report, Source
from ..vocabulary import PARTS
from ..text.markers import ITEM_FAMILIES, PART_FAMILIES, Marker, find_sequence, leading_marker
from ..text.numerals import YEAR_DIGITS
from .paragraph import Paragraph

# The model needs a date; an import that finds none uses this obviously wrong one and says so.
# No date found: left empty, so the workbook's 日期 cell is blank and `check` asks for it.
DATE_PLACEHOLDER: dt.date | None = None

PROBLEMS, CAUSES, DIRECTIONS = range(len(PARTS))  # a part kind is its index in model.PARTS
_HEAD_WORDS = tuple(re.compile("|".join(part.head_words)) for part in PARTS)
_SENTENCE_MARKS = "。！？；，,;!?"
_ORG_END = re.compile("(委员会|支部|总支|党委|党组|党总支|小组|办公室|公司|局|处|科|部|院|所|中心|站|队|室|厅|委|会)$")
_TAIL_DATE = re.compile(rf"(?P<date>(?:\d{{4}}|[{''.join(YEAR_DIGITS)}]{{4}})\s*年[^年]{{1,12}}?[日号])\s*[）)]?\s*$")


def parse_any_date(value: str) -> dt.date | None:
    """text.parse_date of a line that may wrap the date in brackets: （２０２５年１月２０日）."""
    return T.parse_date(unicodedata.normalize("NFKC", value).strip().strip("（）()[]【】 "))


def part_kind(title: str) -> int | None:
    """Which of the three parts a heading names, by its words; None when it names none of them."""
    if "情况" in title:  # 上年度整改落实情况 is a section of its own, not the measures
        return None
    # The head noun comes last in Chinese: 检视剖析的问题 names problems, 问题产生的原因 causes,
    # 存在问题的整改措施 measures. So the keyword that ends last decides.
    last = {kind: max((m.end() for m in words.finditer(title)), default=-1) for kind, words in enumerate(_HEAD_WORDS)}
    kind = max(last, key=lambda k: last[k])
    return kind if last[kind] >= 0 else None


@dataclass
class _Para:
    number: int
    text: str  # cleaned, line breaks kept (they matter only in the title)
    hints: Paragraph

    @property
    def flat(self) -> str:
        return T.clean(self.text).text


@dataclass
class _Heading:
    index: int  # into the body list
    number: int  # 一、 -> 1; 0 when not numbered
    title: str
    kind: int | None


@dataclass
class _Recogniser:
    file: str
    findings: list[Finding] = field(default_factory=list)

    def src(self, number: int) -> Source:
        return Source(file=self.file, paragraph=number)

    def warn(self, number: int, message: str, hint: str, code: str, level: str = "warning") -> None:
        self.findings.append(Finding(level, self.src(number), message, hint=hint, code=code))  # type: ignore[arg-type]

    # -- cleaning -------------------------------------------------------------------------------

    def clean(self, paragraphs: Sequence[Paragraph]) -> list[_Para]:
        out = []
        for p in paragraphs:
            cleaned = T.clean(p.text, keep_lines=True)
            if cleaned.removed:
                self.warn(p.number, "段落中有看不见的控制字符，已删除", "一般是从其他系统复制文字带来的，不影响内容",
                          "control-characters", "info")
            if cleaned.text:
                out.append(_Para(p.number, cleaned.text, p))
        return out

    # -- signature and date ---------------------------------------------------------------------

    def tail(self, body: list[_Para]) -> tuple[list[_Para], str, Source, dt.date, Source]:
        """Take the signature and date off the end of the body."""
        date: dt.date | None = None
        date_src = org_src = Source(file=self.file)
        org = ""
        cut = len(body)
        for i in range(len(body) - 1, max(len(body) - 4, 0), -1):
            found = parse_any_date(body[i].text)
            if found is not None:
                date, date_src, cut = found, self.src(body[i].number), i
                break
            match = _TAIL_DATE.search(body[i].text)
            before = body[i].text[: match.start()].strip() if match else ""
            if match and parse_any_date(match.group("date")) and _looks_like_org(before):
                # signature and date typed on one line (or split by a line break inside the paragraph)
                date = parse_any_date(match.group("date"))
                date_src = org_src = self.src(body[i].number)
                org, cut = before.replace("\n", ""), i
                break
        trailing = body[cut + 1:] if date is not None else []
        if date is not None and not org and cut > 1 and _looks_like_org(body[cut - 1].text):
            org, org_src = T.clean(body[cut - 1].text).text, self.src(body[cut - 1].number)
            cut -= 1
        if date is None:
            date = DATE_PLACEHOLDER
            self.warn(body[-1].number, "文末没有找到落款日期，工作簿中的日期留空",
                      "请在工作簿“基本信息”表的“日期”一栏填写正确的日期", "missing-date")
            last = body[-1]
            if len(body) > 1 and _looks_like_org(last.text) and (
                    last.hints.right or _ORG_END.search(last.text)):
                org, org_src, cut = T.clean(last.text).text, self.src(last.number), len(body) - 1
        if not org:
            self.warn(body[min(cut, len(body) - 1)].number, "文末没有找到落款单位",
                      "请在工作簿“基本信息”表的“单位”一栏填写落款单位（如：中共XX支部委员会）", "missing-signature")
        for p in trailing:
            self.warn(p.number, "这段文字在落款日期之后，已放到正文最后", "请核对它应在的位置，不需要的话删除",
                      "after-signature")
        return body[:cut] + trailing, org, org_src, date, date_src

    # -- title ----------------------------------------------------------------------------------

    def title(self, body: list[_Para], layout: bool) -> tuple[str, int]:
        """The title's lines and how many paragraphs it used."""
        first = body[0]
        if self.heading(first) is not None or (len(first.text) > 60 and "。" in first.text):
            self.warn(first.number, "没有找到标题", "请在工作簿“基本信息”表的“标题”一栏填写标题", "missing-title")
            return "", 0
        lines = [first.text]
        for p in body[1:3]:
            if self.heading(p) is not None or not _title_like(p.text):
                break
            if layout:
                if not ((p.hints.centered or p.hints.title_style) and
                        (first.hints.centered or first.hints.title_style)):
                    break
            elif len(body) < 3 or any(m in first.text for m in "。，；"):
                break
            lines.append(p.text)
        return "\n".join(lines), len(lines)

    # -- part headings --------------------------------------------------------------------------

    def heading(self, p: _Para) -> _Heading | None:
        """A level-1 heading candidate: 一、… / 第一部分… / a short keyword line / a Heading 1 paragraph."""
        match = leading_marker(p.text, PART_FAMILIES)
        rest = p.text[match.end:] if match else p.text
        number = match.number if match else 0
        flat = rest.replace("\n", "")
        if not flat or len(flat) > 30 or any(m in flat[:-1] for m in "。！？"):
            return None
        if match is None:
            if not (p.hints.heading == 1 or (len(flat) <= 16 and not any(m in flat for m in _SENTENCE_MARKS))):
                return None
            if part_kind(flat) is None:
                return None
        return _Heading(0, number, flat, part_kind(flat))

    def split_parts(self, body: list[_Para]) -> tuple[list[_Para], list[tuple[_Heading, list[_Para]]]]:
        candidates = []
        for i, p in enumerate(body):
            h = self.heading(p)
            if h is not None:
                h.index = i
                candidates.append(h)
        chosen: list[_Heading] = []
        for pos, h in enumerate(candidates):
            last = chosen[-1].kind if chosen else -1
            kind = h.kind
            if kind is None and h.number and last is not None and h.number == last + 2 <= 3:
                # a renamed part (一、… with words we do not know) counts by its number, unless a later
                # heading names that part in words
                later = {c.kind for c in candidates[pos + 1:]}
                if last + 1 not in later:
                    kind = last + 1
            if kind is not None and kind > last:  # type: ignore[operator]
                h.kind = kind
                chosen.append(h)
            elif h.number:
                self.warn(body[h.index].number, f"“{body[h.index].text}”不是三个部分的标题之一，已按普通段落导入",
                          "请核对它的内容应放在工作簿的哪个位置", "unknown-heading")
        parts = []
        for n, h in enumerate(chosen):
            end = chosen[n + 1].index if n + 1 < len(chosen) else len(body)
            parts.append((h, body[h.index + 1:end]))
        intro = body[: chosen[0].index] if chosen else body
        found = {h.kind for h in chosen}
        for kind in (PROBLEMS, CAUSES, DIRECTIONS):
            if kind not in found:
                self.warn(0, f"没有找到“{PARTS[kind].title}”部分",
                          f"如果原文有这一部分，请检查它的标题（如“{T.part_number(kind + 1)}{PARTS[kind].title}”）；"
                          "导入后请在工作簿中核对",
                          "missing-part")
        return intro, parts

    # -- the three parts --------------------------------------------------------------------------

    def points(self, paras: list[_Para], what: str) -> tuple[Point, ...]:
        family = _paragraph_family(paras)
        points: list[Point] = []
        for p in paras:
            flat = p.flat
            mark = leading_marker(flat, (family,)) if family else None
            if mark is not None:
                title, text = T.split_heading(flat[mark.end:])
                points.append(Point(title, text, self.src(p.number), self.src(p.number)))
            elif points:
                last = points[-1]
                if last.text:
                    self.warn(p.number, f"这段没有编号，已并入上一条{what}的正文", "请核对分段是否合适",
                              "merged-paragraph", "info")
                points[-1] = replace(last, text=last.text + flat,
                                     text_source=last.text_source if last.text else self.src(p.number))
            else:
                title, text = T.split_heading(flat)
                self.warn(p.number, f"这段不是以（一）（二）等编号开头的{what}，已单独作为一条导入",
                          f"请在工作簿中核对：是{what}就补全标题，是过渡语就删除这一行", "unnumbered-paragraph")
                points.append(Point(title, text, self.src(p.number), self.src(p.number)))
        return tuple(points)

    def problems(self, paras: list[_Para]) -> tuple[Aspect, ...]:
        aspects: list[tuple[str, Source, list[tuple[int, str]]]] = []
        family = _aspect_family(paras)
        for p in paras:
            flat = p.flat
            mark = leading_marker(flat, (family,))
            if mark is None:
                if not aspects:
                    self.warn(p.number, "第一部分开头没有（一）这样的方面标题，这段已归入一个没有标题的方面",
                              "请在工作簿“存在的问题”表中为它补上方面，或删除过渡语", "missing-aspect")
                    aspects.append(("", self.src(p.number), []))
                aspects[-1][2].append((p.number, flat))
                continue
            rest = flat[mark.end:]
            items = find_sequence(rest, None, 1)
            if items and items[0].start > 0:
                title, tail = rest[: items[0].start].rstrip(), rest[items[0].start:]
            else:
                title, tail = T.split_heading(rest)
                if tail:
                    self.warn(p.number, "方面标题后面直接接着正文，已把第一句作为方面标题、其余作为问题导入",
                              "请在工作簿“存在的问题”表中核对方面和问题的划分", "aspect-with-text")
            aspects.append((title, self.src(p.number), [(p.number, tail)] if tail else []))
        return tuple(Aspect(title, self.items(segments), src) for title, src, segments in aspects)

    def items(self, segments: list[tuple[int, str]]) -> tuple[Item, ...]:
        """Split an aspect's text (one or more paragraphs) at 一是 二是 … into items."""
        found: list[tuple[int, str]] = []  # (paragraph, item text)
        family: str | None = None
        expected = 1
        numbered = False
        for number, text in segments:
            marks = find_sequence(text, family, expected)
            if marks:
                family, expected, numbered = marks[0].family, marks[-1].number + 1, True
            cuts: list[Marker | None] = [None, *marks]
            for n, mark in enumerate(cuts):
                start = mark.end if mark else 0
                stop = cuts[n + 1].start if n + 1 < len(cuts) else len(text)  # type: ignore[union-attr]
                chunk = text[start:stop].strip()
                if mark is None:
                    if not chunk:
                        continue
                    if found:
                        self.warn(number, "这段没有“一是”“二是”等编号，已并入上一条问题的具体表现",
                                  "请核对分段是否合适", "merged-paragraph", "info")
                        found[-1] = (found[-1][0], found[-1][1] + chunk)
                        continue
                    if marks or numbered:
                        self.warn(number, "“一是”之前的文字不属于任何一条问题，已单独作为一条导入",
                                  "请在工作簿中核对：不需要的话删除这一行", "unnumbered-text")
                found.append((number, chunk))
        items = []
        for number, chunk in found:
            summary, detail = T.split_heading(chunk)
            items.append(Item(summary, detail, self.src(number), self.src(number)))
        return tuple(items)


def _paragraph_family(paras: list[_Para]) -> str | None:
    """The numbering that starts causes or measures: （一） if any paragraph has it, else the first seen."""
    first = None
    for p in paras:
        mark = leading_marker(p.flat, ("paren_cn", "cn_dun", *ITEM_FAMILIES))
        if mark is not None and mark.family == "paren_cn":
            return "paren_cn"
        if mark is not None and first is None:
            first = mark.family
    return first


def _aspect_family(paras: list[_Para]) -> str:
    """（一） starts an aspect; a document without it may use 1. or 一、 for short aspect headings."""
    first = None
    for p in paras:
        mark = leading_marker(p.flat, ("paren_cn", "cn_dun", "num", "paren_num"))
        if mark is None:
            continue
        if mark.family == "paren_cn":
            return "paren_cn"
        rest = p.flat[mark.end:]
        items = find_sequence(rest, None, 1)
        head = rest[: items[0].start] if items else rest
        # only a pure heading (no full stop) counts: "1.学习不够。…" paragraphs are items, not aspects
        if first is None and 0 < len(head) <= 40 and not any(m in head for m in "。！？"):
            first = mark.family
    return first or "paren_cn"


def _title_like(text: str) -> bool:
    flat = text.replace("\n", "")
    return len(flat) <= 40 and not any(m in flat for m in "。！？；，,;")


def _looks_like_org(text: str) -> bool:
    flat = text.replace("\n", "").strip()
    return 0 < len(flat) <= 40 and not any(m in flat for m in "。！？；，,;：:") and leading_marker(flat) is None


def recognise(paragraphs: Sequence[Paragraph], file: str = "") -> tuple[Report, list[Finding]]:
    """Turn numbered paragraphs into a Report; whatever has no obvious place is kept and reported."""
    rec = _Recogniser(file)
    body = rec.clean(paragraphs)
    if not body:
        return Report(Meta("", "", DATE_PLACEHOLDER)), rec.findings
    body, org, org_src, date, date_src = rec.tail(body)
    layout = any(p.centered or p.right or p.title_style for p in paragraphs)
    title, used = rec.title(body, layout) if body else ("", 0)
    title_src = rec.src(body[0].number) if used else Source(file=file)
    intro_paras, parts = rec.split_parts(body[used:])
    titles = {f"{part.name}_title": part.title for part in PARTS}
    sources = {"title": title_src, "organization": org_src, "date": date_src}
    if intro_paras:
        sources["intro"] = rec.src(intro_paras[0].number)
    content: dict[int, list[_Para]] = {}
    for heading, paras in parts:
        assert heading.kind is not None
        field_name = f"{PARTS[heading.kind].name}_title"
        titles[field_name] = heading.title
        sources[field_name] = rec.src(body[used + heading.index].number)
        content[heading.kind] = paras
    meta = Meta(title, org, date, sources=sources, **titles)
    report = Report(
        meta=meta,
        intro=tuple(p.flat for p in intro_paras),
        problems=rec.problems(content.get(PROBLEMS, [])),
        causes=rec.points(content.get(CAUSES, []), "原因"),
        directions=rec.points(content.get(DIRECTIONS, []), "措施"),
    )
    return report, rec.findings
