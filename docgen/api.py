"""The library's face: functions on values (read, lint, render, write, import, make_many); the CLI calls these."""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from .errors import Finding, InputError, OutputError, UsageProblem, WorkbookInvalid
from .files.atomic import atomic_write
from .model import Report
from .rendering.layout import FONT_SETS as LAYOUT_FONT_SETS
from .rendering.layout import font_set

if TYPE_CHECKING:
    from .batch import BatchResult, Progress
    from .collect import Collected
    from .pdf import Converted, Face, FontCheck
    from .presets import Preset

FONT_SETS = tuple(LAYOUT_FONT_SETS)  # the --fonts choices


@dataclass(frozen=True)
class Outcome:
    """What a call produced: the file written (if any), the report read and every finding."""

    path: Path | None = None
    report: Report | None = None
    findings: list[Finding] = field(default_factory=list)
    list_path: Path | None = None  # the 整改清单 written as its own .xlsx (make --list), when it was
    preset: Preset | None = None  # the preset `new` started the workbook from
    # check: the workbook read even where it has errors (what --fix corrects); None elsewhere
    draft: Report | None = field(default=None, compare=False, repr=False)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]


# -- on values ---------------------------------------------------------------------------------------


def presets() -> list[Preset]:
    """The presets shipped with docgen (this year's prescribed aspects by year and meeting), newest first;
    each aspect list says its kinds, its sources and whether its wording is verified verbatim or in part."""
    from .presets import shipped_presets

    return shipped_presets()


def read_workbook(path: Path) -> Outcome:
    """Read a filled workbook: the Report (None when any finding is an error) and every finding of the
    reader (missing sheets, bad dates, formulas without values, …). Nothing is written.

    >>> outcome = read_workbook(Path("data/example.xlsx"))
    >>> outcome.report.meta.organization
    '中共云溪县发展改革局机关第二支部委员会'
    """
    from .workbook import read_workbook as read

    report, findings = read(Path(path))
    return Outcome(report=report, findings=findings)


def lint(report: Report) -> list[Finding]:
    """What a reviewer would flag in `report` (placeholders, website junk, punctuation, typos, …), in
    reading order, each at its cell or paragraph; a finding with a safe mechanical fix carries it."""
    from .review import lint as review

    return review(report)


def render(report: Report, *, template: Path | None = None, fonts: str = "standard") -> bytes:
    """The .docx of `report`, as bytes (byte-identical for equal inputs). `template` is a docxtpl .docx
    (default: the built-in GB/T 9704 one); `fonts` is "standard" or "windows". A report without a
    title, a signature or a date is refused with a DocgenError."""
    from .rendering.documents import render as render_docx

    font_set(fonts)  # an unknown name is refused before any work
    return render_docx(report, Path(template) if template else None, fonts)


def write_workbook(report: Report | None = None) -> bytes:
    """The .xlsx of `report` (a blank form with instructions for None), as bytes."""
    from .workbook import workbook_bytes

    return workbook_bytes(report)


def import_document(path: Path) -> Outcome:
    """Read last year's report (.docx or .txt) and recognise it as a Report, with findings about what
    needs a look (text it could not place is kept and reported, never dropped)."""
    from .importing import import_document as read

    report, findings = read(Path(path))
    return Outcome(report=report, findings=findings)


# -- on files: what the commands do --------------------------------------------------------------------


def new_workbook(path: Path, *, example: bool = False, force: bool = False, kind: str | None = None,
                 preset: str | None = None, year: int | None = None, unit: str = "", name: str = "",
                 today: dt.date | None = None) -> Outcome:
    """Write a workbook with instructions, started for a kind of report (its title, signer and 开篇
    skeleton; 支部班子 by default) and optionally a preset's aspects (a shipped preset's name or a .toml
    file); or, with `example`, the complete example. The outcome's `preset` is the preset used."""
    from .example import example_report
    from .starter import meeting_year, starter_report
    from .vocabulary import DEFAULT_KIND, KINDS

    path = Path(path)
    _require_suffix(path, ".xlsx", "工作簿")
    if example and (kind or preset):
        raise UsageProblem("--example 写入的是现成的示例，不能与 --kind、--preset 同时使用",
                           hint="去掉 --example，或去掉 --kind 和 --preset")
    if kind is not None and kind not in KINDS:
        raise UsageProblem(f"不认识的类型“{kind}”", hint=f"类型应为：{'、'.join(KINDS)}")
    chosen = None
    if preset:
        from .presets import find_preset

        chosen = find_preset(preset)
    if path.exists() and not force:
        raise OutputError("文件已存在，未覆盖", file=str(path),
                          hint="请换一个文件名；确实要覆盖时加 --force")
    if example:
        report = example_report()
    else:
        kind = kind or (chosen.kinds[0] if chosen else DEFAULT_KIND.name)
        year = year or (chosen.year if chosen else meeting_year(today or dt.date.today()))
        report = starter_report(kind, year=year, unit=unit.strip(), name=name.strip(), preset=chosen)
    atomic_write(path, write_workbook(report))
    return Outcome(path=path, report=report, preset=chosen)


