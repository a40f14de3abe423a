"""Streaming scan of a zip package: size limits, package kind, DOCTYPE, merged ranges, formulas."""

from __future__ import annotations

import functools

import codecs
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from typing import Callable, Iterator
from xml.parsers import expat

from ..errors import InputError

MAX_TOTAL_BYTES = 256 * 1024 * 1024  # declared (and actually inflated) size of all members
MAX_MEMBERS = 10_000
MAX_RATIO = 200  # compression ratio that is suspicious ...
RATIO_MIN_SIZE = 10 * 1024 * 1024  # ... for a member at least this large
MAX_MERGED_CELLS = 100_000  # openpyxl creates one object per cell a merged range covers
CHUNK = 64 * 1024
IMAGE_SUFFIXES = (".svg", ".svgz")
MAX_CARRY = 1024 * 1024  # longest element we keep across chunks while looking for mergeCell/f

_FORBIDDEN = (b"<!DOCTYPE", b"<!ENTITY")
_MERGE = re.compile(rb'<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref\s*=\s*["\']([A-Za-z]+)(\d+)(?::([A-Za-z]+)(\d+))?')
_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f[\s/>]")
_INTERESTING_START = re.compile(rb"<(?:[\w.-]+:)?(?:mergeCell|f)[\s/>]")
# What bounds the grid a worksheet spans (cells and rows, with or without an r="..." place), error cells
# (t="e") and Excel's _xHHHH_ escapes: readers differ on the last two, and a dense reader on the first.
# One match per cell or row; the groups are its place, empty when it has none.
_CELL = re.compile(rb"<(?:[\w.-]+:)?c(?=[\s/>])(?:\s[^>]*?\br\s*=\s*[\"']\$?([A-Za-z]+)\$?(\d+))?")
_ROW = re.compile(rb"<(?:[\w.-]+:)?row(?=[\s/>])(?:\s[^>]*?\br\s*=\s*[\"'](\d+))?")
_ERROR_CELL = re.compile(rb"<(?:[\w.-]+:)?c\s[^>]*?\bt\s*=\s*[\"']e[\"']")
_ESCAPE = re.compile(rb"_x[0-9A-Fa-f]{4}_")
_WORKBOOK_TYPE = re.compile(r"\.(sheet|template)(\.macroEnabled)?\.main\+xml$", re.IGNORECASE)
_DECLARED_ENCODING = re.compile(rb'\s*<\?xml[^>]*?encoding\s*=\s*["\']([^"\']+)')
# Encodings where "<!DOCTYPE" is the same bytes as in ASCII, or that we transcode first.
_SAFE_ENCODINGS = re.compile(r"(utf-?8|utf-?16(le|be)?|utf-?32(le|be)?|(us-)?ascii|iso-?8859-\d+|latin-?1|"
                             r"(windows|cp)-?125\d|gb2312|gbk|gb18030|big5)", re.IGNORECASE)
_BOMS = (  # longest first: the UTF-32 LE BOM begins with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"), (b"\x00\x00\x00<", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (b"<\x00", "utf-16-le"), (b"\x00<", "utf-16-be"),
)

KIND_NAMES = {"xlsx": "Excel 工作簿（.xlsx）", "docx": "Word 文档（.docx）"}
RESAVE = {"xlsx": "请用 Excel 打开后另存为 .xlsx 格式", "docx": "请用 Word 打开后另存为 .docx 格式"}


