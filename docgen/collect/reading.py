"""Reading what the office reviews: one unit's workbook (checked and reviewed) and last year's report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DocgenError, Finding, InputError
from ..model import Report
from ..review.office import Rules, default_rules, load_rules, office_review

LAST_SUFFIXES = (".docx", ".txt", ".xlsx", ".xlsm")


@dataclass(frozen=True)
class Unit:
    """One workbook read for review: its report (None when it has errors or cannot be read), its draft
    (what could be read), every finding of check and of the review rules, and why it failed."""

    path: Path
    report: Report | None
    draft: Report | None = None
    findings: list[Finding] = field(default_factory=list)
    failure: str = ""  # why the workbook could not be read at all

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def name(self) -> str:
        """The unit as the office calls it: its 单位 (with the name for a personal report), else the file."""
        report = self.report or self.draft
        if report is not None:
            m = report.meta
            who = "".join(p for p in ((m.organization, m.name) if m.report_kind.personal else (m.organization,)) if p)
            if who.strip():
                return who.strip()
        return self.path.stem


def read_last(path: Path) -> Report:
    """Last year's report from a .docx, a .txt or a workbook (read as far as it can be, errors and all)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in LAST_SUFFIXES:
        raise InputError("上年的材料应为 .docx、.txt 或 .xlsx 文件", file=str(path),
                         hint="请给出上年的对照检查材料（Word 文件、纯文本）或上年的工作簿")
    if suffix in (".xlsx", ".xlsm"):
        from ..workbook import read_workbook

        draft, _ = read_workbook(path, draft=True)
        if draft is None:
            raise InputError("读不出上年工作簿的内容", file=str(path), hint="请先用 docgen check 检查这个工作簿")
        return draft
    from ..importing import import_document

    report, _ = import_document(path)
    return report


def review_unit(path: Path, rules: Rules | None = None, *, last: Report | None = None, last_file: str = "",
                preset: object = None) -> Unit:
    """Check one workbook as `docgen check` does and apply the review rules to what could be read; a
    workbook that cannot be read at all is a Unit with its failure, never an exception."""
    from ..review import lint
    from ..workbook import read_workbook

    rules = rules or default_rules()
    try:
        draft, findings = read_workbook(Path(path), draft=True)
    except DocgenError as err:
        return Unit(Path(path), None, failure=str(err.message) + (f"。{err.hint}" if err.hint else ""))
    if draft is not None:
        findings = findings + lint(draft) + office_review(draft, rules, last=last, last_file=last_file,
                                                          preset=preset)  # type: ignore[arg-type]
    errors = any(f.level == "error" for f in findings)
    return Unit(Path(path), None if errors else draft, draft, findings)


def review_findings(report: Report, *, rules: Path | None = None, against: Path | None = None,
                    preset: str | None = None) -> list[Finding]:
    """The review rules' findings about one report: `rules` an office's rules file, `against` last year's
    report (.docx, .txt or workbook), `preset` a preset's name or file (else the one of the report's year,
    when the report uses it)."""
    chosen = None
    if preset:
        from ..presets import find_preset

        chosen = find_preset(preset)
    loaded = load_rules(rules)
    last = read_last(Path(against)) if against is not None else None
    return office_review(report, loaded, last=last, last_file=str(against or ""), preset=chosen)
