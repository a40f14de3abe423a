"""Hostile packages: the safety scan cannot be stepped around, and the main part is the one the
relationships name (issue 8, point 9). Each case runs docgen as a user would, bounded in memory and time,
and checks the exit code, the message and that nothing was written or changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from bounded import run_docgen, snapshot
from builders import make_workbook
from corpus import read_parts, rename_part, replace_in, template_parts, write_parts
from docxread import part_names, part_xml

SHEET = "xl/worksheets/sheet2.xml"  # 存在的问题 (基本信息 is sheet1 in builders' order)
ENTITY = b'<!DOCTYPE x [<!ENTITY big "BIGBIGBIGBIG">]>'
REFUSED_DOCTYPE = "含有 XML 文档类型声明（DOCTYPE/ENTITY）"


def workbook_with(folder: Path, change) -> Path:  # type: ignore[no-untyped-def]
    path = make_workbook(folder)
    return write_parts(path, change(read_parts(path)))


def entity_in_sheet(parts: dict[str, bytes], part: str = SHEET, lead: bytes = b"") -> dict[str, bytes]:
    """The internal entity &big; declared in `part` and used in C2, after `lead` (e.g. 600 spaces)."""
    xml = parts[part]
    xml = xml.replace(b"?>", b"?>" + lead + ENTITY, 1) if xml.startswith(b"<?xml") else lead + ENTITY + xml
    return {**parts, part: xml.replace("集中学习以读文件为主。".encode(), b"&big;", 1)}


def no_declaration(parts: dict[str, bytes], part: str = SHEET) -> dict[str, bytes]:
    """Leading space is only allowed before the root when there is no XML declaration."""
    xml = parts[part]
    return {**parts, part: xml[xml.index(b"?>") + 2:].lstrip()} if xml.startswith(b"<?xml") else parts


CASES = {
    # 600 bytes of space push the DOCTYPE past the first 512 bytes the scan used to look at
    "doctype-after-600-spaces": lambda p: entity_in_sheet(no_declaration(p), lead=b" " * 600),
    "doctype-after-70000-newlines": lambda p: entity_in_sheet(no_declaration(p), lead=b"\n" * 70_000),
    # a worksheet named like a picture is still a worksheet: its relationship says so
    "worksheet-named-svg": lambda p: rename_part(entity_in_sheet(p), SHEET, "xl/worksheets/sheet2.svg"),
    "worksheet-named-png": lambda p: rename_part(entity_in_sheet(p), SHEET, "xl/media/image1.png"),
}


@pytest.mark.parametrize("change", CASES.values(), ids=CASES.keys())
@pytest.mark.parametrize("command", ["check", "make"])
def test_a_doctype_anywhere_is_refused(tmp_path: Path, change, command: str) -> None:  # type: ignore[no-untyped-def]
    workbook_with(tmp_path, change)
    before = snapshot(tmp_path)
    run = run_docgen(command, "branch.xlsx", cwd=tmp_path)
    assert (run.code, run.out) == (1, "")
    assert run.err.startswith("错误：branch.xlsx：文件内部部件 ") and REFUSED_DOCTYPE in run.err
    assert "Traceback" not in run.err and run.seconds < 30 and run.peak_mb < 500
    assert snapshot(tmp_path) == before


MERGES = ["$A$1:$XFD$1048576", "A:A", "1:100", "$1:$100", " A1 : XFD1048576 ", "$A:$XFD", "A1:B2 C:C"]


@pytest.mark.parametrize("ref", MERGES)
@pytest.mark.parametrize("command", [["check"], ["check", "--fix", "fixed.xlsx"], ["make"]])
def test_a_huge_merge_is_refused_in_every_notation(tmp_path: Path, ref: str, command: list[str]) -> None:
    merge = f'<mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'.encode()
    workbook_with(tmp_path, lambda p: replace_in(p, SHEET, b"</sheetData>", b"</sheetData>" + merge))
    before = snapshot(tmp_path)
    run = run_docgen(command[0], "branch.xlsx", *command[1:], cwd=tmp_path)  # check --fix grew to 5.6 GB
    assert (run.code, run.out) == (1, "")
    assert run.err.startswith("错误：branch.xlsx：工作簿中合并单元格的范围过大") and "请取消整行、整列" in run.err
    assert run.seconds < 30 and run.peak_mb < 500
    assert snapshot(tmp_path) == before


# -- the main document part is the one the relationships name -------------------------------------------


def template(folder: Path, parts: dict[str, bytes]) -> Path:
    return write_parts(folder / "mine.docx", parts)


def main_text(docx: Path) -> str:
    """The text of the part the package relationships name as the main document."""
    rels = part_xml(docx, "_rels/.rels")
    (target,) = [r.get("Target") for r in rels if r.get("Type", "").endswith("/officeDocument")]
    return "".join(t.text or "" for t in part_xml(docx, target).iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))


def test_a_main_part_with_another_name_is_rendered(tmp_path: Path) -> None:
    make_workbook(tmp_path)
    template(tmp_path, rename_part(template_parts(), "word/document.xml", "word/document2.xml"))
    run = run_docgen("make", "branch.xlsx", "-t", "mine.docx", cwd=tmp_path)
    assert (run.code, run.out) == (0, "已生成：branch.docx\n"), run.err
    text = main_text(tmp_path / "branch.docx")
    assert text.startswith("中共示例县统计局机关支部委员会") and "{{" not in text


def test_a_decoy_document_part_is_not_what_gets_rendered(tmp_path: Path) -> None:
    make_workbook(tmp_path)
    parts = rename_part(template_parts(), "word/document.xml", "word/document2.xml")
    decoy = parts["word/document2.xml"].replace(b"{{ title }}", "诱饵{{ title }}".encode())
    template(tmp_path, {**parts, "word/document.xml": decoy})
    run = run_docgen("make", "branch.xlsx", "-t", "mine.docx", cwd=tmp_path)
    assert run.code == 0, run.err
    text = main_text(tmp_path / "branch.docx")
    assert text.startswith("中共示例县统计局机关支部委员会") and "诱饵" not in text
    assert not any("诱饵".encode() in read_parts(tmp_path / "branch.docx")[n] for n in part_names(tmp_path / "branch.docx"))


def test_a_document_whose_main_part_has_another_name_is_imported(tmp_path: Path) -> None:
    make_workbook(tmp_path)
    assert run_docgen("make", "branch.xlsx", cwd=tmp_path).code == 0
    parts = rename_part(read_parts(tmp_path / "branch.docx"), "word/document.xml", "word/main.xml")
    write_parts(tmp_path / "old.docx", parts)
    run = run_docgen("import", "old.docx", cwd=tmp_path)
    assert run.code == 0, run.err
    assert run.out.startswith("已转换为工作簿：old.xlsx\n")


# -- a template's links to elsewhere are not copied silently into every output ---------------------------

SETTINGS_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 b'<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                 b'attachedTemplate" Target="http://example.com/t.dotm" TargetMode="External"/></Relationships>')
LINK = (b'<Relationship Id="rIdL" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'image" Target="http://example.com/pixel.png" TargetMode="External"/>')


def remote(parts: dict[str, bytes]) -> dict[str, bytes]:
    """A template linking a remote template (attachedTemplate) and a remote picture."""
    parts = replace_in(parts, "word/settings.xml", b"<w:zoom", b'<w:attachedTemplate r:id="rIdT"/><w:zoom')
    parts = replace_in(parts, "word/_rels/document.xml.rels", b"</Relationships>", LINK + b"</Relationships>")
    return {**parts, "word/_rels/settings.xml.rels": SETTINGS_RELS}


def test_remote_links_of_a_template_are_said_and_the_remote_template_dropped(tmp_path: Path) -> None:
    make_workbook(tmp_path)
    template(tmp_path, remote(template_parts()))
    run = run_docgen("make", "branch.xlsx", "-t", "mine.docx", cwd=tmp_path)
    assert (run.code, run.out) == (0, "已生成：branch.docx\n"), run.err
    assert ("  [警告] mine.docx：模板链接了外部的模板文件（http://example.com/t.dotm），生成的文档中已去掉这个链接。"
            in run.err)
    assert "  [警告] mine.docx：模板中有指向外部的链接或图片（http://example.com/pixel.png），每份生成的文档都会带上。" in run.err
    out = read_parts(tmp_path / "branch.docx")
    assert b"attachedTemplate" not in out["word/settings.xml"]
    assert b"t.dotm" not in b"".join(out.values())
