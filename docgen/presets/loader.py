"""Presets: this year's prescribed aspects as data files (TOML), read and checked against their schema.

A preset is one year's meeting (2024年度民主生活会): optionally its theme and its full name (a 专题 meeting's),
and one or more aspect lists, each for the kinds of report it applies to, each with its sources and how
far its wording could be verified (verbatim, or partial: then its note says so and ends the matter with
以上级通知为准). The shipped presets carry only wording verified verbatim or in part on official sites and
news reposts (shared/presets-facts.md); an office may hand out its own file in the same schema.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import InputError, UsageProblem
from ..vocabulary import KINDS, MEETINGS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

VERIFIED = {"verbatim": "已核实原文", "partial": "部分核实"}
GRADES = {"A": "官方网站", "B": "新闻转载"}
DEFER = "以上级通知为准"  # what every partial list's note must say
MAX_FILE_BYTES = 256 * 1024


@dataclass(frozen=True)
class Source:
    url: str
    grade: str = ""  # A official site, B news repost ("" in an office's own file)
    quote: str = ""  # the passage, as the source has it


@dataclass(frozen=True)
class AspectList:
    kinds: tuple[str, ...]
    aspects: tuple[str, ...]  # as they go into 方面 (the suffix added)
    verified: str  # verbatim or partial
    note: str = ""
    sources: tuple[Source, ...] = ()

    @property
    def verified_label(self) -> str:
        """How far the wording is verified, in the user's words: 已核实原文 or 部分核实."""
        return VERIFIED[self.verified]


@dataclass(frozen=True)
class Preset:
    name: str  # 2024-民主生活会
    year: int
    meeting: str
    lists: tuple[AspectList, ...]
    meeting_name: str = ""  # the meeting's full name when it is not "2024年度民主生活会"
    theme: str = ""
    theme_sources: tuple[Source, ...] = ()
    file: str = ""

    @property
    def full_meeting_name(self) -> str:
        return self.meeting_name or f"{self.year}年度{self.meeting}"

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(kind for aspect_list in self.lists for kind in aspect_list.kinds)

    def list_for(self, kind: str) -> AspectList:
        for aspect_list in self.lists:
            if kind in aspect_list.kinds:
                return aspect_list
        raise UsageProblem(f"预设“{self.name}”没有“{kind}”材料的方面",
                           hint=f"这个预设可用的类型：{'、'.join(self.kinds)}；或去掉 --kind 使用预设的类型")


