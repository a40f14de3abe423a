"""A .docx package's parts: the WordprocessingML namespace, and deterministic reading and writing (stdlib only)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .package import REL_NS
from typing import BinaryIO, Union

PathOrFile = Union[str, Path, BinaryIO]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"  # WordprocessingML, the w: prefix
R_NS = REL_NS  # the r: prefix of r:id, the relationships namespace

# The earliest date a zip entry can hold; a fixed stamp makes two builds byte-identical.
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def write_docx_parts(path_or_file: PathOrFile, parts: list[tuple[str, bytes]]) -> None:
    """Write `parts` (zip member name, bytes) as a zip, in the given order, with fixed timestamps.

    Keep "[Content_Types].xml" first, as Word and python-docx do.
    """
    names = [name for name, _ in parts]
    if len(set(names)) != len(names):
        raise ValueError("duplicate part names in a docx package")
    with zipfile.ZipFile(path_or_file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            # Fixed permission bits too: the zip default depends on nothing, but be explicit.
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)


def read_docx_parts(source: PathOrFile | bytes) -> list[tuple[str, bytes]]:
    """The members of a .docx (zip) as (name, bytes), in the archive's order."""
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    with zipfile.ZipFile(source) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist() if not info.is_dir()]
