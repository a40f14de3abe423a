"""LibreOffice, found and run safely: many .docx to PDF in one headless process (stdlib only).

The process runs without a shell, with arguments as a list, a time limit, and a profile folder of its
own (so neither a LibreOffice the user has open nor two docgen runs get in each other's way). Documents
are copied under plain numbered names first: two reports of the same name in different folders cannot
collide, and no name can look like an option. Each PDF is moved into place atomically.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..errors import DocgenError, ToolMissing
from ..files.atomic import atomic_write

ENV_SOFFICE = "DOCGEN_SOFFICE"  # the full path of soffice, where it is installed somewhere unusual
NAMES = ("soffice", "libreoffice")
# Where the installers put it when it is not on PATH (Windows never adds it; macOS puts it in the app).
_WINDOWS = ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432")
_MACOS = ("/Applications/LibreOffice.app/Contents/MacOS/soffice",)
START_SECONDS = 120  # starting LibreOffice, the first time with a fresh profile
SECONDS_PER_DOCUMENT = 30

MISSING_HINT = (
    "Windows：从 https://zh-cn.libreoffice.org/download/download/ 下载 LibreOffice 安装包，按默认选项安装即可"
    "（装在其他位置时，把 soffice.exe 的完整路径设为环境变量 DOCGEN_SOFFICE）；"
    "Linux：运行 sudo apt install libreoffice-writer（Debian、Ubuntu、统信 UOS、麒麟）"
    "或 sudo dnf install libreoffice-writer（Fedora、openEuler）。"
    "也可以不加 --pdf，在 Word 或 WPS 中打开生成的 .docx，另存为 PDF"
)


def find_soffice() -> Path | None:
    """LibreOffice's soffice: DOCGEN_SOFFICE, then PATH, then where its installers put it."""
    named = os.environ.get(ENV_SOFFICE, "").strip().strip('"')
    if named:
        return Path(named) if Path(named).is_file() else None
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    places: list[Path] = []
    if sys.platform == "win32":
        places = [Path(os.environ[var]) / "LibreOffice" / "program" / "soffice.exe" for var in _WINDOWS
                  if os.environ.get(var)]
    elif sys.platform == "darwin":
        places = [Path(p) for p in _MACOS]
    return next((p for p in places if p.is_file()), None)


def require_soffice() -> Path:
    """soffice, or the error that says how to install it."""
    found = find_soffice()
    if found is None:
        raise ToolMissing("未找到 LibreOffice，无法生成 PDF", hint=MISSING_HINT)
    return found


@dataclass(frozen=True)
class Converted:
    document: Path
    pdf: Path | None  # None when LibreOffice made none for this document
    reason: str = ""


def convert(documents: Sequence[Path], soffice: Path | None = None, *, fmt: str = "pdf") -> list[Converted]:
    """Each .docx as a PDF beside it (report.docx -> report.pdf), all in one LibreOffice process."""
    if not documents:
        return []
    soffice = soffice or require_soffice()
    with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as tmp:
        work = Path(tmp)
        inputs, outputs = work / "in", work / "out"
        inputs.mkdir()
        outputs.mkdir()
        staged = []
        for n, document in enumerate(documents):
            copy = inputs / f"{n:05d}{Path(document).suffix.lower()}"
            shutil.copyfile(document, copy)
            staged.append(copy)
        arguments = ["--convert-to", fmt, "--outdir", str(outputs), *map(str, staged)]
        limit = START_SECONDS + SECONDS_PER_DOCUMENT * len(staged)
        run_soffice(soffice, work / "profile", arguments, timeout=limit)
        results = []
        for document, copy in zip(documents, staged):
            made = outputs / f"{copy.stem}.{fmt.split(':')[0]}"
            if not made.is_file() or made.stat().st_size == 0:
                results.append(Converted(Path(document), None, "LibreOffice 没有生成 PDF"))
                continue
            target = Path(document).with_suffix(made.suffix)
            atomic_write(target, made.read_bytes())
            results.append(Converted(Path(document), target))
        return results


def run_soffice(soffice: Path, profile: Path, arguments: list[str], *, timeout: float) -> None:
    """Run soffice headless with a private profile; past `timeout` seconds it is stopped with its children."""
    command = [str(soffice), f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
               "--invisible", "--nologo", "--nodefault", "--norestore", "--nolockcheck", *arguments]
    pipes = {"stdin": subprocess.DEVNULL, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    options: dict[str, object] = dict(pipes)
    if sys.platform == "win32":
        # its own process group, and no console window flashing up
        options["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP | 0x08000000  # CREATE_NO_WINDOW
    else:
        options["start_new_session"] = True  # its own process group, so a stop reaches soffice.bin too
    try:
        process = subprocess.Popen(command, **options)  # type: ignore[call-overload]  # noqa: S603 - no shell
    except OSError as err:
        raise ToolMissing(f"无法启动 LibreOffice（{soffice}）", hint=MISSING_HINT) from err
    try:
        process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise DocgenError(f"LibreOffice 在 {int(timeout)} 秒内没有完成转换，已停止，未生成 PDF",
                          hint="请关闭所有 LibreOffice 窗口后重试；文档很多时可以分几次生成") from None
    except BaseException:
        _stop(process)
        raise


def _stop(process: subprocess.Popen[bytes]) -> None:
    try:
        if sys.platform == "win32":
            process.kill()
        else:
            os.killpg(process.pid, signal.SIGKILL)
    except (OSError, ProcessLookupError):
        pass
    process.communicate()
