"""Lines broken by a PDF or a 文库 preview are joined back into their paragraphs, and nothing else is."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from importdocs import write_text
from test_import_properties import SAFE, canonical_reports, document_paragraphs, render

from docgen.importing import import_document
from docgen.importing.lines import NO_START, join_wrapped, width, wrap_width
from docgen.importing.paragraph import Notes, Para, Paragraph
from docgen.importing.parts import heading
from docgen.text.markers import leading_marker


def pdf_lines(paragraph: str, columns: int) -> list[str]:
    """How a PDF viewer's copy breaks a paragraph: a new line every `columns` full-width characters, and
    punctuation that may not start a line kept at the end of the line before (as typesetting does)."""
    lines, line, used = [], "", 0.0
    for ch in paragraph:
        if used + width(ch) > columns and line and ch not in NO_START:
            lines.append(line)
            line, used = "", 0.0
        line += ch
        used += width(ch)
    return [*lines, line]


def paras(lines: list[str]) -> list[Para]:
    return [Para(n, line, Paragraph(n, line)) for n, line in enumerate(lines, 1)]


def joined(lines: list[str]) -> list[str]:
    return [p.text for p in join_wrapped(paras(lines), Notes(""))]


def starts_block(text: str) -> bool:
    return leading_marker(text) is not None or heading(Para(0, text, Paragraph(0, text))) is not None


def ambiguous(paragraphs: list[str], columns: int) -> bool:
    """A paragraph whose last line happens to be full, followed by one that starts with no marker: a
    wrapped page cannot tell them from one paragraph (only the lost first-line indent could)."""
    return any(width(pdf_lines(p, columns)[-1]) >= columns - 2 and not starts_block(q)
               for p, q in zip(paragraphs, paragraphs[1:]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(canonical_reports, st.integers(20, 40))
def test_joining_the_wrapped_lines_of_a_made_report_gives_back_its_paragraphs(report, columns):
    with tempfile.TemporaryDirectory() as folder:
        paragraphs = document_paragraphs(render(report, Path(folder)))
    lines = [line for p in paragraphs for line in pdf_lines(p, columns)]
    wrapped = len(lines) - len(paragraphs)
    # a page of wrapped text: enough full lines to tell the wrapping from the author's own short lines
    assume(wrapped >= 3 and wrapped >= 0.3 * len(lines))
    assume(not ambiguous(paragraphs, columns))
    assert joined(lines) == paragraphs


_PROSE = st.text(alphabet=SAFE, min_size=8, max_size=16).map(lambda s: s + "，")
long_paragraph = st.lists(_PROSE, min_size=6, max_size=12).map(lambda parts: "".join(parts)[:-1] + "。")


@settings(max_examples=40, deadline=None)
@given(st.lists(long_paragraph, min_size=2, max_size=4), st.integers(20, 40))
def test_a_wrapped_text_file_imports_as_the_unwrapped_one(intro, columns):
    lines = ["某某党支部2024年度组织生活会对照检查材料", *intro, "一、存在的问题", "（一）学习方面",
             "一是" + intro[0], "二、原因剖析", "（一）学习不够。" + intro[-1], "三、下一步努力方向",
             "（一）加强学习。" + intro[0], "中共某某支部委员会", "2025年1月20日"]
    wrapped = [piece for line in lines for piece in pdf_lines(line, columns)]
    assume(not ambiguous(lines, columns))
    with tempfile.TemporaryDirectory() as folder:
        plain, _ = import_document(write_text(Path(folder), lines, name="plain.txt"))
        broken, findings = import_document(write_text(Path(folder), wrapped, name="broken.txt"))
    assert broken == plain
    assert "joined-lines" in [f.code for f in findings]


def test_a_typed_document_is_not_taken_for_a_wrapped_one():
    lines = ["标题", "（一）学习方面存在的不足之处", "一是学习不够。" * 10, "（二）作风方面存在的不足之处",
             "一是作风不实。" * 12, "（三）纪律方面存在的不足之处", "支部在纪律上下了功夫，但还有差距。" * 6]
    assert wrap_width(paras(lines)) is None
    assert joined(lines) == lines


def test_a_line_never_starts_with_closing_punctuation():
    assert joined(["按照要求，现将情况汇报如下", "：一是学习不够。"]) == ["按照要求，现将情况汇报如下：一是学习不够。"]


def test_spaces_a_copied_page_keeps_at_paragraph_starts_say_where_paragraphs_begin(tmp_path):
    # the first paragraph ends a sentence right at the margin; the spaces say the next line starts a new one
    first = "支部坚持把理论学习作为首要任务，制定了年度学习计划，每月集中学习一次，" * 2 + "学习记录很完整。"
    second = "在服务群众方面，支部组织党员深入社区开展走访，收集意见建议，逐条建立台账，" * 2 + "限时办结。"
    assert width(pdf_lines(first, 26)[-1]) == 26  # the first paragraph's last line is full
    raw = [("\u3000\u3000" if n == 0 else "") + line for p in (first, second) for n, line in enumerate(pdf_lines(p, 26))]
    report, _ = import_document(write_text(tmp_path, ["对照检查材料", *raw, "中共示例支部委员会", "2026年1月20日"]))
    assert report.intro == (first, second)
    plain, _ = import_document(write_text(tmp_path, ["对照检查材料", *(line.strip() for line in raw),
                                                     "中共示例支部委员会", "2026年1月20日"], name="plain.txt"))
    assert plain.intro == (first + second,)  # without the spaces, a full line does not end a paragraph


def test_a_document_docgen_made_keeps_its_paragraphs_however_alike_their_widths(tmp_path):
    from reports import report as small_report
    import dataclasses
    from docgen.model import ExtraPart

    alike = "党员，系系新宗行标主宗务任，精治研服当！"
    r = dataclasses.replace(small_report(), extra_parts=(ExtraPart("认件动任执件", (alike, alike[:-1] + "。")),))
    imported, _ = import_document(render(r, tmp_path))
    assert imported.extra_parts == r.extra_parts
