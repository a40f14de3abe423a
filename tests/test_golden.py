"""The example workbook renders to the reviewed paragraphs in tests/golden/example.txt."""

from __future__ import annotations

from pathlib import Path

from docxread import document_paragraphs

from docgen.api import make_document
from docgen.example import example_report
from docgen.workbook import read_workbook

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).with_name("golden") / "example.txt"


def golden() -> list[str]:
    return [line.replace("\\n", "\n") for line in GOLDEN.read_text(encoding="utf-8").splitlines()]


def test_example_paragraphs_match_the_golden_file(tmp_path: Path) -> None:
    out = make_document(ROOT / "data" / "example.xlsx", tmp_path / "example.docx").path
    assert document_paragraphs(out) == golden()


def test_golden_file_has_the_standard_shape() -> None:
    paragraphs = golden()
    report = example_report()
    assert paragraphs[0] == report.meta.title
    assert paragraphs[-2:] == [report.meta.organization, "2026年1月20日"]
    headings = [p for p in paragraphs if p[:2] in ("一、", "二、", "三、")]
    assert headings == ["一、存在的问题", "二、原因剖析", "三、下一步努力方向"]


def test_example_workbook_is_the_example_report() -> None:
    report, findings = read_workbook(ROOT / "data" / "example.xlsx")
    assert report == example_report() and findings == []


# -- a report with both optional parts: last year's rectification first, the 整改清单 attached ------------

OPTIONAL = Path(__file__).with_name("golden") / "optional-parts.txt"
RECTIFIED = [["问题", "整改情况", "状态"],
             ["理论学习不够系统", "制定年度学习计划，每月开展一次专题学习。", "已完成"],
             ["联系群众不够紧密", "建立党员联系群众制度，定期走访。", "持续推进"],
             ["制度执行不够严格", "修订支部工作制度并抓好落实。", "长期坚持"]]
ACTIONS = [["方面", "问题", "整改措施", "责任人", "完成时限", "状态"],
           ["理论学习方面", "学习的系统性不够", "每月开展一次专题学习，形成学习记录。", "张三", "2026年6月底前"],
           [None, "学用结合不紧", "每季度开展一次学用交流。", "李四", "长期坚持"],
           ["服务群众方面", "调研不够经常", "每名党员每季度走访一次联系企业。", "王五", "2026年上半年", "持续推进"]]


def test_a_report_with_both_optional_parts_matches_its_golden_file(tmp_path: Path) -> None:
    from builders import make_workbook

    path = make_workbook(tmp_path, {"上年度整改": RECTIFIED, "整改清单": ACTIONS})
    out = make_document(path, tmp_path / "both.docx").path
    expected = [line.replace("\\n", "\n") for line in OPTIONAL.read_text(encoding="utf-8").splitlines()]
    assert document_paragraphs(out) == expected


def test_the_optional_parts_golden_file_has_the_standard_shape() -> None:
    paragraphs = [line.replace("\\n", "\n") for line in OPTIONAL.read_text(encoding="utf-8").splitlines()]
    assert [p for p in paragraphs if p[1:2] == "、"] == [
        "一、上年度问题整改情况", "二、存在的问题", "三、原因剖析", "四、下一步努力方向"]
    first = paragraphs.index("一、上年度问题整改情况")
    assert paragraphs[first + 1] == "上年度组织生活会查摆的问题共3项，已完成1项，其余2项持续推进。"
    note = paragraphs.index("附件：中共示例县统计局机关支部委员会2025年度组织生活会查摆问题整改清单")
    assert paragraphs[note + 1:note + 4] == ["中共示例县统计局机关支部委员会", "2026年1月20日", "附件"]
    assert paragraphs[note + 4] == "中共示例县统计局机关支部委员会\n2025年度组织生活会查摆问题整改清单"
    assert paragraphs[note + 5:note + 11] == ["序号", "问题", "整改措施", "责任人", "完成时限", "状态"]
