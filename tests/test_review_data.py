"""The word lists are data (docgen/review/data/*.tsv): every entry parses, names its source, catches its wrong
form and leaves its right form alone; and the rules over them report what a reviewer would, exactly."""

from __future__ import annotations

import pytest
from test_lint import CLEAN_SENTENCES, at_c2, detail_report, report

from docgen.review import collect_fixes, lint, safe_fix
from docgen.review import rules as R
from docgen.review.confusions import default_confusions, default_terms, parse_confusions
from docgen.review.junk import _spaced, default_entries, is_junk_line
from docgen.review.tables import check_pattern, packaged
from docgen.review.terms import default_lists, list_problems
from docgen.review.traditional import GB2312_CONVERTED

CONFUSIONS, TERMS = default_confusions(), default_terms()


def codes(text: str) -> list[str]:
    return [f.code for f in at_c2(detail_report(text))]


# --- confusions.tsv and terms.tsv ------------------------------------------------------------------

def test_the_tables_are_large_and_every_entry_names_its_source():
    assert len(CONFUSIONS) >= 300 and len(TERMS) >= 20
    for entry in (*CONFUSIONS, *TERMS):
        assert entry.source and entry.right in entry.example, entry
        if entry.pattern:
            check_pattern(entry.pattern, compile_it=True)


def test_every_pattern_compiles():
    for name in ("placeholders.tsv", "junk.tsv"):
        for e in default_entries(name):
            check_pattern(e.pattern, compile_it=True) if not e.pattern.startswith("[ ") else None
    with pytest.raises(ValueError):
        check_pattern("(?<=a|bc)字", compile_it=True)  # a look-behind of two widths: only re itself sees it


@pytest.mark.parametrize("entry", [*CONFUSIONS, *TERMS], ids=lambda e: e.wrong)
def test_each_entry_catches_its_wrong_form_and_not_its_right_form(entry):
    code = "term" if entry in TERMS else "confusion"
    assert codes(entry.example + "。") == [], entry  # the example is clean under every rule
    wrong = entry.example.replace(entry.right, entry.wrong, 1) + "。"
    assert code in codes(wrong), entry


def test_a_confusion_may_be_a_pattern_with_a_gap():
    assert "confusion" in codes("主动拉进群众距离。") and "confusion" in codes("主动拉进距离。")
    assert "confusion" not in codes("把群众拉进微信群，拉近了距离。")
    assert "confusion" not in codes("激动得不能自已。") and "confusion" in codes("严格要求自已。")
    [f] = [f for f in at_c2(detail_report("主动拉进与群众的距离。")) if f.code == "confusion"]
    assert f.message == "疑似错别字“拉进”，应为“拉近”（距离用“拉近”）"


def test_a_bad_pattern_is_refused_with_its_line():
    for bad in ("(错)字", "错+*", "(?:错字)+", "^错字", "错\\1", "错[字"):
        with pytest.raises(ValueError):
            check_pattern(bad)
    with pytest.raises(ValueError, match="confusions.tsv:2"):
        parse_confusions("wrong\tright\texample\tnote\tsource\tpattern\n错字\t对字\t对字\t\t某\t(错)字\n")
    with pytest.raises(ValueError, match="two literal"):
        parse_confusions("wrong\tright\texample\tnote\tsource\tpattern\n错字\t对字\t对字\t\t某\t[错]字\n")


def test_a_political_term_is_reported_with_its_canonical_form_and_source():
    [f] = [f for f in at_c2(detail_report("深入学习习近平新时代中国特色思想。")) if f.code == "term"]
    assert f.level == "warning"
    assert f.message == "提法不规范：“习近平新时代”，应为“习近平新时代中国特色社会主义思想”（全称不能省略或改动）"
    assert f.hint.startswith("请改为“习近平新时代中国特色社会主义思想”（依据：《中国共产党章程》")
    assert "term" in codes("深入学习贯彻党的二十大三中全会精神。")
    assert "term" in codes("树牢四个意识。") and "term" not in codes("增强“四个意识”。")
    assert "term" not in codes("深入学习习近平新时代中国特色社会主义经济思想。")