@dataclass(frozen=True)
class PackageFacts:
    """What the scan learned that openpyxl cannot tell in one pass."""

    kind: str
    # sheet name -> cells ("C7") holding a formula with no saved value
    formulas_without_value: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Largest number of cells a rectangle from A1 to the farthest cell of any one part spans (an upper
    # bound: cells without a place are counted as if each went one further), for readers that fill it.
    grid_cells: int = 0
    error_cells: bool = False  # some cell holds an error value (#DIV/0!)
    escapes: bool = False  # some text holds an _xHHHH_ escape, which readers decode differently
    placeless: bool = False  # some cell or row has no r="..." (Excel always writes one; readers differ)


def scan_zip(zf: zipfile.ZipFile, file: str, kind: str) -> PackageFacts:
    """Check every member of an open package; raise InputError on the first thing refused."""
    return _Scanner(zf, file, kind).run()


class _Scanner:
    """One pass over a zip: size limits, package kind, DOCTYPE, merged ranges, formula cells."""

    def __init__(self, zf: zipfile.ZipFile, file: str, kind: str) -> None:
        self.zf, self.file, self.kind = zf, file, kind
        self.inflated = 0
        self.merged_cells = 0
        self.formula_parts: set[str] = set()
        self.extents: dict[str, list[int]] = {}  # part -> [max row, max column, rows, placed rows, cells, placed]
        self.error_cells = self.escapes = False

    def refuse(self, message: str, hint: str = "") -> InputError:
        return InputError(message, file=self.file, hint=hint or RESAVE[self.kind])

    def run(self) -> PackageFacts:
        infos = self.zf.infolist()
        self._check_sizes(infos)
        self._check_kind({i.filename.lower(): i for i in infos})
        for info in infos:
            if not info.is_dir():
                self._scan_member(info)
        if self.kind == "xlsx" and self.merged_cells > MAX_MERGED_CELLS:
            raise self.refuse(f"工作簿中合并单元格的范围过大（共覆盖 {self.merged_cells:,} 个单元格）",
                              "请取消整行、整列或大片区域的合并，只合并需要的几个单元格后再保存")
        formulas = self._formulas_without_value() if self.kind == "xlsx" and self.formula_parts else {}
        grid = max(((top + rows - placed_rows) * (left + cells - placed)
                    for top, left, rows, placed_rows, cells, placed in self.extents.values()), default=0)
        placeless = any(e[2] != e[3] or e[4] != e[5] for e in self.extents.values())
        return PackageFacts(kind=self.kind, formulas_without_value=formulas, grid_cells=grid,
                            error_cells=self.error_cells, escapes=self.escapes, placeless=placeless)

    def _check_sizes(self, infos: list[zipfile.ZipInfo]) -> None:
        hint = "这不像是正常的工作簿或文档，可能是恶意构造的压缩包；请确认文件来源"
        if len(infos) > MAX_MEMBERS:
            raise self.refuse(f"文件内部包含的部件过多（{len(infos):,} 个）", hint)
        total = sum(i.file_size for i in infos)
        if total > MAX_TOTAL_BYTES:
            raise self.refuse(f"文件解压后过大（{total / 1024 / 1024:,.0f} MB）", hint)
        for info in infos:
            if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise self.refuse(f"文件内部部件 {info.filename} 的压缩比异常", hint)

    def _check_kind(self, names: dict[str, zipfile.ZipInfo]) -> None:
        is_word = "word/document.xml" in names or any(n.startswith("word/") for n in names)
        is_excel = any(n.startswith("xl/") for n in names)
        if "mimetype" in names and names["mimetype"].file_size < 200:
            mime = self.zf.read(names["mimetype"]).decode("ascii", "replace")
            if "opendocument" in mime:
                what = "OpenDocument 表格（.ods）" if "spreadsheet" in mime else "OpenDocument 文档（.odt 等）"
                raise self.refuse(f"这是 {what}，不是" + KIND_NAMES[self.kind])
        if self.kind == "xlsx":
            if is_word and not is_excel:
                raise self.refuse("这是 Word 文档，不是 Excel 工作簿",
                                  "请给出要读取的 Excel 工作簿（.xlsx）；导入旧文档请使用 docgen import")
            if "xl/workbook.bin" in names:
                raise self.refuse("这是二进制格式的 Excel 工作簿（.xlsb）", "请用 Excel 另存为 .xlsx 格式")
            if any(n.startswith("ppt/") for n in names) and not is_excel:
                raise self.refuse("这是 PowerPoint 演示文稿，不是 Excel 工作簿", "请给出 Excel 工作簿（.xlsx）")
            if not is_excel:
                raise self.refuse("这是一个普通的 zip 压缩包，不是 Excel 工作簿", "请解压后使用其中的 .xlsx 文件")
        else:
            if is_excel and not is_word:
                raise self.refuse("这是 Excel 工作簿，不是 Word 文档", "请给出 Word 文档（.docx）")
            if any(n.startswith("ppt/") for n in names) and not is_word:
                raise self.refuse("这是 PowerPoint 演示文稿，不是 Word 文档", "请给出 Word 文档（.docx）")
            if "word/document.xml" not in names:
                raise self.refuse("这是一个普通的 zip 压缩包，不是 Word 文档", "请解压后使用其中的 .docx 文件")

    def _chunks(self, info: zipfile.ZipInfo, first: int = CHUNK) -> "_ChunkIter":
        return _ChunkIter(self, info, first)

    def _scan_member(self, info: zipfile.ZipInfo) -> None:
        """Stream one part; anything that starts like XML is checked, the rest is left alone."""
        if info.filename.lower().endswith(IMAGE_SUFFIXES):
            return  # an SVG picture may carry a harmless DOCTYPE, and no library here parses it
        carry = b""
        decode: Callable[[bytes], bytes] | None = None
        for raw in self._chunks(info, first=512):
            if decode is None:
                decode = _transcoder(raw)
                if decode is None:
                    return
                if decode is _identity:
                    self._check_encoding(info, raw)
            data = decode(raw)
            window = carry + data
            for bad in _FORBIDDEN:
                if bad in window:
                    raise self.refuse(f"文件内部部件 {info.filename} 含有 XML 文档类型声明（DOCTYPE/ENTITY）",
                                      "正常的 Office 文件不会包含这种内容，可能是恶意构造的文件；请确认文件来源")
            cut = window.rfind(b"<")
            if cut < 0:
                cut = len(window)
            done, carry = window[:cut], window[cut:]
            if self.kind == "xlsx":
                self._count(info, done)
            if len(carry) > MAX_CARRY:
                if _INTERESTING_START.match(carry):
                    raise self.refuse(f"文件内部部件 {info.filename} 结构异常", RESAVE[self.kind])
                carry = carry[-16:]  # enough for a forbidden marker cut at the chunk edge
        if self.kind == "xlsx" and carry:
            self._count(info, carry)

    def _check_encoding(self, info: zipfile.ZipInfo, data: bytes) -> None:
        m = _DECLARED_ENCODING.match(data[:512])
        if m and not _SAFE_ENCODINGS.fullmatch(m.group(1).decode("ascii", "replace").strip()):
            raise self.refuse(f"文件内部部件 {info.filename} 使用了不支持的字符编码")

    def _count(self, info: zipfile.ZipInfo, data: bytes) -> None:
        for m in _MERGE.finditer(data):
            c1, r1, c2, r2 = m.groups()
            if c2 is None:
                continue
            cols = abs(_col_index(c2) - _col_index(c1)) + 1
            rows = abs(int(r2) - int(r1)) + 1
            self.merged_cells += cols * rows
        if info.filename not in self.formula_parts and _FORMULA.search(data):
            self.formula_parts.add(info.filename)
        self.escapes = self.escapes or _ESCAPE.search(data) is not None
        cells = _CELL.findall(data)
        rows = _ROW.findall(data)
        if not (cells or rows):
            return
        if not self.error_cells and (b'"e"' in data or b"'e'" in data):  # the regex only where it can match
            self.error_cells = _ERROR_CELL.search(data) is not None
        extent = self.extents.setdefault(info.filename, [0, 0, 0, 0, 0, 0])
        columns = {letters for letters, _ in cells if letters}
        if columns:
            extent[1] = max(extent[1], max(map(_col_index, columns)))
        numbers = {number for _, number in cells if number} | {number for number in rows if number}
        if numbers:
            extent[0] = max(extent[0], max(map(int, numbers)))
        extent[2] += len(rows)
        extent[3] += sum(1 for number in rows if number)
        extent[4] += len(cells)
        extent[5] += sum(1 for _, number in cells if number)

    def _formulas_without_value(self) -> dict[str, tuple[str, ...]]:
        """Sheet name -> cells with <f> and no <v>: a program wrote a formula but never calculated it."""
        found: dict[str, tuple[str, ...]] = {}
        for name, part in self._sheet_parts().items():
            if part in self.formula_parts:
                cells = self._uncalculated_cells(part)
                if cells:
                    found[name] = cells
        return found

    def _sheet_parts(self) -> dict[str, str]:
        """Sheet name -> worksheet part name, from the workbook part and its relationships."""
        workbook = "xl/workbook.xml"
        types = self._small_xml("[Content_Types].xml")
        if types is not None:
            for el in types:
                if _WORKBOOK_TYPE.search(el.get("ContentType", "")):
                    workbook = el.get("PartName", "").lstrip("/") or workbook
        base = posixpath.dirname(workbook)
        rels = self._small_xml(posixpath.join(base, "_rels", posixpath.basename(workbook) + ".rels"))
        book = self._small_xml(workbook)
        if rels is None or book is None:
            return {}
        targets = {}
        for rel in rels:
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
            targets[rel.get("Id")] = part
        sheets = {}
        for el in book.iter():
            if el.tag.rpartition("}")[2] == "sheet":
                rid = next((v for k, v in el.attrib.items() if k.rpartition("}")[2] == "id"), None)
                if rid in targets and el.get("name") is not None:
                    sheets[el.get("name")] = targets[rid]
        return sheets

    def _small_xml(self, name: str) -> ET.Element | None:
        """Parse a small part; every XML part has already passed the DOCTYPE check."""
        try:
            info = self.zf.getinfo(name)
        except KeyError:
            return None
        try:
            return ET.fromstring(b"".join(self._chunks(info)))
        except ET.ParseError as err:
            raise self.refuse(f"文件内部部件 {name} 已损坏", "请在 Excel 中打开并重新保存") from err

    def _uncalculated_cells(self, part: str) -> tuple[str, ...]:
        finder = _UncalculatedCells()
        try:
            for chunk in self._chunks(self.zf.getinfo(part)):
                finder.parser.Parse(chunk, False)
            finder.parser.Parse(b"", True)
        except expat.ExpatError as err:
            raise self.refuse(f"文件内部部件 {part} 已损坏", "请在 Excel 中打开并重新保存") from err
        return tuple(finder.cells)


class _UncalculatedCells:
    """Expat handlers finding <c> elements that hold an <f> but no saved <v> value.

    openpyxl and other writers save a formula with an empty <v></v>; an empty value only counts as
    saved when the cell is typed as a string result (t="str"), where "" is a real result.
    """

    def __init__(self) -> None:
        self.cells: list[str] = []
        self.row = 0
        self.col: int | None = 0
        self.ref = ""
        self.is_string = self.has_f = self.has_v = self.in_v = False
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.text

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2] if ":" in name else name
        if local == "c":
            self.has_f = self.has_v = False
            self.is_string = attrs.get("t") in ("str", "s", "inlineStr")
            ref = attrs.get("r")
            if ref:
                self.ref, self.col = ref, None
            else:  # positional cells: count from the previous one
                if self.col is None:
                    self.col = _col_index(self.ref.rstrip("0123456789") or "A")
                self.col += 1
                self.ref = f"{column_letters(self.col)}{self.row}"
        elif local == "row":
            r = attrs.get("r", "")
            self.row = int(r) if r.isdigit() else self.row + 1
            self.col = 0
        elif local == "f":
            self.has_f = True
        elif local == "v":
            self.in_v = True
            self.has_v = self.has_v or self.is_string

    def text(self, data: str) -> None:
        if self.in_v and data.strip():
            self.has_v = True

    def end(self, name: str) -> None:
        local = name.rpartition(":")[2] if ":" in name else name
        if local == "v":
            self.in_v = False
        elif local == "c" and self.has_f and not self.has_v:
            self.cells.append(self.ref)


