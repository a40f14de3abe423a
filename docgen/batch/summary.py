"""The end-of-batch table: every workbook with 成功/失败 and its output or reason, then the totals."""

from __future__ import annotations

import unicodedata

from .run import BatchResult


HEADINGS = ("工作簿", "结果", "输出文件或原因")


def summary_row(workbook: str, ok: bool, output: str, reason: str, warnings: int) -> tuple[str, str, str]:
    """One row of the table: the workbook, 成功/失败, and its output (with its warnings) or the reason."""
    return (workbook, "成功" if ok else "失败",
            output + (f"（{warnings} 处警告）" if warnings else "") if ok else reason)


def summary_total(total: int, succeeded: int, failed: int, done: int) -> str:
    """The last line: how many succeeded and failed, and how many never started (Ctrl-C)."""
    tail = f"共 {total} 个工作簿：成功 {succeeded} 个，失败 {failed} 个"
    skipped = total - done
    return tail + (f"，因取消未处理 {skipped} 个。" if skipped else "。")


def summary_lines(result: BatchResult) -> list[str]:
    """A plain-text table of every workbook with 成功/失败 and the output or the reason, then totals."""
    rows = [HEADINGS]
    rows += [summary_row(str(r.job.workbook), r.ok, str(r.job.output), r.reason, r.warnings)
             for r in result.results]
    return table_lines(rows, summary_total(result.total, len(result.succeeded), len(result.failed),
                                           len(result.results)))


def table_lines(rows: list[tuple[str, str, str]], total: str) -> list[str]:
    """Rows (headings first) as aligned plain text, a rule under the headings, then the total line."""
    widths = [max(_width(row[i]) for row in rows) for i in range(2)]
    lines = [_pad(a, widths[0]) + "  " + _pad(b, widths[1]) + "  " + c for a, b, c in rows]
    lines.insert(1, "-" * (widths[0] + widths[1] + 4 + max(_width(row[2]) for row in rows[:1])))
    lines.append(total)
    return lines


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
