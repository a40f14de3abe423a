"""The 整改清单 as the report's attachment (GB/T 9704 7.3.4 and 8): read back from the XML and from the PDF
LibreOffice makes of it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from docxread import (NS, Styles, body_paragraphs, document_paragraphs, paragraph_text, paragraphs_info,
                      part_xml, w)
from pdfread import HAS_CJK_FONT, HAS_PDFTOTEXT, needs_soffice, pdf_pages, pdf_words, to_pdf
from reports import report

import docgen
from docgen.model import Action, Report
from docgen.rendering import layout

ACTIONS = (
    Action("第1个方面", "问题1-1", "每月开展一次专题学习，形成学习记录。", "张三", "2026年6月底前", "持续推进"),
    Action("第1个方面", "问题1-2", "建立调研台账，每季度通报。", "李四", "长期坚持"),
    Action("第2个方面", "问题2-1", "完善首问负责制度。", "王五", "2026年12月31日"),
)


def with_list(r: Report, actions: tuple[Action, ...] = ACTIONS) -> Report:
    return dataclasses.replace(r, action_list=actions)


def rendered(tmp_path: Path, r: Report, name: str = "out.docx") -> Path:
    out = tmp_path / name
    out.write_bytes(docgen.render(r))
    return out


def style(p) -> str:
    return p.find("w:pPr/w:pStyle", NS).get(w("val"))


def table(path: Path):
    (found,) = part_xml(path, "word/document.xml").findall("w:body/w:tbl", NS)
    return found


def row_texts(tbl) -> list[list[str]]:
    return [["".join(paragraph_text(p) for p in tc.findall("w:p", NS)) for tc in tr.findall("w:tc", NS)]
            for tr in tbl.findall("w:tr", NS)]


def test_a_report_without_a_list_has_no_attachment(tmp_path: Path) -> None:
    path = rendered(tmp_path, report())
    assert document_paragraphs(path)[-2:] == ["中共云溪县示例局机关支部委员会", "2026年1月20日"]
    assert part_xml(path, "word/document.xml").find("w:body/w:tbl", NS) is None
    assert "docgenAttachmentLabel" not in {style(p) for p in body_paragraphs(path)}


def test_the_note_stands_under_the_body_and_the_attachment_after_the_signature(tmp_path: Path) -> None:
    path = rendered(tmp_path, with_list(report()))
    body = part_xml(path, "word/document.xml").find("w:body", NS)
    paragraphs = [(style(p), paragraph_text(p)) for p in body.findall("w:p", NS)]
    note = paragraphs.index(("docgenAttachmentNote", "附件：某支部查摆问题整改清单"))
    assert paragraphs[note - 1] == ("Normal", "（二）措施2。内容2。")  # right under the body
    assert paragraphs[note + 1:note + 5] == [  # then the signature and date, then the attachment
        ("docgenSignature", "中共云溪县示例局机关支部委员会"), ("docgenDate", "2026年1月20日"),
        ("docgenAttachmentLabel", "附件"), ("Title", "某支部查摆问题整改清单")]
    kinds = [etree_name(child) for child in body]
    assert kinds[-3:] == ["tbl", "p", "sectPr"]  # the table, the paragraph every body ends with, the section
    label = next(p for p in body.findall("w:p", NS) if style(p) == "docgenAttachmentLabel")
    assert label.find("w:pPr/w:pageBreakBefore", NS) is not None  # 附件另面编排


def etree_name(element) -> str:
    return element.tag.rsplit("}", 1)[1]


def test_the_table_repeats_its_header_never_splits_rows_and_has_borders_and_widths(tmp_path: Path) -> None:
    path = rendered(tmp_path, with_list(report()))
    tbl = table(path)
    rows = tbl.findall("w:tr", NS)
    assert row_texts(tbl) == [
        ["序号", "问题", "整改措施", "责任人", "完成时限", "状态"],
        ["第1个方面"],
        ["1", "问题1-1", "每月开展一次专题学习，形成学习记录。", "张三", "2026年6月底前", "持续推进"],
        ["2", "问题1-2", "建立调研台账，每季度通报。", "李四", "长期坚持", ""],
        ["第2个方面"],
        ["3", "问题2-1", "完善首问负责制度。", "王五", "2026年12月31日", ""],
    ]
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None  # repeated at the top of every page
    assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
    assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)  # no row breaks across pages
    assert rows[1].find("w:tc/w:tcPr/w:gridSpan", NS).get(w("val")) == "6"  # the aspect spans the table
    styles = Styles(part_xml(path, "word/styles.xml"))
    (group,) = paragraphs_info(rows[1], styles)
    assert group.ppr.get("keepNext") == "1"  # and stays with its first row
    borders = tbl.find("w:tblPr/w:tblBorders", NS)
    assert {etree_name(b): (b.get(w("val")), b.get(w("sz"))) for b in borders} == {
        side: ("single", "4") for side in ("top", "left", "bottom", "right", "insideH", "insideV")}
    assert tbl.find("w:tblPr/w:tblLayout", NS).get(w("type")) == "fixed"
    widths = [int(c.get(w("w"))) for c in tbl.findall("w:tblGrid/w:gridCol", NS)]
    assert sum(widths) <= layout.TEXT_WIDTH  # inside the 版心
    # each column holds a whole number of 4号 characters besides its padding
    padding = 2 * layout.CELL_MARGIN + layout.CELL_SLACK
    assert [(width - padding) / 280 for width in widths] == [2, 6, 9, 3, 5, 4]


def test_table_fonts_follow_the_font_set(tmp_path: Path) -> None:
    for fonts, fangsong in (("standard", "仿宋_GB2312"), ("windows", "仿宋")):
        path = tmp_path / f"{fonts}.docx"
        path.write_bytes(docgen.render(with_list(report()), fonts=fonts))
        tbl, styles = table(path), Styles(part_xml(path, "word/styles.xml"))
        header, data = (paragraphs_info(tbl.findall("w:tr", NS)[n], styles) for n in (0, 2))
        assert {r.east_asia for p in header for r in p.runs} == {"黑体"}
        assert {r.east_asia for p in data for r in p.runs} == {fangsong}
        assert {r.size for p in header + data for r in p.runs} == {28}  # 4号


def test_rows_without_aspects_have_no_aspect_rows_and_numbers_run_through(tmp_path: Path) -> None:
    plain = tuple(dataclasses.replace(a, aspect="") for a in ACTIONS)
    texts = row_texts(table(rendered(tmp_path, with_list(report(), plain))))
    assert [row[0] for row in texts] == ["序号", "1", "2", "3"]


def test_a_typed_list_title_names_the_attachment_and_a_long_one_is_broken(tmp_path: Path) -> None:
    r = with_list(report())
    r = dataclasses.replace(r, meta=dataclasses.replace(
        r.meta, list_title="中共云溪县示例局机关支部委员会2025年度组织生活会查摆问题整改清单"))
    paragraphs = document_paragraphs(rendered(tmp_path, r))
    assert "附件：中共云溪县示例局机关支部委员会2025年度组织生活会查摆问题整改清单" in paragraphs  # one line
    assert "中共云溪县示例局机关支部委员会\n2025年度组织生活会查摆问题整改清单" in paragraphs  # the title


# -- the PDF: 附件 on its own page, rows on the page they start, the header on every page --------------

ROWS = 40


@pytest.fixture(scope="module")
def long_list_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One LibreOffice conversion for the page tests: a list long enough for three pages."""
    folder = tmp_path_factory.mktemp("attachment")
    measure = "对照问题清单逐项制定措施，明确时间节点，每月调度一次进展情况，按期销号。"
    actions = tuple(Action(f"第{1 + n // 10}个方面", f"问题R{n:02d}A", measure * (1 + n % 3) + f"R{n:02d}B",
                           "张三", "2026年6月底前") for n in range(ROWS))
    return to_pdf(rendered(folder, with_list(report(), actions), "list.docx"), folder)


