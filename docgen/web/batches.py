"""The page's 批量 step: many workbooks in (files, or one .zip of them), one .zip of documents out with the
成功/失败 table batch making prints, and its progress as it goes. Each workbook is made in the same worker
pool as every other request, as many at a time as the pool has workers.

Beside the documents the .zip holds the office's summary of all the workbooks (docgen collect's 汇总.xlsx,
made in a worker too: it reads and reviews every workbook, and may take a few seconds for a large batch)."""

from __future__ import annotations

import asyncio
import io
import zipfile
from dataclasses import dataclass
from typing import Callable

from ..batch.summary import HEADINGS, summary_row, summary_total, table_lines
from . import work
from .limits import Refused, download_name
from .workers import Workers

SUMMARY_NAME = "结果汇总.txt"
COLLECTED_NAME = "汇总.xlsx"  # docgen collect's summary of the batch's workbooks
ZIP_NAME = "对照检查材料.zip"

Progress = Callable[[int, int, str], None]  # (done, total, the workbook just finished)


@dataclass(frozen=True)
class Row:
    workbook: str
    ok: bool
    output: str
    reason: str
    warnings: int

    @property
    def cells(self) -> tuple[str, str, str]:
        return summary_row(self.workbook, self.ok, self.output, self.reason, self.warnings)


@dataclass(frozen=True)
class Outcome:
    rows: tuple[Row, ...]
    total: str  # the 共 … 个工作簿 line
    archive: bytes  # the .zip: the documents, the table as text, the summary workbook


def output_names(shown: list[str]) -> list[str]:
    """一支部.xlsx -> 一支部.docx; two workbooks of one name get 一支部.docx and 一支部（2）.docx."""
    names, taken = [], set()
    for name in shown:
        base = download_name(name, "")
        candidate, n = f"{base}.docx", 1
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{base}（{n}）.docx"
        taken.add(candidate.casefold())
        names.append(candidate)
    return names


async def run_batch(workers: Workers, items: list[tuple[str, bytes]], *, fonts: str = "standard",
                    template: bytes | None = None, progress: Progress | None = None) -> Outcome:
    """Make every workbook, at most the pool's size at once; a failing one never stops the others."""
    workers.begin_batch()
    try:
        names = output_names([shown for shown, _ in items])
        gate = asyncio.Semaphore(workers.size)
        made: list[work.Made | None] = [None] * len(items)
        done = 0

        async def one(index: int) -> None:
            nonlocal done
            shown, data = items[index]
            async with gate:
                try:
                    made[index] = await workers.run(work.make_one, data, shown, fonts=fonts,
                                                    template=template, admitted=True)
                except Refused as err:  # its worker died: this workbook fails, the others go on
                    made[index] = work.Made(False, err.message)
            done += 1
            if progress is not None:
                progress(done, len(items), shown)

        await asyncio.gather(*(one(i) for i in range(len(items))))
        try:
            named = [(f"{name[: -len('.docx')]}.xlsx", data) for name, (_, data) in zip(names, items)]
            collected: bytes | None = await workers.run(work.collect, named, admitted=True)
        except Refused:  # its worker died: the documents are still given
            collected = None
    finally:
        workers.end_batch()
    rows = tuple(Row(shown, m.ok, names[i], m.reason, m.warnings)
                 for i, ((shown, _), m) in enumerate(zip(items, made)) if m is not None)
    succeeded = sum(1 for r in rows if r.ok)
    total = summary_total(len(items), succeeded, len(rows) - succeeded, len(rows))
    files = [(names[i], m.data) for i, m in enumerate(made) if m is not None and m.ok and m.data is not None]
    if collected is not None:
        files.append((COLLECTED_NAME, collected))
    table = "\r\n".join(table_lines([HEADINGS, *(r.cells for r in rows)], total)) + "\r\n"
    files.append((SUMMARY_NAME, "\ufeff".encode() + table.encode("utf-8")))
    return Outcome(rows, total, _zip(files))


def _zip(files: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buffer.getvalue()
