"""Coordinators' changes to a State-of-the-STEM edition are in the audit log: who changed which
edition when, filed under the umbrella event."""

from __future__ import annotations

import sqlalchemy as sa

from stem_events.audit.models import AuditEntry
from tests.network.choice_helpers import open_edition


def test_programme_and_market_changes_are_logged_under_the_umbrella_event(
        client, db, make_event, as_coordinator, make_initiative):
    edition = open_edition(db, make_event, items=[("Robotica in de klas", 60, 60, None)])
    coordinator = as_coordinator()
    item = edition.programme[0]
    base = f"/admin/state-of-the-stem/{edition.year}"
    assert client.post(f"{base}/programme/{item.id}/cancel").status_code == 302
    assert client.post(f"{base}/stands", data={
        "stand-initiative": str(make_initiative().id), "stand-stand_number": "M01"}
    ).status_code == 302
    entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.event_id, e.user_id) for e in entries] == [
        ("edition_changed", edition.event_id, coordinator.id)] * 2
    assert "Robotica in de klas" in entries[0].note and str(edition.year) in entries[0].note
    assert "M01" in entries[1].note or "stand" in entries[1].note.lower()
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "State-of-the-STEM-editie bijgewerkt" in log


def test_a_refused_change_leaves_no_audit_entry(client, db, make_event, as_coordinator):
    edition = open_edition(db, make_event, items=[("Robotica in de klas", 60, 60, None)])
    as_coordinator()
    response = client.post(f"/admin/state-of-the-stem/{edition.year}/stands",
                           data={"stand-initiative": "", "stand-stand_number": ""})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0
