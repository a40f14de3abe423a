"""The fast path does not fork behaviour: a panel of templates (the default, one restyled as Word would,
one LibreOffice saved again, one with a table loop of its own, headers and footers with tags, footnotes)
rendered from the cached prepared template and by docxtpl from scratch gives equal document parts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt
from docxtpl import DocxTemplate
from lxml import etree
from pdfread import SOFFICE
from reports import report

from docgen.files.docx_parts import W_NS as W
from docgen.model import Action, Report
from docgen.rendering import documents
from docgen.rendering.ooxml import serialize
from docgen.rendering.context import build_context
from docgen.rendering.engine import default_template, make_environment
from docgen.rendering.ooxml import place_signature

# What docgen writes differently on purpose: fixed core properties, and its digest in a custom part
# with that part's content type and relationship (issue 8).
OWN_PARTS = {"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/custom.xml"}


def restyled(folder: Path) -> Path:
    """Styles changed as a user changes them in Word: sizes, faces, spacing, a style of their own."""
    doc = Document(str(default_template()))
    doc.styles["Normal"].font.size = Pt(15)
    doc.styles["Heading 1"].font.name = "SimHei"
    doc.styles["Heading 2"].paragraph_format.space_before = Pt(6)
    doc.styles.add_style("我的样式", 1).font.bold = True
    doc.save(str(folder / "restyled.docx"))
    return folder / "restyled.docx"


def resaved(folder: Path) -> Path:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    from pagedocs import convert

    shutil.copy(default_template(), folder / "source.docx")
    convert(SOFFICE, [folder / "source.docx"], folder / "out", "docx:MS Word 2007 XML")
    return folder / "out" / "source.docx"


def table_loop(folder: Path) -> Path:
    """A table of the template's own, one row per aspect ({%tr %}), with a column that only some have."""
    doc = Document(str(default_template()))
    table = doc.add_table(rows=4, cols=3)
    cells = [["序号", "方面", "概述"], ["{%tr for a in problems %}", "", ""],
             ["{{ a.number }}", "{{ a.title }}", "{% if a.lead %}{{ a.lead }}{% endif %}"], ["{%tr endfor %}", "", ""]]
    for row, texts in zip(table.rows, cells):
        for cell, text in zip(row.cells, texts):
            cell.text = text
    doc.add_paragraph("")
    doc.save(str(folder / "table.docx"))
    return folder / "table.docx"


def headers(folder: Path) -> Path:
    doc = Document(str(default_template()))
    section = doc.sections[0]
    section.header.paragraphs[0].add_run("{{ organization }}·{{ meeting }}")
    section.footer.add_paragraph("{{ date }}")
    doc.save(str(folder / "headers.docx"))
    return folder / "headers.docx"


def footnotes(folder: Path) -> Path:
    from test_templates import with_notes

    return with_notes(folder, "footnote", "见{{ organization }}，{{ date }}")


PANEL = {"default": lambda folder: default_template(), "restyled": restyled, "resaved": resaved,
         "table-loop": table_loop, "headers": headers, "footnotes": footnotes}


def reports() -> list[Report]:
    base = report(aspects=3, items=3)
    listed = dataclasses.replace(base, action_list=tuple(
        Action(f"第{a}个方面", f"问题{a}。", f"措施{a}。", "张三", "2026年6月底前", "已完成") for a in (1, 1, 2)))
    hostile = dataclasses.replace(report(title="第一行\n第二行{{ 7*7 }}", organization="中共<示例>&支部"),
                                  intro=("制表\t符", "换\n行", "分页\f符"))
    personal = report(kind="党员个人", name="李四", date=dt.date(2025, 12, 31))
    return [base, listed, hostile, personal]


def from_scratch(template: Path, r: Report) -> dict[str, bytes]:
    """docxtpl's own way, with a fresh template and environment, plus docgen's one documented post-step
    (the signature placed, found by its styles' names as the fast path finds them)."""
    doc = DocxTemplate(str(template))
    doc.render(build_context(r), make_environment(), autoescape=True)
    styles = [{kind} | {s.style_id for s in doc.docx.styles if s.name == kind} for kind in ("落款", "成文日期")]
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    main = next(name for name in parts if name.startswith("word/document"))
    root = etree.fromstring(parts[main])
    place_signature(root.find(f"{{{W}}}body"), *styles)
    parts[main] = serialize(root)
    return parts


def canonical(xml: bytes) -> bytes:
    return etree.tostring(etree.fromstring(xml), method="c14n")


@pytest.mark.parametrize("name", list(PANEL))
def test_the_fast_path_writes_what_docxtpl_writes(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    template = PANEL[name](tmp_path)
    monkeypatch.setattr(documents, "_VETTED", set())
    documents._load_template.cache_clear()
    documents.render(reports()[0], None if name == "default" else template)  # prepared and cached
    documents._load_template.cache_clear()
    fast = documents.load_template(None if name == "default" else template)  # read back from the cache
    for r in reports():
        with zipfile.ZipFile(io.BytesIO(fast.render(r))) as package:
            ours = {n: package.read(n) for n in package.namelist()}
        theirs = from_scratch(template, r)
        assert set(ours) == set(theirs) | {"docProps/custom.xml"}
        for part in sorted(set(theirs) - OWN_PARTS):
            if part.startswith("word/footnotes"):
                # docxtpl keeps the rendered footnotes as text; docgen parses and saves them as python-docx
                # saves every other part (the same XML, its declaration and blank text aside)
                assert canonical(ours[part]) == canonical(theirs[part]), part
            else:
                assert ours[part] == theirs[part], part
    assert name != "footnotes" or "见中共云溪县示例局机关支部委员会" in ours["word/footnotes.xml"].decode()
    assert name != "headers" or any("中共云溪县示例局机关支部委员会·" in ours[p].decode()
                                    for p in ours if p.startswith("word/header"))
