"""Item 8 of issue 17: the review page shows every field a reviewer judges, the ones changed
since the last approval marked, and says a reason is only needed to reject."""

import re

from stem_events.accounts.models import Role
from stem_events.events.models import Event, EventStatus, PriceKind, RegistrationMode
from stem_events.registrations.models import EventGroupSettings


def _row(page: str, label: str) -> str:
    match = re.search(r'<div class="review-row[^"]*">\s*<dt>' + re.escape(label) + r".*?</div>",
                      page, re.S)
    assert match, f"no row {label}"
    return match.group(0)


def test_review_page_shows_every_field_and_marks_changes(client, db, login, make_user,
                                                         make_event):
    event = make_event(status=EventStatus.IN_REVIEW, age_min=8, age_max=12,
                       price_kind=PriceKind.AMOUNT, price_cents=500, price_reduced=True,
                       capacity=16, registration_mode=RegistrationMode.SERIES)
    db.session.add(EventGroupSettings(event_id=event.id, min_size=5, max_size=25))
    db.session.commit()
    login(make_user(role=Role.ADMIN))
    page = client.get(f"/admin/events/{event.id}").text
    for text in ("Bibliotheek De Krook", "Gent", "€ 5,00", "Kansentarief of UiTPAS-korting",
                 "Capaciteit", "16", "Minimumleeftijd", "Klasboekingen", "5 tot 25 leerlingen",
                 "Thema&#39;s", "Doelen", "Doelgroepen", "Afbeelding", "Co-organisatoren"):
        assert text in page, text
    assert "verplicht om af te wijzen" in page and "Geen reden nodig" in page
    assert "gewijzigd</strong>" not in page  # never approved: nothing marked
    client.post(f"/admin/events/{event.id}", data={"decision": "approve"})
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    event.capacity, event.status = 20, EventStatus.IN_REVIEW
    db.session.commit()
    page = client.get(f"/admin/events/{event.id}").text
    capacity = _row(page, "Capaciteit")
    assert "gewijzigd" in capacity and "<del>16</del>" in capacity and "<ins>20</ins>" in capacity
    assert "gewijzigd" not in _row(page, "Minimumleeftijd")
