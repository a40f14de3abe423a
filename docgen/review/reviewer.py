"""Lint a Report: what people get wrong in these reports, each finding at its cell, with safe fixes."""

from __future__ import annotations

import bisect
import functools
import re
from typing import Callable, Iterable, Sequence

from ..errors import Finding, Level
from ..model import Report, Source
from ..text.markers import leading_marker
from ..text.plain import plain
from ..vocabulary import PARTS
from . import rules as R
from .attachment import CODES as ATTACHMENT_CODES
from .attachment import action_findings, title_findings, unlisted_problems
from .confusions import Confusion, confusions_in, default_confusions, default_terms
from .screen import EVERYTHING, Screen
from .screen import screen as report_screen
from .fixes import AUTO as _AUTO
from .fixes import BROKEN, HEADING_KINDS, NO_SPACED_CHECK, SENTENCE_KINDS, CellFixes, key_of

# Every finding code, with its level; the codes are stable (JSON output, tests, suppressions).
CODES: dict[str, Level] = {
    "placeholder": "warning", "site-junk": "warning", "spaced-hanzi": "warning", "url": "warning",
    "email": "warning", "halfwidth-punct": "warning", "stray-space": "info", "doubled-punct": "warning",
    "no-end-punct": "warning", "title-end-punct": "warning", "unbalanced": "warning",
    "doubled-word": "warning", "confusion": "warning", "merged-items": "warning",
    "summary-sentences": "info", "duplicate": "warning", "single-item": "info", "empty-aspect": "warning",
    "empty-text": "info", "empty-part": "warning", "broken-line": "warning", "doubled-phrase": "warning",
    "reversed-quotes": "warning", "traditional": "warning", "term": "warning", "term-list": "warning",
    **ATTACHMENT_CODES,
}

_PROBLEM_KINDS = frozenset({"summary", "detail"})
_NONE: frozenset[str] = frozenset()  # a text known to hold none of a rule's literals: the rule is not asked


def lint(report: Report, *, confusions: Sequence[Confusion] | None = None) -> list[Finding]:
    """All findings in reading order. `confusions` replaces the packaged confusions.tsv (for tests)."""
    table = tuple(confusions) if confusions is not None else default_confusions()
    terms = default_terms()
    texts = _broken_lines(list(report.texts()))
    plain = [text for _, text, _ in texts]
    if sum(map(len, plain)) <= _JOIN_LIMIT:
        joined = "\n".join(plain)
        screen = report_screen([joined], table, terms, plain)
        phrases: list[list[R.Hit] | None] = list(_phrases_by_text(joined, texts))
    else:  # a copy of all the report's text (and its GB2312 bytes) would cost more than a search per text
        screen = report_screen(plain, table, terms)
        phrases = [None] * len(texts)  # each text's found as it is checked, not all held at once
    cell_fixes = CellFixes(texts)
    found: list[tuple[int, int, Finding]] = []
    for n, (kind, text, source) in enumerate(texts):
        for pos, f in _text_findings(kind, text, source, cell_fixes.of, table, terms, screen, phrases[n], n):
            found.append((n, pos, f))
    for n, f in _structure(texts, report):
        found.append((n, -1, f))
    found += [(0, -2, f) for f in title_findings(report)]  # before what is said about the title's text
    summaries = [n for n, (kind, _, _) in enumerate(texts) if kind == "summary"]
    found += [(summaries[i], -1, f) for i, f in unlisted_problems(report)]
    found += [(len(texts), i, f) for i, f in enumerate(action_findings(report))]
    found.sort(key=lambda t: (t[0], t[1]))
    return [f for _, _, f in found]


# Up to this many characters, a report's texts are searched joined by line breaks (a search per rule, not
# per rule and text); a longer report's are searched one by one, never copied. The answers are the same.
_JOIN_LIMIT = 1_000_000


