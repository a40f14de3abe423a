"""Which encoding an XML part is in, from its first bytes, so that one byte search covers every part (stdlib only)."""

from __future__ import annotations

import codecs
import re
from typing import Callable

__all__ = ["SPACE", "identity", "transcoder"]

_BOMS = (  # longest first: the UTF-32 LE BOM begins with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"), (b"\x00\x00\x00<", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (b"<\x00", "utf-16-le"), (b"\x00<", "utf-16-be"),
)
_WIDE_SPACE = (re.compile(rb"(?:[ \t\r\n]\x00)+<\x00"), re.compile(rb"(?:\x00[ \t\r\n])+\x00<"))
SPACE = b"\xef\xbb\xbf \t\r\n"  # what may come before a part's first "<" (a UTF-8 BOM, white space)


def identity(data: bytes) -> bytes:
    return data


def transcoder(first: bytes) -> Callable[[bytes], bytes] | None:
    """UTF-8 passes through; UTF-16/32 parts are transcoded so one byte search covers every part."""
    for bom, encoding in _BOMS:
        if first.startswith(bom):
            return _decoder(encoding)
    for pattern, encoding in zip(_WIDE_SPACE, ("utf-16-le", "utf-16-be")):
        if pattern.match(first):
            return _decoder(encoding)
    if first.lstrip(SPACE)[:1] == b"<":
        return identity
    return None  # not XML (an image, a binary part): nothing to check


def _decoder(encoding: str) -> Callable[[bytes], bytes]:
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    return lambda data: decoder.decode(data).encode("utf-8")
