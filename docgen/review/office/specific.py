"""Specific, not 套话: a thin 具体表现, a problems part with nothing concrete in it, a detail made of stock
phrases alone, a 原因剖析 that never reaches the 思想 level, an item that praises before it criticises."""

from __future__ import annotations

import re
from typing import Iterator

from ...errors import Finding
from ...model import Report, Source
from ...text.markers import strip_numbering
from ...text.plain import plain
from .codes import finding
from .rules import Rules

_WORDS = re.compile(r"[^\W_]+")  # what plain() leaves
_CLAUSE = re.compile(r"[^，。；！？、,;!?\n]+")  # a clause: what lies between clause punctuation


def plain_length(text: str) -> int:
    """Characters without punctuation and spaces."""
    return len(plain(text))


def specific_findings(report: Report, rules: Rules) -> Iterator[Finding]:
    """Every finding of these rules, in reading order."""
    items = [item for aspect in report.problems for item in aspect.items]
    stock = {plain(e.text) for e in rules.stock}
    for item in items:
        for text, where in ((item.summary, item.source), (item.detail, item.detail_source)):
            if text and rules.praise_first and rules.praise_pattern.match(strip_numbering(text).strip()):
                yield finding("praise-first", where, f"问题先讲成绩再讲不足：“{_clip(text, 24)}”",
                              "审核时要求查摆问题开门见山、直接讲问题：请删去“虽然……”这半句成绩，"
                              "从问题本身写起（如“学习以读文件为主，研讨发言多是表态”）")
                break
        if stock and _only_stock(item.detail, stock):
            yield finding("stock-detail", item.detail_source, f"具体表现只是套话：“{_clip(item.detail, 30)}”",
                          "审核时会退回只写套话的问题：请写出这条问题在本单位（本人）身上的具体表现——"
                          "什么时间、哪项工作、什么事、涉及什么岗位，能举出次数或事例的写出来")
        elif rules.min_detail and (size := _plain_length_below(item.detail, rules.min_detail)) < rules.min_detail:
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


def _only_stock(text: str, stock: set[str]) -> bool:
    """Whether `text` has a clause and every clause (without punctuation) is one of `stock`; read clause by
    clause up to the first that is not, so a long text is not copied."""
    seen = False
    for match in _CLAUSE.finditer(text):
        clause = plain(match.group())
        if not clause:
            continue
        if clause not in stock:
            return False
        seen = True
    return seen


def _plain_length_below(text: str, limit: int) -> int:
    """plain_length(text) when it is below `limit`, otherwise some number not below it (counted only so far)."""
    size = 0
    for match in _WORDS.finditer(text):
        size += match.end() - match.start()
        if size >= limit:
            break
    return size


def _clip(text: str, size: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[:size] + "……"
