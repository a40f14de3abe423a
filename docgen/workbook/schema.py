"""The workbook's names: sheets, columns and 基本信息 keys (the user's side of the contract), and its limits."""

from __future__ import annotations

from dataclasses import dataclass

from ..vocabulary import PARTS

GUIDE = "填写说明"
INFO, PROBLEMS, CAUSES, DIRECTIONS = "基本信息", "存在的问题", "原因剖析", "努力方向"
KEY, VALUE = "项目", "内容"
ASPECT, SUMMARY, DETAIL = "方面", "问题", "具体表现"
CAUSE, ANALYSIS = "原因", "分析"
MEASURE, CONTENT = "措施", "内容"
TITLE, ORGANIZATION, DATE, INTRO = "标题", "单位", "日期", "开篇"
PART_TITLE_KEYS = ("问题标题", "原因标题", "方向标题")  # in the order of model.PARTS
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
# Meta field -> the 基本信息 key its value is typed under
FIELD_KEYS = {"title": TITLE, "organization": ORGANIZATION, "date": DATE, "intro": INTRO,
              **{f"{part.name}_title": key for part, key in zip(PARTS, PART_TITLE_KEYS)}}
MAX_HEADER_COLUMNS = 64  # headers further right than this are not looked for
HEADER_SEARCH_ROWS = 5  # a title row or two typed above the header row is tolerated
