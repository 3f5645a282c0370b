"""The mails of a registration, written to the outbox inside the registration transaction."""

from __future__ import annotations

import io
from datetime import datetime

import segno
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from stem_events import date_time, links
from stem_events.events.models import Event, EventStatus, RegistrationMode, slugify
from stem_events.mail import outbox
from stem_events.registrations import change_notes, itip
from stem_events.registrations.models import Registration, RegistrationStatus


def absolute(path: str) -> str:
    return links.absolute(path)


def own_page_url(registration: Registration) -> str:
    """The participant's own registration page (the snapshot key stays `manage_url`, so that
    mails queued before the rename are still composed)."""
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


def owner_places(registrations: list[Registration], waitlist_position=None,
                 owned: list[Registration] | None = None) -> dict:
    """{session id: PersonalPlace} of the mail's recipient for this event: the calendar part
    follows the personal feed's model (registrations/calendar.py). `owned`: the recipient's
    registrations of the event when the caller read them already."""
    from stem_events.registrations import calendar

    first = registrations[0]
    held = owned if owned is not None else \
        calendar.owner_registrations(first.owner_key, first.event_id) if first.owner_key else []
    return calendar.places(held or registrations, waitlist_position)


ICAL_STATUS = {"confirmed": "CONFIRMED", "waitlisted": "TENTATIVE", "cancelled": "CANCELLED"}


def _session_row(session, place=None, title: str = "") -> dict:
    """A session as the recipient's calendar shows it: the personal SEQUENCE (the session's
    plus the owner's counter), TENTATIVE "Wachtlijst: …" while waitlisted."""
    row = {"uid": session.uid, "sequence": session.sequence,
           "starts_at": session.starts_at.isoformat(), "ends_at": session.ends_at.isoformat(),
           "cancelled": session.cancelled, "status": "", "summary": ""}
    if place is not None:
        row["sequence"] += place.counter
        row["status"] = ICAL_STATUS[place.status]
        if place.status == "waitlisted":
            row["summary"] = _("Wachtlijst: %(title)s", title=title)
    return row


def invitation(data: dict) -> bytes:
    """The iTIP part of a snapshot. A change also carries the cancelled sessions
    (STATUS:CANCELLED, higher SEQUENCE), so calendars mark them instead of keeping the old
    entry, and says in DESCRIPTION what changed."""
    calendar = data["calendar"]
    method = calendar["method"]
    rows = [itip.InvitedSession(s["uid"], s["sequence"], _moment(s["starts_at"]),
                            _moment(s["ends_at"]), s["cancelled"], s.get("status", ""),
                            s.get("summary", "")) for s in data["sessions"]]
    rows = [r for r in rows if method == "CANCEL" or calendar["with_cancelled"] or not r.cancelled]
    description = "\n".join([*(_change_text(c) for c in data.get("changes", [])),
                              *(_("Groep: %(group)s", group=g) for g in data.get("groups", [])),
                              _("Je inschrijving bekijken of annuleren: %(url)s",
                                url=data["manage_url"])])
    event = data["event"]
    return itip.build(itip.Invitation(
        method=method, title=event["title"], location=data["location"], url=event["url"],
        description=description, organiser_name=event["organisation"]["name"],
        organiser_email=outbox.envelope_sender(),
        attendees=tuple(tuple(a) for a in calendar["attendees"]),
        sessions=tuple(rows), stamp=_moment(data["stamp"]),
    ))


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _change_text(change: dict) -> str:
    return f"{change['label']}: {change['old']} → {change['new']}"


def personal_feed_url(registration: Registration) -> str:
    """The participant's personal calendar feed: every event registered with this address."""
    return feed_url_for(registration.contact_email, absolute("/feeds/"))


def feed_url_for(email: str, feeds_at: str) -> str:
    """The personal feed of an address under `feeds_at` (the absolute `/feeds/`, as the
    request saw it); its token is created on first use, in the caller's transaction."""
    from stem_events.feeds.services import token_for

    return f"{feeds_at}{token_for(email)}.ics"


