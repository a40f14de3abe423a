"""A Report as the rows of each sheet, for writing a workbook (docgen new, docgen import)."""

from __future__ import annotations

from ..model import Action, Report
from ..vocabulary import DEFAULT_KIND, PARTS, RECTIFIED
from .schema import (ACTION_MEASURE, ACTIONS, ANALYSIS, ASPECT, CAUSE, CAUSES, CONTENT, DATE, DEADLINE,
                     DETAIL, DIRECTIONS, EXTRA_TEXT, EXTRA_TITLE, EXTRAS, INFO, INFO_KEYS, INTRO, KEY, KIND,
                     LEAD, LIST_TITLE_KEY, MEASURE, NAME, ORGANIZATION, PART_TITLE_KEYS, PERSON, POSITION,
                     POSITIONS, PROBLEMS, RECTIFIED_SHEET, RECTIFIED_TITLE_KEY, SPECS, STATUS, SUMMARY, TITLE,
                     VALUE, WHAT_WAS_DONE)

Row = dict[str, object]  # column -> value


def report_rows(report: Report | None) -> dict[str, list[list[object]]]:
    """The data rows (header excluded) of each sheet, in the schema's column order: a blank form for None,
    else the report's text."""
    return {name: [[row.get(column) for column in SPECS[name].columns] for row in rows]
            for name, rows in _rows(report).items()}


def _rows(report: Report | None) -> dict[str, list[Row]]:
    if report is None:
        return {INFO: [{KEY: key, VALUE: DEFAULT_KIND.name if key == KIND else None} for key in INFO_KEYS],
                **{name: [] for name in SPECS if name != INFO}}
    m = report.meta
    info: list[tuple[str, object]] = [(TITLE, m.title), (KIND, m.kind), (ORGANIZATION, m.organization),
                                      (NAME, m.name), (DATE, m.date), (INTRO, "\n".join(report.intro))]
    # A title that is the kind's usual one is left blank: the reader gives it back, and it follows the kind
    # if the user changes 类型 later.
    usual = m.report_kind.part_titles
    info += [(key, None if m.part_title(part) == usual[n] else m.part_title(part))
             for n, (key, part) in enumerate(zip(PART_TITLE_KEYS, PARTS))]
    info += [(RECTIFIED_TITLE_KEY, None if m.rectified_title == RECTIFIED.title else m.rectified_title),
             (LIST_TITLE_KEY, m.list_title or None)]
    problems: list[Row] = []
    for aspect in report.problems:
        first = {ASPECT: aspect.title, LEAD: aspect.lead or None}
        if not aspect.items:  # an aspect to fill in (a preset's): its row and room for two more problems
            problems += [first, {}, {}]
        # the aspect is written once; the blank cells below it mean "same as above"
        for n, item in enumerate(aspect.items):
            problems.append({**(first if n == 0 else {}), SUMMARY: item.summary, DETAIL: item.detail})
    actions: list[Row] = []
    listed = report.action_list or offered_actions(report)
    for n, action in enumerate(listed):
        same = n > 0 and listed[n - 1].aspect == action.aspect
        actions.append({ASPECT: "" if same else action.aspect, SUMMARY: action.problem,
                        ACTION_MEASURE: action.measure, PERSON: action.person, DEADLINE: action.deadline,
                        STATUS: action.status})
    label = {after: words for words, after in POSITIONS.items()}
    return {
        INFO: [{KEY: key, VALUE: value} for key, value in info],
        RECTIFIED_SHEET: [{SUMMARY: r.problem, WHAT_WAS_DONE: r.done, STATUS: r.status} for r in report.rectified],
        PROBLEMS: problems,
        CAUSES: [{CAUSE: p.title, ANALYSIS: p.text} for p in report.causes],
        DIRECTIONS: [{MEASURE: p.title, CONTENT: p.text} for p in report.directions],
        ACTIONS: actions,
        EXTRAS: [{EXTRA_TITLE: e.title, EXTRA_TEXT: "\n".join(e.paragraphs), POSITION: label[e.after]}
                 for e in report.extra_parts],
    }


def offered_actions(report: Report) -> tuple[Action, ...]:
    """Every problem of `report` as a 整改清单 row with only its aspect and problem: what `new` and `import`
    offer, so the user adds just the measure, person and deadline. Left so, it is read as no list."""
    return tuple(Action(aspect.title, item.summary.rstrip("。")) for aspect in report.problems
                 for item in aspect.items)


LEDGER_COLUMNS = ("序号", ASPECT, SUMMARY, ACTION_MEASURE, PERSON, DEADLINE, STATUS)
LEDGER_WIDTHS = (6, 24, 36, 48, 10, 16, 10)


def ledger_rows(report: Report) -> list[list[object]]:
    """The 整改清单 as the rows of a 台账 sheet (header excluded): numbered, each row naming its aspect."""
    return [[n, a.aspect, a.problem, a.measure, a.person, a.deadline, a.status]
            for n, a in enumerate(report.action_list, 1)]
