"""Workbook I/O through openpyxl: read an .xlsx into a Report (every problem found), write one back."""

from __future__ import annotations

import os
import secrets
import warnings
from pathlib import Path
from typing import Any, Mapping

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .archive import inspect_package
from .errors import Finding, InputError, OutputError
from .model import Report
from .sheets import (DATE, DATE_FORMAT, GUIDE, GUIDE_ROWS, GUIDE_TITLE, INFO, MAX_CELL_CHARS, SHEETS, Cell, Grid,
                     SheetSpec, build_report, header_name, report_rows)

__all__ = ["read_workbook", "write_workbook", "write_fixes"]

MAX_HEADER_COLUMNS = 64  # headers further right than this are not looked for
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def read_workbook(path: Path) -> tuple[Report | None, list[Finding]]:
    """Read a filled workbook; the Report is None when any finding is an error."""
    path = Path(path)
    facts = inspect_package(path, "xlsx")
    try:
        with path.open("rb") as fh, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about features it drops; irrelevant here
            # a file object, not a name: openpyxl would otherwise refuse a workbook not named .xlsx
            book = openpyxl.load_workbook(fh, read_only=True, data_only=True, keep_links=False)
            try:
                grids = _read_grids(book, facts.formulas_without_value)
            finally:
                book.close()
    except OSError as err:
        raise InputError("无法读取工作簿", file=str(path), hint=f"请检查文件是否可以打开（{err}）") from err
    except Exception as err:  # openpyxl reports malformed parts with many exception types
        raise InputError("无法读取工作簿，文件内容可能已损坏", file=str(path),
                         hint="请在 Excel 中打开并重新保存后再试") from err
    return build_report(path.name, grids, facts.formulas_without_value)


def _read_grids(book: Any, uncalculated: Mapping[str, tuple[str, ...]]) -> dict[str, Grid | None]:
    by_name = {}
    for ws in book.worksheets:
        by_name.setdefault(ws.title.strip(), ws)  # "存在的问题 " is still the sheet
    grids: dict[str, Grid | None] = {}
    for spec in SHEETS:
        ws = by_name.get(spec.name)
        if ws is None or not hasattr(ws, "iter_rows"):
            grids[spec.name] = None
        else:
            grids[spec.name] = _read_grid(ws, spec, set(uncalculated.get(ws.title, ())))
    return grids


def _read_grid(ws: Any, spec: SheetSpec, uncalculated: set[str]) -> Grid:
    columns: dict[str, int] = {}
    for index, cell in enumerate(next(ws.iter_rows(min_row=1, max_row=1, max_col=MAX_HEADER_COLUMNS), ()), 1):
        name = header_name(cell.value)
        if name in spec.columns:
            columns.setdefault(name, index)
    letters = {name: get_column_letter(index) for name, index in columns.items()}
    rows = []
    if columns:
        # max_col bounds every row: a lying <dimension> or a far-right cell cannot widen it
        blank: object = None
        for number, row in enumerate(ws.iter_rows(min_row=2, max_col=max(columns.values())), 2):
            if row is blank:  # read-only mode pads missing rows with one shared tuple: skip it fast
                continue
            cells = {}
            for name, index in columns.items():
                cell = row[index - 1] if index <= len(row) else None
                value = getattr(cell, "value", None)
                ref = f"{letters[name]}{number}"
                if value is not None or ref in uncalculated:
                    cells[name] = Cell(ref, value, getattr(cell, "data_type", None) == "e")
            if cells:
                rows.append((number, cells))
            else:
                blank = row
    return Grid(spec.name, letters, tuple(rows))


def write_workbook(path: Path, report: Report | None) -> None:
    """Write the workbook: a blank form for None (docgen new), else the report's content."""
    book = openpyxl.Workbook()
    _write_guide(book.active)
    rows = report_rows(report)
    for spec in SHEETS:
        ws = book.create_sheet(spec.name)
        _write_sheet(ws, spec, rows[spec.name])
    _save_atomically(book, Path(path))


def _write_guide(ws: Any) -> None:
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
            cell.alignment = _WRAP_TOP
    for cell in ws[2]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for row in ws.iter_rows(min_row=3):
        if not str(row[0].value).startswith("　"):  # a sheet or rule name, not one of its columns
            row[0].font = _HEADER_FONT


def _write_sheet(ws: Any, spec: SheetSpec, rows: list[list[object]]) -> None:
    ws.append(list(spec.columns))
    for cell in ws[1]:
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _WRAP_TOP
    ws.freeze_panes = "A2"
    for index, width in enumerate(spec.widths, 1):
        dim = ws.column_dimensions[get_column_letter(index)]
        dim.width = width
        dim.alignment = _WRAP_TOP  # rows the user adds later wrap too
    for number, values in enumerate(rows, 2):
        for index, value in enumerate(values, 1):
            cell = ws.cell(row=number, column=index)
            _set_value(cell, value)
            cell.alignment = _WRAP_TOP
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


def write_fixes(src: Path, out: Path, fixes: Mapping[tuple[str, str], str]) -> None:
    """Write a copy of `src` to `out` with cells (sheet, "C7") set to new text; `src` is not touched."""
    src, out = Path(src), Path(out)
    inspect_package(src, "xlsx")
    try:
        with src.open("rb") as fh, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(fh)
    except OSError as err:
        raise InputError("无法读取工作簿", file=str(src), hint=f"请检查文件是否可以打开（{err}）") from err
    except Exception as err:  # openpyxl reports malformed parts with many exception types
        raise InputError("无法读取工作簿，文件内容可能已损坏", file=str(src),
                         hint="请在 Excel 中打开并重新保存后再试") from err
    by_name = {ws.title.strip(): ws for ws in book.worksheets}
    for (sheet, ref), value in fixes.items():
        ws = by_name.get(sheet.strip())
        if ws is None:
            raise InputError(f"找不到工作表“{sheet}”", file=str(src), hint="工作簿在检查之后被修改过，请重新运行检查")
        cell = ws[ref]
        if isinstance(cell, MergedCell):
            raise InputError(f"{sheet}!{ref} 是合并单元格的一部分，无法自动修改", file=str(src),
                             hint="请手工修改这个单元格")
        _set_value(cell, value)
    _save_atomically(book, out)


def _save_atomically(book: Any, path: Path) -> None:
    """Save to a temporary file beside `path`, then rename: a failure never leaves half a workbook."""
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        # O_EXCL: never follow or reuse something already there; mode 0o666 lets the umask decide
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as fh:
            book.save(fh)
        os.replace(temp, path)
    except OSError as err:
        _remove(temp)
        hint = "请确认文件夹存在并且可以写入；如果该文件正在 Excel 中打开，请先关闭"
        raise OutputError(f"无法写入工作簿（{err.strerror or err}）", file=str(path), hint=hint) from err
    except BaseException:
        _remove(temp)
        raise


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
