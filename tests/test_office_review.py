"""The office's review rules: each with a case it must flag and one it must leave alone (our own wording),
the rules file an office hands out, and check --against over an edited copy and an unrelated report."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from builders import make_workbook

from docgen.errors import InputError
from docgen.model import Action, Aspect, Item, Meta, Point, Rectification, Report, Source
from docgen.review.office import default_rules, office_review, parse_rules
from docgen.review.office.similar import close_pairs, normalise, score
from docgen.review.tables import check_pattern

# A detail concrete enough for every rule: a number, a time, an example, a post.
GOOD_DETAIL = "今年上半年支部集中学习6次，其中4次是读文件，专题研讨只安排了1次，支部书记的领学发言准备不足。"
GOOD_CAUSE = ("理想信念的根基还不够牢", "对理论学习重要性的认识停留在口头，用党性修养要求自己不够严格，放松了世界观的改造。")


def src(sheet: str, cell: str) -> Source:
    return Source(file="branch.xlsx", sheet=sheet, cell=cell)


def report(aspects: dict[str, list[tuple[str, str]]] | None = None, *, causes: list[tuple[str, str]] | None = None,
           directions: list[tuple[str, str]] | None = None, title: str = "中共示例局机关支部2025年度组织生活会对照检查材料",
           actions: tuple[Action, ...] = (), rectified: tuple[Rectification, ...] = ()) -> Report:
    aspects = aspects if aspects is not None else {"理论学习方面": [("学习的系统性不够", GOOD_DETAIL)]}
    built, row = [], 2
    for title_, items in aspects.items():
        its = []
        start = row
        for summary, detail in items:
            its.append(Item(summary, detail, src("存在的问题", f"B{row}"), src("存在的问题", f"C{row}")))
            row += 1
        built.append(Aspect(title_, tuple(its), src("存在的问题", f"A{start}")))
    causes = causes if causes is not None else [GOOD_CAUSE]
    directions = directions if directions is not None else [
        ("系统抓好理论学习", "制定支部学习计划，每季度确定一个专题，支部书记带头领学，推动集中学习走深走实。")]
    return Report(
        Meta(title=title, organization="中共示例局机关支部", date=dt.date(2026, 1, 20)),
        problems=tuple(built),
        causes=tuple(Point(t, x, src("原因剖析", f"A{n}")) for n, (t, x) in enumerate(causes, 2)),
        directions=tuple(Point(t, x, src("努力方向", f"A{n}")) for n, (t, x) in enumerate(directions, 2)),
        action_list=actions, rectified=rectified)


def codes(found: list) -> list[str]:
    return [f.code for f in found]


def test_a_concrete_report_passes_every_rule() -> None:
    assert office_review(report()) == []


# -- specific, not 套话 ------------------------------------------------------------------------------


def test_thin_detail() -> None:
    found = office_review(report({"理论学习方面": [("学习的系统性不够", GOOD_DETAIL), ("学用结合不紧", "办法不多。")]}))
    (thin,) = [f for f in found if f.code == "thin-detail"]
    assert str(thin.source) == "存在的问题!C3" and "只有 4 个字" in thin.message and "不少于 15 个字" in thin.hint
    found = office_review(report({"理论学习方面": [("学习的系统性不够", GOOD_DETAIL), ("学用结合不紧", "")]}))
    assert [str(f.source) for f in found if f.code == "thin-detail"] == ["存在的问题!B3"]  # no detail: at the summary


def test_stock_detail() -> None:
    stock = report({"理论学习方面": [("学习的系统性不够", GOOD_DETAIL), ("学习不深", "学习不够深入，思想认识不到位。")]})
    (found,) = [f for f in office_review(stock) if f.code == "stock-detail"]
    assert str(found.source) == "存在的问题!C3" and "套话" in found.message and "具体表现" in found.hint
    mixed = report({"理论学习方面": [("学习不深", "学习不够深入，3月的专题研讨有2名党员没有发言。")]})
    assert "stock-detail" not in codes(office_review(mixed))


def test_nothing_concrete() -> None:
    vague = report({"理论学习方面": [("学习的系统性不够", "集中学习以读文件为主，研讨交流的深度不够，学用结合的办法不多。")]})
    (found,) = [f for f in office_review(vague) if f.code == "nothing-concrete"]
    assert str(found.source) == "存在的问题!A2" and "数字、时间、事例、人名或职务" in found.message
    assert "nothing-concrete" not in codes(office_review(report()))


def test_no_root() -> None:
    shallow = report(causes=[("客观上任务重", "业务工作任务繁重，挤占了学习时间，学习的计划性不强。")])
    (found,) = [f for f in office_review(shallow) if f.code == "no-root"]
    assert str(found.source) == "原因剖析!A2" and "理想信念" in found.message and "思想" in found.hint
    assert "no-root" not in codes(office_review(report()))


def test_praise_first() -> None:
    praising = report({"理论学习方面": [("虽然学习有计划，但落实不够", GOOD_DETAIL)]})
    (found,) = [f for f in office_review(praising) if f.code == "praise-first"]
    assert str(found.source) == "存在的问题!B2" and "先讲成绩" in found.message
    later = report({"理论学习方面": [("学习的系统性不够", GOOD_DETAIL + "虽然制定了计划，但执行不到位。")]})
    assert "praise-first" not in codes(office_review(later))  # only an opening praise is flagged


# -- problems and measures ---------------------------------------------------------------------------


def test_an_aspect_without_a_measure_and_a_measure_without_a_problem() -> None:
    two = report({"理论学习方面": [("学习的系统性不够", GOOD_DETAIL)],
                  "联系群众方面": [("调研走访偏少", "今年到联系村走访只有2次，群众反映的道路维修问题跟踪不及时。")]},
                 directions=[("系统抓好理论学习", "制定支部学习计划，每季度确定一个专题，推动集中学习走深走实。"),
                             ("规范财务报销", "严格执行差旅费标准，票据当月整理归档。")])
    found = office_review(two)
    (aspect,) = [f for f in found if f.code == "aspect-unanswered"]
    assert str(aspect.source) == "存在的问题!A3" and "联系群众方面" in aspect.message and "努力方向!A2–A3" in aspect.message
    (measure,) = [f for f in found if f.code == "measure-unanswering"]
    assert str(measure.source) == "努力方向!A3" and "规范财务报销" in measure.message and "存在的问题!A2–A3" in measure.message
    (shown,) = [f for f in found if f.code == "answers-shown"]
    assert re.search(r"（一）理论学习方面 ↔ 第1条措施（共同的词：[^）]*学习", shown.message)
    assert all(f.level == "info" for f in (aspect, measure, shown))


def test_the_list_answers_an_aspect_its_measures_do_not() -> None:
    rows = (Action("联系群众方面", "调研走访偏少", "每月走访联系村一次，问题建立台账", "张明", "2026年6月底前"),)
    two = report({"理论学习方面": [("学习的系统性不够", GOOD_DETAIL)],
                  "联系群众方面": [("调研走访偏少", "今年到联系村走访只有2次，群众反映的道路维修问题跟踪不及时。")]},
                 actions=rows)
    found = office_review(two)
    assert "aspect-unanswered" not in codes(found)
    without = report({"理论学习方面": [("学习的系统性不够", GOOD_DETAIL)],
                      "联系群众方面": [("调研走访偏少", "今年到联系村走访只有2次，群众反映的道路维修问题跟踪不及时。")]})
    assert "aspect-unanswered" in codes(office_review(without))


def test_a_prescribed_aspect_without_items() -> None:
    # 2025 年度组织生活会 prescribes the six 纪律 aspects; the report uses one of them
    one = report({"政治纪律方面": [("政治敏锐性不强", GOOD_DETAIL)]})
    found = [f for f in office_review(one) if f.code == "prescribed-aspect-missing"]
    assert len(found) == 5 and "“组织纪律方面”没有写到" in found[0].message and "2025-组织生活会" in found[0].message
    assert all(f.level == "warning" for f in found)
    own = report({"理论学习方面": [("学习的系统性不够", GOOD_DETAIL)]})  # not the preset's aspects: not chosen
    assert "prescribed-aspect-missing" not in codes(office_review(own))
    every = report({f"{a}方面": [("问题一", GOOD_DETAIL)] for a in ("政治纪律", "组织纪律", "廉洁纪律", "群众纪律",
                                                                   "工作纪律", "生活纪律")})
    assert "prescribed-aspect-missing" not in codes(office_review(every))


# -- the rules file ------------------------------------------------------------------------------------


def test_every_shipped_entry_has_a_source_and_every_pattern_is_safe() -> None:
    rules = default_rules()
    for entries in (rules.concrete, rules.stock, rules.roots, rules.praise_first, rules.ignore):
        assert entries and all(e.source for e in entries)
    for e in (*rules.concrete, *rules.praise_first):
        check_pattern(e.text, compile_it=True)
    assert rules.threshold == 90 and rules.min_detail == 15


def test_an_office_file_changes_numbers_and_adds_entries(tmp_path: Path) -> None:
    data = '[specific]\nmin_detail = 60\n[[specific.stock]]\ntext = "落实不够有力"\nsource = "本单位"\n'.encode()
    rules = parse_rules(data, "规则.toml", default_rules())
    assert rules.min_detail == 60 and rules.stock[-1].text == "落实不够有力"
    assert len(rules.stock) == len(default_rules().stock) + 1 and rules.threshold == 90
    assert "thin-detail" in codes(office_review(report(), rules))  # GOOD_DETAIL is under 60 characters
    stock = report({"理论学习方面": [("落实不力", "落实不够有力。")]})
    assert "stock-detail" in codes(office_review(stock, rules))
    assert "stock-detail" not in codes(office_review(stock))
    replaced = parse_rules('[[specific.roots]]\nreplace = true\ntext = "初心使命"\n'.encode(), "x.toml", default_rules())
    assert [e.text for e in replaced.roots] == ["初心使命"]
    off = parse_rules(b"[specific]\nmin_detail = 0\n", "x.toml", default_rules())
    assert "thin-detail" not in codes(office_review(report({"理论学习方面": [("学用结合不紧", "办法不多。")]}), off))


@pytest.mark.parametrize("text, said", [
    ('[specific]\nmin_detail = "十五"\n', "规则文件中“specific.min_detail”应为 0 到 1000 之间的整数"),
    ("[specific]\nminimum = 3\n", "规则文件中“specific.minimum”是不认识的项目"),
    ("[checks]\n", "规则文件中“checks”是不认识的项目"),
    ('[[specific.praise_first]]\npattern = "^(虽然)"\n', "规则文件中“specific.praise_first第 1 项的pattern”不是 docgen 能用的写法"),
    ('[similar\n', "规则文件第 1 行"),
])
def test_a_wrong_office_file_is_refused_at_its_key(text: str, said: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_rules(text.encode(), "规则.toml", default_rules())
    assert said in str(caught.value) and caught.value.file == "规则.toml"


# -- same as last year -----------------------------------------------------------------------------


LAST_DETAIL = "支部集中学习多以传达文件为主，全年围绕专题深入研讨只有2次，部分党员会后自学笔记内容较少，学用结合不紧。"
# the same item, lightly edited: its clauses reordered, its numbers changed, numbering typed in front
EDITED_DETAIL = "一是部分党员会后自学笔记内容较少，学用结合不紧，支部集中学习多以传达文件为主，全年围绕专题深入研讨只有3次。"


def test_normalising_takes_off_numbering_and_numbers() -> None:
    assert normalise("一是全年学习12次，研讨3次。") == normalise("（一）全年学习5次，研讨两次。")
    assert score(normalise(LAST_DETAIL), normalise(EDITED_DETAIL)) >= 90
    assert score(normalise(LAST_DETAIL), normalise("窗口服务一次性告知不到位，群众来电回复不够及时。")) < 50


def test_against_an_edited_copy_flags_it_quoting_both() -> None:
    last = report({"理论学习方面": [("学习的系统性不够", LAST_DETAIL)]})
    this = report({"理论学习方面": [("学习的系统性不够", EDITED_DETAIL)]})
    found = office_review(this, last=last, last_file="2024年材料.docx")
    same, cause, measure = [f for f in found if f.code == "same-as-last-year"]  # the same cause and measure too
    assert [str(f.source) for f in (same, cause, measure)] == ["存在的问题!B2", "原因剖析!A2", "努力方向!A2"]
    assert "阈值 90" in same.message and cause.message.startswith("原因") and measure.message.startswith("措施")
    assert "今年“学习的系统性不够。一是部分党员" in same.message
    assert "上年（2024年材料.docx 存在的问题!B2）“学习的系统性不够。支部集中" in same.message
    (repeated,) = [f for f in found if f.code == "repeated-problem"]
    assert "上年度整改" in repeated.message
    rectified = (Rectification("学习的系统性不够", "制定了学习计划", "持续推进"),)
    again = report({"理论学习方面": [("学习的系统性不够", EDITED_DETAIL)]}, rectified=rectified)
    assert "repeated-problem" not in codes(office_review(again, last=last))  # in 上年度整改: only the copying


def test_against_an_unrelated_report_flags_nothing() -> None:
    last = report({"服务群众方面": [("窗口服务不够精细", "窗口一次性告知还不到位，个别群众需要多次补交材料，来电回复不够及时。")]},
                  causes=[("宗旨意识不牢", "对为人民服务的根本宗旨理解不深，换位思考不够，工作中考虑部门职责多。")],
                  directions=[("改进窗口服务", "推行首问负责和一次性告知，每月回访办事群众，限时回复来电来信。")])
    found = office_review(report(), last=last)
    assert not [f for f in found if f.code in ("same-as-last-year", "repeated-problem")]


def test_check_against_last_years_text_file(docgen_cli, tmp_path: Path) -> None:
    (tmp_path / "上年.txt").write_text(
        "中共示例局机关支部2024年度组织生活会对照检查材料\n按照要求，对照检查如下。\n一、存在的问题\n（一）理论学习方面\n"
        f"一是学习的系统性不够。{LAST_DETAIL}\n二、原因剖析\n（一）理想信念不够坚定。放松了党性修养。\n"
        "三、下一步努力方向\n（一）抓好学习。制定计划。\n中共示例局机关支部\n2025年1月20日\n", encoding="utf-8")
    rows = {"存在的问题": [["方面", "问题", "具体表现"], ["理论学习方面", "学习的系统性不够", EDITED_DETAIL]]}
    make_workbook(tmp_path, rows)
    code, out, _ = docgen_cli("check", "branch.xlsx", "--against", "上年.txt")
    assert code == 0
    assert "[警告] 存在的问题!B2：问题与上年材料几乎相同（相似度" in out and "上年（上年.txt 第" in out
    code, out, _ = docgen_cli("check", "branch.xlsx")
    assert code == 0 and "上年" not in out  # plain check does not review


def test_check_refuses_a_wrong_rules_file(docgen_cli, tmp_path: Path) -> None:
    make_workbook(tmp_path)
    (tmp_path / "规则.toml").write_text("[specific]\nmin_detail = -1\n", encoding="utf-8")
    assert docgen_cli("check", "branch.xlsx", "--rules", "规则.toml") == (
        1, "", "错误：规则.toml：规则文件中“specific.min_detail”应为 0 到 1000 之间的整数。"
               "规则文件的写法见 README 的“审核规则文件”一节，或参照 docgen 自带的 rules.toml\n")


def test_check_review_names_places(docgen_cli, tmp_path: Path) -> None:
    make_workbook(tmp_path)  # the builders' workbook: short details, nothing concrete
    code, out, _ = docgen_cli("check", "branch.xlsx", "--review")
    assert code == 0
    assert "[警告] 存在的问题!C2：问题“学习的系统性不够。”具体表现只有 10 个字" in out
    assert "[警告] 存在的问题!A2：“存在的问题”中没有一处具体的内容" in out


def test_close_pairs_finds_copies_between_groups_only() -> None:
    texts = [LAST_DETAIL, EDITED_DETAIL, "窗口一次性告知还不到位，个别群众需要多次补交材料，来电回复不够及时。", LAST_DETAIL]
    pairs = close_pairs(texts, [0, 1, 2, 0], 90, 12)
    assert [(i, j) for i, j, _ in pairs] == [(0, 1)]  # 0 and 3 are one unit's: its copy is said once


def test_one_text_in_many_groups_is_linked_in_a_chain() -> None:
    pairs = close_pairs([LAST_DETAIL] * 500, list(range(500)), 90, 12)
    assert [(i, j) for i, j, _ in pairs] == [(n, n + 1) for n in range(499)]
