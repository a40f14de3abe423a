"""Tests for docgen.text: numerals, numbering, punctuation, cleaning, dates and cell values."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given, strategies as st

from docgen.text import (
    Cleaned,
    cell_text,
    chinese_numeral,
    clean,
    end_sentence,
    ensure_period,
    format_date,
    item_number,
    lines,
    paren_number,
    parse_date,
    part_number,
    split_heading,
    strip_numbering,
)


def _read_numeral(text: str) -> int:
    """An independent reader of Chinese numerals (test oracle, up to 万)."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    units = {"十": 10, "百": 100, "千": 1000}
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in digits:
            digit = digits[ch]
        elif ch in units:
            section += (digit or 1) * units[ch]
            digit = 0
        elif ch == "万":
            total += (section + digit) * 10000
            section = digit = 0
        else:
            raise AssertionError(f"unexpected {ch!r}")
    return total + section + digit


# --- numerals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "一"), (2, "二"), (9, "九"), (10, "十"), (11, "十一"), (15, "十五"), (19, "十九"),
        (20, "二十"), (21, "二十一"), (30, "三十"), (99, "九十九"), (100, "一百"), (101, "一百零一"),
        (105, "一百零五"), (110, "一百一十"), (111, "一百一十一"), (119, "一百一十九"), (120, "一百二十"),
        (200, "二百"), (999, "九百九十九"), (1000, "一千"), (1001, "一千零一"), (1010, "一千零一十"),
        (1100, "一千一百"), (1234, "一千二百三十四"), (10000, "一万"), (10010, "一万零一十"),
        (10100, "一万零一百"), (11000, "一万一千"), (100000, "十万"), (100010, "十万零一十"),
        (123456, "十二万三千四百五十六"), (100000000, "一亿"),
    ],
)
def test_chinese_numeral(n: int, expected: str) -> None:
    assert chinese_numeral(n) == expected


@pytest.mark.parametrize("bad", [0, -1, True, 1.0, "1"])
def test_chinese_numeral_rejects_non_positive_integers(bad: object) -> None:
    with pytest.raises(ValueError):
        chinese_numeral(bad)  # type: ignore[arg-type]


@given(st.integers(min_value=1, max_value=99_999))
def test_chinese_numeral_reads_back(n: int) -> None:
    text = chinese_numeral(n)
    assert _read_numeral(text) == n
    assert not text.startswith("一十")  # 十一, never 一十一
    assert "零零" not in text and not text.endswith("零")


@pytest.mark.parametrize(
    ("n", "part", "paren", "item"),
    [
        (1, "一、", "（一）", "一是"),
        (3, "三、", "（三）", "三是"),
        (10, "十、", "（十）", "十是"),
        (11, "十一、", "（十一）", "十一是"),
        (21, "二十一、", "（二十一）", "二十一是"),
    ],
)
def test_number_forms(n: int, part: str, paren: str, item: str) -> None:
    assert (part_number(n), paren_number(n), item_number(n)) == (part, paren, item)


# --- strip_numbering -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("一是理论学习不够深入", "理论学习不够深入"),
        ("二是，调查研究不够", "调查研究不够"),
        ("十一是作风不实", "作风不实"),
        ("二十一是作风不实", "作风不实"),
        ("第一，学习不够", "学习不够"),
        ("第一、学习不够", "学习不够"),
        ("第一是学习不够", "学习不够"),
        ("第二 学习不够", "学习不够"),
        ("第三：学习不够", "学习不够"),
        ("第十二，学习不够", "学习不够"),
        ("（一）政治站位", "政治站位"),
        ("(二)政治站位", "政治站位"),
        ("（十一） 政治站位", "政治站位"),
        ("一、政治站位", "政治站位"),
        ("三、三个方面的问题", "三个方面的问题"),
        ("一.政治站位", "政治站位"),
        ("一．政治站位", "政治站位"),
        ("1.政治站位", "政治站位"),
        ("1. 政治站位", "政治站位"),
        ("1、政治站位", "政治站位"),
        ("1．政治站位", "政治站位"),
        ("1)政治站位", "政治站位"),
        ("1）政治站位", "政治站位"),
        ("(1)政治站位", "政治站位"),
        ("（1）政治站位", "政治站位"),
        ("［1］政治站位", "政治站位"),
        ("[2]政治站位", "政治站位"),
        ("12.政治站位", "政治站位"),
        ("１．政治站位", "政治站位"),
        ("①政治站位", "政治站位"),
        ("⑳政治站位", "政治站位"),
        ("⑴政治站位", "政治站位"),
        ("㈠政治站位", "政治站位"),
        ("  一是 学习", "学习"),
        ("\u3000\u3000一是学习", "学习"),
        ("一是", ""),
        # only one marker goes
        ("一是一是学习", "一是学习"),
        ("（一）1.学习", "1.学习"),
        # real words and numbers stay
        ("第一书记履职不够", "第一书记履职不够"),
        ("第一时间传达学习", "第一时间传达学习"),
        ("第一议题制度落实不够", "第一议题制度落实不够"),
        ("十分重视不够", "十分重视不够"),
        ("一把手带头不够", "一把手带头不够"),
        ("一些同志学习不够", "一些同志学习不够"),
        ("一以贯之不够", "一以贯之不够"),
        ("2021年以来", "2021年以来"),
        ("2021、2022年", "2021、2022年"),
        ("1.5倍", "1.5倍"),
        ("1、2月份学习不够", "1、2月份学习不够"),
        ("一、二季度学习不够", "一、二季度学习不够"),
        ("一、二、三级干部", "一、二、三级干部"),
        ("百分之九十", "百分之九十"),
        ("是一", "是一"),
        ("学习不够", "学习不够"),
        ("", ""),
        ("  学习", "  学习"),  # not numbering: left exactly as it was
    ],
)
def test_strip_numbering(typed: str, expected: str) -> None:
    assert strip_numbering(typed) == expected


