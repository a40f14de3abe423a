"""Writing a file atomically: a temporary file in the same folder, then replace (stdlib only)."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from ..errors import OutputError


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, then replace.

    A failure leaves no new file behind and an existing `path` untouched.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"输出文件夹不存在：{folder}", file=str(path), hint="请先创建该文件夹，或用 -o 指定其他位置")
    try:
        # A short prefix: the temporary sibling of a 245-byte name must stay within the 255 a name may have.
        fd, tmp = tempfile.mkstemp(prefix=f".~{_short(path.stem)}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise OutputError(
            f"无法在文件夹中写入文件：{folder}", file=str(path),
            hint="该文件夹可能是只读的或没有写入权限，请用 -o 指定其他位置",
        ) from err
    try:
        with os.fdopen(fd, "wb") as handle:
            # mkstemp makes the file private (0600); the report should get the permissions of any new file
            os.chmod(tmp, _new_file_mode())
            handle.write(data)
        # No fsync: it cost about 1.4 ms a document in a batch. os.replace is what keeps a reader from
        # ever seeing half a file; fsync would only add durability across a power cut, which a report
        # that can be made again in a second does not need.
        os.replace(tmp, path)
    except OSError as err:
        _remove_quietly(tmp)
        if err.errno in (errno.EACCES, errno.EPERM, errno.EBUSY, errno.ETXTBSY) or isinstance(err, PermissionError):
            raise OutputError(
                "无法写入输出文件", file=str(path),
                hint="该文件可能正在 Word、Excel 或 WPS 中打开，或没有写入权限；请关闭该文件后重试，或用 -o 指定其他文件名",
            ) from err
        if err.errno == errno.ENOSPC:
            raise OutputError("磁盘空间不足，无法写入输出文件", file=str(path), hint="请清理磁盘空间后重试") from err
        raise OutputError(f"无法写入输出文件（{err.strerror or err}）", file=str(path),
                          hint="请检查路径和权限后重试") from err
    except BaseException:
        _remove_quietly(tmp)
        raise


def _short(stem: str, limit: int = 60) -> str:
    """At most `limit` bytes of `stem` in UTF-8, cut at a character."""
    return stem.encode("utf-8")[:limit].decode("utf-8", "ignore")


def _new_file_mode() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(mask)
    return 0o666 & ~mask


def _remove_quietly(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass
