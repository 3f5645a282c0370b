"""Coordinators' rules for a State-of-the-STEM programme, and how its changes reach calendars
and participants.

An item's capacity is shared with the participants' choices (`choices.py`), so every write to
an item runs in the umbrella event's registration lock (`locked_event`): a capacity is compared
with the choices taken, and an item is deleted only when nobody chose it, with no choice slipping
in between. These functions commit in the lock (as `choices.choose` does); `set_venue` leaves
that to the request's unit of work.

Every change a subscriber can see (`VISIBLE`) bumps the item's SEQUENCE and mails the
participants who chose it, with the updated calendar entry (iTIP REQUEST, a cancelled item as
STATUS:CANCELLED), through the outbox in the same transaction; the mails go out when the unit
of work ends. A capacity change is not visible and mails nobody.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import render_template, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from stem_events import date_time
from stem_events.editions.choices import taken_counts
from stem_events.editions.ical import edition_url, item_location
from stem_events.editions.models import Edition, ProgrammeChoice, ProgrammeItem
from stem_events.errors import DomainError, FieldError, NotFound
from stem_events.events.models import Event
from stem_events.extensions import db
from stem_events.mail import outbox
from stem_events.reference.models import EventKind
from stem_events.registrations import itip, mails
from stem_events.registrations.locking import locked_event
from stem_events.registrations.models import Registration, RegistrationStatus
from stem_events.registrations.services import signed_token
from stem_events.transaction import unit_of_work

#: What a programme item's VEVENT shows (`ical.item_row`): a change bumps SEQUENCE and mails.
VISIBLE = ("title", "description", "track", "room", "starts_at", "ends_at", "speakers",
           "cancelled")
MAIL_KIND = "programme_change"


class CapacityBelowTaken(FieldError):
    status = 409
    code = "capacity_below_taken"


class ItemChosen(DomainError):
    status = 409
    code = "programme_item_chosen"


@dataclass(frozen=True)
class ItemInput:
    title: str
    starts_at: datetime
    ends_at: datetime
    description: str = ""
    track: str = ""
    room: str = ""
    speakers: str = ""
    capacity: int | None = None


# ------------------------------------------------------------------------------ reading
def get_item(edition: Edition, item_id: int) -> ProgrammeItem:
    found = next((i for i in edition.programme if i.id == item_id), None)
    if found is None:
        raise NotFound(_("Dit programmaonderdeel hoort niet bij deze editie."))
    return found


def edition_days(edition: Edition) -> list[date]:
    """The Brussels days of the umbrella event's sessions (empty: no event or no dates)."""
    days: set[date] = set()
    for session in edition.event.sessions if edition.event is not None else []:
        day = date_time.to_local(session.starts_at).date()
        last = date_time.to_local(session.ends_at - timedelta(microseconds=1)).date()
        while day <= last:
            days.add(day)
            day += timedelta(days=1)
    return sorted(days)


# ------------------------------------------------------------------------------ writing
@contextmanager
def _writing(edition: Edition) -> Iterator[None]:
    """One unit of work that holds the edition's choices still (see the module docstring);
    an edition without an umbrella event has no choices to hold."""
    with locked_event(edition.event_id) if edition.event_id is not None else unit_of_work():
        yield


