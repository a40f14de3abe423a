"""PDF through LibreOffice and the fonts it will find: one module for everything outside Python that a
PDF needs (soffice, fontconfig, the machine's font folders), run without a shell and with time limits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .fonts import Face, FontCheck, font_report

if TYPE_CHECKING:
    from .office import Converted, convert, find_soffice, require_soffice

__all__ = ["Converted", "Face", "FontCheck", "convert", "find_soffice", "font_report", "require_soffice"]
_OFFICE = ("Converted", "convert", "find_soffice", "require_soffice")


def __getattr__(name: str) -> Any:
    if name in _OFFICE:  # LibreOffice's side, loaded only for a PDF (make's font check needs none of it)
        from . import office

        return getattr(office, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
