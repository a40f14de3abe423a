"""The workbook: its schema, a sheet's grid, Grid -> Report, Report -> rows, and the one xlsx module."""

from __future__ import annotations

from .xlsx import preload, read_workbook, workbook_bytes, write_fixes, write_workbook

__all__ = ["preload", "read_workbook", "workbook_bytes", "write_fixes", "write_workbook"]
