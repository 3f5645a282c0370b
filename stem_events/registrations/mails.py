"""The mails of a registration, written to the outbox inside the registration transaction."""

from __future__ import annotations

import io

import segno
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from stem_events import date_time, links
from stem_events.events.models import Event, EventStatus, RegistrationMode, slugify
from stem_events.mail import outbox
from stem_events.registrations import itip
from stem_events.registrations.models import Registration, RegistrationStatus


def absolute(path: str) -> str:
    return links.absolute(path)


def manage_url(registration: Registration) -> str:
    from stem_events.registrations.services import signed_token

    return absolute(f"/registrations/{signed_token(registration)}")


def location(event: Event) -> str:
    place = ", ".join(p for p in (event.venue_name, event.street) if p)
    town = " ".join(p for p in (event.postcode, event.municipality.name if event.municipality
                                else "") if p)
    parts = [p for p in (place, town) if p]
    if event.online_url:
        parts.append(event.online_url)
    return ", ".join(parts)


def sessions_of(registration: Registration) -> list:
    event = registration.event
    if event.registration_mode == RegistrationMode.SESSIONS and registration.session:
        return [registration.session]
    return list(event.sessions)


def invitation(registrations: list[Registration], method: str,
               with_cancelled: bool = False) -> bytes:
    """`with_cancelled`: a change also carries the cancelled sessions (STATUS:CANCELLED, higher
    SEQUENCE), so calendars mark them instead of keeping the old entry."""
    first = registrations[0]
    event = first.event
    sessions = [s for s in sessions_of(first)
                if method == "CANCEL" or with_cancelled or not s.cancelled]
    places = owner_places(registrations)
    return itip.build(itip.Invitation(
        method=method, title=event.title, location=location(event),
        url=absolute(f"/events/{event.id}-{event.slug}"),
        description=_("Je inschrijving bekijken of annuleren: %(url)s", url=manage_url(first)),
        organiser_name=event.organisation.name, organiser_email=outbox._envelope_sender(),
        attendees=tuple((r.participant_name, r.contact_email) for r in registrations),
        sessions=tuple(_session_row(s, places.get(s.id), event.title) for s in sessions),
        stamp=date_time.now_utc(),
    ))


def owner_places(registrations: list[Registration]) -> dict:
    """{session id: PersonalPlace} of the mail's recipient for this event: the calendar part
    follows the personal feed's model (registrations/calendar.py)."""
    from stem_events.registrations import calendar

    first = registrations[0]
    held = calendar.owner_registrations(first.owner_key, first.event_id) \
        if first.owner_key else []
    return calendar.places(held or registrations)


ICAL_STATUS = {"confirmed": "CONFIRMED", "waitlisted": "TENTATIVE", "cancelled": "CANCELLED"}


def _session_row(session, place, title: str) -> itip.SessionRow:
    if place is None:
        return itip.SessionRow(session.uid, session.sequence, session.starts_at,
                               session.ends_at, session.cancelled)
    return itip.SessionRow(
        session.uid, session.sequence + place.counter, session.starts_at, session.ends_at,
        session.cancelled, ICAL_STATUS[place.status],
        _("Wachtlijst: %(title)s", title=title) if place.status == "waitlisted" else "",
    )


def personal_feed_url(registration: Registration) -> str:
    """The participant's personal calendar feed: every event registered with this address."""
    from stem_events.feeds.services import token_for

    return absolute(f"/feeds/{token_for(registration.contact_email)}.ics")


def _render(kind: str, registrations: list[Registration], **extra) -> tuple[str, str]:
    from stem_events.registrations.services import waitlist_position

    first = registrations[0]
    context = {
        "event": first.event, "first": first, "manage_url": manage_url(first),
        "people": [(r, waitlist_position(r)) for r in registrations],
        "sessions": [date_time.format_range(s.starts_at, s.ends_at, "nl")
                     + (" " + _("(geannuleerd)") if s.cancelled else "")
                     for s in sessions_of(first)],
        "location": location(first.event), "feed_url": personal_feed_url(first), **extra,
    }
    return (render_template(f"mail/{kind}.txt", **context),
            render_template(f"mail/{kind}.html", **context))


