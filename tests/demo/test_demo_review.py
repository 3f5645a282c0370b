"""Demo data show the review of a published event edited after its approval (issue 17): the
coordinators' queue lists it and its review page marks what changed since the approval."""

from datetime import UTC, datetime

from stem_events.accounts.models import Role
from stem_events.moderation import services as moderation


def test_a_published_demo_event_was_edited_after_its_approval(app, db, freeze_now, client,
                                                              login, make_user):
    freeze_now(datetime(2026, 9, 2, 8, tzinfo=UTC))
    result = app.test_cli_runner().invoke(args=["demo-data", "--events", "120"])
    assert result.exit_code == 0, result.output
    edited = moderation.changed_after_approval()
    assert edited, "a published event changed after its approval"
    event, changes = edited[0]
    assert event.status.value == "published" and {"summary", "venue_name"} <= changes.keys()
    login(make_user(role=Role.ADMIN, email="reviewer@example.be"))
    page = client.get(f"/admin/events/{event.id}").text
    assert "sinds de vorige goedkeuring" in page and "gewijzigd" in page
    assert f"/admin/events/{event.id}" in client.get("/admin/").text
