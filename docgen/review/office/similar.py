"""Near-identical texts (the one module that talks to rapidfuzz): last year's text again, or one branch's
items in another's workbook. Texts are compared clause by clause with their numbering taken off and every
number made the same, so reordered clauses and changed numbers do not hide a copy."""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass
from typing import Sequence

from ...text.markers import strip_numbering
from ...text.plain import plain

_SENTENCES = re.compile(r"[。！？；!?;\n]+")
_CLAUSES = re.compile(r"[，、,：:]+")
# Arabic digits and Chinese numerals alike: 3次 and 五次 are the same text here
_NUMBERS = re.compile(r"[0-9〇零一二两三四五六七八九十百千万]+")
SKETCH = 4  # how many of a text's smallest 4-gram hashes index it (collect's candidate pairs)
BLOCK_LIMIT = 400  # a 4-gram that so many texts share says nothing about copying: it is not followed


def normalise(text: str) -> str:
    """The text as compared: clauses without numbering, numbers replaced by 0, no punctuation or spaces,
    separated by one space (the token the order-blind scorer sorts)."""
    clauses = []
    for sentence in _SENTENCES.split(unicodedata.normalize("NFKC", text)):
        for clause in _CLAUSES.split(strip_numbering(sentence.strip())):
            letters = plain(_NUMBERS.sub("0", strip_numbering(clause.strip())))
            if letters:
                clauses.append(letters)
    return " ".join(clauses)


def length(normalised: str) -> int:
    """Characters compared (the spaces between clauses do not count)."""
    return len(normalised) - normalised.count(" ")


def score(a: str, b: str) -> float:
    """Similarity 0-100 of two normalised texts: the better of the straight comparison and the one with
    the clauses sorted (so the same clauses in another order score as the same text)."""
    from rapidfuzz import fuzz

    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))


@dataclass(frozen=True)
class Match:
    index: int  # of the text in the index
    score: float


class Index:
    """Texts to compare others against (last year's report), normalised once."""

    def __init__(self, texts: Sequence[str], min_chars: int) -> None:
        self.texts = [normalise(t) for t in texts]
        self.keep = [i for i, t in enumerate(self.texts) if length(t) >= min_chars]
        self.min_chars = min_chars

    def best(self, text: str, threshold: float) -> Match | None:
        """The indexed text most like `text`, when it scores at least `threshold`."""
        from rapidfuzz import fuzz, process

        query = normalise(text)
        if length(query) < self.min_chars or not self.keep:
            return None
        choices = [self.texts[i] for i in self.keep]
        found = [process.extractOne(query, choices, scorer=scorer, score_cutoff=threshold)
                 for scorer in (fuzz.ratio, fuzz.token_sort_ratio)]
        hits = [hit for hit in found if hit is not None]
        if not hits:
            return None
        _, best, at = max(hits, key=lambda hit: (hit[1], -hit[2]))
        return Match(self.keep[at], float(best))


def close_pairs(texts: Sequence[str], groups: Sequence[int], threshold: float, min_chars: int
                ) -> list[tuple[int, int, float]]:
    """Pairs (i, j, score), i < j, of texts of different groups that score at least `threshold`.

    Not every pair is compared: the same text in several groups is linked from each to the next; the
    distinct texts are indexed by the few smallest hashes of their 4-grams, a sketch that near-identical
    texts share with high likelihood, and only texts sharing one are scored; so the work grows with the
    number of texts, not with its square."""
    normal = [normalise(t) for t in texts]
    found: list[tuple[int, int, float]] = []
    # the same text in many units (one template copied by all) is linked in a chain, not pair by pair
    first: dict[str, int] = {}
    last_of: dict[str, int] = {}
    for i, text in enumerate(normal):
        if length(text) < min_chars:
            continue
        if text in last_of:
            if groups[last_of[text]] != groups[i]:
                found.append((last_of[text], i, 100.0))
        else:
            first[text] = i
        last_of[text] = i
    buckets: dict[int, list[int]] = {}
    for text, i in first.items():
        flat = text.replace(" ", "")
        grams = {zlib.crc32(flat[k:k + 4].encode("utf-8")) for k in range(len(flat) - 3)}
        for key in sorted(grams)[:SKETCH]:
            buckets.setdefault(key, []).append(i)
    seen: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) < 2 or len(members) > BLOCK_LIMIT:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if groups[i] == groups[j] or (i, j) in seen:
                    continue
                seen.add((i, j))
                s = score(normal[i], normal[j])
                if s >= threshold:
                    found.append((i, j, s))
    return sorted(found)
