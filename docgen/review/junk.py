"""Text that does not belong in a report: placeholders, website junk and watermarks, URLs, e-mail addresses."""

from __future__ import annotations

import functools
import re

from ..text.numerals import YEAR_DIGITS
from .spans import IDEO, Hit

_YEAR = "".join(YEAR_DIGITS)  # the digits of a year written in Chinese

_SEP = " \u3000.·•．・"  # what document-sharing sites put between characters of a watermark


# --- placeholders -----------------------------------------------------------------------------
# "XX" only as a run of its own: XXL, Xbox and the like are never touched.
_PLACEHOLDER = re.compile(
    r"(?<![A-Za-z])[Xx]{2,}(?![A-Za-z])"
    r"|[×Ｘｘ]{2,}|某某|[＊*]{2,}|[□■]{2,}|_{3,}"
    rf"|(?<![{_YEAR}])[○〇]{{2,}}(?![{_YEAR}年])"  # not 二〇〇〇年
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



_PAGE_NUMBER = re.compile(r"^[\s\-－—–]*(?:第\s*)?\d{1,3}\s*(?:页)?[\s\-－—–]*$")
_LINE_PUNCT = re.compile(r"[\s\W_]+")


def is_junk_line(text: str) -> bool:
    """Whether a whole line is website junk (a watermark, a page number or counter, an address) rather than
    the report's own text: junk covers most of it."""
    flat = text.strip()
    if not flat or len(flat) > 60:
        return False
    if _PAGE_NUMBER.match(flat):
        return True
    hits = [h for rule in (junk_phrases, urls, emails) for h in rule(flat)]
    if not hits:
        return False
    covered = [False] * len(flat)
    for h in hits:
        covered[h.start:h.end] = [True] * (h.end - h.start)
    left = "".join(ch for ch, c in zip(flat, covered) if not c)
    return len(_LINE_PUNCT.sub("", left)) <= max(2, len(flat) // 3)
