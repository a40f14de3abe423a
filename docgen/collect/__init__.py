"""The organisation office's summary of all branches' workbooks (docgen collect) and the reading it shares
with check --against."""

from __future__ import annotations

from .gather import Collected, collect, collect_paths, find_workbooks, summary_bytes
from .reading import Unit, read_last, review_findings, review_unit
from .summary import SHEETS

__all__ = ["SHEETS", "Collected", "Unit", "collect", "collect_paths", "find_workbooks", "read_last", "review_findings",
           "review_unit", "summary_bytes"]
