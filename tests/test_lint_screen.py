"""The report-wide screen (review/screen.py) only saves work: the lint with it finds exactly what the lint
without it finds, where every rule is asked of every text on its own."""

from __future__ import annotations

import dataclasses
import random
import re

import pytest

from docgen.example import example_report
from docgen.model import Aspect, Item, Point, Report
from docgen.review import junk, reviewer, screen as S
from docgen.review import rules as R
from docgen.review.confusions import anchors, default_confusions, default_terms
from docgen.review.screen import EVERYTHING
from docgen.review.search import ManyPatterns, required_all
from docgen.review.terms import list_items
from docgen.text.plain import plain
from reports import report as small_report
from test_review_fast import _PIECES

# Pieces that make each screened rule fire somewhere: a confusion, a term, a list out of order, spaced
# and dotted watermarks, page counters, placeholders, doubled words and marks, run-on items.
_MORE = (
    "再接再励", "三会一课", "四个意识", "大局意识、政治意识", "百 度 文 库", "原·创·力·文·档", "第3页 共5页",
    "本文由网友提供", "XX同志", "某某", "（填写）", "【 】", "的的", "，，", "：。", "；。", "。2.", "；二是",
    "http://a.cn", "a@b.cn", "1/5页", "相关…3篇", "Word版", "（某某范文网）", "— 3 —", "後來", "”十四五“",
    "　", " ", "\t",
)


def _texts(rng: random.Random, size: int) -> list[str]:
    pieces = list(_PIECES) + list(_MORE)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, size))) for _ in range(rng.randint(1, 6))]


def _report(seed: int) -> Report:
    rng = random.Random(seed)
    base = small_report()
    pick = lambda: rng.choice(_texts(rng, 12)) or "空"  # noqa: E731
    problems = tuple(Aspect(pick(), tuple(Item(pick(), pick()) for _ in range(rng.randint(1, 3))))
                     for _ in range(rng.randint(1, 3)))
    return Report(meta=base.meta, intro=tuple(_texts(rng, 10)), problems=problems,
                  causes=tuple(Point(pick(), pick()) for _ in range(rng.randint(1, 3))),
                  directions=tuple(Point(pick(), pick()) for _ in range(rng.randint(1, 3))))


@pytest.mark.parametrize("seed", range(0, 600, 50))
def test_screened_lint_finds_what_the_unscreened_finds(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    reports = [_report(s) for s in range(seed, seed + 50)]
    screened = [reviewer.lint(r) for r in reports]
    monkeypatch.setattr(reviewer, "report_screen", lambda parts, table, terms, texts=None: EVERYTHING)
    plain = [reviewer.lint(r) for r in reports]
    assert screened == plain


def test_the_panel_makes_every_screened_rule_fire() -> None:
    """The reports above reach every rule the screen may rule out (else the comparison would prove little)."""
    found = {f.code for s in range(300) for f in reviewer.lint(_report(s))}
    assert found >= {"confusion", "term", "term-list", "placeholder", "site-junk", "doubled-word", "doubled-punct",
                     "url", "email", "merged-items", "unbalanced", "spaced-hanzi", "halfwidth-punct", "stray-space",
                     "traditional", "reversed-quotes"}, found


def test_a_clean_report_rules_out_the_rules_that_look_for_junk() -> None:
    clean = small_report()
    texts_ = [text for _, text, _ in clean.texts()]
    screen = S.screen(["\n".join(texts_)], default_confusions(), default_terms())
    assert {"placeholder", "site-junk", "confusion", "url", "email", "doubled-punct", "doubled-word"} <= screen.ruled_out
    assert screen.run_on is False


def test_a_long_report_is_screened_text_by_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reviewer, "_JOIN_LIMIT", 0)
    reports = [_report(s) for s in range(40)]
    screened = [reviewer.lint(r) for r in reports]
    monkeypatch.setattr(reviewer, "report_screen", lambda parts, table, terms, texts=None: EVERYTHING)
    assert screened == [reviewer.lint(r) for r in reports]


# --- why joining the texts by line breaks is safe ------------------------------------------------------
_SEES_LINE_BREAKS = re.compile(r"\\[sWDn]|\[\^")  # what could match a line break inside a look-around


