"""The one numbering-marker grammar, held to every use: cleaning, the renderer's numbers, import and review."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen.rendering.context import build_context
from docgen.review.words import merged_items
from docgen.text import item_number, paren_number, part_number, strip_numbering
from docgen.text.markers import FAMILIES, LARGEST, find_sequence, leading_marker, marker_at, write_marker
from docgen.text.numerals import canonical_value, chinese_numeral, chinese_value

# Text that cannot itself start with a marker or a separator.
_WORD_START = st.sampled_from("学习政治理论作风调查研究不够深入ABCabc")
_WORD_REST = st.text(alphabet="学习政治理论作风一是二（）1.、，, ABC", max_size=12)


@given(st.sampled_from(sorted(FAMILIES)), st.integers(min_value=1, max_value=999), _WORD_START, _WORD_REST)
def test_strip_undoes_numbering_of_every_family(family: str, n: int, first: str, rest: str) -> None:
    n = min(n, LARGEST.get(family, 999))
    text = first + rest
    marked = write_marker(family, n) + text
    assert strip_numbering(marked) == text
    found = leading_marker(marked)
    assert found is not None and (found.family, found.number) == (family, n)


@pytest.mark.parametrize("n", range(1, 121))
def test_every_number_the_renderer_writes_is_read_back(n: int) -> None:
    for written, family in ((part_number(n), "cn_dun"), (paren_number(n), "paren_cn"), (item_number(n), "shi")):
        found = leading_marker(written + "学习")
        assert found is not None and (found.family, found.number) == (family, n), written


def test_the_rendered_report_numbers_with_the_same_grammar() -> None:
    from reports import report

    context = build_context(report(aspects=12, items=12, causes=11, directions=11))
    assert [leading_marker(a.heading).number for a in context["problems"]] == list(range(1, 13))  # type: ignore[union-attr]
    items = context["problems"][11].text
    assert [m.number for m in find_sequence(items, None, 1)] == list(range(1, 13))
    assert leading_marker(context["causes_heading"]).number == 2  # type: ignore[union-attr]


@given(st.integers(min_value=1, max_value=9999))
def test_numerals_read_back(n: int) -> None:
    assert chinese_value(chinese_numeral(n)) == n == canonical_value(chinese_numeral(n))


@pytest.mark.parametrize("text", ["十十", "一二", "百", "", "零", "二十十", "一百百", "千"])
def test_what_is_no_numeral(text: str) -> None:
    assert chinese_value(text) == 0


@pytest.mark.parametrize(("typed", "value"), [("一十一", 11), ("两百", 200), ("一百零一", 101), ("一百一十", 110)])
def test_numerals_as_people_write_them(typed: str, value: int) -> None:
    assert chinese_value(typed) == value
    assert canonical_value(typed) == (value if chinese_numeral(value) == typed else 0)


@pytest.mark.parametrize(("text", "family", "number"), [
    ("（一百零一）学习", "paren_cn", 101), ("第十二，学习", "di", 12), ("第三部分 学习", "part", 3),
    ("［3］学习", "bracket_num", 3), ("【12】学习", "bracket_num", 12), ("⑵学习", "circle", 2), ("❸学习", "circle", 3),
    ("㈣学习", "circle", 4), ("⒌学习", "circle", 5), ("１２．学习", "num", 12), ("(7)学习", "paren_num", 7),
])
def test_families(text: str, family: str, number: int) -> None:
    found = leading_marker(text)
    assert found is not None and (found.family, found.number) == (family, number)
    assert strip_numbering(text) == "学习"


@pytest.mark.parametrize("text", ["第一书记", "一、二季度", "1.5倍", "2021、2022年", "百分之九十", "十分重视", "一二是"])
def test_words_are_not_markers(text: str) -> None:
    assert marker_at(text, 0) is None or marker_at(text, 0).family not in ("cn_dun", "num", "di", "shi")  # type: ignore[union-attr]
    assert strip_numbering(text) == text


@pytest.mark.parametrize(("text", "merged"), [
    ("满足于读原文。十一是落实不够。", True), ("学习不够；（十二）落实不够。", True), ("学习不够。3）落实不够。", True),
    ("满足于读原文，一是学得浅。", False), ("学习不够。1.落实不够。", False), ("第一书记带头。", False),
])
def test_review_finds_items_by_the_same_grammar(text: str, merged: bool) -> None:
    assert bool(merged_items(text)) is merged


def test_numbers_past_ten_and_a_hundred_are_read_as_the_renderer_writes_them():
    from docgen.text.markers import find_sequence, leading_marker, write_marker
    from docgen.text.numerals import item_number
    for n in (10, 11, 12, 20, 21, 99, 100, 101, 110, 111):  # （十一） （一百零一） 第十二， 十一是 …
        for family in ("paren_cn", "shi", "di", "cn_dun", "part"):
            written = write_marker(family, n)
            mark = leading_marker(written + "学习不够。", (family,))
            assert mark is not None and mark.number == n, (family, written)
    text = "".join(f"{item_number(n)}问题{n}。" for n in range(1, 13))
    assert [m.number for m in find_sequence(text, None, 1)] == list(range(1, 13))
    assert leading_marker("（十十）学习") is None and leading_marker("（一二）学习") is None


@given(st.lists(st.sampled_from(["一是", "第一", "第二部分", "（三）", "(4)", "四、", "五.", "1.", "2、", "3)", "[5]",
                                  "【6】", "①", "⑴", "❶", "㈠", "一、二季度", "1.5", "是", "，", " ", "学习", "十", "百",
                                  "零", "第", "（", "[", "０", "9", "."]), max_size=12).map("".join))
def test_a_marker_is_found_where_each_family_alone_would_find_it(text: str) -> None:
    """marker_at first asks one pattern of every family whether any matches: where none does, none of
    them alone does either, and where one does it is the one the families alone give."""
    for pos in range(len(text) + 1):
        assert marker_at(text, pos) == marker_at(text, pos, tuple(FAMILIES)), (text, pos)
