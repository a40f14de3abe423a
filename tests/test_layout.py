"""GB/T 9704 layout (shared/gbt9704.md, row by row) on the default template, and the font sets."""

from __future__ import annotations

import copy
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from docxread import (
    NS,
    Styles,
    attrs,
    document_paragraphs,
    field_codes,
    footer_paragraphs,
    footers,
    paragraph_runs,
    paragraphs_info,
    part_names,
    part_xml,
    section_properties,
    w,
)

from pdfread import needs_soffice, pdf_pages

from docgen.rendering import layout
from tools.build_template import build_template
from docgen.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "branch.docx"
STANDARD = layout.FONT_SETS["standard"]
WINDOWS = layout.FONT_SETS["windows"]

EXPECTED_BODY = [
    ("Title", ["{{ title }}"]),
    ("Normal", ["{%p for para in intro %}"]),
    ("Normal", ["{{ para }}"]),
    ("Normal", ["{%p endfor %}"]),
    ("Normal", ["{%p for part in parts %}"]),
    ("Heading1", ["{{ part.heading }}"]),
    ("Normal", ["{%p for aspect in part.aspects %}"]),
    ("Heading2", ["{{ aspect.heading }}"]),
    ("Normal", ["{{ aspect.text }}"]),
    ("Normal", ["{%p endfor %}"]),
    ("Normal", ["{%p for point in part.points %}"]),
    ("Normal", ["{{ point.heading }}", "{{ point.text }}"]),
    ("Normal", ["{%p endfor %}"]),
    ("Normal", ["{%p endfor %}"]),
    ("Normal", ["{%p if attachment %}"]),
    ("docgenAttachmentNote", ["附件：{{ attachment.name }}"]),
    ("Normal", ["{%p endif %}"]),
    ("Normal", ["{%p for line in signature %}"]),
    ("docgenSignature", ["{{ line }}"]),
    ("Normal", ["{%p endfor %}"]),
    ("docgenDate", ["{{ date }}"]),
    ("Normal", ["{%p if attachment %}"]),
    ("docgenAttachmentLabel", ["附件"]),
    ("Title", ["{{ attachment.title }}"]),
    # the 整改清单 table, cell by cell
    *[("docgenTableHeader", [name]) for name in ("序号", "问题", "整改措施", "责任人", "完成时限", "状态")],
    ("docgenTableText", ["{%tr for group in attachment.groups %}"]),
    ("docgenTableText", ["{%tr if group.aspect %}"]),
    ("docgenTableGroup", ["{{ group.aspect }}"]),
    ("docgenTableText", ["{%tr endif %}"]),
    ("docgenTableText", ["{%tr for row in group.rows %}"]),
    ("docgenTableCentered", ["{{ row.number }}"]),
    ("docgenTableText", ["{{ row.problem }}"]),
    ("docgenTableText", ["{{ row.measure }}"]),
    ("docgenTableCentered", ["{{ row.person }}"]),
    ("docgenTableCentered", ["{{ row.deadline }}"]),
    ("docgenTableCentered", ["{{ row.status }}"]),
    ("docgenTableText", ["{%tr endfor %}"]),
    ("docgenTableText", ["{%tr endfor %}"]),
    ("docgenEnd", []),
    ("Normal", ["{%p endif %}"]),
]
TABLE_STYLES = {"docgenTableHeader", "docgenTableText", "docgenTableCentered", "docgenTableGroup"}


def strip_direct_formatting(root):
    """A copy of `root` whose paragraphs and runs keep only their style references."""
    root = copy.deepcopy(root)
    for ppr in root.iter(w("pPr")):
        for child in list(ppr):
            if child.tag != w("pStyle"):
                ppr.remove(child)
    for rpr in root.iter(w("rPr")):
        if rpr.getparent().tag == w("r"):
            for child in list(rpr):
                if child.tag != w("rStyle"):
                    rpr.remove(child)
    return root


# --- the template: page --------------------------------------------------------------------------


def test_paper_is_a4_with_the_standard_margins():
    sect = section_properties(TEMPLATE)
    assert attrs(sect.find("w:pgSz", NS)) == {"w": "11906", "h": "16838"}
    margins = attrs(sect.find("w:pgMar", NS))
    assert {k: margins[k] for k in ("top", "bottom", "left", "right")} == {
        "top": "2098", "bottom": "1984", "left": "1587", "right": "1474"}
    # 版心 156 x 225 mm (1 mm = 56.7 twips), within a millimetre.
    assert abs(layout.TEXT_WIDTH - 156 * 56.7) < 57 and abs(layout.TEXT_HEIGHT - 225 * 56.7) < 57


