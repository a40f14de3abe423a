"""Confusions (错别字 and non-standard forms) and political terms written wrongly (提法), read from the
packaged confusions.tsv and terms.tsv: each a wrong form (a literal or a pattern with a gap), its right
form, an example and a source."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterator

from .search import LiteralSearch, literal_search
from .tables import anchor, check_pattern, packaged, parse_rows

COLUMNS = ("wrong", "right", "example", "note", "source", "pattern")
REQUIRED = ("wrong", "right", "example")


@dataclass(frozen=True)
class Confusion:
    wrong: str  # the wrong form as a reader sees it (quoted in the message)
    right: str
    example: str  # a phrase with the right form; with right replaced by wrong it must be caught
    note: str = ""
    source: str = ""  # where the right form is laid down (a dictionary, a standard, an official text)
    pattern: str = ""  # where the wrong form counts, when not everywhere it appears (拉进.{0,6}距离)
    anchor: str = field(default="", compare=False, repr=False)  # text every match contains

    def __post_init__(self) -> None:
        if self.pattern:
            check_pattern(self.pattern)
        object.__setattr__(self, "anchor", anchor(self.pattern) if self.pattern else self.wrong)

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """Compiled when first needed: a text holds the anchors of only a few entries."""
        return re.compile(self.pattern or re.escape(self.wrong))


def parse_confusions(data: str, name: str = "confusions.tsv") -> tuple[Confusion, ...]:
    """One entry per line under a header row naming the columns (wrong, right, example, note, source,
    pattern; tab-separated); # starts a comment line."""
    out = []
    for number, row in parse_rows(data, name, REQUIRED):
        if row["wrong"] == row["right"]:
            raise ValueError(f"{name}:{number}: the wrong form is the right one")
        try:
            entry = Confusion(**{c: row.get(c, "") for c in COLUMNS})
        except ValueError as err:
            raise ValueError(f"{name}:{number}: bad pattern: {err}") from err
        if len(entry.anchor) < 2:
            raise ValueError(f"{name}:{number}: the pattern needs two literal characters every match has")
        out.append(entry)
    return tuple(out)


@functools.lru_cache(maxsize=1)
def default_confusions() -> tuple[Confusion, ...]:
    return parse_confusions(packaged("confusions.tsv"))


@functools.lru_cache(maxsize=1)
def default_terms() -> tuple[Confusion, ...]:
    return parse_confusions(packaged("terms.tsv"), "terms.tsv")


_SEARCHES: dict[int, tuple[tuple[Confusion, ...], LiteralSearch]] = {}


def _any_anchor(table: tuple[Confusion, ...]) -> LiteralSearch:
    # Kept by identity: hashing the table would cost more than the search it saves.
    known = _SEARCHES.get(id(table))
    if known is None or known[0] is not table:
        if len(_SEARCHES) > 8:
            _SEARCHES.clear()
        known = _SEARCHES[id(table)] = (table, literal_search([c.anchor for c in table]))
    return known[1]


def any_in(text: str, table: tuple[Confusion, ...]) -> bool:
    """Whether any entry may be in text (its anchor is): one quick search, for a whole report at once."""
    return _any_anchor(table).found(text)


def anchors(table: tuple[Confusion, ...]) -> list[str]:
    """The entries' anchors, each once: a text that holds none of them holds no entry."""
    return _any_anchor(table).literals


def confusions_in(text: str, table: tuple[Confusion, ...], held: frozenset[str] | None = None
                  ) -> Iterator[tuple[Confusion, tuple[int, int]]]:
    """Each entry found in text, with the span of its first match, in the table's order. `held`: the
    anchors the text holds, when already found (a report's screen finds them for all its texts at once)."""
    # one pass rules out every entry whose anchor is absent
    present = _any_anchor(table).present(text) if held is None else held
    if not present:
        return
    for c in table:
        if c.anchor in present:
            found = c.regex.search(text)
            if found is not None:
                yield c, found.span()