def _checked(edition: Edition, data: ItemInput, item: ProgrammeItem | None) -> dict:
    """The item's new values; raises before anything changes."""
    values = {"title": data.title.strip(), "description": data.description.strip(),
              "track": data.track.strip(), "room": data.room.strip(),
              "speakers": data.speakers.strip(), "starts_at": data.starts_at,
              "ends_at": data.ends_at, "capacity": data.capacity}
    if not values["title"]:
        raise FieldError("title", _("Geef een titel."))
    if data.ends_at <= data.starts_at:
        raise FieldError("end_time", _("Het einde moet na het begin liggen."))
    if data.capacity is not None and data.capacity < 0:
        raise FieldError("capacity", _("Een aantal vanaf 0."))
    moved = item is None or (item.starts_at, item.ends_at) != (data.starts_at, data.ends_at)
    days = edition_days(edition)
    if moved and days and not {
            date_time.to_local(data.starts_at).date(),
            date_time.to_local(data.ends_at - timedelta(microseconds=1)).date()} <= set(days):
        raise FieldError("day", _(
            "Een programmaonderdeel valt binnen de editie: kies %(days)s.",
            days=", ".join(date_time.format_date(d, str(get_locale())) for d in days)))
    if item is not None and data.capacity is not None:
        taken = taken_counts(edition.id).get(item.id, 0)
        if data.capacity < taken:
            raise CapacityBelowTaken("capacity", _(
                "%(taken)s deelnemers kozen dit onderdeel al: de capaciteit kan niet lager dan "
                "%(taken)s.", taken=taken))
    return values


def bump(item: ProgrammeItem) -> None:
    """THE rule for a programme item a subscriber sees change: SEQUENCE goes up by one."""
    item.sequence = (item.sequence or 0) + 1
    item.updated_at = date_time.now_utc()


def add_item(edition: Edition, data: ItemInput) -> ProgrammeItem:
    with _writing(edition):
        item = ProgrammeItem(**_checked(edition, data, None))
        edition.programme.append(item)
        db.session.flush()
    return item


def update_item(edition: Edition, item_id: int, data: ItemInput) -> int:
    """Save the item; a visible change bumps SEQUENCE and mails its choosers. Returns the
    number of mails."""
    with _writing(edition):
        item = get_item(edition, item_id)
        values = _checked(edition, data, item)
        visible = [name for name in VISIBLE if name in values
                   and getattr(item, name) != values[name]]
        for name, value in values.items():
            setattr(item, name, value)
        sent = _changed(edition, [item]) if visible else 0
    return sent


def set_cancelled(edition: Edition, item_id: int, cancelled: bool) -> int:
    """Cancel an item (it keeps its UID and stays in the feeds as STATUS:CANCELLED, and its
    choices stay) or restore it. Returns the number of mails."""
    with _writing(edition):
        item = get_item(edition, item_id)
        if item.cancelled == cancelled:
            return 0
        item.cancelled = cancelled
        sent = _changed(edition, [item])
    return sent


def delete_item(edition: Edition, item_id: int) -> None:
    """Only an item nobody chose can go; otherwise it is cancelled, so calendars follow."""
    with _writing(edition):
        item = get_item(edition, item_id)
        taken = taken_counts(edition.id).get(item.id, 0)
        if taken:
            raise ItemChosen(_(
                "%(count)s deelnemers kozen ‘%(title)s’: verwijderen kan niet meer. Annuleer het "
                "onderdeel; het blijft dan als geannuleerd in hun agenda.", count=taken,
                title=item.title))
        edition.programme.remove(item)


def set_venue(edition: Edition, venue: str) -> int:
    """The edition's venue is in every item's location: all items are bumped and their
    choosers mailed, in the caller's transaction."""
    venue = venue.strip()
    if venue == edition.venue:
        return 0
    edition.venue = venue
    return _changed(edition, list(edition.programme))


# -------------------------------------------------------------------------------- mails
def _changed(edition: Edition, items: list[ProgrammeItem]) -> int:
    for item in items:
        bump(item)
    db.session.flush()
    return mail_choosers(edition, items)


def choosers(items: list[ProgrammeItem]) -> list[tuple[list[Registration], list[int]]]:
    """Confirmed participants who chose one of the items, one entry per contact address (a
    household): its registrations and the ids of the items they chose."""
    rows = db.session.execute(
        sa.select(Registration, ProgrammeChoice.programme_item_id)
        .join(ProgrammeChoice, ProgrammeChoice.registration_id == Registration.id)
        .where(ProgrammeChoice.programme_item_id.in_([i.id for i in items]),
               Registration.status == RegistrationStatus.CONFIRMED,
               Registration.anonymised.is_(False))
        .order_by(Registration.id)).all()
    grouped: dict[str, tuple[list[Registration], list[int]]] = {}
    for registration, item_id in rows:
        people, chosen = grouped.setdefault(registration.contact_email.lower(), ([], []))
        if registration not in people:
            people.append(registration)
        if item_id not in chosen:
            chosen.append(item_id)
    return list(grouped.values())


