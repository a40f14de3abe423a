"""The organisation office's command: collect every branch's workbook into one summary workbook."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .app import Command, app, echo_lines


@app.command("collect", cls=Command, options_metavar="[选项]")
def collect_command(
    paths: List[Path] = typer.Argument(
        ..., metavar="文件夹|工作簿.xlsx...", show_default=False,
        help="各单位的工作簿所在的文件夹（含子文件夹，不含 ~$ 开头的临时文件和隐藏文件），也可以是几个工作簿。"),
    output: Path = typer.Option(..., "--output", "-o", metavar="汇总.xlsx", show_default=False,
                                help="汇总表的文件名（.xlsx）。"),
    rules: Optional[Path] = typer.Option(None, "--rules", metavar="规则.toml", show_default=False,
                                         help="使用单位的审核规则文件（阈值、套话等，.toml 文件）；默认用 docgen 自带的规则。"),
    force: bool = typer.Option(False, "--force", help="汇总表已存在、且在生成后被修改过（或不是 docgen 生成的）时，仍然替换它。"),
) -> None:
    """组织部门用：把各单位的工作簿汇总成一个工作簿（问题汇总、整改台账、统计、检查结果、未通过、单位间雷同）。"""
    from .. import api
    from ..collect.messages import collect_lines

    done = api.collect_workbooks(paths, output, rules=rules, force=force)
    echo_lines(collect_lines(done, output))
