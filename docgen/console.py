"""What the command line says, in the user's words: help pages, findings, presets, fonts, PDFs (cli.py, the one
module that talks to Typer, prints them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator, Sequence

from .errors import LEVEL_NAMES, Finding, finding_to_dict


def findings_lines(file: Path, findings: Sequence[Finding]) -> Iterator[str]:
    """The file, one line a finding with its level, and the count of each level: made as they are printed
    (a long report's 100,000 findings would be another 40 MB of lines held at once)."""
    if not findings:
        return
    yield f"{file}："
    for f in findings:
        yield f"  [{LEVEL_NAMES[f.level]}] {f}"
    yield findings_count(findings)


def findings_count(findings: Sequence[Finding]) -> str:
    """共 1 处错误，2 处警告。 (the last line of findings_lines; the page's line above its table)"""
    counts = {level: sum(1 for f in findings if f.level == level) for level in LEVEL_NAMES}
    summary = "，".join(f"{counts[level]} 处{name}" for level, name in LEVEL_NAMES.items() if counts[level])
    return f"共 {summary}。"


def worst_first(findings: Sequence[Finding]) -> list[Finding]:
    """Errors, then warnings, then notes; each level in reading order (the page's table)."""
    order = list(LEVEL_NAMES)
    return sorted(findings, key=lambda f: order.index(f.level))


CHECK_PASSED = "检查通过，可以运行 docgen make 生成文档。"
CHECK_PASSED_WITH_WARNINGS = "没有错误，可以运行 docgen make 生成文档；建议先看看上面的警告和提示。"


def check_verdict(findings: Sequence[Finding]) -> str:
    """What check says after its findings when there is no error."""
    return CHECK_PASSED if not findings else CHECK_PASSED_WITH_WARNINGS


def not_made_line(file: str) -> str:
    """What make says when a workbook has errors (after its findings)."""
    return f"未生成文档：{file} 有错误，请按上面的提示修改后重试。"


# -- docgen serve ----------------------------------------------------------------------------------

WEB_EXTRA = 'pip install "docgen[web]"'
WEB_MISSING = "网页功能需要另外安装几个组件（Starlette、uvicorn、python-multipart）"
WEB_MISSING_HINT = (f"请在命令提示符中运行：{WEB_EXTRA}（从 docgen 的文件夹安装时：python -m pip install \".[web]\"），"
                    "然后再运行 docgen serve")
BUSY = "请稍后再试：正在生成的材料较多"
SERVE_STOPPED = "docgen 网页已停止。"


def serve_lines(url: str, *, code: str | None = None) -> list[str]:
    """What docgen serve prints once it listens: the address, and with an access code (a non-loopback
    address) a warning and the code."""
    first = f"{url}?token={code}" if code else url
    lines = [f"docgen 网页已启动：{first}", "请在浏览器中打开上面的地址；按 Ctrl-C 停止。"]
    if code:
        lines += ["警告：网页对其他电脑开放（不只是本机）。请只在单位内部网络中这样使用，用完及时停止。",
                  f"访问码：{code}（把上面的完整地址发给同事即可；只打开 {url} 时，页面会要求输入访问码）"]
    return lines


def findings_json(file: Path, findings: Sequence[Finding]) -> Iterator[str]:
    """docgen check --format json: json.dumps(..., ensure_ascii=False, indent=2) of the file, the counts
    and the findings, in pieces made as they are written (one a finding: a long report's would be
    hundreds of megabytes of dicts and text held at once)."""
    import json  # only for --format json

    head = {"file": str(file), "errors": sum(1 for f in findings if f.level == "error"),
            "warnings": sum(1 for f in findings if f.level == "warning"), "findings": []}
    opening = json.dumps(head, ensure_ascii=False, indent=2)
    if not findings:
        yield opening
        return
    yield opening[:-len("[]\n}")] + "["
    for n, f in enumerate(findings):
        # a string holds no raw line break in JSON: every line of the dict is indented as one level deeper
        item = json.dumps(finding_to_dict(f), ensure_ascii=False, indent=2).replace("\n", "\n    ")
        yield ("," if n else "") + "\n    " + item
    yield "\n  ]\n}"


def preset_lines(preset: Any, kind: str) -> list[str]:
    """What `new --preset` filled in, from which sources, and what to mind."""
    chosen = preset.list_for(kind)
    sources = "；".join(source.url for source in chosen.sources) or "预设文件未注明"
    lines = [f"已按预设“{preset.name}”（{kind}）填好 {len(chosen.aspects)} 个方面，{chosen.verified_label}；"
             f"来源：{sources}"]
    return lines + ([f"注意：{chosen.note}"] if chosen.note else [])


def presets_lines(presets: Sequence[Any]) -> list[str]:
    """docgen presets: each preset, its lists by kind, and their sources."""
    lines = []
    for preset in presets:
        lines.append(f"{preset.name}（{preset.full_meeting_name}）")
        for chosen in preset.lists:
            lines.append(f"  {'、'.join(chosen.kinds)}：{len(chosen.aspects)} 个方面，{chosen.verified_label}")
            lines += [f"    来源：{source.url}" for source in chosen.sources]
    lines.append("用法：docgen new 工作簿.xlsx --preset 名称。“部分核实”的预设只收录了能够核实的表述，以上级通知为准。")
    return lines


def fonts_lines(fonts: str, faces: Sequence[Any]) -> list[str]:
    """docgen fonts: each face of the font set, installed or what stands in for it."""
    lines = [f"字体方案 {fonts}："]
    for face in faces:
        state = "已安装" if face.installed else (
            f"未安装，LibreOffice 会用 {face.substitute} 代替" if face.substitute else "未安装")
        lines.append(f"  {face.name}（{'、'.join(face.uses)}）：{state}")
    missing = [face for face in faces if not face.installed]
    if not missing:
        return lines + ["全部已安装，生成的 PDF 和在本机看到的文档与标准字体一致。"]
    return lines + [
        f"缺少 {len(missing)} 种字体。Word 文档中写的仍是上面的字体，在装有它们的电脑上显示正常；"
        "在本机打开或用 --pdf 生成 PDF 时会用代替的字体，字宽和分页可能与标准字体不同（PDF 中嵌入的是代替的字体）。"
        + ("可以安装缺少的字体，或改用 --fonts windows（Windows 自带字体）。" if fonts == "standard" else "可以安装缺少的字体。")]


def missing_fonts_line(fonts: str, missing: Sequence[str]) -> str:
    """The one notice a run of make gives when this machine lacks faces of the font set."""
    other = "，或改用 --fonts windows" if fonts == "standard" else ""
    return (f"提示：本机没有安装字体 {'、'.join(missing)}。文档中写的仍是这些字体，在装有它们的电脑上显示正常；"
            f"在本机查看或生成 PDF 时会用其他字体代替。运行 docgen fonts 查看详情{other}。")


def pdf_lines(results: Sequence[Any]) -> tuple[list[str], list[str]]:
    """(what was made, what failed) after converting documents to PDF."""
    made, failed = [], []
    for result in results:
        if result.pdf is not None and len(results) == 1:
            made.append(f"已生成：{result.pdf}")
        elif result.pdf is None:
            failed.append(f"错误：{result.document}：未能生成 PDF（{result.reason}）。请在 Word 或 WPS 中打开它，另存为 PDF")
    if len(results) > 1:
        made.append(f"已生成 PDF {sum(1 for r in results if r.pdf is not None)} 个，与各自的 .docx 在同一文件夹。")
    return made, failed


# -- help pages -------------------------------------------------------------------------------------

HELP_TEXT = "显示本帮助并退出。"


def join_options(options: Sequence[str]) -> str:
    """-o, --output: short options first, as Click lists them."""
    return ", ".join(sorted(options, key=lambda o: len(o) - len(o.lstrip("-/"))))


def help_record(param: Any, ctx: Any) -> tuple[str, str] | None:
    """One line of a help page: the option or argument, its help, default and whether it is required
    (Typer's own record would say "default" and "required")."""
    if getattr(param, "hidden", False):
        return None
    if param.param_type_name == "argument":
        name = param.make_metavar(ctx)
    else:
        name = join_options(param.opts)
        if getattr(param, "secondary_opts", None):  # an on/off pair: --review / --no-review
            name += " / " + join_options(param.secondary_opts)
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


class ChineseHelp:
    """Help pages in Chinese for a Click command or group, through the format_* hooks Click commands offer
    (mixed in before the command class in cli/app.py; it uses only what Click hands these hooks)."""

    def get_params(self, ctx: Any) -> list[Any]:
        """docgen opens its files itself and says in Chinese, with exit 1, what is wrong with one: Click's
        own check of a path said "is not readable" in English, with exit 2."""
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if getattr(param.type, "readable", False):
                param.type.readable = False
        return params

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
        return option

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),  # type: ignore[attr-defined]
                              prefix="用法：")

    def format_options(self, ctx: Any, formatter: Any) -> None:
        records: dict[str, list[tuple[str, str]]] = {"argument": [], "option": []}
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = help_record(param, ctx)
            if record is not None and param.param_type_name in records:
                records[param.param_type_name].append(record)
        for kind, heading in (("argument", "参数"), ("option", "选项")):
            if records[kind]:
                with formatter.section(heading):
                    formatter.write_dl(records[kind])
        if hasattr(self, "list_commands"):
            self.format_commands(ctx, formatter)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in getattr(self, "list_commands", lambda ctx: [])(ctx):
            command = self.get_command(ctx, name)  # type: ignore[attr-defined]
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
        if rows:
            with formatter.section("命令"):
                formatter.write_dl(rows)


