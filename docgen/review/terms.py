"""Political terms written exactly (提法): canonical forms from terms.tsv, and the lists the genre writes in
a fixed order (四个意识: 政治意识、大局意识、核心意识、看齐意识) from lists.tsv."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .spans import Hit
from .search import LiteralSearch, literal_search
from .tables import packaged, parse_rows

# What may stand between two items of a list: 、 ， 和 及 与 以及 and spaces.
_BETWEEN_CHAR = re.compile(r"[、，,和及与以\s]")
_BETWEEN = re.compile(_BETWEEN_CHAR.pattern + "{0,3}")


@dataclass(frozen=True)
class TermList:
    name: str  # 四个意识
    items: tuple[str, ...]  # in their canonical order
    complete: bool  # writing only some of the items is wrong too
    source: str
    search: re.Pattern[str]  # any item
    runs: re.Pattern[str]  # two or more items in a row, with at most _BETWEEN between each two


def parse_lists(data: str, name: str = "lists.tsv") -> tuple[TermList, ...]:
    out = []
    for number, row in parse_rows(data, name, ("name", "items", "complete", "source")):
        items = tuple(i.strip() for i in row["items"].split("、") if i.strip())
        if len(items) < 2 or len(set(items)) != len(items) or row["complete"] not in ("yes", "no"):
            raise ValueError(f"{name}:{number}: a list needs two different items and complete yes or no")
        if _overlapping(items):
            raise ValueError(f"{name}:{number}: an item starts or ends with what stands between items, or "
                             "starts inside another")
        any_item = "|".join(re.escape(i) for i in sorted(items, key=len, reverse=True))
        out.append(TermList(row["name"], items, row["complete"] == "yes", row["source"], re.compile(any_item),
                            re.compile(f"(?:{any_item})(?:{_BETWEEN.pattern}(?:{any_item}))+")))
    return tuple(out)


def _overlapping(items: tuple[str, ...]) -> bool:
    """Whether a run of items could be read otherwise than item by item from its start: an item beginning or
    ending with a character that may stand between items, or beginning inside another (past its first
    character, or in its end). Without such items, `runs` finds exactly the runs that the items found one
    after another from the text's start make (tests/test_review_fast.py compares the two)."""
    for x in items:
        if _BETWEEN_CHAR.match(x) or _BETWEEN_CHAR.match(x[-1]):
            return True
        for y in items:
            if x != y and (y in x[1:] or any(x.endswith(y[:k]) for k in range(1, min(len(x), len(y))))):
                return True
    return False


@functools.lru_cache(maxsize=1)
def default_lists() -> tuple[TermList, ...]:
    return parse_lists(packaged("lists.tsv"))


@functools.lru_cache(maxsize=1)
def _items() -> LiteralSearch:
    return literal_search([i for lst in default_lists() for i in lst.items])


def list_items() -> list[str]:
    """Every item of the packaged lists, each once."""
    return _items().literals


def list_problems(text: str, lists: tuple[TermList, ...] | None = None, held: frozenset[str] | None = None
                  ) -> list[tuple[TermList, Hit, str]]:
    """Each run of two or more items of one list (政治意识、大局意识…), not all the same item, written out of
    order, or short of all of them where the list is closed: the list, the run's span and what is wrong ("order" or "missing").
    `held`: the items the text holds, when already found (a report's screen finds them all at once)."""
    table = default_lists() if lists is None else lists
    if lists is None:
        # one pass finds every item the text holds; only the lists with one are searched, each on its own
        found = _items().present(text) if held is None else held
        if not found:
            return []
        table = tuple(lst for lst in table if not found.isdisjoint(lst.items))
    found_problems = []
    for lst in table:
        for run in lst.runs.finditer(text):
            order = [lst.items.index(m.group()) for m in lst.search.finditer(text, run.start(), run.end())]
            span = Hit(run.start(), run.end())
            if len(set(order)) == 1:
                pass  # one item said again (官僚主义，官僚主义) is no list: typed twice, it is a doubled phrase
            elif order != sorted(order) or len(set(order)) != len(order):
                found_problems.append((lst, span, "order"))
            elif lst.complete and len(order) < len(lst.items):
                found_problems.append((lst, span, "missing"))
    return found_problems
