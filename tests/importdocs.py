"""Sample report text and builders of old .docx/.txt reports for the import tests."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from docgen.model import Aspect, Item, Meta, Point, Report

# ------------------------------------------------------------------ sample text (written for these tests)

TITLE = ("第三党支部2024年度组织生活会", "个人对照检查材料")
INTRO = "按照上级通知要求，本人认真开展学习，广泛征求意见，现将对照检查情况报告如下。"
ASPECT1 = "对照政治功能方面"
A1 = "一是理论武装不够及时。学习新文件往往停留在读原文，结合实际思考不多。二是宣传引导不够有力。对身边同事的思想动态关注较少。"
ASPECT2 = "对照作风建设方面"
A2 = "一是调查研究不够深入。下基层次数偏少。"
CAUSES = ("学习自觉性不够强。满足于完成规定动作。", "宗旨意识有所淡化。对群众诉求的回应不够主动。")
MEASURES = ("坚持学在经常。每周安排固定时间自学。", "改进工作作风。每月至少走访两个社区。")
ORG = "中共第三党支部委员会"

EXPECTED = Report(
    meta=Meta("\n".join(TITLE), ORG, dt.date(2025, 1, 20)),
    intro=(INTRO,),
    problems=(
        Aspect(ASPECT1, (Item("理论武装不够及时。", "学习新文件往往停留在读原文，结合实际思考不多。"),
                         Item("宣传引导不够有力。", "对身边同事的思想动态关注较少。"))),
        Aspect(ASPECT2, (Item("调查研究不够深入。", "下基层次数偏少。"),)),
    ),
    causes=(Point("学习自觉性不够强。", "满足于完成规定动作。"), Point("宗旨意识有所淡化。", "对群众诉求的回应不够主动。")),
    directions=(Point("坚持学在经常。", "每周安排固定时间自学。"), Point("改进工作作风。", "每月至少走访两个社区。")),
)


def standard_lines(date: str = "2025年1月20日") -> list[str]:
    return [*TITLE, INTRO, "一、存在的问题", f"（一）{ASPECT1}", A1, f"（二）{ASPECT2}", A2,
            "二、原因剖析", *(f"（{n}）{c}" for n, c in zip("一二", CAUSES)),
            "三、下一步努力方向", *(f"（{n}）{m}" for n, m in zip("一二", MEASURES)), ORG, date]


# ------------------------------------------------------------------ builders


def write_text(tmp_path: Path, lines: list[str], *, encoding: str = "utf-8", newline: str = "\n",
               name: str = "old.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(newline.join(lines).encode(encoding) + newline.encode(encoding))
    return path


def write_docx(tmp_path: Path, paragraphs: list, *, numbering: str = "", name: str = "old.docx",
               setup=None) -> Path:
    """paragraphs: str, or dict(text=str | list of runs, align=center/right, style=..., num=(numId, ilvl));
    numbering: <w:abstractNum>/<w:num> elements appended to numbering.xml."""
    document = docx.Document()
    if setup:
        setup(document)
    if numbering:
        root = document.part.numbering_part.element
        for el in parse_xml(f"<w:x {nsdecls('w')}>{numbering}</w:x>"):
            if el.tag == qn("w:abstractNum"):  # abstractNum elements must precede num elements
                nums = root.findall(qn("w:num"))
                (nums[0].addprevious(el) if nums else root.append(el))
            else:
                root.append(el)
    for spec in paragraphs:
        spec = {"text": spec} if isinstance(spec, str) else spec
        if spec.get("table"):
            table = document.add_table(rows=len(spec["table"]), cols=len(spec["table"][0]))
            for r, row in enumerate(spec["table"]):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
            continue
        p = document.add_paragraph(style=spec.get("style"))
        runs = spec["text"] if isinstance(spec["text"], list) else [spec["text"]]
        for run in runs:
            p.add_run(run)
        if spec.get("align"):
            p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}[spec["align"]]
        if spec.get("num"):
            num_id, ilvl = spec["num"]
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    path = tmp_path / name
    document.save(str(path))
    return path


def abstract_num(abs_id: int, *levels: tuple[str, str]) -> str:
    """levels: (numFmt, lvlText) for ilvl 0, 1, …"""
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:suff w:val="nothing"/></w:lvl>' for i, (fmt, text) in enumerate(levels))
    return f'<w:abstractNum w:abstractNumId="{abs_id}">{lvls}</w:abstractNum>'


def num(num_id: int, abs_id: int, restart_level: int | None = None) -> str:
    override = (f'<w:lvlOverride w:ilvl="{restart_level}"><w:startOverride w:val="1"/></w:lvlOverride>'
                if restart_level is not None else "")
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abs_id}"/>{override}</w:num>'


def chars(text: str) -> str:
    return re.sub(r"\s", "", text)
