"""docgen import: nothing dropped (conservation) and the render round trip, as properties."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from importdocs import EXPECTED, chars, standard_lines, write_docx, write_text

from docgen.importing import import_document
from docgen.importing.recognise import DATE_PLACEHOLDER
from docgen.importing.frame import join_title_lines
from docgen.model import Aspect, ExtraPart, Item, Meta, Point, Rectification, Report
from docgen.vocabulary import EXTRA_POSITIONS, RECTIFIED, STATUSES
from docgen.text.markers import marker_at


# ------------------------------------------------------------------ conservation

def _unnumbered(text: str) -> str:
    """`text` with every marker of the grammar (and its separators) taken out, wherever it stands."""
    out, pos = [], 0
    while pos < len(text):
        found = marker_at(text, pos)
        if found is None:
            out.append(text[pos])
            pos += 1
        else:
            pos = found.end
    return "".join(out)


def without_numbering(pieces) -> str:
    """Whitespace and anything numbering-like removed from each piece separately (same rule both sides)."""
    return "".join(_unnumbered(chars(p)) for p in pieces)


def report_pieces(report: Report) -> list[str]:
    m = report.meta

    def part(key: str, title: str) -> list[str]:  # a default part title was not in the source
        return [title] if m.source(key).paragraph else []

    pieces = [*m.title.split("\n"), *report.intro, *part("rectified_title", m.rectified_title)]
    for row in report.rectified:
        pieces += [row.problem, row.done, f"（{row.status}）" if row.status else ""]
    for extra in report.extra_parts:
        pieces += [extra.title, *extra.paragraphs]
    pieces += part("problems_title", m.problems_title)
    for aspect in report.problems:
        pieces += [aspect.title, aspect.lead, *(part for i in aspect.items for part in (i.summary, i.detail))]
    pieces += part("causes_title", m.causes_title)
    pieces += [part for p in report.causes for part in (p.title, p.text)]
    pieces += part("directions_title", m.directions_title)
    pieces += [part for p in report.directions for part in (p.title, p.text)]
    pieces.append(m.organization)
    if m.date != DATE_PLACEHOLDER:
        pieces.append(f"{m.date.year}年{m.date.month}月{m.date.day}日")
    return pieces


_NUMBERING_CHARS = set("（）()一二三四五六七八九十是第，、,：:.．0123456789①②③")


def assert_conserved(lines: list[str], report: Report, *, strict: bool = True) -> None:
    """strict: equal after numbering is taken out of each piece; otherwise (paragraphs merged by the
    importer can join a numeral to a marker) every character that cannot be numbering is kept."""
    if strict:
        source, kept = Counter(without_numbering(lines)), Counter(without_numbering(report_pieces(report)))
    else:
        source, kept = Counter(chars("".join(lines))), Counter(chars("".join(report_pieces(report))))
        for c in _NUMBERING_CHARS:
            source[c] = min(source[c], kept[c])
    assert source - kept == Counter(), "characters of the source are missing from the report"
    assert kept - source == Counter(), "the report holds characters the source does not"


@pytest.mark.parametrize("edit", [
    lambda ls: ls,
    lambda ls: ls[:4] + ["对照检查，主要有以下几个方面的问题。"] + ls[4:],  # lead-in before the first aspect
    lambda ls: ls[:9] + ["深挖根源，原因主要有以下几点。", "另起一段的补充说明。"] + ls[9:],
    lambda ls: ls[:2] + ["一、上年度整改措施落实情况", "去年的问题已整改。"] + ls[2:],
    lambda ls: ls + ["（此件发至支部全体党员）"],  # text after the date
    lambda ls: ls[:-1],  # no date
    lambda ls: [ls[2]] + ls[3:],  # no title
    lambda ls: ls[:3] + ls[4:8] + ls[9:],  # no part headings but the first
    lambda ls: ls[:5] + ["理论学习方面还有差距，需要加强。一是学习不够系统。"] + ls[5:],
])
def test_nothing_is_dropped(tmp_path, edit):
    lines = edit(standard_lines())
    report, _ = import_document(write_text(tmp_path, lines))
    assert_conserved(lines, report)


def test_conservation_check_can_fail():
    lines = standard_lines()
    report = Report(meta=EXPECTED.meta, intro=EXPECTED.intro, problems=EXPECTED.problems, causes=EXPECTED.causes)
    with pytest.raises(AssertionError):
        assert_conserved(lines, report)


# ------------------------------------------------------------------ properties

# Words without numerals, part keywords or date characters: canonical text that cannot look like structure.
_BANNED = set("问题原因根源剖析子症结方向措施努力整改打算今后下一步举措思路进不足差距短板查摆检视情况"
              "零〇二三四五六七八九十第是年月日号元正")
SAFE = "".join(c for c in "党员干部学习工作作风群众服务意识纪律规矩担当责任落实基层组织建设制度执行深入扎实理论政治"
               "思想宗旨调研创新实践标准质量效率主动积极认真细致全面系统带头示范联系实际精神文件会议" if c not in _BANNED)
phrase = st.text(alphabet=SAFE, min_size=1, max_size=10)
clause = st.lists(phrase, min_size=1, max_size=3).map("，".join)
sentence = st.tuples(clause, st.sampled_from("。。。！？")).map("".join)
sentences = st.lists(sentence, min_size=0, max_size=3).map("".join)
items = st.builds(Item, sentence, sentences)
# A lead (the framing sentence before 一是) only stands before items.
aspects = st.builds(Aspect, clause, st.lists(items, max_size=3).map(tuple),
                    lead=st.just("") | sentences).map(lambda a: a if a.items else replace(a, lead=""))
points = st.builds(Point, sentence, sentences)
rectifications = st.builds(Rectification, sentence, sentences, st.sampled_from(("", *STATUSES)))
# A title line of one or two characters, or a break inside one of the title's words, is a broken line.
title_lines = st.lists(st.text(alphabet=SAFE, min_size=3, max_size=10), min_size=1, max_size=2).map(
    "\n".join).filter(lambda t: join_title_lines(t) == t)
KNOWN_TITLES = (["存在的问题", "查摆的问题", "存在的突出问题"], ["原因剖析", "原因分析", "问题产生的原因"],
                ["下一步努力方向", "整改措施", "努力方向和整改措施"])


@st.composite
def canonical_reports(draw):
    # an extra part's title is a heading: a phrase, not a clause of several (those read as text)
    extras = draw(st.lists(st.builds(ExtraPart, phrase, st.lists(sentences.filter(bool), max_size=2).map(tuple),
                                     st.sampled_from(EXTRA_POSITIONS)), max_size=2))
    rectified = tuple(draw(st.lists(rectifications, max_size=3)))
    # an extra part after an absent 上年度整改 opens the body, as if after the 开篇
    extras = tuple(e if rectified or e.after != RECTIFIED.name else replace(e, after="") for e in extras)
    extras = tuple(sorted(extras, key=lambda e: EXTRA_POSITIONS.index(e.after)))  # the order they are made in
    # with extra parts around, a renamed standard part could not be told from them: titles are known ones
    titles = [st.sampled_from(known) if extras else st.sampled_from(known) | phrase for known in KNOWN_TITLES]
    meta = draw(st.builds(
        Meta, title=title_lines, organization=phrase, date=st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)),
        problems_title=titles[0], causes_title=titles[1], directions_title=titles[2]))
    return Report(
        meta=meta,
        intro=draw(st.lists(sentences.filter(bool), max_size=3).map(tuple)),
        problems=draw(st.lists(aspects, max_size=3).map(tuple)),
        causes=draw(st.lists(points, max_size=3).map(tuple)),
        directions=draw(st.lists(points, max_size=3).map(tuple)),
        rectified=rectified,
        extra_parts=extras,
    )


canonical_reports = canonical_reports()


def render(report: Report, folder: Path) -> Path:
    from docgen.api import render_report
    return render_report(report, folder / "made.docx")


def document_paragraphs(path: Path) -> list[str]:
    return [line for p in docx.Document(str(path)).paragraphs for line in p.text.split("\n") if line.strip()]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(canonical_reports)
def test_import_of_a_made_document_gives_the_report_back(report):
    with tempfile.TemporaryDirectory() as folder:
        imported, findings = import_document(render(report, Path(folder)))
    assert imported == report
    assert [f for f in findings if f.level != "info" and f.code != "missing-part"] == []


def test_making_an_imported_standard_document_reproduces_its_paragraphs(tmp_path):
    lines = standard_lines()
    paragraphs = [{"text": lines[0], "align": "center"}, {"text": lines[1], "align": "center"}, *lines[2:-2],
                  {"text": lines[-2], "align": "right"}, {"text": lines[-1], "align": "right"}]
    report, _ = import_document(write_docx(tmp_path, paragraphs))
    (tmp_path / "again").mkdir()
    assert document_paragraphs(render(report, tmp_path / "again")) == lines


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(canonical_reports)
def test_making_an_imported_document_reproduces_it(report):
    with tempfile.TemporaryDirectory() as folder:
        first = render(report, Path(folder))
        lines = document_paragraphs(first)
        imported, _ = import_document(first)
        (Path(folder) / "again").mkdir()
        assert document_paragraphs(render(imported, Path(folder) / "again")) == lines


# Messy documents: any mix of headings, markers, prose, dates and stray numerals.
_MESSY = "".join(sorted(set(SAFE) | set("问题原因方向措施一二三是第年月日，。；：！？、1.（）")))
messy_line = st.one_of(
    st.text(alphabet=_MESSY, min_size=1, max_size=40),
    st.sampled_from(["一、存在的问题", "二、原因剖析", "三、整改措施", "四、其他", "（一）学习方面", "（二）作风方面。一是学习不够。",
                     "一是学习不够。二是作风不实。", "第一，理论不够。", "1.学习不够。", "2025年1月20日", "中共某某支部",
                     "上年度整改落实情况", "存在的问题", "（三）标题没有句号",
                     # the ways real reports are written (issue 9)
                     "二、上年度问题整改情况", "（一）学习不够的问题。已整改。（已完成）", "一、基本情况", "1、学习方面。",
                     "具体表现为：一是学习不够。二是作风不实。", "第一，加强学习。第二，改进作风。",
                     "现将情况汇报如下： 一、存在的主要问题 1、学习不够。", "百度文库 精品文档", "第1页 共3页",
                     "存在的問題", "（十一）学习方面", "理论学习方面。支部下了功夫。一是学习不够。", "对照检",
                     "查材料", "，接着上一行", "存在“三多三少”现象：一是会多。"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(messy_line, min_size=1, max_size=25))
def test_nothing_is_dropped_from_any_text(lines):
    with tempfile.TemporaryDirectory() as folder:
        path = write_text(Path(folder), lines)
        if not any(chars(line) for line in lines):
            return
        report, findings = import_document(path)
    assert_conserved(lines, report, strict=False)
    assert all(f.source.paragraph or f.code in ("missing-part",) for f in findings if f.level == "warning")
