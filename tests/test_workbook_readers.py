"""The fast reader (python-calamine) reads every workbook exactly as the openpyxl reader does, and the
workbooks it would read differently (escapes, error values, a vast grid) go to openpyxl."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Callable

import openpyxl
import pytest
from hypothesis import given, settings, strategies as st
from builders import make_workbook, minimal_rows

from docgen import text
from docgen.text import cleaning
from docgen.workbook import xlsx as workbook
from docgen.errors import Finding
from docgen.model import Report
from docgen.workbook import read_workbook

ROOT = Path(__file__).resolve().parent.parent
PROBLEM_HEADER = ["方面", "问题", "具体表现"]
SHEET = "xl/worksheets/sheet2.xml"  # 存在的问题: 基本信息 is sheet1 in builders' order


def read_with(path: Path, reader: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Report | None, list[Finding]]:
    """read_workbook through one reader only; the other one fails the test if it is asked."""
    with monkeypatch.context() as m:
        if reader == "openpyxl":
            m.setattr(workbook, "_calamine_reads_alike", lambda facts: False)
            m.setattr(workbook, "_read_calamine", _refuse("calamine"))
        else:
            m.setattr(workbook, "_read_openpyxl", _refuse("openpyxl"))
        return read_workbook(path)


def _refuse(name: str) -> Callable[..., None]:
    def reader(*args: object) -> None:
        raise AssertionError(f"{name} was asked to read")

    return reader


def patch(path: Path, part: str, old: bytes, new: bytes, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    assert old in parts[part]
    parts[part] = parts[part].replace(old, new, 1)
    for name, data in (extra or {}).items():
        if name in parts and data.startswith(b"+"):
            parts[name] = parts[name].replace(data[1:].split(b"|")[0], data[1:].split(b"|")[1], 1)
        else:
            parts[name] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def problems(tmp_path: Path, *rows: list[object], **kw: object) -> Path:
    return make_workbook(tmp_path, {"存在的问题": [PROBLEM_HEADER, *rows]}, **kw)


def shared_strings(path: Path) -> Path:
    """C2 of 存在的问题 as a shared string in rich text with a phonetic guide (rPh), as Excel writes it."""
    table = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
             '<si><r><t xml:space="preserve">学习 </t></r><r><rPr><b/></rPr><t>不深。</t></r>'
             '<rPh sb="0" eb="1"><t>xue</t></rPh></si></sst>').encode()
    types = (b'+<Override PartName="/xl/styles.xml"|<Override PartName="/xl/sharedStrings.xml" ContentType='
             b'"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
             b'<Override PartName="/xl/styles.xml"')
    rels = (b'+</Relationships>|<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    cell = b'<c r="C2" t="inlineStr"><is><t>&#38598;'
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read(SHEET)
    start = sheet.index(cell)
    end = sheet.index(b"</c>", start) + 4
    return patch(path, SHEET, sheet[start:end], b'<c r="C2" t="s"><v>0</v></c>',
                 {"xl/sharedStrings.xml": table, "[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels})


def date_formatted_number(path: Path) -> Path:
    book = openpyxl.load_workbook(path)
    book["基本信息"]["B4"] = 46042
    book["基本信息"]["B4"].number_format = 'yyyy"年"m"月"d"日"'
    book["存在的问题"]["C3"] = 45678.25
    book["存在的问题"]["C3"].number_format = "yyyy/m/d h:mm"
    book.save(path)
    return path


def header_beyond_cap(tmp_path: Path) -> Path:
    tmp_path.mkdir(exist_ok=True)
    far = [None] * 70 + ["具体表现"]
    return make_workbook(tmp_path, {"存在的问题": [["方面", "问题", *far[:-1], "具体表现"], ["学习方面", "甲", *far]]})


def cached_formula(path: Path) -> Path:
    return patch(path, SHEET, b'<c r="C2"><f>A2</f><v></v></c>', '<c r="C2" t="str"><f>A2</f><v>算好的</v></c>'.encode())


def lying_dimension(path: Path) -> Path:
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read(SHEET)
    start = sheet.index(b"<dimension ")
    return patch(path, SHEET, sheet[start:sheet.index(b"/>", start) + 2], b'<dimension ref="A1:XFD1048576"/>')


# Each builds a workbook in the folder; both readers must read it the same, and calamine must be the one used.
ALIKE: dict[str, Callable[[Path], Path]] = {
    "minimal": make_workbook,
    "example": lambda d: Path(ROOT / "data" / "example.xlsx"),
    "dates": lambda d: make_workbook(d, 日期=dt.datetime(2026, 1, 20, 9, 30)),
    "date-cell": lambda d: make_workbook(d, 日期=dt.date(2026, 1, 20)),
    "date-formatted-number": lambda d: date_formatted_number(make_workbook(d)),
    "serial-number-date": lambda d: make_workbook(d, 日期=46042),
    "bad-date": lambda d: make_workbook(d, 日期=12345),
    "numbers-booleans": lambda d: problems(d, ["学习方面", 2025, 3.5], [None, True, 12345678901], [None, "x", -0.1]),
    "merged": lambda d: problems(d, ["学习方面", "甲", "a"], [None, "乙", "b"], ["服务方面", "丙", "c"], [None, "丁", "d"],
                                 merge={"存在的问题": ["A4:A5", "B2:C2"]}),
    "sheet-name-spaces": lambda d: make_workbook(d, {"原因剖析": None, " 原因剖析 ": minimal_rows()["原因剖析"]}),
    "uncalculated-formula": lambda d: problems(d, ["学习方面", "甲", '=A2&"x"'], [None, "=B2", None]),
    "cached-formula": lambda d: cached_formula(problems(d, ["学习方面", "甲", "=A2"])),
    "shared-rich-phonetic": lambda d: shared_strings(make_workbook(d)),
    "header-beyond-cap": header_beyond_cap,
    "lying-dimension": lambda d: lying_dimension(make_workbook(d)),
    "missing-sheet-and-column": lambda d: make_workbook(d, {"努力方向": None, "存在的问题": [["方面", "问题"], ["a", "b"]]}),
    "blank-info": lambda d: make_workbook(d, 标题="", 开篇=None, 单位="  "),
    "spaced-lines": lambda d: make_workbook(d, 标题="  第一行 \n\n 第二行 ", 开篇="\t一。\r\n二。"),
}


@pytest.mark.parametrize("build", ALIKE.values(), ids=ALIKE.keys())
def test_calamine_reads_as_openpyxl_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         build: Callable[[Path], Path]) -> None:
    path = build(tmp_path)
    assert read_with(path, "calamine", monkeypatch) == read_with(path, "openpyxl", monkeypatch)


def test_the_panel_means_something(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cases above really contain what they are named after."""
    report, findings = read_with(shared_strings(make_workbook(tmp_path)), "calamine", monkeypatch)
    assert report is not None and report.problems[0].items[0].detail == "学习 不深。"
    report, _ = read_with(date_formatted_number(make_workbook(tmp_path, name="d.xlsx")), "calamine", monkeypatch)
    assert report is not None and report.meta.date == dt.date(2026, 1, 20)
    assert report.problems[0].items[1].detail == "2025年1月21日。"  # a detail ends a sentence
    report, _ = read_with(header_beyond_cap(tmp_path / "cap"), "calamine", monkeypatch)
    assert report is None  # 具体表现 is further right than headers are looked for


