"""Many workbooks at once: finding them, naming outputs, failures, exit codes, the summary, Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from docxread import document_paragraphs
from reports import report

from docgen.api import document_maker
from docgen.batch import BatchUsageError, collect_inputs, plan_jobs, run_jobs, summary_lines
from docgen.cli import main
from docgen.errors import InputError
from docgen.workbook import write_workbook


def workbook(path: Path, **meta: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_workbook(path, report(aspects=1, items=1, causes=1, directions=1, **meta))
    return path


def broken(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"PK\x03\x04 this is not really a workbook")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(["make", *map(str, args)])
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def names(paths: list[Path], base: Path) -> list[str]:
    return [p.relative_to(base).as_posix() for p in paths]


# -- finding workbooks ------------------------------------------------------------------------------


def test_folders_are_searched_recursively_without_lock_or_hidden_files(tmp_path: Path) -> None:
    for name in ("a.xlsx", "sub/b.XLSX", "sub/deeper/c.xlsx", "~$a.xlsx", ".hidden.xlsx", ".git/d.xlsx",
                 "notes.txt", "old.xls", "sub/e.docx"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    assert names(collect_inputs([tmp_path]), tmp_path) == ["a.xlsx", "sub/b.XLSX", "sub/deeper/c.xlsx"]


def test_files_named_explicitly_are_kept_and_duplicates_made_once(tmp_path: Path) -> None:
    a = workbook(tmp_path / "in" / "a.xlsx")
    b = workbook(tmp_path / "b.xlsx")
    found = collect_inputs([a, tmp_path / "in", b, tmp_path / "b.xlsx"])
    assert names(found, tmp_path) == ["in/a.xlsx", "b.xlsx"]


def test_a_missing_path_or_a_folder_without_workbooks_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="找不到这个文件或文件夹"):
        collect_inputs([tmp_path / "nope"])
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "~$lock.xlsx").write_bytes(b"x")
    with pytest.raises(InputError, match="没有找到工作簿"):
        collect_inputs([tmp_path / "empty"])


# -- planning outputs -------------------------------------------------------------------------------


def test_outputs_go_beside_each_workbook_or_into_the_folder(tmp_path: Path) -> None:
    inputs = [tmp_path / "x" / "a.xlsx", tmp_path / "y" / "b.xlsx"]
    assert [j.output for j in plan_jobs(inputs)] == [tmp_path / "x" / "a.docx", tmp_path / "y" / "b.docx"]
    assert [j.output for j in plan_jobs(inputs, tmp_path / "out")] == [tmp_path / "out" / "a.docx",
                                                                       tmp_path / "out" / "b.docx"]


@pytest.mark.parametrize("second", ["a.xlsx", "A.xlsx"])
def test_two_workbooks_writing_one_file_are_refused(tmp_path: Path, second: str) -> None:
    with pytest.raises(BatchUsageError) as info:
        plan_jobs([tmp_path / "x" / "a.xlsx", tmp_path / "y" / second], tmp_path / "out")
    assert "多个工作簿会生成同名文件" in str(info.value) and str(tmp_path / "y" / second) in str(info.value)
    assert info.value.exit_code == 2


def test_collision_is_refused_before_anything_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook(tmp_path / "x" / "a.xlsx")
    workbook(tmp_path / "y" / "a.xlsx")
    workbook(tmp_path / "x" / "b.xlsx")
    code, out, err = run(capsys, tmp_path / "x", tmp_path / "y", "-o", tmp_path / "out")
    assert code == 2
    assert "多个工作簿会生成同名文件，未生成任何文件" in err and "请给其中的工作簿改名" in err
    assert not (tmp_path / "out").exists()
    assert not list(tmp_path.rglob("*.docx"))


def test_with_several_workbooks_output_must_be_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = workbook(tmp_path / "a.xlsx"), workbook(tmp_path / "b.xlsx")
    code, _, err = run(capsys, a, b, "-o", tmp_path / "all.docx")
    assert code == 2 and "-o 应当是一个文件夹" in err
    (tmp_path / "file").write_text("x")
    code, _, err = run(capsys, a, b, "-o", tmp_path / "file")
    assert code == 2 and "-o 应当是一个文件夹" in err
    assert not list(tmp_path.rglob("*.docx"))


# -- running ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_one_bad_workbook_does_not_stop_the_others(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    jobs: str) -> None:
    for name in ("a", "b", "c"):
        workbook(tmp_path / "in" / f"{name}.xlsx", organization=f"中共{name}支部委员会")
    broken(tmp_path / "in" / "bad.xlsx")
    code, out, err = run(capsys, tmp_path / "in", "-o", tmp_path / "out", "-j", jobs)
    assert code == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.docx", "b.docx", "c.docx"]
    for name in ("a", "b", "c"):
        assert f"中共{name}支部委员会" in document_paragraphs(tmp_path / "out" / f"{name}.docx")
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith(str(tmp_path))}
    assert "失败" in rows[str(tmp_path / "in" / "bad.xlsx")]
    assert "损坏" in rows[str(tmp_path / "in" / "bad.xlsx")]
    for name in ("a", "b", "c"):
        assert rows[str(tmp_path / "in" / f"{name}.xlsx")].split()[1:] == ["成功", str(tmp_path / "out" / f"{name}.docx")]
    assert out.splitlines()[-1] == "共 4 个工作簿：成功 3 个，失败 1 个。"
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_workbook_with_errors_names_the_cell_in_the_summary(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    good = workbook(tmp_path / "good.xlsx")
    bad = workbook(tmp_path / "bad.xlsx", title="")
    code, out, _ = run(capsys, good, bad)
    assert code == 1
    line = next(line for line in out.splitlines() if line.startswith(str(bad)))
    assert "失败" in line and "基本信息!" in line and f"docgen check {bad}" in line
    assert (tmp_path / "good.docx").exists() and not (tmp_path / "bad.docx").exists()


def test_all_good_exits_zero_and_writes_beside_each_workbook(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    a = workbook(tmp_path / "x" / "a.xlsx")
    b = workbook(tmp_path / "y" / "z" / "b.xlsx")
    code, out, _ = run(capsys, tmp_path)
    assert code == 0
    assert (tmp_path / "x" / "a.docx").exists() and (tmp_path / "y" / "z" / "b.docx").exists()
    assert out.splitlines()[0].split() == ["工作簿", "结果", "输出文件或原因"]
    assert str(a) in out and str(b) in out
    assert out.splitlines()[-1] == "共 2 个工作簿：成功 2 个，失败 0 个。"


def test_output_folder_is_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook(tmp_path / "in" / "a.xlsx")
    code, _, _ = run(capsys, tmp_path / "in", "-o", tmp_path / "new" / "deeper")
    assert code == 0 and (tmp_path / "new" / "deeper" / "a.docx").exists()


def test_single_workbook_behaves_as_before(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = workbook(tmp_path / "a.xlsx")
    code, out, _ = run(capsys, a)
    assert (code, out) == (0, f"已生成：{tmp_path / 'a.docx'}\n")
    code, out, _ = run(capsys, a, "-o", tmp_path / "x.docx")
    assert (code, out) == (0, f"已生成：{tmp_path / 'x.docx'}\n")


def test_bad_jobs_value_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, tmp_path, "-j", "0")
    assert code == 2 and "用法错误" in err


def test_parallel_and_serial_outputs_are_identical(tmp_path: Path) -> None:
    inputs = [workbook(tmp_path / "in" / f"{i}.xlsx", organization=f"中共第{i}支部委员会") for i in range(4)]
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    serial = run_jobs(plan_jobs(inputs, tmp_path / "one"), document_maker(), workers=1)
    parallel = run_jobs(plan_jobs(inputs, tmp_path / "two"), document_maker(), workers=2)
    assert all(r.ok for r in serial.results + parallel.results)
    assert [r.job.workbook for r in parallel.results] == inputs  # in job order, whatever finished first
    for i in range(4):
        assert (tmp_path / "one" / f"{i}.docx").read_bytes() == (tmp_path / "two" / f"{i}.docx").read_bytes()


def test_progress_is_reported_for_every_job(tmp_path: Path) -> None:
    inputs = [workbook(tmp_path / f"{i}.xlsx") for i in range(3)]
    seen: list[tuple[int, int, object]] = []
    run_jobs(plan_jobs(inputs), document_maker(), workers=2, progress=lambda done, total, r: seen.append((done, total, r)))
    assert [(d, t) for d, t, _ in seen] == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert seen[0][2] is None and {r.job.workbook for _, _, r in seen[1:]} == set(inputs)  # type: ignore[union-attr]


def test_summary_lines_align_chinese_names(tmp_path: Path) -> None:
    from docgen.batch import BatchResult, Job, JobResult

    result = BatchResult((JobResult(Job(Path("第一支部.xlsx"), Path("第一支部.docx")), True, warnings=2),
                          JobResult(Job(Path("b.xlsx"), Path("b.docx")), False, "文件已损坏")), total=3,
                         interrupted=True)
    lines = summary_lines(result)
    assert lines[2] == "第一支部.xlsx  成功  第一支部.docx（2 处警告）"
    assert lines[3] == "b.xlsx         失败  文件已损坏"
    assert lines[-1] == "共 3 个工作簿：成功 1 个，失败 1 个，因取消未处理 1 个。"


# -- Ctrl-C -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_cleanly_with_no_half_written_file(tmp_path: Path, jobs: str) -> None:
    source = workbook(tmp_path / "seed.xlsx")
    data = source.read_bytes()
    source.unlink()
    (tmp_path / "in").mkdir()
    for i in range(300):
        (tmp_path / "in" / f"w{i:03}.xlsx").write_bytes(data)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    command = [sys.executable, "-m", "docgen", "make", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", jobs]
    # Its own process group, as a terminal's Ctrl-C reaches the whole foreground group.
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list((tmp_path / "out").glob("*.docx")) and proc.poll() is None:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err.decode()
    assert "已取消" in err.decode()
    written = sorted((tmp_path / "out").iterdir())
    assert 0 < len(written) < 300
    assert all(p.suffix == ".docx" for p in written)  # no temporary file left behind
    for path in written:  # and every file written is complete
        with zipfile.ZipFile(path) as package:
            assert package.testzip() is None and "word/document.xml" in package.namelist()
    summary = out.decode().splitlines()
    assert summary[-1].startswith("共 300 个工作簿：成功 ") and "因取消未处理" in summary[-1]
    assert sum(" 成功 " in line for line in summary) == len(written)


# -- processes: capped, a dying worker fails only its own job, spawn works -----------------------------------


def _pid_maker(workbook: Path, output: Path) -> int:
    """A make-one that only writes which process made the job (for counting workers)."""
    output.write_text(str(os.getpid()), encoding="ascii")
    return 0


def _dying_maker(workbook: Path, output: Path) -> int:
    if workbook.stem == "die":
        os._exit(3)  # as a worker killed for its memory would: no exception, no goodbye
    return document_maker()(workbook, output)


def test_workers_are_capped_at_the_cpus_and_the_jobs(tmp_path: Path) -> None:
    from docgen.batch.run import default_workers

    inputs = [workbook(tmp_path / "in" / f"{i}.xlsx") for i in range(5)]
    (tmp_path / "out").mkdir()
    result = run_jobs(plan_jobs(inputs, tmp_path / "out"), _pid_maker, workers=1000)  # 1,000 processes once
    assert all(r.ok for r in result.results)
    pids = {p.read_text() for p in (tmp_path / "out").iterdir()}
    assert 1 <= len(pids) <= min(default_workers(), 5)
    (tmp_path / "two").mkdir()
    run_jobs(plan_jobs(inputs[:2], tmp_path / "two"), _pid_maker, workers=1000)
    assert len({p.read_text() for p in (tmp_path / "two").iterdir()}) <= 2


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the dying make-one reaches workers by fork")
def test_a_worker_that_dies_fails_only_its_own_job(tmp_path: Path) -> None:
    names = ["a", "b", "die", "c", "d", "e", "f", "g"]
    inputs = [workbook(tmp_path / "in" / f"{name}.xlsx") for name in names]
    (tmp_path / "out").mkdir()
    result = run_jobs(plan_jobs(inputs, tmp_path / "out"), _dying_maker, workers=2)
    by_name = {r.job.workbook.stem: r for r in result.results}
    assert set(by_name) == set(names) and not result.interrupted
    assert by_name["die"].ok is False
    assert by_name["die"].reason == "处理进程意外退出（退出码 3），请单独重新生成这个工作簿"
    assert all(by_name[name].ok for name in names if name != "die")  # the rest, retried on a fresh worker
    assert sorted(p.stem for p in (tmp_path / "out").iterdir()) == sorted(n for n in names if n != "die")


def test_the_spawn_start_method_makes_the_same_documents(tmp_path: Path) -> None:
    """Windows and macOS start workers by spawn: nothing may rely on what fork would have inherited."""
    inputs = [workbook(tmp_path / "in" / f"{i}.xlsx", organization=f"中共第{i}支部委员会") for i in range(3)]
    (tmp_path / "serial").mkdir()
    (tmp_path / "spawn").mkdir()
    run_jobs(plan_jobs(inputs, tmp_path / "serial"), document_maker(), workers=1)
    result = run_jobs(plan_jobs(inputs, tmp_path / "spawn"), document_maker(), workers=2, start_method="spawn")
    assert all(r.ok for r in result.results), [r.reason for r in result.results]
    for i in range(3):
        assert (tmp_path / "serial" / f"{i}.docx").read_bytes() == (tmp_path / "spawn" / f"{i}.docx").read_bytes()


def test_spawned_workers_can_vet_a_template_of_the_users(tmp_path: Path) -> None:
    """A spawned worker does not inherit that the template passed its limited first rendering: it runs one
    of its own, in a child process, which a daemonic worker could not start."""
    mine = tmp_path / "mine.docx"
    mine.write_bytes((Path(__file__).resolve().parent.parent / "templates" / "branch.docx").read_bytes())
    inputs = [workbook(tmp_path / "in" / f"{i}.xlsx") for i in range(2)]
    (tmp_path / "out").mkdir()
    result = run_jobs(plan_jobs(inputs, tmp_path / "out"), document_maker(template=mine), workers=2,
                      start_method="spawn")
    assert all(r.ok for r in result.results), [r.reason for r in result.results]


def test_the_entry_point_supports_frozen_windows_programs(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    from docgen.cli import main

    called: list[bool] = []
    monkeypatch.setattr(multiprocessing, "freeze_support", lambda: called.append(True))
    with pytest.raises(SystemExit):
        main(["--version"])
    assert called == []  # a plain Python needs nothing, and starts without loading multiprocessing
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # as PyInstaller and the like set it
    with pytest.raises(SystemExit):
        main(["--version"])
    assert called == [True]
