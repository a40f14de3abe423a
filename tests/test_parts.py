"""The kinds of report and the optional parts: read from the workbook, written back, rendered in order."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from builders import make_workbook, minimal_rows
from docxread import body_paragraphs, document_paragraphs, paragraph_text
from reports import report

import docgen
from docgen.files.docx_parts import W_NS
from docgen.model import ExtraPart, Rectification
from docgen.rendering.layout import CHAR, TEXT_WIDTH, text_width
from docgen.workbook import read_workbook, write_workbook

PROBLEMS = minimal_rows()["存在的问题"]


def read(path: Path):
    report, findings = read_workbook(path)
    return report, [(f.level, f.code, str(f.source), f.message) for f in findings]


def rendered(tmp_path: Path, r) -> list[str]:
    out = tmp_path / "out.docx"
    out.write_bytes(docgen.render(r))
    return document_paragraphs(out)


# -- kinds ---------------------------------------------------------------------------------------------


def test_a_leadership_report_uses_the_democratic_meeting_titles(tmp_path: Path) -> None:
    r, findings = read(make_workbook(tmp_path, 类型="领导班子"))
    assert findings == [] and r.meta.kind == "领导班子"
    paragraphs = rendered(tmp_path, r)
    assert [p for p in paragraphs if p[1:2] == "、"] == ["一、存在的问题", "二、原因分析", "三、整改措施"]


def test_a_typed_part_title_wins_over_the_kind(tmp_path: Path) -> None:
    r, _ = read(make_workbook(tmp_path, 类型="领导干部个人", 姓名="李四", 原因标题="问题产生的根源"))
    assert (r.meta.causes_title, r.meta.directions_title) == ("问题产生的根源", "整改措施")


def test_a_personal_report_is_signed_by_the_person(tmp_path: Path) -> None:
    r, findings = read(make_workbook(tmp_path, 类型="党员个人", 单位=None, 姓名="张三"))
    assert findings == [] and r.meta.signature == ("张三",)
    assert rendered(tmp_path, r)[-2:] == ["张三", "2026年1月20日"]


def test_a_personal_report_needs_a_name_not_a_unit(tmp_path: Path) -> None:
    r, findings = read(make_workbook(tmp_path, 类型="党员个人"))
    assert r is None and findings == [
        ("error", "missing-field", "基本信息", "缺少项目“姓名”")]


def test_an_unknown_kind_is_an_error_at_its_cell(tmp_path: Path) -> None:
    r, findings = read(make_workbook(tmp_path, 类型="支部"))
    assert r is None and findings == [("error", "unknown-kind", "基本信息!B6", "不认识的类型“支部”")]


def test_a_unit_line_above_the_name_is_one_signature_block(tmp_path: Path) -> None:
    r, _ = read(make_workbook(tmp_path, 类型="党员个人", 单位="中共示例县统计局机关支部委员会", 姓名="张三"))
    out = tmp_path / "out.docx"
    out.write_bytes(docgen.render(r))
    *_, unit, name, date = body_paragraphs(out)
    assert [paragraph_text(p) for p in (unit, name, date)] == ["中共示例县统计局机关支部委员会", "张三", "2026年1月20日"]

    def ppr(p, tag: str, attr: str) -> int:
        return int(p.find(f"{{{W_NS}}}pPr/{{{W_NS}}}{tag}").get(f"{{{W_NS}}}{attr}"))

    assert ppr(unit, "ind", "right") == ppr(name, "ind", "right") == 2 * CHAR  # right-aligned together
    assert ppr(unit, "spacing", "before") > 0 and ppr(name, "spacing", "before") == 0  # one blank line, above
    # the date's first character two characters right of the block's first character (7.3.5.2); the date
    # is placed by its start, left-aligned (issue 8, point 2: by its end, a font's digits moved it)
    unit_start = TEXT_WIDTH - ppr(unit, "ind", "right") - text_width("中共示例县统计局机关支部委员会")
    assert date.find(f"{{{W_NS}}}pPr/{{{W_NS}}}jc").get(f"{{{W_NS}}}val") == "left"
    assert ppr(date, "ind", "left") - unit_start == 2 * CHAR


# -- the aspect's lead sentence --------------------------------------------------------------------------


def test_a_lead_sentence_comes_before_the_first_item_in_the_same_paragraph(tmp_path: Path) -> None:
    rows = [["方面", "问题", "具体表现", "概述"], ["理论学习方面", "学习的系统性不够", "集中学习以读文件为主。",
                                            "支部在学习上下了功夫，但对照要求还有差距。"],
            [None, "学用结合不紧", "办法不多。"], ["服务群众方面", "调研不够经常", "走访偏少。"],
            [None, "服务不够精细", "告知不到位。"]]
    r, findings = read(make_workbook(tmp_path, {"存在的问题": rows}))
    assert findings == [] and r.problems[0].lead == "支部在学习上下了功夫，但对照要求还有差距。"
    assert str(r.problems[0].lead_source) == "存在的问题!D2" and r.problems[1].lead == ""
    assert "（一）理论学习方面" in (paragraphs := rendered(tmp_path, r))
    assert paragraphs[paragraphs.index("（一）理论学习方面") + 1] == (
        "支部在学习上下了功夫，但对照要求还有差距。一是学习的系统性不够。集中学习以读文件为主。二是学用结合不紧。办法不多。")


def test_one_lead_per_aspect(tmp_path: Path) -> None:
    rows = [["方面", "问题", "具体表现", "概述"], ["学习方面", "甲", "a", "第一段概述。"], [None, "乙", "b", "又一段。"]]
    _, findings = read(make_workbook(tmp_path, {"存在的问题": rows}))
    assert ("error", "second-lead", "存在的问题!D3", "同一方面已在 存在的问题!D2 填写了“概述”") in findings


def test_a_workbook_without_the_lead_column_still_reads(tmp_path: Path) -> None:
    r, findings = read(make_workbook(tmp_path))
    assert findings == [] and all(a.lead == "" for a in r.problems)


# -- 上年度问题整改情况 ----------------------------------------------------------------------------------

RECTIFIED = [["问题", "整改情况", "状态"], ["理论学习不够深入", "制定了学习计划，每月集中学习一次。", "已完成"],
             ["联系群众不够", "建立了走访台账。", "整改中"], ["作风不够扎实", "坚持每周一次督查。", "长期坚持"]]


def test_last_years_rectification_is_the_first_part_and_is_counted(tmp_path: Path) -> None:
    r, findings = read(make_workbook(tmp_path, {"上年度整改": RECTIFIED}))
    assert findings == []
    assert [(x.problem, x.status) for x in r.rectified] == [
        ("理论学习不够深入。", "已完成"), ("联系群众不够。", "持续推进"), ("作风不够扎实。", "长期坚持")]
    paragraphs = rendered(tmp_path, r)
    start = paragraphs.index("一、上年度问题整改情况")
    assert paragraphs[start + 1:start + 5] == [
        "上年度组织生活会查摆的问题共3项，已完成1项，其余2项持续推进。",
        "（一）理论学习不够深入。制定了学习计划，每月集中学习一次。（已完成）",
        "（二）联系群众不够。建立了走访台账。（持续推进）",
        "（三）作风不够扎实。坚持每周一次督查。（长期坚持）",
    ]
    assert [p for p in paragraphs if p[1:2] == "、"] == [
        "一、上年度问题整改情况", "二、存在的问题", "三、原因剖析", "四、下一步努力方向"]


@pytest.mark.parametrize(("statuses", "sentence"), [
    (["已完成", "已完成"], "上年度民主生活会查摆的问题共2项，已全部完成整改。"),
    (["持续推进", ""], "上年度民主生活会查摆的问题共2项，均在持续推进。"),
])
def test_the_summary_sentence_is_computed(tmp_path: Path, statuses: list[str], sentence: str) -> None:
    rows = [RECTIFIED[0], *([f"问题{n}", "做了整改。", s] for n, s in enumerate(statuses))]
    r, _ = read(make_workbook(tmp_path, {"上年度整改": rows}, 类型="领导班子"))
    assert sentence in rendered(tmp_path, r)


def test_an_unknown_status_is_an_error_at_its_cell(tmp_path: Path) -> None:
    rows = [RECTIFIED[0], ["学习不够", "做了整改。", "差不多"]]
    r, findings = read(make_workbook(tmp_path, {"上年度整改": rows}))
    assert r is None and findings == [("error", "unknown-status", "上年度整改!C2", "不认识的状态“差不多”")]


def test_an_empty_optional_sheet_adds_no_part(tmp_path: Path) -> None:
    r, findings = read(make_workbook(tmp_path, {"上年度整改": [RECTIFIED[0]], "其他部分": [], "整改清单": [[]]}))
    assert findings == [] and r.rectified == () and r.extra_parts == () and r.action_list == ()


# -- other parts -----------------------------------------------------------------------------------------


def test_extra_parts_stand_where_they_were_and_are_numbered_with_the_others(tmp_path: Path) -> None:
    extras = [["标题", "内容", "位置"], ["一、基本情况", "支部现有党员12名。\n其中预备党员1名。", ""],
              ["其他需要说明的事项", "无。", "下一步努力方向之后"]]
    r, findings = read(make_workbook(tmp_path, {"其他部分": extras}))
    assert findings == [] and [(e.title, e.after) for e in r.extra_parts] == [("基本情况", ""),
                                                                             ("其他需要说明的事项", "directions")]
    paragraphs = rendered(tmp_path, r)
    assert [p for p in paragraphs if p[1:2] == "、"] == [
        "一、基本情况", "二、存在的问题", "三、原因剖析", "四、下一步努力方向", "五、其他需要说明的事项"]
    assert paragraphs[paragraphs.index("一、基本情况") + 1:][:2] == ["支部现有党员12名。", "其中预备党员1名。"]


def test_an_unknown_position_is_an_error(tmp_path: Path) -> None:
    extras = [["标题", "内容", "位置"], ["基本情况", "支部现有党员12名。", "最前面"]]
    _, findings = read(make_workbook(tmp_path, {"其他部分": extras}))
    assert findings == [("error", "unknown-position", "其他部分!C2", "不认识的位置“最前面”")]


def test_an_extra_part_after_an_absent_rectification_opens_the_body(tmp_path: Path) -> None:
    r = dataclasses.replace(report(), extra_parts=(ExtraPart("基本情况", ("甲。",), after="rectified"),))
    assert [p for p in rendered(tmp_path, r) if p[1:2] == "、"][0] == "一、基本情况"


# -- the workbook carries all of it ----------------------------------------------------------------------


def test_every_new_field_survives_a_workbook_round_trip(tmp_path: Path) -> None:
    base = report()
    full = dataclasses.replace(
        base, meta=dataclasses.replace(base.meta, kind="领导干部个人", name="王五", organization="示例局党组"),
        problems=(dataclasses.replace(base.problems[0], lead="总体上看，还有差距。"),) + base.problems[1:],
        rectified=(Rectification("学习不够深入。", "制定了计划。", "已完成"), Rectification("调研不够。", "", "")),
        extra_parts=(ExtraPart("基本情况", ("甲。", "乙。")), ExtraPart("说明", ("丙。",), after="causes")))
    path = tmp_path / "full.xlsx"
    write_workbook(path, full)
    back, findings = read_workbook(path)
    assert [f for f in findings if f.level == "error"] == []
    assert back == full
