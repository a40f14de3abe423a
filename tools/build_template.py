"""Build the default report template (templates/branch.docx) with python-docx, reproducibly.

A build tool, not part of docgen's runtime: run `python tools/build_template.py [OUT.docx]` after changing
docgen/rendering/layout.py, and commit the result; a test rebuilds it and compares the bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402
from docx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls, qn  # noqa: E402
from docx.shared import Twips  # noqa: E402

from docgen.files.docx_parts import read_docx_parts, write_docx_parts  # noqa: E402
from docgen.rendering import layout as L  # noqa: E402

FIXED_TIME = dt.datetime(2024, 1, 1, 0, 0, 0, tzinfo=dt.timezone.utc)
# Default-template parts nobody needs: a stale preview image, Word 2010's duplicate style sheet (full
# of theme fonts), the bibliography custom XML and bullet definitions naming Symbol/Wingdings.
_DROP_RELTYPES = {
    RT.THUMBNAIL,
    RT.NUMBERING,
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    RT.CUSTOM_XML,
}
_THEME_ATTRS = ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme")

TABLE = "table"  # stands in BODY for the 整改清单 table
# (style id, docxtpl tags of the runs); a tuple of two tags is a heading run + text run paragraph.
BODY: list[tuple[str, str | tuple[str, str]]] = [
    ("Title", "{{ title }}"),
    ("Normal", "{%p for para in intro %}"),
    ("Normal", "{{ para }}"),
    ("Normal", "{%p endfor %}"),
    # Every part in order (上年度问题整改情况 when present, 存在的问题, 原因剖析, 下一步努力方向, and any
    # extra part where it stands): problems carry aspects, the others paragraphs of a heading run and text.
    ("Normal", "{%p for part in parts %}"),
    ("Heading1", "{{ part.heading }}"),
    ("Normal", "{%p for aspect in part.aspects %}"),
    ("Heading2", "{{ aspect.heading }}"),
    ("Normal", "{{ aspect.text }}"),
    ("Normal", "{%p endfor %}"),
    ("Normal", "{%p for point in part.points %}"),
    ("Normal", ("{{ point.heading }}", "{{ point.text }}")),
    ("Normal", "{%p endfor %}"),
    ("Normal", "{%p endfor %}"),
    # 附件说明 under the body when there is a 整改清单 (GB/T 9704 7.3.4), then the signature and date.
    ("Normal", "{%p if attachment %}"),
    ("docgenAttachmentNote", "附件：{{ attachment.name }}"),
    ("Normal", "{%p endif %}"),
    ("Normal", "{%p for line in signature %}"),
    ("docgenSignature", "{{ line }}"),
    ("Normal", "{%p endfor %}"),
    ("docgenDate", "{{ date }}"),
    # The attachment on a page of its own: 附件, its title, the table (built by _attachment_table).
    ("Normal", "{%p if attachment %}"),
    ("docgenAttachmentLabel", "附件"),
    ("Title", "{{ attachment.title }}"),
    (TABLE, ""),
    ("docgenEnd", ""),
    ("Normal", "{%p endif %}"),
]


def build_template(path: Path) -> None:
    doc = Document()
    _set_styles(doc)
    _set_section(doc)
    _set_footers(doc)
    _write_body(doc)
    _set_settings(doc)
    _set_core_properties(doc)
    _drop_unused_parts(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    parts = [(name, font_table_xml() if name == "word/fontTable.xml" else data)
             for name, data in read_docx_parts(buffer.getvalue())]
    write_docx_parts(Path(path), parts)


def _style_xml(kind: L.Kind) -> str:
    kind_type = "character" if kind.char_style else "paragraph"
    custom = ' w:customStyle="1"' if kind.style_id.startswith("docgen") else ""
    default = ' w:default="1"' if kind is L.NORMAL else ""
    based = f'<w:basedOn w:val="{kind.based_on}"/>' if kind.based_on else ""
    nxt = "" if kind.char_style else '<w:next w:val="Normal"/>'
    ppr = "" if kind.char_style else f"<w:pPr>{L.paragraph_properties_xml(kind)}</w:pPr>"
    rpr = f"<w:rPr>{L.run_properties_xml(kind, style=True)}</w:rPr>"
    return (f'<w:style {nsdecls("w")} w:type="{kind_type}"{default}{custom} w:styleId="{kind.style_id}">'
            f'<w:name w:val="{kind.name}"/>{based}{nxt}<w:qFormat/>{ppr}{rpr}</w:style>')


def _footer_style_xml(style_id: str, name: str) -> str:
    # Header/footer lines are not snapped to the body grid, so their height is exactly 14 pt.
    return (f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr>'
            f'<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="{L.FOOTER_LINE}" '
            f'w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/></w:pPr>'
            f"<w:rPr>{_page_number_rpr()}</w:rPr></w:style>")


def _page_number_rpr() -> str:
    song = L.FONT_SETS["standard"]["song"]
    # 宋体 for the digits too: the standard asks for half-width 宋体 numerals.
    return (f'<w:rFonts w:ascii="{song}" w:eastAsia="{song}" w:hAnsi="{song}" w:cs="{song}"/>'
            f'<w:sz w:val="{L.PAGE_NUMBER_SIZE}"/><w:szCs w:val="{L.PAGE_NUMBER_SIZE}"/>'
            '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>')


def _set_styles(doc) -> None:
    styles = doc.styles.element
    keep = {"DefaultParagraphFont", "TableNormal", "NoList"}
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in keep:
            styles.remove(style)
    for kind in (*L.PARAGRAPH_KINDS, L.HEADING_RUN):
        styles.append(parse_xml(_style_xml(kind)))
    styles.append(parse_xml(_footer_style_xml("Header", "header")))
    styles.append(parse_xml(_footer_style_xml("Footer", "footer")))
    defaults = styles.find(qn("w:docDefaults"))
    defaults.getparent().replace(defaults, parse_xml(
        f'<w:docDefaults {nsdecls("w")}><w:rPrDefault><w:rPr>'
        f'{L.rfonts_xml(L.FONT_SETS["standard"]["fangsong"])}'
        f'<w:sz w:val="{L.BODY_SIZE}"/><w:szCs w:val="{L.BODY_SIZE}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        "</w:pPrDefault></w:docDefaults>"))
    _strip_theme_fonts(styles)


def _strip_theme_fonts(root) -> None:
    """Theme font attributes override explicit names in Word; none may survive."""
    for rfonts in root.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            rfonts.attrib.pop(qn(f"w:{attr}"), None)


def _set_section(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Twips(L.PAGE_WIDTH), Twips(L.PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Twips(L.MARGIN_TOP), Twips(L.MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Twips(L.MARGIN_LEFT), Twips(L.MARGIN_RIGHT)
    section.header_distance, section.footer_distance = Twips(L.HEADER_DISTANCE), Twips(L.FOOTER_DISTANCE)
    section.gutter = Twips(0)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    grid.attrib.clear()
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(L.LINE_PITCH))


def _page_number_runs() -> list:
    rpr = f"<w:rPr>{_page_number_rpr()}</w:rPr>"

    def run(inner: str) -> object:
        return parse_xml(f'<w:r {nsdecls("w")}>{rpr}{inner}</w:r>')

    return [
        run('<w:t xml:space="preserve">\u2014 </w:t>'),
        run('<w:fldChar w:fldCharType="begin"/>'),
        run('<w:instrText xml:space="preserve"> PAGE </w:instrText>'),
        run('<w:fldChar w:fldCharType="separate"/>'),
        run("<w:t>1</w:t>"),
        run('<w:fldChar w:fldCharType="end"/>'),
        run('<w:t xml:space="preserve"> \u2014</w:t>'),
    ]


def _set_footers(doc) -> None:
    section = doc.sections[0]
    for footer, jc, ind in ((section.footer, "right", "right"), (section.even_page_footer, "left", "left")):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]._p
        p.remove(p.pPr)
        p.append(parse_xml(
            f'<w:pPr {nsdecls("w")}><w:pStyle w:val="Footer"/><w:snapToGrid w:val="0"/>'
            f'<w:spacing w:before="0" w:after="0" w:line="{L.FOOTER_LINE}" w:lineRule="exact"/>'
            f'<w:ind w:{ind}="{L.PAGE_NUMBER_INDENT}" w:firstLineChars="0" w:firstLine="0"/>'
            f'<w:jc w:val="{jc}"/></w:pPr>'))
        for r in _page_number_runs():
            p.append(r)
    # An empty header of each kind keeps the odd/even switch complete in every office suite.
    for header in (section.header, section.even_page_header):
        header.is_linked_to_previous = False


def _paragraph_xml(style_id: str, tags: str | tuple[str, str], ns: str = "", *, direct: bool = True) -> str:
    """A paragraph of the style; with `direct`, its formatting written out on the paragraph and its runs
    too. Table cells carry the style alone: the table's many cells would otherwise double the template,
    and docxtpl's clean-up and Jinja's compiling, which every run pays, grow faster than it."""
    kind = L.KINDS[style_id]
    runs = [(kind, tags)] if isinstance(tags, str) else [(L.HEADING_RUN, tags[0]), (kind, tags[1])]
    xml_runs = "".join(
        (f"<w:r><w:rPr>{L.run_properties_xml(k)}</w:rPr>" if direct else "<w:r>")
        + f'<w:t xml:space="preserve">{text}</w:t></w:r>' for k, text in runs if text)
    ppr = L.paragraph_properties_xml(kind) if direct else ""
    return f'<w:p{ns}><w:pPr><w:pStyle w:val="{style_id}"/>{ppr}</w:pPr>{xml_runs}</w:p>'


def _write_body(doc) -> None:
    body = doc.element.body
    sect_pr = body.find(qn("w:sectPr"))
    for style_id, tags in BODY:
        if style_id == TABLE:
            sect_pr.addprevious(parse_xml(_attachment_table()))
        else:
            sect_pr.addprevious(parse_xml(_paragraph_xml(style_id, tags, f" {nsdecls('w')}")))


def _cell(width: int, style_id: str, text: str, span: int = 1) -> str:
    span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span_xml}<w:vAlign w:val="center"/></w:tcPr>'
            f"{_paragraph_xml(style_id, text, direct=False)}</w:tc>")


def _row(cells: str, *, header: bool = False) -> str:
    # No row ever splits across pages; the header row repeats at the top of every page of the table.
    return f'<w:tr><w:trPr><w:cantSplit/>{"<w:tblHeader/>" if header else ""}</w:trPr>{cells}</w:tr>'


def _tag_row(tag: str, width: int) -> str:
    """A row holding only a docxtpl row tag ({%tr ... %}); docxtpl replaces the whole row by the tag."""
    return _row(_cell(width, "docgenTableText", tag, len(L.TABLE_COLUMNS)))


def _attachment_table() -> str:
    """The 整改清单: a header row repeated on every page, a row per aspect (when the list names aspects)
    followed by its rows, numbered through; fixed column widths in whole characters, 0.5 pt borders."""
    widths = L.column_widths()
    total = sum(widths)
    border = f'w:val="single" w:sz="{L.TABLE_BORDER}" w:space="0" w:color="auto"'
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    borders = "".join(f"<w:{side} {border}/>" for side in sides)
    margins = f'<w:left w:w="{L.CELL_MARGIN}" w:type="dxa"/><w:right w:w="{L.CELL_MARGIN}" w:type="dxa"/>'
    header = "".join(_cell(width, "docgenTableHeader", name)
                     for width, (name, _) in zip(widths, L.TABLE_COLUMNS))
    centred = ("docgenTableCentered", "docgenTableText", "docgenTableText", "docgenTableCentered",
               "docgenTableCentered", "docgenTableCentered")
    fields = ("number", "problem", "measure", "person", "deadline", "status")
    data = "".join(_cell(width, style, f"{{{{ row.{name} }}}}")
                   for width, style, name in zip(widths, centred, fields))
    rows = [
        _row(header, header=True),
        _tag_row("{%tr for group in attachment.groups %}", total),
        _tag_row("{%tr if group.aspect %}", total),
        _row(_cell(total, "docgenTableGroup", "{{ group.aspect }}", len(L.TABLE_COLUMNS))),
        _tag_row("{%tr endif %}", total),
        _tag_row("{%tr for row in group.rows %}", total),
        _row(data),
        _tag_row("{%tr endfor %}", total),
        _tag_row("{%tr endfor %}", total),
    ]
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    return (f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/>'
            f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            f'<w:tblCellMar>{margins}</w:tblCellMar><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" '
            'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
            f'<w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')


def _set_settings(doc) -> None:
    settings = doc.settings
    settings.odd_and_even_pages_header_footer = True
    lang = settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


def _set_core_properties(doc) -> None:
    props = doc.core_properties
    props.title = "对照检查材料"
    props.author = "docgen"
    props.last_modified_by = "docgen"
    props.comments = ""
    props.created = FIXED_TIME.replace(tzinfo=None)
    props.modified = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1


def _drop_unused_parts(doc) -> None:
    for owner in (doc.part.package, doc.part):
        for rid, rel in list(owner.rels.items()):
            if rel.reltype in _DROP_RELTYPES:
                del owner.rels[rid]


def font_table_xml() -> bytes:
    """fontTable.xml: every font the template names, with fallbacks Word and WPS substitute by."""
    entries = [f'<w:font w:name="{L.LATIN_FONT}"><w:panose1 w:val="02020603050405020304"/>'
               '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>']
    for name, (alt, family, pitch) in L.FONT_TABLE.items():
        entries.append(f'<w:font w:name="{name}"><w:altName w:val="{alt}"/>'
                       f'<w:charset w:val="{L.GB2312_CHARSET}"/><w:family w:val="{family}"/>'
                       f'<w:pitch w:val="{pitch}"/></w:font>')
    xml = (f"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
           f'<w:fonts {nsdecls("w")}>{"".join(entries)}</w:fonts>')
    return xml.encode("utf-8")


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "templates" / "branch.docx"
    build_template(target)
    print(target)
