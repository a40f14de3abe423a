"""The Report model: plain frozen dataclasses every flow goes through (standard library only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterator

from .source import NOWHERE, Source
from .vocabulary import DEFAULT_KIND, EXTRA_POSITIONS, KINDS, PARTS, RECTIFIED, Kind, Part, list_title

__all__ = ["Action", "Aspect", "ExtraPart", "Item", "Meta", "NOWHERE", "Point", "Rectification", "Report",
           "SOURCE_FIELDS", "Source"]

# What Meta.sources is keyed by: the field whose value came from that place.
SOURCE_FIELDS = ("title", "organization", "name", "date", "intro", "kind", "rectified_title", "list_title",
                 *(f"{part.name}_title" for part in PARTS))




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
    """An aspect of 存在的问题 (（一）…方面), the framing sentence some authors write before its 一是, and
    its items."""

    title: str
    items: tuple[Item, ...] = ()
    source: Source = _src()
    lead: str = ""  # rendered before 一是, in the aspect's paragraph
    lead_source: Source = _src()

    def __post_init__(self) -> None:
        _require(isinstance(self.title, str) and isinstance(self.lead, str), "Aspect texts are str")
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


def _sources() -> dict[str, Source]:
    return field(default_factory=dict, compare=False, repr=False, hash=False)  # type: ignore[return-value]


@dataclass(frozen=True)
class Rectification:
    """One of last year's problems and what became of it (上年度问题整改情况)."""

    problem: str
    done: str = ""  # 整改情况: what was done
    status: str = ""  # one of vocabulary.STATUSES, or "" when not said
    # field name ("problem", "done", "status") -> where it came from
    sources: dict[str, Source] = _sources()

    def __post_init__(self) -> None:
        _require(all(isinstance(v, str) for v in (self.problem, self.done, self.status)), "texts are str")


@dataclass(frozen=True)
class Action:
    """One row of the 整改清单 (rectification list); its 序号 is its place in the list."""

    aspect: str
    problem: str
    measure: str = ""
    person: str = ""  # 责任人
    deadline: str = ""  # 完成时限, as typed (a date, 2026年6月底前, 长期坚持 …)
    status: str = ""
    # field name ("aspect", "problem", "measure", "person", "deadline", "status") -> where it came from
    sources: dict[str, Source] = _sources()

    def __post_init__(self) -> None:
        _require(all(isinstance(v, str) for v in (self.aspect, self.problem, self.measure, self.person,
                                                  self.deadline, self.status)), "Action texts are str")

    def source(self, name: str) -> Source:
        return self.sources.get(name, NOWHERE)


@dataclass(frozen=True)
class ExtraPart:
    """A titled part a source document has beyond the standard ones (一、基本情况), kept as it was."""

    title: str
    paragraphs: tuple[str, ...] = ()
    after: str = ""  # where it stands: after the 开篇 ("") or after the part named (vocabulary.EXTRA_POSITIONS)
    source: Source = _src()

    def __post_init__(self) -> None:
        _require(isinstance(self.title, str) and _all(self.paragraphs, str), "ExtraPart texts are str")
        _require(self.after in EXTRA_POSITIONS, f"ExtraPart.after is one of {EXTRA_POSITIONS}")


