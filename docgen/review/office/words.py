"""The words of a text (the one module that talks to the segmenter, rjieba: jieba's dictionary and
algorithm in Rust, loaded in a tenth of a second where jieba takes most of a second and prints to stderr)."""

from __future__ import annotations

import functools
import re
from typing import Any, Collection

_HANZI = re.compile(r"[^\W\d_A-Za-z]+")  # runs of Chinese characters (letters of no Latin script)
# 一个, 每季度, 三次: a count ties nothing to anything
_COUNT = re.compile(r"[〇零一二两三四五六七八九十百千万几每多]+[个次项名条种些点年月季度天周]*")


@functools.lru_cache(maxsize=1)
def _segmenter() -> Any:
    import rjieba  # loads jieba's dictionary: only when a rule needs words

    return rjieba


def content_words(text: str, ignore: Collection[str] = ()) -> frozenset[str]:
    """The words of two or more Chinese characters in `text`, less those in `ignore`."""
    cut = _segmenter().cut
    cuts: set[str] = set()
    for run in _HANZI.findall(text):
        if len(run) >= 2:
            cuts.update(cut(run))
    # each distinct word is judged once: a long text repeats its words many times
    return frozenset(word for word in cuts if len(word) >= 2 and word not in ignore and not _COUNT.fullmatch(word))
