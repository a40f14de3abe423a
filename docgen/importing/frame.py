"""The frame of an old report: the title at the top (never a line of website junk) and the signature and
date at the bottom."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from .. import text as T
from ..model import Source
from ..review.junk import is_junk_line, junk_phrases
from ..text.markers import leading_marker
from ..text.numerals import YEAR_DIGITS
from ..vocabulary import TITLE_WORDS
from .paragraph import Notes, Para
from .parts import heading

# No date found: left empty, so the workbook's 日期 cell is blank and `check` asks for it.
DATE_PLACEHOLDER: dt.date | None = None

_ORG_END = re.compile("(委员会|支部|总支|党委|党组|党总支|小组|办公室|公司|局|处|科|部|院|所|中心|站|队|室|厅|委|会)$")
_TAIL_DATE = re.compile(rf"(?P<date>(?:\d{{4}}|[{''.join(YEAR_DIGITS)}]{{4}})\s*年[^年]{{1,12}}?[日号])\s*[）)]?\s*$")
_MAX_JUNK_LINES = 5  # lines of site junk looked past at the top for the title


def parse_any_date(value: str) -> dt.date | None:
    """text.parse_date of a line that may wrap the date in brackets: （２０２５年１月２０日）."""
    return T.parse_date(unicodedata.normalize("NFKC", value).strip().strip("（）()[]【】 "))


def looks_like_org(text: str) -> bool:
    flat = text.replace("\n", "").strip()
    return 0 < len(flat) <= 40 and not any(m in flat for m in "。！？；，,;：:") and leading_marker(flat) is None


def tail(body: list[Para], notes: Notes) -> tuple[list[Para], str, Source, dt.date | None, Source]:
    """Take the signature and date off the end of the body."""
    date: dt.date | None = None
    date_src = org_src = Source(file=notes.file)
    org = ""
    cut = len(body)
    for i in range(len(body) - 1, max(len(body) - 4, 0), -1):
        found = parse_any_date(body[i].text)
        if found is not None:
            date, date_src, cut = found, notes.src(body[i].number), i
            break
        match = _TAIL_DATE.search(body[i].text)
        before = body[i].text[: match.start()].strip() if match else ""
        if match and parse_any_date(match.group("date")) and looks_like_org(before):
            # signature and date typed on one line (or split by a line break inside the paragraph)
            date = parse_any_date(match.group("date"))
            date_src = org_src = notes.src(body[i].number)
            org, cut = before.replace("\n", ""), i
            break
    trailing = body[cut + 1:] if date is not None else []
    if date is not None and not org and cut > 1 and (looks_like_org(body[cut - 1].text)
                                                     or _SIGNER_PREFIX.match(body[cut - 1].text)):
        org, org_src = T.clean(body[cut - 1].text).text, notes.src(body[cut - 1].number)
        cut -= 1
    if date is None:
        date = DATE_PLACEHOLDER
        notes.warn(body[-1].number, "文末没有找到落款日期，工作簿中的日期留空",
                   "请在工作簿“基本信息”表的“日期”一栏填写正确的日期", "missing-date")
        last = body[-1]
        if len(body) > 1 and looks_like_org(last.text) and (last.hints.right or _ORG_END.search(last.text)):
            org, org_src, cut = T.clean(last.text).text, notes.src(last.number), len(body) - 1
    if not org:
        notes.warn(body[min(cut, len(body) - 1)].number, "文末没有找到落款单位",
                   "请在工作簿“基本信息”表的“单位”一栏填写落款单位（如：中共XX支部委员会）", "missing-signature")
    for p in trailing:
        notes.warn(p.number, "这段文字在落款日期之后，已放到正文最后", "请核对它应在的位置，不需要的话删除",
                   "after-signature")
    return body[:cut] + trailing, org, org_src, date, date_src


_SIGNER_PREFIX = re.compile("^(?:对照检查人|检查人|发言人|剖析人|本人|姓名)[：:]\\s*")
_PERSON = re.compile("[\u4e00-\u9fff·]{2,5}")


def person(signature: str) -> tuple[str, str]:
    """(unit, name) of a personal report's signature: 对照检查人：张三 -> ("", "张三"); 中共示例支部 张三 ->
    ("中共示例支部", "张三"); ("", "") when it does not end in a person's name."""
    words = _SIGNER_PREFIX.sub("", signature.strip()).split()
    if not words or not _PERSON.fullmatch(words[-1]) or _ORG_END.search(words[-1]):
        return "", ""
    return " ".join(words[:-1]), words[-1]


