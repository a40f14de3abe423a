"""A prescribed aspect of the chosen preset with no item: the preset given, or the shipped one of the
report's year and meeting when the report uses at least one of its aspects."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Iterator

from ...errors import Finding, UsageProblem
from ...model import Report, Source
from ...text.plain import plain
from .codes import finding

if TYPE_CHECKING:
    from ...presets import Preset

_YEAR = re.compile(r"(20\d{2})\s*年度?")


def _norm(title: str) -> str:
    letters = plain(title)
    return letters[:-2] if letters.endswith("方面") else letters


@functools.lru_cache(maxsize=1)
def _shipped() -> tuple[Preset, ...]:
    from ...presets import shipped_presets

    return tuple(shipped_presets())


def preset_of(report: Report) -> Preset | None:
    """The shipped preset of the report's year and meeting (from its title), if docgen has one."""
    found = _YEAR.search(report.meta.title.replace("\n", ""))
    if found is None:
        return None
    year, meeting = int(found.group(1)), report.meta.report_kind.meeting
    return next((p for p in _shipped() if p.year == year and p.meeting == meeting and not p.meeting_name), None)


def prescribed_findings(report: Report, preset: Preset | None = None) -> Iterator[Finding]:
    """Each aspect the preset prescribes for the report's kind that has no item in the report."""
    chosen = preset or preset_of(report)
    if chosen is None:
        return
    try:
        prescribed = chosen.list_for(report.meta.kind).aspects
    except UsageProblem:  # the preset has no list for this kind
        return
    have = [(_norm(a.title), len(a.items)) for a in report.problems]

    def items_of(aspect: str) -> int | None:
        key = _norm(aspect)
        counts = [n for title, n in have if title and (key in title or title in key)]
        return max(counts) if counts else None

    counts = [items_of(aspect) for aspect in prescribed]
    if preset is None and not any(counts):
        return  # the report does not use this preset's aspects: it was not chosen
    where = report.problems[0].source if report.problems else Source(sheet="存在的问题")
    for aspect, count in zip(prescribed, counts):
        if not count:
            what = "下没有填写问题" if count == 0 else "没有写到"
            yield finding("prescribed-aspect-missing", where,
                          f"预设“{chosen.name}”规定的方面“{aspect}”{what}",
                          "审核时会对照上级规定的方面逐项检查：请在“存在的问题”中为这一方面至少填写一条问题；"
                          "上级通知的方面与预设不同时，以上级通知为准")
