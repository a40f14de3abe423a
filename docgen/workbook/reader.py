"""Grid -> Report: the rules that turn a workbook's cells into a Report, every problem found as a Finding."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from .. import text
from ..errors import Finding
from ..files.scan import PackageFacts
from ..model import Aspect, Item, Meta, Point, Report, Source
from ..vocabulary import KINDS, PARTS, RECTIFIED
from . import optional_sheets
from .grid import Cell, Grid, cell_ref, info_key
from .schema import (ACTIONS, ANALYSIS, ASPECT, CAUSE, CAUSES, CONTENT, DATE, DATE_HINT, DETAIL, DIRECTIONS,
                     EXTRAS, FIELD_KEYS, INFO, INFO_KEYS, INTRO, KEY, KIND, LEAD, LIST_TITLE_KEY,
                     MAX_CELL_CHARS, MEASURE, NAME, ORGANIZATION, PART_TITLE_KEYS, PROBLEMS, RECTIFIED_SHEET,
                     RECTIFIED_TITLE_KEY, SHEETS, SUMMARY, TITLE, UNCALCULATED, VALUE)


def build_report(file: str, grids: dict[str, Grid | None], uncalculated: dict[str, tuple[str, ...]] | None = None,
                 *, facts: PackageFacts | None = None, draft: bool = False) -> tuple[Report | None, list[Finding]]:
    """Every problem in the workbook as a Finding, and the Report when none of them is an error (with
    `draft`, the Report of whatever could be read even then, so that it can be reviewed too)."""
    reader = _Reader(file, uncalculated or {}, facts or PackageFacts("xlsx"), draft)
    report = reader.read(grids)
    if any(f.level == "error" for f in reader.findings) and not draft:
        report = None
    return report, reader.findings


@dataclass
class _Reader:
    file: str
    uncalculated: dict[str, tuple[str, ...]]
    facts: PackageFacts
    draft: bool = False  # build a Report of whatever could be read, errors or not
    findings: list[Finding] = field(default_factory=list)

    def src(self, sheet: str, cell: str = "") -> Source:
        return Source(file=self.file, sheet=sheet, cell=cell)

    def add(self, level: str, source: Source, code: str, message: str, hint: str = "") -> None:
        self.findings.append(Finding(level, source, message, hint, code))  # type: ignore[arg-type]

    def read(self, grids: dict[str, Grid | None]) -> Report | None:
        usable: dict[str, Grid] = {}
        for spec in SHEETS:
            grid = grids.get(spec.name)
            if grid is None:
                if spec.required:
                    self.add("error", self.src(spec.name), "missing-sheet", f"缺少工作表“{spec.name}”",
                             "请按原样添加这个工作表（第一行是列名），或用 docgen new 生成新的工作簿后把内容复制过去")
                continue
            missing = [c for c in spec.required_columns if c not in grid.letters]
            if missing and not spec.required and not grid.rows and not grid.letters:
                continue  # an optional sheet left blank, header and all
            for column in missing:
                self.add("error", self.src(spec.name, ""), "missing-column", f"第 1 行缺少列“{column}”",
                         f"第 1 行应依次有列名：{'、'.join(spec.columns)}（顺序可以调整）")
            if not missing:
                usable[spec.name] = grid
                self.hidden(grid)
        meta, intro = self.meta(usable.get(INFO))
        rectified = optional_sheets.rectified(self, usable[RECTIFIED_SHEET]) if RECTIFIED_SHEET in usable else ()
        problems = self.problems(usable[PROBLEMS]) if PROBLEMS in usable else ()
        causes = self.points(usable[CAUSES], CAUSE, ANALYSIS) if CAUSES in usable else ()
        directions = self.points(usable[DIRECTIONS], MEASURE, CONTENT) if DIRECTIONS in usable else ()
        actions = optional_sheets.actions(self, usable[ACTIONS]) if ACTIONS in usable else ()
        extras = optional_sheets.extra_parts(self, usable[EXTRAS]) if EXTRAS in usable else ()
        if meta is None:
            return None
        return Report(meta=meta, intro=intro, problems=problems, causes=causes, directions=directions,
                      rectified=rectified, extra_parts=extras, action_list=actions)

    def hidden(self, grid: Grid) -> None:
        """Hidden sheets and rows are read like any other; the user may not know what is in them."""
        if grid.name in self.facts.hidden_sheets:
            self.add("warning", self.src(grid.name), "hidden-sheet", f"工作表“{grid.name}”是隐藏的，其中的内容照常读取",
                     "在 Excel 中右键点击工作表标签、选“取消隐藏”即可看到；不需要的内容请删除，而不是隐藏")
        hidden = set(self.facts.hidden_rows.get(grid.name, ()))
        rows = [number for number, _ in grid.rows if number in hidden]
        if rows:
            shown = "、".join(map(str, rows[:10])) + (f" 等 {len(rows)} 行" if len(rows) > 10 else " 行")
            self.add("warning", self.src(grid.name), "hidden-rows", f"第 {shown}是隐藏的，其中的内容照常读取",
                     "在 Excel 中选中上下两行、右键点击选“取消隐藏”即可看到；不需要的内容请删除，而不是隐藏")

    def invalid(self, sheet: str, cell: Cell) -> bool:
        """A number cell whose stored value is no number (NaN, INF): an error at its cell."""
        raw = self.facts.invalid_numbers.get(sheet, {}).get(cell.ref)
        if raw is None:
            return False
        self.add("error", self.src(sheet, cell.ref), "invalid-number", f"单元格中保存的数值无效（{raw}）",
                 "这个值不是 Excel 能显示的数（文件可能由其他程序生成）；请在单元格中重新输入内容")
        return True

    def text(self, sheet: str, cell: Cell | None, *, keep_lines: bool = False) -> str:
        """A cell's canonical text; formula, error, length and control-character problems are reported."""
        if cell is None:
            return ""
        if self.invalid(sheet, cell):
            return UNCALCULATED
        if cell.ref in self.uncalculated.get(sheet, ()):
            self.add("error", self.src(sheet, cell.ref), "formula-without-value",
                     "这个单元格是公式，但文件中没有保存计算结果",
                     "文件可能是由不计算公式的程序生成的：请在 Excel 中打开并保存一次，或直接输入文字")
            return UNCALCULATED
        if cell.error:
            self.add("error", self.src(sheet, cell.ref), "formula-error", f"公式计算出错（{cell.value}）",
                     "请修改公式或直接输入文字")
            return UNCALCULATED
        raw = text.cell_text(cell.value)
        if len(raw) > MAX_CELL_CHARS:
            self.add("error", self.src(sheet, cell.ref), "cell-too-long",
                     f"内容有 {len(raw):,} 个字符，超过 Excel 单元格上限 {MAX_CELL_CHARS:,} 个字符",
                     "请删减内容，或拆成几行分别填写")
        cleaned = text.clean(raw, keep_lines=keep_lines)
        if cleaned.removed:
            shown = "、".join(r if r.startswith("_x") else f"U+{ord(r):04X}" for r in cleaned.removed)
            self.add("warning", self.src(sheet, cell.ref), "control-characters", f"已删除看不见的字符（{shown}）",
                     "这些字符通常来自复制粘贴，删除后不影响内容")
        return cleaned.text

    def sentence(self, sheet: str, cell: Cell | None, prepare: Callable[[str], str] = str, *,
                 added: bool = False) -> str:
        """A cell's text ending as a sentence (text.end_sentence); a replaced ，；, and with `added` an
        added 。, is said in a warning."""
        typed = prepare(self.text(sheet, cell))
        if not typed or typed == UNCALCULATED:
            return typed
        ended, replaced = text.end_sentence(typed)
        if replaced:
            self.add("warning", self.src(sheet, cell.ref), "end-replaced",  # type: ignore[union-attr]
                     f"句末的“{replaced}”已改为“。”", "这一句在生成的文档中以句号结尾；如果话还没有说完，请在单元格中补全")
        elif added and ended != typed:
            self.add("warning", self.src(sheet, cell.ref), "period-added",  # type: ignore[union-attr]
                     "句末没有句号，已补上“。”", "否则生成的文档中这一句会与下一条问题连在一起；如不合适，请修改这个单元格")
        return ended

    def meta(self, grid: Grid | None) -> tuple[Meta | None, tuple[str, ...]]:
        if grid is None:
            return (Meta(title="", organization="", date=None) if self.draft else None), ()
        values: dict[str, Cell] = {}
        for _, row in grid.rows:
            key_cell, value_cell = row.get(KEY), row.get(VALUE)
            key = info_key(key_cell.value) if key_cell else ""
            if not key:
                if value_cell is not None and self.text(INFO, value_cell):
                    self.add("warning", self.src(INFO, value_cell.ref), "value-without-key",
                             "这一行有内容但没有填写项目名，已忽略", f"项目名应为：{'、'.join(INFO_KEYS)}")
                continue
            if key not in INFO_KEYS:
                self.add("warning", self.src(INFO, key_cell.ref), "unknown-key",  # type: ignore[union-attr]
                         f"未知的项目“{key}”，已忽略", f"可用的项目：{'、'.join(INFO_KEYS)}")
            elif key in values:
                self.add("warning", self.src(INFO, key_cell.ref), "duplicate-key",  # type: ignore[union-attr]
                         f"项目“{key}”重复出现，只使用第一次填写的内容", "请删除多余的一行")
            else:
                values[key] = value_cell or Cell(_value_ref(key_cell, grid), None)  # type: ignore[arg-type]
        places = {key: self.src(INFO, cell.ref) for key, cell in values.items()}
        kind = self.kind(values.get(KIND))
        title = self.text(INFO, values.get(TITLE), keep_lines=True)
        organization = self.text(INFO, values.get(ORGANIZATION))
        name = self.text(INFO, values.get(NAME))
        intro = tuple(text.lines(self.text(INFO, values.get(INTRO), keep_lines=True)))
        date = self.date(values.get(DATE))
        signer_field = KINDS[kind].signer
        signer = (FIELD_KEYS[signer_field], name if signer_field == "name" else organization)
        for key, present in ((TITLE, title), signer, (DATE, date is not _NO_DATE), (INTRO, intro)):
            if present:
                continue
            if key in values:
                self.add("error", places[key], "missing-field", f"“{key}”没有填写", _FIELD_HINTS[key])
            else:
                self.add("error", self.src(INFO), "missing-field", f"缺少项目“{key}”",
                         f"请在“{KEY}”列添加一行“{key}”，并在“{VALUE}”列填写。{_FIELD_HINTS[key]}")
        # A title left blank is the kind's usual one (民主生活会 materials say 原因分析, 整改措施).
        titles = {f"{part.name}_title": text.strip_numbering(self.text(INFO, values.get(key))) or usual
                  for key, part, usual in zip(PART_TITLE_KEYS, PARTS, KINDS[kind].part_titles)}
        titles["rectified_title"] = (text.strip_numbering(self.text(INFO, values.get(RECTIFIED_TITLE_KEY)))
                                     or RECTIFIED.title)
        titles["list_title"] = self.text(INFO, values.get(LIST_TITLE_KEY), keep_lines=True)
        if not (title and signer[1] and intro and isinstance(date, dt.date)) and not self.draft:
            return None, intro
        sources = {field_name: places[key] for field_name, key in FIELD_KEYS.items() if key in places}
        meta = Meta(title=title, organization=organization, date=date if isinstance(date, dt.date) else None,
                    sources=sources, kind=kind, name=name,
                    **titles)
        return meta, intro

    def kind(self, cell: Cell | None) -> str:
        """The kind of report typed under 类型; blank means the default, anything else is an error."""
        typed = self.text(INFO, cell).replace(" ", "").replace("\u3000", "")
        if not typed:
            return next(iter(KINDS))
        if typed not in KINDS:
            self.add("error", self.src(INFO, cell.ref), "unknown-kind",  # type: ignore[union-attr]
                     f"不认识的类型“{typed}”", f"类型应为：{'、'.join(KINDS)}（不填时为{next(iter(KINDS))}）")
            return next(iter(KINDS))
        return typed

    def date(self, cell: Cell | None) -> dt.date | object:
        if cell is not None and self.invalid(INFO, cell):
            return _BAD_DATE
        if cell is None or (cell.value is None and cell.ref not in self.uncalculated.get(INFO, ())):
            return _NO_DATE
        value = cell.value
        if isinstance(value, str) or cell.error or cell.ref in self.uncalculated.get(INFO, ()):
            value = self.text(INFO, cell)
            if not value:
                return _NO_DATE
            if value == UNCALCULATED:
                return _BAD_DATE
        parsed = text.parse_date(value)
        if parsed is None:
            self.add("error", self.src(INFO, cell.ref), "bad-date", f"无法识别日期“{text.cell_text(value)}”",
                     DATE_HINT)
            return _BAD_DATE
        return parsed

    def problems(self, grid: Grid) -> tuple[Aspect, ...]:
        aspects: list[tuple[str, Source, list[Item]]] = []
        leads: dict[int, tuple[str, Source]] = {}  # aspect index -> its 概述 and where it was typed
        seen_rows = False
        for _, row in grid.rows:
            title = text.strip_numbering(self.text(PROBLEMS, row.get(ASPECT)))
            lead = self.text(PROBLEMS, row.get(LEAD))
            summary = self.sentence(PROBLEMS, row.get(SUMMARY), text.strip_numbering)
            # a detail runs on into the next item (…请示上级二是…) unless it ends a sentence
            detail = self.sentence(PROBLEMS, row.get(DETAIL), added=True)
            if not (title or lead or summary or detail):
                continue
            seen_rows = True
            if title and (not aspects or aspects[-1][0] != title):
                aspects.append((title, self.src(PROBLEMS, row[ASPECT].ref), []))
            if lead:
                self.lead(leads, len(aspects) - 1, lead, self.src(PROBLEMS, row[LEAD].ref))
            if not (summary or detail):
                continue
            if not aspects:
                self.add("error", self.src(PROBLEMS, cell_ref(grid, row, ASPECT)), "item-without-aspect",
                         "这个问题上方没有填写“方面”", "请在这一行或上面一行的“方面”列填写所属方面")
            elif not summary:
                self.add("error", self.src(PROBLEMS, cell_ref(grid, row, SUMMARY)), "detail-without-summary",
                         "有“具体表现”但没有填写“问题”", "请在“问题”列用一句话概括这个问题")
            else:
                aspects[-1][2].append(Item(summary=summary, detail=detail,
                                           source=self.src(PROBLEMS, row[SUMMARY].ref),
                                           detail_source=self.src(PROBLEMS, cell_ref(grid, row, DETAIL))))
        for title, source, items in aspects:
            if not items:
                self.add("error", source, "aspect-without-items", f"方面“{title}”下没有填写任何问题",
                         "请在这一方面的行中填写“问题”和“具体表现”，或删除这个方面")
        if not seen_rows:
            self.add("error", self.src(PROBLEMS), "empty-part", "没有填写任何问题",
                     "请每行填写一个问题：所属方面、问题概括和具体表现")
        return tuple(Aspect(title=t, items=tuple(items), source=s, lead=leads.get(n, ("", s))[0],
                            lead_source=leads.get(n, ("", s))[1]) for n, (t, s, items) in enumerate(aspects))

    def lead(self, leads: dict[int, tuple[str, Source]], aspect: int, lead: str, where: Source) -> None:
        if aspect < 0:
            self.add("error", where, "lead-without-aspect", "这个“概述”上方没有填写“方面”",
                     "“概述”是写在一个方面的“一是”之前的总体表述，请在这一行的“方面”列填写所属方面")
        elif aspect in leads:
            self.add("error", where, "second-lead", f"同一方面已在 {leads[aspect][1]} 填写了“概述”",
                     "一个方面只有一段“概述”：请把两段合成一段，写在这个方面的第一行")
        else:
            leads[aspect] = (lead, where)

    def points(self, grid: Grid, head: str, body: str) -> tuple[Point, ...]:
        points: list[Point] = []
        seen_rows = False
        for _, row in grid.rows:
            title = self.sentence(grid.name, row.get(head), text.strip_numbering)
            content = self.text(grid.name, row.get(body))
            if not (title or content):
                continue
            seen_rows = True
            if not title:
                self.add("error", self.src(grid.name, cell_ref(grid, row, head)), "point-without-title",
                         f"有“{body}”但没有填写“{head}”", f"请在“{head}”列用一句话概括")
                continue
            points.append(Point(title=title, text=content, source=self.src(grid.name, row[head].ref),
                                text_source=self.src(grid.name, cell_ref(grid, row, body))))
        if not seen_rows:
            what = "原因" if grid.name == CAUSES else "措施"
            self.add("error", self.src(grid.name), "empty-part", f"没有填写任何{what}",
                     f"请每行填写一条{what}：“{head}”列写概括，“{body}”列写具体内容")
        return tuple(points)


_NO_DATE = object()
_BAD_DATE = object()
_FIELD_HINTS = {
    TITLE: "请填写材料的标题",
    ORGANIZATION: "请填写落款单位，如“中共某某支部委员会”",
    NAME: "个人对照检查材料的落款是本人姓名：请在“姓名”一栏填写",
    DATE: DATE_HINT,
    INTRO: "请填写正文开头的几段话，单元格内每一行（Alt+Enter 换行）为一段",
}


def _value_ref(key_cell: Cell, grid: Grid) -> str:
    return cell_ref(grid, {KEY: key_cell}, VALUE)
