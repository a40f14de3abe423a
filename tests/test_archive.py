"""archive.inspect_package: every kind of bad file is refused with a clear Chinese message."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from docgen.files.safety import inspect_package
from docgen.errors import InputError

CT = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def sheet_xml(body: bytes = b"", after: bytes = b"") -> bytes:
    return CT + b"<worksheet " + NS + b"><sheetData>" + body + b"</sheetData>" + after + b"</worksheet>"


def xlsx_parts(sheet: bytes | None = None) -> dict[str, bytes]:
    """The smallest package openpyxl accepts: one sheet named 存在的问题."""
    return {
        "[Content_Types].xml": CT + b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sheet.main+xml"/>'
        b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": CT + b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": CT + b"<workbook " + NS + b"><sheets>"
        + '<sheet name="存在的问题" sheetId="1" r:id="rId1"/>'.encode() + b"</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": CT
        + b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet if sheet is not None else sheet_xml(b'<row r="1"><c r="A1" t="inlineStr">'
                                                                           b"<is><t>x</t></is></c></row>"),
    }


def write_zip(path: Path, parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def refusal(path: Path, kind: str = "xlsx") -> str:
    with pytest.raises(InputError) as info:
        inspect_package(path, kind)
    assert info.value.file == str(path)
    return str(info.value)


def patch_central_size(path: Path, member: str, size: int) -> None:
    """Change the uncompressed size a member declares in the central directory (sizes can lie)."""
    data = bytearray(path.read_bytes())
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46: pos + 46 + name_len] == member.encode():
            struct.pack_into("<I", data, pos + 24, size)
            path.write_bytes(bytes(data))
            return
        pos = data.find(b"PK\x01\x02", pos + 4)
    raise AssertionError(member)


def test_a_valid_package_passes(tmp_path: Path) -> None:
    facts = inspect_package(write_zip(tmp_path / "ok.xlsx", xlsx_parts()), "xlsx")
    assert facts.kind == "xlsx"
    assert facts.formulas_without_value == {}


def test_missing_file(tmp_path: Path) -> None:
    message = refusal(tmp_path / "nope.xlsx")
    assert "文件不存在" in message


def test_directory(tmp_path: Path) -> None:
    (tmp_path / "folder.xlsx").mkdir()
    assert "文件夹" in refusal(tmp_path / "folder.xlsx")


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.xlsx").write_bytes(b"")
    assert "空的（0 字节）" in refusal(tmp_path / "empty.xlsx")


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def test_old_xls(tmp_path: Path) -> None:
    path = tmp_path / "old.xlsx"
    path.write_bytes(OLE + "Workbook".encode("utf-16-le") + b"\x00" * 2000)
    message = refusal(path)
    assert ".xls" in message and "请用 Excel 另存为 .xlsx 格式" in message
    assert "密码" not in message


def test_old_doc(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(OLE + "WordDocument".encode("utf-16-le") + b"\x00" * 2000)
    assert "请用 Word 另存为 .docx 格式" in refusal(path, "docx")


def test_password_protected(tmp_path: Path) -> None:
    path = tmp_path / "locked.xlsx"
    # the stream name sits in a directory sector far from the start, across a read boundary
    filler = b"\x01" * (1024 * 1024 - len(OLE) - 7)
    path.write_bytes(OLE + filler + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100)
    message = refusal(path)
    assert "密码" in message and "请在 Excel 中取消密码保护后另存为 .xlsx" in message


@pytest.mark.parametrize("content", ["标题,内容\n单位,第二支部\n".encode(), "标题,内容\n单位,第二支部\n".encode("gbk"),
                                     "项目\t内容\n".encode("utf-16")])
def test_csv_or_text(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "branch.xlsx"
    path.write_bytes(content)
    message = refusal(path)
    assert "CSV" in message and "请用 Excel 打开后另存为 .xlsx 格式" in message


def test_html_table_saved_as_xls(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"<html><body><table><tr><td>1</td></tr></table></body></html>")
    assert "网页" in refusal(path)


def test_binary_junk(tmp_path: Path) -> None:
    path = tmp_path / "junk.xlsx"
    path.write_bytes(bytes(range(256)) * 4)
    assert "无法识别的文件格式" in refusal(path)


def test_truncated_download(tmp_path: Path) -> None:
    good = write_zip(tmp_path / "good.xlsx", xlsx_parts()).read_bytes()
    path = tmp_path / "half.xlsx"
    path.write_bytes(good[: len(good) // 2])
    message = refusal(path)
    assert "文件不完整或已损坏" in message and "请重新下载或重新保存" in message


def test_corrupt_member(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "bad.xlsx", xlsx_parts(), zipfile.ZIP_STORED)
    data = path.read_bytes()
    at = data.find(b"<sheetData>")
    path.write_bytes(data[:at] + b"<sheetDaXa>" + data[at + 11:])  # CRC no longer matches
    assert "文件不完整或已损坏" in refusal(path)


def test_word_document_renamed_xlsx(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "report.xlsx", {"[Content_Types].xml": CT + b"<Types/>",
                                                "word/document.xml": CT + b"<w:document/>"})
    assert "这是 Word 文档，不是 Excel 工作簿" in refusal(path)


def test_workbook_given_as_docx(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "old.docx", xlsx_parts())
    assert "这是 Excel 工作簿，不是 Word 文档" in refusal(path, "docx")


def test_plain_zip_and_ods(tmp_path: Path) -> None:
    assert "普通的 zip 压缩包" in refusal(write_zip(tmp_path / "a.xlsx", {"readme.txt": b"hi"}))
    ods = write_zip(tmp_path / "b.xlsx", {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                                          "content.xml": CT + b"<office:document-content/>"})
    assert ".ods" in refusal(ods)


def test_declared_total_over_256_mib_refused_before_inflating(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "bomb.xlsx", {**xlsx_parts(), "xl/media/zeros.bin": b"\x00" * 1000})
    patch_central_size(path, "xl/media/zeros.bin", 300 * 1024 * 1024)
    assert "解压后过大" in refusal(path)


def test_highly_compressed_member_refused(tmp_path: Path) -> None:
    path = tmp_path / "ratio.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in xlsx_parts().items():
            zf.writestr(name, data)
        with zf.open("xl/worksheets/sheet2.xml", "w") as member:  # streamed: no 12 MiB string
            block = b"\x00" * (1024 * 1024)
            for _ in range(12):
                member.write(block)
    assert "压缩比异常" in refusal(path)


def test_too_many_members(tmp_path: Path) -> None:
    parts = {**xlsx_parts(), **{f"xl/media/p{i}.bin": b"" for i in range(10_001)}}
    assert "部件过多" in refusal(write_zip(tmp_path / "many.xlsx", parts, zipfile.ZIP_STORED))


def test_member_declaring_less_than_it_holds_is_corrupt(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "liar.xlsx", xlsx_parts(sheet_xml(b"<row r='1'/>" * 20_000)))
    patch_central_size(path, "xl/worksheets/sheet1.xml", 100)
    assert "文件不完整或已损坏" in refusal(path)


def test_doctype_refused(tmp_path: Path) -> None:
    bomb = CT + b'<!DOCTYPE lolz [<!ENTITY lol "lol">]><worksheet>&lol;</worksheet>'
    message = refusal(write_zip(tmp_path / "dtd.xlsx", xlsx_parts(bomb)))
    assert "DOCTYPE" in message and "xl/worksheets/sheet1.xml" in message


@pytest.mark.parametrize("offset", [512 - 4, 512 + 65536 - 3, 512 + 2 * 65536 - 5])  # whole, and both edges streamed
def test_entity_across_a_chunk_edge_refused(tmp_path: Path, offset: int) -> None:
    part = b"<root>" + b" " * (offset - 6) + b'<!ENTITY x "y"></root>'
    path = write_zip(tmp_path / "edge.docx", {"word/document.xml": CT + b"<w:document/>", "customXml/item1.xml": part})
    assert "DOCTYPE" in refusal(path, "docx")


def test_doctype_in_utf16_part_refused(tmp_path: Path) -> None:
    part = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'.encode("utf-16")
    path = write_zip(tmp_path / "u16.xlsx", {**xlsx_parts(), "xl/custom.xml": part})
    assert "DOCTYPE" in refusal(path)


def test_doctype_in_a_part_not_named_xml_refused(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "odd.xlsx", {**xlsx_parts(), "xl/data.bin": b'<!DOCTYPE x><x/>'})
    assert "DOCTYPE" in refusal(path)


def test_svg_picture_with_doctype_passes(tmp_path: Path) -> None:
    """A picture is not parsed as XML; what makes it a picture is the relationship that points at it."""
    svg = b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd"><svg/>'
    rels = (CT + b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"'
            b' Target="media/image1.svg"/></Relationships>')
    path = write_zip(tmp_path / "pic.docx", {"word/document.xml": CT + b"<w:document/>",
                                             "word/_rels/document.xml.rels": rels, "word/media/image1.svg": svg})
    assert inspect_package(path, "docx").kind == "docx"
    # the same part, but no relationship says it is a picture: scanned like any other
    unreferenced = write_zip(tmp_path / "loose.docx", {"word/document.xml": CT + b"<w:document/>",
                                                       "word/media/image1.svg": svg})
    assert "DOCTYPE" in refusal(unreferenced, "docx")


def test_unknown_xml_encoding_refused(tmp_path: Path) -> None:
    part = b'<?xml version="1.0" encoding="UTF-7"?><x>+ADw-!DOCTYPE</x>'
    assert "字符编码" in refusal(write_zip(tmp_path / "u7.xlsx", {**xlsx_parts(), "xl/custom.xml": part}))


def test_huge_merged_range_refused(tmp_path: Path) -> None:
    sheet = sheet_xml(after=b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')
    message = refusal(write_zip(tmp_path / "merge.xlsx", xlsx_parts(sheet)))
    assert "合并单元格" in message and "请取消整行、整列" in message


def test_many_small_merges_add_up(tmp_path: Path) -> None:
    merges = b"".join(b'<mergeCell ref="A%d:Z%d"/>' % (r, r + 99) for r in range(1, 50_000, 100))  # 500 x 2,600
    path = write_zip(tmp_path / "merges.xlsx", xlsx_parts(sheet_xml(after=b"<mergeCells>" + merges + b"</mergeCells>")))
    assert "合并单元格" in refusal(path)


def test_ordinary_merges_pass(tmp_path: Path) -> None:
    sheet = sheet_xml(after=b'<mergeCells><mergeCell ref="A2:A4"/><mergeCell ref="A5:A9"/></mergeCells>')
    assert inspect_package(write_zip(tmp_path / "ok.xlsx", xlsx_parts(sheet)), "xlsx").kind == "xlsx"


def test_formulas_without_saved_value_are_reported(tmp_path: Path) -> None:
    rows = (b'<row r="2"><c r="A2"><f>1+1</f><v>2</v></c>'  # calculated: fine
            b'<c r="B2"><f>SUM(A1:A2)</f></c>'  # never calculated
            b'<c r="C2"><f>A1&amp;""</f><v></v></c>'  # openpyxl writes an empty <v>
            b'<c r="D2" t="str"><f>""</f><v></v></c></row>'  # a real empty string result
            b'<row><c><v>1</v></c><c><f>A3</f></c></row>')  # positional cells: B3
    facts = inspect_package(write_zip(tmp_path / "f.xlsx", xlsx_parts(sheet_xml(rows))), "xlsx")
    assert facts.formulas_without_value == {"存在的问题": ("B2", "C2", "B3")}


def test_docx_passes(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "a.docx", {"[Content_Types].xml": CT + b"<Types/>",
                                           "word/document.xml": CT + b"<w:document/>"})
    assert inspect_package(path, "docx").kind == "docx"
