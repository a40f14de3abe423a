"""The workbook: its schema, a sheet's grid, Grid -> Report, Report -> rows, and the one xlsx module."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .xlsx import ledger_bytes, preload, read_workbook, workbook_bytes, write_workbook

if TYPE_CHECKING:
    from .patch import write_fixes

__all__ = ["ledger_bytes", "preload", "read_workbook", "workbook_bytes", "write_fixes", "write_workbook"]


def __getattr__(name: str) -> Any:
    if name == "write_fixes":  # check --fix alone patches workbooks: make and check need none of it
        from .patch import write_fixes

        return write_fixes
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
