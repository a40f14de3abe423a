"""What the CLI does, as plain functions: each command is one call of one of these."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from .errors import Finding, InputError, OutputError, WorkbookInvalid
from .layout import FONT_SETS as LAYOUT_FONT_SETS
from .layout import font_set
from .model import Report

if TYPE_CHECKING:
    from .batch import BatchResult, Progress

FONT_SETS = tuple(LAYOUT_FONT_SETS)  # the --fonts choices


@dataclass(frozen=True)
class Outcome:
    """What a command produced: the file written (if any), the report read and every finding."""

    path: Path | None = None
    report: Report | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]


def new_workbook(path: Path, *, example: bool = False, force: bool = False) -> Outcome:
    """Write a blank workbook with instructions, or the complete example."""
    from .example import example_report
    from .workbook import write_workbook

    path = Path(path)
    _require_suffix(path, ".xlsx", "工作簿")
    if path.exists() and not force:
        raise OutputError("文件已存在，未覆盖", file=str(path),
                          hint="请换一个文件名；确实要覆盖时加 --force")
    write_workbook(path, example_report() if example else None)
    return Outcome(path=path)


def import_report(source: Path, output: Path | None = None, *, force: bool = False) -> Outcome:
    """Read last year's .docx or .txt and write it as a workbook ready for `make`."""
    from .importer import import_document
    from .lint import lint
    from .workbook import write_workbook

    source = Path(source)
    if source.suffix.lower() in (".xlsx", ".xlsm"):
        raise InputError("这已经是工作簿，不需要转换", file=str(source), hint=f"请直接运行 docgen check {source}")
    target = Path(output) if output else source.with_suffix(".xlsx")
    _require_suffix(target, ".xlsx", "输出的工作簿")
    if _same_file(target, source):
        raise OutputError("输出的工作簿不能是原文件", file=str(target), hint="请用 -o 指定另一个 .xlsx 文件名")
    if target.exists() and not force:
        raise OutputError("文件已存在，未覆盖", file=str(target), hint="请用 -o 换一个文件名；确实要覆盖时加 --force")
    report, findings = import_document(source)
    write_workbook(target, report)
    return Outcome(path=target, report=report, findings=findings + lint(report))


def check_workbook(path: Path) -> Outcome:
    """Read the workbook and lint it; write nothing."""
    from .lint import lint
    from .workbook import read_workbook

    report, findings = read_workbook(Path(path))
    if report is not None:
        findings = findings + lint(report)
    return Outcome(report=report, findings=findings)


def write_fixed_copy(workbook: Path, output: Path, findings: list[Finding]) -> Path:
    """A copy of the workbook with every safe mechanical fix applied; the original is untouched."""
    from .lint import collect_fixes
    from .workbook import write_fixes

    workbook, output = Path(workbook), Path(output)
    _require_suffix(output, ".xlsx", "改正后的工作簿")
    if _same_file(output, workbook):
        raise OutputError("改正后的文件不能覆盖原工作簿", file=str(output), hint="请用 --fix 指定另一个文件名")
    write_fixes(workbook, output, collect_fixes(findings))
    return output


def make_document(workbook: Path, output: Path | None = None, *, template: Path | None = None,
                  fonts: str = "standard") -> Outcome:
    """Check the workbook and, when it has no errors, write the report atomically."""
    from .render import render_report

    workbook = Path(workbook)
    target = Path(output) if output else workbook.with_suffix(".docx")
    _require_suffix(target, ".docx", "输出文件")
    font_set(fonts)  # an unknown name is refused before any work
    if _same_file(target, workbook):
        raise OutputError("输出文件不能是工作簿本身", file=str(target), hint="请用 -o 指定一个 .docx 文件名")
    if target.is_dir():  # found before any work; replacing it would fail with the system's own words
        raise OutputError("这是一个文件夹，不能作为输出文件", file=str(target), hint="请用 -o 指定一个 .docx 文件名")
    outcome = check_workbook(workbook)
    if outcome.errors or outcome.report is None:
        raise WorkbookInvalid(str(workbook), outcome.findings)
    render_report(outcome.report, target, template=template, fonts=fonts)
    return Outcome(path=target, report=outcome.report, findings=outcome.findings)


def make_documents(paths: Sequence[Path], output: Path | None = None, *, template: Path | None = None,
                   fonts: str = "standard", jobs: int | None = None,
                   progress: Progress | None = None) -> BatchResult:
    """Make one document per workbook (folders searched recursively) into `output` (a folder) or beside
    each workbook, in `jobs` processes; a failing workbook never stops the others."""
    from .batch import make_many

    font_set(fonts)
    return make_many(paths, output, template=template, fonts=fonts, workers=jobs, progress=progress)


def _require_suffix(path: Path, suffix: str, what: str) -> None:
    if path.suffix.lower() != suffix:
        raise InputError(f"{what}的扩展名应为 {suffix}", file=str(path), hint=f"请把文件名改为以 {suffix} 结尾")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False
