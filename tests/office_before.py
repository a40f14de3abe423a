"""The office review's word matching and specific-not-套话 rules as they were before issue 13 made them cheap
on long texts (54ae954), kept only as the reference of tests/test_office_fast.py."""

from __future__ import annotations

import re
from typing import Collection, Iterator

from docgen.errors import Finding
from docgen.model import Aspect, Report, Source
from docgen.review.office.answers import Matching, _aspect_of_rows
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
    ignore = frozenset(e.text for e in rules.ignore)
    rows = _aspect_of_rows(report)
    aspect_words = []
    for a, aspect in enumerate(report.problems):
        extra = [f"{report.action_list[n - 1].problem}{report.action_list[n - 1].measure}" for n in rows.get(a, ())]
        aspect_words.append(content_words(_aspect_text(aspect) + "".join(extra), ignore))
    shared = {}
    for d, point in enumerate(report.directions):
        words = content_words(f"{point.title}。{point.text}", ignore)
        for a, theirs in enumerate(aspect_words):
            common = words & theirs
            if len(common) >= max(1, rules.min_shared):
                shared[(a, d)] = tuple(sorted(common, key=lambda w: (-len(w), w)))
    return Matching(shared, {a: tuple(ns) for a, ns in rows.items()})


def _aspect_text(aspect: Aspect) -> str:
    return "。".join([aspect.title, aspect.lead, *(f"{i.summary}。{i.detail}" for i in aspect.items)])


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
    if items and rules.concrete and not any(
            rules.concrete_pattern.search(text) for aspect in report.problems
            for text in (aspect.lead, *(t for item in aspect.items for t in (item.summary, item.detail)))):
        kinds = "、".join(dict.fromkeys(e.name or e.text for e in rules.concrete))
        where = report.problems[0].source if report.problems else Source(sheet="存在的问题")
        yield finding("nothing-concrete", where,
                      f"“{report.meta.problems_title}”中没有一处具体的内容（{kinds}）",
                      "审核时会退回只有概括、没有实例的问题：请至少在几条问题中写出具体的数字、时间、事例或人名职务，"
                      "如“全年集中学习 12 次，专题研讨只有 2 次”“在某项目审批中……”")
    causes = " ".join(f"{p.title}{p.text}" for p in report.causes)
    if report.causes and rules.roots and not any(e.text in causes for e in rules.roots):
        roots = "、".join(e.text for e in rules.roots[:6])
        yield finding("no-root", report.causes[0].source,
                      f"“{report.meta.causes_title}”没有深入到思想根源（{roots}等都没有写到）",
                      "审核时要求原因剖析从主观上、思想上找根源：请至少有一条原因写到理想信念、党性修养、"
                      "宗旨意识或纪律规矩方面的差距，不只讲客观原因和工作方法")
