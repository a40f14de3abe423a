"""Lint: each rule finds what it should, leaves real sentences of the genre alone, and fixes safely."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from hypothesis import given, strategies as st

from docgen.review import rules as R
from docgen.review.confusions import Confusion, default_confusions, parse_confusions
from docgen.errors import Finding, finding_to_dict
from docgen.review import CODES, collect_fixes, lint, safe_fix
from docgen.model import Aspect, Item, Meta, Point, Report, Source

# Realistic sentences of the genre (own wording) that must pass every rule clean.
CLEAN_SENTENCES = [
    "对党的创新理论学习不够系统，满足于读原文、记笔记，没有做到学以致用、融会贯通。",
    "深入学习习近平新时代中国特色社会主义思想，坚持实实在在抓落实，切实转变工作作风。",
    "党支部部署的各项任务，有的落实得不够及时；对照检查材料的撰写也存在拖延现象。",
    "严格执行中央八项规定精神及其实施细则，坚决反对形式主义、官僚主义。",
    "二〇二二年以来共开展主题党日活动12次，参与党员1,000余人次，覆盖率达到98.5%。",
    "主动拉近与群众的距离，常常深入一线、事事带头，做到认认真真办事、踏踏实实做人。",
    "为了了解群众的真实想法，支部通过“三会一课”、谈心谈话等方式广泛征求意见。",
    "坚持以人民为中心，截至目前已完成整改事项5项（其中长期坚持的2项）。",
    "发扬人民民主，分清是非，不搞“一言堂”；对存在的问题，绝不能不了了之。",
    "认真学习《中国共产党章程》和《中国共产党纪律处分条例》，的的确确把纪律挺在前面。",
    "利用Word、Excel等办公软件提高工作效率，按时报送PPT课件和PDF材料。",
]


def src(sheet: str, cell: str) -> Source:
    return Source(file="branch.xlsx", sheet=sheet, cell=cell)


def report(*, intro: tuple[str, ...] = ("根据组织安排，结合思想和工作实际，对照检查如下。",),
           aspects: dict[str, list[tuple[str, str]]] | None = None,
           causes: list[tuple[str, str]] | None = None,
           directions: list[tuple[str, str]] | None = None,
           organization: str = "中共第三党支部委员会", title: str = "党支部班子对照检查材料") -> Report:
    """A report with cells laid out like the workbook: problems in A/B/C, points in A/B, from row 2."""
    if aspects is None:
        aspects = {"政治理论学习方面": [("学习不够深入", "满足于读原文，学以致用不够。"),
                                   ("联系实际不够", "理论和业务工作结合得不紧。")]}
    if causes is None:
        causes = [("理论武装不够到位", "对学习的重要性认识不足。")]
    if directions is None:
        directions = [("加强理论武装", "制定学习计划，坚持每月集中学习。")]
    row, problems = 2, []
    for name, items in aspects.items():
        first = row
        built = []
        for summary, detail in items:
            built.append(Item(summary, detail, src("存在的问题", f"B{row}"), src("存在的问题", f"C{row}")))
            row += 1
        problems.append(Aspect(name, tuple(built), src("存在的问题", f"A{first}")))
        row += 0 if items else 1

    def points(sheet: str, rows: list[tuple[str, str]]) -> tuple[Point, ...]:
        return tuple(Point(t, x, src(sheet, f"A{i}"), src(sheet, f"B{i}"))
                     for i, (t, x) in enumerate(rows, 2))

    meta = Meta(title=title, organization=organization, date=dt.date(2022, 1, 20),
                sources={"title": src("基本信息", "B2"), "organization": src("基本信息", "B3"),
                         "intro": src("基本信息", "B5")})
    return Report(meta, intro, tuple(problems), points("原因剖析", causes), points("努力方向", directions))


def detail_report(detail: str) -> Report:
    """A report whose only suspicious text is the detail of the first problem (存在的问题!C2)."""
    return report(aspects={"政治理论学习方面": [("学习不够深入", detail), ("联系实际不够", "结合得不紧。")]})


def at_c2(rep: Report) -> list[Finding]:
    return [f for f in lint(rep) if f.source.cell == "C2" and f.source.sheet == "存在的问题"]


# --- clean input -----------------------------------------------------------------------------------

def test_clean_report_has_no_findings() -> None:
    assert lint(report()) == []


@pytest.mark.parametrize("sentence", CLEAN_SENTENCES)
def test_real_sentences_of_the_genre_pass_clean(sentence: str) -> None:
    assert at_c2(detail_report(sentence)) == []
    assert safe_fix(sentence, "detail") == sentence


def test_example_report_lints_clean_apart_from_info() -> None:
    example = pytest.importorskip("docgen.example")
    findings = lint(example.example_report())
    assert [str(f) for f in findings if f.level != "info"] == []


# --- placeholders ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "中共XX支部委员会", "XXX同志", "于xx月召开", "××单位", "ＸＸ党支部", "某某同志", "＊＊问题", "**问题",
    "□□同志", "（此处填写具体事例）", "(此处填写...)", "【单位名称】", "{{单位}}", "时间：____",
])
def test_placeholders_are_flagged(text: str) -> None:
    assert "placeholder" in [f.code for f in at_c2(detail_report(text + "。"))]


@pytest.mark.parametrize("text", ["购买XXL号服装。", "二〇〇〇年入党。", "认真填写党员档案。", "Xbox"])
def test_placeholder_look_alikes_are_not_flagged(text: str) -> None:
    assert "placeholder" not in [f.code for f in at_c2(detail_report(text))]


def test_placeholder_message_and_level_exactly() -> None:
    [f] = [f for f in lint(report(organization="中共XX支部委员会"))]
    assert (f.level, f.code, str(f.source)) == ("warning", "placeholder", "基本信息!B3")
    assert f.message == "有未替换的占位符：“中共XX支部…”"
    assert f.hint == "请换成实际内容（单位名称、人名、日期、事例等），或删去"
    assert f.fix is None


# --- junk from document-sharing websites -----------------------------------------------------------

@pytest.mark.parametrize("text, code", [
    ("学习不够。文.库.出.品", "site-junk"), ("学习不够。文 库 出 品", "site-junk"), ("学习不够。文·库", "site-junk"),
    ("学习不够。百度文库", "site-junk"), ("更多资料请关注。", "site-junk"), ("下载后可编辑。", "site-junk"),
    ("本文由某网友提供。", "site-junk"), ("道客巴巴。", "site-junk"), ("原创力文档。", "site-junk"),
    ("精品文档。", "site-junk"), ("仅供参考。", "site-junk"), ("免费下载。", "site-junk"),
    ("第 3 页 共 8 页", "site-junk"), ("学.习.不.够", "spaced-hanzi"), ("学 习 不 够。", "spaced-hanzi"),
    ("详见https://example.com/a。", "url"), ("详见 www.example.cn 。", "url"),
    ("联系邮箱abc@example.com。", "email"), ("访问baidu.com了解。", "url"), ("登录www.gov.cn查询。", "url"),
])
def test_site_junk_is_flagged(text: str, code: str) -> None:
    assert code in [f.code for f in at_c2(detail_report(text))]


def test_email_is_not_also_a_url() -> None:
    assert [f.code for f in at_c2(detail_report("联系邮箱abc@example.com。"))] == ["email"]


def test_junk_is_not_hidden_by_the_space_fix() -> None:
    assert safe_fix("学习不够。文 库 出 品", "detail") == "学习不够。文 库 出 品"


def test_a_watermark_is_reported_once_and_gets_no_period() -> None:
    assert [f.code for f in at_c2(detail_report("学习不够。文.库.出.品"))] == ["site-junk"]
    assert [f.code for f in at_c2(detail_report("学习不够。学.习.不.够"))] == ["spaced-hanzi"]


def test_spaced_title_is_not_junk_but_its_spaces_are_fixed() -> None:
    [f] = lint(report(title="对 照 检 查 材 料"))
    assert (f.code, f.level, f.fix) == ("stray-space", "info", "对照检查材料")


# --- half-width punctuation ------------------------------------------------------------------------

@pytest.mark.parametrize("before, after", [
    ("学习不够,满足于读原文。", "学习不够，满足于读原文。"),
    ("主要表现在:一是;二是。", "主要表现在：一是；二是。"),
    ("学习够不够?要反思!", "学习够不够？要反思！"),
    ("学习不够, 满足于读原文。", "学习不够，满足于读原文。"),
    ('提出"四个意识"和"两个维护"。', "提出“四个意识”和“两个维护”。"),
    ("所谓'关键少数'。", "所谓‘关键少数’。"),
    ("开展学习(每月一次)。", "开展学习（每月一次）。"),
    ("制作课件(PPT)。", "制作课件（PPT）。"),
    ("详见（附件1)。", "详见（附件1）。"),
    ("学习不够.", "学习不够。"),
    ("学习不够...", "学习不够……"),
    ("学习不够。。", "学习不够。"),
    ("学习不够，，满足于读原文。", "学习不够，满足于读原文。"),
])
def test_halfwidth_and_doubled_punctuation_fixes(before: str, after: str) -> None:
    assert safe_fix(before) == after
    assert safe_fix(after) == after


@pytest.mark.parametrize("text", [
    "1,000", "3.5", "https://example.com/a,b?c=1", "a@b.cn", "Word,Excel", "it's fine", "10:30",
    "(1) English only", "He said \"ok\".", "……", "——",
])
def test_halfwidth_punctuation_outside_chinese_is_untouched(text: str) -> None:
    assert safe_fix(text) == text


def test_halfwidth_finding_carries_the_fix_of_the_whole_cell() -> None:
    found = at_c2(detail_report("学习不够,满足于读原文 ，学以致用不够。"))
    assert [f.code for f in found] == ["halfwidth-punct", "stray-space"]
    f = found[0]
    assert f.level == "warning" and found[1].fix == f.fix
    assert f.message == "中文句子里用了半角标点：“…不够,满足…”"
    assert f.fix == "学习不够，满足于读原文，学以致用不够。"


def test_stray_space_between_characters() -> None:
    [f] = at_c2(detail_report("学习 不够。"))
    assert (f.code, f.level, f.fix) == ("stray-space", "info", "学习不够。")
    assert at_c2(detail_report("使用 Word 排版。")) == []


# --- balance ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, mark", [
    ("提出“四个意识。", "“"), ("学习《党章。", "《"), ("开展学习（每月一次。", "（"), ("单位】名称。", "】"),
    ("所谓‘关键。", "‘"), ("学习”不够。", "”"),
])
def test_unbalanced_marks(text: str, mark: str) -> None:
    [f] = [f for f in at_c2(detail_report(text)) if f.code == "unbalanced"]
    assert f"“{mark}”" in f.message and f.fix is None


def test_nested_balanced_marks_are_fine() -> None:
    assert R.unbalanced("学习《关于“两个维护”的（试行）意见》。") == []


# --- doubled words ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["学习的的不够。", "学习了了一遍。", "这是是问题。", "不在在岗。", "我我们要学习。",
                                  "与与会同志。", "不不断提高。"])
def test_doubled_function_words(text: str) -> None:
    [f] = at_c2(detail_report(text))
    assert f.code == "doubled-word" and f.level == "warning"


@pytest.mark.parametrize("text", [
    "实实在在。", "和和气气。", "的的确确。", "不了了之。", "为了了解情况。", "是是非非。", "其次是是非观念淡薄。",
    "现在在岗。", "存在在思想上。", "参与与配合。", "常常、天天、人人、事事、处处、默默、渐渐、往往。",
    "学习习近平讲话。", "工作作风。", "人民民主。", "党支部部署。", "二〇二二年。",
])
def test_legitimate_doubling_is_not_flagged(text: str) -> None:
    assert at_c2(detail_report(text)) == []


# --- closing punctuation -------------------------------------------------------------------------

def test_missing_end_punctuation_in_details_is_fixed() -> None:
    [f] = at_c2(detail_report("学习不够"))
    assert (f.code, f.level, f.fix) == ("no-end-punct", "warning", "学习不够。")
    assert safe_fix("学习不够；", "detail") == "学习不够。"
    assert safe_fix("提出“要学习”", "detail") == "提出“要学习”。"
    assert safe_fix("他说：“要学习。”", "detail") == "他说：“要学习。”"


def test_titles_and_summaries_need_no_end_punctuation() -> None:
    assert lint(report(aspects={"学习方面": [("学习不够", "满足于读原文。"), ("落实不够", "拖延。")]})) == []


def test_heading_with_trailing_punctuation() -> None:
    [f] = lint(report(aspects={"学习方面：": [("学习不够", "满足于读原文。"), ("落实不够", "拖延。")]}))
    assert (f.code, f.fix, str(f.source)) == ("title-end-punct", "学习方面", "存在的问题!A2")


def test_intro_fix_covers_every_paragraph_of_the_cell() -> None:
    fixes = collect_fixes(lint(report(intro=("第一段,开头。", "第二段没有句号"))))
    assert fixes == {("基本信息", "B5"): "第一段，开头。\n第二段没有句号。"}


# --- confusions ----------------------------------------------------------------------------------

def test_confusion_message_exactly() -> None:
    [f] = at_c2(detail_report("严格执行八项规定精神极其实施细则。"))
    assert f.code == "confusion" and f.level == "warning" and f.fix is None
    assert f.message.startswith("疑似错别字“极其实施细则”，应为“及其实施细则”")
    assert f.hint == "请改为“及其实施细则”，例如“严格执行中央八项规定精神及其实施细则”"


def test_every_confusion_entry_is_well_formed_and_caught() -> None:
    table = default_confusions()
    assert len(table) >= 20
    for c in table:
        assert c.right in c.example and c.wrong not in c.example, c
        assert [f.code for f in at_c2(detail_report(c.example + "。"))] == [], c
        wrong = c.example.replace(c.right, c.wrong) + "。"
        assert "confusion" in [f.code for f in at_c2(detail_report(wrong))], c


def test_confusions_table_can_be_replaced_and_parsed() -> None:
    table = parse_confusions("# comment\n\nwrong\tright\texample\tnote\n错字\t对字\t一个对字\t说明\n")
    assert table == (Confusion("错字", "对字", "一个对字", "说明"),)
    found = lint(detail_report("有错字。"), confusions=table)
    assert [f.code for f in found if f.source.cell == "C2"] == ["confusion"]
    with pytest.raises(ValueError):
        parse_confusions("只有一列\n")
    with pytest.raises(ValueError, match="bad pattern"):
        parse_confusions("wrong\tright\texample\tpattern\n错字\t对字\t一个对字\t(错)字\n")


# --- structure -------------------------------------------------------------------------------------

def test_duplicate_summary_points_at_the_first() -> None:
    rep = report(aspects={"学习方面": [("学习不够深入", "满足于读原文。"), ("学习不够深入。", "拖延。")]})
    [f] = lint(rep)
    assert (f.code, str(f.source)) == ("duplicate", "存在的问题!B3")
    assert "存在的问题!B2" in f.message


def test_duplicate_detail_and_cause() -> None:
    rep = report(aspects={"学习方面": [("学习不够", "满足于读原文。"), ("落实不够", "满足于读原文。")]},
                 causes=[("认识不到位", "重视不够。"), ("认识不到位", "放松要求。")])
    assert [(f.code, str(f.source)) for f in lint(rep)] == [
        ("duplicate", "存在的问题!C3"), ("duplicate", "原因剖析!A3")]


def test_single_item_and_empty_heading_text() -> None:
    rep = report(aspects={"学习方面": [("学习不够", "满足于读原文。")]}, causes=[("认识不到位", "")])
    assert [(f.code, f.level, str(f.source)) for f in lint(rep)] == [
        ("single-item", "info", "存在的问题!A2"), ("empty-text", "info", "原因剖析!A2")]


def test_empty_aspect_and_part_of_an_imported_report() -> None:
    para = iter(range(1, 100))

    def at() -> Source:
        return Source(file="last.docx", paragraph=next(para))

    rep = Report(Meta("对照检查材料", "中共第三党支部委员会", dt.date(2022, 1, 20)), ("开头。",), problems=(
        Aspect("学习方面", (Item("学习不够", "满足于读原文。", at(), at()), Item("落实不够", "拖延。", at(), at())), at()),
        Aspect("纪律方面", (), at())), causes=(Point("认识不到位", "重视不够。", at(), at()),))
    assert [(f.code, f.level, str(f.source)) for f in lint(rep)] == [
        ("empty-aspect", "warning", "第6段"), ("empty-part", "warning", "")]
    assert "“下一步努力方向”部分没有任何内容" in str(lint(rep)[-1])


def test_workbook_reader_errors_are_not_repeated() -> None:
    # The reader already reports aspect-without-items and empty-part as errors for a workbook.
    rep = report(aspects={"学习方面": [("学习不够", "满足于读原文。"), ("落实不够", "拖延。")], "纪律方面": []},
                 directions=[])
    assert lint(rep) == []


@pytest.mark.parametrize("detail", ["满足于读原文。二是落实不够。", "二是落实不够。", "学习不够；（二）落实不够。",
                                    "学习不够。2.落实不够。"])
def test_two_items_in_one_cell(detail: str) -> None:
    assert "merged-items" in [f.code for f in at_c2(detail_report(detail))]


def test_enumeration_in_cause_text_is_fine() -> None:
    assert lint(report(causes=[("认识不到位", "一是重视不够。二是放松要求。")])) == []


def test_summary_with_several_sentences_is_info() -> None:
    rep = report(aspects={"学习方面": [("学习不够。满足于读原文", ""), ("落实不够", "拖延。")]})
    assert [(f.code, f.level) for f in lint(rep)] == [("summary-sentences", "info")]


# --- API ---------------------------------------------------------------------------------------------

def test_findings_are_in_reading_order_and_codes_are_known() -> None:
    rep = report(intro=("开头,说明。",), organization="中共XX支部",
                 aspects={"学习方面": [("学习不够", "学习 不够。"), ("落实不够", "文.库.出.品")]})
    found = lint(rep)
    assert [(str(f.source), f.code) for f in found] == [
        ("基本信息!B5", "halfwidth-punct"), ("存在的问题!C2", "stray-space"), ("存在的问题!C3", "site-junk"),
        ("基本信息!B3", "placeholder")]
    assert all(CODES[f.code] == f.level for f in found)


def test_finding_to_dict_is_json() -> None:
    [f] = at_c2(detail_report("学习不够"))
    d = finding_to_dict(f)
    assert d == {"level": "warning", "code": "no-end-punct", "place": "存在的问题!C2", "sheet": "存在的问题",
                 "cell": "C2", "paragraph": 0, "message": "句末缺少句号：“学习不够”",
                 "hint": "请在末尾加上“。”，可自动改正（docgen check --fix）", "fix": "学习不够。"}
    json.dumps(d, ensure_ascii=False)


def test_fixes_of_one_cell_compose() -> None:
    found = at_c2(detail_report("学习 不够,满足于读原文。。要反思"))
    assert {f.code for f in found} == {"stray-space", "halfwidth-punct", "doubled-punct", "no-end-punct"}
    assert collect_fixes(found) == {("存在的问题", "C2"): "学习不够，满足于读原文。要反思。"}


def test_findings_without_a_cell_have_no_fix_key() -> None:
    f = Finding("warning", Source(paragraph=3), "m", fix="x", code="halfwidth-punct")
    assert collect_fixes([f]) == {}


_PIECES = list("学习不够的了是在文库，。,.;:?!()\"' （）“”《》12aX@/\n…、") + ["http://", "www.", "  ", "..."]


@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join),
       st.sampled_from(["", "detail", "aspect", "summary", "title", "intro"]))
def test_safe_fix_is_idempotent_and_touches_only_punctuation_and_spaces(text: str, kind: str) -> None:
    once = safe_fix(text, kind)
    assert safe_fix(once, kind) == once
    words = re.compile(r"[\W_]+")
    assert words.sub("", once) == words.sub("", text)


def test_safe_fix_cascades_to_a_fixed_point() -> None:
    assert safe_fix("学,,,,,") == "学，"
    assert safe_fix(")", "detail") == "）。"


def test_fixes_written_to_a_workbook_read_back_clean(tmp_path) -> None:
    workbook = pytest.importorskip("docgen.workbook")
    rep = report(intro=("第一段,开头。", "第二段没有句号"),
                 aspects={"学习方面": [("学习不够", "学习不够,满足于读原文 ，学以致用不够"), ("落实不够", "拖延。")]})
    workbook.write_workbook(tmp_path / "a.xlsx", rep)
    read, errors = workbook.read_workbook(tmp_path / "a.xlsx")
    assert [(f.code, f.source.cell) for f in errors] == [("period-added", "C2")]  # the reader ends the detail
    fixes = collect_fixes(lint(read))
    assert fixes == {("基本信息", "B7"): "第一段，开头。\n第二段没有句号。",
                     ("存在的问题", "C2"): "学习不够，满足于读原文，学以致用不够。"}
    workbook.write_fixes(tmp_path / "a.xlsx", tmp_path / "b.xlsx", fixes)
    fixed, errors = workbook.read_workbook(tmp_path / "b.xlsx")
    assert errors == [] and lint(fixed) == []
    assert fixed.problems[0].items[0].detail == "学习不够，满足于读原文，学以致用不够。"


@pytest.mark.parametrize("cell", ["a" * 32000, "a." * 16000, ",(" * 16000, "（" + "《" * 16000 + "】" * 16000,
                                  "学(" * 16000])
def test_hostile_cells_of_the_largest_size_are_linted(cell: str) -> None:
    # Not timed: these inputs made earlier versions quadratic (minutes), which a run would show.
    assert safe_fix(safe_fix(cell, "detail"), "detail") == safe_fix(cell, "detail")
    lint(detail_report(cell))


def test_a_comma_left_before_the_added_period_is_flagged_with_a_fix():
    from docgen.review.rules import apply_edits, doubled_punct_edits

    text = "学习不深，。"
    assert apply_edits(text, doubled_punct_edits(text)) == "学习不深。"


def test_a_term_that_only_wants_its_quotation_marks_says_so() -> None:
    found = [f for f in lint(report(causes=[("组织生活不够严格", "三会一课落实不够经常。")])) if f.code == "term"]
    assert [f.message for f in found] == ["提法不规范：三会一课两边应加引号"]
    assert found[0].hint.startswith("请写作“三会一课”（依据：")


def test_what_one_cell_holds_is_found_whatever_the_cells_around_it_hold() -> None:
    """The report is screened as a whole first; that must never hide what a cell on its own shows."""
    quotes = report(aspects={"学习方面": [("学习不够", "他说“好，学习不够。"), ("谋划不够", "谋划”十五五“发展。")]})
    assert "reversed-quotes" in [f.code for f in lint(quotes)]
    lists = report(aspects={"学习方面": [("缺乏政治意识、大局意识", "核心意识、看齐意识也不强。"), ("落实不够", "拖延。")]})
    assert [f.code for f in lint(lists)].count("term-list") == 2


def test_duplicates_found_when_every_text_hashes_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    # texts are compared again wherever their hashes meet: a collision never makes a duplicate
    from docgen.review import reviewer

    rep = report(aspects={"学习方面": [("学习不够", "满足于读原文。"), ("落实不够", "满足于读原文。"),
                                   ("学习不够。", "拖延。"), ("担当不够", "满足于读原文！")]},
                 causes=[("认识不到位", "重视不够。"), ("认识不到位", "放松要求。")])
    expected = [(f.code, str(f.source), f.message) for f in lint(rep)]
    assert [c for c, _, _ in expected].count("duplicate") == 4
    monkeypatch.setattr(reviewer, "hash", lambda text: 0, raising=False)
    assert [(f.code, str(f.source), f.message) for f in lint(rep)] == expected
