"""Word lists as data files (docgen/review/data/*.tsv): a header row, one entry a line, a source per entry,
and patterns in a small safe subset of regular expressions, checked when read."""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Iterator

# What a pattern may hold: literal text, \-escapes, . and [classes], the quantifiers ? * + {m,n} on one
# character or class (and ? on a group), non-capturing groups (?:a|b) and look-arounds (?= (?! (?<= (?<!.
# No capturing group, back-reference, anchor or nested quantifier: matching stays linear in the text.
_META = set("\\.^$*+?{}[]|()")
_ESCAPES = set("dDsSwW") | _META | {"-", "/", "“", "”"}
_OPENERS = ("(?:", "(?=", "(?!", "(?<=", "(?<!")
_QUANT = re.compile(r"\{(\d{1,2})?(,(\d{1,2})?)?\}")


def check_pattern(pattern: str, compile_it: bool = False) -> None:
    """Raise ValueError when pattern steps outside the safe subset; with compile_it, also when it is no
    regular expression at all (compiling every entry of a table costs more than a lint, so the tables'
    tests do it, not every run)."""
    if not pattern:
        raise ValueError("empty pattern")
    depth = 0
    last = ""  # "char", "group" or "" (nothing a quantifier could apply to)
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            if i + 1 >= len(pattern) or pattern[i + 1] not in _ESCAPES:
                raise ValueError(f"unknown escape at {i}")
            i, last = i + 2, "char"
        elif c == "[":
            end = pattern.find("]", i + 2)
            if end < 0 or "[" in pattern[i + 1:end]:
                raise ValueError(f"bad class at {i}")
            i, last = end + 1, "char"
        elif c == "(":
            opener = next((o for o in _OPENERS if pattern.startswith(o, i)), None)
            if opener is None:
                raise ValueError(f"only (?: (?= (?! (?<= (?<! groups, at {i}")
            depth += 1
            i, last = i + len(opener), ""
        elif c == ")":
            depth -= 1
            if depth < 0:
                raise ValueError(f"unbalanced ) at {i}")
            i, last = i + 1, "group"
        elif c == "|":
            i, last = i + 1, ""
        elif c in "?*+{":
            q = _QUANT.match(pattern, i) if c == "{" else None
            if c == "{" and q is None:
                raise ValueError(f"bad {{m,n}} at {i}")
            if last != "char" and not (c == "?" and last == "group"):
                raise ValueError(f"quantifier on nothing or on a group at {i}")
            i, last = (q.end() if q else i + 1), ""
        elif c in "^$]}":
            raise ValueError(f"{c} is not allowed, at {i}")
        else:
            i, last = i + 1, "char"
    if depth:
        raise ValueError("unbalanced (")
    if compile_it:
        try:
            re.compile(pattern)
        except re.error as err:
            raise ValueError(str(err)) from err


def anchor(pattern: str) -> str:
    """The longest run of literal text every match must contain, outside groups and optional characters:
    the cheap test that rules an entry out (拉进.{0,6}距离 -> 拉进)."""
    runs, run, depth, i = [""], "", 0, 0

    def quantified(at: int) -> bool:
        return at < len(pattern) and pattern[at] in "?*+{"

    while i < len(pattern):
        c = pattern[i]
        if c == "(":
            depth += 1
            runs.append(run)
            run = ""
            i += next(len(o) for o in _OPENERS if pattern.startswith(o, i))
            continue
        if c == ")":
            depth -= 1
            i += 1
            continue
        if c == "\\":
            literal, width = (pattern[i + 1] if pattern[i + 1] in _META else ""), 2
        elif c == "[":
            literal, width = "", pattern.index("]", i + 2) + 1 - i
        elif c == "{":
            literal, width = "", pattern.index("}", i) + 1 - i
        else:
            literal, width = ("" if c in _META else c), 1
        if depth == 0 and literal and not quantified(i + width):
            run += literal
        else:
            runs.append(run)
            run = ""
        i += width
    runs.append(run)
    return max(runs, key=len)