# --- lists.tsv ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("lst", default_lists(), ids=lambda lst: lst.name)
def test_each_list_in_order_is_clean_and_out_of_order_is_caught(lst):
    assert lst.source
    assert list_problems("、".join(lst.items)) == []
    assert [what for _, _, what in list_problems("、".join(reversed(lst.items)))] == ["order"]
    partial = list_problems("、".join(lst.items[:2]))
    assert [what for _, _, what in partial] == (["missing"] if lst.complete else [])


@pytest.mark.parametrize("items", ["和谐、发展", "发展、协调和", "甲乙、乙丙", "甲乙丙、乙丙丁", "甲乙丙、乙"])
def test_a_list_whose_runs_could_be_read_two_ways_is_refused(items):
    from docgen.review.terms import parse_lists

    header = "name\titems\tcomplete\tsource\n"
    assert parse_lists(header + "两项\t甲乙、丙丁\tyes\t来源\n")[0].items == ("甲乙", "丙丁")
    with pytest.raises(ValueError, match="lists.tsv:"):
        parse_lists(header + f"两项\t{items}\tyes\t来源\n")


@pytest.mark.parametrize("lst", default_lists(), ids=lambda lst: lst.name)
def test_one_item_said_again_is_no_list(lst):
    first, second = lst.items[:2]
    for text in (f"{first}，{first}", f"{first}{first}", f"{first}、{first}和{first}"):
        assert list_problems(text) == [], text
    # an item repeated among others still is a list out of order
    assert [what for _, _, what in list_problems(f"{first}、{second}、{second}")] == ["order"]


def test_a_phrase_typed_twice_is_a_doubled_phrase_not_a_list_out_of_order():
    found = codes("存在形式主义形式主义的问题。")
    assert "doubled-phrase" in found and "term-list" not in found


def test_a_list_out_of_order_is_reported_exactly():
    [f] = [f for f in at_c2(detail_report("坚定道路自信、制度自信、理论自信、文化自信。")) if f.code == "term-list"]
    assert f.message == "“四个自信”的顺序不对：“道路自信、制度自信、理论自信、文化自信”"
    assert f.hint.startswith("应为：道路自信、理论自信、制度自信、文化自信（依据：《中国共产党章程》")
    assert codes("加强思想建设和作风建设。") == []  # naming some of the party's building tasks is fine


# --- placeholders.tsv and junk.tsv ---------------------------------------------------------------------

@pytest.mark.parametrize("name, rule", [("placeholders.tsv", R.placeholders), ("junk.tsv", R.junk_phrases)])
def test_each_placeholder_and_junk_entry_catches_its_example_and_not_its_look_alike(name, rule):
    import re
    entries = default_entries(name)
    assert len(entries) >= 20
    for e in entries:
        assert e.source and re.search(e.pattern, e.caught), e
        assert rule(e.caught), e
        assert not re.search(e.pattern, e.kept), e
    assert all(not rule(e.kept) for e in entries), [e.kept for e in entries if rule(e.kept)]


@pytest.mark.parametrize("text", ["x人参加", "*年度计划", "202X年", "20**年", "〔*〕3号", "X中央", "ZZ素质",
                                  "□□党支部", "____年", "【】", "（此处插入照片）", "XXX同志", "邓--理论", "习*平"])
def test_placeholders_in_the_forms_sites_use(text):
    assert R.placeholders(text), text


@pytest.mark.parametrize("text", ["X光检查", "型号X6", "2×3米", "Word和Excel", "AA制", "2025-2026年", "（一）",
                                  "二〇二二年", "1*2*3"])
def test_placeholder_look_alikes_pass(text):
    assert not R.placeholders(text), text


@pytest.mark.parametrize("text", ["学习（某某励志网）心得", "第3页 共5页", "共5页第3页", "相关…3 篇", "本文来源：网络",
                                  "更多精彩内容", "文.库.出.品"])
