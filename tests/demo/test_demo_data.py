"""`flask demo-data`: realistic, deterministic, only on an empty database."""

import re
from collections import Counter
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from stem_events.accounts.models import Organisation, User
from stem_events.date_time import to_local
from stem_events.events.models import Event, EventSession
from stem_events.imports.models import ImportItem
from stem_events.reference.holidays import holiday_on
from stem_events.reference.models import Municipality
from stem_events.registrations.models import Registration
from stem_events.registrations.rules import age_on, first_day
from tests.conftest import data_tables


def run(app, *args):
    return app.test_cli_runner().invoke(args=["demo-data", *args])


def test_fills_an_empty_database_with_a_realistic_agenda(app, db, freeze_now, client):
    freeze_now(datetime(2026, 9, 2, 8, tzinfo=UTC))
    result = run(app, "--events", "400")
    assert result.exit_code == 0, result.output
    generated = sa.select(sa.func.count()).select_from(Event).where(
        Event.id.not_in(sa.select(ImportItem.event_id)),  # the imported ones come on top
        Event.last_end > datetime(2026, 7, 1, tzinfo=UTC))  # and past school years (reach)
    assert db.session.scalar(generated) == 400

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
        .where(Event.id.not_in(sa.select(ImportItem.event_id)))  # generated, not imported
        .where(Event.id.in_(sa.select(EventSession.event_id).group_by(EventSession.event_id)
                            .having(sa.func.count() >= 6)))).all()
    assert series, "STEM-academies run weekly series"
    for event in series:
        days = [to_local(s.starts_at).date() for s in event.sessions]
        assert all(holiday_on(day) is None for day in days), "series skip school holidays"
        assert {to_local(s.starts_at).strftime("%H:%M") for s in event.sessions} == {
            to_local(event.sessions[0].starts_at).strftime("%H:%M")}  # same hour across DST

    _registrations_fill_some_events_but_never_overbook(db)

    emails = set(db.session.scalars(sa.select(User.email)))
    assert {"coordinator@stem-events.example", "organisator@stem-events.example"} <= emails
    assert "activiteiten" in client.get("/agenda").get_data(as_text=True)

    with_contact = db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)
                                     .where(Organisation.public_email != ""))
    assert with_contact > 0, "organisations show a public contact (event pages, mails)"


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


def _registrations_fill_some_events_but_never_overbook(db):
    # Seats taken: a class takes its seats, a waiting class its organiser's open offer.
    confirmed = sa.func.sum(sa.case((Registration.status == "confirmed", Registration.seats),
                                    (Registration.status == "waitlisted",
                                     sa.func.coalesce(Registration.offered_seats, 0)),
                                    else_=0))
    waiting = sa.func.sum(sa.case((Registration.status == "waitlisted", 1), else_=0))
    rows = db.session.execute(
        sa.select(Event.id, Event.capacity, Event.waitlist_enabled, confirmed, waiting)
        .join(Registration, Registration.event_id == Event.id).group_by(Event.id)
    ).all()
    assert rows, "demo events have registrations"
    overbooked = [r.id for r in rows if r.capacity is None or r[3] > r.capacity]
    assert overbooked == []
    full = [r for r in rows if r[3] == r.capacity]
    assert [r for r in full if r[4]], "full events with a waiting list"
    assert [r for r in full if not r[4]], "full events without anyone waiting"
    assert [r for r in rows if r[3] < r.capacity], "events with seats left"
    assert all(r.waitlist_enabled and r[3] == r.capacity for r in rows if r[4]), \
        "only full events with a waiting list have people waiting"

    # One seat per identity (the unique index), children only with a guardian, in range.
    keys = db.session.execute(
        sa.select(Registration.event_id, Registration.identity_key)
        .where(Registration.status != "cancelled")).all()
    assert len(keys) == len(set(keys))
    children = db.session.scalars(
        sa.select(Registration).where(Registration.is_child.is_(True))).all()
    assert children, "guardians register children"
    events = {e.id: e for e in db.session.scalars(
        sa.select(Event).where(Event.id.in_({c.event_id for c in children})))}
    for child in children:
        event = events[child.event_id]
        assert child.guardian_consent and child.contact_email and child.child_first_name
        age = age_on(child.birth_date, first_day(event))
        assert age < 13 and event.age_min <= age <= (event.age_max or 99), (
            child.id, child.birth_date, event.age_min, event.age_max)


