"""One paragraph of an old report as a reader hands it to recognition: its number, text and layout hints."""

from __future__ import annotations

from dataclasses import dataclass

BLANK = " \t\u3000\u00a0\r\n\ufeff"  # trimmed around a paragraph


@dataclass(frozen=True)
class Paragraph:
    """One non-empty paragraph: its 1-based number among the non-empty ones, its text and layout hints."""

    number: int
    text: str  # Word's automatic numbering label prepended; "\n" where the paragraph has a line break
    centered: bool = False
    right: bool = False
    title_style: bool = False  # a Title style (or 标题 / 副标题)
    heading: int = 0  # outline level 1…9 of a heading style, 0 for body text
