"""The prepared template on disk: equal to a fresh one, rebuilt when stale or damaged, never in the way."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from reports import report

from docgen.rendering import cache, documents
from docgen.rendering.engine import default_template, fresh_template
from docgen.rendering.prepared import PreparedTemplate


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    documents._load_template.cache_clear()
    yield tmp_path / "cache" / "templates"
    documents._load_template.cache_clear()


def cached_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def load(path: Path | None = None, fonts: str = "standard") -> PreparedTemplate:
    documents._load_template.cache_clear()  # a new run: only the disk remembers
    return documents.load_template(path, fonts)


def preparations(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every time a template is prepared with docxtpl (a cache miss)."""
    from docgen.rendering import engine

    seen: list[Path] = []
    real = engine.prepare
    monkeypatch.setattr(engine, "prepare", lambda path=None, fonts="standard": (seen.append(path), real(path, fonts))[1])
    return seen


@pytest.mark.parametrize("fonts", ["standard", "windows"])
def test_the_cached_template_equals_a_fresh_one(folder: Path, fonts: str) -> None:
    first = load(fonts=fonts)  # prepared and stored
    assert len(cached_files(folder)) == 1
    again = load(fonts=fonts)  # read back from the disk
    fresh = fresh_template(fonts=fonts)
    assert again.prepared == fresh.prepared == first.prepared
    for r in (report(), report(aspects=12, items=11, causes=10, directions=1)):
        assert again.render(r) == fresh.render(r)


def test_a_warm_cache_prepares_nothing(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = preparations(monkeypatch)
    load()
    load()
    assert seen == [default_template()]


def test_a_changed_template_is_prepared_again(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "mine.docx"
    shutil.copyfile(default_template(), mine)
    seen = preparations(monkeypatch)
    before = load(mine).render(report())
    from docx import Document

    doc = Document(str(mine))
    doc.paragraphs[0].insert_paragraph_before("新加的一段")
    doc.save(str(mine))
    after = load(mine).render(report())
    assert seen == [mine, mine] and len(cached_files(folder)) == 2
    assert before != after and b"\xe6\x96\xb0\xe5\x8a\xa0" in __import__("zipfile").ZipFile(
        __import__("io").BytesIO(after)).read("word/document.xml")  # 新加


def test_a_new_docgen_version_prepares_again(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = preparations(monkeypatch)
    load()
    marks = cache._code_marks()
    monkeypatch.setattr(cache, "_code_marks", lambda: [*marks, "__init__.py:changed"])  # another version
    load()
    assert len(seen) == 2 and len(cached_files(folder)) == 2


@pytest.mark.parametrize("damage", [
    lambda data: b"",
    lambda data: data[: len(data) // 2],
    lambda data: data.replace(b"w:body", b"w:bodx", 1),  # the payload no longer matches its digest
    lambda data: b"\xff\xfe garbage \x00" * 100,
    lambda data: data.split(b"\n", 1)[0] + b"\n" + b"[" * 100_000,  # deep JSON under a stale digest
])
def test_a_damaged_cache_file_is_prepared_again_silently(folder: Path, monkeypatch: pytest.MonkeyPatch,
                                                         damage) -> None:
    expected = load().render(report())
    (file,) = cached_files(folder)
    file.write_bytes(damage(file.read_bytes()))
    seen = preparations(monkeypatch)
    assert load().render(report()) == expected
    assert len(seen) == 1
    assert cache.decode(file.read_bytes(), cache.cache_key(documents._digest(
        default_template(), documents._stamp(default_template())), "standard"))  # rewritten, good again


def test_a_tampered_cache_that_matches_its_digest_runs_no_code(folder: Path) -> None:
    """Someone rewrites the file with a consistent digest and a template that reaches for Python: the
    Jinja source is compiled and run by the sandbox like any user's template, so it is refused."""
    import dataclasses

    from docgen.errors import TemplateError

    template = load()
    (file,) = cached_files(folder)
    key = cache.cache_key(documents._digest(default_template(), documents._stamp(default_template())), "standard")
    evil = dataclasses.replace(template.prepared, body=dataclasses.replace(
        template.prepared.body, source="{{ ''.__class__.__mro__[1].__subclasses__() }}"))
    file.write_bytes(cache.encode(evil, key))
    with pytest.raises(TemplateError, match="不安全"):
        load().render(report())


def test_an_unreadable_cache_file_is_prepared_again(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load()
    (file,) = cached_files(folder)
    file.unlink()
    file.mkdir()  # a folder where the file should be: reading it fails
    seen = preparations(monkeypatch)
    assert load().render(report())
    assert len(seen) == 1


def test_an_unwritable_cache_folder_still_makes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, docgen_cli) -> None:
    from builders import make_workbook

    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(blocker / "cache"))
    documents._load_template.cache_clear()
    make_workbook(tmp_path)
    code, out, err = docgen_cli("make", "branch.xlsx", "-o", "out.docx")
    assert code == 0, err
    assert (tmp_path / "out.docx").read_bytes() == fresh_template().render(
        __import__("docgen").read_workbook(tmp_path / "branch.xlsx").report)


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="FIFOs are POSIX's")
def test_a_fifo_in_place_of_the_cache_file_does_not_hang(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    load()
    (file,) = cached_files(folder)
    file.unlink()
    os.mkfifo(file)
    seen = preparations(monkeypatch)
    assert load().render(report())  # read without blocking, refused, prepared again
    assert len(seen) == 1
