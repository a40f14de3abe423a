"""The report `docgen new` starts a workbook from: the kind's title, signer and 开篇 skeleton, and a preset's
aspects (problems left for the user). Every sentence of the skeleton is ours; what is to be filled in is
a placeholder that `check` points at until it is replaced."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .model import Aspect, Meta, Report
from .vocabulary import DEFAULT_KIND, KINDS

if TYPE_CHECKING:
    from .presets import Preset

UNIT_PLACEHOLDER = "XX"  # in a 班子 title when no unit is given: check flags it until it is replaced
PREPARATION = "（此处填写会前准备情况：学习研讨、谈心谈话、征求意见等）"


def meeting_year(today: dt.date) -> int:
    """The 年度 of the meeting being prepared: a 年度 N meeting is held from December N to March N+1, so
    from July on it is this year's, before that last year's."""
    return today.year if today.month >= 7 else today.year - 1


def starter_report(kind: str = DEFAULT_KIND.name, *, year: int, unit: str = "", name: str = "",
                   preset: Preset | None = None) -> Report:
    """A report with only what the kind (and the preset) decide: title, kind, signer, 开篇, aspects."""
    report_kind = KINDS[kind]
    meeting_name = preset.meeting_name if preset and preset.meeting_name else f"{year}年度{report_kind.meeting}"
    title = report_kind.title_pattern.format(unit=unit or UNIT_PLACEHOLDER, meeting_name=meeting_name)
    theme = preset.theme if preset else ""
    around = f"紧扣“{theme}”的主题" if theme else f"围绕本次{report_kind.meeting}的主题"
    closing = "现将个人对照检查情况报告如下，请同志们批评指正。" if report_kind.personal else "现将对照检查情况报告如下。"
    intro = (f"按照上级党组织关于开好{meeting_name}的通知要求，{report_kind.who}{around}，{PREPARATION}。", closing)
    aspects = tuple(Aspect(title) for title in preset.list_for(kind).aspects) if preset else ()
    meta = Meta(title=title, organization=unit, date=None, kind=kind, name=name,
                problems_title=report_kind.part_titles[0], causes_title=report_kind.part_titles[1],
                directions_title=report_kind.part_titles[2])
    return Report(meta=meta, intro=intro, problems=aspects)
