"""The page number of a paged list (the agenda, the initiatives, a municipality's events)."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from stem_events.events.filters import InvalidFilter

MAX_PAGE = 10_000


def page_number() -> int:
    """`?page=` as a number from 1 to MAX_PAGE; anything else is a Dutch 400 (InvalidFilter)."""
    raw = request.args.get("page", "1")
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_PAGE:
        raise InvalidFilter("page", _("Het paginanummer moet een geheel getal vanaf 1 zijn."))
    return int(raw)
