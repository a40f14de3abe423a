"""Punctuation of Chinese text: half-width marks, stray spaces, doubled marks, closing marks, balance."""

from __future__ import annotations

import re

from .junk import Spans, ends_in_watermark, protected
from .spans import FULL_PUNCT, SP, Edit, Hit, is_cn, is_ideo

# --- half-width punctuation in Chinese text (safe fix) ----------------------------------------
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_HALF_RUN = re.compile(r"[,;:?!](?:[ \t\u3000]*[,;:?!])*")


def _neighbours(text: str, start: int, end: int) -> tuple[int, int, str, str]:
    """Extend [start, end) over surrounding spaces; return the new span and the chars beyond it."""
    a, b = start, end
    while a > 0 and text[a - 1] in SP:
        a -= 1
    while b < len(text) and text[b] in SP:
        b += 1
    return a, b, text[a - 1] if a else "", text[b] if b < len(text) else ""


def _inside(pos: int, mask: Spans) -> bool:
    return mask[pos]


_SKIPPED = frozenset(SP + ",;:?!()")


def _nearest(text: str) -> tuple[list[str], list[str]]:
    """For each position, the nearest character to its left and right that is neither a space nor a
    half-width mark, so that a run like ",(" decides in one pass (fixing one mark at a time would
    cascade over many passes)."""
    left, right = [""] * len(text), [""] * len(text)
    last = ""
    for i, ch in enumerate(text):
        left[i] = last
        if ch not in _SKIPPED:
            last = ch
    last = ""
    for i in range(len(text) - 1, -1, -1):
        right[i] = last
        if text[i] not in _SKIPPED:
            last = text[i]
    return left, right


HALF_MARKS = ",;:?!().\"'"  # the half-width marks a Chinese sentence should not hold
_HALF_MARK = re.compile(f"[{re.escape(HALF_MARKS)}]")
_PAREN = re.compile("[()（）]")


def may_have_halfwidth(text: str) -> bool:
    return _HALF_MARK.search(text) is not None


def halfwidth_edits(text: str, watermarks: bool = True) -> list[Edit]:
    """Half-width , ; : ? ! ( ) " ' . next to Chinese -> full-width, spaces around them dropped."""
    if not may_have_halfwidth(text):  # most cells of a Chinese report: nothing to look at
        return []
    skip = protected(text, watermarks)
    runs = list(_HALF_RUN.finditer(text))
    has_half_paren = "(" in text or ")" in text
    # the per-character neighbour scan is only needed by runs of marks and by half-width brackets
    lefts, rights = _nearest(text) if runs or has_half_paren else ([], [])
    edits: list[Edit] = []
    # A run of marks (",,", "?!") counts as one: all of it is next to Chinese or none of it is.
    for m in runs:
        a, b, _, _ = _neighbours(text, m.start(), m.end())
        if not _inside(m.start(), skip) and (is_cn(lefts[m.start()]) or is_cn(rights[m.end() - 1])):
            marks = [ch for ch in m.group() if ch in _HALF_TO_FULL]
            edits.append((a, b, "".join(_HALF_TO_FULL[ch] for ch in marks)))
    i = text.find(".")
    while i >= 0:
        if not _inside(i, skip):
            # Only a sentence-ending dot after a character: never 3.5, 1.2 or an English abbreviation.
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if i and is_ideo(text[i - 1]) and text[i + 1:i + 2] != "." and text[i - 1:i] != "." \
                    and (not nxt or nxt in SP or nxt == "\n" or is_cn(nxt)):
                a, b, _, _ = _neighbours(text, i, i + 1)
                edits.append((i, b, "。"))
        i = text.find(".", i + 1)
    if has_half_paren:  # pairs of full-width brackets alone are never edited
        edits += _paren_edits(text, skip, lefts, rights)
    edits += _quote_edits(text, skip, '"', "“", "”") + _quote_edits(text, skip, "'", "‘", "’")
    return sorted(edits)


