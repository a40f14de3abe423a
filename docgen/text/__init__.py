"""Text rules of the genre: Chinese numerals, the one numbering-marker grammar, cleaning, dates (stdlib only)."""

from __future__ import annotations

from .cleaning import Cleaned, cell_text, clean, end_sentence, ensure_period, lines, split_heading
from .dates import format_date, parse_date
from .markers import strip_numbering
from .numerals import chinese_numeral, chinese_value, item_number, paren_number, part_number

__all__ = [
    "Cleaned", "cell_text", "chinese_numeral", "chinese_value", "clean", "end_sentence", "ensure_period", "format_date",
    "item_number", "lines", "paren_number", "parse_date", "part_number", "split_heading", "strip_numbering",
]
