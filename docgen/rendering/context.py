"""Report -> template context: the variables a docx template can use (numbering is made here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import Point, Report
from ..text import format_date, item_number, paren_number, part_number


# Objects, not dicts: in Jinja `aspect.items` would find dict.items before a key named "items".


@dataclass(frozen=True)
class ItemView:
    number: str  # 一是
    summary: str
    detail: str


@dataclass(frozen=True)
class AspectView:
    number: str  # （一）
    title: str
    heading: str  # number + title
    items: list[ItemView]
    text: str  # the aspect's one paragraph: 一是…二是…


@dataclass(frozen=True)
class PointView:
    number: str  # （一）
    title: str
    heading: str  # number + title
    text: str


def _points(points: tuple[Point, ...]) -> list[PointView]:
    return [PointView(paren_number(i), p.title, paren_number(i) + p.title, p.text) for i, p in enumerate(points, 1)]


def build_context(report: Report) -> dict[str, Any]:
    """Every value is plain text; escaping happens in the template environment."""
    m = report.meta
    problems = []
    for i, aspect in enumerate(report.problems, 1):
        items = [ItemView(item_number(j), it.summary, it.detail) for j, it in enumerate(aspect.items, 1)]
        text = "".join(it.number + it.summary + it.detail for it in items)
        problems.append(AspectView(paren_number(i), aspect.title, paren_number(i) + aspect.title, items, text))
    return {
        "title": m.title,
        "intro": list(report.intro),
        "problems_heading": part_number(1) + m.problems_title,
        "problems": problems,
        "causes_heading": part_number(2) + m.causes_title,
        "causes": _points(report.causes),
        "directions_heading": part_number(3) + m.directions_title,
        "directions": _points(report.directions),
        "organization": m.organization,
        "date": format_date(m.date) if m.date else "",
        "part_titles": [m.problems_title, m.causes_title, m.directions_title],
    }


# Documented in the README; kept here so a test can compare the two.
VARIABLES = (
    "title", "intro", "problems_heading", "problems", "causes_heading", "causes",
    "directions_heading", "directions", "organization", "date", "part_titles",
)
