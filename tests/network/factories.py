"""Factories of the network domain: `make_initiative(**overrides)`."""

from __future__ import annotations

import pytest


@pytest.fixture(name="make_initiative")
def make_initiative_fixture(db, make_organisation):
    """A published initiative; `organisations`, `themes` (slugs), `goals` (codes),
    `municipalities` (NIS codes) and `events` may be given."""
    import sqlalchemy as sa

    from stem_events.network.models import InitiativeStatus, event_initiatives
    from stem_events.network.services import new_initiative
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
