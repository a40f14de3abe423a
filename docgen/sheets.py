"""The workbook schema (sheets, columns, keys) and the rules that turn raw cells into a Report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from . import text
from .errors import Finding
from .model import DEFAULT_PART_TITLES, Aspect, Item, Meta, Point, Report, Source

GUIDE = "填写说明"
INFO, PROBLEMS, CAUSES, DIRECTIONS = "基本信息", "存在的问题", "原因剖析", "努力方向"
KEY, VALUE = "项目", "内容"
ASPECT, SUMMARY, DETAIL = "方面", "问题", "具体表现"
CAUSE, ANALYSIS = "原因", "分析"
MEASURE, CONTENT = "措施", "内容"
TITLE, ORGANIZATION, DATE, INTRO = "标题", "单位", "日期", "开篇"
PART_TITLE_KEYS = ("问题标题", "原因标题", "方向标题")
REQUIRED_KEYS = (TITLE, ORGANIZATION, DATE, INTRO)
INFO_KEYS = REQUIRED_KEYS + PART_TITLE_KEYS
MAX_CELL_CHARS = 32_767  # Excel's limit for one cell
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
DATE_HINT = "请写成 2026年1月20日、2026-01-20、2026/1/20 或 2026.1.20，或把单元格设为日期格式后输入日期"
UNCALCULATED = "（公式）"  # stands in for a formula cell without a value, so no follow-on errors


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: tuple[str, ...]
    widths: tuple[int, ...]  # Excel column widths, in characters of the default font


SHEETS = (
    SheetSpec(INFO, (KEY, VALUE), (16, 90)),
    SheetSpec(PROBLEMS, (ASPECT, SUMMARY, DETAIL), (28, 40, 80)),
    SheetSpec(CAUSES, (CAUSE, ANALYSIS), (40, 80)),
    SheetSpec(DIRECTIONS, (MEASURE, CONTENT), (40, 80)),
)
SPECS = {spec.name: spec for spec in SHEETS}


@dataclass(frozen=True)
class Cell:
    """One cell as read: its place, its raw value and whether Excel stored an error (#DIV/0!)."""

    ref: str
    value: object
    error: bool = False


@dataclass(frozen=True)
class Grid:
    """The known columns of one sheet: which were found on row 1 and the non-blank rows under them."""

    name: str
    letters: dict[str, str]  # schema column found in the header row -> its letter ("C")
    rows: tuple[tuple[int, dict[str, Cell]], ...] = ()  # (row number, column -> cell), blank cells left out


MAX_HEADER_COLUMNS = 64  # headers further right than this are not looked for
HEADER_SEARCH_ROWS = 5  # a title row or two typed above the header row is tolerated


def find_header(rows: Iterable[Sequence[object]], columns: Sequence[str]) -> tuple[int, dict[str, int]]:
    """Among the first rows, the first that names a schema column: its row number and, for each column
    it names, the 1-based index. (1, {}) when none does."""
    for number, values in enumerate(rows, 1):
        if number > HEADER_SEARCH_ROWS:
            break
        found: dict[str, int] = {}
        for index, value in enumerate(list(values)[:MAX_HEADER_COLUMNS], 1):
            if value is None or value == "":
                continue
            name = header_name(value)
            if name in columns:
                found.setdefault(name, index)
        if found:
            return number, found
    return 1, {}


def header_name(value: object) -> str:
    """A header as compared with the schema: surrounding spaces (also full-width) do not count."""
    return text.clean(text.cell_text(value)).text.replace(" ", "")


def info_key(value: object) -> str:
    """A 基本信息 key: spaces inside (日 期) and a trailing colon (标题：) are tolerated."""
    return header_name(value).replace("\u3000", "").rstrip(":：")


def build_report(file: str, grids: dict[str, Grid | None],
                 uncalculated: dict[str, tuple[str, ...]] | None = None) -> tuple[Report | None, list[Finding]]:
    """Every problem in the workbook as a Finding, and the Report when none of them is an error."""
    reader = _Reader(file, uncalculated or {})
    report = reader.read(grids)
    if any(f.level == "error" for f in reader.findings):
        report = None
    return report, reader.findings


@dataclass
class _Reader:
    file: str
    uncalculated: dict[str, tuple[str, ...]]
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
                self.add("error", self.src(spec.name), "missing-sheet", f"缺少工作表“{spec.name}”",
                         "请按原样添加这个工作表（第一行是列名），或用 docgen new 生成新的工作簿后把内容复制过去")
                continue
            missing = [c for c in spec.columns if c not in grid.letters]
            for column in missing:
                self.add("error", self.src(spec.name, ""), "missing-column", f"第 1 行缺少列“{column}”",
                         f"第 1 行应依次有列名：{'、'.join(spec.columns)}（顺序可以调整）")
            if not missing:
                usable[spec.name] = grid
        meta, intro = self.meta(usable.get(INFO))
        problems = self.problems(usable[PROBLEMS]) if PROBLEMS in usable else ()
        causes = self.points(usable[CAUSES], CAUSE, ANALYSIS) if CAUSES in usable else ()
        directions = self.points(usable[DIRECTIONS], MEASURE, CONTENT) if DIRECTIONS in usable else ()
        if meta is None:
            return None
        return Report(meta=meta, intro=intro, problems=problems, causes=causes, directions=directions)

    def text(self, sheet: str, cell: Cell | None, *, keep_lines: bool = False) -> str:
        """A cell's canonical text; formula, error, length and control-character problems are reported."""
        if cell is None:
            return ""
        where = self.src(sheet, cell.ref)
        if cell.ref in self.uncalculated.get(sheet, ()):
            self.add("error", where, "formula-without-value", "这个单元格是公式，但文件中没有保存计算结果",
                     "文件可能是由不计算公式的程序生成的：请在 Excel 中打开并保存一次，或直接输入文字")
            return UNCALCULATED
        if cell.error:
            self.add("error", where, "formula-error", f"公式计算出错（{cell.value}）", "请修改公式或直接输入文字")
            return UNCALCULATED
        raw = text.cell_text(cell.value)
        if len(raw) > MAX_CELL_CHARS:
            self.add("error", where, "cell-too-long",
                     f"内容有 {len(raw):,} 个字符，超过 Excel 单元格上限 {MAX_CELL_CHARS:,} 个字符",
                     "请删减内容，或拆成几行分别填写")
        cleaned = text.clean(raw, keep_lines=keep_lines)
        if cleaned.removed:
            shown = "、".join(r if r.startswith("_x") else f"U+{ord(r):04X}" for r in cleaned.removed)
            self.add("warning", where, "control-characters", f"已删除看不见的控制字符（{shown}）",
                     "这些字符通常来自复制粘贴，删除后不影响内容")
        return cleaned.text

    def meta(self, grid: Grid | None) -> tuple[Meta | None, tuple[str, ...]]:
        if grid is None:
            return None, ()
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
        sources = {key: self.src(INFO, cell.ref) for key, cell in values.items()}
        title = self.text(INFO, values.get(TITLE), keep_lines=True)
        organization = self.text(INFO, values.get(ORGANIZATION))
        intro = tuple(text.lines(self.text(INFO, values.get(INTRO), keep_lines=True)))
        date = self.date(values.get(DATE))
        for key, present in ((TITLE, title), (ORGANIZATION, organization), (DATE, date is not _NO_DATE),
                             (INTRO, intro)):
            if present:
                continue
            if key in values:
                self.add("error", sources[key], "missing-field", f"“{key}”没有填写", _FIELD_HINTS[key])
            else:
                self.add("error", self.src(INFO), "missing-field", f"缺少项目“{key}”",
                         f"请在“{KEY}”列添加一行“{key}”，并在“{VALUE}”列填写。{_FIELD_HINTS[key]}")
        titles = []
        for key, default in zip(PART_TITLE_KEYS, DEFAULT_PART_TITLES):
            titles.append(text.strip_numbering(self.text(INFO, values.get(key))) or default)
        if not (title and organization and intro and isinstance(date, dt.date)):
            return None, intro
        meta = Meta(title=title, organization=organization, date=date, problems_title=titles[0],
                    causes_title=titles[1], directions_title=titles[2], sources=sources)
        return meta, intro

    def date(self, cell: Cell | None) -> dt.date | object:
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
        seen_rows = False
        for _, row in grid.rows:
            title = text.strip_numbering(self.text(PROBLEMS, row.get(ASPECT)))
            summary = text.ensure_period(text.strip_numbering(self.text(PROBLEMS, row.get(SUMMARY))))
            detail = self.text(PROBLEMS, row.get(DETAIL))
            if not (title or summary or detail):
                continue
            seen_rows = True
            if title and (not aspects or aspects[-1][0] != title):
                aspects.append((title, self.src(PROBLEMS, row[ASPECT].ref), []))
            if not (summary or detail):
                continue
            if not aspects:
                self.add("error", self.src(PROBLEMS, _ref(row, ASPECT, grid)), "item-without-aspect",
                         "这个问题上方没有填写“方面”", "请在这一行或上面一行的“方面”列填写所属方面")
            elif not summary:
                self.add("error", self.src(PROBLEMS, _ref(row, SUMMARY, grid)), "detail-without-summary",
                         "有“具体表现”但没有填写“问题”", "请在“问题”列用一句话概括这个问题")
            else:
                aspects[-1][2].append(Item(summary=summary, detail=detail,
                                           source=self.src(PROBLEMS, row[SUMMARY].ref),
                                           detail_source=self.src(PROBLEMS, _ref(row, DETAIL, grid))))
        for title, source, items in aspects:
            if not items:
                self.add("error", source, "aspect-without-items", f"方面“{title}”下没有填写任何问题",
                         "请在这一方面的行中填写“问题”和“具体表现”，或删除这个方面")
        if not seen_rows:
            self.add("error", self.src(PROBLEMS), "empty-part", "没有填写任何问题",
                     "请每行填写一个问题：所属方面、问题概括和具体表现")
        return tuple(Aspect(title=t, items=tuple(items), source=s) for t, s, items in aspects)

    def points(self, grid: Grid, head: str, body: str) -> tuple[Point, ...]:
        points: list[Point] = []
        seen_rows = False
        for _, row in grid.rows:
            title = text.ensure_period(text.strip_numbering(self.text(grid.name, row.get(head))))
            content = self.text(grid.name, row.get(body))
            if not (title or content):
                continue
            seen_rows = True
            if not title:
                self.add("error", self.src(grid.name, _ref(row, head, grid)), "point-without-title",
                         f"有“{body}”但没有填写“{head}”", f"请在“{head}”列用一句话概括")
                continue
            points.append(Point(title=title, text=content, source=self.src(grid.name, row[head].ref),
                                text_source=self.src(grid.name, _ref(row, body, grid))))
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
    DATE: DATE_HINT,
    INTRO: "请填写正文开头的几段话，单元格内每一行（Alt+Enter 换行）为一段",
}


