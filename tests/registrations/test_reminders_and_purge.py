"""Reminders are sent once per registration and session; personal data is purged in time."""

import threading
from datetime import timedelta

import sqlalchemy as sa

from stem_events.date_time import now_utc
from stem_events.mail.models import OutboxMessage
from stem_events.registrations import reminders
from stem_events.registrations.models import Registration, RegistrationStatus
from tests.registrations.helpers import adult_form, children_form


def reminder_mails(db) -> list[OutboxMessage]:
    db.session.expire_all()
    return db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == "reminder")
                              .order_by(OutboxMessage.id)).all()


def weekly(first_in_hours: float, count: int):
    start = now_utc().replace(microsecond=0) + timedelta(hours=first_in_hours)
    return [(start + timedelta(weeks=w), start + timedelta(weeks=w, hours=2))
            for w in range(count)]


def test_reminders_run_twice_send_once(app, db, client, make_open_event, freeze_now):
    event = make_open_event(capacity=1, sessions=weekly(24, 2), title="Robotica")
    client.post(f"/events/{event.id}/register", data=adult_form("in@example.be"))
    client.post(f"/events/{event.id}/register", data=adult_form("wacht@example.be"))
    runner = app.test_cli_runner()
    assert "1 herinnering" in runner.invoke(args=["send-reminders"]).output
    assert "0 herinnering" in runner.invoke(args=["send-reminders"]).output
    [mail] = reminder_mails(db)
    assert mail.recipient == "in@example.be" and "Robotica" in mail.subject
    # A week later the second session is due, once.
    freeze_now(now_utc() + timedelta(days=7))
    runner.invoke(args=["send-reminders"])
    runner.invoke(args=["send-reminders"])
    assert len(reminder_mails(db)) == 2


def test_overlapping_reminder_runs_claim_each_reminder_once(app, db, client, make_open_event):
    event = make_open_event(capacity=10, sessions=weekly(12, 1))
    for index in range(6):
        client.post(f"/events/{event.id}/register", data=adult_form(f"p{index}@example.be"))
    barrier = threading.Barrier(3)
    counts: list[int] = []

    def run():
        with app.app_context():
            barrier.wait()
            counts.append(reminders.send_reminders())

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(counts) == 6 and len(counts) == 3
    assert sorted(m.recipient for m in reminder_mails(db)) == [
        f"p{index}@example.be" for index in range(6)]


def test_purge_anonymises_after_the_retention_and_keeps_the_counts(
        app, db, client, make_open_event, freeze_now):
    adults_event = make_open_event(capacity=5)
    kids_event = make_open_event(capacity=5, age_min=6, age_max=12)
    client.post(f"/events/{adults_event.id}/register", data=adult_form("an@example.be"))
    client.post(f"/events/{kids_event.id}/register", data=children_form(
        children=[("Lotte", "Janssens", "2017-05-01")]))
    runner = app.test_cli_runner()

    freeze_now(now_utc() + timedelta(days=5 * 30))
    assert "0 inschrijving" in runner.invoke(args=["purge-personal-data"]).output
    freeze_now(now_utc() + timedelta(days=2 * 30))  # 7 months after: children only
    assert "1 inschrijving" in runner.invoke(args=["purge-personal-data"]).output
    rows = db.session.scalars(sa.select(Registration).order_by(Registration.id)).all()
    child = next(r for r in rows if r.is_child)
    assert child.anonymised and child.child_first_name == "" and child.birth_date is None
    assert child.contact_email == "" and child.status == RegistrationStatus.CONFIRMED
    adult = next(r for r in rows if not r.is_child)
    assert not adult.anonymised and adult.contact_email == "an@example.be"
    assert not any(m.registration_id == child.id
                   for m in db.session.scalars(sa.select(OutboxMessage)))
    freeze_now(now_utc() + timedelta(days=6 * 30))  # 13 months after: everyone
    assert "1 inschrijving" in runner.invoke(args=["purge-personal-data"]).output
    db.session.expire_all()
    rows = db.session.scalars(sa.select(Registration)).all()
    assert len(rows) == 2 and all(r.anonymised and not r.contact_name for r in rows)
    assert all(r.owner_key == "" for r in rows)
    assert sum(r.status == RegistrationStatus.CONFIRMED for r in rows) == 2


def test_one_reminder_that_fails_does_not_stop_the_others(app, db, client, make_open_event,
                                                          monkeypatch):
    """Every reminder is a unit of work of its own: one that fails is rolled back (and tried
    by the next run), the others are queued."""
    from stem_events.registrations import mails

    event = make_open_event(capacity=10, sessions=weekly(24, 1))
    for address in ("een@example.be", "twee@example.be", "drie@example.be"):
        client.post(f"/events/{event.id}/register", data=adult_form(address))
    real_reminder = mails.reminder

    def reminder(registration, session):
        if registration.contact_email == "twee@example.be":
            raise RuntimeError("template broke")
        return real_reminder(registration, session)

    monkeypatch.setattr(mails, "reminder", reminder)
    output = app.test_cli_runner().invoke(args=["send-reminders"]).output
    assert "2 herinnering" in output
    assert sorted(m.recipient for m in reminder_mails(db)) == ["drie@example.be",
                                                              "een@example.be"]
    monkeypatch.setattr(mails, "reminder", real_reminder)
    assert "1 herinnering" in app.test_cli_runner().invoke(args=["send-reminders"]).output


def test_an_event_that_fails_to_purge_does_not_stop_the_others(
        app, db, client, make_open_event, freeze_now, monkeypatch):
    """Purging anonymises one event per unit of work."""
    from stem_events.registrations import retention

    first, second = make_open_event(capacity=5), make_open_event(capacity=5)
    client.post(f"/events/{first.id}/register", data=adult_form("een@example.be"))
    client.post(f"/events/{second.id}/register", data=adult_form("twee@example.be"))
    first_ids = set(db.session.scalars(sa.select(Registration.id).where(
        Registration.event_id == first.id)))
    real_anonymise = retention.anonymise_ids

    def anonymise(ids):
        count = real_anonymise(ids)  # the first event's rows change, then something breaks
        if set(ids) == first_ids:
            raise RuntimeError("broke halfway")
        return count

    monkeypatch.setattr(retention, "anonymise_ids", anonymise)
    freeze_now(now_utc() + timedelta(days=13 * 30))
    assert "1 inschrijving" in app.test_cli_runner().invoke(
        args=["purge-personal-data"]).output
    db.session.expire_all()
    rows = {r.event_id: r for r in db.session.scalars(sa.select(Registration))}
    assert not rows[first.id].anonymised and rows[first.id].contact_email == "een@example.be"
    assert rows[second.id].anonymised and rows[second.id].contact_email == ""
