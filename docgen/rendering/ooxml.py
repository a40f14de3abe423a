"""WordprocessingML edits after rendering: font names, the signature and date indents, core properties."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import functools
import html
import re
import threading
from typing import Any, Iterable, Iterator

from lxml import etree

from ..files.docx_parts import W_NS as W
from ..model import Report
from .layout import CHAR, DATE, LINE_PITCH, SIGNATURE, TEXT_HEIGHT, TEXT_WIDTH, WIDE_DIGITS, signature_indents, text_width

_FONT_ATTR = re.compile(r'(w:(?:eastAsia|ascii|hAnsi|cs)=")([^"]*)(")')


# -- parsing and serialising parts, as python-docx and docxtpl do --------------------------------------

# python-docx's parser for a part (docx.opc.oxml.oxml_parser, less its element classes, which change
# nothing that is written)
_PART_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


def parse_part(data: bytes) -> Any:
    """A part parsed as python-docx parses it."""
    return etree.fromstring(data, _PART_PARSER)


def body_parser() -> Any:
    """docxtpl's parser for the body (recovering), without libxml2's cap of 10 MB on one text: recovering,
    docxtpl's parser silently cuts such a text off (an aspect's one paragraph of a big workbook is longer).
    A new one each time: a parser can also be fed a piece at a time."""
    return etree.XMLParser(recover=True, huge_tree=True)


def parse_body(xml: str) -> Any:
    """The rendered body parsed as docxtpl parses it."""
    return etree.fromstring(xml, parser=body_parser())


class _PullParsers(threading.local):
    free: dict[str, Any]

    def __init__(self) -> None:
        self.free = {}


_PULL_PARSERS = _PullParsers()


@contextlib.contextmanager
def body_pull_parser(tag: str) -> Iterator[Any]:
    """body_parser's parse, fed a piece at a time, that also hands over the element `tag` (the body) when it
    starts (see started), so that its finished children can be taken while the rest is still to come.

    One parser a thread, used again once the caller has closed it: lxml 6 keeps some kilobytes of every
    pull parser made with a tag to look for (a batch or a server would grow by that a document). A use
    that ends in an error leaves its parser be: the next use makes a new one."""
    parser = _PULL_PARSERS.free.pop(tag, None)
    if parser is None:
        parser = etree.XMLPullParser(events=("start",), tag=tag, recover=True, huge_tree=True)
    yield parser
    _PULL_PARSERS.free[tag] = parser


def started(parser: Any) -> Any | None:
    """The element a body_pull_parser was asked to tell of, once it has started; else None."""
    return next((element for _, element in parser.read_events()), None)


_START_TAG = re.compile(r"\s*<([^\s/>?!]+)[^>]*(?<!/)>")
_MARK = "docgen: here go the children"


def holder_like(element: Any, text: str) -> Any | None:
    """An empty element in which children serialise as they do in `element`: the same name, attributes and
    namespace declarations in the same order, parsed from the start tag that `text` (what `element` was
    parsed from) begins with. None where that is not certain: the text begins otherwise, or two prefixes
    share a namespace, one of which a child moved into the holder might be given for the other."""
    m = _START_TAG.match(text)
    if m is None or len(set(element.nsmap.values())) != len(element.nsmap):
        return None
    try:
        holder = etree.fromstring(m.group(0).strip() + f"</{m.group(1)}>")
    except etree.XMLSyntaxError:
        return None
    same = (holder.tag, holder.items(), list(holder.nsmap.items())) == \
        (element.tag, element.items(), list(element.nsmap.items()))
    return holder if same else None


def serialized_inside(holder: Any, elements: list[Any]) -> memoryview:
    """`elements` (with their tails) as serialize() writes them inside an element like `holder`: moved
    into it, out of their own tree, serialised, and let go (a view, not a copy, of the bytes)."""
    for element in elements:
        holder.append(element)
    data = _serialize_holder(holder)
    del holder[:]
    start, end = _edges(holder)
    return memoryview(data)[start:len(data) - end]


def _serialize_holder(holder: Any) -> bytes:
    return etree.tostring(holder, encoding="UTF-8", xml_declaration=False)


def _edges(holder: Any) -> tuple[int, int]:
    """How many bytes the serialization of `holder` with children has before and after them."""
    mark = etree.Comment(_MARK)
    holder.append(mark)
    data = _serialize_holder(holder)
    holder.remove(mark)
    at = data.index(etree.tostring(mark))
    return at, len(data) - at - len(etree.tostring(mark))


def around_body(shell: Any, index: int, holder: Any, text: str | None) -> tuple[bytes, bytes]:
    """serialize() of `shell` with an element like `holder`, holding `text` and then children, put back at
    `index`: what comes before the children, and what after them."""
    root, body, mark = copy.deepcopy(shell), copy.deepcopy(holder), etree.Comment(_MARK)
    body.text = text
    body.append(mark)
    root.insert(index, body)
    data, cut = serialize(root), etree.tostring(mark)
    if data.count(cut) != 1:
        raise ValueError("the mark is in the shell")
    at = data.index(cut)
    return data[:at], data[at + len(cut):]


def serialize(element: Any) -> bytes:
    """python-docx's serialize_part_xml: UTF-8 with a standalone declaration, no added whitespace."""
    return etree.tostring(element, encoding="UTF-8", standalone=True)