_WORD_START = st.sampled_from("学习政治理论作风调查研究不够深入ABCabc")
_WORD_REST = st.text(alphabet="学习政治理论作风一是二（）1.、，, ABC", max_size=12)


@given(st.integers(min_value=1, max_value=99), _WORD_START, _WORD_REST)
def test_strip_numbering_removes_generated_numbering(n: int, first: str, rest: str) -> None:
    text = first + rest
    assert strip_numbering(item_number(n) + text) == text
    assert strip_numbering(part_number(n) + text) == text
    assert strip_numbering(paren_number(n) + text) == text
    assert strip_numbering(f"{n}." + text) == text


@given(st.text(max_size=30))
def test_strip_numbering_only_removes_a_prefix(text: str) -> None:
    assert text.endswith(strip_numbering(text))


# --- ensure_period ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("学习不够", "学习不够。"),
        ("学习不够。", "学习不够。"),
        ("学习不够！", "学习不够！"),
        ("学习不够？", "学习不够？"),
        ("学习不够!", "学习不够!"),
        ("学习不够?", "学习不够?"),
        ("他说：“学习不够。”", "他说：“学习不够。”"),
        ("（学习不够。）", "（学习不够。）"),
        ("《学习不够？》", "《学习不够？》"),
        ("「学习不够！」", "「学习不够！」"),
        ("学习“不够”", "学习“不够”。"),
        # a trailing comma-like mark is replaced, never doubled (学习不够，。)
        ("学习不够，", "学习不够。"),
        ("学习不够；", "学习不够。"),
        ("学习不够：", "学习不够。"),
        ("学习不够、", "学习不够。"),
        ("学习不够,", "学习不够。"),
        ("学习不够;", "学习不够。"),
        ("学习不够:", "学习不够。"),
        ("学习不够.", "学习不够.。"),
        ("学习不够．", "学习不够．。"),
        ("学习不够，；", "学习不够。"),
        ("学习不够...", "学习不够...。"),
        ("学习不够……", "学习不够……"),  # no 。 after an ellipsis (it read 学习不够……。)
        ("学习不够 \u3000", "学习不够。"),
        ("学习不够。  ", "学习不够。"),
        ("学习不够 ，", "学习不够。"),
        ("", ""),
        ("   ", ""),
        ("，", "。"),
        ("他说：“学习不够”，", "他说：“学习不够”。"),
    ],
)
def test_ensure_period(typed: str, expected: str) -> None:
    assert ensure_period(typed) == expected


@pytest.mark.parametrize(("typed", "replaced"), [("学习不够，", "，"), ("学习不够，； ", "，；"), ("学习不够", ""),
                                                 ("学习不够。", ""), ("", "")])
def test_end_sentence_says_which_marks_it_replaced(typed: str, replaced: str) -> None:
    assert end_sentence(typed) == (ensure_period(typed), replaced)


@given(st.text(alphabet="学习。，！？”）.… ", max_size=12))
def test_ensure_period_is_idempotent(text: str) -> None:
    once = ensure_period(text)
    assert ensure_period(once) == once


