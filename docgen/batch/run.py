"""Run a batch: a make-one function over every job, here or in worker processes; failures become reasons."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from ..errors import DocgenError, WorkbookInvalid
from .plan import BatchUsageError, Job, collect_inputs, plan_jobs, prepare_folder
from .pool import Deferred, Warm, run_pool

# Makes one document from a workbook into an output path and returns how many warnings it had; raises
# DocgenError when it cannot. Must be picklable (a module-level function or a partial of one), since
# worker processes started by "spawn" receive it.
MakeOne = Callable[[Path, Path], int]


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


def _nothing() -> None:
    return None


def make_many(paths: Sequence[Path], output: Path | None, make_one: MakeOne, *, warm: Warm = _nothing,
              workers: int | None = None, progress: Progress | None = None) -> BatchResult:
    """Collect, plan and run: one document per workbook; a failing workbook never stops the others.
    `warm` runs first in this process, so a broken template is one error before anything is written."""
    jobs = plan_jobs(collect_inputs(paths), output)
    if workers is not None and workers < 1:
        raise BatchUsageError("-j 的值至少为 1", hint="例如 -j 4 表示同时用 4 个进程生成")
    warm()
    if output is not None:
        prepare_folder(output)
    return run_jobs(jobs, make_one, warm=warm, workers=workers, progress=progress)


def default_workers() -> int:
    """The CPUs this process may use: more workers than that only cost memory (-j 1000 once started 1,000
    processes and took 6 GB)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def run_jobs(jobs: Sequence[Job], make_one: MakeOne, *, warm: Warm = _nothing, workers: int | None = None,
             progress: Progress | None = None, start_method: str | None = None) -> BatchResult:
    """Run every job; with one worker in this process, else in a pool of at most as many processes as
    there are CPUs and jobs. Ctrl-C finishes running jobs only. `warm` runs in each worker that does not
    fork from this process; this process the caller warms (make_many does, before the fork, so that
    forked workers share the compiled template and the readers)."""
    workers = max(1, min(workers or default_workers(), default_workers(), len(jobs)))
    report = progress or (lambda done, total, result: None)
    report(0, len(jobs), None)
    if workers == 1:
        return _run_here(jobs, make_one, report)
    return _run_pool(jobs, make_one, warm, workers, report, start_method)


def _run_here(jobs: Sequence[Job], make_one: MakeOne, report: Progress) -> BatchResult:
    results: list[JobResult] = []
    with Deferred() as ctrl_c:
        try:
            for job in jobs:
                results.append(run_job(job, make_one))
                report(len(results), len(jobs), results[-1])
                if ctrl_c.pressed:
                    break
        except KeyboardInterrupt:  # not the main thread: the running job's atomic write leaves nothing
            return BatchResult(tuple(results), len(jobs), interrupted=True)
    return BatchResult(tuple(results), len(jobs), interrupted=ctrl_c.pressed and len(results) < len(jobs))


def _run_pool(jobs: Sequence[Job], make_one: MakeOne, warm: Warm, workers: int, report: Progress,
              start_method: str | None) -> BatchResult:
    done: dict[int, JobResult] = {}

    def finished(index: int, result: JobResult) -> None:
        done[index] = result
        report(len(done), len(jobs), result)

    completed = run_pool(jobs, functools.partial(run_job, make_one=make_one), warm, workers, finished,
                         start_method, failed=lambda job, reason: JobResult(job, False, reason))
    return BatchResult(tuple(done[i] for i in sorted(done)), len(jobs), interrupted=not completed)


def run_job(job: Job, make_one: MakeOne) -> JobResult:
    """Make one document; every failure becomes a reason, never an exception."""
    try:
        warnings = make_one(job.workbook, job.output)
    except WorkbookInvalid as err:
        return JobResult(job, False, _invalid_reason(err))
    except DocgenError as err:
        return JobResult(job, False, _reason(err))
    except Exception as err:  # one bad workbook never stops the others, whatever it breaks
        return JobResult(job, False, f"内部错误（{type(err).__name__}：{str(err)[:200]}），请单独运行 docgen make 查看")
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
