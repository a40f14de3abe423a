"""The scan's memo of small parts (files/scan_memo.py): a scan that takes parts' facts from it learns and
refuses exactly what a scan that searches every part afresh does, and the memo stays within its bounds."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest
from builders import make_workbook
from test_scan_tags import ATOMS, TAILS

from docgen.errors import InputError
from docgen.files import scan, scan_memo
from docgen.files.safety import inspect_package

HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.'
        'openxmlformats.org/spreadsheetml/2006/main" xmlns:x="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main"><sheetData>')
HOSTILE = ['<!DOCTYPE x [<!ENTITY a "b">]>', '<?xml version="1.0" encoding="EBCDIC-CP-US"?>']


CELLS = [atom for atom in ATOMS if atom.startswith(("<c", "<x:c"))]
ROWS = [('<row r="{r}">', "</row>"), ('<row r="{r}" hidden="1">', "</row>"), ("<row>", "</row>"),
        ('<x:row r="{r}">', "</x:row>")]


def small_sheet(rng: random.Random, tails: list[str] = TAILS) -> str:
    """A well-formed worksheet of random rows and cells (test_scan_tags' pieces) with short texts: read
    whole, so memoised."""
    body = []
    for r in range(1, rng.randint(2, 12)):
        start, end = rng.choice(ROWS)
        cells = [rng.choice(CELLS).format(r=r, text=rng.choice(["短文字", "学习不够深入，" * 40, "_x0007_提示"]))
                 for _ in range(rng.randint(0, 4))]
        body.append(start.format(r=r) + "".join(cells) + end)
    return HEAD + "".join(body) + "</sheetData>" + rng.choice(tails).format(r=len(body)) + "</worksheet>"


def variant(parts: dict[str, bytes], rng: random.Random) -> dict[str, bytes]:
    """The base workbook with some sheets replaced (often by sheets seen before), some sheets hidden or
    formats added, now and then a hostile piece or a part in UTF-16."""
    sheets = [name for name in parts if name.startswith("xl/worksheets/")]
    out = dict(parts)
    for name in rng.sample(sheets, rng.randint(0, len(sheets))):
        text = small_sheet(random.Random(rng.randrange(40)))  # 40 sheets in all: each comes back
        if rng.random() < 0.05:
            text = text.replace("<worksheet", rng.choice(HOSTILE) + "<worksheet", 1)
        out[name] = text.encode("utf-16") if rng.random() < 0.1 else text.encode()
    book = out["xl/workbook.xml"]
    if rng.random() < 0.3:
        book = book.replace(b'state="visible"', b'state="hidden"', 1)
    out["xl/workbook.xml"] = book
    if rng.random() < 0.3:
        head, cells = out["xl/styles.xml"].split(b"<cellXfs", 1)
        head = head.replace(b'<numFmts count="0"/>', b'<numFmts count="1"><numFmt numFmtId="170" formatCode="0.0%"/>'
                            b"</numFmts>", 1)
        out["xl/styles.xml"] = head + b"<cellXfs" + cells.replace(b'numFmtId="0"', b'numFmtId="170"', 1)
    if rng.random() < 0.03:
        out["_rels/.rels"] = out["_rels/.rels"].replace(b"?>", b"?>" + HOSTILE[0].encode(), 1)
    return out


def unmemoised(self: scan._Scanner, info: zipfile.ZipInfo) -> None:
    """The scan of one part as it was before the memo: always searched, small or large."""
    self._scan_pieces(info, self._chunks(info, first=scan.CHUNK if info.file_size < scan.CHUNK else 512))


def fresh_scan(path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as m:
        m.setattr(scan._Scanner, "_scan_member", unmemoised)
        m.setattr(scan._Scanner, "_parsed", lambda self, what, names, parse: parse())
        return scanned(path)


def scanned(path: Path) -> object:
    try:
        return inspect_package(path, "xlsx")
    except InputError as err:
        return ("refused", str(err), err.hint)


def test_a_memoised_scan_learns_and_refuses_what_a_fresh_one_does(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    base = make_workbook(tmp_path)
    with zipfile.ZipFile(base) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    memo = scan_memo.PartMemo(max_bytes=4 * 1024 * 1024, max_entries=1024)
    monkeypatch.setattr(scan_memo, "MEMO", memo)
    hits = []
    get = memo.get
    monkeypatch.setattr(memo, "get", lambda key: (lambda found: (hits.append(found is not None), found)[1])(get(key)))
    rng = random.Random(13)
    seen: set[str] = set()
    for n in range(120):
        path = tmp_path / f"w{n}.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in variant(parts, rng).items():
                zf.writestr(name, data)
            if rng.random() < 0.3:  # a part named twice (zipfile warns): both are scanned, their facts added up
                with pytest.warns(UserWarning):
                    zf.writestr("xl/worksheets/sheet2.xml", small_sheet(random.Random(rng.randrange(40))))
        fresh = fresh_scan(path, monkeypatch)
        assert scanned(path) == fresh, n  # from what earlier workbooks left in the memo
        assert scanned(path) == fresh, n  # and again, every small part now remembered
        if isinstance(fresh, tuple):
            seen.add("refused")
        else:
            seen |= {k for k, v in (("formulas", fresh.formulas_without_value), ("errors", fresh.error_cells),
                                    ("escapes", fresh.escapes), ("hidden", fresh.hidden_rows),
                                    ("nan", fresh.invalid_numbers), ("placeless", fresh.placeless),
                                    ("hidden sheets", fresh.hidden_sheets), ("grid", fresh.grid_cells),
                                    ("formats", (170, "0.0%") in fresh.number_formats)) if v}
    # the panel means something: every fact was learnt, some packages refused, and the memo was used
    assert seen >= {"formulas", "errors", "escapes", "hidden", "nan", "placeless", "hidden sheets", "grid",
                    "formats", "refused"}, seen
    assert sum(hits) > len(hits) // 2 and not all(hits)


def test_a_refused_part_is_refused_again_and_never_remembered(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    memo = scan_memo.PartMemo(max_bytes=1 << 20, max_entries=100)
    monkeypatch.setattr(scan_memo, "MEMO", memo)
    base = make_workbook(tmp_path)
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b"<worksheet", HOSTILE[0].encode() + b"<worksheet", 1)
            out.writestr(info, data)
    first, again = scanned(hostile), scanned(hostile)
    assert first == again and first[0] == "refused" and "DOCTYPE" in first[1]  # type: ignore[index]
    assert not any(b"<!DOCTYPE" in key[-1] for key in memo._items if isinstance(key[-1], bytes))
    assert len(memo) > 0  # the harmless parts before it were remembered


def test_the_memo_is_bounded_and_forgets_the_least_recent_first() -> None:
    memo = scan_memo.PartMemo(max_bytes=1000, max_entries=5)
    for n in range(50):
        memo.put(("part", bytes([n]) * 150), n, 150)
        assert memo.held_bytes <= 1000 and len(memo) <= 5
        if n == 10:
            kept = ("part", bytes([8]) * 150)
            assert memo.get(kept) == 8
    assert memo.get(("part", bytes([49]) * 150)) == 49 and memo.get(("part", bytes([0]) * 150)) is None
    memo.put(("huge", b"x" * 2000), 1, 2000)  # larger than the whole memo: not kept, nothing else lost
    assert memo.get(("huge", b"x" * 2000)) is None and len(memo) == 5
    small = scan_memo.PartMemo(max_bytes=1000, max_entries=5)
    for n in range(12):
        small.put(n, n, 100)
        if n >= 8:
            assert small.get(7) == 7  # used again and again: never the one forgotten
    assert small.get(7) == 7 and len(small) == 5


def test_the_scans_memo_stays_within_its_bounds_over_many_distinct_workbooks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memo = scan_memo.PartMemo(max_bytes=64 * 1024, max_entries=40)
    monkeypatch.setattr(scan_memo, "MEMO", memo)
    base = make_workbook(tmp_path)
    with zipfile.ZipFile(base) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    for n in range(60):
        path = tmp_path / f"d{n}.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in parts.items():
                zf.writestr(name, small_sheet(random.Random(1000 + n), [""]).encode() if "sheet" in name else data)
        facts = scanned(path)
        assert not isinstance(facts, tuple)
        assert memo.held_bytes <= 64 * 1024 and len(memo) <= 40
    assert len(memo) == 40 or memo.held_bytes > 60 * 1024  # it filled up, and stopped there
