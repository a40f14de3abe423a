"""The review rules' finding codes and their levels (stable: JSON output, tests, the 检查结果 sheet)."""

from __future__ import annotations

from ...errors import Finding, Level
from ...model import Source

CODES: dict[str, Level] = {
    # same as last year (check --against)
    "same-as-last-year": "warning", "repeated-problem": "warning",
    # problems and measures that answer each other
    "aspect-unanswered": "info", "measure-unanswering": "info", "answers-shown": "info",
    "prescribed-aspect-missing": "warning",
    # specific, not 套话
    "thin-detail": "warning", "nothing-concrete": "warning", "stock-detail": "warning", "no-root": "warning",
    "praise-first": "warning",
}


def finding(code: str, source: Source, message: str, hint: str) -> Finding:
    return Finding(level=CODES[code], source=source, message=message, hint=hint, code=code)