def _paren_edits(text: str, skip: Spans, lefts: list[str], rights: list[str]) -> list[Edit]:
    cn_before = [0]  # Chinese characters in text[:i], so that nested pairs stay linear
    for ch in text:
        cn_before.append(cn_before[-1] + is_cn(ch))
    stack: list[int] = []
    pairs: list[tuple[int | None, int | None]] = []
    for m in _PAREN.finditer(text):
        i, ch = m.start(), m.group()
        if ch in "(（":
            stack.append(i)
        elif ch in ")）":
            pairs.append((stack.pop() if stack else None, i))
    pairs += [(i, None) for i in stack]
    edits: list[Edit] = []
    for o, c in pairs:
        marks = [p for p in (o, c) if p is not None]
        half = [p for p in marks if text[p] in "()" and not _inside(p, skip)]
        if not half:
            continue
        near = "".join(lefts[p] + rights[p] for p in marks)
        inner = o is not None and c is not None and cn_before[c] > cn_before[o + 1]
        if inner or any(is_cn(x) for x in near) or len(half) < len(marks):
            edits += [(p, p + 1, "（" if text[p] == "(" else "）") for p in half]
    return edits


def _quote_edits(text: str, skip: Spans, straight: str, op: str, cl: str) -> list[Edit]:
    if straight not in text:
        return []
    pos = [m.start() for m in re.finditer(straight, text) if not _inside(m.start(), skip)]
    edits: list[Edit] = []
    for o, c in zip(pos[::2], pos[1::2]):
        near = text[o - 1:o] + text[o + 1:c] + text[c + 1:c + 2]
        # A straight single quote is usually an apostrophe: convert only around Chinese content.
        cn = any(is_cn(x) for x in (text[o + 1:c] if straight == "'" else near))
        if cn:
            edits += [(o, o + 1, op), (c, c + 1, cl)]
    return edits



# --- whitespace and doubled punctuation (safe fixes) --------------------------------------------
SPACES = re.compile(f"[{SP}]+")


def may_have_spaces(text: str) -> bool:
    return any(space in text for space in SP)


def space_edits(text: str, watermarks: bool = True) -> list[Edit]:
    """Spaces between two Chinese characters, or next to full-width punctuation."""
    if not may_have_spaces(text):
        return []
    skip: Spans | None = None  # worked out only when a space needs it
    edits: list[Edit] = []
    for m in SPACES.finditer(text):
        left = text[m.start() - 1] if m.start() else ""
        right = text[m.end()] if m.end() < len(text) else ""
        if not left or not right or left == "\n" or right == "\n":
            continue
        skip = skip or protected(text, watermarks)
        if _inside(m.start(), skip):
            continue
        if (is_ideo(left) and is_ideo(right)) or left in FULL_PUNCT or right in FULL_PUNCT:
            edits.append((m.start(), m.end(), ""))
    return edits


_DOUBLED_PUNCT = re.compile(r"\.{3,}|。{3,}|([，。、；：？！])\1+")
# "学习不深，。": a comma left before the 。 that the reader adds to a summary or heading.
# The look-behinds let a match start only where a run of marks starts: retried from inside a long run,
# these would be quadratic (text/cleaning.py avoids the same trap).
_SOFT_BEFORE_END = re.compile(r"(?<![，；、,;])[，；、,;]+(?=[。！？])")
# "汇报如下：。": a 。 added after the colon that leads into what follows; the colon is what was meant.
_COLON_STOP = re.compile(r"(?<=[：:])。+")


# What each of the three must start with, searched first: a pattern that opens with a class of characters
# lets the engine skip ahead in C, while an alternation or a look-behind is tried at every position.
# Each as the marks it is made of, searched as classes; PUNCT_PAIRS spells out the same pairs for the
# report-wide screen, which finds literal strings.
_DOUBLED, _SOFT, _ENDS, _COLONS = ".。，、；：？！", "，；、,;", "。！？", "：:"
_MAY_DOUBLE = re.compile(f"([{re.escape(_DOUBLED)}])\\1")
_MAY_SOFT_BEFORE_END = re.compile(f"[{re.escape(_SOFT)}][{_ENDS}]")
_MAY_COLON_STOP = re.compile(f"[{_COLONS}]。")
PUNCT_PAIRS = (tuple(c + c for c in _DOUBLED) + tuple(a + b for a in _SOFT for b in _ENDS)
               + tuple(c + "。" for c in _COLONS))  # one of which a text must hold for any of the three