def mail_choosers(edition: Edition, items: list[ProgrammeItem]) -> int:
    """One mail per household that chose any of the items, in the current transaction."""
    by_id = {i.id: i for i in items}
    groups = choosers(items) if items and edition.event is not None else []
    for people, chosen in groups:
        _mail(edition, people, [by_id[i] for i in chosen])
    return len(groups)


def _line(item: ProgrammeItem, edition: Edition) -> str:
    parts = [f"{item.title}: " + date_time.format_range(item.starts_at, item.ends_at, "nl")]
    if place := item_location(item, edition):
        parts.append(place)
    text = " · ".join(parts)
    return text + (" " + _("(geannuleerd)") if item.cancelled else "")


def _invitation(edition: Edition, people: list[Registration],
                item: ProgrammeItem) -> itip.Invitation:
    return itip.Invitation(
        method="REQUEST", title=f"{item.title} (State-of-the-STEM {edition.year})",
        location=item_location(item, edition), url=edition_url(edition),
        description=_("Je sessies kiezen of je inschrijving bekijken: %(url)s",
                      url=mails.own_page_url(people[0])),
        organiser_name=edition.event.organisation.name,
        organiser_email=outbox.envelope_sender(),
        attendees=tuple((r.participant_name, r.contact_email) for r in people),
        sessions=(itip.InvitedSession(item.uid, item.sequence, item.starts_at, item.ends_at,
                                  item.cancelled),),
        stamp=date_time.now_utc())


def _mail(edition: Edition, people: list[Registration], items: list[ProgrammeItem]) -> int:
    first = people[0]
    with force_locale("nl"):
        context = {
            "event": edition.event, "edition": edition, "first": first, "items": items,
            "sessions": [_line(i, edition) for i in items], "location": "",
            "any_cancelled": any(i.cancelled for i in items),
            "manage_url": mails.own_page_url(first), "feed_url": mails.personal_feed_url(first),
            "choices_url": mails.absolute(url_for("editions.choices",
                                                  signed=signed_token(first))),
        }
        text = render_template(f"mail/{MAIL_KIND}.txt", **context)
        html = render_template(f"mail/{MAIL_KIND}.html", **context)
        if len(items) == 1 and items[0].cancelled:
            subject = _("Geannuleerd: %(title)s (State-of-the-STEM %(year)s)",
                        title=items[0].title, year=edition.year)
        elif len(items) == 1:
            subject = _("Gewijzigd: %(title)s (State-of-the-STEM %(year)s)",
                        title=items[0].title, year=edition.year)
        else:
            subject = _("Programma gewijzigd: State-of-the-STEM %(year)s", year=edition.year)
        calendar = itip.build(*(_invitation(edition, people, i) for i in items))
    return outbox.enqueue_text(MAIL_KIND, first.contact_email, subject, text, html,
                               (calendar, "REQUEST"), first.id)


# ------------------------------------------------------- the umbrella event's status
def umbrella_status_changed(session, flush_context, instances) -> None:
    """An item's VEVENT shows the umbrella event's status (cancelled, postponed): when it
    changes, however it changes, every item of the edition is bumped."""

    for event in [o for o in session.dirty if isinstance(o, Event)]:
        history = sa.inspect(event).attrs["status"].history
        if event.kind != EventKind.STATE_OF_THE_STEM or not history.has_changes():
            continue
        with session.no_autoflush:
            edition = session.scalar(sa.select(Edition).where(Edition.event_id == event.id))
            for item in edition.programme if edition is not None else []:
                if not sa.inspect(item).attrs["sequence"].history.has_changes():
                    bump(item)
