"""An event's audiences are part of what a coordinator approved: a change after approval shows
in the review page's "changes since approval" (and the queue's). An approval kept before
audiences existed says nothing about them: unknown, never "removed". Renaming an audience
changes no event."""

import re

import pytest
import sqlalchemy as sa

from stem_events.accounts.models import Role
from stem_events.audiences.models import Audience
from stem_events.audit import services as audit
from stem_events.audit.models import AuditEntry
from stem_events.events.models import Event, EventStatus
from stem_events.moderation import services


def _audience(db, slug: str) -> Audience:
    return db.session.scalar(sa.select(Audience).where(Audience.slug == slug))


def _row(page: str, label: str) -> str:
    match = re.search(r'<div class="review-row[^"]*">\s*<dt>' + re.escape(label) + r".*?</div>",
                      page, re.S)
    assert match, f"no row {label}"
    return match.group(0)


def _since_approval(page: str) -> str:
    return page.split("Gewijzigd sinds de vorige goedkeuring", 1)[1].split("<h2", 1)[0]


@pytest.fixture
def approved(client, db, login, make_user, make_event):
    """An event with the audience 'meisjes', approved through the review page; the
    coordinator stays signed in."""
    event = make_event(status=EventStatus.IN_REVIEW)
    event.audiences = [_audience(db, "meisjes")]
    db.session.commit()
    login(make_user(role=Role.ADMIN))
    assert client.post(f"/admin/events/{event.id}",
                       data={"decision": "approve"}).status_code == 302
    return event.id


def _back_in_review(db, event_id: int, *audience_slugs: str) -> Event:
    db.session.expire_all()
    event = db.session.get(Event, event_id)
    event.audiences = [_audience(db, s) for s in audience_slugs]
    event.status = EventStatus.IN_REVIEW
    db.session.commit()
    return event


def test_an_audience_changed_after_approval_is_marked(client, db, approved):
    event = _back_in_review(db, approved, "meisjes", "gezinnen")
    assert set(services.changes_since_approval(event)) == {"audiences"}
    page = client.get(f"/admin/events/{event.id}").text
    row = _row(page, "Doelgroepen")
    assert "gewijzigd" in row
    assert "<del>Meisjes en vrouwen</del>" in row
    assert "<ins>Gezinnen, Meisjes en vrouwen</ins>" in row or \
        "<ins>Meisjes en vrouwen, Gezinnen</ins>" in row
    since = _since_approval(page)
    assert "doelgroepen" in since and "Gezinnen" in since
    assert "Gezinnen" in client.get("/admin/").text  # the queue says so too


def test_an_audience_removed_after_approval_is_marked(client, db, approved):
    event = _back_in_review(db, approved)
    row = _row(client.get(f"/admin/events/{event.id}").text, "Doelgroepen")
    assert "gewijzigd" in row and "<del>Meisjes en vrouwen</del>" in row


def test_an_approval_from_before_audiences_shows_no_false_change(client, db, approved):
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "approved"))
    snapshot = dict(entry.changes["snapshot"])
    del snapshot["audiences"]  # kept before events had audiences
    entry.changes = {**entry.changes, "snapshot": snapshot}
    db.session.commit()
    event = _back_in_review(db, approved, "meisjes")
    assert services.changes_since_approval(event) == {}
    page = client.get(f"/admin/events/{event.id}").text
    row = _row(page, "Doelgroepen")
    assert "gewijzigd" not in row and "<del>" not in row
    assert "Meisjes en vrouwen" in row and "niet bekend bij de vorige goedkeuring" in row
    assert "doelgroepen" not in _since_approval(page)


@pytest.fixture
def renamed(db):
    """'Meisjes en vrouwen' renamed 'Meisjes' (the seeded list outlives a test: restored)."""
    _audience(db, "meisjes").name = "Meisjes"
    db.session.commit()
    yield
    db.session.rollback()
    _audience(db, "meisjes").name = "Meisjes en vrouwen"
    db.session.commit()


def test_renaming_an_audience_changes_no_approved_event(client, db, approved, renamed):
    event = _back_in_review(db, approved, "meisjes")
    assert services.changes_since_approval(event) == {}
    assert "gewijzigd" not in _row(client.get(f"/admin/events/{event.id}").text,
                                   "Doelgroepen")


def test_an_approval_that_kept_audience_names_still_compares(client, db, approved):
    """Snapshots of the first version kept names, not slugs: read as the same audiences."""
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "approved"))
    entry.changes = {**entry.changes, "snapshot": {**entry.changes["snapshot"],
                                                   "audiences": ["Meisjes en vrouwen"]}}
    db.session.commit()
    event = _back_in_review(db, approved, "meisjes")
    assert services.changes_since_approval(event) == {}
    assert audit.snapshot(event)["audiences"] == ["meisjes"]
