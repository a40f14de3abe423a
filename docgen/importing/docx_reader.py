"""Read a .docx report into paragraphs: visible text, Word's automatic numbering, layout hints."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from lxml import etree

from ..errors import Finding, InputError
from ..files.docx_parts import R_NS, W_NS
from ..model import Source
from .alt_chunk import chunk_lines
from .numbering import MAX_LEVEL, Numbering, child_val, whole_number
from .paragraph import BLANK, Paragraph

_W = f"{{{W_NS}}}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Deleted revisions, moved-away text and the old copy of a text box are not part of what the reader sees.
_SKIP = {_W + "del", _W + "moveFrom", _W + "pPr", _W + "rPr", _MC_FALLBACK, _W + "txbxContent"}


@dataclass(frozen=True)
class _Style:
    name: str = ""
    based_on: str = ""
    jc: str | None = None
    num_id: str | None = None
    ilvl: int | None = None
    outline: int | None = None


class _Styles:
    """Paragraph styles with their basedOn chain resolved for the few properties we read."""

    def __init__(self, root: etree._Element | None) -> None:
        self.styles: dict[str, _Style] = {}
        self.default = ""
        if root is None:
            return
        for st in root.iter(_W + "style"):
            if st.get(_W + "type") not in (None, "paragraph", "numbering"):
                continue
            sid = st.get(_W + "styleId", "")
            ppr = st.find(_W + "pPr")
            num_id, ilvl = _num_pr(ppr)
            outline = child_val(ppr, "outlineLvl")
            self.styles[sid] = _Style(
                name=(child_val(st, "name") or "").lower(),
                based_on=child_val(st, "basedOn") or "",
                jc=child_val(ppr, "jc"),
                num_id=num_id, ilvl=ilvl,
                outline=whole_number(outline, MAX_LEVEL + 1),
            )
            if st.get(_W + "default") in ("1", "true", "on") and st.get(_W + "type") == "paragraph":
                self.default = sid

    def chain(self, sid: str) -> list[_Style]:
        out: list[_Style] = []
        seen: set[str] = set()
        sid = sid or self.default
        while sid and sid in self.styles and sid not in seen:  # a basedOn loop must not hang us
            seen.add(sid)
            out.append(self.styles[sid])
            sid = self.styles[sid].based_on
        return out

    def first(self, sid: str, attr: str) -> object:
        for st in self.chain(sid):
            value = getattr(st, attr)
            if value is not None:
                return value
        return None

    def numbering_styles(self) -> dict[str, str]:
        return {sid: st.num_id for sid, st in self.styles.items() if st.num_id}


def _num_pr(ppr: etree._Element | None) -> tuple[str | None, int | None]:
    numpr = None if ppr is None else ppr.find(_W + "numPr")
    if numpr is None:
        return None, None
    ilvl = child_val(numpr, "ilvl")
    return child_val(numpr, "numId"), whole_number(ilvl, MAX_LEVEL + 1)


def _run_text(el: etree._Element, out: list[str], boxes: list[str]) -> None:
    """Collect the visible text under el, in order; text boxes go to `boxes` (they float outside the flow)."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue  # comments and processing instructions
        if tag == _W + "txbxContent":
            box: list[str] = []
            _run_text(child, box, boxes)
            if "".join(box).strip(BLANK):
                boxes.append("".join(box).strip(BLANK))
            continue
        if tag in _SKIP:
            continue
        if tag == _W + "t":
            out.append(child.text or "")
        elif tag in (_W + "tab", _W + "ptab"):
            out.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            out.append("\n")
        elif tag == _W + "noBreakHyphen":
            out.append("-")
        elif tag == _W + "sym":
            code = child.get(_W + "char", "")
            if re.fullmatch(r"[0-9A-Fa-f]{2,4}", code):
                value = int(code, 16)
                out.append(chr(value - 0xF000 if value >= 0xF000 else value))
        elif tag == _W + "p":
            _run_text(child, out, boxes)
            out.append("\n")
        else:
            _run_text(child, out, boxes)


def _open_parts(path: Path, file: str) -> tuple[etree._Element, etree._Element | None, etree._Element | None,
                                               Callable[[str], list[str] | None]]:
    import docx  # python-docx reads the package and its relationships; we walk its lxml tree ourselves
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        document = docx.Document(str(path))
    except Exception as err:  # python-docx raises many types for a broken package; all mean the same here
        raise InputError("无法作为 Word 文档打开", file=file,
                         hint="请用 Word 打开该文件确认没有损坏，然后另存为 .docx 再导入") from err
    part = document.part
    styles = numbering = None
    for rel_type in (RT.STYLES, RT.NUMBERING):
        try:
            element = part.part_related_by(rel_type).element  # type: ignore[attr-defined]
        except (KeyError, AttributeError):
            element = None
        if rel_type == RT.STYLES:
            styles = element
        else:
            numbering = element

    def chunk(rel_id: str) -> list[str] | None:
        rel = part.rels.get(rel_id)
        if rel is None or rel.is_external:
            return None
        target = rel.target_part
        return chunk_lines(target.content_type, target.blob)

    return document.element.body, styles, numbering, chunk


