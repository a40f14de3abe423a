"""The 整改清单 in the workbook: offered by new/import, ignored while left as offered, and what check says
about it (rows without a person or deadline, deadlines that name no time or lie before the meeting, problems
no row names)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from builders import make_workbook
from docxread import document_paragraphs
from reports import report

import docgen
from docgen.text.deadlines import Deadline, parse_deadline
from docgen.workbook import read_workbook, write_workbook

HEADER = ["方面", "问题", "整改措施", "责任人", "完成时限", "状态"]
MEETING = dt.date(2026, 1, 20)


def findings(path: Path) -> list[tuple[str, str, str, str]]:
    outcome = docgen.check_workbook(path)
    return [(f.level, f.code, str(f.source), f.message) for f in outcome.findings]


# -- what people write as a deadline ----------------------------------------------------------------


@pytest.mark.parametrize(("typed", "last_day"), [
    ("2026年6月30日", dt.date(2026, 6, 30)), ("2026-06-30", dt.date(2026, 6, 30)),
    ("2026年6月30日前", dt.date(2026, 6, 30)), ("2026年6月底前", dt.date(2026, 6, 30)),
    ("2026年6月", dt.date(2026, 6, 30)), ("2026.6", dt.date(2026, 6, 30)), ("2026年6月中旬", dt.date(2026, 6, 20)),
    ("2026年上半年", dt.date(2026, 6, 30)), ("2026年第三季度", dt.date(2026, 9, 30)),
    ("2026年二季度", dt.date(2026, 6, 30)), ("2026年底前", dt.date(2026, 12, 31)), ("2026年内", dt.date(2026, 12, 31)),
    ("力争于2026年6月底前完成", dt.date(2026, 6, 30)), ("2026年3月至6月", dt.date(2026, 6, 30)),
    ("6月底前", dt.date(2026, 6, 30)), ("年底前", dt.date(2026, 12, 31)), ("3个月内", dt.date(2026, 4, 20)),
    ("三个月内", dt.date(2026, 4, 20)), ("半年内", dt.date(2026, 7, 20)), ("2025年12月底", dt.date(2025, 12, 31)),
])
def test_deadlines_as_people_write_them(typed: str, last_day: dt.date) -> None:
    assert parse_deadline(typed, MEETING) == Deadline(last_day)


@pytest.mark.parametrize("typed", ["长期坚持", "持续推进", "立行立改", "常态化推进", "长期"])
def test_work_that_goes_on_has_no_day(typed: str) -> None:
    assert parse_deadline(typed, MEETING) == Deadline(None, ongoing=True)


@pytest.mark.parametrize("typed", ["尽快", "下周", "2026", "2026年13月", "2026年2月30日", "马上", ""])
def test_what_names_no_time(typed: str) -> None:
    assert parse_deadline(typed, MEETING) is None


# -- offered rows ---------------------------------------------------------------------------------------


def test_a_written_workbook_offers_every_problem_as_a_list_row(tmp_path: Path) -> None:
    path = tmp_path / "offered.xlsx"
    write_workbook(path, report(aspects=2, items=2))
    rows = [[c.value for c in row] for row in openpyxl.load_workbook(path)["整改清单"].iter_rows()]
    blank = [None] * 4
    assert rows == [HEADER, ["第1个方面", "问题1-1", *blank], [None, "问题1-2", *blank],
                    ["第2个方面", "问题2-1", *blank], [None, "问题2-2", *blank]]
    r, found = read_workbook(path)
    assert found == [] and r.action_list == ()  # left as offered: no list, nothing said


def test_a_list_left_as_offered_makes_no_attachment_and_no_finding(tmp_path: Path) -> None:
    offered = [HEADER, ["理论学习方面", "学习的系统性不够"], [None, "学用结合不紧"], ["服务群众方面", "调研不够经常"]]
    path = make_workbook(tmp_path, {"整改清单": offered})
    assert [f for f in findings(path) if f[1] != "single-item"] == []
    out = docgen.make_document(path).path
    assert not any(p.startswith("附件") for p in document_paragraphs(out))


def test_one_filled_row_makes_it_a_list_and_the_others_are_flagged(tmp_path: Path) -> None:
    rows = [HEADER, ["理论学习方面", "学习的系统性不够", "每月专题学习一次", "张三", "2026年6月底前"],
            [None, "学用结合不紧"], ["服务群众方面", "调研不够经常", "每季度走访", "李四", "长期坚持"]]
    path = make_workbook(tmp_path, {"整改清单": rows})
    assert [f for f in findings(path) if f[1].startswith("action")] == [
        ("warning", "action-incomplete", "整改清单!C3", "整改清单第 2 项没有填写整改措施、责任人、完成时限")]
    r = docgen.read_workbook(path).report
    assert [a.problem for a in r.action_list] == ["学习的系统性不够", "学用结合不紧", "调研不够经常"]
    assert [a.aspect for a in r.action_list] == ["理论学习方面", "理论学习方面", "服务群众方面"]


# -- what check says ------------------------------------------------------------------------------------

FULL = [HEADER, ["理论学习方面", "学习的系统性不够", "每月专题学习一次", "张三", "2026年6月底前"],
        [None, "学用结合不紧", "每季度交流一次", "李四", "长期坚持"],
        ["服务群众方面", "调研不够经常", "每季度走访", "王五", "2026年上半年"]]


def list_with(**changes: object) -> list[list[object]]:
    """FULL with cells changed: {"E2": "尽快"} sets column E of row 2."""
    rows = [list(row) + [None] * (6 - len(row)) for row in FULL]
    for ref, value in changes.items():
        rows[int(ref[1:]) - 1][ord(ref[0]) - ord("A")] = value
    return rows


def test_a_complete_list_is_clean(tmp_path: Path) -> None:
    assert [f for f in findings(make_workbook(tmp_path, {"整改清单": FULL})) if f[1] != "single-item"] == []


def test_a_deadline_that_names_no_time_is_a_warning(tmp_path: Path) -> None:
    path = make_workbook(tmp_path, {"整改清单": list_with(E2="尽快")})
    assert [f for f in findings(path) if f[1].startswith("deadline")] == [
        ("warning", "deadline-unclear", "整改清单!E2", "整改清单第 1 项的完成时限“尽快”看不出是什么时间")]


def test_a_deadline_before_the_meeting_is_an_error_unless_done(tmp_path: Path) -> None:
    path = make_workbook(tmp_path, {"整改清单": list_with(E2="2025年6月底前", E4="2025年12月31日", F4="已完成")})
    assert [f for f in findings(path) if f[1].startswith("deadline")] == [
        ("error", "deadline-past", "整改清单!E2", "整改清单第 1 项的完成时限“2025年6月底前”早于材料日期（2026年1月20日）")]
    outcome = docgen.check_workbook(path)
    assert outcome.errors[0].hint == "请检查年份是否写错；这一项如果已经完成，请把状态填为“已完成”"


def test_a_date_cell_is_a_deadline_too(tmp_path: Path) -> None:
    path = make_workbook(tmp_path, {"整改清单": list_with(E2=dt.datetime(2026, 6, 30))})
    assert [f for f in findings(path) if f[1].startswith("deadline")] == []
    assert docgen.read_workbook(path).report.action_list[0].deadline == "2026年6月30日"


def test_rows_without_person_or_deadline_are_warnings_at_the_cell(tmp_path: Path) -> None:
    path = make_workbook(tmp_path, {"整改清单": list_with(D2=None, E3=None, C4=None, D4=None)})
    assert [f for f in findings(path) if f[1].startswith("action")] == [
        ("warning", "action-incomplete", "整改清单!D2", "整改清单第 1 项没有填写责任人"),
        ("warning", "action-incomplete", "整改清单!E3", "整改清单第 2 项没有填写完成时限"),
        ("warning", "action-incomplete", "整改清单!C4", "整改清单第 3 项没有填写整改措施、责任人"),
    ]


def test_a_problem_no_row_names_is_a_warning_at_the_problem(tmp_path: Path) -> None:
    rows = [row for row in list_with(B3="学用结合") if row[1] != "调研不够经常"]  # shortened, and one left out
    path = make_workbook(tmp_path, {"整改清单": rows})
    assert [f for f in findings(path) if f[1] == "problem-not-listed"] == [
        ("warning", "problem-not-listed", "存在的问题!B4", "问题“调研不够经常。”没有列入整改清单")]


def test_errors_in_the_list_stop_make_but_warnings_do_not(tmp_path: Path) -> None:
    warned = make_workbook(tmp_path, {"整改清单": list_with(E2="尽快")}, name="warned.xlsx")
    assert docgen.make_document(warned).path.exists()
    failed = make_workbook(tmp_path, {"整改清单": list_with(E2="2025年6月底前")}, name="failed.xlsx")
    with pytest.raises(docgen.DocgenError):
        docgen.make_document(failed)
    assert not (tmp_path / "failed.docx").exists()


def test_a_typed_list_title_is_read_and_written_back(tmp_path: Path) -> None:
    path = make_workbook(tmp_path, {"整改清单": FULL}, 清单标题="统计局机关支部问题整改清单")
    r = docgen.read_workbook(path).report
    assert r.meta.list_title == r.meta.attachment_title == "统计局机关支部问题整改清单"
    again = tmp_path / "again.xlsx"
    write_workbook(again, r)
    assert read_workbook(again)[0] == r


# -- make --list: the list as its own workbook, for the 台账 --------------------------------------------


def test_make_list_writes_the_ledger_beside_the_document(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from docgen.cli import main

    monkeypatch.chdir(tmp_path)
    make_workbook(tmp_path, {"整改清单": FULL})
    with pytest.raises(SystemExit) as exit_info:
        main(["make", "branch.xlsx", "--list"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.endswith("已生成：branch.docx\n已生成整改清单：branch-整改清单.xlsx\n")
    ws = openpyxl.load_workbook(tmp_path / "branch-整改清单.xlsx")["整改清单"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][0] == "中共示例县统计局机关支部委员会2025年度组织生活会查摆问题整改清单"
    assert rows[1:] == [["序号", "方面", "问题", "整改措施", "责任人", "完成时限", "状态"],
                        [1, "理论学习方面", "学习的系统性不够", "每月专题学习一次", "张三", "2026年6月底前", None],
                        [2, "理论学习方面", "学用结合不紧", "每季度交流一次", "李四", "长期坚持", None],
                        [3, "服务群众方面", "调研不够经常", "每季度走访", "王五", "2026年上半年", None]]
    assert ws.freeze_panes == "A3" and ws.print_title_rows == "$2:$2"  # the header stays in view and prints
    assert ws.page_setup.orientation == "landscape" and [r.coord for r in ws.merged_cells.ranges] == ["A1:G1"]
    assert all(c.border.left.style == "thin" for c in ws[3])
    # it reads back as a 整改清单 sheet (the title row above the header is tolerated)
    from docgen.workbook.grid import find_header

    assert find_header([[c.value for c in row] for row in ws.iter_rows(max_row=5)], tuple(HEADER))[0] == 2


def test_make_list_without_a_list_says_so_and_writes_none(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from docgen.cli import main

    monkeypatch.chdir(tmp_path)
    make_workbook(tmp_path)
    with pytest.raises(SystemExit):
        main(["make", "branch.xlsx", "--list"])
    assert capsys.readouterr().out == "已生成：branch.docx\n工作簿中没有填写整改清单，未生成整改清单 .xlsx。\n"
    assert not (tmp_path / "branch-整改清单.xlsx").exists()


def test_a_batch_with_list_writes_each_ledger_beside_its_document(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    make_workbook(tmp_path / "in", {"整改清单": FULL}, name="一支部.xlsx")
    make_workbook(tmp_path / "in", name="二支部.xlsx")  # no list: no ledger
    result = docgen.make_many([tmp_path / "in"], tmp_path / "out", jobs=1, action_list=True)
    assert len(result.succeeded) == 2
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["一支部-整改清单.xlsx", "一支部.docx", "二支部.docx"]


def test_import_offers_the_imported_problems_as_list_rows(tmp_path: Path) -> None:
    last_year = tmp_path / "去年.docx"
    last_year.write_bytes(docgen.render(report(aspects=1, items=2)))
    workbook = docgen.import_report(last_year).path
    rows = [[c.value for c in row] for row in openpyxl.load_workbook(workbook)["整改清单"].iter_rows(min_row=2)]
    assert rows == [["第1个方面", "问题1-1", None, None, None, None], [None, "问题1-2", None, None, None, None]]
    assert docgen.read_workbook(workbook).report.action_list == ()  # until the user fills one in


def test_a_ledger_the_user_kept_is_never_replaced_without_force(docgen_cli, tmp_path: Path) -> None:
    make_workbook(tmp_path, {"整改清单": FULL})
    ledger = tmp_path / "branch-整改清单.xlsx"
    assert docgen_cli("make", "branch.xlsx", "--list")[0] == 0
    assert docgen_cli("make", "branch.xlsx", "--list")[0] == 0  # as docgen wrote it: replaced freely
    book = openpyxl.load_workbook(ledger)
    book["整改清单"]["H3"] = "已于3月完成"  # the 台账 is kept up to date by hand
    book.save(ledger)
    kept = ledger.read_bytes()
    document = (tmp_path / "branch.docx").read_bytes()
    code, _, err = docgen_cli("make", "branch.xlsx", "--list")
    assert code == 1 and err.startswith("错误：已有的 branch-整改清单.xlsx 在 Excel 或 WPS 中保存过（或不是 docgen 生成的），"
                                        "未覆盖")
    assert ledger.read_bytes() == kept and (tmp_path / "branch.docx").read_bytes() == document  # neither written
    assert docgen_cli("make", "branch.xlsx", "--list", "--force")[0] == 0
    assert openpyxl.load_workbook(ledger)["整改清单"]["H3"].value is None