def _phrases_by_text(joined: str, texts: list[tuple[str, str, Source]]) -> list[list[R.Hit]]:
    """Each text's doubled phrases, from one search of all the texts joined by line breaks: a phrase never
    runs across a line break, and a line break beside a phrase counts as the text's edge does."""
    starts, at = [], 0
    for _, text, _ in texts:
        starts.append(at)
        at += len(text) + 1
    out: list[list[R.Hit]] = [[] for _ in texts]
    for h in R.doubled_phrases(joined):
        n = bisect.bisect_right(starts, h.start) - 1
        out[n].append(R.Hit(h.start - starts[n], h.end - starts[n], h.label))
    return out


def _broken_lines(texts: list[tuple[str, str, Source]]) -> list[tuple[str, str, Source]]:
    """An 开篇 line that ends in no mark, followed in its cell by a line that starts no paragraph of its own,
    may be one sentence broken in two (text copied from a PDF): it is BROKEN, not a sentence to close with
    。, so `check --fix` never puts a 。 inside a word."""
    out = list(texts)
    for n, (kind, text, source) in enumerate(texts[:-1]):
        nxt_kind, nxt, nxt_source = texts[n + 1]
        if kind == nxt_kind == "intro" and source == nxt_source and key_of(source) and R.end_edit(text, colon=True) \
                and not text.rstrip().endswith(tuple("，；、,;")) and leading_marker(nxt) is None:
            out[n] = (BROKEN, text, source)
    return out


def _finding(code: str, source: Source, message: str, hint: str, fix: str | None = None) -> Finding:
    return Finding(level=CODES[code], source=source, message=message, hint=_one_copy(hint), code=code, fix=fix)


@functools.lru_cache(maxsize=1024)
def _one_copy(text: str) -> str:
    """The first of equal strings: a hint made again for each of a long report's 100,000 findings (most of
    them say the same) is then held once, not 20 MB over."""
    return text


def _quoted(text: str, hits: list[R.Hit], pad: int = 4) -> str:
    if pad == 0:  # a snippet is then the hit's own text: one made for each different text, not for each hit
        parts = dict.fromkeys([text[h.start:h.end] for h in hits])
        return R.quote_all([R.snippet(part, 0, len(part), 0) for part in parts])
    return R.quote_all([R.snippet(text, h.start, h.end, pad) for h in hits])


_Rule = Callable[[str], list[R.Hit]]
# (code, rule, message prefix, hint, quote context): rules that only point at text.
_POINTING: tuple[tuple[str, _Rule, str, str, int], ...] = (
    ("placeholder", R.placeholders, "有未替换的占位符",
     "请换成实际内容（单位名称、人名、日期、事例等），或删去", 2),
    ("site-junk", R.junk_phrases, "有从文档网站复制带来的无关文字",
     "请删去这些水印、广告或页码文字", 0),
    ("url", R.urls, "有网址", "对照检查材料正文不应出现网址，请删去", 0),
    ("email", R.emails, "有电子邮箱地址", "对照检查材料正文不应出现电子邮箱，请删去", 0),
    ("doubled-word", R.doubled_words, "疑似多打了字",
     "请删去重复的字（如“的的”改为“的”）", 2),
    ("doubled-phrase", R.doubled_phrases, "疑似重复输入",
     "请删去重复的一遍（如“用公款用公款”改为“用公款”）", 0),
    ("merged-items", R.merged_items, "一格里似乎写了不止一条问题",
     "每行只写一条问题，请把后面的内容拆到新的一行；“一是、二是”由程序自动编号", 6),
)


# (code, rule, message prefix, hint): rules with a safe fix.
_EDITING: tuple[tuple[str, Callable[[str, bool], list[R.Edit]], str, str], ...] = (
    ("halfwidth-punct", R.halfwidth_edits, "中文句子里用了半角标点",
     f"中文句子里的标点应为全角（，；：？！（）“”），{_AUTO}"),
    ("stray-space", R.space_edits, "汉字或中文标点之间有多余的空格", f"请删去空格，{_AUTO}"),
    ("doubled-punct", R.doubled_punct_edits, "标点重复", f"请删去多余的标点，{_AUTO}"),
)


@functools.lru_cache(maxsize=64)
def _rules_left(ruled_out: frozenset[str]) -> tuple[tuple[tuple[str, _Rule, str, str, int], ...],
                                                    tuple[tuple[str, Callable[[str, bool], list[R.Edit]], str, str], ...]]:
    """The pointing and the editing rules that a report's screen leaves to be asked of each text."""
    return (tuple(r for r in _POINTING if r[0] not in ruled_out), tuple(r for r in _EDITING if r[0] not in ruled_out))


