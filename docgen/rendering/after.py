"""What docxtpl does to a part after Jinja, so that rendering needs neither docxtpl nor python-docx.

These are docxtpl 0.20's own steps (DocxTemplate.render_xml_part, resolve_listing, fix_tables,
fix_docpr_ids) and python-docx's part parsing and serialising, followed line for line: the fast path
must write what docxtpl writes. tests/test_fastpath.py renders a panel of templates both ways and holds
every part equal, so a docxtpl that changes its steps shows there first.
"""

from __future__ import annotations

import copy
import functools
import itertools
import re
from typing import Any, Callable, Iterable, Iterator

from .ooxml import (around_body, body_pull_parser, holder_like, parse_body, parse_part, place_signature,
                    serialize, serialized_inside, started, sub_element, untouched, write_element)

WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_LISTING = "\t\a\n\f"  # what docxtpl's resolve_listing turns into Word's tabs, paragraphs, breaks, pages
_WORD_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.S)  # as resolve_listing splits
_PARAGRAPH_LINE = re.compile(r"\n(?=<w:p[ >])")  # the line break put before each paragraph for Jinja
_RUN = re.compile(r"<w:r(?: [^>]*)?>.*?</w:r>", re.S)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>.*?</w:t>", re.S)
_PPR = re.compile(r"<w:pPr>.*?</w:pPr>")
_RPR = re.compile(r"<w:rPr>.*?</w:rPr>")


def after_jinja(xml: str) -> str:
    """render_xml_part's steps after Jinja: paragraphs back on one line, escaped delimiters restored,
    tabs, line and page breaks turned into Word's (only paragraphs holding them are rewritten). The caller
    should hold no reference of its own to `xml`, so that each step frees the text before it."""
    xml = _joined_lines(xml)
    if not _has_listing(xml):  # the usual case: nothing to resolve
        return xml
    resolved, end = _resolved(xml)
    return resolved + xml[end:]


def _joined_lines(xml: str) -> str:
    """Paragraphs back on one line and the escaped delimiters restored."""
    xml = _PARAGRAPH_LINE.sub("", xml)  # docxtpl's re.sub(r"\n<w:p([ >])", r"<w:p\1"): one pass, one copy
    if "{_" not in xml and "_}" not in xml:  # each delimiter holds one of them (asking is quicker than replace)
        return xml
    return xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")


def _resolved(xml: str) -> tuple[str, int]:
    """`xml` up to the end of its last whole paragraph with tabs and breaks resolved, and where that is."""
    marks = _listing_marks(xml)  # found at once, not searched for in each paragraph
    pieces, done, end, n = [], 0, 0, 0
    for start, end in _paragraphs(xml):
        while n < len(marks) and marks[n] < start:
            n += 1
        if n < len(marks) and marks[n] < end:  # the paragraph holds a tab or a break
            pieces += [xml[done:start], _resolve_paragraph(_WORD_PARAGRAPH.match(xml, start, end))]  # type: ignore[arg-type]
            done = end
    pieces.append(xml[done:end])
    return "".join(pieces), end


def _listing_marks(xml: str) -> list[int]:
    """Where the characters of _LISTING are in `xml`, in order: found by str.find, many times quicker than a
    pattern of them."""
    found = []
    for mark in _LISTING:
        at = xml.find(mark)
        while at >= 0:
            found.append(at)
            at = xml.find(mark, at + 1)
    return sorted(found)


def _has_listing(xml: str) -> bool:
    return any(mark in xml for mark in _LISTING)


_FEED_CHARS = 1 << 20
_BODY = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body"
_START_TAG_CHARS = 1 << 16  # a body's start tag with all its namespaces is a few thousand characters


def write_body(pieces: Iterable[str], shell: Any, index: int, styles: tuple[Iterable[str], Iterable[str]],
               sink_for: Callable[[int], Any], stream_from: int) -> Any:
    """The main part, byte for byte what the steps below give for the whole body at once: the rendered body
    parsed (docxtpl's parser, fed a piece at a time: see body_text), its tables fixed, its drawings
    numbered, the signature placed (`styles`: the signature's and the date's style ids), and serialised
    with `shell` (the main part without its body) around it at `index`, into the file-like sink that
    `sink_for(size)` gives, asked once with the body's size in characters (or, streaming, its size so
    far). Past `stream_from` characters the body's finished top-level elements that the signature's
    placing leaves alone are fixed, written and let go as they come: a long body is never held whole as
    a tree (its tree is twice its text's size over again). A body that comes in one piece (every usual
    document) is parsed at once, as docxtpl parses it: a pull parser takes about twice as long."""
    texts = body_text(pieces)
    whole, more = next(texts, ""), next(texts, None)
    if more is None and whole and len(whole) <= stream_from:
        size, root, whole = len(whole), parse_body(whole), ""
        return _finished(root, shell, index, styles, sink_for(size))
    texts = itertools.chain([whole, *([] if more is None else [more])], texts)
    whole = more = ""  # (the chain holds them until they are fed)
    with body_pull_parser(_BODY) as parser:
        size, body, first, stream = 0, None, "", None
        for text in texts:
            parser.feed(text)
            if not size:  # the first piece: the body has started, with its start tag at the text's beginning
                body, first = started(parser), text[:_START_TAG_CHARS]
            size += len(text)
            text = ""  # not held while the next piece is made
            if stream is None and body is not None and size > stream_from:
                holder = holder_like(body, first)
                if holder is None:
                    body = None  # never streamed: written whole as before
                else:
                    stream = _Streamed(shell, index, body, holder, styles, sink_for(size))
            if stream is not None:
                stream.take()
        root = parser.close()
    if stream is not None:
        return stream.finish(root)
    return _finished(root, shell, index, styles, sink_for(size))


