"""Spans, hits and edits of one text: what every review rule finds and how a finding quotes it."""

from __future__ import annotations

from dataclasses import dataclass

IDEO = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
FULL_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』…—～·"
SP = " \t\u3000"  # spaces inside a line

# An (start, end, replacement) edit of a text; a rule's hits are its edits or plain (start, end) spans.
Edit = tuple[int, int, str]


@dataclass(frozen=True)
class Hit:
    """One thing a rule found in one text."""

    start: int
    end: int
    label: str = ""  # what to quote when it is not simply text[start:end]


def snippet(text: str, start: int, end: int, pad: int = 4) -> str:
    """The offending fragment with a little context, for quoting in a message."""
    a, b = max(0, start - pad), min(len(text), end + pad)
    frag = text[a:b].replace("\n", " ")
    return ("…" if a and pad else "") + frag + ("…" if b < len(text) and pad else "")


def quote_all(frags: list[str], limit: int = 3) -> str:
    """“a”、“b”、“c”等 n 处 — quoted fragments, deduplicated, at most `limit`."""
    uniq = list(dict.fromkeys(frags))
    head = "、".join(f"“{f}”" for f in uniq[:limit])
    return head + (f"等 {len(uniq)} 处" if len(uniq) > limit else "")



def is_cn(ch: str) -> bool:
    return bool(ch) and (ch in FULL_PUNCT or is_ideo(ch))


def is_ideo(ch: str) -> bool:
    return bool(ch) and ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"
                         or "\uf900" <= ch <= "\ufaff")



def apply_edits(text: str, edits: list[Edit]) -> str:
    out, last = [], 0
    for a, b, rep in _kept(edits):
        out += [text[last:a], rep]
        last = b
    return "".join(out) + text[last:]


def apply_tracked(text: str, origins: list[int], edits: list[Edit]) -> tuple[str, list[int]]:
    """apply_edits, also carrying for each character the index it had in the first text (-1 for a
    character an edit wrote), so that the edits of several passes can be said in the first text's terms."""
    out, where, last = [], [], 0
    for a, b, rep in _kept(edits):
        out += [text[last:a], rep]
        where += origins[last:a] + [-1] * len(rep)
        last = b
    return "".join(out) + text[last:], where + origins[last:]


def _kept(edits: list[Edit]) -> list[Edit]:
    kept, last = [], 0
    for a, b, rep in sorted(edits):
        if a < last:  # overlapping edits: keep the first
            continue
        kept.append((a, b, rep))
        last = b
    return kept

