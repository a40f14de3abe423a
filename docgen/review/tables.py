"""Word lists as data files (docgen/review/data/*.tsv): a header row, one entry a line, a source per entry,
and patterns in a small safe subset of regular expressions, checked when read."""

from __future__ import annotations

import functools
import re
from importlib import resources

# What a pattern may hold: literal text, \-escapes, . and [classes], the quantifiers ? * + {m,n} on one
# character or class (and ? on a group), non-capturing groups (?:a|b) and look-arounds (?= (?! (?<= (?<!.
# No capturing group, back-reference, anchor or nested quantifier: matching stays linear in the text.
META = set("\\.^$*+?{}[]|()")
_ESCAPES = set("dDsSwW") | META | {"-", "/", "“", "”"}
OPENERS = ("(?:", "(?=", "(?!", "(?<=", "(?<!")
QUANT = re.compile(r"\{(\d{1,2})?(,(\d{1,2})?)?\}")


def check_pattern(pattern: str, compile_it: bool = False) -> None:
    """Raise ValueError when pattern steps outside the safe subset; with compile_it, also when it is no
    regular expression at all (compiling every entry of a table costs more than a lint, so the tables'
    tests do it, not every run)."""
    if not pattern:
        raise ValueError("empty pattern")
    depth = 0
    last = ""  # "char", "group" or "" (nothing a quantifier could apply to)
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            if i + 1 >= len(pattern) or pattern[i + 1] not in _ESCAPES:
                raise ValueError(f"unknown escape at {i}")
            i, last = i + 2, "char"
        elif c == "[":
            end = pattern.find("]", i + 2)
            if end < 0 or "[" in pattern[i + 1:end]:
                raise ValueError(f"bad class at {i}")
            i, last = end + 1, "char"
        elif c == "(":
            opener = next((o for o in OPENERS if pattern.startswith(o, i)), None)
            if opener is None:
                raise ValueError(f"only (?: (?= (?! (?<= (?<! groups, at {i}")
            depth += 1
            i, last = i + len(opener), ""
        elif c == ")":
            depth -= 1
            if depth < 0:
                raise ValueError(f"unbalanced ) at {i}")
            i, last = i + 1, "group"
        elif c == "|":
            i, last = i + 1, ""
        elif c in "?*+{":
            q = QUANT.match(pattern, i) if c == "{" else None
            if c == "{" and q is None:
                raise ValueError(f"bad {{m,n}} at {i}")
            if last != "char" and not (c == "?" and last == "group"):
                raise ValueError(f"quantifier on nothing or on a group at {i}")
            i, last = (q.end() if q else i + 1), ""
        elif c in "^$]}":
            raise ValueError(f"{c} is not allowed, at {i}")
        else:
            i, last = i + 1, "char"
    if depth:
        raise ValueError("unbalanced (")
    if compile_it:
        try:
            re.compile(pattern)
        except re.error as err:
            raise ValueError(str(err)) from err


def anchor(pattern: str) -> str:
    """The longest run of literal text every match must contain, outside groups and optional characters:
    the cheap test that rules an entry out (拉进.{0,6}距离 -> 拉进)."""
    runs, run, depth, i = [""], "", 0, 0

    def quantified(at: int) -> bool:
        return at < len(pattern) and pattern[at] in "?*+{"

    while i < len(pattern):
        c = pattern[i]
        if c == "(":
            depth += 1
            runs.append(run)
            run = ""
            i += next(len(o) for o in OPENERS if pattern.startswith(o, i))
            continue
        if c == ")":
            depth -= 1
            i += 1
            continue
        if c == "\\":
            literal, width = (pattern[i + 1] if pattern[i + 1] in META else ""), 2
        elif c == "[":
            literal, width = "", pattern.index("]", i + 2) + 1 - i
        elif c == "{":
            literal, width = "", pattern.index("}", i) + 1 - i
        else:
            literal, width = ("" if c in META else c), 1
        if depth == 0 and literal and not quantified(i + width):
            run += literal
        else:
            runs.append(run)
            run = ""
        i += width
    runs.append(run)
    return max(runs, key=len)


def parse_rows(data: str, name: str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The entries of a table: the first line that is not a comment names the columns; # starts a comment
    line. Each entry is (line number, column -> value); a required column left empty is an error."""
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for number, line in enumerate(data.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if header is None:
            header = fields
            missing = [c for c in required if c not in header]
            if missing:
                raise ValueError(f"{name}: the header lacks {missing}")
            continue
        if len(fields) > len(header):
            raise ValueError(f"{name}:{number}: more fields than the header names")
        row = dict(zip(header, fields + [""] * (len(header) - len(fields))))
        empty = [c for c in required if not row[c]]
        if empty:
            raise ValueError(f"{name}:{number}: empty {empty}")
        rows.append((number, row))
    return rows


@functools.lru_cache(maxsize=None)
def packaged(name: str) -> str:
    """The text of a data file shipped with docgen."""
    return resources.files("docgen.review").joinpath("data").joinpath(name).read_text("utf-8")