def import_report(source: Path, output: Path | None = None, *, force: bool = False) -> Outcome:
    """Read last year's .docx or .txt and write it as a workbook ready for `make`."""
    source = Path(source)
    if source.suffix.lower() in (".xlsx", ".xlsm"):
        raise InputError("这已经是工作簿，不需要转换", file=str(source), hint=f"请直接运行 docgen check {source}")
    target = Path(output) if output else source.with_suffix(".xlsx")
    _require_suffix(target, ".xlsx", "输出的工作簿")
    if _same_file(target, source):
        raise OutputError("输出的工作簿不能是原文件", file=str(target), hint="请用 -o 指定另一个 .xlsx 文件名")
    if target.exists() and not force:
        raise OutputError("文件已存在，未覆盖", file=str(target), hint="请用 -o 换一个文件名；确实要覆盖时加 --force")
    imported = import_document(source)
    assert imported.report is not None
    atomic_write(target, write_workbook(imported.report))
    return Outcome(path=target, report=imported.report, findings=imported.findings + lint(imported.report))


def check_workbook(path: Path) -> Outcome:
    """Read the workbook and lint it, all of it even when it has errors (one error must not hide the
    warnings); write nothing. The report is None when any finding is an error."""
    from .workbook import read_workbook as read

    draft, findings = read(Path(path), draft=True)
    if draft is not None:
        findings = findings + lint(draft)
    errors = any(f.level == "error" for f in findings)
    return Outcome(report=None if errors else draft, findings=findings, draft=draft)


def review_workbook(path: Path, *, against: Path | None = None, rules: Path | None = None,
                    preset: str | None = None) -> Outcome:
    """check_workbook, then the office's review rules (see docgen.collect.review_findings)."""
    from .collect import review_findings

    if against is not None and _same_file(Path(against), Path(path)):
        raise UsageProblem("上年的材料不能是这个工作簿本身", hint="请用 --against 给出上年的材料或工作簿")
    outcome = check_workbook(path)
    more = review_findings(outcome.draft, rules=rules, against=against, preset=preset) if outcome.draft else []
    return Outcome(report=outcome.report, findings=outcome.findings + more, draft=outcome.draft)


def collect_workbooks(paths: Sequence[Path], output: Path, *, rules: Path | None = None, force: bool = False,
                      today: dt.date | None = None) -> Collected:
    """docgen collect: every workbook under `paths` into one summary workbook at `output`, written atomically
    (one changed since docgen wrote it is replaced only with `force`); docgen.collect.summary_bytes for bytes."""
    from .collect import collect_paths

    _require_suffix(Path(output), ".xlsx", "汇总表")
    done = collect_paths(paths, Path(output), rules=rules, today=today)
    _may_replace(Path(output), force, done.data)
    atomic_write(Path(output), done.data)
    return done


def write_fixed_copy(workbook: Path, output: Path, findings: list[Finding], *, force: bool = False,
                     draft: Report | None = None) -> Path:
    """A copy of the workbook with every safe mechanical fix applied, and nothing else changed: the cells
    keep their line breaks and numbering, the workbook its pictures, comments, styles and other sheets.
    The original is untouched; an `output` changed since docgen wrote it is replaced only with `force`.
    `draft` is the workbook as `check_workbook` read it (read again when not given)."""
    from .review import cell_edits, collect_fixes
    from .workbook import read_workbook as read
    from .workbook import write_fixes

    workbook, output = Path(workbook), Path(output)
    _require_suffix(output, ".xlsx", "改正后的工作簿")
    if _same_file(output, workbook):
        raise OutputError("改正后的文件不能覆盖原工作簿", file=str(output), hint="请用 --fix 指定另一个文件名")
    _may_replace(output, force)
    if draft is None:  # the workbook as check read it, when the caller has it
        draft, _ = read(workbook, draft=True)
    keys = list(collect_fixes(findings))
    write_fixes(workbook, output, cell_edits(draft, keys) if draft is not None else {})
    return output


