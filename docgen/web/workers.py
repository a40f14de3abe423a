"""The worker processes the page renders in, off the event loop: as many as batch making uses (one per
CPU), a bounded queue in front of them (full: 503 请稍后再试 at once, never a hang), a fresh pool when a
worker dies (that request fails, the next ones run)."""

from __future__ import annotations

import asyncio
import functools
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, TypeVar

from ..batch.run import default_workers
from ..console import BUSY
from . import work
from .limits import Refused

T = TypeVar("T")
MAX_WAITING = 64  # requests waiting for a worker beyond those being made
MAX_BATCHES = 2  # batches running at once (each feeds the pool as many workbooks as it has workers)
DIED = "处理进程意外退出，请重新上传一次"


def _context() -> multiprocessing.context.BaseContext:
    """forkserver on Linux (workers forked from a clean single-threaded process that has loaded docgen,
    never from the server's threads); spawn elsewhere, as batch does."""
    if sys.platform.startswith("linux"):
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["docgen.web.work"])
        return ctx
    return multiprocessing.get_context("spawn")


def _nothing() -> None:
    return None


class Workers:
    """A process pool with a bounded queue. `run` awaits one call in a worker; when `capacity` calls are
    already in hand it refuses at once with 503."""

    def __init__(self, size: int | None = None, waiting: int = MAX_WAITING) -> None:
        self.size = max(1, size or default_workers())
        self.capacity = self.size + waiting
        self.active = 0
        self.batches = 0
        self._executor: ProcessPoolExecutor | None = None

    def start(self) -> None:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(self.size, mp_context=_context(), initializer=work.warm)
            for _ in range(self.size):  # the workers start and warm now, not on the first upload
                self._executor.submit(_nothing)

    def stop(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def admit(self) -> None:
        """Refuse now when the queue is full."""
        if self.active >= self.capacity:
            raise Refused(503, BUSY)

    async def run(self, fn: Callable[..., T], *args: Any, admitted: bool = False, **kwargs: Any) -> T:
        """fn(*args, **kwargs) in a worker process; `admitted` work (a batch's workbooks) was let in as a
        whole and is not refused half-way."""
        if not admitted:
            self.admit()
        self.start()
        assert self._executor is not None
        self.active += 1
        try:
            return await asyncio.wrap_future(self._executor.submit(functools.partial(fn, *args, **kwargs)))
        except BrokenProcessPool:
            self._renew()
            raise Refused(500, DIED) from None
        finally:
            self.active -= 1

    def _renew(self) -> None:
        broken, self._executor = self._executor, None
        if broken is not None:
            broken.shutdown(wait=False, cancel_futures=True)
        self.start()

    def admit_batch(self) -> None:
        """Refuse a batch now (before its upload is read) when as many batches run as may, or the queue is full."""
        if self.batches >= MAX_BATCHES or self.active >= self.capacity:
            raise Refused(503, BUSY)

    def begin_batch(self) -> None:
        self.admit_batch()
        self.batches += 1

    def end_batch(self) -> None:
        self.batches -= 1

