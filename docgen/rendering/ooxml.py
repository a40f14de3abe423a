"""WordprocessingML edits after rendering: font names, the signature and date indents, core properties."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

from lxml import etree

from ..files.docx_parts import W_NS as W
from ..model import Report
from .layout import CHAR, signature_indents, text_width

SIGNATURE_STYLE, DATE_STYLE = "docgenSignature", "docgenDate"
_FONT_ATTR = re.compile(r'(w:(?:eastAsia|ascii|hAnsi|cs)=")([^"]*)(")')


def map_fonts(data: bytes, mapping: dict[str, str]) -> bytes:
    """A part with every font name of `mapping` replaced (the part itself when none is there)."""
    text = data.decode("utf-8")
    mapped = _FONT_ATTR.sub(lambda m: m.group(1) + mapping.get(m.group(2), m.group(2)) + m.group(3), text)
    return mapped.encode("utf-8") if mapped != text else data


# -- signature and date (GB/T 9704 7.3.5.2) -------------------------------------------------------

_PPR_AFTER_IND = ("contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
                  "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
                  "sectPr", "pPrChange")


def place_signature(body: Any) -> None:
    """Right indents of the signature and date lines (GB/T 9704 7.3.5.2). A signature of several lines (a
    unit above a person's name) is one block: right-aligned together, measured by its longest line, with
    the blank line only above the first."""
    signatures, dates = (body.xpath(".//w:p[w:pPr/w:pStyle/@w:val=$style]", namespaces={"w": W}, style=style)
                         for style in (SIGNATURE_STYLE, DATE_STYLE))
    if not (signatures and dates):
        return
    day = dates[-1]
    block = _signature_block(signatures, day)
    sig_right, date_right = signature_indents(max((_text(p) for p in block), key=text_width), _text(day))
    for n, paragraph in enumerate(block):
        _set_right_indent(paragraph, sig_right)
        if n:
            _set_space_before(paragraph, 0)
    _set_right_indent(day, date_right)  # twips


def _signature_block(signatures: list[Any], day: Any) -> list[Any]:
    """The signature paragraphs that stand right above the date, in order."""
    block = [signatures[-1]]
    while block[0].getprevious() is not None and block[0].getprevious() in signatures:
        block.insert(0, block[0].getprevious())
    return block


def _set_space_before(paragraph: Any, twips: int) -> None:
    spacing = paragraph.find(f"{{{W}}}pPr/{{{W}}}spacing")
    if spacing is not None:
        spacing.set(f"{{{W}}}before", str(twips))


def _text(paragraph: Any) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{{{W}}}t"))


def _set_right_indent(paragraph: Any, twips: int) -> None:
    ppr = paragraph.find(f"{{{W}}}pPr")
    ind = ppr.find(f"{{{W}}}ind")
    if ind is None:
        ind = etree.Element(f"{{{W}}}ind")
        later = [c for c in ppr if etree.QName(c).localname in _PPR_AFTER_IND]
        if later:
            later[0].addprevious(ind)
        else:
            ppr.append(ind)
    for attr in ("firstLine", "firstLineChars", "hanging", "hangingChars"):
        ind.attrib.pop(f"{{{W}}}{attr}", None)
    ind.set(f"{{{W}}}right", str(twips))
    ind.set(f"{{{W}}}rightChars", str(round(twips * 100 / CHAR)))
    ind.set(f"{{{W}}}firstLine", "0")
    ind.set(f"{{{W}}}firstLineChars", "0")


# -- document properties --------------------------------------------------------------------------


def core_properties(report: Report) -> bytes:
    """Fixed document properties taken from the report, so equal inputs give equal files."""
    m = report.meta
    stamp = f"{(m.date or dt.date(2000, 1, 1)).isoformat()}T00:00:00Z"
    # html.escape without quotes is xml.sax.saxutils.escape (& < >); saxutils costs urllib and ssl.
    title = html.escape(" ".join(m.title.split("\n")), quote=False)
    author = html.escape(m.organization, quote=False)
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator>"
        f"<cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode("utf-8")
