"""The command line as the user sees it: exact messages and exit codes (0 ok, 1 bad input, 2 bad usage)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
import typer
from builders import TITLE, make_workbook, minimal_rows
from docxread import document_paragraphs, part_xml

import docgen
from docgen.cli import app

ROOT = Path(__file__).resolve().parent.parent
Result = tuple[int, str, str]


def run_process(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "docgen", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def clean_workbook(folder: Path, name: str = "branch.xlsx") -> Path:
    """A workbook with nothing to report at all: every aspect has two problems."""
    problems = minimal_rows()["存在的问题"] + [[None, "联系群众的渠道不多", "听取意见的方式比较单一。"]]
    return make_workbook(folder, {"存在的问题": problems}, name=name)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- new ------------------------------------------------------------------------------------------


def test_new_creates_a_blank_workbook(docgen_cli, tmp_path: Path) -> None:
    assert docgen_cli("new", "branch.xlsx") == (
        0, "已新建工作簿：branch.xlsx\n请在 Excel 或 WPS 中按“填写说明”填写，然后运行：docgen check branch.xlsx\n", "")
    book = openpyxl.load_workbook(tmp_path / "branch.xlsx")
    assert book.sheetnames == ["填写说明", "基本信息", "上年度整改", "存在的问题", "原因剖析", "努力方向", "整改清单", "其他部分"]


def test_new_refuses_to_overwrite_without_force(docgen_cli, tmp_path: Path) -> None:
    (tmp_path / "branch.xlsx").write_bytes(b"my own work")
    assert docgen_cli("new", "branch.xlsx") == (
        1, "", "错误：branch.xlsx：文件已存在，未覆盖。请换一个文件名；确实要覆盖时加 --force\n")
    assert (tmp_path / "branch.xlsx").read_bytes() == b"my own work"


def test_new_force_overwrites(docgen_cli, tmp_path: Path) -> None:
    (tmp_path / "branch.xlsx").write_bytes(b"my own work")
    code, out, _ = docgen_cli("new", "branch.xlsx", "--force")
    assert code == 0 and out.startswith("已新建工作簿：branch.xlsx\n")
    assert zipfile.is_zipfile(tmp_path / "branch.xlsx")


def test_new_example_is_complete_and_checks_clean(docgen_cli, tmp_path: Path) -> None:
    assert docgen_cli("new", "--example", "示例.xlsx")[0] == 0
    assert docgen_cli("check", "示例.xlsx") == (0, "检查通过，可以运行 docgen make 生成文档。\n", "")
    assert docgen_cli("make", "示例.xlsx") == (0, "已生成：示例.docx\n", "")
    assert len(document_paragraphs(tmp_path / "示例.docx")) > 10


def test_new_refuses_a_name_not_ending_xlsx(docgen_cli, tmp_path: Path) -> None:
    assert docgen_cli("new", "branch.docx") == (
        1, "", "错误：branch.docx：工作簿的扩展名应为 .xlsx。请把文件名改为以 .xlsx 结尾\n")
    assert files_in(tmp_path) == []


# -- check ----------------------------------------------------------------------------------------


def test_check_a_good_workbook(docgen_cli, tmp_path: Path) -> None:
    clean_workbook(tmp_path)
    assert docgen_cli("check", "branch.xlsx", "--no-review") == (0, "检查通过，可以运行 docgen make 生成文档。\n", "")
    assert files_in(tmp_path) == ["branch.xlsx"]  # check writes nothing


def test_check_reviews_like_the_office_unless_told_not_to(docgen_cli, tmp_path: Path) -> None:
    """Plain check also applies the office's review: the short details of a workbook that is clean as a
    form are said, at their cells; the example, written to be a model report, passes it."""
    clean_workbook(tmp_path)
    code, out, err = docgen_cli("check", "branch.xlsx")
    assert (code, err) == (0, "")
    assert "  [警告] 存在的问题!C2：" in out and "没有错误，可以运行 docgen make 生成文档" in out
    example = Path(__file__).resolve().parent.parent / "data" / "example.xlsx"
    assert docgen_cli("check", str(example)) == (0, "检查通过，可以运行 docgen make 生成文档。\n", "")
    assert "  --review / --no-review  " in docgen_cli("check", "--help")[1]  # the pair, as Click reads it


def test_check_warnings_alone_do_not_fail(docgen_cli, tmp_path: Path) -> None:
    make_workbook(tmp_path)  # 服务群众方面 has a single problem: a hint, not an error
    assert docgen_cli("check", "branch.xlsx", "--no-review") == (0, (
        "branch.xlsx：\n"
        "  [提示] 存在的问题!A4：方面“服务群众方面”下面只有一条问题。一个方面通常列两条以上问题；若确实只有一条，可以忽略此提示\n"
        "共 1 处提示。\n"
        "没有错误，可以运行 docgen make 生成文档；建议先看看上面的警告和提示。\n"), "")


# `new` writes the kind's title and 开篇 skeleton; what is left to fill in is listed, every item at its cell.
BLANK_ERRORS = [
    "branch.xlsx：",
    "  [错误] 基本信息!B4：“单位”没有填写。请填写落款单位，如“中共某某支部委员会”",
    "  [错误] 基本信息!B6：“日期”没有填写。请写成 2026年1月20日、2026-01-20、2026/1/20 或 2026.1.20，"
    "或把单元格设为日期格式后输入日期",
    "  [错误] 存在的问题：没有填写任何问题。请每行填写一个问题：所属方面、问题概括和具体表现",
    "  [错误] 原因剖析：没有填写任何原因。请每行填写一条原因：“原因”列写概括，“分析”列写具体内容",
    "  [错误] 努力方向：没有填写任何措施。请每行填写一条措施：“措施”列写概括，“内容”列写具体内容",
    # the errors no longer hide the warnings (issue 8, point 6): the starter's placeholders are said too
    "  [警告] 基本信息!B2：有未替换的占位符：“XX20…”。请换成实际内容（单位名称、人名、日期、事例等），或删去",
    "  [警告] 基本信息!B7：有未替换的占位符：“…题，（此处填写会前准备情况：学习研讨、谈心谈话、征求意见等）。”。"
    "请换成实际内容（单位名称、人名、日期、事例等），或删去",
    "共 5 处错误，2 处警告。",
]


def test_check_a_blank_new_workbook_lists_every_error(docgen_cli) -> None:
    assert docgen_cli("new", "branch.xlsx")[0] == 0
    code, out, err = docgen_cli("check", "branch.xlsx")
    assert (code, err) == (1, "")
    assert out.splitlines() == BLANK_ERRORS


def test_check_lists_warnings_beside_errors(docgen_cli, tmp_path: Path) -> None:
    """One error must not hide the warnings: the user fixes everything in one pass."""
    problems = minimal_rows()["存在的问题"]
    problems[1][2] = "XX同志学习不够,讨论不深入。"
    make_workbook(tmp_path, {"存在的问题": problems}, 日期="2026年13月40日")
    code, out, err = docgen_cli("check", "branch.xlsx", "--no-review")
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[1].startswith("  [错误] 基本信息!B4：无法识别日期“2026年13月40日”")
    assert lines[2].startswith("  [警告] 存在的问题!C2：有未替换的占位符：")
    assert lines[3].startswith("  [警告] 存在的问题!C2：中文句子里用了半角标点：")
    assert lines[-1] == "共 1 处错误，2 处警告，1 处提示。"
    payload = json.loads(docgen_cli("check", "branch.xlsx", "--format", "json", "--no-review")[1])
    assert (payload["errors"], payload["warnings"]) == (1, 2)


def test_check_json(docgen_cli) -> None:
    docgen_cli("new", "branch.xlsx")
    code, out, err = docgen_cli("check", "branch.xlsx", "--format", "json")
    assert (code, err) == (1, "")
    payload = json.loads(out)
    assert set(payload) == {"file", "errors", "warnings", "findings"}
    assert (payload["file"], payload["errors"], payload["warnings"]) == ("branch.xlsx", 5, 2)  # warnings too
    assert len(payload["findings"]) == 7
    first = payload["findings"][0]
    assert {"level", "code", "place", "sheet", "cell", "message", "hint", "fix"} <= set(first)
    assert (first["level"], first["place"], first["sheet"], first["cell"], first["message"]) == (
        "error", "基本信息!B4", "基本信息", "B4", "“单位”没有填写")
    assert [f["place"] for f in payload["findings"][2:5]] == ["存在的问题", "原因剖析", "努力方向"]


def test_check_json_is_written_as_json_dumps_writes_it(docgen_cli) -> None:
    """The pieces check writes one finding at a time are exactly the indented JSON of the whole."""
    from docgen import api, console
    from docgen.errors import Finding, finding_to_dict
    from docgen.model import Source

    docgen_cli("new", "branch.xlsx")
    odd = Finding("warning", Source("b.xlsx", "存在的问题", "C2"), "有“引号”和\n换行\\与\"", "提示\t", "x", "改后\n")
    for findings in ([], api.check_workbook(Path("branch.xlsx")).findings, [odd]):
        whole = {"file": "b.xlsx", "errors": sum(f.level == "error" for f in findings),
                 "warnings": sum(f.level == "warning" for f in findings),
                 "findings": [finding_to_dict(f) for f in findings]}
        assert "".join(console.findings_json(Path("b.xlsx"), findings)) == json.dumps(whole, ensure_ascii=False, indent=2)


def test_check_json_of_a_good_workbook(docgen_cli, tmp_path: Path) -> None:
    clean_workbook(tmp_path)
    code, out, _ = docgen_cli("check", "branch.xlsx", "--format", "json", "--no-review")
    assert code == 0
    assert json.loads(out) == {"file": "branch.xlsx", "errors": 0, "warnings": 0, "findings": []}


def test_check_format_must_be_text_or_json(docgen_cli, tmp_path: Path) -> None:
    clean_workbook(tmp_path)
    assert docgen_cli("check", "branch.xlsx", "--format", "xml") == (
        2, "", "用法错误：参数值无效：--format: 只能是 text 或 json\n运行 docgen check --help 查看用法。\n")


def test_check_fix_writes_a_corrected_copy_and_leaves_the_original(docgen_cli, tmp_path: Path) -> None:
    problems = minimal_rows()["存在的问题"]
    problems[1][2] = "集中学习以读文件为主,讨论不够深入。"
    original = make_workbook(tmp_path, {"存在的问题": problems}).read_bytes()
    code, out, err = docgen_cli("check", "branch.xlsx", "--fix", "改正后.xlsx")
    assert (code, err) == (0, "")
    assert "  [警告] 存在的问题!C2：中文句子里用了半角标点：“…为主,讨论…”。" in out
    assert out.endswith("已把可自动改正的内容另存为：改正后.xlsx\n")
    assert (tmp_path / "branch.xlsx").read_bytes() == original
    fixed = openpyxl.load_workbook(tmp_path / "改正后.xlsx")
    assert fixed["存在的问题"]["C2"].value == "集中学习以读文件为主，讨论不够深入。"
    assert fixed["存在的问题"]["C3"].value == "运用理论指导工作的办法不多。"  # other cells as they were
    assert "半角标点" not in docgen_cli("check", "改正后.xlsx")[1]


def test_check_fix_cannot_overwrite_the_workbook(docgen_cli, tmp_path: Path) -> None:
    original = clean_workbook(tmp_path).read_bytes()
    assert docgen_cli("check", "branch.xlsx", "--fix", "branch.xlsx") == (
        1, "", "错误：branch.xlsx：改正后的文件不能覆盖原工作簿。请用 --fix 指定另一个文件名\n")
    assert (tmp_path / "branch.xlsx").read_bytes() == original


# -- make -----------------------------------------------------------------------------------------


def test_make_writes_beside_the_workbook_by_default(docgen_cli, tmp_path: Path) -> None:
    (tmp_path / "支部").mkdir()
    clean_workbook(tmp_path / "支部")
    assert docgen_cli("make", Path("支部") / "branch.xlsx") == (0, f"已生成：{Path('支部') / 'branch.docx'}\n", "")
    assert files_in(tmp_path / "支部") == ["branch.docx", "branch.xlsx"]
    paragraphs = document_paragraphs(tmp_path / "支部" / "branch.docx")
    assert paragraphs[0] == TITLE
    assert "一是学习的系统性不够。集中学习以读文件为主。二是学用结合不紧。运用理论指导工作的办法不多。" in paragraphs


def test_make_findings_go_to_stderr(docgen_cli, tmp_path: Path) -> None:
    make_workbook(tmp_path)
    code, out, err = docgen_cli("make", "branch.xlsx")
    assert (code, out) == (0, "已生成：branch.docx\n")
    assert err.splitlines()[0] == "branch.xlsx：" and err.splitlines()[-1] == "共 1 处提示。"


def test_make_output_option(docgen_cli, tmp_path: Path) -> None:
    clean_workbook(tmp_path)
    (tmp_path / "out").mkdir()
    assert docgen_cli("make", "branch.xlsx", "-o", "out/材料.docx") == (0, "已生成：out/材料.docx\n", "")
    assert document_paragraphs(tmp_path / "out" / "材料.docx")[0] == TITLE
    assert files_in(tmp_path) == ["branch.xlsx", "out"]
    assert docgen_cli("make", "branch.xlsx", "--output", "second.docx")[0] == 0
    assert (tmp_path / "second.docx").is_file()


def east_asian_fonts(path: Path) -> set[str]:
    fonts = set()
    for part in ("word/styles.xml", "word/document.xml"):
        for el in part_xml(path, part).iter():
            for name, value in el.attrib.items():
                if name.endswith("}eastAsia"):
                    fonts.add(value)
    return fonts


def test_make_fonts_windows(docgen_cli, tmp_path: Path) -> None:
    clean_workbook(tmp_path)
    assert docgen_cli("make", "branch.xlsx", "-o", "standard.docx")[0] == 0
    assert docgen_cli("make", "branch.xlsx", "-o", "windows.docx", "--fonts", "windows")[0] == 0
    assert {"仿宋_GB2312", "楷体_GB2312", "方正小标宋简体"} <= east_asian_fonts(tmp_path / "standard.docx")
    windows = east_asian_fonts(tmp_path / "windows.docx")
    assert {"仿宋", "楷体", "黑体"} <= windows
    assert not any("GB2312" in f or "方正" in f for f in windows)


def test_make_unknown_font_set_is_a_usage_error(docgen_cli, tmp_path: Path) -> None:
    clean_workbook(tmp_path)
    assert docgen_cli("make", "branch.xlsx", "--fonts", "bogus") == (
        2, "", "用法错误：参数值无效：--fonts: 只能是 standard 或 windows\n运行 docgen make --help 查看用法。\n")
    assert files_in(tmp_path) == ["branch.xlsx"]


def test_make_a_workbook_with_errors_writes_nothing(docgen_cli, tmp_path: Path) -> None:
    make_workbook(tmp_path, 日期="2026年13月40日")
    code, out, err = docgen_cli("make", "branch.xlsx")
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[0] == "branch.xlsx："
    assert lines[1].startswith("  [错误] 基本信息!B4：")
    assert lines[-1] == "未生成文档：branch.xlsx 有错误，请按上面的提示修改后重试。"
    assert files_in(tmp_path) == ["branch.xlsx"]


# -- usage errors (exit 2) ------------------------------------------------------------------------


def test_unknown_option(docgen_cli, tmp_path: Path) -> None:
    clean_workbook(tmp_path)
    assert docgen_cli("check", "branch.xlsx", "--colour") == (
        2, "", "用法错误：没有这个选项: --colour\n运行 docgen check --help 查看用法。\n")


def test_unknown_option_close_to_a_real_one(docgen_cli, tmp_path: Path) -> None:
    clean_workbook(tmp_path)
    assert docgen_cli("check", "branch.xlsx", "--fi", "x.xlsx") == (
        2, "", "用法错误：没有这个选项: --fi (可用的选项: --fix)\n运行 docgen check --help 查看用法。\n")


def test_missing_argument(docgen_cli) -> None:
    assert docgen_cli("new") == (2, "", "用法错误：缺少参数 '工作簿.xlsx'.\n运行 docgen new --help 查看用法。\n")
    assert docgen_cli("check") == (2, "", "用法错误：缺少参数 '工作簿.xlsx'.\n运行 docgen check --help 查看用法。\n")


def test_extra_argument(docgen_cli, tmp_path: Path) -> None:
    clean_workbook(tmp_path)
    assert docgen_cli("check", "branch.xlsx", "other.xlsx") == (
        2, "", "用法错误：多余的参数 (other.xlsx)\n运行 docgen check --help 查看用法。\n")


def test_what_the_user_typed_is_echoed_as_typed(docgen_cli, tmp_path: Path) -> None:
    """Messages are made from what the error knows, never by replacing English words in Click's text."""
    clean_workbook(tmp_path, "Options-2025.xlsx")
    assert docgen_cli("check", "Options-2025.xlsx", "Options-2026.xlsx") == (
        2, "", "用法错误：多余的参数 (Options-2026.xlsx)\n运行 docgen check --help 查看用法。\n")
    assert docgen_cli("check", "Options-2025.xlsx", "--Options") == (
        2, "", "用法错误：没有这个选项: --Options\n运行 docgen check --help 查看用法。\n")
    assert docgen_cli("Options") == (2, "", "用法错误：没有这个命令 'Options'.\n运行 docgen --help 查看用法。\n")


