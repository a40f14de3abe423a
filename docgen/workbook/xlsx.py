"""Workbook I/O: read an .xlsx into a Report (every problem found) with python-calamine, or openpyxl where
calamine would read it differently; write one back with openpyxl."""

from __future__ import annotations

import contextlib
import io
import re
import warnings
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import Finding, InputError, OutputError
from ..files.atomic import atomic_write
from ..files.safety import read_package
from ..files.scan import PackageFacts
from ..files.cells import blank_invalid_numbers, column_letters
from ..model import Report
from ..text.numbers import BUILTIN_FORMATS, format_number, format_renders
from .grid import Cell, Grid, find_header
from .guide import GUIDE_ROWS, GUIDE_TITLE
from .reader import build_report
from .rows import LEDGER_COLUMNS, LEDGER_WIDTHS, ledger_rows, report_rows
from .schema import (ACTIONS, DATE, DATE_FORMAT, GUIDE, HEADER_SEARCH_ROWS, INFO, MAX_CELL_CHARS,
                     MAX_HEADER_COLUMNS, SHEETS, SheetSpec)

__all__ = ["ledger_bytes", "preload", "read_workbook", "workbook_bytes", "write_workbook"]

# calamine fills a dense grid from A1 to the farthest cell before it hands back a row; beyond this many
# cells (a stray cell at XFD1048576 would be 17 billion) the streaming openpyxl reader is used instead.
MAX_DENSE_CELLS = 200_000
# calamine holds every string twice while it hands a sheet over (the shared strings and the sheet's cells,
# in UTF-8), besides the Python strings it makes: a workbook of 60 million characters peaked at 330 MB,
# against openpyxl's 157 MB (which streams the rows and keeps each shared string once). Past this many
# inflated bytes the streaming reader is used: it is then as fast (both about 4 s there), and calamine's
# lead, a fixed 10 ms or so, is lost in the reading of the text.
MAX_CALAMINE_BYTES = 8 * 1024 * 1024


def preload() -> None:
    """Import the reader now (before worker processes fork, so they share it)."""
    import python_calamine  # noqa: F401


def read_workbook(path: Path, *, draft: bool = False) -> tuple[Report | None, list[Finding]]:
    """Read a filled workbook; the Report is None when any finding is an error (unless `draft`: then it
    is what could be read, for review)."""
    path = Path(path)
    facts, data = read_package(path, "xlsx")
    source: Path | io.BytesIO = path if data is None else io.BytesIO(data)  # (the bytes scanned, when read whole)
    if facts.invalid_numbers:  # NaN where a number belongs: both readers stumble, so they read it blank
        source = io.BytesIO(_package_bytes(source, blank_invalid_numbers))
    calamine = _calamine_reads_alike(facts) and facts.inflated <= MAX_CALAMINE_BYTES
    grids = _read_calamine(source, facts) if calamine else None
    if grids is None:
        grids = _read_openpyxl(path, source, facts)
    return build_report(path.name, grids, facts.formulas_without_value, facts=facts, draft=draft)


def _calamine_reads_alike(facts: PackageFacts) -> bool:
    """Whether calamine gives what openpyxl gives: it decodes _xHHHH_ escapes (openpyxl keeps them as
    typed, and the reader reports the control characters among them), reads an error value as an empty
    cell, places cells without r="..." otherwise, allocates the whole grid up to the farthest cell, and
    does not say how a number is formatted (95% would read 0.95)."""
    shown = any(format_renders(code or BUILTIN_FORMATS.get(ident, "")) for ident, code in facts.number_formats)
    return not (facts.escapes or facts.error_cells or facts.placeless or shown) and \
        facts.grid_cells <= MAX_DENSE_CELLS


def _package_bytes(source: Path | io.BytesIO, change: Any) -> bytes:
    """The package with every part passed through `change`, members in order with their own settings."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, change(src.read(info)))
    return buffer.getvalue()


def _read_calamine(source: Path | io.BytesIO, facts: PackageFacts) -> dict[str, Grid | None] | None:
    """The grids, or None when calamine cannot read the file (openpyxl then reads it, or says why not)."""
    import python_calamine

    try:
        with _opened(source) as fh:
            book = python_calamine.CalamineWorkbook.from_filelike(fh)
            try:
                by_name: dict[str, str] = {}
                for sheet in book.sheets_metadata:
                    if sheet.typ == python_calamine.SheetTypeEnum.WorkSheet:
                        by_name.setdefault(sheet.name.strip(), sheet.name)  # "存在的问题 " is still the sheet
                grids: dict[str, Grid | None] = {}
                for spec in SHEETS:
                    title = by_name.get(spec.name)
                    if title is None:
                        grids[spec.name] = None
                    else:
                        rows = book.get_sheet_by_name(title).to_python(skip_empty_area=False)
                        grids[spec.name] = _grid(rows, spec, _kept(facts, title))
            finally:
                book.close()
    except _Truncated:  # calamine cuts a string at 32,767 characters: openpyxl reads it whole
        return None
    except Exception:  # openpyxl decides about anything calamine does not read
        return None
    except BaseException as err:  # a panic inside the Rust reader is a BaseException
        if type(err).__name__ != "PanicException":
            raise
        return None
    return grids


class _Truncated(Exception):
    """A string as long as calamine's cut-off: it may have been cut."""


