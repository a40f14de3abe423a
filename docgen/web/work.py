"""What the page asks the worker processes to do, on bytes: check, make, fix, import, blank and example
workbooks, one workbook of a batch. Each call works in its own temporary folder, removed when it returns
(also on errors), and says its files by the names the user knows, never by the temporary folder's.
Standard docgen only: the worker processes never load the web server."""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .. import api
from ..batch.plan import Job
from ..batch.run import run_job
from ..errors import DocgenError, Finding, WorkbookInvalid
from .preview import Line, preview_lines

UPLOAD = "upload"  # the stem every upload is saved under inside its private folder


@dataclass(frozen=True)
class Reply:
    """What one piece of work produced: a file to download, findings, and why nothing was made."""

    data: bytes | None = None
    findings: tuple[Finding, ...] = ()
    error: str = ""  # a DocgenError in the user's words (the temporary folder replaced by the file's name)
    preview: tuple[Line, ...] = ()
    fixable: bool = False  # check: some finding has a safe mechanical fix (下载改正后的工作簿)
    extra: bytes | None = field(default=None, repr=False)  # make with pdf: the PDF beside the .docx


def warm() -> None:
    """Load the readers, the review rules and the built-in template once per worker process, which
    leaves Ctrl-C to the server (it stops the workers itself)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    api._warm(None, "standard")


@contextlib.contextmanager
def _saved(data: bytes, suffix: str = ".xlsx") -> Iterator[tuple[Path, Path]]:
    """A private temporary folder holding the upload (named by us, never by the client), removed after."""
    with tempfile.TemporaryDirectory(prefix="docgen-web-") as tmp:
        folder = Path(tmp)
        path = folder / f"{UPLOAD}{suffix}"
        path.write_bytes(data)
        yield folder, path


def _template(folder: Path, template: bytes | None) -> Path | None:
    if template is None:
        return None
    path = folder / "template.docx"
    path.write_bytes(template)
    return path


def _said(text: str, folder: Path, shown: str, path: Path) -> str:
    return text.replace(str(path), shown).replace(str(folder) + os.sep, "").replace(str(folder), "")


def _failure(err: DocgenError, folder: Path, shown: str, path: Path) -> Reply:
    findings = tuple(err.findings) if isinstance(err, WorkbookInvalid) else ()
    return Reply(findings=findings, error=_said(str(err), folder, shown, path))


def check(data: bytes, shown: str) -> Reply:
    """check: every finding; the preview when there is no error."""
    with _saved(data) as (folder, path):
        try:
            outcome = api.review_workbook(path)  # what `docgen check` says
        except DocgenError as err:
            return _failure(err, folder, shown, path)
        preview = tuple(preview_lines(outcome.report)) if outcome.report is not None else ()
        return Reply(findings=tuple(outcome.findings), preview=preview,
                     fixable=any(f.fix is not None for f in outcome.findings))


def make(data: bytes, shown: str, *, fonts: str = "standard", pdf: bool = False,
         template: bytes | None = None) -> Reply:
    """make: the .docx (and its PDF), or the findings that stopped it."""
    with _saved(data) as (folder, path):
        chosen = _template(folder, template)
        try:
            outcome = api.make_document(path, folder / f"{UPLOAD}.docx", template=chosen, fonts=fonts)
        except DocgenError as err:
            return _failure(err, folder, shown, path)
        assert outcome.path is not None
        document = outcome.path.read_bytes()
        if not pdf:
            return Reply(data=document, findings=tuple(outcome.findings))
        try:
            (converted,) = api.make_pdfs([outcome.path])
        except DocgenError as err:
            return _failure(err, folder, shown, path)
        if converted.pdf is None:
            return Reply(findings=tuple(outcome.findings), error=f"未能生成 PDF（{converted.reason}）")
        return Reply(data=converted.pdf.read_bytes(), findings=tuple(outcome.findings), extra=document)


def fix(data: bytes, shown: str) -> Reply:
    """check --fix: the workbook with every safe mechanical fix applied."""
    with _saved(data) as (folder, path):
        try:
            outcome = api.check_workbook(path)
            fixed = api.write_fixed_copy(path, folder / "fixed.xlsx", outcome.findings, draft=outcome.draft)
        except DocgenError as err:
            return _failure(err, folder, shown, path)
        return Reply(data=fixed.read_bytes(), findings=tuple(outcome.findings))


def import_document(data: bytes, shown: str, suffix: str) -> Reply:
    """import: last year's .docx or .txt as a workbook, with what needs a look."""
    with _saved(data, suffix) as (folder, path):
        try:
            outcome = api.import_report(path, folder / "imported.xlsx")
        except DocgenError as err:
            return _failure(err, folder, shown, path)
        assert outcome.path is not None
        return Reply(data=outcome.path.read_bytes(), findings=tuple(outcome.findings))


def new(*, kind: str | None = None, preset: str | None = None, example: bool = False) -> Reply:
    """new: a blank workbook for a kind (and a preset's aspects), or the example."""
    with tempfile.TemporaryDirectory(prefix="docgen-web-") as tmp:
        path = Path(tmp) / "new.xlsx"
        try:
            api.new_workbook(path, example=example, kind=kind or None, preset=preset or None)
        except DocgenError as err:
            return Reply(error=_said(str(err), Path(tmp), "", path))
        return Reply(data=path.read_bytes())


def collect(items: list[tuple[str, bytes]]) -> bytes | None:
    """docgen collect over a batch's workbooks, given as (a safe file name, unique in the batch, bytes): the
    summary workbook naming each by that name; None when the summary cannot be made."""
    from ..collect.gather import collect as summarise

    with tempfile.TemporaryDirectory(prefix="docgen-web-") as tmp:
        folder = Path(tmp)
        paths = []
        for name, data in items:
            path = folder / name
            path.write_bytes(data)
            paths.append(path)
        try:
            return summarise(paths, base=folder).data
        except DocgenError:
            return None


@dataclass(frozen=True)
class Made:
    """One workbook of a batch: its document, or why there is none (batch's own words)."""

    ok: bool
    reason: str = ""
    data: bytes | None = None
    warnings: int = 0


def make_one(data: bytes, shown: str, *, fonts: str = "standard", template: bytes | None = None) -> Made:
    """One workbook of a batch, made as `docgen make` makes each of many (batch.run_job)."""
    with _saved(data) as (folder, path):
        output = folder / f"{UPLOAD}.docx"
        chosen = _template(folder, template)
        result = run_job(Job(path, output), api.document_maker(template=chosen, fonts=fonts))
        if not result.ok:
            return Made(False, _said(result.reason, folder, shown, path))
        return Made(True, data=output.read_bytes(), warnings=result.warnings)
