"""What a report's text as a whole rules out before any cell is looked at.

Each rule's own first question (does the text hold a half-width mark, an @, a separator of a watermark, an
anchor of some confusion …) is asked once of all the report's text rather than of every cell, and every
literal string that some rule looks for is found in one Aho-Corasick pass. A clean report then costs a few
searches, not a search per rule and cell. The texts are joined by line breaks, and a line break is no
character any of these questions looks for: nothing is found across one that was in neither text
(tests/test_lint_screen.py holds this for the packaged tables)."""

from __future__ import annotations

import functools
from typing import Callable, Sequence

from . import rules as R
from .confusions import Confusion, anchors
from .junk import may_have_junk, placeholder_patterns
from .search import LiteralSearch, literal_search
from .terms import list_items
from .traditional import maybe_traditional

# Rules whose first question is a plain one: (finding code, the question). The rules that look for literal
# strings first (confusions, terms, lists, doubled words and marks, placeholders, junk) are asked in _search.
_QUESTIONS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("traditional", maybe_traditional),
    ("reversed-quotes", R.may_reverse_quotes),
    ("url", R.may_hold_url),
    ("email", R.may_hold_email),
    ("spaced-hanzi", R.may_be_spaced),
    ("halfwidth-punct", R.may_have_halfwidth),
    ("stray-space", R.may_have_spaces),
    ("unbalanced", R.may_have_pairs),
)


class Screen:
    """The finding codes ruled out for a report (and for each of its texts), and the literals its text holds
    of those that the confusions, the terms and the lists look for (`confusions`, `terms`, `items`; None:
    ask each text)."""

    def __init__(self, ruled_out: frozenset[str] = frozenset(), confusions: frozenset[str] | None = None,
                 terms: frozenset[str] | None = None, items: frozenset[str] | None = None,
                 run_on: bool = True, held_at: list[frozenset[str]] | None = None,
                 literals: dict[str, frozenset[str]] | None = None) -> None:
        self.ruled_out = ruled_out
        self.confusions, self.terms, self.items = confusions, terms, items
        self.run_on = run_on  # whether a clause may end where a second item starts (merged_items)
        self.held_at = held_at  # for each text, the literals it holds
        self.literals = literals or {}  # code -> the literals one of which its rule needs in a text (the
        # codes not ruled out for the whole report)
        self._at: dict[frozenset[str], frozenset[str]] = {}

    def held(self, n: int, strings: frozenset[str] | None) -> frozenset[str] | None:
        """Of `strings` (one of the report's sets above), those text n holds; all of them when not known."""
        return strings if strings is None or self.held_at is None else self.held_at[n] & strings

    def ruled_out_at(self, n: int) -> frozenset[str]:
        """The codes ruled out for text n: the report's, and those of the rules that need a literal the text
        holds none of (worked out once for each set of literals held: most texts hold none)."""
        if self.held_at is None or not self.literals:
            return self.ruled_out
        held = self.held_at[n]
        out = self._at.get(held)
        if out is None:
            more = [code for code, strings in self.literals.items() if held.isdisjoint(strings)]
            if "placeholder" not in self.ruled_out and not placeholder_patterns.may_with(held):
                more.append("placeholder")
            out = self._at[held] = self.ruled_out.union(more) if more else self.ruled_out
        return out


EVERYTHING = Screen()  # nothing ruled out: each text asked on its own


def screen(parts: Sequence[str], table: tuple[Confusion, ...], terms: tuple[Confusion, ...],
           texts: Sequence[str] | None = None) -> Screen:
    """The screen of a report whose text is `parts`: its `texts` joined by line breaks, or each text on its
    own when they are too long to copy (`texts` then None)."""
    search, sets = _search(table, terms)
    held_at: list[frozenset[str]]
    if texts is not None:
        held_at = search.present_in_each(texts)
    else:  # each text on its own: the parts are the texts
        held_at = [frozenset(search.present(part)) for part in parts]
    held = set().union(*held_at)
    kept = {name: frozenset(held.intersection(strings)) for name, strings in sets.items()}
    ruled_out = {code for code, ask in _QUESTIONS if not any(ask(part) for part in parts)}
    ruled_out |= {code for code in ("confusion", "term", "term-list", "doubled-word", "doubled-punct")
                  if not kept[code]}
    if not kept["placeholder"] and placeholder_patterns.strings is not None \
            or not placeholder_patterns.may_with(held) or not any(placeholder_patterns.any(p) for p in parts):
        ruled_out.add("placeholder")
    if not any(may_have_junk.given(part, held) for part in parts):
        ruled_out.add("site-junk")
    # Each text asked on its own only where the texts are long: for a short one, asking costs what it saves.
    literals = {} if texts is not None else {
        code: sets[code] for code in ("confusion", "term", "term-list", "doubled-word", "doubled-punct")
        if code not in ruled_out}
    return Screen(frozenset(ruled_out), kept["confusion"], kept["term"], kept["term-list"],
                  any(R.may_run_on(part) for part in parts), held_at, literals)


_SEARCHES: dict[tuple[int, int], tuple[tuple[Confusion, ...], tuple[Confusion, ...], LiteralSearch,
                                       dict[str, frozenset[str]]]] = {}


def _search(table: tuple[Confusion, ...], terms: tuple[Confusion, ...]
            ) -> tuple[LiteralSearch, dict[str, frozenset[str]]]:
    """One automaton of every literal the screen asks about, with the strings of each kind. Kept by the
    tables' identity: hashing them would cost more than the search."""
    known = _SEARCHES.get((id(table), id(terms)))
    if known is None or known[0] is not table or known[1] is not terms:
        sets = {"confusion": frozenset(anchors(table)), "term": frozenset(anchors(terms)),
                "term-list": frozenset(list_items()), "placeholder": placeholder_patterns.strings or frozenset(),
                "site-junk": may_have_junk.strings(),
                "doubled-word": frozenset(R.DOUBLED_WORDS), "doubled-punct": frozenset(R.PUNCT_PAIRS)}
        if len(_SEARCHES) > 8:
            _SEARCHES.clear()
        known = _SEARCHES[(id(table), id(terms))] = (
            table, terms, literal_search(sorted(functools.reduce(frozenset.union, sets.values()))), sets)
    return known[2], known[3]
