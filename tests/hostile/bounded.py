"""Run docgen in a child process under a memory limit and a time limit, and measure what it used."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MEMORY_LIMIT = 2048 * 1024 * 1024  # address space of the child: far above a normal run (~300 MB)
TIME_LIMIT = 60.0  # seconds of wall time before the child is killed: far above a normal run (~1 s)

# The child: the limit first, then docgen's entry point, then how much memory it (and its children) held.
DRIVER = """
import resource, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
peak_file = sys.argv[2]
sys.argv = ["docgen", *sys.argv[3:]]
code = 0
try:
    from docgen.cli import main
    main(sys.argv[1:])
except SystemExit as done:
    code = done.code if isinstance(done.code, int) else 1
finally:
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    with open(peak_file, "w") as fh:
        fh.write(str(peak))
sys.exit(code)
"""


@dataclass(frozen=True)
class Run:
    code: int  # exit code; None when killed at the time limit
    out: str
    err: str
    seconds: float
    peak_mb: float  # the largest resident set of the child or any process it started


def run_docgen(*args: object, cwd: Path, timeout: float = TIME_LIMIT, env: dict[str, str] | None = None,
               memory: int = MEMORY_LIMIT) -> Run:
    """`docgen ARGS...` in `cwd`, as a user would run it, bounded in memory and time."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8", **(env or {})}
    with tempfile.TemporaryDirectory() as scratch:
        peak_file = Path(scratch) / "peak"
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-c", DRIVER, str(memory), str(peak_file), *map(str, args)],
                                cwd=cwd, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            out, err = proc.communicate(timeout=timeout)
            code: int | None = proc.returncode
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            code = None
        seconds = time.monotonic() - start
        peak = int(peak_file.read_text()) / 1024 if peak_file.exists() and peak_file.read_text() else 0.0
    return Run(code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), seconds, peak)  # type: ignore[arg-type]


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below `folder` with its bytes and modification time: what "nothing changed" compares."""
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}
