"""docgen benchmark: cold start, batch speed against plain docxtpl and against the floor, parallel
speed-up with CPU time, peak memory, big inputs, and the output's hash (issue 13).

Run by hand from the repository root (not a test):

    python benchmarks/bench.py            # the table
    python benchmarks/bench.py --json     # the same figures for machines
    python benchmarks/bench.py --quick    # fewer workbooks and repeats, no big inputs: a look, not a result

Every figure is a median of interleaved repeats (A, B, A, B, ...), measured on this machine in this run.
docgen runs from compiled bytecode (compileall first), as an installed package does, with its own cache
folder in the benchmark's scratch folder (warmed by one run: the common case of a user's second make).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# sha256 of `docgen make data/example.xlsx` at main c41bd7d, before issue 13: the output must not change.
REFERENCE_SHA256 = "7fd79b0c83f9f2c9c7e6fcbae7831626410160a7beb5b9f7a7e7c9c818e006b7"

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

# The floor: per document, read and unzip the workbook, and write the same output bytes (docgen's, read
# into memory before the clock starts) with zipfile. Nothing a document maker could skip.
FLOOR = r"""
import pickle, sys, time, zipfile
from pathlib import Path
jobs = pickle.loads(Path(sys.argv[1]).read_bytes())
start = time.perf_counter()
for workbook, output, parts in jobs:
    with zipfile.ZipFile(workbook) as book:
        for info in book.infolist():
            book.read(info)
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts:
            out.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
print(time.perf_counter() - start)
"""

# Runs a command and prints the peak resident memory (KiB on Linux) of it and every process it waited for.
PEAK = r"""
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""

# One lint of the example, warm (after a first call), in a loop: the median per call.
LINT = r"""
import statistics, time
from pathlib import Path
from docgen import api
report = api.read_workbook(Path("data/example.xlsx")).report
api.lint(report)
times = []
for _ in range(200):
    start = time.perf_counter()
    api.lint(report)
    times.append(time.perf_counter() - start)
print(statistics.median(times))
"""

ENV: dict[str, str] = {}  # set in measure(): PYTHONPATH and docgen's cache folder


def docgen_command() -> list[str]:
    script = Path(sys.executable).with_name("docgen")
    return [str(script)] if script.exists() else [sys.executable, "-m", "docgen"]


def run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, of it and its children) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def self_timed(script: str, *args: str) -> tuple[float, float]:
    """A script that prints its own seconds (start-up not counted); CPU time is the whole process's."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run([sys.executable, "-c", script, *args], check=True, capture_output=True, text=True,
                         cwd=ROOT, env=ENV).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return float(out), (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def interleaved(commands: dict[str, object], repeats: int) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds of each command (a list, or a function returning them), run in turn."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, command in commands.items():
            times[name].append(command() if callable(command) else run(command))  # type: ignore[arg-type]
    return {name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
            for name, values in times.items()}


MARK = "@@N@@"  # stands for a workbook's own number in the base workbook's data sheets


def make_workbooks(folder: Path, count: int) -> list[Path]:
    """`count` workbooks of the example's size, every one different in each data sheet it fills (its own
    number in the title and unit on the 基本信息 sheet, in the 开篇, and in a 具体表现, a 原因剖析 and a
    下一步努力方向 text) and in the time it was last saved (docProps/core.xml), while the parts docgen's
    form makes the same for everyone (the 填写说明 sheet, the empty sheets' headers, styles, theme,
    relationships) stay the same bytes, as in a real batch.
    One base workbook is written with openpyxl (slow), and each copy is that zip with the number written
    into the sheets' XML (the mark and the digits are ASCII, so the XML stays valid)."""
    import io

    from docgen.example import example_report
    from docgen.workbook import workbook_bytes

    folder.mkdir(parents=True)
    base = example_report()
    meta = replace(base.meta, title=f"第{MARK}支部{base.meta.title}", organization=f"中共示例县第{MARK}支部委员会")

    def numbered(points, prefix):  # the first point's text names the branch
        return (replace(points[0], text=prefix + points[0].text), *points[1:])

    aspect = base.problems[0]  # its first 具体表现 begins with 支部, as does the first cause's text
    item = replace(aspect.items[0], detail=f"第{MARK}{aspect.items[0].detail}")
    problems = (replace(aspect, items=(item, *aspect.items[1:])), *base.problems[1:])
    report = replace(base, meta=meta, intro=(f"第{MARK}支部{base.intro[0]}", *base.intro[1:]), problems=problems,
                     causes=numbered(base.causes, f"第{MARK}"), directions=numbered(base.directions, f"第{MARK}支部"))
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes(report)))
    members = [(info, source.read(info)) for info in source.infolist()]
    mark = MARK.encode()
    paths = []
    for i in range(count):
        path = folder / f"branch{i:05}.xlsx"
        number = str(i + 1).encode()
        saved = f"2026-01-{1 + i % 28:02}T{8 + i // 28 % 10:02}:{i % 60:02}:{i * 7 % 60:02}Z".encode()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for info, data in members:
                if info.filename == "docProps/core.xml":
                    data = re.sub(rb"(<dcterms:modified\b[^>]*>)[^<]*", lambda m: m.group(1) + saved, data)
                out.writestr(info, data.replace(mark, number))
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


