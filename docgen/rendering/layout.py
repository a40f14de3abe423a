"""GB/T 9704-2012 page, paragraph and font settings for a report, and the font sets users choose from."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..errors import InputError

# --- Fonts -------------------------------------------------------------------------------------------

LATIN_FONT = "Times New Roman"

# Roles: fangsong = body and level-3/4 headings, kaiti = level-2 headings, heiti = level-1 headings,
# title = the 2号 title, song = page numbers.
FONT_SETS: dict[str, dict[str, str]] = {
    # What government offices install (the names the standard's typefaces go by in practice).
    "standard": {"fangsong": "仿宋_GB2312", "kaiti": "楷体_GB2312", "heiti": "黑体",
                 "title": "方正小标宋简体", "song": "宋体"},
    # A stock Windows: no *_GB2312 fonts and no 小标宋, so the title falls back to 宋体.
    "windows": {"fangsong": "仿宋", "kaiti": "楷体", "heiti": "黑体", "title": "宋体", "song": "宋体"},
}
DEFAULT_FONTS = "standard"
FONT_SET_LABELS = {"standard": "公文标准字体（仿宋_GB2312、楷体_GB2312、方正小标宋简体）",
                   "windows": "Windows 自带字体（仿宋、楷体、黑体、宋体）"}
_MAPPED_ROLES = ("fangsong", "kaiti", "heiti", "title")

# fontTable.xml facts: fallback name Word/WPS try when the font is missing, and its family/pitch.
FONT_TABLE: dict[str, tuple[str, str, str]] = {
    # name: (altName, family, pitch)
    "仿宋_GB2312": ("仿宋", "modern", "fixed"),
    "楷体_GB2312": ("楷体", "modern", "fixed"),
    "方正小标宋简体": ("宋体", "script", "variable"),
    "仿宋": ("FangSong", "modern", "fixed"),
    "楷体": ("KaiTi", "modern", "fixed"),
    "黑体": ("SimHei", "modern", "fixed"),
    "宋体": ("SimSun", "auto", "variable"),
}
GB2312_CHARSET = "86"


def font_set(fonts: str) -> dict[str, str]:
    """The role -> font name table of a font set; an unknown name is the user's error."""
    try:
        return FONT_SETS[fonts]
    except KeyError:
        choices = "、".join(f"{key}（{label}）" for key, label in FONT_SET_LABELS.items())
        raise InputError(f"未知的字体方案“{fonts}”", hint=f"可选：{choices}") from None


def font_mapping(fonts: str) -> dict[str, str]:
    """For each body/heading/title font name of any set, the name to use in set `fonts`.

    A name that stands for more than one role somewhere (宋体 is the stock-Windows title font and the
    page-number font everywhere) is left out: it cannot be mapped back without guessing.
    """
    target = font_set(fonts)
    roles_of: dict[str, set[str]] = {}
    for table in FONT_SETS.values():
        for role, name in table.items():
            roles_of.setdefault(name, set()).add(role)
    mapping: dict[str, str] = {}
    for table in FONT_SETS.values():
        for role in _MAPPED_ROLES:
            name = table[role]
            if len(roles_of[name]) == 1:
                mapping[name] = target[role]
    return mapping


# --- Page (twips: 1 pt = 20 twips, 1 mm = 56.7 twips) -----------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838  # A4
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 2098, 1984, 1587, 1474  # 37/35/28/26 mm
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 8845 = 156 mm
TEXT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM  # 12756 = 225 mm
LINE_PITCH = 579  # 28.95 pt: 22 lines fill the 225 mm 版心 (22 x 29 pt would give only 21)
HEADER_DISTANCE = 851  # 15 mm; the report has no header text, so this only has to be sane
# Where the page number goes: GB/T 9704 7.5 puts the em-dash line 7 mm below the 版心, i.e. 35 - 7 = 28 mm
# above the paper's bottom edge. Word measures the footer distance from the paper's edge to the bottom of
# the footer's last line. The footer line is 14 pt exact (280 twips, not snapped to the grid) and the em
# dash sits at the middle of the 宋体 em box, 7 pt (~2.5 mm) above the line's bottom. So the footer
# distance is 28 mm - 2.5 mm = 25.5 mm = 1446 twips.
FOOTER_DISTANCE = 1446
FOOTER_LINE = 280

# --- Sizes (half-points) and character widths -----------------------------------------------------

BODY_SIZE = 32  # 3号 16 pt
TITLE_SIZE = 44  # 2号 22 pt
PAGE_NUMBER_SIZE = 28  # 4号 14 pt
# 156 mm holds 27 characters of 16 pt; condensing each by 0.25 pt (-5 twentieths) fits 28 (28 x 315 twips
# = 8820 <= 8845).
CONDENSE = -5
CHAR = BODY_SIZE * 10  # one full-width character, in twips (640 = two characters, the standard indent)
PAGE_NUMBER_INDENT = 280  # one 14 pt character: "odd pages right, even pages left, one character space"