def _finished(root: Any, shell: Any, index: int, styles: tuple[Iterable[str], Iterable[str]], sink: Any) -> Any:
    """The whole body parsed: its tables fixed, drawings numbered, signature placed, written into `sink`."""
    root = _fixed_tables(root)
    fix_docpr_ids(root)
    place_signature(root, *styles)
    write_with_body(shell, index, root, sink)
    return sink


class _Streamed:
    """A main part written while its body is parsed: what comes before the body's children, then the
    finished children the signature's placing cannot change, fixed as the whole would be, then at the
    end the rest and what comes after."""

    def __init__(self, shell: Any, index: int, body: Any, holder: Any, styles: tuple[Iterable[str], Iterable[str]],
                 sink: Any) -> None:
        self.body, self.holder, self.styles, self.sink = body, holder, styles, sink
        head, self.tail = around_body(shell, index, holder, body.text)
        sink.write(head)
        self.drawings = _DOCPR_START  # the last drawing id given

    def take(self) -> None:
        done = list(self.body)[:-1]  # the last child may still be open
        ready = done[:untouched(done, *self.styles)]
        if ready:
            self.sink.write(serialized_inside(self.holder, [self._fixed(element) for element in ready]))

    def _fixed(self, element: Any) -> Any:
        _fixed_tables(element)
        self.drawings = _numbered(element.iter(f"{{{WP_NS}}}docPr"), self.drawings)
        return element

    def finish(self, root: Any) -> Any:
        _fixed_tables(root)
        fix_docpr_ids(root, self.drawings)
        place_signature(root, *self.styles)
        self.sink.write(serialized_inside(self.holder, list(root)))
        self.sink.write(self.tail)
        return self.sink


def body_text(pieces: Iterable[str]) -> Iterator[str]:
    """after_jinja("".join(pieces)) in pieces: the pieces are taken about _FEED_CHARS characters at a time,
    cut after a ">" (no pattern of _joined_lines matches across one: none holds ">" but at its end), put
    through _joined_lines, and resolved up to the last whole paragraph (the paragraphs found from there on
    are those found from the start, as the search goes on from a paragraph's end); the rest waits."""
    held: list[str] = []
    waiting: list[str] = []  # joined text after the last whole paragraph
    again = [0]  # its size from which it is looked at again
    size, due = 0, _FEED_CHARS
    for piece in pieces:
        held.append(piece)
        size += len(piece)
        if size >= due:
            text = "".join(held)
            cut = text.rfind(">") + 1
            held, size = [text[cut:]], len(text) - cut
            due = size + _FEED_CHARS  # a long run without a ">" is looked at again only a chunk later
            if cut:
                waiting.append(_joined_lines(text[:cut]))
                text = ""  # only `waiting` holds what comes next: a long text is not held twice while fed
                yield from _ready(waiting, again, last=False)
    waiting.append(_joined_lines("".join(held)))
    held = []
    yield from _ready(waiting, again, last=True)


def _ready(waiting: list[str], again: list[int], last: bool) -> Iterator[str]:
    """What can be fed of the waiting text, the last of which has just come: up to the end of its last
    whole paragraph (all of it when `last`). The waiting text is looked at again only when a paragraph may
    end in what came and, after a look that found no whole paragraph, once it has doubled: so the work
    stays linear in the text's size."""
    held = sum(map(len, waiting))
    if not last and ("</w:p>" not in waiting[-1] or held < again[0]):  # (it ends at a ">": no "</w:p>" is cut)
        return
    xml = "".join(waiting)
    waiting.clear()
    if last and not _has_listing(xml):  # a last piece with no tab or break: nothing to resolve
        resolved, end = xml, len(xml)
    else:
        resolved, end = _resolved(xml)
        if last:
            resolved, end = resolved + xml[end:], len(xml)
    waiting.append(xml[end:])
    again[0] = 2 * held if end == 0 else 0
    del xml
    if resolved:
        yield resolved


def _paragraphs(xml: str) -> Iterator[tuple[int, int]]:
    """The spans re.finditer(_WORD_PARAGRAPH, xml) gives, found with plain searches: an opening <w:p> or
    <w:p ...>, then the first </w:p> after it (lazily, as the pattern); none once either is missing."""
    pos = 0
    while True:
        start = xml.find("<w:p", pos)
        while start >= 0 and xml[start + 4:start + 5] not in (" ", ">"):
            start = xml.find("<w:p", start + 1)
        if start < 0:
            return
        opened = xml.find(">", start + 4)
        close = xml.find("</w:p>", opened + 1) if opened >= 0 else -1
        if close < 0:
            return
        pos = close + len("</w:p>")
        yield start, pos


