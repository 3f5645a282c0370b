"""How events read to people: age ranges and prices in Dutch (or English)."""

from __future__ import annotations

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .models import Event, PriceKind

#: Education levels a nascholing (teacher_training) is meant for.
EDUCATION_LEVELS = {
    "basis": _l("basisonderwijs"),
    "secundair": _l("secundair onderwijs"),
    "volwassenen": _l("volwassenenonderwijs"),
}


def education_levels_label(event: Event) -> str:
    return ", ".join(str(EDUCATION_LEVELS[c]) for c in EDUCATION_LEVELS
                     if c in (event.education_levels or []))


def age_label(event: Event) -> str:
    low, high = event.age_min, event.age_max
    if low is None and high is None:
        return _("alle leeftijden")
    if high is None:
        return _("vanaf %(min)s jaar", min=low)
    if low is None or low == 0:
        return _("tot %(max)s jaar", max=high)
    return _("%(min)s–%(max)s jaar", min=low, max=high)


def price_label(event: Event) -> str:
    if event.price_kind == PriceKind.FREE:
        return _("gratis")
    if event.price_kind == PriceKind.ON_SITE:
        label = _("betalen ter plaatse")
    else:
        label = "€ " + format_decimal((event.price_cents or 0) / 100, format="#,##0.00")
    if event.price_reduced:
        return _("%(price)s, kansentarief / UiTPAS", price=label)
    return label
