"""A class booking is one row with many seats: the monitoring report counts its seats, and its
check-in counts the number present (issue 19)."""

from datetime import timedelta

from stem_events.events.models import RegistrationMode
from stem_events.registrations import services
from stem_events.registrations.models import Attendance, EventGroupSettings
from stem_events.registrations.rules import Group, Submission
from stem_events.reports import services as monitoring
from tests.conftest import utc


def test_a_class_counts_its_seats_in_the_report(db, freeze_now, make_event):
    freeze_now(utc(2025, 1, 1, 12))
    start = utc(2025, 3, 1, 9)
    event = make_event(title="Doe-dag voor scholen", age_min=9, age_max=12, capacity=60,
                       registration_mode=RegistrationMode.SERIES,
                       sessions=[(start, start + timedelta(hours=3))])
    db.session.add(EventGroupSettings(event_id=event.id, min_size=5, max_size=30,
                                      adults_take_seats=True, individuals_allowed=True))
    db.session.commit()
    booking = services.register(event.id, Submission(
        contact_name="Juf Ilse", contact_email="ilse@school.be", contact_phone="0470123456",
        group=Group("Basisschool De Regenboog", "5de leerjaar", pupils=22, adults=2)))
    row = booking.registrations[0]
    assert row.seats == 24
    db.session.add(Attendance(registration_id=row.id, session_id=event.sessions[0].id,
                              present_count=20))
    db.session.commit()

    freeze_now(utc(2026, 1, 10, 12))
    period = monitoring.parse_period("2025-01-01", "2025-12-31")
    assert monitoring.registrations_per_event(period) == {event.id: 24}
    assert monitoring.attendance_per_event(period) == {event.id: 20}
    assert monitoring.participants(period).total == 24
