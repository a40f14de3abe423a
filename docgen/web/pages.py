"""The page's HTML: the one page (three steps, import, batch), its result fragments (findings table,
preview, batch table) and the message pages. Every text from a workbook or a message is escaped here;
the words are the CLI's own (console.py, the findings' messages and hints, the batch table)."""

from __future__ import annotations

import string
from functools import lru_cache
from html import escape
from importlib import resources
from typing import Any, Sequence

from .. import __version__, console
from ..errors import LEVEL_NAMES, Finding
from ..vocabulary import KINDS
from .batches import Row
from .limits import MAX_BATCH_FILES, MAX_FILE_BYTES, MB
from .preview import Line, font_stacks

PAGE_PASSED = "检查通过，可以在第 3 步下载 Word 文档。"
PAGE_PASSED_WITH_WARNINGS = "没有错误，可以在第 3 步下载 Word 文档；建议先看看下面的警告和提示。"


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    return resources.files("docgen.web").joinpath("assets", name).read_text(encoding="utf-8")


def stylesheet() -> str:
    return string.Template(asset("style.css")).substitute(font_stacks("standard"))


def index(presets: Sequence[Any], *, pdf: bool, templates: bool, result: str = "", imported: str = "") -> str:
    kinds = '<option value="">按预设（不选预设时为支部班子）</option>' + "".join(
        f'<option value="{escape(name)}">{escape(name)}</option>' for name in KINDS)
    choices = "".join(f'<option value="{escape(p.name)}">{escape(p.name)}（{escape(p.full_meeting_name)}）</option>'
                      for p in presets)
    template = ('<label>自己的 Word 模板（可选） <input type="file" name="template" accept=".docx"></label>'
                if templates else "")
    pdf_button = ('<button type="submit" form="workbook-form" formaction="/make" name="format" value="pdf" '
                  'class="plain" id="make-pdf">下载 PDF</button>' if pdf else "")
    return string.Template(asset("index.html")).substitute(
        kinds=kinds, presets=choices, template=template, pdf=pdf_button, result=result, imported=imported,
        version=__version__,
        max_file=MAX_FILE_BYTES // MB, max_files=MAX_BATCH_FILES)


HOME = '<p><a href="/">返回首页</a></p>'
LOGIN = ('<h2>请输入访问码</h2><p>访问码由启动 docgen serve 的同事提供（显示在他的命令提示符窗口中）。</p>$error'
         '<form method="post" action="/login" class="row"><label>访问码 '
         '<input type="password" name="code" autocomplete="off" required autofocus></label>'
         '<button type="submit">进入</button></form>')


def _page(body: str, title: str = "docgen") -> str:
    return string.Template(asset("message.html")).substitute(body=body, title=escape(title))


def message(text: str) -> str:
    return _page(f'<p class="bad">{escape(text)}</p>{HOME}')


def login(error: str) -> str:
    error_html = f'<p class="bad">{escape(error)}</p>' if error else ""
    return _page(string.Template(LOGIN).substitute(error=error_html), "docgen：请输入访问码")


def error_line(text: str) -> str:
    """A refusal as the CLI says it: 错误：…"""
    return f'<p class="bad">错误：{escape(text)}</p>'


def findings_table(shown: str, findings: Sequence[Finding]) -> str:
    """位置, 级别, 问题, 怎么改: errors first."""
    if not findings:
        return ""
    rows = []
    for f in console.worst_first(findings):
        place = str(f.source) or shown
        rows.append(f'<tr class="{f.level}"><td class="place">{escape(place)}</td>'
                    f'<td class="level">{LEVEL_NAMES[f.level]}</td><td>{escape(f.message)}</td>'
                    f"<td>{escape(f.hint)}</td></tr>")
    return (f'<p class="count">{escape(shown)}：{escape(console.findings_count(findings))}</p>'
            '<table class="findings"><thead><tr><th>位置</th><th>级别</th><th>问题</th><th>怎么改</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def preview(lines: Sequence[Line]) -> str:
    paragraphs = []
    for line in lines:
        head = f'<span class="head">{escape(line.head)}</span>' if line.head else ""
        paragraphs.append(f'<p class="{line.role}">{head}{escape(line.text)}</p>')
    return f'<h3>预览</h3><div class="preview" id="preview">{"".join(paragraphs)}</div>'


def checked(shown: str, reply: Any) -> str:
    """What 检查 shows: the refusal, or the findings, the fix button and (without errors) the preview."""
    if reply.error and not reply.findings:
        return error_line(reply.error)
    errors = any(f.level == "error" for f in reply.findings)
    parts = [findings_table(shown, reply.findings)]
    if errors:
        parts.insert(0, f'<p class="bad">{escape(shown)} 有错误，请按下表修改后重新上传。</p>')
    else:
        parts.insert(0, f'<p class="ok">{PAGE_PASSED if not reply.findings else PAGE_PASSED_WITH_WARNINGS}</p>')
    if reply.fixable:
        parts.append('<p><button type="submit" form="workbook-form" formaction="/fix" class="plain" id="fix">'
                     "下载改正后的工作簿</button> 只改正表中可以自动改正的标点、空白和编号，其他内容原样保留。</p>")
    if reply.preview:
        parts.append(preview(reply.preview))
    return "".join(parts)


def not_made(shown: str, reply: Any) -> str:
    """What 下载 Word 文档 shows when the workbook has errors: the CLI's line, then the table."""
    if not any(f.level == "error" for f in reply.findings):  # unreadable, or no PDF came of it
        return error_line(reply.error) + findings_table(shown, reply.findings)
    return f'<p class="bad">{escape(console.not_made_line(shown))}</p>' + findings_table(shown, reply.findings)


def imported(shown: str, reply: Any) -> str:
    if reply.error:
        return error_line(reply.error)
    note = ('<p class="ok">已识别，可以下载转换后的工作簿，在 Excel 或 WPS 中核对、修改后回到第 2 步上传。</p>')
    return note + findings_table(shown, reply.findings)


def batch_table(rows: Sequence[Row], total: str) -> str:
    """The 成功/失败 table batch making prints, as a table."""
    from ..batch.summary import HEADINGS

    head = "".join(f"<th>{h}</th>" for h in HEADINGS)
    body = "".join(
        f'<tr class="{"ok" if r.ok else "error"}">' + "".join(f"<td>{escape(c)}</td>" for c in r.cells) + "</tr>"
        for r in rows)
    return f'<p class="count">{escape(total)}</p><table class="batch"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
