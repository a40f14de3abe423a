"""Where a template fails, said as the user sees the template in Word, and why, in Chinese (stdlib only)."""

from __future__ import annotations

import html
import re

from .tags import damaged_tag

_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.S)
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
# Jinja names the tag, not where it is: the block left open, or the tag it does not know.
_NAMED_TAG = (re.compile(r"unknown tag '(\w+)'"), re.compile(r"block that needs to be closed is '(\w+)'"))


def paragraph_texts(xml: str) -> tuple[str, ...]:
    """The text of each paragraph of a part, tags included, as the user sees it in Word."""
    return tuple(html.unescape(re.sub(r"<[^>]+>", "", p)) for p in _PARAGRAPH.findall(xml))


def _tag_key(tag: str) -> str:
    """A tag as compared between the template and docxtpl's patched copy ({%p for %} -> {% for %})."""
    return re.sub(r"\s+", "", re.sub(r"^\{%-?\s*(?:p|r|tr|tc)\s", "{%", tag))


def find_paragraph(paragraphs: tuple[str, ...], source_lines: tuple[str, ...], lineno: int | None,
                   message: str) -> tuple[int, str] | None:
    """The paragraph (1-based, as counted in Word) that holds the failing tag."""
    for pattern in _NAMED_TAG:
        named = pattern.search(message)
        if named:  # the block left open, else the last paragraph with that tag
            left_open = _unclosed(paragraphs, named.group(1))
            if left_open:
                return left_open, paragraphs[left_open - 1]
            opening = re.compile(r"\{%-?\s*(?:(?:p|r|tr|tc)\s+)?" + named.group(1) + r"\b")
            for number in range(len(paragraphs), 0, -1):
                if opening.search(paragraphs[number - 1]):
                    return number, paragraphs[number - 1]
    if lineno and 1 < lineno <= len(source_lines):
        for tag in _TAG.findall(re.sub(r"<[^>]+>", "", source_lines[lineno - 1])):
            for number, text in enumerate(paragraphs, 1):
                if any(_tag_key(t) == _tag_key(tag) for t in _TAG.findall(text)):
                    return number, text
    # A tag left open ("{{ title ") swallows what follows in docxtpl's copy: find it in the user's.
    damage = damaged_tag(paragraphs)
    return (damage.paragraph, damage.text) if damage else None


_BLOCK_TAG = re.compile(r"\{%-?\s*(?:(?:p|r|tr|tc)\s+)?(end)?(if|for|with|macro|call|filter|block)\b")


def _unclosed(paragraphs: tuple[str, ...], name: str) -> int | None:
    """The paragraph of the innermost block named `name` that no end tag closes, counting blocks in order."""
    stack: list[tuple[str, int]] = []
    for number, text in enumerate(paragraphs, 1):
        for found in _BLOCK_TAG.finditer(text):
            if not found.group(1):
                stack.append((found.group(2), number))
            elif stack and stack[-1][0] == found.group(2):
                stack.pop()
    return next((number for block, number in reversed(stack) if block == name), None)


def template_line(err: BaseException) -> int | None:
    tb, line = err.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


_DETAILS = (  # Jinja's and the sandbox's English, said in the user's language; anything else is left out
    (re.compile(r"No filter named '([^']+)'"), "不允许使用过滤器 {0}；可用的过滤器见 README"),
    (re.compile(r"No test named '([^']+)'"), "不允许使用检验 {0}；可用的检验见 README"),
    (re.compile(r"access to attribute '([^']+)' of '([^']+)' object is unsafe"), "不允许调用 {1}.{0}"),
    (re.compile(r"call not allowed: (\S+)"), "不允许调用 {0}"),
    (re.compile(r"autoescape is not allowed"), "不允许关闭转义（autoescape）"),
    (re.compile(r"too deeply nested"), "嵌套过深"),
    (re.compile(r"string formatting"), "不允许用 % 格式化文字"),
    (re.compile(r"value too large|work limit|output limit"), "生成的内容过长"),
    (re.compile(r"range too large"), "range() 的范围过大"),
    (re.compile(r"loop limit"), "循环次数过多"),
    (re.compile(r"time limit"), "运行时间过长"),
    (re.compile(r"integer too large"), "数字过大"),
    (re.compile(r"sum of non-numbers"), "sum 只能用于数字"),
    (re.compile(r"'([^']+)' is undefined"), "变量 {0} 不存在"),
    (re.compile(r"has no attribute '([^']+)'"), "没有 {0} 这一项"),
    (re.compile(r"(?i)unexpected end of template.*?'(\w+)'\.?$", re.S), "{0} 标签没有结束"),
    (re.compile(r"(?i)unexpected end of template"), "有标签没有结束"),
    (re.compile(r"Encountered unknown tag '([^']+)'"), "不认识的标签 {0}"),
    (re.compile(r"unexpected '(.+)'"), "此处不应出现 {0}"),
    (re.compile(r"(?i)unsafe|too large"), ""),
)


def describe(err: Exception) -> str:
    text = str(err)
    for pattern, chinese in _DETAILS:
        match = pattern.search(text)
        if match:
            return chinese.format(*match.groups())
    return ""