def error_value(path: Path) -> Path:
    return patch(path, SHEET, b'<c r="C2"><f>1/0</f><v></v></c>', b'<c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c>')


def stray_far_cell(path: Path) -> Path:
    return patch(path, SHEET, b"</sheetData>",
                 b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>z</t></is></c></row></sheetData>')


def placeless(path: Path) -> Path:
    return patch(path, SHEET, b"</sheetData>",
                 b"<row>" + b'<c t="inlineStr"><is><t>z</t></is></c>' * 600 + b"</row></sheetData>")


# Workbooks calamine would read differently or could not hold: openpyxl reads them, as before.
DIFFERENT: dict[str, tuple[Callable[[Path], Path], Callable[[tuple[Report | None, list[Finding]]], bool]]] = {
    "escapes": (lambda d: problems(d, ["学习方面", "甲", "第一句。_x000D_\n第二_x0007_句。"]),
                lambda r: "_x000D_" in r[1][0].message),
    "error-value": (lambda d: error_value(problems(d, ["学习方面", "甲", "=1/0"])),
                    lambda r: [(f.code, f.message) for f in r[1]] == [("formula-error", "公式计算出错（#DIV/0!）")]),
    "stray-far-cell": (lambda d: stray_far_cell(make_workbook(d)), lambda r: r[0] is not None and r[1] == []),
    "cells-without-place": (lambda d: placeless(make_workbook(d)), lambda r: r[0] is not None and r[1] == []),
}


@pytest.mark.parametrize("case", DIFFERENT.values(), ids=DIFFERENT.keys())
def test_what_calamine_reads_differently_goes_to_openpyxl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          case: tuple[Callable, Callable]) -> None:
    build, expected = case
    path = build(tmp_path)
    with monkeypatch.context() as m:
        m.setattr(workbook, "_read_calamine", _refuse("calamine"))
        result = read_workbook(path)
    assert expected(result)


