"""The docgen command line: Typer commands, each one call into the library; one error handler."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, List, Optional

import typer
import typer.core

from . import __version__, api
from .cli_chinese import Command, Group, usage_message
from .errors import LEVEL_NAMES, DocgenError, ExitCode, Finding, WorkbookInvalid, finding_to_dict

from typer._click import exceptions as click_errors

app = typer.Typer(
    cls=Group,
    help="docgen：把填好的 Excel 工作簿生成符合 GB/T 9704 格式的对照检查材料 Word 文档。",
    add_completion=False,
    rich_markup_mode=None,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    options_metavar="[选项]",
    subcommand_metavar="命令 [参数]...",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"docgen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Optional[bool] = typer.Option(
        None, "--version", "-V", callback=_version, is_eager=True, help="显示版本号并退出。"
    ),
) -> None:
    """docgen：把填好的 Excel 工作簿生成符合 GB/T 9704 格式的对照检查材料 Word 文档。

    一般步骤：docgen new 新建工作簿 → 在 Excel 或 WPS 中填写 → docgen check 检查 → docgen make 生成。
    """


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
    chosen = outcome.preset.list_for(outcome.report.meta.kind)
    sources = "；".join(source.url for source in chosen.sources) or "预设文件未注明"
    typer.echo(f"已按预设“{outcome.preset.name}”（{outcome.report.meta.kind}）填好 {len(chosen.aspects)} 个方面，"
               f"{api.VERIFIED[chosen.verified]}；来源：{sources}")
    if chosen.note:
        typer.echo(f"注意：{chosen.note}")


@app.command("presets", cls=Command, options_metavar="[选项]")
def presets_command() -> None:
    """列出内置的预设：各年度组织生活会、民主生活会上级规定的对照检查方面，及其来源和核实情况。"""
    for preset in api.presets():
        typer.echo(f"{preset.name}（{preset.full_meeting_name}）")
        for chosen in preset.lists:
            verified = api.VERIFIED[chosen.verified]
            typer.echo(f"  {'、'.join(chosen.kinds)}：{len(chosen.aspects)} 个方面，{verified}")
            for source in chosen.sources:
                typer.echo(f"    来源：{source.url}")
    typer.echo("用法：docgen new 工作簿.xlsx --preset 名称。“部分核实”的预设只收录了能够核实的表述，以上级通知为准。")


@app.command("check", cls=Command, options_metavar="[选项]")
def check_command(
    workbook: Path = typer.Argument(..., metavar="工作簿.xlsx", help="要检查的工作簿（.xlsx）。", show_default=False),
    output_format: str = typer.Option("text", "--format", metavar="text|json", help="输出格式：text（文字）或 json（供程序读取）。"),
    fix: Optional[Path] = typer.Option(
        None, "--fix", metavar="改正后.xlsx", help="把可以自动改正的问题（标点、编号、空白）改正后另存为这个 .xlsx 文件；原文件不变。",
        show_default=False,
    ),
) -> None:
    """检查工作簿，列出全部问题（所在工作表和单元格），不生成任何文件。"""
    if output_format not in ("text", "json"):
        raise click_errors.BadParameter("只能是 text 或 json", param_hint="--format")
    outcome = api.check_workbook(workbook)
    if fix is not None:
        api.write_fixed_copy(workbook, fix, outcome.findings)
    if output_format == "json":
        _print_json(workbook, outcome.findings)
    else:
        _print_findings(workbook, outcome.findings, err=False)
        if not outcome.errors:
            typer.echo("检查通过，可以运行 docgen make 生成文档。" if not outcome.findings
                       else "没有错误，可以运行 docgen make 生成文档；建议先看看上面的警告和提示。")
        if fix is not None:
            typer.echo(f"已把可自动改正的内容另存为：{fix}")
    if outcome.errors:
        raise typer.Exit(ExitCode.INVALID)


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
) -> None:
    """检查工作簿，没有错误时生成对照检查材料（.docx）；可一次生成多个。"""
    if fonts not in api.FONT_SETS:
        raise click_errors.BadParameter("只能是 standard 或 windows", param_hint="--fonts")
    soffice = api.pdf_converter() if as_pdf else None  # before any work: without LibreOffice nothing is made
    if len(workbooks) > 1 or workbooks[0].is_dir() or (output is not None and output.is_dir()):
        _make_many(workbooks, output, template, fonts, jobs, action_list, soffice)
        return
    check = _font_check(fonts)  # asked now, read after the document is made
    workbook = workbooks[0]
    outcome = api.make_document(workbook, output, template=template, fonts=fonts, action_list=action_list)
    _print_findings(workbook, outcome.findings, err=True)
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
    results = api.make_pdfs(documents, soffice)
    for result in results:
        if result.pdf is not None and len(results) == 1:
            typer.echo(f"已生成：{result.pdf}")
        elif result.pdf is None:
            typer.echo(f"错误：{result.document}：未能生成 PDF（{result.reason}）。请在 Word 或 WPS 中打开它，另存为 PDF",
                       err=True)
    made = sum(1 for r in results if r.pdf is not None)
    if len(results) > 1:
        typer.echo(f"已生成 PDF {made} 个，与各自的 .docx 在同一文件夹。")
    return len(results) - made


def _font_check(fonts: str) -> Any:
    """The check of this machine's fonts, begun; None when DOCGEN_NO_FONT_CHECK=1 turns it off."""
    if os.environ.get("DOCGEN_NO_FONT_CHECK", "").strip() not in ("", "0"):
        return None
    return api.font_check(fonts)


