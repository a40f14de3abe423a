"""text.plain: the one definition of a text's letters and digits, equal to removing [\\W_]+."""

import random
import re

from docgen.text.plain import plain

_REFERENCE = re.compile(r"[\W_]+")


def test_every_character_is_kept_or_dropped_as_the_reference_does():
    chars = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert plain(chars) == _REFERENCE.sub("", chars)
    assert plain(chars) == "".join(c for c in chars if c.isalnum())  # what \w is, less "_"


def test_mixed_texts_equal_the_reference():
    rng = random.Random(7)
    pool = "中国共产党组织生活会，。、；：？！“”（）《》 \t\n_-_abcXYZ0123４５６①Ⅻ〇ꙮ" "\u3000\u00a0é"
    for _ in range(2000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 60)))
        assert plain(text) == _REFERENCE.sub("", text), text


def test_underscores_and_edges():
    assert plain("") == ""
    assert plain("___") == ""
    assert plain("a_b") == "ab"
    assert plain("（一）理论学习不够深入。") == "一理论学习不够深入"
