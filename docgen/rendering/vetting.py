"""A first run of an unknown template in a child process, under a time limit and (where the system allows)
a memory limit, so that what the sandbox's own bounds miss cannot take the machine (stdlib only)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from typing import Any, Callable

from ..errors import DocgenError, InputError, TemplateError

TIME_LIMIT = 60.0  # seconds of wall time for loading, compiling and one rendering (a report takes < 1 s)
MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space the child may add to what it starts with
_ERRORS = {cls.__name__: cls for cls in (DocgenError, InputError, TemplateError)}


def run_limited(work: Callable[[], Any], label: str) -> None:
    """Run `work` (picklable) in a child process bounded in time and memory; raise its DocgenError, or a
    TemplateError naming the template `label` when it overruns."""
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, work), daemon=True)
    child.start()
    send.close()
    try:
        if receive.poll(TIME_LIMIT):
            try:
                outcome: tuple[Any, ...] = receive.recv()
            except EOFError:  # died without a word: killed for its memory, most likely
                outcome = ("memory",)
        else:
            outcome = ("timeout",)
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    _raise(outcome, label)


def _raise(outcome: tuple[Any, ...], label: str) -> None:
    hint = "请检查模板中的循环和 {{ }} 标签（可用的变量和过滤器见 README），或改用默认模板"
    if outcome[0] == "ok":
        return
    if outcome[0] == "timeout":
        raise TemplateError(f"模板运行时间过长（超过 {TIME_LIMIT:.0f} 秒），已停止", file=label, hint=hint)
    if outcome[0] == "memory":
        raise TemplateError("模板运行占用的内存过多，已停止", file=label, hint=hint)
    if outcome[0] == "error":
        _, kind, message, file, hint_text = outcome
        raise _ERRORS.get(kind, DocgenError)(message, file=file, hint=hint_text)
    raise TemplateError(f"模板无法运行（{outcome[1]}）", file=label, hint=hint)


def _child(send: Any, work: Callable[[], Any]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops this child
    _limit_memory()
    try:
        work()
        outcome: tuple[Any, ...] = ("ok",)
    except MemoryError:
        outcome = ("memory",)
    except DocgenError as err:
        outcome = ("error", type(err).__name__, err.message, err.file, err.hint)
    except BaseException as err:  # the parent reports it as the template's failure, never a traceback
        outcome = ("crash", f"{type(err).__name__}: {str(err)[:200]}")
    try:
        send.send(outcome)
    finally:
        send.close()
        os._exit(0)  # no atexit handlers, no flushing of the parent's buffers a second time


def _limit_memory() -> None:
    """Linux counts address space and enforces the limit; macOS and Windows rely on the sandbox's caps."""
    if not sys.platform.startswith("linux"):
        return
    import resource

    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            used = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = used + MEMORY_LIMIT
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (OSError, ValueError):
        pass
