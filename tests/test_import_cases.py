"""tests/import_cases: our own short documents, one per way real reports are written (NN_name.txt), each
imported as a .txt and as a .docx built from the same lines, against the workbook rows and the warnings
expected of it (NN_name.json). To add a case: write the .txt, run this file with DOCGEN_WRITE_CASES=1 once,
and read the .json it writes before committing it."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from importdocs import write_docx

from docgen.importing import import_document
from docgen.workbook.rows import report_rows

CASES = Path(__file__).with_name("import_cases")
TEXTS = sorted(CASES.glob("*.txt"))


def observed(path: Path) -> dict[str, object]:
    report, findings = import_document(path)
    rows = {sheet: [[v.isoformat() if isinstance(v, dt.date) else v for v in row] for row in sheet_rows]
            for sheet, sheet_rows in report_rows(report).items() if sheet_rows}
    warnings = [[f.code, f.source.paragraph] for f in findings if f.level != "info"]
    return {"rows": rows, "warnings": warnings}


def dump(case: dict[str, object]) -> str:
    """The expected rows as JSON with one row a line, easy to read and to diff."""
    rows = case["rows"]
    sheets = ",\n".join(f'  {json.dumps(sheet, ensure_ascii=False)}: [\n' + ",\n".join(
        "    " + json.dumps(row, ensure_ascii=False) for row in sheet_rows) + "\n  ]"
        for sheet, sheet_rows in rows.items())  # type: ignore[union-attr]
    return '{\n "rows": {\n' + sheets + '\n },\n "warnings": ' + json.dumps(case["warnings"]) + "\n}\n"


@pytest.mark.parametrize("text", TEXTS, ids=lambda p: p.stem)
@pytest.mark.parametrize("as_docx", [False, True], ids=["txt", "docx"])
def test_import_case(text, as_docx, tmp_path):
    path = text
    if as_docx:
        path = write_docx(tmp_path, text.read_text("utf-8").splitlines(), name=text.stem + ".docx")
    got = observed(path)
    expected_file = text.with_suffix(".json")
    if os.environ.get("DOCGEN_WRITE_CASES") and not as_docx:
        expected_file.write_text(dump(got), "utf-8")
    assert got == json.loads(expected_file.read_text("utf-8"))


def test_every_case_has_its_expected_rows():
    assert TEXTS and all(t.with_suffix(".json").exists() for t in TEXTS)


def test_a_report_in_traditional_characters_is_offered_the_simplified_form():
    from docgen.review import lint
    report, _ = import_document(CASES / "06_traditional_characters.txt")
    found = [f for f in lint(report) if f.code == "traditional"]
    assert found and any("“的問題”应为“的问题”" in f.message for f in found)
