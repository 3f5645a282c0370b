"""iTIP (RFC 5546) calendar parts for registration mails: rows in, bytes out.

A confirmation or change is `METHOD:REQUEST`, a cancellation `METHOD:CANCEL`. Each VEVENT is
one session with its stored UID and SEQUENCE, so calendar apps update the entry in place
instead of adding a second one. Times are written in UTC (no VTIMEZONE needed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from icalendar import Calendar, vCalAddress
from icalendar import Event as VEvent

PRODID = "-//STEM-agenda Vlaanderen//stem_events//NL"


@dataclass(frozen=True)
class InvitedSession:
    """One date of an invitation mail (a participant's place at a session). The rows of the
    feeds are `feeds.ical.SessionRow`, the one SessionRow."""

    uid: str
    sequence: int
    starts_at: datetime
    ends_at: datetime
    cancelled: bool = False
    status: str = ""  # the owner's place: CONFIRMED (default), TENTATIVE or CANCELLED
    summary: str = ""  # default: the invitation's title


@dataclass(frozen=True)
class Invitation:
    method: str  # REQUEST or CANCEL
    title: str
    location: str
    url: str
    description: str
    organiser_name: str
    organiser_email: str  # the platform's no-reply address
    attendees: tuple[tuple[str, str], ...]  # (name, e-mail)
    sessions: tuple[InvitedSession, ...]
    stamp: datetime


#: An attendee's participation for the VEVENT's status (a waiting-list place is tentative).
PARTSTAT = {"CONFIRMED": "ACCEPTED", "TENTATIVE": "TENTATIVE", "CANCELLED": "DECLINED"}


def _address(email: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    for key, value in params.items():
        address.params[key.replace("_", "-").upper()] = value
    return address


def _vevent(invitation: Invitation, session: InvitedSession) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", session.uid)
    vevent.add("sequence", session.sequence)
    vevent.add("dtstamp", invitation.stamp)
    vevent.add("dtstart", session.starts_at)
    vevent.add("dtend", session.ends_at)
    vevent.add("summary", session.summary or invitation.title)
    if invitation.location:
        vevent.add("location", invitation.location)
    if invitation.description:
        vevent.add("description", invitation.description)
    if invitation.url:
        vevent.add("url", invitation.url)
    cancelled = invitation.method == "CANCEL" or session.cancelled
    status = "CANCELLED" if cancelled else (session.status or "CONFIRMED")
    vevent.add("status", status)
    vevent.add("transp", "OPAQUE")
    vevent["organizer"] = _address(invitation.organiser_email, cn=invitation.organiser_name)
    for name, email in invitation.attendees:
        vevent.add("attendee", _address(
            email, cn=name, role="REQ-PARTICIPANT", rsvp="FALSE",
            partstat={"CANCEL": "DECLINED"}.get(invitation.method, PARTSTAT.get(status)),
        ))
    return vevent


def build(*invitations: Invitation) -> bytes:
    """The iCalendar bytes (CRLF, folded lines) for one invitation, or for several with the
    same method (e.g. State-of-the-STEM programme items, each with its own title and place)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", invitations[0].method)
    for invitation in invitations:
        for session in invitation.sessions:
            calendar.add_component(_vevent(invitation, session))
    return calendar.to_ical()
