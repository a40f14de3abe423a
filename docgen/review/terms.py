"""Political terms written exactly (提法): canonical forms from terms.tsv, and the lists the genre writes in
a fixed order (四个意识: 政治意识、大局意识、核心意识、看齐意识) from lists.tsv."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .spans import Hit
from .tables import packaged, parse_rows

# What may stand between two items of a list: 、 ， 和 及 与 以及 and spaces.
_BETWEEN = re.compile(r"[、，,和及与以\s]{0,3}")


@dataclass(frozen=True)
class TermList:
    name: str  # 四个意识
    items: tuple[str, ...]  # in their canonical order
    complete: bool  # writing only some of the items is wrong too
    source: str
    search: re.Pattern[str]


def parse_lists(data: str, name: str = "lists.tsv") -> tuple[TermList, ...]:
    out = []
    for number, row in parse_rows(data, name, ("name", "items", "complete", "source")):
        items = tuple(i.strip() for i in row["items"].split("、") if i.strip())
        if len(items) < 2 or len(set(items)) != len(items) or row["complete"] not in ("yes", "no"):
            raise ValueError(f"{name}:{number}: a list needs two different items and complete yes or no")
        search = re.compile("|".join(re.escape(i) for i in sorted(items, key=len, reverse=True)))
        out.append(TermList(row["name"], items, row["complete"] == "yes", row["source"], search))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def default_lists() -> tuple[TermList, ...]:
    return parse_lists(packaged("lists.tsv"))


@functools.lru_cache(maxsize=1)
def _any_item() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(i) for lst in default_lists() for i in lst.items))


def any_item(text: str) -> bool:
    """Whether text holds an item of any packaged list (a whole report is screened at once)."""
    return _any_item().search(text) is not None


@functools.lru_cache(maxsize=1)
def _lists_near() -> dict[str, frozenset[int]]:
    """For each item, the packaged lists (by index) that may have an item where a search for any item
    found it: an item found at a place, or one starting inside it (a search for all items at once finds
    one item at each place, and none that overlaps it)."""
    items = {i for lst in default_lists() for i in lst.items}
    near: dict[str, frozenset[int]] = {}
    for y in items:
        hidden = {x for x in items for d in range(len(y))
                  if (y[d:d + len(x)] == x if d + len(x) <= len(y) else x.startswith(y[d:]))}
        near[y] = frozenset(n for n, lst in enumerate(default_lists()) if hidden & set(lst.items))
    return near


def list_problems(text: str, lists: tuple[TermList, ...] | None = None) -> list[tuple[TermList, Hit, str]]:
    """Each run of two or more items of one list (政治意识、大局意识…) written out of order, or short of all
    of them where the list is closed: the list, the run's span and what is wrong ("order" or "missing")."""
    table = default_lists() if lists is None else lists
    if lists is None:
        # one search for every item, then only the lists it may have met, each searched on its own
        found = set(_any_item().findall(text))
        if not found:
            return []
        near = _lists_near()
        wanted = frozenset().union(*(near[item] for item in found))
        table = tuple(lst for n, lst in enumerate(table) if n in wanted)
    found_problems = []
    for lst in table:
        hits = list(lst.search.finditer(text))
        # whether each hit runs on from the one before it; a gap wider than _BETWEEN's three characters is
        # ruled out before the pattern is asked
        joined = [b.start() - a.end() <= 3 and _BETWEEN.fullmatch(text, a.end(), b.start()) is not None
                  for a, b in zip(hits, hits[1:])]
        k = 0
        while True:
            try:
                k = joined.index(True, k)  # hits[k] and hits[k + 1] start a run
            except ValueError:
                break
            end = k + 1
            while end < len(joined) and joined[end]:
                end += 1
            run = hits[k:end + 1]
            order = [lst.items.index(r.group()) for r in run]
            span = Hit(run[0].start(), run[-1].end())
            if order != sorted(order) or len(set(order)) != len(order):
                found_problems.append((lst, span, "order"))
            elif lst.complete and len(order) < len(lst.items):
                found_problems.append((lst, span, "missing"))
            k = end
    return found_problems