def test_option_without_its_value_names_the_command(docgen_cli, tmp_path: Path) -> None:
    clean_workbook(tmp_path)
    assert docgen_cli("check", "branch.xlsx", "--fix") == (
        2, "", "用法错误：选项 '--fix' 需要一个值.\n运行 docgen check --help 查看用法。\n")
    assert docgen_cli("new", "x.xlsx", "--force=yes") == (
        2, "", "用法错误：选项 '--force' 不接受值.\n运行 docgen new --help 查看用法。\n")


def test_bad_number_of_jobs(docgen_cli, tmp_path: Path) -> None:
    clean_workbook(tmp_path)
    assert docgen_cli("make", "branch.xlsx", "-j", "0") == (
        2, "", "用法错误：参数值无效：'--jobs' / '-j': 应为不小于 1 的整数\n运行 docgen make --help 查看用法。\n")
    assert docgen_cli("make", "branch.xlsx", "-j", "two") == (
        2, "", "用法错误：参数值无效：'--jobs' / '-j': 应为不小于 1 的整数\n运行 docgen make --help 查看用法。\n")
    assert files_in(tmp_path) == ["branch.xlsx"]


def test_unknown_command(docgen_cli) -> None:
    assert docgen_cli("mkae", "branch.xlsx") == (
        2, "", "用法错误：没有这个命令 'mkae'. 您是不是要输入 'make'?\n运行 docgen --help 查看用法。\n")


