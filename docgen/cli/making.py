"""The commands that make documents: make (one workbook or many) and fonts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, List, Optional

import typer
from typer._click import exceptions as click_errors

from .. import console
from ..errors import ExitCode
from .app import Command, app, echo_lines, print_findings


def _require_font_set(fonts: str) -> None:
    from .. import api

    if fonts not in api.FONT_SETS:
        raise click_errors.BadParameter(f"只能是 {' 或 '.join(api.FONT_SETS)}", param_hint="--fonts")


def _job_count(value: Optional[str]) -> Optional[int]:
    # Parsed here, not by Typer, so the message is ours whatever Typer's version says.
    if value is None:
        return None
    if not value.strip().isdigit() or int(value) < 1:
        raise click_errors.BadParameter("应为不小于 1 的整数", param_hint="'--jobs' / '-j'")
    return int(value)


@app.command("make", cls=Command, options_metavar="[选项]")
def make_command(
    workbooks: List[Path] = typer.Argument(
        ..., metavar="工作簿.xlsx|文件夹...",
        help="填好的工作簿（.xlsx），可以是多个，也可以是文件夹（会查找其中全部 .xlsx，不含 ~$ 开头的临时文件和隐藏文件）。",
        show_default=False,
    ),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", metavar="输出.docx|文件夹",
        help="一个工作簿时是输出的 .docx 文件名；多个工作簿时是输出文件夹（不存在时自动创建）。默认在每个工作簿旁边，同名，扩展名为 .docx。",
        show_default=False,
    ),
    template: Optional[Path] = typer.Option(
        None, "--template", "-t", metavar="模板.docx", help="使用自己的 Word 模板（.docx）；默认使用内置模板。", show_default=False
    ),
    fonts: str = typer.Option(
        "standard", "--fonts", metavar="standard|windows",
        help="字体方案：standard（仿宋_GB2312、楷体_GB2312、方正小标宋简体、黑体）或 windows（Windows 自带的仿宋、楷体、黑体、宋体）。",
    ),
    jobs: Optional[str] = typer.Option(
        None, "--jobs", "-j", metavar="N", callback=_job_count,
        help="多个工作簿时同时使用的进程数；默认为本机的 CPU 数。", show_default=False,
    ),
    as_pdf: bool = typer.Option(
        False, "--pdf", help="同时生成 PDF（与 .docx 同名、在同一文件夹），需要安装 LibreOffice；多个工作簿只启动一次 LibreOffice。"),
    action_list: bool = typer.Option(
        False, "--list", help="有整改清单时，同时把它另存为单独的 .xlsx（如 branch-整改清单.xlsx），便于建立整改台账。"),
    force: bool = typer.Option(False, "--force", help="已有的文档在生成后被修改过（或不是 docgen 生成的）时，仍然替换它。"),
) -> None:
    """检查工作簿，没有错误时生成对照检查材料（.docx）；可一次生成多个。"""
    from .. import api
    _require_font_set(fonts)
    soffice = api.pdf_converter() if as_pdf else None  # before any work: without LibreOffice nothing is made
    if len(workbooks) > 1 or workbooks[0].is_dir() or (output is not None and output.is_dir()):
        _make_many(workbooks, output, template, fonts, jobs, action_list, soffice, force)
        return
    check = api.font_check(fonts)  # asked now, read after the document is made
    workbook = workbooks[0]
    outcome = api.make_document(workbook, output, template=template, fonts=fonts, action_list=action_list,
                                force=force)
    print_findings(workbook, outcome.findings, err=True)
    typer.echo(f"已生成：{outcome.path}")
    if action_list:
        typer.echo(f"已生成整改清单：{outcome.list_path}" if outcome.list_path
                   else "工作簿中没有填写整改清单，未生成整改清单 .xlsx。")
    failed = _make_pdfs([outcome.path], soffice) if soffice and outcome.path else 0
    _warn_missing_fonts(fonts, check)
    if failed:
        raise typer.Exit(ExitCode.INVALID)


def _make_pdfs(documents: List[Path], soffice: Path) -> int:
    """Convert, say what was made, and return how many documents got no PDF."""
    from .. import api
    results = api.make_pdfs(documents, soffice)
    made, failed = console.pdf_lines(results)
    echo_lines(failed, err=True)
    echo_lines(made)
    return sum(1 for r in results if r.pdf is None)


def _warn_missing_fonts(fonts: str, check: Any) -> None:
    """Once a run: the faces of the font set this machine lacks (check is None when it is turned off)."""
    missing = check.missing() if check is not None else []
    if missing:
        typer.echo(console.missing_fonts_line(fonts, missing), err=True)


def _make_many(workbooks: List[Path], output: Optional[Path], template: Optional[Path], fonts: str,
               jobs: Optional[int], action_list: bool = False, soffice: Optional[Path] = None,
               force: bool = False) -> None:
    from .. import api
    bar: Any = None

    def progress(done: int, total: int, result: Any) -> None:
        nonlocal bar
        if bar is None and sys.stderr.isatty():
            bar = typer.progressbar(length=total, label="生成中", file=sys.stderr, show_pos=True, show_eta=False,
                                    item_show_func=lambda r: str(r.job.workbook.name) if r else "")
            bar.render_progress()
        if bar is not None and result is not None:
            bar.current_item = result  # the file just finished; update() takes no item in vendored Click
            bar.update(1)

    try:
        outcome = api.make_many(workbooks, output, template=template, fonts=fonts, jobs=jobs,
                                progress=progress, action_list=action_list, force=force)
    finally:
        if bar is not None:
            bar.render_finish()
    from ..batch import summary_lines  # the batch machinery only when a batch ran

    for line in summary_lines(outcome):
        typer.echo(line)
    if outcome.interrupted:
        typer.echo("已取消：正在生成的文件已完成，其余未开始。", err=True)
        raise typer.Exit(ExitCode.INTERRUPTED)
    made = [r.job.output for r in outcome.succeeded]
    failed = _make_pdfs(made, soffice) if soffice and made else 0
    # A batch asks only now: its workers are forked, and a process started before would be shared with them.
    _warn_missing_fonts(fonts, api.font_check(fonts))
    if outcome.failed or failed:
        raise typer.Exit(ExitCode.INVALID)


@app.command("fonts", cls=Command, options_metavar="[选项]")
def fonts_command(
    fonts: str = typer.Option(
        "standard", "--fonts", metavar="standard|windows", help="要检查的字体方案（与 docgen make 的 --fonts 相同）。"),
) -> None:
    """查看本机是否装有字体方案中的各种字体，以及缺少时 LibreOffice 会用什么字体代替。"""
    from .. import api
    _require_font_set(fonts)
    echo_lines(console.fonts_lines(fonts, api.font_report(fonts)))