def test_a_large_workbook_is_read_by_the_streaming_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past MAX_CALAMINE_BYTES inflated, openpyxl reads (calamine would hold the text twice more); up to
    it, calamine does; both read the same."""
    from docgen.files.safety import inspect_package

    path = problems(tmp_path, ["学习方面", "学习不深。", "具体表现" * 50 + "。"], ["学习方面", "联系实际不够。", "甲。"])
    with zipfile.ZipFile(path) as zf:
        sizes = sum(i.file_size for i in zf.infolist())
    inflated = inspect_package(path, "xlsx").inflated
    assert 0 < inflated <= sizes
    expected = read_with(path, "calamine", monkeypatch)
    assert expected[0] is not None
    monkeypatch.setattr(workbook, "MAX_CALAMINE_BYTES", inflated)
    with monkeypatch.context() as m:
        m.setattr(workbook, "_read_openpyxl", _refuse("openpyxl"))
        assert read_workbook(path) == expected
    monkeypatch.setattr(workbook, "MAX_CALAMINE_BYTES", inflated - 1)
    with monkeypatch.context() as m:
        m.setattr(workbook, "_read_calamine", _refuse("calamine"))
        assert read_workbook(path) == expected


def test_a_file_calamine_cannot_read_is_left_to_openpyxl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_workbook(tmp_path)
    import python_calamine

    class Broken:
        @staticmethod
        def from_filelike(fh: object) -> None:
            raise python_calamine.CalamineError("cannot")

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Broken)
    report, findings = read_workbook(path)
    assert report is not None and findings == []


def test_scan_bounds_the_grid_also_for_cells_without_a_place(tmp_path: Path) -> None:
    from docgen.files.safety import inspect_package

    assert inspect_package(make_workbook(tmp_path), "xlsx").grid_cells == 4 * 3  # 存在的问题 A1:C4, the largest sheet
    far = stray_far_cell(make_workbook(tmp_path, name="far.xlsx"))
    assert inspect_package(far, "xlsx").grid_cells == 1_048_576 * 16_384
    # cells and rows without r="..." continue from the one before: each may go one further
    facts = inspect_package(placeless(make_workbook(tmp_path, name="p.xlsx")), "xlsx")
    assert facts.grid_cells >= 5 * 603 and facts.placeless
    assert inspect_package(error_value(problems(tmp_path, ["a", "b", "=1/0"])), "xlsx").error_cells


TRICKY = st.sampled_from(["a", "学", " ", "\u3000", "\t", "\n", "\r", "\x07", "\x85", "\xa0", "\u200b", "\ufeff",
                          "\u2028", "_x000D_", "_x0041_", "_x00", "7_", "\ud800", "\uffff", "1", "，"])


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.text(), st.lists(TRICKY, max_size=12).map("".join)), st.booleans())
def test_quick_clean_is_text_clean(raw: str, keep_lines: bool) -> None:
    assert text.clean(raw, keep_lines=keep_lines) == cleaning._clean_fully(raw, keep_lines)


@pytest.mark.parametrize("reader", ["calamine", "openpyxl"])
def test_a_title_row_above_the_headers_is_tolerated(tmp_path: Path, reader: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    rows = minimal_rows()["存在的问题"]
    path = make_workbook(tmp_path, {"存在的问题": [["第二支部问题清单"], [], *rows]})
    report, findings = read_with(path, reader, monkeypatch)
    assert findings == [] and report is not None
    assert [i.summary for a in report.problems for i in a.items] == [f"{r[1]}。" for r in rows[1:]]
    # places still name the real cells: the first problem is on row 4 now
    assert str(report.problems[0].items[0].source) == "存在的问题!B4"


@pytest.mark.parametrize("reader", ["calamine", "openpyxl"])
def test_headers_further_down_than_five_rows_are_not_looked_for(tmp_path: Path, reader: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_workbook(tmp_path, {"原因剖析": [[], [], [], [], [], ["原因", "分析"], ["甲", "乙"]]})
    _report, findings = read_with(path, reader, monkeypatch)
    assert [(f.code, str(f.source)) for f in findings if f.level == "error"][:1] == [("missing-column", "原因剖析")]


# -- what calamine would read otherwise: openpyxl reads it, whichever the first choice ------------------


def long_cell(folder: Path, length: int) -> Path:
    """C2 of 存在的问题 holding `length` characters, written as another program would (openpyxl cuts it)."""
    path = problems(folder, ["学习方面", "甲", "LONG"])
    return patch(path, SHEET, b"LONG", "长".encode() * (length - 1) + "。".encode())


class _Cutting:
    """A python-calamine sheet whose strings are cut at 32,767 characters, as some versions do."""

    def __init__(self, sheet: object) -> None:
        self.sheet = sheet

    def to_python(self, **options: object) -> list[list[object]]:
        rows = self.sheet.to_python(**options)  # type: ignore[attr-defined]
        return [[v[:32_767] if isinstance(v, str) else v for v in row] for row in rows]


@pytest.mark.parametrize("length", [32_767, 32_768, 40_000])
def test_no_reader_cuts_a_long_cell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, length: int) -> None:
    """A reader that cuts a string at 32,767 characters would hide a cell over Excel's limit."""
    import python_calamine

    path = long_cell(tmp_path, length)
    real = python_calamine.CalamineWorkbook.get_sheet_by_name
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "get_sheet_by_name",
                        lambda book, name: _Cutting(real(book, name)))
    report, findings = read_workbook(path)
    assert (report, findings) == read_with(path, "openpyxl", monkeypatch)
    if length > 32_767:
        assert report is None
        assert [(f.code, str(f.source)) for f in findings] == [("cell-too-long", "存在的问题!C2")]
        assert f"内容有 {length:,} 个字符" in findings[0].message
    else:
        assert report is not None and len(report.problems[0].items[0].detail) == length


