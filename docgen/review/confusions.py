"""Common confusions (错别字) of the genre, read from the packaged confusions.tsv."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Iterator


@dataclass(frozen=True)
class Confusion:
    wrong: str
    right: str
    example: str
    note: str = ""


def parse_confusions(data: str) -> tuple[Confusion, ...]:
    """One confusion per line: wrong, right, example, note (tab-separated); # starts a comment line."""
    out = []
    for line in data.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) < 3 or not fields[0] or not fields[1] or fields[0] == fields[1]:
            raise ValueError(f"confusions.tsv: bad line {line!r}")
        out.append(Confusion(fields[0], fields[1], fields[2], fields[3] if len(fields) > 3 else ""))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def default_confusions() -> tuple[Confusion, ...]:
    return parse_confusions(resources.files("docgen.review").joinpath("data").joinpath("confusions.tsv").read_text("utf-8"))


_PATTERNS: dict[int, tuple[tuple[Confusion, ...], re.Pattern[str]]] = {}


def _any_wrong(table: tuple[Confusion, ...]) -> re.Pattern[str]:
    # Kept by identity: hashing the table would cost more than the search it saves.
    known = _PATTERNS.get(id(table))
    if known is None or known[0] is not table:
        if len(_PATTERNS) > 8:
            _PATTERNS.clear()
        known = _PATTERNS[id(table)] = (table, re.compile("|".join(re.escape(c.wrong) for c in table) or "(?!)"))
    return known[1]


def confusions_in(text: str, table: tuple[Confusion, ...]) -> Iterator[tuple[Confusion, tuple[int, int]]]:
    if _any_wrong(table).search(text) is None:  # one pass finds that none of them is there (most texts)
        return
    for c in table:
        i = text.find(c.wrong)
        if i >= 0:
            yield c, (i, i + len(c.wrong))
