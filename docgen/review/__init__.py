"""Review: the rules a reviewer applies to a Report (by concern), their safe fixes, and word lists as data."""

from __future__ import annotations

from .fixes import collect_fixes, safe_fix
from .reviewer import CODES, lint

__all__ = ["CODES", "collect_fixes", "lint", "safe_fix"]
