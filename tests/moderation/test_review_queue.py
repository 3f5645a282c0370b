"""The review queue is sorted by urgency (first session soonest), flags what has passed and
says how long each event has waited."""

import re
from datetime import timedelta

from stem_events.accounts.models import Role
from stem_events.date_time import now_utc
from stem_events.events.models import EventStatus


def _at(days: int):
    start = now_utc().replace(microsecond=0) + timedelta(days=days)
    return [(start, start + timedelta(hours=2))]


def test_the_queue_is_sorted_by_first_session_and_flags_passed_dates(
        client, db, login, make_user, make_event):
    later = make_event(title="Volgende maand", status=EventStatus.IN_REVIEW, sessions=_at(30))
    make_event(title="Morgen", status=EventStatus.IN_REVIEW, sessions=_at(1))
    make_event(title="Al voorbij", status=EventStatus.IN_REVIEW, sessions=_at(-2))
    later.updated_at = now_utc() - timedelta(days=3, hours=1)
    db.session.commit()
    login(make_user(role=Role.ADMIN))
    page = client.get("/admin/").text
    queue = page.split('id="review-queue"', 1)[1].split("</ol>", 1)[0]
    assert re.findall(r'data-title="([^"]+)"', queue) == ["Al voorbij", "Morgen",
                                                         "Volgende maand"]
    passed = queue.split('data-title="Al voorbij"', 1)[1].split("</li>", 1)[0]
    assert "datum voorbij" in passed
    waiting = queue.split('data-title="Volgende maand"', 1)[1].split("</li>", 1)[0]
    assert "wacht 3 dagen" in waiting and "datum voorbij" not in waiting
