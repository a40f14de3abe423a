"""The plain lint's rules rewritten to scan in C (issue 13) find exactly what the plain loops they replace
found: each old rule is kept here as it was and run against the new one over seeded random texts made of
the marks, words and markers the rules look for."""

from __future__ import annotations

import random
import re

import pytest

from docgen.source import Source
from docgen.review import junk, reviewer, rules as R, terms
from docgen.review.terms import default_lists
from docgen.review import punctuation as P
from docgen.text.markers import at_boundary, leading_marker, marker_at
from docgen.review.junk import emails, junk_phrases, spaced_hanzi, urls
from docgen.review.confusions import any_in, default_confusions, default_terms
from docgen.review.tables import packaged, parse_rows

_PIECES = (
    "理论学习", "联系实际", "作风建设", "形式主义", "官僚主义", "享乐主义", "奢靡之风", "政治意识", "大局意识",
    "核心意识", "看齐意识", "批评和自我批评", "的", "了", "在", "和", "是", "与", "的的", "了了", "实实在在",
    "目的", "一是", "二是", "三是", "（二）", "(三)", "2.", "3、", "第一，", "第二，", "第一书记", "一、二季度",
    "1.5", "学习学习", "用公款用公款", "一个一个", "哈哈哈哈", "，", "。", "、", "；", "：", "？", "！", "…",
    "，，", "。。", "。。。", "...", "，。", "；。", "：。", ":", ",", ";", "?", "!", "(", ")", "（", "）",
    "“", "”", "‘", "’", "《", "》", "【", "】", '"', "'", ".", " ", "  ", "\u3000", "\t", "\n", "@", "a@b.cn",
    "www.x.com", "abc", "12", "後", "於", "問題", "委員會", "·", "•", "原", "来", "今", "天", "习", "学",
)


def _examples(name: str) -> list[str]:
    columns = ("caught",) if name != "lists.tsv" else ("items",)
    return [row[columns[0]] for _, row in parse_rows(packaged(name), name, columns)]


def texts(seed: int, count: int, size: int = 60) -> list[str]:
    rng = random.Random(seed)
    pieces = list(_PIECES) + _examples("junk.tsv") + _examples("placeholders.tsv")
    out = []
    for _ in range(count):
        n = rng.randint(0, size)
        out.append("".join(rng.choice(pieces) for _ in range(n)))
    return out


_CASES = texts(13, 3000) + texts(14, 40, 2000)


# --- the old rules, as they were ---------------------------------------------------------------
def old_protected(text: str, watermarks: bool = True) -> tuple[bool, ...]:
    rules = (urls, emails, junk_phrases, spaced_hanzi) if watermarks else (urls, emails, junk_phrases)
    mask = [False] * len(text)
    for rule in rules:
        for h in rule(text):
            mask[h.start:h.end] = [True] * (h.end - h.start)
    return tuple(mask)


@pytest.mark.parametrize("watermarks", [True, False])
def test_protected(watermarks: bool) -> None:
    for text in _CASES:
        mask = junk.protected(text, watermarks)
        assert [mask[i] for i in range(len(text))] == list(old_protected(text, watermarks)), text


def test_emails_and_urls() -> None:
    email = junk._EMAIL
    for text in _CASES:
        assert emails(text) == [R.Hit(m.start(), m.end()) for m in email.finditer(text)], text
        spans = [(m.start(), m.end()) for m in email.finditer(text)]
        old = [R.Hit(m.start(), m.end()) for m in junk._compiled(junk._URL_SOURCE).finditer(text)
               if not any(a <= m.start() < b for a, b in spans)] if "." in text or "://" in text else []
        assert urls(text) == old, text


def old_doubled_punct_edits(text: str, watermarks: bool = True) -> list[R.Edit]:
    hits = list(P._DOUBLED_PUNCT.finditer(text))
    soft = list(P._SOFT_BEFORE_END.finditer(text)) + list(P._COLON_STOP.finditer(text))
    if not hits and not soft:
        return []
    skip = old_protected(text, watermarks)
    edits: list[R.Edit] = []
    for m in hits:
        if skip[m.start()]:
            continue
        if m.group(1):
            edits.append((m.start(), m.end(), m.group(1)))
        elif m.start() and R.is_ideo(text[m.start() - 1]):
            edits.append((m.start(), m.end(), "……"))
    edits += [(m.start(), m.end(), "") for m in soft if not skip[m.start()]]
    return edits


