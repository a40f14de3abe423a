"""Lines broken by a PDF or a 文库 preview (a break every 20–40 characters, inside words) joined back into
their paragraphs; the author's own paragraph ends are kept."""

from __future__ import annotations

import unicodedata
from collections import Counter

from ..review.junk import is_junk_line
from ..text.markers import ITEM_FAMILIES, find_sequence, leading_marker
from .paragraph import Notes, Para
from .parts import heading

# A line never starts with these: a line that does was broken off the one before, in any document.
NO_START = frozenset("，。、；：？！）》」』”’…,.;:?!)")
_SENTENCE_END = frozenset("。！？：；!?:;")
_CLOSERS = frozenset("”’」』）)》")
_PROSE = frozenset("，。；：！？、")
_MIN_WIDTH, _MAX_WIDTH = 12, 60  # the widths a page of wrapped text can have, in full-width characters


def width(text: str) -> float:
    """How wide a line is, in full-width characters: Latin letters and digits count half."""
    return sum(1 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 0.5 for ch in text)


def ends_sentence(text: str) -> bool:
    core = text.rstrip()
    while core and core[-1] in _CLOSERS:
        core = core[:-1]
    return bool(core) and core[-1] in _SENTENCE_END


def wrap_width(paras: list[Para]) -> float | None:
    """The width the text was wrapped at, when most lines are about as wide as the widest usual line and
    almost none is wider (a document typed in Word has paragraphs far longer than its headings)."""
    widths = [width(p.text) for p in paras if "\n" not in p.text]
    if len(widths) < 4:
        return None
    counts = Counter(round(w) for w in widths if w >= _MIN_WIDTH)
    if not counts:
        return None
    # the most common width, counting the line or two a little shorter (punctuation pushed to the next line)
    best = max(counts, key=lambda w: (counts[w] + counts.get(w - 1, 0), w))
    near = sum(1 for w in widths if best - 2 <= w <= best + 1)
    wider = sum(1 for w in widths if w > best + 2)
    if not _MIN_WIDTH <= best <= _MAX_WIDTH or near < 3 or near < 0.3 * len(widths) or wider > 0.1 * len(widths):
        return None
    return best


def _starts_block(p: Para) -> bool:
    """A marker (一是 （一） 1.) or a part heading begins a new paragraph, never a continued one."""
    return leading_marker(p.text) is not None or heading(p) is not None


def _heading_like(text: str) -> bool:
    return leading_marker(text) is not None and not any(ch in _PROSE for ch in text)


def _same_layout(a: Para, b: Para) -> bool:
    ha, hb = a.hints, b.hints
    return (ha.centered, ha.right, ha.title_style, ha.heading) == (hb.centered, hb.right, hb.title_style, hb.heading)


def join_wrapped(body: list[Para], notes: Notes) -> list[Para]:
    """Join a line to the next when the next starts with punctuation no line starts with, or when the text
    is wrapped and the line is full (as wide as the wrapping) and the next starts no paragraph of its own.
    A line of site junk (a page counter) between two halves of a sentence is moved after them."""
    if len(body) < 2:
        return body
    full_width = wrap_width([p for p in body if not is_junk_line(p.flat)])
    # A copied page that keeps the spaces at paragraph starts (and only there) says where paragraphs begin.
    indents = 0 < sum(p.hints.indented for p in body) < 0.8 * len(body)
    out: list[Para] = []
    last_line = ""  # the last line joined into out[-1]: whether it was full decides the next join
    joins = 0
    first_join = 0
    pending: list[Para] = []  # junk lines passed over inside the paragraph being joined
    for n, p in enumerate(body):
        if out and not (indents and p.hints.indented) and _joins(out[-1], last_line, p, full_width,
                                                                 len(out) == 1 and out[0] is body[0]):
            prev = out[-1]
            out[-1] = Para(prev.number, _glue(prev.text, p.text), prev.hints)
            last_line = p.text
            joins += 1
            first_join = first_join or prev.number
            continue
        if out and full_width and is_junk_line(p.flat) and n + 1 < len(body) and not _starts_block(body[n + 1]) \
                and _full(last_line, full_width) and not ends_sentence(last_line):
            pending.append(p)  # a page counter inside a sentence: the sentence goes on after it
            continue
        out += pending
        pending = []
        out.append(p)
        last_line = p.text
    out += pending
    if joins:
        notes.warn(first_join, f"原文有{joins}处断行在句子中间（多见于从PDF或网页复制的文字），已把断开的句子接上",
                   "请核对段落划分是否合适", "joined-lines", "info")
    return out


def _full(line: str, full_width: float | None) -> bool:
    return full_width is not None and width(line) >= full_width - 2


def _continues_items(paragraph: str, nxt: str) -> bool:
    """二是 at the start of a line whose paragraph so far has 一是: the list goes on (a wrap fell before it);
    so does 一是 after a line of running text (the lead an author writes before the items)."""
    mark = leading_marker(nxt, ITEM_FAMILIES)
    if mark is None:
        return False
    if mark.number == 1:
        return mark.family in ("shi", "di") and not _heading_like(paragraph) and leading_marker(paragraph) is None
    before = find_sequence(paragraph, mark.family, 1, (mark.family,))
    return bool(before) and before[-1].number == mark.number - 1


def _joins(prev: Para, last_line: str, nxt: Para, full_width: float | None, prev_is_first: bool) -> bool:
    if "\n" in prev.text or "\n" in nxt.text or not _same_layout(prev, nxt) or prev.hints.heading:
        return False
    if nxt.text[:1] in NO_START:
        return True
    if full_width is None or not _full(last_line, full_width) or is_junk_line(nxt.flat):
        return False
    if _starts_block(nxt):
        return _continues_items(prev.text, nxt.text)
    if ends_sentence(last_line) and not _full(nxt.text, full_width) and not _punctuated(nxt.text):
        return False  # a sentence ended at the margin, then a line of its own: a heading, a signature, a date
    if prev_is_first and not any(ch in _PROSE for ch in prev.text):
        return False  # a title line, however wide, is left to the title's own rule
    if _heading_like(prev.text):
        # a heading wrapped once: only its short last piece joins it, never the paragraph after it
        return not _full(nxt.text, full_width) and not any(ch in _PROSE for ch in nxt.text)
    return True


def _punctuated(text: str) -> bool:
    return any(unicodedata.category(ch).startswith("P") for ch in text)


def _glue(a: str, b: str) -> str:
    """Two pieces of one line: nothing between Chinese, a space between two Latin words."""
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return a + " " + b
    return a + b