def render_report(report: Report, output: Path, *, template: Path | None = None, fonts: str = "standard") -> Path:
    """Render `report` and write it atomically to `output`."""
    atomic_write(Path(output), render(report, template=template, fonts=fonts))
    return Path(output)


def list_path(document: Path) -> Path:
    """Where `make --list` writes the 整改清单 of `document`: beside it, branch.docx -> branch-整改清单.xlsx."""
    return document.with_name(f"{document.stem}-整改清单.xlsx")


def write_action_list(report: Report, output: Path, *, force: bool = False) -> Path | None:
    """Write the 整改清单 of `report` as its own workbook (the 台账) atomically; None when it has none. A
    台账 the user has since worked on is replaced only with `force`."""
    data = _ledger(report)
    if data is None:
        return None
    _require_suffix(Path(output), ".xlsx", "整改清单")
    _may_replace(Path(output), force, data)
    atomic_write(Path(output), data)
    return Path(output)


def _ledger(report: Report) -> bytes | None:
    """The 整改清单 workbook, stamped with what docgen wrote; None when the report has no list."""
    from .files.provenance import stamp_zip
    from .workbook import ledger_bytes

    return stamp_zip(ledger_bytes(report)) if report.action_list else None


def make_document(workbook: Path, output: Path | None = None, *, template: Path | None = None,
                  fonts: str = "standard", action_list: bool = False, force: bool = False) -> Outcome:
    """Check the workbook and, when it has no errors, write the report atomically; with `action_list`,
    also its 整改清单 as its own .xlsx beside it (see list_path), when it has one. An existing document
    is replaced only when docgen wrote it and nobody has changed it since, or with `force`."""
    workbook = Path(workbook)
    target = Path(output) if output else workbook.with_suffix(".docx")
    _require_suffix(target, ".docx", "输出文件")
    font_set(fonts)  # an unknown name is refused before any work
    if _same_file(target, workbook):
        raise OutputError("输出文件不能是工作簿本身", file=str(target), hint="请用 -o 指定一个 .docx 文件名")
    if template is not None and _same_file(target, Path(template)):
        raise OutputError("输出文件不能是模板本身", file=str(target), hint="请用 -o 指定另一个 .docx 文件名")
    if target.is_dir():  # found before any work; replacing it would fail with the system's own words
        raise OutputError("这是一个文件夹，不能作为输出文件", file=str(target), hint="请用 -o 指定一个 .docx 文件名")
    outcome = check_workbook(workbook)
    if outcome.errors or outcome.report is None:
        raise WorkbookInvalid(str(workbook), outcome.findings)
    data = render(outcome.report, template=template, fonts=fonts)
    ledger = _ledger(outcome.report) if action_list else None
    _may_replace(target, force, data)  # both refused before either is written
    if ledger is not None:
        _may_replace(list_path(target), force, ledger)
    atomic_write(target, data)
    written = None
    if ledger is not None:
        atomic_write(list_path(target), ledger)
        written = list_path(target)
    from .rendering.documents import template_notes

    notes = template_notes(Path(template) if template else None, fonts)
    return Outcome(path=target, report=outcome.report, findings=outcome.findings + notes, list_path=written)


def make_many(paths: Sequence[Path], output: Path | None = None, *, template: Path | None = None,
              fonts: str = "standard", jobs: int | None = None, progress: Progress | None = None,
              action_list: bool = False, force: bool = False) -> BatchResult:
    """Make one document per workbook (folders searched recursively) into `output` (a folder) or beside
    each workbook, in `jobs` processes; a failing workbook never stops the others. With `action_list`,
    each document's 整改清单 is written beside it as its own .xlsx too."""
    from . import batch

    font_set(fonts)
    template = Path(template) if template else None
    make_one = document_maker(template=template, fonts=fonts, action_list=action_list, force=force)
    warm = functools.partial(_warm, template, fonts)
    return batch.make_many(paths, output, make_one, warm=warm, workers=jobs, progress=progress)