class _ChunkIter:
    """Inflate one member in chunks, counting every byte against the archive-wide cap."""

    def __init__(self, scanner: _Scanner, info: zipfile.ZipInfo, first: int) -> None:
        self.scanner, self.info, self.first = scanner, info, first

    def __iter__(self) -> Iterator[bytes]:
        size = self.first
        with self.scanner.zf.open(self.info) as fh:
            while True:
                chunk = fh.read(size)
                if not chunk:
                    return
                size = CHUNK
                self.scanner.inflated += len(chunk)
                if self.scanner.inflated > MAX_TOTAL_BYTES:
                    raise self.scanner.refuse("文件解压后过大",
                                              "这不像是正常的工作簿或文档，可能是恶意构造的压缩包；请确认文件来源")
                yield chunk


def _identity(data: bytes) -> bytes:
    return data


def _transcoder(first: bytes) -> Callable[[bytes], bytes] | None:
    """UTF-8 passes through; UTF-16/32 parts are transcoded so one byte search covers every part."""
    for bom, encoding in _BOMS:
        if first.startswith(bom):
            decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
            return lambda data: decoder.decode(data).encode("utf-8")
    if first.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        return _identity
    return None  # not XML (an image, a binary part): nothing to check


def _col_index(letters: bytes | str) -> int:
    n = 0
    for ch in letters.upper() if isinstance(letters, str) else letters.decode("ascii").upper():
        n = n * 26 + ord(ch) - 64
    return n


@functools.lru_cache(maxsize=None)
def column_letters(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
