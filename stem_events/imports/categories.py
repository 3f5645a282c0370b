"""The CATEGORIES → themes table that coordinators keep (/admin/imports/categories). A change
counts for events imported from then on; the themes of events already imported stay as their
organisers set them. Services flush; the caller commits."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from stem_events.accounts import policies
from stem_events.errors import FieldError, NotFound
from stem_events.extensions import db
from stem_events.reference.models import Theme

from .models import CategoryTheme
from .parse import one_line


def rows() -> list[CategoryTheme]:
    return list(db.session.scalars(sa.select(CategoryTheme)
                                   .options(selectinload(CategoryTheme.theme))
                                   .order_by(CategoryTheme.category)))


def set_category(user, category: str, theme_id: int) -> CategoryTheme:
    """Map a category to a theme; a category already in the table gets the new theme."""
    policies.require(policies.can_moderate(user),
                     _("Alleen coördinatoren beheren de categorieën."))
    name = one_line(category).lower()
    if not name:
        raise FieldError("category", _("Vul een categorie in."))
    if len(name) > 100:
        raise FieldError("category", _("Hoogstens 100 tekens."))
    theme = db.session.get(Theme, theme_id)
    if theme is None:
        raise FieldError("theme_id", _("Kies een thema."))
    row = db.session.scalar(sa.select(CategoryTheme).where(CategoryTheme.category == name))
    if row is None:
        row = CategoryTheme(category=name)
        db.session.add(row)
    row.theme = theme
    db.session.flush()
    return row


def delete_category(user, row_id: int) -> None:
    policies.require(policies.can_moderate(user),
                     _("Alleen coördinatoren beheren de categorieën."))
    row = db.session.get(CategoryTheme, row_id)
    if row is None:
        raise NotFound(_("Deze categorie staat niet (meer) in de tabel."))
    db.session.delete(row)
    db.session.flush()
