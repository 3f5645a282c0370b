"""Never overbooked: several server processes register at once for an event with few seats.

Each process builds its own app on the same test database, as gunicorn workers would. A
test-only pause between counting seats and taking one (REGISTRATION_TEST_PAUSE) widens the race
window: without the lock in `registrations/locking.py` these tests overbook.
"""

from __future__ import annotations

import multiprocessing
import threading
import time

import pytest
import sqlalchemy as sa

from stem_events.mail.models import OutboxMessage
from stem_events.registrations.models import Registration, RegistrationStatus
from stem_events.registrations.services import signed_token
from tests.registrations.helpers import adult_form, cancel_worker, register_worker

pytestmark = pytest.mark.slow

PROCESSES = 4
PER_PROCESS = 3
PAUSE = 0.15  # seconds between the seat count and the insert, in every request


def run_processes(target, jobs, settings, app):
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(len(jobs))
    results = context.Queue()
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    outbox = app.config["OUTBOX_DIR"]
    processes = [context.Process(target=target,
                                 args=(url, outbox, *job, settings, barrier, results))
                 for job in jobs]
    for process in processes:
        process.start()
    outcome = [item for _ in processes for item in results.get(timeout=120)]
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0
    return outcome


def by_status(db, event_id) -> dict[str, list[Registration]]:
    db.session.expire_all()
    rows = db.session.scalars(sa.select(Registration).where(Registration.event_id == event_id))
    grouped: dict[str, list[Registration]] = {s.value: [] for s in RegistrationStatus}
    for row in rows:
        grouped[row.status.value].append(row)
    return grouped


@pytest.mark.parametrize("waitlist", [True, False], ids=["waitlist", "no-waitlist"])
def test_processes_racing_for_three_seats(app, db, make_open_event, waitlist):
    event = make_open_event(capacity=3, waitlist_enabled=waitlist)
    emails = [f"p{p}-{i}@example.be" for p in range(PROCESSES) for i in range(PER_PROCESS)]
    jobs = [(event.id, emails[p * PER_PROCESS:(p + 1) * PER_PROCESS]) for p in range(PROCESSES)]
    started = time.monotonic()
    outcome = run_processes(register_worker, jobs, {"REGISTRATION_TEST_PAUSE": PAUSE}, app)
    elapsed = time.monotonic() - started

    statuses = [status for _, status, _ in outcome]
    assert all(status < 500 for status in statuses), statuses
    rows = by_status(db, event.id)
    assert len(rows["confirmed"]) == 3, "overbooked or seats left empty"
    accepted = {email for email, status, _ in outcome if status == 302}
    registered = {r.contact_email for r in rows["confirmed"] + rows["waitlisted"]}
    assert accepted == registered, "an accepted registration was lost"
    refused = [(status, body) for _, status, body in outcome if status != 302]
    if waitlist:
        assert len(rows["waitlisted"]) == len(emails) - 3 and not refused
        positions = sorted(r.id for r in rows["waitlisted"])
        assert positions == sorted(positions)
    else:
        assert not rows["waitlisted"] and len(refused) == len(emails) - 3
        assert all(status == 409 and "volzet" in body for status, body in refused)
    print(f"\n{len(emails)} attempts from {PROCESSES} processes in {elapsed:.1f} s")


def test_cancellations_racing_with_registrations_promote_one_per_seat(
        app, db, client, make_open_event):
    event_id = make_open_event(capacity=2).id
    for index in range(5):  # 2 confirmed, 3 waiting
        client.post(f"/events/{event_id}/register", data=adult_form(f"w{index}@example.be"))
    rows = by_status(db, event_id)
    confirmed, waiting = rows["confirmed"], sorted(rows["waitlisted"], key=lambda r: r.id)
    links = [f"/registrations/{signed_token(r)}" for r in confirmed]
    jobs = [(links[:1],), (links[1:],)]
    newcomers = [f"n{i}@example.be" for i in range(4)]
    settings = {"REGISTRATION_TEST_PAUSE": PAUSE}

    results: list = []
    thread = threading.Thread(target=lambda: results.extend(run_processes(
        register_worker, [(event_id, newcomers[:2]), (event_id, newcomers[2:])], settings, app)))
    thread.start()
    cancelled = run_processes(cancel_worker, jobs, settings, app)
    thread.join(timeout=120)

    assert len(cancelled) == 2 and len(results) == 4
    assert all(status == 302 for _, status, _ in cancelled + results)
    rows = by_status(db, event_id)
    assert len(rows["confirmed"]) == 2, "more confirmed than seats"
    promoted = {r.id for r in rows["confirmed"]}
    assert promoted == {waiting[0].id, waiting[1].id}, "promotion skipped the waiting list"
    promotion_mails = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)
                                        .where(OutboxMessage.kind == "promotion"))
    assert promotion_mails == 2
    assert {r.contact_email for r in rows["waitlisted"]} == {waiting[2].contact_email, *newcomers}


