"""Each kind of report as `docgen new --kind` starts it and `make` finishes it: the produced paragraphs
against reviewed golden files (tests/golden/kinds/), and what the kind decides (title, signer, meeting)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from docxread import document_paragraphs

import docgen

GOLDEN = Path(__file__).with_name("golden") / "kinds"
UNIT = {"支部班子": "中共云溪县统计局机关支部委员会", "领导班子": "中共云溪县统计局党组"}
KINDS = {"支部班子": "branch", "党员个人": "member", "领导班子": "leadership", "领导干部个人": "leader"}
PROBLEMS = [["理论学习方面", "学习的系统性不够", "集中学习以读文件为主。"],
            [None, "学用结合不紧", "运用理论指导工作的办法不多。"],
            ["服务群众方面", "调研不够经常", "到基层走访的次数偏少。"],
            [None, "办事效率不高", "有的事项办理时限偏长。"]]


def fill(path: Path) -> None:
    """What a user adds to a new workbook: the date, the problems, one cause, one measure."""
    book = openpyxl.load_workbook(path)
    info = book["基本信息"]
    for row in info.iter_rows(min_row=2):
        if row[0].value == "日期":
            row[1].value = dt.date(2026, 1, 20)
    for sheet, rows in (("存在的问题", PROBLEMS), ("原因剖析", [["理论武装不够深入", "对学习的重要性认识不足。"]]),
                        ("努力方向", [["持续加强理论学习", "每月开展一次专题学习。"]])):
        for row in rows:
            book[sheet].append(row)
    book.save(path)


def made(tmp_path: Path, kind: str, **options: str) -> list[str]:
    workbook = tmp_path / f"{KINDS[kind]}.xlsx"
    docgen.new_workbook(workbook, kind=kind, year=2025, **options)
    fill(workbook)
    return document_paragraphs(docgen.make_document(workbook).path)


def golden(name: str) -> list[str]:
    lines = (GOLDEN / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines]


CASES = [("支部班子", {"unit": UNIT["支部班子"]}), ("党员个人", {"name": "张三"}),
         ("领导班子", {"unit": UNIT["领导班子"]}), ("领导干部个人", {"name": "李四", "unit": UNIT["领导班子"]})]


@pytest.mark.parametrize(("kind", "options"), CASES, ids=[KINDS[k] for k, _ in CASES])
def test_each_kind_makes_its_golden_paragraphs(tmp_path: Path, kind: str, options: dict[str, str]) -> None:
    assert made(tmp_path, kind, **options) == golden(KINDS[kind])


def test_the_golden_files_show_what_each_kind_decides() -> None:
    branch, member, leadership, leader = (golden(name) for name in KINDS.values())
    # the title pattern, broken after the unit where it is too long for one line
    assert branch[0] == "中共云溪县统计局机关支部委员会\n2025年度组织生活会对照检查材料"
    assert member[0] == "2025年度组织生活会个人对照检查材料"
    assert leadership[0] == "中共云溪县统计局党组领导班子\n2025年度民主生活会对照检查材料"
    assert leader[0] == "2025年度民主生活会个人对照检查材料"
    # the meeting word and the speaker in the 开篇 skeleton
    assert [p[1].split("，")[0] for p in (branch, member, leadership, leader)] == [
        "按照上级党组织关于开好2025年度组织生活会的通知要求"] * 2 + ["按照上级党组织关于开好2025年度民主生活会的通知要求"] * 2
    assert "，支部委员会围绕本次组织生活会的主题，" in branch[1] and "，本人围绕本次民主生活会的主题，" in leader[1]
    # the part titles: 民主生活会 materials say 原因分析 and 整改措施
    def headings(paragraphs: list[str]) -> list[str]:
        return [p for p in paragraphs if p[1:2] == "、"]

    assert headings(branch) == headings(member) == ["一、存在的问题", "二、原因剖析", "三、下一步努力方向"]
    assert headings(leadership) == headings(leader) == ["一、存在的问题", "二、原因分析", "三、整改措施"]
    # the signature: the unit for a 班子, the person (under the unit, when given) for a personal report
    assert branch[-2:] == [UNIT["支部班子"], "2026年1月20日"]
    assert member[-2:] == ["张三", "2026年1月20日"]
    assert leadership[-2:] == [UNIT["领导班子"], "2026年1月20日"]
    assert leader[-3:] == [UNIT["领导班子"], "李四", "2026年1月20日"]


def test_a_new_workbook_asks_for_the_kinds_signer(tmp_path: Path) -> None:
    docgen.new_workbook(tmp_path / "member.xlsx", kind="党员个人", year=2025)
    outcome = docgen.check_workbook(tmp_path / "member.xlsx")
    assert ("error", "基本信息!B5", "“姓名”没有填写") in [(f.level, str(f.source), f.message) for f in outcome.findings]
    assert "基本信息!B4" not in [str(f.source) for f in outcome.findings]  # a personal report needs no unit


def test_a_new_workbook_without_a_unit_has_a_placeholder_that_check_flags(tmp_path: Path) -> None:
    path = tmp_path / "branch.xlsx"
    docgen.new_workbook(path, year=2025)
    fill(path)
    book = openpyxl.load_workbook(path)
    book["基本信息"]["B4"] = UNIT["支部班子"]  # the unit filled in, the title left as offered
    book.save(path)
    findings = docgen.check_workbook(path).findings
    placeholders = [(str(f.source), f.message) for f in findings if f.code == "placeholder"]
    assert placeholders == [("基本信息!B2", "有未替换的占位符：“XX20…”"),
                            ("基本信息!B7", "有未替换的占位符：“…题，（此处填写会前准备情况：学习研讨、谈心谈话、征求意见等）。”")]


def test_the_meeting_year_is_the_one_being_prepared() -> None:
    from docgen.starter import meeting_year

    assert [meeting_year(dt.date(2026, m, 1)) for m in (1, 3, 6, 7, 12)] == [2025, 2025, 2025, 2026, 2026]