def write_element(root: Any, out: Any) -> None:
    """serialize(root) written into `out` (a writable file) a piece at a time, byte for byte the same."""
    etree.ElementTree(root).write(out, encoding="UTF-8", standalone=True)


def sub_element(parent: Any, tag: str, attrib: dict[str, str]) -> Any:
    return etree.SubElement(parent, tag, attrib)


def map_fonts(data: bytes, mapping: dict[str, str]) -> bytes:
    """A part with every font name of `mapping` replaced (the part itself when none is there)."""
    text = data.decode("utf-8")
    mapped = _FONT_ATTR.sub(lambda m: m.group(1) + mapping.get(m.group(2), m.group(2)) + m.group(3), text)
    return mapped.encode("utf-8") if mapped != text else data


# -- signature and date (GB/T 9704 7.3.5.2) -------------------------------------------------------

def place_signature(body: Any, signature_styles: Iterable[str] = (SIGNATURE.style_id,),
                    date_styles: Iterable[str] = (DATE.style_id,)) -> None:
    """Place the signature and date (GB/T 9704 7.3.5.2, 7.3.5.5). `*_styles` are the style ids of the
    落款 and 成文日期 styles (a template saved by LibreOffice calls them Style13 and Style14).

    The signature ends two characters from the right (right-aligned); the date is left-aligned, its first
    character two characters right of the signature's, so the offset does not depend on how wide the
    digits of a font are (only on the signature's own width, exact for Chinese characters). A signature of
    several lines (a unit above a person's name) is one block, measured by its longest line, with the
    blank line only above the first. The block is kept with the date and with at least the last two
    lines of the body, so that the signature and date never stand alone on a page."""
    signatures, dates = (_styled(body, set(styles)) for styles in (signature_styles, date_styles))
    if not (signatures and dates):
        return
    day = dates[-1]
    block = _signature_block(signatures)
    signature = max((_text(p) for p in block), key=lambda t: _width(t, block[0]))
    area = _text_area(body)
    # the date's digits counted wide: placed by its start, it may then end a little short of its place
    # in Times New Roman, but never runs onto a second line in a font with wider digits
    sig_right, date_left = signature_indents(_width(signature, block[0]), _width(_text(day), day, WIDE_DIGITS),
                                             area)
    for n, paragraph in enumerate(block):
        _set_indent(paragraph, right=sig_right)
        if n:
            _set_space_before(paragraph, 0)
        _set(paragraph, "keepNext")  # with the next signature line, the last with the date
    _set_indent(day, left=date_left)
    _set(day, "jc", "left")
    _keep_body_with(block[0], chain=len(block) + 2, area=area, page=_page_lines(body))


def untouched(children: list[Any], signature_styles: Iterable[str] = (SIGNATURE.style_id,),
              date_styles: Iterable[str] = (DATE.style_id,)) -> int:
    """How many of a body's first top-level `children` (more may follow) place_signature leaves as they are,
    whatever follows: those before the element that ends the text above the first signature or date
    paragraph, or above the blank paragraphs the children end in (a signature may come next)."""
    styles = set(signature_styles) | set(date_styles)
    end = next((n for n, child in enumerate(children) if _styled(child, styles, "descendant-or-self::")),
               len(children))
    while end and children[end - 1].tag == f"{{{W}}}p" and not _text(children[end - 1]).strip():
        end -= 1
    return max(end - 1, 0)


def _styled(body: Any, styles: set[str], axis: str = ".//") -> list[Any]:
    """The paragraphs in any of `styles` (ids passed as XPath variables: a template names them)."""
    names = {f"s{n}": style for n, style in enumerate(sorted(styles))}
    return _styled_path(len(names), axis)(body, **names)


@functools.lru_cache(maxsize=16)
def _styled_path(count: int, axis: str) -> Any:
    """The XPath of paragraphs in any of `count` styles, compiled once (the style ids are its variables)."""
    test = " or ".join(f"w:pPr/w:pStyle/@w:val=$s{n}" for n in range(count)) or "false()"
    return etree.XPath(f"{axis}w:p[{test}]", namespaces={"w": W})


