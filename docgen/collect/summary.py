"""The office's summary of all branches: every unit's problems, 整改清单 rows, counts per aspect, findings,
the workbooks that failed, and the units whose items are near-identical to each other's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..errors import LEVEL_NAMES
from ..review.office import Rules, default_rules
from ..text.plain import plain
from ..vocabulary import DONE
from ..workbook.tables_xlsx import Chart, Table
from .reading import Unit

SHEETS = ("问题汇总", "整改台账", "统计", "检查结果", "未通过", "单位间雷同")
OVERDUE = "逾期"


@dataclass(frozen=True)
class Copy:
    """Two units' items near-identical to each other: (unit index, item index) twice and the score."""

    first: tuple[int, int]
    second: tuple[int, int]
    score: float


def _file(unit: Unit, base: Path | None) -> str:
    if base is not None:
        try:
            return unit.path.relative_to(base).as_posix()
        except ValueError:
            pass
    return unit.path.name


def _items(unit: Unit) -> list[tuple[str, object]]:
    """(aspect title, item) of a unit that passed, in order."""
    if unit.report is None:
        return []
    return [(aspect.title, item) for aspect in unit.report.problems for item in aspect.items]


def copies(units: Sequence[Unit], rules: Rules) -> list[Copy]:
    """Items of two different units that are near-identical (copying between branches)."""
    if not rules.threshold:
        return []
    from ..review.office.against import joined
    from ..review.office.similar import close_pairs

    where, texts, groups = [], [], []
    for u, unit in enumerate(units):
        for i, (_, item) in enumerate(_items(unit)):
            where.append((u, i))
            texts.append(joined(item.summary, item.detail))  # type: ignore[attr-defined]
            groups.append(u)
    return [Copy(where[i], where[j], s) for i, j, s in close_pairs(texts, groups, rules.threshold, rules.min_chars)]


def overdue(deadline: str, status: str, report_date: dt.date | None, today: dt.date) -> bool:
    """A 整改清单 row past its 完成时限 and not 已完成."""
    from ..text.deadlines import parse_deadline

    if status.strip() == DONE or not deadline.strip():
        return False
    found = parse_deadline(deadline, report_date)
    return found is not None and found.last_day is not None and found.last_day < today


def _aspect_key(title: str) -> str:
    letters = plain(title)
    return letters[:-2] if letters.endswith("方面") and len(letters) > 2 else letters


def summary_tables(units: Sequence[Unit], *, rules: Rules | None = None, today: dt.date | None = None,
                   base: Path | None = None) -> list[Table]:
    """The summary's sheets, in order (see SHEETS)."""
    rules = rules or default_rules()
    today = today or dt.date.today()
    label = _labels(units, base)
    passed = [u for u in units if u.report is not None]
    problems = [[label[id(u)], aspect, item.summary, item.detail, _file(u, base), str(item.source)]  # type: ignore
                for u in passed for aspect, item in _items(u)]
    ledger, late = [], set()
    for u in passed:
        assert u.report is not None
        for n, row in enumerate(u.report.action_list, 1):
            is_late = overdue(row.deadline, row.status, u.report.meta.date, today)
            if is_late:
                late.add(len(ledger))
            ledger.append([label[id(u)], n, row.aspect, row.problem, row.measure, row.person, row.deadline, row.status,
                           OVERDUE if is_late else "", _file(u, base), str(row.source("problem"))])
    titles: dict[str, str] = {}
    for u in passed:
        for aspect, _ in _items(u):
            titles.setdefault(_aspect_key(aspect), aspect)
    keys = list(titles)
    counts = []
    for u in passed:
        per = dict.fromkeys(keys, 0)
        for aspect, _ in _items(u):
            per[_aspect_key(aspect)] += 1
        counts.append([label[id(u)], *per.values(), sum(per.values())])
    totals = ["合计", *(sum(row[k + 1] for row in counts) for k in range(len(keys))), sum(r[-1] for r in counts)]
    findings = [[label[id(u)], _file(u, base), LEVEL_NAMES[f.level], str(f.source), f.message, f.hint, f.code]
                for u in units for f in u.findings]
    failed = [[_file(u, base), label[id(u)], _why(u)] for u in units if u.report is None]
    pairs = []
    for c in copies(passed, rules):
        (ua, ia), (ub, ib) = c.first, c.second
        a, b = _items(passed[ua])[ia][1], _items(passed[ub])[ib][1]
        pairs.append([label[id(passed[ua])], str(a.source), f"{a.summary}{a.detail}",  # type: ignore[attr-defined]
                      label[id(passed[ub])], str(b.source), f"{b.summary}{b.detail}", round(c.score)])  # type: ignore
    chart = Chart("各单位各方面的问题数", 2, len(keys) + 1, skip_last=1, y_title="问题数") if keys else None
    return [
        Table("问题汇总", ("单位", "方面", "问题", "具体表现", "来源文件", "单元格"), problems, (28, 24, 30, 60, 24, 12)),
        Table("整改台账", ("单位", "序号", "方面", "问题", "整改措施", "责任人", "完成时限", "状态", "是否逾期",
                       "来源文件", "单元格"), ledger, (28, 6, 20, 30, 40, 10, 16, 10, 10, 24, 12), frozenset(late),
              note=f"“是否逾期”按 {today.year}年{today.month}月{today.day}日 计：完成时限已过、状态不是“{DONE}”的项标为逾期（红色）"),
        Table("统计", ("单位", *(titles[k] for k in keys), "合计"), [*counts, totals],
              (28, *(14 for _ in keys), 8), chart=chart),
        Table("检查结果", ("单位", "来源文件", "级别", "位置", "问题", "建议", "代码"), findings, (28, 24, 6, 14, 60, 60, 20)),
        Table("未通过", ("来源文件", "单位", "原因"), failed, (30, 28, 90)),
        Table("单位间雷同", ("单位甲", "单元格甲", "内容甲", "单位乙", "单元格乙", "内容乙", "相似度"), pairs,
              (24, 12, 50, 24, 12, 50, 8),
              note=f"两个单位的问题（问题加具体表现）几乎相同：去掉编号、数字和标点后按分句比较，相似度不低于 {rules.threshold}"),
    ]


def _labels(units: Sequence[Unit], base: Path | None) -> dict[int, str]:
    """Each unit's name as the summary shows it: two workbooks signed by the same unit (a copy handed in
    twice, two branches that kept a template's name) are told apart by their files."""
    seen: dict[str, int] = {}
    for u in units:
        seen[u.name] = seen.get(u.name, 0) + 1
    return {id(u): u.name if seen[u.name] == 1 else f"{u.name}（{_file(u, base)}）" for u in units}


def _why(unit: Unit) -> str:
    if unit.failure:
        return unit.failure
    return "；".join(str(f) for f in unit.errors[:10]) + (f"；等 {len(unit.errors)} 处错误" if len(unit.errors) > 10 else "")
