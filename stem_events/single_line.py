"""What a single line of text may hold: no control characters and no line separators.

Forms refuse such characters (`stem_events.forms`); mail headers built from stored text (an
older row, an imported title) replace them, because `email` refuses a header with a line break.
"""

from __future__ import annotations

import unicodedata

# Cc: C0 and C1 controls (tab, CR, LF, NEL, …); Zl, Zp: U+2028 and U+2029, line breaks too.
CONTROL_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})


def has_control_characters(text: str) -> bool:
    return any(unicodedata.category(character) in CONTROL_CATEGORIES for character in text)


def contains_nul(values) -> bool:
    """THE check for NUL, which no typed text contains and PostgreSQL refuses in text columns:
    every submitted form value (`errors.py`, before any view) and every agenda filter value
    (`events/filters.py`, for the agenda, the initiatives, the API and the feeds)."""
    return any("\x00" in value for value in values)


def one_line(text: str) -> str:
    """The text on one line: each control character a space, runs of spaces one space."""
    spaced = "".join(" " if unicodedata.category(character) in CONTROL_CATEGORIES
                     else character for character in text)
    return " ".join(spaced.split())
