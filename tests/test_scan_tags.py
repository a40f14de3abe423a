"""The scan asks the patterns of tags of a part's tags alone (files/scan.py, _markup): what it learns and
what it refuses are what it learns and refuses asking them of the whole part."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest
from builders import make_workbook

from docgen.errors import InputError
from docgen.files import scan, scan_memo

SHEET = "xl/worksheets/sheet2.xml"
LONG = "学习不够深入，" * 3000  # 21,000 characters: a part mostly of text
# Pieces of a sheet's data: cells placed and not, prefixed, with values, formulas, errors, NaN, escapes,
# merged ranges, hidden rows, stray marks in the text ("!" "<" ">" "v>" ":c " "_x"), long texts.
ATOMS = [
    '<row r="{r}">', "</row>", '<row r="{r}" hidden="1">', "<row>", '<x:row r="{r}">', "</x:row>",
    '<c r="C{r}" t="inlineStr"><is><t>{text}</t></is></c>', '<c t="inlineStr"><is><t>短</t></is></c>',
    '<x:c r="D{r}" t="inlineStr"><x:is><x:t>{text}</x:t></x:is></x:c>', '<x:c r="E{r}"><x:v>1</x:v></x:c>',
    '<c r="F{r}"><f>1/0</f><v></v></c>', '<c r="G{r}" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
    '<c r="H{r}"><v>NaN</v></c>', '<c r="I{r}"><v>1e999</v></c>', '<c r="J{r}"><v>3</v></c>',
    '<c r="K{r}" t="inlineStr"><is><t>第一_x000D_句 v&gt;5e999 a:c b 注意!</t></is></c>',
    '<c r="XFD{r}"><v>2</v></c>', "<c/>",
]
TAILS = ['', '<mergeCells count="1"><mergeCell ref="A1:C{r}"/></mergeCells>', '<mergeCells><mergeCell ref="A:A"/></mergeCells>']


def sheet_xml(rng: random.Random) -> bytes:
    body, r = [], 1
    for _ in range(rng.randint(1, 30)):
        atom = rng.choice(ATOMS)
        r += atom.startswith(("<row", "<x:row"))
        body.append(atom.format(r=r, text=rng.choice([LONG, "短文字", LONG[:5000] + "末尾"])))
    head = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.'
            'openxmlformats.org/spreadsheetml/2006/main" xmlns:x="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main"><sheetData>')
    return (head + "".join(body) + "</sheetData>" + rng.choice(TAILS).format(r=r) + "</worksheet>").encode()


def facts(path: Path, tags: bool, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as m:
        m.setattr(scan, "_markup", (lambda data: b"".join(scan._TAG.findall(data))) if tags else (lambda data: data))
        m.setattr(scan_memo, "MEMO", scan_memo.PartMemo(0, 0))  # every part searched, none taken from before
        try:
            with zipfile.ZipFile(path) as zf:
                return scan.scan_zip(zf, str(path), "xlsx")
        except InputError as err:
            return ("refused", str(err))


def test_the_tags_alone_tell_what_the_whole_part_tells(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = make_workbook(tmp_path)
    with zipfile.ZipFile(base) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    rng = random.Random(41)
    seen = set()
    for n in range(150):
        path = tmp_path / f"w{n}.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in parts.items():
                zf.writestr(name, sheet_xml(rng) if name == SHEET else data)
        whole = facts(path, False, monkeypatch)
        assert facts(path, True, monkeypatch) == whole, n
        seen.add(type(whole).__name__ if not isinstance(whole, tuple) else "refused")
        if not isinstance(whole, tuple):
            f = whole
            seen |= {k for k, v in (("formulas", f.formulas_without_value), ("errors", f.error_cells),  # type: ignore[attr-defined]
                                    ("escapes", f.escapes), ("hidden", f.hidden_rows),  # type: ignore[attr-defined]
                                    ("nan", f.invalid_numbers), ("placeless", f.placeless)) if v}  # type: ignore[attr-defined]
    # the panel means something: every fact was learnt, and some packages were refused (a whole column merged)
    assert seen >= {"formulas", "errors", "escapes", "hidden", "nan", "placeless", "refused"}, seen


def test_a_part_of_long_texts_is_searched_in_its_tags() -> None:
    data = sheet_xml(random.Random(3)).replace(b"\xe7\x9f\xad", LONG.encode())  # (短 made long too)
    tags = scan._markup(data)
    assert len(tags) * 20 < len(data) and tags.startswith(b"<?xml") and b"<sheetData>" in tags
    small = b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>'
    assert scan._markup(small) is small  # too short to be worth it: the part itself
