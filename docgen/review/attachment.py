"""What `check` says about the 整改清单 (the attachment) and about how long titles will be laid out."""

from __future__ import annotations

from typing import Iterable

from ..errors import Finding, Level
from ..model import NOWHERE, Action, Report, Source
from ..rendering.titles import break_title, line_fits
from ..text import format_date
from ..text.plain import plain
from ..vocabulary import DONE

CODES: dict[str, Level] = {
    "action-incomplete": "warning", "deadline-unclear": "warning", "deadline-past": "error",
    "problem-not-listed": "warning", "title-broken": "info", "title-unbreakable": "info",
    "title-line-long": "info",
}
_NEEDED = (("measure", "整改措施"), ("person", "责任人"), ("deadline", "完成时限"))
_DEADLINE_HINT = ("请写成具体的日期或期限，如 2026年6月30日、2026年6月底前、2026年上半年；"
                  "需要长期坚持的写“长期坚持”")


def _finding(code: str, source: Source, message: str, hint: str) -> Finding:
    return Finding(level=CODES[code], source=source, message=message, hint=hint, code=code)


def action_findings(report: Report) -> list[Finding]:
    """Each row of a 整改清单 in use: what it lacks, and a deadline that names no time or lies before the
    report's date (an error unless the row is 已完成: it is almost always last year's number left in)."""
    found = []
    for n, action in enumerate(report.action_list, 1):
        missing = [(name, label) for name, label in _NEEDED if not getattr(action, name)]
        if missing:
            found.append(_finding(
                "action-incomplete", action.source(missing[0][0]),
                f"整改清单第 {n} 项没有填写{'、'.join(label for _, label in missing)}",
                "请补上；不需要列入清单的问题，可以删去这一行"))
        if action.deadline:
            found += _deadline(n, action, report)
    return found


def _deadline(n: int, action: Action, report: Report) -> Iterable[Finding]:
    from ..text.deadlines import parse_deadline  # only when there is a list: a cold check needs none

    date = report.meta.date
    deadline = parse_deadline(action.deadline, date)
    where = action.source("deadline")
    if deadline is None:
        yield _finding("deadline-unclear", where, f"整改清单第 {n} 项的完成时限“{action.deadline}”看不出是什么时间",
                       _DEADLINE_HINT)
    elif date is not None and deadline.last_day is not None and deadline.last_day < date \
            and action.status != DONE:
        yield _finding("deadline-past", where,
                       f"整改清单第 {n} 项的完成时限“{action.deadline}”早于材料日期（{format_date(date)}）",
                       f"请检查年份是否写错；这一项如果已经完成，请把状态填为“{DONE}”")



def unlisted_problems(report: Report) -> list[tuple[int, Finding]]:
    """Problems of 存在的问题 that no row of a 整改清单 in use names, by their number among the problems.
    A row names a problem when one text holds the other (lists often shorten the problem)."""
    if not report.action_list:
        return []
    listed = [plain(action.problem) for action in report.action_list]
    found = []
    items = [item for aspect in report.problems for item in aspect.items]
    for n, item in enumerate(items):
        norm = plain(item.summary)
        if not norm or any(row and (row in norm or norm in row) for row in listed):
            continue
        found.append((n, _finding("problem-not-listed", item.source, f"问题“{item.summary}”没有列入整改清单",
                                  "请在“整改清单”表中为它添加一行，写明整改措施、责任人和完成时限")))
    return found


def title_findings(report: Report) -> list[Finding]:
    """How the report's title (and the attachment's) will be laid out when wider than one line."""
    m = report.meta
    found = _title(m.title, m.organization, m.source("title"), "标题", "标题")
    if report.action_list:
        # said at the 清单标题 cell, where a break would be typed (at 标题 when that row is missing)
        where = m.source("list_title") if m.source("list_title") != NOWHERE else m.source("title")
        found += _title(m.attachment_title, m.organization, where, "整改清单的标题", "清单标题")
    return found


def _title(title: str, unit: str, where: Source, what: str, cell: str) -> list[Finding]:
    if not title.strip():
        return []
    if "\n" in title:
        return [_finding("title-line-long", where, f"{what}第 {n} 行超过一行（2号字一行约 20 个字），会自动折行",
                         f"请在“{cell}”单元格中这一行的词语之间再按 Alt+Enter 换行")
                for n, line in enumerate(title.split("\n"), 1) if not line_fits(line)][:1]
    if line_fits(title):
        return []
    broken = break_title(title, unit)
    if broken is None:
        return [_finding("title-unbreakable", where, f"{what}超过一行，找不到合适的分行位置，将自动折行",
                         f"请在“{cell}”单元格中在词语之间按 Alt+Enter 换行")]
    lines = "／".join(f"“{line}”" for line in broken.lines)
    how = f"排成{broken.shape}" if broken.shape in ("正梯形", "倒梯形", "菱形") else "各行长短相近"
    return [_finding("title-broken", where, f"{what}超过一行，生成时分为 {len(broken.lines)} 行：{lines}",
                     f"已在词语之间分行、{how}（GB/T 9704 7.3.1）；想在别处分行，"
                     f"请在“{cell}”单元格中按 Alt+Enter 换行")]
