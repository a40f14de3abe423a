"""The example workbook renders to the reviewed paragraphs in tests/golden/example.txt."""

from __future__ import annotations

from pathlib import Path

from docxread import document_paragraphs

from docgen.api import make_document
from docgen.example import example_report
from docgen.workbook import read_workbook

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).with_name("golden") / "example.txt"


def golden() -> list[str]:
    return [line.replace("\\n", "\n") for line in GOLDEN.read_text(encoding="utf-8").splitlines()]


def test_example_paragraphs_match_the_golden_file(tmp_path: Path) -> None:
    out = make_document(ROOT / "data" / "example.xlsx", tmp_path / "example.docx").path
    assert document_paragraphs(out) == golden()


def test_golden_file_has_the_standard_shape() -> None:
    paragraphs = golden()
    report = example_report()
    assert paragraphs[0] == report.meta.title
    assert paragraphs[-2:] == [report.meta.organization, "2026年1月20日"]
    headings = [p for p in paragraphs if p[:2] in ("一、", "二、", "三、")]
    assert headings == ["一、存在的问题", "二、原因剖析", "三、下一步努力方向"]


def test_example_workbook_is_the_example_report() -> None:
    report, findings = read_workbook(ROOT / "data" / "example.xlsx")
    assert report == example_report() and findings == []
