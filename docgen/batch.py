"""Many workbooks at once: find them, plan the outputs, render them in worker processes (stdlib only)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import stat
import sys
import unicodedata
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from .errors import DocgenError, InputError, OutputError, WorkbookInvalid

LOCK_PREFIX = "~$"  # Excel's and WPS's owner files beside an open workbook


class BatchUsageError(DocgenError):
    """A batch that cannot start as asked (name collisions, -o not a folder); nothing was written."""

    exit_code = 2


@dataclass(frozen=True)
class Job:
    workbook: Path
    output: Path


@dataclass(frozen=True)
class JobResult:
    job: Job
    ok: bool
    reason: str = ""  # why it failed, in Chinese; empty on success
    warnings: int = 0


@dataclass(frozen=True)
class BatchResult:
    results: tuple[JobResult, ...]  # in job order; jobs never started are absent
    total: int  # jobs planned
    interrupted: bool = False

    @property
    def succeeded(self) -> list[JobResult]:
        return [r for r in self.results if r.ok]

    @property
    def failed(self) -> list[JobResult]:
        return [r for r in self.results if not r.ok]


# Called after every finished job with (done, total, result); once first with (0, total, None).
Progress = Callable[[int, int, "JobResult | None"], None]


# -- inputs and outputs -----------------------------------------------------------------------------


def collect_inputs(paths: Sequence[Path]) -> list[Path]:
    """Files as given, folders searched recursively for .xlsx (no lock files, nothing hidden)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(_workbooks_under(path))
        elif path.exists():
            found.append(path)
        else:
            raise InputError("找不到这个文件或文件夹", file=str(path), hint="请检查路径是否写对")
    if not found:
        folders = "、".join(str(p) for p in paths)
        raise InputError(f"在 {folders} 中没有找到工作簿（.xlsx）", hint="请检查文件夹是否写对；以 ~$ 开头的临时文件和隐藏文件不算")
    unique: dict[str, Path] = {}
    for path in found:  # a file named twice, or named and inside a named folder, is made once
        unique.setdefault(_key(path), path)
    return list(unique.values())


def _workbooks_under(folder: Path) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(folder):  # does not follow links to folders: no loops
        dirs[:] = sorted(d for d in dirs if not _hidden(Path(root, d)))
        for name in sorted(files):
            path = Path(root, name)
            if name.lower().endswith(".xlsx") and not name.startswith(LOCK_PREFIX) and not _hidden(path):
                found.append(path)
    return found


def _hidden(path: Path) -> bool:
    if path.name.startswith("."):
        return True
    try:
        attributes = getattr(path.lstat(), "st_file_attributes", 0)  # Windows only
    except OSError:
        return True
    return bool(attributes & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))


def plan_jobs(workbooks: Sequence[Path], output: Path | None = None) -> list[Job]:
    """One job per workbook; `output` is a folder. Refuses two jobs writing one file."""
    if output is not None:
        output = Path(output)
        is_file = output.exists() and not output.is_dir()
        if is_file or (not output.exists() and output.suffix.lower() == ".docx"):
            raise BatchUsageError("有多个工作簿时，-o 应当是一个文件夹", file=str(output),
                                  hint="请用 -o 指定一个文件夹（不存在时会自动创建），或每次只生成一个工作簿")
    jobs = [Job(Path(w), (output / Path(w).name if output else Path(w)).with_suffix(".docx")) for w in workbooks]
    by_target: dict[str, list[Job]] = {}
    for job in jobs:
        by_target.setdefault(_key(job.output), []).append(job)
    clashes = [group for group in by_target.values() if len(group) > 1]
    if clashes:
        described = "；".join(f"{group[0].output}（来自 " + "、".join(str(j.workbook) for j in group) + "）"
                              for group in clashes)
        raise BatchUsageError(f"多个工作簿会生成同名文件，未生成任何文件：{described}",
                              hint="请给其中的工作簿改名，或分开运行并用 -o 指定不同的文件夹")
    return jobs


def _key(path: Path) -> str:
    # Case-folded and NFC: on Windows and macOS disks "A.docx" and "a.docx" are one file.
    return unicodedata.normalize("NFC", os.path.normcase(os.path.abspath(path))).casefold()


def prepare_folder(output: Path) -> None:
    try:
        Path(output).mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError("无法创建输出文件夹", file=str(output), hint="请检查路径和写入权限，或用 -o 指定其他文件夹") from err


# -- running ----------------------------------------------------------------------------------------