def test_site_junk_anywhere(text):
    assert R.junk_phrases(text) or R.spaced_hanzi(text), text


def test_a_junk_line_is_told_from_a_line_of_the_report():
    assert all(is_junk_line(t) for t in ("第3页 共5页", "— 3 —", "百度文库", "www.example.com", "精品文档 欢迎下载"))
    assert not any(is_junk_line(t) for t in ("中共某某支部委员会", "一、存在的问题", "2025年1月20日",
                                             "党支部2024年度组织生活会对照检查材料"))


def test_the_spacing_sites_put_into_a_phrase_is_allowed():
    import re
    assert re.fullmatch(_spaced("文库"), "文·库")


# --- traditional characters ---------------------------------------------------------------------------

def test_traditional_characters_get_their_simplified_form():
    [f] = [f for f in at_c2(detail_report("对照检查存在的問題。")) if f.code == "traditional"]
    assert f.message == "有繁体字：“的問題”应为“的问题”"
    assert all("traditional" not in codes(s) for s in CLEAN_SENTENCES)


def test_the_gb2312_shortcut_misses_no_character_opencc_converts():
    """A text that encodes to GB2312 skips OpenCC unless it holds one of these; rebuilt from OpenCC."""
    import opencc
    convert = opencc.OpenCC("t2s").convert
    changed = set()
    for code in range(0x4E00, 0xA000):
        ch = chr(code)
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            continue
        if convert(ch) != ch:
            changed.add(ch)
    assert changed == set(GB2312_CONVERTED)


# --- repeated phrases, quotes, the genre's own forms -----------------------------------------------------

def test_a_doubled_phrase_is_caught_but_two_words_meeting_are_not():
    [f] = [f for f in at_c2(detail_report("违规用公款用公款吃喝。")) if f.code == "doubled-phrase"]
    assert f.message == "疑似重复输入：“用公款用公款”"
    assert "doubled-phrase" in codes("一是一是学习不够。")
    for fine in ("开好基层党组织组织生活会。", "把问题一个一个解决。", "一件事一件事抓落实。", "认认真真学习。"):
        assert "doubled-phrase" not in codes(fine), fine


def test_quotes_the_wrong_way_round():
    found = at_c2(detail_report("谋划”十五五“发展。"))
    assert [(f.code, f.message) for f in found] == [("reversed-quotes", "引号方向反了：”十五五“，应为“十五五”")]


def test_an_intro_ending_in_a_colon_is_the_genres_own_form():
    rep = report(intro=("根据组织安排，现将对照检查情况汇报如下：",))
    assert [f for f in lint(rep) if f.source.sheet == "基本信息"] == []
    assert safe_fix("现将对照检查情况汇报如下：", "intro") == "现将对照检查情况汇报如下："
    fixes = collect_fixes(lint(report(intro=("根据组织安排，现将对照检查情况汇报如下：。",))))
    assert fixes == {("基本信息", "B5"): "根据组织安排，现将对照检查情况汇报如下："}


def test_fix_never_puts_a_full_stop_inside_a_broken_sentence():
    rep = report(intro=("按照要求，支部班", "子成员认真查摆问题，现将对照检查情况汇报如下："))
    found = [f for f in lint(rep) if f.source.sheet == "基本信息"]
    assert [(f.code, f.fix) for f in found] == [("broken-line", None)]
    assert found[0].message == "这一行末尾没有标点，可能与下一行是同一句话：“按照要求，支部班”"
    assert collect_fixes(lint(report(intro=("按照要求,支部班", "子成员认真查摆问题。")))) == {
        ("基本信息", "B5"): "按照要求，支部班\n子成员认真查摆问题。"}


def test_data_files_are_packaged():
    for name in ("confusions.tsv", "terms.tsv", "lists.tsv", "placeholders.tsv", "junk.tsv"):
        assert packaged(name).startswith("#")
