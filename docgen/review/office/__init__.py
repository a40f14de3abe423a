"""Review like the organisation office: copied from last year, problems without measures, 套话 instead of
facts, a prescribed aspect missing; the rules and their thresholds as data (data/rules.toml)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...errors import Finding
from ...model import Report
from .codes import CODES
from .rules import Rules, default_rules, load_rules, parse_rules

if TYPE_CHECKING:
    from ...presets import Preset

__all__ = ["CODES", "Rules", "default_rules", "load_rules", "office_review", "parse_rules"]


def office_review(report: Report, rules: Rules | None = None, *, last: Report | None = None,
                  last_file: str = "", preset: Preset | None = None) -> list[Finding]:
    """The office's findings about `report`: specific-not-套话, problems and measures that answer each other,
    the preset's aspects, and with `last` (last year's report) what is the same as last year."""
    from .answers import answer_findings
    from .prescribed import prescribed_findings
    from .specific import specific_findings

    rules = rules or default_rules()
    found = list(prescribed_findings(report, preset))
    found += specific_findings(report, rules)
    found += answer_findings(report, rules)
    if last is not None:
        from .against import against_findings

        found += against_findings(report, last, rules, last_file)
    return found