def parse_rows(data: str, name: str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The entries of a table: the first line that is not a comment names the columns; # starts a comment
    line. Each entry is (line number, column -> value); a required column left empty is an error."""
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for number, line in enumerate(data.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if header is None:
            header = fields
            missing = [c for c in required if c not in header]
            if missing:
                raise ValueError(f"{name}: the header lacks {missing}")
            continue
        if len(fields) > len(header):
            raise ValueError(f"{name}:{number}: more fields than the header names")
        row = dict(zip(header, fields + [""] * (len(header) - len(fields))))
        empty = [c for c in required if not row[c]]
        if empty:
            raise ValueError(f"{name}:{number}: empty {empty}")
        rows.append((number, row))
    return rows


@functools.lru_cache(maxsize=None)
def packaged(name: str) -> str:
    """The text of a data file shipped with docgen."""
    return resources.files("docgen.review").joinpath("data").joinpath(name).read_text("utf-8")


class LiteralSearch:
    """Whether a text holds any of many literal strings. Searched as a few alternations, each of the
    strings whose first characters fall in one slice: the engine skips ahead in C to a position whose
    character starts some string, then tries the alternatives one by one, so that one alternation of them
    all (hundreds) costs far more per candidate than a few passes of a few dozen each."""

    PER_PART = 64  # first characters per alternation: about four for confusions.tsv, one for terms.tsv
    SHORT = 2000  # a text this short is searched once, with all of them: a search's call costs more

    def __init__(self, anchors: list[str]) -> None:
        self.by_first: dict[str, set[str]] = {}
        for a in anchors:
            self.by_first.setdefault(a[0], set()).add(a[1:])

    @functools.cached_property
    def whole(self) -> re.Pattern[str]:
        return self._alternation(self.by_first)

    @functools.cached_property
    def parts(self) -> tuple[re.Pattern[str], ...]:
        firsts = sorted(self.by_first)
        parts = max(1, round(len(firsts) / self.PER_PART))
        size = max(1, -(-len(firsts) // parts))
        return tuple(self._alternation({f: self.by_first[f] for f in firsts[i:i + size]})
                     for i in range(0, len(firsts), size))

    @staticmethod
    def _alternation(by_first: dict[str, set[str]]) -> re.Pattern[str]:
        branches = []
        for first in sorted(by_first):
            rests = sorted(by_first[first], key=lambda r: (-len(r), r))
            tail = "|".join(re.escape(r) for r in rests)
            branches.append(re.escape(first) + (f"(?:{tail})" if tail else ""))
        return re.compile("|".join(branches) or "(?!)")

    def found(self, text: str) -> bool:
        if len(text) < self.SHORT:
            return self.whole.search(text) is not None
        return any(part.search(text) is not None for part in self.parts)


def literal_search(anchors: list[str]) -> LiteralSearch:
    """One question, whether any of many literal strings is in a text (see LiteralSearch)."""
    return LiteralSearch(anchors)


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
            opener = next(o for o in _OPENERS if seq.startswith(o, i))
            if opener != "(?:":
                i = close + 1  # a look-around: consumes nothing, the next atom decides
                continue
            atom: set[str] | None = first_chars(seq[i + 3:close])
            end = close + 1
        elif c == "[":
            end = seq.index("]", i + 2) + 1
            atom = _class_chars(seq[i + 1:end - 1])
        elif c == "\\":
            atom, end = ({seq[i + 1]} if seq[i + 1] in _META else None), i + 2
        elif c == ".":
            return None
        else:
            atom, end = {c}, i + 1
        if atom is None:
            return None
        found |= atom
        q = _QUANT.match(seq, end) if end < len(seq) and seq[end] == "{" else None
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

    def finditer(self, text: str) -> list[re.Match[str]]:
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