def _production_app(monkeypatch, database_url, tmp_path):
    """The app as `flask` builds it with STEM_EVENTS_ENV=production, on the test database."""
    from config import config_from_env
    from stem_events import create_app

    monkeypatch.setenv("STEM_EVENTS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    monkeypatch.setenv("BASE_URL", "https://stem-agenda.example")
    monkeypatch.setenv("DATABASE_URL", database_url)
    config = config_from_env()
    config.OUTBOX_DIR, config.UPLOAD_DIR = str(tmp_path / "outbox"), str(tmp_path / "uploads")
    return create_app(config)


def run_in(production, *args):
    """`flask` runs a command in the app's own context (the tests keep the testing app's)."""
    with production.app_context():
        return run(production, *args)


def test_refuses_in_production_without_force(monkeypatch, database_url, tmp_path, db):
    production = _production_app(monkeypatch, database_url, tmp_path)
    result = run_in(production, "--events", "30")
    assert result.exit_code == 1
    assert "productie" in result.output and "--force" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 0
    assert run_in(production, "--if-empty").exit_code == 1  # `make run` does not fill it either


def test_in_production_with_force_the_accounts_get_random_passwords_shown_once(
        monkeypatch, database_url, tmp_path, db):
    from stem_events.demo.generator import DEMO_PASSWORDS

    production = _production_app(monkeypatch, database_url, tmp_path)
    result = run_in(production, "--events", "30", "--force")
    assert result.exit_code == 0, result.output
    shown = dict(re.findall(r"^\s*(\S+@stem-events\.example)\s+(\S+)", result.output, re.M))
    assert shown.keys() == DEMO_PASSWORDS.keys()
    for email, password in shown.items():
        user = db.session.scalars(sa.select(User).where(User.email == email)).one()
        assert user.check_password(password)
        assert not user.check_password(DEMO_PASSWORDS[email])  # the README's are not valid
        assert len(password) >= 16 and DEMO_PASSWORDS[email] not in result.output


def test_the_demo_shows_card_images_and_availability(app, db, client):
    """Issue 16: a fresh install shows event images on the agenda's cards (cut by the image
    pipeline), og:image, and seats left / full / waiting list on the cards."""
    import re

    assert run(app, "--events", "80", "--seed", "3").exit_code == 0
    with_image = db.session.scalars(sa.select(Event).where(Event.image_path != "")).all()
    assert with_image
    event = with_image[0]
    assert 'property="og:image"' in client.get(f"/events/{event.id}-{event.slug}").text
    cards = "".join(client.get(f"/agenda?page={n}").text for n in (1, 2, 3))
    src = re.search(r'src="(/media/events/card/[^"]+)"', cards)
    assert src and client.get(src.group(1)).status_code == 200
    assert re.search(r"Nog \d+ plaats", cards)


def test_the_demo_shows_role_models_where_they_take_part(app, db, freeze_now, client):
    """At least three public role models linked to upcoming events (issue 18), one of them
    also to a network moment, a programme item and an initiative; others waiting in each
    step of the workflow."""
    from stem_events.rolemodels.models import RoleModel, RoleModelStatus

    freeze_now(datetime(2026, 9, 2, 8, tzinfo=UTC))
    assert run(app, "--events", "200").exit_code == 0
    role_models = db.session.scalars(sa.select(RoleModel)).all()
    public = [r for r in role_models if r.status == RoleModelStatus.APPROVED]
    assert len(public) >= 3
    assert all(r.events for r in public)
    assert {RoleModelStatus.PROPOSED, RoleModelStatus.CONFIRMED} <= {r.status
                                                                    for r in role_models}
    assert any(r.programme_items for r in public) and any(r.initiatives for r in public)
    assert any(e.kind == "network_moment" for r in public for e in r.events)
    assert any(r.shows_photo for r in public) and any(r.shows_self_description for r in public)
    api = client.get("/api/v1/events?role_model=1&per_page=100").get_json()
    assert 3 <= api["total"] < client.get("/api/v1/events").get_json()["total"]
    profile = client.get(f"/role-models/{public[0].id}")
    assert profile.status_code == 200 and public[0].name in profile.text
    # shown where they take part, not only on their own profile
    speaker = next(r for r in public if r.programme_items)
    from stem_events.editions.models import Edition

    year = db.session.get(Edition, speaker.programme_items[0].edition_id).year
    programme = client.get(f"/state-of-the-stem/{year}")
    assert programme.status_code == 200
    assert f'href="/role-models/{speaker.id}"' in programme.text
    linked = next(r for r in public if r.initiatives)
    initiative = linked.initiatives[0]
    page = client.get(f"/initiatives/{initiative.id}-{initiative.slug}")
    assert page.status_code == 200 and f'href="/role-models/{linked.id}"' in page.text


def test_the_demo_shows_nascholingen_clubs_and_classes_booking(app, db, freeze_now, client):
    """Issue 19: teacher_training events, at least two clubs, events open to classes among
    the soonest ones (with a class booked that fits whole)."""
    from stem_events.clubs.models import Club
    from stem_events.registrations.models import EventGroupSettings

    freeze_now(datetime(2026, 9, 2, 8, tzinfo=UTC))
    assert run(app, "--events", "400").exit_code == 0
    trainings = db.session.scalars(sa.select(Event).where(
        Event.kind == "teacher_training", Event.status == "published")).all()
    assert len(trainings) >= 3 and all(e.professional_development for e in trainings)
    clubs = db.session.scalars(sa.select(Club)).all()
    assert len(clubs) >= 2 and all(c.series_event.kind == "teacher_club" for c in clubs)
    assert any(c.public_contact for c in clubs) and all(c.public_schools for c in clubs)
    open_to_classes = db.session.scalars(sa.select(EventGroupSettings.event_id)).all()
    soonest = db.session.scalars(
        sa.select(Event.id).where(Event.status == "published", Event.capacity >= 20,
                                  Event.kind.in_(["workshop", "academy_activity"]),
                                  Event.first_start > datetime(2026, 9, 2, 8, tzinfo=UTC))
        .order_by(Event.first_start, Event.id).limit(10)).all()
    assert len(open_to_classes) >= 4 and set(open_to_classes) & set(soonest)
    groups = db.session.scalars(sa.select(Registration).where(Registration.is_group)).all()
    assert groups
    for event_id in {g.event_id for g in groups}:
        event = db.session.get(Event, event_id)
        seats = sum(r.seats for r in db.session.scalars(sa.select(Registration).where(
            Registration.event_id == event_id, Registration.status == "confirmed")))
        assert seats <= event.capacity
    assert client.get(f"/clubs/{clubs[0].id}").status_code == 200
    assert "nascholing" in client.get(f"/events/{trainings[0].id}",
                                      follow_redirects=True).text
    # A waiting class holds an organiser's smaller offer (48 hours), and the clubs have
    # members, so the report's club tables show a count that is not "< 10".
    now = datetime(2026, 9, 2, 8, tzinfo=UTC)
    offered = [g for g in groups if g.offered_seats]
    assert offered and all(g.status == "waitlisted" and g.offer_open(now) for g in offered)
    members = {c.id: db.session.scalar(sa.select(sa.func.count()).where(
        Registration.event_id == c.series_event_id, Registration.status == "confirmed"))
        for c in clubs}
    assert max(members.values()) >= 10 and min(members.values()) >= 1


def test_leaves_the_agenda_tables_vacuumed_on_postgresql(app, db, db_kind):
    """A fresh demo (or the bench's copy of it) is never visited by autovacuum: unless the
    command vacuums, no page is all-visible and every index-only scan of the agenda reads the
    table's rows as well."""
    if db_kind != "postgresql":
        pytest.skip("the visibility map is PostgreSQL's")
    result = run(app, "--events", "200")
    assert result.exit_code == 0, result.output
    visible = dict(db.session.execute(sa.text(
        "SELECT relname, relallvisible FROM pg_class "
        "WHERE relname IN ('events', 'event_sessions')")).all())
    assert visible["events"] > 0 and visible["event_sessions"] > 0
