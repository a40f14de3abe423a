"""What docgen wrote, recorded in the file itself, so that a file the user has since changed is never
replaced without --force (stdlib only).

A .docx carries a digest of all its other parts in a custom document property (docProps/custom.xml),
which Word and WPS keep when they save: a document saved again no longer matches its digest. A workbook
copy made by check --fix keeps every part as the user's workbook had it, so its digest goes in the zip
comment instead, which any program that saves the workbook drops.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import zipfile
from pathlib import Path
from typing import Literal

from .docx_parts import Deflated, inflated
from .package import REL_NS

Parts = list[tuple[str, bytes]]  # (a rendered document's main part may be Deflated)
Origin = Literal["docgen", "changed", "other"]  # ours as written; ours, changed since; not ours at all

PROPERTY = "docgen-digest"
CUSTOM_PART = "docProps/custom.xml"
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_REL = f"{REL_NS}/custom-properties"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the format id every custom property has
_NEW_CUSTOM = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.'
               'openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.'
               'org/officeDocument/2006/docPropsVTypes"></Properties>').encode()
_OURS = re.compile(rb'<property\b[^>]*\bname="' + PROPERTY.encode() + rb'"[^>]*>.*?</property>', re.S)
_VALUE = re.compile(rb'<property\b[^>]*\bname="' + PROPERTY.encode() + rb'"[^>]*>\s*<vt:lpwstr>([0-9a-f]{64})<')
_PID = re.compile(rb'\bpid="(\d+)"')
_COMMENT = re.compile(rb"^" + PROPERTY.encode() + rb":([0-9a-f]{64})$")
MAX_CHECKED_BYTES = 256 * 1024 * 1024  # a file this large was not written by docgen


def digest(parts: Parts) -> str:
    """One digest of the parts, their names and order included (of a deflated part, its bytes)."""
    h = hashlib.sha256()
    for name, data in parts:
        size = data.size if isinstance(data, Deflated) else len(data)
        h.update(name.encode("utf-8") + b"\0" + str(size).encode() + b"\0")
        for piece in inflated(data):
            h.update(piece)
    return h.hexdigest()


def stamp_docx(parts: Parts) -> Parts:
    """The parts of a .docx with its digest recorded in docProps/custom.xml (added, with its relationship
    and content type, when the template has none; a custom part of the template keeps its properties)."""
    names = [name for name, _ in parts]
    parts = [(name, _with_custom_entries(name, data)) for name, data in parts]
    if CUSTOM_PART not in names:
        parts.append((CUSTOM_PART, _NEW_CUSTOM))
    others = [(name, data) for name, data in parts if name != CUSTOM_PART]
    value = digest(others)
    return [(name, _with_property(data, value) if name == CUSTOM_PART else data) for name, data in parts]


def _with_custom_entries(name: str, data: bytes) -> bytes:
    if name == "[Content_Types].xml" and b'PartName="/' + CUSTOM_PART.encode() + b'"' not in data:
        return data.replace(b"</Types>", f'<Override PartName="/{CUSTOM_PART}" ContentType="{CUSTOM_TYPE}"/>'
                            "</Types>".encode(), 1)
    if name == "_rels/.rels" and CUSTOM_REL.encode() not in data:
        return data.replace(b"</Relationships>", f'<Relationship Id="rIdDocgenCustom" Type="{CUSTOM_REL}" '
                            f'Target="{CUSTOM_PART}"/></Relationships>'.encode(), 1)
    return data


def _with_property(custom: bytes, value: str) -> bytes:
    custom = _OURS.sub(b"", custom)
    pid = max([int(p) for p in _PID.findall(custom)] + [1]) + 1
    prop = (f'<property fmtid="{_FMTID}" pid="{pid}" name="{PROPERTY}"><vt:lpwstr>{value}</vt:lpwstr>'
            "</property></Properties>").encode()
    custom = custom.replace(b"</Properties>", prop, 1)
    if b"xmlns:vt=" not in custom:
        custom = custom.replace(b"<Properties ", b'<Properties xmlns:vt="http://schemas.openxmlformats.org/'
                                b'officeDocument/2006/docPropsVTypes" ', 1)
    return custom


def stamp_comment(archive: zipfile.ZipFile, parts: Parts) -> None:
    """Record the digest of `parts` (all of an archive being written) in its zip comment."""
    archive.comment = f"{PROPERTY}:{digest(parts)}".encode()


def stamp_zip(data: bytes) -> bytes:
    """A workbook docgen made (its bytes), with its digest in the zip comment, where `origin` looks."""
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer) as archive:
        parts = [(i.filename, archive.read(i)) for i in archive.infolist() if not i.is_dir()]
    with zipfile.ZipFile(buffer, "a") as archive:
        stamp_comment(archive, parts)
    return buffer.getvalue()


def origin(path: Path) -> Origin:
    """Whether the file at `path` is one docgen wrote and nobody has changed since."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_CHECKED_BYTES:
            return "other"  # a FIFO or a device is no document of ours, and reading it could hang
        with zipfile.ZipFile(path) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir()]
            if sum(i.file_size for i in infos) > MAX_CHECKED_BYTES:
                return "other"
            parts = [(i.filename, archive.read(i)) for i in infos]
            comment = archive.comment
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, NotImplementedError, RuntimeError):
        return "other"
    found = _COMMENT.match(comment)
    if found:
        return "docgen" if digest(parts) == found.group(1).decode() else "changed"
    custom = dict(parts).get(CUSTOM_PART)
    found = _VALUE.search(custom) if custom else None
    if found is None:
        return "other"
    others = [(name, data) for name, data in parts if name != CUSTOM_PART]
    return "docgen" if digest(others) == found.group(1).decode() else "changed"


def same_bytes(path: Path, data: bytes) -> bool:
    """Whether the regular file at `path` holds exactly `data` (the usual case of making a batch again)."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        with open(path, "rb") as fh:
            return fh.read(len(data) + 1) == data
    except OSError:
        return False
