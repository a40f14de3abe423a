"""Per-text lint rules: patterns for placeholders, website junk, punctuation, doubled words, confusions."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

IDEO = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
FULL_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』…—～·"
_SEP = " \u3000.·•．・"  # what document-sharing sites put between characters of a watermark
_SP = " \t\u3000"

# An (start, end, replacement) edit of a text; a rule's hits are its edits or plain (start, end) spans.
Edit = tuple[int, int, str]


@dataclass(frozen=True)
class Hit:
    """One thing a rule found in one text."""

    start: int
    end: int
    label: str = ""  # what to quote when it is not simply text[start:end]


def snippet(text: str, start: int, end: int, pad: int = 4) -> str:
    """The offending fragment with a little context, for quoting in a message."""
    a, b = max(0, start - pad), min(len(text), end + pad)
    frag = text[a:b].replace("\n", " ")
    return ("…" if a and pad else "") + frag + ("…" if b < len(text) and pad else "")


def quote_all(frags: list[str], limit: int = 3) -> str:
    """“a”、“b”、“c”等 n 处 — quoted fragments, deduplicated, at most `limit`."""
    uniq = list(dict.fromkeys(frags))
    head = "、".join(f"“{f}”" for f in uniq[:limit])
    return head + (f"等 {len(uniq)} 处" if len(uniq) > limit else "")


# --- placeholders -----------------------------------------------------------------------------
# "XX" only as a run of its own: XXL, Xbox and the like are never touched.
_PLACEHOLDER = re.compile(
    r"(?<![A-Za-z])[Xx]{2,}(?![A-Za-z])"
    r"|[×Ｘｘ]{2,}|某某|[＊*]{2,}|[□■]{2,}|_{3,}"
    r"|(?<![一二三四五六七八九〇○零])[○〇]{2,}(?![一二三四五六七八九〇○零年])"  # not 二〇〇〇年
    r"|[（(]\s*(?:请在此处|请在此|此处|这里|在此|请)?\s*(?:填写|填入|输入)[^（）()]{0,30}[）)]"
    r"|(?:请在此处|此处|在此|这里|请)(?:填写|填入|输入)"
    r"|【[^【】\n]{1,30}】"
    r"|\{\{?[^{}\n]{1,30}\}\}?"
)


def placeholders(text: str) -> list[Hit]:
    return [Hit(m.start(), m.end()) for m in _PLACEHOLDER.finditer(text)]


# --- junk from document-sharing websites -------------------------------------------------------
_JUNK_PHRASES = (
    "百度文库", "道客巴巴", "原创力文档", "豆丁网", "豆丁", "文库", "更多资料", "更多精品", "精品资料",
    "免费下载", "欢迎下载", "下载后可编辑", "可编辑", "精品文档", "仅供参考", "仅供学习",
    "如有侵权", "联系删除", "文档来源", "本文来源", "原文地址",
)


def _spaced(phrase: str) -> str:
    # Sites break their watermark up with dots or spaces; match the phrase with them in between.
    return f"[{_SEP}]{{0,2}}".join(re.escape(c) for c in phrase)


_JUNK = re.compile(
    "|".join(_spaced(p) for p in _JUNK_PHRASES)
    + r"|本文由.{0,20}?提供|(?i:word\s*(?:版|格式|文档))|第\s*\d+\s*页\s*[,，/]?\s*共\s*\d+\s*页"
)
_SPACED_HANZI = re.compile(rf"(?<![{IDEO}])[{IDEO}](?:[{_SEP}]+[{IDEO}](?![{IDEO}])){{2,}}")
_URL = re.compile(
    r"(?i)(?:https?://|www\.)[^\s，。；、）)”’》\u4e00-\u9fff]+"
    r"|(?i:(?<![a-z0-9.@-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org|edu|gov)(?:\.cn)?(?![a-z0-9-]))"
)
# The lookbehind keeps a long run of letters linear: a match can only start at the run's beginning.
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


# The watermark rules are asked about one text up to four times (finding, spacing, closing mark and
# protected spans); remember the last texts' answers. Callers get their own list.
@functools.lru_cache(maxsize=256)
def _junk(text: str) -> tuple[Hit, ...]:
    return tuple(Hit(m.start(), m.end()) for m in _JUNK.finditer(text))


@functools.lru_cache(maxsize=256)
def _spaced_hits(text: str) -> tuple[Hit, ...]:
    return tuple(Hit(m.start(), m.end()) for m in _SPACED_HANZI.finditer(text))


def junk_phrases(text: str) -> list[Hit]:
    return list(_junk(text))


def spaced_hanzi(text: str) -> list[Hit]:
    return list(_spaced_hits(text))


def ends_in_watermark(text: str) -> bool:
    """Whether the text ends with website junk: adding 。 after it would be noise, it is to be deleted."""
    end = len(text.rstrip())
    return any(h.end >= end for rule in (junk_phrases, spaced_hanzi) for h in rule(text))


def urls(text: str) -> list[Hit]:
    emails = [(m.start(), m.end()) for m in _EMAIL.finditer(text)]
    return [Hit(m.start(), m.end()) for m in _URL.finditer(text)
            if not any(a <= m.start() < b for a, b in emails)]


def emails(text: str) -> list[Hit]:
    return [Hit(m.start(), m.end()) for m in _EMAIL.finditer(text)]


@functools.lru_cache(maxsize=64)
def protected(text: str, watermarks: bool = True) -> tuple[bool, ...]:
    """Spans that safe fixes never touch: URLs, e-mail addresses and, unless watermarks=False (short
    titles spaced out on purpose), watermark junk, since fixing a watermark's spacing would hide it."""
    rules = (urls, emails, junk_phrases, spaced_hanzi) if watermarks else (urls, emails, junk_phrases)
    mask = [False] * len(text)
    for rule in rules:
        for h in rule(text):
            mask[h.start:h.end] = [True] * (h.end - h.start)
    return tuple(mask)


