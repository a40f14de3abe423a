"""Nothing is lost: failed runs leave no files, outputs are replaced atomically, inputs never change."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
from builders import make_workbook, minimal_rows
from docx import Document
from docxread import document_paragraphs
from test_archive import sheet_xml, write_zip, xlsx_parts


ROOT = Path(__file__).resolve().parent.parent
OLD_REPORT = b"last year's report, must survive"  # not docgen's: replaced only with --force (point 4)
OLD_TIME = 1_600_000_000  # an mtime well in the past, so a rewrite would show


def good_workbook(folder: Path) -> Path:
    path = make_workbook(folder)
    os.utime(path, (OLD_TIME, OLD_TIME))
    return path


def listing(folder: Path) -> dict[str, bytes]:
    """Every file in the folder, hidden temporaries included, with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def template_with(folder: Path, text: str, name: str = "mine.docx") -> Path:
    document = Document()
    document.add_paragraph("{{ title }}")
    document.add_paragraph(text)
    document.save(folder / name)
    return folder / name


# -- a failed make leaves the folder as it was ------------------------------------------------------


def test_workbook_with_errors_leaves_no_file_and_keeps_the_old_report(docgen_cli, tmp_path: Path) -> None:
    make_workbook(tmp_path, 单位="")
    (tmp_path / "branch.docx").write_bytes(OLD_REPORT)
    before = listing(tmp_path)
    code, out, err = docgen_cli("make", "branch.xlsx", "--force")
    assert (code, out) == (1, "")
    assert "未生成文档：branch.xlsx 有错误" in err
    assert listing(tmp_path) == before


@pytest.mark.parametrize("tag, problem", [("{{ title ", "模板标签不完整"),
                                          ("{{ secret_key }}", "模板使用了未知的变量"),
                                          ("{{ title.__class__ }}", "模板试图访问不安全的内容，已拒绝")])
def test_bad_template_leaves_no_file_and_keeps_the_old_report(docgen_cli, tmp_path: Path, tag: str,
                                                              problem: str) -> None:
    good_workbook(tmp_path)
    template_with(tmp_path, tag)
    (tmp_path / "branch.docx").write_bytes(OLD_REPORT)
    before = listing(tmp_path)
    code, out, err = docgen_cli("make", "branch.xlsx", "--force", "--template", tmp_path / "mine.docx")
    assert (code, out) == (1, "")
    assert err.startswith("错误：mine.docx：正文第 ") and problem in err and err.count("\n") == 1
    assert "Traceback" not in err
    assert listing(tmp_path) == before


