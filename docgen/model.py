"""The Report model: plain frozen dataclasses every flow goes through (standard library only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterator


@dataclass(frozen=True)
class Part:
    """One of the report's parts: the Report field holding it, its usual title and the nouns a title of
    it ends on (the head noun names the part: 检视剖析的问题 is about problems, 问题产生的原因 about causes)."""

    name: str  # "problems": the Report field; Meta's title field is name + "_title"
    title: str
    head_words: tuple[str, ...]
    variants: tuple[str, ...] = ()  # other titles reports use for it, for documentation and tests


PROBLEMS = Part("problems", "存在的问题", ("问题", "不足", "差距", "短板", "查摆", "检视"),
                ("查摆的问题", "存在的主要问题", "检视剖析的问题", "存在的不足"))
CAUSES = Part("causes", "原因剖析", ("原因", "根源", "剖析", "根子", "症结"),
              ("原因分析", "产生问题的原因", "问题产生的根源"))
DIRECTIONS = Part("directions", "下一步努力方向",
                  ("方向", "措施", "努力", "整改", "打算", "今后", "下一步", "举措", "思路", "改进"),
                  ("整改措施", "今后努力方向", "下一步整改措施", "努力方向"))
PARTS = (PROBLEMS, CAUSES, DIRECTIONS)
DEFAULT_PART_TITLES = tuple(part.title for part in PARTS)

# What Meta.sources is keyed by: the field whose value came from that place.
SOURCE_FIELDS = ("title", "organization", "date", "intro", *(f"{part.name}_title" for part in PARTS))


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


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise TypeError(message)


def _all(values: object, kind: type) -> bool:
    return isinstance(values, tuple) and all(isinstance(v, kind) for v in values)


@dataclass(frozen=True)
class Item:
    """One problem: a one-line summary and the sentences after it."""

    summary: str
    detail: str = ""
    source: Source = _src()  # the summary's cell
    detail_source: Source = _src()

    def __post_init__(self) -> None:
        _require(isinstance(self.summary, str) and isinstance(self.detail, str), "Item texts are str")


@dataclass(frozen=True)
class Aspect:
    """An aspect of 存在的问题 (（一）…方面) and its items."""

    title: str
    items: tuple[Item, ...] = ()
    source: Source = _src()

    def __post_init__(self) -> None:
        _require(isinstance(self.title, str), "Aspect.title is a str")
        _require(_all(self.items, Item), "Aspect.items is a tuple of Item")


@dataclass(frozen=True)
class Point:
    """A cause or a measure: a heading and its text."""

    title: str
    text: str = ""
    source: Source = _src()
    text_source: Source = _src()

    def __post_init__(self) -> None:
        _require(isinstance(self.title, str) and isinstance(self.text, str), "Point texts are str")


@dataclass(frozen=True)
class Meta:
    """Title, signature, date and the part titles."""

    title: str  # may hold "\n": the user's own line breaks in a long title
    organization: str  # the signature (单位)
    date: dt.date | None  # None only in an imported report whose date was not found
    problems_title: str = PROBLEMS.title
    causes_title: str = CAUSES.title
    directions_title: str = DIRECTIONS.title
    # field name (one of SOURCE_FIELDS: "title", "date", "problems_title", …) -> where its value came from
    sources: dict[str, Source] = field(default_factory=dict, compare=False, repr=False, hash=False)

    def __post_init__(self) -> None:
        _require(isinstance(self.title, str) and isinstance(self.organization, str), "Meta texts are str")
        _require(self.date is None or isinstance(self.date, dt.date), "Meta.date is a date or None")
        unknown = set(self.sources) - set(SOURCE_FIELDS)
        _require(not unknown, f"Meta.sources has unknown fields {sorted(unknown)}; known: {SOURCE_FIELDS}")

    def source(self, name: str) -> Source:
        """Where the value of field `name` came from (NOWHERE when it was not read from anywhere)."""
        return self.sources.get(name, NOWHERE)

    def part_title(self, part: Part) -> str:
        return getattr(self, f"{part.name}_title")


@dataclass(frozen=True)
class Report:
    meta: Meta
    intro: tuple[str, ...] = ()
    problems: tuple[Aspect, ...] = ()
    causes: tuple[Point, ...] = ()
    directions: tuple[Point, ...] = ()

    def __post_init__(self) -> None:
        _require(isinstance(self.meta, Meta), "Report.meta is a Meta")
        _require(_all(self.intro, str), "Report.intro is a tuple of str")
        _require(_all(self.problems, Aspect), "Report.problems is a tuple of Aspect")
        _require(_all(self.causes, Point) and _all(self.directions, Point),
                 "Report.causes and Report.directions are tuples of Point")

    def missing(self) -> tuple[str, ...]:
        """The fields a finished document needs that this report lacks ("title", "organization", "date")."""
        m = self.meta
        return tuple(name for name, present in (("title", m.title.strip()), ("organization", m.organization.strip()),
                                                ("date", m.date is not None)) if not present)

    def texts(self) -> Iterator[tuple[str, str, Source]]:
        """Every piece of text with its kind and place, in reading order (for lint and checks).

        Kinds: title, organization, intro, part_title, aspect, summary, detail,
        cause_title, cause_text, direction_title, direction_text.
        """
        m = self.meta
        yield "title", m.title, m.source("title")
        for para in self.intro:
            yield "intro", para, m.source("intro")
        for part in PARTS:
            yield "part_title", m.part_title(part), m.source(f"{part.name}_title")
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
        yield "organization", m.organization, m.source("organization")