SUBJECTS = {
    "confirmation": _l("Inschrijving bevestigd: %(title)s"),
    "waitlist": _l("Op de wachtlijst: %(title)s"),
    "promotion": _l("Er is een plaats vrij: je inschrijving is bevestigd voor %(title)s"),
    "cancellation": _l("Inschrijving geannuleerd: %(title)s"),
    "reminder": _l("Herinnering: %(title)s"),
    "change": _l("Gewijzigd: %(title)s"),
    "event_cancelled": _l("Geannuleerd: %(title)s"),
    "announcement": _l("%(subject)s"),
}


def checkin_url(registration: Registration) -> str:
    return absolute(f"/manage/events/{registration.event_id}/registrations/checkin?code="
                    f"{registration.manage_token}")


def qr_codes(registrations: list[Registration]) -> list[tuple[str, bytes]]:
    """One QR code per confirmed person: the organiser scans it at the door."""
    images = []
    for registration in registrations:
        buffer = io.BytesIO()
        segno.make(checkin_url(registration), error="m").save(buffer, kind="png", scale=5)
        name = slugify(registration.participant_name) or "deelnemer"
        images.append((f"qr-{name}.png", buffer.getvalue()))
    return images


def _mail(kind: str, registrations: list[Registration], method: str | None = None,
          attendees: list[Registration] | None = None, with_cancelled: bool = False,
          **extra) -> int:
    first = registrations[0]
    with force_locale("nl"):
        text, html = _render(kind, registrations, **extra)
        subject = str(SUBJECTS[kind]) % {"title": first.event.title,
                                         "subject": extra.get("subject", "")}
        calendar = ((invitation(attendees or registrations, method, with_cancelled), method)
                    if method else None)
    confirmed = [r for r in attendees or registrations if r.status == RegistrationStatus.CONFIRMED]
    images = qr_codes(confirmed) if method == "REQUEST" else []
    message = outbox.compose(first.contact_email, subject, text, html, calendar, images)
    return outbox.enqueue(kind, message, first.id)


def registered(registrations: list[Registration], repeated: bool) -> list[int]:
    """One mail per form: confirmed people get the calendar entry, waiting people a position."""
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    if confirmed:
        return [_mail("confirmation", registrations, "REQUEST", repeated=repeated,
                      attendees=confirmed)]
    # A tentative entry ("Wachtlijst: …"), updated in place when promoted.
    return [_mail("waitlist", registrations, "REQUEST", repeated=repeated)]


def cancelled(registrations: list[Registration]) -> list[int]:
    """CANCEL, unless the recipient still holds a place (another child): then the entry
    stays, as a REQUEST with that place, as in the personal feed."""
    from stem_events.registrations import calendar

    first = registrations[0]
    held = [r for r in calendar.owner_registrations(first.owner_key, first.event_id)
            if r.active] if first.owner_key else []
    if held:
        return [_mail("cancellation", registrations, "REQUEST", attendees=held)]
    return [_mail("cancellation", registrations, "CANCEL")]


def promoted(registration: Registration) -> list[int]:
    return [_mail("promotion", [registration], "REQUEST")]


def reminder(registration: Registration, session) -> int:
    return _mail("reminder", [registration], session=session,
                 when=date_time.format_range(session.starts_at, session.ends_at, "nl"))


def changed(registrations: list[Registration]) -> int:
    """The event or a session moved or was cancelled: the calendar entry follows."""
    event = registrations[0].event
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    if event.status == EventStatus.CANCELLED:
        return _mail("event_cancelled", registrations, "CANCEL" if confirmed else None,
                     attendees=confirmed)
    return _mail("change", registrations, "REQUEST" if confirmed else None, attendees=confirmed,
                 with_cancelled=True)


def announcement(registrations: list[Registration], subject: str, body: str) -> int:
    """An organiser's message to the registrants (through the same outbox)."""
    return _mail("announcement", registrations, subject=subject, body=body)
