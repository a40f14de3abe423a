"""Properties of the workbook: any cell text arrives cleaned or reported; written reports read back."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from builders import make_workbook
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from docgen import text
from docgen.example import example_report
from docgen.model import Aspect, Item
from docgen.workbook import read_workbook, write_workbook


def problems(tmp_path: Path, *rows: list[object]) -> Path:
    return make_workbook(tmp_path, {"存在的问题": [["方面", "问题", "具体表现"], *rows]})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=120))
def test_any_cell_text_arrives_cleaned_or_is_reported(tmp_path: Path, value: str) -> None:
    assume(not value.startswith("=") and not ILLEGAL_CHARACTERS_RE.search(value))  # openpyxl cannot write those
    report, findings = read_workbook(problems(tmp_path, ["学习方面", "甲", value]))
    cleaned = text.clean(value)
    ended, replaced = text.end_sentence(cleaned.text)  # a detail ends a sentence, so it cannot run on
    assert report is not None
    assert report.problems[0].items[0].detail == ended
    said = ["end-replaced"] if replaced else ["period-added"] if ended != cleaned.text else []
    assert [f.code for f in findings] == (["control-characters"] if cleaned.removed else []) + said


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30),
                min_size=1, max_size=3))
def test_written_reports_read_back_unchanged(tmp_path: Path, details: list[str]) -> None:
    base = example_report()
    canonical = [text.ensure_period(text.clean(d).text) for d in details]  # as the reader ends a detail
    aspect = Aspect("学习方面", tuple(Item(f"问题{n}。", d) for n, d in enumerate(canonical)))
    report = dataclasses.replace(base, problems=(aspect,))
    path = tmp_path / "prop.xlsx"
    write_workbook(path, report)
    assert read_workbook(path) == (report, [])
