"""Edits of a cell's canonical text made in the cell as typed, with its line breaks and numbering (stdlib only)."""

from __future__ import annotations

import re
import unicodedata

from .cleaning import INVISIBLE

Edit = tuple[int, int, str]  # (start, end, replacement) in the canonical text

_CONTROL_ESCAPE = re.compile("_x(?:00[01][0-9A-Fa-f]|007[Ff]|008[0-9A-Fa-f]|009[0-9A-Fa-f])_")
_NUMBERING_WINDOW = 12  # a typed marker (（十一）, 第十一，, 11.) is never longer


def carry_edits(typed: str, canonical: str, edits: list[Edit]) -> tuple[str, int]:
    """`typed` with `edits` of `canonical` made where those characters stand in `typed`, and how many
    edits could not be placed (and so were left out: never a guess). `canonical` is `typed` as the reader
    made it: control characters and escapes removed, spaces trimmed, lines joined, numbering taken off,
    a final mark added."""
    places = _align(typed, canonical)
    out, last, skipped = [], 0, 0
    for start, end, replacement in sorted(edits):
        span = _span(places, start, end, len(typed))
        if span is None or span[0] < last:
            skipped += 1
            continue
        out += [typed[last:span[0]], replacement]
        last = span[1]
    return "".join(out) + typed[last:], skipped


def _span(places: list[int], start: int, end: int, size: int) -> tuple[int, int] | None:
    """Where canonical[start:end] stands in the typed text, when it stands there whole and in one piece."""
    if start == end:  # an insertion: after the character before it, or else before the one after it
        if start > 0 and places[start - 1] >= 0:
            return places[start - 1] + 1, places[start - 1] + 1
        if start < len(places) and places[start] >= 0:
            return places[start], places[start]
        return None
    found = places[start:end]
    if any(p < 0 for p in found) or any(b != a + 1 for a, b in zip(found, found[1:])):
        return None
    return found[0], found[-1] + 1


def _align(typed: str, canonical: str) -> list[int]:
    """For each character of `canonical`, its index in `typed` (-1: the reader added it). One pass: the
    reader only removes characters, turns a line break or tab into a space, and adds at the end."""
    removable = _removable(typed)
    places = [-1] * len(canonical)
    i = _after_numbering(typed, canonical, removable)
    for j, ch in enumerate(canonical):
        while i < len(typed) and not _same(typed[i], ch) and removable[i]:
            i += 1
        if i < len(typed) and _same(typed[i], ch):
            places[j] = i
            i += 1
    return places


def _removable(typed: str) -> list[bool]:
    """Characters the reader may have removed: spaces and line breaks, controls, invisible characters,
    Excel's escapes of control characters."""
    flags = [ch.isspace() or ch in INVISIBLE or unicodedata.category(ch) in ("Cc", "Cs") for ch in typed]
    for m in _CONTROL_ESCAPE.finditer(typed):
        flags[m.start():m.end()] = [True] * (m.end() - m.start())
    return flags


def _after_numbering(typed: str, canonical: str, removable: list[bool]) -> int:
    """Where the canonical text starts in `typed`: after a numbering marker the reader took off."""
    i = 0
    while i < len(typed) and removable[i]:
        i += 1
    if not canonical or typed[i:i + 1] == canonical[0]:
        return i
    head = canonical[:8]
    found = typed.find(head, i, i + _NUMBERING_WINDOW + len(head))
    return found if found >= 0 else i


def _same(typed: str, canonical: str) -> bool:
    return typed == canonical or (canonical == " " and typed in "\t\n")  # a tab, or lines joined
