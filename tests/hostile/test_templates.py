"""Hostile and damaged templates: a broken tag is an error naming its paragraph, never a silent loss
(issue 8, point 3), and no template can exhaust the machine (point 10). Each case runs docgen as a user
would, bounded in memory and time, and checks the exit code, the message and that nothing was written."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from bounded import run_docgen, snapshot
from builders import make_workbook
from corpus import read_parts, replace_in, template_parts, write_parts

HINT = "请在 Word 或 WPS 中打开模板，修改该段中的 {{ }} 或 {% %} 标签；可用的变量见 README"


def with_text(folder: Path, old: str, new: str, part: str = "word/document.xml") -> Path:
    """A copy of the default template with the text `old` of one run replaced (as typed in Word)."""
    parts = replace_in(template_parts(), part, f">{html.escape(old, quote=False)}</w:t>".encode(),
                       f">{html.escape(new, quote=False)}</w:t>".encode())
    return write_parts(folder / "mine.docx", parts)


def make(folder: Path, cells: dict[str, object] | None = None) -> tuple[object, dict[str, tuple[bytes, int]]]:
    make_workbook(folder, **(cells or {}))
    before = snapshot(folder)
    return run_docgen("make", "branch.xlsx", "-t", "mine.docx", cwd=folder), before


def refused(folder: Path, run: object, before: dict[str, tuple[bytes, int]], place: str, problem: str,
            seconds: float = 20, memory_mb: float = 400) -> None:
    code, out, err = run.code, run.out, run.err  # type: ignore[attr-defined]
    assert (code, out) == (1, ""), err
    assert err.startswith(f"错误：mine.docx：{place}") and problem in err, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert run.seconds < seconds and run.peak_mb < memory_mb, (run.seconds, run.peak_mb)  # type: ignore[attr-defined]
    assert snapshot(folder) == before  # nothing written, nothing changed


# -- point 3: a damaged tag is reported with its paragraph ------------------------------------------------

DAMAGED = {  # (replaced tag, damaged tag, what the message says)
    "open-expression": ("{{ para }}", "{{ para ", "标签“{{ para ”没有结束，缺少“}}”"),
    "half-closed": ("{{ title }}", "{{ title }", "标签“{{ title }”没有结束，缺少“}}”"),
    "stray-opening": ("{{ part.heading }}", "{{ part.heading }}{{", "没有结束，缺少“}}”"),
    "stray-closing": ("{{ date }}", "{ date }}", "“}}”前面没有对应的“{{”"),
    "open-block": ("{%p for para in intro %}", "{%p for para in intro", "没有结束，缺少“%}”"),
    "nested-opening": ("{{ aspect.text }}", "{{ aspect.text {{ x }}", "没有结束，缺少“}}”"),
}


def paragraph_of(tag: str) -> int:
    """The paragraph of the default template, as Word numbers them, that holds `tag`."""
    from docgen.rendering.template_errors import paragraph_texts

    texts = paragraph_texts(template_parts()["word/document.xml"].decode("utf-8"))
    return next(n for n, text in enumerate(texts, 1) if tag in text)


@pytest.mark.parametrize("old, new, problem", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_tag_is_an_error_at_its_paragraph(tmp_path: Path, old: str, new: str, problem: str) -> None:
    paragraph = paragraph_of(old)
    with_text(tmp_path, old, new)
    run, before = make(tmp_path)  # today: 已生成, with the title, the 开篇 or all （一） headings gone
    refused(tmp_path, run, before, f"正文第 {paragraph} 段「", "模板标签不完整（")
    assert problem in run.err  # type: ignore[attr-defined]
    assert run.err.endswith(f"。{HINT}\n")  # type: ignore[attr-defined]


@pytest.mark.parametrize("where, part, old", [("正文第 1 段", "word/document.xml", "{{ title }}"),
                                              ("页脚第 1 段", "word/footer1.xml", "1")])
@pytest.mark.parametrize("raw", ["{{ title|safe }}", "{% filter safe %}{{ title }}{% endfilter %}",
                                 "{% autoescape false %}{{ title }}{% endautoescape %}", "{{ title|forceescape }}"])
def test_ways_to_write_raw_markup_are_refused(tmp_path: Path, where: str, part: str, old: str, raw: str) -> None:
    """A < in a cell truncated the body through |safe, and crashed a footer with a traceback."""
    with_text(tmp_path, old, raw, part)
    run, before = make(tmp_path, {"标题": "学习<不够</w:t>"})
    refused(tmp_path, run, before, where, "模板标签有语法错误（")


FOOTNOTES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:NOTES xmlns:w="http://schemas.'
             b'openxmlformats.org/wordprocessingml/2006/main"><w:NOTE w:id="1"><w:p><w:r><w:t>TAG</w:t></w:r>'
             b'</w:p></w:NOTE></w:NOTES>')


def with_notes(folder: Path, kind: str, tag: str) -> Path:
    """The default template with a footnote or an endnote holding `tag`, referenced from the title."""
    part = f"word/{kind}s.xml"
    parts = template_parts()
    parts[part] = FOOTNOTES.replace(b"NOTE", kind.encode()).replace(b"TAG", html.escape(tag).encode())
    rel = (f'<Relationship Id="rIdN" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           f'{kind}s" Target="{kind}s.xml"/></Relationships>').encode()
    parts = replace_in(parts, "word/_rels/document.xml.rels", b"</Relationships>", rel)
    override = (f'<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.'
                f'wordprocessingml.{kind}s+xml"/></Types>').encode()
    parts = replace_in(parts, "[Content_Types].xml", b"</Types>", override)
    reference = f'<w:r><w:{kind}Reference w:id="1"/></w:r></w:p>'.encode()
    start = parts["word/document.xml"].index(b"{{ title }}")
    end = parts["word/document.xml"].index(b"</w:p>", start)
    xml = parts["word/document.xml"]
    parts["word/document.xml"] = xml[:end] + reference + xml[end + len(b"</w:p>"):]
    return write_parts(folder / "mine.docx", parts)


@pytest.mark.parametrize("kind", ["footnote", "endnote"])
def test_tags_in_footnotes_and_endnotes_are_rendered(tmp_path: Path, kind: str) -> None:
    with_notes(tmp_path, kind, "见{{ organization }}")
    run, _ = make(tmp_path)
    assert (run.code, run.out) == (0, "已生成：branch.docx\n"), run.err  # type: ignore[attr-defined]
    notes = read_parts(tmp_path / "branch.docx")[f"word/{kind}s.xml"].decode()
    assert "见中共示例县统计局机关支部委员会" in notes and "{{" not in notes


@pytest.mark.parametrize("kind", ["footnote", "endnote"])
def test_a_damaged_tag_in_a_note_is_reported(tmp_path: Path, kind: str) -> None:
    with_notes(tmp_path, kind, "见{{ organization ")
    run, before = make(tmp_path)
    refused(tmp_path, run, before, "脚注第 1 段「" if kind == "footnote" else "尾注第 1 段「", "模板标签不完整（")


# -- point 10: no template can exhaust the machine ------------------------------------------------------

NS = "{% set ns = namespace(a=title) %}"
EXHAUSTING = {  # what replaces {{ title }}, and what the message says
    "repeat": ("{{ title * 100000000 }}", "模板运行超出限制，已停止（生成的内容过长）"),
    "join": ('{{ ([title] * 1000) | join("x" * 1000000) }}', "模板运行超出限制，已停止（生成的内容过长）"),
    "doubling-concat": (NS + "{% for i in range(40) %}{% set ns.a = ns.a ~ ns.a %}{% endfor %}{{ ns.a }}",
                        "模板运行超出限制，已停止（生成的内容过长）"),
    "doubling-plus": (NS + "{% for i in range(40) %}{% set ns.a = ns.a + ns.a %}{% endfor %}{{ ns.a }}",
                      "模板运行超出限制，已停止（生成的内容过长）"),
    "replace-empty": ('{{ (title * 10000).replace("", "x" * 1000) }}', "模板运行超出限制，已停止（生成的内容过长）"),
    "replace-filter": ('{{ (title * 10000)|replace("", "x" * 1000) }}', "模板运行超出限制，已停止（生成的内容过长）"),
    "ljust": ("{{ title.ljust(1000000000) }}", "模板试图访问不安全的内容，已拒绝（不允许调用 str.ljust）"),
    "center": ("{{ title|center(1000000000) }}", "模板标签有语法错误（不允许使用过滤器 center"),
    "indent": ("{{ title|indent(1000000000) }}", "模板标签有语法错误（不允许使用过滤器 indent"),
    "format-filter": ('{{ "%999999999s"|format(title) }}', "模板标签有语法错误（不允许使用过滤器 format"),
    "percent": ('{{ "%999999999s" % title }}', "模板试图访问不安全的内容，已拒绝（不允许用 % 格式化文字）"),
    "format-method": ('{{ "{:>999999999}".format(title) }}', "模板试图访问不安全的内容，已拒绝（不允许调用 str.format）"),
    "nested-loops": ("{% for a in title * 1000 %}{% for b in title * 1000 %}{% endfor %}{% endfor %}",
                     "模板运行超出限制，已停止（循环次数过多）"),
    "lipsum": ("{{ lipsum(100000) }}", "模板使用了未知的变量（变量 lipsum 不存在）"),
    "squaring": ("{% set ns = namespace(x=10 ** 64) %}{% for i in range(40) %}{% set ns.x = ns.x * ns.x %}"
                 "{% endfor %}{{ ns.x }}", "模板运行超出限制，已停止（数字过大）"),
    "power": ("{{ (10 ** 64) ** 64 ** 64 }}", "模板运行超出限制，已停止（数字过大）"),
    "literal-output": ("{% for i in range(1000000) %}" + "字" * 2000 + "{% endfor %}",
                       "模板运行超出限制，已停止（生成的内容过长）"),
    "brackets": ("{{ " + "(" * 5000 + "title" + ")" * 5000 + " }}", "模板标签不完整（括号嵌套超过 40 层"),
    "filters": ("{{ title" + "|e" * 5000 + " }}", "模板标签不完整（一个标签中连用了超过 40 个过滤器"),
    "ifs": ("{% if 1 %}" * 3000 + "{{ title }}" + "{% endif %}" * 3000, "模板标签不完整（{% %} 块嵌套超过 40 层"),
    "open-tags": ("{{x" * 16_000, "模板标签不完整（标签“{{x{{x"),  # 48,000 characters: 70 s once
}


@pytest.mark.parametrize("tag, problem", EXHAUSTING.values(), ids=EXHAUSTING.keys())
def test_a_template_cannot_exhaust_the_machine(tmp_path: Path, tag: str, problem: str) -> None:
    with_text(tmp_path, "{{ title }}", tag)
    run, before = make(tmp_path)
    refused(tmp_path, run, before, "正文第 1 段「", problem)
