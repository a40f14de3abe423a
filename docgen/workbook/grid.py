"""A sheet as read: its cells under the schema's columns, found by their header row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from .. import text
from .schema import HEADER_SEARCH_ROWS, MAX_HEADER_COLUMNS

@dataclass(frozen=True)
class Cell:
    """One cell as read: its place, its raw value and whether Excel stored an error (#DIV/0!)."""

    ref: str
    value: object
    error: bool = False


@dataclass(frozen=True)
class Grid:
    """The known columns of one sheet: which were found on row 1 and the non-blank rows under them."""

    name: str
    letters: dict[str, str]  # schema column found in the header row -> its letter ("C")
    rows: tuple[tuple[int, dict[str, Cell]], ...] = ()  # (row number, column -> cell), blank cells left out


def find_header(rows: Iterable[Sequence[object]], columns: Sequence[str]) -> tuple[int, dict[str, int]]:
    """Among the first rows, the first that names a schema column: its row number and, for each column
    it names, the 1-based index. (1, {}) when none does."""
    for number, values in enumerate(rows, 1):
        if number > HEADER_SEARCH_ROWS:
            break
        found: dict[str, int] = {}
        for index, value in enumerate(list(values)[:MAX_HEADER_COLUMNS], 1):
            if value is None or value == "":
                continue
            name = header_name(value)
            if name in columns:
                found.setdefault(name, index)
        if found:
            return number, found
    return 1, {}


def header_name(value: object) -> str:
    """A header as compared with the schema: surrounding spaces (also full-width) do not count."""
    return text.clean(text.cell_text(value)).text.replace(" ", "")


def info_key(value: object) -> str:
    """A 基本信息 key: spaces inside (日 期) and a trailing colon (标题：) are tolerated."""
    return header_name(value).replace("\u3000", "").rstrip(":：")


def cell_ref(grid: Grid, row: dict[str, Cell], column: str) -> str:
    """The cell of `column` in this row, even when the cell is blank (and so not in the row); for a column
    the sheet does not have, the row's first cell."""
    if column in row:
        return row[column].ref
    any_cell = next(iter(row.values()))
    if column not in grid.letters:
        return any_cell.ref
    return f"{grid.letters[column]}{any_cell.ref.lstrip('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}"