def _keep_body_with(first: Any, *, chain: int, area: int, page: int) -> None:
    """Keep body text on the signature's page. Blank paragraphs above the signature keep with it; the
    last body paragraph gets widow control (on that paragraph alone: elsewhere it is off, so that a page
    holds all 22 lines), so that a split leaves at least two of its lines with the signature; and it
    keeps with the signature when it is short enough to move to the next page whole, together with
    the `chain` lines of the signature block (LibreOffice ignores a keep whose paragraphs cannot fit on
    one page, and then lets even the date go alone)."""
    before = first.getprevious()
    while before is not None and before.tag == f"{{{W}}}p" and not _text(before).strip():
        _set(before, "keepNext")
        chain += 1
        before = before.getprevious()
    if before is None or before.tag != f"{{{W}}}p":
        return
    _set(before, "widowControl", "1")
    lines = -(-(2 * CHAR + _width(_text(before), before)) // max(area, 1))  # first line indented two
    if lines + chain + 1 <= page:  # one line to spare: the estimate may be a line short
        _set(before, "keepNext")


def _page_lines(body: Any) -> int:
    """Lines a page of the body's last section holds: its text height over the grid's line pitch."""
    sect = body.find(f"{{{W}}}sectPr")
    try:
        size, margins, grid = (sect.find(f"{{{W}}}{tag}") for tag in ("pgSz", "pgMar", "docGrid"))
        height = int(size.get(f"{{{W}}}h")) - int(margins.get(f"{{{W}}}top")) - int(margins.get(f"{{{W}}}bottom"))
        return height // int(grid.get(f"{{{W}}}linePitch"))
    except (AttributeError, TypeError, ValueError, ZeroDivisionError):
        return TEXT_HEIGHT // LINE_PITCH


def _width(text: str, paragraph: Any, half: float = 0.5) -> int:
    """`text` in twips, with the character spacing of the paragraph's first run (docgen condenses)."""
    spacing = paragraph.find(f".//{{{W}}}r/{{{W}}}rPr/{{{W}}}spacing")
    condense = int(spacing.get(f"{{{W}}}val", "0")) if spacing is not None and \
        spacing.get(f"{{{W}}}val", "").lstrip("-").isdigit() else 0
    return text_width(text, condense=condense, half=half)


def _text_area(body: Any) -> int:
    """The width of the text area (twips) of the body's last section: the page less its margins."""
    size, margins = (body.find(f"{{{W}}}sectPr/{{{W}}}{tag}") for tag in ("pgSz", "pgMar"))
    try:
        return int(size.get(f"{{{W}}}w")) - int(margins.get(f"{{{W}}}left")) - int(margins.get(f"{{{W}}}right"))
    except (AttributeError, TypeError, ValueError):
        return TEXT_WIDTH


def _signature_block(signatures: list[Any]) -> list[Any]:
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


# The children of w:pPr in schema order (ECMA-376 CT_PPrBase), so that an added one goes where it belongs.
_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
              "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange")


def _set(paragraph: Any, name: str, value: str | None = None) -> Any:
    """The paragraph property `name` (made in its place when missing), with w:val set when given."""
    ppr = paragraph.find(f"{{{W}}}pPr")
    if ppr is None:
        ppr = etree.SubElement(paragraph, f"{{{W}}}pPr")
        paragraph.insert(0, ppr)
    element = ppr.find(f"{{{W}}}{name}")
    if element is None:
        element = etree.Element(f"{{{W}}}{name}")
        rank = _PPR_ORDER.index(name)
        later = [c for c in ppr if etree.QName(c).localname in _PPR_ORDER[rank + 1:]]
        if later:
            later[0].addprevious(element)
        else:
            ppr.append(element)
    if value is not None:
        element.set(f"{{{W}}}val", value)
    elif f"{{{W}}}val" in element.attrib:
        del element.attrib[f"{{{W}}}val"]  # on: <w:keepNext/>, whatever a template had
    return element


def _set_indent(paragraph: Any, *, left: int = 0, right: int = 0) -> None:
    """Left and right indents in twips (and in characters, which Word prefers), no first-line indent."""
    ind = _set(paragraph, "ind")
    for attr in ("firstLine", "firstLineChars", "hanging", "hangingChars", "start", "end", "startChars",
                 "endChars"):
        ind.attrib.pop(f"{{{W}}}{attr}", None)
    for side, twips in (("left", left), ("right", right)):
        ind.set(f"{{{W}}}{side}", str(twips))
        ind.set(f"{{{W}}}{side}Chars", str(round(twips * 100 / CHAR)))
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
