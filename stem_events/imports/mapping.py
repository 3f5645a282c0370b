"""From what a feed says (and a source's defaults) to our event's fields.

The source carries title, description, link and place: those are read-only on our side and
follow the feed. Everything else (kind, themes, goals, ages, price, registration) comes from
the source's defaults once, when the event is created; the organiser keeps it after that.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from stem_events.events.models import PriceKind, RegistrationMode
from stem_events.extensions import db
from stem_events.reference.models import EventKind, Municipality, Postcode, Theme

from .models import CategoryTheme
from .parse import FeedEvent

# The fields a feed carries: they follow the feed and cannot be edited here (the form says so).
SOURCE_FIELDS = ("title", "description", "venue_name", "street", "postcode",
                 "municipality_nis", "online_url", "booking_url")

REGISTRATION_CHOICES = ("external", "ours", "none")
_POSTCODE = re.compile(r"\b([1-9]\d{3})\b")


def category_themes() -> dict[str, str]:
    """The coordinators' table: lower-case category → theme slug (one query per run)."""
    return dict(db.session.execute(
        sa.select(CategoryTheme.category, Theme.slug)
        .join(Theme, Theme.id == CategoryTheme.theme_id)).all())


def themes_for(categories: list[str], themes: list[Theme],
               table: dict[str, str] | None = None) -> list[Theme]:
    """The themes that the feed's categories name, directly (a theme's slug or name) or
    through the coordinators' table (`category_themes()`)."""
    table = category_themes() if table is None else table
    wanted = {c.lower() for c in categories}
    slugs = {table[c] for c in wanted if c in table}
    return [t for t in themes if t.slug in slugs or t.slug in wanted or t.name.lower() in wanted]


def place(location: str) -> dict:
    """LOCATION → venue, street, postcode and municipality where it contains a Belgian
    postcode we know; a LOCATION that is a link is an online event."""
    if location.lower().startswith(("https://", "http://")):
        return {"online_url": location[:500]}
    parts = [p.strip() for p in location.split(",") if p.strip()]
    found = {"venue_name": (parts[0] if parts else "")[:200]}
    for index, part in enumerate(parts):
        match = _POSTCODE.search(part)
        municipality = _municipality(match.group(1), part) if match else None
        if municipality is not None:
            found.update(postcode=match.group(1), municipality_nis=municipality.nis)
            if index >= 2:
                found["street"] = parts[index - 1][:200]
            break
    return found


def _municipality(postcode: str, text: str) -> Municipality | None:
    candidates = list(db.session.scalars(
        sa.select(Municipality).join(Postcode).where(Postcode.code == postcode)))
    if len(candidates) > 1:
        lowered = text.lower()
        candidates = [m for m in candidates
                      if m.name.lower() in lowered or (m.name_fr or "").lower() in lowered]
    return candidates[0] if len(candidates) == 1 else None


def source_fields(feed_event: FeedEvent, defaults: dict) -> dict:
    """The values of SOURCE_FIELDS for one event (defaults fill a missing place)."""
    values = dict.fromkeys(SOURCE_FIELDS, "")
    values["municipality_nis"] = None
    values.update(title=feed_event.title, description=feed_event.description)
    if feed_event.location:
        values.update(place(feed_event.location))
    if not (values["venue_name"] or values["municipality_nis"] or values["online_url"]):
        values["venue_name"] = defaults.get("venue_name") or ""
        values["municipality_nis"] = defaults.get("municipality_nis") or None
    elif not values["municipality_nis"] and not values["online_url"]:
        values["municipality_nis"] = defaults.get("municipality_nis") or None
    if defaults.get("registration", "external") == "external":
        values["booking_url"] = feed_event.url or defaults.get("booking_url") or ""
    return values


def has_place(values: dict) -> bool:
    return bool(values["venue_name"] or values["municipality_nis"] or values["online_url"])


def default_fields(defaults: dict) -> dict:
    """What a new event gets from its source's defaults."""
    registration = defaults.get("registration", "external")
    price_kind = PriceKind(defaults.get("price_kind") or PriceKind.FREE)
    return {
        "kind": EventKind(defaults.get("kind") or EventKind.ACADEMY_ACTIVITY),
        "age_min": defaults.get("age_min"),
        "age_max": defaults.get("age_max"),
        "price_kind": price_kind,
        "price_cents": defaults.get("price_cents") if price_kind == PriceKind.AMOUNT else None,
        "registration_mode": (RegistrationMode.SERIES if registration == "ours"
                              else RegistrationMode.NONE),
        "capacity": defaults.get("capacity") if registration == "ours" else None,
    }
