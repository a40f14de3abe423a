"""docgen import: old .docx/.txt reports recognised as a Report, each recognition rule and bad input."""

from __future__ import annotations

import datetime as dt
import re

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from importdocs import (A1, A2, ASPECT1, ASPECT2, CAUSES, EXPECTED, INTRO, MEASURES, ORG, TITLE, abstract_num, num,
                        standard_lines, write_docx, write_text)

from docgen.errors import InputError
from docgen.importing import import_document
from docgen.importing.recognise import parse_any_date, part_kind
from docgen.model import Aspect, ExtraPart, Item, Point
from docgen.vocabulary import PARTS, RECTIFIED


# ------------------------------------------------------------------ plain text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_text_file_in_any_encoding_and_line_break_convention(tmp_path, encoding, newline):
    path = write_text(tmp_path, standard_lines(), encoding=encoding, newline=newline)
    report, findings = import_document(path)
    assert report == EXPECTED
    assert findings == []


def test_blank_lines_and_indentation_in_a_text_file_do_not_matter(tmp_path):
    lines = standard_lines()
    spaced = ["", "        " + lines[0], "\u3000\u3000" + lines[1], ""]
    for line in lines[2:-2]:
        spaced += ["\u3000\u3000" + line, ""]
    spaced += [" " * 30 + lines[-2], " " * 28 + lines[-1], "", ""]
    report, _ = import_document(write_text(tmp_path, spaced))
    assert report == EXPECTED


def test_sources_name_the_paragraph_counting_non_empty_ones(tmp_path):
    report, _ = import_document(write_text(tmp_path, ["", *standard_lines()], newline="\r\n"))
    assert report.meta.source("title").paragraph == 1
    assert report.meta.source("intro").paragraph == 3
    assert report.problems[1].source.paragraph == 7
    assert report.problems[1].items[0].source.paragraph == 8
    assert report.causes[1].source.paragraph == 11
    assert report.meta.source("organization").paragraph == 15
    assert report.meta.source("date").paragraph == 16
    assert report.causes[1].source.file == str(tmp_path / "old.txt")


# ------------------------------------------------------------------ Word files


def test_styled_word_file_with_split_runs(tmp_path):
    lines = standard_lines()
    paragraphs = [{"text": ["第三党支部", "2024年度", "组织生活会"], "align": "center", "style": "Title"},
                  {"text": TITLE[1], "align": "center"}]
    for line in lines[2:-2]:
        # every body paragraph split into runs of three characters, as Word does after edits
        paragraphs.append({"text": [line[i:i + 3] for i in range(0, len(line), 3)]})
    paragraphs += [{"text": ORG, "align": "right"}, {"text": ["2025年", "1月", "20日"], "align": "right"}]
    report, findings = import_document(write_docx(tmp_path, paragraphs))
    assert report == EXPECTED
    assert findings == []


def test_centred_second_line_joins_the_title_but_a_plain_one_does_not(tmp_path):
    lines = standard_lines()
    plain = [{"text": lines[0], "align": "center"}, "关于加强学习的几点体会", *lines[2:]]
    report, _ = import_document(write_docx(tmp_path, plain))
    assert report.meta.title == lines[0]
    assert report.intro == ("关于加强学习的几点体会", INTRO)


def test_word_automatic_numbering_is_turned_back_into_labels(tmp_path):
    # parts: 一、 (chineseCounting, "%1、"); aspects and points: （%1） restarted in each part
    numbering = (abstract_num(10, ("chineseCounting", "%1、"))
                 + abstract_num(11, ("chineseCounting", "（%1）"))
                 + num(1, 10) + num(2, 11) + num(3, 11, restart_level=0) + num(4, 11, restart_level=0))
    paragraphs = [
        {"text": TITLE[0], "align": "center"}, {"text": TITLE[1], "align": "center"}, INTRO,
        {"text": "存在的问题", "num": (1, 0)},
        {"text": ASPECT1, "num": (2, 0)}, A1, {"text": ASPECT2, "num": (2, 0)}, A2,
        {"text": "原因剖析", "num": (1, 0)},
        *({"text": c, "num": (3, 0)} for c in CAUSES),
        {"text": "下一步努力方向", "num": (1, 0)},
        *({"text": m, "num": (4, 0)} for m in MEASURES),
        {"text": ORG, "align": "right"}, {"text": "2025年1月20日", "align": "right"},
    ]
    report, findings = import_document(write_docx(tmp_path, paragraphs, numbering=numbering))
    assert report == EXPECTED
    assert findings == []


