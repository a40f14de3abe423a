"""A .docx package's parts: the WordprocessingML namespace, and deterministic reading and writing (stdlib only)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterator, Union

from .package import REL_NS

PathOrFile = Union[str, Path, BinaryIO]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"  # WordprocessingML, the w: prefix
R_NS = REL_NS  # the r: prefix of r:id, the relationships namespace

# The earliest date a zip entry can hold; a fixed stamp makes two builds byte-identical.
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_ZIP64_LIMIT = (1 << 31) - 1  # zipfile's: an entry this large needs zip64 fields, which we do not write


@dataclass(frozen=True)
class Deflated:
    """A part compressed once, exactly as zipfile would (one compressor, one write, default level), so
    that a part every document shares is deflated once, not once per document."""

    data: bytes  # the raw deflate stream
    crc: int
    size: int  # uncompressed
    plain: bytes | None = field(default=None, compare=False, repr=False)  # the bytes, when kept too

    @classmethod
    def of(cls, data: bytes) -> Deflated:
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        return cls(compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data))


# A part of more characters than this (a document of 20 MB and more: 8 million characters of text, a
# hundred times a long report) is deflated at zlib's fastest level: seven times quicker, about 1.5 times larger.
FAST_DEFLATE_CHARS = 8_000_000
FAST_LEVEL = 1


class Deflating:
    """A file-like sink that deflates what is written to it as Deflated.of deflates the whole (one
    compressor, at the default level unless told; zlib's output does not depend on how its input is
    split), so that a large part is never held uncompressed."""

    def __init__(self, level: int = zlib.Z_DEFAULT_COMPRESSION, *, keep: bool = False) -> None:
        self._compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
        self._out: list[bytes] = []
        self._crc = self._size = 0
        self._plain: list[bytes] | None = [] if keep else None  # `keep`: what is written, for inflated()

    def write(self, data: bytes) -> int:
        self._out.append(self._compressor.compress(data))
        self._crc = zlib.crc32(data, self._crc)
        self._size += len(data)
        if self._plain is not None:
            self._plain.append(bytes(data))
        return len(data)

    def deflated(self) -> Deflated:
        self._out.append(self._compressor.flush())
        plain = b"".join(self._plain) if self._plain is not None else None
        return Deflated(b"".join(self._out), self._crc, self._size, plain)


def inflated(part: bytes | Deflated, chunk: int = 1 << 16) -> Iterator[bytes]:
    """A part's bytes, a piece at a time when it is deflated (and its bytes were not kept)."""
    if not isinstance(part, Deflated):
        yield part
        return
    if part.plain is not None:
        yield part.plain
        return
    decompressor = zlib.decompressobj(-15)
    for start in range(0, len(part.data), chunk):
        yield decompressor.decompress(part.data[start:start + chunk])
    yield decompressor.flush()


def write_docx_parts(path_or_file: PathOrFile, parts: list[tuple[str, bytes | Deflated]]) -> None:
    """Write `parts` (zip member name, bytes or already deflated) as a zip, in the given order, with fixed
    timestamps: byte for byte what zipfile writes for them (tests hold the two equal).

    Keep "[Content_Types].xml" first, as Word and python-docx do.
    """
    names = [name for name, _ in parts]
    if len(set(names)) != len(names):
        raise ValueError("duplicate part names in a docx package")
    data = zip_bytes(parts)
    if isinstance(path_or_file, (str, Path)):
        Path(path_or_file).write_bytes(data)
    else:
        path_or_file.write(data)


def zip_bytes(parts: list[tuple[str, bytes | Deflated]]) -> bytes:
    """The zip of `parts` (see write_docx_parts) as bytes. zipfile cannot take compressed data, so the
    headers are written here, with zipfile's own ZipInfo for the local ones. The pieces are joined once
    at the end: a large part's compressed bytes are not copied on the way."""
    pieces: list[bytes] = []
    offset = 0
    central = []
    for name, data in parts:
        if isinstance(data, Deflated):
            chunks, crc, size = [data.data], data.crc, data.size
        else:
            compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
            chunks, crc, size = [compressor.compress(data), compressor.flush()], zlib.crc32(data), len(data)
        compressed = sum(len(c) for c in chunks)
        if size > _ZIP64_LIMIT or compressed > _ZIP64_LIMIT:
            raise ValueError("part too large for a docx package")
        info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16  # fixed permission bits too
        info.CRC, info.compress_size, info.file_size = crc, compressed, size
        info.header_offset = offset
        header = info.FileHeader(False)
        pieces += [header, *chunks]
        offset += len(header) + compressed
        central.append(_central_entry(info))
    directory = b"".join(central)
    end = struct.pack("<4s4H2LH", b"PK\005\006", 0, 0, len(central), len(central), len(directory), offset, 0)
    return b"".join([*pieces, directory, end])


def _central_entry(info: zipfile.ZipInfo) -> bytes:
    """The central directory record zipfile writes for `info` (no zip64, no extra field, no comment)."""
    try:
        filename, flags = info.filename.encode("ascii"), info.flag_bits
    except UnicodeEncodeError:
        filename, flags = info.filename.encode("utf-8"), info.flag_bits | 0x800
    dt = info.date_time
    dosdate = (dt[0] - 1980) << 9 | dt[1] << 5 | dt[2]
    dostime = dt[3] << 11 | dt[4] << 5 | (dt[5] // 2)
    record = struct.pack("<4s4B4HL2L5H2L", b"PK\001\002", info.create_version, info.create_system,
                         info.extract_version, info.reserved, flags, info.compress_type, dostime, dosdate,
                         info.CRC, info.compress_size, info.file_size, len(filename), len(info.extra),
                         len(info.comment), 0, info.internal_attr, info.external_attr, info.header_offset)
    return record + filename + info.extra + info.comment


def read_docx_parts(source: PathOrFile | bytes) -> list[tuple[str, bytes]]:
    """The members of a .docx (zip) as (name, bytes), in the archive's order."""
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    with zipfile.ZipFile(source) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist() if not info.is_dir()]
