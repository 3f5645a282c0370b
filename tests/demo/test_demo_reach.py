"""The demo data shows audiences, kansentarief and reach figures without suppressing all."""

from datetime import UTC, datetime

import sqlalchemy as sa

from stem_events.audiences.models import Audience, event_audiences
from stem_events.events.models import Event
from stem_events.reach.models import ReachAnswer, ReachLink


def test_demo_shows_audiences_reduced_prices_and_reach(app, db, freeze_now, client):
    freeze_now(datetime(2026, 9, 2, 8, tzinfo=UTC))
    result = app.test_cli_runner().invoke(args=["demo-data", "--events", "300"])
    assert result.exit_code == 0, result.output
    tagged = db.session.scalar(sa.select(sa.func.count(sa.distinct(event_audiences.c.event_id))))
    assert 0 < tagged < db.session.scalar(sa.select(sa.func.count()).select_from(Event))
    used = set(db.session.scalars(sa.select(Audience.slug).join(
        event_audiences, event_audiences.c.audience_id == Audience.id)))
    assert {"meisjes", "kansarmoede", "leerkrachten"} <= used
    # Every nascholing and teacher club meeting carries leerkrachten (issue 19), not only some.
    teachers = sa.select(event_audiences.c.event_id).join(
        Audience, Audience.id == event_audiences.c.audience_id).where(
        Audience.slug == "leerkrachten")
    untagged = db.session.scalars(sa.select(Event.title).where(
        Event.kind.in_(["teacher_training", "teacher_club"]), Event.id.not_in(teachers))).all()
    assert untagged == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)
                             .where(Event.price_reduced.is_(True))) > 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReachLink)) > 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReachAnswer)) > 500
    page = client.get("/stem-in-cijfers").text
    assert page.count(" %</td>") >= 10  # shares shown, not all "< 10"
    assert "Voor meisjes" in client.get("/agenda").text
    assert client.get("/agenda?audience=meisjes").status_code == 200
