"""Hostile files, built by code from a good workbook or template: one builder per way a file can attack."""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "templates" / "branch.docx"
Parts = dict[str, bytes]


def read_parts(path: Path) -> Parts:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def write_parts(path: Path, parts: Parts) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def template_parts() -> Parts:
    return read_parts(TEMPLATE)


def rename_part(parts: Parts, old: str, new: str) -> Parts:
    """The package with part `old` renamed to `new`: every relationship and content type follows it,
    and its own relationships part moves with it."""
    def rels_of(part: str) -> str:
        return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")

    out: Parts = {}
    for name, data in parts.items():
        if name.endswith(".rels"):
            base = posixpath.dirname(posixpath.dirname(name))  # word/_rels/x.rels -> word

            def retarget(m: re.Match[str]) -> str:
                target = m.group(1)
                resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(base, target))
                if resolved != old:
                    return m.group(0)
                return f'Target="{posixpath.relpath(new, base or ".")}"'

            data = re.sub(r'Target="([^"]*)"', retarget, data.decode("utf-8")).encode("utf-8")
        elif name == "[Content_Types].xml":
            data = data.replace(f'PartName="/{old}"'.encode(), f'PartName="/{new}"'.encode())
        out[new if name == old else rels_of(new) if name == rels_of(old) else name] = data
    return out


def replace_in(parts: Parts, name: str, old: bytes, new: bytes) -> Parts:
    assert old in parts[name], (name, old)
    return {**parts, name: parts[name].replace(old, new, 1)}
