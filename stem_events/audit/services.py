"""Writing and reading the audit log; snapshots and diffs of events and initiatives."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from stem_events.audit.models import AuditEntry
from stem_events.extensions import db

SNAPSHOT_FIELDS = (
    "title", "kind", "summary", "description", "status", "status_reason", "venue_name",
    "street", "postcode", "municipality_nis", "online_url", "accessibility", "age_min",
    "age_max", "price_kind", "price_cents", "price_reduced", "capacity", "registration_mode",
    "waitlist_enabled",
    "registration_opens_at", "registration_closes_at", "booking_url", "image_path",
    "edition_year", "contact_email", "contact_phone",
)

FIELD_LABELS = {
    "title": _l("titel"),
    "kind": _l("soort"),
    "summary": _l("korte inhoud"),
    "description": _l("beschrijving"),
    "status": _l("status"),
    "status_reason": _l("reden"),
    "venue_name": _l("locatie"),
    "street": _l("straat"),
    "postcode": _l("postcode"),
    "municipality_nis": _l("gemeente"),
    "online_url": _l("online link"),
    "accessibility": _l("toegankelijkheid"),
    "age_min": _l("minimumleeftijd"),
    "age_max": _l("maximumleeftijd"),
    "price_kind": _l("prijs"),
    "price_cents": _l("bedrag"),
    "price_reduced": _l("kansentarief of UiTPAS-korting"),
    "audiences": _l("doelgroepen"),
    "capacity": _l("capaciteit"),
    "registration_mode": _l("inschrijving"),
    "waitlist_enabled": _l("wachtlijst"),
    "registration_opens_at": _l("inschrijving open vanaf"),
    "registration_closes_at": _l("inschrijving sluit"),
    "booking_url": _l("link voor tickets"),
    "image_path": _l("afbeelding"),
    "edition_year": _l("editie"),
    "themes": _l("thema's"),
    "goals": _l("doelen"),
    "co_organisations": _l("co-organisatoren"),
    "initiatives": _l("initiatieven"),
    "sessions": _l("sessies"),
    "name": _l("naam"),
    "website": _l("website"),
    "contact_name": _l("contactpersoon"),
    "contact_email": _l("e-mail contactpersoon"),
    "contact_phone": _l("telefoon"),
    "public_email": _l("publiek e-mailadres"),
    "public_phone": _l("publiek telefoonnummer"),
    "audience": _l("doelgroep"),
    "municipalities": _l("gemeenten"),
    "organisations": _l("organisaties"),
    # award rounds
    "year": _l("jaar"),
    "edition": _l("editie"),
    "ceremony": _l("uitreiking"),
    "nominations_open": _l("nominaties open vanaf"),
    "nominations_close": _l("nominaties open tot en met"),
    "jury_close": _l("juryperiode tot en met"),
    "validity_years": _l("geldigheid van het label (jaren)"),
    "criteria": _l("criteria"),
    "order": _l("volgorde"),
    "shortlisted": _l("shortlist"),
    "winners": _l("winnaars"),
    "consents": _l("toestemming voor"),
    "events": _l("activiteiten"),
    "programme_items": _l("programma-onderdelen"),
}

#: Keys of `changes` that file an entry rather than describe a change (not shown as changes).
FILING_KEYS = ("snapshot", "role_model")

# field → {stored value → Dutch label}; the domains that own the values add theirs when they
# register (events: kind, status, price, registration mode, accessibility).
VALUE_LABELS: dict[str, dict[str, object]] = {}
TIME_FIELDS = ("registration_opens_at", "registration_closes_at")


def shown_value(value, field: str) -> str:
    """A logged value as a person reads it: Dutch labels, ja/nee, Brussels local times."""
    from stem_events.date_time import to_local  # the one module that owns time

    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_l("ja") if value else _l("nee"))
    if isinstance(value, list):
        return ", ".join(shown_value(v, field) for v in value)
    if field in TIME_FIELDS and isinstance(value, str):
        try:
            return to_local(datetime.fromisoformat(value)).strftime("%d-%m-%Y %H:%M")
        except ValueError:
            return value
    if field == "sessions" and isinstance(value, str) and "/" in value:
        start, _sep, rest = value.partition("/")
        end, _sp, note = rest.partition(" ")
        try:
            first, last = (to_local(datetime.fromisoformat(v)) for v in (start, end))
        except ValueError:
            return value
        return f"{first:%d-%m-%Y %H:%M}–{last:%H:%M}" + (f" {note}" if note else "")
    if field == "price_cents" and isinstance(value, int):
        return f"€ {value / 100:.2f}".replace(".", ",")
    return str(VALUE_LABELS.get(field, {}).get(str(value), value))


INITIATIVE_FIELDS = (
    "name", "summary", "description", "audience", "age_min", "age_max", "website",
    "contact_email", "contact_phone", "status", "status_reason",
)


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
    # By slug, which never changes: renaming an audience changes no event (the first
    # snapshots kept names; moderation.services reads those as slugs).
    data["audiences"] = sorted(a.slug for a in event.audiences)
    data["co_organisations"] = sorted(o.name for o in event.co_organisations)
    data["initiatives"] = sorted(i.name for i in event.initiatives)
    data["sessions"] = [
        f"{s.starts_at.isoformat()}/{s.ends_at.isoformat()}"
        + (" (geannuleerd)" if s.cancelled else "")
        for s in sorted(event.sessions, key=lambda s: s.starts_at)
    ]
    return data


def initiative_snapshot(initiative) -> dict:
    """An initiative as plain JSON values (the same use as `snapshot` for events)."""
    data = {name: _plain(getattr(initiative, name)) for name in INITIATIVE_FIELDS}
    data["organisations"] = sorted(o.name for o in initiative.organisations)
    data["themes"] = sorted(t.slug for t in initiative.themes)
    data["goals"] = sorted(g.code for g in initiative.goals)
    data["municipalities"] = sorted(m.name for m in initiative.municipalities)
    data["audiences"] = sorted(a.slug for a in initiative.audiences)  # by slug, as for events
    return data


def diff(before: dict, after: dict) -> dict:
    return {key: [before.get(key), after.get(key)]
            for key in sorted(set(before) | set(after)) if before.get(key) != after.get(key)}


def _subject(event, initiative, organisation) -> tuple[int | None, str]:
    """The organisation an entry is filed under and the name it keeps after a delete."""
    if event is not None:
        return (organisation.id if organisation else event.organisation_id), event.title
    if initiative is not None:
        owner = organisation or next(iter(initiative.organisations), None)
        return (owner.id if owner else None), initiative.name
    return (organisation.id if organisation else None), (organisation.name if organisation
                                                         else "")


def record(user, action: str, *, event=None, initiative=None, organisation=None,
           changes: dict | None = None, note: str = "", subject: str | None = None
           ) -> AuditEntry:
    """One entry in the caller's transaction. `subject` names what the entry is about when it
    is no event, initiative or organisation (an award round; a role model, by the name
    coordinators see)."""
    organisation_id, named = _subject(event, initiative, organisation)
    subject = named if subject is None else subject
    entry = AuditEntry(
        user_id=getattr(user, "id", None), action=action, changes=changes or {}, note=note,
        event_id=event.id if event is not None else None,
        initiative_id=initiative.id if initiative is not None else None,
        organisation_id=organisation_id, subject=subject[:200],
    )
    db.session.add(entry)
    return entry


def forget_subject(key: str, value, actions) -> int:
    """Blank the subject (a person's name) of the entries of `actions` filed under
    `changes[key] == value`, e.g. when a role model withdraws their consent; the decisions
    stay. Returns how many entries changed."""
    found = 0
    for entry in db.session.scalars(sa.select(AuditEntry).where(
            AuditEntry.action.in_(tuple(actions)), AuditEntry.subject != "")):
        if (entry.changes or {}).get(key) == value:
            entry.subject = ""
            found += 1
    return found


def entries(event_id: int | None = None, limit: int = 200, *,
            initiative_id: int | None = None) -> list[AuditEntry]:
    query = sa.select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if event_id is not None:
        query = query.where(AuditEntry.event_id == event_id)
    if initiative_id is not None:
        query = query.where(AuditEntry.initiative_id == initiative_id)
    return list(db.session.scalars(query.limit(limit)))


def last_approved_snapshot(event_id: int | None = None, *,
                           initiative_id: int | None = None) -> dict | None:
    """The state kept with the last approval (or direct publication) of an event or an
    initiative."""
    column, value = ((AuditEntry.initiative_id, initiative_id) if initiative_id is not None
                     else (AuditEntry.event_id, event_id))
    entry = db.session.scalar(
        sa.select(AuditEntry)
        .where(column == value, AuditEntry.action.in_(("approved", "published")))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(1)
    )
    return (entry.changes or {}).get("snapshot") if entry else None


def edited_after_approval(model, statuses, changes_since, limit: int = 50) -> list:
    """Rows of `model` (an event or an initiative) in one of `statuses` that were edited
    after their last approval, most recently edited first, with `changes_since(row)`:
    coordinators look after the fact where no review is needed."""
    column = AuditEntry.initiative_id if model.__tablename__ == "initiatives" \
        else AuditEntry.event_id
    recent = db.session.execute(
        sa.select(column, sa.func.max(AuditEntry.at).label("at"))
        .where(AuditEntry.action == "edited", column.is_not(None))
        .group_by(column).order_by(sa.desc("at")).limit(limit * 2)
    ).all()
    found = []
    for row_id, _at in recent:
        row = db.session.get(model, row_id)
        if row is None or row.status not in statuses:
            continue
        changes = changes_since(row)
        if changes:
            found.append((row, changes))
    return found[:limit]


ACTION_LABELS = {
    "created": _l("aangemaakt"),
    "edited": _l("gewijzigd"),
    "submitted": _l("ingediend ter goedkeuring"),
    "approved": _l("goedgekeurd"),
    "published": _l("gepubliceerd (vertrouwde organisatie)"),
    "rejected": _l("afgewezen"),
    "cancelled": _l("geannuleerd"),
    "postponed": _l("uitgesteld"),
    "resumed": _l("opnieuw gepland"),
    "deleted": _l("verwijderd"),
    "duplicated": _l("gekopieerd"),
    "sessions_added": _l("sessies toegevoegd"),
    "session_moved": _l("sessie verplaatst"),
    "session_cancelled": _l("sessie geannuleerd"),
    "session_restored": _l("sessie hersteld"),
    "image": _l("afbeelding gewijzigd"),
    "organisation_approved": _l("organisatie goedgekeurd"),
    "organisation_rejected": _l("organisatie afgewezen"),
    "organisation_trusted": _l("vertrouwd"),
    "organisation_untrusted": _l("niet langer vertrouwd"),
    "invited": _l("uitnodiging verstuurd"),
    "member_removed": _l("lid verwijderd"),
    "member_role": _l("rol gewijzigd"),
    "organisation_edited": _l("organisatie gewijzigd"),
    "withdrawn": _l("offline gehaald (terug naar ontwerp)"),
    "edition_changed": _l("State-of-the-STEM-editie bijgewerkt"),
    "import": _l("import"),
    "uitdatabank_export_on": _l("publiceert in UiTdatabank"),
    "uitdatabank_export_off": _l("publiceert niet langer in UiTdatabank"),
    "award_round_created": _l("awardronde aangemaakt"),
    "award_round_edited": _l("awardronde gewijzigd"),
    "award_category_added": _l("awardcategorie toegevoegd"),
    "award_category_edited": _l("awardcategorie gewijzigd"),
    "award_category_moved": _l("volgorde van de awardcategorieën gewijzigd"),
    "award_category_deleted": _l("awardcategorie verwijderd"),
    "award_criterion_added": _l("jurycriterium toegevoegd"),
    "award_criterion_removed": _l("jurycriterium verwijderd"),
    "award_juror_appointed": _l("jurylid aangesteld"),
    "award_juror_removed": _l("jurylid verwijderd"),
    "award_marks": _l("shortlist en winnaars aangeduid"),
    "award_results_published": _l("awardresultaten gepubliceerd"),
    "award_results_withdrawn": _l("awardresultaten teruggenomen"),
    "role_model_approved": _l("rolmodel goedgekeurd"),
    "role_model_rejected": _l("rolmodel afgewezen"),
    "role_model_offline": _l("rolmodel offline gehaald"),
    "role_model_links": _l("koppelingen van het rolmodel gewijzigd"),
    "role_model_consent": _l("toestemming gegeven door de persoon"),
    "role_model_withdrawn": _l("toestemming ingetrokken door de persoon"),
}


def labels() -> dict:
    """What a page showing audit entries needs to name actions and fields (macros/audit.html)."""
    return {"labels": ACTION_LABELS, "field_labels": FIELD_LABELS}