def date_under_title(body: list[Para], used: int, notes: Notes) -> tuple[dt.date | None, Source, int]:
    """A date line right under the title (（2025年1月15日）), as some reports print it: its date, where it
    is, and how many paragraphs the title and it use."""
    if used and used < len(body):
        found = parse_any_date(body[used].text)
        if found is not None:
            return found, notes.src(body[used].number), used + 1
    return None, Source(file=notes.file), used


def _junk_at_top(flat: str) -> bool:
    """Junk as a line, or a short line above the title that names a document site and none of a title's
    words (百度文库 - 让每个人平等地提升自我: the site's slogan is no part of the report)."""
    if is_junk_line(flat):
        return True
    return len(flat) <= 40 and bool(junk_phrases(flat)) and not any(word in flat for word in TITLE_WORDS)


def junk_at_top(body: list[Para], notes: Notes) -> int:
    """How many paragraphs at the top are website junk (a watermark, a page counter, an address) rather
    than the title; they are kept in the 开篇 with a warning, for the user to delete."""
    count = 0
    while count < min(_MAX_JUNK_LINES, len(body) - 1) and _junk_at_top(body[count].flat):
        notes.warn(body[count].number, f"“{body[count].flat}”像是从网站复制带来的无关文字，不是标题，已放在开篇",
                   "请在工作簿“基本信息”表的“开篇”中删除这一行", "junk-line")
        count += 1
    return count


def title(body: list[Para], layout: bool, notes: Notes) -> tuple[str, int]:
    """The title's lines and how many paragraphs it used."""
    first = body[0]
    if heading(first) is not None or (len(first.text) > 60 and "。" in first.text):
        notes.warn(first.number, "没有找到标题", "请在工作簿“基本信息”表的“标题”一栏填写标题", "missing-title")
        return "", 0
    lines = [first.text]
    for p in body[1:3]:
        if heading(p) is not None or not _title_like(p.text) or parse_any_date(p.text) is not None:
            break
        if layout:
            if not ((p.hints.centered or p.hints.title_style) and
                    (first.hints.centered or first.hints.title_style)):
                break
        elif len(body) < 3 or any(m in first.text for m in "。，；"):
            break
        lines.append(p.text)
    return join_title_lines("\n".join(lines)), len(lines)


def join_title_lines(text: str) -> str:
    """A title's lines with the breaks that cut a word (对照检⏎查材料, 2024年⏎度) or leave a line of one or
    two characters joined; the author's own breaks between phrases are kept."""
    rows = text.split("\n")
    out = [rows[0]]
    for row in rows[1:]:
        before = out[-1]
        joined = before + row
        cut = len(before)
        spans = any(start < cut < start + len(word)
                    for word in TITLE_WORDS for start in _occurrences(joined, word))
        if spans or len(row) <= 2 or len(before) <= 2:
            out[-1] = joined
        else:
            out.append(row)
    return "\n".join(out)


def _occurrences(text: str, word: str) -> list[int]:
    found, i = [], text.find(word)
    while i >= 0:
        found.append(i)
        i = text.find(word, i + 1)
    return found


def _title_like(text: str) -> bool:
    flat = text.replace("\n", "")
    return len(flat) <= 40 and not any(m in flat for m in "。！？；，,;")
