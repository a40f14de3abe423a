"""The per-text review rules, by concern, in one place: what report.py runs over every text."""

from __future__ import annotations

from .junk import (emails, ends_in_watermark, junk_phrases, may_be_spaced, may_have_junk,
                   may_hold_email, may_hold_url, placeholders, protected, spaced_hanzi, urls)
from .punctuation import (PUNCT_PAIRS, doubled_punct_edits, end_edit, halfwidth_edits, may_have_halfwidth,
                          may_have_pairs, may_have_spaces, may_reverse_quotes, reversed_quotes, space_edits,
                          title_end_edit, unbalanced)
from .spans import FULL_PUNCT, IDEO, Edit, Hit, apply_edits, apply_tracked, is_ideo, quote_all, snippet
from .terms import list_problems
from .traditional import traditional
from .words import DOUBLED_WORDS, RUN_ON_PAIRS, doubled_phrases, doubled_words, may_run_on, merged_items

__all__ = [
    "DOUBLED_WORDS", "FULL_PUNCT", "IDEO", "PUNCT_PAIRS", "Edit", "Hit", "apply_edits", "apply_tracked",
    "doubled_phrases", "doubled_punct_edits", "doubled_words", "emails", "end_edit", "ends_in_watermark",
    "halfwidth_edits", "is_ideo", "junk_phrases", "list_problems", "may_be_spaced", "may_have_halfwidth",
    "may_have_junk", "may_have_pairs", "may_have_spaces", "may_hold_email", "may_hold_url",
    "may_reverse_quotes", "may_run_on", "merged_items", "placeholders", "protected", "quote_all", "reversed_quotes",
    "RUN_ON_PAIRS",
    "snippet", "space_edits", "spaced_hanzi", "title_end_edit", "traditional", "unbalanced", "urls",
]