def floor_jobs(workbooks: list[Path], made: Path, out: Path, file: Path) -> Path:
    """(workbook, output, the parts docgen wrote for it) for the floor's loop."""
    import pickle

    jobs = []
    for path in workbooks:
        with zipfile.ZipFile(made / path.with_suffix(".docx").name) as docx:
            parts = [(i.filename, docx.read(i)) for i in docx.infolist()]
        jobs.append((str(path), str(out / path.with_suffix(".docx").name), parts))
    file.write_bytes(pickle.dumps(jobs))
    return file


WORDS = ("理论学习", "联系实际", "调查研究", "担当作为", "服务群众", "作风建设", "制度执行", "廉洁自律", "不够深入",
         "不够紧密", "存在差距", "有待加强", "学用脱节", "形式主义", "官僚主义", "工作落实", "创新意识", "斗争精神",
         "组织纪律", "批评和自我批评")


def big_workbook(path: Path, rows: int, chars: int) -> Path:
    """A workbook of `rows` problems in ten aspects, every 具体表现 cell `chars` characters of varied text (a
    repeated sentence would compress so well that the safety scan refuses it as a zip bomb). Written with
    placeholders by docgen's own writer, then the placeholders replaced in the sheet's XML (openpyxl takes
    minutes over 60 million characters)."""
    from docgen.example import example_report
    from docgen.model import Aspect, Item
    from docgen.workbook import workbook_bytes

    per = max(rows // 10, 1)
    items = [Item(f"问题{i + 1}不够到位。", f"@@BIG{i:05}@@") for i in range(rows)]
    report = example_report()
    report = replace(report, problems=tuple(Aspect(f"方面{a + 1}", tuple(items[a * per:(a + 1) * per]))
                                             for a in range(10)))
    rng = random.Random(13)

    def text() -> str:
        pieces, size = [], 0
        while size < chars - 1:
            piece = "".join(rng.choice(WORDS) for _ in range(rng.randint(3, 8))) + rng.choice("，；")
            pieces.append(piece)
            size += len(piece)
        return "".join(pieces)[:chars - 1] + "。"

    source = zipfile.ZipFile(__import__("io").BytesIO(workbook_bytes(report)))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if b"@@BIG" in data:
                pieces = data.split(b"@@BIG")
                data = pieces[0] + b"".join(text().encode() + piece[len("00000@@"):] for piece in pieces[1:])
            out.writestr(info, data)
    return path


def peak_kib(command: list[str]) -> int:
    result = subprocess.run([sys.executable, "-c", PEAK, *command], check=True, capture_output=True, text=True,
                            cwd=ROOT, env=ENV)
    return int(result.stdout.strip())


def peak_tree_mb(command: list[str]) -> float | None:
    """Largest sum of memory (proportional set size) of a command and its workers, sampled (Linux only)."""
    if not Path("/proc/self/status").exists():
        return None
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                            env=ENV)
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


