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
