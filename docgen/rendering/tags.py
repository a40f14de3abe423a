"""The template tags of each paragraph as the user typed them, and the first one Jinja would not see whole (stdlib only).

One linear pass over a paragraph's text: a tag left open ({{ para ), half-closed ({{ title }), a stray {{
or }}, brackets or filters nested too deep, or blocks opened too deep. Jinja itself would silently take
what follows an open tag as part of it (docxtpl's copy swallows whole paragraphs) or recurse until it
crashes; this finds the paragraph first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_NESTING = 40  # brackets inside one tag, filters chained in one tag, blocks inside each other

_OPENERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_TOKEN = re.compile(r"\{\{|\{%|\{#|\}\}|%\}|#\}|[\"'\\()\[\]{}|]")
_BLOCK_WORD = re.compile(r"^\{%[-+]?\s*(?:(?:p|r|tr|tc)\s+)?(end)?(\w+)")
_BLOCKS = frozenset({"if", "for", "macro", "call", "filter", "with", "block", "autoescape", "trans"})
_RAW = re.compile(r"\{%[-+]?\s*raw\s*[-+]?%\}")
_END_RAW = re.compile(r"\{%[-+]?\s*endraw\s*[-+]?%\}")


@dataclass(frozen=True)
class Damage:
    """What is wrong with the tags of one paragraph, in the user's words."""

    paragraph: int  # 1-based, as counted in Word
    text: str  # the paragraph as the user sees it
    problem: str  # Chinese


def damaged_tag(paragraphs: tuple[str, ...]) -> Damage | None:
    """The first paragraph whose tags Jinja would not see as complete tags, or that nests too deep."""
    blocks = 0
    for number, text in enumerate(paragraphs, 1):
        problem, blocks = _scan(text, blocks)
        if problem:
            return Damage(number, text, problem)
    return None


def _scan(text: str, blocks: int) -> tuple[str, int]:
    """(what is wrong, or ""; the block depth after this paragraph)."""
    if "{" not in text and "}" not in text:
        return "", blocks
    i, end = 0, len(text)
    while i < end:
        raw = _RAW.search(text, i)
        stop = raw.start() if raw else end
        problem, blocks = _scan_tags(text, i, stop, blocks)
        if problem or raw is None:
            return problem, blocks
        closed = _END_RAW.search(text, raw.end())
        if closed is None:  # {% raw %} runs on into later paragraphs: not ours to judge
            return "", blocks
        i = closed.end()
    return "", blocks


def _scan_tags(text: str, start: int, stop: int, blocks: int) -> tuple[str, int]:
    opened_at = -1  # where the open tag starts, or -1 outside a tag
    closer = ""
    quote = ""
    depth = filters = 0
    escaped = False
    for m in _TOKEN.finditer(text, start, stop):
        token = m.group(0)
        if opened_at < 0:
            if token in _OPENERS:
                opened_at, closer, depth, filters = m.start(), _OPENERS[token], 0, 0
            elif token in ("}}", "%}", "#}"):
                opener = next(o for o, c in _OPENERS.items() if c == token)
                return f"“{token}”前面没有对应的“{opener}”（{_around(text, m.start())}）", blocks
            continue
        if closer == "#}":  # a comment: only its end counts
            if token == "#}":
                opened_at = -1
            continue
        if quote:
            if escaped:
                escaped = False
            elif token == "\\":
                escaped = True
            elif token == quote:
                quote = ""
            continue
        if token in ("'", '"'):
            quote = token
        elif token == closer:
            blocks = _block_depth(text[opened_at:m.end()], blocks)
            if blocks > MAX_NESTING:
                return f"{{% %}} 块嵌套超过 {MAX_NESTING} 层", blocks
            opened_at = -1
        elif token in _OPENERS or token in ("}}", "%}", "#}"):
            return _unclosed(text, opened_at, closer), blocks
        elif token in "([{":
            depth += 1
            if depth > MAX_NESTING:
                return f"括号嵌套超过 {MAX_NESTING} 层（{_around(text, opened_at)}）", blocks
        elif token in ")]}":
            depth = max(0, depth - 1)
        elif token == "|":
            filters += 1
            if filters > MAX_NESTING:
                return f"一个标签中连用了超过 {MAX_NESTING} 个过滤器（{_around(text, opened_at)}）", blocks
    if opened_at >= 0:
        return _unclosed(text, opened_at, closer), blocks
    return "", blocks


def _block_depth(tag: str, blocks: int) -> int:
    found = _BLOCK_WORD.match(tag)
    if found is None:
        return blocks
    word = found.group(2)
    if found.group(1):  # endif, endfor, ...
        return max(0, blocks - 1)
    if word in _BLOCKS or (word == "set" and "=" not in tag):
        return blocks + 1
    return blocks


def _unclosed(text: str, at: int, closer: str) -> str:
    return f"标签“{_snippet(text, at)}”没有结束，缺少“{closer}”"


def _snippet(text: str, at: int, size: int = 16) -> str:
    piece = text[at:at + size]
    return piece + ("…" if len(text) > at + size else "")


def _around(text: str, at: int, size: int = 16) -> str:
    start = max(0, at - 4)
    return ("…" if start else "") + text[start:at + size] + ("…" if len(text) > at + size else "")
