"""The workbook's names: sheets, columns and 基本信息 keys (the user's side of the contract), and its limits."""

from __future__ import annotations

from dataclasses import dataclass

from ..vocabulary import PARTS, RECTIFIED

GUIDE = "填写说明"
INFO, PROBLEMS, CAUSES, DIRECTIONS = "基本信息", "存在的问题", "原因剖析", "努力方向"
RECTIFIED_SHEET, ACTIONS, EXTRAS = "上年度整改", "整改清单", "其他部分"
KEY, VALUE = "项目", "内容"
ASPECT, LEAD, SUMMARY, DETAIL = "方面", "概述", "问题", "具体表现"
CAUSE, ANALYSIS = "原因", "分析"
MEASURE, CONTENT = "措施", "内容"
WHAT_WAS_DONE, STATUS = "整改情况", "状态"
ACTION_MEASURE, PERSON, DEADLINE = "整改措施", "责任人", "完成时限"
EXTRA_TITLE, EXTRA_TEXT, POSITION = "标题", "内容", "位置"
TITLE, KIND, ORGANIZATION, NAME, DATE, INTRO = "标题", "类型", "单位", "姓名", "日期", "开篇"
PART_TITLE_KEYS = ("问题标题", "原因标题", "方向标题")  # in the order of vocabulary.PARTS
RECTIFIED_TITLE_KEY = "整改标题"
LIST_TITLE_KEY = "清单标题"
INFO_KEYS = (TITLE, KIND, ORGANIZATION, NAME, DATE, INTRO, *PART_TITLE_KEYS, RECTIFIED_TITLE_KEY,
             LIST_TITLE_KEY)
MAX_CELL_CHARS = 32_767  # Excel's limit for one cell
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
DATE_HINT = "请写成 2026年1月20日、2026-01-20、2026/1/20 或 2026.1.20，或把单元格设为日期格式后输入日期"
UNCALCULATED = "（公式）"  # stands in for a formula cell without a value, so no follow-on errors


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: tuple[str, ...]  # in the order docgen writes them
    widths: tuple[int, ...]  # Excel column widths, in characters of the default font
    optional_columns: tuple[str, ...] = ()  # may be missing (workbooks made before they existed)
    required: bool = True  # an optional sheet may be left out of the workbook altogether

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in self.optional_columns)


SHEETS = (
    SheetSpec(INFO, (KEY, VALUE), (16, 90)),
    SheetSpec(RECTIFIED_SHEET, (SUMMARY, WHAT_WAS_DONE, STATUS), (40, 80, 12), required=False),
    SheetSpec(PROBLEMS, (ASPECT, SUMMARY, DETAIL, LEAD), (28, 40, 80, 30), optional_columns=(LEAD,)),
    SheetSpec(CAUSES, (CAUSE, ANALYSIS), (40, 80)),
    SheetSpec(DIRECTIONS, (MEASURE, CONTENT), (40, 80)),
    SheetSpec(ACTIONS, (ASPECT, SUMMARY, ACTION_MEASURE, PERSON, DEADLINE, STATUS), (24, 40, 50, 12, 16, 12),
              required=False),
    SheetSpec(EXTRAS, (EXTRA_TITLE, EXTRA_TEXT, POSITION), (30, 80, 16), optional_columns=(POSITION,),
              required=False),
)
SPECS = {spec.name: spec for spec in SHEETS}
# Meta field -> the 基本信息 key its value is typed under
FIELD_KEYS = {"title": TITLE, "kind": KIND, "organization": ORGANIZATION, "name": NAME, "date": DATE,
              "intro": INTRO, "rectified_title": RECTIFIED_TITLE_KEY, "list_title": LIST_TITLE_KEY,
              **{f"{part.name}_title": key for part, key in zip(PARTS, PART_TITLE_KEYS)}}
# 其他部分's 位置, as the user writes it -> ExtraPart.after
POSITIONS = {"开篇之后": "", f"{RECTIFIED.title}之后": RECTIFIED.name,
             **{f"{part.title}之后": part.name for part in PARTS}}
MAX_HEADER_COLUMNS = 64  # headers further right than this are not looked for
HEADER_SEARCH_ROWS = 5  # a title row or two typed above the header row is tolerated
