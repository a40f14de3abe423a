"""docgen: a filled workbook becomes a standard 对照检查材料 .docx.

Use it from Python as well as from the command line::

    import docgen
    outcome = docgen.read_workbook("branch.xlsx")        # Report and every finding
    findings = docgen.lint(outcome.report)               # what a reviewer would flag
    data = docgen.render(outcome.report)                 # the .docx, as bytes
"""

from __future__ import annotations

from .api import (Outcome, check_workbook, font_report, import_document, import_report, lint, make_document,
                  make_many, make_pdfs, new_workbook, read_workbook, render, render_report, write_action_list,
                  write_fixed_copy, write_workbook)
from .errors import DocgenError, ExitCode, Finding
from .model import Aspect, Item, Meta, Point, Report, Source

__version__ = "0.1.0"

__all__ = [
    "Aspect", "DocgenError", "ExitCode", "Finding", "Item", "Meta", "Outcome", "Point", "Report", "Source",
    "__version__", "check_workbook", "font_report", "import_document", "import_report", "lint",
    "make_document", "make_many", "make_pdfs", "new_workbook", "read_workbook", "render", "render_report",
    "write_action_list", "write_fixed_copy", "write_workbook",
]