# --- half-width punctuation in Chinese text (safe fix) ----------------------------------------
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_HALF_RUN = re.compile(r"[,;:?!](?:[ \t\u3000]*[,;:?!])*")


def _is_cn(ch: str) -> bool:
    return bool(ch) and (ch in FULL_PUNCT or _is_ideo(ch))


def _is_ideo(ch: str) -> bool:
    return bool(ch) and ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"
                         or "\uf900" <= ch <= "\ufaff")


def _neighbours(text: str, start: int, end: int) -> tuple[int, int, str, str]:
    """Extend [start, end) over surrounding spaces; return the new span and the chars beyond it."""
    a, b = start, end
    while a > 0 and text[a - 1] in _SP:
        a -= 1
    while b < len(text) and text[b] in _SP:
        b += 1
    return a, b, text[a - 1] if a else "", text[b] if b < len(text) else ""


def _inside(pos: int, mask: tuple[bool, ...]) -> bool:
    return mask[pos]


_SKIPPED = frozenset(_SP + ",;:?!()")


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


_HALF_MARK = re.compile("[,;:?!().\"']")
_PAREN = re.compile("[()（）]")


def halfwidth_edits(text: str, watermarks: bool = True) -> list[Edit]:
    """Half-width , ; : ? ! ( ) " ' . next to Chinese -> full-width, spaces around them dropped."""
    if not _HALF_MARK.search(text):  # most cells of a Chinese report: nothing to look at
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
        if not _inside(m.start(), skip) and (_is_cn(lefts[m.start()]) or _is_cn(rights[m.end() - 1])):
            marks = [ch for ch in m.group() if ch in _HALF_TO_FULL]
            edits.append((a, b, "".join(_HALF_TO_FULL[ch] for ch in marks)))
    i = text.find(".")
    while i >= 0:
        if not _inside(i, skip):
            # Only a sentence-ending dot after a character: never 3.5, 1.2 or an English abbreviation.
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if i and _is_ideo(text[i - 1]) and text[i + 1:i + 2] != "." and text[i - 1:i] != "." \
                    and (not nxt or nxt in _SP or nxt == "\n" or _is_cn(nxt)):
                a, b, _, _ = _neighbours(text, i, i + 1)
                edits.append((i, b, "。"))
        i = text.find(".", i + 1)
    if has_half_paren:  # pairs of full-width brackets alone are never edited
        edits += _paren_edits(text, skip, lefts, rights)
    edits += _quote_edits(text, skip, '"', "“", "”") + _quote_edits(text, skip, "'", "‘", "’")
    return sorted(edits)


