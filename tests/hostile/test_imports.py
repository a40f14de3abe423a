"""Hostile Word files and hostile paths: import survives numbering that lies, content it cannot read is
said, and only regular files are read (issue 8, point 11). Each case runs docgen as a user would, bounded."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest
from bounded import run_docgen, snapshot
from builders import make_workbook
from corpus import read_parts, replace_in, write_parts
from importdocs import num, standard_lines, write_docx

LINES = standard_lines()


def numbered(folder: Path, level: str) -> Path:
    """The standard report with its 一、 headings numbered by Word from a definition holding `level`."""
    numbering = f'<w:abstractNum w:abstractNumId="7">{level}</w:abstractNum>' + num(7, 7)
    paragraphs = [{"text": line[2:], "num": (7, 0)} if line[:2] in ("一、", "二、", "三、") else line
                  for line in LINES]
    return write_docx(folder, paragraphs, numbering=numbering)


def level(start: str = "1", fmt: str = "chineseCounting", ilvl: str = "0") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>')


HOSTILE_NUMBERING = {
    "ilvl-not-a-number": level(ilvl="x"),
    "ilvl-huge": level(ilvl="99999999999999999999"),
    "start-10-to-12-roman": level(start="1000000000000", fmt="lowerRoman"),
    "start-10-to-12-letters": level(start="1000000000000", fmt="lowerLetter"),
    "start-10-to-12-chinese": level(start="1000000000000"),
    "start-5000-digits": level(start="9" * 5000),
    "start-negative": level(start="-5", fmt="upperRoman"),
    "start-not-a-number": level(start="abc"),
}


@pytest.mark.parametrize("definition", HOSTILE_NUMBERING.values(), ids=HOSTILE_NUMBERING.keys())
def test_numbering_that_lies_does_not_stop_an_import(tmp_path: Path, definition: str) -> None:
    numbered(tmp_path, definition)
    run = run_docgen("import", "old.docx", cwd=tmp_path)  # tracebacks and hangs once
    assert run.code == 0, run.err
    assert run.out.startswith("已转换为工作簿：old.xlsx\n") and "Traceback" not in run.err
    assert run.seconds < 20 and run.peak_mb < 400, (run.seconds, run.peak_mb)


def test_an_override_that_lies_does_not_stop_an_import(tmp_path: Path) -> None:
    numbering = (f'<w:abstractNum w:abstractNumId="7">{level()}</w:abstractNum><w:num w:numId="7">'
                 f'<w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="zz"><w:startOverride w:val="{"9" * 5000}"/>'
                 f'</w:lvlOverride><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1000000000000"/></w:lvlOverride>'
                 "</w:num>")
    paragraphs = [{"text": line[2:], "num": (7, 0)} if line[:2] in ("一、", "二、", "三、") else line for line in LINES]
    write_docx(tmp_path, paragraphs, numbering=numbering)
    run = run_docgen("import", "old.docx", cwd=tmp_path)
    assert run.code == 0 and "Traceback" not in run.err, run.err
    assert run.seconds < 20


ALT_CHUNK_REL = ('<Relationship Id="rIdAlt" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                 'relationships/aFChunk" Target="chunk.htm"/></Relationships>')


def test_an_embedded_chunk_with_text_is_said_not_dropped(tmp_path: Path) -> None:
    """Once dropped silently; now imported, with a warning (the reading itself is importing's own)."""
    path = write_docx(tmp_path, LINES)
    parts = read_parts(path)
    parts = replace_in(parts, "word/_rels/document.xml.rels", b"</Relationships>", ALT_CHUNK_REL.encode())
    parts = replace_in(parts, "[Content_Types].xml", b"</Types>",
                       b'<Default Extension="htm" ContentType="application/xhtml+xml"/></Types>')
    after = "下基层次数偏少。".encode()
    document = parts["word/document.xml"]
    at = document.index(b"</w:p>", document.index(after)) + len(b"</w:p>")
    parts["word/document.xml"] = document[:at] + b'<w:altChunk r:id="rIdAlt"/>' + document[at:]
    parts["word/chunk.htm"] = "<html><body><p>另外补充的一段问题说明。</p></body></html>".encode()
    write_parts(path, parts)
    run = run_docgen("import", "old.docx", cwd=tmp_path)
    assert run.code == 0, run.err
    assert "来自文档中嵌入的另一个文件（altChunk），已导入" in run.err
    book = openpyxl.load_workbook(tmp_path / "old.xlsx")
    assert any("另外补充的一段问题说明" in str(cell.value) for ws in book for row in ws.iter_rows() for cell in row)


# -- only regular files are read ---------------------------------------------------------------------------

NOT_REGULAR = "这不是普通的文件（可能是管道、设备，或指向它们的链接），无法读取"


def special(folder: Path, kind: str, name: str) -> Path:
    path = folder / name
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    else:
        path.symlink_to("/dev/null")
    return path


KINDS = ["fifo", "zero", "null"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command, name", [(["check"], "branch.xlsx"), (["make"], "branch.xlsx"),
                                           (["import"], "old.docx"), (["import"], "old.txt"),
                                           (["make", "ok.xlsx", "-t"], "mine.docx")])
def test_a_fifo_a_device_or_a_link_to_one_is_refused(tmp_path: Path, kind: str, command: list[str],
                                                     name: str) -> None:
    make_workbook(tmp_path, name="ok.xlsx")
    special(tmp_path, kind, name)
    before = snapshot(tmp_path)
    run = run_docgen(*command, name, cwd=tmp_path, timeout=30)  # hung once, reading forever
    assert run.code == 1, (run.code, run.err)
    assert run.err == f"错误：{name}：{NOT_REGULAR}。请给出保存在磁盘上的文件\n"
    assert run.seconds < 20 and snapshot(tmp_path) == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_folder_holding_fifos_and_devices_makes_the_rest(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    make_workbook(tmp_path / "in", name="一支部.xlsx")
    for kind in KINDS:
        special(tmp_path / "in", kind, f"{kind}.xlsx")
    run = run_docgen("make", "in", "-o", "out", "-j", "2", cwd=tmp_path, timeout=60)
    assert run.code == 1, run.err
    assert "一支部.xlsx  成功" in run.out
    assert run.out.count(f"失败  {NOT_REGULAR}") == 3
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["一支部.docx"]
    assert run.seconds < 30


@pytest.mark.parametrize("value", ["²", "9" * 5000, "١"], ids=["superscript-two", "5000-digits", "arabic-indic-one"])
@pytest.mark.parametrize("where", ["outlineLvl", "ilvl"])
def test_paragraph_numbers_that_lie_do_not_stop_an_import(tmp_path: Path, value: str, where: str) -> None:
    path = write_docx(tmp_path, LINES)
    prop = (f'<w:outlineLvl w:val="{value}"/>' if where == "outlineLvl"
            else f'<w:numPr><w:ilvl w:val="{value}"/><w:numId w:val="1"/></w:numPr>')
    parts = read_parts(path)
    body = parts["word/document.xml"]
    first = body.index(b"<w:p>") if b"<w:p>" in body else body.index(b"<w:p ")
    head = body[:first] + b"<w:p><w:pPr>" + prop.encode() + b"</w:pPr><w:r><w:t>" + "开头一段。".encode() + b"</w:t></w:r></w:p>"
    write_parts(path, {**parts, "word/document.xml": head + body[first:]})
    run = run_docgen("import", "old.docx", cwd=tmp_path)  # a ValueError traceback once (int("²"))
    assert run.code == 0, run.err
    assert "Traceback" not in run.err and run.seconds < 20
