"""What the subscribe dialog shows: the feed URL in every form calendar apps accept, and how
big the subscription is now."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import quote, urlencode

from flask_babel import force_locale

from stem_events.events.filters import AgendaFilter
from stem_events.links import base_url

from . import services


@dataclass(frozen=True)
class Subscription:
    url: str
    name: str
    events: int
    size: int

    @property
    def webcal_url(self) -> str:
        return "webcal://" + self.url.split("://", 1)[1]

    @property
    def google_url(self) -> str:
        return "https://calendar.google.com/calendar/r?cid=" + quote(self.webcal_url, safe="")

    @cached_property
    def _addfromweb_query(self) -> str:  # the same for Outlook.com and Microsoft 365
        return urlencode({"url": self.url, "name": self.name}, quote_via=quote)

    def _addfromweb(self, host: str) -> str:
        return f"https://{host}/calendar/0/addfromweb?{self._addfromweb_query}"

    @property
    def outlook_url(self) -> str:
        return self._addfromweb("outlook.live.com")

    @property
    def office365_url(self) -> str:
        return self._addfromweb("outlook.office.com")

    @property
    def too_big(self) -> bool:
        return self.size > services.GOOGLE_LIMIT_BYTES


def agenda_subscription(f: AgendaFilter) -> Subscription:
    """The subscription of the agenda as the view parsed its filter; in Dutch, as the feed."""
    query = f.cache_key()  # the normalised filter: the same URL for the same selection
    url = f"{base_url()}/agenda.ics" + (f"?{query}" if query else "")
    with force_locale("nl"):  # the feed's name and description, whatever the page's language
        stats = services.agenda_stats(f)
        return Subscription(url, services.agenda_name(f), stats.events, stats.size)


def event_subscription(event) -> Subscription:
    url = f"{base_url()}/events/{event.id}.ics"
    stats = services.event_stats(event.id)
    return Subscription(url, f"{services.FEED_NAME} — {event.title}", stats.events, stats.size)
