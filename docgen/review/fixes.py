"""Safe mechanical fixes of a text, and the corrected text of each cell that `check --fix` writes."""

from __future__ import annotations

import functools
from typing import Callable, Iterable

from ..errors import Finding
from ..model import Report, Source
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
    return _fixed(text, kind)[0]


def fix_edits(text: str, kind: str = "") -> list[R.Edit]:
    """The edits that turn `text` into safe_fix(text, kind), as (start, end, replacement) spans of `text`
    itself: exactly the characters the findings name, so that `check --fix` can make them in the cell
    as typed (with its line breaks and numbering) and change nothing else."""
    fixed, origins = _fixed(text, kind)
    edits: list[R.Edit] = []
    last_origin = last_place = -1
    kept = [(place, origin) for place, origin in enumerate(origins) if origin >= 0]
    for place, origin in kept + [(len(fixed), len(text))]:
        if origin - last_origin > 1 or place - last_place > 1:
            edits.append((last_origin + 1, origin, fixed[last_place + 1:place]))
        last_origin, last_place = origin, place
    return edits


def _fixed(text: str, kind: str) -> tuple[str, list[int]]:
    """safe_fix's text, and for each of its characters the index it had in `text` (-1: written by a fix)."""
    origins = list(range(len(text)))
    marks = kind not in NO_SPACED_CHECK
    # The passes feed each other (an added 。 makes a lone ")" Chinese), so run them until stable;
    # every pass only turns half-width into full-width or removes, so this ends.
    for _ in range(len(text) + 2):
        out, where = text, origins
        for edits in (R.halfwidth_edits, R.space_edits, R.doubled_punct_edits):  # each line on its own
            out, where = R.apply_tracked(out, where, _by_line(out, edits, marks))
        edit = R.end_edit(out, colon=kind == "intro") if kind in SENTENCE_KINDS else R.title_end_edit(out) \
            if kind in HEADING_KINDS else None
        if edit:
            out, where = R.apply_tracked(out, where, [edit])
        if out == text:
            break
        text, origins = out, where
    return text, origins


def _by_line(text: str, edits: Callable[[str, bool], list[R.Edit]], marks: bool) -> list[R.Edit]:
    found, start = [], 0
    for line in text.split("\n"):
        found += [(a + start, b + start, rep) for a, b, rep in edits(line, marks)]
        start += len(line) + 1
    return found


def key_of(source: Source) -> tuple[str, str] | None:
    return (source.sheet, source.cell) if source.sheet and source.cell else None


class CellFixes:
    """The corrected text of each cell, worked out only for cells a fixable finding points at.
    Several texts can share a cell (开篇: one paragraph a line)."""

    def __init__(self, texts: list[tuple[str, str, Source]]) -> None:
        self.texts = texts
        self.fixed: dict[tuple[str, str], str] = {}

    @functools.cached_property
    def parts(self) -> dict[tuple[str, str], list[tuple[str, str]]]:
        """Each cell's texts, gathered when first asked for: a clean report never asks."""
        parts: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for kind, text, source in self.texts:
            key = key_of(source)
            if key:
                parts.setdefault(key, []).append((kind, text))
        return parts

    def get(self, key: tuple[str, str] | None) -> str | None:
        if key is None or key not in self.parts:
            return None
        if key not in self.fixed:
            self.fixed[key] = "\n".join(safe_fix(t, k) for k, t in self.parts[key])
        return self.fixed[key]

    def of(self, source: Source) -> str | None:
        """The corrected text of the cell that source names (None when it names no cell of the workbook)."""
        return self.get(key_of(source))

    def edits(self, key: tuple[str, str]) -> tuple[str, list[R.Edit]]:
        """The cell's text as read (its texts, one a line) and the edits of its fixes, in that text."""
        found: list[R.Edit] = []
        start = 0
        for kind, text in self.parts.get(key, []):
            found += [(a + start, b + start, rep) for a, b, rep in fix_edits(text, kind)]
            start += len(text) + 1
        return "\n".join(text for _, text in self.parts.get(key, [])), found


def cell_edits(report: Report, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, list[R.Edit]]]:
    """For each (sheet, cell): its text as the report holds it, and the edits its safe fixes make there."""
    cells = CellFixes(list(report.texts()))
    return {key: cells.edits(key) for key in keys}


def collect_fixes(findings: Iterable[Finding]) -> dict[tuple[str, str], str]:
    """(sheet, cell) -> corrected cell text. The fix of every finding is already the whole cell with
    all its safe fixes applied together (lint computes it once per cell), so fixes of one cell agree."""
    fixes: dict[tuple[str, str], str] = {}
    for f in findings:
        if f.fix is not None and f.source.sheet and f.source.cell:
            fixes.setdefault((f.source.sheet, f.source.cell), f.fix)
    return fixes