def read_docx(path: Path, file: str) -> tuple[list[Paragraph], list[Finding]]:
    body, styles_root, numbering_root, chunk = _open_parts(path, file)
    styles = _Styles(styles_root)
    numbering = Numbering.parse(numbering_root, styles.numbering_styles())
    paragraphs: list[Paragraph] = []
    findings: list[Finding] = []
    tables = 0

    def where() -> Source:
        return Source(file=file, paragraph=paragraphs[-1].number if paragraphs else 0)

    def after() -> str:
        return f"第{paragraphs[-1].number}段之后" if paragraphs else "正文开头"

    def visit(container: etree._Element) -> None:
        nonlocal tables
        for el in container:
            if el.tag == _W + "p":
                _paragraph(el)
            elif el.tag == _W + "tbl":
                tables += 1
                _table(el, tables)
            elif el.tag == _W + "altChunk":
                _alt_chunk(el)
            elif el.tag in (_W + "sdt", _W + "customXml", _W + "sdtContent", _W + "ins", _W + "moveTo"):
                visit(el)

    def _table(table: etree._Element, n: int) -> None:
        """A table is read row by row: each row one paragraph, its cells' text joined by a space."""
        place, first = after(), len(paragraphs) + 1
        for row in table.iter(_W + "tr"):
            cells = []
            for cell in row.findall(_W + "tc"):
                chunks: list[str] = []
                _run_text(cell, chunks, [])
                text = " ".join(line.strip(BLANK) for line in "".join(chunks).split("\n") if line.strip(BLANK))
                if text:
                    cells.append(text)
            if cells:
                paragraphs.append(Paragraph(number=len(paragraphs) + 1, text=" ".join(cells)))
        if len(paragraphs) >= first:
            findings.append(Finding(
                "warning", Source(file=file, paragraph=first),
                f"{place}的表格（第{n}个表格）已按行导入为{_span(first, len(paragraphs))}，每行一段",
                hint="对照检查材料的正文不用表格：请核对这些内容在工作簿中的位置，需要的话移到相应的表中",
                code="table-rows"))

    def _alt_chunk(el: etree._Element) -> None:
        """Content Word shows from an embedded file (HTML, a web archive, text): read, with a warning."""
        place, first = after(), len(paragraphs) + 1
        lines = chunk(el.get(f"{{{R_NS}}}id", ""))
        for line in lines or ():
            paragraphs.append(Paragraph(number=len(paragraphs) + 1, text=line))
        if lines is None:
            findings.append(Finding("warning", where(), f"{place}嵌入了另一个文件的内容（altChunk），无法读取，没有导入",
                                    hint="请在 Word 中打开文档，把这部分内容复制为普通文字后另存，再导入",
                                    code="altchunk-ignored"))
        elif len(paragraphs) >= first:
            findings.append(Finding(
                "warning", Source(file=file, paragraph=first),
                f"{_span(first, len(paragraphs))}来自文档中嵌入的另一个文件（altChunk），已导入",
                hint="请核对这部分内容的分段和位置", code="altchunk"))

    def _paragraph(p: etree._Element) -> None:
        ppr = p.find(_W + "pPr")
        style_id = child_val(ppr, "pStyle") or ""
        chunks: list[str] = []
        boxes: list[str] = []
        _run_text(p, chunks, boxes)
        text = "".join(chunks).strip(BLANK)
        num_id, ilvl = _num_pr(ppr)
        if num_id is None:
            num_id = styles.first(style_id, "num_id")  # type: ignore[assignment]
            if ilvl is None and num_id:
                ilvl = styles.first(style_id, "ilvl")  # type: ignore[assignment]
                if ilvl is None:
                    ilvl = numbering.level_for_style(num_id, style_id or styles.default)
        label = numbering.label(num_id, ilvl or 0) if num_id else ""
        if text:
            jc = child_val(ppr, "jc") or styles.first(style_id, "jc")
            outline = child_val(ppr, "outlineLvl")
            level = whole_number(outline, MAX_LEVEL + 1)
            level = styles.first(style_id, "outline") if level is None else level
            names = [st.name for st in styles.chain(style_id)]
            heading = next((int(n[-1]) for n in names if re.fullmatch(r"heading [1-9]", n)), 0)
            if not heading and isinstance(level, int) and level < 9:
                heading = level + 1
            paragraphs.append(Paragraph(
                number=len(paragraphs) + 1, text=label + text,
                centered=jc == "center", right=jc in ("right", "end"),
                title_style=any(n in ("title", "subtitle", "标题", "副标题") for n in names[:1]),
                heading=heading,
            ))
        for box in boxes:
            findings.append(Finding("warning", where(), f"{after()}的文本框中的文字没有导入：“{_preview(box)}”",
                                    hint="请把文本框里的文字直接写进正文后再导入，或导入后补到工作簿中",
                                    code="textbox-ignored"))

    visit(body)
    if not paragraphs:
        raise InputError("文档正文里没有文字", file=file,
                         hint="请确认选对了文件；正文全在文本框里的文档无法导入")
    return paragraphs, findings


def _span(first: int, last: int) -> str:
    return f"第{first}段" if first == last else f"第{first}段至第{last}段"


def _preview(text: str, limit: int = 30) -> str:
    flat = re.sub(r"\s+", " ", text)
    return flat if len(flat) <= limit else flat[:limit] + "…"
