"""Problems and measures that answer each other: every aspect of 存在的问题 answered by some measure
(through the 整改清单 rows when the list is in use, otherwise by the words they share) and every measure
answering some problem; the matching is shown, so a user sees why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ...errors import Finding
from ...model import Aspect, Report, Source
from ...text.numerals import paren_number
from ...text.plain import plain
from .codes import finding
from .rules import Rules

SHOWN_WORDS = 4  # shared words shown per pair
# Words are taken from each text's first so many characters (a title, a lead, a 具体表现, a measure, a 整改清单
# cell): far beyond any real cell, and it keeps segmenting a huge workbook (2,000 cells of 30,000 characters)
# to a fraction of a second; a longer text is matched by its beginning.
MATCH_CHARS = 2000


@dataclass(frozen=True)
class Matching:
    """Which measures answer which aspects: shared words per (aspect, measure), and the 整改清单 rows (by
    their number) that answer an aspect."""

    shared: dict[tuple[int, int], tuple[str, ...]]
    rows: dict[int, tuple[int, ...]]

    def aspect_answered(self, a: int) -> bool:
        return bool(self.rows.get(a)) or any(key[0] == a for key in self.shared)

    def measure_answers(self, d: int) -> bool:
        return any(key[1] == d for key in self.shared)



def _aspect_of_rows(report: Report) -> dict[int, list[int]]:
    """The 整改清单 rows (1-based, only those with a measure) that belong to each aspect: by the aspect they
    name, or by the problem they name (one text holding the other, as lists shorten problems)."""
    found: dict[int, list[int]] = {}
    titles = [plain(a.title) for a in report.problems]
    summaries = [[plain(i.summary) for i in a.items] for a in report.problems]
    for n, row in enumerate(report.action_list, 1):
        if not row.measure.strip():
            continue
        aspect, problem = plain(row.aspect), plain(row.problem)
        for a, title in enumerate(titles):
            named = bool(aspect) and (aspect == title or aspect in title or title in aspect)
            holds = bool(problem) and any(s and (s in problem or problem in s) for s in summaries[a])
            if named or holds:
                found.setdefault(a, []).append(n)
                break
    return found


def match(report: Report, rules: Rules) -> Matching:
    """The matching of the report's aspects and measures (the segmenter is loaded only here)."""
    from .words import content_words

    ignore = frozenset(e.text for e in rules.ignore)
    rows = _aspect_of_rows(report)
    aspect_words = []
    for a, aspect in enumerate(report.problems):
        extra = [_clip(report.action_list[n - 1].problem) + _clip(report.action_list[n - 1].measure)
                 for n in rows.get(a, ())]
        aspect_words.append(content_words(_aspect_text(aspect) + "".join(extra), ignore))
    shared = {}
    for d, point in enumerate(report.directions):
        words = content_words(f"{_clip(point.title)}。{_clip(point.text)}", ignore)
        for a, theirs in enumerate(aspect_words):
            common = words & theirs
            if len(common) >= max(1, rules.min_shared):
                shared[(a, d)] = tuple(sorted(common, key=lambda w: (-len(w), w)))
    return Matching(shared, {a: tuple(ns) for a, ns in rows.items()})


def _aspect_text(aspect: Aspect) -> str:
    return "。".join([_clip(aspect.title), _clip(aspect.lead),
                     *(f"{_clip(i.summary)}。{_clip(i.detail)}" for i in aspect.items)])


def _clip(text: str) -> str:
    return text[:MATCH_CHARS]


def answer_findings(report: Report, rules: Rules) -> Iterator[Finding]:
    """An aspect no measure answers and a measure that answers no problem, each a 提示 naming both places;
    then, when there was any, how the rest were matched."""
    if not report.problems or not report.directions:
        return
    matching = match(report, rules)
    measures = _places([p.source for p in report.directions])
    problems = _places([a.source for a in report.problems])
    via_list = "（整改清单中也没有写明整改措施的项）" if report.action_list else ""
    lonely = 0
    for a, aspect in enumerate(report.problems):
        if not matching.aspect_answered(a):
            lonely += 1
            yield finding("aspect-unanswered", aspect.source,
                          f"方面“{aspect.title}”没有措施与之对应：{report.meta.directions_title}（{measures}）"
                          f"中没有一条与它有共同的词{via_list}",
                          f"审核时要求查摆的每个方面都有对应的整改措施：请在“{report.meta.directions_title}”中补写"
                          f"针对这一方面的措施，写明要解决的问题")
    for d, point in enumerate(report.directions):
        if not matching.measure_answers(d):
            lonely += 1
            yield finding("measure-unanswering", point.source,
                          f"措施“{point.title}”看不出针对哪个问题：与{report.meta.problems_title}（{problems}）"
                          f"中的各方面都没有共同的词",
                          "审核时要求措施针对查摆出的问题：请在措施中点明它解决的问题（用问题中的说法），"
                          "或把它并入针对某个问题的措施")
    if lonely:
        yield finding("answers-shown", report.directions[0].source,
                      f"问题与措施的对应（按共同的词）：{shown(report, matching) or '没有任何一对'}",
                      "共同的词由分词得出（两个字以上、不计“工作”“问题”这类常用词）；对应不对时，请在措施中写明针对的问题")


def shown(report: Report, matching: Matching) -> str:
    """Each aspect's answers, in the user's words: （一）… ↔ 措施1“…”（共同的词：…）, or the 整改清单 rows."""
    parts = []
    for a, aspect in enumerate(report.problems):
        pairs = [(d, words) for (x, d), words in sorted(matching.shared.items()) if x == a]
        said = [f"第{d + 1}条措施（共同的词：{'、'.join(words[:SHOWN_WORDS])}）" for d, words in pairs]
        if matching.rows.get(a):
            said.append("整改清单第 " + "、".join(map(str, matching.rows[a])) + " 项")
        parts.append(f"{paren_number(a + 1)}{aspect.title} ↔ {'；'.join(said) if said else '无'}")
    return "。".join(parts)


def _places(sources: list[Source]) -> str:
    """Where a run of texts is: 努力方向!A2–A5 (or the first and last of them)."""
    placed = [s for s in sources if str(s)]
    if not placed:
        return ""
    first, last = placed[0], placed[-1]
    if first == last:
        return str(first)
    if first.sheet and first.sheet == last.sheet and first.cell and last.cell:
        return f"{first}–{last.cell}"
    return f"{first}–{last}"
