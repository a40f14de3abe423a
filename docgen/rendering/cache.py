"""Prepared templates kept on disk between runs, so that a run with a known template needs no docxtpl.

Where: docgen's cache folder (files/cache.py), one file per template state, named by a digest of the
key: the template file's sha256, the font set, and docgen's version and the modules and libraries that
prepare a template (the size and time of their files: docgen/__init__.py holds the version), so that any
change prepares it again.

What: data only, as JSON (parts as base64), never code: the folder is the user's to write, so a file
there is untrusted input. Reading it runs no code, and what it holds goes through the same sandbox as
any template (the Jinja source is compiled afresh). A file that does not read, does not match its own
digest or its key, or does not compile is ignored and prepared again; a folder that cannot be written
only means preparing again next time. Writing is atomic (a temporary file, then replace).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from ..errors import DocgenError
from ..files.atomic import atomic_write
from ..files.cache import cache_folder
from .prepared import Prepared, PreparedPart

FORMAT = 1  # bumped when the shape of the file changes
MAX_BYTES = 64 * 1024 * 1024  # a prepared template is a little larger than its .docx
_FOLDER = "templates"
_PREPARING = ("engine.py", "after.py", "ooxml.py", "layout.py", "tags.py", "template_errors.py", "prepared.py")
_LEVELS = ("error", "warning", "info")


def _code_marks() -> list[str]:
    """Size and time of what prepares a template: docgen's version and modules, docxtpl and python-docx."""
    here = Path(__file__).resolve().parent
    files = [here.parent / "__init__.py", *(here / name for name in _PREPARING)]
    for library in ("docxtpl", "docx"):
        try:
            spec = find_spec(library)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin:
            files.append(Path(spec.origin))
    marks = []
    for file in files:
        try:
            info = file.stat()
            marks.append(f"{file.name}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            marks.append(f"{file.name}:-")
    return marks


def cache_key(template_digest: str, fonts: str) -> str:
    return json.dumps({"format": FORMAT, "template": template_digest, "fonts": fonts,
                       "code": _code_marks()}, sort_keys=True)


def cache_file(key: str) -> Path | None:
    folder = cache_folder()
    return folder / _FOLDER / f"{hashlib.sha256(key.encode()).hexdigest()[:40]}.json" if folder else None


def load(template_digest: str, fonts: str) -> Prepared | None:
    """The prepared template cached for this state of the template file, or None (missing, stale, damaged)."""
    key = cache_key(template_digest, fonts)
    path = cache_file(key)
    if path is None:
        return None
    try:
        return decode(_read_regular(path), key)
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):  # damaged: prepared again
        return None


def _read_regular(path: Path) -> bytes:
    """The file's bytes, when it is a regular file: a FIFO put there would block, a device never end."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError("not a regular file")
        return fh.read(MAX_BYTES + 1)


def store(template_digest: str, fonts: str, prepared: Prepared) -> None:
    """Best effort: a cache that cannot be written only means preparing the template again next time."""
    key = cache_key(template_digest, fonts)
    path = cache_file(key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, encode(prepared, key))
    except (OSError, DocgenError):
        pass


# -- the file: one line of header (key and the payload's sha256), then the payload ----------------------


def encode(prepared: Prepared, key: str) -> bytes:
    payload = json.dumps({
        "parts": [[name, _b64(data)] for name, data in prepared.parts],
        "main_part": prepared.main_part, "core_part": prepared.core_part, "shell": _b64(prepared.shell),
        "body_index": prepared.body_index, "signature_styles": [list(s) for s in prepared.signature_styles],
        "body": _part(prepared.body), "others": [_part(p) for p in prepared.others],
        "notes": [list(n) for n in prepared.notes],
    }, ensure_ascii=False).encode("utf-8")
    header = json.dumps({"key": key, "sha256": hashlib.sha256(payload).hexdigest()}).encode("utf-8")
    return header + b"\n" + payload


def decode(data: bytes, key: str) -> Prepared:
    """The prepared template in `data`; ValueError (or TypeError, KeyError) for anything else."""
    if len(data) > MAX_BYTES:
        raise ValueError("too large")
    head, _, payload = data.partition(b"\n")
    header = json.loads(head)
    if header.get("key") != key or header.get("sha256") != hashlib.sha256(payload).hexdigest():
        raise ValueError("stale or damaged")
    d = json.loads(payload)
    parts = tuple((_str(name), _bytes(blob)) for name, blob in d["parts"])
    names = [name for name, _ in parts]
    if len(set(names)) != len(names):
        raise ValueError("duplicate parts")
    styles = tuple(tuple(_str(s) for s in group) for group in d["signature_styles"])
    notes = tuple(tuple(_str(x) for x in note) for note in d["notes"])
    if len(styles) != 2 or any(len(note) != 4 or note[0] not in _LEVELS for note in notes):
        raise ValueError("bad styles or notes")
    body_index = d["body_index"]
    if not isinstance(body_index, int) or isinstance(body_index, bool) or body_index < 0:
        raise ValueError("bad body index")
    return Prepared(parts, _str(d["main_part"]), _str(d["core_part"]), _bytes(d["shell"]), body_index,
                    styles, _read_part(d["body"]), tuple(_read_part(p) for p in d["others"]),  # type: ignore[arg-type]
                    notes)  # type: ignore[arg-type]


def _part(part: PreparedPart) -> dict[str, Any]:
    return {"name": part.name, "source": part.source, "paragraphs": list(part.paragraphs), "where": part.where,
            "static": _b64(part.static)}


def _read_part(d: dict[str, Any]) -> PreparedPart:
    return PreparedPart(_str(d["name"]), _str(d["source"]), tuple(_str(p) for p in d["paragraphs"]),
                        _str(d["where"]), _bytes(d["static"]))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _bytes(text: Any) -> bytes:
    return base64.b64decode(_str(text), validate=True)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value