def _kept(facts: PackageFacts, sheet: str) -> set[str]:
    """Cells a grid keeps even when they read blank: formulas without a value, numbers that are none."""
    return set(facts.formulas_without_value.get(sheet, ())) | set(facts.invalid_numbers.get(sheet, ()))


def _grid(rows: list[list[Any]], spec: SheetSpec, kept: set[str]) -> Grid:
    """A Grid from calamine's rows (row 1 first; "" is an empty cell), as _read_grid makes from openpyxl's."""
    header, columns = find_header(rows[:HEADER_SEARCH_ROWS], spec.columns)
    letters = {name: column_letters(index) for name, index in columns.items()}
    found = []
    # calamine's grid ends at the last cell with a value; a formula without one may lie below it
    last = max([len(rows)] + [int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) for ref in kept])
    places = [(name, index - 1, letters[name]) for name, index in columns.items()]
    for number in range(header + 1, last + 1) if columns else ():
        row = rows[number - 1] if number <= len(rows) else ()
        cells = {}
        for name, at, letter in places:
            value = row[at] if at < len(row) else ""
            if value == "":  # openpyxl reads an empty cell as None; an empty string and None read the same
                if kept and f"{letter}{number}" in kept:
                    cells[name] = Cell(f"{letter}{number}", None)
                continue
            if isinstance(value, str) and len(value) >= MAX_CELL_CHARS:
                raise _Truncated
            cells[name] = Cell(f"{letter}{number}", value)
        if cells:
            found.append((number, cells))
    return Grid(spec.name, letters, tuple(found))


def _opened(source: Path | io.BytesIO) -> Any:
    return source.open("rb") if isinstance(source, Path) else contextlib.nullcontext(source)


def _read_openpyxl(path: Path, source: Path | io.BytesIO, facts: PackageFacts) -> dict[str, Grid | None]:
    import openpyxl

    try:
        with _opened(source) as fh, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about features it drops; irrelevant here
            # a file object, not a name: openpyxl would otherwise refuse a workbook not named .xlsx
            book = openpyxl.load_workbook(fh, read_only=True, data_only=True, keep_links=False)
            try:
                return _read_grids(book, facts)
            finally:
                book.close()
    except OSError as err:
        raise InputError("无法读取工作簿", file=str(path), hint=f"请检查文件是否可以打开（{err}）") from err
    except Exception as err:  # openpyxl reports malformed parts with many exception types
        raise InputError("无法读取工作簿，文件内容可能已损坏", file=str(path),
                         hint="请在 Excel 中打开并重新保存后再试") from err


def _read_grids(book: Any, facts: PackageFacts) -> dict[str, Grid | None]:
    by_name = {}
    for ws in book.worksheets:
        by_name.setdefault(ws.title.strip(), ws)  # "存在的问题 " is still the sheet
    grids: dict[str, Grid | None] = {}
    for spec in SHEETS:
        ws = by_name.get(spec.name)
        if ws is None or not hasattr(ws, "iter_rows"):
            grids[spec.name] = None
        else:
            grids[spec.name] = _read_grid(ws, spec, _kept(facts, ws.title))
    return grids


def _read_grid(ws: Any, spec: SheetSpec, kept: set[str]) -> Grid:
    top = ws.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS, max_col=MAX_HEADER_COLUMNS)
    header, columns = find_header(([cell.value for cell in row] for row in top), spec.columns)
    letters = {name: column_letters(index) for name, index in columns.items()}
    rows = []
    if columns:
        # max_col bounds every row: a lying <dimension> or a far-right cell cannot widen it
        blank: object = None
        for number, row in enumerate(ws.iter_rows(min_row=header + 1, max_col=max(columns.values())), header + 1):
            if row is blank:  # read-only mode pads missing rows with one shared tuple: skip it fast
                continue
            cells = {}
            for name, index in columns.items():
                cell = row[index - 1] if index <= len(row) else None
                value = _shown(getattr(cell, "value", None), getattr(cell, "number_format", None))
                ref = f"{letters[name]}{number}"
                if value is not None or ref in kept:
                    cells[name] = Cell(ref, value, getattr(cell, "data_type", None) == "e")
            if cells:
                rows.append((number, cells))
            else:
                blank = row
    return Grid(spec.name, letters, tuple(rows))


def _shown(value: object, number_format: str | None) -> object:
    """A number as Excel shows it (95%, 1,234.50); anything else, or a General number, as it is."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and number_format:
        shown = format_number(value, number_format)
        if shown is not None:
            return shown
    return value


def workbook_bytes(report: Report | None) -> bytes:
    """The workbook as bytes: a blank form for None (docgen new), else the report's content."""
    import openpyxl

    book = openpyxl.Workbook()
    _write_guide(book.active)
    rows = report_rows(report)
    for spec in SHEETS:
        ws = book.create_sheet(spec.name)
        _write_sheet(ws, spec, rows[spec.name])
    return _bytes(book)