class _Checker:
    """Reads one file's table, every mistake an InputError naming the file and the key."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, where: str, what: str, hint: str = "") -> InputError:
        return InputError(f"预设文件中“{where}”{what}", file=self.file,
                          hint=hint or "预设文件的写法见 README 的“预设”一节")

    def keys(self, table: dict[str, Any], where: str, required: set[str], optional: set[str]) -> None:
        for key in required - set(table):
            raise self.fail(f"{where}{key}" if where else key, "缺少")
        unknown = sorted(set(table) - required - optional)
        if unknown:
            raise self.fail(f"{where}{unknown[0]}" if where else unknown[0], "是不认识的项目",
                            f"可用的项目：{'、'.join(sorted(required | optional))}")

    def text(self, value: Any, where: str, *, empty: bool = False) -> str:
        if not isinstance(value, str) or (not empty and not value.strip()):
            raise self.fail(where, "应为不空的文字" if not empty else "应为文字")
        return value.strip()

    def texts(self, value: Any, where: str, *, empty: bool = False) -> tuple[str, ...]:
        if not isinstance(value, list) or (not empty and not value):
            raise self.fail(where, "应为一组文字，如 [\"…\", \"…\"]")
        return tuple(self.text(item, f"{where}第 {n} 项") for n, item in enumerate(value, 1))

    def sources(self, value: Any, where: str) -> tuple[Source, ...]:
        if not isinstance(value, list):
            raise self.fail(where, "应为来源的列表（[[…sources]]）")
        found = []
        for n, item in enumerate(value, 1):
            at = f"{where}第 {n} 项的"
            if not isinstance(item, dict):
                raise self.fail(f"{where}第 {n} 项", "应为一个来源（url、grade、quote）")
            self.keys(item, at, {"url"}, {"grade", "quote"})
            url = self.text(item["url"], f"{at}url")
            if not re.match(r"https?://\S+$", url):
                raise self.fail(f"{at}url", "应为以 http:// 或 https:// 开头的网址")
            grade = self.text(item.get("grade", ""), f"{at}grade", empty=True)
            if grade and grade not in GRADES:
                raise self.fail(f"{at}grade", f"应为 {'、'.join(GRADES)} 之一（A 官方网站，B 新闻转载）")
            found.append(Source(url, grade, self.text(item.get("quote", ""), f"{at}quote", empty=True)))
        return tuple(found)


def read_toml(data: bytes, file: str, what: str, example: str) -> dict[str, Any]:
    """The table of a TOML file docgen reads (a preset, an office's review rules), or an InputError in the
    user's words: too large, not UTF-8, or where its writing is wrong. `what` names the file (预设文件),
    `example` shows a line written right."""
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{what}太大", file=file, hint=f"{what}不应超过 {MAX_FILE_BYTES // 1024} KB")
    try:
        return tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(f"{what}不是 UTF-8 编码的文字", file=file, hint="请用记事本另存为 UTF-8 编码") from None
    except tomllib.TOMLDecodeError as err:
        # the parser's English names only the place; say that in the user's words
        at = re.search(r"line (\d+), column (\d+)", str(err))
        where = f"第 {at.group(1)} 行第 {at.group(2)} 列" if at else ""
        raise InputError(f"{what}{where}的写法有误", file=file,
                         hint=f"{what}是 TOML 格式：文字要加英文双引号，{example}") from None


def parse_preset(data: bytes, file: str) -> Preset:
    """A preset from the bytes of its TOML file; any mistake is an InputError at the key."""
    check = _Checker(file)
    table = read_toml(data, file, "预设文件", "如 meeting = \"组织生活会\"；写法见 README 的“预设”一节")
    check.keys(table, "", {"year", "meeting", "lists"}, {"name", "meeting_name", "theme", "theme_sources"})
    year, meeting = table["year"], check.text(table["meeting"], "meeting")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        raise check.fail("year", "应为年度，如 2025")
    if meeting not in MEETINGS:
        raise check.fail("meeting", f"应为 {'、'.join(MEETINGS)} 之一")
    if not isinstance(table["lists"], list) or not table["lists"]:
        raise check.fail("lists", "应至少有一组方面（[[lists]]）")
    lists, seen = [], set()
    for n, item in enumerate(table["lists"], 1):
        lists.append(_aspect_list(check, item, f"lists 第 {n} 组的", meeting, seen))
    theme = check.text(table.get("theme", ""), "theme", empty=True)
    theme_sources = check.sources(table.get("theme_sources", []), "theme_sources")
    name = check.text(table.get("name", f"{year}-{meeting}"), "name")
    return Preset(name, year, meeting, tuple(lists), check.text(table.get("meeting_name", ""), "meeting_name",
                  empty=True), theme, theme_sources, file)


def _aspect_list(check: _Checker, item: Any, at: str, meeting: str, seen: set[str]) -> AspectList:
    if not isinstance(item, dict):
        raise check.fail(at.rstrip("的"), "应为一组方面")
    check.keys(item, at, {"kinds", "aspects"}, {"verified", "suffix", "note", "sources"})
    kinds = check.texts(item["kinds"], f"{at}kinds")
    for kind in kinds:
        if kind not in KINDS:
            raise check.fail(f"{at}kinds", f"中的“{kind}”不是材料类型", f"类型应为：{'、'.join(KINDS)}")
        if KINDS[kind].meeting != meeting:
            raise check.fail(f"{at}kinds", f"中的“{kind}”属于{KINDS[kind].meeting}，不是{meeting}")
        if kind in seen:
            raise check.fail(f"{at}kinds", f"中的“{kind}”在前面一组已经出现")
        seen.add(kind)
    verified = check.text(item.get("verified", "verbatim"), f"{at}verified")
    if verified not in VERIFIED:
        raise check.fail(f"{at}verified", "应为 verbatim（已核实原文）或 partial（部分核实）")
    note = check.text(item.get("note", ""), f"{at}note", empty=True)
    if verified == "partial" and DEFER not in note:
        raise check.fail(f"{at}note", f"应说明哪些未能核实，并写明“{DEFER}”", "部分核实的方面必须有这样的说明")
    aspects = check.texts(item["aspects"], f"{at}aspects", empty=verified == "partial")
    suffix = check.text(item.get("suffix", ""), f"{at}suffix", empty=True)
    full = tuple(a if a.endswith(suffix) else a + suffix for a in aspects)
    return AspectList(kinds, full, verified, note, check.sources(item.get("sources", []), f"{at}sources"))


# -- the shipped presets and a user's own file ------------------------------------------------------


def shipped_presets() -> list[Preset]:
    """The presets in the package, newest year first."""
    folder = resources.files("docgen.presets").joinpath("data")
    found = [parse_preset(entry.read_bytes(), f"docgen/presets/data/{entry.name}")
             for entry in folder.iterdir() if entry.name.endswith(".toml")]
    return sorted(found, key=lambda p: (-p.year, p.meeting))


def find_preset(name_or_path: str) -> Preset:
    """A shipped preset by name (2024-民主生活会; 2024民主生活会 and 2024年度民主生活会 too), or a user's
    .toml file by its path."""
    typed = name_or_path.strip()
    if typed.lower().endswith(".toml") or Path(typed).is_file():
        path = Path(typed)
        try:
            with path.open("rb") as fh:  # no more than a preset may hold, so a huge file is refused unread
                data = fh.read(MAX_FILE_BYTES + 1)
        except OSError:
            raise InputError("找不到预设文件", file=typed, hint="请检查文件名和所在文件夹是否正确") from None
        return parse_preset(data, typed)
    key = re.sub(r"[\s\-－—_]|年度", "", typed)
    presets = shipped_presets()
    for preset in presets:
        if re.sub(r"[\s\-]", "", preset.name) == key:
            return preset
    raise UsageProblem(f"没有名为“{typed}”的预设",
                       hint=f"可用的预设：{'、'.join(p.name for p in presets)}（运行 docgen presets 查看详情），"
                            "或给出自己的 .toml 预设文件")
