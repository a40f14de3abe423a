"""docgen's cache folder: what it may keep between runs (the fonts found, prepared templates) (stdlib only)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def cache_folder() -> Path | None:
    """docgen's own cache folder (DOCGEN_CACHE_DIR, else the system's place for a user's caches)."""
    chosen = os.environ.get("DOCGEN_CACHE_DIR")
    if chosen:
        return Path(chosen)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "docgen" / "cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "docgen"
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "docgen"
