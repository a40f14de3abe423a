"""Any Unicode in any cell: the .docx parses strictly and holds the text minus removed control characters."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

from builders import make_workbook
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from docgen.api import make_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# What XML 1.0 cannot hold, and Excel's escaped form of it: removed, with a warning.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
EXCEL_ESCAPE = re.compile(r"_x00(?:[01][0-9A-Fa-f]|7[Ff])_")
# Invisible format characters (zero-width, bidi controls): removed, with the same warning.
INVISIBLE = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
OPEN_MARKS = "，,；;：:、"


def excel_form(value: str) -> str:
    """How Excel stores a control character in a cell (openpyxl cannot write the raw character)."""
    return CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)


def visible(value: str) -> Counter[str]:
    """The characters a reader must find in the document: all but controls and whitespace."""
    kept = CONTROL.sub("", EXCEL_ESCAPE.sub("", value))
    return Counter(c for c in kept if not c.isspace() and unicodedata.category(c) not in ("Zs", "Cf"))


# Each value starts with a Chinese character, so it is never empty and never starts with numbering;
# everything after it is arbitrary (any category but lone surrogates, which no file can hold).
cell = st.text(st.characters(exclude_categories=("Cs",)), max_size=40).map(lambda s: "甲" + s)
CELLS = ("标题", "单位", "开篇", "方面", "问题", "具体表现", "原因", "分析", "措施", "内容")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.fixed_dictionaries({name: cell for name in CELLS}))
@example({name: "甲{_{ }_} {{ 7*7 }} {% raw %} </w:t><w:p> &amp; \x07 _x000D_ \u3000\n乙" for name in CELLS})
def test_any_text_survives(tmp_path: Path, values: dict[str, str]) -> None:
    v = {k: excel_form(x) for k, x in values.items()}
    workbook = make_workbook(
        tmp_path,
        {
            "存在的问题": [["方面", "问题", "具体表现"], [v["方面"], v["问题"], v["具体表现"]]],
            "原因剖析": [["原因", "分析"], [v["原因"], v["分析"]]],
            "努力方向": [["措施", "内容"], [v["措施"], v["内容"]]],
        },
        标题=v["标题"], 单位=v["单位"], 开篇=v["开篇"],
    )
    before = workbook.read_bytes()
    outcome = make_document(workbook, tmp_path / "out.docx")
    assert workbook.read_bytes() == before

    with zipfile.ZipFile(outcome.path) as package:
        for name in package.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                etree.fromstring(package.read(name), etree.XMLParser(resolve_entities=False))  # strict
        root = etree.fromstring(package.read("word/document.xml"))
    text = "".join(t.text or "" for t in root.iter(f"{W}t"))

    assert not CONTROL.search(text)
    expected = sum((visible(x) for x in values.values()), Counter())
    found = Counter(text)
    missing = {c: n for c, n in expected.items() if found[c] < n}
    # only a comma-like mark ending a sentence may go (replaced by 。), and a warning says so
    assert set(missing) <= set(OPEN_MARKS), f"characters lost: {missing!r}"
    assert not missing or any(f.code == "end-replaced" for f in outcome.findings)
    removed = any(CONTROL.search(x) or EXCEL_ESCAPE.search(x) or INVISIBLE.search(x) for x in values.values())
    assert any(f.code == "control-characters" for f in outcome.findings) == removed
