"""State-of-the-STEM programme items as VEVENTs, with the pure builder of `feeds.ical`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from stem_events.editions.models import Edition, ProgrammeItem
from stem_events.feeds.ical import CalendarMeta, SessionRow, build_calendar, render_vevent
from stem_events.links import absolute


def edition_url(edition: Edition) -> str:
    return absolute(f"/state-of-the-stem/{edition.year}")


def item_location(item: ProgrammeItem, edition: Edition) -> str:
    return ", ".join(p for p in (item.room, edition.venue) if p)


def item_row(item: ProgrammeItem, edition: Edition) -> SessionRow:
    event = edition.event
    description = "\n\n".join(p for p in (
        item.description, f"Sprekers: {item.speakers}" if item.speakers else "",
        f"Track: {item.track}" if item.track else "") if p)
    return SessionRow(
        uid=item.uid,
        sequence=item.sequence,
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        all_day=False,
        session_cancelled=item.cancelled,
        event_status=str(event.status) if event is not None else "published",
        title=f"{item.title} (State-of-the-STEM {edition.year})",
        url=edition_url(edition),
        last_modified=max(item.updated_at, event.updated_at) if event else item.updated_at,
        description=description,
        location=item_location(item, edition),
        categories=("State-of-the-STEM",),
    )


def programme_calendar(edition: Edition) -> bytes:
    meta = CalendarMeta(f"State-of-the-STEM {edition.year} — programma",
                        f"Het programma van State-of-the-STEM {edition.year}.")
    return build_calendar(meta, (item_row(i, edition) for i in edition.programme))


def programme_last_modified(edition: Edition) -> datetime:
    """The newest change of the (public) umbrella event or any programme item: the feed's
    Last-Modified."""
    return max([edition.event.updated_at, *(item.updated_at for item in edition.programme)])


def chosen_fragments(owner_key: str) -> Iterable[bytes]:
    """The personal feed's extra VEVENTs: the programme items the owner chose."""
    from stem_events.editions.choices import items_for_owner
    from stem_events.editions.models import Edition as EditionModel
    from stem_events.extensions import db

    for item in items_for_owner(owner_key):
        edition = db.session.get(EditionModel, item.edition_id)
        if edition is not None and edition.event is not None and edition.event.is_public:
            yield render_vevent(item_row(item, edition))
