"""Coordinators' review of events: the queue, what changed since the last approval, and the
decision (approve or reject), mailed to the organisation. Organisers submit through
`events.management.submit_for_review`; initiatives have their own rules in
`initiatives/services.py`."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from stem_events.accounts import policies
from stem_events.accounts.models import User
from stem_events.audiences.models import Audience
from stem_events.audit import services as audit
from stem_events.date_time import now_utc
from stem_events.errors import FieldError
from stem_events.events import management
from stem_events.events.models import Event, EventStatus
from stem_events.extensions import db
from stem_events.links import absolute_link
from stem_events.mail.notify import notify
from stem_events.reference.models import Goal, Municipality, Theme
from stem_events.registrations.services import group_settings
from stem_events.workflow import require_status


def _mail_organisation(event: Event, subject: str, text: str) -> None:
    for membership in event.organisation.memberships:
        notify(membership.user.email, subject, text)


def approve(user: User, event: Event) -> None:
    policies.require(policies.can_moderate(user))
    require_status(event, EventStatus.IN_REVIEW,
                    message=_("Deze activiteit wacht niet op goedkeuring."))
    management.set_status(user, event, EventStatus.PUBLISHED, "approved",
                          extra={"snapshot": {**audit.snapshot(event), "status": "published"}})
    _mail_organisation(event, _("Goedgekeurd: %(title)s", title=event.title),
                       _("Je activiteit staat nu in de agenda: %(link)s",
                         link=absolute_link('events.detail', event_id=event.id, slug=event.slug)))


def reject(user: User, event: Event, reason: str) -> None:
    policies.require(policies.can_moderate(user))
    require_status(event, EventStatus.IN_REVIEW,
                    message=_("Deze activiteit wacht niet op goedkeuring."))
    if not reason.strip():
        raise FieldError("reason", _("Geef een reden; ze wordt naar de organisator gemaild."))
    management.set_status(user, event, EventStatus.REJECTED, "rejected", reason.strip(),
                          visible=False)
    _mail_organisation(event, _("Niet goedgekeurd: %(title)s", title=event.title),
                       _("De coördinatoren keurden je activiteit niet goed, met deze "
                         "reden:\n\n%(reason)s\n\nPas ze aan en dien ze opnieuw in: "
                         "%(link)s",
                         reason=reason.strip(),
                         link=absolute_link('manage.event', event_id=event.id)))


def review_queue() -> list[Event]:
    """Most urgent first: the first session soonest (a passed one first of all, flagged by the
    page), events without a date last; equal dates: the longest waiting first."""
    events = db.session.scalars(
        sa.select(Event).where(Event.status == EventStatus.IN_REVIEW)
        .options(selectinload(Event.organisation), selectinload(Event.sessions))
        .order_by(Event.updated_at))
    return sorted(events, key=lambda e: (e.first_start is None, e.first_start or 0))


def waiting_days(event: Event) -> int:
    """Whole days since the event was submitted or last changed while in review."""
    return max(0, (now_utc() - event.updated_at).days)


def _audience_names() -> dict[str, str]:
    return dict(db.session.execute(sa.select(Audience.slug, Audience.name)).all())


def _approved_snapshot(event: Event) -> dict | None:
    """The last approved state, its audiences as slugs: the first snapshots kept the names
    (read back through the current names; a name since changed stays as it was)."""
    approved = audit.last_approved_snapshot(event_id=event.id)
    if approved is None or "audiences" not in approved:
        return approved
    slugs = {name: slug for slug, name in _audience_names().items()}
    known = set(slugs.values())
    return {**approved, "audiences": sorted(
        v if v in known else slugs.get(v, v) for v in approved["audiences"] or [])}


def changes_since_approval(event: Event) -> dict | None:
    """The diff against the last approved state, or None when it was never approved. A field
    the approved snapshot did not keep yet (added to snapshots later, e.g. the audiences) is
    unknown then, not a change. Audiences are named as people read them."""
    approved = _approved_snapshot(event)
    if approved is None:
        return None
    current = audit.snapshot(event)
    changes = {k: v for k, v in audit.diff(approved, current).items()
               if k != "status" and k in approved}
    if "audiences" in changes:
        names = _audience_names()
        changes["audiences"] = [[names.get(s, s) for s in side or []]
                                for side in changes["audiences"]]
    return changes


#: What a reviewer judges, section by section: (section title, snapshot keys).
REVIEW_SECTIONS = (
    (_l("Wat"), ("kind", "title", "summary", "edition_year")),
    (_l("Organisatoren"), ("co_organisations", "initiatives", "contact_email", "contact_phone")),
    (_l("Waar"), ("venue_name", "street", "postcode", "municipality_nis", "online_url",
                  "accessibility")),
    (_l("Voor wie"), ("age_min", "age_max", "audiences")),
    (_l("Prijs"), ("price_kind", "price_cents", "price_reduced")),
    (_l("Inschrijving"), ("capacity", "registration_mode", "waitlist_enabled",
                          "registration_opens_at", "registration_closes_at", "booking_url")),
    (_l("Inhoud"), ("themes", "goals", "image_path")),
    (_l("Sessies"), ("sessions",)),
)


def _shown(value, key: str) -> str:
    if key == "municipality_nis" and value:
        municipality = db.session.get(Municipality, value)
        return municipality.name if municipality else str(value)
    if key == "goals" and value:
        titles = dict(db.session.execute(
            sa.select(Goal.code, Goal.title).where(Goal.code.in_(value))).all())
        return "; ".join(f"{code} {titles.get(code, '')}".strip() for code in value)
    if key == "audiences" and value:
        names = _audience_names()
        return ", ".join(sorted(names.get(slug, slug) for slug in value))
    if key == "themes" and value:
        names = dict(db.session.execute(
            sa.select(Theme.slug, Theme.name).where(Theme.slug.in_(value))).all())
        return ", ".join(names.get(slug, slug) for slug in value)
    return audit.shown_value(value, key)


def review_sections(event: Event) -> list[dict]:
    """Every field a reviewer judges, with its value now and, for a field that changed since
    the last approval, its approved value (`before`; `changed` marks it). Class bookings
    (the registrations' group settings) are listed as they are now."""
    approved = _approved_snapshot(event)
    current = audit.snapshot(event)
    sections = []
    for title, keys in REVIEW_SECTIONS:
        rows = []
        for key in keys:
            changed = (approved is not None and key in approved
                       and approved.get(key) != current.get(key))
            rows.append({
                "key": key, "label": audit.FIELD_LABELS.get(key, key),
                "value": current.get(key), "shown": _shown(current.get(key), key),
                "changed": changed,
                # approved before this field was kept: unknown then, not "removed"
                "unknown": approved is not None and key not in approved,
                "before": approved.get(key) if changed else None,
                "before_shown": _shown(approved.get(key), key) if changed else "",
            })
        sections.append({"title": title, "rows": rows})
    groups = group_settings(event.id)
    sections[5]["rows"].append({
        "key": "classes", "label": _l("klasboekingen"), "value": None, "changed": False,
        "unknown": False,
        "before": None, "before_shown": "",
        "shown": (_("ja: %(min)s tot %(max)s leerlingen per klas; begeleiders %(adults)s; "
                    "individuele inschrijvingen %(individuals)s",
                    min=groups.min_size, max=groups.max_size,
                    adults=_("tellen als plaats") if groups.adults_take_seats
                    else _("tellen niet als plaats"),
                    individuals=_("ook mogelijk") if groups.individuals_allowed
                    else _("niet mogelijk"))
                  if groups else _("nee")),
    })
    return sections


def changed_after_approval(limit: int = 50) -> list[tuple[Event, dict]]:
    """Published or postponed events edited after their last approval, with what changed."""
    return audit.edited_after_approval(Event, (EventStatus.PUBLISHED, EventStatus.POSTPONED),
                                       changes_since_approval, limit)