def test_numbering_inherited_from_a_style_and_multi_level_lists(tmp_path):
    # one multi-level list: level 0 "%1、" for parts (via the Heading 1 style), level 1 "（%2）"
    numbering = abstract_num(20, ("chineseCounting", "%1、"), ("chineseCounting", "（%2）")) + num(7, 20)

    def setup(document):
        style = document.styles["Heading 1"]
        style.element.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="7"/></w:numPr>'))

    paragraphs = [
        {"text": TITLE[0], "align": "center"}, {"text": TITLE[1], "align": "center"}, INTRO,
        {"text": "存在的问题", "style": "Heading 1"},
        {"text": ASPECT1, "num": (7, 1)}, A1, {"text": ASPECT2, "num": (7, 1)}, A2,
        {"text": "原因剖析", "style": "Heading 1"},  # restarts level 1 below it
        *({"text": c, "num": (7, 1)} for c in CAUSES),
        {"text": "下一步努力方向", "style": "Heading 1"},
        *({"text": m, "num": (7, 1)} for m in MEASURES),
        {"text": ORG, "align": "right"}, {"text": "2025年1月20日", "align": "right"},
    ]
    report, findings = import_document(write_docx(tmp_path, paragraphs, numbering=numbering, setup=setup))
    assert report == EXPECTED
    assert findings == []


def test_numbering_labels_in_other_formats():
    from docgen.importing.numbering import format_number
    assert [format_number(n, "chineseCounting") for n in (1, 10, 11, 20, 21, 100, 105)] == [
        "一", "十", "十一", "二十", "二十一", "一百", "一百零五"]
    assert format_number(3, "decimalEnclosedCircle") == "③"
    assert format_number(12, "ideographDigital") == "一二"
    assert format_number(4, "upperRoman") == "IV"
    assert format_number(28, "lowerLetter") == "bb"
    assert format_number(2, "bullet") == ""


def test_a_table_is_read_row_by_row_with_a_warning_that_says_where(tmp_path):
    lines = standard_lines()
    paragraphs = [{"text": lines[0], "align": "center"}, {"text": lines[1], "align": "center"}, *lines[2:4],
                  {"table": [["序号", "问题"], ["1", "学习不够"]]}, *lines[4:]]
    report, findings = import_document(write_docx(tmp_path, paragraphs))
    # the rows stand where the table stood: under 存在的问题, before the first aspect
    assert report.problems[0] == Aspect("", (Item("序号 问题1 学习不够"),))
    assert report.problems[1:] == EXPECTED.problems and report.causes == EXPECTED.causes
    warning = next(f for f in findings if f.code == "table-rows")
    assert warning.level == "warning" and warning.source.paragraph == 5
    assert warning.message == "第4段之后的表格（第1个表格）已按行导入为第5段至第6段，每行一段"