def timed_peak(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak MB and exit code of one run (for the big inputs, where one run is enough)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PEAK.replace("check=True", "check=False"), *command],
                          capture_output=True, text=True, cwd=ROOT, env=ENV)
    return time.perf_counter() - start, int(done.stdout.strip() or 0) / 1024, done.returncode


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def measure(count: int, large: int, repeats: int, cold_repeats: int, big_rows: int, big_chars: int) -> dict[str, object]:
    docgen = docgen_command()
    work = Path(tempfile.mkdtemp(prefix="docgen-bench-"))
    ENV.update({**os.environ, "PYTHONPATH": str(ROOT), "DOCGEN_CACHE_DIR": str(work / "cache")})
    ENV.pop("DOCGEN_NO_FONT_CHECK", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "docgen")], check=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    try:
        figures: dict[str, dict[str, object]] = {}
        example = ROOT / "data" / "example.xlsx"
        run([*docgen, "make", str(example), "-o", str(work / "example.docx")])  # prepares and caches the template
        digest = sha256(work / "example.docx")
        figures["output"] = {"what": "data/example.xlsx 生成的 .docx 的 sha256", "ours": digest[:16],
                             "reference": REFERENCE_SHA256[:16], "unit": "", "ratio": "相同" if digest ==
                             REFERENCE_SHA256 else "不同", "target": "与 c41bd7d 的输出逐字节相同",
                             "met": digest == REFERENCE_SHA256, "sha256": digest}
        cold = interleaved({
            "make": [*docgen, "make", str(example), "-o", str(work / "example.docx"), "--force"],
            "floor": [sys.executable, "-c", "import docxtpl, openpyxl"],
            "help": [*docgen, "--help"],
            "typer": [sys.executable, "-c", "import typer"],
        }, cold_repeats)
        figures["cold_make"] = row("docgen make data/example.xlsx（冷启动，模板已缓存）", cold["make"], cold["floor"],
                                   "python -c \"import docxtpl, openpyxl\"", "≤ 0.7×", 0.7, "s")
        first = interleaved({"first": lambda: (shutil.rmtree(work / "cache", ignore_errors=True), run(
            [*docgen, "make", str(example), "-o", str(work / "example.docx"), "--force"]))[1]}, 3)
        figures["first_make"] = row("同上，缓存为空（第一次运行）", first["first"], cold["floor"],
                                    "python -c \"import docxtpl, openpyxl\"", "（参考，无目标）", float("inf"), "s")
        figures["first_make"]["met"] = None
        figures["help"] = row("docgen --help", cold["help"], cold["typer"], "python -c \"import typer\"",
                              "≤ 1.2×", 1.2, "s")
        lint_seconds = float(subprocess.run([sys.executable, "-c", LINT], check=True, capture_output=True,
                                            text=True, cwd=ROOT, env=ENV).stdout)
        figures["lint"] = {"what": "检查（lint）示例工作簿一次（热）", "ours": round(lint_seconds * 1000, 3),
                           "reference": 0.5, "unit": "ms", "ratio": round(lint_seconds * 1000 / 0.5, 2),
                           "target": "≤ 0.5 ms", "met": lint_seconds <= 0.0005}

        books = make_workbooks(work / "in", count)
        for name in ("one", "two", "plain", "floor"):
            (work / name).mkdir()
        run([*docgen, "make", str(work / "in"), "-o", str(work / "one"), "-j", "1"])
        jobs_file = baseline_jobs(books, work / "plain", work / "jobs.pickle")
        floor_file = floor_jobs(books, work / "one", work / "floor", work / "floor.pickle")
        j1 = [*docgen, "make", str(work / "in"), "-o", str(work / "one"), "-j", "1", "--force"]
        j2 = [*docgen, "make", str(work / "in"), "-o", str(work / "two"), "-j", "2", "--force"]
        batch = interleaved({"j1": j1, "plain": lambda: self_timed(BASELINE, str(jobs_file)),
                             "floor": lambda: self_timed(FLOOR, str(floor_file)), "j2": j2}, repeats)
        per_doc, plain_doc, floor_doc = (batch[k][0] / count for k in ("j1", "plain", "floor"))
        figures["batch"] = row(f"{count} 个工作簿 -j 1，每份用时（含启动）", batch["j1"], batch["plain"],
                               "openpyxl 读入 + DocxTemplate(...).render(); save()（每份，不含启动）", "快 ≥ 12×",
                               1 / 12, "ms", faster=True, scale=1 / count)
        figures["floor"] = row(f"{count} 个工作簿 -j 1，每份用时对地板", batch["j1"], batch["floor"],
                               "读入并解压工作簿 + 用 zipfile 从内存写出同样的输出（每份，不含启动）", "≤ 2.5×",
                               2.5, "ms", scale=1 / count)
        figures["parallel"] = row(f"{count} 个工作簿 -j 2，总用时", batch["j2"], batch["j1"], "-j 1 总用时",
                                  "快 ≥ 1.7×（有两个空闲核时）", 1 / 1.7, "s", faster=True)
        figures["parallel"]["cpu"] = {"j1": round(batch["j1"][1], 2), "j2": round(batch["j2"][1], 2)}
        outputs = sorted((work / "one").glob("*.docx"))
        same = all((work / "two" / p.name).read_bytes() == p.read_bytes() for p in outputs)
        figures["batch"]["same_outputs"] = same and len(outputs) == count

        peak = peak_kib(j1) / 1024
        peak_parallel = peak_tree_mb(j2)
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
        if big_rows:
            (work / "large").mkdir()
            big = big_workbook(work / "large" / "big.xlsx", big_rows, big_chars)
            for name, command in (("check", [*docgen, "check", str(big)]),
                                  ("make", [*docgen, "make", str(big), "-o", str(work / "large" / "big.docx")])):
                seconds, mb, code = timed_peak(command)
                figures[f"big_{name}"] = {
                    "what": f"docgen {name}：{big_rows} 行、每格 {big_chars} 字的工作簿", "ours": round(seconds, 2),
                    "reference": round(mb, 1), "unit": "s / MB", "ratio": f"退出码 {code}",
                    "target": "≤ 10 s 且 ≤ 250 MB", "met": seconds <= 10 and mb <= 250 and code in (0, 3)}
        return {"machine": machine(), "count": count, "repeats": repeats, "cold_repeats": cold_repeats,
                "load_average_at_start": load, "figures": figures}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def row(what: str, ours: tuple[float, float], reference: tuple[float, float], against: str, target: str,
        limit: float, unit: str, faster: bool = False, scale: float = 1.0) -> dict[str, object]:
    """One figure: `ours` and `reference` are (wall, CPU) seconds of the whole run, `scale` per item."""
    unit_scale = (1000 if unit == "ms" else 1) * scale
    ratio = ours[0] / reference[0]
    return {"what": what, "ours": round(ours[0] * unit_scale, 3), "reference": round(reference[0] * unit_scale, 3),
            "unit": unit, "against": against, "ratio": round(1 / ratio if faster else ratio, 2), "target": target,
            "met": ratio <= limit, "cpu": {"ours": round(ours[1] * unit_scale, 3),
                                            "reference": round(reference[1] * unit_scale, 3)}}