def usage_message(err: Any) -> str:
    """A usage error in the user's words, from what the error says about itself (never its English text):
    its classes are Click's, known here by name, so that only cli.py imports Click."""
    kinds = {cls.__name__ for cls in type(err).__mro__}
    if "UsageMistake" in kinds:
        return err.message
    if "NoSuchOption" in kinds:
        known = f" (可用的选项: {', '.join(sorted(err.possibilities))})" if err.possibilities else ""
        return f"没有这个选项: {err.option_name}{known}"
    if "BadOptionUsage" in kinds:
        option = next((p for p in (err.ctx.command.params if err.ctx else ()) if err.option_name in p.opts), None)
        if option is not None and getattr(option, "is_flag", False):
            return f"选项 {err.option_name!r} 不接受值."
        return f"选项 {err.option_name!r} 需要一个值."
    if "MissingParameter" in kinds:
        param = err.param
        if param is not None and param.param_type_name == "option":
            return f"缺少选项 {' / '.join(repr(o) for o in param.opts)}."
        return f"缺少参数 {param.get_error_hint(err.ctx) if param is not None else ''}."
    if "BadParameter" in kinds:
        hint = err.param_hint if err.param_hint is not None else (
            err.param.get_error_hint(err.ctx) if err.param is not None else "")
        hint = " / ".join(hint) if isinstance(hint, (list, tuple)) else hint
        return f"参数值无效：{hint}: {err.message}" if hint else f"参数值无效：{err.message}"
    return "命令的写法不对"