def _render(data: dict) -> tuple[str, str]:
    """The text and HTML of a snapshot, in the words of the moment it was taken."""
    kind = data["kind"]
    context = {
        "event": data["event"], "first": data["first"], "manage_url": data["manage_url"],
        "people": [({"participant_name": p["participant_name"],
                     "status": RegistrationStatus(p["status"])}, p["position"])
                   for p in data["people"]],
        "sessions": [date_time.format_range(_moment(s["starts_at"]), _moment(s["ends_at"]), "nl")
                     + (" " + _("(geannuleerd)") if s["cancelled"] else "")
                     for s in data["sessions"]],
        "location": data["location"],
        # The personal feed's token is looked up (created the first time) when the mail is
        # composed, by the sender, not in the registration's locked transaction; the snapshot
        # holds the address it goes under. Snapshots queued before carry the whole link.
        "feed_url": data.get("feed_url") or feed_url_for(data["recipient"], data["feeds_at"]),
        "changes": data.get("changes", []), **data["extra"],
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
    "offer": _l("Plaatsen aangeboden voor je klas: %(title)s"),
    "offer_expired": _l("Aanbod verlopen, je klas blijft op de wachtlijst: %(title)s"),
}


def checkin_url(registration: Registration) -> str:
    return absolute(f"/manage/events/{registration.event_id}/registrations/checkin?code="
                    f"{registration.own_token}")


def qr_codes(codes: list[list[str]]) -> list[tuple[str, bytes]]:
    """One QR code per confirmed person, (file name, check-in link): the organiser scans it at
    the door."""
    images = []
    for name, url in codes:
        buffer = io.BytesIO()
        segno.make(url, error="m").save(buffer, kind="png", scale=5)
        images.append((name, buffer.getvalue()))
    return images


def _contact(event: Event) -> dict | None:
    """Whom the participant asks (also about accessibility), as it was when the mail was
    queued; None when neither the event nor its organisation declares a public contact."""
    contact = event.contact
    if not (contact.email or contact.phone):
        return None
    return {"email": contact.email or "", "phone": contact.phone or ""}


def snapshot(kind: str, registrations: list[Registration], method: str | None = None,
             attendees: list[Registration] | None = None, with_cancelled: bool = False,
             changes: list | None = None, positions: dict[int, int] | None = None,
             owned: list[Registration] | None = None, **extra) -> dict:
    """Everything the mail will say, as it is now (JSON): names, statuses and waiting-list
    positions, the sessions with their UID and SEQUENCE, place, links, what changed.
    `positions` and `owned`: waiting-list places and the recipient's registrations of the
    event, where the caller counted and read them already (a registration, under its lock)."""
    from stem_events.registrations.services import waitlist_position

    first = registrations[0]
    event = first.event
    invited = attendees or registrations
    counted: dict[int, int | None] = dict(positions or {})  # one count per waiting one

    def position(registration: Registration) -> int | None:
        if registration.id not in counted:
            counted[registration.id] = waitlist_position(registration)
        return counted[registration.id]

    places = owner_places(invited, position, owned)
    return {
        "kind": kind, "recipient": first.contact_email, "stamp": date_time.now_utc().isoformat(),
        "event": {"title": event.title, "status_reason": event.status_reason,
                  "url": absolute(f"/events/{event.id}-{event.slug}"),
                  "organisation": {"name": event.organisation.name},
                  "contact": _contact(event)},
        "first": {"contact_name": first.contact_name,
                  "participant_name": first.participant_name},
        "people": [{"participant_name": r.participant_name, "status": r.status.value,
                    "position": position(r)} for r in registrations],
        "sessions": [_session_row(s, places.get(s.id), event.title)
                     for s in sessions_of(first)],
        "location": location(event), "manage_url": own_page_url(first),
        "feeds_at": absolute("/feeds/"),
        "calendar": {"method": method, "with_cancelled": with_cancelled,
                     "attendees": [[r.participant_name, r.contact_email] for r in invited]}
        if method else None,
        "qr": [[f"qr-{slugify(r.participant_name) or 'deelnemer'}.png", checkin_url(r)]
               for r in invited if r.status == RegistrationStatus.CONFIRMED]
        if method == "REQUEST" else [],
        "changes": [line.as_dict() for line in changes or []],
        # A class: its size in the calendar entry (the teacher's agenda says who comes).
        "groups": [r.participant_name for r in registrations if r.is_group],
        "extra": extra,
    }


