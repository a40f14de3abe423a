"""Reading and writing the workbook: every problem found with its place, canonical text, round trips."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from builders import DATE, MISSING, ORGANIZATION, TITLE, make_workbook, minimal_rows

from docgen.errors import InputError, OutputError
from docgen.example import example_report
from docgen.model import Source
from docgen.vocabulary import DEFAULT_PART_TITLES
from docgen.workbook import read_workbook, write_fixes, write_workbook

ROOT = Path(__file__).resolve().parent.parent
PROBLEM_HEADER = ["方面", "问题", "具体表现"]


def found(path: Path) -> list[tuple[str, str, str]]:
    """(level, code, place) of every finding."""
    return [(f.level, f.code, str(f.source)) for f in read_workbook(path)[1]]


def problems(tmp_path: Path, *rows: list[object], **kw: object) -> Path:
    return make_workbook(tmp_path, {"存在的问题": [PROBLEM_HEADER, *rows]}, **kw)


# --- a valid workbook ---------------------------------------------------------------------------

def test_minimal_workbook_reads_into_a_report(tmp_path: Path) -> None:
    report, findings = read_workbook(make_workbook(tmp_path))
    assert findings == []
    assert report is not None
    assert report.meta.title == TITLE and report.meta.organization == ORGANIZATION and report.meta.date == DATE
    assert report.intro == ("按照上级通知要求，支部认真开展了会前准备。", "现将对照检查情况报告如下。")
    assert [(a.title, [(i.summary, i.detail) for i in a.items]) for a in report.problems] == [
        ("理论学习方面", [("学习的系统性不够。", "集中学习以读文件为主。"), ("学用结合不紧。", "运用理论指导工作的办法不多。")]),
        ("服务群众方面", [("调研不够经常。", "到基层走访的次数偏少。")]),
    ]
    assert [(p.title, p.text) for p in report.causes] == [("理论武装的自觉性不强。", "对学习的重要性认识不足。")]
    assert [(p.title, p.text) for p in report.directions] == [("持续加强理论学习。", "每月开展一次专题学习。")]
    assert (report.meta.problems_title, report.meta.causes_title, report.meta.directions_title) == DEFAULT_PART_TITLES


def test_sources_point_at_cells(tmp_path: Path) -> None:
    report, _ = read_workbook(make_workbook(tmp_path))
    assert report is not None
    aspect = report.problems[0]
    assert aspect.source == Source("branch.xlsx", "存在的问题", "A2")
    assert aspect.items[1].source == Source("branch.xlsx", "存在的问题", "B3")
    assert aspect.items[1].detail_source == Source("branch.xlsx", "存在的问题", "C3")
    assert report.causes[0].source == Source("branch.xlsx", "原因剖析", "A2")
    assert report.directions[0].text_source == Source("branch.xlsx", "努力方向", "B2")
    assert report.meta.source("date") == Source("branch.xlsx", "基本信息", "B4")


def test_headers_with_spaces_any_order_extra_columns_and_unknown_sheets(tmp_path: Path) -> None:
    path = make_workbook(tmp_path, {
        "存在的问题": [["备注", " 具体表现 ", "问题　", "方面"], ["x", "表现一。", "问题一", "学习方面"]],
        "草稿": [["随便写的"]],
    })
    report, findings = read_workbook(path)
    assert findings == []
    assert report is not None
    item = report.problems[0].items[0]
    assert (item.summary, item.detail, str(item.source), str(item.detail_source)) == \
        ("问题一。", "表现一。", "存在的问题!C2", "存在的问题!B2")


def test_sheet_name_with_surrounding_spaces_is_found(tmp_path: Path) -> None:
    rows = minimal_rows()["原因剖析"]
    assert found(make_workbook(tmp_path, {"原因剖析": None, "原因剖析 ": rows})) == []


def test_file_not_named_xlsx_is_read_by_content(tmp_path: Path) -> None:
    report, _ = read_workbook(make_workbook(tmp_path, name="branch.xls"))
    assert report is not None


# --- normalisation ---------------------------------------------------------------------------------

def test_typed_numbering_is_stripped_and_periods_added(tmp_path: Path) -> None:
    path = make_workbook(tmp_path, {
        "存在的问题": [PROBLEM_HEADER, ["（一）学习方面", "一是学习不深，", "平时学得少"], [None, "二是 调研少", "走访少。"]],
        "原因剖析": [["原因", "分析"], ["1. 认识不到位", "放松了要求"]],
        "努力方向": [["措施", "内容"], ["（1）加强学习。", "每月一次"]],
    }, 问题标题="一、存在的主要问题")
    report, findings = read_workbook(path)
    assert report is not None
    aspect = report.problems[0]
    assert aspect.title == "学习方面"  # no period on aspect titles
    # a trailing ， becomes 。 (not "学习不深，。"); a detail without a final mark gets 。 so that it does
    # not run into the next item (…平时学得少二是…); both are said, at their cells
    assert [(i.summary, i.detail) for i in aspect.items] == [("学习不深。", "平时学得少。"), ("调研少。", "走访少。")]
    assert [(f.level, f.code, str(f.source), f.message) for f in findings] == [
        ("warning", "end-replaced", "存在的问题!B2", "句末的“，”已改为“。”"),
        ("warning", "period-added", "存在的问题!C2", "句末没有句号，已补上“。”")]
    assert report.causes[0].title == "认识不到位。" and report.causes[0].text == "放松了要求"
    assert report.directions[0].title == "加强学习。"
    assert report.meta.problems_title == "存在的主要问题"


def test_line_breaks_kept_in_title_and_intro_joined_elsewhere(tmp_path: Path) -> None:
    path = make_workbook(tmp_path, {"存在的问题": [PROBLEM_HEADER, ["学习\n方面", "学习\r\n不深", "第一句。\n\n第二句。"]]},
                         标题="  中共示例支部委员会  \n  2025年度对照检查材料 ", 开篇="\n第一段。\n\n  第二段。\n")
    report, _ = read_workbook(path)
    assert report is not None
    assert report.meta.title == "中共示例支部委员会\n2025年度对照检查材料"
    assert report.intro == ("第一段。", "第二段。")
    item = report.problems[0].items[0]
    assert (report.problems[0].title, item.summary, item.detail) == ("学习方面", "学习不深。", "第一句。第二句。")


@pytest.mark.parametrize("value", ["2026-01-20", "2026/1/20", "2026.1.20", "2026年1月20日", " 2026年01月20号 ",
                                   dt.datetime(2026, 1, 20), dt.date(2026, 1, 20)])
def test_date_formats(tmp_path: Path, value: object) -> None:
    report, findings = read_workbook(make_workbook(tmp_path, 日期=value))
    assert findings == [] and report is not None
    assert report.meta.date == dt.date(2026, 1, 20)


def test_numbers_read_as_typed(tmp_path: Path) -> None:
    report, _ = read_workbook(problems(tmp_path, ["学习方面", 2025, 3.5], [None, "编号", "0012"]))
    assert report is not None
    items = report.problems[0].items
    assert [(i.summary, i.detail) for i in items] == [("2025。", "3.5。"), ("编号。", "0012。")]


def test_blank_and_merged_aspect_cells_mean_same_as_above(tmp_path: Path) -> None:
    path = problems(tmp_path,
                    ["学习方面", "甲", "a。"], [None, "乙", "b。"],  # blank -> same aspect
                    [None, None, None],  # blank row skipped
                    ["学习方面", "丙", "c。"],  # the same title again continues it
                    ["服务方面", "丁", "d。"], [None, "戊", "e。"], [None, "己", "f。"],  # A6:A8 merged
                    merge={"存在的问题": ["A6:A8"]})
    report, findings = read_workbook(path)
    assert findings == [] and report is not None
    assert [(a.title, [i.summary for i in a.items]) for a in report.problems] == [
        ("学习方面", ["甲。", "乙。", "丙。"]), ("服务方面", ["丁。", "戊。", "己。"])]
    assert str(report.problems[1].items[2].source) == "存在的问题!B8"


def test_aspect_on_its_own_row_then_items_below(tmp_path: Path) -> None:
    report, findings = read_workbook(problems(tmp_path, ["学习方面", None, None], [None, "甲", "a。"]))
    assert findings == [] and report is not None
    assert report.problems[0].title == "学习方面" and report.problems[0].items[0].summary == "甲。"


# --- findings, each at its place -------------------------------------------------------------------

def test_blank_workbook_lists_every_missing_field(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    write_workbook(path, None)
    report, findings = read_workbook(path)
    assert report is None
    assert [(f.level, f.code, str(f.source)) for f in findings] == [
        ("error", "missing-field", "基本信息!B2"), ("error", "missing-field", "基本信息!B4"),
        ("error", "missing-field", "基本信息!B6"), ("error", "missing-field", "基本信息!B7"),
        ("error", "empty-part", "存在的问题"), ("error", "empty-part", "原因剖析"), ("error", "empty-part", "努力方向"),
    ]
    assert findings[0].message == "“标题”没有填写"
    assert findings[4].message == "没有填写任何问题"


def test_missing_sheet_is_named(tmp_path: Path) -> None:
    report, findings = read_workbook(make_workbook(tmp_path, {"原因剖析": None}))
    assert report is None
    assert [(f.level, f.code, f.source, f.message) for f in findings] == [
        ("error", "missing-sheet", Source("branch.xlsx", "原因剖析"), "缺少工作表“原因剖析”")]


def test_missing_column_is_named(tmp_path: Path) -> None:
    report, findings = read_workbook(make_workbook(tmp_path, {"存在的问题": [["方面", "问题"], ["学习方面", "甲"]]}))
    assert report is None
    assert [(f.level, f.code, str(f.source), f.message) for f in findings] == [
        ("error", "missing-column", "存在的问题", "第 1 行缺少列“具体表现”")]


def test_missing_key_row(tmp_path: Path) -> None:
    report, findings = read_workbook(make_workbook(tmp_path, 单位=MISSING))
    assert report is None
    assert [(f.code, str(f.source), f.message) for f in findings] == [("missing-field", "基本信息", "缺少项目“单位”")]


def test_empty_value(tmp_path: Path) -> None:
    assert found(make_workbook(tmp_path, 开篇="  \n ")) == [("error", "missing-field", "基本信息!B5")]


def test_unreadable_date_says_which_formats_work(tmp_path: Path) -> None:
    report, findings = read_workbook(make_workbook(tmp_path, 日期="2026年13月1日"))
    assert report is None
    (finding,) = findings
    assert (finding.level, finding.code, str(finding.source)) == ("error", "bad-date", "基本信息!B4")
    assert "2026年13月1日" in finding.message
    assert "2026-01-20" in finding.hint and "2026/1/20" in finding.hint and "日期格式" in finding.hint


@pytest.mark.parametrize("sheet,header", [("存在的问题", PROBLEM_HEADER), ("原因剖析", ["原因", "分析"]),
                                          ("努力方向", ["措施", "内容"])])
def test_empty_part(tmp_path: Path, sheet: str, header: list[str]) -> None:
    assert found(make_workbook(tmp_path, {sheet: [header, [None, None, None]]})) == [("error", "empty-part", sheet)]


def test_item_without_aspect(tmp_path: Path) -> None:
    assert found(problems(tmp_path, [None, "甲", "a。"], ["学习方面", "乙", "b。"])) == \
        [("error", "item-without-aspect", "存在的问题!A2")]


def test_detail_without_summary(tmp_path: Path) -> None:
    assert found(problems(tmp_path, ["学习方面", "甲", "a。"], [None, None, "只有表现。"])) == \
        [("error", "detail-without-summary", "存在的问题!B3")]


def test_aspect_without_items(tmp_path: Path) -> None:
    assert found(problems(tmp_path, ["学习方面", "甲", "a。"], ["服务方面", None, None])) == \
        [("error", "aspect-without-items", "存在的问题!A3")]


def test_cause_and_measure_without_heading(tmp_path: Path) -> None:
    path = make_workbook(tmp_path, {"原因剖析": [["原因", "分析"], ["认识不足", "x"], [None, "只有分析"]],
                                    "努力方向": [["措施", "内容"], ["一、", "只有序号"]]})
    assert found(path) == [("error", "point-without-title", "原因剖析!A3"),
                           ("error", "point-without-title", "努力方向!A2")]


def test_formula_without_saved_value(tmp_path: Path) -> None:
    report, findings = read_workbook(problems(tmp_path, ["学习方面", "甲", '=A2&"的表现"']))
    assert report is None
    (finding,) = findings
    assert (finding.level, finding.code, str(finding.source)) == ("error", "formula-without-value", "存在的问题!C2")
    assert "请在 Excel 中打开并保存一次" in finding.hint


def _patch_sheet(path: Path, sheet_part: str, old: bytes, new: bytes) -> None:
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    assert old in parts[sheet_part]
    parts[sheet_part] = parts[sheet_part].replace(old, new)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def test_formula_with_saved_value_uses_the_value(tmp_path: Path) -> None:
    path = problems(tmp_path, ["学习方面", "甲", "=A2"])
    # sheet2.xml: 基本信息 is sheet1 in builders' order
    _patch_sheet(path, "xl/worksheets/sheet2.xml", b'<c r="C2"><f>A2</f><v></v></c>',
                 '<c r="C2" t="str"><f>A2</f><v>算好的表现。</v></c>'.encode())
    report, findings = read_workbook(path)
    assert findings == [] and report is not None
    assert report.problems[0].items[0].detail == "算好的表现。"


def test_formula_error_value(tmp_path: Path) -> None:
    path = problems(tmp_path, ["学习方面", "甲", "=1/0"])
    _patch_sheet(path, "xl/worksheets/sheet2.xml", b'<c r="C2"><f>1/0</f><v></v></c>',
                 b'<c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    assert found(path) == [("error", "formula-error", "存在的问题!C2")]


def test_cell_over_excel_limit(tmp_path: Path) -> None:
    path = problems(tmp_path, ["学习方面", "甲", "LONG"])
    # openpyxl cuts what it writes at the limit; other programs do not, so write the XML directly
    _patch_sheet(path, "xl/worksheets/sheet2.xml", b"LONG", "x".encode() * 32_767 + "。".encode())
    report, findings = read_workbook(path)
    assert report is None
    assert [(f.level, f.code, str(f.source)) for f in findings] == [("error", "cell-too-long", "存在的问题!C2")]
    assert "32,767" in findings[0].message
    assert found(problems(tmp_path, ["学习方面", "甲", "长" * 32_766 + "。"], name="ok.xlsx")) == []


def test_a_detail_ending_in_a_comma_gets_a_period_and_a_warning(tmp_path: Path) -> None:
    report, findings = read_workbook(problems(tmp_path, ["学习方面", "甲", "请示上级；"], [None, "乙", "学得少！"]))
    assert report is not None
    assert [i.detail for i in report.problems[0].items] == ["请示上级。", "学得少！"]
    assert [(f.code, str(f.source)) for f in findings] == [("end-replaced", "存在的问题!C2")]


def test_invisible_format_characters_removed_with_a_warning(tmp_path: Path) -> None:
    typed = "第一\u200b句\u202e。\ufeff"
    report, findings = read_workbook(problems(tmp_path, ["学习方面", "甲", typed]))
    assert report is not None and report.problems[0].items[0].detail == "第一句。"
    assert [(f.level, f.code, str(f.source)) for f in findings] == [("warning", "control-characters", "存在的问题!C2")]
    assert findings[0].message == "已删除看不见的字符（U+200B、U+202E、U+FEFF）"


def test_control_characters_removed_with_a_warning(tmp_path: Path) -> None:
    report, findings = read_workbook(problems(tmp_path, ["学习方面", "甲", "第一句。_x000D_\n第二_x0007_句。"]))
    assert report is not None  # a warning does not stop the report
    assert report.problems[0].items[0].detail == "第一句。第二句。"
    assert [(f.level, f.code, str(f.source)) for f in findings] == [("warning", "control-characters", "存在的问题!C2")]
    assert "_x000D_" in findings[0].message


def test_unknown_key_and_value_without_key_are_warnings(tmp_path: Path) -> None:
    rows = [*minimal_rows()["基本信息"], ["签发人", "某某"], [None, "没有项目名"], ["标题", "第二个标题"]]
    report, findings = read_workbook(make_workbook(tmp_path, {"基本信息": rows}))
    assert report is not None and report.meta.title == TITLE
    assert [(f.level, f.code, str(f.source)) for f in findings] == [
        ("warning", "unknown-key", "基本信息!A6"), ("warning", "value-without-key", "基本信息!B7"),
        ("warning", "duplicate-key", "基本信息!A8")]


def test_every_problem_is_collected_not_just_the_first(tmp_path: Path) -> None:
    path = make_workbook(tmp_path, {"努力方向": None, "存在的问题": [PROBLEM_HEADER, [None, "甲", "a。"]]},
                         日期="明天", 标题=None)
    assert found(path) == [("error", "missing-sheet", "努力方向"), ("error", "bad-date", "基本信息!B4"),
                           ("error", "missing-field", "基本信息!B2"), ("error", "item-without-aspect", "存在的问题!A2")]


def test_file_level_problem_raises(tmp_path: Path) -> None:
    path = tmp_path / "branch.xlsx"
    path.write_text("项目,内容\n标题,x\n", encoding="utf-8")
    with pytest.raises(InputError, match="CSV"):
        read_workbook(path)


# --- writing ---------------------------------------------------------------------------------------

def test_example_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "example.xlsx"
    write_workbook(path, example_report())
    report, findings = read_workbook(path)
    assert findings == []
    assert report == example_report()
    assert [t[:2] for t in report.texts()] == [t[:2] for t in example_report().texts()]


def test_committed_example_matches_example_report() -> None:
    report, findings = read_workbook(ROOT / "data" / "example.xlsx")
    assert findings == [] and report == example_report()


def test_example_has_no_placeholders() -> None:
    assert not any(re.search("[XＸx×]{2}", text) for _, text, _ in example_report().texts())


def test_written_layout(tmp_path: Path) -> None:
    path = tmp_path / "example.xlsx"
    write_workbook(path, example_report())
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["填写说明", "基本信息", "上年度整改", "存在的问题", "原因剖析", "努力方向", "整改清单",
                               "其他部分"]
    guide = "\n".join(str(c.value) for row in book["填写说明"].iter_rows() for c in row if c.value)
    for words in ("一是", "（一）", "上一行相同", "2026/1/20", "Alt+Enter", "具体表现", "措施", "方向标题"):
        assert words in guide
    ws = book["存在的问题"]
    assert [c.value for c in ws[1]] == [*PROBLEM_HEADER, "概述"]
    assert all(c.font.b for c in ws[1]) and ws.freeze_panes == "A2"
    assert ws.column_dimensions["C"].width >= 60
    assert ws["C2"].alignment.wrap_text and ws["C2"].alignment.vertical == "top"
    assert ws["A2"].value == "学习贯彻党的创新理论方面" and ws["A3"].value is None  # blank: same as above
    info = book["基本信息"]
    assert info["A6"].value == "日期" and info["B6"].is_date
    assert info["B6"].value.date() == dt.date(2026, 1, 20)
    assert info["B6"].number_format == 'yyyy"年"m"月"d"日"'


def test_blank_workbook_has_keys_and_empty_values(tmp_path: Path) -> None:
    path = tmp_path / "new.xlsx"
    write_workbook(path, None)
    info = openpyxl.load_workbook(path)["基本信息"]
    assert [(r[0].value, r[1].value) for r in info.iter_rows(min_row=2)] == [
        ("标题", None), ("类型", "支部班子"), ("单位", None), ("姓名", None), ("日期", None), ("开篇", None),
        ("问题标题", None), ("原因标题", None), ("方向标题", None), ("整改标题", None), ("清单标题", None)]


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    report = example_report()
    aspect = report.problems[0]
    odd = aspect.items[0].__class__("=1+1就是二。", "=HYPERLINK(\"http://example.com\")。")
    report = report.__class__(report.meta, report.intro, (aspect.__class__(aspect.title, (odd,)),),
                              report.causes, report.directions)
    path = tmp_path / "odd.xlsx"
    write_workbook(path, report)
    assert read_workbook(path) == (report, [])
    assert b"<f>" not in zipfile.ZipFile(path).read("xl/worksheets/sheet3.xml")


def test_write_is_atomic_and_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"old")
    write_workbook(path, None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]
    with pytest.raises(OutputError):
        write_workbook(tmp_path / "no-such-folder" / "x.xlsx", None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]


def test_write_fixes_copies_with_new_text(tmp_path: Path) -> None:
    src = make_workbook(tmp_path)
    before = src.read_bytes()
    out = tmp_path / "fixed.xlsx"
    write_fixes(src, out, {("存在的问题", "C2"): "集中学习以读文件为主，讨论少。", ("原因剖析", "A2"): "=不是公式"})
    assert src.read_bytes() == before
    report, findings = read_workbook(out)
    assert findings == [] and report is not None
    assert report.problems[0].items[0].detail == "集中学习以读文件为主，讨论少。"
    assert report.causes[0].title == "=不是公式。"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["branch.xlsx", "fixed.xlsx"]


def test_write_fixes_refuses_unknown_sheet_and_merged_cells(tmp_path: Path) -> None:
    src = problems(tmp_path, ["学习方面", "甲", "a"], [None, "乙", "b"], merge={"存在的问题": ["A2:A3"]})
    with pytest.raises(InputError, match="合并单元格"):
        write_fixes(src, tmp_path / "a.xlsx", {("存在的问题", "A3"): "x"})
    with pytest.raises(InputError, match="找不到工作表"):
        write_fixes(src, tmp_path / "b.xlsx", {("没有这个表", "A1"): "x"})
    assert not (tmp_path / "a.xlsx").exists() and not (tmp_path / "b.xlsx").exists()


def test_written_text_is_utf8_not_character_references(tmp_path: Path) -> None:
    """About 8 bytes a character as &#23398; references: a large workbook docgen wrote would pass its own
    size guard only as UTF-8 (3 bytes a character)."""
    report = example_report()
    aspect = report.problems[0]
    long = aspect.items[0].__class__("学习不够。", "学" * 30_000 + "。")
    report = report.__class__(report.meta, report.intro, (aspect.__class__(aspect.title, (long,)),),
                              report.causes, report.directions)
    path = tmp_path / "big.xlsx"
    write_workbook(path, report)
    with zipfile.ZipFile(path) as zf:
        sizes = {info.filename: info.file_size for info in zf.infolist()}
        sheets = b"".join(zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/"))
    assert not re.search(rb"&#\d+;", sheets)
    assert sum(s for n, s in sizes.items() if n.startswith("xl/worksheets/")) < 3.5 * 30_000 + 40_000
    assert read_workbook(path)[0] == report
