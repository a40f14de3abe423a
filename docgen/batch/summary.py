"""The end-of-batch table: every workbook with 成功/失败 and its output or reason, then the totals."""

from __future__ import annotations

import unicodedata

from .run import BatchResult


def summary_lines(result: BatchResult) -> list[str]:
    """A plain-text table of every workbook with 成功/失败 and the output or the reason, then totals."""
    rows = [("工作簿", "结果", "输出文件或原因")]
    rows += [(str(r.job.workbook), "成功" if r.ok else "失败",
              str(r.job.output) + (f"（{r.warnings} 处警告）" if r.warnings else "") if r.ok else r.reason)
             for r in result.results]
    widths = [max(_width(row[i]) for row in rows) for i in range(2)]
    lines = [_pad(a, widths[0]) + "  " + _pad(b, widths[1]) + "  " + c for a, b, c in rows]
    lines.insert(1, "-" * (widths[0] + widths[1] + 4 + max(_width(row[2]) for row in rows[:1])))
    tail = f"共 {result.total} 个工作簿：成功 {len(result.succeeded)} 个，失败 {len(result.failed)} 个"
    skipped = result.total - len(result.results)
    lines.append(tail + (f"，因取消未处理 {skipped} 个。" if skipped else "。"))
    return lines


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
