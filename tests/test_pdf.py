"""make --pdf through LibreOffice (one process for a whole batch), the message when it is missing, and
docgen fonts / the once-a-run notice about faces this machine lacks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from builders import make_workbook, minimal_rows
from pdfread import needs_soffice, pdf_pages

import docgen.pdf.fonts as fonts_module
import docgen.pdf.office as office
from docgen.errors import DocgenError
from docgen.pdf.fonts import pdf_font_names
from docgen.pdf.sfnt import family_names

MISSING = ("错误：未找到 LibreOffice，无法生成 PDF。Windows：从 https://zh-cn.libreoffice.org/download/download/ "
           "下载 LibreOffice 安装包，按默认选项安装即可（装在其他位置时，把 soffice.exe 的完整路径设为环境变量 "
           "DOCGEN_SOFFICE）；Linux：运行 sudo apt install libreoffice-writer（Debian、Ubuntu、统信 UOS、麒麟）"
           "或 sudo dnf install libreoffice-writer（Fedora、openEuler）。也可以不加 --pdf，在 Word 或 WPS 中"
           "打开生成的 .docx，另存为 PDF\n")


def clean_workbook(folder: Path, name: str = "branch.xlsx") -> Path:
    """A workbook with nothing to report: every aspect has two problems."""
    problems = minimal_rows()["存在的问题"] + [[None, "联系群众的渠道不多", "听取意见的方式比较单一。"]]
    return make_workbook(folder, {"存在的问题": problems}, name=name)


@pytest.fixture
def no_office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """LibreOffice hidden: nothing on PATH, no DOCGEN_SOFFICE."""
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("DOCGEN_SOFFICE", raising=False)


def test_without_libreoffice_pdf_is_refused_before_anything_is_made(docgen_cli, tmp_path: Path,
                                                                    no_office: None) -> None:
    clean_workbook(tmp_path)
    assert docgen_cli("make", "branch.xlsx", "--pdf") == (1, "", MISSING)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["branch.xlsx", "empty-path"]  # no .docx either
    clean_workbook(tmp_path / "empty-path")  # a batch is refused the same way
    batch = ("make", "branch.xlsx", "empty-path/branch.xlsx", "-o", "out", "--pdf")
    assert docgen_cli(*batch) == (1, "", MISSING)
    assert not (tmp_path / "out").exists()


def test_a_named_soffice_that_is_not_there_counts_as_missing(docgen_cli, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_SOFFICE", str(tmp_path / "no-such" / "soffice.exe"))
    clean_workbook(tmp_path)
    assert docgen_cli("make", "branch.xlsx", "--pdf")[0::2] == (1, MISSING)


@pytest.fixture
def counted_processes(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every LibreOffice command line started, while still starting it for real."""
    started: list[list[str]] = []
    real = subprocess.Popen

    def popen(command, **options):  # type: ignore[no-untyped-def]
        if "--headless" in command:  # LibreOffice, not the poppler tools the test reads the PDF with
            assert "shell" not in options and isinstance(command, list)  # never through a shell
            started.append(command)
        return real(command, **options)

    monkeypatch.setattr(office.subprocess, "Popen", popen)
    return started


@needs_soffice
def test_make_pdf_writes_the_pdf_beside_the_docx_with_its_fonts_embedded(
        docgen_cli, tmp_path: Path, counted_processes: list[list[str]]) -> None:
    clean_workbook(tmp_path)
    assert docgen_cli("make", "branch.xlsx", "--pdf") == (0, "已生成：branch.docx\n已生成：branch.pdf\n", "")
    pdf = tmp_path / "branch.pdf"
    assert pdf_pages(pdf) >= 1 and len(counted_processes) == 1
    command = counted_processes[0]
    assert command[1].startswith("-env:UserInstallation=file://")  # a profile of its own
    assert "--headless" in command
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = listing.splitlines()[2:]
        assert rows and all(row.split()[-5] == "yes" for row in rows), listing  # every font embedded
    assert pdf_font_names(pdf.read_bytes())  # and named, which is how docgen fonts asks LibreOffice
    assert not list(tmp_path.glob(".~*"))  # no temporary file left beside it


