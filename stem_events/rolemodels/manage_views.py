"""Organisers propose role models and link them to their events (`/manage/role-models`)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from stem_events.errors import DomainError
from stem_events.extensions import db
from stem_events.reference.models import Theme
from stem_events.rolemodels import services
from stem_events.rolemodels.forms import EventLinksForm, ProposalForm
from stem_events.web.forms import show_error

bp = Blueprint("rolemodels_manage", __name__, url_prefix="/manage/role-models")


@bp.before_request
@login_required
def _signed_in():
    """Every page needs a signed-in user; the services decide the rest."""


def _event_choices(organisation_ids: list[int]) -> list[tuple[int, str]]:
    return [(e.id, f"{e.title} ({e.kind.label})")
            for e in services.linkable_events(organisation_ids)]


@bp.get("/")
def index():
    return render_template("rolemodels/manage/index.html",
                           role_models=services.role_models_for(current_user))


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = ProposalForm()
    organisations = services.proposing_organisations(current_user)
    form.organisation_id.choices = [(o.id, o.name) for o in organisations]
    form.employer_organisation_id.choices = [(None, _("— geen —"))] + [
        (o.id, o.name) for o in services.employer_organisations()]
    form.themes.choices = [(t.id, t.name) for t in db.session.scalars(
        sa.select(Theme).order_by(Theme.position))]
    form.events.choices = _event_choices([o.id for o in organisations])
    status = 200
    if form.validate_on_submit():
        upload = form.photo.data
        try:
            services.propose(current_user, services.ProposalInput(
                organisation_id=form.organisation_id.data, name=form.name.data,
                job=form.job.data, email=form.email.data, employer=form.employer.data or "",
                employer_organisation_id=form.employer_organisation_id.data,
                story=form.story.data or "",
                theme_ids=[i for i in form.themes.data or [] if i is not None],
                event_ids=[i for i in form.events.data or [] if i is not None],
                photo=upload.read() if upload and getattr(upload, "filename", "") else None))
        except DomainError as error:
            show_error(form, error)
            status = error.status
        else:
            flash(_("Het voorstel is verstuurd: de persoon krijgt een mail om zelf toestemming "
                    "te geven."), "success")
            return redirect(url_for("rolemodels_manage.index"))
    elif form.is_submitted():
        status = 400
    return render_template("rolemodels/manage/form.html", form=form), status


@bp.route("/<int:role_model_id>", methods=["GET", "POST"])
def detail(role_model_id: int):
    role_model = services.managed_role_model(current_user, role_model_id)
    form = EventLinksForm()
    own = [m.organisation_id for m in current_user.memberships] or [role_model.organisation_id]
    form.events.choices = _event_choices(own)
    status = 200
    if form.validate_on_submit():
        try:
            services.set_own_events(current_user, role_model,
                                    [i for i in form.events.data or [] if i is not None])
        except DomainError as error:
            show_error(form, error)
            status = error.status
        else:
            flash(_("De activiteiten zijn bewaard."), "success")
            return redirect(url_for("rolemodels_manage.detail", role_model_id=role_model.id))
    elif not form.is_submitted():
        form.events.data = [e.id for e in role_model.events]
    else:
        status = 400
    return render_template("rolemodels/manage/detail.html", role_model=role_model,
                           form=form), status