def _text_findings(kind: str, text: str, source: Source, fix: Callable[[Source], str | None],
                   table: tuple[Confusion, ...], terms: tuple[Confusion, ...] = (),
                   screen: Screen = EVERYTHING, phrases: list[R.Hit] | None = None, n: int = 0
                   ) -> Iterable[tuple[int, Finding]]:
    """The findings of one text, the report's n-th; `phrases` are its doubled phrases when already found
    (else searched), and `fix` gives the corrected text of a source's cell."""
    if not text.strip():
        return
    out = screen.ruled_out_at(n)
    pointing, editing = _rules_left(out)
    for code, rule, message, hint, pad in pointing:
        if code == "merged-items" and kind not in _PROBLEM_KINDS:
            continue
        if code == "doubled-phrase" and phrases is not None:
            hits = phrases
        else:
            hits = R.merged_items(text, screen.run_on) if code == "merged-items" else rule(text)
        if hits:
            yield hits[0].start, _finding(code, source, f"{message}：{_quoted(text, hits, pad)}", hint)
    if kind not in NO_SPACED_CHECK and "spaced-hanzi" not in out:
        # a watermark already reported as site junk is not reported twice
        junk = R.junk_phrases(text)
        hits = [h for h in R.spaced_hanzi(text) if not any(j.start < h.end and h.start < j.end for j in junk)]
        if hits:
            yield hits[0].start, _finding("spaced-hanzi", source, f"文字被空格或圆点隔开：{_quoted(text, hits, 0)}",
                                          "这通常是从文档网站复制带来的水印，请删去；若是误输入的空格，请删去空格")
    marks = kind not in NO_SPACED_CHECK
    for code, edits, message, hint in editing:
        found = edits(text, marks)
        if found:
            hits = [R.Hit(a, b) for a, b, _ in found]
            yield found[0][0], _finding(code, source, f"{message}：{_quoted(text, hits, 2)}", hint, fix(source))
    reversed_ = R.reversed_quotes(text) if "reversed-quotes" not in out else []
    if reversed_:
        h = reversed_[0]
        yield h.start, _finding("reversed-quotes", source, f"引号方向反了：{text[h.start:h.end]}，应为“{h.label}”",
                                "请把前后两个引号对调")
    bad = R.unbalanced(text) if "unbalanced" not in out else []
    if bad and reversed_:
        turned = {p for h in reversed_ for p in (h.start, h.end - 1)}
        bad = [h for h in bad if h.start not in turned]
    if bad:
        marks = "、".join(dict.fromkeys(f"“{h.label}”" for h in bad))
        yield bad[0].start, _finding(
            "unbalanced", source, f"引号或括号不配对：{marks}（{R.snippet(text, bad[0].start, bad[0].end, 6)}）",
            "请补上缺少的另一半，或删去多余的一个")
    held = screen.held(n, "confusion") if "confusion" not in out else _NONE
    for conf, (start, _) in confusions_in(text, table, held) if held != _NONE else ():
        note = f"（{conf.note}）" if conf.note else ""
        yield start, _finding(
            "confusion", source, f"疑似错别字“{conf.wrong}”，应为“{conf.right}”{note}",
            f"请改为“{conf.right}”，例如“{conf.example}”")
    held = screen.held(n, "term") if "term" not in out else _NONE
    for term, (start, end) in confusions_in(text, terms, held) if held != _NONE else ():
        note = f"（{term.note}）" if term.note else ""
        wrong = text[start:end]
        if term.right == f"“{wrong}”":  # the same words, which want their quotation marks
            yield start, _finding("term", source, f"提法不规范：{wrong}两边应加引号",
                                  f"请写作{term.right}（依据：{term.source}）")
            continue
        yield start, _finding("term", source, f"提法不规范：“{wrong}”，应为“{term.right}”{note}",
                              f"请改为“{term.right}”（依据：{term.source}）")
    held = screen.held(n, "term-list") if "term-list" not in out else _NONE
    for lst, h, what in R.list_problems(text, held=held) if held != _NONE else ():
        items = "、".join(lst.items)
        if what == "order":
            yield h.start, _finding("term-list", source, f"“{lst.name}”的顺序不对：“{text[h.start:h.end]}”",
                                    f"应为：{items}（依据：{lst.source}）")
        else:
            yield h.start, _finding("term-list", source, f"“{lst.name}”不全：“{text[h.start:h.end]}”",
                                    f"“{lst.name}”是：{items}（依据：{lst.source}）")
    hanzi = R.traditional(text) if "traditional" not in out else []
    if hanzi:
        shown = "、".join(f"“{_around(text, h)}”应为“{_around(text, h, h.label)}”" for h in hanzi[:3])
        more = f"等 {len(hanzi)} 处" if len(hanzi) > 3 else ""
        yield hanzi[0].start, _finding("traditional", source, f"有繁体字：{shown}{more}",
                                       "上交的材料应使用规范简化字，请改为简化字（Word、WPS 的“审阅”中有“繁转简”）")
    if kind == "summary" and _INNER_STOP.search(text.rstrip("。！？!? ”’")):
        yield 0, _finding("summary-sentences", source, f"问题概括里有不止一句话：“{R.snippet(text, 0, 12, 0)}”",
                          "“问题”一栏只写一句概括，展开的内容请移到“具体表现”一栏")
    if kind == BROKEN:
        yield len(text), _finding("broken-line", source,
                                  f"这一行末尾没有标点，可能与下一行是同一句话：“{R.snippet(text, len(text) - 8, len(text), 0)}”",
                                  "如果是同一句话被断成了两行，请删去换行把两行合并；否则请在末尾加上“。”")
    if kind in SENTENCE_KINDS and R.end_edit(text, colon=kind == "intro"):
        yield len(text), _finding("no-end-punct", source,
                                  f"句末缺少句号：“{R.snippet(text, len(text) - 8, len(text), 0)}”",
                                  f"请在末尾加上“。”，{_AUTO}", fix(source))
    if kind in HEADING_KINDS and R.title_end_edit(text):
        yield len(text), _finding("title-end-punct", source,
                                  f"标题末尾不应有标点：“{R.snippet(text, len(text) - 8, len(text), 0)}”",
                                  f"请删去标题末尾的标点，{_AUTO}", fix(source))


