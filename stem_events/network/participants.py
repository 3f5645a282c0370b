"""The participant list of a network moment: who comes, from which organisation and pillar,
and the initiatives they bring. Only participants who opted in are listed, and only they
(through their signed registration link) and the event's organisers and coordinators see it.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from stem_events.errors import Forbidden, NotFound
from stem_events.events.models import Event
from stem_events.extensions import db
from stem_events.initiatives.catalogue import initiatives_presented_at
from stem_events.initiatives.models import Initiative
from stem_events.network.models import Pitch
from stem_events.reference.models import EventKind, HelixPillar
from stem_events.registrations import services as registrations
from stem_events.registrations.models import Registration, RegistrationStatus
from stem_events.registrations.rules import normalise


@dataclass(frozen=True)
class Participant:
    name: str
    organisation: str
    pillar: HelixPillar | None
    initiatives: list[Initiative]


def _brought(event_id: int) -> dict[str, list[Initiative]]:
    """Initiatives presented at the moment, by the normalised name of their organisations
    (and of the organisation that pitched them)."""
    brought: dict[str, list[Initiative]] = {}
    for initiative in initiatives_presented_at(event_id):
        for organisation in initiative.organisations:
            brought.setdefault(normalise(organisation.name), []).append(initiative)
    for pitch in db.session.scalars(sa.select(Pitch).where(Pitch.event_id == event_id)):
        if pitch.organisation and pitch.initiative and pitch.initiative.is_public:
            found = brought.setdefault(normalise(pitch.organisation.name), [])
            if pitch.initiative not in found:
                found.append(pitch.initiative)
    return brought


def participant_list(event: Event) -> list[Participant]:
    """The opted-in participants whose registration is not cancelled, by name."""
    rows = db.session.scalars(sa.select(Registration).where(
        Registration.event_id == event.id,
        Registration.status != RegistrationStatus.CANCELLED,
        Registration.show_in_participant_list.is_(True),
        Registration.anonymised.is_(False),
    ))
    brought = _brought(event.id)
    people = [Participant(r.participant_name, r.participant_organisation, r.participant_helix,
                          sorted(brought.get(normalise(r.participant_organisation), []),
                                 key=lambda i: i.name))
              for r in rows]
    return sorted(people, key=lambda p: (normalise(p.name), normalise(p.organisation)))


def for_participant(signed: str) -> tuple[Event, list[Participant]]:
    """The list as a participant sees it; 403 unless they registered and opted in."""
    registration = registrations.by_signed_token(signed)
    event = registration.event
    if event.kind != EventKind.NETWORK_MOMENT:
        raise NotFound(_("Deze activiteit heeft geen deelnemerslijst."))
    if not registration.active or not registration.show_in_participant_list:
        raise Forbidden(_(
            "De deelnemerslijst is enkel zichtbaar voor ingeschreven deelnemers die zelf "
            "gekozen hebben om in de lijst te staan."))
    return event, participant_list(event)
