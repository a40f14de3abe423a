"""Report -> .docx: a template prepared once per state of its file (from the cache on disk when it has
it, else with docxtpl in engine.py), vetted in a child process when unknown, rendered in the sandbox."""

from __future__ import annotations

import functools
import hashlib
import os
from functools import lru_cache
from pathlib import Path

from ..errors import DocgenError, Finding
from ..files.safety import open_regular
from ..model import Report
from . import cache
from .prepared import PreparedTemplate, default_template

__all__ = ["default_template", "load_template", "render", "template_notes", "vet_template"]

_NEEDED = {"title": "标题", "organization": "落款单位", "name": "落款姓名", "date": "落款日期"}


def load_template(path: Path | None = None, fonts: str = "standard") -> PreparedTemplate:
    """The template prepared and compiled once per process (again only if the file changed)."""
    typed = Path(path) if path else default_template()
    return _load_template(typed, _stamp(typed), fonts)


def _stamp(path: Path) -> tuple[object, ...]:
    """What tells one state of a template file from another: where it is (the absolute path and the file
    there: a link's target, a file put in its place), when it changed, its size. Asked twice a document:
    one stat, no walk of the path's folders."""
    try:
        stat = os.stat(path)
        return (os.path.abspath(path), stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size)
    except (OSError, ValueError):
        return (str(path), 0, 0)  # missing: preparing it reports it by the name the user typed


@lru_cache(maxsize=8)
def _load_template(path: Path, stamp: tuple[object, ...], fonts: str) -> PreparedTemplate:
    digest = _digest(path, stamp)
    if digest is not None:
        prepared = cache.load(digest, fonts)
        if prepared is not None:
            try:
                return PreparedTemplate(prepared, path.name)
            except Exception:  # noqa: BLE001 - a cached copy that does not compile is prepared again
                pass
    from .engine import prepare  # only when the cache has no good copy: docxtpl and python-docx

    template = PreparedTemplate(prepare(path, fonts), path.name)
    if digest is not None and _stamp(path) == stamp:  # not a file that changed while it was read
        cache.store(digest, fonts, template.prepared)
    return template


def template_notes(template: Path | None = None, fonts: str = "standard") -> list[Finding]:
    """What the user should know about a template that renders (links to elsewhere)."""
    return list(load_template(Path(template) if template else None, fonts).notes)


def render(report: Report, template: Path | None = None, fonts: str = "standard") -> bytes:
    """The .docx of `report` through `template` (default: the built-in one); a report without a title,
    a signature or a date is refused, since the document would be missing them. The first rendering of
    a template other than the built-in one runs in a child process under a time and memory limit."""
    missing = report.missing()
    if missing:
        what = "、".join(_NEEDED[name] for name in missing)
        raise DocgenError(f"报告缺少{what}，无法生成文档",
                          hint=f"请在工作簿“基本信息”表中填写{what}后重试")
    vet_template(Path(template) if template else None, fonts, report)
    return load_template(Path(template) if template else None, fonts).render(report)


_VETTED: set[tuple[str, str]] = set()  # (digest of a template file, font set) that rendered within the limits


def vet_template(template: Path | None, fonts: str, report: Report) -> None:
    """Load, compile and render an unknown template once in a child process bounded in time and memory
    (the sandbox bounds every value, but not everything a template's size can cost); the built-in
    template and one that passed before are trusted. The child loads the template as this process
    will (from the cache, when it has it), so what passed is what renders here."""
    if template is None or Path(template) == default_template():
        return
    found = _digest(Path(template), _stamp(Path(template)))  # read once per state of the file, not per report
    if found is None:
        return  # missing, unreadable or no regular file: loading it says so in the user's words
    digest = (found, fonts)
    if digest in _VETTED:
        return
    from .vetting import run_limited  # only for a template not vetted yet

    run_limited(functools.partial(_render_once, Path(template), fonts, report), Path(template).name)
    _VETTED.add(digest)


@lru_cache(maxsize=8)
def _digest(template: Path, stamp: tuple[object, ...]) -> str | None:
    """The sha256 of the template file in the state `stamp` tells; None when it cannot be read."""
    try:
        with open_regular(template, str(template)) as fh:  # never a FIFO or /dev/zero
            return (hashlib.file_digest(fh, "sha256").hexdigest() if hasattr(hashlib, "file_digest")
                    else hashlib.sha256(fh.read()).hexdigest())
    except (DocgenError, OSError):
        return None


def _render_once(template: Path, fonts: str, report: Report) -> None:
    """What the child process does (module level, so that a spawned child can receive it)."""
    load_template(template, fonts).render(report)