def _paren_edits(text: str, skip: tuple[bool, ...], lefts: list[str], rights: list[str]) -> list[Edit]:
    cn_before = [0]  # Chinese characters in text[:i], so that nested pairs stay linear
    for ch in text:
        cn_before.append(cn_before[-1] + _is_cn(ch))
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
        if inner or any(_is_cn(x) for x in near) or len(half) < len(marks):
            edits += [(p, p + 1, "（" if text[p] == "(" else "）") for p in half]
    return edits


def _quote_edits(text: str, skip: tuple[bool, ...], straight: str, op: str, cl: str) -> list[Edit]:
    if straight not in text:
        return []
    pos = [m.start() for m in re.finditer(straight, text) if not _inside(m.start(), skip)]
    edits: list[Edit] = []
    for o, c in zip(pos[::2], pos[1::2]):
        near = text[o - 1:o] + text[o + 1:c] + text[c + 1:c + 2]
        # A straight single quote is usually an apostrophe: convert only around Chinese content.
        cn = any(_is_cn(x) for x in (text[o + 1:c] if straight == "'" else near))
        if cn:
            edits += [(o, o + 1, op), (c, c + 1, cl)]
    return edits


def apply_edits(text: str, edits: list[Edit]) -> str:
    out, last = [], 0
    for a, b, rep in sorted(edits):
        if a < last:  # overlapping edits: keep the first
            continue
        out += [text[last:a], rep]
        last = b
    return "".join(out) + text[last:]


# --- whitespace and doubled punctuation (safe fixes) --------------------------------------------
_SPACES = re.compile(f"[{_SP}]+")


def space_edits(text: str, watermarks: bool = True) -> list[Edit]:
    """Spaces between two Chinese characters, or next to full-width punctuation."""
    skip: tuple[bool, ...] | None = None  # worked out only when a space needs it
    edits: list[Edit] = []
    for m in _SPACES.finditer(text):
        left = text[m.start() - 1] if m.start() else ""
        right = text[m.end()] if m.end() < len(text) else ""
        if not left or not right or left == "\n" or right == "\n":
            continue
        skip = skip or protected(text, watermarks)
        if _inside(m.start(), skip):
            continue
        if (_is_ideo(left) and _is_ideo(right)) or left in FULL_PUNCT or right in FULL_PUNCT:
            edits.append((m.start(), m.end(), ""))
    return edits


_DOUBLED_PUNCT = re.compile(r"\.{3,}|。{3,}|([，。、；：？！])\1+")
# "学习不深，。": a comma left before the 。 that the reader adds to a summary or heading.
_SOFT_BEFORE_END = re.compile(r"[，；：、,;:]+(?=[。！？])")


def doubled_punct_edits(text: str, watermarks: bool = True) -> list[Edit]:
    """。。 -> 。, ，， -> ，; ... or 。。。 after a character -> …… (never touches …… or ——)."""
    hits = list(_DOUBLED_PUNCT.finditer(text))
    soft = list(_SOFT_BEFORE_END.finditer(text))
    if not hits and not soft:
        return []
    skip = protected(text, watermarks)
    edits: list[Edit] = []
    for m in hits:
        if _inside(m.start(), skip):
            continue
        if m.group(1):
            edits.append((m.start(), m.end(), m.group(1)))
        elif m.start() and _is_ideo(text[m.start() - 1]):
            edits.append((m.start(), m.end(), "……"))
    edits += [(m.start(), m.end(), "") for m in soft if not _inside(m.start(), skip)]
    return edits