def text_width(text: str, size: int = BODY_SIZE, condense: int = CONDENSE, half: float = 0.5) -> int:
    """The approximate advance of `text` in twips: CJK/full-width characters one em (exact in any CJK
    font), others `half` an em (Times New Roman's digits; a substitute font may draw them wider)."""
    em = size * 10
    wide = sum(map(_WIDE.__contains__, map(unicodedata.east_asian_width, text)))  # (counted in C)
    return wide * (em + condense) + (len(text) - wide) * (round(em * half) + condense)


_WIDE = frozenset(("W", "F", "A"))  # the east-Asian widths text_width counts as one em


WIDE_DIGITS = 0.65  # an em: digits at least this wide in any font a date may fall back to (DejaVu: 0.64)


def signature_indents(signature: int, date: int, area: int = TEXT_WIDTH) -> tuple[int, int]:
    """The signature's right indent and the date's left indent (twips), GB/T 9704 7.3.5.2 (no seal), for a
    signature and a date `signature` and `date` twips wide in a text area `area` twips wide.

    The signature ends two characters from the right; the date starts two characters right of the
    signature's first character. When the date is the longer line, the date keeps the two-character
    right space and the signature moves right instead. The date is placed by its start, so how wide a
    font draws its digits cannot move it.
    """
    sig_right = 2 * CHAR
    date_left = area - sig_right - signature + 2 * CHAR
    if date_left + date > area - 2 * CHAR:  # the date would end within two characters of the edge
        date_left = area - 2 * CHAR - date
        sig_right = area - (date_left - 2 * CHAR) - signature
    return sig_right, date_left


# --- Paragraph kinds: one table drives the styles and the direct formatting ---------------------------


@dataclass(frozen=True)
class Kind:
    """A paragraph (or character) style of the report and the formatting it stands for."""

    style_id: str
    name: str
    role: str  # font role of its text
    size: int = BODY_SIZE
    jc: str = "both"
    first_line: bool = True  # two-character first-line indent
    right_chars: int = 0  # right indent in hundredths of a character
    before: int = 0
    after: int = 0
    line: int = LINE_PITCH
    outline: int | None = None
    keep_next: bool = False
    page_break_before: bool = False
    left_chars: int = 0  # left indent in hundredths of a character
    hanging_chars: int = 0  # hanging indent in hundredths of a character (instead of the first-line one)
    snap: bool = True  # snap lines to the document grid
    condense: bool = True
    based_on: str = "Normal"
    char_style: bool = False


NORMAL = Kind("Normal", "Normal", "fangsong", based_on="")
# Title lines are one grid pitch each (22 pt glyphs in a 28.95 pt line), but not snapped to the grid:
# LibreOffice/WPS give a line whose font is taller than the pitch two grid lines when it is snapped.
TITLE = Kind("Title", "Title", "title", size=TITLE_SIZE, jc="center", first_line=False, after=LINE_PITCH,
             snap=False, condense=False)
# Headings keep with the next paragraph, so a heading never ends a page alone; nothing else (no
# keepLines, no page break, no spacing) is inherited from Word's defaults.
HEADING1 = Kind("Heading1", "heading 1", "heiti", outline=0, keep_next=True)
HEADING2 = Kind("Heading2", "heading 2", "kaiti", outline=1, keep_next=True)
SIGNATURE = Kind("docgenSignature", "落款", "fangsong", jc="right", first_line=False, right_chars=200,
                 before=LINE_PITCH)
DATE = Kind("docgenDate", "成文日期", "fangsong", jc="right", first_line=False, right_chars=200)
HEADING_RUN = Kind("docgenHeadingRun", "小标题文字", "kaiti", based_on="DefaultParagraphFont",
                   char_style=True)

# --- The attachment (附件): GB/T 9704 7.3.4 and 8 ---------------------------------------------------
# 附件说明: a blank line under the body, two characters from the left, "附件：" then the name; a wrapped
# name lines up with its first character (left indent 2 + 3 characters, hanging 3).
ATTACHMENT_NOTE = Kind("docgenAttachmentNote", "附件说明", "fangsong", first_line=False, before=LINE_PITCH,
                       left_chars=500, hanging_chars=300)
# The attachment starts a new page with 附件 in 3号黑体 flush left on the first line; its title (the Title
# style) stands on the third line, so one blank line follows 附件.
ATTACHMENT_LABEL = Kind("docgenAttachmentLabel", "附件标注", "heiti", jc="left", first_line=False,
                        after=LINE_PITCH, page_break_before=True)
# The 整改清单 table: its six columns cannot hold 3号 text in the 156 mm 版心, so cells use 4号 (14 pt), a
# usual size for tables in 公文, with exact 20 pt lines that are not snapped to the 22-line grid.
TABLE_SIZE = 28  # 4号
TABLE_CHAR = TABLE_SIZE * 10  # one character of table text, in twips
TABLE_LINE = 400
TABLE_HEADER = Kind("docgenTableHeader", "表头", "heiti", size=TABLE_SIZE, jc="center", first_line=False,
                    line=TABLE_LINE, snap=False, condense=False)