def test_five_identical_concurrent_submissions_make_one_registration(
        app, db, client, make_open_event):
    event_id = make_open_event(capacity=10).id
    app.config["REGISTRATION_TEST_PAUSE"] = 0.05
    barrier = threading.Barrier(5)
    statuses: list[int] = []

    def submit():
        barrier.wait()
        response = client.post(f"/events/{event_id}/register", data=adult_form("dubbel@be.be"))
        statuses.append(response.status_code)

    try:
        threads = [threading.Thread(target=submit) for _ in range(5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        app.config["REGISTRATION_TEST_PAUSE"] = 0
    assert statuses == [302] * 5
    rows = by_status(db, event_id)
    assert len(rows["confirmed"]) == 1 and not rows["waitlisted"]


def _seats(rows) -> int:
    return sum(r.seats for r in rows)


def test_two_teachers_racing_for_the_last_25_seats_one_group_gets_them(
        app, db, make_class_event):
    from tests.registrations.helpers import group_form, mixed_worker

    event = make_class_event(capacity=25, min_size=10, max_size=25)
    jobs = [(event.id, [group_form(f"juf{n}@school.be", school=f"School {n}", pupils=25)])
            for n in range(2)]
    outcome = run_processes(mixed_worker, jobs, {"REGISTRATION_TEST_PAUSE": PAUSE}, app)
    assert [status for _, status, _ in outcome] == [302, 302]
    rows = by_status(db, event.id)
    assert [r.seats for r in rows["confirmed"]] == [25], "both groups or neither got the seats"
    assert [r.seats for r in rows["waitlisted"]] == [25]


def test_processes_mixing_groups_and_individuals_fill_exactly_the_seats(
        app, db, make_class_event):
    """Four processes, each a class and four individuals, for 30 seats: never more than 30
    seats confirmed, no group split, nobody waiting who would still fit, nothing lost."""
    from tests.registrations.helpers import group_form, mixed_worker

    event = make_class_event(capacity=30, min_size=5, max_size=20)
    jobs = []
    for p in range(PROCESSES):
        forms = [group_form(f"juf{p}@school.be", school=f"School {p}", pupils=8 + p)]
        forms += [adult_form(f"p{p}-{i}@example.be") for i in range(4)]
        if p % 2:
            forms.reverse()
        jobs.append((event.id, forms))
    outcome = run_processes(mixed_worker, jobs, {"REGISTRATION_TEST_PAUSE": PAUSE}, app)

    assert all(status == 302 for _, status, _ in outcome), [s for _, s, _ in outcome]
    rows = by_status(db, event.id)
    confirmed, waiting = rows["confirmed"], rows["waitlisted"]
    assert _seats(confirmed) <= 30, "overbooked"
    assert all(r.seats == r.pupils for r in confirmed + waiting if r.is_group), "group split"
    assert len([r for r in confirmed + waiting if r.is_group]) == PROCESSES
    assert waiting and 30 - _seats(confirmed) < min(r.seats for r in waiting), \
        "seats left empty that someone waiting would fit"
    assert any(not r.is_group for r in waiting) and _seats(confirmed) == 30
    accepted = {email for email, status, _ in outcome if status == 302}
    assert accepted == {r.contact_email for r in confirmed + waiting}, "a registration was lost"
