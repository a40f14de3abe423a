"""Long titles: where a title too wide for one line of 2号 in the 版心 is broken (GB/T 9704 7.3.1).

The standard asks that a title of several lines is split where the meaning allows (词意完整), and that
the lines form a trapezoid or a diamond (梯形或菱形), not a rectangle or an hourglass. docgen breaks only
at the joints of a report title's phrases, never inside one: after the unit's name, before the year, before
the meeting's name or the document's name; inside an overlong unit name, after one of its level words.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from .layout import TEXT_WIDTH, TITLE_SIZE, text_width

MAX_LINES = 4
# Where a title may break, best first: (priority, pattern of the text that starts the next line). Patterns
# as text: re compiles (and caches) them only when a title is too long, so a cold start pays nothing.
_BEFORE = (
    (2, r"(?:\d{4}|[〇○零一二三四五六七八九]{4})年"),  # the year: 2025年度
    (2, r"关于"),
    (3, r"(?:专题)?(?:组织生活会|民主生活会)"),  # the meeting's name
    (3, r"学习贯彻|主题教育"),  # the opening words of a 专题 meeting's theme
    (3, r"(?:个人|班子)?(?:对照检查|查摆问题|整改清单|发言提纲)"),  # the document's name
)
# Inside an overlong unit name: after the words that end one level of it (县委, 党组, 委员会 …).
_AFTER = r"(?:委员会|党委|党组|党工委|党总支|总支部|支部|机关|办公室|领导班子|同志)(?=.)"
_UNIT_TAIL = r"(?:领导班子|班子)"  # belongs to the unit: 某局党组领导班子 | 2025年度…


@dataclass(frozen=True)
class TitleBreak:
    lines: tuple[str, ...]
    shape: str  # see shape(): 正梯形, 倒梯形 or 菱形 unless the meaning allows none of them


def line_fits(line: str) -> bool:
    return text_width(line, TITLE_SIZE, 0) <= TEXT_WIDTH


def break_title(title: str, unit: str = "") -> TitleBreak | None:
    """How docgen lays out a title the user typed without a break: None when it fits on one line, or
    when no break at a joint of its phrases makes every line fit (Word then wraps it)."""
    if "\n" in title or line_fits(title):
        return None
    joints = _joints(title, unit)
    best: tuple[tuple[object, ...], tuple[str, ...]] | None = None
    for count in range(1, min(MAX_LINES, len(joints) + 1)):
        for chosen in itertools.combinations(sorted(joints), count):
            lines = _split(title, chosen)
            if not all(line_fits(line) for line in lines):
                continue
            widths = [text_width(line, TITLE_SIZE, 0) for line in lines]
            # The meaning first (an hourglass is never chosen while anything else fits), then the shape.
            penalty, priorities = _shape_penalty(widths), [joints[pos] for pos in chosen]
            rank = (penalty == 2, max(priorities), penalty, sum(priorities), max(widths) - min(widths))
            if best is None or rank < best[0]:
                best = (rank, lines)
        if best is not None:
            return TitleBreak(best[1], shape([text_width(line, TITLE_SIZE, 0) for line in best[1]]))
    return None


def _joints(title: str, unit: str) -> dict[int, int]:
    """Positions a line may start at, with their priority (1 best)."""
    joints: dict[int, int] = {}

    def add(pos: int, priority: int) -> None:
        if 0 < pos < len(title):
            joints[pos] = min(priority, joints.get(pos, priority))

    if unit and title.startswith(unit):
        tail = re.match(_UNIT_TAIL, title[len(unit):])
        add(len(unit) + (tail.end() if tail else 0), 1)
    for priority, pattern in _BEFORE:
        for found in re.finditer(pattern, title):
            add(found.start(), priority)
    for found in re.finditer(_AFTER, title):
        add(found.end(), 4)
    return joints


def _split(title: str, positions: tuple[int, ...]) -> tuple[str, ...]:
    edges = (0, *positions, len(title))
    return tuple(title[a:b] for a, b in zip(edges, edges[1:]))


_SAME = TITLE_SIZE * 10  # lines less than a character apart read as equally long


def shape(widths: list[int]) -> str:
    """The outline of centred lines of these widths: 一行, 正梯形 (each line longer), 倒梯形, 菱形 (longest
    in the middle), 矩形 (equal), 沙漏形 (shortest in the middle) or 其他."""
    if len(widths) == 1:
        return "一行"
    signs = "".join("=" if abs(b - a) < _SAME else "+" if b > a else "-" for a, b in zip(widths, widths[1:]))
    if re.fullmatch(r"\++", signs):
        return "正梯形"
    if re.fullmatch(r"-+", signs):
        return "倒梯形"
    if re.fullmatch(r"=+", signs):
        return "矩形"
    if re.fullmatch(r"\++-+", signs):
        return "菱形"
    if re.fullmatch(r"-+\++", signs):
        return "沙漏形"
    return "其他"


_PENALTY = {"正梯形": 0, "倒梯形": 0, "菱形": 0, "矩形": 1, "其他": 1, "沙漏形": 2}


def _shape_penalty(widths: list[int]) -> int:
    """0 for a trapezoid or a diamond (7.3.1), 1 for lines of equal length, 2 for an hourglass."""
    return _PENALTY[shape(widths)]