def old_merged_items(text: str) -> list[R.Hit]:
    hits = []
    first = leading_marker(text, ("shi", "di"))
    if first is not None:
        hits.append(R.Hit(first.start, first.end))
    for end in re.finditer("[。；;！？!?：:]", text):
        pos = re.compile("[ \t\u3000]*").match(text, end.end()).end()  # type: ignore[union-attr]
        found = marker_at(text, pos, ("shi", "paren_cn", "num")) if at_boundary(text, pos) else None
        if found is not None and found.number >= 2:
            hits.append(R.Hit(end.end(), found.end))
    return hits


def test_punctuation_and_items() -> None:
    for text in _CASES:
        for watermarks in (True, False):
            assert P.doubled_punct_edits(text, watermarks) == old_doubled_punct_edits(text, watermarks), text
        assert R.merged_items(text) == old_merged_items(text), text


def test_doubled_phrases_are_the_patterns_matches() -> None:
    """The places found by arithmetic on the text's units lead to exactly the pattern's own finditer."""
    from docgen.review import words

    rng = random.Random(17)
    pieces = ["学习", "理论学习", "形式主义", "的", "一个", "主义", "设", "，", "。", "\n", " ", "ab", "-", "\x00",
              "哈", "𠮷", "\ud800", "一二三四五六七八", "丁", "万", "与", "专", "乀"]  # 丁 万 与 专 乀: one block of 256
    cases = ["", "学", "学习学习", "学习学习学", "一二三四五六七八一二三四五六七八", "一二三四五六七八九一二三四五六七八九",
             "哈" * 30000, "-" * 3000, "ab" * 500, "𠮷学习学习", "学习学习\ud800学习学习"] + _CASES[:500]
    for _ in range(4000):
        words_ = [rng.choice(pieces) for _ in range(rng.randint(0, 30))]
        for _ in range(rng.randint(0, 3)):  # say a stretch again, as a doubled phrase is said
            if words_:
                i = rng.randrange(len(words_))
                j = min(len(words_), i + rng.randint(1, 4))
                words_[i:j] = words_[i:j] * 2
        cases.append("".join(words_))
    for text in cases:
        expected = [m.span() for m in words._DOUBLED_PHRASE.finditer(text)]
        assert [m.span() for m in words._doubled(text)] == expected, repr(text[:80])
    assert sum(1 for text in cases if any(words._DOUBLED_PHRASE.finditer(text))) > 1000


def test_doubled_phrases_found_once_for_all_texts() -> None:
    rng = random.Random(5)
    for _ in range(200):
        chosen = rng.sample(_CASES, rng.randint(1, 12))
        texts = [("detail", text, Source()) for text in chosen]
        joined = "\n".join(chosen)
        assert reviewer._phrases_by_text(joined, texts) == [R.doubled_phrases(text) for text in chosen]


@pytest.mark.parametrize("table", [default_confusions(), default_terms()])
def test_any_anchor(table: tuple) -> None:
    rng = random.Random(7)
    anchors = [c.anchor for c in table]
    cases = _CASES[:500] + ["".join(rng.choice(_PIECES) for _ in range(20)) + rng.choice(anchors)[k:]
                            for k in (0, 1) for _ in range(500)]
    for text in cases:
        assert any_in(text, table) == any(a in text for a in anchors), text


def old_list_problems(text: str, lists: tuple | None = None) -> list:
    table = default_lists() if lists is None else lists
    found = []
    for lst in table:
        hits = list(lst.search.finditer(text))
        run: list = []
        for m in [*hits, None]:
            if m is not None and run and terms._BETWEEN.fullmatch(text, run[-1].end(), m.start()):
                run.append(m)
                continue
            if len(run) >= 2:
                order = [lst.items.index(r.group()) for r in run]
                span = R.Hit(run[0].start(), run[-1].end())
                if len(set(order)) == 1:
                    pass
                elif order != sorted(order) or len(set(order)) != len(order):
                    found.append((lst, span, "order"))
                elif lst.complete and len(order) < len(lst.items):
                    found.append((lst, span, "missing"))
            run = [m] if m is not None else []
    return found