def compose(data: dict) -> outbox.Mail:
    """The mail of a snapshot (`snapshot`), when it is sent."""
    with force_locale("nl"):
        text, html = _render(data)
        subject = str(SUBJECTS[data["kind"]]) % {
            "title": data["event"]["title"], "subject": data["extra"].get("subject", "")}
        calendar = ((invitation(data), data["calendar"]["method"]) if data["calendar"]
                    else None)
    return outbox.Mail(data["recipient"], subject, text, html, calendar, qr_codes(data["qr"]))


outbox.register_composer("registration", compose)


def _mail(kind: str, registrations: list[Registration], method: str | None = None,
          **options) -> int:
    first = registrations[0]
    with force_locale("nl"):
        data = snapshot(kind, registrations, method, **options)
        subject = str(SUBJECTS[kind]) % {"title": first.event.title,
                                         "subject": options.get("subject", "")}
    return outbox.enqueue(kind, first.contact_email, subject, "registration", data, first.id)


def registered(registrations: list[Registration], repeated: bool,
               positions: dict[int, int] | None = None,
               owned: list[Registration] | None = None) -> list[int]:
    """One mail per form: confirmed people get the calendar entry, waiting people a position.
    `positions`, `owned`: as `snapshot` takes them."""
    known = {"positions": positions, "owned": owned}
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    if confirmed:
        return [_mail("confirmation", registrations, "REQUEST", repeated=repeated,
                      attendees=confirmed, **known)]
    # A tentative entry ("Wachtlijst: …"), updated in place when promoted.
    return [_mail("waitlist", registrations, "REQUEST", repeated=repeated, **known)]


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


def offered(registration: Registration) -> int:
    """A waiting group is offered fewer seats, held until the offer expires: the manage link
    (signed) accepts or declines."""
    expires = registration.offer_expires_at
    return _mail("offer", [registration], seats=registration.offered_seats,
                 asked=registration.seats,
                 until=f"{date_time.format_date(expires, 'nl')} {date_time.format_time(expires)}")


def offer_expired(registration: Registration) -> int:
    """The offer lapsed unanswered: the group keeps its place on the waiting list, the held
    seats go to who waits; the manage link still cancels."""
    return _mail("offer_expired", [registration], seats=registration.offered_seats,
                 asked=registration.seats)


def reminder(registration: Registration, session) -> int:
    return _mail("reminder", [registration],
                 when=date_time.format_range(session.starts_at, session.ends_at, "nl"))


def changed(registrations: list[Registration], scope: int | None = None) -> int:
    """The event or a session (`scope`: its id; None: the whole event) moved or was cancelled:
    the mail says what changed, old → new, and the calendar entry follows."""
    event = registrations[0].event
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    if event.status == EventStatus.CANCELLED:
        return _mail("event_cancelled", registrations, "CANCEL" if confirmed else None,
                     attendees=confirmed)
    sessions = [s for s in sessions_of(registrations[0]) if scope in (None, s.id)]
    return _mail("change", registrations, "REQUEST" if confirmed else None, attendees=confirmed,
                 with_cancelled=True, changes=change_notes.what_changed(event, sessions))


def announcement(registrations: list[Registration], subject: str, body: str) -> int:
    """An organiser's message to the registrants (through the same outbox)."""
    return _mail("announcement", registrations, subject=subject, body=body)
