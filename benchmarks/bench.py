"""docgen benchmark: cold start, batch speed against plain docxtpl, parallel speed-up, peak memory.

Run by hand from the repository root (not a test):

    python benchmarks/bench.py            # the table
    python benchmarks/bench.py --json     # the same figures for machines

Every figure is a median of interleaved repeats (A, B, A, B, ...), measured on this machine in this run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The plain loop the batch is compared with: per document, openpyxl loads the workbook and a fresh
# DocxTemplate renders the same template with the same context, then saves. Contexts are prepared
# before the clock starts, and the loop times itself without its process start-up, which favours it.
BASELINE = r"""
import pickle, sys, time
from pathlib import Path
import openpyxl
from docxtpl import DocxTemplate
from docgen.rendering.engine import default_template, make_environment
jobs = pickle.loads(Path(sys.argv[1]).read_bytes())
template = default_template()
start = time.perf_counter()
for workbook, output, context in jobs:
    openpyxl.load_workbook(workbook)
    doc = DocxTemplate(template)
    doc.render(context, make_environment(), autoescape=True)
    doc.save(output)
print(time.perf_counter() - start)
"""

# Runs a command and prints the peak resident memory (KiB on Linux) of it and every process it waited for.
PEAK = r"""
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def docgen_command() -> list[str]:
    script = Path(sys.executable).with_name("docgen")
    return [str(script)] if script.exists() else [sys.executable, "-m", "docgen"]


def run(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    return time.perf_counter() - start


def interleaved(commands: dict[str, object], repeats: int) -> dict[str, float]:
    """Median seconds of each command (a list, or a function returning seconds), run in turn."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, command in commands.items():
            times[name].append(command() if callable(command) else run(command))  # type: ignore[arg-type]
    return {name: statistics.median(values) for name, values in times.items()}


def make_workbooks(folder: Path, count: int) -> list[Path]:
    """`count` workbooks of the example's size, each with its own title and signature."""
    from docgen.example import example_report
    from docgen.workbook import write_workbook

    folder.mkdir(parents=True)
    base = example_report()
    distinct = min(count, 100)  # writing with openpyxl is slow; copies beyond these differ only by name
    paths = []
    for i in range(count):
        path = folder / f"branch{i:05}.xlsx"
        if i < distinct:
            meta = replace(base.meta, title=f"第{i + 1}支部{base.meta.title}",
                           organization=f"中共示例县第{i + 1}支部委员会")
            write_workbook(path, replace(base, meta=meta))
        else:
            shutil.copyfile(paths[i % distinct], path)
        paths.append(path)
    return paths


def baseline_jobs(workbooks: list[Path], out: Path, file: Path) -> Path:
    import pickle

    from docgen.rendering.context import build_context
    from docgen.workbook import read_workbook

    jobs = []
    for path in workbooks:
        report, _ = read_workbook(path)
        assert report is not None, path
        jobs.append((str(path), str(out / path.with_suffix(".docx").name), build_context(report)))
    file.write_bytes(pickle.dumps(jobs))
    return file


def peak_kib(command: list[str]) -> int:
    result = subprocess.run([sys.executable, "-c", PEAK, *command], check=True, capture_output=True, text=True,
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return int(result.stdout.strip())


def peak_tree_mb(command: list[str]) -> float | None:
    """Largest sum of memory (proportional set size) of a command and its workers, sampled (Linux only)."""
    if not Path("/proc/self/status").exists():
        return None
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    peak = 0
    while proc.poll() is None:
        peak = max(peak, sum(_rss_kib(pid) for pid in _tree(proc.pid)))
        time.sleep(0.05)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, command)
    return peak / 1024


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _rss_kib(pid: int) -> int:
    # Pss: forked workers share the parent's pages; plain RSS would count them once per process.
    for file, key in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            for line in Path(file).read_text().splitlines():
                if line.startswith(key):
                    return int(line.split()[1])
        except (OSError, ValueError):
            continue
    return 0


def machine() -> dict[str, object]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import version

    return {
        "cpu": cpu, "cpus": os.cpu_count(), "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "libraries": {name: version(name) for name in ("docxtpl", "python-docx", "openpyxl", "python-calamine", "typer",
                                                             "Jinja2")},
    }