def test_list_problems() -> None:
    rng = random.Random(11)
    items = [i for lst in default_lists() for i in lst.items]
    parts = items + ["、", "，", ",", "和", "及", "与", "以及", " ", "\n", "。", "的", "支部", "会议", "建设", "全面"]
    cases = _CASES[:1000] + ["".join(rng.choice(parts) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    for text in cases:
        assert R.list_problems(text) == old_list_problems(text), text
        assert R.list_problems(text, default_lists()[::-1]) == old_list_problems(text, default_lists()[::-1])


def test_needs_cleaning() -> None:
    from docgen.text import cleaning

    old = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029{cleaning.INVISIBLE}]"
                     "|_x[0-9A-Fa-f]{4}_|^\\s|\\s\\Z")
    rng = random.Random(3)
    odd = ["\x00", "\x07", "\x85", "\xa0", "\u2028", "\u200b", "\ufeff", "_x000D_", "_x00", "_x0007_", "\r",
           "\u3000", " ", "\n", "\t", "\ud800", "\uffff", "x"]
    cases = _CASES[:1000] + ["".join(rng.choice(odd + list(_PIECES[:30])) for _ in range(rng.randint(0, 8)))
                             for _ in range(5000)]
    for text in cases:
        assert cleaning._needs_cleaning(text) == (old.search(text) is not None), repr(text)


def test_a_long_report_is_searched_text_by_text(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    from docgen.example import example_report
    from docgen.model import Aspect, Item
    from docgen.review import lint

    rng = random.Random(9)
    wrong = [c.wrong for c in default_confusions()[:20] + default_terms()[:5]] + ["问題", "“", "”"]
    items = tuple(Item(rng.choice(_CASES) + "。", rng.choice(_CASES) + rng.choice(wrong) + rng.choice(_CASES))
                  for _ in range(60))
    report = replace(example_report(), problems=tuple(Aspect(f"方面{a + 1}", items[a * 20:(a + 1) * 20])
                                                     for a in range(3)))
    expected = lint(report)
    assert {f.code for f in expected} >= {"doubled-phrase", "confusion", "term", "term-list", "traditional",
                                          "reversed-quotes"}
    monkeypatch.setattr(reviewer, "_JOIN_LIMIT", 0)
    assert lint(report) == expected


def test_a_long_reports_long_duplicates_are_found_by_their_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """Long texts are compared by a prefix of their norm first: the same duplicates as the whole norms give,
    among texts alike but for spaces and marks, and texts alike for their first thousands of characters."""
    from dataclasses import replace

    from docgen.example import example_report
    from docgen.model import Aspect, Item
    from docgen.review import lint

    rng = random.Random(21)
    base = "".join(rng.choice(_PIECES) for _ in range(3000))
    variants = [base, base.replace("，", "、"), base + "另外一句。", " ".join(base[i:i + 50] for i in range(0, len(base), 50)),
                base[:5000] + "不同的结尾。", "短一些的文字" * 3]
    items = tuple(Item(f"问题{i}。", rng.choice(variants)) for i in range(30))
    report = replace(example_report(), problems=(Aspect("方面一", items[:15]), Aspect("方面二", items[15:])))
    expected = lint(report)
    assert [f.code for f in expected].count("duplicate") >= 10
    monkeypatch.setattr(reviewer, "_JOIN_LIMIT", 0)
    assert lint(report) == expected


def test_doubled_words_and_heading_ends() -> None:
    from docgen.review import words

    ends = _CASES[:2000] + [text + rng_end for text in _CASES[:500] for rng_end in ("。", "，\n", ";  ", "、。 ")]
    for text in ends:
        m = P._HEADING_END.search(text)
        assert P.title_end_edit(text) == ((m.start(), len(text), "") if m and m.start() > 0 else None), text
    for text in _CASES:
        old = [m.start() for m in words._DOUBLED.finditer(text)]
        first = words._FIRST_DOUBLED.search(text)
        new = [m.start() for m in words._DOUBLED.finditer(text, first.start())] if first else []
        assert new == old, text


def test_quoting_hits_without_context_is_quoting_each_hit() -> None:
    """Hits quoted without context are made into snippets once per different text; the quote is the same."""
    from docgen.review import reviewer

    rng = random.Random(3)
    for _ in range(5000):
        text = "".join(rng.choice("学习\n 工作，作风a") for _ in range(rng.randint(1, 30)))
        starts = [rng.randrange(len(text)) for _ in range(rng.randint(1, 8))]
        hits = [R.Hit(a, rng.randint(a, len(text))) for a in starts]
        for pad in (0, 2):
            each = R.quote_all([R.snippet(text, h.start, h.end, pad) for h in hits])
            assert reviewer._quoted(text, hits, pad) == each
