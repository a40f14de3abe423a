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
from .junk import EMAIL_MARKS, SEPARATOR_MARKS, URL_MARKS, may_have_junk, placeholder_patterns
from .punctuation import HALF_MARKS, PAIR_MARKS, REVERSING_MARKS
from .search import LiteralSearch, literal_search
from .spans import SP
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


# The questions above that ask whether a text holds one of some marks, with the marks (each rule's own): the
# marks are literals of the one search, and a question is asked only of the texts that hold one of its marks.
_MARKS: dict[str, str] = {"reversed-quotes": REVERSING_MARKS, "url": URL_MARKS, "email": EMAIL_MARKS,
                          "spaced-hanzi": SEPARATOR_MARKS, "halfwidth-punct": HALF_MARKS, "stray-space": SP,
                          "unbalanced": PAIR_MARKS}
_MARK_SETS = {code: frozenset(marks) for code, marks in _MARKS.items()}
_ALL_MARKS = frozenset().union(*_MARK_SETS.values())
_NONE: frozenset[str] = frozenset()


# The rules that look for literal strings first, found in the one pass over the report's text.
_LITERAL_CODES = ("confusion", "term", "term-list", "doubled-word", "doubled-punct")


class Screen:
    """The finding codes ruled out for a report and for each of its texts, and for each text the literals it
    holds of those the rules look for (`held_at`; None: each text asks for itself) and the marks it holds of
    those the mark questions look for (`marks_at`; None: not known, each text is asked)."""

    def __init__(self, ruled_out: frozenset[str] = frozenset(), held_at: list[frozenset[str]] | None = None,
                 strings: dict[str, frozenset[str]] | None = None, run_on: bool = True,
                 per_text: bool = False, marks_at: list[frozenset[str]] | None = None) -> None:
        self.ruled_out = ruled_out
        self.held_at = held_at
        self.strings = strings or {}  # code -> the literals one of which its rule needs in a text
        self.run_on = run_on  # whether a clause may end where a second item starts (merged_items)
        self.per_text = per_text  # rule out the codes of literal rules text by text too (a long report's)
        self.marks_at = marks_at
        self._at: dict[tuple[frozenset[str] | None, frozenset[str] | None], frozenset[str]] = {}

    def held(self, n: int, code: str) -> frozenset[str] | None:
        """The literals of code's rule that text n holds; None when not known (the text is then asked)."""
        if self.held_at is None:
            return None
        held = self.held_at[n]
        return held & self.strings[code] if held else held

    def ruled_out_at(self, n: int) -> frozenset[str]:
        """The codes ruled out for text n: the report's; those of the mark questions none of whose marks the
        text holds; and, for a long report, those of the rules that need a literal the text holds none of.
        Worked out once for each set of literals and marks held: most texts hold none."""
        held = self.held_at[n] if self.held_at is not None and self.per_text else None
        marks = self.marks_at[n] if self.marks_at is not None else None
        if held is None and marks is None:
            return self.ruled_out
        out = self._at.get((held, marks))
        if out is None:
            more = [code for code, wanted in _MARK_SETS.items()
                    if marks is not None and code not in self.ruled_out and marks.isdisjoint(wanted)]
            if held is not None:
                more += [code for code in _LITERAL_CODES
                         if code not in self.ruled_out and held.isdisjoint(self.strings[code])]
                if "placeholder" not in self.ruled_out and not placeholder_patterns.may_with(held):
                    more.append("placeholder")
            out = self._at[(held, marks)] = self.ruled_out.union(more) if more else self.ruled_out
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
    held = frozenset().union(*held_at)
    # The marks are literals of the one search too: a question none of whose marks the report holds is not
    # asked, the others only of the texts that hold one of theirs.
    marks_at = [found & _ALL_MARKS if found else _NONE for found in held_at]
    joined = texts is not None
    ruled_out = {code for code, ask in _QUESTIONS if not any(
        ask(part) for part in (_holding(parts, held, marks_at, _MARK_SETS[code], joined) if code in _MARKS else parts))}
    ruled_out |= {code for code in _LITERAL_CODES if held.isdisjoint(sets[code])}
    if placeholder_patterns.strings is not None and held.isdisjoint(sets["placeholder"]) \
            or not placeholder_patterns.may_with(held) or not any(placeholder_patterns.any(p) for p in parts):
        ruled_out.add("placeholder")
    if not any(may_have_junk.given(part, held) for part in parts):
        ruled_out.add("site-junk")
    # Whether some clause may end where a second item starts: in a text without spaces only where it holds one
    # of R.RUN_ON_PAIRS (found with the other literals); a text with spaces is asked.
    run_on = not held.isdisjoint(R.RUN_ON_PAIRS) or any(
        R.may_run_on(part) for part in _holding(parts, held, marks_at, _SPACES, joined))
    # Each text asked on its own only where the texts are long: for a short one, asking costs what it saves.
    return Screen(frozenset(ruled_out), held_at, sets, run_on, per_text=not joined, marks_at=marks_at)


_SPACES = frozenset(SP)


def _holding(parts: Sequence[str], held: frozenset[str], marks_at: list[frozenset[str]], wanted: frozenset[str],
             joined: bool) -> Sequence[str]:
    """The parts to ask a question that needs one of the marks `wanted`: none when the report (which holds
    `held`) holds none; else the report's one joined text (`joined`), or the texts that hold one."""
    if held.isdisjoint(wanted):
        return ()
    return parts if joined else [part for part, marks in zip(parts, marks_at) if not marks.isdisjoint(wanted)]


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
                "doubled-word": frozenset(R.DOUBLED_WORDS), "doubled-punct": frozenset(R.PUNCT_PAIRS),
                "marks": _ALL_MARKS, "run-on": R.RUN_ON_PAIRS}
        if len(_SEARCHES) > 8:
            _SEARCHES.clear()
        known = _SEARCHES[(id(table), id(terms))] = (
            table, terms, literal_search(sorted(functools.reduce(frozenset.union, sets.values()))), sets)
    return known[2], known[3]
