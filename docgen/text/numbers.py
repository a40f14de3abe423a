"""A number as Excel shows it under its number format (95%, 1,234.50, 3.10, ¥12.00) (stdlib only)."""

from __future__ import annotations

import functools
import math
import re
from decimal import ROUND_HALF_UP, Decimal

_GENERAL = frozenset({"", "general", "@"})
# The number formats every spreadsheet knows by number (ECMA-376 Part 1, 18.8.30), other than dates,
# times and the ones whose text depends on the locale (5-8, 27-36, 50-81).
BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
    12: "# ?/?", 13: "# ??/??", 37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)", 48: "##0.0E+0", 49: "@",
}
_QUOTED = re.compile(r'"[^"]*"|\\.')
_DATE_OR_TIME = re.compile(r"[yYdDhHsS]|[mM]|AM/PM|A/P|上午/下午|\[[hHmMsS]+\]")
_DIGITS = "0#?"


def format_number(value: object, fmt: str) -> str | None:
    """`value` as Excel displays it under number format `fmt`: digit places (0 # ?), thousands
    separators, percent, scientific notation, quoted and escaped text, currency symbols ([$¥-804]),
    and the positive;negative;zero sections. None for what this does not render (General and text,
    dates and times, fractions, conditional sections, anything not a finite number): the caller then
    writes the value as typed."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    sections = _sections(fmt)
    if fmt.strip().lower() in _GENERAL or "general" in fmt.lower() or any(re.search(r"\[[<>=]", s) for s in sections):
        return None
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if number < 0 and len(sections) > 1:
        section, number, sign = sections[1], -number, ""
    elif number == 0 and len(sections) > 2:
        section, sign = sections[2], ""
    else:
        section, sign = sections[0], "-" if number < 0 else ""
        number = abs(number)
    bare = _QUOTED.sub("", re.sub(r"\[[^\]]*\]", "", section))
    if _DATE_OR_TIME.search(re.sub(r"[eE][+-]", "", bare)) or "/" in bare:
        return None
    pieces = _pieces(section)
    code = "".join(text for is_code, text in pieces if is_code)
    if not any(c in code for c in _DIGITS):  # a section of text only ("-" for zero)
        return "".join(text for _, text in pieces)
    digits = _digits(number, code)
    if sign and not digits.strip("0., ") and "E" not in digits:
        sign = ""  # -0.004 under 0.00 shows 0.00
    out, placed = [], False
    for is_code, text in pieces:
        if not is_code or text == "%":
            out.append(text)
        elif not placed:
            out.append(digits)
            placed = True
    return sign + "".join(out)


def format_renders(fmt: str) -> bool:
    """Whether `fmt` shows numbers otherwise than as typed (so a reader must apply it)."""
    return _short_format_renders(fmt) if len(fmt) <= 64 else _renders(fmt)


def _renders(fmt: str) -> bool:
    return any(format_number(probe, fmt) is not None for probe in (1234.5678, -1234.5678, 0))


# Asked of every format a workbook's styles name, each time one is read: the usual few dozen formats of
# Excel's and docgen's forms are worked out once (a long, unusual one every time, so that none is kept).
_short_format_renders = functools.lru_cache(maxsize=512)(_renders)


def _sections(fmt: str) -> list[str]:
    """The ;-separated sections (positive; negative; zero; text); quoted text and escapes respected."""
    sections, start, i, quoted = [], 0, 0, False
    while i < len(fmt):
        ch = fmt[i]
        if ch == "\\":
            i += 1
        elif ch == '"':
            quoted = not quoted
        elif ch == ";" and not quoted:
            sections.append(fmt[start:i])
            start = i + 1
        i += 1
    sections.append(fmt[start:])
    return sections


def _pieces(section: str) -> list[tuple[bool, str]]:
    """(is part of the number pattern, text): the pattern (0 # ? . , % E+ E-) and the literal text."""
    out: list[tuple[bool, str]] = []
    i = 0
    while i < len(section):
        ch = section[i]
        if ch == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            out.append((False, section[i + 1:end]))
            i = end + 1
            continue
        if ch == "\\" and i + 1 < len(section):
            out.append((False, section[i + 1]))
            i += 2
            continue
        if ch in "_*" and i + 1 < len(section):  # space as wide as a character, a fill: no text
            i += 2
            continue
        if ch == "[":  # [Red], [$-804]: nothing shown; [$¥-804]: the currency symbol
            end = section.find("]", i)
            end = len(section) if end < 0 else end
            inner = section[i + 1:end]
            if inner.startswith("$"):
                out.append((False, inner[1:].split("-")[0]))
            i = end + 1
            continue
        in_pattern = bool(out) and out[-1][0]
        if ch in _DIGITS + ".%" or (ch == "," and in_pattern):
            out.append((True, ch))
        elif ch in "eE" and i + 1 < len(section) and section[i + 1] in "+-" and in_pattern:
            out.append((True, "E" + section[i + 1]))
            i += 1
        else:
            out.append((False, ch))
        i += 1
    return out


def _digits(number: Decimal, code: str) -> str:
    """`number` written for the number pattern `code`."""
    number *= Decimal(100) ** code.count("%")
    code = code.replace("%", "")
    mantissa, mark, exponent = (code.partition("E+") if "E+" in code else code.partition("E-"))
    integer, point, decimals = mantissa.partition(".")
    decimals = "".join(c for c in decimals if c in _DIGITS)
    while integer.endswith(","):  # a comma after the digits divides by a thousand
        number /= 1000
        integer = integer[:-1]
    grouped = "," in integer
    integer = integer.replace(",", "")
    shift = 0
    if mark and number:
        shift = number.adjusted()
        number = number.scaleb(-shift)
        if number.quantize(Decimal(1).scaleb(-len(decimals)), rounding=ROUND_HALF_UP) >= 10:
            shift += 1
            number = number.scaleb(-1)
    rounded = number.quantize(Decimal(1).scaleb(-len(decimals)), rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{rounded:f}".partition(".")
    whole = whole.lstrip("0").rjust(integer.count("0"), "0")
    if grouped and whole:
        whole = f"{int(whole):,}"
    places = list(fraction.ljust(len(decimals), "0"))
    for i in range(len(decimals) - 1, -1, -1):  # optional places (# ?) drop trailing zeros
        if decimals[i] == "0" or places[i] != "0":
            break
        places[i] = " " if decimals[i] == "?" else ""
    text = whole + (point + "".join(places) if point else "")
    if mark:
        sign = "-" if shift < 0 else ("+" if mark == "E+" else "")
        text += f"E{sign}{abs(shift):0{max(exponent.count('0'), 1)}d}"
    return text
