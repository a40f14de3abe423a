"""A long body is written as it is parsed (after.write_body): byte for byte the main part the whole tree
gives, for the panel of templates, with tables, drawings and the signature anywhere in the body, while
the tree never holds more than a few of the body's elements."""

from __future__ import annotations

import base64
import dataclasses
import io
from pathlib import Path

import pytest
from docx import Document
from reports import report
from test_fastpath_panel import PANEL

from docgen.model import Aspect, Item, Report
from docgen.rendering import after, documents, prepared
from docgen.rendering.context import build_context
from docgen.rendering.engine import default_template

# A 1x1 PNG, for drawings (each numbered afresh in the document, across what was written before)
PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def drawings(folder: Path) -> Path:
    """Pictures above and below the problems, a table of the template's own, and a blank paragraph or two."""
    doc = Document(str(default_template()))
    body = doc.element.body
    for where in (2, len(body) - 3):
        paragraph = doc.add_paragraph()
        paragraph.add_run().add_picture(io.BytesIO(PIXEL))
        body.insert(where, paragraph._p)
    table = doc.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text = "{{ organization }}"
    body.insert(4, table._tbl)
    doc.add_paragraph("")
    doc.save(str(folder / "drawings.docx"))
    return folder / "drawings.docx"


def signature_first(folder: Path) -> Path:
    """A paragraph in the signature's style at the top: everything from there on waits for the end."""
    doc = Document(str(default_template()))
    first = doc.add_paragraph("{{ organization }}", style="落款")
    doc.element.body.insert(0, first._p)
    doc.save(str(folder / "signature-first.docx"))
    return folder / "signature-first.docx"


TEMPLATES = {**PANEL, "drawings": drawings, "signature-first": signature_first}


def long_report() -> Report:
    """Sixty aspects (a heading and a paragraph each in the default template), one much longer."""
    base = report(aspects=60, items=2)
    items = tuple(Item(f"问题{i}。", f"具体表现{i}，" * 40 + "。") for i in range(60))
    return dataclasses.replace(base, problems=(Aspect("长的方面", items),) + base.problems,
                               intro=base.intro + ("制表\t符", "换\n行", "分页\f符"))


def main_part(template: prepared.PreparedTemplate, r: Report) -> bytes:
    return template.document_xml(build_context(r))


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_a_streamed_body_is_the_whole_trees_part(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = TEMPLATES[name](tmp_path)
    monkeypatch.setattr(documents, "_VETTED", set())
    documents._load_template.cache_clear()
    template = documents.load_template(None if name == "default" else path)
    monkeypatch.setattr(prepared, "FAST_DEFLATE_CHARS", 0)  # the same zlib level both ways
    monkeypatch.setattr(after, "_FEED_CHARS", 300)
    written = []
    monkeypatch.setattr(after, "serialized_inside",
                        lambda holder, elements, _write=after.serialized_inside: written.append(len(elements))
                        or _write(holder, elements))
    for r in (long_report(), report(), report(aspects=0, causes=0, directions=0)):
        monkeypatch.setattr(prepared, "STREAM_CHARS", 10 ** 12)
        whole = main_part(template, r)
        assert not written
        monkeypatch.setattr(prepared, "STREAM_CHARS", 0)
        assert main_part(template, r) == whole
        if r.problems and len(r.problems[0].items) == 60:
            # streamed in many pieces; after a signature at the top, everything waits for the end
            assert len(written) == 1 if name == "signature-first" else len(written) > 10, written
        written.clear()
    if name == "drawings":
        assert whole.count(b'<wp:docPr id="1001"') == 1 and whole.count(b'<wp:docPr id="1002"') == 1


def test_the_tree_holds_a_few_elements_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Streaming, the body holds the element being parsed, those the signature may change and the few of
    one feed: not the hundreds of the whole."""
    template = documents.load_template(None)
    monkeypatch.setattr(prepared, "STREAM_CHARS", 0)
    monkeypatch.setattr(prepared, "FAST_DEFLATE_CHARS", 0)
    monkeypatch.setattr(after, "_FEED_CHARS", 300)
    held = []
    monkeypatch.setattr(after._Streamed, "take", lambda self, _take=after._Streamed.take: held.append(len(self.body))
                        or _take(self))
    r = long_report()
    data = main_part(template, r)
    assert data.count(b"<w:p>") + data.count(b"<w:p ") > 120
    assert len(held) > 20 and max(held) <= 12, held


def test_a_body_past_the_limit_streams_by_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without being told: a body over STREAM_CHARS streams, and at the fast level FAST_DEFLATE_CHARS asks
    for (the limits cut small, as they would be passed by a body of millions of characters)."""
    template = documents.load_template(None)
    r = long_report()
    monkeypatch.setattr(prepared, "FAST_DEFLATE_CHARS", 5000)
    whole = template.document_part(build_context(r))
    monkeypatch.setattr(prepared, "STREAM_CHARS", 5000)
    started = []
    monkeypatch.setattr(after, "_Streamed", lambda *a, _S=after._Streamed: started.append(1) or _S(*a))
    streamed = template.document_part(build_context(r))
    assert started and streamed == whole  # the same deflated bytes: the same level, the same input


def test_one_pull_parser_a_thread_is_used_again_and_a_failed_one_never() -> None:
    """lxml keeps some kilobytes of every pull parser made with a tag to look for: one a thread is used
    again, each time from a fresh start, and one left in the middle of a body by an error is dropped."""
    from docgen.rendering import ooxml

    tag = "{urn:w}body"

    def parse(text: str) -> tuple[object, str | None, int]:
        with ooxml.body_pull_parser(tag) as parser:
            parser.feed(text)
            body = ooxml.started(parser)
            root = parser.close()
        return parser, None if body is None else body.tag, len(root)

    first = parse('<w:body xmlns:w="urn:w"><w:p/><w:p/></w:body>')
    again = parse('<w:body xmlns:w="urn:w"><w:p/></w:body>')
    assert first[0] is again[0] and first[1:] == (tag, 2) and again[1:] == (tag, 1)
    with pytest.raises(RuntimeError):
        with ooxml.body_pull_parser(tag) as broken:
            broken.feed('<w:body xmlns:w="urn:w"><w:p>')
            raise RuntimeError("a template failed")
    after = parse('<w:body xmlns:w="urn:w"><w:p/><w:p/><w:p/></w:body>')
    assert after[0] is not broken and after[1:] == (tag, 3)
