"""Review: the rules a reviewer applies to a Report (by concern), their safe fixes, and word lists as data."""

from __future__ import annotations

from .fixes import cell_edits, collect_fixes, fix_edits, safe_fix
from .reviewer import CODES, lint

__all__ = ["CODES", "cell_edits", "collect_fixes", "fix_edits", "lint", "safe_fix"]
