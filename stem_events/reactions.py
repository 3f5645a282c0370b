"""The one place where domains react to each other. A lower package never imports a higher
one (`make lint`, import-linter); it announces or asks through the named signals of its
`signals.py`, and this module connects each to the higher package's service:

event changed (events.signals.changed)
    → registrations.organiser.queue_change: mail the registrants the change with an updated
      calendar entry, in the change's own transaction.
event capacity raised (events.signals.capacity_raised)
    → registrations.services.promote_after_raised_capacity: the waiting list moves up, after
      the change committed.
seats taken / registration counts of an event (events.signals.seats_taken,
registration_counts) → registrations.organiser.confirmed_seats / counts; the dashboard's
totals of many events (events.signals.registration_totals) → registrations.organiser.totals.
how many mails a change sends (events.signals.change_recipients)
    → registrations.organiser.change_recipients.
initiatives an event may present (events.signals.linkable_initiatives)
    → initiatives.services.linkable_initiatives.
whether an event came from an import (uitdatabank.signals.imported)
    → imports.sources.source_of: imported events are never exported to UiTdatabank.
what else refers to an initiative (initiatives.signals.references)
    → network.services.initiative_references + editions.services.initiative_references
      + awards.services.initiative_references (nominations).
the import source of an event (events.signals.import_source)
    → imports.sources.source_of (the moderation queue and the organiser's form name it).

What pages of a lower domain show from higher ones, gathered by the view (`hooks.gather`) so
that no template runs a query:
an event's page (events.signals.event_page)
    → registrations.services.registration_state and .alternatives (the registration block),
      network.services.network_moment_view (a network moment, presented initiatives),
      feeds.subscribe.event_subscription (the subscribe dialog).
an organisation's page (events.signals.organisation_page)
    → initiatives.labels.organisation_labels (the STEM-labels of its initiatives).
an edition's pages (editions.signals.edition_page) → awards.services.rounds_of_edition,
      rolemodels.catalogue.programme_role_models (the role models among the speakers).
an initiative's page (initiatives.signals.initiative_page)
    → rolemodels.catalogue.initiative_role_models (its role models and its events').
an event's organiser page (events.signals.manage_page) → uitdatabank.services.manage_page.
the agenda (events.signals.agenda_page) → feeds.subscribe.agenda_subscription.
seats on the agenda's cards (events.signals.listing_availability)
    → registrations.services.listing_availability (one query per page, none when the page's
      sessions came with the seats held in their scope: events.signals.scope_seats_held
      → registrations.services.scope_seats_held).
a participant's own page (registrations.signals.own_page)
    → editions.views.choices_url (State-of-the-STEM: choose sessions).

role models of events (events.signals.role_model_events, role_models)
    → rolemodels.catalogue.events_with_role_model / role_models_by_event: the agenda filter
      `role_model=1`, the cards' mark, the event page and its JSON-LD performers.
a role model withdrawn (rolemodels.signals.withdrawn)
    → uitdatabank.services.role_model_withdrawn: their exported events are queued again.

fields an organiser may not change (events.signals.locked_fields)
    → imports.sources.locked_fields: what an imported event's feed carries follows the feed.

What several domains answer together, collected by the asker (`hooks.collect`):
a personal feed's own places (feeds.signals.personal_places)
    → registrations.calendar.places_for_owner: one's registrations, with their status.
a personal feed's extra VEVENTs (feeds.signals.personal_fragments)
    → editions.ical.chosen_fragments: the State-of-the-STEM programme items one chose.

Fragments of feeds are re-rendered without a signal: their stamps compare the rows' SEQUENCE
and updated_at (feeds/services.py), which every change moves.
"""

from __future__ import annotations

from stem_events.awards import services as awards
from stem_events.editions import services as editions
from stem_events.editions import signals as edition_signals
from stem_events.editions.ical import chosen_fragments
from stem_events.editions.views import choices_url
from stem_events.events import signals as event_signals
from stem_events.feeds import signals as feed_signals
from stem_events.feeds import subscribe
from stem_events.imports import sources as import_sources
from stem_events.initiatives import labels as initiative_labels
from stem_events.initiatives import services as initiatives
from stem_events.initiatives import signals as initiative_signals
from stem_events.network import services as network
from stem_events.registrations import calendar as registrations_calendar
from stem_events.registrations import organiser as registrations_organiser
from stem_events.registrations import services as registrations
from stem_events.registrations import signals as registration_signals
from stem_events.rolemodels import catalogue as role_models
from stem_events.rolemodels import signals as role_model_signals
from stem_events.uitdatabank import services as uitdatabank
from stem_events.uitdatabank import signals as uitdatabank_signals


