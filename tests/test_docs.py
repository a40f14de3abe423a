"""The README is part of the contract: every command, option and template variable is documented."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import typer
from docxread import document_paragraphs
from reports import report

from docgen.cli import app, main
from docgen.rendering.context import VARIABLES, build_context

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
QUICK_START = ("pip install . && docgen make data/example.xlsx", 'pip install ".[test]" && pytest -q')

CLI = typer.main.get_command(app)
COMMANDS = sorted(CLI.commands)  # type: ignore[attr-defined]


def section(heading: str, level: str = "###") -> str:
    """The README text under the first heading starting with `heading`, to the next heading of its level."""
    end = rf"(?=^#{{2,{len(level)}}} |\Z)"
    match = re.search(rf"^{level} {re.escape(heading)}.*?$(.*?){end}", README, re.M | re.S)
    assert match, f"README has no heading {level} {heading}"
    return match.group(0)


def options(command: str) -> list[list[str]]:
    """Each option of a command as its names, e.g. ["-o", "--output"]; --help is left out."""
    params = CLI.commands[command].params  # type: ignore[attr-defined]
    return [list(p.opts) for p in params if p.opts and p.opts[0].startswith("-") and "--help" not in p.opts]


def test_there_are_commands_to_document() -> None:
    assert {"new", "check", "make"} <= set(COMMANDS)
    assert ["--example"] in options("new")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_section(command: str) -> None:
    text = section(f"docgen {command} ")
    assert len(text.splitlines()) >= 3  # a heading and at least a sentence


# Options the README does not describe yet; strict, so documenting one fails its test until it leaves this list.
UNDOCUMENTED: dict[tuple[str, str], str] = {}  # (command, option) -> why, while a gap is known


def option_cases() -> list[object]:
    cases = []
    for command in COMMANDS:
        for names in options(command):
            gap = next((why for (c, name), why in UNDOCUMENTED.items()
                        if c == command and name in names), None)
            marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
            cases.append(pytest.param(command, names, marks=marks, id=f"{command}-{'/'.join(names)}"))
    return cases


@pytest.mark.parametrize("command, names", option_cases())
def test_every_option_is_documented_in_its_commands_section(command: str, names: list[str]) -> None:
    text = section(f"docgen {command} ")
    found = [name for name in names if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)]
    assert found, f"README section of docgen {command} does not mention {' or '.join(names)}"


def test_global_options_are_documented() -> None:
    commands = section("命令", "##")
    for name in ("--help", "-h", "--version"):
        assert name in commands
    for code in ("0", "1", "2"):
        assert f"{code} " in commands.split("退出码：")[1].splitlines()[0]


def test_quick_start_has_exactly_the_two_commands() -> None:
    blocks = re.findall(r"^```\n(.*?)^```", section("快速开始", "##"), re.M | re.S)
    assert [b.strip() for b in blocks] == list(QUICK_START)


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert QUICK_START[1] in [line.strip() for line in lines]


def test_quick_start_example_makes_the_document_the_readme_promises(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert "`data/example.docx`" in section("快速开始", "##")
    (tmp_path / "data").mkdir()
    shutil.copy(ROOT / "data" / "example.xlsx", tmp_path / "data" / "example.xlsx")
    monkeypatch.chdir(tmp_path)  # the repository's data/ stays as it is
    with pytest.raises(SystemExit) as exit_info:
        main(["make", "data/example.xlsx"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == "已生成：data/example.docx\n"
    assert len(document_paragraphs(tmp_path / "data" / "example.docx")) > 10


@pytest.mark.parametrize("variable", VARIABLES)
def test_every_template_variable_is_in_the_readme(variable: str) -> None:
    assert f"`{variable}`" in section("自定义模板", "##")


def test_the_variable_list_is_what_templates_get() -> None:
    assert set(build_context(report())) == set(VARIABLES)


def test_readme_names_only_real_commands() -> None:
    """Every `docgen X` in code (backticks, code blocks, headings) is a command that exists."""
    chinese = README.split("## English")[0]  # English prose says "docgen turns ..."
    mentioned = set(re.findall(r"(?:^|`|### )docgen ([a-z]+)", chinese, re.M))
    assert mentioned and mentioned <= set(COMMANDS)


# -- the library -----------------------------------------------------------------------------------


def test_every_public_function_is_documented_and_in_the_english_section() -> None:
    import docgen

    english = README.split("## English")[1]
    functions = [name for name in docgen.__all__ if callable(getattr(docgen, name)) and name[0].islower()]
    assert {"read_workbook", "lint", "render", "write_workbook", "import_document", "make_many"} <= set(functions)
    for name in functions:
        assert getattr(docgen, name).__doc__, f"docgen.{name} has no docstring"
        assert f"`{name}`" in english or f"docgen.{name}(" in english, f"docgen.{name} is not in the README"


def test_the_english_library_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    import docgen

    (code,) = re.findall(r"```python\n(.*?)```", README.split("## English")[1], re.S)
    (tmp_path / "data").mkdir()
    (tmp_path / "branches").mkdir()
    shutil.copy(ROOT / "data" / "example.xlsx", tmp_path / "data" / "example.xlsx")
    shutil.copy(ROOT / "data" / "example.xlsx", tmp_path / "branches" / "一支部.xlsx")
    example = docgen.read_workbook(ROOT / "data" / "example.xlsx").report
    (tmp_path / "last-year.docx").write_bytes(docgen.render(example))
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})  # noqa: S102 - our own README's example
    assert capsys.readouterr().out.splitlines()[-1] == "1 0"
    assert (tmp_path / "out" / "一支部.docx").is_file()
