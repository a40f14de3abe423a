"""Where a piece of text came from: a workbook cell or a paragraph of an imported document (stdlib only)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """Where a piece of text came from: a workbook cell or a paragraph of an imported document."""

    file: str = ""
    sheet: str = ""
    cell: str = ""  # "C7"
    paragraph: int = 0  # 1-based paragraph of an imported document; 0 when not from one

    def __str__(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        if self.sheet:
            return self.sheet
        if self.paragraph:
            return f"第{self.paragraph}段"
        return self.file


NOWHERE = Source()
