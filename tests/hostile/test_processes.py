"""Files and processes: an unreadable input, long names, paths past the system's limit, and a console that
is not UTF-8 each get a message in the user's words, never a traceback (issue 8, point 12)."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from bounded import run_docgen, snapshot
from builders import make_workbook


def test_an_unreadable_input_says_so_and_exits_1(docgen_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Click's own check said `Path 'branch.xlsx' is not readable` in English, with exit 2."""
    path = make_workbook(tmp_path)
    path.chmod(0)
    real_access, real_open = os.access, os.open
    denied = str(path.name)
    # root reads anything: make the system say what it says to anyone else
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if str(p).endswith(denied) else real_access(p, mode, **kw))

    def refuse(p: object, *args: object, **kw: object) -> int:
        if str(p).endswith(denied):
            raise PermissionError(errno.EACCES, "Permission denied", str(p))
        return real_open(p, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    try:
        for command in (["check"], ["make"]):
            assert docgen_cli(*command, "branch.xlsx") == (
                1, "", "错误：branch.xlsx：无法读取文件。请检查文件权限或是否被其他程序占用（Permission denied）\n")
    finally:
        path.chmod(0o644)


def test_a_long_file_name_still_writes(tmp_path: Path) -> None:
    """A name of 245 bytes is allowed; its temporary sibling (.~name.XXXXXXXX.tmp) would have passed 255."""
    make_workbook(tmp_path)
    name = "长" * 80 + ".docx"
    assert len(name.encode()) == 245
    run = run_docgen("make", "branch.xlsx", "-o", name, cwd=tmp_path)
    assert (run.code, run.out) == (0, f"已生成：{name}\n"), run.err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["branch.xlsx", name])


TOO_LONG = "/".join(["长" * 80] * 20)  # 4,800 bytes: past PATH_MAX (4,096)


@pytest.mark.parametrize("command", [["check", f"{TOO_LONG}/branch.xlsx"], ["make", f"{TOO_LONG}/branch.xlsx"],
                                     ["make", "branch.xlsx", "-o", f"{TOO_LONG}/out.docx"],
                                     ["make", "branch.xlsx", "-t", f"{TOO_LONG}/mine.docx"],
                                     ["import", f"{TOO_LONG}/old.docx"], ["new", f"{TOO_LONG}/new.xlsx"],
                                     ["make", "branch.xlsx", "-o", f"{TOO_LONG}/"]])
def test_a_path_past_the_system_limit_gets_a_message(tmp_path: Path, command: list[str]) -> None:
    make_workbook(tmp_path)
    before = snapshot(tmp_path)
    run = run_docgen(*command, cwd=tmp_path)
    assert (run.code, run.out) == (1, ""), run.err
    assert run.err.startswith("错误：") and run.err.count("\n") == 1 and "Traceback" not in run.err, run.err
    assert "路径太长" in run.err or "File name too long" in run.err
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("encoding", ["cp1252", "cp936", "ascii"])
def test_json_is_utf8_whatever_the_console(tmp_path: Path, encoding: str) -> None:
    """A Windows console in code page 936 or 1252 once got GBK, or question marks, instead of UTF-8."""
    rows = {"存在的问题": [["方面", "问题", "具体表现"], ["学习方面", "学习不够", "XX𠀀同志学得少€。"]]}
    make_workbook(tmp_path, rows)  # 𠀀 is beyond GBK, € beyond cp936
    run = run_docgen("check", "branch.xlsx", "--format", "json", cwd=tmp_path, env={"PYTHONIOENCODING": encoding})
    payload = json.loads(run.out)  # run_docgen decodes stdout as UTF-8 (replacing what is not)
    assert run.code == 0 and "\ufffd" not in run.out
    assert any("XX𠀀同" in f["message"] for f in payload["findings"]), payload
