"""The office review's word matching and specific-not-套话 rules as they were before issue 13 made them cheap
on long texts (54ae954), kept only as the reference of tests/test_office_fast.py: the old segmenting and the
old per-item loop; what the change left alone is taken from the current code."""

from __future__ import annotations

import re
import sys
from typing import Collection, Iterator

from docgen.errors import Finding
from docgen.model import Report
from docgen.review.office import answers, specific, words
from docgen.review.office.answers import Matching
from docgen.review.office.codes import finding
from docgen.review.office.rules import Rules
from docgen.review.office.specific import _clip
from docgen.review.office.words import _COUNT, _HANZI, _segmenter
from docgen.text.markers import strip_numbering

_PLAIN = re.compile(r"[\W_]+")
_CLAUSES = re.compile(r"[，。；！？、,;!?\n]+")


def content_words(text: str, ignore: Collection[str] = ()) -> frozenset[str]:
    cut = _segmenter().cut
    found: set[str] = set()
    for run in _HANZI.findall(text):
        if len(run) < 2:
            continue
        found.update(word for word in cut(run) if len(word) >= 2 and word not in ignore
                     and not _COUNT.fullmatch(word))
    return frozenset(found)


def match(report: Report, rules: Rules) -> Matching:
    """The matching as before: the whole of every text segmented, with the old content_words."""
    original = (answers.MATCH_CHARS, words.content_words)
    answers.MATCH_CHARS, words.content_words = sys.maxsize, content_words
    try:
        return answers.match(report, rules)
    finally:
        answers.MATCH_CHARS, words.content_words = original


def specific_findings(report: Report, rules: Rules) -> Iterator[Finding]:
    items = [item for aspect in report.problems for item in aspect.items]
    stock = {_PLAIN.sub("", e.text) for e in rules.stock}
    for item in items:
        for text, where in ((item.summary, item.source), (item.detail, item.detail_source)):
            if text and rules.praise_first and rules.praise_pattern.match(strip_numbering(text).strip()):
                yield finding("praise-first", where, f"问题先讲成绩再讲不足：“{_clip(text, 24)}”",
                              "审核时要求查摆问题开门见山、直接讲问题：请删去“虽然……”这半句成绩，"
                              "从问题本身写起（如“学习以读文件为主，研讨发言多是表态”）")
                break
        size = len(_PLAIN.sub("", item.detail))
        clauses = [_PLAIN.sub("", c) for c in _CLAUSES.split(item.detail)]
        clauses = [c for c in clauses if c]
        if clauses and stock and all(c in stock for c in clauses):
            yield finding("stock-detail", item.detail_source, f"具体表现只是套话：“{_clip(item.detail, 30)}”",
                          "审核时会退回只写套话的问题：请写出这条问题在本单位（本人）身上的具体表现——"
                          "什么时间、哪项工作、什么事、涉及什么岗位，能举出次数或事例的写出来")
        elif rules.min_detail and size < rules.min_detail:
            what = f"具体表现只有 {size} 个字" if size else "没有填写具体表现"
            where = item.detail_source if item.detail else item.source
            yield finding("thin-detail", where, f"问题“{_clip(item.summary, 16)}”{what}",
                          f"审核时要求问题见人见事：请写明在什么工作中、有什么具体表现（次数、事例、涉及的岗位），"
                          f"一般不少于 {rules.min_detail} 个字")
    # the report-wide rules after the loop were not changed: taken from the current code
    yield from (f for f in specific.specific_findings(report, rules) if f.code in ("nothing-concrete", "no-root"))