def test_folder_that_cannot_be_written(docgen_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a read-only folder (or Windows refusing a new file) looks like to mkstemp."""
    good_workbook(tmp_path)

    def refuse(*args: object, **kwargs: object) -> object:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    before = listing(tmp_path)
    assert docgen_cli("make", "branch.xlsx") == (1, "", (
        "错误：branch.docx：无法在文件夹中写入文件：.。该文件夹可能是只读的或没有写入权限，请用 -o 指定其他位置\n"))
    assert listing(tmp_path) == before


def test_report_open_in_word(docgen_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows refuses to replace a file Word has open: os.replace raises PermissionError."""
    good_workbook(tmp_path)
    (tmp_path / "branch.docx").write_bytes(OLD_REPORT)
    before = listing(tmp_path)

    def in_use(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", in_use)
    assert docgen_cli("make", "branch.xlsx", "--force") == (1, "", (
        "错误：branch.docx：无法写入输出文件。该文件可能正在 Word、Excel 或 WPS 中打开，或没有写入权限；"
        "请关闭该文件后重试，或用 -o 指定其他文件名\n"))
    assert listing(tmp_path) == before


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root ignores folder permissions; the mkstemp test above stands in for it")
def test_read_only_folder(docgen_cli, tmp_path: Path) -> None:
    good_workbook(tmp_path)
    tmp_path.chmod(0o555)
    try:
        before = listing(tmp_path)
        code, out, err = docgen_cli("make", "branch.xlsx")
        assert (code, out) == (1, "")
        assert err == "错误：branch.docx：无法在文件夹中写入文件：.。该文件夹可能是只读的或没有写入权限，请用 -o 指定其他位置\n"
        assert listing(tmp_path) == before
    finally:
        tmp_path.chmod(0o755)


def test_failure_after_the_temporary_file_is_written(docgen_cli, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The moment between writing the temporary file and putting it in place: nothing new may remain."""
    good_workbook(tmp_path)
    (tmp_path / "branch.docx").write_bytes(OLD_REPORT)
    before = listing(tmp_path)
    seen: list[str] = []

    def broken_disk(src: str, dst: object) -> None:
        seen.append(Path(src).name)
        assert Path(src).stat().st_size > 1000  # the whole report was in the temporary file
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", broken_disk)
    assert docgen_cli("make", "branch.xlsx", "--force") == (1, "", (
        "错误：branch.docx：无法写入输出文件（Input/output error）。请检查路径和权限后重试\n"))
    assert seen and seen[0].startswith(".~branch.") and seen[0].endswith(".tmp")
    assert listing(tmp_path) == before


def failing_write(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    """Writing the report's temporary file fails with `error` after part of it reached the disk."""
    real_fdopen = os.fdopen

    class Breaking:
        def __init__(self, handle: object) -> None:
            self.handle = handle

        def __enter__(self) -> Breaking:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()  # type: ignore[attr-defined]

        def write(self, data: bytes) -> int:
            self.handle.write(data[:100])  # type: ignore[attr-defined]
            raise error

    def fdopen(fd: int, mode: str = "r", *args: object, **kwargs: object) -> object:
        handle = real_fdopen(fd, mode, *args, **kwargs)  # type: ignore[arg-type]
        return Breaking(handle) if mode == "wb" else handle

    monkeypatch.setattr(os, "fdopen", fdopen)


def test_interrupted_while_writing(docgen_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good_workbook(tmp_path)
    (tmp_path / "branch.docx").write_bytes(OLD_REPORT)
    before = listing(tmp_path)

    failing_write(monkeypatch, KeyboardInterrupt())
    code, out, err = docgen_cli("make", "branch.xlsx", "--force")
    assert (code, out, err.strip()) == (130, "", "已取消。")
    assert listing(tmp_path) == before


def test_disk_full(docgen_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good_workbook(tmp_path)
    before = listing(tmp_path)

    failing_write(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    assert docgen_cli("make", "branch.xlsx") == (1, "", "错误：branch.docx：磁盘空间不足，无法写入输出文件。请清理磁盘空间后重试\n")
    assert listing(tmp_path) == before


def test_success_replaces_the_old_report_and_leaves_no_temporary_file(docgen_cli, tmp_path: Path) -> None:
    good_workbook(tmp_path)
    (tmp_path / "branch.docx").write_bytes(OLD_REPORT)
    assert docgen_cli("make", "branch.xlsx", "--force")[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["branch.docx", "branch.xlsx"]
    assert document_paragraphs(tmp_path / "branch.docx")[0] == minimal_rows()["基本信息"][1][1]


def test_report_gets_ordinary_file_permissions(docgen_cli, tmp_path: Path) -> None:
    """Others on a shared folder can open the report, like any file the user saves."""
    good_workbook(tmp_path)
    old_mask = os.umask(0o022)
    try:
        assert docgen_cli("make", "branch.xlsx")[0] == 0
    finally:
        os.umask(old_mask)
    if os.name == "posix":
        assert stat.S_IMODE((tmp_path / "branch.docx").stat().st_mode) == 0o644


# -- the workbook is only ever read ------------------------------------------------------------------


@pytest.mark.parametrize("args", [["check"], ["check", "--format", "json"], ["make"],
                                  ["check", "--fix", "fixed.xlsx"],
                                  ["make", "-o", "x.docx", "--fonts", "windows"]],
                         ids=" ".join)
def test_workbook_bytes_and_mtime_never_change(docgen_cli, tmp_path: Path, args: list[str]) -> None:
    problems = minimal_rows()["存在的问题"]
    problems[1][2] = "集中学习以读文件为主,讨论不够深入。"  # something --fix will change in the copy
    path = make_workbook(tmp_path, {"存在的问题": problems})
    os.utime(path, (OLD_TIME, OLD_TIME))
    data, mtime = path.read_bytes(), path.stat().st_mtime_ns
    code, _, _ = docgen_cli(args[0], "branch.xlsx", *args[1:])
    assert code == 0
    assert path.read_bytes() == data
    assert path.stat().st_mtime_ns == mtime


def test_failed_make_does_not_touch_the_workbook(docgen_cli, tmp_path: Path) -> None:
    path = make_workbook(tmp_path, 日期="去年")
    os.utime(path, (OLD_TIME, OLD_TIME))
    data = path.read_bytes()
    assert docgen_cli("make", "branch.xlsx")[0] == 1
    assert path.read_bytes() == data and path.stat().st_mtime_ns == OLD_TIME * 10**9


# -- reproducible output ----------------------------------------------------------------------------


def test_same_input_gives_byte_identical_reports(docgen_cli, tmp_path: Path) -> None:
    good_workbook(tmp_path)
    template_with(tmp_path, "{{ organization }} {{ date }}")
    for args in ([], ["--template", tmp_path / "mine.docx"], ["--fonts", "windows"]):
        assert docgen_cli("make", "branch.xlsx", "-o", "a.docx", *args)[0] == 0
        assert docgen_cli("make", "branch.xlsx", "-o", "b.docx", *args)[0] == 0
        assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


def test_byte_identical_across_processes(tmp_path: Path) -> None:
    good_workbook(tmp_path)
    outputs = []
    for run, (seed, tz) in enumerate([("1", "UTC"), ("2", "Asia/Shanghai")]):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed, "TZ": tz,
               "PYTHONIOENCODING": "utf-8"}
        done = subprocess.run([sys.executable, "-m", "docgen", "make", "branch.xlsx", "-o", f"{run}.docx"],
                              cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        outputs.append((tmp_path / f"{run}.docx").read_bytes())
    assert outputs[0] == outputs[1]
    with zipfile.ZipFile(tmp_path / "0.docx") as zf:
        assert {info.date_time for info in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}


# -- hostile workbooks are refused before any parser sees them ----------------------------------------


@pytest.fixture
def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a workbook reader was asked to parse a hostile workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", parse)
    import python_calamine

    class Unparsed:
        from_filelike = from_path = from_object = staticmethod(parse)

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Unparsed)


def zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in xlsx_parts().items():
            zf.writestr(name, data)
        with zf.open("xl/worksheets/sheet2.xml", "w") as member:  # 12 MiB of zeros, streamed
            block = b"\x00" * (1024 * 1024)
            for _ in range(12):
                member.write(block)
    return path


HOSTILE = {
    "bomb": (zip_bomb, "压缩比异常"),
    "doctype": (lambda p: write_zip(p, xlsx_parts(
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><worksheet>&lol;</worksheet>')),
        "DOCTYPE"),
    "merge": (lambda p: write_zip(p, xlsx_parts(sheet_xml(
        after=b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'))), "合并单元格"),
}


@pytest.mark.parametrize("command", ["check", "make"])
@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_workbook_refused(docgen_cli, tmp_path: Path, no_parsing: None, kind: str,
                                  command: str) -> None:
    build, word = HOSTILE[kind]
    build(tmp_path / "branch.xlsx")
    before = listing(tmp_path)
    code, out, err = docgen_cli(command, "branch.xlsx")
    assert (code, out) == (1, "")
    assert err.startswith("错误：branch.xlsx：") and word in err and err.count("\n") == 1
    assert listing(tmp_path) == before


def test_hostile_template_refused(docgen_cli, tmp_path: Path) -> None:
    good_workbook(tmp_path)
    document = b'<!DOCTYPE d [<!ENTITY e "e">]><w:document>&e;</w:document>'
    write_zip(tmp_path / "mine.docx", {"[Content_Types].xml": b"<Types/>", "word/document.xml": document})
    before = listing(tmp_path)
    code, out, err = docgen_cli("make", "branch.xlsx", "--template", tmp_path / "mine.docx")
    assert (code, out) == (1, "")
    assert err.startswith(f"错误：{tmp_path / 'mine.docx'}：") and "DOCTYPE" in err
    assert listing(tmp_path) == before


def test_a_template_edited_between_two_makes_is_used(docgen_cli, tmp_path: Path) -> None:
    good_workbook(tmp_path)
    template_with(tmp_path, "第一版")
    assert docgen_cli("make", "branch.xlsx", "--template", "mine.docx")[0] == 0
    assert "第一版" in document_paragraphs(tmp_path / "branch.docx")
    template_with(tmp_path, "第二版")
    assert docgen_cli("make", "branch.xlsx", "--template", "mine.docx")[0] == 0
    assert "第二版" in document_paragraphs(tmp_path / "branch.docx")


def test_a_workbook_is_read_from_the_bytes_the_scan_passed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A small file is read once: the reader gets the very bytes scanned, so a file changed (or swapped for
    an unscanned one) between the scan and the reading cannot slip past the scan. A large one is scanned
    from the disk and read from it, as before, with the same result."""
    from docgen.files import safety
    from docgen.workbook import xlsx

    first = make_workbook(tmp_path, name="first.xlsx", 标题="扫描过的标题")
    other = make_workbook(tmp_path, name="other.xlsx", 标题="换过的标题")
    facts, data = safety.read_package(first, "xlsx")
    assert data == first.read_bytes() and not facts.escapes
    scanned = xlsx.read_workbook(first)[0]
    real = safety.read_package

    def then_swapped(path: Path, kind: str) -> object:
        found = real(path, kind)
        os.replace(other, path)  # the file changes right after it was scanned
        return found

    monkeypatch.setattr(xlsx, "read_package", then_swapped)
    report, _ = xlsx.read_workbook(first)
    assert report is not None and report.meta.title == scanned.meta.title == "扫描过的标题"
    monkeypatch.setattr(xlsx, "read_package", real)
    monkeypatch.setattr(safety, "WHOLE_BYTES", 100)  # every workbook is now "large"
    assert safety.read_package(first, "xlsx")[1] is None
    assert xlsx.read_workbook(first)[0].meta.title == "换过的标题"  # read from the disk: the file it now is
