"""The audience list: reading it, the coordinators' edits, and the rules that follow from an
audience (the kinds that always carry one, the audiences whose participant lists are
sensitive). Services flush, never commit."""

from __future__ import annotations

import re
from collections.abc import Iterable

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from stem_events.audiences.models import Audience, event_audiences
from stem_events.errors import InvalidInput
from stem_events.extensions import db

#: The audiences of DOMAIN.md (slug, name, reading "voor …", section); migration 0023 seeds
#: them. The slugs are the public contract of the `audience` filter.
SEEDED = (
    ("meisjes", "Meisjes en vrouwen", "voor meisjes", "opportunity"),
    ("kansarmoede", "Kinderen en jongeren in kansarmoede", "voor kinderen en jongeren in "
     "kansarmoede", "opportunity"),
    ("nieuwkomers", "Nieuwkomers en anderstaligen", "voor nieuwkomers en anderstaligen",
     "opportunity"),
    ("beperking", "Mensen met een beperking", "voor mensen met een beperking", "opportunity"),
    ("volwassenen", "Volwassenen en werkzoekenden", "voor volwassenen", "other"),
    ("leerkrachten", "Leerkrachten en begeleiders", "voor leerkrachten", "other"),
    ("scholen", "Scholen en klassen", "voor scholen", "other"),
    ("gezinnen", "Gezinnen", "voor gezinnen", "other"),
)

#: Kinds of activity that always carry an audience, keyed by the kind's value (a string, so
#: a kind that another package adds later applies as soon as it exists).
KIND_AUDIENCES: dict[str, tuple[str, ...]] = {
    "teacher_training": ("leerkrachten",),
    "teacher_club": ("leerkrachten",),
}

#: Audiences whose participant lists reveal a sensitive category (health, poverty,
#: migration): shorter retention, never a public participant list (docs/dpia-reach.md).
SENSITIVE = frozenset({"beperking", "kansarmoede", "nieuwkomers"})

SECTIONS = (("opportunity", _l("Kansengroepen")), ("other", _l("Andere doelgroepen")))
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")


class InvalidAudience(InvalidInput):
    code = "invalid_audience"

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def kind_audiences(kind: str | None) -> tuple[str, ...]:
    """The slugs a kind of activity always carries: `teacher_training` → leerkrachten."""
    return KIND_AUDIENCES.get(str(kind or ""), ())


def kinds_carrying(slugs: Iterable[str]) -> list[str]:
    """The kinds (values) that always carry one of these audiences."""
    wanted = set(slugs)
    return sorted(kind for kind, carried in KIND_AUDIENCES.items() if wanted & set(carried))


def all_audiences() -> list[Audience]:
    return list(db.session.scalars(sa.select(Audience).order_by(Audience.position, Audience.id)))


def grouped() -> list[tuple[str, list[Audience]]]:
    """(section heading, audiences) for the grouped checkboxes of the organisers' forms."""
    audiences = all_audiences()
    return [(heading, [a for a in audiences if a.section == key]) for key, heading in SECTIONS]


def names_by_slug(slugs: Iterable[str]) -> dict[str, Audience]:
    wanted = list(set(slugs))
    if not wanted:
        return {}
    return {a.slug: a for a in db.session.scalars(sa.select(Audience)
                                                   .where(Audience.slug.in_(wanted)))}


def by_ids(ids: Iterable[int]) -> list[Audience]:
    wanted = list(set(ids))
    if not wanted:
        return []
    return list(db.session.scalars(sa.select(Audience).where(Audience.id.in_(wanted))
                                   .order_by(Audience.position, Audience.id)))


def with_kind_audiences(kind: str | None, chosen: list[Audience]) -> list[Audience]:
    """The chosen audiences plus the ones the kind always carries."""
    required = [a for slug, a in names_by_slug(kind_audiences(kind)).items()
                if a not in chosen]
    return sorted([*chosen, *required], key=lambda a: (a.position, a.id))


def slugs_of(audiences: Iterable[Audience], kind: str | None = None) -> list[str]:
    """The slugs an event or initiative carries (the API's `audiences`), kind ones included."""
    found = {a.slug: a.position for a in audiences}
    for slug in kind_audiences(kind):
        found.setdefault(slug, 1000)
    return sorted(found, key=lambda s: (found[s], s))


def is_sensitive_event(event_id: int) -> bool:
    """Whether an event's participant list reveals a sensitive category."""
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(event_audiences)
        .join(Audience, Audience.id == event_audiences.c.audience_id)
        .where(event_audiences.c.event_id == event_id, Audience.slug.in_(SENSITIVE))) > 0


def sensitive_event_ids():
    """A subquery of the events carrying a sensitive audience."""
    return (sa.select(event_audiences.c.event_id)
            .join(Audience, Audience.id == event_audiences.c.audience_id)
            .where(Audience.slug.in_(SENSITIVE)))


# ------------------------------------------------------------------ coordinators' edits
def _check_name(name: str, field: str = "name") -> str:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidAudience(field, _("Vul een naam in."))
    if len(name) > 80:
        raise InvalidAudience(field, _("De naam mag hoogstens 80 tekens tellen."))
    return name


def add(slug: str, name: str, section: str) -> Audience:
    """A new audience; its slug is fixed from then on (links and feeds use it)."""
    slug = (slug or "").strip().lower()
    if not SLUG.match(slug):
        raise InvalidAudience("slug", _("Gebruik 2 tot 40 kleine letters, cijfers of "
                                        "koppeltekens, bv. ‘jongeren-16-plus’."))
    name = _check_name(name)
    if section not in dict(SECTIONS):
        raise InvalidAudience("section", _("Kies een groep."))
    if db.session.scalar(sa.select(Audience.id).where(Audience.slug == slug)):
        raise InvalidAudience("slug", _("Die korte naam bestaat al."))
    position = (db.session.scalar(sa.select(sa.func.max(Audience.position))) or 0) + 1
    audience = Audience(slug=slug, name=name, section=section, position=position)
    db.session.add(audience)
    db.session.flush()
    return audience


def rename(audience_id: int, name: str, short_name: str = "") -> Audience:
    audience = db.session.get(Audience, audience_id)
    if audience is None:
        raise InvalidAudience("name", _("Die doelgroep bestaat niet (meer)."))
    audience.name = _check_name(name)
    short_name = " ".join((short_name or "").split())
    if len(short_name) > 60:
        raise InvalidAudience("short_name", _("Hoogstens 60 tekens."))
    audience.short_name = short_name
    db.session.flush()
    return audience
