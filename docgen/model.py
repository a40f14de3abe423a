"""The Report model: plain frozen dataclasses every flow goes through."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterator

DEFAULT_PART_TITLES = ("存在的问题", "原因剖析", "下一步努力方向")


@dataclass(frozen=True)
class Source:
    """Where a piece of text came from: a workbook cell or a paragraph of an imported document."""

    file: str = ""
    sheet: str = ""
    cell: str = ""  # "C7"
    paragraph: int = 0  # 1-based paragraph of an imported document; 0 when not from one

    def __str__(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        if self.sheet:
            return self.sheet
        if self.paragraph:
            return f"第{self.paragraph}段"
        return self.file


NOWHERE = Source()


def _src() -> Source:
    return field(default=NOWHERE, compare=False, repr=False)  # type: ignore[return-value]


@dataclass(frozen=True)
class Item:
    """One problem: a one-line summary and the sentences after it."""

    summary: str
    detail: str = ""
    source: Source = _src()  # the summary's cell
    detail_source: Source = _src()


@dataclass(frozen=True)
class Aspect:
    """An aspect of 存在的问题 (（一）…方面) and its items."""

    title: str
    items: tuple[Item, ...] = ()
    source: Source = _src()


@dataclass(frozen=True)
class Point:
    """A cause or a measure: a heading and its text."""

    title: str
    text: str = ""
    source: Source = _src()
    text_source: Source = _src()


@dataclass(frozen=True)
class Meta:
    """The 基本信息 sheet: title, signature, date and the three part titles."""

    title: str  # may hold "\n": the user's own line breaks in a long title
    organization: str  # the signature (单位)
    date: dt.date | None  # None only in an imported report whose date was not found
    problems_title: str = DEFAULT_PART_TITLES[0]
    causes_title: str = DEFAULT_PART_TITLES[1]
    directions_title: str = DEFAULT_PART_TITLES[2]
    # key (标题, 单位, 日期, 开篇, 问题标题, …) -> where its value came from
    sources: dict[str, Source] = field(default_factory=dict, compare=False, repr=False, hash=False)

    def source(self, key: str) -> Source:
        return self.sources.get(key, NOWHERE)


@dataclass(frozen=True)
class Report:
    meta: Meta
    intro: tuple[str, ...] = ()
    problems: tuple[Aspect, ...] = ()
    causes: tuple[Point, ...] = ()
    directions: tuple[Point, ...] = ()

    def texts(self) -> Iterator[tuple[str, str, Source]]:
        """Every piece of text with its kind and place, in reading order (for lint and checks).

        Kinds: title, organization, intro, part_title, aspect, summary, detail,
        cause_title, cause_text, direction_title, direction_text.
        """
        m = self.meta
        yield "title", m.title, m.source("标题")
        for para in self.intro:
            yield "intro", para, m.source("开篇")
        for key, value in (("问题标题", m.problems_title), ("原因标题", m.causes_title),
                           ("方向标题", m.directions_title)):
            yield "part_title", value, m.source(key)
        for aspect in self.problems:
            yield "aspect", aspect.title, aspect.source
            for item in aspect.items:
                yield "summary", item.summary, item.source
                if item.detail:
                    yield "detail", item.detail, item.detail_source
        for kind, points in (("cause", self.causes), ("direction", self.directions)):
            for point in points:
                yield f"{kind}_title", point.title, point.source
                if point.text:
                    yield f"{kind}_text", point.text, point.text_source
        yield "organization", m.organization, m.source("单位")
