"""Hostile cells: text made to make a rule slow. Every check of a cell is linear in its length."""

from __future__ import annotations

from pathlib import Path

import pytest
from bounded import run_docgen, snapshot
from builders import make_workbook, minimal_rows

RUN = "，" * 32_000  # a run of marks as long as a cell holds, where a rule would retry from each one


@pytest.mark.parametrize("where", ["detail", "aspect", "intro"])
def test_a_cell_full_of_marks_is_checked_in_bounded_time(tmp_path: Path, where: str) -> None:
    problems = [list(row) for row in minimal_rows()["存在的问题"]]
    info = {}
    if where == "detail":
        problems[1][2] = RUN + "学"
    elif where == "aspect":
        problems[1][0] = "学" + RUN + "学"
    else:
        info["开篇"] = RUN[:16_000] + "学" + RUN[:16_000]
    make_workbook(tmp_path, {"存在的问题": problems}, **info)
    before = snapshot(tmp_path)
    run = run_docgen("check", "branch.xlsx", cwd=tmp_path)
    assert run.code in (0, 1) and "Traceback" not in run.err
    assert run.seconds < 6 and run.peak_mb < 500  # 7 to 27 s before the rules were made linear; now under 1 s
    assert snapshot(tmp_path) == before
