"""PDF through LibreOffice and the fonts it will find: one module for everything outside Python that a
PDF needs (soffice, fontconfig, the machine's font folders), run without a shell and with time limits."""

from __future__ import annotations

from .fonts import Face, FontCheck, font_report, missing_faces
from .office import Converted, convert, find_soffice, require_soffice

__all__ = ["Converted", "Face", "FontCheck", "convert", "find_soffice", "font_report", "missing_faces",
           "require_soffice"]
