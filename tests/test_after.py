"""after.py's steps are docxtpl's: random XML-ish text, with tabs, breaks and page breaks in and between
paragraphs, gives what docxtpl's own render_xml_part steps give."""

from __future__ import annotations

import random
import re

from docxtpl import DocxTemplate
from hypothesis import given
from hypothesis import strategies as st

from docgen.rendering import after
from docgen.rendering.after import _WORD_PARAGRAPH, _paragraphs, after_jinja

ATOMS = ("<w:p>", "<w:p ", "<w:p w:rsidR='1'>", "</w:p>", "<w:pPr><w:jc w:val='center'/></w:pPr>", "<w:pPr>",
         "</w:pPr>", "<w:r>", "</w:r>", "<w:r w:rsidR='2'>", "<w:rPr><w:b/></w:rPr>", "<w:t>",
         "<w:t xml:space='preserve'>", "</w:t>", "\n", "\t", "\a", "\f", "a", "字", ">", "<", "\n<w:p>", "\n<w:p ",
         "{_{", "}_}", "{_%", "%_}", "<w:p", "<w:pStyle/>")


def docxtpls_own(xml: str) -> str:
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    return DocxTemplate.resolve_listing(None, xml)  # uses nothing of the template itself


def test_after_jinja_is_docxtpls_render_steps() -> None:
    rng = random.Random(13)
    for _ in range(30_000):
        xml = "".join(rng.choice(ATOMS) for _ in range(rng.randint(0, 30)))
        assert list(_paragraphs(xml)) == [m.span() for m in _WORD_PARAGRAPH.finditer(xml)], repr(xml)
        assert after_jinja(xml) == docxtpls_own(xml), repr(xml)


def test_the_body_streamed_is_after_jinja(monkeypatch) -> None:
    """body_text, which feeds a long body to the parser a piece at a time, gives after_jinja's text
    whatever the pieces and however small the feed (tabs, breaks and delimiters at every boundary)."""
    rng = random.Random(14)
    for _ in range(5_000):
        monkeypatch.setattr(after, "_FEED_CHARS", rng.choice((1, 5, 20, 60)))
        pieces = ["".join(rng.choice(ATOMS) for _ in range(rng.randint(0, 4))) for _ in range(rng.randint(0, 30))]
        assert "".join(after.body_text(pieces)) == after_jinja("".join(pieces)), repr(pieces)


def test_a_body_fed_in_small_pieces_is_the_same_document(monkeypatch) -> None:
    """The parser fed many small pieces builds what it builds from the whole text: the example's .docx is
    byte-identical with a feed of 50 characters."""
    from pathlib import Path

    from docgen import api

    report = api.read_workbook(Path(__file__).resolve().parents[1] / "data" / "example.xlsx").report
    whole = api.render(report)
    monkeypatch.setattr(after, "_FEED_CHARS", 50)
    fed = []
    monkeypatch.setattr(after, "_ready", lambda *a, _ready=after._ready, **k: fed.append(1) or _ready(*a, **k))
    assert api.render(report) == whole and len(fed) > 20


def test_a_text_longer_than_libxml2s_cap_is_kept_whole() -> None:
    """One paragraph of over 10 MB (an aspect of a big workbook: libxml2 cuts such a text off when it
    recovers, as docxtpl's parser does) is in the document whole."""
    import io
    import zipfile

    from docgen import api
    from docgen.example import example_report
    from docgen.model import Aspect, Item

    report = example_report()
    detail = "学习不够深入，" * 520_000 + "末尾。"  # 3.64 million characters, 10.9 MB in UTF-8
    report = __import__("dataclasses").replace(report, problems=(Aspect("理论学习方面", (Item("学习不深。", detail),)),))
    xml = zipfile.ZipFile(io.BytesIO(api.render(report))).read("word/document.xml").decode("utf-8")
    assert detail in xml and xml.endswith("</w:document>")


def test_a_very_long_document_is_deflated_fast_and_reads_the_same(monkeypatch) -> None:
    """Beyond FAST_DEFLATE_CHARS the main part is deflated at zlib's fastest level: other bytes in the
    package, the same document.xml."""
    import io
    import zipfile
    from pathlib import Path

    from docgen import api
    from docgen.rendering import prepared

    report = api.read_workbook(Path(__file__).resolve().parents[1] / "data" / "example.xlsx").report
    usual = api.render(report)
    monkeypatch.setattr(prepared, "FAST_DEFLATE_CHARS", 1000)
    fast = api.render(report)
    read = [zipfile.ZipFile(io.BytesIO(data)) for data in (usual, fast)]
    assert fast != usual and read[0].read("word/document.xml") == read[1].read("word/document.xml")
    assert read[1].getinfo("word/document.xml").compress_size > read[0].getinfo("word/document.xml").compress_size


@given(st.text(alphabet="ab学\t\a\n\f<>", max_size=80))
def test_the_marks_resolve_listing_rewrites_are_all_found_in_order(text: str) -> None:
    from docgen.rendering.after import _listing_marks

    assert _listing_marks(text) == [n for n, ch in enumerate(text) if ch in "\t\a\n\f"]