def _negative_lookarounds(pattern: str) -> list[str]:
    bodies = []
    for m in re.finditer(r"\(\?<?!", pattern):
        depth, i = 1, m.end()
        while depth:
            c = pattern[i]
            if c == "\\":
                i += 2
                continue
            depth += {"(": 1, ")": -1}.get(c, 0)
            i += 1
        bodies.append(pattern[m.end():i - 1])
    return bodies


@pytest.mark.parametrize("name", ["placeholders.tsv", "junk.tsv"])
def test_no_negative_lookaround_can_see_a_line_break(name: str) -> None:
    """A pattern searched over the texts joined by line breaks finds something wherever it would in one
    text alone, unless a negative look-around could match the line break where a text ends."""
    for entry in junk.default_entries(name):
        for body in _negative_lookarounds(entry.pattern):
            assert not _SEES_LINE_BREAKS.search(body), (name, entry.pattern, body)
            assert re.search(body, "\n") is None, (name, entry.pattern)


def test_no_literal_of_the_screen_holds_a_line_break() -> None:
    _, sets = S._search(default_confusions(), default_terms())
    assert all("\n" not in x for strings in sets.values() for x in strings)
    assert sets["confusion"] == frozenset(anchors(default_confusions()))
    assert sets["term-list"] == frozenset(list_items())
    assert set(R.PUNCT_PAIRS) <= sets["doubled-punct"]


@pytest.mark.parametrize("name", ["placeholders.tsv", "junk.tsv"])
def test_what_a_pattern_requires_every_match_holds(name: str) -> None:
    """A pattern's required strings are a promise about every text it matches in: may() never says no there."""
    rng = random.Random(17)
    entries = junk.default_entries(name)
    pieces = list(_PIECES) + list(_MORE) + [e.caught for e in entries]
    cases = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    cases += [e.caught for e in entries] + [e.kept for e in entries]
    matched = 0
    for entry in entries:
        regex, one = re.compile(entry.pattern), ManyPatterns([entry.pattern])
        assert all(required_all(entry.pattern)), entry.pattern  # each pattern says what it needs
        for text in cases:
            if regex.search(text):
                matched += 1
                assert one.may(text), (entry.pattern, text)
    assert matched > len(entries)


@pytest.mark.parametrize("name, rule", [("placeholders.tsv", R.placeholders), ("junk.tsv", R.junk_phrases)])
def test_the_screened_search_finds_what_the_alternation_finds(name: str, rule) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(23)
    patterns = junk.placeholder_patterns if name == "placeholders.tsv" else junk._JUNK
    pieces = list(_PIECES) + list(_MORE) + [e.caught for e in junk.default_entries(name)]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        assert [(h.start, h.end) for h in rule(text)] == [m.span() for m in patterns.combined.finditer(text)], text


def test_the_literal_pairs_are_the_rules_own_first_questions() -> None:
    """The screen's literal pairs spell out exactly what the rules' own first searches look for."""
    from docgen.review import punctuation as P
    from docgen.review import words as W

    marks = "。，、；：？！.,;:?!…—“”（）的了在和与是不被把也都我们一学"
    for a in marks:
        for b in marks:
            pair = a + b
            asked = any(r.fullmatch(pair) for r in (P._MAY_DOUBLE, P._MAY_SOFT_BEFORE_END, P._MAY_COLON_STOP))
            assert asked == (pair in R.PUNCT_PAIRS), pair
            assert (W._FIRST_DOUBLED.fullmatch(pair) is not None) == (pair in R.DOUBLED_WORDS), pair


def test_each_text_is_told_the_literals_it_holds() -> None:
    """Found once in the joined texts, the literals are handed to each text: exactly its own."""
    table, terms = default_confusions(), default_terms()
    search, _ = S._search(table, terms)
    for seed in range(60):
        texts_ = [text for _, text, _ in _report(seed).texts()]
        screen = S.screen(["\n".join(texts_)], table, terms, texts_)
        assert screen.held_at == [frozenset(search.present(text)) for text in texts_]


