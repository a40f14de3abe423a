"""Report -> template context: the variables a docx template can use (numbering is made here)."""

from __future__ import annotations

from typing import Any

from .model import Point, Report
from .text import format_date, item_number, paren_number, part_number


def _points(points: tuple[Point, ...]) -> list[dict[str, str]]:
    return [
        {
            "number": paren_number(i),
            "title": p.title,
            "heading": paren_number(i) + p.title,
            "text": p.text,
        }
        for i, p in enumerate(points, 1)
    ]


def build_context(report: Report) -> dict[str, Any]:
    """Every value is plain text; escaping happens in the template environment."""
    m = report.meta
    problems = []
    for i, aspect in enumerate(report.problems, 1):
        items = [
            {"number": item_number(j), "summary": it.summary, "detail": it.detail}
            for j, it in enumerate(aspect.items, 1)
        ]
        problems.append(
            {
                "number": paren_number(i),
                "title": aspect.title,
                "heading": paren_number(i) + aspect.title,
                "items": items,
                "text": "".join(it["number"] + it["summary"] + it["detail"] for it in items),
            }
        )
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
        "date": format_date(m.date),
        "part_titles": [m.problems_title, m.causes_title, m.directions_title],
    }


# Documented in the README; kept here so a test can compare the two.
VARIABLES = (
    "title", "intro", "problems_heading", "problems", "causes_heading", "causes",
    "directions_heading", "directions", "organization", "date", "part_titles",
)
