"""This year's aspects: the presets shipped as data files (data/*.toml, one per year and meeting) and a
user's own preset file, read against one schema."""

from __future__ import annotations

from .loader import (DEFER, GRADES, VERIFIED, AspectList, Preset, Source, find_preset, parse_preset,
                     shipped_presets)

__all__ = ["DEFER", "GRADES", "VERIFIED", "AspectList", "Preset", "Source", "find_preset", "parse_preset",
           "shipped_presets"]
