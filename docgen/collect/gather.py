"""Collect: every workbook of a folder (as batch make finds them) reviewed, and the summary workbook made."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from ..review.office import Rules, default_rules
from .reading import Unit, review_unit
from .summary import summary_tables


@dataclass(frozen=True)
class Collected:
    """What collect produced: the summary's bytes and the units read, with the pairs of units that copy."""

    data: bytes
    units: list[Unit]
    copied_pairs: int

    @property
    def failed(self) -> list[Unit]:
        return [u for u in self.units if u.report is None]


def find_workbooks(paths: Sequence[Path], exclude: Sequence[Path] = ()) -> list[Path]:
    """The workbooks under `paths` as batch make finds them, less `exclude` (the summary itself)."""
    from ..batch.plan import collect_inputs

    left_out = {os.path.normcase(os.path.abspath(p)) for p in exclude}
    return [p for p in collect_inputs(paths) if os.path.normcase(os.path.abspath(p)) not in left_out]


def collect(workbooks: Sequence[Path], *, rules: Rules | None = None, today: dt.date | None = None,
            base: Path | None = None, progress: Callable[[int, int, Path], None] | None = None) -> Collected:
    """Review each workbook (a failing one never stops the others) and build the summary workbook."""
    from ..files.provenance import stamp_zip
    from ..workbook.tables_xlsx import tables_bytes

    rules = rules or default_rules()
    units = []
    for n, path in enumerate(workbooks, 1):
        units.append(review_unit(Path(path), rules))
        if progress is not None:
            progress(n, len(workbooks), Path(path))
    tables = summary_tables(units, rules=rules, today=today, base=base)
    copied = {(row[0], row[3]) for row in tables[-1].rows}
    return Collected(stamp_zip(tables_bytes(tables)), units, len(copied))


def summary_bytes(workbooks: Sequence[Path], *, rules: Rules | None = None, today: dt.date | None = None) -> bytes:
    """The summary workbook of `workbooks` as bytes (for the web page's 批量 step)."""
    return collect(workbooks, rules=rules, today=today).data


def collect_paths(paths: Sequence[Path], output: Path | None = None, *, rules: Path | None = None,
                  today: dt.date | None = None) -> Collected:
    """collect() over the workbooks under `paths` (files, folders), with an office's rules file; the
    summary at `output` is never read as one of them. Files are named relative to a single folder given."""
    from ..review.office import load_rules

    loaded = load_rules(rules)
    workbooks = find_workbooks(paths, exclude=[output] if output is not None else [])
    base = Path(paths[0]) if len(paths) == 1 and Path(paths[0]).is_dir() else None
    return collect(workbooks, rules=loaded, today=today, base=base)
