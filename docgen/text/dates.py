"""Dates as people type them in a workbook or a report, and as the report prints them (stdlib only)."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from .numerals import ONE_TO_NINE, YEAR_DIGITS, chinese_value

_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serials >= 61 count from here (Excel's 1900 leap-year bug)
EXCEL_FIRST_DAY = dt.date(1900, 1, 1)  # serial 1
_TIME = r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DATE_PATTERNS = (
    re.compile(rf"(\d{{4}})\s*([-/.])\s*(\d{{1,2}})\s*\2\s*(\d{{1,2}}){_TIME}"),
    re.compile(rf"(\d{{4}})\s*(年)\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*[日号]?{_TIME}"),
)


_CN_DATE = re.compile(rf"(?P<y>[{''.join(YEAR_DIGITS)}]{{4}})\s*年\s*(?P<m>[元正{ONE_TO_NINE}十]{{1,3}})\s*月"
                      rf"\s*(?P<d>[{ONE_TO_NINE}十]{{1,3}})\s*[日号]")


def parse_date(value: object) -> dt.date | None:
    """date/datetime, '2022-01-20', '2022/1/20', '2022.1.20', '2022年01月20日', '2022年1月20号',
    '二〇二二年一月二十日' (spaces allowed) -> date; anything else (including impossible dates, and a
    date value before 1900年1月1日, which no Excel serial gives) -> None."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        # a cell's date before Excel's first day came from a serial of 0 or below (or NaN): no date
        return value if value >= EXCEL_FIRST_DAY else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # an Excel serial date the workbook did not mark as a date
        if not math.isfinite(value) or not 20000 <= value <= 80000:
            return None
        return _EXCEL_EPOCH + dt.timedelta(days=math.floor(value))
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).strip()  # full-width digits and ．
    for pattern in _DATE_PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            try:
                return dt.date(int(found.group(1)), int(found.group(3)), int(found.group(4)))
            except ValueError:
                return None
    found = _CN_DATE.fullmatch(text)
    if found is None:
        return None
    year = int("".join(str(YEAR_DIGITS[c]) for c in found.group("y")))
    month = 1 if found.group("m") in ("元", "正") else chinese_value(found.group("m"))
    try:
        return dt.date(year, month, chinese_value(found.group("d")))
    except ValueError:
        return None


def format_date(d: dt.date) -> str:
    """2022年1月20日 (no zero padding)."""
    return f"{d.year}年{d.month}月{d.day}日"
