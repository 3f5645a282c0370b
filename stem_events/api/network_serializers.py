"""Initiatives as JSON for `/api/v1/initiatives` (schema in api/openapi.py)."""

from __future__ import annotations

from flask import url_for

from stem_events.api.serializers import organisation_ref
from stem_events.date_time import isoformat_local
from stem_events.initiatives.catalogue import events_presenting
from stem_events.initiatives.labels import Label, labels_of
from stem_events.initiatives.models import Initiative


def initiative_json(initiative: Initiative, labels: list[Label] | None = None) -> dict:
    """`labels`: the valid STEM-labels when already looked up for a page of initiatives."""
    if labels is None:
        labels = labels_of(initiative)
    return {
        "id": initiative.id,
        "name": initiative.name,
        "summary": initiative.summary,
        "url": url_for("initiatives.detail", initiative_id=initiative.id,
                       slug=initiative.slug, _external=True),
        "organisations": [organisation_ref(o) for o in initiative.organisations],
        "audience": initiative.audience,
        "age_min": initiative.age_min,
        "age_max": initiative.age_max,
        "themes": [t.slug for t in initiative.themes],
        "goals": [g.code for g in initiative.goals],
        "audiences": [a.slug for a in initiative.audiences],
        "municipalities": [{"nis": m.nis, "name": m.name} for m in initiative.municipalities],
        "website": initiative.website or None,
        "contact_email": initiative.contact_email or None,
        "contact_phone": initiative.contact_phone or None,
        "labels": [label.as_json() for label in labels],
    }


def initiative_detail_json(initiative: Initiative) -> dict:
    data = initiative_json(initiative)
    data["description"] = initiative.description
    data["events"] = [
        {"id": p.event.id, "title": p.event.title, "kind": p.event.kind.value,
         "start": isoformat_local(p.first_start),
         "url": url_for("events.detail", event_id=p.event.id, slug=p.event.slug,
                        _external=True)}
        for p in events_presenting(initiative.id)
    ]
    return data


def network_moment_json(event, view) -> dict:
    moment = view.moment
    return {
        "event_id": event.id,
        "title": event.title,
        "url": url_for("events.detail", event_id=event.id, slug=event.slug, _external=True),
        "region": moment.region if moment else "",
        "province": moment.province_nis if moment else None,
        "hosts": [organisation_ref(o) for o in view.hosts],
        "invited_pillars": [p.value for p in moment.invited_pillars] if moment else [],
        "programme": [
            {"position": p.position, "title": p.title, "speaker": p.speaker_name or None,
             "organisation": organisation_ref(p.organisation) if p.organisation else None,
             "initiative_id": p.initiative_id
             if p.initiative is not None and p.initiative.is_public else None}
            for p in (moment.pitches if moment else [])
        ],
        "presented_initiatives": [{"id": i.id, "name": i.name} for i in view.presented],
        "report": moment.report if moment else "",
    }