def doubled_punct_edits(text: str, watermarks: bool = True) -> list[Edit]:
    """。。 -> 。, ，， -> ，; ... or 。。。 after a character -> …… (never touches …… or ——)."""
    hits = list(_DOUBLED_PUNCT.finditer(text)) if _MAY_DOUBLE.search(text) else []
    soft = list(_SOFT_BEFORE_END.finditer(text)) if _MAY_SOFT_BEFORE_END.search(text) else []
    soft += list(_COLON_STOP.finditer(text)) if _MAY_COLON_STOP.search(text) else []
    if not hits and not soft:
        return []
    skip = protected(text, watermarks)
    edits: list[Edit] = []
    for m in hits:
        if _inside(m.start(), skip):
            continue
        if m.group(1):
            edits.append((m.start(), m.end(), m.group(1)))
        elif m.start() and is_ideo(text[m.start() - 1]):
            edits.append((m.start(), m.end(), "……"))
    edits += [(m.start(), m.end(), "") for m in soft if not _inside(m.start(), skip)]
    return edits


# --- closing punctuation -------------------------------------------------------------------------
_CLOSERS = "”’）》」』】)\"'"
_END_MARKS = "。！？…!?"
_SOFT_END = "，；：、,;:"


def end_edit(text: str, colon: bool = False) -> Edit | None:
    """A sentence text must end with 。！？…; a trailing ，；：、 becomes 。, else 。 is added. With colon, a
    closing ： is the genre's own ending (现将对照检查情况汇报如下：) and stays."""
    body = text.rstrip()
    if not body:
        return None
    core = body.rstrip(_CLOSERS)
    if core and (core[-1] in _END_MARKS or (colon and core[-1] in "：:")):
        return None  # closed already (asked before the watermark rules, which cost more)
    if ends_in_watermark(body):
        return None
    if body[-1] in _SOFT_END:
        return (len(body) - 1, len(text), "。")
    return (len(body), len(text), "。")


_HEADING_MARKS = frozenset("。，；：、.,;:")
_HEADING_END = re.compile(r"(?<![。，；：、.,;:])[。，；：、.,;:]+\s*$")


def title_end_edit(text: str) -> Edit | None:
    """Headings that stand alone (aspects, part titles) carry no closing punctuation."""
    if text.rstrip()[-1:] not in _HEADING_MARKS:  # the marks must be the text's last but spaces: the
        return None  # look-behind keeps the engine from skipping ahead, so rule most texts out first
    m = _HEADING_END.search(text)
    if m and m.start() > 0:
        return (m.start(), len(text), "")
    return None


# --- balance -------------------------------------------------------------------------------------
_PAIRS = {"“": "”", "‘": "’", "《": "》", "（": "）", "【": "】", "(": ")"}
_CLOSE_OF = {v: k for k, v in _PAIRS.items()}
PAIR_MARKS = "".join(_PAIRS) + "".join(_CLOSE_OF)
_MARKS = re.compile("[" + re.escape(PAIR_MARKS) + "]")


def may_have_pairs(text: str) -> bool:
    return _MARKS.search(text) is not None


def unbalanced(text: str) -> list[Hit]:
    """Marks without their partner; ( and （ count as the same bracket (mixing is fixed elsewhere)."""
    if not may_have_pairs(text):
        return []
    norm = text.replace("(", "（").replace(")", "）")
    stack: list[int] = []
    open_count = dict.fromkeys(_PAIRS, 0)  # openers of each kind on the stack (keeps this linear)
    bad: list[int] = []
    for m in _MARKS.finditer(norm):  # only the marks themselves, not every character
        i, ch = m.start(), m.group()
        if ch in _PAIRS:
            stack.append(i)
            open_count[ch] += 1
        elif ch in _CLOSE_OF:
            opener = _CLOSE_OF[ch]
            if not open_count[opener]:
                bad.append(i)
                continue
            # an inner mark left open is reported, and we resynchronise on the matching opener
            while norm[stack[-1]] != opener:
                open_count[norm[stack[-1]]] -= 1
                bad.append(stack.pop())
            stack.pop()
            open_count[opener] -= 1
    bad += stack
    return [Hit(i, i + 1, text[i]) for i in sorted(bad)]



# --- quotes the wrong way round (”十五五“) ----------------------------------------------------------
_REVERSED = re.compile("”([^“”\n]{1,20})“")


REVERSING_MARKS = "”"  # a closing quote, which a pair the wrong way round starts with


def may_reverse_quotes(text: str) -> bool:
    return REVERSING_MARKS in text


def reversed_quotes(text: str) -> list[Hit]:
    """A closing quote before an opening one around a few words, where the quotes before are balanced."""
    if not may_reverse_quotes(text):
        return []
    return [Hit(m.start(), m.end(), m.group(1)) for m in _REVERSED.finditer(text)
            if text.count("“", 0, m.start()) == text.count("”", 0, m.start())]
