"""Traditional characters in a report (存在的問題): the simplified form, from OpenCC's t2s conversion."""

from __future__ import annotations

import functools
from typing import Callable

from .spans import Hit

# GB2312 holds only simplified characters, save these few, which t2s changes (後 於 乾 …): a text that
# encodes to GB2312 without them has no traditional character, and OpenCC is never loaded for it.
# tests/test_review_data.py rebuilds this list from OpenCC itself.
GB2312_CONVERTED = frozenset("乾吒夥後徵拚捱摺於榘菸薹袷醣麴麽")


def maybe_traditional(text: str) -> bool:
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return any(ch in text for ch in GB2312_CONVERTED)  # a search per character, in C


@functools.lru_cache(maxsize=1)
def _converter() -> Callable[[str], str]:
    import opencc  # about 13 ms to load; only for a text that may hold a traditional character

    return opencc.OpenCC("t2s").convert


def simplified(text: str) -> str:
    """The text with its traditional characters simplified (the text itself when it has none)."""
    return _converter()(text) if maybe_traditional(text) else text


def traditional(text: str) -> list[Hit]:
    """Runs of characters that t2s changes, each labelled with its simplified form."""
    if not maybe_traditional(text):
        return []
    converted = _converter()(text)
    if converted == text or len(converted) != len(text):
        return [Hit(0, len(text), converted)] if converted != text else []
    hits: list[Hit] = []
    i = 0
    while i < len(text):
        if text[i] == converted[i]:
            i += 1
            continue
        j = i
        while j < len(text) and text[j] != converted[j]:
            j += 1
        hits.append(Hit(i, j, converted[i:j]))
        i = j
    return hits