def page_texts(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    return [pdf_words(pdf, page) for page in range(1, pdf_pages(pdf) + 1)]


@needs_soffice
@pytest.mark.skipif(not (HAS_CJK_FONT and HAS_PDFTOTEXT), reason="needs CJK fonts and pdftotext")
def test_the_attachment_starts_a_page_with_its_label_top_left(long_list_pdf: Path) -> None:
    pages = page_texts(long_list_pdf)
    start = next(n for n, words in enumerate(pages) if any(wd[4] == "附件" for wd in words))
    first = min(pages[start], key=lambda wd: (round(wd[1]), wd[0]))
    assert first[4] == "附件"
    assert abs(first[0] - layout.MARGIN_LEFT / 20) < 2  # 顶格: at the left edge of the 版心
    assert not any("2026年1月20日" in wd[4] for wd in pages[start])  # not on the signature's page
    assert len(pages) - start >= 3  # the list runs over several pages


@needs_soffice
@pytest.mark.skipif(not (HAS_CJK_FONT and HAS_PDFTOTEXT), reason="needs CJK fonts and pdftotext")
def test_every_row_is_on_one_page_and_the_header_heads_every_page(long_list_pdf: Path) -> None:
    pages = page_texts(long_list_pdf)
    start = next(n for n, words in enumerate(pages) if any(wd[4] == "附件" for wd in words))

    def page_of(tag: str) -> int:
        (page,) = [n for n, words in enumerate(pages) if any(tag in wd[4] for wd in words)]
        return page

    for n in range(ROWS):
        assert page_of(f"R{n:02d}A") == page_of(f"R{n:02d}B"), n  # the row's first and last words
    for words in pages[start + 1:]:
        top = min(words, key=lambda wd: wd[1])
        assert "序号" in [wd[4] for wd in words if abs(wd[1] - top[1]) < 3], "header row repeated"
