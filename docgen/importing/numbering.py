"""Word's automatic list numbering (w:numPr + numbering.xml) turned back into label text like 一、 or （1）."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..files.docx_parts import W_NS
from ..text.markers import LARGEST, write_marker
from ..text.numerals import IDEOGRAPH_DIGITS, chinese_numeral

_W = f"{{{W_NS}}}"
_PLACEHOLDER = re.compile(r"%([1-9])")
MAX_LEVEL = 8  # Word's levels are 0 to 8
MAX_START = 32_767  # the largest start Word accepts: a hostile 10**12 would make a roman numeral loop for ever


def whole_number(value: str | None, largest: int) -> int | None:
    """A whole number attribute, clamped to 0..largest; None when it is no number at all (w:ilvl="x", or
    "²", which str.isdigit takes for a digit and int() refuses)."""
    text = (value or "").strip()
    if text.isascii() and text.isdecimal():  # int() of 5,000 digits raises, and 10**12 is as good as the largest
        return min(int(text), largest) if len(text) <= 12 else largest
    if text[:1] == "-" and text[1:].isascii() and text[1:].isdecimal():
        return 0
    return None
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _letters(n: int) -> str:
    # Word repeats the letter: 27 -> aa, 28 -> bb
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    """One counter value in a Word numFmt (decimal, chineseCounting, upperRoman, …)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "chineseLegalSimplified", "taiwaneseCountingThousand", "koreanCounting"):
        return chinese_numeral(n) if n > 0 else str(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(IDEOGRAPH_DIGITS[int(d)] for d in str(n))
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= LARGEST["circle"]:
        return write_marker("circle", n)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt in ("none", "bullet"):
        return ""
    return str(n)  # decimal and every format we do not know


def child_val(el: Any, tag: str) -> str | None:
    """The w:val of `el`'s child `tag` (None when either is missing)."""
    if el is None:
        return None
    child = el.find(_W + tag)
    return None if child is None else child.get(_W + "val")


@dataclass(frozen=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level; 0 = never
    legal: bool = False  # w:isLgl: all placeholders as decimal
    suffix: str = "tab"


@dataclass
class Numbering:
    """Numbering definitions of one document and the running counters while its paragraphs are read."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstractNumId -> ilvl -> level
    style_levels: dict[str, dict[str, int]] = field(default_factory=dict)  # abstractNumId -> pStyle -> ilvl
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> ilvl -> startOverride
    counters: dict[str, dict[int, int]] = field(default_factory=dict)  # abstractNumId -> ilvl -> value
    _seen: set[tuple[str, int]] = field(default_factory=set)

    @classmethod
    def parse(cls, root: Any, style_num: dict[str, str] | None = None) -> Numbering:
        """Read numbering.xml's root; style_num maps numbering-style ids to their numId (w:numStyleLink)."""
        self = cls()
        if root is None:
            return self
        abstract: dict[str, Any] = {a.get(_W + "abstractNumId", ""): a
                                               for a in root.iter(_W + "abstractNum")}
        for num in root.iter(_W + "num"):
            num_id = num.get(_W + "numId", "")
            self.nums[num_id] = child_val(num, "abstractNumId") or ""
            for ov in num.iter(_W + "lvlOverride"):
                start = child_val(ov, "startOverride")
                ilvl, first = whole_number(ov.get(_W + "ilvl") or "0", MAX_LEVEL), whole_number(start, MAX_START)
                if ilvl is not None and first is not None:
                    self.overrides.setdefault(num_id, {})[ilvl] = first
        for abs_id, el in abstract.items():
            link = child_val(el, "numStyleLink")
            if link and style_num and link in style_num:
                # the definition lives in the abstractNum the linked numbering style points at
                target = abstract.get(self.nums.get(style_num[link], ""))
                if target is not None:
                    el = target
            levels: dict[int, _Level] = {}
            for lvl in el.iter(_W + "lvl"):
                ilvl = whole_number(lvl.get(_W + "ilvl") or "0", MAX_LEVEL)
                if ilvl is None:
                    continue  # a level Word could not show either
                start = whole_number(child_val(lvl, "start"), MAX_START)
                levels[ilvl] = _Level(
                    start=1 if start is None else start,
                    fmt=child_val(lvl, "numFmt") or "decimal",
                    text=child_val(lvl, "lvlText") or "",
                    restart=whole_number(child_val(lvl, "lvlRestart"), MAX_LEVEL + 1),
                    legal=lvl.find(_W + "isLgl") is not None,
                    suffix=child_val(lvl, "suff") or "tab",
                )
                style = child_val(lvl, "pStyle")
                if style:
                    self.style_levels.setdefault(abs_id, {})[style] = ilvl
            self.levels[abs_id] = levels
        return self

    def level_for_style(self, num_id: str, style_id: str) -> int:
        """The level a style's numbering uses when the style names no w:ilvl (a w:pStyle inside w:lvl)."""
        return self.style_levels.get(self.nums.get(num_id, ""), {}).get(style_id, 0)

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter for this paragraph and return its label ('' for bullets and no numbering)."""
        abs_id = self.nums.get(num_id)
        if not num_id or num_id == "0" or abs_id is None or abs_id not in self.levels:
            return ""
        levels = self.levels[abs_id]
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(abs_id, {})
        # Word keeps one sequence per abstract definition; a w:num with startOverride restarts it once.
        if (num_id, ilvl) not in self._seen:
            self._seen.add((num_id, ilvl))
            start = self.overrides.get(num_id, {}).get(ilvl)
            if start is not None:
                counters[ilvl] = start - 1
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper, lv in levels.items():
            if deeper > ilvl and (lv.restart is None or 0 < lv.restart <= ilvl + 1):
                counters.pop(deeper, None)
        if level.fmt == "bullet":
            return ""

        def value(match: re.Match[str]) -> str:
            ref = int(match.group(1)) - 1
            ref_level = levels.get(ref, _Level())
            n = counters.get(ref, ref_level.start)
            fmt = "decimal" if level.legal and ref != ilvl else ref_level.fmt
            return format_number(n, fmt)

        text = _PLACEHOLDER.sub(value, level.text)
        # a tab or space after a label that ends in a digit or numeral keeps it apart from the text
        if text and level.suffix != "nothing" and (text[-1].isalnum()):
            text += " "
        return text
