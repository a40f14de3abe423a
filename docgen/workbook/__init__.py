"""The workbook: its schema, a sheet's grid, Grid -> Report, Report -> rows, and the one xlsx module."""

from __future__ import annotations

from .patch import write_fixes
from .xlsx import ledger_bytes, preload, read_workbook, workbook_bytes, write_workbook

__all__ = ["ledger_bytes", "preload", "read_workbook", "workbook_bytes", "write_fixes", "write_workbook"]
