"""The commands about one workbook: new, presets and check."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from typer._click import exceptions as click_errors

from .. import console
from ..errors import ExitCode
from .app import Command, app, echo_lines, print_findings, write_utf8

if TYPE_CHECKING:
    from .. import api


@app.command("new", cls=Command, options_metavar="[选项]")
def new_command(
    path: Path = typer.Argument(..., metavar="工作簿.xlsx", help="要新建的工作簿文件名，例如 branch.xlsx。", show_default=False),
    example: bool = typer.Option(False, "--example", help="写入一份完整的示例内容，而不是空白工作簿。"),
    force: bool = typer.Option(False, "--force", help="文件已存在时覆盖它。"),
    kind: Optional[str] = typer.Option(
        None, "--kind", metavar="类型", show_default=False,
        help="材料类型：支部班子（默认）、党员个人、领导班子、领导干部个人；决定标题、落款、开篇中的会议名称和各部分标题。"),
    preset: Optional[str] = typer.Option(
        None, "--preset", metavar="预设|文件.toml", show_default=False,
        help="按上级规定的方面填好“存在的问题”的方面列，如 2024-民主生活会（docgen presets 列出全部），也可以是自己的 .toml 预设文件。"),
    year: Optional[str] = typer.Option(None, "--year", metavar="年度", show_default=False,
                                       help="会议的年度，如 2025；默认为正在准备的年度（7 月起为当年，之前为上一年）。"),
    unit: str = typer.Option("", "--unit", metavar="单位", show_default=False, help="落款单位，同时写进标题。"),
    name: str = typer.Option("", "--name", metavar="姓名", show_default=False, help="个人材料的落款：本人姓名。"),
) -> None:
    """新建一个带填写说明的工作簿：按材料类型写好标题、开篇的框架，可按预设写好方面。"""
    from .. import api
    if year is not None and not (year.strip().isdigit() and 2000 <= int(year) <= 2100):
        raise click_errors.BadParameter("应为年度，如 2025", param_hint="--year")
    outcome = api.new_workbook(path, example=example, force=force, kind=kind, preset=preset,
                               year=int(year) if year else None, unit=unit, name=name)
    typer.echo(f"已新建工作簿：{outcome.path}")
    if outcome.preset is not None:
        _say_preset(outcome)
    typer.echo("请在 Excel 或 WPS 中按“填写说明”填写，然后运行：docgen check " + str(outcome.path))


def _say_preset(outcome: api.Outcome) -> None:
    assert outcome.preset is not None and outcome.report is not None
    echo_lines(console.preset_lines(outcome.preset, outcome.report.meta.kind))


@app.command("presets", cls=Command, options_metavar="[选项]")
def presets_command() -> None:
    """列出内置的预设：各年度组织生活会、民主生活会上级规定的对照检查方面，及其来源和核实情况。"""
    from .. import api
    echo_lines(console.presets_lines(api.presets()))


@app.command("check", cls=Command, options_metavar="[选项]")
def check_command(
    workbook: Path = typer.Argument(..., metavar="工作簿.xlsx", help="要检查的工作簿（.xlsx）。", show_default=False),
    output_format: str = typer.Option("text", "--format", metavar="text|json", help="输出格式：text（文字）或 json（供程序读取）。"),
    fix: Optional[Path] = typer.Option(
        None, "--fix", metavar="改正后.xlsx", help="把可以自动改正的问题（标点、编号、空白）改正后另存为这个 .xlsx 文件；原文件不变。",
        show_default=False,
    ),
    force: bool = typer.Option(False, "--force", help="--fix 的文件已存在、且在生成后被修改过时，仍然覆盖它。"),
    review: bool = typer.Option(
        True, "--review/--no-review", show_default=False,
        help="同时按组织部门的审核要求检查（默认）：问题是否具体、有无套话、原因是否深入到思想根源、问题与措施是否对应、上级规定的方面是否都有；--no-review 只检查填写和格式。"),
    against: Optional[Path] = typer.Option(
        None, "--against", metavar="上年材料", show_default=False,
        help="与上年的材料（.docx、.txt 或工作簿）比较，列出与上年几乎相同的问题、原因和措施（总会做审核要求的检查）。"),
    rules: Optional[Path] = typer.Option(None, "--rules", metavar="规则.toml", show_default=False,
                                         help="使用单位下发的审核规则文件（阈值、套话等，.toml 文件），总会做审核要求的检查。"),
    preset: Optional[str] = typer.Option(None, "--preset", metavar="预设|文件.toml", show_default=False,
                                         help="按这个预设检查上级规定的方面是否都有问题（总会做审核要求的检查）；默认按标题中的年度和会议找内置预设。"),
) -> None:
    """检查工作簿，列出全部问题（所在工作表和单元格），不生成任何文件。"""
    from .. import api
    if output_format not in ("text", "json"):
        raise click_errors.BadParameter("只能是 text 或 json", param_hint="--format")
    if review or against or rules or preset:
        outcome = api.review_workbook(workbook, against=against, rules=rules, preset=preset)
    else:
        outcome = api.check_workbook(workbook)
    if fix is not None:
        api.write_fixed_copy(workbook, fix, outcome.findings, force=force, draft=outcome.draft)
    if output_format == "json":
        write_utf8(console.findings_json(workbook, outcome.findings))
    else:
        print_findings(workbook, outcome.findings, err=False)
        if not outcome.errors:
            typer.echo(console.check_verdict(outcome.findings))
        if fix is not None:
            typer.echo(f"已把可自动改正的内容另存为：{fix}")
    if outcome.errors:
        raise typer.Exit(ExitCode.INVALID)
