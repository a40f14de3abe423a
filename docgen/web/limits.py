"""What an upload may be: its size (refused before the body is read when its length is said, and while it
streams otherwise), how many files, what kind it is (from its bytes, never its name), the names a download
gets (sanitised, with an RFC 5987 filename* for Chinese), and the workbooks inside an uploaded .zip."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from typing import AsyncIterator
from urllib.parse import quote

from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request

MB = 1024 * 1024
MAX_FILE_BYTES = 20 * MB  # one upload, and one workbook inside a .zip
MAX_BATCH_FILES = 200  # workbooks in one batch (files uploaded or members of the .zip)
MAX_BATCH_BYTES = 200 * MB  # all of one batch's request, and all of a .zip's members inflated
FORM_SLACK = 64 * 1024  # a form's boundaries, headers and small fields beside its files
MAX_FIELD_BYTES = 4096  # a form's text field (a kind, a preset's name)


class Refused(Exception):
    """A request refused with a status and a message in the user's words."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def too_large(limit: int) -> Refused:
    whole = f"，一批最多 {MAX_BATCH_BYTES // MB} MB" if limit >= MAX_BATCH_BYTES else ""
    return Refused(413, f"上传的文件太大：每个文件最多 {MAX_FILE_BYTES // MB} MB{whole}")


async def read_form(request: Request, limit: int, max_files: int = 2) -> FormData:
    """The request's multipart form, its whole body at most `limit` bytes and each file at most
    MAX_FILE_BYTES: a declared length over the limit is refused before one byte is read, a body that
    streams past it as soon as it does."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise Refused(400, "上传的数据不完整或格式不对，请重新选择文件后再试")
        if int(declared) > limit:
            raise too_large(limit)
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise Refused(415, "请通过网页上的按钮选择文件上传")
    parser = MultiPartParser(request.headers, _bounded(request.stream(), limit), max_files=max_files,
                             max_fields=8, max_part_size=MAX_FIELD_BYTES)
    try:
        form = await parser.parse()
    except MultiPartException as err:
        if str(err).startswith("Too many files"):
            raise Refused(413, f"一次最多处理 {MAX_BATCH_FILES} 个工作簿，请分几次上传") from None
        raise Refused(400, "上传的数据不完整或格式不对，请重新选择文件后再试") from None
    for _, value in form.multi_items():
        if isinstance(value, UploadFile) and (value.size or 0) > MAX_FILE_BYTES:
            await form.close()
            raise too_large(limit)
    return form


async def _bounded(stream: AsyncIterator[bytes], limit: int) -> AsyncIterator[bytes]:
    seen = 0
    async for chunk in stream:
        seen += len(chunk)
        if seen > limit:
            raise too_large(limit)
        yield chunk


# -- what a file is, from its bytes ---------------------------------------------------------------------

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(data: bytes) -> str:
    """xlsx, docx or zip (a package's main part decides, not its name); old (.xls/.doc, encrypted);
    text; or other. Only the head and a zip's directory are read: the readers' safety scan does the rest."""
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = {name.lower() for name in zf.namelist()}
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
            return "other"
        if "[content_types].xml" in names and any(n.startswith("xl/") for n in names):
            return "xlsx"
        if "[content_types].xml" in names and any(n.startswith("word/") for n in names):
            return "docx"
        return "zip"
    if data.startswith(OLE):
        return "old"
    head = data[:8192]
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"%PDF", b"{\\rtf")):
        return "other"  # text-like, but a document the readers name for what it is
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (b"\x00" not in head and _decodes(head)):
        return "text"
    return "other"


def _decodes(head: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as err:
            if err.start >= len(head) - 4:  # a character cut at the end of the sample
                return True
    return False


# -- names ------------------------------------------------------------------------------------------

_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$", re.IGNORECASE)


def display_name(client: str | None, fallback: str = "工作簿") -> str:
    """The last part of what the browser called the file, without anything that could make it a path or
    hide characters (separators, controls, direction marks), at most 80 characters; never a path here."""
    name = unicodedata.normalize("NFC", (client or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = _UNSAFE.sub("", name).strip(" .")
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = stem.strip(" .")[:80] or fallback
    if _RESERVED.match(stem):
        stem = f"{stem}_"
    return f"{stem}.{suffix[:10]}" if suffix else stem


def download_name(shown: str, suffix: str) -> str:
    """The name a download gets: the upload's stem with the new suffix (一支部.xlsx -> 一支部.docx)."""
    name = display_name(shown)
    return f"{name.rsplit('.', 1)[0] if '.' in name else name}{suffix}"


def content_disposition(name: str) -> str:
    """attachment; an ASCII filename for old clients and the real (Chinese) one as RFC 5987 filename*."""
    safe = display_name(name, "docgen")
    ascii_name = "".join(c if 32 < ord(c) < 127 and c not in '"%;\\' else "_" for c in safe)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(safe, safe='')}"


# -- the workbooks inside a .zip ------------------------------------------------------------------------

def zip_members(data: bytes) -> list[tuple[str, bytes]]:
    """(name, bytes) of every file in the .zip that could be a workbook: no folders, no Excel lock files,
    nothing hidden, no macOS resource forks; each at most MAX_FILE_BYTES, at most MAX_BATCH_FILES of them,
    MAX_BATCH_BYTES in all, read no further than those limits whatever the .zip declares."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise Refused(422, "上传的 .zip 文件不完整或已损坏，请重新压缩后再试") from None
    found, total = [], 0
    with zf:
        for info in zf.infolist():
            name = _member_name(info)
            parts = name.replace("\\", "/").split("/")
            if info.is_dir() or any(p.startswith((".", "~$", "__MACOSX")) for p in parts if p):
                continue
            if len(found) >= MAX_BATCH_FILES:
                raise Refused(413, f"一次最多处理 {MAX_BATCH_FILES} 个工作簿，请分几次上传")
            try:
                with zf.open(info) as member:
                    content = member.read(MAX_FILE_BYTES + 1)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, EOFError, OSError):
                content = b""  # the reader says what is wrong with it, in the table
            if len(content) > MAX_FILE_BYTES:
                raise Refused(413, f"压缩包中的 {display_name(name)} 太大：每个工作簿最多 {MAX_FILE_BYTES // MB} MB")
            total += len(content)
            if total > MAX_BATCH_BYTES:
                raise Refused(413, f"压缩包解压后太大：一次最多 {MAX_BATCH_BYTES // MB} MB")
            found.append((display_name(name), content))
    return found


def _member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its maker meant it: Windows' own zip writes GBK names without the UTF-8 flag,
    which zipfile reads as cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename
