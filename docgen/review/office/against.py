"""Same as last year: every item, cause and measure near-identical to one of last year's report, both
texts quoted; a problem that was last year's too and is not in 上年度问题整改情况 warned about."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ...errors import Finding
from ...model import Report, Source
from .codes import finding
from .rules import Rules
from .similar import Index, normalise, score

QUOTED = 60  # characters of each text quoted side by side
NAMES_PROBLEM = 80  # how like a 上年度整改 row's problem must be to a problem to name it


@dataclass(frozen=True)
class Piece:
    """One text compared: what it is (问题, 原因, 措施), its text and its place; `problem` its summary."""

    what: str
    text: str
    source: Source
    problem: str = ""


def joined(head: str, text: str) -> str:
    """A heading and its text as one text: a sentence each (a summary without its 。 ends one here too)."""
    head = head.strip()
    if head and text and head[-1] not in "。！？；!?;…":
        head += "。"
    return head + text


def pieces(report: Report) -> list[Piece]:
    """The report's items, causes and measures as the texts compared."""
    found = [Piece("问题", joined(item.summary, item.detail), item.source, item.summary)
             for aspect in report.problems for item in aspect.items]
    found += [Piece("原因", joined(p.title, p.text), p.source) for p in report.causes]
    found += [Piece("措施", joined(p.title, p.text), p.source) for p in report.directions]
    return found


def against_findings(report: Report, last: Report, rules: Rules, last_file: str = "") -> Iterator[Finding]:
    """What of `report` is near-identical to `last` (last year's report, read from `last_file`)."""
    if not rules.threshold:
        return
    theirs = pieces(last)
    index = Index([p.text for p in theirs], rules.min_chars)
    rectified = [normalise(row.problem) for row in report.rectified]
    name = Path(last_file).name if last_file else "上年材料"
    for mine in pieces(report):
        hit = index.best(mine.text, rules.threshold)
        if hit is None:
            continue
        other = theirs[hit.index]
        place = f"{name} {other.source}".strip() if str(other.source) else name
        yield finding("same-as-last-year", mine.source,
                      f"{mine.what}与上年材料几乎相同（相似度 {hit.score:.0f}，阈值 {rules.threshold}）："
                      f"今年“{_clip(mine.text)}”；上年（{place}）“{_clip(other.text)}”",
                      "审核时会退回照搬上年的内容：请结合今年的实际重新查摆，写出今年的新表现、新事例和数字；"
                      "确属上年没有解决的问题，请写进“上年度整改”并说明整改情况")
        if mine.what == other.what == "问题" and not _rectified(rectified, mine.problem, other.problem):
            yield finding("repeated-problem", mine.source,
                          f"问题“{_clip(mine.problem, 20)}”上年也查摆过（{place}），但“上年度整改”中没有它",
                          "上年查摆的问题今年又出现，审核时会要求说明整改情况：请在“上年度整改”表中写明这个问题"
                          "上年是怎样整改的、为什么还存在，状态填“持续推进”")


def _rectified(rows: list[str], *problems: str) -> bool:
    """Whether one of this year's 上年度整改 rows names one of `problems`."""
    for problem in problems:
        key = normalise(problem)
        flat = key.replace(" ", "")
        if not flat:
            continue
        for row in rows:
            row_flat = row.replace(" ", "")
            if row_flat and (row_flat in flat or flat in row_flat or score(row, key) >= NAMES_PROBLEM):
                return True
    return False


def _clip(text: str, size: int = QUOTED) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[:size] + "……"