def test_no_arguments_shows_help_and_exits_2(docgen_cli) -> None:
    code, out, err = docgen_cli()
    assert (code, out) == (2, "")
    assert err.startswith("用法：docgen [选项] 命令 [参数]...\n")


def test_version(docgen_cli) -> None:
    assert docgen_cli("--version") == (0, f"docgen {docgen.__version__}\n", "")
    assert docgen_cli("-V") == (0, f"docgen {docgen.__version__}\n", "")


# -- help is Chinese --------------------------------------------------------------------------------

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
# Latin words a Chinese help page may hold: product names, option values, file kinds, placeholders.
ALLOWED_WORDS = {"docgen", "text", "json", "standard", "windows", "Windows", "xlsx", "docx", "txt", "Excel",
                 "WPS", "Word", "GB", "T", "N", "CPU", "branch", "Alt", "Enter", "PDF", "LibreOffice",
                 "toml", *COMMANDS}


def test_every_command_is_listed() -> None:
    assert {"new", "check", "make"} <= set(COMMANDS)


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)], ids=lambda c: " ".join(c) or "docgen")
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_is_chinese(docgen_cli, command: list[str], flag: str) -> None:
    code, out, err = docgen_cli(*command, flag)
    assert (code, err) == (0, "")
    assert out.startswith(f"用法：docgen {' '.join(command)}".rstrip() + " [选项]")
    assert "\n选项:\n" in out and "显示本帮助并退出。" in out
    for english in ("Usage", "Options", "Arguments", "Commands", "Show this message", "default", "required"):
        assert english not in out
    words = set(re.findall(r"[A-Za-z]+", re.sub(r"(?<![\w-])--?[\w-]+", " ", out)))
    assert words <= ALLOWED_WORDS, words - ALLOWED_WORDS