def document_maker(*, template: Path | None = None, fonts: str = "standard",
                   action_list: bool = False, force: bool = False) -> functools.partial[int]:
    """The make-one function a batch runs for each job: (workbook, output) -> number of warnings."""
    return functools.partial(_make_one, template=Path(template) if template else None, fonts=fonts,
                             action_list=action_list, force=force)


def _make_one(workbook: Path, output: Path, *, template: Path | None, fonts: str,
              action_list: bool = False, force: bool = False) -> int:
    """One document of a batch; the number of its warnings (module level, so workers can receive it)."""
    outcome = make_document(workbook, output, template=template, fonts=fonts, action_list=action_list,
                            force=force)
    return sum(1 for f in outcome.findings if f.level == "warning")


# -- PDF and fonts -------------------------------------------------------------------------------------


def pdf_converter() -> Path:
    """LibreOffice's soffice, found before any work is done; a DocgenError that says how to install it."""
    from .pdf import require_soffice

    return require_soffice()


def make_pdfs(documents: Sequence[Path], soffice: Path | None = None) -> list[Converted]:
    """A PDF beside each .docx (report.docx -> report.pdf), all made by one LibreOffice process; each
    result says the PDF written, or why none was."""
    from .pdf import convert

    return convert([Path(d) for d in documents], soffice)


def font_report(fonts: str = "standard") -> list[Face]:
    """Each face font set `fonts` names: whether this machine has it and, if not, what LibreOffice draws
    instead."""
    from .pdf import font_report as report

    font_set(fonts)
    return report(fonts)


def font_check(fonts: str = "standard") -> FontCheck | None:
    """The faces of `fonts` this machine lacks, asked now and read by `.missing()`, so the machine is asked
    while other work runs;
    None when DOCGEN_NO_FONT_CHECK=1 turns the check off."""
    if os.environ.get("DOCGEN_NO_FONT_CHECK", "").strip() not in ("", "0"):
        return None
    from .pdf import FontCheck

    font_set(fonts)
    return FontCheck(fonts)


def _warm(template: Path | None, fonts: str) -> None:
    """Load the template, the workbook reader and the review rules once per process."""
    from . import review, workbook  # noqa: F401
    from .example import example_report
    from .rendering.documents import load_template, vet_template

    workbook.preload()
    # An unknown template's first rendering runs in a limited child process: here, once, before the
    # workers start (they inherit that it passed), with the example report.
    vet_template(template, fonts, example_report())
    load_template(template, fonts)


def _may_replace(target: Path, force: bool, new: bytes | None = None) -> None:
    """Refuse to replace a file the user may have worked on: one docgen did not write, or one changed
    since (docgen records what it wrote in the file itself). A file equal to `new` is no one's work."""
    from .files.provenance import origin, same_bytes

    if force or not target.exists() or (new is not None and same_bytes(target, new)):
        return
    found = origin(target)
    if found == "docgen":
        return
    if found == "changed":
        what = "在生成后被修改过"
    elif target.suffix.lower() == ".xlsx":  # saving a workbook drops what docgen recorded: either may be so
        what = "在 Excel 或 WPS 中保存过（或不是 docgen 生成的）"
    else:
        what = "不是 docgen 生成的文件（或由旧版 docgen 生成）"
    raise OutputError(f"已有的 {target} {what}，未覆盖",
                      hint="为免丢失修改，docgen 不会替换它；确实要重新生成时加 --force，或用 -o 另存为其他文件名")


def _require_suffix(path: Path, suffix: str, what: str) -> None:
    if path.suffix.lower() != suffix:
        raise InputError(f"{what}的扩展名应为 {suffix}", file=str(path), hint=f"请把文件名改为以 {suffix} 结尾")


def _same_file(a: Path, b: Path) -> bool:
    """Whether `a` and `b` name one file: when both exist, as samefile tells; else by resolved path."""
    try:
        return os.path.samestat(os.stat(a), os.stat(b))
    except (OSError, ValueError):
        pass
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):
        return False
