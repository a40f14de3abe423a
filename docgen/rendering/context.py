"""Report -> template context: the variables a docx template can use (numbering is made here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Point, Rectification, Report
from ..text import format_date, item_number, paren_number, part_number
from ..vocabulary import DONE, PARTS, RECTIFIED
from .titles import break_title

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
    lead: str = ""

    @property
    def text(self) -> str:
        """The aspect's one paragraph: its lead, then 一是…二是…; made when the template asks for it, so that
        a long report is not held twice while it renders."""
        return self.lead + "".join(it.number + it.summary + it.detail for it in self.items)


@dataclass(frozen=True)
class PointView:
    number: str  # （一）; "" for a paragraph of running text
    title: str
    heading: str  # number + title
    text: str


@dataclass(frozen=True)
class RectifiedView:
    number: str  # （一）
    problem: str
    heading: str  # number + problem
    done: str  # what was done
    status: str  # 已完成 / 持续推进 / 长期坚持, or ""
    text: str  # done, then the status in brackets


@dataclass(frozen=True)
class PartView:
    """One numbered part of the body, in order: kind is rectified, extra, problems, causes or directions.
    Problems carry aspects; every other part carries points (a paragraph each: heading run, then text)."""

    kind: str
    number: str  # 一、
    title: str
    heading: str  # number + title
    aspects: list[AspectView] = field(default_factory=list)
    points: list[PointView] = field(default_factory=list)


@dataclass(frozen=True)
class ActionView:
    """One row of the 整改清单 table; its number runs through the whole list."""

    number: str  # 1, 2, 3 …
    aspect: str
    problem: str
    measure: str
    person: str
    deadline: str
    status: str


@dataclass(frozen=True)
class ActionGroupView:
    aspect: str  # "" for rows the list gives no aspect
    rows: list[ActionView]


@dataclass(frozen=True)
class AttachmentView:
    """The 整改清单 as the report's attachment: its name (one line, for the 附件说明 under the body), its
    title (broken into lines like the report's), the rows grouped by aspect, and all rows."""

    name: str
    title: str
    groups: list[ActionGroupView]
    rows: list[ActionView]


def attachment(report: Report) -> AttachmentView | None:
    """The attachment of `report`, or None when it has no 整改清单."""
    if not report.action_list:
        return None
    rows = [ActionView(str(n), a.aspect, a.problem, a.measure, a.person, a.deadline, a.status)
            for n, a in enumerate(report.action_list, 1)]
    groups: list[ActionGroupView] = []
    for row in rows:
        if not groups or groups[-1].aspect != row.aspect:
            groups.append(ActionGroupView(row.aspect, []))
        groups[-1].rows.append(row)
    title = report.meta.attachment_title
    name = "".join(title.split("\n"))  # the 附件说明 line names it on one line
    return AttachmentView(name, laid_out_title(title, report.meta.organization), groups, rows)


def laid_out_title(title: str, unit: str) -> str:
    """A title as printed: as typed when it has a break or fits one line, else broken (GB/T 9704 7.3.1)."""
    broken = break_title(title, unit)
    return "\n".join(broken.lines) if broken else title


def _points(points: tuple[Point, ...]) -> list[PointView]:
    return [PointView(paren_number(i), p.title, paren_number(i) + p.title, p.text) for i, p in enumerate(points, 1)]


def rectified_summary(rows: tuple[Rectification, ...], meeting: str) -> str:
    """The sentence that opens 上年度问题整改情况, counted from the rows: 共 N 项，已完成 M 项，其余 K 项持续推进."""
    total, done = len(rows), sum(1 for r in rows if r.status == DONE)
    head = f"上年度{meeting}查摆的问题共{total}项，"
    if done == total:
        return head + "已全部完成整改。"
    if done == 0:
        return head + "均在持续推进。"
    return head + f"已完成{done}项，其余{total - done}项持续推进。"


def _rectified(rows: tuple[Rectification, ...]) -> list[RectifiedView]:
    views = []
    for i, r in enumerate(rows, 1):
        text = r.done + (f"（{r.status}）" if r.status else "")
        views.append(RectifiedView(paren_number(i), r.problem, paren_number(i) + r.problem, r.done, r.status, text))
    return views


def build_context(report: Report) -> dict[str, Any]:
    """Every value is plain text; escaping happens in the template environment."""
    m = report.meta
    problems = []
    for i, aspect in enumerate(report.problems, 1):
        items = [ItemView(item_number(j), it.summary, it.detail) for j, it in enumerate(aspect.items, 1)]
        problems.append(AspectView(paren_number(i), aspect.title, paren_number(i) + aspect.title, items,
                                   aspect.lead))
    rectified = _rectified(report.rectified)
    causes, directions = _points(report.causes), _points(report.directions)
    summary = rectified_summary(report.rectified, m.report_kind.meeting) if report.rectified else ""
    # The parts in order, each extra part after the one it follows; numbered from what is present.
    standard: list[tuple[str, str, list[AspectView], list[PointView]]] = []
    if report.rectified:
        standard.append((RECTIFIED.name, m.rectified_title, [],
                         [PointView("", "", "", summary)] + [PointView(r.number, r.problem, r.heading, r.text)
                                                              for r in rectified]))
    standard += [(PARTS[0].name, m.problems_title, problems, []), (PARTS[1].name, m.causes_title, [], causes),
                 (PARTS[2].name, m.directions_title, [], directions)]
    # An extra part follows the part it names; one that follows an absent 上年度整改 opens the body.
    present = {kind for kind, *_ in standard}

    def extras(after: str) -> list[tuple[str, str, list[AspectView], list[PointView]]]:
        return [("extra", e.title, [], [PointView("", "", "", para) for para in e.paragraphs])
                for e in report.extra_parts if (e.after if e.after in present else "") == after]

    ordered = extras("")
    for entry in standard:
        ordered += [entry, *extras(entry[0])]
    parts = [PartView(kind, part_number(n), title, part_number(n) + title, aspects, points)
             for n, (kind, title, aspects, points) in enumerate(ordered, 1)]
    heading = {p.kind: p.heading for p in parts if p.kind != "extra"}
    return {
        "title": laid_out_title(m.title, m.organization),
        "intro": list(report.intro),
        "parts": parts,
        "rectified_heading": heading.get(RECTIFIED.name, ""),
        "rectified_summary": summary,
        "rectified": rectified,
        "problems_heading": heading[PARTS[0].name],
        "problems": problems,
        "causes_heading": heading[PARTS[1].name],
        "causes": causes,
        "directions_heading": heading[PARTS[2].name],
        "directions": directions,
        "organization": m.organization,
        "name": m.name,
        "signature": list(m.signature),
        "date": format_date(m.date) if m.date else "",
        "part_titles": [m.problems_title, m.causes_title, m.directions_title],
        "kind": m.kind,
        "meeting": m.report_kind.meeting,
        "attachment": attachment(report),
    }


# The views a template reads: dataclasses of plain values, whose fields the sandbox reads straight.
VIEWS = (ItemView, AspectView, PointView, RectifiedView, PartView, ActionView, ActionGroupView, AttachmentView)

# Documented in the README; kept here so a test can compare the two.
VARIABLES = (
    "title", "intro", "parts", "rectified_heading", "rectified_summary", "rectified", "problems_heading",
    "problems", "causes_heading", "causes", "directions_heading", "directions", "organization", "name",
    "signature", "date", "part_titles", "kind", "meeting", "attachment",
)
