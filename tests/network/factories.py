"""Factories of the network domain: `make_initiative(**overrides)`."""

from __future__ import annotations

from datetime import timedelta

import pytest


@pytest.fixture(name="make_initiative")
def make_initiative_fixture(db, make_organisation):
    """A published initiative; `organisations`, `themes` (slugs), `goals` (codes),
    `municipalities` (NIS codes) and `events` may be given."""
    import sqlalchemy as sa

    from stem_events.initiatives.catalogue import new_initiative
    from stem_events.initiatives.models import InitiativeStatus, event_initiatives
    from stem_events.reference.models import Goal, Municipality, Theme

    def make(name="Codeerclub Gent", organisations=None, themes=(), goals=(),
             municipalities=("44021",), events=(), **values):
        values.setdefault("status", InitiativeStatus.PUBLISHED)
        values.setdefault("summary", "Wekelijks programmeren voor kinderen.")
        initiative = new_initiative(name, **values)
        initiative.organisations = list(organisations or [make_organisation()])
        initiative.themes = [db.session.scalar(sa.select(Theme).where(Theme.slug == s))
                             for s in themes]
        initiative.goals = [db.session.get(Goal, c) for c in goals]
        initiative.municipalities = [db.session.get(Municipality, n) for n in municipalities]
        db.session.add(initiative)
        db.session.flush()
        for event in events:
            db.session.execute(event_initiatives.insert().values(
                event_id=event.id, initiative_id=initiative.id))
        db.session.commit()
        return initiative

    return make


@pytest.fixture(name="make_edition")
def make_edition_fixture(db, make_event):
    """A State-of-the-STEM edition whose umbrella event is on 18 May of the year."""
    from stem_events.editions.models import Edition
    from stem_events.events.models import EventStatus
    from stem_events.reference.models import EventKind
    from tests.conftest import utc

    def make(year=2028, status=None, **values):
        status = status or EventStatus.PUBLISHED
        start = utc(year, 5, 18, 7)
        event = make_event(title=f"State-of-the-STEM {year}", kind=EventKind.STATE_OF_THE_STEM,
                           status=status, edition_year=year, municipality_nis="21004",
                           sessions=[(start, start + timedelta(hours=8))])
        edition = Edition(year=year, event=event, venue="Square Brussel", **values)
        db.session.add(edition)
        db.session.commit()
        return edition

    return make


@pytest.fixture(name="as_coordinator")
def as_coordinator_fixture(client, make_user):
    """Sign the test client in as a coordinator (without the slow password check)."""
    from stem_events.accounts.models import Role

    def sign_in():
        user = make_user(role=Role.ADMIN)
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return user

    return sign_in


@pytest.fixture(name="mailbox")
def mailbox_fixture(app, tmp_path):
    """The mails delivered during this test: `mailbox(recipient=None)` → [(text, calendar)]."""
    from tests.mailbox import delivered

    app.config["OUTBOX_DIR"], previous = str(tmp_path), app.config["OUTBOX_DIR"]
    yield lambda recipient=None: delivered(tmp_path, recipient)
    app.config["OUTBOX_DIR"] = previous