def _resolve_paragraph(m: re.Match[str]) -> str:
    found = _PPR.search(m.group(0))
    paragraph_properties = found.group(0) if found else ""
    return _RUN.sub(lambda x: _resolve_run(paragraph_properties, x), m.group(0))


def _resolve_run(paragraph_properties: str, m: re.Match[str]) -> str:
    found = _RPR.search(m.group(0))
    run_properties = found.group(0) if found else ""
    return _TEXT.sub(lambda x: _resolve_text(run_properties, paragraph_properties, x), m.group(0))


def _resolve_text(run_properties: str, paragraph_properties: str, m: re.Match[str]) -> str:
    xml = m.group(0).replace(
        "\t", f'</w:t></w:r><w:r>{run_properties}<w:tab/></w:r><w:r>{run_properties}<w:t xml:space="preserve">')
    xml = xml.replace("\a", f'</w:t></w:r></w:p><w:p>{paragraph_properties}<w:r>{run_properties}'
                      '<w:t xml:space="preserve">')
    xml = xml.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
    return xml.replace("\f", '</w:t></w:r></w:p><w:p><w:r><w:br w:type="page"/></w:r></w:p>'
                       f'<w:p>{paragraph_properties}<w:r>{run_properties}<w:t xml:space="preserve">')


def fix_tables(xml: str) -> Any:
    """docxtpl's fix_tables: the body parsed (recovering), each table's grid widened or narrowed to the
    cells its rows have after rendering."""
    return _fixed_tables(parse_body(xml))


def _fixed_tables(tree: Any) -> Any:
    ns = "{" + tree.nsmap["w"] + "}"
    for t in tree.iter(ns + "tbl"):
        grid = t.find(ns + "tblGrid")
        columns = grid.findall(ns + "gridCol")
        to_add = 0
        for r in t.iter(ns + "tr"):
            cells = r.findall(ns + "tc")
            if (len(columns) + to_add) < len(cells):
                to_add = len(cells) - len(columns)
        if to_add > 0:
            width = 0.0
            for c in columns:
                if c.get(ns + "w") is not None:
                    width += float(c.get(ns + "w"))
            if width > 0:
                old_average = width / len(columns)
                new_average = width / (len(columns) + to_add)
                for c in columns:
                    c.set(ns + "w", str(int(float(c.get(ns + "w")) * new_average / old_average)))
                for _ in range(to_add):
                    sub_element(grid, ns + "gridCol", {ns + "w": str(int(new_average))})
        columns = grid.findall(ns + "gridCol")
        columns_len = len(columns)

        def cell_len(total: int, cell: Any) -> int:
            tc_pr = cell.find(ns + "tcPr")
            span = None if tc_pr is None else tc_pr.find(ns + "gridSpan")
            return total + int(span.get(ns + "val")) if span is not None else total + 1

        cells_len_max = 0
        for r in t.iter(ns + "tr"):
            cells_len_max = max(cells_len_max, functools.reduce(cell_len, r.findall(ns + "tc"), 0))
        to_remove = columns_len - cells_len_max
        if to_remove > 0:
            removed_width = 0.0
            for c in columns[-to_remove:]:
                removed_width += float(c.get(ns + "w"))
                grid.remove(c)
            columns_left = grid.findall(ns + "gridCol")
            extra_space = int(removed_width / len(columns_left)) if columns_left else 0
            for c in columns_left:
                c.set(ns + "w", str(int(float(c.get(ns + "w")) + extra_space)))
    return tree


_DOCPR_START = 1000  # docxtpl's


def fix_docpr_ids(tree: Any, start: int = _DOCPR_START) -> None:
    """docxtpl's fix_docpr_ids: every drawing numbered afresh from `start` + 1 (docxtpl's own start). Its
    XPath //wp:docPr, from the body it is given (the root of its own tree), finds what iter() finds, in the
    same order, without an XPath evaluator made for each document."""
    _numbered(tree.getroottree().getroot().iter(f"{{{WP_NS}}}docPr"), start)


def _numbered(drawings: Iterable[Any], last: int) -> int:
    """Each drawing (wp:docPr) given the next id after `last`, in order; the last id given."""
    for last, drawing in enumerate(drawings, last + 1):
        drawing.attrib["id"] = str(last)
    return last


def part_bytes(xml: str) -> bytes:
    """A rendered header, footer or note as python-docx saves it: parsed, then serialised."""
    return serialize(parse_part(xml.encode("utf-8")))


def parse_shell(data: bytes) -> Any:
    """The main part's root without its body, as prepared (serialised) for the cache."""
    return parse_part(data)


def write_with_body(shell: Any, index: int, body: Any, out: Any) -> None:
    """The main part: a copy of `shell` with `body` put back at `index`, serialised into `out` (a
    writable file) a piece at a time, byte for byte as serialize() gives it."""
    root = copy.deepcopy(shell)
    root.insert(index, body)
    write_element(root, out)

