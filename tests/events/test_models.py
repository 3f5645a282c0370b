"""Constraints hold in the database itself, on SQLite and PostgreSQL alike."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, StatementError

from stem_events.date_time import now_utc
from stem_events.events.models import EventSession, PriceKind, slugify


@pytest.mark.parametrize("overrides", [
    {"age_min": 12, "age_max": 8},
    {"age_min": -1},
    {"capacity": -5},
    {"price_kind": PriceKind.AMOUNT, "price_cents": None},
    {"price_kind": PriceKind.FREE, "price_cents": 500},
])
def test_impossible_events_are_refused_by_the_database(make_event, db, overrides):
    with pytest.raises(IntegrityError):
        make_event(**overrides)
    db.session.rollback()


def test_session_must_end_after_it_starts(make_event, db):
    start = now_utc()
    with pytest.raises(IntegrityError):
        make_event(sessions=[(start, start - timedelta(hours=1))])
    db.session.rollback()


def test_unknown_kind_is_refused(make_event, db):
    with pytest.raises((StatementError, LookupError)):
        make_event(kind="party")
    db.session.rollback()


def test_each_session_gets_its_own_random_uid_that_never_changes(make_event, db):
    start = now_utc()
    event = make_event(title="Codeerclub", sessions=[
        (start + timedelta(days=7 * i), start + timedelta(days=7 * i, hours=2)) for i in range(3)
    ])
    uids = [s.uid for s in event.sessions]
    assert len(set(uids)) == 3 and all(uid.endswith("@stem-events") for uid in uids)
    assert all("codeerclub" not in uid for uid in uids)
    event.title = "Codeerclub voor gevorderden"
    event.sessions[0].starts_at += timedelta(hours=1)
    db.session.commit()
    db.session.expire_all()
    stored = db.session.scalars(sa.select(EventSession.uid).order_by(EventSession.id)).all()
    assert stored == uids


def test_times_come_back_as_aware_utc(make_event, db):
    start = now_utc().replace(microsecond=0)
    event = make_event(sessions=[(start, start + timedelta(hours=1))])
    db.session.expire_all()
    session = db.session.get(EventSession, event.sessions[0].id)
    assert session.starts_at == start and session.starts_at.utcoffset() == timedelta(0)


@pytest.mark.parametrize("title, slug", [
    ("Robotica voor 8–12-jarigen!", "robotica-voor-8-12-jarigen"),
    ("Geëngageerd: énergie & co", "geengageerd-energie-co"),
    ("🚀", "activiteit"),
])
def test_slugify(title, slug):
    assert slugify(title) == slug


def test_event_keeps_the_span_of_its_sessions(make_event, db):
    start = now_utc().replace(microsecond=0)
    event = make_event(sessions=[(start, start + timedelta(hours=2))])
    assert (event.first_start, event.last_end) == (start, start + timedelta(hours=2))
    later = start + timedelta(days=7)
    event.sessions.append(EventSession(starts_at=later, ends_at=later + timedelta(hours=3)))
    db.session.commit()
    assert event.last_end == later + timedelta(hours=3)
    event.sessions[0].starts_at -= timedelta(days=1)
    db.session.commit()
    assert event.first_start == start - timedelta(days=1)
    db.session.delete(event.sessions[1])
    db.session.commit()
    db.session.expire_all()
    assert event.last_end == start + timedelta(hours=2)
