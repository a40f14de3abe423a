"""What the safety scan learnt from a small part, kept by the part's exact bytes (stdlib only).

A batch's workbooks share many parts byte for byte: those docgen's form (or one version of Excel) writes
alike for everyone, such as the 填写说明 sheet, the theme, the styles and the relationships. A part read
whole (under the scan's chunk) gives the same facts whatever file it is in, so what it added to the scan's
state is kept here and added again when the same bytes come back, instead of searching them again.

The key holds the bytes themselves (a dict compares them in full on a hit: no hash can collide into a
wrong answer), with the package kind, the part's name and whether its bytes are kept for parsing. The part
is still read and inflated (its CRC checked, its bytes counted against the package's limits) every time.
A part the scan refuses is never kept: it is refused again, by the same search, with the same words. The
memo is bounded in bytes and entries and forgets the least recently used first.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Callable, Hashable, TypeVar

__all__ = ["Counted", "PartMemo", "MEMO"]

T = TypeVar("T")


class PartMemo:
    """A least-recently-used map from keys holding bytes to values, bounded by the bytes its keys hold
    (as `weigh` counts them) and by the number of entries; thread-safe (a server scans in threads)."""

    def __init__(self, max_bytes: int, max_entries: int) -> None:
        self.max_bytes, self.max_entries = max_bytes, max_entries
        self._items: dict[Hashable, tuple[Any, int]] = {}  # in use order, the least recent first
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def held_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            found = self._items.pop(key, None)
            if found is None:
                return None
            self._items[key] = found  # now the most recent
            return found[0]

    def put(self, key: Hashable, value: Any, weight: int) -> None:
        if weight > self.max_bytes or self.max_entries < 1:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._items[key] = (value, weight)
            self._bytes += weight
            while self._bytes > self.max_bytes or len(self._items) > self.max_entries:
                oldest = next(iter(self._items))
                self._bytes -= self._items.pop(oldest)[1]

    def remembered(self, key: Hashable, weight: int, compute: Callable[[], T]) -> T:
        """compute()'s value for `key`, computed once while remembered (an exception is not remembered)."""
        found = self.get(key)
        if found is None:
            found = compute()
            self.put(key, found, weight)
        return found  # type: ignore[no-any-return]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0


# A form's shared parts are a dozen, a few dozen kilobytes, and each document uses them again, so they
# stay among the most recent while a batch's own parts (its sheets, its properties) pass through: 256
# entries hold the parts of some twenty forms. A part is at most the scan's chunk (64 KB); the memo
# holds at most 2 MB of them (in a 500-workbook batch it held about 0.7 MB).
MEMO = PartMemo(max_bytes=2 * 1024 * 1024, max_entries=256)


@dataclass(frozen=True)
class Counted:
    """What scanning one part added to a scanner's state, to be added again (see scan._Scanner):
    every addition there is a sum, a maximum, a union or an "or", so adding it later gives the same state."""

    merged_cells: int
    formula: bool
    error_cells: bool
    escapes: bool
    extent: tuple[int, ...] | None  # [max row, max column, rows, placed rows, cells, placed]
    hidden_rows: frozenset[int]
    invalid: tuple[tuple[str, str], ...]  # (cell, value) in the order found
    kept: bool  # its bytes were kept for parsing

    @classmethod
    def of(cls, fresh: Any, name: str) -> Counted:
        """What a scanner that has scanned only the part `name` learnt from it."""
        extent = fresh.extents.get(name)
        return cls(fresh.merged_cells, name in fresh.formula_parts, fresh.error_cells, fresh.escapes,
                   tuple(extent) if extent is not None else None, frozenset(fresh.hidden_rows.get(name, ())),
                   tuple(fresh.invalid.get(name, {}).items()), name in fresh.kept)

    def add_to(self, scanner: Any, name: str, data: bytes) -> None:
        """Add it to `scanner`'s state as scanning the part `name` (holding `data`) would have."""
        scanner.merged_cells += self.merged_cells
        if self.formula:
            scanner.formula_parts.add(name)
        scanner.error_cells = scanner.error_cells or self.error_cells
        scanner.escapes = scanner.escapes or self.escapes
        if self.extent is not None:
            extent = scanner.extents.setdefault(name, [0, 0, 0, 0, 0, 0])
            extent[0], extent[1] = max(extent[0], self.extent[0]), max(extent[1], self.extent[1])
            for n in range(2, 6):
                extent[n] += self.extent[n]
        if self.hidden_rows:
            scanner.hidden_rows.setdefault(name, set()).update(self.hidden_rows)
        for ref, value in self.invalid:
            scanner.invalid.setdefault(name, {})[ref] = value
        if self.kept:
            scanner.kept[name] = data