def test_grid_holds_22_lines_of_28_characters():
    grid = attrs(section_properties(TEMPLATE).find("w:docGrid", NS))
    assert grid == {"type": "lines", "linePitch": "579"}
    assert 22 * 579 <= layout.TEXT_HEIGHT < 23 * 579
    char = 320 + layout.CONDENSE  # a 16 pt character condensed by 0.25 pt
    assert 28 * char <= layout.TEXT_WIDTH < 29 * char
    assert 28 * 320 > layout.TEXT_WIDTH  # without condensing 28 would not fit


def test_page_number_line_sits_7mm_below_the_text_block():
    margins = attrs(section_properties(TEMPLATE).find("w:pgMar", NS))
    dash_height = int(margins["footer"]) + layout.FOOTER_LINE // 2  # em dash at the line's middle
    below_text_block = int(margins["bottom"]) - dash_height
    assert abs(below_text_block - 7 * 56.7) < 30
    assert 0 < int(margins["header"]) < int(margins["top"])


# --- the template: body text and styles ----------------------------------------------------------


def test_body_is_exactly_the_docxtpl_tags_each_in_one_run():
    paragraphs = paragraph_runs(TEMPLATE)
    assert [(p.style, [r.text for r in p.runs]) for p in paragraphs] == EXPECTED_BODY
    assert document_paragraphs(TEMPLATE) == ["".join(runs) for _, runs in EXPECTED_BODY]


def template_paragraphs(direct: bool):
    """The template's body paragraphs with resolved formatting; without direct formatting, styles only."""
    root = part_xml(TEMPLATE, "word/document.xml")
    if not direct:
        root = strip_direct_formatting(root)
    return paragraphs_info(root.find("w:body", NS), Styles(part_xml(TEMPLATE, "word/styles.xml")))


def kind_of(p) -> str:
    if len(p.runs) == 2:
        return "inline-heading"
    return p.style


@pytest.mark.parametrize("direct", [True, False], ids=["as-written", "styles-only"])
def test_fonts_resolve_per_paragraph_kind(direct):
    paragraphs = template_paragraphs(direct)
    expected_font = {"Title": STANDARD["title"], "Heading1": "黑体", "Heading2": "楷体_GB2312",
                     "Normal": "仿宋_GB2312", "docgenSignature": "仿宋_GB2312", "docgenDate": "仿宋_GB2312",
                     "docgenAttachmentNote": "仿宋_GB2312", "docgenAttachmentLabel": "黑体",  # 附件 in 3号黑体
                     "docgenTableHeader": "黑体", "docgenTableText": "仿宋_GB2312",
                     "docgenTableCentered": "仿宋_GB2312", "docgenTableGroup": "楷体_GB2312"}
    for p in paragraphs:
        for run in p.runs:
            assert run.ascii == "Times New Roman", (p.style, run.text)
            assert not run.bold, (p.style, run.text)
            size = 44 if p.style == "Title" else 28 if p.style in TABLE_STYLES else 32  # table text in 4号
            assert run.size == size, (p.style, run.text)
        if kind_of(p) == "inline-heading":
            heading, text = p.runs
            assert (heading.east_asia, heading.style) == ("楷体_GB2312", "docgenHeadingRun")
            assert text.east_asia == "仿宋_GB2312" and text.style is None
        elif p.runs:  # the docgenEnd paragraph closing the body after the table has none
            assert {r.east_asia for r in p.runs} == {expected_font[p.style]}, p.style


@pytest.mark.parametrize("direct", [True, False], ids=["as-written", "styles-only"])
def test_paragraph_formatting_per_kind(direct):
    paragraphs = template_paragraphs(direct)
    for p in paragraphs:
        ppr = p.ppr
        line = {"docgenEnd": "20", **{style: "400" for style in TABLE_STYLES}}.get(p.style, "579")
        assert ppr["spacing.line"] == line and ppr["spacing.lineRule"] == "exact", p.style
        if p.style in TABLE_STYLES or p.style == "docgenEnd":
            assert ppr["snapToGrid"] == "0" and ppr["ind.firstLine"] == "0", p.style  # off the 22-line grid
            assert ppr["jc"] == {"docgenTableHeader": "center", "docgenTableCentered": "center",
                                 "docgenTableGroup": "left"}.get(p.style, "both"), p.style
            assert ppr.get("keepNext") == ("1" if p.style == "docgenTableGroup" else None), p.style
        elif p.style == "docgenAttachmentNote":  # GB/T 9704 7.3.4: a blank line above, 2 characters in
            assert ppr["spacing.before"] == "579" and ppr["jc"] == "both"
            assert (ppr["ind.left"], ppr["ind.hanging"]) == ("1600", "960")  # a wrapped name lines up
        elif p.style == "docgenAttachmentLabel":  # flush left on the first line of a new page
            assert ppr["pageBreakBefore"] == "1" and ppr["jc"] == "left" and ppr["ind.firstLine"] == "0"
            assert ppr["spacing.after"] == "579"  # so the title stands on the third line
        elif p.style == "Title":
            assert ppr["jc"] == "center" and ppr["ind.firstLineChars"] == "0"
            assert ppr["spacing.after"] == "579"  # the blank line after the title, not an empty paragraph
        elif p.style in ("Normal", "Heading1", "Heading2"):
            assert ppr["jc"] == "both", p.style
            assert (ppr["ind.firstLineChars"], ppr["ind.firstLine"]) == ("200", "640"), p.style
            assert ppr["snapToGrid"] != "0"
            assert ppr.get("outlineLvl") == {"Heading1": "0", "Heading2": "1"}.get(p.style)
        elif p.style == "docgenSignature":
            assert ppr["jc"] == "right" and ppr["ind.firstLineChars"] == "0"
            assert (ppr["ind.rightChars"], ppr["ind.right"]) == ("200", "640")
            assert ppr["spacing.before"] == "579"  # one blank line above the signature
        else:
            assert p.style == "docgenDate"
            assert ppr["jc"] == "right" and ppr["ind.firstLineChars"] == "0"


