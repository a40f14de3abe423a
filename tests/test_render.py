"""Rendering a Report: numbering, literal text, determinism, signature placement, template safety."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import pytest
from docxread import document_paragraphs, part_xml
from reports import report

from docgen.errors import TemplateError
from docgen.rendering.layout import TEXT_WIDTH, text_width
from docgen.model import Item, Point
from docgen.api import render_report
from docgen.rendering.engine import default_template, fresh_template

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def render(tmp_path: Path, r, **kwargs) -> Path:
    return render_report(r, tmp_path / "out.docx", **kwargs)


def test_shape_and_numbering(tmp_path: Path) -> None:
    paragraphs = document_paragraphs(render(tmp_path, report()))
    assert paragraphs == [
        "某支部对照检查材料",
        "按照上级要求，支部认真查摆问题。", "现报告如下。",
        "一、存在的问题",
        "（一）第1个方面", "一是问题1-1。表现1-1。二是问题1-2。表现1-2。",
        "（二）第2个方面", "一是问题2-1。表现2-1。二是问题2-2。表现2-2。",
        "二、原因剖析", "（一）原因1。分析1。", "（二）原因2。分析2。",
        "三、下一步努力方向", "（一）措施1。内容1。", "（二）措施2。内容2。",
        "中共云溪县示例局机关支部委员会", "2026年1月20日",
    ]


def test_numbering_beyond_ten(tmp_path: Path) -> None:
    paragraphs = document_paragraphs(render(tmp_path, report(aspects=21, items=12, causes=11)))
    assert "（二十一）第21个方面" in paragraphs
    items = paragraphs[paragraphs.index("（一）第1个方面") + 1]
    assert "十一是问题1-11。" in items and "十二是问题1-12。" in items
    assert "（十一）原因11。分析11。" in paragraphs


@pytest.mark.parametrize("text", [
    "& < > \" '", "{{ 7*7 }}", "{% for x in y %}", "{_{ }_} {_% %_}", "</w:t></w:r><w:r><w:t>",
    "<?xml version='1.0'?>", "&amp;lt;", "{{ cycler.__init__.__globals__ }}",
])
def test_text_is_literal(tmp_path: Path, text: str) -> None:
    r = report(aspects=1, items=1)
    aspect = r.problems[0]
    r = dataclasses.replace(r, problems=(dataclasses.replace(aspect, items=(Item("问题。", text),)),))
    assert f"一是问题。{text}" in document_paragraphs(render(tmp_path, r))


def test_title_line_break_stays_inside_the_title(tmp_path: Path) -> None:
    out = render(tmp_path, report(title="第一行标题\n第二行标题"))
    assert document_paragraphs(out)[0] == "第一行标题\n第二行标题"
    title = part_xml(out, "word/document.xml").find(f"{W}body/{W}p")
    assert len(title.findall(f".//{W}br")) == 1


def test_same_input_gives_identical_bytes(tmp_path: Path) -> None:
    a = render_report(report(), tmp_path / "a.docx").read_bytes()
    b = fresh_template().render(report())
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as package:
        assert {i.date_time for i in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = package.read("docProps/core.xml").decode()
    assert "2026-01-20T00:00:00Z" in core and "某支部对照检查材料" in core


def test_signature_indents_are_written(tmp_path: Path) -> None:
    body = part_xml(render(tmp_path, report()), "word/document.xml").find(f"{W}body")
    *_, sig, day = body.findall(f"{W}p")
    sig_right = int(sig.find(f"{W}pPr/{W}ind").get(f"{W}right"))
    day_left = int(day.find(f"{W}pPr/{W}ind").get(f"{W}left"))
    assert sig_right == 640  # 右空二字
    # The date's first character sits two characters right of the signature's first character; the
    # date is placed by its start (issue 8, point 2), so a font's digit widths cannot move it.
    assert day_left - (TEXT_WIDTH - sig_right - text_width("中共云溪县示例局机关支部委员会")) == 640


def test_windows_fonts(tmp_path: Path) -> None:
    out = render(tmp_path, report(), fonts="windows")
    xml = b"".join(zipfile.ZipFile(out).read(n) for n in ("word/document.xml", "word/styles.xml")).decode()
    for standard in ("仿宋_GB2312", "楷体_GB2312", "方正小标宋简体"):
        assert f'w:eastAsia="{standard}"' not in xml
    for windows in ("仿宋", "楷体", "黑体"):
        assert f'w:eastAsia="{windows}"' in xml


def _template_with(tmp_path: Path, old: str, new: str) -> Path:
    source = default_template()
    target = tmp_path / "custom.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode())
            dst.writestr(info, data)
    return target


@pytest.mark.parametrize(("new", "expected"), [
    ("{{ title | }}", "模板标签有语法错误"),
    ("{{ no_such_thing }}", "变量 no_such_thing 不存在"),
    ("{{ cycler.__init__.__globals__ }}", "不安全"),
    ("{{ title.__class__.__mro__ }}", "不安全"),
    # bounds on what a template builds are limits, not unsafe access (issue 8, point 10)
    ("{{ 9 ** 999999 }}", "模板运行超出限制，已停止（数字过大）"),
    ("{{ ('x' * 10000) * 10000 }}", "模板运行超出限制，已停止（生成的内容过长）"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
     "模板运行超出限制，已停止（range() 的范围过大）"),
])
def test_bad_templates_are_refused_with_the_paragraph(tmp_path: Path, new: str, expected: str) -> None:
    template = _template_with(tmp_path, "{{ title }}", new)
    with pytest.raises(TemplateError) as caught:
        render_report(report(), tmp_path / "out.docx", template=template)
    message = str(caught.value)
    assert "custom.docx" in message and expected in message
    assert "第 1 段「" in message
    assert not (tmp_path / "out.docx").exists()


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("{{ title }}", "{% if title %}", "正文第 1 段「{% if title %}」：模板标签有语法错误（if 标签没有结束）"),
    ("{{ para }}", "{% foo %}", "正文第 3 段「{% foo %}」：模板标签有语法错误（不认识的标签 foo）"),
    ("{{ date }}", "{{ no_such }}", "正文第 21 段「{{ no_such }}」：模板使用了未知的变量（变量 no_such 不存在）"),
    ("{{ line }}", "{{ title.foo }}", "正文第 19 段「{{ title.foo }}」：模板使用了未知的变量（没有 foo 这一项）"),
])
def test_template_errors_name_the_paragraph_as_word_counts_it(tmp_path: Path, old: str, new: str,
                                                              expected: str) -> None:
    # {%p %} paragraphs vanish in docxtpl's patched copy; the count is still the user's.
    template = _template_with(tmp_path, old, new)
    with pytest.raises(TemplateError) as caught:
        render_report(report(), tmp_path / "out.docx", template=template)
    assert str(caught.value).startswith(f"custom.docx：{expected}。")


def test_custom_template_variables(tmp_path: Path) -> None:
    template = _template_with(
        tmp_path, "{{ title }}",
        "{{ title }}/{{ problems|length }}/{% for p in problems %}{{ p.items[0].number }}{{ p.items[0].summary }}{% endfor %}",
    )
    first = document_paragraphs(render(tmp_path, report(aspects=2, items=1), template=template))[0]
    assert first == "某支部对照检查材料/2/一是问题1-1。一是问题2-1。"


def test_point_without_text(tmp_path: Path) -> None:
    r = dataclasses.replace(report(causes=1), causes=(Point("只有标题。"),))
    assert "（一）只有标题。" in document_paragraphs(render(tmp_path, r))


# -- a Report says what it means ----------------------------------------------------------------------


@pytest.mark.parametrize(("change", "words"), [
    ({"date": None}, "落款日期"), ({"title": ""}, "标题"), ({"organization": " "}, "落款单位"),
    ({"title": "", "date": None}, "标题、落款日期"),
])
def test_render_refuses_a_report_without_title_signature_or_date(tmp_path: Path, change, words) -> None:
    import docgen
    from docgen.errors import DocgenError

    r = report()
    incomplete = dataclasses.replace(r, meta=dataclasses.replace(r.meta, **change))
    with pytest.raises(DocgenError) as raised:
        docgen.render(incomplete)
    assert str(raised.value) == f"报告缺少{words}，无法生成文档。请在工作簿“基本信息”表中填写{words}后重试"
    assert not (tmp_path / "out.docx").exists()
    assert docgen.render(r)[:2] == b"PK"


@pytest.mark.parametrize("build", [
    lambda r: dataclasses.replace(r, problems=list(r.problems)),
    lambda r: dataclasses.replace(r, intro=("开篇", 3)),
    lambda r: dataclasses.replace(r.meta, date="2026年1月20日"),
    lambda r: dataclasses.replace(r.meta, sources={"标题": r.meta.source("title")}),
])
def test_a_report_is_checked_where_it_is_built(build) -> None:
    with pytest.raises(TypeError):
        build(report())


def test_render_refuses_a_personal_report_without_its_signer() -> None:
    import docgen
    from docgen.errors import DocgenError

    r = report()
    personal = dataclasses.replace(r, meta=dataclasses.replace(r.meta, kind="党员个人", name=""))
    with pytest.raises(DocgenError) as raised:
        docgen.render(personal)
    assert str(raised.value) == "报告缺少落款姓名，无法生成文档。请在工作簿“基本信息”表中填写落款姓名后重试"