def ledger_bytes(report: Report) -> bytes:
    """The 整改清单 alone, as a workbook ready to be kept as the 台账: the title above, a header row that
    stays in view and prints on every page, thin borders, wrapped text, landscape A4 fitted to the width."""
    import openpyxl
    from openpyxl.styles import Border, Font, Side
    from openpyxl.worksheet.properties import PageSetupProperties

    header_font, header_fill, wrap_top = _styles()
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = ACTIONS
    _set_value(ws.cell(row=1, column=1), "".join(report.meta.attachment_title.split("\n")))
    ws["A1"].font = Font(bold=True, size=16)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(LEDGER_COLUMNS))
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for index, (name, width) in enumerate(zip(LEDGER_COLUMNS, LEDGER_WIDTHS), 1):
        ws.column_dimensions[column_letters(index)].width = width
        cell = ws.cell(row=2, column=index, value=name)
        cell.font, cell.fill, cell.alignment, cell.border = header_font, header_fill, wrap_top, box
    for number, values in enumerate(ledger_rows(report), 3):
        for index, value in enumerate(values, 1):
            cell = ws.cell(row=number, column=index)
            _set_value(cell, value)
            cell.alignment, cell.border = wrap_top, box
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{column_letters(len(LEDGER_COLUMNS))}{max(2, ws.max_row)}"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    return _bytes(book)


def write_workbook(path: Path, report: Report | None) -> None:
    """Write workbook_bytes(report) to `path` atomically."""
    atomic_write(Path(path), workbook_bytes(report))


@lru_cache(maxsize=1)
def _styles() -> tuple[Any, Any, Any]:
    """(header font, header fill, wrapped top alignment), made when a workbook is first written."""
    from openpyxl.styles import Alignment, Font, PatternFill

    return Font(bold=True), PatternFill("solid", fgColor="DDEBF7"), Alignment(wrap_text=True, vertical="top")


def _write_guide(ws: Any) -> None:
    from openpyxl.styles import Font

    header_font, header_fill, wrap_top = _styles()
    ws.title = GUIDE
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 100
    ws.append([GUIDE_TITLE])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["项目", "说明"])
    for what, how in GUIDE_ROWS:
        ws.append([what, how])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap_top
    for cell in ws[2]:
        cell.font, cell.fill = header_font, header_fill
    for row in ws.iter_rows(min_row=3):
        if not str(row[0].value).startswith("　"):  # a sheet or rule name, not one of its columns
            row[0].font = header_font


def _write_sheet(ws: Any, spec: SheetSpec, rows: list[list[object]]) -> None:
    header_font, header_fill, wrap_top = _styles()
    ws.append(list(spec.columns))
    for cell in ws[1]:
        cell.font, cell.fill, cell.alignment = header_font, header_fill, wrap_top
    ws.freeze_panes = "A2"
    for index, width in enumerate(spec.widths, 1):
        dim = ws.column_dimensions[column_letters(index)]
        dim.width = width
        dim.alignment = wrap_top  # rows the user adds later wrap too
    for number, values in enumerate(rows, 2):
        for index, value in enumerate(values, 1):
            cell = ws.cell(row=number, column=index)
            _set_value(cell, value)
            cell.alignment = wrap_top
            if spec.name == INFO and index == 2 and values[0] == DATE:
                cell.number_format = DATE_FORMAT


def _set_value(cell: Any, value: object) -> None:
    """Store text as text: a cell starting with "=" must never become a formula."""
    if isinstance(value, str):
        if len(value) > MAX_CELL_CHARS:
            raise OutputError(f"{cell.parent.title}!{cell.coordinate} 的内容超过 Excel 单元格上限 "
                              f"{MAX_CELL_CHARS:,} 个字符，无法写入工作簿", hint="请把这段内容拆短后重试")
        cell.value = value
        cell.data_type = "s"
    else:
        cell.value = value


def _bytes(book: Any) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return _package_bytes(buffer, _utf8)


# openpyxl writes every character beyond ASCII as a reference (&#23398;, 8 bytes for 3): a large
# workbook docgen wrote would not pass docgen's own size guard. As UTF-8 it reads the same.
_REFERENCE = re.compile(rb"&#(?:(\d{3,7})|x([0-9A-Fa-f]{2,6}));")


def _utf8(data: bytes) -> bytes:
    head = data[:100].lower()
    if b"&#" not in data or (b"encoding=" in head and b"utf-8" not in head):  # (openpyxl writes UTF-8)
        return data

    def character(m: re.Match[bytes]) -> bytes:
        code = int(m.group(1)) if m.group(1) else int(m.group(2), 16)
        if code < 0x80 or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF) or code > 0x10FFFF:
            return m.group(0)  # ASCII (a &#13; must stay a reference) and what XML cannot hold literally
        return chr(code).encode("utf-8")

    return _REFERENCE.sub(character, data)

