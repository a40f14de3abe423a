"""The import command: last year's report becomes a workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .app import Command, app, print_findings


@app.command("import", cls=Command, options_metavar="[选项]")
def import_command(
    source: Path = typer.Argument(..., metavar="旧材料.docx|旧材料.txt",
                                  help="去年的对照检查材料：Word 文件（.docx）或纯文本（.txt）。", show_default=False),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", metavar="工作簿.xlsx",
        help="输出的工作簿；默认在原文件旁边，同名，扩展名为 .xlsx。", show_default=False,
    ),
    force: bool = typer.Option(False, "--force", help="输出文件已存在时覆盖它。"),
) -> None:
    """把去年的对照检查材料转换成工作簿，修改后即可 docgen make。"""
    from .. import api
    outcome = api.import_report(source, output, force=force)
    print_findings(source, outcome.findings, err=True)
    typer.echo(f"已转换为工作簿：{outcome.path}")
    typer.echo(f"请在 Excel 或 WPS 中核对、修改后运行：docgen check {outcome.path}")
