"""docgen collect: a generated folder of 50 workbooks with known counts, read back with openpyxl: the sheets,
their cells, the chart, the overdue rows, the failures, the copying; and the summary's numbers are the sum
of the units' own."""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from pathlib import Path

import openpyxl
import pytest
from builders import make_workbook

from docgen import api
from docgen.collect import SHEETS, summary_bytes
from docgen.workbook import read_workbook

UNITS = 50
FAILING = {11: "日期", 23: "日期", 37: "bytes"}  # units whose workbook fails, and how
COPIED = (7, 8)  # unit 8's first item is unit 7's, its numbers changed
TODAY = dt.date(2026, 12, 1)
_POOL = [chr(0x4E00 + n) for n in range(0, 6000, 3)]


def prose(seed: int, size: int = 36) -> str:
    """A sentence of characters no other seed shares much of (so no two units look copied by chance)."""
    rng = random.Random(seed)
    return "".join(rng.choice(_POOL) for _ in range(size)) + "，共3次。"


def unit_name(u: int) -> str:
    return f"中共示例县第{u}支部委员会"


def counts(u: int) -> tuple[int, int]:
    """How many items unit u has under its two aspects."""
    return u % 3 + 1, u % 2 + 1


def unit_rows(u: int) -> dict[str, list[list[object]]]:
    first, second = counts(u)
    rows: list[list[object]] = [["方面", "问题", "具体表现"]]
    for k in range(first):
        rows.append(["理论学习方面" if k == 0 else None, f"学习问题{prose(u * 100 + k, 6)}", prose(u * 100 + k)])
    for k in range(second):
        rows.append(["服务群众方面" if k == 0 else None, f"服务问题{prose(u * 100 + 50 + k, 6)}", prose(u * 100 + 50 + k)])
    sheets: dict[str, list[list[object]]] = {"存在的问题": rows}
    if u % 5 == 0:  # a 整改清单: one row overdue, one done, one still in time
        sheets["整改清单"] = [["方面", "问题", "整改措施", "责任人", "完成时限", "状态"],
                           ["理论学习方面", rows[1][1], "每月专题学习", "张明", "2026年6月底前", ""],
                           [None, "完成了的", "建立台账", "李华", "2026年3月底前", "已完成"],
                           ["服务群众方面", rows[-1][1], "定期走访", "王芳", "2027年6月底前", "持续推进"]]
    return sheets


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("branches")
    for u in range(1, UNITS + 1):
        sheets = unit_rows(u)
        if u == COPIED[1]:
            copied = unit_rows(COPIED[0])["存在的问题"][1]
            sheets["存在的问题"][1] = [copied[0], copied[1], str(copied[2]).replace("3次", "5次")]
        name = f"{u:02d}.xlsx"
        place = base / ("乡镇" if u > 40 else "")
        place.mkdir(exist_ok=True)
        if FAILING.get(u) == "bytes":
            (place / name).write_bytes(b"not a workbook at all")
        elif FAILING.get(u) == "日期":
            make_workbook(place, sheets, name=name, 单位=unit_name(u), 日期="2026/13/40")
        else:
            make_workbook(place, sheets, name=name, 单位=unit_name(u))
    (base / "~$01.xlsx").write_bytes(b"lock")  # Excel's owner file: not a workbook
    return base