def test_body_runs_are_condensed_to_fit_28_characters():
    root = part_xml(TEMPLATE, "word/document.xml")
    for p in root.iter(w("p")):
        style = p.find("w:pPr/w:pStyle", NS).get(w("val"))
        for r in p.iter(w("r")):
            spacing = r.find("w:rPr/w:spacing", NS)
            if style == "Title" or style in TABLE_STYLES:
                assert spacing is None
            else:
                assert spacing.get(w("val")) == "-5"
                assert r.find("w:rPr/w:lang", NS).get(w("eastAsia")) == "zh-CN"
    normal = Styles(part_xml(TEMPLATE, "word/styles.xml")).by_id["Normal"]
    assert normal.find("w:rPr/w:spacing", NS).get(w("val")) == "-5"


def test_styles_have_fixed_ids_names_and_no_heading_surprises():
    styles = Styles(part_xml(TEMPLATE, "word/styles.xml"))
    names = {sid: s.find("w:name", NS).get(w("val")) for sid, s in styles.by_id.items()}
    assert names["Heading1"].lower() == "heading 1" and names["Heading2"].lower() == "heading 2"
    assert (names["docgenSignature"], names["docgenDate"], names["docgenHeadingRun"]) == (
        "落款", "成文日期", "小标题文字")
    assert styles.by_id["docgenHeadingRun"].get(w("type")) == "character"
    for sid in ("Title", "Heading1", "Heading2"):
        style = styles.by_id[sid]
        for tag in ("color", "caps", "i"):
            assert style.find(f"w:rPr/w:{tag}", NS) is None, (sid, tag)
        for tag in ("keepLines", "pageBreakBefore", "pBdr", "numPr"):
            assert style.find(f"w:pPr/w:{tag}", NS) is None, (sid, tag)
        assert style.find("w:link", NS) is None


