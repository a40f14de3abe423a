"""A Report as the rows of each sheet, for writing a workbook (docgen new, docgen import)."""

from __future__ import annotations

from ..model import Report
from ..vocabulary import PARTS
from .schema import CAUSES, DATE, DIRECTIONS, INFO, INFO_KEYS, INTRO, ORGANIZATION, PART_TITLE_KEYS, PROBLEMS, TITLE


def report_rows(report: Report | None) -> dict[str, list[list[object]]]:
    """The data rows (header excluded) of each sheet: a blank form for None, else the report's text."""
    if report is None:
        return {INFO: [[key, None] for key in INFO_KEYS], PROBLEMS: [], CAUSES: [], DIRECTIONS: []}
    m = report.meta
    info: list[list[object]] = [[TITLE, m.title], [ORGANIZATION, m.organization], [DATE, m.date],
                                [INTRO, "\n".join(report.intro)]]
    info += [[key, m.part_title(part)] for key, part in zip(PART_TITLE_KEYS, PARTS)]
    problems: list[list[object]] = []
    for aspect in report.problems:
        if not aspect.items:
            problems.append([aspect.title, "", ""])
        # the aspect is written once; the blank cells below it mean "same as above"
        for n, item in enumerate(aspect.items):
            problems.append([aspect.title if n == 0 else "", item.summary, item.detail])
    return {
        INFO: info,
        PROBLEMS: problems,
        CAUSES: [[p.title, p.text] for p in report.causes],
        DIRECTIONS: [[p.title, p.text] for p in report.directions],
    }
