"""The docgen command line: Typer commands, each one call into the library; one error handler."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, List, Optional

import typer
import typer.core
from typer._click import exceptions as click_errors

from . import __version__, console
from .errors import DocgenError, ExitCode, Finding, WorkbookInvalid, path_too_long

if TYPE_CHECKING:
    from . import api  # imported by each command when it runs: help pages need none of the library

# -- speaking Chinese through Click's own hooks ---------------------------------------------------------

class UsageMistake(click_errors.UsageError):
    """A usage error whose message is already in the user's words."""


def _chinese(command_class: type) -> type:
    """A Typer command or group whose help pages and usage errors are written in Chinese, through the
    formatting and parsing hooks that Click commands offer."""

    class Chinese(console.ChineseHelp, command_class):  # type: ignore[misc, valid-type]
        def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
            try:
                if hasattr(self, "commands"):
                    return super().parse_args(ctx, args)
                allowed, ctx.allow_extra_args = ctx.allow_extra_args, True
                try:
                    rest = super().parse_args(ctx, args)
                finally:
                    ctx.allow_extra_args = allowed
                if rest and not allowed:
                    raise UsageMistake(f"多余的参数 ({' '.join(rest)})", ctx)
                return rest
            except click_errors.UsageError as err:
                err.ctx = err.ctx or ctx  # the parser raises some errors without the command
                raise

        def resolve_command(self, ctx: Any, args: list[str]) -> Any:
            name = args[0] if args else ""
            if name and not name.startswith("-") and self.get_command(ctx, name) is None:
                import difflib  # only for a command typed wrong

                close = difflib.get_close_matches(name, self.list_commands(ctx), n=1)
                guess = f" 您是不是要输入 {close[0]!r}?" if close else ""
                raise UsageMistake(f"没有这个命令 {name!r}.{guess}", ctx)
            return super().resolve_command(ctx, args)

        def invoke(self, ctx: Any) -> Any:
            try:
                return super().invoke(ctx)
            except KeyboardInterrupt as err:  # Typer would turn it into a silent exit 130; say so in main()
                raise typer.Abort() from err

    return Chinese


Group = _chinese(typer.core.TyperGroup)
Command = _chinese(typer.core.TyperCommand)


# -- the commands ---------------------------------------------------------------------------------------


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
    from . import api
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
    _echo(console.preset_lines(outcome.preset, outcome.report.meta.kind))


@app.command("presets", cls=Command, options_metavar="[选项]")
def presets_command() -> None:
    """列出内置的预设：各年度组织生活会、民主生活会上级规定的对照检查方面，及其来源和核实情况。"""
    from . import api
    _echo(console.presets_lines(api.presets()))


@app.command("check", cls=Command, options_metavar="[选项]")
def check_command(
    workbook: Path = typer.Argument(..., metavar="工作簿.xlsx", help="要检查的工作簿（.xlsx）。", show_default=False),
    output_format: str = typer.Option("text", "--format", metavar="text|json", help="输出格式：text（文字）或 json（供程序读取）。"),
    fix: Optional[Path] = typer.Option(
        None, "--fix", metavar="改正后.xlsx", help="把可以自动改正的问题（标点、编号、空白）改正后另存为这个 .xlsx 文件；原文件不变。",
        show_default=False,
    ),
    force: bool = typer.Option(False, "--force", help="--fix 的文件已存在、且在生成后被修改过时，仍然覆盖它。"),
) -> None:
    """检查工作簿，列出全部问题（所在工作表和单元格），不生成任何文件。"""
    from . import api
    if output_format not in ("text", "json"):
        raise click_errors.BadParameter("只能是 text 或 json", param_hint="--format")
    outcome = api.check_workbook(workbook)
    if fix is not None:
        api.write_fixed_copy(workbook, fix, outcome.findings, force=force, draft=outcome.draft)
    if output_format == "json":
        _write_utf8(console.findings_json(workbook, outcome.findings))
    else:
        _print_findings(workbook, outcome.findings, err=False)
        if not outcome.errors:
            typer.echo("检查通过，可以运行 docgen make 生成文档。" if not outcome.findings
                       else "没有错误，可以运行 docgen make 生成文档；建议先看看上面的警告和提示。")
        if fix is not None:
            typer.echo(f"已把可自动改正的内容另存为：{fix}")
    if outcome.errors:
        raise typer.Exit(ExitCode.INVALID)


