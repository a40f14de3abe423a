"""Plain tables as a workbook (the office's summary): one sheet per table, a header that stays in view,
marked rows filled, and a native Excel bar chart where a table asks for one (the one module of it that
talks to openpyxl, beside xlsx.py)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any, Sequence

from ..files.cells import column_letters
from .schema import MAX_CELL_CHARS
from .xlsx import _package_bytes, _styles, _utf8

MARK_FILL = "FFC7CE"  # Excel's own light red of "bad" cells


@dataclass(frozen=True)
class Chart:
    """A bar chart of a table: categories in its first column, one series per column from `first` to
    `last` (1-based), over the data rows less the last `skip_last` (a total row)."""

    title: str
    first: int
    last: int
    skip_last: int = 0
    y_title: str = ""


@dataclass(frozen=True)
class Table:
    name: str  # the sheet's name
    columns: tuple[str, ...]
    rows: Sequence[Sequence[object]]
    widths: tuple[int, ...] = ()
    marked: frozenset[int] = frozenset()  # indexes of rows filled light red
    chart: Chart | None = None
    note: str = ""  # written in the row above the header when given


def tables_bytes(tables: Sequence[Table]) -> bytes:
    """The workbook of `tables`, as bytes."""
    import openpyxl
    from openpyxl.styles import PatternFill

    header_font, header_fill, wrap_top = _styles()
    mark = PatternFill("solid", fgColor=MARK_FILL)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for table in tables:
        ws = book.create_sheet(table.name)
        top = 1
        if table.note:
            ws.cell(row=1, column=1, value=_text(table.note))
            top = 2
        for index, name in enumerate(table.columns, 1):
            cell = ws.cell(row=top, column=index, value=name)
            cell.font, cell.fill, cell.alignment = header_font, header_fill, wrap_top
        for index, width in enumerate(table.widths, 1):
            ws.column_dimensions[column_letters(index)].width = width
        for n, values in enumerate(table.rows):
            marked = n in table.marked
            for index, value in enumerate(values, 1):
                cell = ws.cell(row=top + 1 + n, column=index, value=_text(value))
                if isinstance(value, str):
                    cell.data_type = "s"  # a cell starting with "=" never becomes a formula
                    cell.alignment = wrap_top
                if marked:
                    cell.fill = mark
        ws.freeze_panes = f"A{top + 1}"
        if table.rows:
            ws.auto_filter.ref = f"A{top}:{column_letters(len(table.columns))}{top + len(table.rows)}"
        if table.chart is not None and len(table.rows) > table.chart.skip_last:
            _add_chart(ws, table, top)
    buffer = io.BytesIO()
    book.save(buffer)
    return _package_bytes(buffer, _utf8)


def _text(value: object) -> object:
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        return value[: MAX_CELL_CHARS - 1] + "…"
    return value


def _add_chart(ws: Any, table: Table, top: int) -> None:
    from openpyxl.chart import BarChart, Reference

    spec = table.chart
    assert spec is not None
    last_row = top + len(table.rows) - spec.skip_last
    chart = BarChart()
    chart.type = "bar"  # horizontal bars: unit names stay readable
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = spec.title
    chart.y_axis.title = spec.y_title
    data = Reference(ws, min_col=spec.first, max_col=spec.last, min_row=top, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=last_row))
    chart.width = 24
    chart.height = min(60, max(8, 0.6 * (last_row - top)))
    ws.add_chart(chart, f"{column_letters(spec.last + 2)}{top}")
