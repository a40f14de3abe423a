"""The review rules as data: thresholds and word lists in one TOML file (data/rules.toml), and an office's own
file read against the same schema on top of it."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ...errors import InputError
from ...presets.loader import MAX_FILE_BYTES, read_toml
from ..tables import check_pattern

SHIPPED = "docgen/review/office/data/rules.toml"


@dataclass(frozen=True)
class Entry:
    """One entry of a list: a word or phrase (or a pattern), what it is called, and where its kind comes from."""

    text: str
    source: str = ""
    name: str = ""


@dataclass(frozen=True)
class Rules:
    """Everything the review rules decide by: thresholds and lists; 0 turns a threshold's rule off."""

    threshold: int = 90  # similarity 0-100 from which two texts are "near-identical"
    min_chars: int = 12  # texts shorter than this (without punctuation) are not compared
    min_detail: int = 15  # a 具体表现 shorter than this is too thin
    concrete: tuple[Entry, ...] = ()  # patterns of something concrete: a number, a time, an example, a post
    stock: tuple[Entry, ...] = ()  # 套话: a detail made of these alone says nothing
    roots: tuple[Entry, ...] = ()  # the 思想-level roots a 原因剖析 should reach
    praise_first: tuple[Entry, ...] = ()  # patterns matched at an item's start: 虽然……但
    min_shared: int = 1  # words a problem and a measure share to answer each other
    ignore: tuple[Entry, ...] = ()  # words too common to tie a problem to a measure
    file: str = SHIPPED

    @functools.cached_property
    def concrete_pattern(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{e.text})" for e in self.concrete) or "(?!)")

    @functools.cached_property
    def praise_pattern(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{e.text})" for e in self.praise_first) or "(?!)")


# key -> (section, kind): what each key of the file is
_NUMBERS = {"threshold": "similar", "min_chars": "similar", "min_detail": "specific", "min_shared": "answers"}
_LISTS = {"concrete": "specific", "stock": "specific", "roots": "specific", "praise_first": "specific",
          "ignore": "answers"}
_PATTERNS = {"concrete", "praise_first"}
_LIMITS = {"threshold": 100, "min_chars": 1000, "min_detail": 1000, "min_shared": 20}


class _Checker:
    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, where: str, what: str, hint: str = "") -> InputError:
        return InputError(f"规则文件中“{where}”{what}", file=self.file,
                          hint=hint or "规则文件的写法见 README 的“审核规则文件”一节，或参照 docgen 自带的 rules.toml")


def parse_rules(data: bytes, file: str, base: Rules | None = None) -> Rules:
    """Rules from the bytes of a TOML file: its numbers replace `base`'s, its lists are added to them (or
    replace them with replace = true). Any mistake is an InputError naming the file and the key."""
    check = _Checker(file)
    table = read_toml(data, file, "规则文件", "如 text = \"学习不够深入\"")
    values: dict[str, Any] = {name: getattr(base, name) for name in (*_NUMBERS, *_LISTS)} if base else {}
    sections = set(_NUMBERS.values()) | set(_LISTS.values())
    for section in table:
        if section not in sections:
            raise check.fail(section, "是不认识的项目", f"可用的项目：{'、'.join(sorted(sections))}")
        if not isinstance(table[section], dict):
            raise check.fail(section, "应为一节（[" + section + "]）")
    for section, body in table.items():
        known = {k for k, s in {**_NUMBERS, **_LISTS}.items() if s == section}
        for key in sorted(set(body) - known):
            raise check.fail(f"{section}.{key}", "是不认识的项目", f"[{section}] 中可用的项目：{'、'.join(sorted(known))}")
        for key, value in body.items():
            where = f"{section}.{key}"
            if key in _NUMBERS:
                if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= _LIMITS[key]:
                    raise check.fail(where, f"应为 0 到 {_LIMITS[key]} 之间的整数")
                values[key] = value
            else:
                entries, replace = _entries(check, value, where, key in _PATTERNS)
                values[key] = entries if replace or key not in values else values[key] + entries
    return Rules(**values, file=file)


def _entries(check: _Checker, value: Any, where: str, patterns: bool) -> tuple[tuple[Entry, ...], bool]:
    """A list's entries ([[section.key]] tables) and whether they replace the list they add to."""
    if not isinstance(value, list):
        raise check.fail(where, "应为一组条目（[[" + where + "]]）")
    found, replace = [], False
    field = "pattern" if patterns else "text"
    for n, item in enumerate(value, 1):
        at = f"{where}第 {n} 项"
        if not isinstance(item, dict):
            raise check.fail(at, f"应为一个条目（{field} = \"…\"，source = \"…\"）")
        unknown = sorted(set(item) - {field, "source", "name", "replace"})
        if unknown:
            raise check.fail(f"{at}的{unknown[0]}", "是不认识的项目", f"可用的项目：{field}、source、name、replace")
        if item.get("replace") is True:
            replace = True
        if field not in item and set(item) <= {"replace"}:
            continue  # [[x]] replace = true alone, to empty a list
        text = item.get(field)
        if not isinstance(text, str) or not text.strip():
            raise check.fail(f"{at}的{field}", "应为不空的文字")
        if patterns:
            try:
                check_pattern(text.strip(), compile_it=True)
            except ValueError as err:
                raise check.fail(f"{at}的pattern", f"不是 docgen 能用的写法（{err}）",
                                 "只能用文字、[字符类]、. 和 ? * + {m,n}、(?:甲|乙) 以及前后查看；见 docgen/review/tables.py") from None
        extra = {k: item.get(k, "") for k in ("source", "name")}
        if not all(isinstance(v, str) for v in extra.values()):
            raise check.fail(at, "的 source 和 name 应为文字")
        found.append(Entry(text.strip(), extra["source"].strip(), extra["name"].strip()))
    return tuple(found), replace


@functools.lru_cache(maxsize=1)
def default_rules() -> Rules:
    """The rules shipped with docgen."""
    data = resources.files("docgen.review.office").joinpath("data").joinpath("rules.toml").read_bytes()
    return parse_rules(data, SHIPPED)


def load_rules(path: Path | str | None) -> Rules:
    """The shipped rules, with an office's own file on top of them when one is given."""
    if path is None:
        return default_rules()
    path = Path(path)
    try:
        with path.open("rb") as fh:  # no more than a rules file may hold: a huge file is refused unread
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError:
        raise InputError("找不到规则文件", file=str(path), hint="请检查文件名和所在文件夹是否正确") from None
    return parse_rules(data, str(path), default_rules())
