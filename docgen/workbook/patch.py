"""check --fix: a copy of the workbook package with only the fixed cells' XML changed, every other part
and every other cell byte for byte as it was (images, comments, styles, widths, validation survive)."""

from __future__ import annotations

import html
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Mapping

from ..errors import InputError
from ..files import package
from ..files.atomic import atomic_write
from ..files.cells import col_index
from ..files.provenance import stamp_comment
from ..files.safety import inspect_package
from ..text.edits import Edit, carry_edits
from .schema import MAX_CELL_CHARS

SHARED_STRINGS = f"{package.REL_NS}/sharedStrings"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CELL = re.compile(r'<((?:[\w.-]+:)?c)\b([^>]*?)(/>|>(.*?)</\1>)', re.S)
_REF = re.compile(r'\br\s*=\s*["\']\$?([A-Za-z]+)\$?(\d+)["\']')
_TYPE = re.compile(r'\s\bt\s*=\s*["\'][^"\']*["\']')
_FORMULA = re.compile(r"<(?:[\w.-]+:)?f[\s/>]")
_INLINE_TEXT = re.compile(r"<(?:[\w.-]+:)?t\b[^>]*?(?:/>|>(.*?)</(?:[\w.-]+:)?t>)", re.S)
_PHONETIC = re.compile(r"<(?:[\w.-]+:)?rPh\b.*?</(?:[\w.-]+:)?rPh>", re.S)
_VALUE = re.compile(r"<(?:[\w.-]+:)?v>(.*?)</(?:[\w.-]+:)?v>", re.S)

# (sheet, cell) -> (the cell's text as the reader made it, the edits of its fixes in that text), or the
# cell's whole new text
Fixes = Mapping[tuple[str, str], "tuple[str, list[Edit]] | str"]
_MERGE = re.compile(r'<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref\s*=\s*["\']\$?([A-Za-z]+)\$?(\d+):\$?([A-Za-z]+)\$?(\d+)["\']')


def write_fixes(src: Path, out: Path, fixes: Fixes) -> list[str]:
    """Write a copy of `src` to `out` with each cell's fixes made in the text as typed; `src` is not
    touched. The cells whose fixes could not all be made (a formula, a number, text the edits do not
    fit) are left as they were and returned ("存在的问题!C7"), so nothing is ever made worse."""
    src, out = Path(src), Path(out)
    facts = inspect_package(src, "xlsx")
    try:
        with zipfile.ZipFile(src) as zf:
            infos = [info for info in zf.infolist() if not info.is_dir()]
            data = {info.filename: zf.read(info) for info in infos}
    except (OSError, zipfile.BadZipFile) as err:
        raise InputError("无法读取工作簿", file=str(src), hint="请检查文件是否可以打开") from err
    rels = package.relationships([n for n in data if n.endswith(".rels")], lambda n: _parse(data, n))
    sheets = {sheet.name.strip(): sheet.part for sheet in package.sheets(facts.main_part, rels,
                                                                          lambda n: _parse(data, n))}
    strings_part = next((r.target for r in rels if r.source == facts.main_part and r.type == SHARED_STRINGS), None)
    strings = _shared_strings(data.get(strings_part, b"")) if strings_part else []
    left: list[str] = []
    by_part: dict[str, dict[str, tuple[str, list[Edit]] | str]] = {}
    for (sheet, ref), fix in fixes.items():
        part = sheets.get(sheet.strip())
        if part is None or part not in data:
            raise InputError(f"找不到工作表“{sheet}”", file=str(src), hint="工作簿在检查之后被修改过，请重新运行检查")
        by_part.setdefault(part, {})[ref.upper()] = fix
    changed = {}
    for part, cells in by_part.items():
        xml = data[part].decode("utf-8")
        for ref in cells:
            if _inside_merge(xml, ref):
                sheet = next(s for s, p in sheets.items() if p == part)
                raise InputError(f"{sheet}!{ref} 是合并单元格的一部分，无法自动修改", file=str(src),
                                 hint="请手工修改这个单元格")
        xml, missed = _patch_sheet(xml, cells, strings)
        changed[part] = xml.encode("utf-8")
        name = next(s for s, p in sheets.items() if p == part)
        left += [f"{name}!{ref}" for ref in missed]
    buffer = io.BytesIO()
    written = [(info.filename, changed.get(info.filename, data[info.filename])) for info in infos]
    with zipfile.ZipFile(buffer, "w") as zf:
        for info, (_, part) in zip(infos, written):
            zf.writestr(info, part)
        stamp_comment(zf, written)  # every part stays the user's; what docgen wrote goes in the comment
    atomic_write(out, buffer.getvalue())
    return left