def _ref(row: dict[str, Cell], column: str, grid: Grid) -> str:
    """The cell of `column` in this row, even when the cell is blank (and so not in the row)."""
    if column in row:
        return row[column].ref
    any_cell = next(iter(row.values()))
    return f"{grid.letters[column]}{_row_number(any_cell.ref)}"


def _value_ref(key_cell: Cell, grid: Grid) -> str:
    return f"{grid.letters[VALUE]}{_row_number(key_cell.ref)}"


def _row_number(ref: str) -> str:
    return ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def report_rows(report: Report | None) -> dict[str, list[list[object]]]:
    """The data rows (header excluded) of each sheet: a blank form for None, else the report's text."""
    if report is None:
        return {INFO: [[key, None] for key in INFO_KEYS], PROBLEMS: [], CAUSES: [], DIRECTIONS: []}
    m = report.meta
    info: list[list[object]] = [[TITLE, m.title], [ORGANIZATION, m.organization], [DATE, m.date],
                                [INTRO, "\n".join(report.intro)]]
    info += [[key, value] for key, value in zip(PART_TITLE_KEYS, (m.problems_title, m.causes_title,
                                                                  m.directions_title))]
    problems: list[list[object]] = []
    for aspect in report.problems:
        if not aspect.items:
            problems.append([aspect.title, "", ""])
        # the aspect is written once; the blank cells below it mean "same as above"
        for n, item in enumerate(aspect.items):
            problems.append([aspect.title if n == 0 else "", item.summary, item.detail])
    return {
        INFO: info,
        PROBLEMS: problems,
        CAUSES: [[p.title, p.text] for p in report.causes],
        DIRECTIONS: [[p.title, p.text] for p in report.directions],
    }


