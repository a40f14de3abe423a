"""The optional sheets as read: 上年度整改 (last year's problems), 整改清单 (the rectification list), 其他部分."""

from __future__ import annotations

from typing import Protocol

from .. import text
from ..model import Action, ExtraPart, Rectification, Source
from ..vocabulary import STATUS_WORDS, STATUSES
from .grid import Cell, Grid, cell_ref
from .schema import (ACTION_MEASURE, ACTIONS, ASPECT, DEADLINE, EXTRA_TEXT, EXTRA_TITLE, WHAT_WAS_DONE,
                     EXTRAS, PERSON, POSITION, POSITIONS, RECTIFIED_SHEET, STATUS, SUMMARY)

class CellReader(Protocol):
    """What reading a sheet needs from the workbook reader: a cell's text, a place, a finding."""

    def text(self, sheet: str, cell: Cell | None, *, keep_lines: bool = False) -> str: ...

    def src(self, sheet: str, cell: str = "") -> Source: ...

    def add(self, level: str, source: Source, code: str, message: str, hint: str = "") -> None: ...


def status(reader: CellReader, sheet: str, cell: Cell | None) -> str:
    """A 状态 cell as one of the statuses: its usual synonyms are accepted, anything else is an error."""
    typed = reader.text(sheet, cell).replace(" ", "")
    if not typed or typed in STATUSES:
        return typed
    if typed in STATUS_WORDS:
        return STATUS_WORDS[typed]
    reader.add("error", reader.src(sheet, cell.ref), "unknown-status",  # type: ignore[union-attr]
               f"不认识的状态“{typed}”", f"状态应为：{'、'.join(STATUSES)}")
    return ""


def rectified(reader: CellReader, grid: Grid) -> tuple[Rectification, ...]:
    rows = []
    for _, row in grid.rows:
        problem = text.ensure_period(text.strip_numbering(reader.text(RECTIFIED_SHEET, row.get(SUMMARY))))
        done = reader.text(RECTIFIED_SHEET, row.get(WHAT_WAS_DONE))
        state = status(reader, RECTIFIED_SHEET, row.get(STATUS))
        if not (problem or done or state):
            continue
        places = {name: reader.src(RECTIFIED_SHEET, cell_ref(grid, row, column))
                  for name, column in (("problem", SUMMARY), ("done", WHAT_WAS_DONE), ("status", STATUS))}
        if not problem:
            reader.add("error", places["problem"], "rectified-without-problem", "有整改情况但没有填写“问题”",
                       "请在“问题”列用一句话写出上年度查摆的这个问题")
            continue
        rows.append(Rectification(problem, done, state, sources=places))
    return tuple(rows)


_ACTION_COLUMNS = (("aspect", ASPECT), ("problem", SUMMARY), ("measure", ACTION_MEASURE), ("person", PERSON),
                   ("deadline", DEADLINE), ("status", STATUS))


def actions(reader: CellReader, grid: Grid) -> tuple[Action, ...]:
    """The list's rows; a blank 方面 is the one above (as in 存在的问题).

    `new` and `import` offer every problem as a row with only 方面 and 问题 filled. A list none of whose
    rows has more (整改措施, 责任人, 完成时限 or 状态) is one the user left as offered: it is no list at all,
    so nothing is attached and nothing is reported about it."""
    rows: list[tuple[dict[str, str], dict[str, Cell]]] = []  # (values, its cells): Actions once it is a list
    aspect = ""
    for _, row in grid.rows:
        values = {name: reader.text(ACTIONS, row.get(column)) for name, column in _ACTION_COLUMNS if name != "status"}
        values["aspect"] = text.strip_numbering(values["aspect"])
        values["problem"] = text.strip_numbering(values["problem"])
        values["status"] = status(reader, ACTIONS, row.get(STATUS))
        if not any(values.values()):
            continue
        aspect = values["aspect"] or aspect
        if not values["problem"]:
            reader.add("error", reader.src(ACTIONS, cell_ref(grid, row, SUMMARY)), "action-without-problem",
                       "整改清单的这一行没有填写“问题”", "请在“问题”列写出要整改的问题（可从“存在的问题”表复制）")
            continue
        rows.append(({**values, "aspect": aspect}, row))
    if not any(values["measure"] or values["person"] or values["deadline"] or values["status"] for values, _ in rows):
        return ()
    return tuple(Action(**values, sources={name: reader.src(ACTIONS, cell_ref(grid, row, column))
                                           for name, column in _ACTION_COLUMNS}) for values, row in rows)


def extra_parts(reader: CellReader, grid: Grid) -> tuple[ExtraPart, ...]:
    parts = []
    for _, row in grid.rows:
        title = text.strip_numbering(reader.text(EXTRAS, row.get(EXTRA_TITLE)))
        paragraphs = tuple(text.lines(reader.text(EXTRAS, row.get(EXTRA_TEXT), keep_lines=True)))
        typed = reader.text(EXTRAS, row.get(POSITION)).replace(" ", "")
        if not (title or paragraphs):
            continue
        where = reader.src(EXTRAS, cell_ref(grid, row, EXTRA_TITLE))
        if not title:
            reader.add("error", where, "extra-without-title", "这一部分没有填写“标题”",
                       "请在“标题”列填写这一部分的标题（不要写“一、”之类的编号）")
            continue
        if typed and typed not in POSITIONS:
            reader.add("error", reader.src(EXTRAS, cell_ref(grid, row, POSITION)), "unknown-position",
                       f"不认识的位置“{typed}”", f"位置应为：{'、'.join(POSITIONS)}（不填时为开篇之后）")
            continue
        parts.append(ExtraPart(title, paragraphs, after=POSITIONS.get(typed, ""), source=where))
    return tuple(parts)
