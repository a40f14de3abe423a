"""docgen collect benchmark: 500 generated workbooks, each with its own texts (a few pairs copied from each
other), collected into one summary by `docgen collect`; the summary's counts are checked against what was
generated.

Run by hand from the repository root (not a test):

    python benchmarks/collect.py              # 500 workbooks
    python benchmarks/collect.py --count 50   # fewer
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

POOL = [chr(0x4E00 + n) for n in range(0, 6000, 3)]
COPIES = 5  # pairs of units whose first item is the same


def prose(rng: random.Random, size: int) -> str:
    return "".join(rng.choice(POOL) for _ in range(size))


def make_workbooks(folder: Path, count: int) -> int:
    """`count` workbooks of the example's shape with texts of their own; the number of items written."""
    from docgen.example import example_report
    from docgen.model import Aspect, Item
    from docgen.workbook import write_workbook

    base = example_report()
    folder.mkdir(parents=True)
    items = 0
    copied: dict[int, Item] = {}
    for i in range(count):
        rng = random.Random(i)
        aspects = []
        for aspect in base.problems:
            own = tuple(replace(item, summary=prose(rng, 10) + "。", detail=f"{prose(rng, 40)}，全年{i % 9 + 1}次。")
                        for item in aspect.items[: rng.randint(1, len(aspect.items))])
            aspects.append(Aspect(aspect.title, own))
        if i % 100 == 1 and i // 100 < COPIES:  # unit i copies unit i - 1's first item
            first = aspects[0]
            aspects[0] = Aspect(first.title, (copied[i - 1], *first.items[1:]))
        copied[i] = aspects[0].items[0]
        items += sum(len(a.items) for a in aspects)
        meta = replace(base.meta, title=f"第{i + 1}支部{base.meta.title}", organization=f"中共示例县第{i + 1}支部委员会")
        write_workbook(folder / f"branch{i:05}.xlsx", replace(base, meta=meta, problems=tuple(aspects)))
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    args = parser.parse_args()
    script = Path(sys.executable).with_name("docgen")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "docgen"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "branches"
        start = time.perf_counter()
        items = make_workbooks(folder, args.count)
        made = time.perf_counter() - start
        output = Path(tmp) / "汇总.xlsx"
        start = time.perf_counter()
        subprocess.run([*command, "collect", str(folder), "-o", str(output)], check=True, stdout=subprocess.DEVNULL)
        took = time.perf_counter() - start
        import openpyxl

        book = openpyxl.load_workbook(output, read_only=True)
        rows = sum(1 for _ in book["问题汇总"].iter_rows(min_row=2))
        pairs = sum(1 for _ in book["单位间雷同"].iter_rows(min_row=3))
        assert rows == items, (rows, items)
        print(f"{args.count} workbooks ({items} problems) made in {made:.1f} s")
        print(f"docgen collect: {took:.2f} s ({took / args.count * 1000:.1f} ms a workbook), "
              f"{pairs} copied pairs found of {min(COPIES, (args.count + 98) // 100)}")


if __name__ == "__main__":
    main()