def _mail_registrants(event_id: int, session_id: int | None = None) -> None:
    registrations_organiser.queue_change(event_id, session_id)


def _promote_waiting_list(event_id: int) -> None:
    registrations.promote_after_raised_capacity(event_id)


def _seats_taken(event, session=None) -> int:
    return registrations_organiser.confirmed_seats(event, session)


def _registration_counts(event_id: int) -> dict:
    return registrations_organiser.counts(event_id)


def _registration_totals(event_ids: list[int]) -> dict:
    return registrations_organiser.totals(event_ids)


def _change_recipients(event_id: int, sessions=()) -> int:
    return registrations_organiser.change_recipients(event_id, sessions)


def _linkable_initiatives(user, organisation_ids, event=None) -> list:
    return initiatives.linkable_initiatives(user, organisation_ids, event)


def _imported(event_id: int) -> bool:
    return import_sources.source_of(event_id) is not None


def _initiative_references(initiative) -> list[str]:
    return (network.initiative_references(initiative) + editions.initiative_references(initiative)
            + awards.initiative_references(initiative))


def _role_model_events(_sender):
    return role_models.events_with_role_model()


def _role_models(event_ids) -> dict:
    return role_models.role_models_by_event(event_ids)


def _import_source(event_id: int):
    return import_sources.source_of(event_id)


def _registration_block(event, preview=False) -> dict:
    state = registrations.registration_state(event)
    return {"registration_state": state,
            "registration_alternatives": (registrations.alternatives(event)
                                          if state.kind == "full" else [])}


def _scope_seats_held(_sender):
    return registrations.scope_seats_held()


def _listing_availability(listings) -> dict:
    return registrations.listing_availability(listings)


def _network_moment(event, preview=False) -> dict:
    view = network.network_moment_view(event)
    return {"network_moment": view,
            "presented_labels": initiative_labels.valid_labels(view.presented) if view else {}}


def _organisation_labels(organisation) -> dict:
    return {"organisation_labels": initiative_labels.organisation_labels(organisation.id)}


def _award_rounds(edition) -> dict:
    return {"award_rounds": awards.rounds_of_edition(edition.id)}


def _event_subscription(event, preview=False) -> dict:
    if preview:
        return {}  # an event not yet public has no feed to subscribe to
    return {"subscription": subscribe.event_subscription(event)}


def _agenda_subscription(f) -> dict:
    return {"subscription": subscribe.agenda_subscription(f)}


def _choices_url(registration, signed: str) -> dict:
    return {"choices_url": choices_url(registration.event, signed)}


CONNECTIONS = (
    (event_signals.changed, _mail_registrants),
    (event_signals.capacity_raised, _promote_waiting_list),
    (event_signals.seats_taken, _seats_taken),
    (event_signals.registration_counts, _registration_counts),
    (event_signals.change_recipients, _change_recipients),
    (event_signals.registration_totals, _registration_totals),
    (event_signals.linkable_initiatives, _linkable_initiatives),
    (initiative_signals.references, _initiative_references),
    (event_signals.role_model_events, _role_model_events),
    (event_signals.role_models, _role_models),
    (event_signals.import_source, _import_source),
    (event_signals.event_page, _registration_block),
    (event_signals.event_page, _network_moment),
    (event_signals.organisation_page, _organisation_labels),
    (edition_signals.edition_page, _award_rounds),
    (edition_signals.edition_page, role_models.programme_role_models),
    (initiative_signals.initiative_page, role_models.initiative_role_models),
    (event_signals.event_page, _event_subscription),
    (event_signals.agenda_page, _agenda_subscription),
    (event_signals.listing_availability, _listing_availability),
    (event_signals.scope_seats_held, _scope_seats_held),
    (registration_signals.own_page, _choices_url),


    (uitdatabank_signals.imported, _imported),
    (event_signals.manage_page, uitdatabank.manage_page),
    (role_model_signals.withdrawn, uitdatabank.role_model_withdrawn),
    (event_signals.locked_fields, import_sources.locked_fields),
    (feed_signals.personal_places, registrations_calendar.places_for_owner),
    (feed_signals.personal_fragments, chosen_fragments),
)


def connect() -> None:
    """Connect every reaction (idempotent: blinker keeps one connection per receiver)."""
    for signal, receiver in CONNECTIONS:
        signal.connect(receiver)
