"""State-of-the-STEM session choices.

A participant registers once for the edition's umbrella event (the registrations package:
form, identities, capacity, waiting list) and then chooses programme items. The choices are
taken in the umbrella event's registration lock (`locked_event`): the count of choices per
item and the insert happen in one transaction that every writer for this edition queues on,
so an item's capacity holds on SQLite and PostgreSQL alike, whatever the concurrency.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from stem_events.editions.models import Edition, ProgrammeChoice, ProgrammeItem
from stem_events.errors import DomainError, InvalidInput, NotFound
from stem_events.extensions import db
from stem_events.registrations import services as registrations
from stem_events.registrations.locking import locked_event
from stem_events.registrations.models import Registration, RegistrationStatus


class OverlappingChoice(InvalidInput):
    code = "overlapping_choice"


class ItemFull(DomainError):
    code = "programme_item_full"
    status = 409


class ItemCancelled(DomainError):
    code = "programme_item_cancelled"
    status = 409


class NotRegistered(DomainError):
    code = "not_registered"
    status = 409


def edition_of_event(event_id: int) -> Edition | None:
    return db.session.scalar(sa.select(Edition).where(Edition.event_id == event_id))


def taken_counts(edition_id: int, excluding: int | None = None) -> dict[int, int]:
    """Choices per programme item of an edition, of registrations that are not cancelled."""
    query = (
        sa.select(ProgrammeChoice.programme_item_id, sa.func.count())
        .join(ProgrammeItem, ProgrammeItem.id == ProgrammeChoice.programme_item_id)
        .join(Registration, Registration.id == ProgrammeChoice.registration_id)
        .where(ProgrammeItem.edition_id == edition_id,
               Registration.status != RegistrationStatus.CANCELLED)
        .group_by(ProgrammeChoice.programme_item_id)
    )
    if excluding is not None:
        query = query.where(ProgrammeChoice.registration_id != excluding)
    return dict(db.session.execute(query).all())


def seats_left(edition: Edition) -> dict[int, int | None]:
    taken = taken_counts(edition.id)
    return {item.id: None if item.capacity is None else max(0, item.capacity - taken.get(
        item.id, 0)) for item in edition.programme}


def chosen_ids(registration_id: int) -> set[int]:
    return set(db.session.scalars(sa.select(ProgrammeChoice.programme_item_id).where(
        ProgrammeChoice.registration_id == registration_id)))


def _check_overlaps(items: list[ProgrammeItem]) -> None:
    """A cancelled item does not take the participant's time: it never blocks another."""
    ordered = sorted((i for i in items if not i.cancelled), key=lambda i: (i.starts_at, i.id))
    for index, item in enumerate(ordered):
        for other in ordered[index + 1:]:
            if item.overlaps(other):
                raise OverlappingChoice(_(
                    "‘%(first)s’ en ‘%(second)s’ lopen tegelijk: kies er één van.",
                    first=item.title, second=other.title))


def choose(registration_id: int, item_ids: list[int]) -> set[int]:
    """Replace a participant's choices by `item_ids`: all or nothing.

    Raises `NotRegistered` unless the registration is confirmed, `OverlappingChoice` for two
    items at the same time, `ItemFull` for an item whose seats are taken by others,
    `ItemCancelled` for a cancelled item not chosen before (a choice made before the item was
    cancelled may stay, so the participant's calendar shows it cancelled)."""
    registration = db.session.get(Registration, registration_id)
    if registration is None:
        raise NotFound(_("Deze inschrijving bestaat niet."))
    with locked_event(registration.event_id) as event:
        registration = db.session.get(Registration, registration_id, populate_existing=True)
        edition = edition_of_event(event.id)
        if edition is None:
            raise NotFound(_("Deze activiteit is geen editie van State-of-the-STEM."))
        if registration.status == RegistrationStatus.CANCELLED:
            raise NotRegistered(_("Je inschrijving voor deze editie is geannuleerd; je kunt "
                                  "geen sessies meer kiezen."))
        if registration.status != RegistrationStatus.CONFIRMED:
            raise NotRegistered(_(
                "Je kunt pas sessies kiezen als je inschrijving voor de editie bevestigd is."))
        wanted = set(item_ids)
        by_id = {item.id: item for item in edition.programme}
        if not wanted <= set(by_id):
            raise InvalidInput(_("Kies sessies uit het programma van deze editie."))
        items = [by_id[i] for i in sorted(wanted)]
        _check_overlaps(items)
        current = chosen_ids(registration.id)
        taken = taken_counts(edition.id, excluding=registration.id)
        registrations._test_pause()
        for item in items:
            if item.id in current:
                continue  # a seat already held stays held, even when the capacity was lowered
            if item.cancelled:
                raise ItemCancelled(_("‘%(title)s’ is geannuleerd: kies een andere sessie.",
                                      title=item.title))
            if item.capacity is not None and taken.get(item.id, 0) >= item.capacity:
                raise ItemFull(_("‘%(title)s’ is volzet: kies een andere sessie.",
                                 title=item.title))
        db.session.execute(sa.delete(ProgrammeChoice).where(
            ProgrammeChoice.registration_id == registration.id,
            ProgrammeChoice.programme_item_id.not_in(wanted) if wanted else sa.true()))
        for item_id in sorted(wanted - current):
            db.session.add(ProgrammeChoice(registration_id=registration.id,
                                           programme_item_id=item_id))
        db.session.flush()
    return wanted


def items_for_owner(owner_key: str) -> list[ProgrammeItem]:
    """The chosen programme items of an e-mail address (its personal feed)."""
    return list(db.session.scalars(
        sa.select(ProgrammeItem).join(ProgrammeChoice,
                                      ProgrammeChoice.programme_item_id == ProgrammeItem.id)
        .join(Registration, Registration.id == ProgrammeChoice.registration_id)
        .where(Registration.owner_key == owner_key,
               Registration.status == RegistrationStatus.CONFIRMED)
        .order_by(ProgrammeItem.starts_at, ProgrammeItem.id).distinct()
    ))


def registration_for_link(signed: str) -> tuple[Registration, Edition]:
    registration = registrations.by_signed_token(signed)
    edition = edition_of_event(registration.event_id)
    if edition is None:
        raise NotFound(_("Deze inschrijving hoort niet bij State-of-the-STEM."))
    return registration, edition
