"""docgen: a filled workbook becomes a standard 对照检查材料 .docx."""

from __future__ import annotations

from .api import Outcome, check_workbook, import_report, make_document, make_documents, new_workbook, write_fixed_copy
from .errors import DocgenError, Finding
from .model import Aspect, Item, Meta, Point, Report, Source

__version__ = "0.1.0"

__all__ = [
    "Aspect", "DocgenError", "Finding", "Item", "Meta", "Outcome", "Point", "Report", "Source",
    "__version__", "check_workbook", "import_report", "make_document", "make_documents", "new_workbook",
    "write_fixed_copy",
]