def print_table(result: dict[str, object]) -> None:
    m = result["machine"]
    print(f"机器：{m['cpu']}，{m['cpus']} 核；{m['system']}；Python {m['python']}")  # type: ignore[index]
    print("库：" + "，".join(f"{k} {v}" for k, v in m["libraries"].items()))  # type: ignore[index]
    print(f"开始时的负载（1 分钟平均）：{result['load_average_at_start']}；每项为交替重复的中位数"
          f"（批量 {result['repeats']} 次，冷启动 {result['cold_repeats']} 次）\n")
    header = ("项目", "docgen", "对照", "倍数", "目标", "达到", "CPU 时间（docgen / 对照）")
    rows = [header]
    for f in result["figures"].values():  # type: ignore[union-attr]
        cpu = f.get("cpu", {})
        cpu_text = " / ".join(f"{v}" for v in cpu.values()) + (f" {f['unit']}" if cpu else "")
        ratio = f"{f['ratio']}×" if isinstance(f["ratio"], (int, float)) else str(f["ratio"])
        rows.append((f["what"], f"{f['ours']} {f['unit']}", f"{f['reference']} {f['unit']}", ratio,
                     f["target"], {True: "是", False: "否", None: "—"}[f["met"]], cpu_text))
    widths = [max(_width(r[i]) for r in rows) for i in range(len(header))]
    for r in rows:
        print("  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(r)).rstrip())
    print("\n对照：")
    for f in result["figures"].values():  # type: ignore[union-attr]
        if "against" in f:
            print(f"  {f['what']}：{f['against']}")
    print(f"\n输出的 sha256：{result['figures']['output']['sha256']}（c41bd7d：{REFERENCE_SHA256}）")  # type: ignore[index]


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
    parser.add_argument("--big-rows", type=int, default=2000, help="大工作簿的问题行数（默认 2000；0 不测）")
    parser.add_argument("--big-chars", type=int, default=30_000, help="大工作簿每格的字数（默认 30000）")
    parser.add_argument("--quick", action="store_true", help="50 个工作簿、少量重复、不测大工作簿：看一眼，不作结果")
    args = parser.parse_args()
    if args.quick:
        args.count, args.large, args.repeats, args.cold_repeats, args.big_rows = 50, 100, 1, 3, 0
    result = measure(args.count, args.large, args.repeats, args.cold_repeats, args.big_rows, args.big_chars)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print_table(result)


if __name__ == "__main__":
    main()
