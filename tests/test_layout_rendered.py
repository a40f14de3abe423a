"""GB/T 9704 layout on rendered reports: fonts per run, signature and date, fonts sets, LibreOffice pages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from docxread import NS, attrs, field_codes, footers, paragraph_runs, part_names, part_xml, section_properties, w
from pdfread import HAS_CJK_FONT, HAS_PDFTOTEXT, needs_soffice, pdf_pages, pdf_words

from docgen.rendering import layout
from docgen.model import Aspect, Item, Meta, Point, Report

SENTENCE = "在学习贯彻上下功夫不够，满足于读原文、记笔记，对照实际工作思考不深，学用结合不紧。"


def make_report(*, items: int = 2, title: str = "示例支部委员会\n年度组织生活会对照检查材料") -> Report:
    """A small report; every text is ours and has no digits (digits are half-width)."""
    numbers = "甲乙丙丁戊己庚辛壬癸"
    return Report(
        meta=Meta(title=title, organization="中共示例支部委员会", date=dt.date(2024, 1, 20)),
        intro=("支部委员会围绕会议主题，广泛征求意见建议，深入查摆问题。现将有关情况报告如下。",),
        problems=(Aspect("在理论学习方面", tuple(Item(f"问题{numbers[i % 10]}不够。", SENTENCE * 3)
                                          for i in range(items))),
                  Aspect("在履职尽责方面", (Item("标准要求不高。", SENTENCE),))),
        causes=(Point("理论武装不够深入。", SENTENCE), Point("宗旨意识有所淡化。", SENTENCE)),
        directions=(Point("持续加强理论学习。", SENTENCE),),
    )


def render(tmp_path: Path, report: Report, fonts: str = "standard", name: str = "report.docx") -> Path:
    from docgen.api import render_report

    out = tmp_path / name
    render_report(report, out, fonts=fonts)
    return out


HAS_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def test_rendered_report_keeps_the_layout(tmp_path):
    path = render(tmp_path, make_report())
    paragraphs = paragraph_runs(path)
    assert paragraphs[0].style == "Title" and "\n" in paragraphs[0].text  # the user's line break
    for p in paragraphs:
        for run in p.runs:
            if HAS_CJK.search(run.text):
                assert run.east_asia and not run.east_asia.startswith("theme:"), (p.style, run.text)
            assert run.ascii == "Times New Roman", (p.style, run.text)
            assert run.size == (44 if p.style == "Title" else 32)
    by_style = {}
    for p in paragraphs:
        by_style.setdefault(p.style, []).append(p)
    assert {r.east_asia for r in paragraphs[0].runs if r.text.strip()} == {"方正小标宋简体"}
    assert [p.text for p in by_style["Heading1"]] == ["一、存在的问题", "二、原因剖析", "三、下一步努力方向"]
    assert {r.east_asia for p in by_style["Heading1"] for r in p.runs} == {"黑体"}
    assert {r.east_asia for p in by_style["Heading2"] for r in p.runs} == {"楷体_GB2312"}
    cause = next(p for p in paragraphs if p.text.startswith("（一）理论武装"))
    heading = [r for r in cause.runs if r.text]
    assert heading[0].text.startswith("（一）") and heading[0].east_asia == "楷体_GB2312"
    assert SENTENCE in "".join(r.text for r in heading[1:])
    assert {r.east_asia for r in heading[1:]} == {"仿宋_GB2312"}
    for p in by_style["Normal"]:
        assert p.ppr["ind.firstLineChars"] == "200" and p.ppr["spacing.line"] == "579"


def test_rendered_report_keeps_page_settings_and_footers(tmp_path):
    path = render(tmp_path, make_report())
    sect = section_properties(path)
    assert attrs(sect.find("w:pgSz", NS)) == {"w": "11906", "h": "16838"}
    assert attrs(sect.find("w:docGrid", NS)) == {"type": "lines", "linePitch": "579"}
    assert part_xml(path, "word/settings.xml").find("w:evenAndOddHeaders", NS) is not None
    roots = footers(path)
    assert field_codes(roots["default"]) == field_codes(roots["even"]) == ["PAGE"]


def test_signature_and_date_are_placed_per_7_3_5_2(tmp_path):
    path = render(tmp_path, make_report())
    paragraphs = {p.style: p for p in paragraph_runs(path)}
    sig, date = paragraphs["docgenSignature"], paragraphs["docgenDate"]
    assert sig.text == "中共示例支部委员会" and date.text == "2024年1月20日"
    # the signature ends two characters from the right; the date is placed by its start (left-aligned),
    # two characters right of the signature's first character, whatever width a font gives its digits
    assert (sig.ppr["jc"], date.ppr["jc"]) == ("right", "left")
    assert sig.ppr["spacing.before"] == "579"
    sig_start = layout.TEXT_WIDTH - int(sig.ppr["ind.right"]) - layout.text_width(sig.text)
    assert int(date.ppr["ind.left"]) - sig_start == 640


def test_windows_fonts_rendering_uses_stock_windows_names(tmp_path):
    path = render(tmp_path, make_report(), fonts="windows")
    used = set()
    for name in part_names(path):
        if name.endswith(".xml") and "theme/" not in name and "fontTable" not in name:
            for rfonts in part_xml(path, name).iter(w("rFonts")):
                used |= {rfonts.get(w(a)) for a in ("eastAsia", "ascii", "hAnsi")} - {None}
    assert used <= {"仿宋", "楷体", "黑体", "宋体", "Times New Roman"}
    assert {"仿宋", "楷体", "黑体", "宋体"} <= used
    paragraphs = paragraph_runs(path)
    assert {r.east_asia for r in paragraphs[0].runs} == {"宋体"}
    declared = {f.get(w("name")) for f in part_xml(path, "word/fontTable.xml").findall("w:font", NS)}
    assert used <= declared


# --- a rendered report in LibreOffice ---------------------------------------------------------------------

PT_PER_TWIP = 1 / 20
MM = 72 / 25.4


# These read PDFs of the one LibreOffice conversion the session shares (the pages fixture, pagedocs.py).


@needs_soffice
def test_rendered_report_opens_in_libreoffice(pages):
    assert pdf_pages(pages["report"]) >= 1


@needs_soffice
@pytest.mark.skipif(not (HAS_CJK_FONT and HAS_PDFTOTEXT), reason="needs CJK fonts and pdftotext")
def test_a_full_page_has_22_lines_of_28_characters_and_page_numbers_7mm_below(pages):
    # Pages two and three lie inside the first aspect's one long paragraph.
    pdf = pages["full-page"]
    assert pdf_pages(pdf) >= 4
    text_bottom = (layout.PAGE_HEIGHT - layout.MARGIN_BOTTOM) * PT_PER_TWIP
    for page, side in ((2, "left"), (3, "right")):
        words = pdf_words(pdf, page)
        body = [wd for wd in words if wd[1] < text_bottom]
        folio = [wd for wd in words if wd[1] >= text_bottom]
        assert len({round(wd[1]) for wd in body}) == 22, page  # one line of the middle page each
        for wd in body:
            assert len(wd[4]) in (28, 29), wd[4]  # 29: a closing mark hung at the line end
        assert "".join(wd[4] for wd in folio) == f"\u2014{page}\u2014"
        dashes = [wd for wd in folio if wd[4] == "\u2014"]
        middle = (dashes[0][1] + dashes[0][3]) / 2
        assert abs(middle - text_bottom - 7 * MM) < 1 * MM, page  # the dash line 7 mm below the 版心
        if side == "left":  # even page: one character from the left edge of the 版心
            assert abs(dashes[0][0] - (layout.MARGIN_LEFT * PT_PER_TWIP + 14)) < 2
        else:
            assert abs(dashes[-1][2] - ((layout.PAGE_WIDTH - layout.MARGIN_RIGHT) * PT_PER_TWIP - 14)) < 2
