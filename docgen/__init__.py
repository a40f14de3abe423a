"""docgen: a filled workbook becomes a standard 对照检查材料 .docx.

Use it from Python as well as from the command line::

    import docgen
    outcome = docgen.read_workbook("branch.xlsx")        # Report and every finding
    findings = docgen.lint(outcome.report)               # what a reviewer would flag
    data = docgen.render(outcome.report)                 # the .docx, as bytes
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Each public name and the module that defines it. They are imported when first asked for, so that the
# command line's help pages start without loading the library behind them.
_EXPORTS = {
    **dict.fromkeys(("Outcome", "check_workbook", "font_report", "import_document", "import_report", "lint",
                     "make_document", "make_many", "make_pdfs", "new_workbook", "read_workbook", "render",
                     "render_report", "write_action_list", "write_fixed_copy", "write_workbook"), "api"),
    **dict.fromkeys(("DocgenError", "ExitCode", "Finding"), "errors"),
    **dict.fromkeys(("Aspect", "Item", "Meta", "Point", "Report"), "model"),
    "Source": "source",
}
__all__ = [
    "Aspect", "DocgenError", "ExitCode", "Finding", "Item", "Meta", "Outcome", "Point", "Report", "Source",
    "__version__", "check_workbook", "font_report", "import_document", "import_report", "lint", "make_document",
    "make_many", "make_pdfs", "new_workbook", "read_workbook", "render", "render_report", "write_action_list",
    "write_fixed_copy", "write_workbook",
]

if TYPE_CHECKING:
    from .api import (Outcome, check_workbook, font_report, import_document, import_report, lint, make_document,
                      make_many, make_pdfs, new_workbook, read_workbook, render, render_report, write_action_list,
                      write_fixed_copy, write_workbook)
    from .errors import DocgenError, ExitCode, Finding
    from .model import Aspect, Item, Meta, Point, Report
    from .source import Source


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'docgen' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
