"""The command line's frame: Chinese help pages and usage errors, the app, printing, and the one error
handler. The commands live beside it, one module per concern, each command one call into the library."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Iterable, List, Optional

import typer
import typer.core
from typer._click import exceptions as click_errors

from .. import __version__, console
from ..errors import DocgenError, ExitCode, Finding, WorkbookInvalid, path_too_long

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


# -- printing ---------------------------------------------------------------------------------


def echo_lines(lines: Iterable[str], *, err: bool = False) -> None:
    for line in lines:
        typer.echo(line, err=err)


def print_findings(file: Path, findings: List[Finding], *, err: bool) -> None:
    echo_lines(console.findings_lines(file, findings), err=err)


def write_utf8(pieces: Iterable[str]) -> None:
    """Text that is one output in pieces, then a line break. JSON is for programs, which read UTF-8,
    whatever the console's code page (936 would give GBK)."""
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:  # a text-only stream (a test's capture) takes str
        typer.echo("".join(pieces))
        return
    sys.stdout.flush()
    for piece in pieces:
        stream.write(piece.encode("utf-8"))
    stream.write(b"\n")
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
        print_findings(Path(err.file), err.findings, err=True)
        typer.echo(console.not_made_line(err.file), err=True)
    elif isinstance(err, DocgenError):
        typer.echo(f"错误：{err}", err=True)
    elif isinstance(err, click_errors.NoArgsIsHelpError):
        typer.echo(err.ctx.get_help() if err.ctx else "", err=True)
    elif isinstance(err, click_errors.UsageError):
        command = err.ctx.command_path if err.ctx else "docgen"
        typer.echo(f"用法错误：{console.usage_message(err)}\n运行 {command} --help 查看用法。", err=True)
    else:  # Ctrl-C, inside Typer (Abort) or outside it
        typer.echo("已取消。", err=True)