def _require_font_set(fonts: str) -> None:
    from . import api

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
    from . import api
    _require_font_set(fonts)
    soffice = api.pdf_converter() if as_pdf else None  # before any work: without LibreOffice nothing is made
    if len(workbooks) > 1 or workbooks[0].is_dir() or (output is not None and output.is_dir()):
        _make_many(workbooks, output, template, fonts, jobs, action_list, soffice, force)
        return
    check = api.font_check(fonts)  # asked now, read after the document is made
    workbook = workbooks[0]
    outcome = api.make_document(workbook, output, template=template, fonts=fonts, action_list=action_list,
                                force=force)
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
    from . import api
    results = api.make_pdfs(documents, soffice)
    made, failed = console.pdf_lines(results)
    _echo(failed, err=True)
    _echo(made)
    return sum(1 for r in results if r.pdf is None)


def _warn_missing_fonts(fonts: str, check: Any) -> None:
    """Once a run: the faces of the font set this machine lacks (check is None when it is turned off)."""
    missing = check.missing() if check is not None else []
    if missing:
        typer.echo(console.missing_fonts_line(fonts, missing), err=True)


def _make_many(workbooks: List[Path], output: Optional[Path], template: Optional[Path], fonts: str,
               jobs: Optional[int], action_list: bool = False, soffice: Optional[Path] = None,
               force: bool = False) -> None:
    from . import api
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
    from .batch import summary_lines  # the batch machinery only when a batch ran

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
    from . import api
    _require_font_set(fonts)
    _echo(console.fonts_lines(fonts, api.font_report(fonts)))


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
    from . import api
    outcome = api.import_report(source, output, force=force)
    _print_findings(source, outcome.findings, err=True)
    typer.echo(f"已转换为工作簿：{outcome.path}")
    typer.echo(f"请在 Excel 或 WPS 中核对、修改后运行：docgen check {outcome.path}")


# -- printing ---------------------------------------------------------------------------------


def _echo(lines: List[str], *, err: bool = False) -> None:
    for line in lines:
        typer.echo(line, err=err)


def _print_findings(file: Path, findings: List[Finding], *, err: bool) -> None:
    _echo(console.findings_lines(file, findings), err=err)


def _write_utf8(text: str) -> None:
    """JSON is for programs, which read UTF-8, whatever the console's code page (936 would give GBK)."""
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:  # a text-only stream (a test's capture) takes str
        typer.echo(text)
        return
    sys.stdout.flush()
    stream.write((text + "\n").encode("utf-8"))
    stream.flush()


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
    if getattr(sys, "frozen", False):  # a program frozen for Windows runs itself as each batch worker
        import multiprocessing

        multiprocessing.freeze_support()
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        result = app(args=argv, prog_name="docgen", standalone_mode=False)
        code = ExitCode(result) if isinstance(result, int) else ExitCode.OK
    except (DocgenError, *(kind for kind, _ in _EXIT_CODES)) as err:
        _say(err)
        code = exit_code(err)
    except OSError as err:  # a path past the system's limit turns up in any look at a path
        refused = path_too_long(err)
        if refused is None:
            raise
        _say(refused)
        code = exit_code(refused)
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
        typer.echo(f"用法错误：{console.usage_message(err)}\n运行 {command} --help 查看用法。", err=True)
    else:  # Ctrl-C, inside Typer (Abort) or outside it
        typer.echo("已取消。", err=True)
