"""Read a .txt report (UTF-8, GBK/GB18030 or a guessed encoding) into paragraphs, one a line."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import Finding, InputError
from ..files.safety import open_regular
from ..model import Source
from .paragraph import BLANK, Paragraph

MAX_TEXT_BYTES = 16 * 1024 * 1024


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was in: BOMs first, then UTF-8, then GB18030 (GBK's superset), then a guess."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    # Chinese office text is UTF-8 or GBK; statistical guessing misreads short GBK text, so try these first.
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes  # only needed for the rare other encodings

    best = from_bytes(data).best()
    if best is None:
        raise UnicodeDecodeError("unknown", data[:1], 0, 1, "no encoding fits")
    return str(best), best.encoding


def read_text(path: Path, file: str) -> tuple[list[Paragraph], list[Finding]]:
    with open_regular(path, file) as fh:  # only a regular file, and its size known before reading
        try:
            if os.fstat(fh.fileno()).st_size > MAX_TEXT_BYTES:
                raise InputError("文本文件太大", file=file, hint="一份对照检查材料不会超过 16 MB，请确认选对了文件")
            data = fh.read(MAX_TEXT_BYTES + 1)
        except OSError as err:
            raise InputError("无法读取文件", file=file,
                             hint=f"请检查文件权限或是否被其他程序占用（{err.strerror or err}）") from err
    if not data:
        raise InputError("文件是空的（0 字节）", file=file, hint="可能是保存或复制没有完成，请重新保存")
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("这不是纯文本文件", file=file,
                         hint="扩展名是 .txt，但内容像是二进制文件；Word 文档请直接导入 .docx")
    try:
        text, encoding = decode_text(data)
    except UnicodeDecodeError as err:
        raise InputError("无法识别文件的文字编码", file=file,
                         hint="请用记事本打开后“另存为”，编码选择 UTF-8 再导入") from err
    findings: list[Finding] = []
    if encoding not in ("utf-8", "utf-8-sig", "gb18030", "utf-16", "ascii"):
        findings.append(Finding("info", Source(file=file), f"文件编码推测为 {encoding}",
                                hint="如果导入后出现乱码，请把文件另存为 UTF-8 编码再导入", code="encoding-guess"))
    paragraphs: list[Paragraph] = []
    # \r\n, \r and \n (and Unicode line separators) all end a line; each line is a paragraph
    for line in text.splitlines():
        if line.strip(BLANK):
            indented = line.startswith(("\u3000", "  ", "\t"))
            paragraphs.append(Paragraph(len(paragraphs) + 1, line.strip(BLANK), indented=indented))
    if not paragraphs:
        raise InputError("文件里没有文字", file=file, hint="请确认选对了文件")
    return paragraphs, findings
