"""The family names a TrueType/OpenType font file (.ttf, .otf, .ttc) declares, read from its name table
(stdlib only; only the few bytes needed are read, and a damaged file gives no names rather than an error)."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
_FAMILY_IDS = (1, 4, 16)  # family, full name, typographic family
_MAX_NAME_TABLE = 1 << 20
_MAX_FONTS_IN_COLLECTION = 64


def family_names(path: Path) -> set[str]:
    """Every family (and full) name of every font in the file, in all the languages it gives them."""
    try:
        with Path(path).open("rb") as fh:
            tag = fh.read(4)
            if tag == b"ttcf":
                _, count = struct.unpack(">II", fh.read(8))
                offsets = struct.unpack(f">{min(count, _MAX_FONTS_IN_COLLECTION)}I",
                                        fh.read(4 * min(count, _MAX_FONTS_IN_COLLECTION)))
            else:
                offsets = (0,)
            names: set[str] = set()
            for offset in offsets:
                names |= _names_at(fh, offset)
            return names
    except (OSError, struct.error, ValueError):
        return set()


def _names_at(fh: BinaryIO, offset: int) -> set[str]:
    fh.seek(offset + 4)
    (tables,) = struct.unpack(">H", fh.read(2))
    fh.seek(offset + 12)
    directory = fh.read(16 * tables)
    for n in range(tables):
        tag, _, where, length = struct.unpack(">4sIII", directory[16 * n:16 * n + 16])
        if tag == b"name" and length <= _MAX_NAME_TABLE:
            fh.seek(where)
            return _decode(fh.read(length))
    return set()


def _decode(table: bytes) -> set[str]:
    _, count, strings = struct.unpack(">HHH", table[:6])
    names = set()
    for n in range(count):
        record = table[6 + 12 * n:18 + 12 * n]
        platform, encoding, _, name_id, length, start = struct.unpack(">HHHHHH", record)
        if name_id not in _FAMILY_IDS:
            continue
        raw = table[strings + start:strings + start + length]
        if platform in (0, 3):  # Unicode and Windows: UTF-16BE
            text = raw.decode("utf-16-be", "ignore")
        elif platform == 1 and encoding == 0:  # Macintosh Roman
            text = raw.decode("mac_roman", "ignore")
        elif platform == 1 and encoding == 25:  # Macintosh simplified Chinese
            text = raw.decode("gb18030", "ignore")
        else:
            continue
        if text.strip():
            names.add(text.strip())
    return names
