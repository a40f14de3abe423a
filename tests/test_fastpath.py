"""The fast path (template compiled once, reused) writes exactly what docxtpl writes from scratch."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import pytest
from docx.opc.oxml import serialize_part_xml
from docxtpl import DocxTemplate
from lxml import etree
from reports import report

from docgen.rendering.context import build_context
from docgen.model import Aspect, Item, Point, Report
from docgen.files.docx_parts import W_NS as W
from docgen.rendering.engine import default_template, fresh_template, make_environment
from docgen.rendering.prepared import PreparedTemplate
from docgen.rendering.ooxml import place_signature

HOSTILE = ("& < > \" ' &amp;lt;", "{{ 7*7 }}", "{% for x in y %}{% endfor %}", "{_{ }_} {_% %_}",
           "</w:t></w:r><w:r><w:t>", "<?xml version='1.0'?>", "{{ cycler.__init__.__globals__ }}",
           "{#", "]]>", "　全角空格\t制表符", "𠀀𪚥 emoji 🎉", "a" * 3000)


def hostile_report(text: str) -> Report:
    r = report(aspects=2, items=3, title=f"标题{text}", organization=f"中共{text}支部委员会")
    return dataclasses.replace(
        r,
        intro=(text, f"开篇{text}"),
        problems=(Aspect(f"方面{text}", (Item(f"问题{text}", text), Item("问题。", ""))),) + r.problems,
        causes=(Point(text, text),),
        directions=(Point(f"措施{text}", ""),),
    )


REPORTS = [report(), report(aspects=12, items=11, causes=10, directions=1), report(aspects=0, causes=0, directions=0)]
REPORTS += [hostile_report(text) for text in HOSTILE]


def from_scratch(r: Report) -> dict[str, bytes]:
    """docxtpl's own way, with a fresh template and environment, plus docgen's one documented post-step."""
    doc = DocxTemplate(default_template())
    doc.render(build_context(r), make_environment(), autoescape=True)
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    # Plain lxml, not python-docx's element classes: place_signature is written against lxml's xpath.
    root = etree.fromstring(parts["word/document.xml"])
    place_signature(root.find(f"{{{W}}}body"))
    parts["word/document.xml"] = serialize_part_xml(root)  # what python-docx's save does with a part
    return parts


@pytest.fixture(scope="module")
def compiled() -> PreparedTemplate:
    return fresh_template()


@pytest.mark.parametrize("r", REPORTS, ids=range(len(REPORTS)))
def test_document_xml_is_byte_equal_to_docxtpl(compiled: PreparedTemplate, r: Report) -> None:
    expected = from_scratch(r)["word/document.xml"]
    assert compiled.document_xml(build_context(r)) == expected


@pytest.mark.parametrize("r", REPORTS[:4], ids=range(4))
def test_every_part_but_the_properties_matches_docxtpl(compiled: PreparedTemplate, r: Report) -> None:
    expected = from_scratch(r)
    with zipfile.ZipFile(io.BytesIO(compiled.render(r))) as package:
        ours = {name: package.read(name) for name in package.namelist()}
    assert set(ours) == set(expected) | {"docProps/custom.xml"}
    differing = [name for name in ours if ours[name] != expected.get(name)]
    # fixed properties, so equal inputs give equal files; and the digest of what docgen wrote, in a
    # custom property with its content type and relationship (issue 8, point 4)
    assert differing == ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/custom.xml"]


def test_reusing_the_template_leaves_no_trace(compiled: PreparedTemplate) -> None:
    # Rendering a long hostile report first must not change what a later short one gives.
    first = compiled.document_xml(build_context(report()))
    compiled.document_xml(build_context(hostile_report(HOSTILE[4])))
    assert compiled.document_xml(build_context(report())) == first