# --- clean / lines ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "text", "removed"),
    [
        ("学习不够", "学习不够", ()),
        ("  学习不够\u3000\u3000", "学习不够", ()),
        ("\u00a0\t学习", "学习", ()),
        ("学习\u200b\ufeff", "学习", ("\u200b", "\ufeff")),
        ("学习\n不够", "学习不够", ()),
        ("学习\r\n不够", "学习不够", ()),
        ("学习\r不够", "学习不够", ()),
        ("学习\n\n\n不够\n", "学习不够", ()),
        ("study\nhard", "study hard", ()),
        ("2022\n12", "2022 12", ()),
        ("学习\nABC", "学习ABC", ()),
        ("ABC\n学习", "ABC学习", ()),
        ("学习，\nABC", "学习，ABC", ()),
        ("学  习 不 够", "学  习 不 够", ()),  # internal spaces are the user's
        ("学\t习", "学 习", ()),
        ("学习\x07不够", "学习不够", ("\x07",)),
        ("学习\x00\x1f不够", "学习不够", ("\x00", "\x1f")),
        ("学习\x85\x9f\x7f不够", "学习不够", ("\x85", "\x9f", "\x7f")),
        ("学习\ufffe\uffff不够", "学习不够", ("\ufffe", "\uffff")),
        ("学习\ud800不够", "学习不够", ("\ud800",)),
        # invisible format characters: zero-width, word joiner, BOM, bidi controls
        ("学\u200b习\u200c不\u200d够\u200e\u200f", "学习不够", ("\u200b", "\u200c", "\u200d", "\u200e", "\u200f")),
        ("学\u2060习\ufeff不够", "学习不够", ("\u2060", "\ufeff")),
        ("\u202e够不习学\u202c", "够不习学", ("\u202e", "\u202c")),
        ("学\u202a\u202b\u202d习\u2066\u2067\u2068\u2069", "学习",
         ("\u202a", "\u202b", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069")),
        ("学 \u200b 习", "学  习", ("\u200b",)),
        ("学习_x000D_\n不够", "学习不够", ("_x000D_",)),
        ("学习_x000d_不够", "学习不够", ("_x000d_",)),
        ("学习_x0007_不够_x0007_", "学习不够", ("_x0007_",)),
        ("学习_x0041_不够", "学习_x0041_不够", ()),
        ("_x005F_x000D_", "_x005F_x000D_", ()),  # Excel's escaped underscore: literal text
        ("_x00\x070D_", "", ("\x07", "_x000D_")),
        ("", "", ()),
        ("\x07", "", ("\x07",)),
    ],
)
def test_clean(typed: str, text: str, removed: tuple[str, ...]) -> None:
    assert clean(typed) == Cleaned(text, removed)


@pytest.mark.parametrize(
    ("typed", "text"),
    [
        ("第一段\n第二段", "第一段\n第二段"),
        ("  第一段 \r\n\r\n\u3000\u3000第二段\u3000\n\n", "第一段\n第二段"),
        ("第一段\r第二段_x000D_\n第三段", "第一段\n第二段\n第三段"),
        ("\n\n", ""),
    ],
)
def test_clean_keep_lines(typed: str, text: str) -> None:
    assert clean(typed, keep_lines=True).text == text


def test_lines() -> None:
    assert lines("第一段\n\n  第二段 \n\u3000第三段\u3000") == ["第一段", "第二段", "第三段"]
    assert lines("") == []
    assert lines(clean("甲\r\n乙\r丙", keep_lines=True).text) == ["甲", "乙", "丙"]


def _xml_legal(ch: str) -> bool:
    cp = ord(ch)
    return cp in (0x9, 0xA, 0xD) or 0x20 <= cp <= 0xD7FF or 0xE000 <= cp <= 0xFFFD or cp >= 0x10000


_MESSY = st.lists(
    st.one_of(
        st.characters(),  # includes surrogates and controls
        st.sampled_from(["_x000D_", "_x0007_", "_x0041_", "_x00", "0D_", "\r\n", "\n", "\u3000", " ", "\t"]),
    ),
    max_size=40,
).map("".join)


@given(_MESSY, st.booleans())
def test_clean_output_is_xml_safe_and_idempotent(text: str, keep_lines: bool) -> None:
    cleaned = clean(text, keep_lines=keep_lines)
    assert all(_xml_legal(ch) for ch in cleaned.text)
    assert "\r" not in cleaned.text and "\t" not in cleaned.text
    assert not any(0x7F <= ord(ch) <= 0x9F for ch in cleaned.text)
    assert clean(cleaned.text, keep_lines=keep_lines) == Cleaned(cleaned.text)
    if keep_lines:
        assert lines(cleaned.text) == (cleaned.text.split("\n") if cleaned.text else [])
    else:
        assert "\n" not in cleaned.text


@given(st.text(alphabet="学习abc1 \u3000", max_size=20))
def test_clean_keeps_ordinary_text(text: str) -> None:
    assert clean(text).text == text.strip(" \u3000")


# --- dates -----------------------------------------------------------------------------------

_JAN20 = dt.date(2022, 1, 20)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (_JAN20, _JAN20),
        (dt.datetime(2022, 1, 20, 15, 30), _JAN20),
        ("2022-01-20", _JAN20),
        ("2022-1-20", _JAN20),
        ("2022/1/20", _JAN20),
        ("2022/01/20", _JAN20),
        ("2022.1.20", _JAN20),
        ("2022年01月20日", _JAN20),
        ("2022年1月20日", _JAN20),
        ("2022年1月20号", _JAN20),
        ("2022 年 1 月 20 日", _JAN20),
        ("  2022-01-20\u3000", _JAN20),
        ("2022-1-20 00:00:00", _JAN20),
        ("2022-01-20T08:15", _JAN20),
        ("２０２２年１月２０日", _JAN20),
        (44581, _JAN20),
        (44581.75, _JAN20),
        (20000, dt.date(1954, 10, 3)),
        ("2022-02-30", None),
        ("2022年13月1日", None),
        ("2023-02-29", None),
        ("2024-02-29", dt.date(2024, 2, 29)),
        ("2022-1/20", None),
        ("2022年1月", None),
        ("20220120", None),
        ("明年一月", None),
        ("", None),
        (None, None),
        (True, None),
        (19999, None),
        (80001, None),
        (float("nan"), None),
        ([2022, 1, 20], None),
    ],
)
def test_parse_date(value: object, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [(_JAN20, "2022年1月20日"), (dt.date(2023, 12, 5), "2023年12月5日"), (dt.date(2024, 10, 1), "2024年10月1日")],
)
def test_format_date(d: dt.date, expected: str) -> None:
    assert format_date(d) == expected


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_dates_round_trip(d: dt.date) -> None:
    assert parse_date(format_date(d)) == d
    assert parse_date(d.isoformat()) == d


