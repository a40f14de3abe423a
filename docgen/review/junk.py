"""Text that does not belong in a report: placeholders, website junk and watermarks, URLs, e-mail addresses."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from .spans import IDEO, Hit
from .search import LiteralSearch, ManyPatterns, literal_search
from .tables import check_pattern, packaged, parse_rows

_SEP = " \u3000.·•．・"  # what document-sharing sites put between characters of a watermark
SEPARATOR_MARKS = _SEP


def _spaced(phrase: str) -> str:
    # Sites break their watermark up with dots or spaces; match the phrase with them in between.
    return f"[{_SEP}]{{0,2}}".join(re.escape(c) for c in phrase)


_SEPARATORS = re.compile(f"[{re.escape(_SEP)}]+")


def _unspaced(text: str) -> str:
    return _SEPARATORS.sub("", text)


@dataclass(frozen=True)
class JunkEntry:
    """One entry of placeholders.tsv or junk.tsv: what it finds, a text it must catch and one it must not."""

    pattern: str  # as matched (a junk phrase already widened to allow the sites' spacing)
    caught: str
    kept: str
    note: str
    source: str
    literal: str = ""  # a phrase or word with the separators taken out: what any match holds without them


def parse_junk(data: str, name: str) -> tuple[JunkEntry, ...]:
    """placeholders.tsv (pattern, caught, kept, note, source) or junk.tsv (kind, text, caught, kept, note,
    source; a phrase is matched with a site's dots or spaces between its characters, a word as it is)."""
    required = ("pattern", "caught", "kept", "source") if name.startswith("placeholders") else (
        "kind", "text", "caught", "kept", "source")
    out = []
    for number, row in parse_rows(data, name, required):
        kind = row.get("kind", "pattern")
        if kind not in ("phrase", "word", "pattern"):
            raise ValueError(f"{name}:{number}: kind is phrase, word or pattern")
        pattern = row.get("pattern") or row["text"]
        literal = "" if kind == "pattern" else _unspaced(pattern)
        if kind == "phrase":
            pattern = _spaced(pattern)
        elif kind == "word":
            pattern = re.escape(pattern)
        else:
            try:
                check_pattern(pattern)
            except ValueError as err:
                raise ValueError(f"{name}:{number}: bad pattern: {err}") from err
        out.append(JunkEntry(pattern, row["caught"], row["kept"], row.get("note", ""), row["source"], literal))
    return tuple(out)


@functools.lru_cache(maxsize=None)
def default_entries(name: str) -> tuple[JunkEntry, ...]:
    return parse_junk(packaged(name), name)


def _combined(name: str) -> ManyPatterns:
    return ManyPatterns([e.pattern for e in default_entries(name)])


placeholder_patterns = _combined("placeholders.tsv")
_JUNK = _combined("junk.tsv")


class _JunkScreen:
    """Whether a text may hold website junk, asked before the alternation of every entry is compiled (about
    12 ms) or run: a phrase or word is in a text only if its letters are, one after the other, once the
    separators are taken out of both; the few patterns are searched as such."""

    @functools.cached_property
    def literals(self) -> LiteralSearch:
        return literal_search([e.literal for e in default_entries("junk.tsv") if e.literal])

    @functools.cached_property
    def patterns(self) -> ManyPatterns:
        entries = default_entries("junk.tsv")
        return ManyPatterns([e.pattern for e in entries if not e.literal]
                            + [e.pattern for e in entries if e.literal and not _unspaced(e.literal)])

    def __call__(self, text: str) -> bool:
        return self.literals.found(_unspaced(text)) or self.patterns.any(text)

    def strings(self) -> frozenset[str]:
        """What `given` needs to know of a text: which of these it holds."""
        return frozenset(self.literals.literals) | (self.patterns.strings or frozenset())

    def given(self, text: str, held: frozenset[str] | set[str]) -> bool:
        """The answer for a text known to hold, of `strings()`, just `held`."""
        if may_be_spaced(text):  # the phrases are then looked for in the text without its separators
            return self(text)
        return not held.isdisjoint(self.literals.literals) or (
            self.patterns.may_with(held) and self.patterns.any(text))


may_have_junk = _JunkScreen()


def placeholders(text: str) -> list[Hit]:
    return [Hit(m.start(), m.end()) for m in placeholder_patterns.finditer(text)]


# Compiled when first needed, and needed only by a text that holds a separator or a dot: the classes of
# every CJK character cost a few milliseconds to compile, which each start of docgen would pay.
_SPACED_SOURCE = rf"(?<![{IDEO}])[{IDEO}](?:[{_SEP}]+[{IDEO}](?![{IDEO}])){{2,}}"
_URL_SOURCE = (
    r"(?i)(?:https?://|www\.)[^\s，。；、）)”’》\u4e00-\u9fff]+"
    r"|(?i:(?<![a-z0-9.@-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org|edu|gov)(?:\.cn)?(?![a-z0-9-]))"
)


@functools.lru_cache(maxsize=None)
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source)
# The lookbehind keeps a long run of letters linear: a match can only start at the run's beginning.
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


