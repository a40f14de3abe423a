"""Importing an old report: the .docx and .txt readers, Word's numbering, recognition -> Report."""

from __future__ import annotations

from .document import import_document, read_document

__all__ = ["import_document", "read_document"]