def _around(text: str, hit: R.Hit, middle: str | None = None) -> str:
    """A hit with the Chinese character on either side of it, so that 委員會 shows as a word, not 員會."""
    a = hit.start - 1 if hit.start and R.is_ideo(text[hit.start - 1]) else hit.start
    b = hit.end + 1 if hit.end < len(text) and R.is_ideo(text[hit.end]) else hit.end
    return text[a:hit.start] + (text[hit.start:hit.end] if middle is None else middle) + text[hit.end:b]


_INNER_STOP = re.compile(r"[。！？!?].")  # a sentence's end with more after it


_SEPARATOR = "\ua66e"  # a letter (ꙮ) that a report hardly holds: never removed by plain()


def _norms(texts: list[str]) -> list[str] | None:
    """Each text's plain(), from one substitution over all of them joined by a letter that none of them holds
    (a letter is never removed, and what plain() removes never runs across one); None for a long report,
    whose texts are not to be held twice."""
    if sum(len(text) for text in texts) > _JOIN_LIMIT or any(_SEPARATOR in text for text in texts):
        return None
    return plain(_SEPARATOR.join(texts)).split(_SEPARATOR)


_KEY_CHARS = 1000


def _norm_key(text: str) -> str:
    """What of plain(text) equal norms share for sure: its first _KEY_CHARS characters, made from as much of
    the text's start as gives them (a prefix of the text gives a prefix of its norm), or the whole norm
    when shorter. A long text is normalised whole only when its key is another's too."""
    if len(text) > 4 * _KEY_CHARS:
        head = plain(text[:4 * _KEY_CHARS])
        if len(head) >= _KEY_CHARS:
            return head[:_KEY_CHARS]
    return plain(text)


