"""The per-text review rules, by concern, in one place: what report.py runs over every text."""

from __future__ import annotations

from .junk import emails, ends_in_watermark, junk_phrases, placeholders, protected, spaced_hanzi, urls
from .punctuation import (doubled_punct_edits, end_edit, halfwidth_edits, reversed_quotes, space_edits,
                          title_end_edit, unbalanced)
from .spans import FULL_PUNCT, IDEO, Edit, Hit, apply_edits, apply_tracked, is_ideo, quote_all, snippet
from .terms import list_problems
from .traditional import traditional
from .words import doubled_phrases, doubled_words, merged_items

__all__ = [
    "FULL_PUNCT", "IDEO", "Edit", "Hit", "apply_edits", "apply_tracked", "doubled_phrases", "doubled_punct_edits", "doubled_words",
    "emails", "is_ideo", "list_problems", "reversed_quotes", "traditional",
    "end_edit", "ends_in_watermark", "halfwidth_edits", "junk_phrases", "merged_items", "placeholders",
    "protected", "quote_all", "snippet", "space_edits", "spaced_hanzi", "title_end_edit", "unbalanced", "urls",
]
