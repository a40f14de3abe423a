"""Worker processes for a batch: each job's outcome comes back as it ends, so a worker that dies fails only
the job it was making, and the jobs it had not started go to a fresh worker."""

from __future__ import annotations

import multiprocessing
import signal
import sys
import threading
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Sequence

from .plan import Job

Run = Callable[[Job], Any]  # one job -> its JobResult (never raises)
Warm = Callable[[], None]  # loads what every job needs (the compiled template, the readers) once a process
Report = Callable[[int, Any], None]  # (job index, its JobResult)
DIED = "处理进程意外退出（{code}），请单独重新生成这个工作簿"
MAX_FRUITLESS_STARTS = 3  # workers in a row that die before finishing any job: the batch cannot run


def context(start_method: str | None = None) -> multiprocessing.context.BaseContext:
    """fork on Linux: workers share the parent's compiled template and imports; spawn elsewhere (Windows,
    macOS), where fork is unsafe or absent; or the start method asked for (tests run spawn on Linux)."""
    if start_method:
        return multiprocessing.get_context(start_method)
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


class Deferred:
    """Ctrl-C noted, not raised, while a job runs: the job in hand finishes, is counted, and no other
    starts (raised in the middle, a document could be written and its result lost)."""

    def __init__(self) -> None:
        self.pressed = False
        self._previous: object = None

    def __enter__(self) -> Deferred:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._note)
        return self

    def _note(self, signum: int, frame: object) -> None:
        self.pressed = True

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)  # type: ignore[arg-type]


@dataclass
class _Worker:
    process: Any
    conn: Connection
    assigned: deque[int] = field(default_factory=deque)  # given, not yet reported
    running: int | None = None  # the job it said it started
    finished: int = 0
    stopping: bool = False  # told to stop; busy until it says it has

    @property
    def busy(self) -> bool:
        return bool(self.assigned) or self.stopping


def run_pool(jobs: Sequence[Job], run: Run, warm: Warm, workers: int, report: Report,
             start_method: str | None = None, failed: Callable[[Job, str], Any] | None = None) -> bool:
    """Run every job in `workers` processes, reporting each result as it ends; False when Ctrl-C stopped
    the batch (jobs running then are finished, the rest never start)."""
    ctx = context(start_method)
    pending: deque[int] = deque(range(len(jobs)))
    size = max(1, min(8, len(jobs) // (workers * 8)))  # one round trip costs about a small document
    pool: list[_Worker] = []

    def start() -> None:
        mine, theirs = ctx.Pipe()
        # Not daemonic: a worker may start a child of its own (the limited first rendering of an unknown
        # template, in a spawned worker). It ends when its pipe does, so it never outlives the batch.
        process = ctx.Process(target=_serve, args=(theirs, list(jobs), run, warm), daemon=False)
        process.start()
        theirs.close()
        pool.append(_Worker(process, mine))

    for _ in range(min(workers, len(jobs))):
        start()
    with Deferred() as ctrl_c:  # noted, then acted on between messages: no result is lost half-read
        _serve_all(pool, pending, jobs, size, report, failed, start, ctrl_c)
    for worker in pool:
        _send(worker.conn, None)
        worker.process.join(timeout=10)
        if worker.process.is_alive():
            worker.process.kill()
    return not ctrl_c.pressed


def _serve_all(pool: list[_Worker], pending: deque[int], jobs: Sequence[Job], size: int, report: Report,
               failed: Callable[[Job, str], Any] | None, start: Callable[[], None], ctrl_c: Deferred) -> None:
    fruitless = 0
    stopping = False
    while pool:
        if ctrl_c.pressed and not stopping:
            # Workers ignore SIGINT: each finishes the job it is making, then takes no other.
            stopping = True
            pending.clear()
            for worker in pool:
                worker.stopping = True
                _send(worker.conn, "stop")
        try:
            for worker in pool:
                if not worker.assigned and pending and not stopping:
                    chunk = [pending.popleft() for _ in range(min(size, len(pending)))]
                    worker.assigned.extend(chunk)
                    worker.conn.send(chunk)
            busy = [w for w in pool if w.busy]
            if not busy:
                break
            for conn in wait([w.conn for w in busy]):
                worker = next(w for w in busy if w.conn is conn)
                try:
                    message = conn.recv()
                except (EOFError, OSError):
                    fruitless = fruitless + 1 if not worker.finished else 0
                    _bury(worker, jobs, report, pending, failed)
                    pool.remove(worker)
                    if pending and not stopping:
                        if fruitless >= MAX_FRUITLESS_STARTS:
                            _fail_all(pending, jobs, report, failed)
                        else:
                            start()
                    continue
                if message[0] == "start":
                    worker.running = message[1]
                elif message[0] == "stopped":  # what it had not started, it never will
                    worker.stopping, worker.assigned = False, deque()
                else:
                    _, index, result = message
                    worker.assigned.remove(index)
                    worker.running, worker.finished = None, worker.finished + 1
                    report(index, result)
        except KeyboardInterrupt:  # not the main thread, so Ctrl-C could not be deferred: stop now
            ctrl_c.pressed = True


def _bury(worker: _Worker, jobs: Sequence[Job], report: Report, pending: deque[int],
          failed: Callable[[Job, str], Any] | None) -> None:
    """A worker died: the job it was making fails; the ones it had not started go back to the queue."""
    worker.process.join(timeout=10)
    code = worker.process.exitcode
    if worker.running is not None and failed is not None:
        report(worker.running, failed(jobs[worker.running], DIED.format(code=_exit_name(code))))
    left = [i for i in worker.assigned if i != worker.running]
    pending.extendleft(reversed(left))


def _fail_all(pending: deque[int], jobs: Sequence[Job], report: Report,
              failed: Callable[[Job, str], Any] | None) -> None:
    while pending:
        index = pending.popleft()
        if failed is not None:
            report(index, failed(jobs[index], DIED.format(code="反复启动失败")))


def _exit_name(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"信号 {signal.Signals(-code).name}"
        except ValueError:
            return f"信号 {-code}"
    return f"退出码 {code}"


def _send(conn: Connection, message: Any) -> None:
    try:
        conn.send(message)
    except (OSError, BrokenPipeError):
        pass  # it died already; its death is handled where its pipe ends


def _serve(conn: Connection, jobs: list[Job], run: Run, warm: Warm) -> None:
    """A worker: take chunks of job indexes, say when each job starts and how it ended."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C means
    warm()
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            return
        if chunk is None:
            return
        if chunk == "stop":
            conn.send(("stopped",))
            continue
        for index in chunk:
            if conn.poll():  # only "stop" can come while a chunk is being made
                conn.recv()
                conn.send(("stopped",))
                break
            conn.send(("start", index))
            conn.send(("result", index, run(jobs[index])))