# The watermark rules are asked about one text up to four times (finding, spacing, closing mark and
# protected spans); remember the last texts' answers. Callers get their own list.
@functools.lru_cache(maxsize=256)
def _junk(text: str) -> tuple[Hit, ...]:
    if not may_have_junk(text):
        return ()
    return tuple(Hit(m.start(), m.end()) for m in _JUNK.finditer(text))


def may_be_spaced(text: str) -> bool:
    # characters spaced out need something between them (a search per separator runs in C at memchr
    # speed; a set tested per character does not)
    return any(sep in text for sep in _SEP)


@functools.lru_cache(maxsize=256)
def _spaced_hits(text: str) -> tuple[Hit, ...]:
    if not may_be_spaced(text):
        return ()
    return tuple(Hit(m.start(), m.end()) for m in _compiled(_SPACED_SOURCE).finditer(text))


def junk_phrases(text: str) -> list[Hit]:
    return list(_junk(text))


def spaced_hanzi(text: str) -> list[Hit]:
    return list(_spaced_hits(text))


def ends_in_watermark(text: str) -> bool:
    """Whether the text ends with website junk: adding 。 after it would be noise, it is to be deleted."""
    end = len(text.rstrip())
    return any(h.end >= end for rule in (junk_phrases, spaced_hanzi) for h in rule(text))


URL_MARKS, EMAIL_MARKS = ".:", "@"  # one of which an address holds (a dot or its scheme's ://); an e-mail's


def may_hold_url(text: str) -> bool:
    return "." in text or "://" in text  # an address has its scheme or a dot (www. or .com)


def may_hold_email(text: str) -> bool:
    return EMAIL_MARKS in text


def urls(text: str) -> list[Hit]:
    if not may_hold_url(text):
        return []
    emails = [(m.start(), m.end()) for m in _EMAIL.finditer(text)] if "@" in text else []
    return [Hit(m.start(), m.end()) for m in _compiled(_URL_SOURCE).finditer(text)
            if not any(a <= m.start() < b for a, b in emails)]


def emails(text: str) -> list[Hit]:
    if not may_hold_email(text):  # the look-behind keeps the engine from skipping ahead: rule it out first
        return []
    return [Hit(m.start(), m.end()) for m in _EMAIL.finditer(text)]


class Spans:
    """Positions inside any of some spans, asked as `spans[pos]`: the spans merged and sorted once, each
    question a binary search (a flag per character cost more than every rule that asks)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for a, b in sorted(s for s in spans if s[0] < s[1]):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def __getitem__(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]


@functools.lru_cache(maxsize=64)
def protected(text: str, watermarks: bool = True) -> Spans:
    """Spans that safe fixes never touch: URLs, e-mail addresses and, unless watermarks=False (short
    titles spaced out on purpose), watermark junk, since fixing a watermark's spacing would hide it."""
    rules = (urls, emails, junk_phrases, spaced_hanzi) if watermarks else (urls, emails, junk_phrases)
    return Spans([(h.start, h.end) for rule in rules for h in rule(text)])



_PAGE_NUMBER = re.compile(r"^[\s\-－—–]*(?:第\s*)?\d{1,3}\s*(?:页)?[\s\-－—–]*$")
_LINE_PUNCT = re.compile(r"[\s\W_]+")


def is_junk_line(text: str) -> bool:
    """Whether a whole line is website junk (a watermark, a page number or counter, an address) rather than
    the report's own text: junk covers most of it."""
    flat = text.strip()
    if not flat or len(flat) > 60:
        return False
    if _PAGE_NUMBER.match(flat):
        return True
    hits = [h for rule in (junk_phrases, urls, emails) for h in rule(flat)]
    if not hits:
        return False
    covered = [False] * len(flat)
    for h in hits:
        covered[h.start:h.end] = [True] * (h.end - h.start)
    left = "".join(ch for ch, c in zip(flat, covered) if not c)
    return len(_LINE_PUNCT.sub("", left)) <= max(2, len(flat) // 3)