def measure(count: int, large: int, repeats: int, cold_repeats: int) -> dict[str, object]:
    docgen = docgen_command()
    work = Path(tempfile.mkdtemp(prefix="docgen-bench-"))
    try:
        figures: dict[str, dict[str, object]] = {}
        example = ROOT / "data" / "example.xlsx"
        cold = interleaved({
            "make": [*docgen, "make", str(example), "-o", str(work / "example.docx")],
            "floor": [sys.executable, "-c", "import docxtpl, openpyxl"],
            "help": [*docgen, "--help"],
            "typer": [sys.executable, "-c", "import typer"],
        }, cold_repeats)
        figures["cold_make"] = row("docgen make data/example.xlsx（冷启动）", cold["make"], cold["floor"],
                                   "python -c \"import docxtpl, openpyxl\"", "≤ 1.5×", 1.5, "s")
        figures["help"] = row("docgen --help", cold["help"], cold["typer"], "python -c \"import typer\"",
                              "≤ 1.5×", 1.5, "s")

        books = make_workbooks(work / "in", count)
        jobs_file = baseline_jobs(books, work / "plain", work / "jobs.pickle")
        for name in ("one", "two", "plain"):
            (work / name).mkdir()
        batch = interleaved({
            "j1": [*docgen, "make", str(work / "in"), "-o", str(work / "one"), "-j", "1"],
            "plain": lambda: float(subprocess.run(
                [sys.executable, "-c", BASELINE, str(jobs_file)], check=True, capture_output=True, text=True,
                cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout),
            "j2": [*docgen, "make", str(work / "in"), "-o", str(work / "two"), "-j", "2"],
        }, repeats)
        per_doc, plain_doc = batch["j1"] / count, batch["plain"] / count
        figures["batch"] = row(f"{count} 个工作簿 -j 1，每份用时", per_doc, plain_doc,
                               "openpyxl 读入 + DocxTemplate(...).render(); save()（每份）", "快 ≥ 3×", 1 / 3, "ms",
                               faster=True)
        figures["parallel"] = row(f"{count} 个工作簿 -j 2，总用时", batch["j2"], batch["j1"], "-j 1 总用时",
                                  "快 ≥ 1.7×", 1 / 1.7, "s", faster=True)

        peak = peak_kib([*docgen, "make", str(work / "in"), "-o", str(work / "one"), "-j", "1"]) / 1024
        peak_parallel = peak_tree_mb([*docgen, "make", str(work / "in"), "-o", str(work / "two"), "-j", "2"])
        shutil.rmtree(work / "in")
        make_workbooks(work / "in", large)
        (work / "big").mkdir()
        peak_large = peak_kib([*docgen, "make", str(work / "in"), "-o", str(work / "big"), "-j", "1"]) / 1024
        figures["memory"] = {
            "what": f"峰值内存（-j 1）：{count} 个 / {large} 个工作簿", "ours": round(peak, 1),
            "reference": round(peak_large, 1), "unit": "MB", "ratio": round(peak_large / peak, 2),
            "target": f"≤ 200 MB，且 {large} 个与 {count} 个相差不大", "met": peak <= 200 and peak_large <= 200
            and peak_large / peak <= 1.1,
        }
        if peak_parallel is not None:
            figures["memory_parallel"] = {
                "what": f"峰值内存（-j 2，主进程与工作进程之和）：{count} 个工作簿", "ours": round(peak_parallel, 1),
                "reference": 200, "unit": "MB", "ratio": round(peak_parallel / 200, 2), "target": "≤ 200 MB",
                "met": peak_parallel <= 200,
            }
        return {"machine": machine(), "count": count, "repeats": repeats, "cold_repeats": cold_repeats,
                "figures": figures}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def row(what: str, ours: float, reference: float, against: str, target: str, limit: float, unit: str,
        faster: bool = False) -> dict[str, object]:
    scale = 1000 if unit == "ms" else 1
    ratio = ours / reference
    return {"what": what, "ours": round(ours * scale, 3), "reference": round(reference * scale, 3), "unit": unit,
            "against": against, "ratio": round(1 / ratio if faster else ratio, 2), "target": target,
            "met": ratio <= limit}


def print_table(result: dict[str, object]) -> None:
    m = result["machine"]
    print(f"机器：{m['cpu']}，{m['cpus']} 核；{m['system']}；Python {m['python']}")  # type: ignore[index]
    print("库：" + "，".join(f"{k} {v}" for k, v in m["libraries"].items()))  # type: ignore[index]
    print(f"每项为交替重复的中位数（批量 {result['repeats']} 次，冷启动 {result['cold_repeats']} 次）\n")
    header = ("项目", "docgen", "对照", "倍数", "目标", "达到")
    rows = [header]
    for f in result["figures"].values():  # type: ignore[union-attr]
        rows.append((f["what"], f"{f['ours']} {f['unit']}", f"{f['reference']} {f['unit']}", f"{f['ratio']}×",
                     f["target"], "是" if f["met"] else "否"))
    widths = [max(_width(r[i]) for r in rows) for i in range(len(header))]
    for r in rows:
        print("  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(r)).rstrip())
    print("\n对照：")
    for f in result["figures"].values():  # type: ignore[union-attr]
        if "against" in f:
            print(f"  {f['what']}：{f['against']}")


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def main() -> None:
    parser = argparse.ArgumentParser(description="docgen 性能测试（手动运行，不是自动测试）")
    parser.add_argument("--json", action="store_true", help="输出 JSON")
    parser.add_argument("--count", type=int, default=500, help="批量测试的工作簿数（默认 500）")
    parser.add_argument("--large", type=int, default=2000, help="内存测试的大批量工作簿数（默认 2000）")
    parser.add_argument("--repeats", type=int, default=3, help="批量测试的重复次数（默认 3）")
    parser.add_argument("--cold-repeats", type=int, default=15, help="冷启动测试的重复次数（默认 15）")
    args = parser.parse_args()
    result = measure(args.count, args.large, args.repeats, args.cold_repeats)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print_table(result)


if __name__ == "__main__":
    main()
