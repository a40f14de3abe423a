"""Streaming scan of a zip package: size limits, package kind, DOCTYPE, merged ranges, cells that readers differ on."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, TypeVar
from xml.parsers import expat

from ..errors import InputError
from . import package, scan_memo
from .cells import PLACE as _PLACE
from .encoding import SPACE as _SPACE
from .encoding import identity as _identity
from .encoding import transcoder as _transcoder
from .cells import UncalculatedCells, col_index, invalid_numbers, merged_cells

__all__ = ["KIND_NAMES", "MAX_TOTAL_BYTES", "PackageFacts", "RESAVE", "scan_zip"]
T = TypeVar("T")

MAX_TOTAL_BYTES = 256 * 1024 * 1024  # declared (and actually inflated) size of all members
MAX_MEMBERS = 10_000
MAX_RATIO = 200  # compression ratio that is suspicious ...
RATIO_MIN_SIZE = 10 * 1024 * 1024  # ... for a member at least this large
MAX_MERGED_CELLS = 100_000  # openpyxl creates one object per cell a merged range covers
CHUNK = 64 * 1024
MAX_CARRY = 1024 * 1024  # longest element we keep across chunks while looking for mergeCell/f
MAX_STRUCTURE_BYTES = 16 * 1024 * 1024  # a .rels, workbook or styles part parsed whole

_FORBIDDEN = (b"<!DOCTYPE", b"<!ENTITY")
_MERGE = re.compile(rb'<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref\s*=\s*(["\'])(.*?)\1', re.S)
_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f[\s/>]")
_INTERESTING_START = re.compile(rb"<(?:[\w.-]+:)?(?:mergeCell|f)[\s/>]")
# What bounds the grid a worksheet spans (cells and rows, with or without an r="..." place), error cells
# (t="e") and Excel's _xHHHH_ escapes: readers differ on the last two, and a dense reader on the first.
# One match per cell or row; the groups are its place, empty when it has none.
_CELL = re.compile(rb"<(?:[\w.-]+:)?c(?=[\s/>])(?:\s[^>]*?\br\s*=\s*[\"']\$?([A-Za-z]+)\$?(\d+))?")
_ROW = re.compile(rb"<(?:[\w.-]+:)?row(?=[\s/>])(?:\s[^>]*?\br\s*=\s*[\"'](\d+))?")
# The same without a namespace prefix, for a part that holds no ":c" (":row"), where no match has one: a
# pattern that starts with "<c" ("<row") is searched for as those bytes, the other is tried at every "<".
_PLAIN_CELL = re.compile(_CELL.pattern.replace(rb"(?:[\w.-]+:)?", b"", 1))
_PLAIN_ROW = re.compile(_ROW.pattern.replace(rb"(?:[\w.-]+:)?", b"", 1))
_ERROR_CELL = re.compile(rb"<(?:[\w.-]+:)?c\s[^>]*?\bt\s*=\s*[\"']e[\"']")
_ESCAPE = re.compile(rb"_x[0-9A-Fa-f]{4}_")
_CELL_START = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
_ROW_TAG = re.compile(rb"<(?:[\w.-]+:)?row\s([^>]*)>")
_HIDDEN = re.compile(rb"\bhidden\s*=\s*[\"'](?:1|true)[\"']")
_DECLARED_ENCODING = re.compile(rb'\s*<\?xml[^>]*?encoding\s*=\s*["\']([^"\']+)')
# Encodings where "<!DOCTYPE" is the same bytes as in ASCII, or that we transcode first.
_SAFE_ENCODINGS = re.compile(r"(utf-?8|utf-?16(le|be)?|utf-?32(le|be)?|(us-)?ascii|iso-?8859-\d+|latin-?1|"
                             r"(windows|cp)-?125\d|gb2312|gbk|gb18030|big5)", re.IGNORECASE)

KIND_NAMES = {"xlsx": "Excel 工作簿（.xlsx）", "docx": "Word 文档（.docx）"}
RESAVE = {"xlsx": "请用 Excel 打开后另存为 .xlsx 格式", "docx": "请用 Word 打开后另存为 .docx 格式"}
HOSTILE = "这不像是正常的工作簿或文档，可能是恶意构造的压缩包；请确认文件来源"


@dataclass(frozen=True)
class PackageFacts:
    """What the scan learned that a reader cannot tell in one pass."""

    kind: str
    # sheet name -> cells ("C7") holding a formula with no saved value
    formulas_without_value: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Largest number of cells a rectangle from A1 to the farthest cell of any one part spans (an upper
    # bound: cells without a place are counted as if each went one further), for readers that fill it.
    grid_cells: int = 0
    error_cells: bool = False  # some cell holds an error value (#DIV/0!)
    escapes: bool = False  # some text holds an _xHHHH_ escape, which readers decode differently
    placeless: bool = False  # some cell or row has no r="..." (Excel always writes one; readers differ)
    main_part: str = ""  # the document of a .docx, the workbook of an .xlsx (found by relationship)
    hidden_sheets: tuple[str, ...] = ()  # worksheets Excel does not show
    hidden_rows: dict[str, tuple[int, ...]] = field(default_factory=dict)  # sheet name -> hidden row numbers
    # sheet name -> {cell: what its <v> holds} for number cells whose value is no finite number (NaN)
    invalid_numbers: dict[str, dict[str, str]] = field(default_factory=dict)
    number_formats: tuple[tuple[int, str], ...] = ()  # (numFmtId, custom code) cells can be styled with
    inflated: int = 0  # bytes the scanned parts inflated to


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
        self.hidden_rows: dict[str, set[int]] = {}
        self.invalid: dict[str, dict[str, str]] = {}
        self.keep: set[str] = set()  # structure parts whose bytes are kept while scanning, to parse after
        self.kept: dict[str, bytes] = {}

    def refuse(self, message: str, hint: str = "") -> InputError:
        return InputError(message, file=self.file, hint=hint or RESAVE[self.kind])

    def run(self) -> PackageFacts:
        infos = [i for i in self.zf.infolist() if not i.is_dir()]
        self._check_sizes(infos)
        names = {i.filename: i for i in infos}
        # The structure parts first (scanned, then parsed): they say which part is what.
        structure = [i for i in infos if i.filename.endswith(".rels") or i.filename == "[Content_Types].xml"]
        self.keep = {i.filename for i in structure}
        for info in structure:
            self._scan_member(info)
        listed = [i.filename for i in structure]
        rels = list(self._parsed("rels", listed, lambda: tuple(package.relationships(listed, self._small_xml))))
        main = package.main_part(rels)
        if main is None or main not in names:  # no relationships: the usual place, for the kind check only
            main = next((n for n in ("word/document.xml", "xl/workbook.xml") if n in names), "")
        if self.kind == "xlsx":  # the workbook and its styles are parsed after the scan
            self.keep = {main} | {r.target for r in rels if r.source == main and r.type == package.STYLES}
        self._check_kind({n.lower(): i for n, i in names.items()}, main)
        # Every part is scanned whatever its name, except one that only pictures point at: no parser
        # here reads it as XML, and an SVG picture may carry a harmless DOCTYPE.
        pictures = package.pictures_only(rels)
        for info in infos:
            if info not in structure and info.filename not in pictures:
                self._scan_member(info)
        if self.kind == "xlsx" and self.merged_cells > MAX_MERGED_CELLS:
            raise self.refuse(f"工作簿中合并单元格的范围过大（共覆盖 {self.merged_cells:,} 个单元格）",
                              "请取消整行、整列或大片区域的合并，只合并需要的几个单元格后再保存")
        facts = PackageFacts(kind=self.kind, main_part=main, inflated=self.inflated, **self._cells())
        if self.kind == "xlsx":
            facts = self._workbook_facts(facts, main, rels)
        return facts

    def _cells(self) -> dict[str, object]:
        grid = max(((top + rows - placed_rows) * (left + cells - placed)
                    for top, left, rows, placed_rows, cells, placed in self.extents.values()), default=0)
        placeless = any(e[2] != e[3] or e[4] != e[5] for e in self.extents.values())
        return {"grid_cells": grid, "error_cells": self.error_cells, "escapes": self.escapes, "placeless": placeless}

    def _workbook_facts(self, facts: PackageFacts, main: str, rels: list[package.Relationship]) -> PackageFacts:
        sheets = self._parsed(("sheets", tuple(rels)), [main],
                              lambda: tuple(package.sheets(main, rels, self._small_xml)))
        by_part = {sheet.part: sheet.name for sheet in sheets}
        styles = next((r.target for r in rels if r.source == main and r.type == package.STYLES), None)
        formulas = {}
        for sheet in sheets:
            if sheet.part in self.formula_parts:
                cells = self._uncalculated_cells(sheet.part)
                if cells:
                    formulas[sheet.name] = cells
        return dataclasses.replace(
            facts, formulas_without_value=formulas,
            hidden_sheets=tuple(sheet.name for sheet in sheets if sheet.hidden),
            hidden_rows={by_part[p]: tuple(sorted(rows)) for p, rows in self.hidden_rows.items() if p in by_part},
            invalid_numbers={by_part[p]: cells for p, cells in self.invalid.items() if p in by_part},
            number_formats=self._parsed("formats", [styles] if styles else [], lambda: package.number_formats(
                self._small_xml(styles) if styles else None)))

    def _check_sizes(self, infos: list[zipfile.ZipInfo]) -> None:
        if len(infos) > MAX_MEMBERS:
            raise self.refuse(f"文件内部包含的部件过多（{len(infos):,} 个）", HOSTILE)
        total = sum(i.file_size for i in infos)
        if total > MAX_TOTAL_BYTES:
            raise self.refuse(f"文件解压后过大（{total / 1024 / 1024:,.0f} MB）", HOSTILE)
        for info in infos:
            if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise self.refuse(f"文件内部部件 {info.filename} 的压缩比异常", HOSTILE)

    def _check_kind(self, names: dict[str, zipfile.ZipInfo], main: str) -> None:
        is_word = main.lower().startswith("word/") or any(n.startswith("word/") for n in names)
        is_excel = main.lower().startswith("xl/") or any(n.startswith("xl/") for n in names)
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
            if not main:
                raise self.refuse("这是一个普通的 zip 压缩包，不是 Word 文档", "请解压后使用其中的 .docx 文件")

    def _chunks(self, info: zipfile.ZipInfo, first: int = CHUNK) -> "_ChunkIter":
        return _ChunkIter(self, info, first)

    def _scan_member(self, info: zipfile.ZipInfo) -> None:
        """Stream one part; anything that starts like XML (after any amount of space) is checked. A small
        part comes in one piece (zipfile never gives more than the declared size) and is counted whole,
        once, or its facts are taken from the memo of parts seen before with the same bytes; a large one
        streams, the first piece small so that the kind is known soon."""
        if info.file_size >= CHUNK:
            return self._scan_pieces(info, self._chunks(info, first=512))
        data = self._chunks(info).whole()
        if len(data) != info.file_size:
            return self._scan_pieces(info, [data])
        key = (self.kind, info.filename, info.filename in self.keep, data)
        counted = scan_memo.MEMO.get(key)
        if counted is None:
            fresh = _Scanner(self.zf, self.file, self.kind)
            fresh.keep = self.keep
            fresh._scan_pieces(info, [data])  # a refusal is raised here, and nothing is remembered
            counted = scan_memo.Counted.of(fresh, info.filename)
            scan_memo.MEMO.put(key, counted, len(data))
        counted.add_to(self, info.filename, data)

    def _scan_pieces(self, info: zipfile.ZipInfo, pieces: Iterable[bytes]) -> None:
        carry = b""
        decode: Callable[[bytes], bytes] | None = None
        start = b""
        kept = [] if info.filename in self.keep and info.file_size <= MAX_STRUCTURE_BYTES else None
        small, got = info.file_size < CHUNK, 0
        for raw in pieces:
            got += len(raw)
            if kept is not None:
                kept.append(raw)
            if decode is None:
                start += raw
                if not start.lstrip(_SPACE + b"\x00"):  # only space so far: what decides is still to come
                    start = start[:4] + start[4 + (len(start) - 4) // 2 * 2:]  # (keeping UTF-16's alignment)
                    continue
                decode = _transcoder(start)
                if decode is None:
                    return
                if decode is _identity:
                    self._check_encoding(info, start.lstrip(_SPACE))
                raw, start = start, b""
            data = decode(raw)
            window = carry + data
            for bad in _FORBIDDEN if b"!" in window else ():  # (one byte is searched for at memchr speed)
                if bad in window:
                    raise self.refuse(f"文件内部部件 {info.filename} 含有 XML 文档类型声明（DOCTYPE/ENTITY）",
                                      "正常的 Office 文件不会包含这种内容，可能是恶意构造的文件；请确认文件来源")
            cut = len(window) if small and got == info.file_size else self._cut(window)
            done, carry = window[:cut], window[cut:]
            if self.kind == "xlsx":
                self._count(info, done)
            if len(carry) > MAX_CARRY:
                if _INTERESTING_START.match(carry):
                    raise self.refuse(f"文件内部部件 {info.filename} 结构异常", RESAVE[self.kind])
                carry = carry[-16:]  # enough for a forbidden marker cut at the chunk edge
        if self.kind == "xlsx" and carry:
            self._count(info, carry)
        if kept is not None:
            self.kept[info.filename] = b"".join(kept)

    def _cut(self, window: bytes) -> int:
        """Where this window's counted part ends: before the last tag, which may be cut off; in a
        workbook before the last cell, so that a cell and its value are looked at in one piece."""
        cut = window.rfind(b"<")
        if self.kind == "xlsx" and cut >= 0:
            # rfind for the usual spellings; the regex only for a namespace prefix (<x:c ...>)
            cell = max(window.rfind(b"<c "), window.rfind(b"<c>"), window.rfind(b"<c/"))
            if window.find(b":c ", cell + 1) >= 0:
                found = [m.start() for m in _CELL_START.finditer(window, max(cell, 0))]
                cell = found[-1] if found else cell
            cut = cell if cell >= 0 else cut
        return len(window) if cut < 0 else cut

    def _check_encoding(self, info: zipfile.ZipInfo, data: bytes) -> None:
        m = _DECLARED_ENCODING.match(data[:512])
        if m and not _SAFE_ENCODINGS.fullmatch(m.group(1).decode("ascii", "replace").strip()):
            raise self.refuse(f"文件内部部件 {info.filename} 使用了不支持的字符编码")

    def _count(self, info: zipfile.ZipInfo, data: bytes) -> None:
        # Each pattern only where the literal every match of it holds is there: a plain search for bytes
        # is many times quicker than the pattern, and most parts (themes, styles, properties) hold none.
        # The patterns of tags are asked of the tags alone (see _markup): a sheet of long texts is mostly text.
        tags = _markup(data)
        if b"mergeCell" in tags:
            for m in _MERGE.finditer(data):
                self.merged_cells += merged_cells(m.group(2))
        if info.filename not in self.formula_parts and (b"<f" in tags or b":f" in tags) and _FORMULA.search(tags):
            self.formula_parts.add(info.filename)
        self.escapes = self.escapes or (b"_" in data and _ESCAPE.search(data) is not None)  # (in the text)
        cells = ((_CELL if b":c" in tags else _PLAIN_CELL).findall(tags) if b"<c" in tags or b":c" in tags
                 else [])
        rows = (_ROW if b":row" in tags else _PLAIN_ROW).findall(tags) if b"row" in tags else []
        if not (cells or rows):
            return
        if not self.error_cells and (b'"e"' in tags or b"'e'" in tags):  # the regex only where it can match
            self.error_cells = _ERROR_CELL.search(tags) is not None
        if b"hidden" in tags:
            self._hidden_rows(info.filename, tags)
        if b"v>" in tags:  # a value's tag: a quick look first, in invalid_numbers (which reads the text too)
            self._invalid_numbers(info.filename, data)
        extent = self.extents.setdefault(info.filename, [0, 0, 0, 0, 0, 0])
        columns = {letters for letters, _ in cells if letters}
        if columns:
            extent[1] = max(extent[1], max(map(col_index, columns)))
        numbers = {number for _, number in cells if number} | {number for number in rows if number}
        if numbers:
            extent[0] = max(extent[0], max(map(int, numbers)))
        extent[2] += len(rows)
        extent[3] += sum(1 for number in rows if number)
        extent[4] += len(cells)
        extent[5] += sum(1 for _, number in cells if number)

    def _hidden_rows(self, part: str, data: bytes) -> None:
        for m in _ROW_TAG.finditer(data):
            place = _PLACE.search(m.group(1))
            if _HIDDEN.search(m.group(1)) and place:
                self.hidden_rows.setdefault(part, set()).add(int(place.group(2)))

    def _invalid_numbers(self, part: str, data: bytes) -> None:
        for ref, value in invalid_numbers(data):
            self.invalid.setdefault(part, {})[ref] = value

    def _parsed(self, what: object, names: list[str], parse: Callable[[], T]) -> T:
        """parse() (of the structure parts `names`, to an immutable value), remembered by their kept bytes."""
        kept = tuple(self.kept.get(name) for name in names)
        if None in kept:  # a part not kept (not XML, too large) is read, and refused, by parse() itself
            return parse()
        key = (what, self.kind, tuple(names), kept)
        return scan_memo.MEMO.remembered(key, sum(map(len, kept)), parse)  # type: ignore[arg-type]

    def _small_xml(self, name: str) -> ET.Element | None:
        """Parse a structure part; every XML part has already passed the DOCTYPE check."""
        try:
            info = self.zf.getinfo(name)
        except KeyError:
            return None
        if info.file_size > MAX_STRUCTURE_BYTES:
            raise self.refuse(f"文件内部部件 {name} 过大", HOSTILE)
        try:
            data = self.kept.get(name)
            return ET.fromstring(data if data is not None else b"".join(self._chunks(info)))
        except ET.ParseError as err:
            raise self.refuse(f"文件内部部件 {name} 已损坏", RESAVE[self.kind]) from err

    def _uncalculated_cells(self, part: str) -> tuple[str, ...]:
        finder = UncalculatedCells()
        try:
            for chunk in self._chunks(self.zf.getinfo(part)):
                finder.parser.Parse(chunk, False)
            finder.parser.Parse(b"", True)
        except (expat.ExpatError, KeyError) as err:
            raise self.refuse(f"文件内部部件 {part} 已损坏", "请在 Excel 中打开并重新保存") from err
        return tuple(finder.cells)


_TAG = re.compile(rb"<[^>]*>?")
_TAGS_AT = 16 * 1024  # bytes from which a part's tags are taken out to be searched


def _markup(data: bytes) -> bytes:
    """The tags of `data`: every byte from each "<" to the next ">" (or the end), the text between left out;
    `data` itself when that would leave little out. Each pattern of _count whose matches it looks for
    there starts with "<" and reaches its literal before any ">", so it matches the tags where it matches
    the data, and a literal a match holds is in the tags. A sheet of long texts (a 30,000-character cell
    is 90 KB of text in a few tags) is then searched in its tags' few hundred bytes, not byte by byte."""
    if len(data) < _TAGS_AT or data.count(b"<") * 64 > len(data):
        return data
    return b"".join(_TAG.findall(data))


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
                    raise self.scanner.refuse("文件解压后过大", HOSTILE)
                yield chunk

    def whole(self) -> bytes:
        """A member under one chunk in one read (zipfile reads it to its end, and checks its CRC there)."""
        with self.scanner.zf.open(self.info) as fh:
            data = fh.read(CHUNK)
        self.scanner.inflated += len(data)
        if self.scanner.inflated > MAX_TOTAL_BYTES:
            raise self.scanner.refuse("文件解压后过大", HOSTILE)
        return data
