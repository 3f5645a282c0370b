"""The audit log speaks Dutch: labels for every value, Brussels local times, thumbnails."""

from stem_events.accounts.models import Role
from stem_events.audit import services as audit
from stem_events.events.models import EventStatus


def test_values_have_dutch_labels_and_times_are_local(client, db, login, make_user,
                                                       make_event):
    event = make_event(status=EventStatus.PUBLISHED)
    audit.record(None, "edited", event=event, changes={
        "price_kind": ["free", "amount"], "registration_mode": ["none", "series"],
        "kind": ["workshop", "academy_activity"], "waitlist_enabled": [False, True],
        "registration_opens_at": [None, "2026-03-14T09:30:00+00:00"],
        "status": ["in_review", "published"], "image_path": [None, "abc.webp"]})
    db.session.commit()
    login(make_user(role=Role.ADMIN))
    page = client.get("/admin/audit").text
    changes = page.split('<ul class="changes">', 1)[1].split("</ul>", 1)[0]
    for raw in ("free", "amount", "series", "academy_activity", "True", "False",
                "in_review", "T09:30"):
        assert f">{raw}<" not in changes.replace(" ", "") and raw not in changes, raw
    for shown in ("Gratis", "Bedrag", "Inschrijven voor de hele reeks", "nee", "ja",
                  "14-03-2026 10:30", "ter goedkeuring", "gepubliceerd"):
        assert shown in changes, shown
    assert '<img src="/media/events/abc.webp"' in changes
    assert page.count("<h1") == 1