@needs_soffice
def test_a_batch_makes_every_pdf_with_one_libreoffice(docgen_cli, tmp_path: Path,
                                                      counted_processes: list[list[str]]) -> None:
    for folder in ("一支部", "二支部"):  # the same file name in two folders: no clash in the one conversion
        (tmp_path / "in" / folder).mkdir(parents=True)
        clean_workbook(tmp_path / "in" / folder, name="材料.xlsx")
    clean_workbook(tmp_path / "in", name="三支部.xlsx")
    code, out, err = docgen_cli("make", "in", "--pdf", "-j", "1")
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "已生成 PDF 3 个，与各自的 .docx 在同一文件夹。"
    for pdf in ("in/一支部/材料.pdf", "in/二支部/材料.pdf", "in/三支部.pdf"):
        assert pdf_pages(tmp_path / pdf) >= 1, pdf
    assert len(counted_processes) == 1


posix_only = pytest.mark.skipif(sys.platform == "win32", reason="the stand-in soffice is a shell script")


@posix_only
def test_a_document_libreoffice_cannot_convert_is_named_and_fails_the_run(
        docgen_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clean_workbook(tmp_path)
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 0\n")  # starts, converts nothing
    fake.chmod(0o755)
    monkeypatch.setenv("DOCGEN_SOFFICE", str(fake))
    assert docgen_cli("make", "branch.xlsx", "--pdf") == (
        1, "已生成：branch.docx\n",
        "错误：branch.docx：未能生成 PDF（LibreOffice 没有生成 PDF）。请在 Word 或 WPS 中打开它，另存为 PDF\n")
    assert not (tmp_path / "branch.pdf").exists()


@posix_only
def test_a_hung_libreoffice_is_stopped_at_the_time_limit(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 30 &\nwait\n")  # it and a child of it hang
    fake.chmod(0o755)
    monkeypatch.setattr(office, "START_SECONDS", 0.5)
    monkeypatch.setattr(office, "SECONDS_PER_DOCUMENT", 0)
    document = tmp_path / "a.docx"
    document.write_bytes(b"PK")
    with pytest.raises(DocgenError) as caught:
        office.convert([document], fake)
    assert str(caught.value) == ("LibreOffice 在 0 秒内没有完成转换，已停止，未生成 PDF。"
                                 "请关闭所有 LibreOffice 窗口后重试；文档很多时可以分几次生成")
    assert not (tmp_path / "a.pdf").exists()


# -- fonts ---------------------------------------------------------------------------------------------


def test_docgen_fonts_lists_every_face_and_its_substitute(docgen_cli,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts_module, "installed_families", lambda: {"simhei", "timesnewroman"})
    substitute = "Noto Serif CJK SC"
    monkeypatch.setattr(fonts_module, "substitutes_for", lambda faces: dict.fromkeys(faces, substitute))
    code, out, err = docgen_cli("fonts")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "字体方案 standard：",
        "  仿宋_GB2312（正文）：未安装，LibreOffice 会用 Noto Serif CJK SC 代替",
        "  楷体_GB2312（二级标题）：未安装，LibreOffice 会用 Noto Serif CJK SC 代替",
        "  黑体（一级标题）：已安装",  # found by its English name, SimHei
        "  方正小标宋简体（标题）：未安装，LibreOffice 会用 Noto Serif CJK SC 代替",
        "  宋体（页码）：未安装，LibreOffice 会用 Noto Serif CJK SC 代替",
        "  Times New Roman（字母和数字）：已安装",
        "缺少 4 种字体。Word 文档中写的仍是上面的字体，在装有它们的电脑上显示正常；在本机打开或用 --pdf 生成 PDF 时会用"
        "代替的字体，字宽和分页可能与标准字体不同（PDF 中嵌入的是代替的字体）。可以安装缺少的字体，或改用 --fonts windows"
        "（Windows 自带字体）。",
    ]


def test_make_says_once_which_faces_are_missing(docgen_cli, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOCGEN_NO_FONT_CHECK")
    windows = {"仿宋", "楷体", "黑体", "宋体", "timesnewroman"}  # what fontconfig or the font folders list
    monkeypatch.setattr(fonts_module, "_families", lambda listing: windows)
    monkeypatch.setattr(fonts_module, "installed_families", lambda: windows)
    clean_workbook(tmp_path, name="a.xlsx")
    clean_workbook(tmp_path, name="b.xlsx")
    notice = ("提示：本机没有安装字体 仿宋_GB2312、楷体_GB2312、方正小标宋简体。文档中写的仍是这些字体，在装有它们的电脑上"
              "显示正常；在本机查看或生成 PDF 时会用其他字体代替。运行 docgen fonts 查看详情，或改用 --fonts windows。\n")
    assert docgen_cli("make", "a.xlsx") == (0, "已生成：a.docx\n", notice)
    code, _, err = docgen_cli("make", "a.xlsx", "b.xlsx", "-j", "1")  # a batch: still once
    assert (code, err) == (0, notice)
    assert docgen_cli("make", "a.xlsx", "--fonts", "windows") == (0, "已生成：a.docx\n", "")  # all there


def test_faces_are_found_in_font_files_where_there_is_no_fontconfig(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    real = next((p for p in Path("/usr/share/fonts").rglob("DejaVuSerif.ttf")), None)
    if real is None:
        pytest.skip("needs a font file to read")
    folder = tmp_path / "Fonts"
    folder.mkdir()
    shutil.copy(real, folder / "times.ttf")
    (folder / "broken.ttf").write_bytes(b"\x00\x01\x00\x00garbage")  # a damaged file gives no names
    monkeypatch.setattr(fonts_module.shutil, "which", lambda name: None)
    monkeypatch.setattr(fonts_module, "font_folders", lambda: [folder])
    assert family_names(folder / "times.ttf") >= {"DejaVu Serif"}
    assert family_names(folder / "broken.ttf") == set()
    assert "dejavuserif" in fonts_module.installed_families()


def test_pdf_font_names_drop_the_subset_tag() -> None:
    pdf = (b"<</Type/Font/BaseFont/BAAAAA+SimSun/Encoding>> <</BaseFont /CAAAAA+TimesNewRomanPSMT>>"
           b" /BaseFont/SimSun")
    assert pdf_font_names(pdf) == ["SimSun", "TimesNewRomanPSMT"]


def test_what_fontconfig_said_is_kept_while_the_font_folders_stay_as_they_were(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "fonts"
    (folder / "truetype").mkdir(parents=True)
    monkeypatch.setattr(fonts_module, "font_folders", lambda: [folder])
    asked: list[int] = []
    families = {"仿宋", "楷体", "黑体", "宋体", "timesnewroman"}
    monkeypatch.setattr(fonts_module, "_families", lambda listing: (asked.append(1), families)[1])
    monkeypatch.setattr(fonts_module, "installed_families", lambda: (asked.append(1), families)[1])
    first = fonts_module.FontCheck("windows").missing()
    second = fonts_module.FontCheck("windows").missing()
    assert first == second == [] and len(asked) == 1  # the second run asked nobody
    (folder / "truetype" / "newfont").mkdir()  # a font package installed: its folder appears
    families = {"仿宋", "楷体", "timesnewroman"}
    assert fonts_module.FontCheck("windows").missing() == ["黑体", "宋体"] and len(asked) == 2


def test_an_unwritable_cache_folder_only_means_asking_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(fonts_module, "installed_families", lambda: {"仿宋"})
    monkeypatch.setattr(fonts_module, "_families", lambda listing: {"仿宋"})
    assert "黑体" in fonts_module.FontCheck("windows").missing()
    assert blocker.read_text() == "x"
