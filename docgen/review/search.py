"""Many strings or patterns asked about at once: whether, and where, a text holds any of them.

Literal strings go to one Aho-Corasick automaton (ahocorasick_rs); patterns of the safe subset of
tables.py are searched as one alternation, tried only where some pattern can start, and first ruled out
by the literal strings every match of theirs must hold."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from typing import Iterator, Sequence

from .tables import META, OPENERS, QUANT


_NOTHING: frozenset[str] = frozenset()
_WINDOW = 1 << 16  # bytes of text searched at once (see LiteralSearch._matches)
_DFA_AFTER = 8 << 20  # bytes a LiteralSearch searches before it builds its DFA (see LiteralSearch._search)


class LiteralSearch:
    """Whether a text holds any of many literal strings: one Aho-Corasick automaton of them all
    (ahocorasick_rs, in Rust), a single pass over the text however many strings there are. Built when first
    searched, in about a millisecond for a few hundred strings, where an alternation of them cost several
    to compile and a search per candidate position to run. The text is handed over as UTF-16 bytes made for
    the search (given a str, the library would leave a UTF-8 copy of it attached to the str for good, a
    long report's text held one and a half times more); UTF-16 is the str's own width for Chinese text, so
    making it is a copy, and the automaton reads two bytes a character where UTF-8 has three. A match is a
    literal's when it starts on a character's first byte (an even place): one starting at an odd place is
    the bytes of two characters meeting, and is dropped."""

    def __init__(self, literals: list[str]) -> None:
        self.literals = list(dict.fromkeys(x for x in literals if x))
        self._searched = 0  # bytes searched so far

    @functools.cached_property
    def _automaton(self):  # type: ignore[no-untyped-def]
        return self._built(None)

    @functools.cached_property
    def _dfa(self):  # type: ignore[no-untyped-def]
        import ahocorasick_rs

        return self._built(ahocorasick_rs.Implementation.DFA)

    def _built(self, implementation):  # type: ignore[no-untyped-def]
        import ahocorasick_rs

        return ahocorasick_rs.BytesAhoCorasick([_units(x) for x in self.literals], implementation=implementation)

    def _search(self, size: int):  # type: ignore[no-untyped-def]
        """What searches `size` more bytes: the library's own choice of automaton, built in about a
        millisecond; once _DFA_AFTER bytes have been searched (a long report), a DFA, built in about four
        and a third faster (15 -> 9 ns a character of Chinese text). Both find the same matches."""
        self._searched += size
        return (self._dfa if self._searched > _DFA_AFTER else self._automaton).find_matches_as_indexes

    @functools.cached_property
    def _reach(self) -> int:
        return max((len(_units(x)) for x in self.literals), default=2) - 1

    def _windows(self, data: bytes) -> Iterator[tuple[int, list[tuple[int, int, int]]]]:
        """(where the window starts, its matches: literal's index, start and end in the window), overlapping
        matches too, none at an odd place. Searched a window at a time, so that a text made of one
        literal over and over is never answered with a list of millions of matches at once; each window
        starts on a character and runs on past its end by a literal's length, so that a match is found whole
        in the window it starts in (and maybe again in the next, where it starts in the run-on)."""
        if not self.literals:
            return
        view, search, step = memoryview(data), self._search(len(data)), _step()
        for at in range(0, len(data), step):
            yield at, [m for m in search(view[at:at + step + self._reach], overlapping=True) if not m[1] & 1]

    def _matches(self, data: bytes) -> Iterator[tuple[int, int]]:
        """(literal's index, start in data) of every occurrence, each once."""
        step = _step()
        for at, matches in self._windows(data):
            yield from ((i, at + start) for i, start, _ in matches if start < step)

    def found(self, text: str) -> bool:
        return any(matches for _, matches in self._windows(_units(text)))

    def present(self, text: str) -> set[str]:
        """The literals the text holds, each however often and wherever (overlapping ones too)."""
        held: set[int] = set()
        for _, matches in self._windows(_units(text)):
            held.update({i for i, _, _ in matches})
        return {self.literals[i] for i in held}

    def present_in_each(self, texts: Sequence[str]) -> list[frozenset[str]]:
        """For each text, the literals it holds, from one pass over them all joined by line breaks (which no
        literal holds, so that none is found across two texts)."""
        joined = "\n".join(texts)
        data = _units(joined)
        if len(data) == 2 * len(joined):  # every character one unit: a match's character is its byte's half
            starts, half = list(itertools.accumulate(map((1).__add__, map(len, texts)), initial=0)), 1
        else:  # a character beyond the BMP takes two units: each text encoded on its own, to know where it starts
            sizes = (len(_units(text)) + 2 for text in texts)
            starts, half = list(itertools.accumulate(sizes, initial=0)), 0
        found: dict[int, set[str]] = {}
        literals = self.literals
        for i, start in self._matches(data):
            found.setdefault(bisect.bisect_right(starts, start >> half) - 1, set()).add(literals[i])
        each = [_NOTHING] * len(texts)  # most texts hold none: one empty set shared
        for n, held in found.items():
            each[n] = frozenset(held)
        return each


def _step() -> int:
    """The windows' length: _WINDOW, made even, so that every window starts on a character."""
    return _WINDOW + (_WINDOW & 1)


def _units(text: str) -> bytes:
    # a lone surrogate (from a broken file) is encoded as it stands: no literal holds one
    return text.encode("utf-16-le", "surrogatepass")


def literal_search(literals: list[str]) -> LiteralSearch:
    """One question, whether any of many literal strings is in a text (see LiteralSearch)."""
    return LiteralSearch(literals)


# --- many patterns searched at once -------------------------------------------------------------------
_CLASS_LIMIT = 256  # a class wider than this (all of CJK, a negated class) tells nothing about where to look


def _class_chars(body: str) -> set[str] | None:
    if body.startswith("^") or "\\" in body.replace("\\-", "").replace("\\]", ""):
        return None
    chars: set[str] = set()
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            low, high = ord(body[i]), ord(body[i + 2])
            if high - low > _CLASS_LIMIT:
                return None
            chars |= {chr(c) for c in range(low, high + 1)}
            i += 3
        else:
            chars.add(body[i])
            i += 1
    return chars


def _structure(pattern: str) -> Iterator[tuple[int, str, int]]:
    """(position, character, depth before it) of each ( ) | outside escapes and classes."""
    depth, i = 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = pattern.index("]", i + 2) + 1
            continue
        if c in "()|":
            yield i, c, depth
            depth += {"(": 1, ")": -1, "|": 0}[c]
        i += 1


def _split_top(pattern: str) -> list[str]:
    """The alternatives of a pattern (or a group's body) at its own level."""
    cuts = [i for i, c, depth in _structure(pattern) if c == "|" and depth == 0]
    return [pattern[a + 1:b] for a, b in zip([-1, *cuts], [*cuts, len(pattern)])]


def first_chars(pattern: str) -> set[str] | None:
    """Every character a match of pattern can start with (look-arounds consume none), or None when that
    is too many to say (a match may be empty, start with \\d, a negated or very wide class …)."""
    found: set[str] = set()
    for alternative in _split_top(pattern):
        chars = _first_of_sequence(alternative)
        if chars is None:
            return None
        found |= chars
    return found


def _first_of_sequence(seq: str) -> set[str] | None:
    i, found = 0, set()
    while i < len(seq):
        c = seq[i]
        if c == "(":
            close = _group_end(seq, i)
            opener = next(o for o in OPENERS if seq.startswith(o, i))
            if opener != "(?:":
                i = close + 1  # a look-around: consumes nothing, the next atom decides
                continue
            atom: set[str] | None = first_chars(seq[i + 3:close])
            end = close + 1
        elif c == "[":
            end = seq.index("]", i + 2) + 1
            atom = _class_chars(seq[i + 1:end - 1])
        elif c == "\\":
            atom, end = ({seq[i + 1]} if seq[i + 1] in META else None), i + 2
        elif c == ".":
            return None
        else:
            atom, end = {c}, i + 1
        if atom is None:
            return None
        found |= atom
        q = QUANT.match(seq, end) if end < len(seq) and seq[end] == "{" else None
        optional = end < len(seq) and (seq[end] in "?*" or (q is not None and (q.group(1) or "0") == "0"))
        if not optional:
            return found
        i = q.end() if q else end + 1
    return None  # every atom optional: the match may be empty


def _group_end(seq: str, start: int) -> int:
    for i, c, depth in _structure(seq[start:]):
        if c == ")" and depth == 1:
            return start + i
    raise ValueError("unbalanced (")


_SMALL_CLASS = 12  # a class of more characters is no use as what a match must hold


def required(pattern: str) -> frozenset[str] | None:
    """Literal strings one of which every match of pattern contains (a literal run, a group's alternatives,
    a small class's characters), or None when nothing can be said."""
    found: set[str] = set()
    for candidates in required_all(pattern):
        if not candidates:
            return None
        # the longest strings, then the fewest; among equals the last (页 of 第…页 is rarer than 第)
        best = max(range(len(candidates)), key=lambda n: (min(map(len, candidates[n])), -len(candidates[n]), n))
        found |= candidates[best]
    return frozenset(found)


def required_all(pattern: str) -> list[list[frozenset[str]]]:
    """For each alternative of pattern, every set of literal strings one of which its matches all hold.
    Where a text holds a string of none of an alternative's sets, that alternative cannot match: one
    Aho-Corasick pass answers this for every pattern of a table at once."""
    return [_required_of_sequence(alternative) for alternative in _split_top(pattern)]


def _required_of_sequence(seq: str) -> list[frozenset[str]]:
    candidates: list[frozenset[str]] = []
    run, i = "", 0
    while i < len(seq):
        c, atom = seq[i], None  # atom: what this one element must hold, when it must appear at all
        literal = ""
        if c == "(":
            close = _group_end(seq, i)
            opener = next(o for o in OPENERS if seq.startswith(o, i))
            end = close + 1
            if opener == "(?:":
                atom = required(seq[i + 3:close])
        elif c == "[":
            end = seq.index("]", i + 2) + 1
            chars = _class_chars(seq[i + 1:end - 1])
            atom = frozenset(chars) if chars is not None and len(chars) <= _SMALL_CLASS else None
        elif c == "\\":
            end = i + 2
            literal = seq[i + 1] if seq[i + 1] in META else ""
        else:
            end = i + 1
            literal = "" if c == "." else c
        q = QUANT.match(seq, end) if end < len(seq) and seq[end] == "{" else None
        quantifier = q.group() if q else (seq[end] if end < len(seq) and seq[end] in "?*+" else "")
        optional = quantifier in ("?", "*") or (q is not None and (q.group(1) or "0") == "0")
        looks = c == "(" and not seq.startswith("(?:", i)  # a look-around consumes nothing
        if literal and not quantifier:
            run += literal
        else:
            if run:
                candidates.append(frozenset([run]))
            run = ""
            if literal and not optional:
                candidates.append(frozenset([literal]))
            elif atom and not optional and not looks:
                candidates.append(atom)
        i = end + len(quantifier)
    if run:
        candidates.append(frozenset([run]))
    return candidates


class ManyPatterns:
    """Many patterns searched as one alternation, tried only where some pattern can start: the engine
    cannot skip ahead itself once an alternative begins with a look-behind, which made every position cost
    as much as all the alternatives together."""

    def __init__(self, patterns: list[str]) -> None:
        self.patterns = tuple(patterns)  # compiled when first searched: a start of docgen that never
        # searches (help, new, fonts) does not pay for every rule's alternation

    @functools.cached_property
    def combined(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in self.patterns) or "(?!)")

    @functools.cached_property
    def starts(self) -> re.Pattern[str] | None:
        firsts = [first_chars(p) for p in self.patterns]
        starts = set().union(*(f for f in firsts if f)) if all(f is not None for f in firsts) else None
        return re.compile("[" + "".join(re.escape(c) for c in sorted(starts)) + "]") if starts else None

    @functools.cached_property
    def _alternatives(self) -> list[list[frozenset[str]]] | None:
        """What the matches of each alternative of each pattern must hold (see `required_all`); None when
        some alternative says nothing."""
        alternatives = [alt for p in self.patterns for alt in required_all(p)]
        return alternatives if all(alternatives) else None

    @functools.cached_property
    def strings(self) -> frozenset[str] | None:
        """Every literal string the patterns' matches must hold one of, or None (see `may_with`)."""
        alternatives = self._alternatives
        return None if alternatives is None else frozenset(x for alt in alternatives for s in alt for x in s)

    @functools.cached_property
    def _strings_search(self) -> LiteralSearch | None:
        return None if self.strings is None else literal_search(sorted(self.strings))

    def may_with(self, held: set[str] | frozenset[str]) -> bool:
        """False where no pattern can match a text that holds, of `strings`, only these: for each
        alternative, some set of strings one of which its matches must hold is missing altogether."""
        alternatives = self._alternatives
        return alternatives is None or any(not any(map(held.isdisjoint, alt)) for alt in alternatives)

    def may(self, text: str) -> bool:
        """False where no pattern can match in text (one Aho-Corasick pass, see `may_with`)."""
        search = self._strings_search
        return search is None or self.may_with(search.present(text))

    def any(self, text: str) -> bool:
        """Whether some pattern matches in text (the search stops at the first)."""
        if not self.patterns or not self.may(text):
            return False
        if self.starts is None:
            return self.combined.search(text) is not None
        pos, match_at, next_start = 0, self.combined.match, self.starts.search
        while True:
            start = next_start(text, pos)
            if start is None:
                return False
            if match_at(text, start.start()) is not None:
                return True
            pos = start.start() + 1

    def finditer(self, text: str) -> list[re.Match[str]]:
        if not self.may(text):
            return []
        if self.starts is None:
            return list(self.combined.finditer(text))
        out, pos = [], 0
        match_at, next_start = self.combined.match, self.starts.search
        while True:
            start = next_start(text, pos)
            if start is None:
                return out
            found = match_at(text, start.start())
            if found is None:
                pos = start.start() + 1
            else:
                out.append(found)
                pos = max(found.end(), start.start() + 1)
