"""Coordinators approve the profiles people consented to and link role models to network
moments, State-of-the-STEM programme items and initiatives (`/admin/role-models`)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stem_events.accounts import policies
from stem_events.errors import DomainError
from stem_events.rolemodels import services
from stem_events.rolemodels.forms import LinksForm
from stem_events.web.forms import ReasonForm, show_error
from stem_events.web.review import decide

bp = Blueprint("rolemodels_admin", __name__, url_prefix="/admin/role-models")
bp.before_request(policies.coordinators_only)


@bp.get("/")
def index():
    return render_template("rolemodels/admin/index.html",
                           waiting=services.awaiting_approval(),
                           role_models=services.role_models_for(current_user))


def _links_form(role_model) -> LinksForm:
    form = LinksForm(prefix="links")
    choices = services.link_choices()
    for name in ("events", "programme_items", "initiatives"):
        getattr(form, name).choices = choices[name]
    if not form.is_submitted():
        form.events.data = [e.id for e in role_model.events]
        form.programme_items.data = [i.id for i in role_model.programme_items]
        form.initiatives.data = [i.id for i in role_model.initiatives]
    return form


@bp.route("/<int:role_model_id>", methods=["GET", "POST"])
def review(role_model_id: int):
    role_model = services.managed_role_model(current_user, role_model_id)
    form, links = ReasonForm(), _links_form(role_model)
    status = 200
    if request.method == "POST" and request.form.get("action") == "links":
        if links.validate_on_submit():
            try:
                services.set_links(current_user, role_model, *(
                    [i for i in getattr(links, n).data or [] if i is not None]
                    for n in ("events", "programme_items", "initiatives")))
            except DomainError as error:
                show_error(links, error)
                status = error.status
            else:
                flash(_("De koppelingen zijn bewaard."), "success")
                return redirect(url_for("rolemodels_admin.review", role_model_id=role_model.id))
        else:
            status = 400
    elif request.method == "POST":
        status = decide(form, lambda: services.approve(current_user, role_model),
                        lambda reason: services.reject(current_user, role_model, reason))
        if status is None:
            flash(_("Je beslissing is bewaard."), "success")
            return redirect(url_for("rolemodels_admin.index"))
    return render_template("rolemodels/admin/review.html", role_model=role_model, form=form,
                           links=links), status
