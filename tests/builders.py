"""Build test workbooks inline: a complete valid workbook by default, overridden where a test cares.

    path = make_workbook(tmp_path)                               # valid, short, every part filled
    path = make_workbook(tmp_path, 日期="2026/13/40")            # one 基本信息 value changed
    path = make_workbook(tmp_path, 单位=MISSING)                 # the 单位 row left out
    path = make_workbook(tmp_path, {"原因剖析": None})           # a sheet left out
    path = make_workbook(tmp_path, {"存在的问题": [["方面", "问题", "具体表现"], ["学习方面", "一是学得浅", ""]]})
    path = make_workbook(tmp_path, merge={"存在的问题": ["A2:A3"]})

Rows are lists of cell values, header row first. A string starting with "=" becomes a formula with
no saved value (openpyxl does not calculate), as a program other than Excel would write it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Mapping, Sequence

import openpyxl

Rows = list[list[object]]
MISSING = object()  # a 基本信息 override that leaves the key's row out

TITLE = "中共示例县统计局机关支部委员会\n2025年度组织生活会对照检查材料"  # broken as typed: no title note
ORGANIZATION = "中共示例县统计局机关支部委员会"
DATE = dt.date(2026, 1, 20)


def minimal_rows() -> dict[str, Rows]:
    """The sheets of a small valid workbook (header rows included): 2 aspects, 3 items, 1 cause, 1 measure."""
    return {
        "基本信息": [
            ["项目", "内容"],
            ["标题", TITLE],
            ["单位", ORGANIZATION],
            ["日期", "2026年1月20日"],
            ["开篇", "按照上级通知要求，支部认真开展了会前准备。\n现将对照检查情况报告如下。"],
        ],
        "存在的问题": [
            ["方面", "问题", "具体表现"],
            ["理论学习方面", "学习的系统性不够", "集中学习以读文件为主。"],
            [None, "学用结合不紧", "运用理论指导工作的办法不多。"],
            ["服务群众方面", "调研不够经常", "到基层走访的次数偏少。"],
        ],
        "原因剖析": [["原因", "分析"], ["理论武装的自觉性不强", "对学习的重要性认识不足。"]],
        "努力方向": [["措施", "内容"], ["持续加强理论学习", "每月开展一次专题学习。"]],
    }


def make_workbook(tmp_path: Path, sheets: Mapping[str, Rows | None] | None = None, *, name: str = "branch.xlsx",
                  merge: Mapping[str, Sequence[str]] | None = None, **info: object) -> Path:
    """Write minimal_rows() with `sheets` replacing whole sheets (None drops one; unknown names add one)
    and `info` replacing 基本信息 values by key (MISSING drops the row; a new key is appended)."""
    content: dict[str, Rows | None] = dict(minimal_rows())
    content.update(sheets or {})
    if info and content.get("基本信息") is not None:
        content["基本信息"] = _override_info(content["基本信息"], info)  # type: ignore[arg-type]
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet, rows in content.items():
        if rows is None:
            continue
        ws = book.create_sheet(sheet)
        for row in rows:
            ws.append(row)
    for sheet, ranges in (merge or {}).items():
        for cells in ranges:
            book[sheet].merge_cells(cells)
    path = tmp_path / name
    book.save(path)
    return path


def _override_info(rows: Rows, info: Mapping[str, object]) -> Rows:
    rows = [list(row) for row in rows]
    for key, value in info.items():
        index = next((i for i, row in enumerate(rows) if row and row[0] == key), None)
        if value is MISSING:
            if index is not None:
                del rows[index]
        elif index is None:
            rows.append([key, value])
        else:
            rows[index][1] = value
    return rows
