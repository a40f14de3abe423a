"""make never destroys work: a document (or a --fix copy) the user changed after docgen wrote it is never
replaced without --force, and -o cannot name the template (issue 8, point 4)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
from builders import make_workbook, minimal_rows
from docx import Document

from docgen.files.provenance import origin

CHANGED = ("错误：已有的 {0} 在生成后被修改过，未覆盖。为免丢失修改，docgen 不会替换它；确实要重新生成时加 --force，"
           "或用 -o 另存为其他文件名\n")
OTHER = ("错误：已有的 {0} 不是 docgen 生成的文件（或由旧版 docgen 生成），未覆盖。为免丢失修改，docgen 不会替换它；"
         "确实要重新生成时加 --force，或用 -o 另存为其他文件名\n")
# A workbook saved in Excel keeps nothing of what docgen recorded, so it may be either.
SAVED_WORKBOOK = ("错误：已有的 {0} 在 Excel 或 WPS 中保存过（或不是 docgen 生成的），未覆盖。为免丢失修改，docgen 不会替换它；"
                  "确实要重新生成时加 --force，或用 -o 另存为其他文件名\n")


def edit_in_word(path: Path, old: bytes = "一是".encode(), new: bytes = "一是（我改的）".encode()) -> bytes:
    """What saving in Word does to docgen's document: the body changes, the custom properties stay."""
    with zipfile.ZipFile(path) as zf:
        parts = [(i.filename, zf.read(i)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts:
            zf.writestr(name, data.replace(old, new, 1) if name == "word/document.xml" else data)
    return path.read_bytes()


def test_a_document_docgen_wrote_says_so_and_is_replaced_freely(docgen_cli, tmp_path: Path) -> None:
    make_workbook(tmp_path)
    assert docgen_cli("make", "branch.xlsx")[0] == 0
    first = (tmp_path / "branch.docx").read_bytes()
    assert origin(tmp_path / "branch.docx") == "docgen"
    assert docgen_cli("make", "branch.xlsx")[0] == 0  # unchanged since: replaced without asking
    assert (tmp_path / "branch.docx").read_bytes() == first  # and still byte for byte the same


def test_a_document_changed_since_is_not_replaced_without_force(docgen_cli, tmp_path: Path) -> None:
    make_workbook(tmp_path)
    assert docgen_cli("make", "branch.xlsx")[0] == 0
    edited = edit_in_word(tmp_path / "branch.docx")
    assert origin(tmp_path / "branch.docx") == "changed"
    assert docgen_cli("make", "branch.xlsx") == (1, "", CHANGED.format("branch.docx"))
    assert (tmp_path / "branch.docx").read_bytes() == edited  # the user's edits survive
    code, out, _ = docgen_cli("make", "branch.xlsx", "--force")
    assert (code, out) == (0, "已生成：branch.docx\n")
    assert origin(tmp_path / "branch.docx") == "docgen"


def test_a_document_docgen_did_not_write_is_the_users(docgen_cli, tmp_path: Path) -> None:
    """Last year's report, a file from an older docgen without the digest: the user's, until --force."""
    make_workbook(tmp_path)
    Document().save(tmp_path / "branch.docx")
    mine = (tmp_path / "branch.docx").read_bytes()
    assert docgen_cli("make", "branch.xlsx") == (1, "", OTHER.format("branch.docx"))
    assert (tmp_path / "branch.docx").read_bytes() == mine
    assert docgen_cli("make", "branch.xlsx", "--force")[0] == 0


def test_the_output_cannot_be_the_template(docgen_cli, tmp_path: Path) -> None:
    make_workbook(tmp_path)
    (tmp_path / "mine.docx").write_bytes((Path(__file__).resolve().parent.parent / "templates" / "branch.docx")
                                         .read_bytes())
    before = (tmp_path / "mine.docx").read_bytes()
    assert docgen_cli("make", "branch.xlsx", "-t", "mine.docx", "-o", "mine.docx", "--force") == (
        1, "", "错误：mine.docx：输出文件不能是模板本身。请用 -o 指定另一个 .docx 文件名\n")
    assert (tmp_path / "mine.docx").read_bytes() == before


def test_a_batch_leaves_a_changed_document_alone_and_makes_the_rest(docgen_cli, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for name in ("一支部.xlsx", "二支部.xlsx"):
        make_workbook(tmp_path / "in", name=name)
    assert docgen_cli("make", "in", "-o", "out", "-j", "1")[0] == 0
    edited = edit_in_word(tmp_path / "out" / "一支部.docx")
    code, out, _ = docgen_cli("make", "in", "-o", "out", "-j", "1")
    assert code == 1
    assert f"失败  已有的 {Path('out') / '一支部.docx'} 在生成后被修改过，未覆盖" in out
    assert "二支部.xlsx  成功" in out
    assert (tmp_path / "out" / "一支部.docx").read_bytes() == edited


def test_a_fix_copy_changed_since_is_not_replaced_without_force(docgen_cli, tmp_path: Path) -> None:
    problems = minimal_rows()["存在的问题"]
    problems[1][2] = "集中学习以读文件为主,讨论不够深入。"
    make_workbook(tmp_path, {"存在的问题": problems})
    assert docgen_cli("check", "branch.xlsx", "--fix", "fixed.xlsx")[0] == 0
    assert origin(tmp_path / "fixed.xlsx") == "docgen"
    assert docgen_cli("check", "branch.xlsx", "--fix", "fixed.xlsx")[0] == 0  # unchanged: replaced
    book = openpyxl.load_workbook(tmp_path / "fixed.xlsx")
    book["存在的问题"]["C3"] = "我在 Excel 里改的。"
    book.save(tmp_path / "fixed.xlsx")
    edited = (tmp_path / "fixed.xlsx").read_bytes()
    code, out, err = docgen_cli("check", "branch.xlsx", "--fix", "fixed.xlsx")
    assert (code, err) == (1, SAVED_WORKBOOK.format("fixed.xlsx"))  # Excel's save drops what docgen recorded
    assert (tmp_path / "fixed.xlsx").read_bytes() == edited
    assert docgen_cli("check", "branch.xlsx", "--fix", "fixed.xlsx", "--force")[0] == 0