_DEDUPLICATED = frozenset(("aspect", "summary", "detail", "cause_title", "cause_text", "direction_title",
                           "direction_text"))


def _structure(texts: list[tuple[str, str, Source]], report: Report) -> Iterable[tuple[int, Finding]]:
    """Findings about the shape of the report, each placed at the text it concerns (by index).

    An empty aspect or part of a workbook is already an error of the workbook reader
    (aspect-without-items, empty-part); here they are reported only for reports from elsewhere."""
    from_workbook = any(src.sheet for _, _, src in texts)
    # (family, hash of the text for duplicate detection) -> the first texts with such a hash; a long
    # report's normalised texts are made again to be compared, never kept (its texts held twice over)
    seen: dict[tuple[str, int], list[int]] = {}
    aspect_at: int | None = None
    aspect_items = 0
    heading_at: int | None = None

    def close_aspect() -> Iterable[tuple[int, Finding]]:
        if aspect_at is None:
            return
        _, title, src = texts[aspect_at]
        if aspect_items == 0 and not from_workbook:
            yield aspect_at, _finding("empty-aspect", src, f"方面“{title}”下面没有任何问题",
                                      "请在这个方面下至少填写一条问题，或删去这个方面")
        elif aspect_items == 1:
            yield aspect_at, _finding("single-item", src, f"方面“{title}”下面只有一条问题",
                                      "一个方面通常列两条以上问题；若确实只有一条，可以忽略此提示")

    def close_heading() -> Iterable[tuple[int, Finding]]:
        if heading_at is None:
            return
        kind, title, src = texts[heading_at]
        what = "原因" if kind.startswith("cause") else "措施"
        yield heading_at, _finding("empty-text", src, f"{what}“{title}”只有标题，没有展开内容",
                                   f"请在右边一栏补写对这条{what}的具体分析或举措")

    deduplicated = [n for n, (kind, _, _) in enumerate(texts) if kind in _DEDUPLICATED]
    found = _norms([texts[n][1] for n in deduplicated])
    norms = None if found is None else dict(zip(deduplicated, found))

    def norm_of(i: int) -> str:  # (a long report's: only the key, a prefix of it, until two texts share one)
        return _norm_key(texts[i][1]) if norms is None else norms[i]

    def same(i: int, j: int, norm: str) -> bool:  # whether texts i and j, whose keys are `norm`, are alike
        return norm_of(i) == norm if norms is not None else plain(texts[i][1]) == plain(texts[j][1])
    for n, (kind, text, src) in enumerate(texts):
        if kind in ("aspect", "cause_title", "direction_title", "organization", "name"):
            yield from close_aspect()
            yield from close_heading()
            aspect_at, aspect_items, heading_at = None, 0, None
        if kind == "aspect":
            aspect_at = n
        elif kind == "summary":
            aspect_items += 1
        elif kind in ("cause_title", "direction_title"):
            heading_at = n
        elif kind in ("cause_text", "direction_text"):
            heading_at = None
        norm = norm_of(n) if kind in _DEDUPLICATED else ""
        if len(norm) >= 4:
            family = "summary" if kind == "summary" else kind
            firsts = seen.get((family, hash(norm)))
            if firsts is None:  # most texts: no other with the same hash
                seen[(family, hash(norm))] = [n]
                continue
            first = next((f for f in firsts if same(f, n, norm)), n)
            if first == n:
                firsts.append(n)
            else:
                where = f"与 {texts[first][2]} " if str(texts[first][2]) else ""
                yield n, _finding("duplicate", src, f"内容{where}重复：“{R.snippet(text, 0, 16, 0)}”",
                                  "请删去重复的一条，或改写成不同的内容")
    # An empty part is reported where its content would have been: before what follows it.
    for part, after in zip(PARTS, (("cause_title", "direction_title"), ("direction_title",), ())):
        if not getattr(report, part.name) and not from_workbook:
            name, key = report.meta.part_title(part), f"{part.name}_title"
            at = next(n for n, (k, _, _) in enumerate(texts) if k in after or k in ("organization", "name"))
            yield at, _finding("empty-part", report.meta.source(key), f"“{name}”部分没有任何内容",
                               f"请填写“{name}”部分")
