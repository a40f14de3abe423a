"""The serve command: the page in the browser, for people who never open a terminal."""

from __future__ import annotations

import typer
from typer._click import exceptions as click_errors

from .app import Command, app


@app.command("serve", cls=Command, options_metavar="[选项]")
def serve_command(
    host: str = typer.Option(
        "127.0.0.1", "--host", metavar="地址",
        help="监听的地址；默认 127.0.0.1（只有本机能打开）。给其他电脑用时写本机的地址或 0.0.0.0，这时页面需要访问码。"),
    port: str = typer.Option("8000", "--port", "-p", metavar="端口", help="端口号（1–65535，0 为任选一个空闲端口）。"),
    no_browser: bool = typer.Option(False, "--no-browser", help="启动后不自动打开浏览器。"),
    allow_templates: bool = typer.Option(
        False, "--allow-templates", help="允许在页面上上传自己的 Word 模板（模板是程序，只在信任使用者时打开）。"),
) -> None:
    """启动网页：在浏览器中下载工作簿、上传检查、下载 Word 文档，不需要再输入命令。"""
    if not port.strip().isdigit() or not 0 <= int(port) <= 65535:
        raise click_errors.BadParameter("应为 0–65535 的整数", param_hint="'--port' / '-p'")
    from .. import web

    web.serve(host=host.strip(), port=int(port), open_browser=not no_browser, allow_templates=allow_templates,
              say=lambda line: typer.echo(line, err=False))