def test_altchunk_content_is_read_with_a_warning(tmp_path):
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    def add_chunk(document):
        html = "<html><head><title>x</title></head><body><p>按照要求，现将对照检查情况汇报如下。</p></body></html>"
        part = Part(PackURI("/word/chunk1.html"), "text/html", html.encode("utf-8"), document.part.package)
        rel_id = document.part.relate_to(
            part, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk")
        document.element.body.sectPr.addprevious(parse_xml(f'<w:altChunk {nsdecls("w", "r")} r:id="{rel_id}"/>'))

    lines = standard_lines()
    path = write_docx(tmp_path, [lines[0], lines[1]], setup=None)
    document = docx.Document(str(path))
    add_chunk(document)
    for line in lines[3:]:
        document.add_paragraph(line)
    document.save(str(path))
    report, findings = import_document(path)
    assert report.intro == ("按照要求，现将对照检查情况汇报如下。",)
    assert report.problems == EXPECTED.problems
    [warning] = [f for f in findings if f.code == "altchunk"]
    assert (warning.level, warning.source.paragraph, warning.message) == (
        "warning", 3, "第3段来自文档中嵌入的另一个文件（altChunk），已导入")


# ------------------------------------------------------------------ recognition rules


@pytest.mark.parametrize("problems, causes, directions", [
    ("查摆的问题", "原因分析", "整改措施"),
    ("主要问题", "产生问题的原因", "今后努力方向"),
    ("存在的突出问题", "问题产生的原因", "努力方向和整改措施"),
])
def test_part_title_variants_are_kept_without_their_number(tmp_path, problems, causes, directions):
    lines = standard_lines()
    lines[3], lines[8], lines[11] = f"一、{problems}", f"二、{causes}", f"三、{directions}"
    report, findings = import_document(write_text(tmp_path, lines))
    assert (report.meta.problems_title, report.meta.causes_title, report.meta.directions_title) == (
        problems, causes, directions)
    assert report.problems == EXPECTED.problems and report.directions == EXPECTED.directions
    assert findings == []


def test_part_kinds():
    assert [part_kind(t) for t in ("上年度整改措施落实情况", "上年度问题整改", "基本情况")] == [RECTIFIED, RECTIFIED, None]
    assert [part_kind(t) for t in ("存在的问题", "问题产生的原因", "努力方向和整改措施")] == list(PARTS)
    # the head noun, which comes last, decides
    assert [part_kind(t) for t in ("检视剖析的问题", "产生问题的根源", "存在问题的整改措施")] == list(PARTS)


@pytest.mark.parametrize("marked", [
    "第一，理论武装不够及时。学习新文件往往停留在读原文，结合实际思考不多。第二，宣传引导不够有力。对身边同事的思想动态关注较少。",
    "1.理论武装不够及时。学习新文件往往停留在读原文，结合实际思考不多。2.宣传引导不够有力。对身边同事的思想动态关注较少。",
    "（1）理论武装不够及时。学习新文件往往停留在读原文，结合实际思考不多。（2）宣传引导不够有力。对身边同事的思想动态关注较少。",
])
def test_item_markers_other_than_yishi(tmp_path, marked):
    lines = standard_lines()
    lines[5] = marked
    report, _ = import_document(write_text(tmp_path, lines))
    assert report.problems == EXPECTED.problems


def test_items_in_their_own_paragraphs_and_aspect_with_items_inline(tmp_path):
    lines = standard_lines()
    lines[4:6] = [f"（一）{ASPECT1}：一是理论武装不够及时。学习新文件往往停留在读原文，结合实际思考不多。",
                  "二是宣传引导不够有力。对身边同事的思想动态关注较少。"]
    report, findings = import_document(write_text(tmp_path, lines))
    assert report.problems[0].title == ASPECT1 + "："  # the user's own colon is kept for lint to judge
    assert report.problems[0].items == EXPECTED.problems[0].items
    assert findings == []


def test_markers_inside_a_sentence_are_not_split():
    from docgen.text.markers import find_sequence
    assert find_sequence("统一是关键。一是学习。", None, 1)[0].start == 6
    assert find_sequence("第一书记带头。第一，学习。", None, 1)[0].start == 7
    assert find_sequence("增长1.5倍。", None, 1) == []


def test_point_heading_and_text_split_at_the_first_full_stop(tmp_path):
    lines = standard_lines()
    lines[9] = "（一）学习自觉性不够强！满足于完成规定动作。偶尔缺席集中学习。"
    report, _ = import_document(write_text(tmp_path, lines))
    assert report.causes[0] == Point("学习自觉性不够强！", "满足于完成规定动作。偶尔缺席集中学习。")


def test_point_heading_in_its_own_paragraph(tmp_path):
    lines = standard_lines()
    lines[9:10] = ["（一）学习自觉性不够强", "满足于完成规定动作。"]
    report, findings = import_document(write_text(tmp_path, lines))
    assert report.causes[0] == Point("学习自觉性不够强", "满足于完成规定动作。")
    assert findings == []


@pytest.mark.parametrize("typed, expected", [
    ("二〇二五年一月二十日", dt.date(2025, 1, 20)),
    ("二零二四年十二月三十一日", dt.date(2024, 12, 31)),
    ("2025年01月05日", dt.date(2025, 1, 5)),
    ("（２０２５年１月２０日）", dt.date(2025, 1, 20)),
    ("2025-1-20", dt.date(2025, 1, 20)),
    ("二〇二五年二月三十日", None),
])
def test_dates(typed, expected):
    assert parse_any_date(typed) == expected


def test_chinese_numeral_date_at_the_end(tmp_path):
    report, findings = import_document(write_text(tmp_path, standard_lines("二〇二五年一月二十日")))
    assert report == EXPECTED and findings == []


def test_signature_and_date_on_one_line(tmp_path):
    lines = standard_lines()
    lines[-2:] = [f"{ORG}    2025年1月20日"]
    report, findings = import_document(write_text(tmp_path, lines))
    assert report == EXPECTED and findings == []


def test_missing_date_is_left_empty_with_a_warning(tmp_path):
    report, findings = import_document(write_text(tmp_path, standard_lines()[:-1]))
    assert report.meta.date is None
    assert report.meta.organization == ORG
    assert [(f.level, f.code, f.source.paragraph) for f in findings] == [("warning", "missing-date", 15)]
    assert "日期留空" in findings[0].message and "日期" in findings[0].hint


def test_missing_signature_is_empty_with_a_warning(tmp_path):
    lines = standard_lines()
    del lines[-2]
    report, findings = import_document(write_text(tmp_path, lines))
    assert report.meta.organization == "" and report.meta.date == dt.date(2025, 1, 20)
    assert report.directions == EXPECTED.directions
    assert [f.code for f in findings] == ["missing-signature"]


def test_last_years_rectification_written_as_prose_is_kept_whole_under_its_title(tmp_path):
    lines = standard_lines()
    lines[1:3] = [lines[1], INTRO, "一、上年度整改措施落实情况", "去年查摆的问题已全部完成整改。"]
    lines = [ln.replace("一、存在", "二、存在").replace("二、原因", "三、原因").replace("三、下一步", "四、下一步")
             for ln in lines]
    report, findings = import_document(write_text(tmp_path, lines))
    assert report.intro == (INTRO,)
    assert report.extra_parts == (ExtraPart("上年度整改措施落实情况", ("去年查摆的问题已全部完成整改。",)),)
    assert report.problems == EXPECTED.problems and report.causes == EXPECTED.causes
    assert [(f.level, f.code, f.source.paragraph) for f in findings] == [("info", "rectified-as-text", 4)]


def test_text_without_a_place_is_kept_and_reported(tmp_path):
    lines = standard_lines()
    lines[4:4] = ["对照检查，主要有以下几个方面的问题。"]
    lines[10:10] = ["深挖根源，原因主要有以下几点。"]
    report, findings = import_document(write_text(tmp_path, lines))
    assert report.problems[0] == Aspect("", (Item("对照检查，主要有以下几个方面的问题。"),))
    assert report.causes[0] == Point("深挖根源，原因主要有以下几点。")
    assert [(f.level, f.code, f.source.paragraph) for f in findings] == [
        ("warning", "missing-aspect", 5), ("warning", "unnumbered-paragraph", 11)]
    assert "第5段" in str(findings[0])


def test_renamed_part_counts_by_its_number(tmp_path):
    lines = standard_lines()
    lines[8] = "二、深层次思考"
    report, findings = import_document(write_text(tmp_path, lines))
    assert report.meta.causes_title == "深层次思考" and report.causes == EXPECTED.causes
    assert findings == []


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize("name, content, message", [
    ("missing.docx", None, "文件不存在"),
    ("empty.txt", b"", "文件是空的"),
    ("empty.docx", b"", "文件是空的"),
    ("old.doc", b"\xd0\xcf\x11\xe0", "不支持导入 .doc 格式"),
    ("notes.pdf", b"%PDF-1.4", "无法导入扩展名为“.pdf”的文件"),
    ("fake.docx", "一、存在的问题\n".encode(), ""),
    ("binary.txt", b"\x00\x01\x02abc", "这不是纯文本文件"),
    ("blank.txt", b"  \r\n\r\n", "文件里没有文字"),
])
def test_bad_files_are_refused_in_chinese(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        import_document(path)
    assert message in str(caught.value)
    assert caught.value.hint and re.search("[\u4e00-\u9fff]", caught.value.hint)


def test_aspects_numbered_with_arabic_numerals_and_items_without_aspects(tmp_path):
    lines = standard_lines()
    lines[4], lines[6] = f"1.{ASPECT1}", f"2.{ASPECT2}"
    report, findings = import_document(write_text(tmp_path, lines))
    assert report.problems == EXPECTED.problems and findings == []
    lines = standard_lines()
    lines[4:8] = ["1.理论武装不够及时。学习停留在读原文。", "2.调查研究不够深入。"]
    report, findings = import_document(write_text(tmp_path, lines))
    assert report.problems == (Aspect("", (Item("理论武装不够及时。", "学习停留在读原文。"), Item("调查研究不够深入。"))),)
    assert [f.code for f in findings] == ["missing-aspect"]


def test_text_boxes_are_reported_and_deleted_revisions_left_out(tmp_path):
    lines = standard_lines()
    path = write_docx(tmp_path, [{"text": lines[0], "align": "center"}, {"text": lines[1], "align": "center"},
                                 *lines[2:-2], {"text": lines[-2], "align": "right"},
                                 {"text": lines[-1], "align": "right"}])
    document = docx.Document(str(path))
    intro = document.paragraphs[2]._p
    intro.append(parse_xml(
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>框里的说明</w:t></w:r>'
        f'</w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>'))
    intro.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>删掉的话</w:delText></w:r></w:del>'))
    document.save(str(path))
    report, findings = import_document(path)
    assert report == EXPECTED
    [box] = findings
    assert box.code == "textbox-ignored" and box.source.paragraph == 3 and "框里的说明" in box.message


def test_a_missing_date_reaches_the_workbook_as_a_blank_cell(tmp_path):
    from docgen.api import import_report
    from docgen.workbook import read_workbook

    outcome = import_report(write_text(tmp_path, standard_lines()[:-1]), tmp_path / "imported.xlsx")
    _report, findings = read_workbook(outcome.path)
    assert [(f.code, str(f.source)) for f in findings if f.level == "error"] == [("missing-field", "基本信息!B6")]


# -- the kind of report, from its title and signature ----------------------------------------------------


@pytest.mark.parametrize(("title", "signature", "kind", "name", "organization"), [
    (["示例局领导班子2024年度民主生活会", "对照检查材料"], "中共示例局党组", "领导班子", "", "中共示例局党组"),
    (["2024年度民主生活会个人对照检查材料"], "对照检查人：李四", "领导干部个人", "李四", ""),
    (["2024年度组织生活会个人对照检查材料"], "中共示例支部 张三", "党员个人", "张三", "中共示例支部"),
    (["第三党支部2024年度组织生活会", "对照检查材料"], "中共第三党支部委员会", "支部班子", "", "中共第三党支部委员会"),
    (["2024年度组织生活会个人对照检查材料"], "中共第三党支部委员会", "支部班子", "", "中共第三党支部委员会"),
])
def test_the_kind_comes_from_the_title_and_the_signature(tmp_path, title, signature, kind, name, organization):
    lines = standard_lines()
    lines[: len(TITLE)] = title
    lines[-2] = signature
    report, _ = import_document(write_text(tmp_path, lines))
    assert (report.meta.kind, report.meta.name, report.meta.organization) == (kind, name, organization)


def test_a_democratic_report_without_part_titles_gets_that_meetings_usual_ones(tmp_path):
    lines = [l for l in standard_lines() if l not in ("二、原因剖析", "三、下一步努力方向")]
    lines[: len(TITLE)] = ["示例局领导班子2024年度民主生活会对照检查材料"]
    report, _ = import_document(write_text(tmp_path, lines))
    assert (report.meta.causes_title, report.meta.directions_title) == ("原因分析", "整改措施")


def test_a_date_under_the_title_stands_in_for_a_missing_one(tmp_path):
    lines = standard_lines()[:-1]
    lines[len(TITLE):len(TITLE)] = ["（2025年1月15日）"]
    report, findings = import_document(write_text(tmp_path, lines))
    assert report.meta.date == dt.date(2025, 1, 15) and "（2025年1月15日）" not in report.meta.title
    assert ("date-under-title", 3) in [(f.code, f.source.paragraph) for f in findings]
    assert not report.intro[0].startswith("（2025")


def test_a_site_slogan_above_the_title_is_never_the_title(tmp_path):
    lines = ["百度文库 - 让每个人平等地提升自我", *standard_lines()]
    report, findings = import_document(write_text(tmp_path, lines))
    assert report.meta.title == "\n".join(TITLE)
    assert report.intro[0] == "百度文库 - 让每个人平等地提升自我"
    assert ("junk-line", 1) in [(f.code, f.source.paragraph) for f in findings]
