"""What the agenda's filter form needs besides the table: the choices of its controls, the
active-filter chips and the ways to widen an empty result."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from stem_events.events.filters import FILTERS, AgendaFilter


@dataclass(frozen=True)
class Chip:
    label: str
    remove_query: str


def choices() -> dict:
    """The options of every control that has them, by parameter (`choices.kind`, …)."""
    return {entry.name: entry.control.choices() for entry in FILTERS if entry.control.choices}


def chips(f: AgendaFilter) -> list[Chip]:
    return [
        Chip(f.label(name, value), urlencode(f.without(name, value).params()))
        for name, value in f.params()
    ]


def widen_links(f: AgendaFilter, suggestions) -> list[tuple[str, str, int]]:
    """(label of the filter to drop, query without it, number of results then); the label
    without the quotes a search carries, as the sentence quotes it."""
    return [(f.label(name, value).strip("‘’"), query, count)
            for name, value, query, count in suggestions]


def did_you_mean(f: AgendaFilter, corrected: str | None) -> tuple[str, str] | None:
    """(the corrected search, the query string with it and the other filters)."""
    if not corrected:
        return None
    params = [(name, corrected if name == "q" else value) for name, value in f.params()]
    return corrected, urlencode(params)
