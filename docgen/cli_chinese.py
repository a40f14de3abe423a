"""How docgen's command line speaks Chinese: help pages, usage lines and usage errors in the user's words,
through the formatting and parsing hooks Click commands offer (Typer vendors Click as typer._click).

Split from cli.py, which keeps the commands, the printing and the one error handler."""

from __future__ import annotations

import difflib
from typing import Any

import typer
import typer.core
from typer._click import exceptions as click_errors
from typer._click.formatting import join_options

HELP_TEXT = "显示本帮助并退出。"


class UsageMistake(click_errors.UsageError):
    """A usage error whose message is already in the user's words."""


def _help_record(param: Any, ctx: Any) -> tuple[str, str] | None:
    """One line of a help page, in the user's words: the option or argument, its help, default and
    whether it is required (Typer's own record would say "default" and "required")."""
    if getattr(param, "hidden", False):
        return None
    if param.param_type_name == "argument":
        name = param.make_metavar(ctx)
    else:
        name = join_options(param.opts)[0]
        if not param.is_flag and not param.count:
            name += f" {param.make_metavar(ctx)}"
    extra = []
    if param.show_default and param.default not in (None, False, ""):
        extra.append(f"默认：{param.default}")
    if param.required:
        extra.append("必填")
    help_text = param.help or ""
    if extra:
        help_text = f"{help_text}  [{'; '.join(extra)}]" if help_text else f"[{'; '.join(extra)}]"
    return name, help_text


def _chinese(command_class: type) -> type:
    """A Typer command or group whose help pages and usage errors are written in Chinese, through the
    formatting and parsing hooks that Click commands offer."""

    class Chinese(command_class):  # type: ignore[misc, valid-type]
        def get_help_option(self, ctx: Any) -> Any:
            option = super().get_help_option(ctx)
            if option is not None:
                option.help = HELP_TEXT
            return option

        def format_usage(self, ctx: Any, formatter: Any) -> None:
            formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix="用法：")

        def format_options(self, ctx: Any, formatter: Any) -> None:
            records: dict[str, list[tuple[str, str]]] = {"argument": [], "option": []}
            for param in self.get_params(ctx):
                record = _help_record(param, ctx)
                if record is not None and param.param_type_name in records:
                    records[param.param_type_name].append(record)
            for kind, heading in (("argument", "参数"), ("option", "选项")):
                if records[kind]:
                    with formatter.section(heading):
                        formatter.write_dl(records[kind])
            if hasattr(self, "format_commands"):
                self.format_commands(ctx, formatter)

        def format_commands(self, ctx: Any, formatter: Any) -> None:
            rows = []
            for name in getattr(self, "list_commands", lambda ctx: [])(ctx):
                command = self.get_command(ctx, name)
                if command is not None and not command.hidden:
                    rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
            if rows:
                with formatter.section("命令"):
                    formatter.write_dl(rows)

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


def usage_message(err: Any) -> str:
    """A usage error in the user's words, from what the error says about itself (never its English text)."""
    if isinstance(err, UsageMistake):
        return err.message
    if isinstance(err, click_errors.NoSuchOption):
        known = f" (可用的选项: {', '.join(sorted(err.possibilities))})" if err.possibilities else ""
        return f"没有这个选项: {err.option_name}{known}"
    if isinstance(err, click_errors.BadOptionUsage):
        option = next((p for p in (err.ctx.command.params if err.ctx else ()) if err.option_name in p.opts), None)
        if option is not None and getattr(option, "is_flag", False):
            return f"选项 {err.option_name!r} 不接受值."
        return f"选项 {err.option_name!r} 需要一个值."
    if isinstance(err, click_errors.MissingParameter):
        param = err.param
        if param is not None and param.param_type_name == "option":
            return f"缺少选项 {' / '.join(repr(o) for o in param.opts)}."
        return f"缺少参数 {param.get_error_hint(err.ctx) if param is not None else ''}."
    if isinstance(err, click_errors.BadParameter):
        hint = err.param_hint if err.param_hint is not None else (
            err.param.get_error_hint(err.ctx) if err.param is not None else "")
        hint = " / ".join(hint) if isinstance(hint, (list, tuple)) else hint
        return f"参数值无效：{hint}: {err.message}" if hint else f"参数值无效：{err.message}"
    return "命令的写法不对"
