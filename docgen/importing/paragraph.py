"""A paragraph of an old report: as a reader hands it over, as recognition works on it, and the notes taken."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import text as T
from ..errors import Finding
from ..model import Source

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
    indented: bool = False  # a text line that began with spaces (a copied page keeps them at paragraph starts)


@dataclass(frozen=True)
class Para:
    """A paragraph during recognition: where it came from, its cleaned text (line breaks kept, they matter
    only in the title) and the reader's layout hints."""

    number: int
    text: str
    hints: Paragraph

    @property
    def flat(self) -> str:
        return T.clean(self.text).text


@dataclass
class Notes:
    """The findings recognition collects, each at a paragraph of the source file."""

    file: str
    findings: list[Finding] = field(default_factory=list)

    def src(self, number: int) -> Source:
        return Source(file=self.file, paragraph=number)

    def warn(self, number: int, message: str, hint: str, code: str, level: str = "warning") -> None:
        self.findings.append(Finding(level, self.src(number), message, hint=hint, code=code))  # type: ignore[arg-type]