GUIDE_TITLE = "对照检查材料工作簿·填写说明"
# (what, how) rows of the 填写说明 sheet; an indented "what" is a column or key of the sheet above it
GUIDE_ROWS: tuple[tuple[str, str], ...] = (
    ("用途", "填好本工作簿后，运行 docgen make 文件名.xlsx，即可生成符合党政机关公文格式（GB/T 9704）的"
             "对照检查材料 Word 文档。运行 docgen check 文件名.xlsx 可以先检查填写中的问题，"
             "提示会指出具体位置，如“存在的问题!C7”表示“存在的问题”工作表的 C7 单元格。"),
    ("基本规则", "请不要修改各工作表的名称和第一行的列名；列的先后顺序可以调整，多出的列和其他工作表会被忽略。"
                 "每一行填写一条内容，空行会被跳过。"),
    ("编号自动生成", "“一、”“（一）”“一是、二是”等序号由程序按先后顺序自动生成，请不要自己输入；"
                     "如果已经输入了“一是”“（一）”“1.”之类的序号，程序会自动去掉，不会重复编号。"),
    ("句号", "“问题”“原因”“措施”三列是一句话的概括，句末的句号可以不写，程序会自动补上。"),
    ("换行", "在单元格内换行请按 Alt+Enter（WPS 同样）。除“标题”和“开篇”外，单元格内的换行会被合并成一段。"),
    ("公式", "请直接填写文字，不要使用公式。如果使用了公式，请在 Excel 中打开并保存一次，使计算结果保存在文件中。"),
    ("长度", "每个单元格最多 32,767 个字符（Excel 的上限）。"),
    (INFO, "“项目”列是固定的项目名称，请只在“内容”列填写。"),
    (f"　{TITLE}", "材料的标题。标题较长需要分成两三行时，在单元格内按 Alt+Enter 换行，生成的文档按此分行。"),
    (f"　{ORGANIZATION}", "落款单位，如“中共云溪县发展改革局机关第二支部委员会”，显示在文末。"),
    (f"　{DATE}", "落款日期。可以输入 2026年1月20日、2026-01-20、2026/1/20 或 2026.1.20，也可以使用日期格式的单元格。"),
    (f"　{INTRO}", "正文开头的几段话。单元格内每一行（Alt+Enter 换行）是一个自然段。"),
    ("　问题标题、原因标题、方向标题", "可选。正文三个部分的标题，不填时分别为“存在的问题”“原因剖析”“下一步努力方向”。"),
    (PROBLEMS, "每行填写一个问题。"),
    (f"　{ASPECT}", "问题所属的方面，如“学习贯彻党的创新理论方面”。同一方面的几个问题连续填写，"
                    "“方面”只需在第一行填写，下面几行留空（或合并单元格）即表示与上一行相同。"),
    (f"　{SUMMARY}", "问题的一句话概括，如“理论学习的系统性不够”。"),
    (f"　{DETAIL}", "问题的具体表现，一般写两三句话，可以不填。"),
    (CAUSES, "每行填写一条原因。"),
    (f"　{CAUSE}", "原因的一句话概括。"),
    (f"　{ANALYSIS}", "对这条原因的具体分析。"),
    (DIRECTIONS, "每行填写一条整改措施。"),
    (f"　{MEASURE}", "措施的一句话概括。"),
    (f"　{CONTENT}", "这条措施的具体内容。"),
)
