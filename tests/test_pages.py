"""The signature block on the page, as LibreOffice lays it out: never stranded (issue 8, point 1), and the
date exactly two characters right of the signature (point 2). Every PDF comes from one shared conversion."""

from __future__ import annotations

from pathlib import Path

import pytest
from pagedocs import BOUNDARY, LONG_SIGNATURE, SHORT_SIGNATURE
from pdfread import HAS_CJK_FONT, HAS_PDFTOTEXT, needs_soffice, pdf_pages, pdf_words

from docgen.example import example_report
from docgen.rendering import layout

pytestmark = [needs_soffice, pytest.mark.skipif(not (HAS_CJK_FONT and HAS_PDFTOTEXT),
                                                reason="needs CJK fonts and pdftotext")]
TEXT_BOTTOM = (layout.PAGE_HEIGHT - layout.MARGIN_BOTTOM) / 20  # points: below it is the page number
CHAR_PT = layout.CHAR / 20  # one character, 16 pt
DATE = "2026年1月20日"


def body_words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    return [w for w in pdf_words(pdf, page) if w[1] < TEXT_BOTTOM]


def page_of(pdf: Path, text: str) -> int:
    """The last page with a line that is `text` and nothing else (the signature, the date)."""
    found = [page for page in range(1, pdf_pages(pdf) + 1)
             if any(_text(line) == text for line in lines(body_words(pdf, page)))]
    assert found, f"{text} not found"
    return found[-1]


def _text(line: list[tuple[float, float, float, float, str]]) -> str:
    return "".join(w[4] for w in line)


def lines(words: list[tuple[float, float, float, float, str]]) -> list[list[tuple[float, float, float, float, str]]]:
    rows: dict[int, list[tuple[float, float, float, float, str]]] = {}
    for w in words:
        rows.setdefault(round(w[1]), []).append(w)
    return [sorted(rows[y]) for y in sorted(rows)]


@pytest.mark.parametrize("extra", BOUNDARY)
def test_the_signature_and_date_are_never_stranded(pages: dict[str, Path], extra: int) -> None:
    pdf = pages[f"boundary-{extra:02}"]
    meta = example_report().meta
    signature_page = page_of(pdf, meta.organization)
    date_page = page_of(pdf, f"{meta.date.year}年{meta.date.month}月{meta.date.day}日")
    assert signature_page == date_page, "the date alone on a page"
    on_page = lines(body_words(pdf, signature_page))
    signature_line = next(i for i, line in enumerate(on_page) if _text(line) == meta.organization)
    assert signature_line >= 1, "the signature on a page with no body text above it"


def test_the_boundary_cases_cross_a_page_boundary(pages: dict[str, Path]) -> None:
    """The cases above mean something: the signature moves to another page within them."""
    organization = example_report().meta.organization
    assert len({page_of(pages[f"boundary-{extra:02}"], organization) for extra in BOUNDARY}) >= 2


def first_x(pdf: Path, text: str) -> float:
    """Where the line holding `text` starts."""
    page = page_of(pdf, text)
    line = next(line for line in lines(body_words(pdf, page)) if _text(line) == text)
    return line[0][0]


@pytest.mark.parametrize("name, signature", [("long-signature", LONG_SIGNATURE), ("short-signature", SHORT_SIGNATURE),
                                             ("resaved-long-signature", LONG_SIGNATURE),
                                             ("resaved-short-signature", SHORT_SIGNATURE)])
def test_the_date_starts_two_characters_right_of_the_signature(pages: dict[str, Path], name: str,
                                                               signature: str) -> None:
    """7.3.5.2; once about one character (14.8 pt), or none where a font's digits are wide, and flush right
    in a template LibreOffice had saved again (its styles renamed Style13, Style14)."""
    pdf = pages[name]
    offset = first_x(pdf, DATE) - first_x(pdf, signature)
    assert abs(offset - 2 * CHAR_PT) < 1.0, offset
    # and neither line runs into the right margin: the longer keeps its space there (two characters in
    # Times New Roman; DejaVu Serif, LibreOffice's stand-in here, draws digits a quarter wider)
    right = (layout.PAGE_WIDTH - layout.MARGIN_RIGHT) / 20
    page = page_of(pdf, signature)
    ends = [line[-1][2] for line in lines(body_words(pdf, page)) if _text(line) in (signature, DATE)]
    assert len(ends) == 2 and min(right - end for end in ends) > CHAR_PT / 2