# --- closing punctuation -------------------------------------------------------------------------
_CLOSERS = "”’）》」』】)\"'"
_END_MARKS = "。！？…!?"
_SOFT_END = "，；：、,;:"


def end_edit(text: str) -> Edit | None:
    """A sentence text must end with 。！？…; a trailing ，；：、 becomes 。, else 。 is added."""
    body = text.rstrip()
    if not body or ends_in_watermark(body):
        return None
    core = body.rstrip(_CLOSERS)
    if core and core[-1] in _END_MARKS:
        return None
    if body[-1] in _SOFT_END:
        return (len(body) - 1, len(text), "。")
    return (len(body), len(text), "。")


def title_end_edit(text: str) -> Edit | None:
    """Headings that stand alone (aspects, part titles) carry no closing punctuation."""
    m = re.search(r"[。，；：、.,;:]+\s*$", text)
    if m and m.start() > 0:
        return (m.start(), len(text), "")
    return None


# --- balance -------------------------------------------------------------------------------------
_PAIRS = {"“": "”", "‘": "’", "《": "》", "（": "）", "【": "】", "(": ")"}
_CLOSE_OF = {v: k for k, v in _PAIRS.items()}
_MARKS = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_CLOSE_OF)) + "]")


def unbalanced(text: str) -> list[Hit]:
    """Marks without their partner; ( and （ count as the same bracket (mixing is fixed elsewhere)."""
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


# --- doubled function words ---------------------------------------------------------------------
# Only function words, which are never legitimately doubled except in the listed contexts; doubling in
# general has too many false alarms (学习习近平, 工作作风, 二〇二二, 党支部部署, 人民民主).
_DOUBLE_OK_BEFORE = {"的": "目有", "了": "为除不", "在": "现存所自好内外正", "和": "总共平温缓调祥",
                     "与": "参给授赋", "是": "", "不": "", "被": "", "把": "", "也": "", "都": "",
                     "我": "", "们": ""}
_DOUBLE_OK_AFTER = {"的": "确", "了": "之解结然", "是": "非否", "和": "睦气", "在": "在"}


_DOUBLED = re.compile("(?=([" + "".join(_DOUBLE_OK_BEFORE) + "])\\1)")  # every i with text[i] == text[i+1]


def doubled_words(text: str) -> list[Hit]:
    hits = []
    for m in _DOUBLED.finditer(text):
        i, ch = m.start(), m.group(1)
        before, after = text[i - 1:i], text[i + 2:i + 3]
        if before and before in _DOUBLE_OK_BEFORE[ch] or after and after in _DOUBLE_OK_AFTER.get(ch, ""):
            continue
        # AABB reduplication: 实实在在, 和和气气, 的的确确
        if i >= 2 and text[i - 2] == text[i - 1] != ch:
            continue
        if i + 3 < len(text) and text[i + 2] == text[i + 3] != ch:
            continue
        if i and text[i - 1] == ch:  # a triple is reported once
            continue
        hits.append(Hit(i, i + 2))
    return hits


# --- two items typed in one cell ---------------------------------------------------------------
_MERGED = re.compile(
    r"^\s*(?:[一二三四五六七八九十]是|第[一二三四五六七八九十]，)"
    r"|(?<=[。；;！？!?])\s*(?:[二三四五六七八九十]是|[（(][二三四五六七八九十][）)]|[2-9][、.．](?!\d))"
)


def merged_items(text: str) -> list[Hit]:
    return [Hit(m.start(), m.end()) for m in _MERGED.finditer(text)]