def test_the_texts_normalised_together_are_each_normalised_alone() -> None:
    rng = random.Random(29)
    for _ in range(500):
        chosen = _texts(rng, 15) + ["", "，。", "_", "a_b", "１２", "①"]
        rng.shuffle(chosen)
        assert reviewer._norms(chosen) == [plain(text) for text in chosen]
    assert reviewer._norms(["ꙮ", "学习"]) is None  # the separator itself in a text: each on its own


def test_searching_a_text_leaves_no_copy_attached_to_it() -> None:
    """Given a str, the Aho-Corasick library would cache a UTF-8 copy inside it for good (CPython counts
    it in the str's size): a long report would be held one and a half times more after its check."""
    import sys

    from docgen.review.search import literal_search

    text = "学习贯彻" * 5000 + "再接再励"
    size = sys.getsizeof(text)
    search = literal_search(["再接再励", "不存在的"])
    assert search.found(text) and search.present(text) == {"再接再励"}
    assert search.present_in_each([text, "不存在的"]) == [frozenset({"再接再励"}), frozenset({"不存在的"})]
    assert sys.getsizeof(text) == size


def test_a_text_made_of_one_literal_is_searched_in_little_memory() -> None:
    """A hostile cell of one word over and over: its millions of matches are never held at once."""
    import tracemalloc

    from docgen.review import search as searching

    text = "再接再励" * 75_000  # 300,000 characters, 150,000 matches (about 15 MB as one list)
    one = searching.literal_search(["再接再励", "接再", "不存在的"])
    tracemalloc.start()
    try:
        assert one.present(text) == {"再接再励", "接再"}
        assert one.found(text)
        assert one.present_in_each(["学习", text, "接再"]) == [frozenset(), frozenset({"再接再励", "接再"}),
                                                                 frozenset({"接再"})]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 6_000_000, peak  # the text's bytes (0.9 MB) and a window's matches, not all of them


