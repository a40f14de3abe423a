"""What collect tells the user (the CLI and the web page say the same words)."""

from __future__ import annotations

from pathlib import Path

from .gather import Collected


def collect_lines(done: Collected, output: Path | None = None) -> list[str]:
    """The summary of a collect run: how many workbooks, how many failed and why, the copying found."""
    passed = len(done.units) - len(done.failed)
    lines = [f"已汇总 {len(done.units)} 个工作簿：{passed} 个通过，{len(done.failed)} 个未通过（见“未通过”表）。"]
    problems = sum(len(a.items) for u in done.units if u.report for a in u.report.problems)
    rows = sum(len(u.report.action_list) for u in done.units if u.report)
    lines.append(f"共 {problems} 条问题、{rows} 项整改清单；检查结果 {sum(len(u.findings) for u in done.units)} 条。")
    if done.copied_pairs:
        lines.append(f"有 {done.copied_pairs} 对单位的问题几乎相同（见“单位间雷同”表）。")
    for unit in done.failed[:20]:
        lines.append(f"  未通过：{unit.path.name}（{unit.failure or f'{len(unit.errors)} 处错误'}）")
    if len(done.failed) > 20:
        lines.append(f"  ……等 {len(done.failed)} 个")
    if output is not None:
        lines.append(f"已生成汇总表：{output}")
    return lines