# -- bad input: one Chinese line, exit 1, no traceback ---------------------------------------------


def word_document(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return path


BAD_INPUTS = {
    "missing": (lambda d: d / "branch.xlsx",
                "错误：branch.xlsx：文件不存在。请检查文件名和所在文件夹是否正确"),
    "empty": (lambda d: (d / "branch.xlsx").write_bytes(b""),
              "错误：branch.xlsx：文件是空的（0 字节）。可能是保存或复制没有完成，请重新保存或重新下载"),
    "csv": (lambda d: (d / "branch.xlsx").write_text("项目,内容\n标题,某支部材料\n", encoding="utf-8"),
            "错误：branch.xlsx：这是文本或 CSV 文件，不是Excel 工作簿（.xlsx）。请用 Excel 打开后另存为 .xlsx 格式"),
    "docx": (lambda d: word_document(d / "branch.xlsx"),
             "错误：branch.xlsx：这是 Word 文档，不是 Excel 工作簿。请给出要读取的 Excel 工作簿（.xlsx）；"
             "导入旧文档请使用 docgen import"),
    "truncated": (lambda d: (d / "branch.xlsx").write_bytes(
        clean_workbook(d, "whole.xlsx").read_bytes()[:3000]),
                  "错误：branch.xlsx：文件不完整或已损坏。请重新下载或重新保存（可能是下载或复制时中断了）"),
}


@pytest.mark.parametrize("command", ["check", "make"])
@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_bad_workbook_is_one_chinese_line(docgen_cli, tmp_path: Path, kind: str, command: str) -> None:
    build, message = BAD_INPUTS[kind]
    build(tmp_path)
    before = files_in(tmp_path)
    assert docgen_cli(command, "branch.xlsx") == (1, "", message + "\n")
    assert files_in(tmp_path) == before


def test_output_must_end_docx(docgen_cli, tmp_path: Path) -> None:
    clean_workbook(tmp_path)
    assert docgen_cli("make", "branch.xlsx", "-o", "branch.pdf") == (
        1, "", "错误：branch.pdf：输出文件的扩展名应为 .docx。请把文件名改为以 .docx 结尾\n")
    assert files_in(tmp_path) == ["branch.xlsx"]


def test_output_cannot_be_the_workbook_itself(docgen_cli, tmp_path: Path) -> None:
    # a workbook saved with a .docx name: the default output would be the workbook itself
    original = clean_workbook(tmp_path, "branch.docx").read_bytes()
    expected = (1, "", "错误：branch.docx：输出文件不能是工作簿本身。请用 -o 指定一个 .docx 文件名\n")
    assert docgen_cli("make", "branch.docx") == expected
    assert docgen_cli("make", "branch.docx", "-o", "./branch.docx") == (
        1, "", "错误：branch.docx：输出文件不能是工作簿本身。请用 -o 指定一个 .docx 文件名\n")
    assert (tmp_path / "branch.docx").read_bytes() == original


def test_output_folder_missing(docgen_cli, tmp_path: Path) -> None:
    clean_workbook(tmp_path)
    assert docgen_cli("make", "branch.xlsx", "-o", "nowhere/branch.docx") == (
        1, "", "错误：nowhere/branch.docx：输出文件夹不存在：nowhere。请先创建该文件夹，或用 -o 指定其他位置\n")


def test_output_is_a_folder(docgen_cli, tmp_path: Path) -> None:
    clean_workbook(tmp_path)
    (tmp_path / "branch.docx").mkdir()
    assert docgen_cli("make", "branch.xlsx") == (
        1, "", "错误：branch.docx：这是一个文件夹，不能作为输出文件。请用 -o 指定一个 .docx 文件名\n")
    assert files_in(tmp_path) == ["branch.docx", "branch.xlsx"]
    assert list((tmp_path / "branch.docx").iterdir()) == []


def test_template_missing(docgen_cli, tmp_path: Path) -> None:
    clean_workbook(tmp_path)
    code, out, err = docgen_cli("make", "branch.xlsx", "--template", "mine.docx")
    assert (code, out) == (1, "")
    assert err == "错误：mine.docx：文件不存在。请检查文件名和所在文件夹是否正确\n"
    assert files_in(tmp_path) == ["branch.xlsx"]


# -- as a real process ------------------------------------------------------------------------------


def test_process_bad_input_has_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "branch.xlsx").write_bytes(b"\x00" * 10)
    done = run_process("make", "branch.xlsx", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("错误：branch.xlsx：") and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


def test_process_end_to_end(tmp_path: Path) -> None:
    new = run_process("new", "--example", "示例.xlsx", cwd=tmp_path)
    assert (new.returncode, new.stderr) == (0, "")
    made = run_process("make", "示例.xlsx", "--fonts", "windows", cwd=tmp_path)
    assert (made.returncode, made.stdout, made.stderr) == (0, "已生成：示例.docx\n", "")
    usage = run_process("make", "示例.xlsx", "--fonts", "bogus", cwd=tmp_path)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
    assert usage.stderr.startswith("用法错误：")


def test_import_of_a_workbook_says_it_needs_no_import(docgen_cli, tmp_path: Path) -> None:
    clean_workbook(tmp_path)
    assert docgen_cli("import", "branch.xlsx") == (
        1, "", "错误：branch.xlsx：这已经是工作簿，不需要转换。请直接运行 docgen check branch.xlsx\n")


def test_make_into_an_existing_folder(docgen_cli, tmp_path: Path) -> None:
    clean_workbook(tmp_path)
    (tmp_path / "out").mkdir()
    code, out, _err = docgen_cli("make", "branch.xlsx", "-o", "out")
    assert code == 0 and "成功" in out
    assert document_paragraphs(tmp_path / "out" / "branch.docx")[0]