@pytest.mark.parametrize("seed", range(5))
def test_a_match_across_a_window_edge_is_found_once(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from docgen.review import search as searching

    monkeypatch.setattr(searching, "_WINDOW", 7)  # bytes (made 8, four characters): windows end inside literals
    rng = random.Random(seed)
    literals = ["再接再励", "三会一课", "ab", "学", "习近"]
    one = searching.literal_search(literals)
    for _ in range(300):
        text = "".join(rng.choice(literals + ["，", "的", "x", "近"]) for _ in range(rng.randint(0, 20)))
        assert one.present(text) == {x for x in literals if x in text}, text
        assert one.found(text) == any(x in text for x in literals), text
        data = searching._units(text)
        assert sorted(one._matches(data)) == sorted((n, i) for n, x in enumerate(literals)
                                                    for i in range(0, len(data), 2) if data.startswith(searching._units(x), i))


def test_texts_with_characters_beyond_the_bmp_are_told_apart() -> None:
    """A character beyond the BMP takes two UTF-16 units: each text's literals are still its own."""
    from docgen.review import search as searching

    one = searching.literal_search(["学习", "再接再励", "𠮷"])
    texts = ["𠮷学习", "再接再励", "𠮷" * 3 + "学习", "", "学", "习𠮷"]
    assert one.present_in_each(texts) == [frozenset(one.present(text)) for text in texts]
    assert one.present_in_each(texts) == [frozenset({"𠮷", "学习"}), frozenset({"再接再励"}), frozenset({"𠮷", "学习"}),
                                          frozenset(), frozenset(), frozenset({"𠮷"})]


def test_the_bytes_of_two_characters_meeting_are_no_literal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The text is searched as UTF-16: "\u12ab\ucd34" holds the bytes of "\u3412" at an odd place (the
    first character's high byte, the second's low one), which is no occurrence of it."""
    from docgen.review import search as searching

    literal, text = "\u3412", "\u12ab\ucd34"
    assert searching._units(literal) in searching._units(text)  # (the bytes are there, misplaced)
    for dfa_after in (10 ** 12, 0):
        monkeypatch.setattr(searching, "_DFA_AFTER", dfa_after)
        one = searching.literal_search([literal, "学习"])
        assert one.present(text) == set() and not one.found(text)
        assert one.present(text + literal) == {literal} and one.found("x" + literal)
        assert one.present_in_each([text, "学习" + text, literal]) == [frozenset(), frozenset({"学习"}),
                                                                      frozenset({literal})]


@pytest.mark.parametrize("seed", range(3))
def test_the_dfa_a_long_search_goes_on_with_finds_what_the_first_automaton_finds(
        seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from docgen.review import search as searching

    literals = list(S._search(default_confusions(), default_terms())[0].literals)
    rng = random.Random(seed)
    texts_ = [text for n in range(20) for _, text, _ in _report(seed * 20 + n).texts()]
    texts_ += ["".join(rng.choice(literals + ["，", "的", "x"]) for _ in range(rng.randint(0, 40))) for _ in range(300)]
    expected = [{x for x in literals if x in t} for t in texts_]
    first, dfa = searching.literal_search(literals), searching.literal_search(literals)
    monkeypatch.setattr(searching, "_DFA_AFTER", 0)
    assert [dfa.present(t) for t in texts_] == expected
    assert dfa.present_in_each(texts_) == [frozenset(x) for x in expected]
    assert "_dfa" in vars(dfa) and "_automaton" not in vars(dfa)  # (the DFA answered)
    monkeypatch.setattr(searching, "_DFA_AFTER", 10 ** 12)
    assert [first.present(t) for t in texts_] == expected and "_dfa" not in vars(first)


def test_a_lone_surrogate_is_searched_as_any_character() -> None:
    """Cleaning takes half a surrogate pair out of every cell; a str handed to the search itself may still
    hold one, and the search reads past it as the regular expressions it replaced did."""
    from docgen.review import search as searching

    one = searching.literal_search(["再接再励"])
    assert one.present("学习\ud800再接再励") == {"再接再励"} and one.found("\udfff再接再励")
    assert one.present_in_each(["\ud800", "再接再励\ud800"]) == [frozenset(), frozenset({"再接再励"})]


def test_a_text_without_any_of_the_marks_is_asked_no_mark_question() -> None:
    """Each question the screen skips for a text with none of the marks says no wherever its own marks are
    missing, and yes for some text with one of them (so the marks are its, not a guess)."""
    asks = dict(S._QUESTIONS)
    rng = random.Random(37)
    marks = "".join(S._MARKS.values())
    for code, own in S._MARKS.items():
        ask = asks[code]
        for _ in range(3000):
            text = "".join(rng.choice([*_PIECES, *marks, "://", "a.b", "x@y"]) for _ in range(rng.randint(0, 12)))
            if ask(text):
                assert any(c in text for c in own), (code, text)
                assert not S._ALL_MARKS.isdisjoint(text), (code, text)
        assert any(ask(f"学习{c}工作 a{c}b") for c in own), code


def test_equal_hints_are_held_once() -> None:
    """A long report's findings mostly say the same hint: it is one string, not one a finding."""
    text = "形式主义官僚主义，" * 3 + "官僚主义形式主义。"
    report = dataclasses.replace(example_report(), problems=(Aspect("方面一", (Item("问题一。", text), Item("问题二。", text))),))
    hints = [f.hint for f in reviewer.lint(report) if f.code == "term-list"]
    assert len(hints) >= 2 and all(h is hints[0] for h in hints)


@pytest.mark.parametrize("seed", range(3))
def test_the_screen_says_a_clause_may_run_on_where_a_text_says_so(seed: int) -> None:
    """run_on from the literals (a clause end right before an item's start, in a text without spaces) and from
    asking the texts with spaces is the pattern's own answer, for a short report and a long one alike."""
    rng = random.Random(seed)
    pieces = [*_PIECES, "。", "；", "：", "!", "二是", "（三）", "2.", "５、", " ", "\u3000", "十", "零"]
    table, terms = default_confusions(), default_terms()
    said = set()
    for _ in range(400):
        texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 8))) for _ in range(rng.randint(1, 4))]
        expected = any(R.may_run_on(text) for text in texts)
        said.add(expected)
        assert S.screen(["\n".join(texts)], table, terms, texts).run_on == expected, texts
        assert S.screen(texts, table, terms).run_on == expected, texts
        for text in texts:
            if not any(c in text for c in " \t\u3000"):
                assert R.may_run_on(text) == any(pair in text for pair in R.RUN_ON_PAIRS), text
    assert said == {True, False}
