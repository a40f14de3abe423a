"""check --fix keeps everything else: the corrected copy is the user's workbook with only the fixed cells
changed, and in them only the characters the findings name (issue 8, point 7)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
from builders import make_workbook, minimal_rows
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from docgen import api

SHEET = "xl/worksheets/sheet2.xml"  # 存在的问题 (基本信息 is sheet1 in builders' order)
PICTURE = b"\x89PNG\r\n\x1a\n not really a picture, but a part every program keeps"


def decorated(folder: Path, detail: str) -> Path:
    """A workbook as a user keeps it: a comment, a validation, a width, a style, another sheet, a picture."""
    rows = minimal_rows()
    rows["存在的问题"][1][2] = detail
    path = make_workbook(folder, {**rows, "备注": [["谁", "什么时候"], ["张三", "周一"]]})
    book = openpyxl.load_workbook(path)
    ws = book["存在的问题"]
    ws["C3"].comment = Comment("这一条再斟酌", "李四")
    ws["B2"].font = Font(bold=True, color="FF0000")
    ws.column_dimensions["C"].width = 77
    validation = DataValidation(type="list", formula1='"是,否"')
    ws.add_data_validation(validation)
    validation.add("D2:D9")
    book.save(path)
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    parts["xl/media/image1.png"] = PICTURE
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def fix(workbook: Path, out: Path) -> None:
    api.write_fixed_copy(workbook, out, api.check_workbook(workbook).findings)


def test_only_the_fixed_cell_changes(tmp_path: Path) -> None:
    path = decorated(tmp_path, "集中学习以读文件为主,讨论\n不够深入")
    fix(path, tmp_path / "fixed.xlsx")
    before, after = parts(path), parts(tmp_path / "fixed.xlsx")
    assert list(after) == list(before)  # the same parts in the same order
    assert [name for name in before if before[name] != after[name]] == [SHEET]
    cells = re.compile(rb"<c [^>]*?(?:/>|>.*?</c>)", re.S)
    old, new = cells.findall(before[SHEET]), cells.findall(after[SHEET])
    assert [i for i, (a, b) in enumerate(zip(old, new)) if a != b] == [old.index(next(
        c for c in old if b'r="C2"' in c))]  # one cell, C2; everything around it byte for byte
    book = openpyxl.load_workbook(tmp_path / "fixed.xlsx")
    ws = book["存在的问题"]
    # the comma fixed; the line break the user typed kept (the reader joins lines, the cell keeps them)
    assert ws["C2"].value == "集中学习以读文件为主，讨论\n不够深入"
    assert ws["C3"].comment.text == "这一条再斟酌" and ws["B2"].font.bold
    assert ws.column_dimensions["C"].width == 77 and ws.data_validations.dataValidation[0].formula1 == '"是,否"'
    assert book["备注"]["A2"].value == "张三" and after["xl/media/image1.png"] == PICTURE


def test_numbering_and_spacing_as_typed_stay(tmp_path: Path) -> None:
    rows = minimal_rows()
    rows["存在的问题"][1][1] = "一是 学习的系统性不够,"  # numbering, a space after it, a comma the reader replaces
    rows["基本信息"][4][1] = "第一段,开头。\n\n  第二段没有句号"
    path = make_workbook(tmp_path, rows)
    fix(path, tmp_path / "fixed.xlsx")
    book = openpyxl.load_workbook(tmp_path / "fixed.xlsx")
    assert book["基本信息"]["B5"].value == "第一段，开头。\n\n  第二段没有句号。"
    assert book["存在的问题"]["B2"].value == "一是 学习的系统性不够,"  # nothing named here: untouched


def test_a_formula_cell_is_never_rewritten(tmp_path: Path) -> None:
    rows = minimal_rows()
    rows["存在的问题"][1][2] = '="学习不够,讨论少"'
    path = make_workbook(tmp_path, rows)
    with zipfile.ZipFile(path) as zf:  # a value saved, as Excel would have
        data = {i.filename: zf.read(i) for i in zf.infolist()}
    data[SHEET] = re.sub(rb'<c r="C2"([^>]*)><f>(.*?)</f><v></v></c>',
                         '<c r="C2" t="str"><f>\\2</f><v>学习不够,讨论少</v></c>'.encode(), data[SHEET])
    with zipfile.ZipFile(path, "w") as zf:
        for name, part in data.items():
            zf.writestr(name, part)
    fix(path, tmp_path / "fixed.xlsx")
    assert parts(tmp_path / "fixed.xlsx")[SHEET] == data[SHEET]


# -- the property: a fix never makes text worse -----------------------------------------------------------

FIXABLE = set(",.;:?!()\"' \u3000\t")  # what a fix may take away
WRITTEN = set("，。；：？！（）“”‘’…")  # what a fix may put in its place
PIECES = list("学习不够的是在，。！？") + list(",.;:?!()\"' ") + ["\u3000", "\n", "一是", "1.", "  "]
def _content(text: str) -> str:
    return "".join(ch for ch in text if ch not in FIXABLE | WRITTEN)


TEXT = st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map(lambda pieces: "学" + "".join(pieces))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TEXT)
@example("学习不够 ,讨论... 不深\n  1.学习")
@example("学(习)不够;\n\n第二行\u3000 ,")
def test_a_fix_only_changes_what_its_finding_names(tmp_path: Path, typed: str) -> None:
    rows = minimal_rows()
    rows["存在的问题"][1][2] = typed
    path = make_workbook(tmp_path, rows)
    findings = [f for f in api.check_workbook(path).findings if f.source.cell == "C2" and f.fix is not None]
    out = tmp_path / "fixed.xlsx"
    if out.exists():
        out.unlink()
    fix(path, out)
    fixed = openpyxl.load_workbook(out)["存在的问题"]["C2"].value or ""
    if not findings:
        assert fixed == typed
        return
    # nothing but punctuation and spaces is touched: the words, numbering and line breaks stay, in order
    assert _content(fixed) == _content(typed), (typed, fixed)
    assert set(fixed) - set(typed) <= WRITTEN  # and what a fix writes is a full-width mark
    # and, unless the fix was left out whole, the fixed cell has nothing left to fix
    if fixed != typed:
        left = [f for f in api.check_workbook(out).findings if f.source.cell == "C2" and f.fix is not None]
        assert left == [], (typed, fixed, left)