@dataclass(frozen=True)
class Meta:
    """Title, kind, signature, date and the part titles."""

    title: str  # may hold "\n": the user's own line breaks in a long title
    organization: str  # the unit: the signature of a 班子 kind, an optional line above a person's name
    date: dt.date | None  # None only in an imported report whose date was not found
    problems_title: str = PARTS[0].title
    causes_title: str = PARTS[1].title
    directions_title: str = PARTS[2].title
    # field name (one of SOURCE_FIELDS: "title", "date", "problems_title", …) -> where its value came from
    sources: dict[str, Source] = _sources()
    kind: str = DEFAULT_KIND.name  # one of vocabulary.KINDS
    name: str = ""  # the person who signs a personal report
    rectified_title: str = RECTIFIED.title
    list_title: str = ""  # the 整改清单's title as typed; "" for the one made from the title (attachment_title)

    def __post_init__(self) -> None:
        texts = (self.title, self.organization, self.name, self.kind, self.rectified_title, self.list_title)
        _require(all(isinstance(v, str) for v in texts), "Meta texts are str")
        _require(self.date is None or isinstance(self.date, dt.date), "Meta.date is a date or None")
        _require(self.kind in KINDS, f"Meta.kind is one of {tuple(KINDS)}")
        unknown = set(self.sources) - set(SOURCE_FIELDS)
        _require(not unknown, f"Meta.sources has unknown fields {sorted(unknown)}; known: {SOURCE_FIELDS}")

    @property
    def report_kind(self) -> Kind:
        return KINDS[self.kind]

    @property
    def signature(self) -> tuple[str, ...]:
        """The signature's lines: the unit for a 班子 kind; for a personal kind the unit (when given) and the
        person's name."""
        if not self.report_kind.personal:
            return (self.organization,) if self.organization else ()
        return tuple(line for line in (self.organization, self.name) if line)

    @property
    def attachment_title(self) -> str:
        """The title of the 整改清单 attached to the report: as typed, or made from the report's title."""
        return self.list_title or list_title(self.title)

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
    rectified: tuple[Rectification, ...] = ()  # rendered as the first part when there is any
    extra_parts: tuple[ExtraPart, ...] = ()
    action_list: tuple[Action, ...] = ()  # the 整改清单, rendered as an attachment after the signature

    def __post_init__(self) -> None:
        _require(isinstance(self.meta, Meta), "Report.meta is a Meta")
        _require(_all(self.intro, str), "Report.intro is a tuple of str")
        _require(_all(self.problems, Aspect), "Report.problems is a tuple of Aspect")
        _require(_all(self.causes, Point) and _all(self.directions, Point),
                 "Report.causes and Report.directions are tuples of Point")
        _require(_all(self.rectified, Rectification), "Report.rectified is a tuple of Rectification")
        _require(_all(self.extra_parts, ExtraPart), "Report.extra_parts is a tuple of ExtraPart")
        _require(_all(self.action_list, Action), "Report.action_list is a tuple of Action")

    def missing(self) -> tuple[str, ...]:
        """The fields a finished document needs that this report lacks ("title", "organization" or "name",
        "date")."""
        m = self.meta
        signer = m.report_kind.signer
        return tuple(name for name, present in (("title", m.title.strip()), (signer, getattr(m, signer).strip()),
                                                ("date", m.date is not None)) if not present)

    def texts(self) -> Iterator[tuple[str, str, Source]]:
        """Every piece of text with its kind and place, in reading order (for lint and checks).

        Kinds: title, intro, part_title, rectified_problem, rectified_done, extra_title, extra_text, aspect,
        lead, summary, detail, cause_title, cause_text, direction_title, direction_text, then the signature
        (organization; for a personal kind its optional unit line and name), then action_measure and
        action_person (the rest of the 整改清单 repeats the problems).
        """
        m = self.meta
        yield "title", m.title, m.source("title")
        for para in self.intro:
            yield "intro", para, m.source("intro")
        if self.rectified:
            yield "part_title", m.rectified_title, m.source("rectified_title")
        for part in PARTS:
            yield "part_title", m.part_title(part), m.source(f"{part.name}_title")
        for row in self.rectified:
            yield "rectified_problem", row.problem, row.sources.get("problem", NOWHERE)
            if row.done:
                yield "rectified_done", row.done, row.sources.get("done", NOWHERE)
        for extra in self.extra_parts:
            yield "extra_title", extra.title, extra.source
            for para in extra.paragraphs:
                yield "extra_text", para, extra.source
        for aspect in self.problems:
            yield "aspect", aspect.title, aspect.source
            if aspect.lead:
                yield "lead", aspect.lead, aspect.lead_source
            for item in aspect.items:
                yield "summary", item.summary, item.source
                if item.detail:
                    yield "detail", item.detail, item.detail_source
        for kind, points in (("cause", self.causes), ("direction", self.directions)):
            for point in points:
                yield f"{kind}_title", point.title, point.source
                if point.text:
                    yield f"{kind}_text", point.text, point.text_source
        if m.organization or not m.report_kind.personal:
            yield "organization", m.organization, m.source("organization")
        if m.report_kind.personal:
            yield "name", m.name, m.source("name")
        for action in self.action_list:
            for field_name in ("measure", "person"):
                value = getattr(action, field_name)
                if value:
                    yield f"action_{field_name}", value, action.source(field_name)