def make_many(paths: Sequence[Path], output: Path | None = None, *, template: Path | None = None,
              fonts: str = "standard", workers: int | None = None, progress: Progress | None = None) -> BatchResult:
    """Collect, plan and run: one .docx per workbook; a failing workbook never stops the others."""
    jobs = plan_jobs(collect_inputs(paths), output)
    if workers is not None and workers < 1:
        raise BatchUsageError("-j 的值至少为 1", hint="例如 -j 4 表示同时用 4 个进程生成")
    # A broken template is one error for the whole batch, found before anything is written.
    from .render import load_template

    load_template(Path(template) if template else None, fonts)
    if output is not None:
        prepare_folder(output)
    return run_jobs(jobs, template=template, fonts=fonts, workers=workers, progress=progress)


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def run_jobs(jobs: Sequence[Job], *, template: Path | None = None, fonts: str = "standard",
             workers: int | None = None, progress: Progress | None = None) -> BatchResult:
    """Run every job; with one worker in this process, else in a pool. Ctrl-C finishes running jobs only."""
    workers = max(1, min(workers or default_workers(), len(jobs)))
    report = progress or (lambda done, total, result: None)
    report(0, len(jobs), None)
    if workers == 1:
        return _run_here(jobs, template, fonts, report)
    return _run_pool(jobs, template, fonts, workers, report)


def _run_here(jobs: Sequence[Job], template: Path | None, fonts: str, report: Progress) -> BatchResult:
    results: list[JobResult] = []
    try:
        for job in jobs:
            results.append(run_job(job, template, fonts))
            report(len(results), len(jobs), results[-1])
    except KeyboardInterrupt:  # the running job's atomic write leaves nothing behind
        return BatchResult(tuple(results), len(jobs), interrupted=True)
    return BatchResult(tuple(results), len(jobs))


def _run_pool(jobs: Sequence[Job], template: Path | None, fonts: str, workers: int,
              report: Progress) -> BatchResult:
    done: dict[int, JobResult] = {}
    interrupted = False
    # Imported before the fork, every worker starts with them (and shares their pages) instead of
    # importing the workbook reader and the lint rules on its first job.
    from . import lint, workbook  # noqa: F401

    workbook.preload()

    pool = ProcessPoolExecutor(workers, mp_context=_context(), initializer=_start_worker,
                               initargs=(template, fonts))
    # A few jobs per task: one round trip to a worker costs about as much as a small document.
    size = max(1, min(8, len(jobs) // (workers * 8)))
    chunks = [range(start, min(start + size, len(jobs))) for start in range(0, len(jobs), size)]
    futures: dict[Future[list[JobResult]], range] = {}
    try:
        for chunk in chunks:
            futures[pool.submit(_run_chunk, [jobs[i] for i in chunk], template, fonts)] = chunk
        for future in as_completed(futures):
            for index, result in zip(futures[future], _results(future, [jobs[i] for i in futures[future]])):
                done[index] = result
                report(len(done), len(jobs), result)
    except KeyboardInterrupt:
        interrupted = True
        # Workers ignore SIGINT: jobs already running finish their (atomic) writes; the rest never start.
        pool.shutdown(wait=True, cancel_futures=True)
        for future, chunk in futures.items():
            if chunk[0] not in done and future.done() and not future.cancelled():
                done.update(zip(chunk, _results(future, [jobs[i] for i in chunk])))
    finally:
        pool.shutdown(wait=True)
    return BatchResult(tuple(done[i] for i in sorted(done)), len(jobs), interrupted)


def _run_chunk(jobs: list[Job], template: Path | None, fonts: str) -> list[JobResult]:
    return [run_job(job, template, fonts) for job in jobs]


def _results(future: Future[list[JobResult]], jobs: list[Job]) -> list[JobResult]:
    try:
        return future.result()
    except Exception as err:  # a worker that died (out of memory, killed) fails its jobs, not the batch
        reason = f"处理进程意外退出（{type(err).__name__}），请单独重新生成这个工作簿"
        return [JobResult(job, False, reason) for job in jobs]


def _context() -> multiprocessing.context.BaseContext:
    # fork shares the parent's compiled template and imports; elsewhere fork is unsafe or absent.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _start_worker(template: Path | None, fonts: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C means
    from .render import load_template

    load_template(Path(template) if template else None, fonts)


def run_job(job: Job, template: Path | None = None, fonts: str = "standard") -> JobResult:
    """Make one document; every failure becomes a reason, never an exception."""
    from .api import make_document

    try:
        outcome = make_document(job.workbook, job.output, template=template, fonts=fonts)
    except WorkbookInvalid as err:
        return JobResult(job, False, _invalid_reason(err))
    except DocgenError as err:
        return JobResult(job, False, _reason(err))
    except Exception as err:  # one bad workbook never stops the others, whatever it breaks
        return JobResult(job, False, f"内部错误（{type(err).__name__}：{str(err)[:200]}），请单独运行 docgen make 查看")
    warnings = sum(1 for f in outcome.findings if f.level == "warning")
    return JobResult(job, True, warnings=warnings)


def _invalid_reason(err: WorkbookInvalid) -> str:
    errors = [f for f in err.findings if f.level == "error"]
    if not errors:
        return _reason(err)
    more = f"等 {len(errors)} 处错误" if len(errors) > 1 else ""
    return f"{errors[0]}{'；' if more else ''}{more}；运行 docgen check {err.file} 查看全部"


def _reason(err: DocgenError) -> str:
    text = str(err)
    prefix = f"{err.file}："
    return text[len(prefix):] if err.file and text.startswith(prefix) else text


# -- the summary ------------------------------------------------------------------------------------


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
