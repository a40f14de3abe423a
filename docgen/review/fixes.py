"""Safe mechanical fixes of a text, and the corrected text of each cell that `check --fix` writes."""

from __future__ import annotations

from typing import Iterable

from ..errors import Finding
from ..model import Source
from . import rules as R

AUTO = "可自动改正（docgen check --fix）"
# Kinds of text that are sentences and must end with 。！？, and headings that must not end with any mark.
SENTENCE_KINDS = frozenset({"intro", "detail", "cause_text", "direction_text", "rectified_done", "extra_text"})
HEADING_KINDS = frozenset({"title", "part_title", "aspect", "extra_title"})
# An 开篇 line that may be half of a sentence broken by a PDF: no closing mark is added to it.
BROKEN = "intro_broken"
# Watermark-like letter spacing is a deliberate layout habit in short titles (对 照 检 查 材 料).
NO_SPACED_CHECK = frozenset({"title", "part_title", "organization", "name"})


def safe_fix(text: str, kind: str = "") -> str:
    """Every safe mechanical fix of one text: full-width punctuation next to Chinese, stray spaces,
    doubled punctuation; with a kind, closing punctuation of sentences and headings. Idempotent."""
    # The passes feed each other (an added 。 makes a lone ")" Chinese), so run them until stable;
    # every pass only turns half-width into full-width or removes, so this ends.
    for _ in range(len(text) + 2):
        out = "\n".join(_fix_line(line, kind) for line in text.split("\n"))
        edit = R.end_edit(out, colon=kind == "intro") if kind in SENTENCE_KINDS else R.title_end_edit(out) \
            if kind in HEADING_KINDS else None
        out = R.apply_edits(out, [edit]) if edit else out
        if out == text:
            break
        text = out
    return text


def _fix_line(line: str, kind: str) -> str:
    marks = kind not in NO_SPACED_CHECK
    for edits in (R.halfwidth_edits, R.space_edits, R.doubled_punct_edits):
        line = R.apply_edits(line, edits(line, marks))
    return line


def key_of(source: Source) -> tuple[str, str] | None:
    return (source.sheet, source.cell) if source.sheet and source.cell else None


class CellFixes:
    """The corrected text of each cell, worked out only for cells a fixable finding points at.
    Several texts can share a cell (开篇: one paragraph a line)."""

    def __init__(self, texts: list[tuple[str, str, Source]]) -> None:
        self.parts: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for kind, text, source in texts:
            key = key_of(source)
            if key:
                self.parts.setdefault(key, []).append((kind, text))
        self.fixed: dict[tuple[str, str], str] = {}

    def get(self, key: tuple[str, str] | None) -> str | None:
        if key is None or key not in self.parts:
            return None
        if key not in self.fixed:
            self.fixed[key] = "\n".join(safe_fix(t, k) for k, t in self.parts[key])
        return self.fixed[key]


def collect_fixes(findings: Iterable[Finding]) -> dict[tuple[str, str], str]:
    """(sheet, cell) -> corrected cell text. The fix of every finding is already the whole cell with
    all its safe fixes applied together (lint computes it once per cell), so fixes of one cell agree."""
    fixes: dict[tuple[str, str], str] = {}
    for f in findings:
        if f.fix is not None and f.source.sheet and f.source.cell:
            fixes.setdefault((f.source.sheet, f.source.cell), f.fix)
    return fixes