@pytest.fixture(scope="module")
def summary(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = folder / "汇总.xlsx"  # inside the folder: never read as one of the units
    done = api.collect_workbooks([folder], output, today=TODAY)
    assert len(done.units) == UNITS and len(done.failed) == len(FAILING)
    return output


def sheet_rows(path: Path, name: str, header_row: int = 1) -> list[list[object]]:
    book = openpyxl.load_workbook(path)
    return [[c.value for c in row] for row in book[name].iter_rows(min_row=header_row + 1)]


def passing() -> list[int]:
    return [u for u in range(1, UNITS + 1) if u not in FAILING]


def test_the_sheets_and_the_chart(summary: Path) -> None:
    assert openpyxl.load_workbook(summary).sheetnames == list(SHEETS)
    with zipfile.ZipFile(summary) as zf:
        charts = [n for n in zf.namelist() if n.startswith("xl/charts/chart")]
        assert charts == ["xl/charts/chart1.xml"]
        chart = zf.read(charts[0]).decode()
    assert "<barChart>" in chart and "'统计'!$A$2:$A$" in chart and '<grouping val="stacked"/>' in chart


def test_the_problems_one_row_each_with_its_place(summary: Path) -> None:
    rows = sheet_rows(summary, "问题汇总")
    assert len(rows) == sum(sum(counts(u)) for u in passing())
    first = next(r for r in rows if r[0] == unit_name(2))
    assert first[1:3] == ["理论学习方面", f"学习问题{prose(200, 6)}"] and first[4:] == ["02.xlsx", "存在的问题!B2"]
    assert any(r[4] == "乡镇/45.xlsx" for r in rows)  # named relative to the folder collected


def test_the_counts_are_the_sum_of_the_units_own(summary: Path, folder: Path) -> None:
    book = openpyxl.load_workbook(summary)
    ws = book["统计"]
    header = [c.value for c in ws[1]]
    assert header == ["单位", "理论学习方面", "服务群众方面", "合计"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    *units, total = rows
    own = {}
    for path in sorted(folder.rglob("[0-9]*.xlsx")):
        if int(path.stem) in FAILING:
            continue
        report, _ = read_workbook(path)
        if report is not None:
            own[report.meta.organization] = [len(a.items) for a in report.problems]
    assert len(units) == len(own) == UNITS - len(FAILING)
    for name, first, second, both in units:
        assert [first, second] == own[name] and both == first + second
    assert total == ["合计", sum(r[1] for r in units), sum(r[2] for r in units), sum(r[3] for r in units)]
    assert total[3] == sum(sum(v) for v in own.values()) == len(sheet_rows(summary, "问题汇总"))


def test_the_ledger_marks_overdue_rows(summary: Path) -> None:
    book = openpyxl.load_workbook(summary)
    ws = book["整改台账"]
    assert "2026年12月1日" in ws["A1"].value  # the day it was counted from
    rows = list(ws.iter_rows(min_row=3))
    with_list = [u for u in passing() if u % 5 == 0]
    assert len(rows) == 3 * len(with_list)
    late = [r for r in rows if r[8].value == "逾期"]
    assert [r[0].value for r in late] == [unit_name(u) for u in with_list]
    assert all(r[6].value == "2026年6月底前" and r[4].fill.fgColor.rgb.endswith("FFC7CE") for r in late)
    assert all(r[4].fill.fill_type is None for r in rows if r[8].value != "逾期")


def test_the_failures_and_why(summary: Path) -> None:
    rows = sheet_rows(summary, "未通过")
    assert [r[0] for r in rows] == ["11.xlsx", "23.xlsx", "37.xlsx"]
    assert "基本信息!B4" in rows[0][2] and rows[0][1] == unit_name(11)
    assert "不是" in rows[2][2] or "无法" in rows[2][2]
    findings = sheet_rows(summary, "检查结果")
    assert any(r[0] == unit_name(11) and r[2] == "错误" and r[3] == "基本信息!B4" for r in findings)
    assert any(r[6] == "nothing-concrete" for r in findings) is False  # every unit wrote 3次
    assert any(r[6] == "thin-detail" for r in findings) is False


def test_copying_between_units_is_listed(summary: Path) -> None:
    rows = sheet_rows(summary, "单位间雷同", header_row=2)
    assert [(r[0], r[1], r[3], r[4]) for r in rows] == [
        (unit_name(7), "存在的问题!B2", unit_name(8), "存在的问题!B2")]
    assert rows[0][6] >= 90


def test_an_edited_summary_is_not_replaced_without_force(docgen_cli, folder: Path, tmp_path: Path) -> None:
    small = tmp_path / "两个"
    small.mkdir()
    for name in ("01.xlsx", "02.xlsx"):
        (small / name).write_bytes((folder / name).read_bytes())
    assert docgen_cli("collect", str(small), "-o", "汇总.xlsx")[0] == 0
    book = openpyxl.load_workbook(tmp_path / "汇总.xlsx")
    book["统计"]["A1"] = "我改过"
    book.save(tmp_path / "汇总.xlsx")
    edited = (tmp_path / "汇总.xlsx").read_bytes()
    code, _, err = docgen_cli("collect", str(small), "-o", "汇总.xlsx")
    assert code == 1 and "未覆盖" in err and (tmp_path / "汇总.xlsx").read_bytes() == edited
    code, out, _ = docgen_cli("collect", str(small), "-o", "汇总.xlsx", "--force")
    assert code == 0 and "已汇总 2 个工作簿：2 个通过，0 个未通过" in out
    assert openpyxl.load_workbook(tmp_path / "汇总.xlsx")["统计"]["A1"].value == "单位"


def test_summary_bytes_for_the_web_page(folder: Path) -> None:
    data = summary_bytes([folder / "01.xlsx", folder / "02.xlsx"], today=TODAY)
    assert data[:2] == b"PK" and len(data) > 1000


def test_collect_refuses_an_empty_folder(docgen_cli, tmp_path: Path) -> None:
    (tmp_path / "空").mkdir()
    code, _, err = docgen_cli("collect", "空", "-o", "汇总.xlsx")
    assert code == 1 and "没有找到工作簿" in err and not (tmp_path / "汇总.xlsx").exists()


def test_two_workbooks_signed_by_one_unit_are_told_apart_by_their_files(tmp_path: Path) -> None:
    for name in ("一支部.xlsx", "二支部.xlsx"):
        make_workbook(tmp_path, unit_rows(3), name=name, 单位="中共示例县机关支部委员会")
    book = openpyxl.load_workbook(io.BytesIO(summary_bytes(sorted(tmp_path.glob("*.xlsx")), today=TODAY)))
    units = [row[0] for row in book["统计"].iter_rows(min_row=2, values_only=True)]
    assert units == ["中共示例县机关支部委员会（一支部.xlsx）", "中共示例县机关支部委员会（二支部.xlsx）", "合计"]
    copied = next(book["单位间雷同"].iter_rows(min_row=3, values_only=True))
    assert [copied[0], copied[3]] == units[:2]
