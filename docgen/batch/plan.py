"""Plan a batch: find the workbooks (folders searched recursively), name the outputs, refuse collisions."""

from __future__ import annotations

import os
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..errors import InputError, OutputError, UsageProblem

LOCK_PREFIX = "~$"  # Excel's and WPS's owner files beside an open workbook


class BatchUsageError(UsageProblem):
    """A batch that cannot start as asked (name collisions, -o not a folder); nothing was written."""


@dataclass(frozen=True)
class Job:
    workbook: Path
    output: Path


def collect_inputs(paths: Sequence[Path]) -> list[Path]:
    """Files as given, folders searched recursively for .xlsx (no lock files, nothing hidden)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(_workbooks_under(path))
        elif path.exists():
            found.append(path)
        else:
            raise InputError("找不到这个文件或文件夹", file=str(path), hint="请检查路径是否写对")
    if not found:
        folders = "、".join(str(p) for p in paths)
        raise InputError(f"在 {folders} 中没有找到工作簿（.xlsx）", hint="请检查文件夹是否写对；以 ~$ 开头的临时文件和隐藏文件不算")
    unique: dict[str, Path] = {}
    for path in found:  # a file named twice, or named and inside a named folder, is made once
        unique.setdefault(_key(path), path)
    return list(unique.values())


def _workbooks_under(folder: Path) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(folder):  # does not follow links to folders: no loops
        dirs[:] = sorted(d for d in dirs if not _hidden(Path(root, d)))
        for name in sorted(files):
            path = Path(root, name)
            if name.lower().endswith(".xlsx") and not name.startswith(LOCK_PREFIX) and not _hidden(path):
                found.append(path)
    return found


def _hidden(path: Path) -> bool:
    if path.name.startswith("."):
        return True
    try:
        attributes = getattr(path.lstat(), "st_file_attributes", 0)  # Windows only
    except OSError:
        return True
    return bool(attributes & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))


def plan_jobs(workbooks: Sequence[Path], output: Path | None = None) -> list[Job]:
    """One job per workbook; `output` is a folder. Refuses two jobs writing one file."""
    if output is not None:
        output = Path(output)
        is_file = output.exists() and not output.is_dir()
        if is_file or (not output.exists() and output.suffix.lower() == ".docx"):
            raise BatchUsageError("有多个工作簿时，-o 应当是一个文件夹", file=str(output),
                                  hint="请用 -o 指定一个文件夹（不存在时会自动创建），或每次只生成一个工作簿")
    jobs = [Job(Path(w), (output / Path(w).name if output else Path(w)).with_suffix(".docx")) for w in workbooks]
    by_target: dict[str, list[Job]] = {}
    for job in jobs:
        by_target.setdefault(_key(job.output), []).append(job)
    clashes = [group for group in by_target.values() if len(group) > 1]
    if clashes:
        described = "；".join(f"{group[0].output}（来自 " + "、".join(str(j.workbook) for j in group) + "）"
                              for group in clashes)
        raise BatchUsageError(f"多个工作簿会生成同名文件，未生成任何文件：{described}",
                              hint="请给其中的工作簿改名，或分开运行并用 -o 指定不同的文件夹")
    return jobs


def _key(path: Path) -> str:
    # Case-folded and NFC: on Windows and macOS disks "A.docx" and "a.docx" are one file.
    return unicodedata.normalize("NFC", os.path.normcase(os.path.abspath(path))).casefold()


def prepare_folder(output: Path) -> None:
    try:
        Path(output).mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError("无法创建输出文件夹", file=str(output), hint="请检查路径和写入权限，或用 -o 指定其他文件夹") from err