def test_doc_defaults_name_our_fonts_and_no_theme_font_is_left_anywhere():
    defaults = part_xml(TEMPLATE, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert attrs(defaults) == {"ascii": "Times New Roman", "hAnsi": "Times New Roman",
                               "cs": "Times New Roman", "eastAsia": "仿宋_GB2312"}
    with zipfile.ZipFile(TEMPLATE) as archive:
        for name in archive.namelist():
            if name.endswith(".xml") and "theme/" not in name:
                text = archive.read(name).decode("utf-8")
                assert not re.search(r"w:(asciiTheme|eastAsiaTheme|hAnsiTheme|cstheme)=", text), name


def test_title_may_break_into_lines_inside_one_paragraph():
    title = part_xml(TEMPLATE, "word/styles.xml").find("w:style[@w:styleId='Title']", NS)
    assert title.find("w:pPr/w:ind", NS).get(w("firstLineChars")) == "0"
    assert title.find("w:pPr/w:snapToGrid", NS).get(w("val")) == "0"  # one grid pitch per line


# --- the template: page numbers and fonts -----------------------------------------------------------


def test_odd_and_even_footers_carry_the_page_number_between_em_dashes():
    assert part_xml(TEMPLATE, "word/settings.xml").find("w:evenAndOddHeaders", NS) is not None
    roots = footers(TEMPLATE)
    infos = footer_paragraphs(TEMPLATE)
    assert set(roots) >= {"default", "even"}
    for kind, jc, side in (("default", "right", "right"), ("even", "left", "left")):
        assert field_codes(roots[kind]) == ["PAGE"]
        (p,) = [p for p in infos[kind] if p.runs]
        assert p.text == "\u2014 1 \u2014"
        assert p.ppr["jc"] == jc
        assert p.ppr[f"ind.{side}"] == str(layout.PAGE_NUMBER_INDENT) == "280"
        for run in p.runs:
            assert (run.east_asia, run.ascii, run.size) == ("宋体", "宋体", 28)


def test_font_table_declares_fallbacks_for_the_office_fonts():
    fonts = {f.get(w("name")): f for f in part_xml(TEMPLATE, "word/fontTable.xml").findall("w:font", NS)}
    for name, alt in (("仿宋_GB2312", "仿宋"), ("楷体_GB2312", "楷体"), ("方正小标宋简体", "宋体")):
        assert fonts[name].find("w:altName", NS).get(w("val")) == alt
        assert fonts[name].find("w:charset", NS).get(w("val")) == "86"
    assert set(STANDARD.values()) | set(WINDOWS.values()) | {"Times New Roman"} <= set(fonts)


def test_unused_default_parts_are_gone():
    names = part_names(TEMPLATE)
    assert not any("thumbnail" in n or "stylesWithEffects" in n or n.startswith("customXml/") for n in names)
    assert "word/numbering.xml" not in names
    core = part_xml(TEMPLATE, "docProps/core.xml")
    assert core.findtext("{http://purl.org/dc/elements/1.1/}title") == "对照检查材料"
    assert core.findtext("{http://purl.org/dc/elements/1.1/}creator") == "docgen"


# --- reproducibility ------------------------------------------------------------------------------


def test_build_is_byte_reproducible_and_matches_the_committed_template(tmp_path):
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    build_template(first)
    build_template(second)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == TEMPLATE.read_bytes(), "run: python tools/build_template.py"
    with zipfile.ZipFile(first) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_write_docx_parts_keeps_order_and_fixed_times(tmp_path):
    from docgen.files.docx_parts import read_docx_parts, write_docx_parts

    parts = [("[Content_Types].xml", b"<a/>"), ("word/b.xml", b"<b/>"), ("a.xml", b"")]
    write_docx_parts(tmp_path / "x.zip", parts)
    write_docx_parts(tmp_path / "y.zip", parts)
    assert read_docx_parts(tmp_path / "x.zip") == parts
    assert (tmp_path / "x.zip").read_bytes() == (tmp_path / "y.zip").read_bytes()


# --- fonts sets -------------------------------------------------------------------------------------


def test_windows_mapping_turns_every_standard_name_into_the_stock_windows_one():
    mapping = layout.font_mapping("windows")
    for role in ("fangsong", "kaiti", "heiti", "title"):
        assert mapping[STANDARD[role]] == WINDOWS[role]
    assert mapping["方正小标宋简体"] == "宋体" and mapping["仿宋_GB2312"] == "仿宋"


def test_standard_mapping_restores_names_but_never_guesses_song():
    mapping = layout.font_mapping("standard")
    assert mapping["仿宋"] == "仿宋_GB2312" and mapping["楷体"] == "楷体_GB2312" and mapping["黑体"] == "黑体"
    assert "宋体" not in mapping
    assert "宋体" not in layout.font_mapping("windows") or layout.font_mapping("windows")["宋体"] == "宋体"


def test_unknown_font_set_is_a_user_error_in_chinese():
    with pytest.raises(InputError) as err:
        layout.font_mapping("mac")
    assert "未知的字体方案" in str(err.value) and "windows" in str(err.value)


def test_signature_and_date_indents_follow_7_3_5_2():
    signature, date = layout.text_width("中共示例支部委员会"), layout.text_width("2024年1月20日")
    sig, date_left = layout.signature_indents(signature, date)
    assert sig == 640
    # the date's first character starts two characters right of the signature's first character
    assert date_left - (layout.TEXT_WIDTH - sig - signature) == 640
    # a date longer than the signature keeps two characters on the right; the signature moves instead
    short, long_date = layout.text_width("某支部"), layout.text_width("2024年12月20日")
    sig, date_left = layout.signature_indents(short, long_date)
    assert layout.TEXT_WIDTH - date_left - long_date == 640 and sig > 640
    assert date_left - (layout.TEXT_WIDTH - sig - short) == 640


# --- LibreOffice ------------------------------------------------------------------------------------


@needs_soffice
def test_template_opens_in_libreoffice(pages):  # one conversion for the session: pagedocs.py
    assert pdf_pages(pages["template"]) >= 1


@given(st.text(max_size=40), st.sampled_from([0.5, layout.WIDE_DIGITS]), st.integers(-10, 10))
def test_a_texts_width_is_the_sum_of_its_characters(text: str, half: float, condense: int) -> None:
    """text_width counts in one go what each character adds: one em for a wide one, `half` for the rest."""
    import unicodedata

    one = [(320 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else round(320 * half)) + condense for ch in text]
    assert layout.text_width(text, condense=condense, half=half) == sum(one)
