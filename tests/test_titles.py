"""Long titles (GB/T 9704 7.3.1): broken between phrases into a trapezoid or diamond, and check says where."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import make_workbook
from docxread import document_paragraphs
from reports import report

import docgen
from docgen.rendering.titles import break_title, line_fits, shape

UNIT = "中共云溪县发展改革局机关第二支部委员会"


@pytest.mark.parametrize(("title", "unit", "lines", "outline"), [
    # after the unit's name: the line below starts with the year
    (f"{UNIT}2025年度组织生活会对照检查材料", UNIT, (UNIT, "2025年度组织生活会对照检查材料"), "倒梯形"),
    # 领导班子 belongs to the unit's line
    ("中共云溪县发展改革局党组领导班子2025年度民主生活会对照检查材料", "中共云溪县发展改革局党组",
     ("中共云溪县发展改革局党组领导班子", "2025年度民主生活会对照检查材料"), "倒梯形"),
    # two lines of the same length are kept when the meaning asks for it (the unit, then the year)
    ("中共示例县统计局机关支部委员会2025年度组织生活会对照检查材料", "中共示例县统计局机关支部委员会",
     ("中共示例县统计局机关支部委员会", "2025年度组织生活会对照检查材料"), "矩形"),
    # three lines: a diamond, broken before the theme's opening words
    ("中共云溪县委员会常务委员会领导班子学习贯彻习近平新时代中国特色社会主义思想主题教育专题民主生活会对照检查材料",
     "中共云溪县委员会常务委员会",
     ("中共云溪县委员会常务委员会领导班子", "学习贯彻习近平新时代中国特色社会主义思想", "主题教育专题民主生活会对照检查材料"),
     "菱形"),
    # no unit given: before the year
    ("张三同志2025年度民主生活会个人对照检查发言材料", "", ("张三同志", "2025年度民主生活会个人对照检查发言材料"), "正梯形"),
])
def test_a_long_title_breaks_between_phrases(title: str, unit: str, lines: tuple[str, ...],
                                            outline: str) -> None:
    broken = break_title(title, unit)
    assert broken is not None and (broken.lines, broken.shape) == (lines, outline)
    assert "".join(broken.lines) == title and all(line_fits(line) for line in broken.lines)


def test_titles_that_fit_or_were_broken_by_hand_are_left_alone() -> None:
    assert break_title("2025年度组织生活会个人对照检查材料") is None  # 17 characters: one line
    assert break_title(f"{UNIT}\n2025年度组织生活会对照检查材料", UNIT) is None


def test_a_title_without_any_joint_is_left_to_wrap() -> None:
    assert break_title("天" * 30) is None


def test_shapes() -> None:
    widths = ([1000, 3000], [3000, 1000], [1000, 3000, 2000], [3000, 1000, 3000], [3000, 3000])
    assert [shape(list(w)) for w in widths] == ["正梯形", "倒梯形", "菱形", "沙漏形", "矩形"]


def test_the_rendered_title_is_broken_and_check_says_where(tmp_path: Path) -> None:
    title = f"{UNIT}2025年度组织生活会对照检查材料"
    path = make_workbook(tmp_path, 标题=title, 单位=UNIT)
    outcome = docgen.check_workbook(path)
    (note,) = [f for f in outcome.findings if f.code.startswith("title")]
    assert (note.level, str(note)) == ("info", (
        f"基本信息!B2：标题超过一行，生成时分为 2 行：“{UNIT}”／“2025年度组织生活会对照检查材料”。"
        "已在词语之间分行、排成倒梯形（GB/T 9704 7.3.1）；想在别处分行，请在“标题”单元格中按 Alt+Enter 换行"))
    assert document_paragraphs(docgen.make_document(path).path)[0] == f"{UNIT}\n2025年度组织生活会对照检查材料"


def test_check_says_when_a_title_cannot_be_broken_or_a_typed_line_is_too_long() -> None:
    long_line = report(title="天" * 30)
    assert [(f.code, f.message) for f in docgen.lint(long_line) if f.code.startswith("title")] == [
        ("title-unbreakable", "标题超过一行，找不到合适的分行位置，将自动折行")]
    typed = report(title="短标题\n" + "天" * 22)
    assert [(f.code, f.message) for f in docgen.lint(typed) if f.code.startswith("title")] == [
        ("title-line-long", "标题第 2 行超过一行（2号字一行约 20 个字），会自动折行")]