# --- cell_text / split_heading ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (True, "TRUE"),
        (False, "FALSE"),
        (0, "0"),
        (12345, "12345"),
        (-7, "-7"),
        (12345.0, "12345"),
        (-2.0, "-2"),
        (-0.0, "0"),
        (1e16, "10000000000000000"),
        (3.5, "3.5"),
        (0.1, "0.1"),
        (1e-7, "0.0000001"),
        (123.456, "123.456"),
        (_JAN20, "2022年1月20日"),
        (dt.datetime(2022, 1, 20, 9, 5), "2022年1月20日"),
        ("  原样 ", "  原样 "),
        ("", ""),
    ],
)
def test_cell_text(value: object, expected: str) -> None:
    assert cell_text(value) == expected


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_cell_text_float_round_trips_without_exponent(value: float) -> None:
    text = cell_text(value)
    assert "e" not in text.lower()
    assert float(text) == value
    assert not text.endswith(".0")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("学习不够。具体表现为……", ("学习不够。", "具体表现为……")),
        ("学习不够！具体。还有。", ("学习不够！", "具体。还有。")),
        ("学习不够？ 具体", ("学习不够？", "具体")),
        ("真的吗？！具体", ("真的吗？！", "具体")),
        ("他说“不够。”具体", ("他说“不够。”", "具体")),
        ("学习不够。", ("学习不够。", "")),
        ("学习不够，具体", ("学习不够，具体", "")),
        ("学习不够", ("学习不够", "")),
        ("", ("", "")),
    ],
)
def test_split_heading(text: str, expected: tuple[str, str]) -> None:
    assert split_heading(text) == expected


def test_cell_text_nan_does_not_crash() -> None:
    assert cell_text(math.inf) == "inf"


def test_chinese_numeral_dates_read_in_the_workbook_too() -> None:
    assert parse_date("二〇二六年一月二十日") == dt.date(2026, 1, 20)
    assert parse_date("二〇二六年元月二十日") == dt.date(2026, 1, 20)
    assert parse_date("二〇二六年二月三十日") is None


def test_the_characters_clean_drops_are_those_it_names_illegal_or_invisible() -> None:
    """clean drops with one search what it used to drop by walking the text: every code point the
    search finds is illegal (XML, controls) or invisible, and no other."""
    from docgen.text import cleaning

    every = "".join(map(chr, range(0x110000)))
    found = {m.start() for m in cleaning._DROPPED.finditer(every)}
    named = {cp for cp in range(0x110000) if cleaning._is_illegal(cp) or chr(cp) in cleaning.INVISIBLE}
    assert found == named and 0x07 in found and 0x200B in found and 0x0A not in found and 0x4E00 not in found


@given(st.text(alphabet="学。！？!?…”’」』）)》〉】\"'，a \n", max_size=12))
def test_a_sentence_is_closed_where_the_pattern_of_a_closed_one_says(text: str) -> None:
    """The end of a sentence is looked at from the end; it says what the pattern of a mark and its closing
    quotes at the very end says (of a text end_sentence has stripped of trailing space)."""
    import re

    from docgen.text import cleaning

    text = text.rstrip()
    pattern = re.compile("[。！？!?…][”’」』）)》〉】\"']*\\Z")
    assert cleaning._closed(text) == (pattern.search(text) is not None)
