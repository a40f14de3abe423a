"""Cells of a worksheet part: formulas without a value, numbers that are none, merged ranges, columns."""

from __future__ import annotations

import functools
import math
import re
from typing import Iterator
from xml.parsers import expat

MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384  # Excel's grid: what A:A and 1:1 span
PLACE = re.compile(rb"\br\s*=\s*[\"']\$?([A-Za-z]*)\$?(\d+)[\"']")
# Where a number cell's <v> may hold something that is no finite number (NaN, INF, 1e999): a quick test
# before the per-cell search.
ODD_VALUE = re.compile(rb"v>\s*[-+]?(?:[A-Za-z]|[\d.]+[eE][-+]?\d{3})")  # (starts at a literal: fast)
# A cell with its attributes, what comes before its value (never another cell) and the value.
_VALUE_CELL = re.compile(rb"(<(?:[\w.-]+:)?c\s([^>]*?)(?<!/)>(?:(?!</?(?:[\w.-]+:)?c[\s/>]).)*?"
                         rb"<(?:[\w.-]+:)?v>)([^<]*)(<)", re.S)
_TYPE = re.compile(rb"\bt\s*=\s*[\"'](\w*)[\"']")


def _odd(match: re.Match[bytes]) -> bool:
    kind = _TYPE.search(match.group(2))
    return (kind is None or kind.group(1) == b"n") and not _finite(match.group(3).strip())


def _finite(value: bytes) -> bool:
    try:
        return math.isfinite(float(value)) if value else True
    except ValueError:
        return False


def invalid_numbers(data: bytes) -> Iterator[tuple[str, str]]:
    """(cell, what its <v> holds) for every number cell in `data` whose value is no finite number."""
    if not ODD_VALUE.search(data):
        return
    for m in _VALUE_CELL.finditer(data):
        place = PLACE.search(m.group(2))
        if place and _odd(m):
            ref = (place.group(1) + place.group(2)).decode("ascii").upper()
            yield ref, m.group(3).strip()[:20].decode("utf-8", "replace")


def blank_invalid_numbers(data: bytes) -> bytes:
    """`data` with the value of every such cell left empty, which both readers read as a blank cell
    (python-calamine would read NaN as a date, or panic; openpyxl refuses the whole sheet)."""
    if not ODD_VALUE.search(data):
        return data
    return _VALUE_CELL.sub(lambda m: m.group(1) + m.group(4) if _odd(m) else m.group(0), data)


class UncalculatedCells:
    """Expat handlers finding <c> elements that hold an <f> but no saved <v> value.

    openpyxl and other writers save a formula with an empty <v></v>; an empty value only counts as
    saved when the cell is typed as a string result (t="str"), where "" is a real result.
    """

    def __init__(self) -> None:
        self.cells: list[str] = []
        self.row = 0
        self.col: int | None = 0
        self.ref = ""
        self.is_string = self.has_f = self.has_v = self.in_v = False
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.text

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2] if ":" in name else name
        if local == "c":
            self.has_f = self.has_v = False
            self.is_string = attrs.get("t") in ("str", "s", "inlineStr")
            ref = attrs.get("r")
            if ref:
                self.ref, self.col = ref, None
            else:  # positional cells: count from the previous one
                if self.col is None:
                    self.col = col_index(self.ref.rstrip("0123456789") or "A")
                self.col += 1
                self.ref = f"{column_letters(self.col)}{self.row}"
        elif local == "row":
            r = attrs.get("r", "")
            self.row = int(r) if r.isdigit() else self.row + 1
            self.col = 0
        elif local == "f":
            self.has_f = True
        elif local == "v":
            self.in_v = True
            self.has_v = self.has_v or self.is_string

    def text(self, data: str) -> None:
        if self.in_v and data.strip():
            self.has_v = True

    def end(self, name: str) -> None:
        local = name.rpartition(":")[2] if ":" in name else name
        if local == "v":
            self.in_v = False
        elif local == "c" and self.has_f and not self.has_v:
            self.cells.append(self.ref)




def merged_cells(ref: bytes) -> int:
    """How many cells a merged range covers, in any notation Excel accepts: A1:B2, $A$1:$XFD$1048576,
    A:A (whole columns), 1:1 (whole rows), spaces around the parts."""
    text = re.sub(r"\s*:\s*", ":", ref.decode("ascii", "replace").replace("$", "")).upper()
    total = 0
    for piece in text.split():
        ends = [re.fullmatch(r"([A-Z]{0,3})(\d{0,7})", end) for end in piece.split(":")[:2]]
        if not all(ends) or any(not (m.group(1) or m.group(2)) for m in ends):  # type: ignore[union-attr]
            continue
        cols = [col_index(m.group(1)) if m.group(1) else None for m in ends]  # type: ignore[union-attr]
        rows = [int(m.group(2)) if m.group(2) else None for m in ends]  # type: ignore[union-attr]
        width = MAX_COLUMNS if None in cols else abs(cols[-1] - cols[0]) + 1  # type: ignore[operator]
        height = MAX_ROWS if None in rows else abs(rows[-1] - rows[0]) + 1  # type: ignore[operator]
        total += width * height
    return total


def col_index(letters: bytes | str) -> int:
    """A -> 1, AA -> 27."""
    n = 0
    for ch in letters.upper() if isinstance(letters, str) else letters.decode("ascii").upper():
        n = n * 26 + ord(ch) - 64
    return n


@functools.lru_cache(maxsize=None)
def column_letters(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