def formatted(folder: Path, *cells: tuple[object, str]) -> Path:
    """存在的问题 with one detail cell per (value, number format), from C2 down."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet, rows in minimal_rows().items():
        ws = book.create_sheet(sheet)
        for row in (rows if sheet != "存在的问题" else rows[:1]):
            ws.append(row)
    ws = book["存在的问题"]
    for number, (value, fmt) in enumerate(cells, 2):
        ws.append(["学习方面" if number == 2 else None, f"问题{number}", value])
        ws.cell(row=number, column=3).number_format = fmt
    path = folder / "formatted.xlsx"
    book.save(path)
    return path


def test_numbers_print_as_excel_shows_them(tmp_path: Path) -> None:
    path = formatted(tmp_path, (0.95, "0%"), (1234567.5, "#,##0.00"), (3.1, "0.00"), (12, '0"人"'),
                     (12345, "General"), (0.5, "0.0%"))
    report, _ = read_workbook(path)
    assert report is not None
    assert [i.detail for i in report.problems[0].items] == ["95%。", "1,234,567.50。", "3.10。", "12人。", "12345。",
                                                            "50.0%。"]


def hidden(path: Path) -> Path:
    """Row 3 of 存在的问题 hidden, and 原因剖析 a hidden sheet."""
    book = openpyxl.load_workbook(path)
    book["存在的问题"].row_dimensions[3].hidden = True
    book["原因剖析"].sheet_state = "hidden"
    book.save(path)
    return path


@pytest.mark.parametrize("reader", ["calamine", "openpyxl"])
def test_hidden_rows_and_sheets_are_read_with_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         reader: str) -> None:
    report, findings = read_with(hidden(make_workbook(tmp_path)), reader, monkeypatch)
    assert report is not None
    assert [i.summary for i in report.problems[0].items] == ["学习的系统性不够。", "学用结合不紧。"]  # row 3 too
    assert report.causes[0].title == "理论武装的自觉性不强。"
    assert [(f.level, f.code, str(f.source), f.message) for f in findings] == [
        ("warning", "hidden-rows", "存在的问题", "第 3 行是隐藏的，其中的内容照常读取"),
        ("warning", "hidden-sheet", "原因剖析", "工作表“原因剖析”是隐藏的，其中的内容照常读取")]


def number_value(path: Path, ref: str, raw: bytes, sheet: str = "xl/worksheets/sheet1.xml") -> Path:
    """Cell `ref` holding the raw <v> text `raw` as a date-formatted number (another program wrote it)."""
    book = openpyxl.load_workbook(path)
    book.worksheets[0][ref] = dt.date(2026, 1, 20)
    book.save(path)
    with zipfile.ZipFile(path) as zf:
        xml = zf.read(sheet)
    start = xml.index(f'<c r="{ref}"'.encode())
    at = xml.index(b"<v>", start) + 3
    return patch(path, sheet, xml[start:xml.index(b"</c>", start)], xml[start:at] + raw + b"</v>")


@pytest.mark.parametrize("raw", [b"NaN", b"nan", b"INF", b"-INF", b"1e999"])
def test_a_date_that_is_no_number_is_an_error_at_its_cell(tmp_path: Path, raw: bytes) -> None:
    report, findings = read_workbook(number_value(make_workbook(tmp_path), "B4", raw))
    assert report is None  # today NaN read as 1899年12月30日
    assert [(f.level, f.code, str(f.source), f.message) for f in findings] == [
        ("error", "invalid-number", "基本信息!B4", f"单元格中保存的数值无效（{raw.decode()}）")]


@pytest.mark.parametrize("reader", ["calamine", "openpyxl"])
@pytest.mark.parametrize("raw", [b"-5", b"0", b"2958466", b"1e300"])
def test_a_date_serial_outside_excels_range_is_an_error_at_its_cell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    raw: bytes, reader: str) -> None:
    report, findings = read_with(number_value(make_workbook(tmp_path), "B4", raw), reader, monkeypatch)
    assert report is None  # openpyxl read -5 as 1899年12月25日
    # (openpyxl reads a serial past 9999年12月31日 as the error value #VALUE!, and says so)
    assert [(f.level, str(f.source)) for f in findings] == [("error", "基本信息!B4")]
    assert findings[0].code in ("bad-date", "formula-error")
