"""Writing and reading the audit log; snapshots and diffs of events."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from stem_events.extensions import db

from .models import AuditEntry

SNAPSHOT_FIELDS = (
    "title", "kind", "summary", "description", "status", "status_reason", "venue_name",
    "street", "postcode", "municipality_nis", "online_url", "accessibility", "age_min",
    "age_max", "price_kind", "price_cents", "capacity", "registration_mode", "waitlist_enabled",
    "registration_opens_at", "registration_closes_at", "booking_url", "image_path",
    "edition_year",
)

FIELD_LABELS = {
    "title": "titel", "kind": "soort", "summary": "korte inhoud", "description": "beschrijving",
    "status": "status", "status_reason": "reden", "venue_name": "locatie", "street": "straat",
    "postcode": "postcode", "municipality_nis": "gemeente", "online_url": "online link",
    "accessibility": "toegankelijkheid", "age_min": "minimumleeftijd",
    "age_max": "maximumleeftijd", "price_kind": "prijs", "price_cents": "bedrag",
    "capacity": "capaciteit", "registration_mode": "inschrijving",
    "waitlist_enabled": "wachtlijst", "registration_opens_at": "inschrijving open vanaf",
    "registration_closes_at": "inschrijving sluit", "booking_url": "link voor tickets",
    "image_path": "afbeelding", "edition_year": "editie", "themes": "thema's",
    "goals": "doelen", "co_organisations": "co-organisatoren", "sessions": "sessies",
}


def _plain(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value


def snapshot(event) -> dict:
    """The event as plain JSON values, for diffs and for 'what changed since approval'."""
    data = {name: _plain(getattr(event, name)) for name in SNAPSHOT_FIELDS}
    data["themes"] = sorted(t.slug for t in event.themes)
    data["goals"] = sorted(g.code for g in event.goals)
    data["co_organisations"] = sorted(o.name for o in event.co_organisations)
    data["sessions"] = [
        f"{s.starts_at.isoformat()}/{s.ends_at.isoformat()}"
        + (" (geannuleerd)" if s.cancelled else "")
        for s in sorted(event.sessions, key=lambda s: s.starts_at)
    ]
    return data


def diff(before: dict, after: dict) -> dict:
    return {key: [before.get(key), after.get(key)]
            for key in sorted(set(before) | set(after)) if before.get(key) != after.get(key)}


def record(user, action: str, *, event=None, organisation=None, changes: dict | None = None,
           note: str = "") -> AuditEntry:
    entry = AuditEntry(
        user_id=getattr(user, "id", None), action=action, changes=changes or {}, note=note,
        event_id=event.id if event is not None else None,
        organisation_id=(organisation.id if organisation is not None
                         else event.organisation_id if event is not None else None),
        subject=(event.title if event is not None else organisation.name if organisation
                 else ""),
    )
    db.session.add(entry)
    return entry


def entries(event_id: int | None = None, limit: int = 200) -> list[AuditEntry]:
    query = sa.select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if event_id is not None:
        query = query.where(AuditEntry.event_id == event_id)
    return list(db.session.scalars(query.limit(limit)))


def last_approved_snapshot(event_id: int) -> dict | None:
    entry = db.session.scalar(
        sa.select(AuditEntry)
        .where(AuditEntry.event_id == event_id, AuditEntry.action.in_(("approved", "published")))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(1)
    )
    return (entry.changes or {}).get("snapshot") if entry else None


ACTION_LABELS = {
    "created": "aangemaakt", "edited": "gewijzigd", "submitted": "ingediend ter goedkeuring",
    "approved": "goedgekeurd", "published": "gepubliceerd (vertrouwde organisatie)",
    "rejected": "afgewezen", "cancelled": "geannuleerd", "postponed": "uitgesteld",
    "resumed": "opnieuw gepland", "deleted": "verwijderd", "duplicated": "gekopieerd",
    "sessions_added": "sessies toegevoegd", "session_moved": "sessie verplaatst",
    "session_cancelled": "sessie geannuleerd", "session_restored": "sessie hersteld",
    "image": "afbeelding gewijzigd", "organisation_approved": "organisatie goedgekeurd",
    "organisation_rejected": "organisatie afgewezen", "organisation_trusted": "vertrouwd",
    "organisation_untrusted": "niet langer vertrouwd", "invited": "uitnodiging verstuurd",
    "member_removed": "lid verwijderd", "member_role": "rol gewijzigd",
}
