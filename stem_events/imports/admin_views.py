"""Coordinators' import pages under /admin/imports: every source, with pause and trust, and
the CATEGORIES → themes table. Organisers' pages are in manage_views.py."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from stem_events.accounts import policies
from stem_events.errors import DomainError
from stem_events.extensions import db
from stem_events.reference.models import Theme
from stem_events.web.forms import EmptyForm, carry_out, show_error

from . import categories, sources
from .forms import CategoryForm

bp = Blueprint("imports_admin", __name__, url_prefix="/admin/imports")


@bp.before_request
@login_required
def _coordinators_only():
    policies.require(policies.can_moderate(current_user),
                     _("Deze pagina's zijn voor coördinatoren."))


@bp.get("/")
def index():
    return render_template("imports/admin_index.html", sources=sources.sources_for(current_user),
                           form=EmptyForm())


def _back(source_id: int):
    return redirect(url_for("imports_admin.index", _anchor=f"bron-{source_id}"))


@bp.post("/<int:source_id>/pause")
def pause(source_id: int):
    found = sources.get_source(current_user, source_id)
    carry_out(lambda: sources.set_paused(current_user, found, True), _("Bron gepauzeerd."))
    return _back(source_id)


@bp.post("/<int:source_id>/resume")
def resume(source_id: int):
    found = sources.get_source(current_user, source_id)
    carry_out(lambda: sources.set_paused(current_user, found, False), _("Bron hervat."))
    return _back(source_id)


@bp.post("/<int:source_id>/trust")
def trust(source_id: int):
    found = sources.get_source(current_user, source_id)
    carry_out(lambda: sources.set_trusted(current_user, found, True),
              _("Bron vertrouwd: nieuwe activiteiten verschijnen meteen."))
    return _back(source_id)


@bp.post("/<int:source_id>/distrust")
def distrust(source_id: int):
    found = sources.get_source(current_user, source_id)
    carry_out(lambda: sources.set_trusted(current_user, found, False),
              _("Bron niet meer vertrouwd: nieuwe activiteiten wachten op goedkeuring."))
    return _back(source_id)


@bp.route("/categories", methods=["GET", "POST"])
def category_table():
    form = CategoryForm()
    form.theme_id.choices = [(0, _("Kies een thema"))] + [
        (t.id, t.name) for t in db.session.scalars(sa.select(Theme).order_by(Theme.position))]
    if form.validate_on_submit():
        try:
            row = categories.set_category(current_user, form.category.data, form.theme_id.data)
            flash(_("Categorie '%(name)s' → %(theme)s opgeslagen.", name=row.category,
                    theme=row.theme.name), "success")
            return redirect(url_for("imports_admin.category_table",
                                    _anchor=f"categorie-{row.id}"))
        except DomainError as error:
            show_error(form, error)
    return render_template("imports/admin_categories.html", form=form,
                           rows=categories.rows(), delete_form=EmptyForm()), \
        400 if form.errors else 200


@bp.post("/categories/<int:category_id>/delete")
def delete_category(category_id: int):
    carry_out(lambda: categories.delete_category(current_user, category_id),
              _("Categorie verwijderd."))
    return redirect(url_for("imports_admin.category_table"))
