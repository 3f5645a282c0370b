"""`flask demo-data`: realistic, deterministic, only on an empty database."""

from collections import Counter
from datetime import UTC, datetime

import sqlalchemy as sa

from stem_events.accounts.models import Organisation, User
from stem_events.date_time import to_local
from stem_events.events.models import Event, EventSession
from stem_events.reference.holidays import holiday_on
from stem_events.reference.models import Municipality
from tests.conftest import data_tables


def run(app, *args):
    return app.test_cli_runner().invoke(args=["demo-data", *args])


def test_fills_an_empty_database_with_a_realistic_agenda(app, db, freeze_now, client):
    freeze_now(datetime(2026, 9, 2, 8, tzinfo=UTC))
    result = run(app, "--events", "400")
    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 400

    pillars_by_province = Counter(db.session.execute(
        sa.select(Municipality.province_nis, Organisation.helix)
        .join(Municipality, Municipality.nis == Organisation.municipality_nis).distinct()
    ).all())
    assert len(pillars_by_province) == 6 * 4  # every pillar in five provinces and Brussels

    kinds = set(db.session.scalars(sa.select(Event.kind).distinct()))
    assert {"academy_activity", "workshop", "company_visit", "network_moment",
            "state_of_the_stem"} <= {k.value for k in kinds}
    statuses = {s.value for s in db.session.scalars(sa.select(Event.status).distinct())}
    assert {"published", "cancelled", "draft", "in_review"} <= statuses

    series = db.session.scalars(
        sa.select(Event).where(Event.kind == "academy_activity")
        .where(Event.id.in_(sa.select(EventSession.event_id).group_by(EventSession.event_id)
                            .having(sa.func.count() >= 6)))).all()
    assert series, "STEM-academies run weekly series"
    for event in series:
        days = [to_local(s.starts_at).date() for s in event.sessions]
        assert all(holiday_on(day) is None for day in days), "series skip school holidays"
        assert {to_local(s.starts_at).strftime("%H:%M") for s in event.sessions} == {
            to_local(event.sessions[0].starts_at).strftime("%H:%M")}  # same hour across DST

    emails = set(db.session.scalars(sa.select(User.email)))
    assert {"coordinator@stem-events.example", "organisator@stem-events.example"} <= emails
    assert "activiteiten" in client.get("/agenda").get_data(as_text=True)


def test_refuses_a_database_that_holds_data(app, db, make_organisation):
    make_organisation(name="Bestaande organisatie")
    result = run(app, "--events", "50")
    assert result.exit_code == 1
    assert "bevat al gegevens" in result.output and "Niets gewijzigd" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 1
    assert run(app, "--if-empty").exit_code == 0  # make run: quietly leaves data alone


def test_same_seed_same_data(app, db, freeze_now):
    freeze_now(datetime(2026, 9, 2, 8, tzinfo=UTC))

    def snapshot():
        return db.session.execute(
            sa.select(Event.title, Event.kind, EventSession.starts_at, EventSession.uid)
            .join(EventSession).order_by(EventSession.id)).all()

    assert run(app, "--events", "60", "--seed", "7").exit_code == 0
    first = snapshot()
    with db.engine.begin() as conn:
        for table in data_tables():  # every domain's tables, children first
            conn.execute(sa.text(f"DELETE FROM {table}"))  # noqa: S608
    db.session.expire_all()
    assert run(app, "--events", "60", "--seed", "7").exit_code == 0
    assert snapshot() == first
