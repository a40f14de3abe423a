"""Safety and format checks on an .xlsx/.docx package before any library parses it (stdlib only)."""

from __future__ import annotations

import codecs
import io
import os
import stat
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from .scan import KIND_NAMES, MAX_TOTAL_BYTES, RESAVE, PackageFacts, scan_zip

__all__ = ["NOT_REGULAR", "inspect_package", "open_regular", "read_package"]
NOT_REGULAR = "这不是普通的文件（可能是管道、设备，或指向它们的链接），无法读取"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_NAME = "EncryptedPackage".encode("utf-16-le")
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
HEAD_BYTES = 8192  # what tells a file's kind
WHOLE_BYTES = 16 * 1024 * 1024  # a file at most this large is read whole, once (a workbook is some 20 KB)


def inspect_package(path: Path, kind: str) -> PackageFacts:
    """Refuse anything that is not a safe, complete package of `kind` ("xlsx" or "docx")."""
    return read_package(path, kind)[0]


def read_package(path: Path, kind: str) -> tuple[PackageFacts, bytes | None]:
    """inspect_package, and the file's bytes when it is small enough (the usual case) to be read whole
    once: a reader that takes them reads exactly what was scanned, not the file again (which might
    have been changed since). None for a larger file, which is scanned from the disk."""
    if kind not in KIND_NAMES:
        raise ValueError(f"unknown package kind {kind!r}")
    path = Path(path)
    file = str(path)
    data, whole = _read_start(path, file)
    head = data[:HEAD_BYTES]
    if head.startswith(OLE_MAGIC):
        _refuse_ole(path, file, kind)
    if not head.startswith(ZIP_MAGICS):
        _refuse_not_zip(head, file, kind)
    try:
        with zipfile.ZipFile(io.BytesIO(data) if whole else path) as zf:
            return scan_zip(zf, file, kind), data if whole else None
    except InputError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError) as err:
        raise InputError("文件不完整或已损坏", file=file,
                         hint="请重新下载或重新保存（可能是下载或复制时中断了）") from err
    except NotImplementedError as err:
        raise InputError("文件使用了不支持的压缩方式", file=file, hint=RESAVE[kind]) from err
    except RuntimeError as err:  # zipfile: "File ... is encrypted, password required"
        raise InputError("文件设置了密码，无法读取", file=file, hint=_unprotect_hint(kind)) from err
    except OSError as err:
        raise InputError("无法读取文件", file=file, hint=f"请检查文件是否可以打开（{err.strerror or err}）") from err


def open_regular(path: Path, file: str) -> BinaryIO:
    """The file at `path` opened for reading, when it is a regular file: a FIFO, a device or a link to
    one (/dev/zero) would block or never end, so it is refused before anything is read."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError("文件不存在", file=file, hint="请检查文件名和所在文件夹是否正确") from None
    except OSError as err:
        raise InputError("无法读取文件", file=file, hint=_why(err)) from err
    if stat.S_ISDIR(info.st_mode):
        raise InputError("这是一个文件夹，不是文件", file=file, hint="请给出文件本身的路径")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(NOT_REGULAR, file=file, hint="请给出保存在磁盘上的文件")
    try:
        # non-blocking, so that a file swapped for a FIFO after the check cannot hang the open
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as err:
        raise InputError("无法读取文件", file=file, hint=_why(err)) from err
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise InputError(NOT_REGULAR, file=file, hint="请给出保存在磁盘上的文件")
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _why(err: OSError) -> str:
    return f"请检查文件权限或是否被其他程序占用（{err.strerror or err}）"


def _read_start(path: Path, file: str) -> tuple[bytes, bool]:
    """The file's first bytes, all of them when it is at most WHOLE_BYTES, and whether they are all."""
    with open_regular(path, file) as fh:
        try:
            size = os.fstat(fh.fileno()).st_size
            data = fh.read(size + 1 if size <= WHOLE_BYTES else HEAD_BYTES)  # (more would be allocated first)
            whole = len(data) <= size <= WHOLE_BYTES  # (not when it grew while read, or says it is empty)
            if not whole and len(data) < HEAD_BYTES:
                data += fh.read(HEAD_BYTES - len(data))
        except OSError as err:
            raise InputError("无法读取文件", file=file, hint=_why(err)) from err
    if not data:
        raise InputError("文件是空的（0 字节）", file=file, hint="可能是保存或复制没有完成，请重新保存或重新下载")
    return data, whole


def _unprotect_hint(kind: str) -> str:
    if kind == "xlsx":
        return "请在 Excel 中取消密码保护后另存为 .xlsx"
    return "请在 Word 中取消密码保护后另存为 .docx"


def _refuse_ole(path: Path, file: str, kind: str) -> None:
    if _file_contains(path, ENCRYPTED_NAME):
        raise InputError("文件设置了打开密码（已加密），无法读取", file=file, hint=_unprotect_hint(kind))
    if kind == "xlsx":
        raise InputError("这是旧版 Excel 工作簿（.xls）或 WPS 表格，不是 .xlsx 格式", file=file,
                         hint="请用 Excel 另存为 .xlsx 格式（文件 → 另存为 → Excel 工作簿）")
    raise InputError("这是旧版 Word 文档（.doc）或 WPS 文字，不是 .docx 格式", file=file,
                     hint="请用 Word 另存为 .docx 格式（文件 → 另存为 → Word 文档）")


def _file_contains(path: Path, needle: bytes, limit: int = MAX_TOTAL_BYTES) -> bool:
    """Search a file in chunks (with overlap across chunk edges) without loading it whole."""
    tail = b""
    seen = 0
    with path.open("rb") as fh:
        while seen < limit:
            chunk = fh.read(1024 * 1024)
            if not chunk:
                return False
            seen += len(chunk)
            window = tail + chunk
            if needle in window:
                return True
            tail = window[-(len(needle) - 1):]
    return False


def _refuse_not_zip(head: bytes, file: str, kind: str) -> None:
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"%PDF"):
        raise InputError("这是 PDF 文件，不是" + KIND_NAMES[kind], file=file,
                         hint="请使用原始的 Excel/Word 文件" if kind == "xlsx" else "请使用原始的 Word 文件")
    if stripped.startswith(b"{\\rtf"):
        raise InputError("这是 RTF 文档，不是" + KIND_NAMES[kind], file=file, hint=RESAVE[kind])
    if _looks_like_text(head):
        what = "文本或 CSV 文件" if kind == "xlsx" else "纯文本文件"
        if stripped[:1] == b"<":
            what = "网页（HTML）或 XML 格式的文件"
        raise InputError(f"这是{what}，不是" + KIND_NAMES[kind], file=file, hint=RESAVE[kind])
    raise InputError("无法识别的文件格式，不是" + KIND_NAMES[kind], file=file, hint=RESAVE[kind])


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            # a multi-byte character may be cut at the end of the sample
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
            return True
        except UnicodeDecodeError:
            continue
    return False