TABLE_TEXT = Kind("docgenTableText", "表格文字", "fangsong", size=TABLE_SIZE, jc="both", first_line=False,
                  line=TABLE_LINE, snap=False, condense=False)
TABLE_CENTERED = Kind("docgenTableCentered", "表格文字居中", "fangsong", size=TABLE_SIZE, jc="center",
                      first_line=False, line=TABLE_LINE, snap=False, condense=False)
# A row naming the aspect of the rows below it; kept with the next row so it never ends a page alone.
TABLE_GROUP = Kind("docgenTableGroup", "表格分组", "kaiti", size=TABLE_SIZE, jc="left", first_line=False,
                   line=TABLE_LINE, snap=False, condense=False, keep_next=True)
# What closes the body after a table (a document must end with a paragraph): one twip-thin line.
END = Kind("docgenEnd", "文末", "fangsong", size=2, first_line=False, line=20, snap=False, condense=False)
# Columns of the table: (header, width in characters of table text). Whole characters, so a wrapped cell
# line never ends in a sliver; 完成时限 holds "2026年12月" on one line, 状态 "持续推进".
TABLE_COLUMNS = (("序号", 2), ("问题", 6), ("整改措施", 9), ("责任人", 3), ("完成时限", 5), ("状态", 4))
CELL_MARGIN = 50  # left and right padding of a cell, in twips
CELL_SLACK = 20  # room for the cell's borders, which LibreOffice takes from the text area
TABLE_BORDER = 4  # eighths of a point: 0.5 pt single lines


def column_widths() -> tuple[int, ...]:
    """The table's column widths in twips: whole characters of table text plus padding and borders."""
    return tuple(chars * TABLE_CHAR + 2 * CELL_MARGIN + CELL_SLACK for _, chars in TABLE_COLUMNS)


PARAGRAPH_KINDS = (NORMAL, TITLE, HEADING1, HEADING2, SIGNATURE, DATE, ATTACHMENT_NOTE, ATTACHMENT_LABEL,
                   TABLE_HEADER, TABLE_TEXT, TABLE_CENTERED, TABLE_GROUP, END)
KINDS = {k.style_id: k for k in (*PARAGRAPH_KINDS, HEADING_RUN)}


def rfonts_xml(east_asia: str, latin: str = LATIN_FONT) -> str:
    return f'<w:rFonts w:ascii="{latin}" w:eastAsia="{east_asia}" w:hAnsi="{latin}" w:cs="{latin}"/>'


def run_properties_xml(kind: Kind, fonts: str = DEFAULT_FONTS, *, style: bool = False) -> str:
    """The children of w:rPr for text of `kind` (children in schema order).

    On a style, bold is switched off explicitly (Word's heading styles are bold); a run under a
    character style gets w:rStyle too.
    """
    names = font_set(fonts)
    parts = []
    if kind.char_style and not style:
        parts.append(f'<w:rStyle w:val="{kind.style_id}"/>')
    parts.append(rfonts_xml(names[kind.role]))
    if style:
        parts.append('<w:b w:val="0"/><w:bCs w:val="0"/>')
    if kind.condense:
        parts.append(f'<w:spacing w:val="{CONDENSE}"/>')
    parts.append(f'<w:sz w:val="{kind.size}"/><w:szCs w:val="{kind.size}"/>')
    parts.append('<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>')
    return "".join(parts)


def paragraph_properties_xml(kind: Kind) -> str:
    """The children of w:pPr for a paragraph of `kind`, without w:pStyle (children in schema order)."""
    parts = []
    if kind.keep_next:
        parts.append("<w:keepNext/>")
    if kind.page_break_before:
        parts.append("<w:pageBreakBefore/>")
    # Widow control off: a page keeps all 22 lines instead of pushing one to the next page.
    parts.append('<w:widowControl w:val="0"/><w:kinsoku/>')
    parts.append("<w:snapToGrid/>" if kind.snap else '<w:snapToGrid w:val="0"/>')
    parts.append(f'<w:spacing w:before="{kind.before}" w:beforeLines="0" w:after="{kind.after}" '
                 f'w:afterLines="0" w:line="{kind.line}" w:lineRule="exact"/>')
    char = kind.size * 10
    if kind.hanging_chars:
        first = f'w:hangingChars="{kind.hanging_chars}" w:hanging="{kind.hanging_chars * char // 100}"'
    elif kind.first_line:
        first = 'w:firstLineChars="200" w:firstLine="640"'
    else:
        first = 'w:firstLineChars="0" w:firstLine="0"'
    right = kind.right_chars * CHAR // 100
    parts.append(f'<w:ind w:leftChars="{kind.left_chars}" w:left="{kind.left_chars * char // 100}" '
                 f'w:rightChars="{kind.right_chars}" w:right="{right}" {first}/>')
    parts.append(f'<w:jc w:val="{kind.jc}"/>')
    if kind.outline is not None:
        parts.append(f'<w:outlineLvl w:val="{kind.outline}"/>')
    return "".join(parts)
