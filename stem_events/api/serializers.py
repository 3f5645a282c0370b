"""Events and reference data as the JSON of CONTRACT.md."""

from __future__ import annotations

from flask import url_for

from stem_events.accounts.models import Organisation
from stem_events.audiences.services import slugs_of
from stem_events.date_time import TIMEZONE_NAME, isoformat_local
from stem_events.events.models import Event, EventSession
from stem_events.events.presentation import EDUCATION_LEVELS
from stem_events.events.services import registration_open


def organisation_ref(organisation: Organisation) -> dict:
    return {"id": organisation.id, "name": organisation.name,
            "helix": organisation.helix.value}


def session_json(session: EventSession) -> dict:
    return {
        "uid": session.uid,
        "start": isoformat_local(session.starts_at),
        "end": isoformat_local(session.ends_at),
        "all_day": session.all_day,
        "status": session.status.value,
        "capacity": session.capacity,
    }


def role_model_refs(role_models) -> list[dict]:
    return [{"id": r["id"], "name": r["name"], "url": r["url"]} for r in role_models]


def event_json(event: Event, shown: EventSession | None, session_count: int,
               seats_left: int | None, role_models=()) -> dict:
    municipality = event.municipality
    return {
        "id": event.id,
        "title": event.title,
        "summary": event.summary,
        "kind": event.kind.value,
        "status": event.status.value,
        "start": isoformat_local(shown.starts_at) if shown else None,
        "end": isoformat_local(shown.ends_at) if shown else None,
        "timezone": TIMEZONE_NAME,
        "url": url_for("events.detail", event_id=event.id, slug=event.slug, _external=True),
        "ics_url": url_for("events.detail", event_id=event.id, _external=True) + ".ics",
        "municipality": {"nis": municipality.nis, "name": municipality.name}
        if municipality else None,
        "venue": event.venue_name or None,
        "online": bool(event.online_url),
        "organisation": organisation_ref(event.organisation),
        "organisations": [organisation_ref(o) for o in event.organisers],
        "themes": [t.slug for t in event.themes],
        "goals": [g.code for g in event.goals],
        "audiences": slugs_of(event.audiences, event.kind),
        "age_min": event.age_min,
        "age_max": event.age_max,
        "price": {"kind": event.price_kind.value,
                  "amount": event.price_cents / 100 if event.price_cents else None,
                  "currency": "EUR", "reduced": event.price_reduced},
        "capacity": event.capacity,
        "seats_left": seats_left,
        "registration_open": registration_open(event),
        "sessions": session_count,
        "role_models": role_model_refs(role_models),
    }


def groups_json(event: Event, settings) -> dict | None:
    """Whether and how classes can book (CONTRACT.md `groups`): null, or {"min", "max"} in
    pupils."""
    if settings is None or event.registration_mode.value == "none":
        return None
    return {"min": settings.min_size, "max": settings.max_size}


def event_detail_json(event: Event, shown: EventSession | None,
                      seats_left: int | None, role_models=()) -> dict:
    data = event_json(event, shown, len(event.sessions), seats_left, role_models)
    data["description"] = event.description
    data["status_reason"] = event.status_reason or None
    data["session_list"] = [session_json(s) for s in event.sessions]
    data["professional_development"] = bool(event.professional_development)
    data["education_levels"] = [c for c in EDUCATION_LEVELS if c in (event.education_levels or [])]
    return data