def _warn_missing_fonts(fonts: str, check: Any = "later") -> None:
    """Once a run: the faces of the font set this machine lacks. A batch asks only now (its workers are
    forked, and a process started before the fork would be shared with them)."""
    check = _font_check(fonts) if check == "later" else check
    if check is None:
        return
    missing = check.missing()
    if missing:
        other = "，或改用 --fonts windows" if fonts == "standard" else ""
        typer.echo(f"提示：本机没有安装字体 {'、'.join(missing)}。文档中写的仍是这些字体，在装有它们的电脑上显示正常；"
                   f"在本机查看或生成 PDF 时会用其他字体代替。运行 docgen fonts 查看详情{other}。", err=True)


def _make_many(workbooks: List[Path], output: Optional[Path], template: Optional[Path], fonts: str,
               jobs: Optional[int], action_list: bool = False, soffice: Optional[Path] = None) -> None:
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
                                progress=progress, action_list=action_list)
    finally:
        if bar is not None:
            bar.render_finish()
    from .batch import summary_lines  # the batch machinery only when a batch ran

    for line in summary_lines(outcome):
        typer.echo(line)
    if outcome.interrupted:
        typer.echo("已取消：正在生成的文件已完成，其余未开始。", err=True)
        raise typer.Exit(ExitCode.INTERRUPTED)
    made = [r.job.output for r in outcome.succeeded]
    failed = _make_pdfs(made, soffice) if soffice and made else 0
    _warn_missing_fonts(fonts)
    if outcome.failed or failed:
        raise typer.Exit(ExitCode.INVALID)


