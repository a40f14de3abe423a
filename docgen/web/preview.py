"""The document as the page previews it: its paragraphs in order, each with its role (title, 一、 heading,
（一） heading, body …), numbered from the same context the template renders, so the preview never numbers
differently from the .docx."""

from __future__ import annotations

from typing import NamedTuple

from ..model import Report
from ..rendering.context import build_context
from ..rendering.layout import font_set


class Line(NamedTuple):
    """One paragraph: its role, the run that opens it in its own font (a cause's 小标题) and the text."""

    role: str  # title, body, h1, h2, point, signature, date, attachment
    head: str
    text: str


def preview_lines(report: Report) -> list[Line]:
    context = build_context(report)
    lines = [Line("title", "", context["title"])]
    lines += [Line("body", "", para) for para in context["intro"]]
    for part in context["parts"]:
        lines.append(Line("h1", "", part.heading))
        for aspect in part.aspects:
            lines += [Line("h2", "", aspect.heading), Line("body", "", aspect.text)]
        for point in part.points:
            lines.append(Line("point" if point.heading else "body", point.heading, point.text))
    attachment = context["attachment"]
    if attachment is not None:
        lines.append(Line("attachment", "", f"附件：{attachment.name}"))
    lines += [Line("signature", "", line) for line in context["signature"]]
    if context["date"]:
        lines.append(Line("date", "", context["date"]))
    return lines


# The CSS font stacks of each role: the report's own faces first (where the browser has them), then what
# a stock Windows, macOS and Linux have of the same style.
_FALLBACKS = {"fangsong": "仿宋, FangSong, STFangsong, serif", "kaiti": "楷体, KaiTi, STKaiti, serif",
              "heiti": "黑体, SimHei, STHeiti, sans-serif", "title": "宋体, SimSun, STSong, serif"}


def font_stacks(fonts: str = "standard") -> dict[str, str]:
    """role -> CSS font-family for the preview (body 仿宋, 一、 黑体, （一） and 小标题 楷体, title 小标宋)."""
    faces = font_set(fonts)
    return {role: f'"{faces[role]}", {fallback}' for role, fallback in _FALLBACKS.items()}
