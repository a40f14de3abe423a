"""完成时限 as people write them in a 整改清单: a day, a month, a season, a span, or 长期坚持 (stdlib only)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

from .dates import parse_date
from .numerals import chinese_value

# Deadlines that name no day because the work does not end (or starts at once): accepted as they are.
ONGOING_WORDS = ("长期坚持", "长期推进", "长期整改", "长期", "持续推进", "持续整改", "持续抓好", "持续深化",
                 "常态化推进", "常态化", "立行立改", "即知即改", "立即整改", "边查边改", "久久为功")


@dataclass(frozen=True)
class Deadline:
    """What a 完成时限 means: the last day it allows, or none for work that goes on (长期坚持)."""

    last_day: dt.date | None
    ongoing: bool = False


_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_TAIL = r"(?:之前|以前|前|止|以内|内)?(?:完成|办结|见效|整改到位|整改完成)?"
# Prefixes people put before the time ("力争于2026年6月底前完成").
_LEAD = re.compile(r"^(?:力争|争取|计划|预计|确保|要求)?(?:在|于)?")
_YEAR = r"(?:(?P<y>\d{4})\s*(?:年|[-/.]))?"
_MONTH = re.compile(rf"^{_YEAR}(?P<m>{_NUM})月?(?:份)?(?P<part>上旬|中旬|下旬|初|中|底|末|末前)?{_TAIL}$")
_DAY_TAIL = re.compile(rf"^(?P<day>.+?[日号]){_TAIL}$")
_YEAR_PART = re.compile(
    rf"^(?:(?P<y>\d{{4}})\s*年|本年|今年|年)?(?:度)?(?P<part>年?底|年?末|内|年内|上半年|下半年|年中|"
    rf"(?:第)?(?P<q>[一二三四1-4])季度)?{_TAIL}$")
_SPAN = re.compile(rf"^(?P<n>{_NUM}|半)\s*(?P<unit>个月|个星期|周|天|日|年)(?:内|以内|之内){_TAIL}$")
_RANGE = re.compile(r"\s*(?:至|到|—|–|~|～)\s*")


def parse_deadline(text: str, after: dt.date | None = None) -> Deadline | None:
    """The meaning of a 完成时限, or None when it names no time docgen can tell.

    `after` is the report's date: a deadline without a year is the first such time on or after it, and a
    span (3个月内) counts from it. Periods give their last day: 2026年6月底前 and 2026年6月 are 2026-06-30,
    2026年上半年 2026-06-30, 2026年底 2026-12-31. A range (2026年3月至6月) gives its end.
    """
    raw = unicodedata.normalize("NFKC", text).strip()
    plain = re.sub(r"\s+", "", raw)
    if not plain:
        return None
    if any(plain.startswith(word) for word in ONGOING_WORDS):
        return Deadline(None, ongoing=True)
    pieces = _RANGE.split(plain)
    last = pieces[-1]
    if len(pieces) > 1 and not re.match(r"\d{4}", last):
        # 2026年3月至6月: the end borrows the start's year
        year = re.match(r"(\d{4})年", pieces[0])
        last = f"{year.group(1)}年{last}" if year else last
    day = _parse_one(_LEAD.sub("", last), after)
    return None if day is None else Deadline(day)


def _parse_one(text: str, after: dt.date | None) -> dt.date | None:
    exact = parse_date(text)
    if exact is not None:
        return exact
    with_tail = _DAY_TAIL.match(text)
    if with_tail:
        exact = parse_date(with_tail.group("day"))
        if exact is not None:
            return exact
        short = re.fullmatch(rf"(?P<m>{_NUM})月(?P<d>{_NUM})[日号]", with_tail.group("day"))
        if short:
            return _next(after, lambda year: _day(year, short.group("m"), short.group("d")))
    month = _MONTH.match(text)
    if month and (month.group("y") or "月" in text):
        part = month.group("part") or ""

        def month_day(year: int) -> dt.date | None:
            number = _number(month.group("m"))
            if not 1 <= number <= 12:
                return None
            end = _month_days(year, number)
            return dt.date(year, number, {"上旬": 10, "初": 10, "中旬": 20, "中": 20}.get(part, end))

        if month.group("y"):
            return month_day(int(month.group("y")))
        return _next(after, month_day)
    period = _YEAR_PART.match(text)
    if period and (period.group("y") or period.group("part")):
        part, quarter = period.group("part") or "", period.group("q")

        def period_day(year: int) -> dt.date:
            if quarter:
                ends = {"一": 3, "1": 3, "二": 6, "2": 6, "三": 9, "3": 9, "四": 12, "4": 12}[quarter]
                return dt.date(year, ends, _month_days(year, ends))
            if part in ("上半年", "年中"):
                return dt.date(year, 6, 30)
            return dt.date(year, 12, 31)

        if period.group("y"):
            return period_day(int(period.group("y")))
        return _next(after, period_day)
    span = _SPAN.match(text)
    if span and after is not None:
        count = 0.5 if span.group("n") == "半" else _number(span.group("n"))
        unit = span.group("unit")
        if unit in ("天", "日"):
            return after + dt.timedelta(days=int(count))
        if unit in ("周", "个星期"):
            return after + dt.timedelta(weeks=count)
        months = int(count * (12 if unit == "年" else 1))
        year, month0 = divmod(after.month - 1 + months, 12)
        year += after.year
        return dt.date(year, month0 + 1, min(after.day, _month_days(year, month0 + 1)))
    return None


def _month_days(year: int, month: int) -> int:
    """Days in the month (calendar.monthrange without importing calendar, which a cold start would pay)."""
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def _number(text: str) -> int:
    return int(text) if text.isdigit() else chinese_value(text)


def _day(year: int, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(year, _number(month), _number(day))
    except ValueError:
        return None


def _next(after: dt.date | None, make: Callable[[int], dt.date | None]) -> dt.date | None:
    """The first date `make(year)` gives on or after `after` (its year or the next; today without it)."""
    base = after or dt.date.today()
    first = make(base.year)
    if first is not None and first < base:
        return make(base.year + 1)
    return first