@app.command("fonts", cls=Command, options_metavar="[选项]")
def fonts_command(
    fonts: str = typer.Option(
        "standard", "--fonts", metavar="standard|windows", help="要检查的字体方案（与 docgen make 的 --fonts 相同）。"),
) -> None:
    """查看本机是否装有字体方案中的各种字体，以及缺少时 LibreOffice 会用什么字体代替。"""
    if fonts not in api.FONT_SETS:
        raise click_errors.BadParameter("只能是 standard 或 windows", param_hint="--fonts")
    faces = api.font_report(fonts)
    typer.echo(f"字体方案 {fonts}：")
    for face in faces:
        state = "已安装" if face.installed else (
            f"未安装，LibreOffice 会用 {face.substitute} 代替" if face.substitute else "未安装")
        typer.echo(f"  {face.name}（{'、'.join(face.uses)}）：{state}")
    missing = [face for face in faces if not face.installed]
    if not missing:
        typer.echo("全部已安装，生成的 PDF 和在本机看到的文档与标准字体一致。")
        return
    typer.echo(f"缺少 {len(missing)} 种字体。Word 文档中写的仍是上面的字体，在装有它们的电脑上显示正常；"
               "在本机打开或用 --pdf 生成 PDF 时会用代替的字体，字宽和分页可能与标准字体不同（PDF 中嵌入的是代替的字体）。"
               + ("可以安装缺少的字体，或改用 --fonts windows（Windows 自带字体）。" if fonts == "standard"
                  else "可以安装缺少的字体。"))


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
    outcome = api.import_report(source, output, force=force)
    _print_findings(source, outcome.findings, err=True)
    typer.echo(f"已转换为工作簿：{outcome.path}")
    typer.echo(f"请在 Excel 或 WPS 中核对、修改后运行：docgen check {outcome.path}")


# -- printing ---------------------------------------------------------------------------------


def _print_findings(file: Path, findings: List[Finding], *, err: bool) -> None:
    if not findings:
        return
    typer.echo(f"{file}：", err=err)
    for finding in findings:
        typer.echo(f"  [{LEVEL_NAMES[finding.level]}] {finding}", err=err)
    counts = {level: sum(1 for f in findings if f.level == level) for level in LEVEL_NAMES}
    summary = "，".join(f"{counts[level]} 处{name}" for level, name in LEVEL_NAMES.items() if counts[level])
    typer.echo(f"共 {summary}。", err=err)


def _print_json(file: Path, findings: List[Finding]) -> None:
    payload = {
        "file": str(file),
        "errors": sum(1 for f in findings if f.level == "error"),
        "warnings": sum(1 for f in findings if f.level == "warning"),
        "findings": [finding_to_dict(f) for f in findings],
    }
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))


# -- the one error handler --------------------------------------------------------------------

# What each way a command can end means for its exit code (the most specific class that matches wins).
_EXIT_CODES: tuple[tuple[type[BaseException], ExitCode], ...] = (
    (click_errors.UsageError, ExitCode.USAGE),
    (typer.Abort, ExitCode.INTERRUPTED),
    (KeyboardInterrupt, ExitCode.INTERRUPTED),
)


def exit_code(err: BaseException) -> ExitCode:
    """The exit code of a command that ended with `err` (a DocgenError says its own)."""
    if isinstance(err, DocgenError):
        return ExitCode(err.exit_code)
    return next(code for kind, code in _EXIT_CODES if isinstance(err, kind))


def main(argv: Optional[List[str]] = None) -> None:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        result = app(args=argv, prog_name="docgen", standalone_mode=False)
        code = ExitCode(result) if isinstance(result, int) else ExitCode.OK
    except (DocgenError, click_errors.UsageError, typer.Abort, KeyboardInterrupt) as err:
        _say(err)
        code = exit_code(err)
    sys.exit(int(code))


def _say(err: BaseException) -> None:
    """What the user reads when a command ends with `err`."""
    if isinstance(err, WorkbookInvalid):
        _print_findings(Path(err.file), err.findings, err=True)
        typer.echo(f"未生成文档：{err.file} 有错误，请按上面的提示修改后重试。", err=True)
    elif isinstance(err, DocgenError):
        typer.echo(f"错误：{err}", err=True)
    elif isinstance(err, click_errors.NoArgsIsHelpError):
        typer.echo(err.ctx.get_help() if err.ctx else "", err=True)
    elif isinstance(err, click_errors.UsageError):
        command = err.ctx.command_path if err.ctx else "docgen"
        typer.echo(f"用法错误：{usage_message(err)}\n运行 {command} --help 查看用法。", err=True)
    else:  # Ctrl-C, inside Typer (Abort) or outside it
        typer.echo("已取消。", err=True)
