"""docx_parts writes, with parts deflated once and reused, byte for byte what zipfile writes."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from docgen.files.docx_parts import FIXED_ZIP_TIME, Deflated, read_docx_parts, write_docx_parts, zip_bytes
from docgen.rendering.engine import default_template


def with_zipfile(parts: list[tuple[str, bytes]]) -> bytes:
    """How docgen wrote packages before (and python-docx's own way, less the timestamps)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


PANELS = {
    "template": read_docx_parts(default_template()),
    "odd": [("[Content_Types].xml", b"<Types/>"), ("word/\u6587\u6863.xml", "中文名".encode()), ("empty", b""),
            ("random.bin", os.urandom(70_000)), ("big.xml", b"<a>" + b"x" * 3_000_000 + b"</a>")],
}


@pytest.mark.parametrize("name", list(PANELS))
def test_the_same_bytes_as_zipfile(name: str) -> None:
    parts = PANELS[name]
    expected = with_zipfile(parts)
    assert zip_bytes(parts) == expected
    assert zip_bytes([(n, Deflated.of(d)) for n, d in parts]) == expected  # deflated once, reused
    assert zip_bytes([(n, Deflated.of(d) if i % 2 else d) for i, (n, d) in enumerate(parts)]) == expected
    with zipfile.ZipFile(io.BytesIO(expected)) as archive:
        assert archive.testzip() is None


def test_duplicate_names_are_refused(tmp_path) -> None:
    with pytest.raises(ValueError):
        write_docx_parts(tmp_path / "x.docx", [("a", b"1"), ("a", b"2")])


def test_a_part_deflated_as_it_is_written_is_deflated_whole() -> None:
    """Deflating, fed in pieces of any size, gives what Deflated.of gives for the whole (so the main part,
    deflated as lxml serialises it, is the same bytes), inflated gives the bytes back, and the provenance
    digest of a deflated part is that of its bytes."""
    import random

    from docgen.files.docx_parts import Deflated, Deflating, inflated
    from docgen.files.provenance import digest

    rng = random.Random(7)
    words = ["<w:p>", "</w:p>", "学习", "整改", "落实", "<w:t>", "</w:t>", "。"]
    data = "".join(rng.choice(words) for _ in range(300_000)).encode("utf-8") + rng.randbytes(50_000)
    for sizes in ((1,), (4096,), (1, 7, 65_536, 300), (len(data),)):
        sink, at = Deflating(), 0
        while at < len(data):
            step = rng.choice(sizes)
            sink.write(data[at:at + step])
            at += step
        assert sink.deflated() == Deflated.of(data)
    part = Deflated.of(data)
    assert b"".join(inflated(part, chunk=1000)) == data
    assert digest([("a.xml", b"x"), ("word/document.xml", part)]) == digest([("a.xml", b"x"), ("word/document.xml", data)])


def test_a_part_kept_as_well_as_deflated_gives_the_same_part_and_its_own_bytes() -> None:
    """Deflating(keep=True) keeps what it is written, so that a digest reads it without inflating: the
    deflated part is the one Deflating() gives, and inflated() gives the same bytes either way."""
    from docgen.files.docx_parts import Deflating, inflated

    pieces = [os.urandom(100), b"<w:p>" * 3000, b"", "学习".encode() * 999]
    kept, plain = Deflating(keep=True), Deflating()
    for piece in pieces:
        kept.write(piece)
        plain.write(memoryview(piece))
    a, b = kept.deflated(), plain.deflated()
    assert (a.data, a.crc, a.size) == (b.data, b.crc, b.size) and a.plain == b"".join(pieces) and b.plain is None
    assert b"".join(inflated(a)) == b"".join(inflated(b)) == b"".join(pieces)
