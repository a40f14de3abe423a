"""Errors and findings: data about what went wrong and where; nothing here prints."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from enum import IntEnum
from typing import Literal

from .source import NOWHERE, Source


class ExitCode(IntEnum):
    """The exit codes of the command line, the one table of them."""

    OK = 0
    INVALID = 1  # an input has errors, cannot be read, or an output cannot be written
    USAGE = 2  # the command was used wrongly (or a batch cannot start as asked); nothing was done
    INTERRUPTED = 130  # Ctrl-C

Level = Literal["error", "warning", "info"]
LEVEL_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in an input, at a place, with a hint on how to fix it."""

    level: Level
    source: Source
    message: str  # what is wrong, in Chinese, without the place
    hint: str = ""  # how to fix it, in Chinese
    code: str = ""  # stable machine name, e.g. "missing-sheet", "placeholder"
    fix: str | None = None  # the corrected full text, when a safe mechanical fix exists

    def __str__(self) -> str:
        place = str(self.source)
        text = f"{place}：{self.message}" if place else self.message
        return f"{text}。{self.hint}" if self.hint else text


def finding_to_dict(f: Finding) -> dict[str, object]:
    """A finding as plain JSON data (docgen check --format json)."""
    return {"level": f.level, "code": f.code, "place": str(f.source), "sheet": f.source.sheet,
            "cell": f.source.cell, "paragraph": f.source.paragraph, "message": f.message,
            "hint": f.hint, "fix": f.fix}


class DocgenError(Exception):
    """Root of every error a user can cause. The CLI maps it to a message and its exit code."""

    exit_code = ExitCode.INVALID

    def __init__(self, message: str, *, file: str = "", source: Source = NOWHERE, hint: str = "") -> None:
        self.message = message
        self.file = file or source.file
        self.source = source
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [p for p in (self.file, str(self.source) if self.source.cell or self.source.paragraph else "") if p]
        head = "：".join([*parts, self.message])
        return f"{head}。{self.hint}" if self.hint else head


class InputError(DocgenError):
    """A file that cannot be read as what it should be (missing, empty, wrong format, hostile)."""


class WorkbookInvalid(DocgenError):
    """A workbook that was read but has errors; carries every finding, not just the first."""

    def __init__(self, file: str, findings: list[Finding]) -> None:
        self.findings = findings
        errors = sum(1 for f in findings if f.level == "error")
        super().__init__(f"发现 {errors} 处错误，未生成文档", file=file, hint="请按上面的提示修改后重试")


class TemplateError(DocgenError):
    """A template that cannot be used: broken tags, unknown variables, unsafe code."""


class OutputError(DocgenError):
    """An output that cannot be written."""


class ToolMissing(DocgenError):
    """A program docgen needs for what was asked (LibreOffice for --pdf) is not installed."""


class UsageProblem(DocgenError):
    """A request that cannot start as asked (name collisions, -o not a folder); nothing was written."""

    exit_code = ExitCode.USAGE


def path_too_long(err: OSError) -> InputError | None:
    """The user's error for a path past the system's limit (it can turn up in any look at a path)."""
    if err.errno != errno.ENAMETOOLONG and getattr(err, "winerror", None) != 206:  # ERROR_FILENAME_EXCED_RANGE
        return None
    return InputError("路径太长，超过了系统允许的长度", file=str(err.filename or ""),
                      hint="请把文件放到路径较短的文件夹中，或改用较短的文件名")
