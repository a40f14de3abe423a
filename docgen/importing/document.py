"""Import an old report: read its paragraphs from a .docx or .txt file and recognise them as a Report."""

from __future__ import annotations

from pathlib import Path

from ..errors import Finding, InputError
from ..files.provenance import origin
from ..files.safety import inspect_package
from ..model import Report
from .docx_reader import read_docx
from .paragraph import Paragraph
from .recognise import recognise
from .text_reader import read_text

TEXT_SUFFIXES = (".txt", ".text")
WORD_SUFFIXES = (".docx",)


def import_document(path: Path) -> tuple[Report, list[Finding]]:
    """Read last year's .docx or .txt and recognise it as a Report, with findings about what needs a look."""
    path = Path(path)
    paragraphs, findings = read_document(path)
    # A document docgen made (edited since or not) has its paragraphs as written: no line of it is a
    # line broken by a PDF, however alike their widths.
    own = path.suffix.lower() in WORD_SUFFIXES and origin(path) != "other"
    report, more = recognise(paragraphs, file=str(path), may_be_wrapped=not own)
    return report, findings + more


def read_document(path: Path) -> tuple[list[Paragraph], list[Finding]]:
    """The non-empty paragraphs of a .docx or .txt file, and warnings about what was left out."""
    path = Path(path)
    file = str(path)
    if not path.exists():
        raise InputError("文件不存在", file=file, hint="请检查文件名和所在文件夹是否正确")
    if path.is_dir():
        raise InputError("这是一个文件夹，不是文件", file=file, hint="请给出要导入的 .docx 或 .txt 文件")
    suffix = path.suffix.lower()
    if suffix in WORD_SUFFIXES:
        inspect_package(path, "docx")  # refuses zip bombs, DOCTYPE, encrypted and mislabelled files
        return read_docx(path, file)
    if suffix in TEXT_SUFFIXES:
        return read_text(path, file)
    if suffix in (".doc", ".wps", ".rtf", ".docm", ".dotx", ".odt"):
        raise InputError(f"不支持导入 {suffix} 格式", file=file,
                         hint="请用 Word 或 WPS 打开后另存为 .docx 格式再导入")
    raise InputError(f"无法导入扩展名为“{path.suffix or '（无）'}”的文件", file=file,
                     hint="只能导入 Word 文档（.docx）或纯文本文件（.txt）")