def _parse(data: dict[str, bytes], name: str) -> ET.Element | None:
    return ET.fromstring(data[name]) if name in data else None  # every part passed the scan first


def _shared_strings(xml: bytes) -> list[str]:
    """Each shared string's text as typed (phonetic guides left out), escapes such as _x000D_ kept."""
    found = []
    for si in ET.fromstring(xml).iter(f"{_MAIN}si"):
        texts = []
        for child in si:  # <t>, or runs <r><t>; <rPh> phonetic guides are not the text
            if child.tag == f"{_MAIN}t":
                texts.append(child.text or "")
            elif child.tag == f"{_MAIN}r":
                texts += [t.text or "" for t in child.iter(f"{_MAIN}t")]
        found.append("".join(texts))
    return found


def _inside_merge(xml: str, ref: str) -> bool:
    """Whether `ref` is covered by a merged range without being its first cell (which holds the text)."""
    place = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    if place is None or "mergeCell" not in xml:
        return False
    column, row = col_index(place.group(1)), int(place.group(2))
    for m in _MERGE.finditer(xml):
        c1, r1, c2, r2 = col_index(m.group(1)), int(m.group(2)), col_index(m.group(3)), int(m.group(4))
        if min(c1, c2) <= column <= max(c1, c2) and min(r1, r2) <= row <= max(r1, r2) and \
                (column, row) != (min(c1, c2), min(r1, r2)):
            return True
    return False


def _patch_sheet(xml: str, cells: dict[str, tuple[str, list[Edit]] | str],
                 strings: list[str]) -> tuple[str, list[str]]:
    """The worksheet XML with each fixed cell rewritten as an inline string; the cells left as they were."""
    missed = set(cells)

    def rewrite(m: re.Match[str]) -> str:
        place = _REF.search(m.group(2))
        ref = f"{place.group(1).upper()}{place.group(2)}" if place else ""
        if ref not in cells:
            return m.group(0)
        fix = cells[ref]
        if isinstance(fix, str):  # the whole new text
            fixed = fix
        else:
            typed = _typed_text(m.group(2), m.group(4) or "", strings)
            if typed is None:
                return m.group(0)
            fixed, skipped = carry_edits(typed, *fix)
            if skipped:
                return m.group(0)
        if len(fixed) > MAX_CELL_CHARS:
            return m.group(0)
        missed.discard(ref)
        attributes = _TYPE.sub("", m.group(2)).rstrip()
        text = html.escape(fixed, quote=False)
        return f'<{m.group(1)}{attributes} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></{m.group(1)}>'

    return _CELL.sub(rewrite, xml), sorted(missed)


def _typed_text(attributes: str, inner: str, strings: list[str]) -> str | None:
    """A text cell's text as typed; None for a formula, a number or anything else that is no plain text."""
    if _FORMULA.search(inner):
        return None
    kind = re.search(r'\bt\s*=\s*["\']([^"\']*)["\']', attributes)
    kind_name = kind.group(1) if kind else "n"
    if kind_name == "s":
        value = _VALUE.search(inner)
        index = value.group(1).strip() if value else ""
        return strings[int(index)] if index.isdigit() and int(index) < len(strings) else None
    if kind_name == "inlineStr":
        body = _PHONETIC.sub("", inner)
        return html.unescape("".join(t or "" for t in _INLINE_TEXT.findall(body)))
    return None

