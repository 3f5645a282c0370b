"""Find a municipality from what people type: a postcode, a name (Dutch or French) or both."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from stem_events.errors import InvalidInput
from stem_events.extensions import db
from stem_events.reference.models import Municipality, Postcode


def find_municipality(text: str = "", postcode: str = "") -> Municipality:
    """The one municipality meant by a postcode and/or a name; InvalidInput (Dutch) if none
    or several match."""
    text, postcode = (text or "").strip(), (postcode or "").strip()
    if not postcode and text.isdigit():
        text, postcode = "", text
    query = sa.select(Municipality).order_by(Municipality.name)
    if postcode:
        if len(postcode) != 4 or not postcode.isdigit():
            raise InvalidInput(_("Een postcode heeft 4 cijfers."))
        query = query.join(Postcode).where(Postcode.code == postcode)
    if text:
        lowered = text.lower()
        query = query.where(sa.or_(sa.func.lower(Municipality.name) == lowered,
                                   sa.func.lower(Municipality.name_fr) == lowered,
                                   Municipality.nis == text))
    if not text and not postcode:
        raise InvalidInput(_("Vul de gemeente of de postcode in."))
    found = db.session.scalars(query).unique().all()
    if not found:
        raise InvalidInput(_("Deze gemeente of postcode kennen we niet. Controleer de "
                             "spelling."))
    if len(found) > 1:
        names = ", ".join(m.name for m in found)
        raise InvalidInput(_("Deze postcode hoort bij meerdere gemeenten (%(names)s): vul "
                             "ook de gemeente in.", names=names))
    return found[0]


def municipality_names() -> list[str]:
    return list(db.session.scalars(sa.select(Municipality.name).order_by(Municipality.name)))
