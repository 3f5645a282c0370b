"""`flask demo-data` also fills the network domain: initiatives of STEM-academies, network
moments with programme, and the State-of-the-STEM edition."""

from datetime import UTC, datetime

import sqlalchemy as sa

from stem_events.editions.models import Edition
from stem_events.events.models import Event
from stem_events.initiatives.models import Initiative, InitiativeStatus
from stem_events.network.models import NetworkMoment
from stem_events.reference.models import EventKind


def test_demo_data_builds_initiatives_moments_and_an_edition(app, db, freeze_now, client):
    freeze_now(datetime(2026, 9, 2, 8, tzinfo=UTC))
    result = app.test_cli_runner().invoke(args=["demo-data", "--events", "300"])
    assert result.exit_code == 0, result.output

    initiatives = db.session.scalars(sa.select(Initiative)).all()
    published = [i for i in initiatives if i.status == InitiativeStatus.PUBLISHED]
    assert len(published) >= 10
    assert all(any(o.is_academy for o in i.organisations) for i in initiatives)
    assert all("STEM-academie" in i.description for i in initiatives)
    moments = db.session.scalar(sa.select(sa.func.count()).select_from(Event)
                                .where(Event.kind == EventKind.NETWORK_MOMENT))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(NetworkMoment)) == moments
    edition = db.session.scalar(sa.select(Edition))
    assert edition.event.kind == EventKind.STATE_OF_THE_STEM
    assert len(edition.programme) >= 6 and edition.stands

    assert client.get("/initiatives").status_code == 200
    first = published[0]
    assert client.get(f"/initiatives/{first.id}-{first.slug}").status_code == 200

    # the demo organiser has work in progress to show on /manage/initiatives
    client.post("/login", data={"email": "organisator@stem-events.example",
                                "password": "stem-organisator-2026"})
    mine = client.get("/manage/initiatives").text
    assert "Ter goedkeuring (" in mine and "Ontwerp (" in mine
    assert "STEM-zomerkamp in de bibliotheek" in mine
